"""Query a question: which figure it asks for, about which reports, and what to do with it.

No language model is reachable, and a figure must never be invented, so understanding is a matter
of finding the lexicon's terms (``retrieval.lexicon``) in the question: the longest term wins where
terms overlap, a specific row beats its group, and a weak term counts only in a question about
applications. Conversation state carries the figure and the reports into a follow-up
(「其中自然人多少？」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from ingest import FORMATS_BY_NAME, T3_GROUP_HEADINGS, agency_to_name, col_label, row_label
from model import CatalogEntry
from retrieval.lexicon import (
    ALL_CONCEPTS,
    BREAKDOWN_RE,
    CHANGE_WORDS_EN,
    CHANGE_WORDS_ZH,
    COMPARE_WORDS_EN,
    COMPARE_WORDS_ZH,
    COUNT_RE,
    DEPT_EN,
    DIFFERENCE_RE,
    EN_TO_ZH,
    FOLLOWUP_EN,
    FOLLOWUP_ZH,
    LIST_WORDS_EN,
    LIST_WORDS_ZH,
    NARRATIVE_WEAK_EN,
    NARRATIVE_WEAK_ZH,
    NARRATIVE_WORDS_EN,
    NARRATIVE_WORDS_ZH,
    ORDINAL_RE,
    PLACE_SUFFIX_EN,
    QUESTION_FIGURE_EN,
    QUESTION_FIGURE_ZH,
    RANK_WORDS_EN,
    RANK_WORDS_ZH,
    RATIO_WORDS_EN,
    RATIO_WORDS_ZH,
    REGIONAL_SIMPLIFIED,
    REGIONAL_TRADITIONAL,
    TOTAL_WORDS_EN,
    TOTAL_WORDS_ZH,
    WHICH_BODY_EN,
    WHICH_BODY_ZH,
    unsupported_words,
)
from retrieval.query import Concept, Intent, Mention, Query, Span
from retrieval.understand.accounting import label_words_of, leftover_words, name_spans, pattern_spans, teach, word_spans
from retrieval.understand.asks import body_names, qualifiers, question_to_ask
from retrieval.understand.misheard import misheard_words
from retrieval.understand.names import (
    EN_DEPARTMENT_HEADS,
    NamedBody,
    contradicts,
    question_to_named_bodies,
    unloaded_names,
)
from retrieval.understand.scope import (
    agencies_placed_in,
    bodies_beneath,
    homophone_of,
    question_to_mentions,
    upper_places_named,
)
from retrieval.understand.thresholds import question_to_threshold
from retrieval.understand.years import YearMention, list_count_span, question_to_years, recent_years, year_ranges

ROW_KINDS = ("row", "group", "t2row", "t4group")
COL_KINDS = ("col", "cols", "t2col", "t4col")
#: Words that say the question is about the text of the report, whatever it names.
TEXT_WORDS_ZH = ("正文", "文中", "文字部分", "报告里说", "报告中说", "提到", "描述", "表述", "说了", "信息处理费", "里写的",
                 "中写的", "写的是", "里写了", "中写了", "写明", "原文")
TEXT_WORDS_EN = ("the text", "narrative", "mention", "describe", "say about", "text of the report", "processing fee")
#: 「年报总体情况部分说」, 「报告里写的」: what the report's text says, not its tables.
_TEXT_SAYS = re.compile(r"(年报|报告|正文|文字|部分|文中)[^，。？,?]{0,6}(说|写|提到|称|表示)")
#: How a follow-up opens: it is about the reports of the turn before, whatever else it names.
FOLLOWUP_START = re.compile(r"^(其中|这其中|当中|那么|那|这些|这里面|里面|among (them|these|those)|of (them|these|those)|and\b|what about|how about)",
                            re.I)


@dataclass(frozen=True)
class Hit:
    concept: Concept
    start: int
    end: int
    weak: bool


@lru_cache(maxsize=1024)
def question_language(text: str) -> str:
    """Given a question, return its language: "en" when it is written in English, even with a
    Chinese name in it ("How many posts did 平潭发布 put out?"), else "zh" (kept: a question's words
    are tested for a dozen kinds of word, each asking its language)."""
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    return "zh" if han and han >= latin_words else "en"


def normalize_question(text: str) -> str:
    """Given a question, return it with widths unified (「２０２３」, 「（）」), traditional characters
    in simplified ones (「平潭綜合實驗區…申請有幾件」: the reports and the lexicon are simplified) and
    white space folded."""
    text = unicodedata.normalize("NFKC", text)
    if re.search(r"[\u4e00-\u9fff]", text):
        text = _simplified(_regional(text, REGIONAL_TRADITIONAL))
        text = _regional(text, REGIONAL_SIMPLIFIED)
    # 「2O24」: a letter O typed for a zero in a year.
    text = _YEAR_WITH_O.sub(lambda m: m.group(0).replace("O", "0").replace("o", "0"), text)
    return re.sub(r"\s+", " ", text).strip()


_YEAR_WITH_O = re.compile(r"(?<![\w])(?:19|20|2[Oo]|1[Oo])[\dOo]{2}(?![\w])")


def _regional(text: str, wordings: Sequence[Tuple[str, str]]) -> str:
    """Given a question and regional wordings with their mainland ones, return it in the mainland's."""
    for said, mainland in wordings:
        if said in text:
            text = text.replace(said, mainland)
    return text


def _simplified(text: str) -> str:
    try:
        import zhconv
    except ImportError:  # without the converter a traditional question is still read where it can be
        return text
    out = str(zhconv.convert(text, "zh-cn"))
    # A simplified question with one character the converter would change (乾县's 乾) is left alone.
    changed = sum(1 for a, b in zip(text, out) if a != b) if len(out) == len(text) else 2
    return out if changed >= 2 else text


@lru_cache(maxsize=1)
def _zh_automaton() -> Any:
    """Every Chinese wording of the vocabulary in one automaton (Aho–Corasick): a question's terms,
    overlapping ones too, found in one pass instead of a search per wording."""
    import ahocorasick

    by_term: Dict[str, List[Tuple[Concept, bool]]] = {}
    for concept in ALL_CONCEPTS:
        for term in concept.zh:
            by_term.setdefault(term.lstrip("~"), []).append((concept, term.startswith("~")))
    automaton = ahocorasick.Automaton()
    for t, entries in by_term.items():
        automaton.add_word(t, (t, tuple(entries)))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _en_terms() -> Tuple[Tuple[Concept, str, str, bool], ...]:
    """Every English wording of the vocabulary: (concept, wording, its first word, weak)."""
    return tuple((c, t.lstrip("~"), re.split(r"[ \-]", t.lstrip("~"))[0], t.startswith("~"))
                 for c in ALL_CONCEPTS for t in c.en)


@lru_cache(maxsize=None)
def _zh_term(term: str) -> "re.Pattern[str]":
    """A Chinese term as a pattern, compiled once (the lexicon has more terms than re's cache holds)."""
    return re.compile(re.escape(term))


@lru_cache(maxsize=None)
def _en_term(term: str) -> "re.Pattern[str]":
    """An English term as a whole-word pattern, compiled once."""
    # The words of a term may stand apart by more than one space (a blanked filler between them).
    # A hyphen and a space are one ("legal-service organisations", "third party").
    return re.compile(r"(?<![a-z])" + r"[\s\-]+".join(map(re.escape, re.split(r"[ \-]", term))) + r"(?![a-z])")


#: Words an English question puts inside a term ("new 2024 requests", "new information-disclosure
#: requests", "Huai'an's 2024 lawsuits"): blanked for term matching, which then reads "new requests".
_EN_FILLER = re.compile(r"(?<=[a-z] )(?:(?:19|20)\d{2}|information[- ]disclosure|disclosure|foi|information|open[- ]government|"
                        r"government[- ]information|public[- ]information|freedom[- ]of[- ]information)"
                        r"(?: (?:information[- ]disclosure|disclosure|foi|information))? (?=(?:requests?|applications?|"
                        r"lawsuits?|suits?|cases?|appeals?)\b)")


def _blank_fillers(q_en: str) -> str:
    """The lower-cased question with filler words blanked out, positions kept."""
    q_en = _EN_FILLER.sub(lambda m: " " * len(m.group(0)), q_en)
    return _PARTICLE_OBJECT.sub(lambda m: m.group(1) + " " * len(m.group(2)), q_en)


#: The object between a phrasal verb and its particle ("carried requests over", "turned them down"):
#: blanked, so the verb and particle read as the term they are.
_PARTICLE_OBJECT = re.compile(r"\b((?:carr(?:y|ied|ies|ying)|brought|bring|roll(?:ed)?|turn(?:ed)?|hand(?:ed)?|"
                              r"pass(?:ed)?|push(?:ed)?) )((?:(?:the|its|their|these|those|some|\d+|new|pending|"
                              r"unfinished)\s+)*(?:requests?|applications?|cases?|them|it)\s)(?=(?:over|forward|down|away|into)\b)")


def _find_terms(q: str, kinds: Optional[Sequence[str]] = None) -> List[Hit]:
    """Every lexicon term in the question (of the given concept kinds), longest first, no two overlapping."""
    return list(_terms_in(q, tuple(kinds) if kinds is not None else None))


