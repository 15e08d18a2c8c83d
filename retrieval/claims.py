"""Claims: the figures a piece of text states, each with what it counts and whom it is about, and
the question it is checked by.

A journalist's paragraph — 「2023年，广东省政数局共收到申请122件，其中予以公开67件、部分公开5件……」
— states its figures in clauses. Each figure (``retrieval.understand.numerals``) is read with its clause: the
words before it, back to the previous comma or figure, and the words after it up to the next
(English names what it counts after the number, "1,043 of them from individuals"; Chinese does so
when nothing stands before it but 「其中」, 「另有」, 「向」: 「114件为自然人申请」). The body and the year
are the ones named last before the figure, in its sentence or earlier in the text. 「其中」 ("of
them", "of which", a dash) makes the figure before it the group the following figures break down:
the question carries that figure's question as an earlier turn (``after``), as a follow-up in a
conversation would (「其中自然人多少件」 after 「新收申请多少件」). A figure whose clause names nothing
the template counts (「较上年增长9.3%」, "7 directly") is asked together with the clause it qualifies.

Each claim is then a question for the answer engine (``retrieval.answer_question``), limited to the
reports of the body named — the engine's understanding, scoping and trust rules decide what the
reports say (``retrieval.verdicts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Sequence, Tuple

from ingest import agency_to_name
from model import CatalogEntry
from retrieval.lexicon import Concept
from retrieval.understand.asks import strip_names
from retrieval.understand.names import (
    EN_DEPARTMENT_HEADS,
    contradicts,
    english_dept_matches,
    english_possessive,
    question_to_named_bodies,
    unloaded_names,
)
from retrieval.understand.numerals import Quantity, normalize_digits, text_to_quantities
from retrieval.understand.question import question_language, understand
from retrieval.understand.scope import question_to_mentions, upper_places_named
from retrieval.understand.years import question_to_years

#: The longest text taken for a check, in characters (a long article; a whole report is too much).
MAX_CLAIM_TEXT_CHARS = 20_000


@dataclass(frozen=True)
class Claim:
    """A figure stated in a text, and the question it is checked by.

    ``span`` is where the figure stands in the text, its qualifier and unit included (「超过660次」);
    ``sentence`` and ``sentence_span`` the sentence around it. ``quantity`` is the figure as read
    (value, unit, qualifier, precision). ``clause`` holds the words that say what it counts.
    ``question`` and ``after`` are what the answer engine is asked (the earlier turns first), and
    ``report_ids`` the reports it is limited to: those of the body the claim is about, all its
    years (empty: every report in scope). ``body`` is that body — as its reports print it when
    ``loaded``, as the text names it when not — or "" when the text names none; ``year`` the year
    the text gives it (None: none).
    """

    text: str
    span: Tuple[int, int]
    sentence: str
    sentence_span: Tuple[int, int]
    quantity: Quantity
    clause: str
    question: str
    after: Tuple[str, ...]
    report_ids: Tuple[str, ...]
    body: str
    loaded: bool
    year: Optional[int]
    lang: str
    #: The question of the sum the text itself breaks the figure into ("123 requests: 122 new ones
    #: plus 1 left over"), "" when it does not: a second reading, said beside the first.
    parts_question: str = ""

    @property
    def figure(self) -> float:
        """The figure as stated, its multiplier applied (「1.2万件」: 12000)."""
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit


@dataclass(frozen=True)
class _Body:
    """A body the text names: where, as what, and its reports (none when it is not loaded)."""

    position: int
    name: str
    reports: Tuple[CatalogEntry, ...]


@dataclass(frozen=True)
class _Figure:
    """A figure of a sentence being read: its quantity and clause, and the question made of it."""

    quantity: Quantity
    before: str
    after_words: str
    anchor: Optional[int]  # index (in the sentence's figures) of the figure it breaks down
    wide: str = ""  # the words back to the figure before (or the sentence's start), hard breaks and all
    reach: int = 0  # where in the sentence the clause ends
    question: str = ""
    after: Tuple[str, ...] = ()


# ---------------------------------------------------------------- sentences and clauses

_SENTENCE_END = re.compile(r"[。！？!?]+[”」』\"’]?|(?<=[A-Za-z0-9%)”\"’])\.(?=\s+[A-Z“\"‘(]|\s*$)|\n\s*")
#: What ends a clause wherever it stands; what ends one right after a figure only (「67件、部分公开」).
_HARD = re.compile(r"[，,；;：:—–（）()]|\s-\s")
_SOFT_ZH = re.compile(r"^\s*(?:、|及|和|与|以及)")
_SOFT_EN = re.compile(r"\s(?:and|while|but|whereas|with|plus)\s", re.I)
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
    for m in _HARD.finditer(part):
        cut = lo + m.end()
    rest = text[cut:q.start]
    if english:
        # "340 in full and 95 in part" splits at "and"; after a comma or semicolon the clause has
        # begun already ("; companies and other organisations filed 84").
        soft = [m.end() for m in _SOFT_EN.finditer(" " + rest)] if lo and cut == lo else []
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


#: Characters a body's name does not hold: a run with one is a phrase of the prose.
_NOT_A_NAME = re.compile(r"[是的了在将对把被为与及或等中其这那各每年月日里内外上下个件次条]")


def _bodies(sentence: str, offset: int, catalog: Sequence[CatalogEntry]) -> List[_Body]:
    """The bodies a sentence names, loaded or not, in order, with positions in the whole text."""
    named = question_to_named_bodies(sentence)
    out: List[_Body] = []
    for m in question_to_mentions(sentence, catalog):
        if not contradicts(named, m.agency, m.position):
            out.append(_Body(offset + m.position, m.agency, m.reports))
    loaded_at = [b.position - offset for b in out]
    for n in unloaded_names(sentence, [e.agency for e in catalog if e.agency]):
        # In prose, a run ending like a place is not always one (「三是基层专区」, 「政府门户网站的专区」).
        if _NOT_A_NAME.search(n.text) and not n.english:
            continue
        if not any(abs(p - n.position) <= 1 for p in loaded_at):
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
        if re.match(r"\s*年?\s*\d{1,2}\s*月", sentence[y.position + 4:y.position + 10]):
            continue
        if re.search(r"[〔\[【［(（]\s*$", sentence[max(0, y.position - 2):y.position]) and \
                re.match(r"\d{4}\s*[〕\]】］)）]", sentence[y.position:y.position + 6]):
            continue  # a document number's year (「国办公开办函〔2021〕30号」), not 「（2023年）」
        out.append((offset + y.position, y.year))
    return out


_ZH_SHIFT = re.compile(r"([一两二三四五1-5])年(?:之)?(后|前|以后|以前)|(次年|翌年|第二年|前一年|上一年)")
_EN_SHIFT = re.compile(r"\b(a|one|two|three|four|five|\d)\s+years?\s+(later|earlier|before|after|on)\b|"
                       r"\b(the (?:following|next|previous|prior) year|a year (?:later|earlier))\b", re.I)
_SHIFT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4,
                "五": 5}


def _shifted_years(sentence: str, offset: int, years: List[Tuple[int, int]], carried: Optional[int]) -> List[Tuple[int, int]]:
    """The sentence's years with those it names by distance from another (「两年后」, "two years
    later", 「次年」, "the previous year"): counted from the year named before them, else the text's."""
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
            delta = -1 if re.search(r"previous|prior|earlier", word) else 1
        else:
            n = _SHIFT_WORDS.get(m.group(1).lower()) or int(m.group(1))
            delta = n if m.group(2).lower() in ("later", "after", "on") else -n
        before = [y for p, y in out if p < offset + m.start()]
        base = before[-1] if before else carried
        if base is not None:
            out.append((offset + m.start(), base + delta))
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


