"""The orchestration layer: parse, then store; what needs both stages (check 5 across a body's
years, the table rows as passages, which stored report a new file replaces, the cells as CSV).

``ingest`` and ``index`` never import each other; this layer joins them. The page imports this
facade and ``retrieval``'s, nothing deeper: what the page needs of the stages is re-exported here.
"""

from index import Store
from ingest import EXTENSIONS, TableLayout, TableRow, format_to_layouts, page_image
from pipeline.checks import checks_of
from pipeline.export import CSV_COLUMNS, cells_to_csv, csv_file_name, failed_checks_by_cell, template_labels
from pipeline.ingest import FileEvent, FileProgress, IngestOutcome, OutcomeStatus, ingest_files
from pipeline.library import BodyReports, CheckNotRun, checks_not_run, library_groups
from pipeline.sources import Refused, Source, inputs_to_sources

__all__ = ["BodyReports", "CSV_COLUMNS", "CheckNotRun", "EXTENSIONS", "FileEvent", "FileProgress", "IngestOutcome", "OutcomeStatus", "Store", "TableLayout",
           "TableRow", "cells_to_csv", "checks_not_run", "csv_file_name", "checks_of", "failed_checks_by_cell", "format_to_layouts", "ingest_files",
           "inputs_to_sources", "library_groups", "page_image", "Refused", "Source", "template_labels"]
