"""A yes-or-no question against a round figure: 「有没有超过10件？具体几件？」, 「是不是上千了？」, "Did it
receive more than 80 requests? Exactly how many?".

The threshold is not what is asked — the figure is — but its words must be accounted for and must
not be read as a comparison between bodies or years ("more than" is also a comparison word). So the
threshold's span is found first, read out of the question, and the figure asked is answered and said
against it. The words are data (``vocabulary.toml``, ``[threshold]``); only a question of yes or no
has a threshold (「超过10件的申请」 without one qualifies, and is left for the rest of the reading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import List, Optional, Tuple

from retrieval.lexicon import THRESHOLD
from retrieval.understand.numerals import zh_numeral_to_number

_NUMBER = r"(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_COUNTER = r"\s*(?:[件条项个次名人家份宗篇场期批]|requests?|applications?|cases?|times?|items?|decisions?)?"


@dataclass(frozen=True)
class Threshold:
    """The comparison asked (``op``: ">", "<" or ">="), the figure it is against, and its span."""

    op: str
    value: Decimal
    start: int
    end: int


@lru_cache(maxsize=1)
def _patterns() -> List[Tuple[str, "re.Pattern[str]"]]:
    out = []
    for op, key in ((">", "over"), ("<", "under"), (">=", "at_least")):
        zh = "|".join(sorted(map(re.escape, THRESHOLD[f"{key}_zh"]), key=len, reverse=True))
        en = "|".join(sorted(map(re.escape, THRESHOLD[f"{key}_en"]), key=len, reverse=True))
        out.append((op, re.compile(rf"(?:{zh})\s*{_NUMBER}{_COUNTER}|(?<![a-z])(?:{en})\s+{_NUMBER}(?![\d.]){_COUNTER}",
                                   re.I)))
    return out


def _asks_yes_or_no(question: str) -> bool:
    """Whether a clause of the question asks yes or no (「有没有」, 「…吗」, "Did …", "whether")."""
    lower = question.lower()
    words = "|".join(map(re.escape, THRESHOLD["asks_en"]))
    return any(w in question for w in THRESHOLD["asks_zh"]) or bool(
        re.search(rf"(?:^|[?.!;]\s*)(?:{words})\b|\bwhether\b", lower))


def question_to_threshold(question: str) -> Optional[Threshold]:
    """Given a (normalised) question, return the threshold it asks the figure against, or None."""
    if not _asks_yes_or_no(question):
        return None
    for word, value in THRESHOLD["round_zh"].items():
        at = question.find(word)
        if at >= 0:
            return Threshold(">=", Decimal(value), at, at + len(word))
    found = []
    for op, pattern in _patterns():
        for m in pattern.finditer(question):
            number = m.group(1) or m.group(2)
            if re.fullmatch(r"[\d,.]+", number):
                value = Decimal(number.replace(",", ""))
            else:
                as_int = zh_numeral_to_number(number)
                if as_int is None:
                    continue
                value = Decimal(as_int)
            found.append(Threshold(op, value, m.start(), m.end()))
    return min(found, key=lambda t: t.start) if found else None
