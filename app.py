"""The chat page: a journalist's verification desk for the loaded reports.

Ask for a figure and check it at a glance: the answer with its cell in the table as the template
lays it out, the printed page with the cell's box (read at full width, or opened whole at the cited
page), every figure the report's own arithmetic contradicts marked wherever it appears (answer,
tables, CSV, checks), the scope a limited chat answered from, and the library grouped by body.

Presentation only: it calls ``retrieval`` and the orchestration layer ``pipeline`` (through their
facades, nothing deeper) and holds no logic of theirs. Everything taken from a report is escaped
before it is rendered — a report is untrusted input. Internal addresses (``t3.partial.total``) are
for the CSV and the command line: a reader sees the printed labels. Run with ``streamlit run app.py``
(the README's run command sets everything up first).
"""

from __future__ import annotations

import html
import io
import re
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import streamlit as st

from config import Settings
from errors import ReportError
from model import BBox, Cell, ReportRef, StoredReport
from phrasing import error_text, format_number, location_text, notes_text, report_name, sentence_text, table_name
from pipeline import (
    EXTENSIONS,
    BodyReports,
    IngestOutcome,
    Store,
    cells_to_csv,
    checks_not_run,
    checks_of,
    csv_file_name,
    format_to_layouts,
    ingest_files,
    library_groups,
    page_image,
    template_labels,
)
from retrieval import (
    Answer,
    CellCitation,
    ClaimCheck,
    ClaimVerdict,
    PassageCitation,
    Warning,
    answer_question,
    check_claims,
    check_to_csv,
    check_to_markdown,
    summary_line,
    verdict_name,
)

