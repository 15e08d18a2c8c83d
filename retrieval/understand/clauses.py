"""Clauses: the figures a checked text states, each read with its clause into the query it is checked by.

A journalist's paragraph — 「2023年，广东省政数局共收到申请122件，其中予以公开67件、部分公开5件……」
— states its figures in clauses. Each figure (``numerals``) is read with its clause: the words before
it, back to the previous comma or figure, and the words after it up to the next (English names what
it counts after the number, "1,043 of them from individuals"; Chinese does so when nothing stands
before it but 「其中」, 「另有」, 「向」: 「114件为自然人申请」). The body and the year are the ones named
last before the figure, in its sentence or earlier in the text.

Each figure becomes a :class:`retrieval.query.Query`, never a question to parse again: the measure
is read from the clause's words (the understanding's own reading of them: rows, column, a share's
base), the intent is set by the text's own arithmetic — a figure; a share of a base; a change or a
growth between the two years the text compares (「由81件增至154件，增幅达90.1%」: 81 is the earlier
year's, 154 the later's, 90.1% the growth); the sum of the parts the text adds up — and the bodies
and years come from the text's context. 「其中」 ("of them", "of which", a dash) makes the figure
before it the group the following figures break down: their query follows that figure's (``follows``),
as a follow-up in a conversation would. A figure whose clause names nothing the template counts
(「较上年增长9.3%」, "7 directly") is read together with the clause it qualifies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ingest import agency_to_name
from model import CatalogEntry
from retrieval.lexicon import Concept
from retrieval.query import Intent, Mention, Query
from retrieval.understand.asks import body_names, clause_to_ask, content_words, question_to_search_text, strip_names
from retrieval.understand.names import (
    EN_DEPARTMENT_HEADS,
    contradicts,
    english_dept_matches,
    english_possessive,
    question_to_named_bodies,
    unloaded_names,
)
from retrieval.understand.numerals import Quantity, normalize_digits, text_to_quantities
from retrieval.understand.question import as_share, followup, question_language, understand
from retrieval.understand.scope import question_to_mentions, upper_places_named
from retrieval.understand.years import question_to_years


@dataclass(frozen=True)
class TextFigure:
    """A figure a text states, read with its clause into the query it is checked by.

    ``quantity`` is the figure as read, its positions in the whole text; ``sentence_span`` the
    sentence around it; ``clause`` the words that say what it counts. ``query`` is what the reports
    are asked, ``follows`` the query of the figure it breaks down (「其中」), ``parts`` the sum of
    the parts the text itself breaks the figure into ("123 requests: 122 new ones plus 1 left
    over"), and ``report_ids`` the reports it is checked against: those of the body the figure is
    about, all its years (empty: every report in scope). ``body`` is that body — as its reports
    print it when ``loaded``, as the text names it when not — or "" when the text names none;
    ``year`` the year the text gives it (None: none); ``falls`` whether the text states a change as
    a fall (「下降」, "fell").
    """

    quantity: Quantity
    sentence_span: Tuple[int, int]
    clause: str
    query: Query
    follows: Optional[Query]
    report_ids: Tuple[str, ...]
    body: str
    loaded: bool
    year: Optional[int]
    lang: str
    parts: Optional[Query] = None
    falls: bool = False
    #: The two figures a change in percentage points is between (the shares of two years), earlier first.
    between: Tuple[Query, ...] = ()


@dataclass(frozen=True)
class _Body:
    """A body the text names: where, as what, and its reports (none when it is not loaded)."""

    position: int
    name: str
    reports: Tuple[CatalogEntry, ...]


@dataclass(frozen=True)
class _Words:
    """What a figure is checked by before it is a query: the text's words that name what it counts
    (``before`` and ``after`` the figure), the intent the text's arithmetic settles (None: as the
    words read), the years (None: the figure's own), the query it follows and whether it is a fall."""

    before: str
    after: str = ""
    intent: Optional[Intent] = None
    years: Optional[Tuple[int, ...]] = None
    follows: Optional[Query] = None
    falls: bool = False


@dataclass(frozen=True)
class _Figure:
    """A figure of a sentence being read: its quantity and clause, and the query made of it."""

    quantity: Quantity
    before: str
    after_words: str
    anchor: Optional[int]  # index (in the sentence's figures) of the figure it breaks down
    wide: str = ""  # the words back to the figure before (or the sentence's start), hard breaks and all
    reach: int = 0  # where in the sentence the clause ends
    query: Optional[Query] = None
    follows: Optional[Query] = None
    falls: bool = False
    between: Tuple[Query, ...] = ()
    scope_ids: Optional[Tuple[str, ...]] = None  # the reports it is checked against, when not its body's


@dataclass
class _Reading:
    """What reading a text's figures needs at hand: the loaded reports, the scope, the figures'
    bodies' names, and the measures of the words read so far (a text reads the same words often)."""

    catalog: Sequence[CatalogEntry]
    scope: set
    names: List[str]
    measures: Dict[Tuple[str, int], Query] = field(default_factory=dict)
    #: Whether the text has counted applications (a row of table 3) before the figure being read.
    applications: bool = False
    #: The year the text first gave each body's figures, by name.
    body_years: Dict[str, int] = field(default_factory=dict)

    def measure(self, words: str, follows: Optional[Query] = None) -> Query:
        """The query the understanding reads from a clause's words (its figure left out), after the
        query of the figure it breaks down, if any (read in that figure's table first)."""
        key = (words, id(follows) if follows is not None else 0)
        if key not in self.measures:
            # (What a figure asks of the report's text is read from the words around it: ``_query``.)
            self.measures[key] = understand(words, self.catalog, follows, account=False)
        return self.measures[key]

    def names_nothing(self, words: str) -> bool:
        """Whether words name nothing the template counts (no row, group or column)."""
        u = self.measure(words)
        return not u.rows and u.col is None

    def names_no_row(self, words: str) -> bool:
        """Whether words name no row of the template (a column, or nothing, is left to the group)."""
        return not self.measure(words).rows


# ---------------------------------------------------------------- sentences and clauses

_SENTENCE_END = re.compile(r"[。！？!?]+[”」』\"’]?|(?<=[A-Za-z0-9%)”\"’])\.(?=\s+[A-Z“\"‘(]|\s*$)|\n\s*")
#: What ends a clause wherever it stands; what ends one right after a figure only (「67件、部分公开」).
_HARD = re.compile(r"[，,；;：:—–（）()\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B06\u2B07]|\s-\s")
_SOFT_ZH = re.compile(r"^\s*(?:、|及|和|与|以及)")
_SOFT_EN = re.compile(r"\s(?:and|while|but|whereas|with|plus)\s", re.I)
_APPOSITION_EN = re.compile(r",[^,;.]{1,80},\s*((?:were|was|are|is|have been|has been|had been|got|received|won)\b[^,;.]*)",
                            re.I)
_ANOTHER_EN = re.compile(r"\s(?:and|while|but|whereas)\s(?=(?:another|a further|the other|the remaining|the rest|only|just)\b)", re.I)
#: Words that open a clause without saying what it counts: with only these before a Chinese figure,
#: what follows it does (「其中114件为自然人申请」, 「向1名申请人收取」, 「另有4件结转」).
_OPENERS_ZH = re.compile(r"^(?:其中|另有|另外|此外|同时|以及|还有|共计|合计|总计|累计|共有|共|计|有|达到|达|为|向|对|给|全年|当年|同年|"
                         r"本年|全[县区市省镇]|[该本我](?:县|市|区|镇|乡|局|委|办|厅|府|单位|机关|部门|街道)|均|均为|都|仅|只有|则|而|"
                         r"分别|依法|按时|，|、|\s|\W)*$")
#: A verb whose object follows the figure (「组织了5期专题培训」, 「开展3次培训」): what is counted
#: stands after the figure.
_VERB_BEFORE_OBJECT = re.compile(r"(?:了|组织|开展|举办|召开|举行|印发|发放|培训|接待|走访|编印|制作|推送至|覆盖)\s*$")
#: Words by which the figures after them break down the one before (「其中」, "of them", a dash).
_BREAKDOWN_ZH = re.compile(r"其中|当中|包括|按办理结果分|按申请人情况分|按申请人分")
_BREAKDOWN_EN = re.compile(r"\bof (?:them|which|whom|these|those)\b|\bamong (?:them|which|these|those)\b|\bincluding\b|"
                           r"—|–|:\s|\bbroken down\b", re.I)
#: What ends a breakdown: a semicolon, or words that add something else (「另有」, "besides").
_BREAKDOWN_END = re.compile(r"[；;]|另有|另外|此外|\bbesides\b|\bin addition\b", re.I)


def text_to_sentences(text: str) -> List[Tuple[int, int]]:
    """Given a text, return the spans of its sentences (a line break ends one too), in order."""
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            out.append((start, end))
        start = end
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _clause_start(text: str, lo: int, q: Quantity, english: bool) -> int:
    """Where the clause of a figure begins: after the last hard boundary (or the figure before it);
    after an 「、」 or "and" that follows the figure before ("340 requests in full and 95 in part")."""
    part = text[lo:q.start]
    cut = lo
    hard = list(_HARD.finditer(part))
    for m in hard:
        cut = lo + m.end()
    if hard and hard[-1].group(0) in "：:" and not text[cut:q.start].strip() and len(hard) >= 1:
        # 「· 主动公开政府信息：412条」, "Requests received: 122": a label before a colon says what
        # the figure counts.
        cut = lo + (hard[-2].end() if len(hard) >= 2 else 0)
    rest = text[cut:q.start]
    if english:
        # "340 in full and 95 in part" splits at "and"; after a comma or semicolon the clause has
        # begun already ("; companies and other organisations filed 84") — unless what follows
        # "and" is another figure's own ("were granted in full and another 545 in part").
        soft = [m.end() for m in _SOFT_EN.finditer(" " + rest)] if lo and cut == lo else \
            [m.end() for m in _ANOTHER_EN.finditer(" " + rest)]
        return cut + (soft[-1] - 1 if soft else 0)
    soft_zh = _SOFT_ZH.match(rest)
    return cut + (soft_zh.end() if soft_zh else 0)


def _clause_end(text: str, q: Quantity, hi: int, english: bool) -> int:
    """Where the clause of a figure ends: at the next hard boundary, soft boundary or figure."""
    part = text[q.end:hi]
    ends = [m.start() for m in _HARD.finditer(part)][:1]
    # "and", "with" end a clause before the next figure's ("340 in full and 95 in part"), not in
    # the last ("five ended with the original decision corrected").
    soft = (_SOFT_EN.search(part) if hi < len(text.rstrip(" .!?")) else None) if english \
        else re.search(r"、|以及|及(?=[\u4e00-\u9fff])", part)
    if soft:
        ends.append(soft.start())
    return q.end + min(ends + [len(part)])


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ，,、；;：:。.！!？?")


# ---------------------------------------------------------------- bodies and years named


#: What an English pointer back at a body names (「the government」, "the bureau"): not a body's name.
_EN_POINTER = re.compile(r"(?:government|bureau|regulator|administration|office|department|city|county|zone|district)\b(?!'s)",
                         re.I)


def _pointer_at(text: str, position: int) -> bool:
    """Whether a body matched at ``position`` is only an English pointer back at one ("the government")."""
    return bool(_EN_POINTER.match(text, position)) and bool(re.search(r"\bthe\s+(?:[a-z]+\s+)?$", text[:position], re.I))


_PLACE_END = re.compile(r"(?:省|市|区|县|镇|乡|街道|自治州|州|旗)$")
#: A government named by its level alone (「县政府」, 「区人民政府」, "the county government").
_GENERIC_GOVERNMENT = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[了读看的是在和与及按据从对向]))(省|市|区|县|镇|乡)(?:人民)?政府|"
                                 r"\bthe (province|city|district|county|town)(?:'s)? (?:people's )?government\b", re.I)
