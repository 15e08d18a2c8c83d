"""Understanding a question: which figure it asks for, about which reports, and what to do with it.

No language model is reachable, and a figure must never be invented, so understanding is a matter
of finding the lexicon's terms (``retrieval.lexicon``) in the question: the longest term wins where
terms overlap, a specific row beats its group, and a weak term counts only in a question about
applications. Conversation state carries the figure and the reports into a follow-up
(「其中自然人多少？」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple

from model import CatalogEntry
from retrieval.lexicon import (
    ALL_CONCEPTS,
    CHANGE_WORDS_EN,
    CHANGE_WORDS_ZH,
    COMPARE_WORDS_EN,
    COMPARE_WORDS_ZH,
    FOLLOWUP_EN,
    FOLLOWUP_ZH,
    LIST_WORDS_EN,
    LIST_WORDS_ZH,
    NARRATIVE_WORDS_EN,
    NARRATIVE_WORDS_ZH,
    RANK_WORDS_EN,
    RANK_WORDS_ZH,
    TOTAL_WORDS_EN,
    TOTAL_WORDS_ZH,
    Concept,
)
from retrieval.scope import Mention, question_to_mentions, question_to_years

ROW_KINDS = ("row", "group", "t2row", "t4group")
COL_KINDS = ("col", "cols", "t2col", "t4col")
#: Words that say the question is about the text of the report, whatever it names.
TEXT_WORDS_ZH = ("正文", "文中", "文字部分", "报告里说", "报告中说", "提到", "描述", "表述", "说了", "信息处理费")
TEXT_WORDS_EN = ("the text", "narrative", "mention", "describe", "say about", "text of the report", "processing fee")
#: How a follow-up opens: it is about the reports of the turn before, whatever else it names.
FOLLOWUP_START = re.compile(r"^(其中|这其中|当中|那么|那|这些|这里面|里面|among (them|these|those)|of (them|these|those)|and\b|what about|how about)",
                            re.I)


@dataclass(frozen=True)
class Hit:
    concept: Concept
    start: int
    end: int
    weak: bool


@dataclass(frozen=True)
class Understanding:
    """What a question asks.

    ``intent``: figure, sum, compare, rank, change, list, narrative. ``rows`` are the table rows
    (or groups) asked about, ``col`` the column; ``mentions`` the bodies named; ``years`` the years
    named; ``followup`` whether it leaned on an earlier turn.
    """

    question: str
    lang: str
    intent: str
    rows: Tuple[Concept, ...] = ()
    col: Optional[Concept] = None
    mentions: Tuple[Mention, ...] = ()
    years: Tuple[int, ...] = ()
    year_positions: Tuple[Tuple[int, int], ...] = ()
    total_asked: bool = False
    fewer: bool = False
    followup: bool = False
    scope: Tuple[str, ...] = field(default=())  # report ids settled for this turn (for follow-ups)


def question_language(text: str) -> str:
    """Given a question, return "zh" when it holds Chinese characters, else "en"."""
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def normalize_question(text: str) -> str:
    """Given a question, return it with widths unified (「２０２３」, 「（）」) and white space folded."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@lru_cache(maxsize=None)
def _zh_term(term: str) -> "re.Pattern[str]":
    """A Chinese term as a pattern, compiled once (the lexicon has more terms than re's cache holds)."""
    return re.compile(re.escape(term))


@lru_cache(maxsize=None)
def _en_term(term: str) -> "re.Pattern[str]":
    """An English term as a whole-word pattern, compiled once."""
    return re.compile(rf"(?<![a-z]){re.escape(term)}(?![a-z])")


def _find_terms(q: str) -> List[Hit]:
    """Every lexicon term in the question, longest first, no two overlapping."""
    q_zh = q
    q_en = q.lower()
    found: List[Hit] = []
    for concept in ALL_CONCEPTS:
        for term in concept.zh:
            weak = term.startswith("~")
            t = term.lstrip("~")
            for m in _zh_term(t).finditer(q_zh):
                found.append(Hit(concept, m.start(), m.end(), weak))
        for term in concept.en:
            weak = term.startswith("~")
            t = term.lstrip("~")
            for m in _en_term(t).finditer(q_en):
                found.append(Hit(concept, m.start(), m.end(), weak))
    found.sort(key=lambda h: (-(h.end - h.start), h.weak, h.start))
    taken: List[Hit] = []
    for h in found:
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
    return sorted(taken, key=lambda h: h.start)


def _about_applications(q: str) -> bool:
    return "申请" in q or bool(re.search(r"\b(applications?|requests?)\b", q.lower()))


def _specific_rows(hits: Sequence[Hit]) -> List[Concept]:
    """The rows asked about: a row beats the group it belongs to; a lawsuit kind beats 「行政诉讼」."""
    rows = [h.concept for h in hits if h.concept.kind in ROW_KINDS]
    keys = {c.key for c in rows}
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
    ql = q.lower()
    return any(w in q for w in zh) or any(_en_term(w).search(ql) for w in en)