TEXT = {
    "title": {"zh": "政府信息公开年报问答", "en": "Disclosure report assistant"},
    "caption": {"zh": "问年报里的数字，答案附单元格与原文出处，可逐一核对。",
                "en": "Ask for a figure; every answer cites its cell and page, to check at a glance."},
    "lang": {"zh": "语言 / Language", "en": "语言 / Language"},
    "chat": {"zh": "问答", "en": "Chat"},
    # Two tabs a reader must not confuse: a text's figures checked (核对文稿), and the reports' own
    # arithmetic (算术核查).
    "checks": {"zh": "算术核查", "en": "Arithmetic checks"},
    "claims": {"zh": "核对文稿", "en": "Check a text"},
    "claims_intro": {"zh": "粘贴一段文字（稿件、新闻稿、别家报道），逐个核对其中的数字：与报告一致的标绿，不符的标红，"
                           "报告中找不到的标灰，无法确定的标黄。",
                     "en": "Paste a text (a draft, a press release, another outlet's story): every figure in it is "
                           "checked against the reports — green supported, red contradicted, grey not found, amber "
                           "ambiguous."},
    "claims_text": {"zh": "要核对的文字", "en": "Text to check"},
    "claims_placeholder": {"zh": "例如：2023年，广东省政数局共收到政府信息公开申请122件，其中予以公开67件、部分公开5件……",
                           "en": "e.g. The Guangdong data administration received 122 requests in 2023, 113 of them "
                                 "from individuals …"},
    "claims_scope": {"zh": "只对照这些报告（不选即全部报告）", "en": "Check against these reports only (none = all)"},
    "claims_run": {"zh": "核对数字", "en": "Check the figures"},
    "claims_example": {"zh": "填入示例", "en": "Fill in an example"},
    "claims_none": {"zh": "这段文字里没有可核对的数字（年份、日期、序号、电话和文号不算）。",
                    "en": "The text states no figure to check (years, dates, ordinals, phone and document numbers "
                          "are not figures)."},
    "claims_marked": {"zh": "标注后的原文（鼠标悬停看说明）", "en": "The text, marked (hover for why)"},
    "claims_list": {"zh": "逐项核对", "en": "Figure by figure"},
    "claims_col_n": {"zh": "序号", "en": "#"},
    "claims_col_figure": {"zh": "文中数字", "en": "Text says"},
    "claims_col_verdict": {"zh": "结果", "en": "Verdict"},
    "claims_col_report": {"zh": "报告数字", "en": "Report says"},
    "claims_col_where": {"zh": "出处", "en": "Where"},
    "claims_col_why": {"zh": "说明", "en": "Why"},
    "claims_sources": {"zh": "查看出处：", "en": "Sources of:"},
    "claims_csv": {"zh": "下载核对结果 CSV", "en": "Download the check (CSV)"},
    "claims_md": {"zh": "下载核对记录 Markdown", "en": "Download the fact-check note (Markdown)"},
    "claims_body": {"zh": "所涉单位：{body}{year}", "en": "About: {body}{year}"},
    "claims_question": {"zh": "核对时提的问题：{q}", "en": "Asked as: {q}"},
    "tables": {"zh": "表格", "en": "Tables"},
    "ask": {"zh": "输入问题，例如：2023年部分公开了多少件？", "en": "Ask, e.g. how many applications were partially disclosed?"},
    "examples": {"zh": "示例问题", "en": "Example questions"},
    "clear_chat": {"zh": "清空对话", "en": "Clear the chat"},
    "library": {"zh": "报告库", "en": "Library"},
    "upload": {"zh": "上传报告（PDF（含扫描件）、Word、HTML、TXT，可多选）",
               "en": "Upload reports (PDF, scanned too; Word, HTML, TXT; several at once)"},
    "upload_limit": {"zh": "每个文件不超过 {mb} MB。选好文件后点“导入”。",
                     "en": "At most {mb} MB a file. Pick files, then press Import."},
    "drop_here": {"zh": "把文件拖到这里", "en": "Drag and drop files here"},
    "browse": {"zh": "选择文件", "en": "Browse files"},
    "import": {"zh": "导入 {n} 个文件", "en": "Import {n} file(s)"},
    "scope": {"zh": "问答范围（不选即全部报告）", "en": "Ask only these reports (none = all)"},
    "all_reports": {"zh": "全部报告", "en": "All reports"},
    "scoped": {"zh": "本回答仅查找了：{names}", "en": "This answer looked only in: {names}"},
    "scope_now": {"zh": "问答范围：仅 {names}", "en": "Asking only: {names}"},
    "delete": {"zh": "删除", "en": "Delete"},
    "delete_confirm": {"zh": "删除 {name}？它的单元格、原文和核查都会从库中移除；要恢复，需要重新上传原文件。",
                       "en": "Delete {name}? Its cells, passages and checks leave the library; to get it back, "
                             "upload its file again."},
    "delete_yes": {"zh": "确定删除", "en": "Delete it"},
    "delete_no": {"zh": "取消", "en": "Cancel"},
    "deleted": {"zh": "已删除 {name}。要恢复，请重新上传它的原文件。",
                "en": "Deleted {name}. To get it back, upload its file again."},
    "no_reports": {"zh": "还没有报告。请上传。", "en": "No reports yet. Upload some."},
    "also_printed": {"zh": "也印作：{names}", "en": "also printed as: {names}"},
    "year": {"zh": "{y}年", "en": "{y}"},
    "no_year": {"zh": "年度不明", "en": "year unknown"},
    "pages_n": {"zh": "{n} 页", "en": "{n} pages"},
    "cells_found": {"zh": "单元格：{known} 已识别 · {missing} 缺失 · {ambiguous} 无法确定",
                    "en": "cells: {known} found · {missing} missing · {ambiguous} ambiguous"},
    "checks_failed": {"zh": "⚠ {n} 项核查未通过", "en": "⚠ {n} checks failed"},
    "checks_ok": {"zh": "核查通过", "en": "checks pass"},
    "kind_pdf": {"zh": "PDF", "en": "PDF"},
    "kind_html": {"zh": "网页", "en": "web page"},
    "kind_text": {"zh": "文本", "en": "text"},
    "kind_docx": {"zh": "Word", "en": "Word"},
    "kind_doc": {"zh": "Word", "en": "Word"},
    "report": {"zh": "报告", "en": "Report"},
    "csv_report": {"zh": "下载本报告 CSV", "en": "Download this report (CSV)"},
    "csv_all": {"zh": "下载全部 CSV", "en": "Download everything (CSV)"},
    "csv_note": {"zh": "CSV 的 check_failed 列写明每个未通过核查的数字的算式。",
                 "en": "The CSV's check_failed column gives the arithmetic of every figure in a failed check."},
    "legend": {"zh": "黄色：引用的单元格；红框 ⚠：报告自身核查未通过的数字（鼠标悬停看算式）；—：报告未填；?：无法确定；*：扫描件OCR识别",
               "en": "yellow: the cited cell; red ⚠: a figure in a check its report fails (hover for the arithmetic); "
                     "—: left blank; ?: ambiguous; *: read by OCR"},
    "cell": {"zh": "单元格", "en": "Cell"},
    "cells_n": {"zh": "本回答依据的 {n} 个单元格", "en": "The {n} cells this answer rests on"},
    "sources": {"zh": "出处：表格与原文页面", "en": "Sources: the tables and the printed pages"},
    "passage": {"zh": "原文", "en": "Passage"},
    "table_n": {"zh": "表{n}", "en": "table {n}"},
    "row": {"zh": "行", "en": "row"},
    "col": {"zh": "列", "en": "column"},
    "where": {"zh": "位置", "en": "where"},
    "printed": {"zh": "原文此行印作", "en": "printed as"},
    "value": {"zh": "数值", "en": "value"},
    "missing": {"zh": "缺失（报告未填）", "en": "missing (the report leaves it blank)"},
    "ambiguous": {"zh": "无法确定", "en": "ambiguous"},
    "candidates": {"zh": "可能的值：{v}", "en": "could be: {v}"},
    "page": {"zh": "第{p}页", "en": "page {p}"},
    "page_box": {"zh": "原文第{p}页（红框为引用的单元格）", "en": "page {p} as printed (the red box is the cited cell)"},
    "page_of": {"zh": "第 {p} 页 / 共 {n} 页", "en": "page {p} of {n}"},
    "ocr": {"zh": "扫描件OCR识别", "en": "read by OCR from a scan"},
    "ocr_mark": {"zh": "（OCR）", "en": " (OCR)"},
    "ocr_page": {"zh": "正在识别扫描件 {name}：第 {p}/{n} 页（OCR）", "en": "Reading the scan {name} by OCR: page {p}/{n}"},
    "open_at": {"zh": "打开原文{where}", "en": "Open the source at {where}"},
    "open_source": {"zh": "查看原文", "en": "Open the source"},
    "download_source": {"zh": "下载原文件", "en": "Download the source file"},
    "viewer": {"zh": "原文", "en": "Source"},
    "prev_page": {"zh": "上一页", "en": "Previous page"},
    "next_page": {"zh": "下一页", "en": "Next page"},
    "no_pages": {"zh": "这种文件没有页面可以显示；下载原文件查看。", "en": "This kind of file has no pages to show; download it."},
    "lines_around": {"zh": "原文第 {a}–{b} 行（标黄的是引用的那一行）", "en": "lines {a}–{b} of the source (the cited line marked)"},
    "check_failed": {"zh": "核查未通过", "en": "Check failed"},
    "warn_answer": {"zh": "⚠ 这个数字所在的核查未通过：{detail}。数字照原文给出，但报告自己的数字对不上，请对照原文核实。",
                    "en": "⚠ This figure is in a check its report fails: {detail}. It is given as printed, but the "
                          "report's own figures do not add up: verify it against the page."},
    "warn_cell": {"zh": "核查未通过：{detail}", "en": "check failed: {detail}"},
    "show_earlier": {"zh": "显示更早的 {n} 轮对话", "en": "Show the {n} earlier turns"},
    "show_sources": {"zh": "显示出处（{what}）", "en": "Show the sources ({what})"},
    "hide_sources": {"zh": "收起出处", "en": "Hide the sources"},
    "n_cells": {"zh": "{n} 个单元格", "en": "{n} cell(s)"},
    "n_passages": {"zh": "{n} 段原文", "en": "{n} passage(s)"},
    "checks_summary": {"zh": "{n} 份报告中，{m} 份有未通过的核查。", "en": "{m} of {n} reports have failed checks."},
    "checks_only_failing": {"zh": "只看有未通过核查的报告（{n} 份）", "en": "Only the reports with failed checks ({n})"},
    "checks_pass_n": {"zh": "已进行的 {n} 项核查均通过。", "en": "All {n} checks run pass."},
    "checks_not_run": {"zh": "另有 {n} 项核查无法进行：所需的数字缺失或无法确定。",
                       "en": "{n} more checks could not be run: figures they need are missing or ambiguous."},
    "not_run_list": {"zh": "无法进行的核查（{n}）", "en": "Checks that could not be run ({n})"},
    "lacking": {"zh": "缺：{cells}", "en": "lacking: {cells}"},
    "checks_more": {"zh": "另有 {n} 份报告未列出。", "en": "{n} more reports not listed."},
    "passed": {"zh": "已通过的核查（{n}）", "en": "Checks passed ({n})"},
    "cells_involved": {"zh": "涉及的单元格", "en": "Cells involved"},
    "open_page_boxes": {"zh": "打开原文第{p}页（框出涉及的单元格）", "en": "Open page {p} (the cells involved boxed)"},
    "model_notice": {"zh": "未能加载嵌入模型。数字问答、单元格引用、核查、表格和报告库照常可用；原文段落只按字词检索，不按语义检索。",
                     "en": "The embedding model could not be loaded. Figures, cell citations, checks, tables and the "
                           "library work as usual; passages are found by their words only, not by meaning."},
    "model_name": {"zh": "配置的嵌入模型：{name}", "en": "configured embedding model: {name}"},
    "importing": {"zh": "正在导入 {i}/{n}：{name}", "en": "Importing {i}/{n}: {name}"},
    "import_done": {"zh": "导入完成：{parts}", "en": "Import done: {parts}"},
    "n_ingested": {"zh": "新导入 {n} 个", "en": "{n} imported"},
    "n_replaced": {"zh": "替换 {n} 个", "en": "{n} replaced"},
    "n_unchanged": {"zh": "已在库中 {n} 个", "en": "{n} already there"},
    "n_failed": {"zh": "失败 {n} 个", "en": "{n} failed"},
    "out_ingested": {"zh": "{file}：已导入 — {report}", "en": "{file}: imported — {report}"},
    "out_replaced": {"zh": "{file}：已导入，替换了同一机关同一年度的旧报告 {old} — {report}",
                     "en": "{file}: imported, replacing the same body's report of that year, {old} — {report}"},
    "out_unchanged": {"zh": "{file}：已在库中，没有重复导入 — {report}", "en": "{file}: already in the library — {report}"},
    "out_failed": {"zh": "{file}：导入失败 — {why}", "en": "{file}: failed — {why}"},
    "error": {"zh": "出错：{e}", "en": "Error: {e}"},
}
#: A paragraph to try the check on, about the sample reports (some of its figures wrong).
CLAIMS_EXAMPLE = {
    "zh": "2023年，广东省政务服务和数据管理局共收到政府信息公开申请122件，其中予以公开67件、部分公开5件，"
          "因政府信息公开被申请行政复议4件。该局官方网站全年公开政府信息571条，获主流媒体报道超过600次。"
          "同年，广州市番禺区政务服务数据管理局收到申请1宗，而天河区政数局收到申请30件。",
    "en": "In 2023 the Guangdong data administration received 122 new requests, 113 of them from individuals, and "
          "partially disclosed 5. It faced 4 administrative reconsiderations.",
}
EXAMPLES = {
    "zh": ["广东省政数局2023年部分公开了多少件？", "其中自然人多少？", "不予公开一共几件？", "哪个单位新收申请最多？",
           "“粤省事”微信公众号粉丝数是多少？", "存在哪些问题？"],
    "en": ["How many applications were partially disclosed by the Guangdong data administration in 2023?",
           "How many applications did the Panyu District data bureau receive in 2023?",
           "Which body received the most new applications?"],
}
#: Resolution of a page opened whole: 150 dpi draws an A4 page 1240 px wide.
PAGE_DPI = 150
#: Width a band of a cited page is drawn at, at least: the box reads at the chat's width.
CROP_PIXELS = 1100
#: Points above a table's first figures kept in a band of its page: the header of its columns.
TABLE_HEADER = 140.0
#: Turns of the conversation drawn (the earlier ones a click away).
RECENT_TURNS = 10
#: Reports whose checks the checks tab draws at once (the failing ones first).
MAX_CHECKED_REPORTS = 20
#: Around a crop of a page: points of the page kept above and below the table and the box.
CROP_MARGIN = 24.0


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **kw) -> str:
    return TEXT[key][lang()].format(**kw)