_LEVEL_EN = {"province": "省", "city": "市", "district": "区", "county": "县", "town": "镇"}


def _generic_bodies(sentence: str, offset: int, catalog: Sequence[CatalogEntry]) -> List[_Body]:
    """The body a text names by its kind alone before naming any (「我认真读了县政府2025年…年度报告」):
    the one loaded government of that level (of the year the sentence names, when several are)."""
    years = {y.year for y in question_to_years(sentence) if not y.relative and not y.bare}
    for m in _GENERIC_GOVERNMENT.finditer(sentence):
        level = m.group(1) or _LEVEL_EN[m.group(2).lower()]
        fits: Dict[str, List[CatalogEntry]] = {}
        for e in catalog:
            name = agency_to_name(e.agency or "")
            if name.places and name.places[-1].endswith(level) and name.dept in ("人民政府", "政府"):
                fits.setdefault(e.body or e.agency or "", []).append(e)
        if len(fits) > 1 and years:
            fits = {k: v for k, v in fits.items() if any(e.year in years for e in v)}
        if len(fits) == 1:
            reports = next(iter(fits.values()))
            return [_Body(offset + m.start(), reports[0].agency or "", tuple(reports))]
    return []


#: Characters a body's name does not hold: a run with one is a phrase of the prose.
_NOT_A_NAME = re.compile(r"[是的了在将对把被为与及或等中其这那各每年月日里内外上下个件次条]")


def _bodies(sentence: str, offset: int, catalog: Sequence[CatalogEntry]) -> List[_Body]:
    """The bodies a sentence names, loaded or not, in order, with positions in the whole text."""
    named = question_to_named_bodies(sentence)
    out: List[_Body] = []
    for m in question_to_mentions(sentence, catalog):
        if _pointer_at(sentence, m.position):
            continue  # "the government said": a pointer back at the body named before (``_POINTERS``)
        if not contradicts(named, m.agency, m.position):
            out.append(_Body(offset + m.position, m.agency, m.reports))
    loaded_at = [b.position - offset for b in out]
    for n in unloaded_names(sentence, [e.agency for e in catalog if e.agency]):
        # In prose, a run ending like a place is not always one (「三是基层专区」, 「政府门户网站的专区」).
        if _NOT_A_NAME.search(n.text) and not n.english:
            continue
        if any(abs(p - n.position) <= 1 for p in loaded_at):
            continue
        # 「省一级看云岚省交通运输厅」: prose words run into a loaded body's name; a place before it
        # (「淮安市洪泽区…」) is another body.
        inside = [p for p in loaded_at if n.position < p < n.position + len(n.text)]
        if inside and not _PLACE_END.search(sentence[n.position:inside[0]]):
            continue
        printed = [(n.text.find(e.agency), e) for e in catalog if e.agency and len(e.agency) >= 4 and e.agency in n.text[1:]]
        if printed:
            k, e = min(printed, key=lambda x: x[0])
            if k > 0 and not _PLACE_END.search(n.text[:k]):
                out.append(_Body(offset + n.position + k, e.agency or "", tuple(x for x in catalog if x.body == e.body)))
                continue
        out.append(_Body(offset + n.position, n.text, ()))
    if re.search(r"[A-Za-z]{3}", sentence):
        unloaded = _english_bodies(sentence, offset, out)
        # A loaded body matched by place alone where the text names another of that place goes.
        out = [b for b in out if not any(abs(b.position - u.position) <= 2 for u in unloaded)] + unloaded
    if not out:
        for place in upper_places_named(sentence, catalog):
            at = sentence.find(place)
            out.append(_Body(offset + max(at, 0), place, ()))
    return sorted(out, key=lambda b: b.position)


_NO_COL = Concept("none", "", (), ())
#: A clause that says only that something was received or handled (「收到」, 「全年办结」).
_APPLIED_ZH = re.compile(r"\s*(?:共|全年|当年|同年|只|仅|也|则|又|还)?\s*(?:新收|收到|收了|受理|接到|接收|办结|办理|答复)了?(?:的)?\s*")


def _names_of(body: Optional["_Body"], reading: "_Reading") -> List[str]:
    """The names a body goes by in a text (its printed name, places and short forms), for leaving
    them out of what a clause counts."""
    return body_names(list(body.reports)) + [body.name] if body is not None else list(reading.names)


#: The rows a share is commonly of (a ratio's base).
_BASE_KEYS = ("total_handled", "new")


_TABLE_OF = {"row": "t3", "group": "t3", "col": "t3", "cols": "t3", "t2row": "t2", "t2col": "t2", "t4group": "t4", "t4col": "t4"}


def _other_table(own: Query, before: Optional[Query]) -> bool:
    """Whether words name only a column of another table than the rows of the query before."""
    return before is not None and not own.rows and own.col is not None and bool(before.rows) \
        and _TABLE_OF.get(own.col.kind) != _TABLE_OF.get(before.rows[0].kind)


def _bare(words: str) -> bool:
    """Whether words say nothing of what is counted (「其中」, "of them", 「另有」)."""
    return bool(_OPENERS_ZH.match(words)) or not re.sub(r"\b(?:of|among)\s+(?:them|which|whom|these|those)\b|\W", "", words,
                                                       flags=re.I)


def _base_only(m: Query) -> bool:
    """Whether words name only a base a share is of (「占办结总量的」, "of those closed")."""
    return bool(m.rows) and all(r.key in _BASE_KEYS for r in m.rows) and m.col is None and len(m.rows) == 1
#: An English possessive naming a body ("Fuzhou's market regulator", "Xiamen's city government").
# (A text's "Xiamen's city government" or "zone administration" is a body too, where a question's is
# left to the place names.)
_EN_POSSESSIVE = english_possessive(EN_DEPARTMENT_HEADS + ("government", "administration", "zone", "council"))