@lru_cache(maxsize=256)
def _terms_in(q: str, kinds: Optional[Tuple[str, ...]]) -> Tuple[Hit, ...]:
    """``_find_terms``, kept: a question's terms are looked up by its parts and accounting too."""
    q_zh = q
    q_en = _blank_fillers(q.lower())
    found: List[Hit] = []
    for end, (t, entries) in _zh_automaton().iter(q_zh):
        for concept, weak in entries:
            if kinds is None or concept.kind in kinds:
                found.append(Hit(concept, end - len(t) + 1, end + 1, weak))
    for concept, t, first, weak in _en_terms():
        if kinds is not None and concept.kind not in kinds or first not in q_en:
            continue  # (a substring first: most terms are not there)
        for m in _en_term(t).finditer(q_en):
            found.append(Hit(concept, m.start(), m.end(), weak))
    found.sort(key=lambda h: (-(h.end - h.start), h.weak, h.start))
    taken: List[Hit] = []
    for h in found:
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
    return tuple(sorted(taken, key=lambda h: h.start))


def _names_given(named: Sequence[NamedBody], q: str, catalog: Sequence[CatalogEntry]) -> List[Tuple[int, int]]:
    """Where the question gives a body's name (a place with its department, or a loaded body's
    printed name in full): a term inside one is not asked."""
    spans = [(n.position, n.position + len(n.text)) for n in named if n.dept and not n.english]
    for agency in agencies_placed_in(q, catalog):
        if len(agency) >= 4:
            at = q.find(agency)
            if at >= 0:
                spans.append((at, at + len(agency)))
    return spans


def _about_applications(q: str, hits: Sequence[Hit] = ()) -> bool:
    """Whether a question is about disclosure applications or cases, so that loose words count
    (「信访」, "appeals", 「收到」): it says so, or names a table-3 outcome or applicant in its own
    right (「信访举报类 不处理的」)."""
    return "申请" in q or "信息公开" in q or bool(re.search(r"\b(applications?|requests?|disclosure|foi)\b", q.lower())) \
        or any(h.concept.kind in ("group", "row", "col", "cols") and not h.weak for h in hits)


#: A fee or an amount of money named: what is 「收了」 or "collected" then is money, not applications.
_FEES = re.compile(r"处理费|收费|费用|金额|多少元|\bfees?\b|\bcharges?\b|\byuan\b", re.I)


def _about_fees(q: str) -> bool:
    """Whether a question is about a fee or an amount of money (「全年收了信息处理费」, "fees
    collected"), so that the loose words of receiving applications (「收了」, "collected") do not count
    unless it names applications too."""
    return bool(_FEES.search(q))


#: Words that negate the row named right after them: 「并非因为本机关不掌握、而是因为…另行制作」.
_NEGATION = re.compile(r"(?<!是)不是(?:因为)?|并非|而非|并不是|not because|rather than|instead of|not for|not from|"
                       r"非(?=自然人|个人)", re.I)
#: Words that take something out of what is counted (「除了…以外」, "other than", "leaving … aside"):
#: rows named after them are subtracted from the rest; an applicant column leaves its complement.
_EXCEPT = re.compile(r"除了|除开|除去|不算|不包括|不含|\bother than\b|\bapart from\b|\baside from\b|\bexcept(?: for)?\b|"
                     r"\bleaving\b|\bnot counting\b|\bexcluding\b", re.I)
#: Where such a clause ends: 「除了予以公开以外，」, "leaving private individuals aside,".
_CLAUSE_END = ("而是", "but ", "，", ",", "以外", "之外", "外的", "?", "？", " aside", ":", "：", ";", "；")


def _clause(q: str, m: "re.Match[str]") -> Tuple[int, int]:
    """The clause a negation or exclusion word names: up to the next word ending it (taken with it)."""
    ends = [(e, w) for e, w in ((q.lower().find(w, m.end()), w) for w in _CLAUSE_END) if e > 0]
    if not ends:
        return m.start(), min(len(q), m.end() + 16)
    e, w = min(ends)
    return m.start(), e + (len(w) if w in ("以外", "之外", " aside") else 0)


def _complemented(q: str, hits: Sequence[Hit]) -> Tuple[List[Hit], List[Span]]:
    """The hits with an applicant column a question takes out put as what is left of the columns
    (「不是个人提的」, "rather than private individuals", "leaving private individuals aside": 法人或其他
    组织, the template's sum of every column but natural persons), and the clauses so read. A clause
    taking out another column is not read: its words are left over, and the question is asked back."""
    out = list(hits)
    taken: List[Span] = []
    for m in list(_NEGATION.finditer(q)) + list(_EXCEPT.finditer(q)):
        start, end = _clause(q, m)
        inside = [h for h in out if h.concept.kind in ("col", "cols") and start <= h.start < end]
        if inside and all(h.concept.key == "natural_person" for h in inside):
            out = [Hit(_LEGAL_ENTITIES, h.start, h.end, False) if h in inside else h for h in out]
            taken.append(Span(start, end, "intent", q[start:end]))
    return out, taken


def _not_negated(q: str, hits: Sequence[Hit]) -> List[Hit]:
    """The hits without the rows a negation names (「并非X、而是Y」 asks Y), unless nothing would be left."""
    ql = q.lower()
    negated = set()
    for m in _NEGATION.finditer(ql):
        ends = [e for e in (ql.find(w, m.end()) for w in ("而是", "but", "，", ",")) if e > 0]
        clause_end = min(ends + [m.end() + 16])
        for h in hits:
            if h.concept.kind in ROW_KINDS and m.end() <= h.start < clause_end:
                negated.add(id(h))
                break
    kept = [h for h in hits if id(h) not in negated]
    return kept if any(h.concept.kind in ROW_KINDS for h in kept) else list(hits)


#: Words that give the reason for an outcome: "refused because the information was not held".
_BECAUSE = re.compile(r"\b(?:because|since|as|on the grounds that|due to|owing to|for being)\b|因为|由于", re.I)


def _for_a_reason(q: str, hits: Sequence[Hit]) -> List[Hit]:
    """The hits without a group of outcomes whose reason, given after it, is a row of another
    group: "77 were refused because the information was not held" counts the row 本机关不掌握; the
    loose "refused" says only that the applicant did not get the information."""
    drop = set()
    for g in hits:
        if g.concept.kind != "group":
            continue
        for r in hits:
            if r.concept.kind == "row" and r.start > g.end and r.start - g.end <= 40 and \
                    not r.concept.key.startswith(g.concept.key + ".") and _BECAUSE.search(q[g.end:r.start]):
                drop.add(id(g))
    return [h for h in hits if id(h) not in drop]


_QUOTE = re.compile(r"「([^」]+)」|“([^”]+)”|\"([^\"]+)\"|『([^』]+)』")


def _first_row_of_each_quote(q: str, hits: Sequence[Hit]) -> List[Hit]:
    """A template label quoted in the question is one row: 「二、上年结转政府信息公开申请数量」 names
    上年结转, though 申请数量 is a term of its own. The first row term inside each quote stays."""
    out = list(hits)
    for m in _QUOTE.finditer(q):
        inside = [h for h in out if h.concept.kind in ROW_KINDS and m.start() <= h.start and h.end <= m.end()]
        for h in inside[1:]:
            out.remove(h)
    return out


_ZH_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: Table 3's results by the template's numbering: （一）…（七）, and the groups' items 1, 2, 3 …
_T3_NUMBERED = {1: "granted", 2: "partial", 3: "denied", 4: "unavailable", 5: "not_processed", 6: "other",
                7: "total_handled"}
#: Table 2's rows by the article of the regulation they report (第二十条第（五）项 is 行政许可).
_T2_ARTICLE = {1: ("rules", "normative"), 5: ("licensing",), 6: ("penalty", "enforcement"), 8: ("fees",)}
_T3_ITEM = re.compile(r"第?[（(]([一二三四五六七])[)）]项?\s*(?:第?\s*(\d|[一二三四五六七八九])\s*[条项个小]?)?")
_T2_ITEM = re.compile(r"第二十条第?[（(]([一二三四五六七八九十])[)）]项?")


@lru_cache(maxsize=1)
def _rows_by_key() -> Dict[str, Concept]:
    """The vocabulary's rows by key (made once, not once a question)."""
    return {c.key: c for c in ALL_CONCEPTS if c.kind in ROW_KINDS}


def _numbered_rows(q: str) -> List[Concept]:
    """Rows named by the template's numbering: 「表三第（三）项第6条」 (不予公开 6, 属于四类过程性
    信息), 「第二十条第（五）项」 (行政许可). Only where the numbering names one row, and table 3's only
    in a question about table 3 or its results."""
    by_key = _rows_by_key()
    m = _T2_ITEM.search(q)
    if m:
        keys = _T2_ARTICLE.get(_ZH_NUM[m.group(1)], ())
        return [by_key[keys[0]]] if len(keys) == 1 and keys[0] in by_key else []
    if not re.search(r"表三|表3|办理结果", q):
        return []
    m = _T3_ITEM.search(q)
    if not m:
        return []
    group = _T3_NUMBERED.get(_ZH_NUM[m.group(1)])
    if group is None:
        return []
    if not m.group(2) or group in ("granted", "partial", "total_handled"):
        return [by_key[group]] if group in by_key else []
    n = int(m.group(2)) if m.group(2).isdigit() else _ZH_NUM[m.group(2)]
    members = [s.key for s in FORMATS_BY_NAME["2021"].t3 if s.key.startswith(group + ".")]
    return [by_key[members[n - 1]]] if 1 <= n <= len(members) and members[n - 1] in by_key else []


