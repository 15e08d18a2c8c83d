"""OCR of scanned pages: a page image to characters with boxes and the ruling lines of its tables.

A scanned report (「图片版」) has pages that are pictures. Each such page is rendered at a fixed
resolution (so memory is bounded whatever the file says), straightened (scans are a little askew),
its ruling lines found with morphology and erased, its dust removed, and then read by an OCR
engine. What comes out is shaped like what pdfplumber gives for a text page — characters with boxes
in PDF points and horizontal and vertical edges — so the PDF reader rebuilds the tables of a scan
with the same code as those of a text PDF (``ingest/pdf.py``).

The engine is RapidOCR (PP-OCRv4 Chinese models, in its wheel, run by onnxruntime: no network);
Tesseract (Debian's ``chi_sim``) is here too, for ``bench/ocr.py``'s comparison. Results are cached
per file by its SHA-256 (``ScanCache``), so a scan is read once.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

__all__ = ["OCR_DPI", "ScanPage", "ScanCache", "image_to_scan_page", "load_engine", "rotate_box_back"]

#: Pages are rendered for OCR at this resolution: enough for 9-point table text, and memory stays
#: bounded (an A4 page is 1654 × 2339 pixels, 4 MB in grey).
OCR_DPI = 200
#: A page larger than this many pixels at OCR_DPI is rendered smaller (a poster-sized "page" must not
#: take gigabytes).
MAX_PIXELS = 12_000_000
#: Scans are straightened when they lean by less than this many degrees (more is not a scan of an
#: upright page, and is left as it is).
MAX_SKEW = 3.0
#: A ruling line is at least this long, in points: longer than any stroke of a character (a table's
#: narrowest column is about 30 points wide). A vertical one may be as short as a table row, so it
#: must also meet a horizontal one, as every rule of a table does.
MIN_RULE_H = 25.0
MIN_RULE_V = 12.0
#: How close (points) a vertical rule's end must come to a horizontal rule to be one of its table.
RULE_MEET = 2.0
#: A dark dot smaller than this many square points with no ink near it is dust, not a full stop.
SPECK_AREA = 1.2
SPECK_CLEARANCE = 2.5
#: RapidOCR's thresholds: the lowest confidence of a text read kept, and of a text box detected.
TEXT_SCORE = 0.5
BOX_THRESH = 0.5
#: At most this many blobs of unread ink are read one by one on a page (a page of figures has a few
#: dozen; more is a picture, not text).
MAX_MISSED = 300
#: Version of what this module produces: cached results of another version are read again.
PIPELINE = "scan-8"

Box = Tuple[float, float, float, float]


@dataclass(frozen=True)
class ScanPage:
    """What OCR read from one page: chars and edges shaped like pdfplumber's, in PDF points of the
    straightened page, and the angle the page was turned by (degrees) to straighten it.

    ``chars`` are dicts with ``text``, ``x0``, ``top``, ``x1``, ``bottom``, ``size`` (and ``score``,
    the engine's confidence in the run of text the char belongs to); ``edges`` are dicts with
    ``orientation`` ("h" or "v"), ``x0``, ``top``, ``x1``, ``bottom``, ``width``, ``height``.
    """

    width: float
    height: float
    angle: float
    chars: Tuple[dict, ...]
    edges: Tuple[dict, ...]

    def to_json(self) -> dict:
        return {"width": self.width, "height": self.height, "angle": self.angle,
                "chars": [[c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["size"], c.get("score", 1.0)]
                          for c in self.chars],
                "edges": [[e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]] for e in self.edges]}

    @classmethod
    def from_json(cls, d: dict) -> "ScanPage":
        chars = tuple(_char(t, x0, top, x1, bottom, size, score) for t, x0, top, x1, bottom, size, score in d["chars"])
        edges = tuple(_edge(o, x0, top, x1, bottom) for o, x0, top, x1, bottom in d["edges"])
        return cls(d["width"], d["height"], d["angle"], chars, edges)


def _char(text: str, x0: float, top: float, x1: float, bottom: float, size: float, score: float = 1.0) -> dict:
    return {"text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "size": size, "score": score,
            "upright": True, "fontname": "OCR"}


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"orientation": orientation, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "object_type": "line"}


# --- engines ---------------------------------------------------------------------------------------

#: A run of text the engine read, and the box of each of its characters (pixels), or one box for all.
Run = Tuple[str, List[Box], float]


class RapidEngine:
    """RapidOCR with the PP-OCRv4 Chinese detection and recognition models its wheel ships."""

    name = "rapidocr"

    def __init__(self) -> None:
        import logging

        from rapidocr_onnxruntime import RapidOCR

        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        # No angle classifier: pages are straightened first, and it costs a tenth of the time.
        self._ocr = RapidOCR(use_cls=False)
        self.version = _package_version("rapidocr-onnxruntime")

    def read(self, gray) -> List[Run]:
        """Given a grey page image (numpy), return its runs of text with a box per character."""
        import numpy as np

        rgb = np.stack([gray] * 3, axis=-1)
        # The engine's defaults, measured against lower ones: those read more dust as 「.」 and 「·」.
        result, _ = self._ocr(rgb, use_cls=False, return_word_box=True, text_score=TEXT_SCORE,
                              box_thresh=BOX_THRESH, unclip_ratio=1.6)
        runs: List[Run] = []
        for item in result or []:
            points, text, score = item[0], item[1], float(item[2])
            words = item[3] if len(item) > 3 and item[3] else None
            boxes = [_points_to_box(w) for w in words] if words else [_points_to_box(points)]
            runs.append((text, boxes, score))
        return runs

    def read_crops(self, crops) -> List[Tuple[str, float]]:
        """Given grey crops each holding one short run of text, return (text, confidence) for each."""
        import numpy as np

        if not crops:
            return []
        result, _ = self._ocr.text_rec([np.stack([c] * 3, axis=-1) for c in crops])
        return [(str(t), float(score)) for t, score in result]


class TesseractEngine:
    """Tesseract 5 with Debian's simplified-Chinese model (``tesseract-ocr-chi-sim``)."""

    name = "tesseract"

    def __init__(self) -> None:
        import pytesseract

        self._tess = pytesseract
        self.version = str(pytesseract.get_tesseract_version())

    def read(self, gray) -> List[Run]:
        data = self._tess.image_to_data(gray, lang="chi_sim", config="--psm 3 -c preserve_interword_spaces=1",
                                        output_type=self._tess.Output.DICT)
        runs: List[Run] = []
        for i, text in enumerate(data["text"]):
            text = (text or "").strip()
            if not text or float(data["conf"][i]) < 0:
                continue
            x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            runs.append((text, [(x, y, x + w, y + h)], float(data["conf"][i]) / 100))
        return runs

    def read_crops(self, crops) -> List[Tuple[str, float]]:
        out = []
        for crop in crops:
            data = self._tess.image_to_data(crop, lang="chi_sim", config="--psm 7",
                                            output_type=self._tess.Output.DICT)
            words = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"]) if (t or "").strip()]
            text = "".join(t for t, _ in words)
            out.append((text, min((c for _, c in words), default=0.0) / 100))
        return out


_ENGINES: Dict[str, object] = {}
_ENGINES_LOCK = threading.Lock()


def load_engine(name: str = "rapidocr"):
    """Given an engine name ("rapidocr" or "tesseract"), return it, loaded once per process."""
    with _ENGINES_LOCK:
        if name not in _ENGINES:
            if name == "rapidocr":
                _ENGINES[name] = RapidEngine()
            elif name == "tesseract":
                _ENGINES[name] = TesseractEngine()
            else:
                raise ValueError(f"expected an OCR engine rapidocr or tesseract, got {name!r}")
        return _ENGINES[name]


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _points_to_box(points) -> Box:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


# --- a page image to a ScanPage ---------------------------------------------------------------------


def image_to_scan_page(gray, dpi: float, engine) -> ScanPage:
    """Given a page as a grey image (numpy uint8, 0 = ink), the resolution it was rendered at and an
    OCR engine, return what the page says: its chars and edges in points of the straightened page.
    """

    angle = skew_angle(gray)
    if angle:
        gray = rotate(gray, angle)
    ink = _ink(gray)
    h_mask, v_mask = rule_masks(ink, dpi)
    edges = masks_to_edges(h_mask, v_mask, dpi)
    clean = gray.copy()
    lines = _dilate(h_mask | v_mask, 1)
    clean[lines] = 255
    clean[_specks(ink & ~lines, dpi)] = 255
    scale = 72.0 / dpi
    chars: List[dict] = []
    runs = engine.read(clean)
    runs += missed_runs(clean, ink & ~lines, runs, dpi, engine)
    for text, boxes, score in runs:
        chars.extend(run_to_chars(text, boxes, scale, score))
    height, width = gray.shape[:2]
    return ScanPage(width * scale, height * scale, angle, tuple(chars), tuple(edges))


def missed_runs(gray, ink, runs: Sequence[Run], dpi: float, engine) -> List[Run]:
    """Given a cleaned page, its ink (rules removed), the runs the engine read and the engine, return
    runs read from the ink that no run covers: the detector passes over a lone small figure (a 「0」 in
    a table cell) now and then, and an unread figure would be a blank cell. Each blob of such ink, a
    character high, is read by the recogniser alone."""
    import cv2
    import numpy as np

    px = dpi / 72.0
    covered = np.zeros(ink.shape, dtype=bool)
    pad = int(1.5 * px)
    for _, boxes, _ in runs:
        x0 = int(min(b[0] for b in boxes)) - pad
        y0 = int(min(b[1] for b in boxes)) - pad
        x1 = int(max(b[2] for b in boxes)) + pad
        y1 = int(max(b[3] for b in boxes)) + pad
        covered[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = True
    left = (ink & ~covered).astype(np.uint8)
    # Glyphs of one word sit within a third of an em of each other: join them into one blob.
    joined = cv2.dilate(left, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(3 * px)), max(1, int(1 * px)))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    crops, places = [], []
    height, width = ink.shape
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        ink_px = int(left[y:y + h, x:x + w].sum())
        # A figure of the smallest print (8 pt) stands 4 points high; dust and stray marks are smaller.
        if h < 4 * px or h > 30 * px or w > 200 * px or ink_px < 4 * px * px:
            continue
        m = int(2 * px)
        y0, y1, x0, x1 = max(0, y - m), min(height, y + h + m), max(0, x - m), min(width, x + w + m)
        crops.append(gray[y0:y1, x0:x1])
        places.append((float(x), float(y), float(x + w), float(y + h)))
        if len(crops) >= MAX_MISSED:
            break
    out: List[Run] = []
    for (text, score), box in zip(engine.read_crops(crops), places):
        text = text.strip()
        if text and score >= TEXT_SCORE:
            out.append((text, [box], score))
    return out


def run_to_chars(text: str, boxes: Sequence[Box], scale: float, score: float = 1.0) -> List[dict]:
    """Given a run of text, the boxes the engine gave its characters (one each, or one for the run)
    and the points per pixel, return one char dict per character in points.

    Characters of one run touch (each ends where the next begins unless a gap wider than half the
    run's height lies between them), so the reader's word gap never splits a figure the engine read
    as one (「1045」).
    """
    text = text.replace("\u3000", " ")
    if _DUST.match(text):
        return []  # a run of nothing but dots and ticks is dust the cleaning left, read as punctuation
    figure = _DUSTY_FIGURE.match(text)
    if figure and figure.group(2) and (figure.group(1) or figure.group(3)):
        # Dust beside a figure reads as 「.」「·」「。」「°」: keep the figure, drop the dust and its boxes.
        if len(boxes) == len(text):
            boxes = boxes[figure.start(2):figure.end(2)]
        text = figure.group(2)
    if _ROUND_ZERO.match(text):
        # A run of nothing but digits and round letters is a figure: 「o」「O」「Q」「D」 are its zeros.
        text = re.sub("[oOQD]", "0", text)
    if not text.strip() or not boxes:
        return []
    if len(boxes) == len(text):
        per = list(boxes)
    else:
        x0 = min(b[0] for b in boxes)
        x1 = max(b[2] for b in boxes)
        top = min(b[1] for b in boxes)
        bottom = max(b[3] for b in boxes)
        weights = [1.0 if _wide(ch) else 0.55 for ch in text]
        total = sum(weights) or 1.0
        per, at = [], x0
        for w in weights:
            step = (x1 - x0) * w / total
            per.append((at, top, at + step, bottom))
            at += step
    top = min(b[1] for b in per)
    bottom = max(b[3] for b in per)
    height = max(bottom - top, 1.0)
    out: List[dict] = []
    for i, (ch, b) in enumerate(zip(text, per)):
        x0, x1 = b[0], b[2]
        if i + 1 < len(per) and 0 < per[i + 1][0] - x1 < 0.5 * height:
            x1 = per[i + 1][0]
        if x1 <= x0:
            x1 = x0 + 0.3 * height
        out.append(_char(" " if ch.isspace() else ch, x0 * scale, top * scale, x1 * scale, bottom * scale,
                         round(height * scale * 0.8, 2), round(score, 3)))
    return out


_DUST = re.compile(r"^[\s.·。°'\"`,，、:：;；]+$")
_DUSTY_FIGURE = re.compile(r"^([.·。°'\"`,，、:：;；]*)([0-9oO][0-9oO,.]*?[0-9oO]?)([.·。°'\"`,，、:：;；]*)$")
_ROUND_ZERO = re.compile(r"^[0-9oOQD]*[oOQD][0-9oOQD]*(?:[.,][0-9oOQD]+)*$")


def _wide(ch: str) -> bool:
    from ingest.pdf import is_cjk

    return is_cjk(ch)


def _ink(gray):
    """Given a grey page, return the mask of its ink (Otsu's threshold, a little generous to keep thin
    grey rules)."""
    import cv2

    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return gray < min(255, t + 20)


def skew_angle(gray) -> float:
    """Given a grey page, return the angle (degrees, counter-clockwise) that straightens it: the one
    under which its rows of ink are sharpest (the variance of the row sums is largest)."""
    import cv2
    import numpy as np

    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        rows = rotated.sum(axis=1)
        return float(np.var(rows))

    best = max((a / 10 for a in range(int(-MAX_SKEW * 10), int(MAX_SKEW * 10) + 1)), key=sharpness)
    fine = max((best + a / 50 for a in range(-5, 6)), key=sharpness)
    return 0.0 if abs(fine) < 0.02 else round(fine, 3)


def rotate(gray, angle: float):
    """Given a grey page and an angle in degrees, return it turned by that angle about its centre,
    on white."""
    import cv2

    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def rotate_box_back(box: Box, angle: float, width: float, height: float) -> Box:
    """Given a box in points of the straightened page, the angle it was straightened by and the page
    size, return the box that covers it on the page as scanned (where a citation draws it)."""
    if not angle:
        return box
    # The page was turned by +angle (counter-clockwise, y down) about its centre; turn it back.
    a = math.radians(angle)
    cos, sin = math.cos(a), math.sin(a)
    cx, cy = width / 2, height / 2
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos + dy * sin)
        ys.append(cy - dx * sin + dy * cos)
    return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))


