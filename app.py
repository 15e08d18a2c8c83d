"""The chat page: ask the loaded reports, see each figure's cell and passage, manage the reports.

Presentation only: it calls ``retrieval`` and ``index`` (through their facades) and holds no logic
of theirs. Everything taken from a report is escaped before it is rendered — a report is untrusted
input. Run with ``streamlit run app.py`` (the README's run command sets everything up first).
"""

from __future__ import annotations

import html
import io
import csv
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

import streamlit as st

from config import Settings
from errors import ReportError
from index import Store, ingest_files
from ingest import EXTENSIONS, format_to_layouts, page_image
from retrieval import answer_question

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
    "upload": {"zh": "上传报告（PDF、HTML、TXT，可多选）", "en": "Upload reports (PDF, HTML, TXT; several at once)"},
    "import": {"zh": "导入", "en": "Import"},
    "scope": {"zh": "问答范围（不选即全部）", "en": "Ask only these reports (none = all)"},
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
    "page": {"zh": "第{p}页", "en": "page {p}"},
    "line": {"zh": "第{l}行", "en": "line {l}"},
    "source": {"zh": "下载原文件", "en": "Download the source file"},
    "cells_involved": {"zh": "涉及单元格", "en": "Cells involved"},
    "importing": {"zh": "正在导入 {i}/{n}：{name}", "en": "Importing {i}/{n}: {name}"},
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
    return html.escape("" if text is None else str(text))


@st.cache_resource(show_spinner=False)
def open_store(store_dir: str, model: str) -> Store:
    """The store and its embedding model, loaded once per process."""
    return Store.open(Settings.from_env(store=store_dir, embedding_model=model))


def get_store() -> Store:
    settings = Settings.from_env()
    return open_store(settings.store, settings.embedding_model)


# ---------------------------------------------------------------- rendering citations