def _specific_rows(hits: Sequence[Hit], q: str = "") -> List[Concept]:
    """The rows asked about: a row beats the group it belongs to; a lawsuit kind beats 「行政诉讼」."""
    rows = [h.concept for h in hits if h.concept.kind in ROW_KINDS]
    keys = {c.key for c in rows}
    if {"carried_over", "carried_forward"} <= keys:
        # "carried over into 2022 from the previous year": the direction words say which one.
        ql = q.lower()
        back = re.search(r"上一?年|去年|往年|previous year|last year|year before|prior year|from 20\d\d", ql)
        ahead = re.search(r"下一?年|明年|next year|following year|into the next", ql)
        if back and not ahead:
            rows = [c for c in rows if c.key != "carried_forward"]
        elif ahead and not back:
            rows = [c for c in rows if c.key != "carried_over"]
    if keys & {"suit_direct", "suit_after_review"}:
        # 「没走复议」, "without going through reconsideration": a lawsuit's kind, not table 4's review row.
        rows = [c for c in rows if c.key != "review"]
    if "carried_forward" in keys and any(c.kind == "t4group" for c in rows):
        # "reconsideration cases still pending at the end of 2024": table 4's 尚未审结, not the
        # applications carried forward.
        rows = [c for c in rows if c.key != "carried_forward"]
    out = []
    for c in rows:
        if c.kind == "group" and any(k.startswith(c.key + ".") for k in keys):
            continue
        if c.kind == "t4group" and c.key == "suit" and keys & {"suit_direct", "suit_after_review"}:
            continue
        if c not in out:
            out.append(c)
    return out


def _has(q: str, zh: Sequence[str], en: Sequence[str]) -> bool:
    """Whether the question holds one of the words: English words count in an English question
    only (「…多少件？'; DROP TABLE cells」 asks no change)."""
    ql = q.lower()
    return any(w in q for w in zh) or question_language(q) == "en" and any(_en_term(w).search(ql) for w in en)


def understand(question: str, catalog: Sequence[CatalogEntry], before: Optional[Query] = None,
               scoped: Optional[Sequence[CatalogEntry]] = None, account: bool = True) -> Query:
    """Given a question, the loaded reports, the previous turn's query and the reports the chat is
    limited to (default: all), return what the question asks: one query, or a query of intent
    ``PARTS`` whose ``parts`` are the several things a compound question asks.

    With ``account`` False the words are read but not accounted for: the query's ``ask``,
    ``spans``, ``leftover`` and ``qualifiers`` are left empty, for a caller that says those itself
    (the claim check reads what a figure asks of the report's text from the words around the
    figure, and asks nothing back; accounting for every word was half of a claim's understanding).
    Nor is it read again with words typed by their sound put right (``_heard_again``, which goes by
    the words left over): a claim's words are the writer's own (「引发」 is not 「印发」 misspelt).
    A compound question's parts are accounted for all the same: which parts it has depends on it."""
    whole = _finish(_understand(question, catalog, before, account=account), catalog, scoped, account)
    if account:
        whole = _heard_again(whole, catalog, before, scoped)
    parts = _compound(whole, catalog, before, scoped)
    if not parts and whole.intent in (Intent.CHANGE, Intent.GROWTH) and _BOTH_WAYS.search(whole.question):
        # "How did it change from 2023 to 2024, in count and in percent?": the change, and its percent.
        parts = [replace(whole, intent=Intent.CHANGE, leftover=()), replace(whole, intent=Intent.GROWTH, leftover=())]
    if not parts:
        return whole
    last = parts[-1]
    return replace(whole, intent=Intent.PARTS, parts=tuple(parts), rows=last.rows, col=last.col, leftover=(),
                   unsupported=(), years=tuple(dict.fromkeys(y for p in parts for y in p.years)) or whole.years)


def _heard_again(query: Query, catalog: Sequence[CatalogEntry], before: Optional[Query],
                 scoped: Optional[Sequence[CatalogEntry]]) -> Query:
    """The query read again with the template's words typed by their sound put right (「部分工开」:
    部分公开), when that accounts for more of the question and asks for a figure; the words read so
    are said with the answer. Else the query as it was."""
    misheard = misheard_words([s.text for s in query.leftover]) if query.lang == "zh" else []
    if not misheard:
        return query
    fixed = query.question
    for written, word in misheard:
        fixed = fixed.replace(written, word)
    again = _finish(_understand(fixed, catalog, before), catalog, scoped)
    if len(again.leftover) >= len(query.leftover) or not (again.rows or again.col):
        return query
    # A word put right must join its neighbours into a longer wording of the template (「行政复义」:
    # 行政复议), not stand alone: 「因…引发的行政复议」's 引发 is a word of its own, not 印发 misheard.
    for _, word in misheard:
        at = [m.start() for m in re.finditer(re.escape(word), fixed)]
        if not any(a <= p and p + len(word) <= b and b - a > len(word) for p in at for a, b in again.term_spans):
            return query
    return replace(again, readings=again.readings + tuple(misheard))


def _finish(query: Query, catalog: Sequence[CatalogEntry], scoped: Optional[Sequence[CatalogEntry]],
            account: bool = True) -> Query:
    """A query with what it asks of the report's text, the places read by their sound and every
    word of it accounted for (or left over); without ``account``, the places read by their sound only."""
    q = query.question
    entries = [e for m in query.mentions for e in m.reports] or list(scoped if scoped is not None else catalog)
    names = body_names(entries) + [m.agency for m in query.mentions]
    readings = []
    for e in {e.agency: e for m in query.mentions for e in m.reports if e.agency}.values():
        for core in agency_to_name(e.agency or "").cores:
            pos, written = homophone_of(q, core)
            if pos >= 0 and (written, core) not in readings:
                readings.append((written, core))
    if not account:
        return replace(query, which_year=bool(_WHICH_YEAR.search(q.lower())), readings=tuple(readings))
    # Every word accounted for, the question read: the words its intent consumes count too.
    if not _TAUGHT:
        teach([t for c in ALL_CONCEPTS for t in c.zh] + list(_INTENT_WORDS) + list(APPLY_VERBS_ZH))
        _TAUGHT.append(True)
    spans = query.spans
    if query.intent == Intent.TEXT and query.lang == "en":
        # What the narrative search reads an English question's words as (the glossary: "press
        # conferences" is 新闻发布会): accounted for — in a question of the text only, where a
        # sentence holding them is the answer; a table figure is never looked up by them.
        spans += tuple(word_spans(q, list(EN_TO_ZH), "text"))
    leftover = leftover_words(q, spans, _label_words(_find_terms(q)), query.intent.value)
    return replace(query, ask=question_to_ask(q, query.lang, names), qualifiers=tuple(qualifiers(q, query.term_spans, names)),
                   which_year=bool(_WHICH_YEAR.search(q.lower())), readings=tuple(readings), leftover=leftover)


#: Where a compound question's parts divide: a comma, a semicolon, 「、」 between asked figures, "and how …".
_PART_BREAK = re.compile(r"[，,；;、]|\s+and\s+(?=(?:how|what|which|by how)\b)|(?<=[？?])\s*", re.I)
#: Words that ask for a figure: each part of a compound question has its own (or shares a 「各」).
_ASKER = re.compile(r"多少|几|百分之|比例|占比|比重|属实|是真的|对吗|是否|是不是|what share|what percent|what proportion|"
                    r"how many|how much|what was|what were|what is|what's|is it true|is that (?:right|correct|true)|whether|"
                    r"\bthe (?:number|count|figure)s?\b(?! of (?:the )?(?:body|bodies|reports?)\b)",
                    re.I)
#: 「各多少」, 「分别是」, "respectively", "each": one asking word for several figures named before it.
_DISTRIBUTE = re.compile(r"各(?:是|为|有)?(?:多少|几)|分别|各自|respectively|\beach\b", re.I)