def _english_bodies(sentence: str, offset: int, found: Sequence[_Body]) -> List[_Body]:
    """Bodies an English sentence names by a possessive that no loaded body's name matches
    ("Fuzhou's market regulator"): not loaded, so their figures are never another body's."""
    out = []
    for m in _EN_POSSESSIVE.finditer(sentence):
        here = [b for b in found if abs(b.position - (offset + m.start())) <= 2]
        # "Wanglan's natural resources bureau" where only Wanglan's county government is loaded:
        # the place matches, the department does not — another body.
        if here and all(english_dept_matches(m.group(2), agency_to_name(b.name).dept) for b in here):
            continue
        out.append(_Body(offset + m.start(), m.group(0), ()))
    return out


def _years(sentence: str, offset: int) -> List[Tuple[int, int]]:
    """The years a sentence names for its figures, with positions in the whole text: written out
    (「2023年」, "in 2024", 「二〇二三年」), not a date's (「2026年1月23日」), not relative (「去年」 is a
    change's other year, for the engine to read), nor a year things go into (「结转至2023年」)."""
    out = []
    every = [y for y in question_to_years(sentence) if not y.bare]
    for y in every:
        as_of = re.search(r"(?:截至|截止|到)\s*$", sentence[max(0, y.position - 3):y.position]) and \
            re.match(r"\d{4}\s*年(?:底|末)", sentence[y.position:y.position + 7])
        if y.role and not as_of:  # 「截至2025年底」 is that year's figure; 「结转至2026年」 is not a year of it
            continue
        if y.relative and not any(not z.relative and z.position < y.position for z in every):
            continue  # 「去年」 alone is a change's other year; after 「2024年初」 it is 2023
        if y.relative and re.match(r"\s*(?:同期|相比|比|较)", sentence[y.position + 2:y.position + 6]):
            continue
        if y.relative and _COMPARED_BEFORE.search(sentence[max(0, y.position - 3):y.position]):
            continue  # 「较上年增长9.3%」, 「比上年增加7件」: the year compared with, not the figure's
        if re.match(r"\s*年?\s*\d{1,2}\s*月", sentence[y.position + 4:y.position + 10]):
            continue
        if re.search(r"[〔\[【［(（]\s*$", sentence[max(0, y.position - 2):y.position]) and \
                re.match(r"\d{4}\s*[〕\]】］)）]", sentence[y.position:y.position + 6]):
            continue  # a document number's year (「国办公开办函〔2021〕30号」), not 「（2023年）」
        out.append((offset + y.position, y.year))
    return out


#: Words right before a relative year that make it the year a figure is compared with (「较上年」, 「比去年」).
_COMPARED_BEFORE = re.compile(r"(?:比|较|相比|对比|同比|与|跟|和)\s*$")


_ZH_SHIFT = re.compile(r"([一两二三四五1-5])年(?:之)?(后|前|以后|以前)|(次年|翌年|第二年|前一年|上一年)")
_EN_SHIFT = re.compile(r"\b(a|one|two|three|four|five|\d)\s+years?\s+(later|earlier|before|after|on)\b|"
                       r"\b(the (?:following|next|previous|prior) year|the year (?:before|after)|a year (?:later|earlier|before))\b",
                       re.I)
_SHIFT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4,
                "五": 5}


def _shifted_years(sentence: str, offset: int, years: List[Tuple[int, int]], carried: Optional[int],
                   unresolved: Optional[List[Tuple[int, int]]] = None) -> List[Tuple[int, int]]:
    """The sentence's years with those it names by distance from another (「两年后」, "two years
    later", 「次年」, "the previous year"): counted from the year named before them, else the text's;
    a distance with nothing to count from goes into ``unresolved`` as (position, years), for the
    year of the body the figure is about."""
    out = list(years)
    for m in list(_ZH_SHIFT.finditer(sentence)) + list(_EN_SHIFT.finditer(sentence)):
        word = m.group(0).lower()
        if m.re is _ZH_SHIFT:
            if m.group(3):
                delta = -1 if m.group(3) in ("前一年", "上一年") else 1
            else:
                n = _SHIFT_WORDS.get(m.group(1)) or int(m.group(1))
                delta = n if m.group(2) in ("后", "以后") else -n
        elif m.group(3):
            delta = -1 if re.search(r"previous|prior|earlier|before", word) else 1
        else:
            n = _SHIFT_WORDS.get(m.group(1).lower()) or int(m.group(1))
            delta = n if m.group(2).lower() in ("later", "after", "on") else -n
        before = [y for p, y in out if p < offset + m.start()]
        base = before[-1] if before else carried
        if base is not None:
            out.append((offset + m.start(), base + delta))
        elif unresolved is not None and not _compared_year(sentence, m.start()):
            unresolved.append((offset + m.start(), delta))
    return sorted(out)


#: A year named as what a figure is compared with (「较2023年的81件」, "up from 287 in 2024"): its
#: own clause's, never the year of the figures after it.
_COMPARED = re.compile(r"(?:较|比|相比|对比|同比|比较|与|和|跟|相较|than|from|compared (?:with|to)|versus|vs\.?|over|on)\s*(?:the\s+)?$",
                       re.I)


def _compared_year(text: str, position: int) -> bool:
    """Whether the year at ``position`` of the text is named as the one compared with."""
    return bool(_COMPARED.search(text[max(0, position - 16):position]))


def _year_of(text: str, at: int, years: Sequence[Tuple[int, int]], carried: Optional[int]) -> Optional[int]:
    """The year a figure at ``at`` is about: a compared year in its own clause (「较2023年的81件」),
    else the last year named before it in its sentence that is not a compared one, else the year
    carried from the sentences before, else the sentence's first."""
    own_clause = [y for p, y in years if p < at and _compared_year(text, p) and not _HARD.search(text[p:at])]
    if own_clause:
        return own_clause[-1]
    stated = [y for p, y in years if p < at and not _compared_year(text, p)]
    if stated:
        return stated[-1]
    if carried is not None:
        return carried
    return next((y for p, y in years if not _compared_year(text, p)), next((y for _, y in years), None))


# ---------------------------------------------------------------- the words a figure is read by


#: Words by which a text points back at the body it named (「该局官方网站」): the claim's scope says
#: which body, and the report does not print them.
_BACK_TO_BODY = re.compile(r"(?:该|本|我|此)(?:局|市|县|区|委|办|厅|单位|机关|部门|中心|府)")
#: A correction's or a hedge's words before the figure (「受理群众举报数应为3587件」): the figure's, not what it counts.
_HEDGE_ZH = re.compile(r"(?:应为|应是|实为|实际为|实际是|应更正为|更正为|应该是|应当为|应当是)$")
_TONE_ZH = re.compile(r"(?<!不)(?:只有|仅仅|竟然|竟|只|才)(?=[\u4e00-\u9fff])")
#: Words that make a change a fall.
_FALL = re.compile(r"下降|减少|降低|回落|下滑|降幅|降至|减至|\b(?:fell|fall|dropped|drop|decreased|decrease|declined|decline|down)\b",
                   re.I)


def _own_words(f: _Figure, english: bool) -> Tuple[str, str]:
    """The words a figure's own clause says what it counts with, before and after the figure: a
    writer's tone (「只收了」, 「竟有」) and a pointer back at the body (「该局」) left out, which the
    report does not print."""
    if english:
        of_them = lambda s: re.sub(r"\bof (?:which|whom)\b", "of them", s, flags=re.I)  # noqa: E731
        return of_them(_plain(f.before)), of_them(_plain(f.after_words))
    before = _HEDGE_ZH.sub("", _TONE_ZH.sub("", _BACK_TO_BODY.sub("", _plain(f.before))))
    return before, _BACK_TO_BODY.sub("", _plain(f.after_words))


def _clause_words(f: _Figure, english: bool) -> str:
    """A clause's words with its figure left out, to stand before a clause that leans on it."""
    return _plain(f"{f.before} {f.after_words}") if english else _plain(f.before + f.after_words)


def _joined(*parts: str) -> str:
    return " ".join(p for p in (_plain(x) for x in parts) if p)


def _years_compared(words: str, year: Optional[int]) -> Tuple[int, ...]:
    """The years a change is between: the year of the figure and the others its words name
    (「2025年…比2023年」, 「较上年」, "from 2023", "on the year before"), earliest and latest; the figure's
    year alone when the words name no other (the reports then compare it with the year before it).
    A year named relative to another (「上年」) counts only when the figure's year is known."""
    named = {y.year for y in question_to_years(words, year) if not y.bare and (year is not None or not y.relative)}
    if year is not None:
        named.add(year)
    return (min(named), max(named)) if len(named) >= 2 else tuple(named)


#: Words that add what they join: a clause naming two rows is their sum only with one of them.
_JOINED = re.compile(r"[和及与、加＋+]|合计|共计|总计|一共|两项|二者|两者|\b(?:and|plus|as well as|total|combined|together|or)\b", re.I)


