"""The chat page: ask the loaded reports, see each figure's cell and passage, manage the reports.

Presentation only: it calls ``retrieval`` and the orchestration layer ``pipeline`` (through their
facades, nothing deeper) and holds no logic of theirs. Everything taken from a report is escaped before it is rendered — a report is untrusted
input. Run with ``streamlit run app.py`` (the README's run command sets everything up first).
"""

from __future__ import annotations

import html
import io
import re
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import List, Optional, Sequence

import streamlit as st

from config import Settings
from errors import ReportError
from phrasing import format_number, location_text, notes_text
from pipeline import EXTENSIONS, Store, cells_to_csv, checks_of, format_to_layouts, ingest_files, page_image
from retrieval import Answer, CellCitation, PassageCitation, answer_question

TEXT = {
    "title": {"zh": "政府信息公开年报问答", "en": "Disclosure report assistant"},
    "caption": {"zh": "问年报里的数字，答案附单元格与原文出处。", "en": "Ask for a figure; every answer cites its cell and passage."},
    "lang": {"zh": "语言 / Language", "en": "语言 / Language"},
    "chat": {"zh": "问答", "en": "Chat"},
    "checks": {"zh": "核查", "en": "Checks"},
    "tables": {"zh": "表格", "en": "Tables"},
    "ask": {"zh": "输入问题，例如：2023年部分公开了多少件？", "en": "Ask, e.g. how many applications were partially disclosed?"},
    "examples": {"zh": "示例问题", "en": "Example questions"},
    "library": {"zh": "报告库", "en": "Library"},
    "upload": {"zh": "上传报告（PDF（含扫描件）、Word、HTML、TXT，可多选）",
               "en": "Upload reports (PDF, scanned too; Word, HTML, TXT; several at once)"},
    "import": {"zh": "导入", "en": "Import"},
    "scope": {"zh": "问答范围（不选即全部）", "en": "Ask only these reports (none = all)"},
    "all_reports": {"zh": "全部报告", "en": "All reports"},
    "delete": {"zh": "删除", "en": "Delete"},
    "no_reports": {"zh": "还没有报告。请上传。", "en": "No reports yet. Upload some."},
    "cells_found": {"zh": "单元格：{known} 已识别，{missing} 缺失，{ambiguous} 无法确定",
                    "en": "cells: {known} found, {missing} missing, {ambiguous} ambiguous"},
    "checks_failed": {"zh": "{n} 项核查未通过", "en": "{n} checks failed"},
    "all_checks_pass": {"zh": "所有核查均通过。", "en": "Every check passes."},
    "passed": {"zh": "已通过的核查（{n}）", "en": "Checks passed ({n})"},
    "report": {"zh": "报告", "en": "Report"},
    "csv_report": {"zh": "下载本报告 CSV", "en": "Download this report (CSV)"},
    "csv_all": {"zh": "下载全部 CSV", "en": "Download everything (CSV)"},
    "cell": {"zh": "单元格", "en": "Cell"},
    "passage": {"zh": "原文", "en": "Passage"},
    "table_n": {"zh": "表{n}", "en": "table {n}"},
    "row": {"zh": "行", "en": "row"},
    "col": {"zh": "列", "en": "column"},
    "address": {"zh": "地址", "en": "address"},
    "printed": {"zh": "原文此行", "en": "as printed"},
    "section": {"zh": "章节", "en": "section"},
    "value": {"zh": "数值", "en": "value"},
    "missing": {"zh": "缺失（报告未填）", "en": "missing (the report leaves it blank)"},
    "ambiguous": {"zh": "无法确定", "en": "ambiguous"},
    "candidates": {"zh": "可能的值：{v}", "en": "could be: {v}"},
    "page": {"zh": "第{p}页", "en": "page {p}"},
    "line": {"zh": "第{l}行", "en": "line {l}"},
    "paragraph": {"zh": "第{l}段", "en": "paragraph {l}"},
    "ocr": {"zh": "扫描件OCR识别", "en": "read by OCR from a scan"},
    "ocr_mark": {"zh": "（OCR）", "en": " (OCR)"},
    "ocr_page": {"zh": "正在识别扫描件 {name}：第 {p}/{n} 页（OCR）", "en": "Reading the scan {name} by OCR: page {p}/{n}"},
    "source": {"zh": "打开原文件", "en": "Open the source file"},
    "source_at": {"zh": "打开原文件（{where}）", "en": "Open the source file ({where})"},
    "cells_involved": {"zh": "涉及单元格", "en": "Cells involved"},
    "check_failed": {"zh": "核查未通过", "en": "Check failed"},
    "model_notice": {"zh": "未能加载嵌入模型。数字问答、单元格引用、核查、表格和报告库照常可用；原文段落只按字词检索，不按语义检索。",
                     "en": "The embedding model could not be loaded. Figures, cell citations, checks, tables and the "
                           "library work as usual; passages are found by their words only, not by meaning."},
    "importing": {"zh": "正在导入 {i}/{n}：{name}", "en": "Importing {i}/{n}: {name}"},
    "imported": {"zh": "已导入 {n} 个文件", "en": "Imported {n} file(s)"},
    "deleted": {"zh": "已删除 {name}", "en": "Deleted {name}"},
    "error": {"zh": "出错：{e}", "en": "Error: {e}"},
}
EXAMPLES = {
    "zh": ["广东省政数局2023年部分公开了多少件？", "其中自然人多少？", "不予公开一共几件？", "哪个单位新收申请最多？",
           "“粤省事”微信公众号粉丝数是多少？", "存在哪些问题？"],
    "en": ["How many applications were partially disclosed by the Guangdong data administration in 2023?",
           "How many applications did the Panyu District data bureau receive in 2023?",
           "Which body received the most new applications?"],
}