def _compound(whole: Query, catalog: Sequence[CatalogEntry], before: Optional[Query],
              scoped: Optional[Sequence[CatalogEntry]]) -> List[Query]:
    """The parts of a compound question, each a query of one thing asked, or [] for a question
    that asks one thing: two clauses that each name a figure and each ask for it (「收了多少、办完多少、
    结转多少」, "how many received, and how many granted in full?"), or several figures named and
    asked for together by 「各」/"respectively" (「上一年项目数和本年处理决定数各多少」). A part names
    its own body and year or takes the question's; a share with no figure of its own (「…共多少，占
    办结总数的比例」) is of the part before it."""
    q = whole.question
    if whole.intent == Intent.RANK or len(q) < 6:
        return []
    pieces, start = [], 0
    for m in _PART_BREAK.finditer(q):
        pieces.append((start, q[start:m.start()]))
        start = m.end()
    pieces.append((start, q[start:]))
    # A piece that asks nothing (「青溪县政府办2019年、云岚省交通运输厅2020年…分别是多少」's first body)
    # belongs to the piece after it.
    merged: List[Tuple[int, str]] = []
    for at, text in pieces:
        if merged and not _ASKER.search(merged[-1][1]) and _ASKER.search(q[merged[-1][0]:at]) is not None:
            pass
        if merged and not _ASKER.search(merged[-1][1]):
            merged[-1] = (merged[-1][0], q[merged[-1][0]:at + len(text)])
        else:
            merged.append((at, text))
    pieces = merged
    distributed = bool(_DISTRIBUTE.search(q))
    if sum(1 for _, text in pieces if text.strip()) < 2:
        return _distributed(whole, catalog, scoped) if distributed else []
    def asks(at: int, text: str) -> bool:
        # A piece asks for a figure by its words, or is a question of its own ("Is it true that
        # Pingtan received 154 requests in 2025? And how many …"), not a clause of one.
        whole_sentence = (at == 0 or q[:at].rstrip()[-1:] in "?？。.!！") and text.rstrip()[-1:] in "?？"
        return bool(_ASKER.search(text)) or whole_sentence

    asking = [(at, text) for at, text in pieces if text.strip() and asks(at, text)]
    # Figures asked one after another are figures of the tables (「收了多少、办完多少」): loose words count.
    apps = _about_applications(q, _find_terms(q)) or len(asking) >= 2
    parsed = []
    for at, text in pieces:
        if not text.strip():
            continue
        part = _finish(_understand(text, catalog, None, apps=apps), catalog, scoped)
        parsed.append((at, text, part))
    # A part names a figure, or asks for one by words nothing here counts (a breakdown the tables
    # lack, a word left over): that part is answered by saying so, never dropped.
    chosen = [(at, text, p) for at, text, p in parsed
              if (p.rows or p.col is not None) and (asks(at, text) or distributed)
              or asks(at, text) and (p.unsupported or _content_left(p) or _combines(text))]
    if sum(1 for _, _, p in chosen if p.rows or p.col is not None) == 1 and len(chosen) == 1 and distributed:
        return _distributed(whole, catalog, scoped)
    if len(chosen) < 2 or not any(p.rows or p.col is not None for _, _, p in chosen):
        return []
    parts: List[Query] = []
    for at, text, p in chosen:
        # A part that names no body or year takes the part's before it (or the question's: 「平潭23
        # 全部公开加部分公开共多少，占办结总数的比例」 asks both of 2023).
        context = parts[-1] if parts else whole
        if not p.mentions and not p.unloaded:
            p = replace(p, mentions=context.mentions)
        if not p.years:
            years = context.year_positions if parts else tuple(
                (y, pos) for y, pos in whole.year_positions
                if not any(at2 <= pos < at2 + len(t2) for at2, t2, _ in chosen if at2 != at))
            p = replace(p, years=tuple(y for y, _ in years), year_positions=tuple(years))
        if p.intent == Intent.RATIO and parts and p.denominator is None and len(p.rows) == 1 \
                and p.rows[0].key in _BASE_ROWS:
            # 「全部公开加部分公开共多少，占办结总数的比例」: the share is of the figure just asked.
            p = replace(p, rows=parts[-1].rows, col=parts[-1].col, denominator=p.rows[0])
        if not p.rows and p.col is None and parts and p.unsupported:
            # "…, and how many of those arrived online?": a breakdown of the figure before, which
            # the tables do not have — said so for this part.
            p = replace(p, rows=parts[-1].rows, col=parts[-1].col, intent=Intent.FIGURE)
        elif not p.rows and p.col is None and parts and _combines(text) and not _content_left(p):
            # 「…多了多少件，增长了百分之多少？」, 「…分别是多少？两家加起来多少？」: what is done now
            # with the figure of the part before (its change in percent, its sum).
            prev = parts[-1]
            said = normalize_question(text)
            intent = _intent(said, replace(prev, total_asked=_has(said, TOTAL_WORDS_ZH, TOTAL_WORDS_EN)), list(prev.rows))
            if prev.intent in (Intent.CHANGE, Intent.GROWTH):
                # "…change from 2023 to 2024 — by how many, and by what percent?"
                intent = Intent.GROWTH if intent in (Intent.RATIO, Intent.GROWTH) else Intent.CHANGE
            p = replace(prev, question=p.question, spans=p.spans, leftover=(), parts=(), intent=intent,
                        total_asked=_has(said, TOTAL_WORDS_ZH, TOTAL_WORDS_EN))
        if not any(_same_ask(p, q2) for q2 in parts):
            # "Was it sued in 2023? How many times?": one figure asked twice is one part.
            parts.append(p)
    return parts if len(parts) >= 2 else []


#: A change asked both ways: "in count and in percent", 「增加了多少件、增长了百分之几」 in one clause.
_BOTH_WAYS = re.compile(r"in (?:number|count|absolute terms|numbers) and (?:in )?(?:percent|percentage|relative terms)|"
                        r"(?:by )?how many,? and (?:by )?what percent(?:age)?|(?:数量|件数|多少件)(?:和|及|与|以及)(?:百分比|幅度|比例|百分之几)",
                        re.I)


def _same_ask(a: Query, b: Query) -> bool:
    """Whether two parts ask the same figure (the same measure, bodies, years and intent)."""
    return (a.intent, a.rows, a.col, a.denominator, a.minus, a.years, tuple(m.agency for m in a.mentions), a.unsupported,
            tuple(s.text for s in a.leftover)) == \
        (b.intent, b.rows, b.col, b.denominator, b.minus, b.years, tuple(m.agency for m in b.mentions), b.unsupported,
         tuple(s.text for s in b.leftover))


def _combines(text: str) -> bool:
    """Whether a part asks to combine figures named before it (a sum, a change, a share, a growth)."""
    return _has(text, TOTAL_WORDS_ZH + CHANGE_WORDS_ZH + RATIO_WORDS_ZH, TOTAL_WORDS_EN + CHANGE_WORDS_EN + RATIO_WORDS_EN) \
        or bool(_PERCENT_ASKED.search(text.lower())) or bool(DIFFERENCE_RE.search(text))


def _content_left(query: Query) -> bool:
    """Whether a query has words left over that say something (not a lone particle)."""
    return any(len(s.text) >= 2 or s.text.isdigit() for s in query.leftover)


def _distributed(whole: Query, catalog: Sequence[CatalogEntry], scoped: Optional[Sequence[CatalogEntry]]) -> List[Query]:
    """The parts of a question that names several figures of one row and asks for each
    (「行政处罚上一年项目数和本年处理决定数各多少」, 「予以公开和部分公开各多少件」): one part a column,
    or one part a row."""
    q = whole.question
    cols = [h.concept for h in _find_terms(q, kinds=("t2col", "t4col", "col"))]
    cols = list(dict.fromkeys(c for c in cols if whole.rows and _pick_col([c], whole.rows) is not None))
    if len(cols) >= 2 and len(whole.rows) == 1:
        return [replace(whole, col=c, intent=Intent.FIGURE, parts=()) for c in cols]
    if len(whole.rows) >= 2 and whole.intent == Intent.SUM:
        return [replace(whole, rows=(r,), intent=Intent.SUM if r.kind == "group" else Intent.FIGURE, parts=())
                for r in whole.rows]
    return []


_WHICH_YEAR = re.compile(r"哪一?年|which year")
_TAUGHT: List[bool] = []


def _understand(question: str, catalog: Sequence[CatalogEntry], before: Optional[Query] = None,
                apps: bool = False, account: bool = True) -> Query:
    """The query of one question, before what it asks of the report's text is read (``apps``: the
    question it is part of is about applications, so loose words count; ``account``: the spans its
    words were read from are kept, for accounting for every word). A threshold asked against
    (「有没有超过10件」) and the breakdown a ranking within one report ranks (「哪类申请人」) are read out
    first: their words are not a comparison of bodies or years, nor a column asked."""
    q = normalize_question(question)
    spans: List[Span] = []
    threshold = question_to_threshold(q)
    if threshold is not None:
        spans.append(Span(threshold.start, threshold.end, "intent", q[threshold.start:threshold.end]))
    over = next(((k, m) for k, p in BREAKDOWN_RE.items() for m in [p.search(_blanked(q, spans))] if m), None)
    if over is not None:
        # 「哪类申请人」, "what outcome": which of a report's breakdowns is ranked — read out like a
        # threshold, so that 申请人 is not taken for a column asked.
        m = over[1]
        spans.append(Span(m.start(), m.end(), "intent", q[m.start():m.end()]))
    if not spans:
        return _read(q, catalog, before, apps, account)
    read = _read(_blanked(q, spans), catalog, before, apps, account)
    if over is not None:
        rows = read.rows or ((NEW_ROW,) if over[0] == "applicants" else ())
        read = replace(read, intent=Intent.RANK, rows=rows, col=None, ranked=True)
    return replace(read, question=q, spans=read.spans + tuple(spans) if account else (), ranked_over=over[0] if over else "",
                   threshold=(threshold.op, threshold.value) if threshold else None)


def _blanked(text: str, spans: Sequence[Span]) -> str:
    """The text with what the spans cover put as spaces (positions stay the text's)."""
    for s in spans:
        text = text[:s.start] + " " * (s.end - s.start) + text[s.end:]
    return text