def _query(w: _Words, f: _Figure, body: Optional["_Body"], year: Optional[int], reading: _Reading, lang: str) -> Query:
    """The query a figure is checked by: the measure the understanding reads from its words, the
    intent the text's arithmetic settles (else: a figure, a sum of the rows named, a share for a
    percentage, a growth for a percentage of change, the text's own sentence when the words name
    nothing the tables count), the body and years of the text's context, and what the report's
    text must say to state it."""
    q = f.quantity
    words = _joined(w.before, w.after)
    m = reading.measure(words, w.follows)
    if w.follows is not None and not m.rows:
        m = followup(m, w.follows)
    intent = w.intent
    if intent is None:
        if not m.rows:
            intent = Intent.TEXT
        elif q.percent:
            intent = Intent.GROWTH if m.intent in (Intent.CHANGE, Intent.GROWTH) else Intent.RATIO
        elif m.intent == Intent.SUM and len(m.rows) > 1 and not m.followup and not _JOINED.search(words):
            # "a business-complaints platform it runs took in 3.5 million complaints": two rows the
            # words do not add up are not a sum of them — the text's own sentence, if any, says it.
            intent = Intent.TEXT
        elif m.intent in (Intent.FIGURE, Intent.SUM, Intent.CHANGE, Intent.SUBTRACT):
            intent = m.intent
        else:
            several = len(m.rows) > 1 or m.rows[0].kind == "group" or (m.col is not None and m.col.kind == "cols")
            intent = Intent.SUM if several else Intent.FIGURE
    if intent == Intent.RATIO and m.intent != Intent.RATIO:
        if w.follows is not None and m.followup:
            # 「其中自然人占85%」: a share of the group before.
            m = replace(m, denominator=w.follows.rows[0] if len(w.follows.rows) == 1 else None)
        else:
            m = as_share(m, reading.catalog)
    if w.years is not None:
        years = w.years
    elif intent in (Intent.CHANGE, Intent.GROWTH):
        years = _years_compared(words, year)
    else:
        years = (year,) if year else ()
    mentions = tuple(x for x in m.mentions if not _pointer_at(words, x.position))
    unloaded = m.unloaded
    key = body.reports[0].body if body is not None and body.reports else ""
    if body is not None and not body.reports:
        mentions, unloaded = (), (body.name,)
    elif body is not None and all(x.key == key for x in mentions):
        # The reports of the body scope it; one outside the scope given is named, so that the
        # answer says so.
        in_scope = not reading.scope or any(e.id in reading.scope for e in body.reports)
        mentions = () if in_scope else (Mention(body.name, body.reports, 0),)
    entries = list(body.reports) if body is not None and body.reports else \
        [e for e in reading.catalog if not reading.scope or e.id in reading.scope]
    names = body_names(entries) + ([body.name] if body is not None else [])
    ask = clause_to_ask(w.before, w.after, q.unit if not q.percent else "", q.percent, lang, names)
    return replace(m, question=words, lang=lang, intent=intent, years=years, year_positions=tuple((y, 0) for y in years),
                   mentions=mentions, unloaded=unloaded, leftover=(), ask=ask, scope=(),
                   followup=w.follows is not None)


def _asked(i: int, figures: Sequence[_Figure], carried: Optional[_Figure], body: Optional[_Body], year: Optional[int],
           reading: _Reading, lang: str) -> _Figure:
    """The figure with the query it is checked by, and the query it follows."""
    english = lang == "en"
    f = figures[i]
    q = f.quantity
    before, after = _own_words(f, english)
    if english and q.percent and not reading.names_nothing(_joined(before, after)) and _plain(f.wide) != _plain(f.before):
        # "measured against each body's new requests, that is a review rate of 12.5%": a share's
        # base may stand clauses before it.
        before = _plain(f.wide)
    core = _joined(before, after)
    anchor = carried if f.anchor == -1 else figures[f.anchor] if f.anchor is not None else None
    previous = anchor
    if q.percent:
        # A percentage qualifies the figure just before it (「42件，占51.85%」), not the group.
        previous = next((figures[j] for j in range(i - 1, -1, -1) if not figures[j].quantity.percent), None)
    names_nothing = reading.names_nothing(core)
    if not english and names_nothing and reading.applications and \
            _APPLIED_ZH.fullmatch(re.sub(r"(?:19|20)\d{2}\s*年度?", "", _plain(strip_names(core, _names_of(body, reading))))):
        # 「青溪县人民政府办公室2019年收到83件」 in a text counting applications: a verb of applying
        # alone counts what the text counts.
        before = _joined(before, "申请")
        core = _joined(before, after)
        names_nothing = reading.names_nothing(core)
    counts_before = [figures[j] for j in range(i - 1, -1, -1) if not figures[j].quantity.percent]
    if english and reading.names_no_row(core) and (reading.measure(core).col or _NO_COL).kind == "t4col" \
            and len(_plain(f.wide)) > len(_plain(f.before)):
        # "of its administrative reviews, five ended with the original decision corrected": the
        # group a table-4 outcome is of stands before the comma.
        before = _plain(f.wide)
        core = _joined(before, after)
    head = _sentence_head(figures)
    if not english and head and not q.percent and reading.names_no_row(core) \
            and not reading.names_no_row(_joined(head, core)):
        # 「规范性文件方面，23年废止13件」: the sentence's opening names the row its columns are of.
        before = _joined(head, before)
        core = _joined(before, after)
        names_nothing = False
    lean = names_nothing or _AMOUNT_ZH.match(_plain(f.before)) is not None or (q.percent and reading.names_no_row(core))
    if not english and not q.percent and anchor is None and counts_before and reading.names_no_row(core) \
            and (reading.measure(core).col or _NO_COL).kind == "t4col":
        # 「全年行政复议351件，结果被纠正的64件」: a column named alone is of the group the clause
        # before counts.
        before = _joined(_clause_words(counts_before[0], False), before)
        core = _joined(before, after)
        lean = False
    joint = _joint_zh(f, figures[i - 1] if i else None, counts_before) if not english and lean else None
    change_en = _CHANGE_EN.search(core) if english else None
    gapped = _gapped_en(i, figures, reading, anchor) if english and names_nothing else None
    own_base = _joined(*gapped) if gapped is not None else core
    if joint is not None:
        # 「两项合计占比近六成」, 「（286件）」, 「金额100元」: what they count is in the clauses before.
        w = joint
    elif q.percent and previous is not None and not change_en and _base_only(reading.measure(own_base)) \
            and reading.measure(own_base).intent not in (Intent.CHANGE, Intent.GROWTH):
        # 「予以公开的116件，占办结总量的三分之一以上」, "1,362 granted in full, roughly 45% of those
        # closed": a share named by its base alone is the share of the figure before.
        w = _Words(_joined(_clause_words(previous, english), own_base), follows=previous.follows)
    elif english and q.percent and previous is not None and change_en:
        # "1,117 new requests in 2024, up 9.3% on the year before": the growth of the figure before.
        words = _plain(_YEAR_WORDS_EN.sub(" ", _clause_words(previous, True)))
        w = _Words(words, intent=Intent.GROWTH, years=_years_compared(core, year),
                   falls=change_en.group(1).lower() in _FALL_EN)
    elif gapped is not None:
        # "Huai'an faced 351 administrative reviews and Pingtan more than 30": the words the clause
        # leaves out are those of the clause before.
        w = _Words(*gapped)
    elif english and names_nothing and previous is None and len(_plain(f.wide)) > len(_plain(f.before)):
        # "Its new WeChat account, launched that year, already has 1.2 million followers": the
        # whole sentence up to the figure says what is counted.
        w = _Words(_plain(f.wide), after)
    elif previous is not None and (q.percent or english) and names_nothing:
        # 「较上年增长9.3%」, "7 directly": read with the clause they qualify.
        w = _Words(_joined(_clause_words(previous, english), before), after, follows=previous.follows)
    elif anchor is not None and _other_table(reading.measure(core), anchor.query) \
            and not reading.names_no_row(_joined(f.wide, after)):
        # 「该局被提起行政复议，其中3宗维持原结果」: a column of another table than the figure before's
        # is of the group its own sentence names.
        w = _Words(_plain(_BACK_TO_BODY.sub("", f.wide)), after)
    elif anchor is not None and reading.names_no_row(core) and (not names_nothing or _bare(core)):
        # 「其中自然人1043件」: a column of the group before; a clause that names its own row
        # (「其中予以公开67件」), or something the tables do not count (「公众号关注人数」), is read on
        # its own.
        w = _Words(before, after, follows=anchor.query)
    else:
        w = _Words(before, after)
    falls = w.falls or bool(_FALL.search(_joined(w.before, w.after)))
    return replace(f, query=_query(w, f, body, year, reading, lang), follows=w.follows, falls=falls)


_COUNTED_EN = re.compile(r"\b(requests|applications|cases|lawsuits|suits|reviews|appeals|decisions|documents|items|posts)\b",
                         re.I)