def esc(text) -> str:
    """Text from a report, for HTML (st.markdown with unsafe_allow_html)."""
    return html.escape("" if text is None else str(text))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:^=])")


def md(text) -> str:
    """Text from a report (or a user), for Markdown: no tag, link, image, emphasis or formula in it
    takes effect — angle brackets and ampersands become entities, other punctuation is backslashed."""
    out = html.escape("" if text is None else str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", out)


def name_of(ref) -> str:
    """A report as a reader names it (body and year), in the page's language."""
    return report_name(ReportRef(ref.id, ref.agency, ref.year), lang())


@st.cache_resource(show_spinner=False)
def open_store(store_dir: str, model: str) -> Store:
    """The store and its embedding model, loaded once per process."""
    return Store.open(Settings.from_env(store=store_dir, embedding_model=model))


def get_store() -> Store:
    settings = Settings.from_env()
    return open_store(settings.store, settings.embedding_model)


# ---------------------------------------------------------------- what a report holds, cached


@st.cache_resource(show_spinner=False, max_entries=512)
def _cells_of(_store: Store, folder: str, report_id: str) -> Dict[str, Cell]:
    # A report's id is its content's hash: its cells never change, so they are read once.
    return {rc.cell.address: rc.cell for rc in _store.cells(report_id)}


def cells_of(store: Store, report_id: str) -> Dict[str, Cell]:
    """A report's cells by address."""
    return _cells_of(store, str(store.folder), report_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _failed_by_cell(_store: Store, folder: str, library: Tuple[str, ...]) -> Dict[str, Dict[str, List[str]]]:
    out: Dict[str, Dict[str, List[str]]] = {}
    for rc in checks_of(_store):
        if rc.check.passed:
            continue
        for a in rc.check.cells:
            addr = a.split(":", 1)[1] if ":" in a else a
            out.setdefault(rc.report.id, {}).setdefault(addr, []).append(rc.check.detail)
    return out


def failed_by_cell(store: Store, report_id: str) -> Dict[str, List[str]]:
    """For each cell of a report in a check it fails (check 5 too, which depends on the other
    reports of its body: cached per set of reports), the arithmetic of those checks."""
    library = tuple(sorted(r.id for r in store.reports()))
    return _failed_by_cell(store, str(store.folder), library).get(report_id, {})


def labels_of(cell: Cell, fmt: Optional[str]) -> Tuple[str, str]:
    """A cell's row and column as a reader reads them: the template's clean labels (the print's
    may be garbled by extraction: 「（四）无法提供 （四）无 1.本机关不掌握…」, shown apart as printed)."""
    row = template_labels(fmt or "2021").get(cell.address, (None, None))[0] or re.sub(r"\s+", " ", cell.row_label).strip()
    col = cell.col_label
    if col.startswith(row + "·"):  # table 四: 「行政复议·总计」 in the row 「行政复议」 is its 「总计」
        col = col[len(row) + 1:]
    return row, col.replace("·", " · ")


def value_text(c: Optional[Cell], with_unit: bool = True) -> str:
    """A cell's figure as a reader reads it, or why there is none."""
    if c is None or c.status == "missing":
        return t("missing")
    if c.status == "ambiguous":
        return t("ambiguous")
    unit = c.unit or ({"t3": "件", "t4": "件"}.get(c.address[:2], "") if lang() == "zh" else "")
    return format_number(c.value) + (unit if with_unit else "") + (t("ocr_mark") if c.ocr else "")


def _cell_text(c: Optional[Cell]) -> str:
    """A cell as the tables show it: its figure, 「—」 when missing, 「?」 when ambiguous; a figure read
    by OCR carries a mark (「*」, explained by the legend)."""
    if c is None or c.status == "missing":
        return "—"
    mark = "*" if c.ocr else ""
    if c.status == "ambiguous":
        return "?" + mark
    return format_number(c.value) + mark


def where(kind: Optional[str], page: Optional[int], line: Optional[int]) -> str:
    """Where in its file a cell or passage stands (the page of a PDF, the paragraph of a Word file,
    the line of a text), in the page's language."""
    return location_text(kind, page, line, lang())


# ---------------------------------------------------------------- tables and pages


def table_html(store: Store, rep: StoredReport, number: str, highlight: Sequence[str] = ()) -> str:
    """A report's table 二/三/四 as the template lays it out: the cited cells highlighted, every
    figure in a failed check marked (its arithmetic in the tooltip)."""
    layout = next(t_ for t_ in format_to_layouts(rep.format) if t_.number == number)
    cells = cells_of(store, rep.id)
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
            tds.append(f'<td{cls} title="{esc(chr(10).join(tip))}" data-address="{esc(addr)}">{esc(_cell_text(c))}</td>')
        if not layout.columns and row.columns != shown_cols:
            # Table 二 is sub-tables with columns of their own: a header row where they change.
            shown_cols = row.columns
            out.append('<tr class="cols"><th></th>' + "".join(f"<th>{esc(c)}</th>" for c in row.columns) + "</tr>")
        out.append(f"<tr><th>{esc(row.label)}</th>{''.join(tds)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


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
</style>
"""


def uploader_style() -> str:
    """The uploader's own words (Streamlit's, in English, with its 200MB default) in the page's
    language and with the real limit (said in the caption under it)."""
    return f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] span, [data-testid="stFileUploaderDropzoneInstructions"] small
{{display: none;}}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before
{{content: "{t('drop_here')}"; font-size: 0.9rem;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{display: none;}}
[data-testid="stFileUploaderDropzone"] button:has([data-testid="stMarkdownContainer"])::after {{content: "{t('browse')}"; font-size: 0.9rem;}}
</style>"""


@st.cache_data(max_entries=128, show_spinner=False)
def page_png(path: str, mtime: float, page: int, boxes: Tuple[BBox, ...],
             band: Optional[Tuple[float, float]] = None) -> Optional[bytes]:
    """A PDF page as PNG with the boxes drawn — whole at PAGE_DPI, or the band of it between two
    heights (PDF points), the page's full width drawn CROP_PIXELS wide (cached: a citation is drawn
    once however often the page reruns)."""
    img = page_image(Path(path), page, list(boxes), resolution=PAGE_DPI)
    if img is None:
        return None
    if band is not None:
        k = PAGE_DPI / 72.0
        top, bottom = max(0, int(band[0] * k)), min(img.height, int(band[1] * k) + 1)
        img = img.crop((0, top, img.width, max(top + 1, bottom)))
        if img.width < CROP_PIXELS:
            img = img.resize((CROP_PIXELS, round(img.height * CROP_PIXELS / img.width)))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def cited_page_png(store: Store, rep: StoredReport, page: Optional[int], boxes: Sequence[BBox],
                   table: Optional[str] = None) -> Optional[bytes]:
    """The cited part of a PDF page: the band of the page that holds the table the cells stand in
    (its header too) and the boxes, across the page's width — its row labels and the box read at the
    chat's width; None for a report that is not a PDF."""
    path = store.source_file(rep.id)
    if path is None or rep.kind != "pdf" or not page:
        return None
    region = list(boxes)
    header = 0.0
    if table is not None:
        region += [c.bbox for c in cells_of(store, rep.id).values()
                   if c.table == table and c.page == page and c.bbox is not None]
        header = TABLE_HEADER
    band = None
    if region:
        band = (max(0.0, min(b[1] for b in region) - CROP_MARGIN - header), max(b[3] for b in region) + CROP_MARGIN)
    return page_png(str(path), path.stat().st_mtime, int(page), tuple((b[0], b[1], b[2], b[3]) for b in boxes), band)


# ---------------------------------------------------------------- the source, opened at the cited page


def open_source(store: Store, rep: StoredReport, page: Optional[int], line: Optional[int],
                boxes: Sequence[BBox]) -> None:
    """Open the report's file at the cited page (a PDF's page drawn at full size with the boxes, page
    by page) or line (a text's lines around it), in a dialog over the page."""
    st.session_state["viewer"] = {"id": rep.id, "page": page or 1, "cited": page or 1, "line": line,
                                  "boxes": [tuple(b) for b in boxes]}
    st.dialog(t("viewer"), width="large")(_source_viewer)(store)


def _source_viewer(store: Store) -> None:
    v: dict = st.session_state.get("viewer") or {}
    rep = store.report(v["id"]) if v else None
    if rep is None:
        return
    st.markdown(f"**{md(name_of(rep.ref))}** · {md(Path(rep.path).name)}")
    path = store.source_file(rep.id)
    if rep.kind == "pdf" and path is not None:
        pages = max(1, rep.pages)
        left, mid, right = st.columns([1, 3, 1])
        if left.button(t("prev_page"), key="viewer-prev", disabled=v["page"] <= 1):
            v["page"] -= 1
        if right.button(t("next_page"), key="viewer-next", disabled=v["page"] >= pages):
            v["page"] += 1
        mid.caption(t("page_of", p=v["page"], n=pages))
        boxes = tuple((b[0], b[1], b[2], b[3]) for b in v["boxes"]) if v["page"] == v["cited"] else ()
        png = page_png(str(path), path.stat().st_mtime, int(v["page"]), boxes)
        if png is not None:
            st.image(png, caption=t("page_box", p=v["page"]) if boxes else t("page", p=v["page"]), width="stretch",
                     output_format="PNG")
    elif rep.kind == "text" and path is not None and v.get("line"):
        st.markdown(_lines_html(path, int(v["line"])), unsafe_allow_html=True)
    else:
        st.info(t("no_pages"))
    if path is not None:
        mime = {"pdf": "application/pdf", "html": "text/html"}.get(rep.kind, "application/octet-stream")
        st.download_button(t("download_source"), data=path.read_bytes(), file_name=Path(rep.path).name, mime=mime,
                           key="viewer-download", on_click="ignore")


def _lines_html(path: Path, line: int, around: int = 12) -> str:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", "replace")
    lines = text.splitlines()
    a, b = max(1, line - around), min(len(lines), line + around)
    body = "\n".join(f"<mark>{esc(lines[i - 1])}</mark>" if i == line else esc(lines[i - 1]) for i in range(a, b + 1))
    return f'<div class="srcpre">{body}</div><p><small>{esc(t("lines_around", a=a, b=b))}</small></p>'


def source_buttons(store: Store, rep: StoredReport, page: Optional[int], line: Optional[int],
                   boxes: Sequence[BBox], key: str) -> None:
    """「打开原文第N页」: the file opened at the cited page, in the page."""
    at = where(rep.kind, page, line)
    if store.source_file(rep.id) is None:
        return
    if st.button(t("open_at", where=at) if at else t("open_source"), key=f"src-{key}", icon=":material/open_in_new:"):
        open_source(store, rep, page, line, boxes)


# ---------------------------------------------------------------- an answer


def warnings_of(answer: Answer) -> Dict[Tuple[str, str], List[str]]:
    """For each (report id, address) an answer's warnings name, the arithmetic of its failed checks."""
    out: Dict[Tuple[str, str], List[str]] = {}
    for w in answer.warnings:
        for a in w.cells:
            out.setdefault((w.report.id, a.split(":", 1)[1] if ":" in a else a), []).append(w.detail)
    return out


def show_warning(w: Warning) -> None:
    st.error(md(t("warn_answer", detail=w.detail)), icon=":material/warning:")


def show_cell_citation(store: Store, cite: CellCitation, key: str, warned: Dict[Tuple[str, str], List[str]]) -> None:
    """One cell: its labels, figure and place; the table with the cell highlighted; the printed
    page's part with the cell boxed, read at the chat's width; the source opened at that page."""
    c, ref = cite.cell, cite.report
    rep = store.report(ref.id)
    fmt = rep.format if rep else None
    row, col = labels_of(c, fmt)
    at = where(rep.kind if rep else None, c.page, c.line)
    bad = warned.get((ref.id, c.address), [])
    value = value_text(c, with_unit=False)
    parts = [f"{t('cell')}：{name_of(ref)}", table_name(c.table, lang()), f"{t('row')}“{row}”", f"{t('col')}“{col}”"]
    label = " · ".join(parts + ([at] if at else [])) + f" → {value}" + (" ⚠" if bad else "")
    with st.expander(md(label), expanded=True):
        st.markdown(f"{t('row')}：{md(row)}　{t('col')}：{md(col)}　{t('value')}：**{md(value)}**"
                    + (f"　{t('where')}：{md(at)}" if at else ""))
        for d in bad:
            st.error(md(t("warn_cell", detail=d)))
        if c.source_text and re.sub(r"\s+", "", c.source_text) != re.sub(r"\s+", "", row):
            st.caption(f"{t('printed')}：{md(c.source_text)}")
        if c.ocr:
            st.caption(t("ocr"))
        if c.candidates:
            st.caption(t("candidates", v=md(" / ".join(format_number(v) for v in c.candidates))))
        if c.notes:
            st.caption(md(notes_text(c.notes, lang())))
        if rep is None:
            return
        # The printed page first (the evidence), then the template's table (where the cell stands).
        boxes = [c.bbox] if c.bbox else []
        png = cited_page_png(store, rep, c.page, boxes, c.table)
        if png is not None:
            st.image(png, caption=t("page_box", p=c.page), width="stretch", output_format="PNG")
        source_buttons(store, rep, c.page, c.line, boxes, key)
        st.markdown(table_html(store, rep, c.table, [c.address]), unsafe_allow_html=True)


def cells_table_html(store: Store, cites: Sequence[CellCitation], warned: Dict[Tuple[str, str], List[str]]) -> str:
    """The cells of a sum or comparison as one compact table: report, table, row, column, figure,
    page; a figure in a failed check marked, its arithmetic in the tooltip."""
    several = len({c.report.id for c in cites}) > 1
    head = ([t("report")] if several else []) + [t("table_n", n="").strip() or "table", t("row"), t("col"),
                                                  t("value"), t("where")]
    rows = []
    for cite in cites:
        c, ref = cite.cell, cite.report
        rep = store.report(ref.id)
        row, col = labels_of(c, rep.format if rep else None)
        bad = warned.get((ref.id, c.address), [])
        cls = ' class="v bad"' if bad else ' class="v"'
        tip = f' title="{esc(chr(10).join(t("warn_cell", detail=d) for d in bad))}"' if bad else ""
        tds = ([esc(name_of(ref))] if several else []) + [esc(c.table), esc(row), esc(col)]
        rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in tds)
                    + f'<td{cls}{tip} data-address="{esc(c.address)}">{esc(value_text(c, with_unit=False))}</td>'
                    + f"<td>{esc(where(rep.kind if rep else None, c.page, c.line))}</td></tr>")
    return ('<div class="rtw"><table class="rt cites"><tbody><tr>' + "".join(f"<th>{esc(h)}</th>" for h in head)
            + "</tr>" + "".join(rows) + "</tbody></table></div>")