# ---------------------------------------------------------------- questions


#: Words by which a text points back at the body it named (「该局官方网站」): the claim's scope says
#: which body, and the report does not print them.
_BACK_TO_BODY = re.compile(r"(?:该|本|我|此)(?:局|市|县|区|委|办|厅|单位|机关|部门|中心|府)")


_TONE_ZH = re.compile(r"(?<!不)(?:只有|仅仅|竟然|竟|只|才)(?=[\u4e00-\u9fff])")


def _question_zh(before: str, q: Quantity, after_words: str) -> str:
    """A Chinese clause with its figure asked for: 「部分公开5件」 → 「部分公开多少件」."""
    ask = "百分之几" if q.percent else "多少" + (q.unit if q.unit not in ("", "%") else "")
    # A writer's tone (「只收了」, 「竟有」) is not in the report's words.
    said = _TONE_ZH.sub("", _BACK_TO_BODY.sub("", _plain(before)))
    return said + ask + _BACK_TO_BODY.sub("", _plain(after_words))


def _question_en(before: str, after_words: str) -> str:
    """An English clause without its figure ("received 1,117 new requests" → "received new requests")."""
    words = _plain(f"{before} {after_words}")
    return re.sub(r"\bof (?:which|whom)\b", "of them", words, flags=re.I)