_CHANGE_EN = re.compile(r"\b(up|down|rose|rise|risen|fell|fall|fallen|increased?|decreased?|grew|growth|dropped|drop|"
                        r"declined?|higher|lower)\b", re.I)
_FALL_EN = {"down", "fell", "fall", "fallen", "decrease", "decreased", "dropped", "drop", "decline", "declined", "lower"}
_PROPER_EN = re.compile(r"(?<=[\s\"“(])(?:[A-Z][\w'’-]*(?:'s|’s)?[\s,]*)+")
_BODY_WORDS_EN = re.compile(r"\b(?:(?:city|county|district|provincial|municipal|town|zone)\s+)?(?:government|bureau|regulator|"
                            r"administration|office|department|authority|committee)\b", re.I)
_YEAR_WORDS_EN = re.compile(r"\b(?:in|for|during|of)?\s*(?:19|20)\d{2}\b", re.I)


def _gapped_en(i: int, figures: Sequence[_Figure], reading: _Reading, anchor: Optional[_Figure] = None) -> Optional[Tuple[str, str]]:
    """The words of an English clause that names nothing it counts, taken from the sentence before
    it (back to the figure before: "Huai'an's 'not disclosed' category (不予公开) held 187 cases") or,
    when those name nothing either, from the nearest clause before that does (gapping: "… and
    Pingtan 9 times" after "Huai'an was sued 46 times"), as (before, after); None when none does."""
    f = figures[i]
    after = _plain(f.after_words)
    if _plain(f.wide + " " + f.after_words) and not reading.names_nothing(_joined(f.wide, after)):
        return _plain(f.wide), after
    own = _plain(f.before + " " + f.after_words)
    # The things counted before: in the sentence, else in the figure it breaks down ("… received
    # 3,119 requests. Officials closed 3,050 of them").
    earlier = list(figures[:i]) + ([anchor] if anchor is not None and anchor not in figures else [])
    nouns = _COUNTED_EN.findall(" ".join(g.wide + " " + g.after_words for g in earlier))
    if own and nouns and not _COUNTED_EN.search(own):
        # "… 454 of them and handled more than 3,000": the clause's own verb, of the things counted
        # before ("handled requests"), before any words of another clause.
        if not reading.names_nothing(f"{own} {nouns[-1]}"):
            return _plain(f.before), _joined(after, nouns[-1])
    for j in range(i - 1, -1, -1):
        g = figures[j]
        if g.quantity.percent != f.quantity.percent:
            continue
        # Without the years and proper names of the clause it borrows from (another body's).
        words = _YEAR_WORDS_EN.sub(" ", _plain(g.wide + " " + g.after_words))
        words = _PROPER_EN.sub(" ", " " + words)
        words = _BODY_WORDS_EN.sub(" ", words)  # "city government": another body's, not what is counted
        words = _plain(re.sub(r"\s(?:in|of|for|by|at)\s*$", " ", words))
        if words and not reading.names_nothing(words):
            return words, after
    return None


_BOTH_ZH = re.compile(r"(?:以上|这|上述)?(?:两项|二者|两者|两类)(?:合计|相加|加起来|之和|共计|共)?")
_AMOUNT_ZH = re.compile(r"^(?:金额|费用|共计|合计|总计|计|共|达|总额|涉及金额)$")


def _joint_zh(f: _Figure, previous: Optional[_Figure], counts_before: Sequence[_Figure]) -> Optional[_Words]:
    """The words of a Chinese clause that counts what the clauses before it count, or None: the
    two figures just stated together (「予以公开116件、部分公开36件，两项合计占比近六成」: their sum, or
    its share), a share of the figure before in its group (「复议351件，结果被纠正的64件，不到两成」), a
    figure in brackets restating the share before it (「超八成来自自然人（286件）」), an amount of what
    the clause before did (「收取信息处理费，金额100元」)."""
    q = f.quantity
    own = _plain(f.before + f.after_words)
    both = _BOTH_ZH.search(own)
    if both and len(counts_before) >= 2:
        first, second = counts_before[1], counts_before[0]
        rest = _plain(own[:both.start()] + own[both.end():])
        return _Words(_joined(_clause_words(first, False), _clause_words(second, False), rest),
                      intent=None if q.percent else Intent.SUM)
    if previous is None:
        return None
    if q.percent and not previous.quantity.percent and not own:
        # 「复议351件，结果被纠正的64件，不到两成」: the share the figure before is of the group
        # before it.
        group = next((c for c in counts_before if c.quantity.start < previous.quantity.start), None)
        if group is not None:
            return _Words(_joined(_clause_words(previous, False), _clause_words(group, False)), intent=Intent.RATIO)
        return None
    if q.percent and not previous.quantity.percent and not _plain(f.before):
        # 「申请318件，超八成来自自然人」: a share of the figure before.
        return _Words(_joined(_clause_words(previous, False), own), intent=Intent.RATIO) if own else None
    if not q.percent and re.search(r"[（(]\s*$", f.before) or (not q.percent and not own and previous.quantity.percent):
        base = next((c for c in counts_before if c.quantity.start < previous.quantity.start), None)
        words = _clause_words(previous, False)
        return _Words(_joined(_clause_words(base, False), words) if base is not None and previous.quantity.percent else words)
    if not q.percent and _AMOUNT_ZH.match(_plain(f.before)):
        return _Words(_clause_words(previous, False))  # 「金额」 itself is not a word the report uses
    return None


#: A clause giving the year a figure is compared with (「较2023年的81件」, 「而23年只有81件」) or the
#: change since it (「增加73件」, 「增幅达90.1%」): the figure counts what the clause before it counts.
_COMPARE_LEAD_ZH = re.compile(r"^(?:较|比|相比|与|同比|比较|而|但|但是|则)?\s*((?:19|20)?\d{2})\s*年度?(?:的|同期)?"
                              r"(?:只有|仅有|仅|为|是|有|共|则|才)*$")
_CHANGE_ZH = re.compile(r"^(?:共|分别|同比)?(增加|增长|上升|提高|减少|下降|降低|多|少|新增)了?$")
#: The words a change is stated by: a rise (「增长」, 「涨」) or a fall (「降幅」, 「回落」).
_RISE_ZH = "增幅|涨幅|增长|增加|上升|提高|上涨|攀升|增|涨|升"
_FALL_ZH = "降幅|跌幅|下降|减少|降低|回落|下滑|下跌|降|减|跌"
_GROWTH_ZH = re.compile(rf"^({_RISE_ZH}|{_FALL_ZH})了?(?:达到|达|为|了|约|超过|近|逾|超)*$")
_TREND_ZH = re.compile(rf"({_RISE_ZH}|{_FALL_ZH})(?:达到|达|为|了|约|超过|近|逾|超)*$")
_FALL_WORDS = tuple(_FALL_ZH.split("|"))
#: 「行政复议由2件增至36件」, 「从38件涨到53件」: the figure a change starts from, and the one it comes to.
_FROM_ZH = re.compile(r"(?:由|从)(?:((?:19|20)\d{2})\s*年度?的?)?$")
_TO_ZH = re.compile(rf"(?:{_RISE_ZH}|{_FALL_ZH})(?:至|到|为)(?:((?:19|20)\d{{2}})\s*年度?的?)?$")
#: "rose to 351", "fell to 46": the figure a change comes to; "from 58 a year earlier": the one it starts from.
_TO_EN = re.compile(r"\b(?:rose|risen|rising|fell|fallen|falling|increased|decreased|grew|grown|dropped|declined|climbed|jumped|"
                    r"surged|slipped|slid|went up|went down|came down|shrank)\s+to\s*$", re.I)
_FROM_EN = re.compile(r"^\s*(?:up|down)?\s*from\s*$", re.I)
_EARLIER_EN = re.compile(r"\b(?:a year (?:earlier|before)|the (?:year before|previous year|prior year)|last year)\b", re.I)


def _lead_year(before: str) -> Optional[int]:
    m = _COMPARE_LEAD_ZH.match(before)
    if not m:
        return None
    y = int(m.group(1))
    return y + 2000 if y < 100 else y


def _body_words(catalog: Sequence[CatalogEntry]) -> List[str]:
    """The loaded bodies' names and their places' cores (「淮安」), to leave out of what a clause counts."""
    return sorted({n for e in catalog if e.agency for n in (e.agency, *agency_to_name(e.agency).cores) if len(n) > 1},
                  key=len, reverse=True)


def _counted_words(f: _Figure, names: Sequence[str]) -> str:
    """What a clause counts, without years or the body's names (the claim's scope says whose)."""
    counted = _plain(re.sub(r"(?:(?:19|20)?\d{2}|[〇零一二三四五六七八九]{4})\s*年度?[，,]?", "", f.before + f.after_words))
    return _plain(strip_names(counted, names) or counted)


