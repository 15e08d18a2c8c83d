"""Scans made from PDFs, as a portal's 「图片版」 report is made: each page printed, scanned at 150 dpi a
little askew, with dust on the glass, and saved as a JPEG inside a PDF with no text layer.

Used by the OCR tests and by ``bench/ocr.py``; deterministic for a given seed, so a scan and its
OCR results can be cached.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Optional, Sequence

#: How the tests and the benchmark make their scans (issue 14): 150 dpi, rotated by up to a degree,
#: speckled, JPEG-compressed.
DPI = 150
MAX_ANGLE = 1.0
SPECKS_PER_PAGE = 400
JPEG_QUALITY = 60


def page_to_scan(image, angle: float, rng: random.Random, specks: int = SPECKS_PER_PAGE,
                 quality: int = JPEG_QUALITY) -> bytes:
    """Given a page image (PIL), an angle in degrees and a random source, return the page as a scan:
    rotated on a white ground, speckled with dark and light dots, as JPEG bytes."""
    from PIL import Image, ImageDraw

    gray = image.convert("L").rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    draw = ImageDraw.Draw(gray)
    w, h = gray.size
    for _ in range(specks):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.choice((0, 0, 1, 1, 2))
        shade = rng.choice((0, 40, 90, 255))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    out = io.BytesIO()
    gray.save(out, format="JPEG", quality=quality, dpi=(DPI, DPI))
    return out.getvalue()


def pdf_to_scan(pdf: Path, out: Path, seed: int = 14, pages: Optional[Sequence[int]] = None,
                dpi: int = DPI) -> Path:
    """Given a PDF and an output path, write a scan of it there (every page an image, no text) and
    return the path; ``pages`` (1-based) limits the scan to those pages, the others left as text
    (a partly scanned PDF, as a report whose tables were pasted in as pictures)."""
    import img2pdf
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        wanted = set(range(1, len(doc) + 1)) if pages is None else set(pages)
        images = []
        for i in range(len(doc)):
            angle = rng.uniform(0.5, MAX_ANGLE) * rng.choice((-1, 1))
            if i + 1 in wanted:
                bitmap = doc[i].render(scale=dpi / 72)
                images.append(page_to_scan(bitmap.to_pil(), angle, rng))
            else:
                images.append(None)
    finally:
        doc.close()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if all(img is not None for img in images):
        out.write_bytes(img2pdf.convert(images))
        return out
    return _mixed_pdf(pdf, images, out)


def _mixed_pdf(pdf: Path, images, out: Path) -> Path:
    """Given the source PDF and per page a scan or None, write the source with the scanned pages
    replaced by their images (the other pages keep their text layer)."""
    import img2pdf
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(pdf))
    dst = pdfium.PdfDocument.new()
    try:
        for i, img in enumerate(images):
            if img is None:
                dst.import_pages(src, [i])
            else:
                one = pdfium.PdfDocument(img2pdf.convert([img]))
                dst.import_pages(one, [0])
        dst.save(str(out))
    finally:
        src.close()
        dst.close()
    return out