def t(key: str, **kw) -> str:
    return TEXT[key][st.session_state.get("lang", "zh")].format(**kw)


def esc(text) -> str:
    """Text from a report, for HTML (st.markdown with unsafe_allow_html)."""
    return html.escape("" if text is None else str(text))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:^=])")


def md(text) -> str:
    """Text from a report (or a user), for Markdown: no tag, link, image, emphasis or formula in it
    takes effect — angle brackets and ampersands become entities, other punctuation is backslashed."""
    out = html.escape("" if text is None else str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", out)


@st.cache_resource(show_spinner=False)
def open_store(store_dir: str, model: str) -> Store:
    """The store and its embedding model, loaded once per process."""
    return Store.open(Settings.from_env(store=store_dir, embedding_model=model))


def get_store() -> Store:
    settings = Settings.from_env()
    return open_store(settings.store, settings.embedding_model)


# ---------------------------------------------------------------- rendering citations


def table_html(store: Store, report_id: str, fmt: str, number: str, highlight: Sequence[str]) -> str:
    """A report's table 二/三/四 as the template lays it out, the cited cells highlighted."""
    layout = next(t_ for t_ in format_to_layouts(fmt) if t_.number == number)
    cells = {rc.cell.address: rc.cell for rc in store.cells(report_id)}
    out = [f'<div class="rtw"><table class="rt" data-table="{esc(number)}"><tbody>']
    if layout.columns:
        out.append('<tr class="cols"><th></th>' + "".join(f"<th>{esc(c)}</th>" for c in layout.columns) + "</tr>")
    shown_cols = None
    for row in layout.rows:
        tds = []
        for addr, col in zip(row.addresses, row.columns):
            c = cells.get(addr)
            text = esc(_cell_text(c))
            title = esc(f"{addr} · {col}" + (f" · {t('ocr')}" if c is not None and c.ocr else ""))
            classes = (["hl"] if addr in highlight else []) + (["ocr"] if c is not None and c.ocr else [])
            cls = f' class="{" ".join(classes)}"' if classes else ""
            tds.append(f'<td{cls} title="{title}" data-address="{esc(addr)}">{text}</td>')
        if not layout.columns and row.columns != shown_cols:
            # Table 二 is sub-tables with columns of their own: a header row where they change.
            shown_cols = row.columns
            out.append('<tr class="cols"><th></th>' + "".join(f"<th>{esc(c)}</th>" for c in row.columns) + "</tr>")
        out.append(f"<tr><th>{esc(row.label)}</th>{''.join(tds)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _cell_text(c) -> str:
    """A cell as the tables show it: its figure, 「—」 when missing, 「?」 when ambiguous; a figure read
    by OCR carries a mark (「*」, explained by the cell's tooltip and the caption under the table)."""
    if c is None or c.status == "missing":
        return "—"
    mark = "*" if c.ocr else ""
    if c.status == "ambiguous":
        return "?" + mark
    return format_number(c.value) + mark


STYLE = """
<style>
table.rt {border-collapse: collapse; font-size: 0.82rem; margin: 0.3rem 0;}
table.rt th, table.rt td {border: 1px solid #ccc; padding: 2px 6px; text-align: right;}
table.rt th {text-align: left; font-weight: normal; background: #f6f6f6;}
table.rt tr.cols th {white-space: nowrap; text-align: center;}
div.rtw {overflow-x: auto;}
table.rt td.hl {background: #ffe066; font-weight: bold; outline: 2px solid #d9480f;}
table.rt td.ocr {font-style: italic; color: #5c3d99;}
.psg mark {background: #ffe066; padding: 0 1px;}
</style>
"""


def where(kind: Optional[str], page: Optional[int], line: Optional[int]) -> str:
    """Where in its file a cell or passage stands (the page of a PDF, the paragraph of a Word file,
    the line of a text), in the page's language."""
    return location_text(kind, page, line, st.session_state.get("lang", "zh"))


def show_cell_citation(store: Store, cite: CellCitation, key: str) -> None:
    c, ref = cite.cell, cite.report
    rep = store.report(ref.id)
    at = where(rep.kind if rep else None, c.page, c.line)
    value = format_number(c.value) if c.status == "ok" else t(c.status) if c.status in TEXT else c.status
    if c.ocr:
        value += t("ocr_mark")
    parts = [f"{t('cell')}：{ref.agency or ref.id} {ref.year or ''}", t("table_n", n=c.table),
             f"{t('row')}“{c.row_label}”", f"{t('col')}“{c.col_label}”"] + ([at] if at else [])
    with st.expander(md(" · ".join(parts) + f" → {value}"), expanded=False):
        st.markdown(f"{t('row')}：{md(c.row_label)}　{t('col')}：{md(c.col_label)}　"
                    f"{t('value')}：**{md(value)}**　{t('address')}：`{c.address}`")
        if c.ocr:
            st.caption(t("ocr"))
        if c.source_text:
            st.caption(f"{t('printed')}：{md(c.source_text)}")
        if c.candidates:
            st.caption(t("candidates", v=md(" / ".join(format_number(v) for v in c.candidates))))
        if c.notes:
            st.caption(md(notes_text(c.notes, st.session_state.get("lang", "zh"))))
        if rep is not None:
            table = table_html(store, rep.id, rep.format, c.table, [c.address])
            png = _page_png(store, rep, c.page, [c.bbox] if c.bbox else [])
            if png is None:
                st.markdown(table, unsafe_allow_html=True)
            else:
                # The table and the printed page side by side: the cell marked in both.
                left, right = st.columns([2, 1])
                left.markdown(table, unsafe_allow_html=True)
                right.image(png, caption=t("page", p=c.page), width="stretch")
            _source_button(store, rep, at, key)


def show_passage_citation(store: Store, cite: PassageCitation, key: str) -> None:
    p, ref = cite.passage, cite.report
    rep = store.report(ref.id)
    at = where(rep.kind if rep else None, p.page, p.line)
    parts = [f"{t('passage')}：{ref.agency or ref.id} {ref.year or ''}"]
    parts += [p.section] if p.section else []
    parts += [at] if at else []
    with st.expander(md(" · ".join(parts)), expanded=bool(cite.sentence)):
        text = p.text
        hl = cite.highlight
        if hl is not None:
            a, b = hl
            body = esc(text[:a]) + "<mark>" + esc(text[a:b]) + "</mark>" + esc(text[b:])
        else:
            body = esc(text)
        st.markdown(f'<div class="psg">{body}</div>', unsafe_allow_html=True)
        if rep is not None:
            png = _page_png(store, rep, p.page, [p.bbox] if p.bbox else [])
            if png is not None:
                st.image(png, caption=t("page", p=p.page), width=700)
            _source_button(store, rep, at, key)


@st.cache_data(max_entries=64, show_spinner=False)
def page_png(path: str, mtime: float, page: int, boxes: tuple) -> Optional[bytes]:
    """A PDF page as PNG with the boxes drawn (cached: each rerun redraws every citation)."""
    img = page_image(Path(path), page, [tuple(b) for b in boxes])
    if img is None:
        return None
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _page_png(store: Store, rep, page: Optional[int], boxes) -> Optional[bytes]:
    """The cited page of a PDF report with its boxes drawn; None for other reports."""
    path = store.source_file(rep.id)
    if path is None or rep.kind != "pdf" or not page:
        return None
    return page_png(str(path), path.stat().st_mtime, int(page), tuple(tuple(b) for b in boxes))


def _source_button(store: Store, rep, at: str, key: str) -> None:
    """The report's file, to open at the cited page or line."""
    path = store.source_file(rep.id)
    if path is None:
        return
    mime = {"pdf": "application/pdf", "html": "text/html"}.get(rep.kind, "text/plain")
    st.download_button(t("source_at", where=at) if at else t("source"), data=path.read_bytes(),
                       file_name=Path(rep.path).name, mime=mime, key=f"src-{key}", on_click="ignore")


def show_answer(store: Store, answer: Answer, key: str) -> None:
    st.markdown(md(answer.answer).replace("\n", "  \n"))
    for i, c in enumerate(answer.cells):
        show_cell_citation(store, c, f"{key}-c{i}")
    for i, p in enumerate(answer.passages):
        show_passage_citation(store, p, f"{key}-p{i}")


# ---------------------------------------------------------------- panels


def report_label(r) -> str:
    """A report as a widget option (plain text, not Markdown)."""
    return f"{r.agency or r.id} {r.year or ''}".strip()


def library(store: Store) -> List[str]:
    """The sidebar: upload, the reports with their counts, delete, and the chat's scope."""
    st.header(t("library"))
    files = st.file_uploader(t("upload"), type=[e.lstrip(".") for e in EXTENSIONS], accept_multiple_files=True,
                             key=f"up-{st.session_state.get('uploads', 0)}")
    if files and st.button(t("import"), key="import", type="primary"):
        upload_reports(store, files)
    reports = store.reports()
    if not reports:
        st.info(t("no_reports"))
    for r in reports:
        with st.container(border=True):
            st.markdown(f"**{md(r.agency or r.id)}** · {md(r.year)} · {md(r.format)} · {md(r.kind)}")
            st.caption(t("cells_found", **asdict(r.cells)) + (" · " + t("checks_failed", n=r.checks_failed)
                                                               if r.checks_failed else ""))
            if st.button(t("delete"), key=f"del-{r.id}"):
                store.delete(r.id)
                if r.id in (st.session_state.get("scope") or []):
                    st.session_state["scope"] = [i for i in st.session_state["scope"] if i != r.id]
                st.session_state["flash"] = t("deleted", name=md(r.agency or r.id))
                st.rerun()
    labels = {r.id: report_label(r) for r in reports}
    if any(i not in labels for i in st.session_state.get("scope") or []):
        st.session_state["scope"] = [i for i in st.session_state["scope"] if i in labels]
    return st.multiselect(t("scope"), options=list(labels), format_func=lambda i: labels[i], key="scope",
                          placeholder=t("all_reports"))


def upload_reports(store: Store, files) -> None:
    """Import the uploaded files one by one, with a progress bar and each file's outcome."""
    bar = st.progress(0.0)
    with tempfile.TemporaryDirectory(prefix="uploads-") as tmp:
        paths = []
        for f in files:
            p = Path(tmp) / (Path(f.name).name or "report")
            p.write_bytes(f.getvalue())
            paths.append(p)
        for i, p in enumerate(paths, 1):
            bar.progress((i - 1) / len(paths), text=t("importing", i=i, n=len(paths), name=p.name))

            def on_ocr_page(path, page, pages, i=i):
                # A scan is read by OCR page by page, seconds a page: say which page the import is on.
                done = (i - 1 + (page - 1) / max(pages, 1)) / len(paths)
                bar.progress(done, text=t("ocr_page", name=path.name, p=page, n=pages))

            [res] = ingest_files([p], store.settings, store=store, progress=on_ocr_page)
            if res.status == "failed" or res.report is None:
                st.error(f"{md(p.name)}：{md(res.error)}")
            else:
                r = res.report
                st.success(f"{md(p.name)}：{md(res.status)} — {md(r.agency)} {md(r.year)} · "
                           + t("cells_found", **asdict(r.cells)))
                for w in r.warnings:
                    st.warning(f"{md(p.name)}：{md(w)}")
    bar.progress(1.0, text=t("imported", n=len(paths)))
    st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1


def chat(store: Store, scope: List[str]) -> None:
    msgs = st.session_state.setdefault("messages", [])
    for i, m in enumerate(msgs):
        with st.chat_message(m["role"]):
            if m["role"] == "user":
                st.markdown(md(m["content"]))
            else:
                show_answer(store, m["answer"], f"m{i}")
    lang = st.session_state.get("lang", "zh")
    st.caption(t("examples"))
    cols = st.columns(3)
    clicked = None
    for i, ex in enumerate(EXAMPLES[lang]):
        if cols[i % 3].button(ex, key=f"ex-{lang}-{i}"):
            clicked = ex
    question = st.chat_input(t("ask")) or clicked
    if question:
        earlier = [m["content"] for m in msgs if m["role"] == "user"]
        msgs.append({"role": "user", "content": question})
        try:
            answer = answer_question(store, question, scope or None, earlier)
        except ReportError as e:
            answer = Answer(question, "no_match", str(e))
        msgs.append({"role": "assistant", "answer": answer})
        st.rerun()


def checks_panel(store: Store) -> None:
    reports = store.reports()
    if not reports:
        st.info(t("no_reports"))
        return
    labels = {r.id: report_label(r) + (f" — {t('checks_failed', n=r.checks_failed)}" if r.checks_failed else "")
              for r in reports}
    rid = st.selectbox(t("report"), list(labels), key="checks-report", format_func=lambda i: labels[i])
    checks = [rc.check for rc in checks_of(store, rid)]
    failed = [c for c in checks if not c.passed]
    if not failed:
        st.success(t("all_checks_pass"))
    for c in failed:
        with st.container(border=True):
            st.error(f"**{t('check_failed')}**：{md(c.detail)}")
            st.markdown(f"{t('cells_involved')}：")
            st.markdown(involved_html(store, rid, c.cells), unsafe_allow_html=True)
    with st.expander(t("passed", n=len(checks) - len(failed))):
        for c in checks:
            if c.passed:
                st.markdown(f"✓ {md(c.detail)}")


def involved_html(store: Store, report_id: str, addresses: Sequence[str]) -> str:
    """The cells a check adds up, one row each: address, row, column and value as stored.

    Check 5 names the cells of two years as ``YEAR:address``; those are read from the report of
    the same body in that year.
    """
    rep = store.report(report_id)
    by_year = {r.year: r.id for r in store.reports() if rep is not None and r.agency == rep.agency}
    rows = []
    for a in addresses:
        rid, addr = report_id, a
        if re.match(r"^\d{4}:", a):
            year, addr = a.split(":", 1)
            rid = by_year.get(int(year), report_id)
        c = store.cell(rid, addr)
        label = (c.row_label, c.col_label, _cell_text(c)) if c else ("", "", "—")
        rows.append("<tr>" + "".join(f"<td>{esc(x)}</td>" for x in (a,) + label) + "</tr>")
    head = "".join(f"<th>{esc(t(k))}</th>" for k in ("address", "row", "col", "value"))
    return f'<table class="rt cells"><tbody><tr>{head}</tr>{"".join(rows)}</tbody></table>'


def tables_panel(store: Store) -> None:
    reports = store.reports()
    if not reports:
        st.info(t("no_reports"))
        return
    labels = {r.id: report_label(r) for r in reports}
    rid = st.selectbox(t("report"), list(labels), key="tables-report", format_func=lambda i: labels[i])
    rep = store.report(rid)
    if rep is None:
        return
    c1, c2 = st.columns(2)
    c1.download_button(t("csv_report"), cells_csv(store, rid), file_name=f"{rid}.csv", mime="text/csv", key="csv1",
                       on_click="ignore")
    c2.download_button(t("csv_all"), cells_csv(store, None), file_name="all-reports.csv", mime="text/csv", key="csv2",
                       on_click="ignore")
    st.caption(md(rep.title))
    for layout in format_to_layouts(rep.format):
        st.markdown(f"**表{layout.number}　{md(layout.title)}**")
        st.markdown(table_html(store, rid, rep.format, layout.number, []), unsafe_allow_html=True)
    if any(rc.cell.ocr for rc in store.cells(rid)):
        st.caption("* " + t("ocr"))


def cells_csv(store: Store, report_id: Optional[str]) -> str:
    """The cells CSV (the same as ``python -m index cells --csv``), notes in the page's language,
    with a BOM so that Excel opens the Chinese labels as UTF-8."""
    return cells_to_csv(store, report_id, st.session_state.get("lang", "zh"), bom=True)


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
        st.error(t("error", e=md(e)))
        return
    for notice in store.notices:
        st.warning(t("model_notice"))
        st.caption(md(notice))
    if st.session_state.get("flash"):
        st.success(st.session_state.pop("flash"))
    with st.sidebar:
        scope = library(store)
    chat_tab, checks_tab, tables_tab = st.tabs([t("chat"), t("checks"), t("tables")])
    with chat_tab:
        chat(store, scope)
    with checks_tab:
        checks_panel(store)
    with tables_tab:
        tables_panel(store)


main()
