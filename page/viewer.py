"""The source viewer and the printed pages: a cited page drawn with its boxes (the band of it that
holds the table, for a citation; whole, in the viewer), and the report's file opened over the page at
the cited page or line, to turn page by page or download."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Optional, Sequence, Tuple

import streamlit as st

from model import BBox, StoredReport
from page.render import esc, md, name_of, where
from page.state import cells_of
from page.texts import t
from pipeline import Store, page_image

#: Resolution of a page opened whole: 150 dpi draws an A4 page 1240 px wide.
PAGE_DPI = 150
#: Width a band of a cited page is drawn at, at least: the box reads at the chat's width.
CROP_PIXELS = 1100
#: Points above a table's first figures kept in a band of its page: the header of its columns.
TABLE_HEADER = 140.0
#: Around a crop of a page: points of the page kept above and below the table and the box.
CROP_MARGIN = 24.0


@st.cache_data(max_entries=128, show_spinner=False)
def page_png(path: str, mtime: float, page: int, boxes: Tuple[BBox, ...],
             band: Optional[Tuple[float, float]] = None) -> Optional[bytes]:
    """Given a PDF's path and modification time (which keys the cache), a page and boxes on it,
    return the page as PNG with the boxes drawn — whole at PAGE_DPI, or the band of it between two
    heights (PDF points), the page's full width drawn CROP_PIXELS wide; None when the page cannot be
    drawn (cached: a citation is drawn once however often the page reruns)."""
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
    """Given a report, a cited page, the boxes on it and the table the cited cells stand in (None
    for a passage), return the cited part of the page as PNG: the band of the page that holds the
    table (its header too) and the boxes, across the page's width — its row labels and the box read
    at the chat's width; None for a report that is not a PDF."""
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


def open_source(store: Store, rep: StoredReport, page: Optional[int], line: Optional[int],
                boxes: Sequence[BBox]) -> None:
    """Given a report, the cited page or line and the boxes on that page, open the report's file
    there in a dialog over the page: a PDF's page drawn at full size with the boxes, to turn page by
    page; a text's lines around the cited one. The dialog's place in the file is this view's session
    state ("viewer"), kept across the reruns its buttons cause."""
    st.session_state["viewer"] = {"id": rep.id, "page": page or 1, "cited": page or 1, "line": line,
                                  "boxes": [tuple(b) for b in boxes]}
    st.dialog(t("viewer"), width="large")(_source_viewer)(store)


def _source_viewer(store: Store) -> None:
    """The dialog's body: the file at the place ``open_source`` kept, and the file to download."""
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
    """Given a text file and a line of it, return the lines around it in HTML, that line marked."""
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
    """Given a report, the cited page or line, its boxes and a widget key, draw 「打开原文第N页」: a
    button that opens the file at the cited place, in the page (nothing when the file is not kept)."""
    at = where(rep.kind, page, line)
    if store.source_file(rep.id) is None:
        return
    if st.button(t("open_at", where=at) if at else t("open_source"), key=f"src-{key}", icon=":material/open_in_new:"):
        open_source(store, rep, page, line, boxes)