def _prefix(core: str, year: Optional[int], name: str, english: bool, percent: bool) -> str:
    """The question of a clause: the year (and the body's name, when the reports do not scope it)
    before the clause's words."""
    if english:
        head = "What percentage" if percent else "How many"
        parts = [f"In {year}" if year and str(year) not in core else "", name, core]
        return f"{head}: " + ", ".join(p for p in parts if p) + "?"
    parts = [name, f"{year}年" if year and str(year) not in core else "", core]
    return "".join(parts) + "？"


def _core(f: _Figure, english: bool) -> str:
    return _question_en(f.before, f.after_words) if english else _question_zh(f.before, f.quantity, f.after_words)


def _without_figure(f: _Figure, english: bool) -> str:
    """A clause's words with its figure left out, to stand before a clause that qualifies it."""
    return _plain(f"{f.before} {f.after_words}") if english else _plain(f.before + f.after_words)


def _names_nothing(words: str, catalog: Sequence[CatalogEntry]) -> bool:
    """Whether a clause names nothing the template counts (no row, group or column)."""
    u = understand(words, catalog)
    return not u.rows and u.col is None


def _names_no_row(words: str, catalog: Sequence[CatalogEntry]) -> bool:
    """Whether a clause names no row of the template (a column, or nothing, is left to the group)."""
    return not understand(words, catalog).rows


# ---------------------------------------------------------------- the text's claims


