"""Figures as people write them in Chinese and English prose: 「122件」, 「一百二十二件」, 「1.2万」,
「3514万」, 「超过660次」, 「约2500条」, 「160余人次」, "1,043", "more than 18,000", "12%".

A figure found here is a :class:`Quantity`: its value (multipliers applied, 「1.2万」 is 12000),
the unit it counts in, how it is qualified (about, more than, fewer than …) and the precision it is
written to, so that a figure can be compared with a report's as the writer meant it. What only looks
like a figure is left out: years, dates and times, ordinals (「第二十条」, 「三是」, "3rd", "No. 30"),
list numbers, phone numbers, postcodes, document numbers (〔2021〕30号), and numbers that are part of
a name (「H5」, 「12345热线」, 「数字政府2.0」).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Tuple

#: How a figure is qualified: "" exact; "about" (约, 左右, about); "nearly" (近, nearly); "over" (超过,
#: more than); "at_least" (至少, 以上, 突破); "odd" (余, 多: past the round figure, short of the next);
#: "under" (不到, fewer than); "at_most" (至多, 不超过).
Approx = str

#: Full-width digits, and the financial numerals (大写) of minutes and receipts (「捌拾叁件」), as the
#: common ones — one character for one, so that positions stay the text's.
_FULLWIDTH = {ord(a): ord(b) for a, b in zip("０１２３４５６７８９．％壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億",
                                             "0123456789.%一二二三三四五六六七八九十百千万亿")}

_ZH_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
#: What a multiplier written after an Arabic number multiplies by (「4.1千」, 「2.3千万」).
_MULTIPLIER = {"千": 1_000, "万": 10_000, "千万": 10_000_000, "亿": 100_000_000, "万亿": 10 ** 12}

#: Counters a Chinese figure is written with: what makes 「5件」 a figure and 「5楼」 not.
COUNTERS = ("个百分点", "百分点", "人次", "批次", "万元", "亿元", "件", "条", "次", "个", "名", "人", "篇", "期", "场", "项", "家", "宗", "份", "批",
            "台", "所", "户", "套", "本", "册", "封", "张", "处", "类", "例", "起", "部", "座", "天", "元", "倍", "位", "组",
            "万", "亿", "%")
#: The unit of a change in a share: 「回落2.5个百分点」, "2.5 percentage points".
POINTS = "百分点"
_COUNTER_RE = "|".join(sorted((re.escape(c) for c in COUNTERS), key=len, reverse=True))
_ZH_NUMERAL = "零〇○一二两三四五六七八九十百千万亿"

_ARABIC = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|(?<![\d.,])\d+(?:\.\d+)?(?![\d])")
_ZH_RUN = re.compile(rf"[{_ZH_NUMERAL}]+")
_EN_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
             "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
             "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
             "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "a hundred": 100}
_EN_WORD_RE = re.compile(r"\b(" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")\b(?=\s+[a-z])", re.I)
_EN_MULT = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

#: Qualifiers written before a figure, longest first, and after it.
_BEFORE_ZH = (("将近", "nearly"), ("接近", "nearly"), ("大约", "about"), ("约有", "about"), ("大概", "about"), ("约", "about"),
              ("近", "nearly"), ("超过", "over"), ("多于", "over"), ("高于", "over"), ("逾", "over"), ("超", "over"),
              ("不少于", "at_least"), ("至少", "at_least"), ("突破", "at_least"), ("不足", "under"), ("不到", "under"),
              ("少于", "under"), ("低于", "under"), ("不超过", "at_most"), ("至多", "at_most"), ("最多", "at_most"))
_BEFORE_EN = (("more than", "over"), ("over", "over"), ("upwards of", "over"), ("in excess of", "over"),
              ("exceeding", "over"), ("just over", "over"), ("about", "about"), ("around", "about"),
              ("approximately", "about"), ("roughly", "about"), ("some", "about"), ("an estimated", "about"),
              ("nearly", "nearly"), ("almost", "nearly"), ("close to", "nearly"), ("just under", "nearly"),
              ("at least", "at_least"), ("no fewer than", "at_least"), ("no less than", "at_least"),
              ("fewer than", "under"), ("less than", "under"), ("under", "under"), ("below", "under"),
              ("at most", "at_most"), ("no more than", "at_most"), ("up to", "at_most"))
_AFTER_ZH = (("余", "odd"), ("多", "odd"), ("左右", "about"), ("上下", "about"), ("以上", "at_least"), ("以下", "at_most"))
_AFTER_EN = (("-odd", "odd"), (" odd", "odd"), ("-plus", "odd"), (" or more", "at_least"), (" or so", "about"),
             (" plus", "odd"))

_MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
#: Words before a number that make it a reference, not a figure ("No. 30", "Article 20", "page 4").
_EN_REFERENCE = re.compile(r"(?:\bno\.?|\bnos\.?|\bnumber|\barticle|\bart\.|\bdecree|\border|\bsection|\bchapter|\bitem|"
                           r"\bparagraph|\bpara\.|\bpage|\bp\.|\bclause|\btable|\bline|\bphase|\bversion|\broom|"
                           r"\bfloor|\bbuilding|\bwindow|#)\s*$", re.I)
_PHONE = re.compile(r"(?<!\d)(?:\d{3,4}[-－—]\d{7,8}(?:[-－—]\d{1,4})?|1[3-9]\d{9})(?!\d)|(?<!\d)\d{3,4}[-－—]\d{3,4}\s?\d{3,4}(?!\d)")
_PHONE_WORDS = re.compile(r"(电话|传真|热线|邮编|邮政编码|phone|tel\.?|fax|hotline|postcode|zip)[^0-9]{0,4}$", re.I)


@dataclass(frozen=True)
class Quantity:
    """A figure written in a text.

    ``start``/``end`` span all of it as written (qualifiers and unit included: 「超过660次」),
    ``number_start``/``number_end`` the number alone. ``value`` has its multiplier applied
    (「1.2万件」 is 12000 件), except for money written in 万元 or 亿元, which stays in those units
    (the template's own: 「386.52万元」 is 386.52 万元). ``precision`` is the place of the last digit
    written, in the units of ``value`` (「1.2万」: 1000; 「3514万」: 10000; 「9.3%」: 0.1; 「122件」: 1).
    """

    start: int
    end: int
    number_start: int
    number_end: int
    value: float
    unit: str
    approx: Approx
    precision: float
    written: str

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    @property
    def points(self) -> bool:
        """Whether the figure is a change in a share, in percentage points (「回落2.5个百分点」)."""
        return self.unit == POINTS

    def bounds(self) -> Tuple[float, float, bool, bool]:
        """The values the figure allows: (low, high, low open, high open)."""
        v = self.value
        # How far an approximation reaches: 10% (「近」) or 15% (「约」) of the figure at most, however round it is
        # written (「近1万件」 is not 3,921; 「约1万」 is 8,500 to 11,500, not 5,000 to 15,000).
        if self.approx == "about":
            slack = max(0.05 * abs(v), min(self.precision / 2, 0.15 * abs(v)))
            return v - slack, v + slack, False, False
        if self.approx == "nearly":
            return v - max(0.1 * abs(v), min(self.precision, 1.0)), v, False, False
        if self.approx == "over":
            return v, math.inf, True, False
        if self.approx == "at_least":
            return v, math.inf, False, False
        if self.approx == "odd":
            return v, v + max(self.precision, 1.0), True, True
        if self.approx == "under":
            return -math.inf, v, False, True
        if self.approx == "at_most":
            return -math.inf, v, False, False
        slack = self.precision / 2 if self.precision > 1 or self.precision < 1 else 0.0
        return v - slack, v + slack, False, False


def normalize_digits(text: str) -> str:
    """Given a text, return it with full-width digits, points and percent signs half-width and the
    financial numerals as the common ones, character for character (so that positions in it are
    positions in the text)."""
    return text.translate(_FULLWIDTH)


def zh_numeral_to_number(text: str) -> Optional[int]:
    """Given Chinese numerals (「一百二十二」, 「两千五百」, 「十」, 「三万六千」, 「二〇二三」), return the
    number they write, or None when they write none."""
    if not text or any(ch not in _ZH_NUMERAL for ch in text):
        return None
    if all(ch in _ZH_DIGIT for ch in text):
        # Digit by digit: 「二〇二三」; a single digit 「五」.
        return int("".join(str(_ZH_DIGIT[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGIT:
            digit = _ZH_DIGIT[ch]
        elif ch in _ZH_UNIT:
            section += (1 if digit is None else digit) * _ZH_UNIT[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _ZH_BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _decimals(number: str) -> int:
    return len(number.split(".", 1)[1]) if "." in number else 0


def _trailing_zeros(n: float) -> int:
    if n <= 0 or not float(n).is_integer():
        return 0
    k, m = 0, int(n)
    while m and m % 10 == 0:
        m //= 10
        k += 1
    return k


def _qualifier_before(text: str, start: int, english: bool) -> Tuple[str, int]:
    """The qualifier written just before a number (and where it starts), or ("", start)."""
    head = text[max(0, start - 16):start]
    for pattern, kind in _qualifier_patterns(english):
        m = pattern.search(head)
        if m:
            return kind, start - (len(head) - m.start())
    return "", start


@lru_cache(maxsize=2)
def _qualifier_patterns(english: bool) -> Tuple[Tuple["re.Pattern[str]", str], ...]:
    """The qualifiers a number may be written after, as patterns ending where the number begins,
    compiled once (each number of a text is tried against every one)."""
    if english:
        return tuple((re.compile(rf"\b{re.escape(word)}\s+$", re.I), kind) for word, kind in _BEFORE_EN)
    return tuple((re.compile(rf"{re.escape(word)}\s*$"), kind) for word, kind in _BEFORE_ZH)


def _is_year(text: str, start: int, end: int, number: str, english: bool) -> bool:
    after = text[end:end + 3]
    if re.match(r"\s*年", after) and (re.fullmatch(r"(19|20)\d{2}", number) or re.fullmatch(r"\d{2}", number)):
        return True
    return english and bool(re.fullmatch(r"(19|20)\d{2}", number))


def _not_a_figure(text: str, start: int, end: int, number: str, english: bool) -> bool:
    """Whether a number written at [start, end) is a year, a date, a time, an ordinal, a list
    number, a phone number or postcode, a document number or part of a name — not a figure."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 12]
    if _is_year(text, start, end, number, english):
        return True
    if re.match(r"\s*(?:[月日号时点分秒]|周年|届|楼|层|室|栋|路|街|巷|弄)", after):
        return True  # dates and times (「1月1日」), addresses (「7号楼14层」), document numbers (「30号」)
    if re.search(r"第\s*$|[〔\[【《]\s*$", before) or re.match(r"\s*[〕\]】]", after):
        return True  # ordinals (「第711号」) and years of document numbers (「〔2021〕」)
    if re.search(r"[（(]\s*$", before) and re.match(r"\s*[)）]", after):
        return True  # a list's numbering (「（1）」); 「（286件）」 is a figure
    if re.match(r"\s*[-－/:：]\s*\d", after) or re.search(r"\d\s*[-－/:：]\s*$", before):
        return True  # dates (2024-03-08, 3/8), times (15:34), codes
    if re.match(r"[A-Za-z]", after) and not (not english and re.match(r"[wW](?![A-Za-z])", after)) \
            or re.search(r"[A-Za-z]$", before):
        return True  # 「H5」, 「5G」, 「G20」, "3rd", "20th" — but 「398.6w件」 is 万 in a post
    if _PHONE_WORDS.search(before):
        return True
    if re.match(r"\s*、", after) or (re.match(r"\.(?!\d)", after) and re.search(r"(^|[\n：:；;。（(])\s*$", before)):
        return True  # a list's numbering: 「1、」, 「1.属于国家秘密」
    if english:
        if _EN_REFERENCE.search(before):
            return True
        if re.search(rf"\b(?:{_MONTHS})\.?\s*$", before, re.I) or re.match(rf"\s*(?:{_MONTHS})\b", after, re.I):
            return True
        if re.match(r"\s*(?:a\.?m\.?|p\.?m\.?|o'clock)\b", after, re.I):
            return True
    return False


def _unit_after(text: str, end: int, english: bool) -> Tuple[str, float, bool, int]:
    """What is written after a number: (unit, multiplier, whether 「余」/「多」 stands in it, where it ends).

    「5件」 件; 「3514 万」 a multiplier of 10,000 and no unit; 「1.2万件」 both; 「160余人次」 人次, past
    160; 「386.52万元」 the unit 万元 (money keeps the template's unit); "12%", "1.2 million", "100 yuan"."""
    rest = text[end:end + 10]
    if english:
        rest = text[end:end + 24]
        m = re.match(r"\s*percentage[ -]points?\b", rest, re.I)
        if m:
            return POINTS, 1.0, False, end + m.end()
        m = re.match(r"\s*(%|per\s?cent\b|percent\b)", rest, re.I)
        if m:
            return "%", 1.0, False, end + m.end()
        m = re.match(r"\s*(thousand|million|billion)\b(\s*(?:yuan|rmb)\b)?", rest, re.I)
        if m:
            # "59.49 million yuan" is money: 59,490,000 元, compared with a figure in 万元 exactly.
            return "元" if m.group(2) else "", float(_EN_MULT[m.group(1).lower()]), False, end + m.end()
        m = re.match(r"\s*(yuan|rmb)\b", rest, re.I)
        if m:
            return "元", 1.0, False, end + m.end()
        return "", 1.0, False, end
    # 「4.1千条」, 「2.3千万元」, and the 「w」 of posts for 万 (「398.6w件」).
    m = re.match(rf"(\s*(千万|万|亿|千|[wW](?![A-Za-z])))?(\s*(余|多))?(\s*({_COUNTER_RE}))?", rest)
    assert m is not None  # every group is optional
    big, odd, counter = m.group(2), bool(m.group(4)), m.group(6) or ""
    big = "万" if big in ("w", "W") else big
    if counter in ("万", "亿"):
        big, counter = (big or "") + counter if not big else big, ""
    if big and counter == "元":
        # Money keeps the template's units: 千万元 is a thousand 万元, 千元 a thousand 元.
        unit, times = {"千万": ("万元", 1000.0), "千": ("元", 1000.0)}.get(big, (big + "元", 1.0))
        return unit, times, odd, end + m.end()
    if counter.endswith("百分点"):
        return POINTS, 1.0, odd, end + m.end()
    if not big and not counter:
        return "", 1.0, False, end  # 「多」 or 「余」 alone is not a unit (「多部门」)
    return counter, float(_MULTIPLIER[big]) if big else 1.0, odd, end + m.end()


def text_to_quantities(text: str, english: Optional[bool] = None) -> List[Quantity]:
    """Given a text (its digits half-width: ``normalize_digits``), return every figure stated in
    it, in order. ``english`` says how to read it (by default: English when it has more Latin words
    than Chinese characters).

    In Chinese a figure is counted in something — 「5件」, 「3514万」, 「12%」, 「100元」 — and a bare
    number is a name or a code (「12345热线」, 「“1310”具体部署」); in English any number that is not a
    year, date, reference, ordinal or phone number is a figure.
    """
    if english is None:
        english = len(re.findall(r"[A-Za-z]{2,}", text)) > len(re.findall(r"[\u4e00-\u9fff]", text))
    found: List[Quantity] = []
    taken = [False] * (len(text) + 1)
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    for m in _ARABIC.finditer(text):
        if any(a <= m.start() < b for a, b in phones):
            continue
        number = m.group(0)
        if _not_a_figure(text, m.start(), m.end(), number, english):
            continue
        q = _quantity(text, m.start(), m.end(), float(number.replace(",", "")), _decimals(number), english)
        if q is not None:
            found.append(q)
    found += _zh_decimals(text)
    for m in _ZH_RUN.finditer(text):
        q = _zh_quantity(text, m)
        if q is not None:
            found.append(q)
    found += _proportions(text, english)
    if english:
        for m in _EN_WORD_RE.finditer(text):
            value = float(_EN_WORDS[m.group(1).lower()])
            q = _quantity(text, m.start(), m.end(), value, 0, english)
            if q is not None and not _EN_REFERENCE.search(text[max(0, m.start() - 12):m.start()]) \
                    and not re.match(r"\s+(?:years?|months?|weeks?|days?|decades?)\s+(?:later|earlier|before|after|ago|on)\b",
                                     text[m.end():m.end() + 20], re.I):
                found.append(q)
    out = []
    for q in sorted(found, key=lambda q: (q.number_start, -(q.end - q.start))):
        if any(taken[q.number_start:q.number_end]):
            continue
        for i in range(q.start, q.end):
            taken[i] = True
        out.append(q)
    return out


#: Percentages and decimals written in Chinese numerals: 「百分之九点三」, 「百分之四十二」, 「二十一点六万件」.
_ZH_PERCENT = re.compile(r"百分之([零〇○一二两三四五六七八九十百]+)(?:点([零〇○一二三四五六七八九]+))?")
_ZH_POINT = re.compile(r"(?<![零〇○一二两三四五六七八九十百千万亿点])([零〇○一二两三四五六七八九十百千]+)点([零〇○一二三四五六七八九]+)")


def _zh_decimals(text: str) -> List[Quantity]:
    """Figures written in Chinese numerals with a decimal point or as a percentage: 「百分之九点三」
    (9.3%), 「百分之四十二」 (42%), 「二十一点六万件」 (216,000 件)."""
    out = []
    for m in _ZH_PERCENT.finditer(text):
        whole = zh_numeral_to_number(m.group(1))
        if whole is None:
            continue
        places = m.group(2) or ""
        value = float(f"{whole}.{''.join(str(_ZH_DIGIT[ch]) for ch in places)}") if places else float(whole)
        approx, begin = _qualifier_before(text, m.start(), False)
        stop = m.end()
        for word, kind in _AFTER_ZH:
            if word in ("左右", "上下", "以上", "以下") and text.startswith(word, stop):
                approx, stop = approx or kind, stop + len(word)
                break
        out.append(Quantity(begin, stop, m.start(), m.end(), value, "%", approx, 10.0 ** -len(places) if places else 1.0,
                            text[begin:stop]))
    for m in _ZH_POINT.finditer(text):
        whole = zh_numeral_to_number(m.group(1))
        if whole is None or text[max(0, m.start() - 3):m.start()].endswith("百分之"):
            continue
        places = m.group(2)
        value = float(f"{whole}.{''.join(str(_ZH_DIGIT[ch]) for ch in places)}")
        q = _quantity(text, m.start(), m.end(), value, len(places), False)
        if q is not None:
            out.append(q)
    return out


_ZH_FRACTION = re.compile(r"([一二两三四五六七八九十]+)分之([一二三四五六七八九十]+)")
_ZH_HALF = re.compile(r"过半|半数|一半")
_EN_FRACTIONS = {"half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
                 "one-third": 100 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3, "a quarter": 25.0,
                 "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
                 "a fifth": 20.0, "one fifth": 20.0, "one-fifth": 20.0}
_EN_FRACTION = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in _EN_FRACTIONS), key=len, reverse=True)) +
                          r")\b(?=\s+(?:of|the|those|them|these|its|their)\b)", re.I)