def _read(q: str, catalog: Sequence[CatalogEntry], before: Optional[Query], apps: bool,
          account: bool = True) -> Query:
    """The query of one normalised question (see ``_understand``)."""
    lang = question_language(q)
    named = question_to_named_bodies(q)
    # A term inside a body's name is not asked (「苏州市民政局」 holds 「市民」, 「住房和城乡建设局」 …).
    given = _names_given(named, q, catalog)
    hits = every_hit = [h for h in _find_terms(q) if not any(a <= h.start and h.end <= b for a, b in given)]
    strong_rows = [h for h in hits if h.concept.kind in ROW_KINDS and not h.weak]
    apps = _about_applications(q, hits) or ((apps or (
        not strong_rows and any(h.weak for h in hits) and _only_terms(q, hits, catalog, named))) and not _about_fees(q))
    hits = [h for h in hits if not h.weak or (apps and not (h.concept.kind in ROW_KINDS and strong_rows))]
    if before is not None and before.rows and all(r.kind == "t4group" for r in before.rows) and \
            (FOLLOWUP_START.match(q) or _has(q, FOLLOWUP_ZH, FOLLOWUP_EN)):
        # A follow-up is read in the previous figure's table first: "and how many of those were
        # still pending at year end?" after reconsiderations is table 4's 尚未审结.
        t4_cols = _find_terms(q, kinds=("t4col",))
        if t4_cols and not any(h.concept.kind == "t4group" for h in hits):
            hits = t4_cols
    hits, complement = _complemented(q, hits)
    hits = _first_row_of_each_quote(q, _for_a_reason(q, _not_negated(q, hits)))
    numbered = _numbered_rows(q)
    if numbered:
        hits = [h for h in hits if h.concept.kind not in ROW_KINDS] + [Hit(c, 0, 0, False) for c in numbered]
    rows = _specific_rows(hits, q)
    # The longest column term first: 「清理后集中发布的现行有效…」 asks 现行有效, 「发布」 describes it.
    col_hits = sorted((h for h in hits if h.concept.kind in COL_KINDS), key=lambda h: (-(h.end - h.start), h.start))
    cols = _joined_cols([h.concept for h in col_hits])
    asks_applications = "申请" in q or bool(re.search(r"\b(applications?|requests?)\b", q.lower()))
    if not rows and any(c.kind in ("col", "cols") for c in cols) and (asks_applications or _has(q, APPLY_VERBS_ZH, APPLY_VERBS_EN)):
        # An applicant type counts applications only (「科研机构提了几件申请」): its row is the new ones.
        rows = [NEW_ROW]
    if rows and all(r.kind == "t4group" for r in rows) and not any(c.kind == "t4col" for c in cols) and \
            any(h.concept.key == "carried_forward" for h in hits):
        cols = [_T4_PENDING] + cols
    if any(r.key == "carried_forward" for r in rows) and _FROM_YEAR_BEFORE.search(q):
        # "carried over into 2022 from the previous year": what came in from the year before is 上年结转.
        rows = [_CARRIED_OVER if r.key == "carried_forward" else r for r in rows]
    col = _pick_col(cols, rows)
    mentions = tuple(m for m in question_to_mentions(q, catalog) if not contradicts(named, m.agency, m.position))
    unloaded = tuple(n.text for n in unloaded_names(q, agencies_placed_in(q, catalog)))
    if not mentions:
        # "Guangzhou" around a loaded district bureau: the city is not loaded.
        unloaded += tuple(p for p in upper_places_named(q, catalog) if not any(p in u or u in p for u in unloaded))
    reference = before.years[-1] if before is not None and before.years else None
    bodies_at = _body_spans(q, mentions, named)
    found_years = _placed_years(q, question_to_years(q, reference), bodies_at)
    premises = _premises_blanked(q)
    if premises != q and any(premises[y.position] != " " for y in found_years):
        # "… rose 9.3% in 2024. How many did it receive in 2023?": a year of a premise is not asked.
        found_years = [replace(y, role="anchor") if premises[y.position] == " " else y for y in found_years]
    if (col is not None and col.key == "change" or any(r.key == "carried_over" for r in rows)) and \
            any(not y.relative for y in found_years):
        # Table 2's 「比上年增/减」 is the report's own comparison with the year before (「2019年…比上一年
        # 增减了多少」 reads that column of the 2019 report, not a 2018 report); 上年结转 is the year
        # before's by itself ("carried over into 2022 from the previous year").
        found_years = [y for y in found_years if not y.relative]
    years = _report_years(found_years, rows)
    total = _has(q, TOTAL_WORDS_ZH, TOTAL_WORDS_EN)
    fewer = _has(q, _FEWER_ZH, _FEWER_EN)
    spans = tuple((h.start, h.end) for h in every_hit)
    taken = _spans_taken(q, every_hit, bodies_at, found_years) + tuple(complement) if account else ()
    if account and any(r.key == "carried_over" for r in rows):
        taken += tuple(Span(m.start(), m.end(), "measure", m.group(0)) for m in _FROM_YEAR_BEFORE.finditer(q))
    division, beneath = bodies_beneath(mentions, catalog)
    base = Query(question=q, lang=lang, intent=Intent.FIGURE, rows=tuple(rows), col=col, mentions=mentions, term_spans=spans,
                         years=tuple(y for y, _ in years), year_positions=tuple(years), total_asked=total, fewer=fewer,
                         unloaded=unloaded, unsupported=unsupported_words(q), ordinal=_ordinal(q), count=_count(q),
                         ranked=bool(_ordinal(q)) or _has(q, RANK_WORDS_ZH, RANK_WORDS_EN), spans=taken,
                         which_body=_has(q, WHICH_BODY_ZH, WHICH_BODY_EN),
                         division=division, beneath=beneath,
                         unit=unit_asked(q)[0], recent=recent_years(q)[0], year_ranges=tuple(year_ranges(q, found_years)))

    if _has(q, TEXT_WORDS_ZH, TEXT_WORDS_EN) or _TEXT_SAYS.search(q):
        return replace(base, intent=Intent.TEXT, text_asked=True)
    if rows and before is not None and not mentions and not unloaded and before.mentions and not _asks_every_report(q):
        # A question that names no body, asked after one that did, is about the same body
        # (「淮安市政府24年予以公开多少件？」 then 「不予公开里面因为危及三安全一稳定的呢？」).
        # 「其中本机关不掌握…的有几件？」 names its own row but asks of the same reports as before.
        base = replace(base, mentions=before.mentions, years=base.years or before.years,
                       year_positions=base.year_positions or before.year_positions, followup=True,
                       scope=before.scope if not base.years else ())
    if rows and before is not None and col is None and before.col is not None and _pick_col([before.col], rows) \
            and (q.rstrip("？?").endswith("呢") or FOLLOWUP_START.match(q)):
        # 「…复议后起诉的…尚未审结的有几件？」 then 「未经复议直接起诉的呢？」: the same column, another row.
        base = replace(base, col=before.col)
    if not rows:
        looks_followup = before is not None and before.intent != "narrative" and before.rows and (
            col is not None or bool(FOLLOWUP_START.match(q)) and len(q) <= 60
            or _has(q, FOLLOWUP_ZH, FOLLOWUP_EN) and len(q) <= 40 or (years and len(q) <= 12))
        if before is not None and looks_followup and not _has(q, NARRATIVE_WORDS_ZH + NARRATIVE_WEAK_ZH,
                                                              NARRATIVE_WORDS_EN + NARRATIVE_WEAK_EN):
            return _followup(base, before)
        return replace(base, intent=Intent.TEXT)
    if _has(q, NARRATIVE_WORDS_ZH, NARRATIVE_WORDS_EN) and not _has(q, ("多少", "几"), ("how many", "how much")):
        return replace(base, intent=Intent.TEXT)
    parts = _subtraction(q, every_hit)
    if parts is not None:
        excepted = tuple(Span(*_clause(q, m), "intent", q[slice(*_clause(q, m))]) for m in _EXCEPT.finditer(q))
        return replace(base, intent=Intent.SUBTRACT, rows=tuple(parts[0]), minus=tuple(parts[1]), col=col,
                       spans=base.spans + excepted if account else ())
    intent = _intent(q, base, rows)
    if intent == "ratio":
        rows, col, denominator = _ratio_parts(every_hit, cols, explicit_base=bool(_EXPLICIT_BASE.search(q)))
        base = replace(base, rows=tuple(rows), col=col, denominator=denominator)
    if intent in ("change", "growth"):
        # "from 2023 to 2024": both ends of a change are reports.
        every = tuple((y.year, y.position) for y in found_years)
        base = replace(base, years=tuple(y for y, _ in every), year_positions=every)
    return replace(base, intent=intent)


def _body_spans(q: str, mentions: Sequence[Mention], named: Sequence[NamedBody]) -> List[Span]:
    """Where the question names bodies: the loaded ones' names, places, short forms and aliases, and
    every name shaped like a body's (loaded or not)."""
    names = [m.agency for m in mentions] + body_names([e for m in mentions for e in m.reports])
    out = name_spans(q, names)
    out += [Span(n.position, n.position + len(n.text), "body", n.text) for n in named]
    for m in mentions:
        # 「望胡街道」 for 望湖街道, 「自然资原局」: a name written with a character of the same sound.
        name = agency_to_name(m.agency)
        for piece in (*name.cores, name.dept):
            pos, written = homophone_of(q, piece) if piece else (-1, "")
            if pos >= 0:
                out.append(Span(pos, pos + len(written), "body", written))
    # 「望胡街道办」, 「淮安市府」: a level or department word written right after a name is of the name.
    for b in list(out):
        tail = _NAME_TAIL.match(q, b.end)
        if tail and tail.end() > b.end:
            out.append(Span(b.start, tail.end(), "body", q[b.start:tail.end()]))
    # 「省政数局」, 「省交通运输厅」: the level word written before a body's short form is of its name.
    out += [Span(b.start - 1, b.end, "body", q[b.start - 1:b.end]) for b in list(out) if b.start > 0 and q[b.start - 1] in _LEVEL_WORDS]
    lower = q.lower()
    for m in mentions:
        if m.position < len(q) and re.match(r"[a-z]", lower[m.position:m.position + 1]):
            # An English name ("Huai'an's", "Pingtan County"): the word and a level word after it.
            w = re.match(r"[a-z]+(?:['’\- ][a-z]+)?(?:['’]s)?(?:\s+(?:county|city|district|province|provincial|municipal|"
                         r"town|township|zone|sub-?district|street|government|bureau|office|department|regulator|"
                         r"administration|commission|committee))*", lower[m.position:])
            if w:
                out.append(Span(m.position, m.position + w.end(), "body", q[m.position:m.position + w.end()]))
                # The same name again later ("… how many more did Huai'an get?") is the same body.
                word = re.match(r"[a-z]+(?:['’\-][a-z]+)?", lower[m.position:])
                if word and len(word.group(0)) >= 4:
                    out += [Span(x.start(), x.end(), "body", q[x.start():x.end()])
                            for x in re.finditer(r"\b" + re.escape(word.group(0)) + r"\b", lower) if x.start() != m.position]
    if any(re.match(r"[A-Za-z]", q[m.position:m.position + 1]) for m in mentions) or any(n.english for n in named):
        # "the Guangdong Government Service and Data Management Bureau's": the words of a body named
        # in English, wherever they stand beside it.
        out += word_spans(q, list(DEPT_EN) + list(EN_DEPARTMENT_HEADS) + list(PLACE_SUFFIX_EN) + list(_EN_BODY_WORDS), "body")
    return out


