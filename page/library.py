"""The library, in the sidebar: what was just done (above the rest, where the reader is), the
uploader and each file's outcome, and the reports grouped by body across years and printed names,
each with delete (asked first). Its session state: the uploader of the next pick ("uploads"), what
the last import and delete said ("upload_results", "flash"), the report whose delete is being asked
("confirm_delete")."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import List, Tuple

import streamlit as st

from model import StoredReport
from page.render import esc, md, name_of
from page.state import CHAT_SCOPE, lang
from page.texts import TEXT, t
from phrasing import error_text, sentence_text
from pipeline import EXTENSIONS, BodyReports, IngestOutcome, Store, ingest_files, library_groups


def uploader_style() -> str:
    """Return the style sheet that puts the uploader's own words (Streamlit's, in English, with its
    200MB default) in the page's language and without the default limit (the real one is said in the
    caption under it)."""
    return f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] span, [data-testid="stFileUploaderDropzoneInstructions"] small
{{display: none;}}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before
{{content: "{t('drop_here')}"; font-size: 0.9rem;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{display: none;}}
[data-testid="stFileUploaderDropzone"] button:has([data-testid="stMarkdownContainer"])::after {{content: "{t('browse')}"; font-size: 0.9rem;}}
</style>"""


def library_panel(store: Store) -> None:
    """Given the store, draw the library in the sidebar: what was just done (in view, above the
    rest), the uploader, the reports by body."""
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
    """Given a body's reports, draw its card: its name, the other names it printed, and each year
    with what matters to a reader (kind, pages, cells found, failed checks, the report's warnings) and
    its delete button."""
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
            for w in r.warnings:
                # What the parser could not find or put right (a body's name misread in a scanned
                # title, read as the report's own words print it), where the reader looks at the report.
                st.caption("⚠ " + md(sentence_text(w, lang())))
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
    """Given a report the reader confirmed, delete it, take it out of the chat's scope, and say so
    at the top of the library (and in a toast) after the rerun."""
    store.delete(r.id)
    st.session_state.pop("confirm_delete", None)
    if r.id in (st.session_state.get(CHAT_SCOPE) or []):
        st.session_state[CHAT_SCOPE] = [i for i in st.session_state[CHAT_SCOPE] if i != r.id]
    message = t("deleted", name=name_of(r))
    st.session_state["flash"] = md(message)
    st.toast(message, icon=":material/delete:")
    st.rerun()


def outcome_lines(res: IngestOutcome, file: str) -> Tuple[str, str]:
    """Given one file's import outcome and the file's name, return what to say of it in the page's
    language: (the st element to say it with, the text)."""
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
    """Given the uploaded files, import them one by one, with a progress bar; return what to say: a
    summary of the counts, then each file's outcome and its report's warnings, in the page's
    language."""
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
