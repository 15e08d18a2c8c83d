"""A body's name misread by one character, and the name the rest of the report settles.

OCR reads a scan's title character by character, and a character of similar shape is its commonest
slip: 「沐阳县」 for 「沭阳县」. The misread name would then be the body's name everywhere — the library,
the answers, every list — and the body would stand apart from its own other years. The report
itself usually settles it: its signature and its narrative print the name again, and where they
print another character in that place, more often than the title's, and the two characters look
alike, the title's is the slip. Stored reports of the same body settle it too.

Nothing is corrected on weaker evidence: a different character that does not look like the title's
(「宿城区」, 「宿豫区」: two districts) is another name, not a misreading, and is left as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from ingest.bodies import agency_to_name

__all__ = ["NameFix", "glyphs_alike", "name_from_catalog", "name_from_text"]

#: A CJK font to draw characters with (Debian's fonts-wqy-microhei, installed by ``make run``).
FONT_PATHS = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
              Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
              Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"))
#: Drawn 48 px high, two characters whose inked pixels (thickened by one pixel, so a stroke a pixel
#: aside still meets) overlap this much — intersection over union — look alike: 沭/沐 0.82, 未/末
#: 0.90, 己/已 0.80, 禺/禹 0.85, 县/具 0.65, 市/币 0.66; 农/林 0.38, 门/们 0.43, 城/豫 0.59. (Many
#: characters unlike to a reader pass too — 河/何 0.78 —: the report's own repeats are the evidence,
#: the shape only keeps a different word from passing for a misreading.)
ALIKE = 0.62
#: The report must print the other character at least this often where the title has its own.
MIN_REPEATS = 2


@lru_cache(maxsize=1)
def _font():  # a PIL font, or None
    from PIL import ImageFont

    for path in FONT_PATHS:
        if path.is_file():
            return ImageFont.truetype(str(path), 48)
    return None


@lru_cache(maxsize=4096)
def _ink(ch: str):  # a numpy mask of the inked pixels
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    font = _font()
    image = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(image).text((8, 2), ch, fill=255, font=font)
    return np.asarray(image.filter(ImageFilter.MaxFilter(3))) > 96


def glyphs_alike(a: str, b: str) -> bool:
    """Given two characters, return whether they look alike enough for one to be misread as the
    other (drawn in a CJK font, their ink overlaps by ``ALIKE`` or more); False when no CJK font is
    installed, so that nothing is corrected on a judgement that cannot be made."""
    if a == b:
        return True
    if len(a) != 1 or len(b) != 1 or not (_is_cjk(a) and _is_cjk(b)) or _font() is None:
        return False
    x, y = _ink(a), _ink(b)
    union = (x | y).sum()
    return bool(union) and (x & y).sum() / union >= ALIKE


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True)
class NameFix:
    """A name corrected: as printed (``printed``) and as settled (``name``); the part of it the
    report repeats, as the title prints it (``part_printed``, 「沐阳县」) and as the report does
    (``part``, 「沭阳县」), and how often the rest of the report prints each (``seen``,
    ``seen_printed``)."""

    printed: str
    name: str
    part_printed: str
    part: str
    seen: int
    seen_printed: int


def _tokens(name: str) -> List[str]:
    """The parts of a name a report repeats on their own: its places (「沭阳县」) and department."""
    parts = agency_to_name(name)
    return [p for p in list(parts.places) + [parts.dept] if len(p) >= 3]


def name_from_text(name: str, evidence: str) -> Optional[NameFix]:
    """Given a body's name as the title prints it and the rest of the report's text (its signature
    and narrative, not the title), return the name with one character put right, where the text
    settles it; else None.

    Each place and the department of the name (three characters or more) is looked for in the text
    with one character free: 「沐阳县」 as 「?阳县」. Where the text prints another character there at
    least ``MIN_REPEATS`` times and more often than the title's own, and the two look alike
    (``glyphs_alike``), the title's character is a misreading.
    """
    best: Optional[NameFix] = None
    for token in _tokens(name):
        for i, own in enumerate(token):
            if not _is_cjk(own):
                continue
            pattern = re.compile(re.escape(token[:i]) + "(.)" + re.escape(token[i + 1:]))
            tally: Dict[str, int] = {}
            for m in pattern.finditer(evidence):
                tally[m.group(1)] = tally.get(m.group(1), 0) + 1
            mine = tally.get(own, 0)
            for other, seen in sorted(tally.items(), key=lambda kv: -kv[1]):
                if other == own or seen < MIN_REPEATS or seen <= mine or not glyphs_alike(own, other):
                    continue
                fixed = token[:i] + other + token[i + 1:]
                fix = NameFix(name, name.replace(token, fixed, 1), token, fixed, seen, mine)
                if best is None or fix.seen > best.seen:
                    best = fix
                break
    return best


def name_from_catalog(name: str, stored: Iterable[str]) -> Optional[str]:
    """Given a body's name and the names of the bodies already stored, return the stored name it
    is a one-character misreading of (same length, one character apart, the two alike), where
    exactly one stored name is; else None."""
    hits = {s for s in stored if s and len(s) == len(name) and s != name
            and sum(a != b for a, b in zip(s, name)) == 1
            and all(glyphs_alike(a, b) for a, b in zip(s, name) if a != b)}
    return hits.pop() if len(hits) == 1 else None


def rows_text(texts: Sequence[str], skip: Iterable[int]) -> str:
    """Given a report's lines and those to leave out (its title), return the rest as one text."""
    left_out = set(skip)
    return "\n".join(t for i, t in enumerate(texts) if i not in left_out)