#: Words of English body names beyond departments and levels ("Pingtan Comprehensive Experimental Zone").
_EN_BODY_WORDS = ("comprehensive", "experimental", "pilot", "zone", "new area", "development zone", "sub-district",
                  "subdistrict", "general office", "people's government", "municipal", "administration",
                  "management", "service", "services", "resources", "environment", "ecology", "market", "regulation",
                  "supervision", "planning", "affairs", "bureau", "government", "office", "department", "commission")


#: Level and department words a name may end in after the place a question names it by.
_NAME_TAIL = re.compile(r"(?:省|市|区|县|镇|乡|街道)?(?:办事处|街道办|政府办|人民政府|政府|管理委员会|管委会|府|办|局|委|厅)?")
#: What may stand between a body's name and a bare year written against it (「平潭24」, 「淮安市府 24」).
_GAP = re.compile(r"\s*")


def _placed_years(q: str, found: Sequence[YearMention], bodies: Sequence[Span]) -> List[YearMention]:
    """The years of a question, with a bare two-digit number kept only where it can mean nothing
    but a year: written right after a body's name (「平潭24」, 「洪泽23」) or standing alone between
    spaces in a terse look-up (「平潭 24 新收」). Any other bare number is no year: left over."""
    out = []
    ends = {b.end for b in bodies}
    for y in found:
        if y.bare:
            before = q[:y.position]
            right_after_name = any(before.rstrip() and len(before.rstrip()) == e for e in ends)
            alone = (y.position == 0 or q[y.position - 1] == " ") and (y.end >= len(q) or q[y.end] in " ？?")
            if not (right_after_name or alone):
                continue
        out.append(y)
    return out


_INTENT_WORDS = (NARRATIVE_WEAK_ZH + NARRATIVE_WEAK_EN + TOTAL_WORDS_ZH + TOTAL_WORDS_EN + RATIO_WORDS_ZH + RATIO_WORDS_EN + CHANGE_WORDS_ZH + CHANGE_WORDS_EN
                 + COMPARE_WORDS_ZH + COMPARE_WORDS_EN + RANK_WORDS_ZH + RANK_WORDS_EN + LIST_WORDS_ZH + LIST_WORDS_EN
                 + NARRATIVE_WORDS_ZH + NARRATIVE_WORDS_EN + FOLLOWUP_ZH + FOLLOWUP_EN + TEXT_WORDS_ZH + TEXT_WORDS_EN
                 + QUESTION_FIGURE_ZH + QUESTION_FIGURE_EN)


def _spans_taken(q: str, hits: Sequence[Hit], bodies: Sequence[Span], years: Sequence[YearMention]) -> Tuple[Span, ...]:
    """Every span the understanding took in the question: terms, bodies, years, intent words and the
    patterns it reads (negations, reasons, numbered rows, subtraction), and words asking for a
    breakdown the template lacks."""
    out: List[Span] = [Span(h.start, h.end, "measure", q[h.start:h.end]) for h in hits]
    out += bodies
    out += [Span(y.position, y.end, "year", q[y.position:y.end]) for y in years if y.end > y.position]
    n, at = recent_years(q)
    if n:
        out.append(Span(at[0], at[1], "year", q[at[0]:at[1]]))
    for y in years:
        a, b = list_count_span(q, y.end)
        if a >= 0:
            out.append(Span(a, b, "year", q[a:b]))
    out += word_spans(q, _INTENT_WORDS + APPLY_VERBS_ZH + APPLY_VERBS_EN + _FEWER_ZH + _FEWER_EN, "intent")
    out += pattern_spans(q, (_BOTH_WAYS,), "intent")
    out += pattern_spans(q, (DIFFERENCE_RE, ORDINAL_RE, COUNT_RE, _CHANGE_RE, _SUBTRACT, _NEGATION, _BECAUSE,
                             _EXPLICIT_BASE, _TEXT_SAYS, FOLLOWUP_START, _EVERY_REPORT, _WHICH_YEAR, _T3_ITEM, _T2_ITEM,
                             _TABLE_NAMED, _COUNT_OF, _PERCENT_ASKED), "intent")
    out += word_spans(q, unsupported_words(q), "unsupported")
    out += unit_asked(q)[1]
    out += pattern_spans(q, (_STATED, _PRECISION), "stated")
    for m in _QUOTE.finditer(q):
        # A template label quoted (「三、本年度办理结果」) is the measure it names, numbering and all.
        inside = _NUMBERING.sub("", re.sub(r"\s+", "", next(g for g in m.groups() if g)))
        if any(m.start() <= h.start and h.end <= m.end() for h in hits) or any(
                inside in label for labels in _TEMPLATE_LABELS.values() for label in labels):
            out.append(Span(m.start(), m.end(), "measure", m.group(0)))
    for m in _NEGATION.finditer(q):
        # 「不是只公开了一部分，而是全部予以公开」: the clause a negation names is what is not asked —
        # a row; a column negated is read by ``_complemented`` or left over.
        end = min([e for e in (q.find(w, m.end()) for w in ("而是", "but ", "，", ",")) if e > 0] + [len(q)])
        if not any(h.concept.kind in ("col", "cols") and m.end() <= h.start < end for h in hits):
            out.append(Span(m.start(), end, "intent", q[m.start():end]))
    return tuple(out)


def _label_words(hits: Sequence[Hit]) -> FrozenSet[str]:
    """The words of the labels of the measures a question names: their template labels as printed
    and every wording the vocabulary gives them."""
    labels: List[str] = []
    for h in hits:
        c = h.concept
        labels += [c.label_zh, c.label_en, *c.zh, *c.en, *_TEMPLATE_LABELS.get(c.key, ())]
    return label_words_of(labels)


def _template_labels() -> Dict[str, Tuple[str, ...]]:
    """Every printed label of the template's rows and columns, by concept key (a group's by the
    group's key too: 「（六）其他处理」's sub-rows' labels are words of 其他处理)."""
    out: Dict[str, List[str]] = {}
    for fmt in FORMATS_BY_NAME.values():
        for address in fmt.addresses(variants=True):
            parts = address.split(".")
            row = ".".join(parts[1:-1])
            for key in {row, row.split(".")[0], parts[-1]}:
                out.setdefault(key, []).extend([row_label(address, fmt.name), col_label(address, fmt.name)])
    for key, headings in T3_GROUP_HEADINGS.items():
        out.setdefault(key, []).extend(headings)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


#: The numbering a template label is printed with (「三、」, 「（三）」, 「1.」).
_NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]?")


_TEMPLATE_LABELS = _template_labels()
_LEVEL_WORDS = "省市区县镇乡"
#: A figure the question states as a premise or a claim to check (「据说收到154件」, "received 154 new
#: requests", "rose 9.3%", "17 requests were granted"): a number with what it counts, not a year.
_STATED = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?\s*(?:%|％|percent|per cent|万|亿|件|条|项|个|起|宗|份|人次|名|元|万元|"
                     r"(?:(?:new|more|of|the|information|disclosure|foi|[a-z]+ed)\s+){0,3}(?:requests?|applications?|cases?|lawsuits?|"
                     r"reviews?|appeals?|decisions?|suits?|complaints?|items?))", re.I)
#: How precisely a share is asked for (「保留一位小数」, "to one decimal place"): asks for nothing more.
_PRECISION = re.compile(r"(?:to |at |rounded to )?(?:one|two|1|2) decimal places?|保留[一两二12]位小数|精确到[^，。？?]{0,6}", re.I)
#: A percentage asked for in so many words: 「百分之几」, 「多少（%）」, "by what percent".
_PERCENT_ASKED = re.compile(r"百分之几|几个百分点|\bby what percent|(?:多少|几)\s*[（(]?\s*[%％]|[（(]\s*[%％]\s*[)）]|"
                            r"(?:^|[|,，;；/\s])\s*(?:in\s+)?[%％]\s*[?？]?\s*$|\bas (?:a )?(?:%|percentage\b)")
#: A unit of money the question asks in: 「多少万元」, 「（元）」, "in yuan", "in units of 10,000 yuan".
_UNIT_ASKED = re.compile(r"(亿元|万元|(?<![万亿])元)|\(?\b(?:in\s+)?(?:units\s+of\s+)?(10,?000|ten thousand|100 million|hundred million)?\s*"
                         r"(?:rmb\s+)?yuan\b\)?", re.I)


def unit_asked(q: str) -> Tuple[str, List[Span]]:
    """The unit of money a question asks in, and the spans saying so ("" and [] when none)."""
    unit, spans = "", []
    for m in _UNIT_ASKED.finditer(q):
        if m.group(1):
            unit = unit or m.group(1)
        else:
            size = (m.group(2) or "").replace(",", "").lower()
            unit = unit or {"10000": "万元", "ten thousand": "万元", "100 million": "亿元", "hundred million": "亿元"}.get(size, "元")
        spans.append(Span(m.start(), m.end(), "unit", m.group(0)))
    return unit, spans
