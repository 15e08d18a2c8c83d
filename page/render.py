"""A report's content as the page writes it: escaped (a report is untrusted input, so its text never
takes effect as HTML or Markdown), named as a reader names it (body and year, the template's clean
row and column labels; internal addresses such as ``t3.partial.total`` are for the CSV and the
command line), and a table as the template lays it out. Also the page's one style sheet, which the
HTML of every view relies on."""

from __future__ import annotations

import html
import re
from typing import Optional, Sequence, Tuple

from model import Cell, ReportRef, StoredReport
from page.state import cells_of, failed_by_cell, lang
from page.texts import t
from phrasing import format_number, location_text, report_name
from pipeline import Store, format_to_layouts, template_labels


def esc(text: object) -> str:
    """Given text from a report, return it for HTML (st.markdown with unsafe_allow_html): escaped,
    "" for None."""
    return html.escape("" if text is None else str(text))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:^=])")


def md(text: object) -> str:
    """Given text from a report (or a user), return it for Markdown: no tag, link, image, emphasis or
    formula in it takes effect — angle brackets and ampersands become entities, other punctuation is
    backslashed."""
    out = html.escape("" if text is None else str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", out)


def name_of(ref) -> str:
    """Given a report (anything with its id, agency and year), return it as a reader names it (body
    and year), in the page's language."""
    return report_name(ReportRef(ref.id, ref.agency, ref.year), lang())


def report_label(r) -> str:
    """Given a report, return its name as a widget option (plain text, not Markdown)."""
    return name_of(r)


def labels_of(cell: Cell, fmt: Optional[str]) -> Tuple[str, str]:
    """Given a cell and its report's format, return its row and column as a reader reads them: the
    template's clean labels (the print's may be garbled by extraction: 「（四）无法提供 （四）无
    1.本机关不掌握…」, shown apart as printed)."""
    row = template_labels(fmt or "2021").get(cell.address, (None, None))[0] or re.sub(r"\s+", " ", cell.row_label).strip()
    col = cell.col_label
    if col.startswith(row + "·"):  # table 四: 「行政复议·总计」 in the row 「行政复议」 is its 「总计」
        col = col[len(row) + 1:]
    return row, col.replace("·", " · ")


def value_text(c: Optional[Cell], with_unit: bool = True) -> str:
    """Given a cell (None when the report has none there), return its figure as a reader reads it —
    with its unit unless ``with_unit`` is false, marked when read by OCR — or why there is none."""
    if c is None or c.status == "missing":
        return t("missing")
    if c.status == "ambiguous":
        return t("ambiguous")
    unit = c.unit or ({"t3": "件", "t4": "件"}.get(c.address[:2], "") if lang() == "zh" else "")
    return format_number(c.value) + (unit if with_unit else "") + (t("ocr_mark") if c.ocr else "")


def cell_text(c: Optional[Cell]) -> str:
    """Given a cell (None when the report has none there), return it as the tables show it: its
    figure, 「—」 when missing, 「?」 when ambiguous; a figure read by OCR carries a mark (「*」, explained
    by the legend)."""
    if c is None or c.status == "missing":
        return "—"
    mark = "*" if c.ocr else ""
    if c.status == "ambiguous":
        return "?" + mark
    return format_number(c.value) + mark


def where(kind: Optional[str], page: Optional[int], line: Optional[int]) -> str:
    """Given a file's kind and a cell's or passage's page and line, return where in its file it
    stands (the page of a PDF, the paragraph of a Word file, the line of a text), in the page's
    language."""
    return location_text(kind, page, line, lang())


def table_html(store: Store, rep: StoredReport, number: str, highlight: Sequence[str] = ()) -> str:
    """Given a report and a table's number (二/三/四), return the table as the template lays it out,
    in HTML: the cells at the ``highlight`` addresses highlighted, every figure in a failed check
    marked (its arithmetic in the tooltip)."""
    cells = cells_of(store, rep.id)
    # A group the report prints as one row (「（六）其他处理」) is drawn as that row, as printed.
    one_row = tuple(dict.fromkeys(c.address.split(".")[1] for c in cells.values()
                                  if any(n.code == "one_row_variant" for n in c.notes)))
    layout = next(t_ for t_ in format_to_layouts(rep.format, one_row) if t_.number == number)
    failed = failed_by_cell(store, rep.id)
    out = [f'<div class="rtw"><table class="rt" data-table="{esc(number)}"><tbody>']
    if layout.columns:
        out.append('<tr class="cols"><th></th>' + "".join(f"<th>{esc(c)}</th>" for c in layout.columns) + "</tr>")
    shown_cols = None
    for row in layout.rows:
        tds = []
        for addr, col in zip(row.addresses, row.columns):
            c = cells.get(addr)
            tip = [f"{row.label} · {col}"] + ([t("ocr")] if c is not None and c.ocr else [])
            tip += [t("warn_cell", detail=d) for d in failed.get(addr, [])]
            classes = (["hl"] if addr in highlight else []) + (["ocr"] if c is not None and c.ocr else []) + (
                ["bad"] if addr in failed else [])
            cls = f' class="{" ".join(classes)}"' if classes else ""
            tds.append(f'<td{cls} title="{esc(chr(10).join(tip))}" data-address="{esc(addr)}">{esc(cell_text(c))}</td>')
        if not layout.columns and row.columns != shown_cols:
            # Table 二 is sub-tables with columns of their own: a header row where they change.
            shown_cols = row.columns
            out.append('<tr class="cols"><th></th>' + "".join(f"<th>{esc(c)}</th>" for c in row.columns) + "</tr>")
        out.append(f"<tr><th>{esc(row.label)}</th>{''.join(tds)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


#: The page's style sheet, drawn once at the top of every run: the tables, the marked passages and
#: source lines, the failed-check marks, the claim check's colours.
STYLE = """
<style>
table.rt {border-collapse: collapse; font-size: 0.82rem; margin: 0.3rem 0;}
table.rt th, table.rt td {border: 1px solid #ccc; padding: 2px 6px; text-align: right;}
table.rt th {text-align: left; font-weight: normal; background: #f6f6f6;}
table.rt tr.cols th {white-space: nowrap; text-align: center;}
table.rt.cites td, table.rt.cites th, table.rt.cells td {text-align: left;}
table.rt.cites td.v {text-align: right; font-weight: bold;}
div.rtw {overflow-x: auto;}
table.rt td.hl {background: #ffe066; font-weight: bold; outline: 2px solid #d9480f;}
table.rt td.ocr {font-style: italic; color: #5c3d99;}
table.rt td.bad {box-shadow: inset 0 0 0 2px #c92a2a; color: #c92a2a;}
table.rt td.bad::after {content: " ⚠"; font-size: 0.75em;}
.psg mark {background: #ffe066; padding: 0 1px;}
.failed-checks {color: #c92a2a; font-weight: bold;}
.srcpre {font-family: monospace; white-space: pre-wrap; font-size: 0.82rem; background: #fafafa; padding: 6px;}
.srcpre mark {background: #ffe066;}
.claims-text {line-height: 2; font-size: 1rem; padding: 8px 12px; background: #fcfcfc; border: 1px solid #e5e5e5;
  border-radius: 6px;}
mark.claim, span.claim {padding: 1px 3px; border-radius: 3px; border-bottom: 3px solid; cursor: help;}
mark.claim sup {font-size: 0.65em; margin-left: 2px; color: #555;}
.claim.supported {background: #d3f9d8; border-color: #2b8a3e;}
.claim.contradicted {background: #ffe3e3; border-color: #c92a2a;}
.claim.not_found {background: #e9ecef; border-color: #868e96;}
.claim.ambiguous {background: #fff3bf; border-color: #e67700;}
.claims-summary .chip {display: inline-block; padding: 2px 10px; margin-right: 6px; border-radius: 12px;
  font-size: 0.9rem; border: 1px solid;}
.chip.supported {background: #d3f9d8; border-color: #2b8a3e;} .chip.contradicted {background: #ffe3e3; border-color: #c92a2a;}
.chip.not_found {background: #e9ecef; border-color: #868e96;} .chip.ambiguous {background: #fff3bf; border-color: #e67700;}
table.rt.claims td {text-align: left; vertical-align: top;}
table.rt.claims th, table.rt.claims td:nth-child(-n+4) {white-space: nowrap;}
/* One language at a time: Streamlit's own controls that speak English (a table's and a chart's
   toolbar and column menu, 「Press Enter to apply」, the running indicator) are not drawn; the page
   has its own downloads, and sorts a table by a click on its header. */
[data-testid="stElementToolbar"], [data-testid="stDataFrameColumnMenuTarget"], [data-testid="InputInstructions"],
[data-testid="stStatusWidget"] {display: none !important;}
/* Printing: the conversation, the desk's table and charts and the citations, without the sidebar,
   the tabs and the controls. */
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stChatInput"], [data-testid="stBottom"], [data-baseweb="tab-list"],
  .stButton, .stDownloadButton, .stFileUploader, [data-testid="stMultiSelect"], [data-testid="stSelectbox"],
  [data-testid="stTextArea"], [data-testid="stRadio"], [data-testid="stToggle"], [data-testid="stExpanderToggleIcon"],
  [data-testid="stDecoration"] {display: none !important;}
  [data-testid="stMain"] {margin-left: 0 !important;}
  [data-testid="stMainBlockContainer"] {padding-top: 0 !important; max-width: 100% !important;}
}
</style>
"""


def page_style() -> str:
    """Return the page's style sheet with what depends on the page's language: Streamlit's link that
    skips to the content (for keyboard users) says so in the page's language."""
    return STYLE + f"""<style>
[data-testid="stSkipToContent"] {{font-size: 0 !important;}}
[data-testid="stSkipToContent"]::after {{content: "{t('skip_to_content')}"; font-size: 1rem;}}
</style>"""
