"""Reading reports: files to documents, documents to cells, passages and checks.

The facade: ``parse_file(path)`` returns a :class:`model.Report`; ``document_to_report(doc)`` does
the same for a document a reader already built. The template's data (formats, labels, layouts)
and the knowledge of bodies' names that answering needs are exported here too, so that no other
stage reaches into this package's modules.
"""

from ingest.bodies import (
           BodyName,
           agency_to_name,
           bodies_to_keys,
           body_key,
           pinyin,
           pinyin_readings,
           pinyin_syllables,
           same_body,
)
from ingest.checks import YEAR_CHECK_ADDRESSES, catalog_to_year_checks, cells_to_checks, years_to_check
from ingest.layout import TableLayout, TableRow, format_to_layouts
from ingest.measures import (
           RATES,
           Measure,
           MeasureValue,
           Rate,
           cell_unit,
           measure_addresses,
           measure_label,
           measure_named,
           measure_names,
           measure_to_value,
)
from ingest.misreads import glyphs_alike, name_from_catalog
from ingest.pages import page_image
from ingest.parse import EXTENSIONS, Progress, document_to_report, parse_file, path_to_document
from ingest.sections import SECTION_TITLES
from ingest.template import (
           FORMATS_BY_NAME,
           LEGAL_ENTITY_COLS,
           T2_COL_LABELS,
           T3_COLS,
           T4_COLS,
           Format,
           col_label,
           row_label,
)
from ingest.template import T3_GROUPS as T3_GROUP_HEADINGS

__all__ = ["BodyName", "EXTENSIONS", "FORMATS_BY_NAME", "Format", "LEGAL_ENTITY_COLS", "Measure", "MeasureValue", "Progress",
           "RATES", "Rate", "SECTION_TITLES", "T2_COL_LABELS", "T3_COLS", "T3_GROUP_HEADINGS", "T4_COLS", "TableLayout",
           "TableRow", "YEAR_CHECK_ADDRESSES", "agency_to_name", "bodies_to_keys", "body_key", "catalog_to_year_checks", "cell_unit", "cells_to_checks",
           "col_label", "document_to_report", "format_to_layouts", "glyphs_alike", "measure_addresses", "measure_label",
           "measure_named", "measure_names", "measure_to_value", "name_from_catalog", "page_image", "parse_file",
           "path_to_document", "row_label",
           "pinyin", "pinyin_readings", "pinyin_syllables", "same_body", "years_to_check"]