def text_to_claims(text: str, catalog: Sequence[CatalogEntry], report_ids: Optional[Sequence[str]] = None) -> List[Claim]:
    """Given a text, the loaded reports and an optional scope, return every figure the text states
    as a claim with its question, in order. Years, dates, ordinals, phone and document numbers are
    not claims (``retrieval.understand.numerals``)."""
    norm = normalize_digits(text)
    scope = set(report_ids or ())
    body: Optional[_Body] = None
    year: Optional[int] = None
    claims: List[Claim] = []
    carried: Optional[_Figure] = None  # the last figure of the sentence before, in the same paragraph
    body_years: Dict[str, int] = {}  # the year the text first gave each body's figures
    named_years: List[int] = []  # every year the text has named so far, in order
    seen_bodies: List[_Body] = []  # every body the text has named so far, in order
    previous_end = 0
    names = _body_words(catalog)
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
        years = _shifted_years(sentence, s_start, own_years, year)
        # Every year named, what things go into or come from too (「从2023年的81件增至2025年的154件」).
        named_years += [y for y in [z for _, z in years] + [z.year for z in question_to_years(sentence) if not z.relative and not z.bare]
                        if y not in named_years]
        if bodies and not any(y for _, y in years) and not re.search(r"同年|当年|同期|same year|that year", sentence) \
                and body is not None and bodies[0].name != body.name:
            year = None  # a new body named without a year: its own reports say which
        # 「该局」, 「省局」, "the bureau": the body of that kind named last, where it is pointed at.
        pointed = _bodies_pointed_at(sentence, s_start, seen_bodies + bodies)
        if pointed:
            bodies = sorted(bodies + pointed, key=lambda b: b.position)
        figures = _read_figures(sentence, quantities, english, carried is not None)
        fig_years = [_year_of(norm, s_start + f.quantity.start, years, year) for f in figures]
        wholes = _wholes(sentence, figures)
        sums: Dict[int, str] = {}
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
            if body_here is not None and year_here is not None:
                body_years.setdefault(body_here.name, year_here)
            figures[i], year_here = _asked_compared(i, figures, fig_years, catalog, names, english, _pair(named_years)) or \
                (_asked(i, figures, carried, body_here, year_here, scope, catalog, english), year_here)
            parts_question = ""
            if i in wholes:
                # "handled 123 requests: 122 new ones plus 1 left over": the text says what its
                # figure adds up; "of them" after it is of that sum.
                in_scope = body_here is not None and body_here.reports and (not scope or any(e.id in scope for e in body_here.reports))
                name = body_here.name if body_here is not None and not in_scope else ""
                parts_question = _sum_question(figures, wholes[i], year_here, name, english)
                sums[i] = parts_question
            question, after = figures[i].question, figures[i].after
            ids = _scope_of(body_here, scope)
            claims.append(Claim(
                text=text[s_start + q.start:s_start + q.end], span=(s_start + q.start, s_start + q.end),
                sentence=text[s_start:s_end].strip(), sentence_span=(s_start, s_end),
                quantity=_shifted(q, s_start), clause=_plain(f"{f.before} {q.written} {f.after_words}" if english
                                                             else f.before + q.written + f.after_words),
                question=question, after=after, report_ids=ids,
                body=body_here.name if body_here else "", loaded=bool(body_here and body_here.reports),
                year=year_here, lang=lang, parts_question=parts_question))
            if parts_question:
                # What 「其中」 or "of them" after the parts refer to is the sum they make.
                figures[i] = replace(figures[i], question=parts_question, after=())
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
            carried = replace(figures[min(wholes)], question=sums[min(wholes)]) if wholes else counts[-1]
    return claims


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
    """The reports a claim is limited to: its body's (within the scope given), else the scope."""
    if body is not None and body.reports:
        ids = tuple(e.id for e in body.reports if not scope or e.id in scope)
        if ids:
            return ids
    return tuple(sorted(scope))