def show_cells(store: Store, cites: Sequence[CellCitation], key: str, warned: Dict[Tuple[str, str], List[str]]) -> None:
    """Several cells (a sum, a comparison, a ranking): one compact table of them, then one view of
    the sources — each table once with all its cited cells highlighted, each page once with all
    its boxes."""
    st.markdown(f"**{t('cells_n', n=len(cites))}**")
    st.markdown(cells_table_html(store, cites, warned), unsafe_allow_html=True)
    with st.expander(t("sources"), expanded=False):
        by_report: Dict[str, List[Cell]] = {}
        refs: Dict[str, ReportRef] = {}
        for cite in cites:
            by_report.setdefault(cite.report.id, []).append(cite.cell)
            refs[cite.report.id] = cite.report
        for n, (rid, cells) in enumerate(by_report.items()):
            rep = store.report(rid)
            if rep is None:
                continue
            st.markdown(f"**{md(name_of(refs[rid]))}**")
            for m, page in enumerate(dict.fromkeys(c.page for c in cells if c.page)):
                boxes = [c.bbox for c in cells if c.page == page and c.bbox]
                png = cited_page_png(store, rep, page, boxes, cells[0].table)
                if png is not None:
                    st.image(png, caption=t("page_box", p=page), width="stretch", output_format="PNG")
                    source_buttons(store, rep, page, None, boxes, f"{key}-{n}-{m}")
            for table in dict.fromkeys(c.table for c in cells):
                st.markdown(table_html(store, rep, table, [c.address for c in cells if c.table == table]),
                            unsafe_allow_html=True)