def understand(question: str, catalog: Sequence[CatalogEntry], before: Optional[Understanding] = None) -> Understanding:
    """Given a question, the loaded reports and the previous turn's understanding, return what it asks."""
    q = normalize_question(question)
    lang = question_language(q)
    hits = _find_terms(q)
    strong_rows = [h for h in hits if h.concept.kind in ROW_KINDS and not h.weak]
    apps = _about_applications(q)
    hits = [h for h in hits if not h.weak or (apps and not (h.concept.kind in ROW_KINDS and strong_rows))]
    rows = _specific_rows(hits)
    cols = [h.concept for h in hits if h.concept.kind in COL_KINDS]
    col = _pick_col(cols, rows)
    mentions = tuple(question_to_mentions(q, catalog))
    found_years = question_to_years(q)
    years = _report_years(found_years, rows)
    total = _has(q, TOTAL_WORDS_ZH, TOTAL_WORDS_EN)
    fewer = _has(q, ("更少", "最少", "较少"), ("fewer", "fewest", "less", "least"))
    base = Understanding(question=q, lang=lang, intent="figure", rows=tuple(rows), col=col, mentions=mentions,
                         years=tuple(y for y, _ in years), year_positions=tuple(years), total_asked=total, fewer=fewer)

    if _has(q, TEXT_WORDS_ZH, TEXT_WORDS_EN):
        return replace(base, intent="narrative")
    if rows and before is not None and FOLLOWUP_START.match(q) and not mentions:
        # 「其中本机关不掌握…的有几件？」 names its own row but asks of the same reports as before.
        base = replace(base, mentions=before.mentions, years=base.years or before.years,
                       year_positions=base.year_positions or before.year_positions, followup=True,
                       scope=before.scope if not base.years else ())
    if not rows:
        looks_followup = before is not None and before.intent != "narrative" and before.rows and (
            col is not None or _has(q, FOLLOWUP_ZH, FOLLOWUP_EN) and len(q) <= 40 or (years and len(q) <= 12))
        if before is not None and looks_followup and not _has(q, NARRATIVE_WORDS_ZH, NARRATIVE_WORDS_EN):
            return _followup(base, before)
        return replace(base, intent="narrative")
    if _has(q, NARRATIVE_WORDS_ZH, NARRATIVE_WORDS_EN) and not _has(q, ("多少", "几"), ("how many", "how much")):
        return replace(base, intent="narrative")
    intent = _intent(q, base, rows)
    if intent == "change":
        # "from 2023 to 2024": both ends of a change are reports.
        every = tuple((y, p) for y, p, _ in found_years)
        base = replace(base, years=tuple(y for y, _ in every), year_positions=every)
    return replace(base, intent=intent)


def _report_years(found: Sequence[Tuple[int, int, str]], rows: Sequence[Concept]) -> List[Tuple[int, int]]:
    """The years that pick reports: "carried over into 2024" is the 2024 report's 上年结转, while
    "carried forward into 2024" is the year before's; a year things go *into* is otherwise not the
    report's."""
    keys = {r.key for r in rows}
    into = [(y, p) for y, p, role in found if role == "into"]
    if "carried_over" in keys and into:
        return into
    return [(y, p) for y, p, role in found if role != "into" and not ("carried_over" in keys and role == "from")]


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


_CHANGE_RE = re.compile(r"比(?:上一?年度?|去年|(?:19|20)\d{2}\s*年?度?)|[多少](?:几|多少)|(?:增加|减少|增长|下降)了?(?:多少|几)|多还是少|"
                        r"相比.{0,12}(?:增加|减少|增长|下降|多|少)|how many (?:more|fewer)|how much (?:more|less)|"
                        r"\b(?:more|fewer|less) .{0,60}\bthan\b", re.I)


def _intent(q: str, u: Understanding, rows: Sequence[Concept]) -> str:
    bodies = len(u.mentions)
    years = len(set(u.years))
    which_year = bool(re.search(r"哪一?年|which year", q.lower()))
    if _has(q, RANK_WORDS_ZH, RANK_WORDS_EN) and not (bodies == 2):
        return "rank"
    # One body over two years is a change (「比2023年多几件」, 「2024年和2023年相比增加了多少」),
    # unless the question asks which year had more.
    changes = (_CHANGE_RE.search(q) or _has(q, CHANGE_WORDS_ZH, CHANGE_WORDS_EN)) and not (u.col and u.col.key == "change")
    if changes and bodies <= 1 and not which_year:
        return "change"
    if _has(q, COMPARE_WORDS_ZH, COMPARE_WORDS_EN) and (bodies >= 2 or years >= 2 or "两个" in q):
        return "compare"
    if changes:
        return "change"
    if _has(q, LIST_WORDS_ZH, LIST_WORDS_EN) and (bodies != 1 or years >= 2):
        return "list"
    if u.total_asked and (bodies >= 2 or years >= 2 or "两个" in q or "各" in q or "these" in q.lower()
                          or "both" in q.lower()):
        return "sum"
    if len(rows) > 1 or rows[0].kind == "group" or (u.col and u.col.kind == "cols"):
        return "sum"
    return "figure"


def _followup(u: Understanding, before: Understanding) -> Understanding:
    """A question that leans on the one before: its figure, with this question's column or year."""
    col = u.col if u.col is not None and _pick_col([u.col], before.rows) is not None else before.col
    if u.col is not None and _pick_col([u.col], before.rows) is None:
        col = before.col
    return replace(u, intent=before.intent if before.intent in ("figure", "sum") else "figure", rows=before.rows,
                   col=col, mentions=u.mentions or before.mentions, years=u.years or before.years,
                   year_positions=u.year_positions or before.year_positions, followup=True,
                   scope=before.scope if not u.mentions and not u.years else ())