def _sentence_head(figures: Sequence[_Figure]) -> str:
    """The words a sentence opens with before its first figure's clause (「规范性文件方面」), or ""."""
    if not figures:
        return ""
    first = figures[0]
    head = first.wide[:len(first.wide) - len(first.before)] if first.wide.endswith(first.before) else ""
    head = re.sub(r"(?:(?:19|20)?\d{2}|[〇零一二三四五六七八九]{4})\s*年度?", "", head)
    return _plain(re.sub(r"【[^】]*】", "", head))


_PART_JOIN = re.compile(r"[、,，]|\+|加|和|及|与|\bplus\b|\band\b", re.I)
_PARTS_OPEN = re.compile(r"[:：—–（(]|其中|包括|\bof which\b|\bincluding\b", re.I)


def _wholes(sentence: str, figures: Sequence[_Figure]) -> Dict[int, List[int]]:
    """The figures a sentence breaks into parts that add up to them, by index: 「123件（新收122件、
    上年结转1件）」, "123 requests: 122 new ones plus 1 left over". Only where the parts follow the
    whole after a colon, dash, bracket or 「其中」, one after another with a joining word between
    (「、」, 「和」, "plus", "and"), and add up to the whole exactly — the text's own arithmetic, not a
    guess."""
    out: Dict[int, List[int]] = {}
    for i, f in enumerate(figures[:-2]):
        if f.quantity.percent or not _PARTS_OPEN.search(sentence[f.quantity.end:figures[i + 1].quantity.start]):
            continue
        parts, total = [i + 1], figures[i + 1].quantity.value
        for j in range(i + 2, len(figures)):
            between = sentence[figures[j - 1].quantity.end:figures[j].quantity.start]
            if figures[j].quantity.percent or len(between) > 30 or re.search(r"[;；。.]", between) \
                    or not _PART_JOIN.search(between):
                break
            parts.append(j)
            total += figures[j].quantity.value
            if abs(total - f.quantity.value) < 1e-9:
                out[i] = parts
                break
            if total > f.quantity.value:
                break
    return out


_POINTERS = ((re.compile(r"省局|省厅|\bthe provincial (?:bureau|department|administration)\b", re.I), ("省",)),
             (re.compile(r"市局|\bthe (?:city|municipal) (?:bureau|department|administration)\b", re.I), ("市",)),
             (re.compile(r"区局|\bthe district (?:bureau|department|administration)\b", re.I), ("区",)),
             (re.compile(r"县局|\bthe county (?:bureau|department|administration)\b", re.I), ("县",)),
             (re.compile(r"\bthe (?:city |county |municipal |district |provincial |zone )?government\b(?!'s (?:bureau|office|department))",
                         re.I), ("政府", "government")),
             (re.compile(r"该局|本局|\bthe (?:bureau|regulator|administration)\b", re.I), ("局", "bureau", "regulator", "administration")),
             (re.compile(r"该县|\bthe county\b", re.I), ("县", "county")),
             (re.compile(r"该市|\bthe city\b", re.I), ("市人民政府", "市政府", "city")),
             (re.compile(r"该区|\bthe (?:zone|district)\b", re.I), ("区", "zone", "district")))


def _bodies_pointed_at(sentence: str, offset: int, seen: Sequence[_Body]) -> List[_Body]:
    """The bodies a sentence points back at by their kind (「该局」, 「省局」, "the bureau", "the
    county"), each the last one of that kind named before the pointer, at the pointer's place."""
    out = []
    for pattern, marks in _POINTERS:
        for m in pattern.finditer(sentence):
            at = offset + m.start()
            earlier = [b for b in seen if b.position < at and b.reports]
            if len(marks) == 1:  # 「省局」: a bureau of that level (广东省…管理局)
                fits = [b for b in earlier if b.name.endswith(("局", "厅")) and agency_to_name(b.name).places
                        and agency_to_name(b.name).places[-1].endswith(marks[0])]
            else:
                fits = [b for b in earlier if any(b.name.endswith(k) or k in b.name.lower() for k in marks)
                        or (marks[0] == "县" and "县" in b.name and b.name.endswith("政府"))]
            if fits:
                out.append(_Body(at, fits[-1].name, fits[-1].reports))
    return out


def _pair(named: Sequence[int]) -> Tuple[Optional[int], Optional[int]]:
    """The two years a text compares: the last two it named, earlier first."""
    last = list(dict.fromkeys(reversed(named)))[:2]
    return (min(last), max(last)) if len(last) == 2 else (None, None)


#: 「比交通运输厅少了73件」, "73 fewer than the transport department": the difference between the
#: figure before and another body's same figure.
_DIFFERENCE_ZH = re.compile(r"^(?:比|较|与|同|跟)(.{2,30}?)(?:相比)?(多|少)(?:了|出)?$")
_DIFFERENCE_EN = re.compile(r"^\s*(more|fewer|less)\s+than\s+(?:that of\s+|those of\s+)?(.{3,60})$", re.I)


def _compared_with(i: int, figures: Sequence[_Figure], years: Sequence[Optional[int]], body: "_Body", reading: "_Reading",
                   words: str, fewer: bool) -> Optional[Tuple[_Figure, Optional[int]]]:
    """A figure stated as the difference between the figure before it (this body's) and another
    body's same figure, named in ``words``: a query of the two bodies' difference, each in the year
    the text gives it; None when the words name no other loaded body or no figure stands before."""
    key = body.reports[0].body
    others = [m for m in reading.measure(words).mentions if m.key != key and m.reports]
    base_at = next((j for j in range(i - 1, -1, -1) if not figures[j].quantity.percent), None)
    base = figures[base_at].query if base_at is not None else None
    if not others or base is None or not base.rows or base_at is None:
        return None
    other = others[0]
    own_year, other_year = years[base_at], reading.body_years.get(other.agency)
    positions = tuple((y, k) for y, k in ((own_year, 0), (other_year, 1)) if y is not None)
    query = replace(base, intent=Intent.DIFFERENCE, mentions=(Mention(body.name, body.reports, 0), Mention(other.agency, other.reports, 1)),
                    years=tuple(y for y, _ in positions), year_positions=positions, unloaded=(), followup=False,
                    question=_joined(base.question, words))
    scope = reading.scope
    ids = tuple(e.id for e in body.reports + other.reports if not scope or e.id in scope)
    f = figures[i]
    return replace(f, query=query, follows=None, falls=fewer, scope_ids=ids), years[i]


#: How a figure's words are read into its query, with the year it is about.
_Read = Callable[[_Words, Optional[int]], Tuple[_Figure, Optional[int]]]


def _asked_level_en(i: int, figures: Sequence[_Figure], years: Sequence[Optional[int]], body: Optional[_Body],
                    reading: _Reading, read: "_Read") -> Optional[Tuple[_Figure, Optional[int]]]:
    """An English figure a change comes to or starts from, read as that year's figure: "applications
    for administrative review rose to 351" is the figure (not the rise); in "fell to 46 from 58 a
    year earlier" 58 is the year before's."""
    f = figures[i]
    to = _TO_EN.search(f.before)
    if to:
        counted = _plain(f.before[:to.start()])
        if counted and not reading.names_nothing(counted):
            year = years[i]
            return read(_Words(counted, years=(year,) if year else ()), year)
        return None
    if i and _FROM_EN.match(f.before) and _TO_EN.search(figures[i - 1].before):
        counted = _plain(figures[i - 1].before[:_TO_EN.search(figures[i - 1].before).start()])  # type: ignore[union-attr]
        stated = re.search(r"\b((?:19|20)\d{2})\b", f.after_words)
        later = years[i - 1] or max((e.year for e in body.reports if e.year), default=None) if body is not None else years[i - 1]
        year = int(stated.group(1)) if stated else (later - 1 if later and _EARLIER_EN.search(f.after_words) else None)
        if counted and year is not None and not reading.names_nothing(counted):
            return read(_Words(counted, years=(year,)), year)
    return None