def _asked(i: int, figures: Sequence[_Figure], carried: Optional[_Figure], body: Optional[_Body], year: Optional[int], scope: set,
           catalog: Sequence[CatalogEntry], english: bool) -> _Figure:
    """The figure with the question it is asked as, and the earlier turns it leans on."""
    f = figures[i]
    # The reports scope a loaded body; one not loaded (or outside the scope) is named in the
    # question, so that the answer says so.
    in_scope = body is not None and body.reports and (not scope or any(e.id in scope for e in body.reports))
    core = _core(f, english)
    if english and f.quantity.percent and not _names_nothing(core, catalog) and _plain(f.wide) != _plain(f.before):
        # "measured against each body's new requests, that is a review rate of 12.5%": a share's
        # base may stand clauses before it.
        core = _question_en(f.wide, f.after_words)
    name = body.name if body is not None and not in_scope and body.name not in core else ""
    after: Tuple[str, ...] = ()
    anchor = carried if f.anchor == -1 else figures[f.anchor] if f.anchor is not None else None
    previous = anchor
    if f.quantity.percent:
        # A percentage qualifies the figure just before it (「42件，占51.85%」), not the group.
        previous = next((figures[j] for j in range(i - 1, -1, -1) if not figures[j].quantity.percent), None)
    names_nothing = _names_nothing(core, catalog)
    counts_before = [figures[j] for j in range(i - 1, -1, -1) if not figures[j].quantity.percent]
    if english and _names_no_row(core, catalog) and (understand(core, catalog).col or _NO_COL).kind == "t4col" \
            and len(_plain(f.wide)) > len(_plain(f.before)):
        # "of its administrative reviews, five ended with the original decision corrected": the
        # group a table-4 outcome is of stands before the comma.
        core = _question_en(f.wide, f.after_words)
    head = _sentence_head(figures)
    if not english and head and not f.quantity.percent and _names_no_row(core, catalog) \
            and not _names_no_row(head + "，" + core, catalog):
        # 「规范性文件方面，23年废止13件」: the sentence's opening names the row its columns are of.
        core = head + "，" + core
        names_nothing = False
    lean = names_nothing or _AMOUNT_ZH.match(_plain(f.before)) is not None or \
        (f.quantity.percent and _names_no_row(core, catalog))
    if not english and not f.quantity.percent and anchor is None and counts_before and _names_no_row(core, catalog) \
            and (understand(core, catalog).col or _NO_COL).kind == "t4col":
        # 「全年行政复议351件，结果被纠正的64件」: a column named alone is of the group the clause
        # before counts.
        core = _without_figure(counts_before[0], False) + "，" + core
        lean = False
    joint_zh = _joint_zh(f, figures[i - 1] if i else None, counts_before) if not english and lean else None
    if joint_zh:
        # 「两项合计占比近六成」, 「（286件）」, 「金额100元」: what they count is in the clauses before.
        core = joint_zh
    elif english and f.quantity.percent and previous is not None and _CHANGE_EN.search(core):
        # "1,117 new requests in 2024, up 9.3% on the year before": the change of the figure before.
        way = "fall" if _CHANGE_EN.search(core).group(1).lower() in _FALL_EN else "grow"  # type: ignore[union-attr]
        words = _plain(_YEAR_WORDS_EN.sub(" ", _without_figure(previous, english)))
        core = f"did {words} {way} in {year} compared with the year before" if year else \
            f"did {words} {way} compared with the year before"
        question = f"By what percentage {core}?"
        return replace(f, question=question, after=())
    elif english and names_nothing and (gapped := _gapped_en(i, figures, catalog)):
        # "Huai'an faced 351 administrative reviews and Pingtan more than 30": the words the
        # clause leaves out are those of the clause before.
        core = gapped
    elif english and names_nothing and previous is None and len(_plain(f.wide)) > len(_plain(f.before)):
        # "Its new WeChat account, launched that year, already has 1.2 million followers": the
        # whole sentence up to the figure says what is counted.
        core = _question_en(f.wide, f.after_words)
        if _plain(f.after_words) and not f.quantity.percent:
            # What is counted leads ("How many followers, …"), as a reader would ask it.
            head = f"How many {_plain(f.after_words)}, " + _question_en(f.wide, "")
            question = head + (f", in {year}" if year and str(year) not in head else "") + (f", {name}" if name else "") + "?"
            return replace(f, question=question, after=())
    elif previous is not None and (f.quantity.percent or english) and names_nothing:
        # 「较上年增长9.3%」, "7 directly": asked with the clause they qualify.
        joint = ("，" if not english else " ") + core
        core = _without_figure(previous, english) + joint
        after = previous.after
    elif anchor is not None and _names_no_row(core, catalog):
        # 「其中自然人1043件」: a column of the group before; a clause that names its own row
        # (「其中予以公开67件」) is asked on its own.
        after = anchor.after + (anchor.question,)
        if english and not re.search(r"\b(?:of|among) (?:them|these|those)\b", core, re.I):
            core = "of them, " + core
        elif not english and not core.startswith("其中"):
            core = "其中" + core
    question = _prefix(core, year, name, english, f.quantity.percent)
    return replace(f, question=question, after=after)