def rule_masks(ink, dpi: float):
    """Given a page's ink and its resolution, return the masks of its horizontal and vertical rules:
    ink that runs straight for longer than any character stroke."""
    import cv2
    import numpy as np

    px = dpi / 72.0
    u8 = ink.astype(np.uint8)
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(MIN_RULE_H * px)), 1))
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, int(MIN_RULE_V * px))))
    h = cv2.morphologyEx(u8, cv2.MORPH_OPEN, hk).astype(bool)
    v = cv2.morphologyEx(u8, cv2.MORPH_OPEN, vk)
    # A tall stroke of a large character is no rule: keep the vertical runs that meet a horizontal.
    n, labels, _, _ = cv2.connectedComponentsWithStats(v, connectivity=8)
    near = _dilate(h, max(1, int(RULE_MEET * px)))
    keep = np.zeros(n, dtype=bool)
    keep[np.unique(labels[near & (labels > 0)])] = True
    keep[0] = False
    return h, keep[labels]


def masks_to_edges(h_mask, v_mask, dpi: float) -> List[dict]:
    """Given the masks of a page's rules and its resolution, return the rules as pdfplumber edges
    (points): one per straight run of a mask, at its middle."""
    import cv2
    import numpy as np

    scale = 72.0 / dpi
    edges: List[dict] = []
    for mask, orientation in ((h_mask, "h"), (v_mask, "v")):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
        for i in range(1, n):
            x, y, w, h, _ = stats[i]
            if orientation == "h" and h <= 0.3 * w:
                mid = (y + h / 2) * scale
                edges.append(_edge("h", x * scale, mid, (x + w) * scale, mid))
            elif orientation == "v" and w <= 0.3 * h:
                mid = (x + w / 2) * scale
                edges.append(_edge("v", mid, y * scale, mid, (y + h) * scale))
    return edges