def _asked_compared(i: int, figures: Sequence[_Figure], years: Sequence[Optional[int]], body: Optional[_Body],
                    reading: _Reading, lang: str,
                    pair: Tuple[Optional[int], Optional[int]]) -> Optional[Tuple[_Figure, Optional[int]]]:
    """A Chinese figure whose clause only compares, read as what it compares: in 「……申请154件，
    较2023年的81件增加73件」 81 is 2023's 申请 and 73 the change in 申请 from 2023 to 154's year; in
    「增幅达90.1%」 the growth; in 「行政复议由2件增至36件」 2 is the earlier of the two years the text
    compares (``pair``) and 36 the later. None for any other figure."""
    f = figures[i]
    names = reading.names
    before = _plain(f.before)
    earlier, later = pair

    def read(words: _Words, year: Optional[int]) -> Tuple[_Figure, Optional[int]]:
        query = _query(words, f, body, year, reading, lang)
        return replace(f, query=query, follows=None, falls=words.falls), year

    if f.quantity.points:
        # 「（2023年占38.3%，2025年降至35.8%，）回落2.5个百分点」: the change between the two shares
        # stated before it.
        shares = [g for g in figures[:i] if g.quantity.percent and g.query is not None and g.query.intent == Intent.RATIO]
        if len(shares) >= 2 and shares[-2].query is not None and shares[-1].query is not None \
                and shares[-2].query.years != shares[-1].query.years:
            first, second = shares[-2].query, shares[-1].query
            return replace(f, query=second, follows=None, between=(first, second),
                           falls=bool(_FALL.search(before))), years[i]
        return None
    if lang == "en":
        return _asked_level_en(i, figures, years, body, reading, read)
    start_of = _FROM_ZH.search(before)
    end_of = _TO_ZH.search(before)
    if (start_of or end_of) and not f.quantity.percent and (earlier and later and earlier != later
                                                             or (start_of or end_of).group(1)):  # type: ignore[union-attr]
        counted = _plain(before[:(start_of or end_of).start()])  # type: ignore[union-attr]
        if not counted and end_of and i and _FROM_ZH.search(_plain(figures[i - 1].before)):
            counted = _plain(_FROM_ZH.sub("", _plain(figures[i - 1].before)))  # 「由2件增至36件」: the 由 clause's
        counted = re.sub(r"(?:则|却|也|均|都)$", "", _counted_words(_Figure(f.quantity, counted, "", None), names))
        # (What the tables do not count — 「公众号关注人数涨到1.85万」 — is the report's text's figure
        # of that year, the verb of change left out.)
        if counted and (not reading.names_nothing(counted) or end_of):
            named_here = (start_of or end_of).group(1)  # type: ignore[union-attr]
            year = int(named_here) if named_here else (earlier if start_of else later)
            return read(_Words(counted, years=(year,) if year else ()), year)
    share = figures[i - 1].query if i and figures[i - 1].quantity.percent else None
    if end_of and f.quantity.percent and share is not None and share.intent == Intent.RATIO and not _counted_words(
            _Figure(f.quantity, before[:end_of.start()], "", None), names):
        # 「2023年…占办结总量的38.3%，2025年降至35.8%」: the share before, in another year.
        year = int(end_of.group(1)) if end_of.group(1) else years[i] if years[i] != years[i - 1] else later
        if year is not None:
            return replace(f, query=replace(share, years=(year,), year_positions=((year, 0),)), follows=None), year
    other = _DIFFERENCE_ZH.match(before) if lang == "zh" else _DIFFERENCE_EN.match(f.after_words)
    if other and not f.quantity.percent and body is not None and body.reports:
        words, fewer = (other.group(1), other.group(2) == "少") if lang == "zh" else (other.group(2), True)
        if lang == "en":
            fewer = other.group(1).lower() in ("fewer", "less")
        difference = _compared_with(i, figures, years, body, reading, words, fewer)
        if difference is not None:
            return difference
    trend = _TREND_ZH.search(before) if f.quantity.percent else None
    doubled = f.quantity.percent and "番" in f.quantity.written
    if (trend is not None and trend.start() > 0 or doubled) and earlier and later and earlier != later:
        # 「行政处罚决定数量降幅超过五成」, 「行政强制决定却翻了一番」: the change between the two
        # years the text compares.
        counted = _counted_words(_Figure(f.quantity, before[:trend.start()] if trend else before, "", None), names)
        counted = re.sub(r"(却|则|也|更|还|竟|均|都)$", "", counted)
        if counted and not reading.names_nothing(counted):
            falls = trend is not None and trend.group(1) in _FALL_WORDS
            return read(_Words(counted, intent=Intent.GROWTH, years=(earlier, later), falls=falls), later)
    if i == 0:
        return None
    lead_year, change = _lead_year(before), _CHANGE_ZH.match(before)
    growth = _GROWTH_ZH.match(before) if f.quantity.percent else None
    if f.quantity.percent and not growth or not f.quantity.percent and lead_year is None and not change:
        return None
    base_at = next((j for j in range(i - 1, -1, -1) if not figures[j].quantity.percent
                    and _lead_year(_plain(figures[j].before)) is None
                    and not _CHANGE_ZH.match(_plain(figures[j].before))), None)
    if base_at is None:
        return None
    base = figures[base_at]
    to_figure = bool(_TO_ZH.search(_plain(base.before))) and base.query is not None and bool(base.query.rows)
    # 「由81件增至154件，增幅达90.1%」: the growth of what the change counts, between the years compared.
    counted = base.query.question if to_figure and base.query is not None else _counted_words(base, names)
    if reading.names_nothing(counted):
        return None
    if lead_year is not None and not f.quantity.percent:
        return read(_Words(counted, years=(lead_year,)), lead_year)
    compared = next((y for j in range(base_at + 1, i) for y in [_lead_year(_plain(figures[j].before))] if y), None)
    base_year = years[base_at]
    if to_figure and compared is None and earlier and later and earlier != later:
        compared, base_year = earlier, later
    if compared is None or base_year is None:
        return None
    if growth is not None:
        return read(_Words(counted, intent=Intent.GROWTH, years=tuple(sorted((compared, base_year))),
                           falls=growth.group(1) in _FALL_WORDS), base_year)
    if change is None:
        return None
    return read(_Words(counted, intent=Intent.CHANGE, years=tuple(sorted((compared, base_year))),
                       falls=change.group(1) in ("减少", "下降", "降低", "少")), base_year)


# ---------------------------------------------------------------- the text's figures


