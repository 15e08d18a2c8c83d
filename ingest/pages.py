"""Page images of a PDF report with boxes drawn on them: what a citation shows of its source."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from model import BBox

if TYPE_CHECKING:
    from PIL import Image


def page_image(path: Path, page: int, boxes: Sequence[BBox] = (), resolution: int = 100) -> Optional["Image.Image"]:
    """Given a PDF, a 1-based page number and boxes in PDF points, return the page as a PIL image
    with each box outlined, or None when the file or page is not there."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            if not 1 <= page <= len(pdf.pages):
                return None
            p = pdf.pages[page - 1]
            img = p.to_image(resolution=resolution)
            for box in boxes:
                x0, top, x1, bottom = box
                pad = 2
                img.draw_rect((x0 - pad, top - pad, x1 + pad, bottom + pad), fill=(255, 230, 0, 70),
                              stroke=(220, 30, 30), stroke_width=3)
            return img.annotated.convert("RGB")
    except Exception:  # noqa: BLE001 - a source that cannot be drawn just shows no image
        return None


def pdf_page_count(path: Path) -> Optional[int]:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages)
    except Exception:  # noqa: BLE001
        return None