def _dilate(mask, r: int):
    import cv2
    import numpy as np

    k = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1))
    return cv2.dilate(mask.astype(np.uint8), k).astype(bool)


def _specks(ink, dpi: float):
    """Given a page's ink (rules removed) and its resolution, return the mask of its dust: dots too
    small to be a character with no other ink close around them."""
    import cv2
    import numpy as np

    px = dpi / 72.0
    max_area = SPECK_AREA * px * px
    gap = max(1, int(SPECK_CLEARANCE * px))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    out = np.zeros(ink.shape, dtype=bool)
    small = [i for i in range(1, n) if stats[i][4] <= max_area]
    height, width = ink.shape
    for i in small:
        x, y, w, h, _ = stats[i]
        x0, y0 = max(0, x - gap), max(0, y - gap)
        x1, y1 = min(width, x + w + gap), min(height, y + h + gap)
        window = labels[y0:y1, x0:x1]
        if not np.any((window != 0) & (window != i)):
            out[y:y + h, x:x + w] |= labels[y:y + h, x:x + w] == i
    return out


# --- the cache ---------------------------------------------------------------------------------------


@dataclass
class ScanCache:
    """OCR results of one file, kept in ``folder`` under the file's SHA-256 (with the engine, its
    version and this module's pipeline version, so that a change of any reads the scan again).

    Pages are saved as they are read, so a scan stopped half way (a page over its time limit, a
    killed process) resumes where it stopped. A folder that cannot be written only costs speed.
    """

    folder: Optional[Path]
    sha256: str
    engine: str
    pages: Dict[int, ScanPage] = field(default_factory=dict)

    @property
    def path(self) -> Optional[Path]:
        if self.folder is None:
            return None
        return Path(self.folder) / f"{self.sha256}.{self.engine}.{PIPELINE}.json"

    def load(self) -> "ScanCache":
        path = self.path
        if path is None or not path.is_file():
            return self
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.pages = {int(k): ScanPage.from_json(v) for k, v in data["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            self.pages = {}  # a damaged cache is read again, not trusted
        return self

    def save(self, page: int, scan: ScanPage) -> None:
        self.pages[page] = scan
        path = self.path
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {"engine": self.engine, "pipeline": PIPELINE,
                    "pages": {str(k): v.to_json() for k, v in sorted(self.pages.items())}}
            fd, tmp = tempfile.mkstemp(prefix=".ocr-", dir=str(path.parent))
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass


def file_sha256(path: Path) -> str:
    """Given a file, return the SHA-256 of its bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