def passage_label(store: Store, cite: PassageCitation) -> str:
    p, ref = cite.passage, cite.report
    rep = store.report(ref.id)
    at = where(rep.kind if rep else None, p.page, p.line)
    gist = (cite.sentence or p.text).strip().replace("\n", " ")
    gist = gist[:36] + ("…" if len(gist) > 36 else "")
    parts = [f"{t('passage')}：{name_of(ref)}"] + ([p.section] if p.section else []) + ([at] if at else [])
    return " · ".join(parts) + f" · “{gist}”"


def show_passage_citation(store: Store, cite: PassageCitation, key: str) -> None:
    p, ref = cite.passage, cite.report
    rep = store.report(ref.id)
    with st.expander(md(passage_label(store, cite)), expanded=bool(cite.sentence)):
        text = p.text
        hl = cite.highlight
        if hl is not None:
            a, b = hl
            body = esc(text[:a]) + "<mark>" + esc(text[a:b]) + "</mark>" + esc(text[b:])
        else:
            body = esc(text)
        st.markdown(f'<div class="psg">{body}</div>', unsafe_allow_html=True)
        if rep is not None:
            boxes = [p.bbox] if p.bbox else []
            png = cited_page_png(store, rep, p.page, boxes)
            if png is not None:
                st.image(png, caption=t("page", p=p.page), width="stretch", output_format="PNG")
            source_buttons(store, rep, p.page, p.line, boxes, key)


def scope_names(answer: Answer, scope: Sequence[str]) -> List[str]:
    """The reports an answer was limited to: the answer's own scope, else the page's when asked."""
    if answer.scope:
        return [name_of(r) for r in answer.scope]
    return list(scope)


def show_answer(store: Store, msg: dict, key: str, full: bool) -> None:
    """An answer: its text, the scope it was limited to, its warnings, and its citations — in full
    for the latest answer (and any the reader opens), as one line for the earlier ones, so that a
    long conversation draws as fast as a short one."""
    answer: Answer = msg["answer"]
    st.markdown(md(answer.answer).replace("\n", "  \n"))
    names = scope_names(answer, msg.get("scope", ()))
    if names:
        st.caption(md(t("scoped", names="；".join(names) if lang() == "zh" else "; ".join(names))),
                   help=None)
    for w in answer.warnings:
        show_warning(w)
    n_cites = len(answer.cells) + len(answer.passages)
    if not n_cites:
        return
    opened = st.session_state.setdefault("opened", set())
    if not full:
        what = [t("n_cells", n=len(answer.cells))] if answer.cells else []
        what += [t("n_passages", n=len(answer.passages))] if answer.passages else []
        joint = "、" if lang() == "zh" else ", "
        if st.button(t("show_sources", what=joint.join(what)), key=f"open-{key}", type="tertiary"):
            opened.add(key)
            st.rerun()
        return
    if key in opened and st.button(t("hide_sources"), key=f"close-{key}", type="tertiary"):
        opened.discard(key)
        st.rerun()
    warned = warnings_of(answer)
    if len(answer.cells) == 1:
        show_cell_citation(store, answer.cells[0], f"{key}-c0", warned)
    elif answer.cells:
        show_cells(store, answer.cells, f"{key}-c", warned)
    for i, p in enumerate(answer.passages):
        show_passage_citation(store, p, f"{key}-p{i}")


# ---------------------------------------------------------------- the library


def report_label(r) -> str:
    """A report as a widget option (plain text, not Markdown)."""
    return name_of(r)


def library(store: Store) -> None:
    """The sidebar: what was just done (in view, above the rest), upload, the reports by body."""
    st.header(t("library"))
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash, icon=":material/delete:")
    for level, text in st.session_state.get("upload_results", []):
        getattr(st, level)(text)
    st.markdown(uploader_style(), unsafe_allow_html=True)
    files = st.file_uploader(t("upload"), type=[e.lstrip(".") for e in EXTENSIONS], accept_multiple_files=True,
                             key=f"up-{st.session_state.get('uploads', 0)}")
    st.caption(t("upload_limit", mb=f"{store.settings.max_file_mb:g}"))
    if files and st.button(t("import", n=len(files)), key="import", type="primary"):
        st.session_state["upload_results"] = upload_reports(store, files)
        # A new uploader for the next pick: the old one still holds these files, and a file picked
        # into it after an import would be lost when the page draws the new one.
        st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1
        st.rerun()
    groups = library_groups(store)
    if not groups:
        st.info(t("no_reports"))
    for body in groups:
        body_card(store, body)


def body_card(store: Store, body: BodyReports) -> None:
    """One body: its name, the other names it printed, and each year with what matters to a reader."""
    with st.container(border=True):
        st.markdown(f"**{md(body.name)}**")
        if len(body.names) > 1:
            st.caption(md(t("also_printed", names="、".join(body.names[1:]))))
        for r in body.reports:
            year = t("year", y=r.year) if r.year else t("no_year")
            kind = t(f"kind_{r.kind}") if f"kind_{r.kind}" in TEXT else r.kind
            pages = f" · {t('pages_n', n=r.pages)}" if r.kind == "pdf" else ""
            st.markdown(f"**{md(year)}** · {md(kind)}{md(pages)}"
                        + (f" · {md(r.agency)}" if len(body.names) > 1 and r.agency != body.name else ""))
            st.caption(t("cells_found", known=r.cells.known, missing=r.cells.missing, ambiguous=r.cells.ambiguous))
            if r.checks_failed:
                st.markdown(f'<span class="failed-checks">{esc(t("checks_failed", n=r.checks_failed))}</span>',
                            unsafe_allow_html=True)
            if st.session_state.get("confirm_delete") == r.id:
                st.warning(md(t("delete_confirm", name=name_of(r))))
                yes, no = st.columns(2)
                if yes.button(t("delete_yes"), key=f"del-yes-{r.id}", type="primary"):
                    delete_report(store, r)
                if no.button(t("delete_no"), key=f"del-no-{r.id}"):
                    st.session_state.pop("confirm_delete", None)
                    st.rerun()
            elif st.button(t("delete"), key=f"del-{r.id}", icon=":material/delete:", type="tertiary"):
                st.session_state["confirm_delete"] = r.id
                st.rerun()