_COUNTED_EN = re.compile(r"\b(requests|applications|cases|lawsuits|suits|reviews|appeals|decisions|documents|items|posts)\b",
                         re.I)
_CHANGE_EN = re.compile(r"\b(up|down|rose|rise|risen|fell|fall|fallen|increased?|decreased?|grew|growth|dropped|drop|"
                        r"declined?|higher|lower)\b", re.I)
_FALL_EN = {"down", "fell", "fall", "fallen", "decrease", "decreased", "dropped", "drop", "decline", "declined", "lower"}
_PROPER_EN = re.compile(r"(?<=[\s\"“(])(?:[A-Z][\w'’-]*(?:'s|’s)?[\s,]*)+")
_BODY_WORDS_EN = re.compile(r"\b(?:(?:city|county|district|provincial|municipal|town|zone)\s+)?(?:government|bureau|regulator|"
                            r"administration|office|department|authority|committee)\b", re.I)
_YEAR_WORDS_EN = re.compile(r"\b(?:in|for|during|of)?\s*(?:19|20)\d{2}\b", re.I)


def _gapped_en(i: int, figures: Sequence[_Figure], catalog: Sequence[CatalogEntry]) -> str:
    """The question of an English clause that names nothing it counts, made of the words of the
    sentence before it (back to the figure before: "Huai'an's 'not disclosed' category (不予公开)
    held 187 cases") or, when those name nothing either, of the nearest clause before that does
    (gapping: "… and Pingtan 9 times" after "Huai'an was sued 46 times"); "" when none does."""
    f = figures[i]
    wide = _plain(f.wide + " " + f.after_words)
    if wide and not _names_nothing(wide, catalog):
        return wide
    own = _plain(f.before + " " + f.after_words)
    nouns = _COUNTED_EN.findall(" ".join(g.wide + " " + g.after_words for g in figures[:i]))
    if own and nouns and not _COUNTED_EN.search(own):
        # "… 454 of them and handled more than 3,000": the clause's own verb, of the things counted
        # before ("handled requests"), before any words of another clause.
        with_noun = f"{own} {nouns[-1]}"
        if not _names_nothing(with_noun, catalog):
            return with_noun
    for j in range(i - 1, -1, -1):
        g = figures[j]
        if g.quantity.percent != f.quantity.percent:
            continue
        # Without the years and proper names of the clause it borrows from (another body's).
        words = _YEAR_WORDS_EN.sub(" ", _plain(g.wide + " " + g.after_words))
        words = _PROPER_EN.sub(" ", " " + words)
        words = _BODY_WORDS_EN.sub(" ", words)  # "city government": another body's, not what is counted
        words = _plain(re.sub(r"\s(?:in|of|for|by|at)\s*$", " ", words))
        if words and not _names_nothing(words, catalog):
            return _plain(words + " " + f.after_words)
    return ""


_BOTH_ZH = re.compile(r"(?:以上|这|上述)?(?:两项|二者|两者|两类)(?:合计|相加|加起来|之和|共计|共)?")
_AMOUNT_ZH = re.compile(r"^(?:金额|费用|共计|合计|总计|计|共|达|总额|涉及金额)$")


