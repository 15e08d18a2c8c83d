"""The orchestration layer: parse, then store; what needs both stages (check 5 across a body's
years, the table rows as passages, which stored report a new file replaces, the cells as CSV).

``ingest`` and ``index`` never import each other; this layer joins them. The page imports this
facade and ``retrieval``'s, nothing deeper: what the page needs of the stages is re-exported here.
"""

from index import Store
from ingest import (
    EXTENSIONS,
    RATES,
    Measure,
    TableLayout,
    TableRow,
    cell_unit,
    format_to_layouts,
    measure_label,
    measure_named,
    measure_names,
    page_image,
)
from pipeline.checks import checks_of
from pipeline.export import CSV_COLUMNS, cells_to_csv, csv_file_name, failed_checks_by_cell, template_labels
from pipeline.ingest import FileEvent, FileProgress, IngestOutcome, OutcomeStatus, ingest_files
from pipeline.library import BodyReports, CheckNotRun, checks_not_run, library_groups
from pipeline.series import SeriesRow, cells_to_series, measure_to_series, place_level
from pipeline.sources import CLI_LIMITS, PAGE_LIMITS, ArchiveLimits, Refusal, Source, inputs_to_sources, zip_to_sources
from pipeline.worker import ImportQueue, Job

__all__ = ["ArchiveLimits", "BodyReports", "CLI_LIMITS", "CSV_COLUMNS", "ImportQueue", "Job", "Measure", "PAGE_LIMITS",
           "RATES", "Refusal",
           "CheckNotRun", "EXTENSIONS", "FileEvent", "FileProgress", "IngestOutcome", "OutcomeStatus", "SeriesRow", "Source",
           "Store", "TableLayout", "TableRow", "cell_unit", "cells_to_csv", "cells_to_series", "checks_not_run", "csv_file_name",
           "checks_of", "failed_checks_by_cell", "format_to_layouts", "ingest_files", "inputs_to_sources", "library_groups",
           "measure_label", "measure_named", "measure_names", "measure_to_series", "page_image", "place_level",
           "template_labels", "zip_to_sources"]