def _proportions(text: str, english: bool) -> List[Quantity]:
    """Shares written as words: 「三分之一」, 「过半」, "three-quarters of them", "more than half of
    those" — percentages, approximate unless a qualifier says how (「超过三分之一」 is over 33.3%)."""
    out = []
    spans = []
    if english:
        spans = [(m.start(), m.end(), _EN_FRACTIONS[m.group(1).lower()]) for m in _EN_FRACTION.finditer(text)]
    else:
        for m in _ZH_FRACTION.finditer(text):
            den, num = zh_numeral_to_number(m.group(1)), zh_numeral_to_number(m.group(2))
            if den and num and num < den:
                spans.append((m.start(), m.end(), 100.0 * num / den))
        spans += [(m.start(), m.end(), 50.0) for m in _ZH_HALF.finditer(text)]
    # 「翻了一番」, "doubled": a change of +100 % (「翻了两番」 +300 %).
    if english:
        spans += [(m.start(), m.end(), 100.0) for m in re.finditer(r"\bdoubled\b", text, re.I)]
    else:
        spans += [(m.start(), m.end(), 100.0 * (2 ** (zh_numeral_to_number(m.group(1)) or 1) - 1))
                  for m in re.finditer(r"翻了?([一两二三])番", text)]
    for start, end, value in spans:
        approx, begin = _qualifier_before(text, start, english)
        word = text[start:end]
        if word in ("过半",):
            approx = approx or "over"
        stop = end
        if not english:
            # 「三分之一以上」, 「一半左右」: a qualifier after the share.
            for after, kind in _AFTER_ZH:
                if text.startswith(after, end) and (after in ("以上", "以下", "左右", "上下") or not approx):
                    approx, stop = approx or kind, end + len(after)
                    break
        out.append(Quantity(begin, stop, start, end, value, "%", approx or "about", 0.1, text[begin:stop]))
    return out


