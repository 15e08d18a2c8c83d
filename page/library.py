"""The library, in the sidebar: what was just done (above the rest, where the reader is), the
uploader (files, a folder, ZIPs), the imports under way — a bar a file, read in the background so
that questions are answered meanwhile — and the reports grouped by body across years and printed
names, each with delete (asked first).

Its session state: the uploader of the next pick ("uploads", "upload-folder"), the imports this
session handed over ("import-batches", "import-done-seen"), what the last import and delete said
("upload_results" — said until the reader clears it or imports again —, "flash"), the report whose
delete is being asked ("confirm_delete")."""

from __future__ import annotations

from pathlib import Path
from typing import List, Sequence, Tuple

import streamlit as st

from model import StoredReport
from page.render import esc, md, name_of
from page.state import CHAT_SCOPE, lang
from page.texts import TEXT, t
from phrasing import error_text, sentence_text
from pipeline import EXTENSIONS, BodyReports, ImportQueue, IngestOutcome, Job, Store, library_groups


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


@st.cache_resource(show_spinner=False)
def _queue(_store: Store, folder: str) -> ImportQueue:
    return ImportQueue(_store)


def import_queue(store: Store) -> ImportQueue:
    """Given the store, return its background importer (one a process: every session's imports go
    through it, one file at a time)."""
    return _queue(store, str(store.folder))


def library_panel(store: Store) -> None:
    """Given the store, draw the library in the sidebar: what was just done (in view, above the
    rest), the uploader (files, a folder, ZIPs), the imports under way, the reports by body."""
    st.header(t("library"))
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash, icon=":material/delete:")
    said = st.session_state.get("upload_results", [])
    for level, text in said:
        getattr(st, level)(text)
    if said and st.button(t("clear_notices"), key="clear-notices", type="tertiary", icon=":material/close:"):
        st.session_state.pop("upload_results", None)
        st.rerun()
    st.markdown(uploader_style(), unsafe_allow_html=True)
    folder = st.toggle(t("upload_folder"), key="upload-folder")
    files = st.file_uploader(t("upload_dir") if folder else t("upload"), type=[e.lstrip(".") for e in EXTENSIONS] + ["zip"],
                             accept_multiple_files="directory" if folder else True,
                             key=f"up-{'dir' if folder else 'files'}-{st.session_state.get('uploads', 0)}")
    st.caption(t("upload_limit", mb=f"{store.settings.max_file_mb:g}"))
    queue = import_queue(store)
    batches: List[int] = st.session_state.setdefault("import-batches", [])
    if files and st.button(t("import", n=len(files)), key="import", type="primary"):
        batches.append(queue.submit([(f.name, f.getvalue()) for f in files]))
        # What the last import said is over; a new uploader for the next pick (the old one still
        # holds these files, and a file picked into it after an import would be lost).
        st.session_state.pop("upload_results", None)
        st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1
        st.rerun()
    if batches:
        import_progress(store)
    groups = library_groups(store)
    if not groups:
        st.info(t("no_reports"))
    for body in groups:
        body_card(store, body)


@st.fragment(run_every=1.0)
def import_progress(store: Store) -> None:
    """The imports this session handed over, a bar a file, redrawn every second on its own (the rest
    of the page is not rerun, nor greyed, and a question asked meanwhile is answered). When a file
    is done, the page reruns so that the library shows it; when all are, what each did is said once
    above the uploader, and the bars go."""
    queue = import_queue(store)
    batches: List[int] = st.session_state.get("import-batches", [])
    jobs = queue.jobs(batches)
    if not jobs:
        st.session_state["import-batches"] = []
        return
    done = sum(1 for j in jobs if j.done)
    with st.container(border=True):
        st.markdown(f"**{md(t('importing_n', done=done, n=len(jobs)))}**")
        for j in jobs:
            st.progress(j.progress, text=job_text(j))
    seen = st.session_state.get("import-done-seen", 0)
    if done == len(jobs):
        st.session_state["upload_results"] = outcomes_said(jobs)
        st.session_state["import-batches"] = []
        st.session_state["import-done-seen"] = 0
        queue.forget(batches)
        st.rerun(scope="app")
    elif done > seen:
        st.session_state["import-done-seen"] = done
        st.rerun(scope="app")  # the library shows the reports stored so far


def job_text(j: Job) -> str:
    """Given a job, return its bar's words: waiting, being read (which page of a scan), or what it did."""
    if j.state == "queued":
        return md(t("job_queued", name=j.name))
    if j.state == "reading":
        return md(t("ocr_page", name=j.name, p=j.page, n=j.pages) if j.pages else t("job_reading", name=j.name))
    return outcome_of(j)[1]


def outcome_of(j: Job) -> Tuple[str, str]:
    """Given a job that is done, return what to say of it: (the st element to say it with, the text)."""
    if j.refusal is not None:
        return "error", md(t("out_refused", file=j.name, why=error_text(j.refusal.error, lang())))
    assert j.outcome is not None
    return outcome_lines(j.outcome, j.name)


def outcomes_said(jobs: Sequence[Job]) -> List[Tuple[str, str]]:
    """Given the jobs of the imports just done, return what to say: a summary of the counts, then
    each file's outcome and its report's warnings, in the page's language."""
    counts = {"ingested": 0, "replaced": 0, "unchanged": 0, "failed": 0, "refused": 0}
    said: List[Tuple[str, str]] = []
    for j in jobs:
        status = "refused" if j.refusal is not None else j.outcome.status if j.outcome is not None else "failed"
        counts[status if status in counts else "failed"] += 1
        said.append(outcome_of(j))
        r = j.outcome.report if j.outcome is not None else None
        if r is not None and j.outcome is not None and j.outcome.status != "unchanged":
            said += [("warning", md(f"{j.name}：{sentence_text(w, lang())}")) for w in r.warnings]
    joint = "，" if lang() == "zh" else ", "
    parts = joint.join(t(f"n_{k}", n=n) for k, n in counts.items() if n)
    bad = counts["failed"] + counts["refused"]
    level = "error" if bad and bad == len(jobs) else "warning" if bad else "success"
    return [(level, md(t("import_done", parts=parts)))] + said


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