def text_to_figures(text: str, catalog: Sequence[CatalogEntry], report_ids: Optional[Sequence[str]] = None) -> List[TextFigure]:
    """Given a text, the loaded reports and an optional scope, return every figure the text states
    with the query it is checked by, in order. Years, dates, ordinals, phone and document numbers are
    not figures (``numerals``)."""
    norm = normalize_digits(text)
    reading = _Reading(catalog, set(report_ids or ()), _body_words(catalog))
    body: Optional[_Body] = None
    year: Optional[int] = None
    out: List[TextFigure] = []
    carried: Optional[_Figure] = None  # the last figure of the sentence before, in the same paragraph
    body_years = reading.body_years  # the year the text first gave each body's figures
    named_years: List[int] = []  # every year the text has named so far, in order
    seen_bodies: List[_Body] = []  # every body the text has named so far, in order
    previous_end = 0
    spans = text_to_sentences(norm)
    # Each sentence's bodies and years, read once: the whole text's are needed before the first.
    named_in = [_bodies(norm[a:z], a, catalog) for a, z in spans]
    years_in = [_years(norm[a:z], a) for a, z in spans]
    # A text about one loaded body (「【评论】三千多份申请背后……」 over Huai'an's figures) is about it
    # from its first line, before it names it.
    loaded_named = {b.name: b for bodies in named_in for b in bodies if b.reports}
    sole = next(iter(loaded_named.values())) if len(loaded_named) == 1 else None
    first_year = next((y for years in years_in for p, y in years if not _compared_year(norm, p)), None)
    for (s_start, s_end), bodies, own_years in zip(spans, named_in, years_in):
        if "\n" in norm[max(0, previous_end - 1):s_start + 1]:
            carried = None  # a new paragraph: 「其中」 refers back within a paragraph only
        previous_end = s_end
        sentence = norm[s_start:s_end]
        lang = question_language(sentence)
        english = lang == "en"
        quantities = [q for q in text_to_quantities(sentence, english)]
        shifts: List[Tuple[int, int]] = []
        years = _shifted_years(sentence, s_start, own_years, year, shifts)
        # Every year named, what things go into or come from too (「从2023年的81件增至2025年的154件」).
        named_years += [y for y in [z for _, z in years] + [z.year for z in question_to_years(sentence) if not z.relative and not z.bare]
                        if y not in named_years]
        if bodies and not any(y for _, y in years) and not re.search(r"同年|当年|同期|same year|that year", sentence) \
                and body is not None and bodies[0].name != body.name:
            year = None  # a new body named without a year: its own reports say which
        if not bodies and body is None and not seen_bodies:
            bodies = _generic_bodies(sentence, s_start, catalog)
        # 「该局」, 「省局」, "the bureau": the body of that kind named last, where it is pointed at.
        pointed = _bodies_pointed_at(sentence, s_start, seen_bodies + bodies)
        if pointed:
            bodies = sorted(bodies + pointed, key=lambda b: b.position)
        figures = _read_figures(sentence, quantities, english, carried is not None)
        fig_years = [_year_of(norm, s_start + f.quantity.start, years, year) for f in figures]
        wholes = _wholes(sentence, figures)
        sums: Dict[int, Query] = {}
        if english:
            # "logged 3,119 new requests in 2024": an English clause names its year after the figure.
            for i, f in enumerate(figures):
                own = [y for p, y in years if s_start + f.quantity.end <= p < s_start + max(f.reach, f.quantity.end + len(f.after_words))
                       and not _compared_year(norm, p)]
                if own:
                    fig_years[i] = own[0]
        for i, f in enumerate(figures):
            whole = next((w for w, ps in wholes.items() if f.anchor in ps and i > ps[-1]), None)
            if whole is not None:
                f = figures[i] = replace(f, anchor=whole)  # 「（新收122件、结转1件），其中自然人114件」
            q = f.quantity
            at = s_start + q.start
            named_before = [b for b in bodies if b.position < at]
            body_here = named_before[-1] if named_before else (bodies[0] if bodies and body is None else body)
            # "12.5% in Huai'an": a place named after an English figure (a capitalised name, not
            # "government information").
            named_after = _bodies(f.after_words, s_start + q.end, catalog) \
                if english and re.search(r"\b[A-Z][a-z]", f.after_words) else []
            if named_after:
                body_here = named_after[0]  # "12.5% in Huai'an"
            if body_here is not None and not any(p < at for p, _ in years) and body_here.name in body_years \
                    and not (english and fig_years[i] is not None and fig_years[i] != year):
                # A body whose year the text gave earlier (「平潭…reporting for 2025」) keeps it.
                fig_years[i] = body_years[body_here.name]
            if body_here is None and sole is not None:
                body_here = sole
                if fig_years[i] is None and len(sole.reports) > 1:
                    fig_years[i] = first_year
            year_here = fig_years[i]
            clause_end = s_start + max(f.reach, q.end + len(f.after_words))
            own_from, own_to = (s_start + q.end, clause_end) if english else (at - len(f.wide), at)
            shift = [d for p, d in shifts if own_from <= p < own_to]
            if shift and year_here is not None:
                year_here = fig_years[i] = year_here + shift[-1]  # 「该局前一年…」, "98 requests the year before"
            if body_here is not None and year_here is not None:
                body_years.setdefault(body_here.name, year_here)
            figures[i], year_here = _asked_compared(i, figures, fig_years, body_here, reading, lang, _pair(named_years)) or \
                (_asked(i, figures, carried, body_here, year_here, reading, lang), year_here)
            parts: Optional[Query] = None
            if i in wholes:
                # "handled 123 requests: 122 new ones plus 1 left over": the text says what its
                # figure adds up; "of them" after it is of that sum.
                words = _Words(_joined(*(_clause_words(figures[j], english) for j in wholes[i])), intent=Intent.SUM)
                parts = sums[i] = _query(words, figures[wholes[i][0]], body_here, year_here, reading, lang)
            f = figures[i]
            assert f.query is not None
            if f.query.intent in (Intent.CHANGE, Intent.GROWTH) and f.query.years:
                year_here = max(f.query.years)  # a change is the later year's
            if any(r.kind in ("row", "group") for r in f.query.rows):
                reading.applications = True
            out.append(TextFigure(
                quantity=_shifted(q, s_start), sentence_span=(s_start, s_end),
                clause=_plain(f"{f.before} {q.written} {f.after_words}" if english else f.before + q.written + f.after_words),
                query=f.query, follows=f.follows,
                report_ids=f.scope_ids if f.scope_ids is not None else _scope_of(body_here, reading.scope),
                body=body_here.name if body_here else "", loaded=bool(body_here and body_here.reports),
                year=year_here, lang=lang, parts=parts, falls=f.falls, between=f.between))
            if parts is not None:
                # What 「其中」 or "of them" after the parts refer to is the sum they make.
                figures[i] = replace(figures[i], query=parts, follows=None)
        if bodies:
            body = bodies[-1]
            seen_bodies.extend(bodies)
        first_figure = s_start + figures[0].quantity.start if figures else s_end
        # (English names a sentence's year after its figures too: "received 81 requests in 2023".)
        topic = [y for p, y in years if not _compared_year(norm, p) and (p < first_figure or english)]
        if topic:
            # The year a sentence is about is the one it opens with: one named after its first
            # figure is a contrast (「…，而2023年行政复议仅2件」) or a comparison, not the next
            # sentence's year.
            year = topic[0]
        counts = [f for f in figures if not f.quantity.percent]
        if counts:
            # "of them" in the next sentence: the whole a sentence broke down, else its last count.
            carried = replace(figures[min(wholes)], query=sums[min(wholes)]) if wholes else counts[-1]
    return out


def _shifted(q: Quantity, offset: int) -> Quantity:
    """A quantity of a sentence, its positions in the whole text."""
    return replace(q, start=q.start + offset, end=q.end + offset, number_start=q.number_start + offset,
                   number_end=q.number_end + offset)


def _read_figures(sentence: str, quantities: Sequence[Quantity], english: bool, carried: bool) -> List[_Figure]:
    """Each figure of a sentence with its clause, and the figure it breaks down, if any: its index
    in the sentence, or -1 for the last figure of the sentence before (「……122件。其中自然人113件」),
    when ``carried``."""
    out: List[_Figure] = []
    anchor: Optional[int] = None
    # The last figure a breakdown can be of (a percentage is not).
    last_count: Optional[int] = -1 if carried else None
    for i, q in enumerate(quantities):
        lo = quantities[i - 1].end if i else 0
        hi = quantities[i + 1].start if i + 1 < len(quantities) else len(sentence)
        start = _clause_start(sentence, lo, q, english)
        end = _clause_end(sentence, q, hi, english)
        before, after_words = sentence[start:q.start], sentence[q.end:end]
        # A headline's tag (「【评论】」, 「【两年对比】」) says nothing of what is counted.
        before = re.sub(r"【[^】]*】|\[[^\]]*\]", "", before)
        between = sentence[lo:q.start] + (after_words if english else "")
        if _BREAKDOWN_END.search(sentence[lo:q.start]):
            anchor = None
        breakdown = _BREAKDOWN_EN if english else _BREAKDOWN_ZH
        if english:
            # "… 454 of them and handled more than 3,000": "of them" after the figure before is that
            # figure's; only a dash or colon before the clause, or "of them" in it, breaks down.
            opens = bool(re.search(r"—|–|:\s", sentence[lo:start])) or bool(breakdown.search(sentence[start:q.start] + after_words))
        else:
            opens = bool(breakdown.search(between))
        if last_count is not None and opens:
            anchor = last_count
        if not english and not _OPENERS_ZH.match(before) and not _VERB_BEFORE_OBJECT.search(before):
            after_words = ""  # the words before the figure say what it counts
        elif not english:
            # 「三千多份申请背后」: what is counted, not where it stands.
            after_words = re.sub(r"(背后|之中|当中|之外|以来|面前|里面)$", "", after_words)
        if english and re.search(r"\bones\b", after_words):
            # "122 new ones": the things counted are the ones named before.
            nouns = _COUNTED_EN.findall(sentence[:q.start])
            after_words = re.sub(r"\bones\b", nouns[-1] if nouns else "requests", after_words)
        if english and not _plain(before) and sentence[end:end + 1] == ",":
            # "Some 1,362 requests, roughly 45% of those closed, were granted in full": what the
            # figure counts is said after the words set off between commas.
            tail = _APPOSITION_EN.match(sentence[end:])
            if tail:
                after_words += " " + re.split(r"\s(?:and|while|but|whereas)\s", tail.group(1))[0]
        reach = end
        if english and q.percent and i + 1 < len(quantities) and re.search(r"\bof\s+(?:the|its|their|all)?\s*$", after_words):
            # "granted 57.8% of the 122 requests it received in 2023": the base is the next figure's
            # clause (its words, not its number).
            nxt = quantities[i + 1]
            reach = _clause_end(sentence, nxt, quantities[i + 2].start if i + 2 < len(quantities) else len(sentence), True)
            after_words += " " + sentence[nxt.end:reach]
        # The words back to the figure before, but not across a semicolon (another clause's subject).
        wide = re.split(r"[;；]", sentence[lo:q.start])[-1]
        out.append(_Figure(q, before, after_words, anchor if anchor is not None and anchor < i else None, wide=wide,
                           reach=reach))
        if not q.percent:
            last_count = i
    return out


def _scope_of(body: Optional[_Body], scope: set) -> Tuple[str, ...]:
    """The reports a figure is checked against: its body's (within the scope given), else the scope."""
    if body is not None and body.reports:
        ids = tuple(e.id for e in body.reports if not scope or e.id in scope)
        if ids:
            return ids
    return tuple(sorted(scope))


#: Words of a claim that say nothing of what it counts (「全县」, 「该局」, 「另有」).
_OPENER_WORD = re.compile(r"^(?:[全该本我此][县市区省镇乡局委办厅府]|另有|另外|此外|其中|共计|合计|累计|同年|当年|全年|本年)$")


def counted_words(words: str, lang: str, names: Sequence[str]) -> List[str]:
    """Given the words a text states a figure with (its figure left out), the text's language and the
    names of the bodies it is about, return the words that say what it counts: without the names
    (in full, their places and short forms), years, numbers and words that count nothing (「全县」,
    「另有」, 「其中」); an English text's through the glossary."""
    said = strip_names(words, names)
    return [w for w in content_words(question_to_search_text(said, lang))
            if not w.isdigit() and not _OPENER_WORD.match(w) and w not in ("多少", "百分之几")]