def _joint_zh(f: _Figure, previous: Optional[_Figure], counts_before: Sequence[_Figure]) -> str:
    """The question of a Chinese clause that counts what the clauses before it count, or "": the
    two figures just stated together (「予以公开116件、部分公开36件，两项合计占比近六成」), a figure in
    brackets restating the share before it (「超八成来自自然人（286件）」), an amount of what the
    clause before did (「收取信息处理费，金额100元」)."""
    q = f.quantity
    ask = "百分之几" if q.percent else "多少" + (q.unit if q.unit not in ("", "%") else "")
    own = _plain(f.before + f.after_words)
    both = _BOTH_ZH.search(own)
    if both and len(counts_before) >= 2:
        first, second = counts_before[1], counts_before[0]
        rest = _plain(own[:both.start()] + own[both.end():])
        return f"{_without_figure(first, False)}加{_without_figure(second, False)}{rest}{ask}"
    if previous is None:
        return ""
    if q.percent and not previous.quantity.percent and not own:
        # 「复议351件，结果被纠正的64件，不到两成」: the share the figure before is of the group
        # before it.
        group = next((c for c in counts_before if c.quantity.start < previous.quantity.start), None)
        if group is not None:
            return f"{_without_figure(previous, False)}占{_without_figure(group, False)}的{ask}"
        return ""
    if q.percent and not previous.quantity.percent and not _plain(f.before):
        # 「申请318件，超八成来自自然人」: a share of the figure before.
        return _without_figure(previous, False) + "，" + own + "占" + ask if own else ""
    if not q.percent and re.search(r"[（(]\s*$", f.before) or (not q.percent and not own and
                                                            previous.quantity.percent):
        base = next((c for c in counts_before if c.quantity.start < previous.quantity.start), None)
        words = _without_figure(previous, False)
        return (_without_figure(base, False) + "，" if base is not None and previous.quantity.percent else "") + \
            words + ask
    if not q.percent and _AMOUNT_ZH.match(_plain(f.before)):
        return _without_figure(previous, False) + ask  # 「金额」 itself is not a word the report uses
    return ""


#: A clause giving the year a figure is compared with (「较2023年的81件」, 「而23年只有81件」) or the
#: change since it (「增加73件」, 「增幅达90.1%」): the figure counts what the clause before it counts.
_COMPARE_LEAD_ZH = re.compile(r"^(?:较|比|相比|与|同比|比较|而|但|但是|则)?\s*((?:19|20)?\d{2})\s*年度?(?:的|同期)?"
                              r"(?:只有|仅有|仅|为|是|有|共|则|才)*$")
_CHANGE_ZH = re.compile(r"^(?:共|分别|同比)?(增加|增长|上升|提高|减少|下降|降低|多|少|新增)了?$")
_GROWTH_ZH = re.compile(r"^(增幅|增长|涨幅|增加|上升|提高|降幅|下降|减少|降低)(?:达到|达|为|了|约|超过|近)*$")
_TREND_ZH = re.compile(r"(增幅|涨幅|降幅|增长|下降|减少|增加|上升|降低)(?:达到|达|为|了|约|超过|近)*$")
#: 「行政复议由2件增至36件」: the figure a change starts from, and the one it comes to.
_FROM_ZH = re.compile(r"(?:由|从)(?:((?:19|20)\d{2})\s*年度?的?)?$")
_TO_ZH = re.compile(r"(?:增至|增加到|增长到|上升到|上升至|升至|降至|减少到|减至|下降到|下降至|降到)(?:((?:19|20)\d{2})\s*年度?的?)?$")


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


def _sum_question(figures: Sequence[_Figure], parts: Sequence[int], year: Optional[int], name: str, english: bool) -> str:
    """The question of a whole the text breaks down: its parts' clauses added."""
    words = [_plain(figures[j].before + " " + figures[j].after_words) if english else
             _plain(figures[j].before + figures[j].after_words) for j in parts]
    if english:
        return _prefix(" plus ".join(words), year, name, True, False)
    unit = figures[parts[0]].quantity.unit
    return _prefix("加".join(words) + "一共多少" + (unit if unit not in ("", "%") else ""), year, name, False, False)