#: 「占几件」 (a count, not a share), "one of the exemptions", 「三种情况加起来」 (the rows of a group):
#: wordings the intent reads as they stand.
_COUNT_OF = re.compile(r"占(?=\s*(?:几|多少)\s*[件个项])|\bone of\b|[两二三四五六七八]\s*(?:种|类|项|个)(?:情况|情形|原因|理由)?(?=\s*(?:加|合|一共|总共|共))", re.I)
_TABLE_NAMED = re.compile(r"表[一二三四1-4]|table\s*[1-4]|\bt[1-4]\b", re.I)
_FEWER_ZH = ("更少", "最少", "较少", "最低", "更低", "较低", "最小", "倒数")
_FEWER_EN = ("fewer", "fewest", "less", "least", "lowest", "lower", "smallest", "smaller", "bottom")


def _only_terms(q: str, hits: Sequence[Hit], catalog: Sequence[CatalogEntry], named: Sequence[NamedBody]) -> bool:
    """Whether a question holds nothing but a body, a year, the vocabulary's terms and words that
    ask for nothing (「pingtan 2025 办结」, 「平潭25 收了多少」): a terse look-up of a table's figure,
    whose loose words (「办结」, 「收了」) then count as they would in a question about applications."""
    mentions = question_to_mentions(q, catalog)
    spans = _spans_taken(q, hits, _body_spans(q, mentions, named), question_to_years(q))
    return not leftover_words(q, spans, _label_words(hits), Intent.FIGURE.value)


#: Words that make a question about every report in scope, not the body of the turn before.
_EVERY_REPORT = re.compile(r"这几|这些|这[两二三四五六七八九十]|各(个|家|单位|报告)|哪家|哪个单位|哪一家|哪个机关|所有|全部报告|"
                           r"\b(all|each|every|which body|which of|both|these)\b", re.I)


def _asks_every_report(q: str) -> bool:
    return bool(_EVERY_REPORT.search(q))


_SUBTRACT = re.compile(r"减去|减掉|扣除|扣掉|刨去|刨除|除去|去掉|\bminus\b|\bnet of\b|\bafter deducting\b|\bsubtract(?:ing)?\b|"
                       r"\bleaving out\b|\b(?:after )?excluding\b|\bless\b(?= the\b)", re.I)


def _subtraction(q: str, hits: Sequence[Hit]) -> Optional[Tuple[List[Concept], List[Concept]]]:
    """A figure less others, in one report: the rows named right after the subtraction word (up to
    the next comma) are taken from the rest («办结总数减去本年新收数量», "net of those not processed,
    how many were closed"). Weak words count here: 「办结」 and "closed" are what is subtracted from."""
    m = _SUBTRACT.search(q) or _EXCEPT.search(q)
    if not m:
        return None
    rows = [h for h in hits if h.concept.kind in ROW_KINDS]
    stop = min([e for e in (q.find(w, m.end()) for w in ("，", ",", "？", "?")) if e > 0] + [len(q)])
    taken = [h for h in rows if m.end() <= h.start < stop]
    rest = [h for h in rows if h not in taken]
    if not taken or not rest:
        return None
    minuend = _specific_rows([h for h in rest if not h.weak] or rest)
    subtrahend = _specific_rows(taken)
    minuend = [c for c in minuend if c not in subtrahend]
    if not minuend or not subtrahend:
        return None
    return minuend, subtrahend


def _report_years(found: Sequence[YearMention], rows: Sequence[Concept]) -> List[Tuple[int, int]]:
    """The years that pick reports: "carried over into 2024" is the 2024 report's 上年结转, while
    "carried forward into 2024" is the year before's; a year things go *into* is otherwise not the
    report's."""
    keys = {r.key for r in rows}
    found = [y for y in found if y.role != "anchor"]
    into = [(y.year, y.position) for y in found if y.role == "into"]
    if "carried_over" in keys and into:
        return into
    return [(y.year, y.position) for y in found
            if y.role != "into" and not ("carried_over" in keys and y.role == "from")]


#: Verbs of applying: with an applicant type and no row named, the row is the applications received.
APPLY_VERBS_ZH = ("提了", "提出", "新提", "提交", "申请", "递交", "提的")
APPLY_VERBS_EN = ("file", "filed", "submit", "submitted", "apply", "applied", "request", "requests", "requested", "lodge",
                  "lodged")
NEW_ROW = next(c for c in ALL_CONCEPTS if c.kind == "row" and c.key == "new")
_CARRIED_OVER = next(c for c in ALL_CONCEPTS if c.kind == "row" and c.key == "carried_over")
_LEGAL_ENTITIES = next(c for c in ALL_CONCEPTS if c.kind == "cols" and c.key == "legal_entities")
_FROM_YEAR_BEFORE = re.compile(r"\bfrom (?:the )?(?:previous|prior|last) year\b|从上一?年|从去年", re.I)
_T4_PENDING = next(c for c in ALL_CONCEPTS if c.kind == "t4col" and c.key == "pending")
_T3_COL_OF = {c.key: c for c in ALL_CONCEPTS if c.kind in ("col", "cols")}


def _joined_cols(cols: Sequence[Concept]) -> List[Concept]:
    """Columns of table 3 named together are asked together: 「科研机构和社会公益组织」 is their sum,
    and "companies or other organisations" (商业企业 with 其他组织) is the journalist's word for
    法人或其他组织, the sum of every column but natural persons."""
    t3 = [c for c in dict.fromkeys(cols) if c.kind == "col"]
    rest = [c for c in cols if c.kind != "col"]
    sums = [c for c in cols if c.kind == "cols"]
    if sums and {c.key for c in t3} <= {"other_org"}:
        # "legal persons and other organisations" is one column sum, 其他组织 inside it.
        return sums + [c for c in cols if c not in sums and c.key != "other_org"]
    if any(c.key == "legal_entities" for c in sums) and len(t3) >= 2 and all(c.key != "natural_person" for c in t3):
        # "companies and other organisations rather than private individuals": the columns named are
        # inside 法人或其他组织, which the question asks for.
        return sums + [c for c in rest if c not in sums]
    if len(t3) < 2 or sums:
        return list(cols)
    keys = [c.key for c in t3]
    if "other_org" in keys and "natural_person" not in keys:
        return [_T3_COL_OF["legal_entities"]] + rest
    joined = Concept("cols", "+".join(keys), (), (), "＋".join(c.label_zh for c in t3),
                     " + ".join(c.label_en for c in t3))
    return [joined] + rest


def _pick_col(cols: Sequence[Concept], rows: Sequence[Concept]) -> Optional[Concept]:
    """The column for the rows asked about: one of the matching table's kinds."""
    table = _table_of(rows[0]) if rows else None
    fits = {"t3": ("col", "cols"), "t2": ("t2col",), "t4": ("t4col",), None: COL_KINDS}[table]
    for c in cols:
        if c.kind in fits:
            return c
    return None


def _table_of(row: Concept) -> str:
    return {"row": "t3", "group": "t3", "t2row": "t2", "t4group": "t4"}[row.kind]


#: 「增幅」, 「增速」, "growth rate": a change in percent named as such.
_GROWTH_WORDS = re.compile(r"增幅|涨幅|降幅|增速|增长率|下降率|减幅|growth rate|rate of (?:growth|increase|decrease)|percentage change")
#: "Which … more …", "… more …: A or B?": which of two bodies is larger.
_COMPARE_EN = re.compile(r"\b(?:which|who|whether)\b[^?]*\b(?:more|fewer|less|higher|lower|larger|smaller|bigger|greater)\b|"
                         r"\b(?:more|fewer|higher|lower|larger|smaller|bigger|greater)\b[^?]*\bor\b", re.I)
#: A year compared with (「比上年」, "than the previous year"): a change between years, not two figures of one.
_YEAR_COMPARED = re.compile(r"比(?:上一?年度?|去年|前年|(?:19|20)?\d{2}\s*年度?)|than (?:the )?(?:previous|last|prior) year|"
                            r"than in (?:19|20)\d{2}|from (?:19|20)\d{2}|year[- ]on[- ]year|同比")
#: "decline to process", 「不予处理」's journalists' word: not a fall.
_NOT_A_CHANGE = re.compile(r"\bdeclin(?:e|ed|es|ing) to\b", re.I)
_CHANGE_RE = re.compile(r"比(?:上一?年度?|去年|(?:19|20)\d{2}\s*年?度?)|[多少](?:几|多少)|(?:增加|减少|增长|下降)了?(?:多少|几)|多还是少|"
                        r"相比.{0,12}(?:增加|减少|增长|下降|多|少)|how many (?:more|fewer)|how much (?:more|less)|"
                        r"\b(?:more|fewer|less) .{0,60}\bthan\b", re.I)


#: A sentence of a question ending in a full stop: 「…增长9.3%。」, "… rose 9.3% in 2024."
_SENTENCE = re.compile(r"(?:[^。!！?？.]|\.(?!\s|$))+(?:[。!！?？]|\.(?=\s|$)|$)")