def _quantity(text: str, start: int, end: int, number: float, decimals: int, english: bool) -> Optional[Quantity]:
    """The figure whose number stands at [start, end), with its unit and qualifiers; None when in
    Chinese it has no unit (a bare number there is not a figure)."""
    unit, mult, odd, stop = _unit_after(text, end, english)
    if not english and not unit and mult == 1.0:
        return None
    approx, begin = _qualifier_before(text, start, english)
    if odd:
        approx = approx or "odd"
    tail = text[stop:stop + 8]
    for word, kind in (_AFTER_EN if english else _AFTER_ZH):
        m = re.match(re.escape(word) if english else rf"\s*{re.escape(word)}", tail, re.I)
        if m and (english or word in ("左右", "上下", "以上", "以下")):
            approx = approx or kind
            stop += m.end()
            break
    value = number * mult
    precision = (10.0 ** -decimals) * mult
    if approx == "odd":
        precision = max(precision, 10.0 ** _trailing_zeros(value))
    elif decimals == 0 and mult == 1.0 and approx in ("about", "nearly"):
        precision = 10.0 ** _trailing_zeros(value)
    return Quantity(begin, stop, start, end, value, unit, approx, precision, text[begin:stop])


def _zh_quantity(text: str, m: "re.Match[str]") -> Optional[Quantity]:
    """A figure written in Chinese numerals and counted in a unit (「一百二十二件」, 「十余次」, 「三个」);
    not an ordinal (「第二十条」, 「三是」, 「（一）」), a year (「二〇二三年」) or a word made with a
    numeral (「一图读懂」)."""
    run, start = m.group(0), m.start()
    # A trailing 「万」/「亿」 is the multiplier, read with the unit.
    digits = run.rstrip("万亿") if len(run) > 1 else run
    value = zh_numeral_to_number(digits)
    if digits in ("百", "千") and text[start + 1:start + 2] in ("余", "多"):
        value = {"百": 100, "千": 1000}[digits]  # 「百余件」: more than a hundred
    elif value is None or not re.search(r"[零〇○一二两三四五六七八九十]", digits):
        return None
    before = text[max(0, start - 4):start]
    if re.search(r"[第（(〔\[]\s*$", before) or text[start + len(digits):start + len(digits) + 1] in ("是", "）", ")", "〕", "]", "、",
                                                                                       "年", "月", "日", "届", "中"):
        return None
    if re.fullmatch(r"[零〇○一二三四五六七八九]{4}", digits):
        return None
    after = text[start + len(digits):start + len(digits) + 4]
    if digits == "一" and text[max(0, start - 1):start] in ("上", "下", "同", "单", "唯", "统", "进"):
        return None  # 「上一份年报」, 「下一步」, 「统一」
    # 「两项合计」, 「二者之和」: the figures just stated, counted, not a figure of their own.
    if re.match(r"(项|者)(合计|共计|相加|加起来|之和|总计|共)", after) or re.match(r"部分|些|直|起|同|道|样|般", after):
        return None  # nor 「一部分」, 「一些」, 「一直」, 「一起」
    if after.startswith("成") and 1 <= value <= 10:
        # 「超八成」: a share in tenths (80%, to the nearest ten).
        approx, begin = _qualifier_before(text, start, False)
        end = start + len(digits) + 1
        if text[end:end + 1] in ("多", "余"):
            approx, end = approx or "odd", end + 1
        return Quantity(begin, end, start, start + len(digits), float(value) * 10, "%", approx or "about", 10.0,
                        text[begin:end])
    return _quantity(text, start, start + len(digits), float(value), 0, False)


def printed_number(text: str, q: Quantity) -> float:
    """Given a text and a figure found in it, return the number as printed, before any multiplier
    (「3514 万」: 3514; 「1,117」: 1117; 「一百二十二」: its value)."""
    digits = text[q.number_start:q.number_end]
    return float(digits.replace(",", "")) if re.fullmatch(r"[\d.,]+", digits) else q.value