def delete_report(store: Store, r: StoredReport) -> None:
    store.delete(r.id)
    st.session_state.pop("confirm_delete", None)
    if r.id in (st.session_state.get("scope") or []):
        st.session_state["scope"] = [i for i in st.session_state["scope"] if i != r.id]
    message = t("deleted", name=name_of(r))
    st.session_state["flash"] = md(message)
    st.toast(message, icon=":material/delete:")
    st.rerun()


def outcome_lines(res: IngestOutcome, file: str) -> Tuple[str, str]:
    """One file's outcome in the page's language: (the st element to say it with, the text)."""
    if res.status == "failed" or res.report is None:
        why = error_text(res.failure, lang()) if res.failure is not None else (res.error or "")
        return "error", md(t("out_failed", file=file, why=why))
    r = res.report
    report = f"{name_of(r)} · " + t("cells_found", known=r.cells.known, missing=r.cells.missing,
                                       ambiguous=r.cells.ambiguous)
    if r.checks_failed:
        report += " · " + t("checks_failed", n=r.checks_failed)
    if res.status == "replaced":
        old = "、".join(Path(p).name for p in res.replaced) or sentence_text(res.note or "", lang())
        return "success", md(t("out_replaced", file=file, old=old, report=report))
    if res.status == "unchanged":
        return "info", md(t("out_unchanged", file=file, report=report))
    return "success", md(t("out_ingested", file=file, report=report))


def upload_reports(store: Store, files) -> List[Tuple[str, str]]:
    """Import the uploaded files one by one, with a progress bar; return what to say: a summary of
    the counts, then each file's outcome and its report's warnings, in the page's language."""
    bar = st.progress(0.0)
    said: List[Tuple[str, str]] = []
    counts = {"ingested": 0, "replaced": 0, "unchanged": 0, "failed": 0}
    with tempfile.TemporaryDirectory(prefix="uploads-") as tmp:
        paths = []
        for i, f in enumerate(files):
            # Each upload in a folder of its own: two picks may share a name.
            folder = Path(tmp) / str(i)
            folder.mkdir()
            p = folder / (Path(f.name).name or "report")
            p.write_bytes(f.getvalue())
            paths.append(p)
        for i, p in enumerate(paths, 1):
            bar.progress((i - 1) / len(paths), text=t("importing", i=i, n=len(paths), name=p.name))

            def on_ocr_page(path, page, pages, i=i):
                # A scan is read by OCR page by page, seconds a page: say which page the import is on.
                done = (i - 1 + (page - 1) / max(pages, 1)) / len(paths)
                bar.progress(done, text=t("ocr_page", name=path.name, p=page, n=pages))

            [res] = ingest_files([p], store.settings, store=store, progress=on_ocr_page)
            counts[res.status if res.status in counts else "failed"] += 1
            said.append(outcome_lines(res, p.name))
            if res.report is not None and res.status != "unchanged":
                said += [("warning", md(f"{p.name}：{sentence_text(w, lang())}")) for w in res.report.warnings]
    parts = "，".join(t(f"n_{k}", n=n) for k, n in counts.items() if n) if lang() == "zh" else \
        ", ".join(t(f"n_{k}", n=n) for k, n in counts.items() if n)
    bar.progress(1.0, text=t("import_done", parts=parts))
    level = "error" if counts["failed"] and counts["failed"] == len(paths) else "warning" if counts["failed"] else "success"
    return [(level, md(t("import_done", parts=parts)))] + said


# ---------------------------------------------------------------- the chat


def clear_chat() -> None:
    st.session_state["messages"] = []
    st.session_state["opened"] = set()
    st.session_state["show_earlier"] = False


