"""Years as people write them in a question: 2023, 2023年度, 23年, 二〇二三年, 去年, "in 2023", "last year".

A report is for one year; a question names it in many ways. Two-digit years (「23年」) and Chinese
numerals (「二〇二三年」) are read as the years they stand for; 「去年」, 「前年」, "last year" are
relative — to the year the conversation was about when it was about one, else to today. What is not
a year is left alone: 「去年结转」 and "carried over from the previous year" name a table row.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import List, Optional

#: The years a report of the national format can be for.
FIRST_YEAR, LAST_YEAR = 2008, 2040
_ZH_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
_FULL = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d)")
_SHORT = re.compile(r"(?<![\d.])(\d{2})\s*年(?!\d)")
_ZH_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年")
#: Relative years, and what they are relative to the reference year by.
_RELATIVE_ZH = (("前年", -2), ("去年", -1), ("上一年度", -1), ("今年", 0), ("本年度", 0))
_RELATIVE_EN = (("the year before last", -2), ("last year", -1), ("the previous year", -1), ("the year before", -1),
                ("this year", 0))
#: Where a relative word names a table row, not a year: 「去年结转」 is 上年结转; "carried over from the
#: previous year" too; 「本年度办理结果」 is table 3's results.
_NOT_A_YEAR = re.compile(r"去年结转|上一年度?结转|本年度(办理|新收)|(carried (over )?from|carried over|brought forward from)"
                         r" (the )?(previous|last) year|from the year before")


@dataclass(frozen=True)
class YearMention:
    """A year a question names: the year, where it stands, and its role — "into" for a year things
    go to (「结转到2022年」), "from" for one they come from, else ""."""

    year: int
    position: int
    role: str = ""
    relative: bool = False


def question_to_years(question: str, reference: Optional[int] = None,
                      today: Optional[datetime.date] = None) -> List[YearMention]:
    """Given a question, the year the conversation was about (if any) and today's date, return the
    years the question names, in the order it names them."""
    found: List[YearMention] = []
    lower = question.lower()
    for m in _FULL.finditer(question):
        found.append(YearMention(int(m.group(1)), m.start(), _role(lower, m.start())))
    for m in _SHORT.finditer(question):
        year = 2000 + int(m.group(1))
        if FIRST_YEAR <= year <= LAST_YEAR and not _inside(found, m.start()):
            found.append(YearMention(year, m.start(), _role(lower, m.start())))
    for m in _ZH_YEAR.finditer(question):
        digits = "".join(_ZH_DIGITS[ch] for ch in m.group(1))
        year = int(digits)
        if FIRST_YEAR <= year <= LAST_YEAR:
            found.append(YearMention(year, m.start(), _role(lower, m.start())))
    masked = _NOT_A_YEAR.sub(lambda m: " " * len(m.group(0)), lower)
    base = reference if reference is not None else (today or datetime.date.today()).year
    for words in (_RELATIVE_ZH, _RELATIVE_EN):
        for word, delta in words:
            for m in re.finditer(re.escape(word), masked):
                if not _inside(found, m.start()):
                    # "in 2024, up on the year before": relative to the year the question names
                    # before it, not to today.
                    named = [y.year for y in found if not y.relative and y.position < m.start()]
                    found.append(YearMention((named[-1] if named else base) + delta, m.start(), "", relative=True))
                    masked = masked[:m.start()] + " " * len(word) + masked[m.end():]
    found.sort(key=lambda y: y.position)
    return found


def _inside(found: List[YearMention], position: int) -> bool:
    return any(abs(y.position - position) < 2 for y in found)


def _role(lower: str, start: int) -> str:
    before = lower[max(0, start - 8):start]
    if re.search(r"(\binto|\bto|\buntil|\btill|至|到|转入|转至)\s*$", before):
        return "into"
    if re.search(r"(\bfrom|从)\s*$", before):
        return "from"
    return ""