def _premises_blanked(q: str) -> str:
    """The question with the sentences that state a figure and ask nothing blanked ("Luwan's market
    regulator says its new requests rose 9.3% in 2024. How many … in 2023?"): a premise's words
    ("rose") do not say what the question asks."""
    sentences = list(_SENTENCE.finditer(q))
    if len(sentences) < 2:
        return q
    out = q
    for m in sentences[:-1]:
        text = m.group(0)
        if _STATED.search(text) and not _ASKER.search(text) and not text.rstrip().endswith(("?", "？")):
            out = out[:m.start()] + " " * len(text) + out[m.end():]
    return out


def _intent(q: str, u: Query, rows: Sequence[Concept]) -> Intent:
    bodies = len(u.mentions) + len(u.unloaded)
    years = max(len(set(u.years)), u.recent)
    which_year = bool(re.search(r"哪一?年|which year", q.lower()))
    q = _NOT_A_CHANGE.sub(lambda m: " " * len(m.group(0)), _premises_blanked(q))
    if _GROWTH_WORDS.search(q.lower()) and bodies <= 1:
        # 「增幅」, "growth rate": a change in percent, whatever else the question says.
        return Intent.GROWTH
    if bodies <= 1 and years <= 1 and len(rows) == 2 and rows[0].kind == rows[1].kind and DIFFERENCE_RE.search(q) \
            and not _YEAR_COMPARED.search(q.lower()):
        # 「新收申请比办结总数多多少」, "by how many did new requests exceed those handled": one report's
        # two figures, one less the other.
        return Intent.SUBTRACT
    if bodies >= 2 and _COMPARE_EN.search(q) and not DIFFERENCE_RE.search(q):
        # "Did A or B grant more …", "Which handled more: A or B?"
        return Intent.COMPARE
    if _has(q, RATIO_WORDS_ZH, RATIO_WORDS_EN) or _PERCENT_ASKED.search(q.lower()):
        # 「比上一年涨了百分之几」, "by what percentage did … rise": a change in percent.
        if bodies <= 1 and (_CHANGE_RE.search(q) or _has(q, CHANGE_WORDS_ZH, CHANGE_WORDS_EN) or "涨" in q):
            return Intent.GROWTH
        return Intent.RATIO
    if u.ordinal or _has(q, RANK_WORDS_ZH, RANK_WORDS_EN) and not (bodies == 2):
        return Intent.RANK
    # Two bodies and "how many more": the difference of their figures (「淮安比平潭多多少」).
    if bodies >= 2 and DIFFERENCE_RE.search(q):
        return Intent.DIFFERENCE
    # One body over two years is a change (「比2023年多几件」, 「2024年和2023年相比增加了多少」),
    # unless the question asks which year had more.
    changes = (_CHANGE_RE.search(q) or _has(q, CHANGE_WORDS_ZH, CHANGE_WORDS_EN) or years >= 2 and DIFFERENCE_RE.search(q)) \
        and not (u.col and u.col.key == "change")
    if changes and bodies <= 1 and not which_year:
        return Intent.CHANGE
    # 「哪家…多」 with no body named asks across the reports in scope.
    across = bodies == 0 and u.which_body
    if _has(q, COMPARE_WORDS_ZH, COMPARE_WORDS_EN) and (bodies >= 2 or years >= 2 or u.count >= 2 or across):
        return Intent.COMPARE
    if changes:
        return Intent.CHANGE
    if _has(q, LIST_WORDS_ZH, LIST_WORDS_EN) and (bodies != 1 or years >= 2):
        return Intent.LIST
    if u.total_asked and (bodies >= 2 or years >= 2 or "两个" in q or "各" in q or "these" in q.lower()
                          or "both" in q.lower()):
        return Intent.SUM
    if len(rows) > 1 or rows[0].kind == "group" or (u.col and u.col.kind == "cols"):
        return Intent.SUM
    return Intent.FIGURE


def _followup(u: Query, before: Query) -> Query:
    """A question that leans on the one before: its figure, with this question's column or year."""
    col = u.col if u.col is not None and _pick_col([u.col], before.rows) is not None else before.col
    if u.col is not None and _pick_col([u.col], before.rows) is None:
        col = before.col
    return replace(u, intent=before.intent if before.intent in (Intent.FIGURE, Intent.SUM) else Intent.FIGURE, rows=before.rows,
                   col=col, mentions=u.mentions or before.mentions, years=u.years or before.years,
                   year_positions=u.year_positions or before.year_positions, followup=True,
                   scope=before.scope if not u.mentions and not u.years else ())


_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5}


def _ordinal(q: str) -> int:
    """The place a rank question asks for: 「排第二」 2, "third most" 3; 0 when none (or the first)."""
    m = ORDINAL_RE.search(q)
    if not m:
        return 0
    word = next(g for g in m.groups() if g)
    n = int(word) if word.isdigit() else _EN_ORDINALS.get(word.lower()) or _ZH_DIGITS.get(word, 0)
    return n if n > 1 else 0


def _count(q: str) -> int:
    """How many bodies or reports the question says it is about: 「这两个单位」 2, "both" 2."""
    m = COUNT_RE.search(q)
    if not m:
        return 0
    if m.group(2):
        return _ZH_DIGITS.get(m.group(2), 0)
    if m.group(4):
        return int(m.group(4))
    if m.group(5):
        return _EN_NUMBERS[m.group(5).lower()]
    return 2


_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


#: Rows a share is commonly taken of: a ratio's denominator when the question names one.
_BASE_ROWS = ("total_handled", "new")


#: A base named as such: "measured against new requests", "per new request", 「与新收申请之比」,
#: 「相对于新收申请」 — a rate of one table's figure against another's is then what is asked.
_EXPLICIT_BASE = re.compile(r"\b(?:against|per|relative to|as a (?:share|percentage|proportion) of|for every)\b|"
                            r"相对于|相比于新收|与[^，,。]{1,12}之比|每百件|每件申请|占[^，,。]{1,16}的?(?:比例|比重|百分比|比率|百分之几|百分之多少|几成)",
                            re.I)


def _ratio_parts(hits: Sequence[Hit], cols: Sequence[Concept],
                 explicit_base: bool = False) -> Tuple[List[Concept], Optional[Concept], Optional[Concept]]:
    """A ratio's numerator rows, its column and its denominator row.

    The denominator is the base the question names (「办结的申请中」, "of the requests processed",
    「占复议总数」), weak words included; else the group a named row belongs to (「不予公开的申请中，
    属于国家秘密的」); else, for a column asked of a row (「新收申请中自然人的占比」) or a table-4
    outcome, that row's total; else, for an outcome of table 3, everything handled (办理结果总计)."""
    rows = [h.concept for h in hits if h.concept.kind in ROW_KINDS]
    distinct: List[Concept] = []
    for c in rows:
        if c not in distinct:
            distinct.append(c)
    bases = [c for c in distinct if c.kind == "row" and c.key in _BASE_ROWS]
    others = [c for c in distinct if c not in bases]
    specific = _specific_rows([h for h in hits if h.concept in others])
    if specific and all(_table_of(r) != "t3" for r in specific) and not explicit_base:
        # A share is of a total in the same table: lawsuits are not a share of applications —
        # unless the question names the base as such ("reviews measured against new requests").
        bases = []
    col = _pick_col(cols, specific or bases)
    if bases and specific:
        return specific, col, bases[0]
    if len(bases) == 1 and not specific:
        # 「新收申请中自然人占多少」: a column's share of its row; a row alone is a share of nothing named.
        return bases, col, bases[0] if col is not None else None
    if len(bases) >= 2:
        return bases[:1], col, None
    groups = [c for c in others if c.kind == "group" and any(r.key.startswith(c.key + ".") for r in specific)
              or c.key == "suit" and any(r.key in ("suit_direct", "suit_after_review") for r in specific)]
    if groups:
        return specific, col, groups[0]
    if not specific:
        return [], col, None
    if col is not None or all(r.kind == "t4group" for r in specific):
        return specific, col, specific[0] if len(specific) == 1 and col is not None else None
    if all(r.kind in ("row", "group") and r.key not in ("new", "carried_over", "carried_forward") for r in specific):
        return specific, col, next(r for r in ALL_CONCEPTS if r.kind == "row" and r.key == "total_handled")
    return specific, col, None


def as_share(query: Query, catalog: Sequence[CatalogEntry]) -> Query:
    """Given a query read from words that state a percentage (a checked text's clause: 「占办结总量的」,
    "of those closed") and the loaded reports, return it as a share: its numerator, column and base
    read from the same words, as a question asking the share would have them."""
    if query.intent == Intent.RATIO:
        return query
    q = query.question
    named = question_to_named_bodies(q)
    given = _names_given(named, q, catalog)
    every_hit = [h for h in _find_terms(q) if not any(a <= h.start and h.end <= b for a, b in given)]
    strong_rows = [h for h in every_hit if h.concept.kind in ROW_KINDS and not h.weak]
    apps = _about_applications(q, every_hit)
    hits = [h for h in every_hit if not h.weak or (apps and not (h.concept.kind in ROW_KINDS and strong_rows))]
    col_hits = sorted((h for h in hits if h.concept.kind in COL_KINDS), key=lambda h: (-(h.end - h.start), h.start))
    rows, col, denominator = _ratio_parts(every_hit, _joined_cols([h.concept for h in col_hits]),
                                          explicit_base=bool(_EXPLICIT_BASE.search(q)))
    return replace(query, intent=Intent.RATIO, rows=tuple(rows), col=col, denominator=denominator)


def followup(query: Query, before: Query) -> Query:
    """Given a query that names no row of its own (「其中自然人」, "of them, from individuals") and
    the query it follows, return it as a follow-up: the figure before, with this query's column or year."""
    return _followup(query, before)