def chat(store: Store, reports: Sequence[StoredReport]) -> None:
    labels = {r.id: report_label(r) for r in reports}
    if any(i not in labels for i in st.session_state.get("scope") or []):
        st.session_state["scope"] = [i for i in st.session_state["scope"] if i in labels]
    msgs = st.session_state.setdefault("messages", [])
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    scope = left.multiselect(t("scope"), options=list(labels), format_func=lambda i: labels[i], key="scope",
                             placeholder=t("all_reports"))
    right.button(t("clear_chat"), key="clear-chat", on_click=clear_chat, icon=":material/delete_sweep:")
    # The conversation is drawn after the question is answered (below), above the input: one run a
    # question, not two.
    history = st.container()
    lang_ = lang()
    clicked = None
    with st.expander(t("examples"), expanded=not msgs):
        cols = st.columns(3)
        for i, ex in enumerate(EXAMPLES[lang_]):
            if cols[i % 3].button(ex, key=f"ex-{lang_}-{i}"):
                clicked = ex
    if scope:
        st.caption(md(t("scope_now", names="；".join(labels[i] for i in scope))))
    question = st.chat_input(t("ask")) or clicked
    if question:
        # The recent questions are the context a follow-up needs (「其中自然人多少？」); replaying the
        # whole conversation would make each answer slower than the one before.
        earlier = [m["content"] for m in msgs if m["role"] == "user"][-RECENT_TURNS:]
        msgs.append({"role": "user", "content": question})
        try:
            answer = answer_question(store, question, scope or None, earlier)
        except ReportError as e:
            answer = Answer(question, "no_match", error_text(e, lang_))
        msgs.append({"role": "assistant", "answer": answer, "scope": tuple(labels[i] for i in scope)})
    opened = st.session_state.setdefault("opened", set())
    last = max((i for i, m in enumerate(msgs) if m["role"] == "assistant"), default=-1)
    with history:
        start = 0
        if len(msgs) > 2 * RECENT_TURNS and not st.session_state.get("show_earlier"):
            # Only the recent turns are drawn: a conversation of any length draws in the same time.
            start = len(msgs) - 2 * RECENT_TURNS
            st.button(t("show_earlier", n=start // 2), key="show-earlier", type="tertiary",
                      on_click=lambda: st.session_state.update(show_earlier=True), icon=":material/history:")
        for i, m in enumerate(msgs[start:], start):
            with st.chat_message(m["role"]):
                if m["role"] == "user":
                    st.markdown(md(m["content"]))
                else:
                    show_answer(store, m, f"m{i}", full=i == last or f"m{i}" in opened)


# ---------------------------------------------------------------- a text's figures checked


def fill_claims_example() -> None:
    st.session_state["claims-text"] = CLAIMS_EXAMPLE[lang()]


def claims_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """「核对」: paste a text, and every figure in it is checked against the reports and marked in
    place — the counts, the text marked, each figure's verdict with what the report says and
    where, its sources opened below, and the whole as CSV and as a Markdown note."""
    st.caption(t("claims_intro"))
    labels = {r.id: report_label(r) for r in reports}
    if any(i not in labels for i in st.session_state.get("claims-scope") or []):
        st.session_state["claims-scope"] = [i for i in st.session_state["claims-scope"] if i in labels]
    text = st.text_area(t("claims_text"), key="claims-text", height=160, placeholder=t("claims_placeholder"))
    scope = st.multiselect(t("claims_scope"), options=list(labels), format_func=lambda i: labels[i], key="claims-scope",
                           placeholder=t("all_reports"))
    left, right = st.columns([1, 4])
    run = left.button(t("claims_run"), key="claims-run", type="primary", icon=":material/fact_check:")
    right.button(t("claims_example"), key="claims-example", on_click=fill_claims_example, type="tertiary")
    if run:
        try:
            st.session_state["claims-check"] = check_claims(store, text, scope or None)
            st.session_state.pop("claims-error", None)
        except ReportError as e:
            st.session_state["claims-check"] = None
            # The error itself is kept, not its sentence: it is said in the language the page is in
            # when it is drawn (the reader may switch after pressing the button).
            st.session_state["claims-error"] = e
    error: Optional[ReportError] = st.session_state.get("claims-error")
    if error is not None:
        st.error(md(claims_error_text(error)))
    check: Optional[ClaimCheck] = st.session_state.get("claims-check")
    if check is not None:
        show_claims(store, check)


def claims_error_text(error: ReportError) -> str:
    """Why a text could not be checked, as the one sentence the page shows in its language (the
    English sentence is the engine's, which the command line prints after 「error:」: here it starts
    the line, so it starts with a capital)."""
    said = error_text(error, lang())
    return said[:1].upper() + said[1:]


def claim_where(store: Store, v: ClaimVerdict) -> str:
    """Where the report's figure for a claim stands, in one line: the cell (report, table, row,
    column, page) or the passage (report, section, page); "" when there is none."""
    if v.cells:
        c = v.cells[0]
        rep = store.report(c.report.id)
        row, col = labels_of(c.cell, rep.format if rep else None)
        at = where(rep.kind if rep else None, c.cell.page, c.cell.line)
        more = t("n_cells", n=len(v.cells)) if len(v.cells) > 1 else ""
        return " · ".join(x for x in (name_of(c.report), table_name(c.cell.table, lang()), row, col, at, more) if x)
    if v.passages:
        p = v.passages[0]
        rep = store.report(p.report.id)
        at = where(rep.kind if rep else None, p.passage.page, p.passage.line)
        return " · ".join(x for x in (name_of(p.report), p.passage.section, at) if x)
    return ""


def claim_tip(store: Store, v: ClaimVerdict) -> str:
    """What hovering a marked figure says: the verdict, why, and where the report's figure stands."""
    at = claim_where(store, v)
    return verdict_name(v.verdict, lang()) + " — " + v.reason + ("\n" + at if at else "")


def marked_text_html(store: Store, check: ClaimCheck) -> str:
    """The checked text with every figure marked in place in its verdict's colour, numbered, the
    verdict and its reason on hover."""
    out, at = [], 0
    for n, v in enumerate(check.verdicts, 1):
        a, b = v.claim.span
        out.append(esc(check.text[at:a]).replace("\n", "<br>"))
        tip = esc(claim_tip(store, v)).replace("\n", "&#10;")
        out.append(f'<mark class="claim {v.verdict}" data-verdict="{v.verdict}" data-n="{n}" '
                   f'title="{tip}">{esc(check.text[a:b])}<sup>{n}</sup></mark>')
        at = b
    out.append(esc(check.text[at:]).replace("\n", "<br>"))
    return '<div class="claims-text">' + "".join(out) + "</div>"


def claims_table_html(store: Store, check: ClaimCheck) -> str:
    """Every figure in one table: the figure, the verdict, what the report says, where, and why."""
    head = "".join(f"<th>{esc(t(k))}</th>" for k in ("claims_col_n", "claims_col_figure", "claims_col_verdict",
                                                     "claims_col_report", "claims_col_where", "claims_col_why"))
    rows = []
    for n, v in enumerate(check.verdicts, 1):
        cells = [str(n), f'<span class="claim {v.verdict}">{esc(v.claim.text)}</span>', esc(verdict_name(v.verdict, lang())),
                 esc(v.stated or "—"), esc(claim_where(store, v)), esc(v.reason)]
        rows.append(f'<tr data-verdict="{v.verdict}" data-n="{n}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<div class="rtw"><table class="rt claims"><tbody><tr>{head}</tr>{"".join(rows)}</tbody></table></div>'


def show_claims(store: Store, check: ClaimCheck) -> None:
    """A check: the counts, the text marked, the figures in a table, the downloads, then the sources
    of the figure picked (the first one the report contradicts, to begin with)."""
    if not check.verdicts:
        st.info(t("claims_none"))
        return
    counts = check.counts()
    chips = "".join(f'<span class="chip {k}">{esc(verdict_name(k, lang()))} {counts[k]}</span>'
                    for k in ("supported", "contradicted", "ambiguous", "not_found"))
    st.markdown(f'<div class="claims-summary" title="{esc(summary_line(check, lang()))}">{chips}</div>',
                unsafe_allow_html=True)
    st.markdown(f"**{t('claims_marked')}**")
    st.markdown(marked_text_html(store, check), unsafe_allow_html=True)
    c1, c2 = st.columns(2)
    c1.download_button(t("claims_csv"), check_to_csv(check, lang(), bom=True), file_name="claims-check.csv",
                       mime="text/csv", key="claims-csv", on_click="ignore", icon=":material/download:")
    c2.download_button(t("claims_md"), check_to_markdown(check, lang()), file_name="fact-check-note.md",
                       mime="text/markdown", key="claims-md", on_click="ignore", icon=":material/download:")
    st.markdown(f"**{t('claims_list')}**")
    st.markdown(claims_table_html(store, check), unsafe_allow_html=True)
    # The options' names are made now, in this run's language: a format_func that read the page's
    # language when called would, called outside a run (Streamlit's AppTest does), name them in Chinese.
    names = [f"{i}. {v.claim.text} — {verdict_name(v.verdict, lang())}" for i, v in enumerate(check.verdicts, 1)]
    first = next((i for i, v in enumerate(check.verdicts) if v.verdict == "contradicted"), 0)
    pick = st.selectbox(t("claims_sources"), list(range(len(names))), index=first, key=f"claims-pick-{id(check)}",
                        format_func=names.__getitem__)
    show_claim_sources(store, check.verdicts[pick], f"cl{pick}")


def show_claim_sources(store: Store, v: ClaimVerdict, key: str) -> None:
    """One figure's sources: the sentence, the verdict, the warnings, then its cells and passages as
    an answer's are shown (the table, the printed page with the box, the source opened at it)."""
    level = {"supported": st.success, "contradicted": st.error, "ambiguous": st.warning, "not_found": st.info}[v.verdict]
    level(md(f"{verdict_name(v.verdict, lang())}：{v.reason}" if lang() == "zh" else
             f"{verdict_name(v.verdict, lang())}: {v.reason}"))
    st.caption(md(v.claim.sentence))
    if v.claim.body:
        st.caption(md(t("claims_body", body=v.claim.body, year=f" {v.claim.year}" if v.claim.year else "")))
    st.caption(md(t("claims_question", q=v.claim.question)))
    for w in v.answer.warnings:
        show_warning(w)
    warned = warnings_of(v.answer)
    if len(v.cells) == 1:
        show_cell_citation(store, v.cells[0], f"{key}-c0", warned)
    elif v.cells:
        show_cells(store, v.cells, f"{key}-c", warned)
    for i, p in enumerate(v.passages):
        show_passage_citation(store, p, f"{key}-p{i}")


# ---------------------------------------------------------------- checks and tables


def body_years(store: Store) -> Dict[str, Dict[int, str]]:
    """For each report, the reports of its body by year (check 5 names cells ``YEAR:address``)."""
    out: Dict[str, Dict[int, str]] = {}
    for body in library_groups(store):
        years = {r.year: r.id for r in body.reports if r.year is not None}
        for r in body.reports:
            out[r.id] = years
    return out


def checks_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """Each report's failed checks — the reports with failures first and open — with the arithmetic,
    the cells involved by their labels, and the page to open; then what passed and what could not run."""
    if not reports:
        st.info(t("no_reports"))
        return
    failing = [r for r in reports if r.checks_failed]
    st.markdown(t("checks_summary", n=len(reports), m=len(failing)))
    only_failing = st.toggle(t("checks_only_failing", n=len(failing)), value=bool(failing), key="checks-failing-only",
                             disabled=not failing)
    shown = failing if only_failing and failing else sorted(reports, key=lambda r: -r.checks_failed)
    years = body_years(store)
    for r in shown[:MAX_CHECKED_REPORTS]:
        report_checks(store, r, years.get(r.id, {}))
    if len(shown) > MAX_CHECKED_REPORTS:
        st.caption(t("checks_more", n=len(shown) - MAX_CHECKED_REPORTS))


def report_checks(store: Store, rep: StoredReport, years: Dict[int, str]) -> None:
    checks = [rc.check for rc in checks_of(store, rep.id)]
    failed = [c for c in checks if not c.passed]
    not_run = checks_not_run(store, rep.id)
    with st.container(border=True):
        head = f"**{md(name_of(rep))}**"
        if failed:
            head += f' <span class="failed-checks">{esc(t("checks_failed", n=len(failed)))}</span>'
        st.markdown(head, unsafe_allow_html=True)
        for n, c in enumerate(failed):
            st.error(f"**{t('check_failed')}**：{md(c.detail)}")
            involved = [_involved(store, rep, a, years) for a in c.cells]
            st.markdown(involved_html(involved), unsafe_allow_html=True)
            by_page: Dict[Tuple[str, int], List[BBox]] = {}
            for owner, cell in involved:
                if owner is not None and cell is not None and cell.page and owner.kind == "pdf":
                    by_page.setdefault((owner.id, cell.page), []).extend([cell.bbox] if cell.bbox else [])
            cols = st.columns(max(1, min(3, len(by_page))))
            for m, ((rid, page), boxes) in enumerate(by_page.items()):
                owner = store.report(rid)
                if owner is not None and cols[m % len(cols)].button(
                        t("open_page_boxes", p=page) + ("" if rid == rep.id else f"（{name_of(owner)}）"),
                        key=f"chk-{rep.id}-{n}-{m}", icon=":material/open_in_new:"):
                    open_source(store, owner, page, None, boxes)
        passed = len(checks) - len(failed)
        if not failed:
            st.success(t("checks_pass_n", n=passed) + (" " + t("checks_not_run", n=len(not_run)) if not_run else ""))
        elif not_run:
            st.warning(t("checks_not_run", n=len(not_run)))
        if not_run:
            with st.expander(t("not_run_list", n=len(not_run))):
                cells = cells_of(store, rep.id)
                for nr in not_run:
                    lacking = "、".join(" ".join(labels_of(cells[a], rep.format)) for a in nr.cells if a in cells)
                    st.markdown(f"– {md(nr.what)}" + (f"（{md(t('lacking', cells=lacking))}）" if lacking else ""))
        with st.expander(t("passed", n=passed)):
            for c in checks:
                if c.passed:
                    st.markdown(f"✓ {md(c.detail)}")


def _involved(store: Store, rep: StoredReport, name: str, years: Dict[int, str]) -> Tuple[Optional[StoredReport], Optional[Cell]]:
    """A cell a check names, with the report it is in (check 5 names cells of two years)."""
    rid, addr = rep.id, name
    if re.match(r"^\d{4}:", name):
        year, addr = name.split(":", 1)
        rid = years.get(int(year), rep.id)
    owner = store.report(rid)
    return owner, cells_of(store, rid).get(addr) if owner else None


def involved_html(involved: Sequence[Tuple[Optional[StoredReport], Optional[Cell]]]) -> str:
    """The cells a check adds up, one row each: report (when two), row, column, figure and page."""
    two = len({o.id for o, _ in involved if o is not None}) > 1
    rows = []
    for owner, c in involved:
        if owner is None or c is None:
            continue
        row, col = labels_of(c, owner.format)
        cells = ([name_of(owner)] if two else []) + [row, col, _cell_text(c), where(owner.kind, c.page, c.line)]
        rows.append(f'<tr data-address="{esc(c.address)}">' + "".join(f"<td>{esc(x)}</td>" for x in cells) + "</tr>")
    head = "".join(f"<th>{esc(x)}</th>" for x in ([t("report")] if two else []) + [t("row"), t("col"), t("value"),
                                                                                    t("where")])
    return f'<div class="rtw"><table class="rt cells"><tbody><tr>{head}</tr>{"".join(rows)}</tbody></table></div>'


def tables_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    if not reports:
        st.info(t("no_reports"))
        return
    labels = {r.id: report_label(r) + (f" — {t('checks_failed', n=r.checks_failed)}" if r.checks_failed else "")
              for r in reports}
    rid = st.selectbox(t("report"), list(labels), key="tables-report", format_func=lambda i: labels[i])
    rep = store.report(rid)
    if rep is None:
        return
    c1, c2 = st.columns(2)
    c1.download_button(t("csv_report"), cells_csv(store, rid), file_name=csv_file_name(rep.agency, rep.year, rid), mime="text/csv", key="csv1",
                       on_click="ignore")
    c2.download_button(t("csv_all"), cells_csv(store, None), file_name="all-reports.csv", mime="text/csv", key="csv2",
                       on_click="ignore")
    st.caption(md(rep.title))
    st.caption(t("legend") + "。" + t("csv_note") if lang() == "zh" else t("legend") + ". " + t("csv_note"))
    failed = [rc.check for rc in checks_of(store, rid) if not rc.check.passed]
    cells = cells_of(store, rid)
    for layout in format_to_layouts(rep.format):
        st.markdown(f"**{md(t('table_n', n=layout.number))}　{md(layout.title)}**")
        st.markdown(table_html(store, rep, layout.number), unsafe_allow_html=True)
        prefix = {"二": "t2.", "三": "t3.", "四": "t4."}[layout.number]
        for c in (c for c in failed if any(a.split(":", 1)[-1].startswith(prefix) for a in c.cells)):
            st.error(md(t("warn_cell", detail=c.detail)))
    if any(c.ocr for c in cells.values()):
        st.caption("* " + t("ocr"))


def cells_csv(store: Store, report_id: Optional[str]) -> str:
    """The cells CSV (the same as ``python -m index cells --csv``), notes in the page's language,
    with a BOM so that Excel opens the Chinese labels as UTF-8."""
    return cells_to_csv(store, report_id, lang(), bom=True)


def main() -> None:
    st.set_page_config(page_title="政府信息公开年报问答", layout="wide")
    st.markdown(STYLE, unsafe_allow_html=True)
    with st.sidebar:
        choice = st.radio(TEXT["lang"]["zh"], ["中文", "English"], horizontal=True, key="lang-choice")
        st.session_state["lang"] = "zh" if choice == "中文" else "en"
    st.title(t("title"))
    st.caption(t("caption"))
    try:
        store = get_store()
    except (ReportError, ValueError) as e:
        st.error(t("error", e=md(error_text(e, lang()))))
        return
    if store.notices and store.embedder is None:
        st.warning(t("model_notice"))
        st.caption(md(t("model_name", name=store.settings.embedding_model)))
    for notice in store.notices if store.embedder is not None else ():
        st.warning(md(sentence_text(notice, lang())))
    with st.sidebar:
        library(store)
    reports = store.reports()
    chat_tab, claims_tab, checks_tab, tables_tab = st.tabs([t("chat"), t("claims"), t("checks"), t("tables")])
    with chat_tab:
        chat(store, reports)
    with claims_tab:
        claims_panel(store, reports)
    with checks_tab:
        checks_panel(store, reports)
    with tables_tab:
        tables_panel(store, reports)


main()
