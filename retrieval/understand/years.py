"""Years as people write them: 2023, 2023年度, 23年, 「二〇二三」, 去年, "in 2023", "last year", lists
and ranges (「23、24两年」, 「2021至2023年」, "2023–24"), a terse look-up's bare 「平潭24」, and
「近两年」, "the past three years".

A report is for one year; a question names it in many ways. Two-digit years (「23年」) and Chinese
numerals (「二〇二三年」) are read as the years they stand for; 「去年」, 「前年」, "last year" are
relative — to the year the conversation was about when it was about one, else to today. What is not
a year is left alone: 「去年结转」 and "carried over from the previous year" name a table row.

Each year comes with its span (``position`` to ``end``), so that the question's every word can be
accounted for. A bare two-digit number (「平潭24」) is a year only where nothing else can be meant —
written against a body's name or standing alone between spaces — which only the caller knows: it
is returned marked ``bare`` for the caller to keep or leave (a bare number left is a word nobody
accounted for, and the question is asked back).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from retrieval.understand.numerals import normalize_digits

#: The years a report of the national format can be for.
FIRST_YEAR, LAST_YEAR = 2008, 2040
_ZH_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
_FULL = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d)(\s*年度?)?")
_SHORT = re.compile(r"(?<![\d.])(\d{2})\s*(?:年度?|(?=[两二三四五]\s*年))(?!\d)")
#: 「二〇二三年」, 「贰零贰肆年」 (the financial numerals, read through ``normalize_digits``), and
#: 「二〇二三」 alone when it reads as a year of this century or the last.
_ZH_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]{4})(\s*年度?)?")
#: 「二四年」, 「二〇年」: a two-digit year said in numerals, as people say 「23年」 aloud. Not after
#: another numeral or a word that makes it a span of time (「近二三年」, 「十二年」), nor before one that
#: makes it something else (「一二年级」, 「二三年代」).
_ZH_SHORT = re.compile(r"(?<![〇零○一二两三四五六七八九十百千万几近前后每第这那])([一二][〇零○一二三四五六七八九])\s*"
                       r"(?=年(?!级|代|间|来|内|多|半|左右))")
#: A two-digit year before another in a list or range: 「23、24两年」, 「23至24年」, "'23 and '24".
_SHORT_LIST = re.compile(r"(?<![\d.])(\d{2})\s*(?:年度?)?\s*([、,，/和与及跟]|至|到|-|–|—|~)\s*(?=\d{2}\s*(?:年|两年|二年))")
#: "2023–24", 「2023-24」: a four-digit year and the next one's last two digits.
_SPAN_EN = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*[-–—~/]\s*(\d{2})(?![\d.])")
#: "'23", "FY23", "FY2023".
_APOSTROPHE = re.compile(r"(?:['’‘]|\bfy\s?)(\d{2})(?![\d.])", re.I)
#: A bare two-digit number (「平潭24」): a year only where the caller says nothing else is meant.
_BARE = re.compile(r"(?<![\d.,])(\d{2})(?![\d.,%％])")
#: What may follow a number that is a count, not a year (「24件」, "24 requests"); a Chinese counter
#: stands against its number (「21 个人申请」 is the year 21 and 个人, not 21 个).
_COUNTED = re.compile(r"(?:[件条项个次名人家份篇期场批天日月号岁时小万亿元%％倍成点]|个月|小时|分钟)|"
                      r"\s*(?:requests?|applications?|cases?|days?|times?|people|percent|per\b|%)", re.I)
#: Range words: the years between the two ends are named too (「2021至2023年」, "2021 through 2023").
_RANGE = re.compile(r"^\s*(?:至|到|-|–|—|~|through|thru|to)\s*$", re.I)
#: Relative years, and what they are relative to the reference year by.
_RELATIVE_ZH = (("前年", -2), ("去年", -1), ("上一年度", -1), ("上一年", -1), ("上年度", -1), ("上年", -1), ("今年", 0),
                ("本年度", 0))
_RELATIVE_EN = (("the year before last", -2), ("last year", -1), ("the previous year", -1), ("the year before", -1),
                ("the prior year", -1), ("two years earlier", -2), ("two years before", -2), ("a year earlier", -1),
                ("one year earlier", -1), ("the year earlier", -1), ("this year", 0))
#: Words relative to a year the question names, never to today: without one (「新收申请比上年增加了多少」)
#: they are the report's own comparison with its year before (or the conversation's year's), not a
#: year of their own.
_ANCHORED = {"上一年度", "上一年", "上年度", "上年", "本年度", "the previous year", "the year before", "the prior year",
             "two years earlier", "two years before", "a year earlier", "one year earlier", "the year earlier"}
#: Between a year and a year relative to it that the question asks instead (「24年的前年」, 「以2025年为准的
#: 前年」): the named year only anchors the other.
_ANCHOR_ONLY = re.compile(r"^\s*(?:年度?)?\s*(?:为准|为基准|算起|起算|往前数)?\s*的\s*$")
#: Where a relative word names a table row, not a year: 「去年结转」 is 上年结转; "carried over from the
#: previous year" too; 「本年度办理结果」 is table 3's results.
_NOT_A_YEAR = re.compile(r"去年结转|上一?年度?结转|上一?年度?项目|上一?年度?转过来|去年转过来|本年度(办理|新收)|"
                         r"(carr(?:y|ied|ies|ying) (?:over )?from|carr(?:y|ied|ies|ying) over|brought forward from)"
                         r" (the )?(previous|last|prior) year|from the year before")
_NUMBER_WORDS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "two": 2,
                 "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
#: 「近两年」, 「最近三年」, 「近3年」, "the past two years", "the last three years".
_RECENT = re.compile(r"(?:最近|近|过去|前)\s*([两二三四五六七八九十2-7])\s*(?:个)?\s*年|"
                     r"\b(?:the\s+)?(?:past|last|recent|previous|latest|most recent)\s+(two|three|four|five|six|seven|[2-7])\s+"
                     r"(?:years?|reports?|annual reports?)\b", re.I)
#: 「两年」 after a list of years (「23、24两年」): the count of the list, not a year.
_COUNT_AFTER = re.compile(r"^\s*(?:这|那)?[两二三四五六]\s*(?:个)?\s*年(?:度)?")


@dataclass(frozen=True)
class YearMention:
    """A year a question names: the year, where it stands (``position`` to ``end``), and its role —
    "into" for a year things go to (「结转到2022年」), "from" for one they come from, else "".
    ``bare`` marks a two-digit number read as a year only if the caller keeps it (「平潭24」)."""

    year: int
    position: int
    role: str = ""
    relative: bool = False
    end: int = -1
    bare: bool = False


def question_to_years(question: str, reference: Optional[int] = None,
                      today: Optional[datetime.date] = None) -> List[YearMention]:
    """Given a question, the year the conversation was about (if any) and today's date, return the
    years the question names, in the order it names them (bare two-digit ones marked)."""
    found: List[YearMention] = []
    lower = question.lower()

    def add(year: int, start: int, end: int, bare: bool = False) -> None:
        if FIRST_YEAR <= year <= LAST_YEAR and not any(y.position <= start < y.end or start <= y.position < end
                                                       for y in found):
            found.append(YearMention(year, start, _role(lower, start), end=end, bare=bare))

    for m in _SPAN_EN.finditer(question):
        add(int(m.group(1)), m.start(1), m.end(1))
        add(int(m.group(1)[:2] + m.group(2)), m.start(2), m.end(2))
    for m in _FULL.finditer(question):
        add(int(m.group(1)), m.start(), m.end())
    for m in _SHORT_LIST.finditer(question):
        add(2000 + int(m.group(1)), m.start(1), m.end(1))
    for m in _SHORT.finditer(question):
        add(2000 + int(m.group(1)), m.start(), m.end())
    for m in _ZH_YEAR.finditer(question):
        digits = "".join(_ZH_DIGITS[ch] for ch in normalize_digits(m.group(1)))
        if m.group(2) or digits[:2] in ("20", "19"):
            add(int(digits), m.start(), m.end())
    for m in _ZH_SHORT.finditer(question):
        # The year's span takes its 年 too, as 「23年」's does.
        add(2000 + int("".join(_ZH_DIGITS[ch] for ch in m.group(1))), m.start(), question.index("年", m.end()) + 1)
    for m in _APOSTROPHE.finditer(question):
        add(2000 + int(m.group(1)), m.start(), m.end())
    for m in _BARE.finditer(question):
        if not _COUNTED.match(question, m.end()) and not re.match(r"\s*年", question[m.end():]):
            add(2000 + int(m.group(1)), m.start(), m.end(), bare=True)
    masked = _NOT_A_YEAR.sub(lambda m: " " * len(m.group(0)), lower)
    base = reference if reference is not None else (today or datetime.date.today()).year
    for words in (_RELATIVE_ZH, _RELATIVE_EN):
        for word, delta in words:
            if word not in masked:
                continue  # (a substring first: most questions name none of these words)
            for m in re.finditer(re.escape(word), masked):
                if not any(y.position <= m.start() < y.end for y in found):
                    # "in 2024, up on the year before": relative to the year the question names
                    # before it, not to today.
                    named = [y.year for y in found if not y.relative and y.position < m.start()]
                    if not named and reference is None and word in _ANCHORED:
                        continue
                    anchor = next((y for y in reversed(found) if not y.relative and y.position < m.start()), None)
                    if anchor is not None and _ANCHOR_ONLY.match(question[anchor.end:m.start()]):
                        found[found.index(anchor)] = YearMention(anchor.year, anchor.position, "anchor", False,
                                                                  anchor.end, anchor.bare)
                    found.append(YearMention((named[-1] if named else base) + delta, m.start(), "", relative=True,
                                             end=m.end()))
                    masked = masked[:m.start()] + " " * len(word) + masked[m.end():]
    found.sort(key=lambda y: y.position)
    # The end of a range (「2021至2023年」) is a year named like the start, not one things go into.
    for i, (a, b) in enumerate(zip(found, found[1:]), 1):
        if not a.relative and not b.relative and a.year < b.year and _RANGE.match(question[a.end:b.position]):
            found[i] = YearMention(b.year, b.position, "", False, b.end, b.bare)
    return found


def year_ranges(question: str, years: List[YearMention]) -> List[Tuple[int, int]]:
    """Given a question and its years, return the ranges it names (「2021至2023年」, "2021 through
    2023", 「21到23年」, "2023–24"): (first, last) for each pair joined by a range word."""
    out = []
    named = [y for y in years if not y.relative and not y.bare]
    for a, b in zip(named, named[1:]):
        between = question[a.end:b.position]
        if (_RANGE.match(between) or re.fullmatch(r"\s*[-–—~/]\s*", between)) and a.year < b.year:
            out.append((a.year, b.year))
    return out


def recent_years(question: str) -> Tuple[int, Tuple[int, int]]:
    """Given a question, return how many of the latest years it asks for (「近两年」: 2, "the past
    three years": 3) and the span saying so, or (0, (-1, -1))."""
    m = _RECENT.search(question)
    if not m:
        return 0, (-1, -1)
    word = (m.group(1) or m.group(2)).lower()
    return _NUMBER_WORDS.get(word, 0), (m.start(), m.end())


def list_count_span(question: str, after: int) -> Tuple[int, int]:
    """The span of 「两年」 right after a list of years (「23、24两年」), or (-1, -1)."""
    m = _COUNT_AFTER.match(question[after:])
    return (after + m.start(), after + m.end()) if m else (-1, -1)


def _role(lower: str, start: int) -> str:
    before = lower[max(0, start - 8):start]
    if re.search(r"(\binto|\bto|\buntil|\btill|至|到|转入|转至)\s*$", before):
        return "into"
    if re.search(r"(\bfrom|从)\s*$", before):
        return "from"
    return ""