_POINTERS = ((re.compile(r"省局|省厅"), ("省",)), (re.compile(r"市局"), ("市",)), (re.compile(r"区局"), ("区",)),
             (re.compile(r"县局"), ("县",)),
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


def _asked_compared(i: int, figures: Sequence[_Figure], years: Sequence[Optional[int]], catalog: Sequence[CatalogEntry],
                    names: Sequence[str], english: bool,
                    pair: Tuple[Optional[int], Optional[int]]) -> Optional[Tuple[_Figure, Optional[int]]]:
    """A Chinese figure whose clause only compares, asked as what it compares: in 「……申请154件，
    较2023年的81件增加73件」 81 is 2023's 申请 and 73 the change in 申请 from 2023 to 154's year; in
    「增幅达90.1%」 the growth; in 「行政复议由2件增至36件」 2 is the earlier of the two years the text
    compares (``pair``) and 36 the later. None for any other figure."""
    f = figures[i]
    if english:
        return None
    before = _plain(f.before)
    ask = "百分之几" if f.quantity.percent else "多少" + (f.quantity.unit if f.quantity.unit not in ("", "%") else "")
    earlier, later = pair
    start_of = _FROM_ZH.search(before)
    end_of = _TO_ZH.search(before)
    if (start_of or end_of) and not f.quantity.percent and (earlier and later and earlier != later
                                                             or (start_of or end_of).group(1)):  # type: ignore[union-attr]
        counted = _plain(before[:(start_of or end_of).start()])  # type: ignore[union-attr]
        if not counted and end_of and i and _FROM_ZH.search(_plain(figures[i - 1].before)):
            counted = _plain(_FROM_ZH.sub("", _plain(figures[i - 1].before)))  # 「由2件增至36件」: the 由 clause's
        counted = re.sub(r"(?:则|却|也|均|都)$", "", _counted_words(_Figure(f.quantity, counted, "", None), names))
        if counted and not _names_nothing(counted, catalog):
            named_here = (start_of or end_of).group(1)  # type: ignore[union-attr]
            year = int(named_here) if named_here else (earlier if start_of else later)
            return replace(f, question=f"{year}年{counted}{ask}？", after=()), year
    trend = _TREND_ZH.search(before) if f.quantity.percent else None
    doubled = f.quantity.percent and "番" in f.quantity.written
    if (trend is not None and trend.start() > 0 or doubled) and earlier and later and earlier != later:
        # 「行政处罚决定数量降幅超过五成」, 「行政强制决定却翻了一番」: the change between the two
        # years the text compares.
        counted = _counted_words(_Figure(f.quantity, before[:trend.start()] if trend else before, "", None), names)
        counted = re.sub(r"(却|则|也|更|还|竟|均|都)$", "", counted)
        if counted and not _names_nothing(counted, catalog):
            way = "下降" if trend is not None and trend.group(1) in ("降幅", "下降", "减少", "降低") else "增长"
            return replace(f, question=f"{later}年{counted}比{earlier}年{way}了{ask}？", after=()), later
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
    counted = _counted_words(figures[base_at], names)
    if _names_nothing(counted, catalog):
        return None
    if lead_year is not None and not f.quantity.percent:
        return replace(f, question=f"{lead_year}年{counted}{ask}？", after=()), lead_year
    compared = next((y for j in range(base_at + 1, i) for y in [_lead_year(_plain(figures[j].before))] if y), None)
    if compared is None or years[base_at] is None:
        return None
    if growth is not None:
        way = "下降" if growth.group(1) in ("降幅", "下降", "减少", "降低") else "增长"
        return replace(f, question=f"{years[base_at]}年{counted}比{compared}年{way}了{ask}？", after=()), years[base_at]
    if change is None:
        return None
    return replace(f, question=f"{years[base_at]}年{counted}比{compared}年{change.group(1)}了{ask}？", after=()), years[base_at]


def claims_by_sentence(claims: Sequence[Claim]) -> Dict[Tuple[int, int], List[Claim]]:
    """Given claims, return them grouped by the sentence they stand in, in order."""
    out: Dict[Tuple[int, int], List[Claim]] = {}
    for c in claims:
        out.setdefault(c.sentence_span, []).append(c)
    return out