def table_html(store: Store, report_id: str, fmt: str, number: str, highlight: List[str]) -> str:
    """A report's table 二/三/四 as the template lays it out, the cited cells highlighted."""
    layout = next(t_ for t_ in format_to_layouts(fmt) if t_.number == number)
    cells = {c.address: c for _, c in store.cells(report_id)}
    out = ['<table class="rt"><tbody>']
    if layout.columns:
        out.append("<tr><th></th>" + "".join(f"<th>{esc(c)}</th>" for c in layout.columns) + "</tr>")
    for row in layout.rows:
        tds = []
        for addr, col in zip(row.addresses, row.columns):
            c = cells.get(addr)
            text = esc(_cell_text(c))
            title = esc(f"{addr} · {col}")
            cls = ' class="hl"' if addr in highlight else ""
            tds.append(f'<td{cls} title="{title}">{text}</td>')
        head = "" if layout.columns else "".join(f"<th>{esc(c)}</th>" for c in row.columns)
        if head:
            out.append(f"<tr><th></th>{head}</tr>")
        out.append(f"<tr><th>{esc(row.label)}</th>{''.join(tds)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell_text(c) -> str:
    if c is None or c.status == "missing":
        return "—"
    if c.status == "ambiguous":
        return "?"
    v = float(c.value)
    return str(int(v)) if v.is_integer() else f"{v:g}"


STYLE = """
<style>
table.rt {border-collapse: collapse; font-size: 0.82rem; margin: 0.3rem 0;}
table.rt th, table.rt td {border: 1px solid #ccc; padding: 2px 6px; text-align: right;}
table.rt th {text-align: left; font-weight: normal; background: #f6f6f6;}
table.rt td.hl {background: #ffe066; font-weight: bold; outline: 2px solid #d9480f;}
.psg mark {background: #ffe066;}
</style>
"""


def show_cell_citation(store: Store, c: dict, key: str) -> None:
    rep = store.report(c["report"]["id"])
    where = t("page", p=c["page"]) if c.get("page") else (t("line", l=c["line"]) if c.get("line") else "")
    value = c["value"] if c["status"] == "ok" else c["status"]
    title = f"{t('cell')} · {c['report']['agency']} {c['report']['year']} · 表{c['table']} · {c['row_label']} · {c['col_label']} = {value} · {where}"
    with st.expander(title, expanded=False):
        st.markdown(f"`{esc(c['address'])}` — {esc(c.get('source_text') or '')}")
        if c.get("note"):
            st.caption(c["note"])
        if rep is not None:
            st.markdown(table_html(store, rep.id, rep.format, c["table"], [c["address"]]), unsafe_allow_html=True)
            _source_view(store, rep, c.get("page"), [c["bbox"]] if c.get("bbox") else [], key)


def show_passage_citation(store: Store, p: dict, key: str) -> None:
    rep = store.report(p["report"]["id"])
    where = t("page", p=p["page"]) + (f" · {t('line', l=p['line'])}" if p.get("line") else "")
    title = f"{t('passage')} · {p['report'].get('agency')} {p['report'].get('year')} · {p['section'] or ''} · {where}"
    with st.expander(title, expanded=bool(p.get("sentence"))):
        text = p["text"]
        hl = p.get("highlight")
        if hl and hl[0] is not None and hl[0] >= 0:
            a, b = hl
            body = esc(text[:a]) + "<mark>" + esc(text[a:b]) + "</mark>" + esc(text[b:])
        else:
            body = esc(text)
        st.markdown(f'<div class="psg">{body}</div>', unsafe_allow_html=True)
        if rep is not None:
            _source_view(store, rep, p.get("page"), [p["bbox"]] if p.get("bbox") else [], key)


def _source_view(store: Store, rep, page: Optional[int], boxes, key: str) -> None:
    path = store.source_file(rep.id)
    if path is None:
        return
    if rep.kind == "pdf" and page:
        img = page_image(path, page, [tuple(b) for b in boxes])
        if img is not None:
            st.image(img, caption=t("page", p=page), use_container_width=True)
    st.download_button(t("source"), data=path.read_bytes(), file_name=Path(rep.path).name, key=f"src-{key}")


def show_answer(store: Store, answer: dict, key: str) -> None:
    st.markdown(esc(answer["answer"]).replace("\n", "  \n"))
    for i, c in enumerate(answer.get("cells") or []):
        show_cell_citation(store, c, f"{key}-c{i}")
    for i, p in enumerate(answer.get("passages") or []):
        show_passage_citation(store, p, f"{key}-p{i}")


# ---------------------------------------------------------------- panels


def library(store: Store) -> List[str]:
    """The sidebar: upload, the reports with their counts, delete, and the chat's scope."""
    st.header(t("library"))
    files = st.file_uploader(t("upload"), type=[e.lstrip(".") for e in EXTENSIONS], accept_multiple_files=True,
                             key=f"up-{st.session_state.get('uploads', 0)}")
    if files and st.button(t("import"), key="import"):
        upload_reports(store, files)
    reports = store.reports()
    if not reports:
        st.info(t("no_reports"))
    for r in reports:
        with st.container(border=True):
            st.markdown(f"**{esc(r.agency or r.id)}** · {esc(r.year)} · {esc(r.format)} · {esc(r.kind)}")
            st.caption(t("cells_found", **r.cells) + (" · " + t("checks_failed", n=r.checks_failed) if r.checks_failed else ""))
            if st.button(t("delete"), key=f"del-{r.id}"):
                store.delete(r.id)
                st.session_state["flash"] = t("deleted", name=r.agency or r.id)
                st.rerun()
    labels = {r.id: f"{r.agency or r.id} {r.year or ''}" for r in reports}
    return st.multiselect(t("scope"), options=list(labels), format_func=lambda i: labels[i], key="scope")


def upload_reports(store: Store, files) -> None:
    folder = Path(tempfile.mkdtemp(prefix="uploads-", dir=str(store.folder)))
    paths = []
    for f in files:
        p = folder / Path(f.name).name
        p.write_bytes(f.getvalue())
        paths.append(p)
    bar = st.progress(0.0)
    for i, p in enumerate(paths, 1):
        bar.progress((i - 1) / len(paths), text=t("importing", i=i, n=len(paths), name=p.name))
        [res] = ingest_files([p], store.settings, store=store)
        if res["status"] == "failed":
            st.error(f"{p.name}: {res['error']}")
        else:
            r = res["report"]
            st.success(f"{p.name}: {res['status']} — {r['agency']} {r['year']} · "
                       + t("cells_found", **r["cells"]))
            for w in r.get("warnings") or []:
                st.warning(f"{p.name}: {w}")
    bar.progress(1.0)
    st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1


def chat(store: Store, scope: List[str]) -> None:
    msgs = st.session_state.setdefault("messages", [])
    for i, m in enumerate(msgs):
        with st.chat_message(m["role"]):
            if m["role"] == "user":
                st.markdown(esc(m["content"]))
            else:
                show_answer(store, m["answer"], f"m{i}")
    lang = st.session_state.get("lang", "zh")
    st.caption(t("examples"))
    cols = st.columns(3)
    clicked = None
    for i, ex in enumerate(EXAMPLES[lang]):
        if cols[i % 3].button(ex, key=f"ex-{i}"):
            clicked = ex
    question = st.chat_input(t("ask")) or clicked
    if question:
        earlier = [m["content"] for m in msgs if m["role"] == "user"]
        msgs.append({"role": "user", "content": question})
        try:
            answer = answer_question(store, question, scope or None, earlier).to_json()
        except ReportError as e:
            answer = {"question": question, "status": "no_match", "answer": str(e), "value": None, "cells": [],
                      "passages": []}
        msgs.append({"role": "assistant", "answer": answer})
        st.rerun()


def checks_panel(store: Store) -> None:
    reports = store.reports()
    if not reports:
        st.info(t("no_reports"))
        return
    rid = st.selectbox(t("report"), [r.id for r in reports], key="checks-report",
                       format_func=lambda i: next(f"{r.agency} {r.year}" for r in reports if r.id == i))
    checks = [c for _, c in store.checks(rid)]
    failed = [c for c in checks if not c.passed]
    if not failed:
        st.success(t("all_checks_pass"))
    for c in failed:
        st.error(f"{c.detail}\n\n{t('cells_involved')}: " + ", ".join(f"`{a}`" for a in c.cells))
    with st.expander(t("passed", n=len(checks) - len(failed))):
        for c in checks:
            if c.passed:
                st.markdown(f"✓ {esc(c.detail)}")


def tables_panel(store: Store) -> None:
    reports = store.reports()
    if not reports:
        st.info(t("no_reports"))
        return
    rid = st.selectbox(t("report"), [r.id for r in reports], key="tables-report",
                       format_func=lambda i: next(f"{r.agency} {r.year}" for r in reports if r.id == i))
    rep = store.report(rid)
    for layout in format_to_layouts(rep.format):
        st.markdown(f"**表{layout.number}　{esc(layout.title)}**")
        st.markdown(table_html(store, rid, rep.format, layout.number, []), unsafe_allow_html=True)
    c1, c2 = st.columns(2)
    c1.download_button(t("csv_report"), cells_csv(store, rid), file_name=f"{rid}.csv", mime="text/csv", key="csv1")
    c2.download_button(t("csv_all"), cells_csv(store, None), file_name="all-reports.csv", mime="text/csv", key="csv2")


def cells_csv(store: Store, report_id: Optional[str]) -> str:
    refs = {r.id: r for r in store.reports()}
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["report_id", "agency", "year", "address", "status", "value", "table", "row_label", "col_label", "page",
                "line", "source_text"])
    for rid, c in store.cells(report_id):
        r = refs.get(rid)
        w.writerow([rid, r.agency if r else "", r.year if r else "", c.address, c.status, c.value, c.table, c.row_label,
                    c.col_label, c.page, c.line, c.source_text])
    return buf.getvalue()


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
    except ReportError as e:
        st.error(t("error", e=e))
        return
    for notice in store.notices:
        st.info(notice)
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
