"""Claims: the figures a piece of text states, each with what it counts, whom it is about, and the
query it is checked by.

The text is read by the understanding (``retrieval.understand.clauses``): each figure with its
clause, the body and year named before it, the figure 「其中」 breaks down, and the query made of
them — a :class:`retrieval.query.Query` whose intent the text's own arithmetic sets (a figure, a
share of a base, a change or growth between the years the text compares, the sum of the parts it
adds up). A :class:`Claim` is that figure as the text states it, with the query and how a reader is
told what was looked up (``question``: a description of the query, not a question to parse). The
verdicts (``retrieval.verdicts``) answer each query with the answer engine
(``retrieval.answer.answer_query``), limited to the reports of the body named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from model import CatalogEntry
from phrasing import say
from retrieval.query import Intent, Query
from retrieval.understand.clauses import text_to_figures
from retrieval.understand.numerals import Quantity

#: The longest text taken for a check, in characters (a long article; a whole report is too much).
MAX_CLAIM_TEXT_CHARS = 20_000


@dataclass(frozen=True)
class Claim:
    """A figure stated in a text, and the query it is checked by.

    ``span`` is where the figure stands in the text, its qualifier and unit included (「超过660次」);
    ``sentence`` and ``sentence_span`` the sentence around it. ``quantity`` is the figure as read
    (value, unit, qualifier, precision). ``clause`` holds the words that say what it counts.
    ``query`` is what the reports are asked, ``follows`` the query of the figure it breaks down
    (「其中」: an earlier turn, as in a conversation), ``parts`` the sum of the parts the text itself
    breaks the figure into ("123 requests: 122 new ones plus 1 left over": a second reading, said
    beside the first), and ``report_ids`` the reports it is limited to: those of the body the claim
    is about, all its years (empty: every report in scope). ``body`` is that body — as its reports
    print it when ``loaded``, as the text names it when not — or "" when the text names none;
    ``year`` the year the text gives it (None: none); ``falls`` whether the text states a change as
    a fall.
    """

    text: str
    span: Tuple[int, int]
    sentence: str
    sentence_span: Tuple[int, int]
    quantity: Quantity
    clause: str
    query: Query
    report_ids: Tuple[str, ...]
    body: str
    loaded: bool
    year: Optional[int]
    lang: str
    follows: Optional[Query] = None
    parts: Optional[Query] = None
    falls: bool = False
    #: The two shares a change in percentage points is between (「回落2.5个百分点」), earlier first.
    between: Tuple[Query, ...] = ()

    @property
    def figure(self) -> float:
        """The figure as stated, its multiplier applied (「1.2万件」: 12000)."""
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit

    @property
    def question(self) -> str:
        """What the reports were asked for this figure, as a reader is told it."""
        if len(self.between) == 2:
            first, second = (query_text(q, self.lang) for q in self.between)
            return say(self.lang, f"{second} 减去 {first}（百分点）", f"{second} less {first} (percentage points)")
        return query_text(self.query, self.lang)

    @property
    def after(self) -> Tuple[str, ...]:
        """What the figure leans on (the figure 「其中」 breaks down), as a reader is told it."""
        return (query_text(self.follows, self.lang),) if self.follows is not None else ()

    @property
    def parts_question(self) -> str:
        """The sum of the parts the text breaks the figure into, as a reader is told it ("" when none)."""
        return query_text(self.parts, self.lang) if self.parts is not None else ""


def query_text(query: Query, lang: str) -> str:
    """Given a query and a language, return what it asks as a reader is told it: the body and
    years, the measure by its template labels, and what is done with it (a share of what, a change
    between which years) — 「平潭综合实验区 2025年：新收申请（总计）比2023年的增长幅度」."""
    who = "、".join([m.agency for m in query.mentions] + list(query.unloaded))
    years = sorted(set(query.years))
    zh = lang == "zh"
    measure = ("＋" if zh else " + ").join((r.label_zh if zh else r.label_en) for r in query.rows)
    if query.col is not None:
        col = query.col.label_zh if zh else query.col.label_en
        measure = f"{measure}（{col}）" if zh and measure else f"{measure} ({col})" if measure else col
    if query.minus:
        measure += ("减去" if zh else " less ") + ("＋" if zh else " + ").join((r.label_zh if zh else r.label_en) for r in query.minus)
    words = query.question
    if query.intent == Intent.TEXT or not measure:
        what = say(lang, f"报告正文中“{words}”的数字", f"the figure the report's text gives for “{words}”")
    elif query.intent == Intent.RATIO:
        base = query.denominator
        what = say(lang, f"{measure}占{base.label_zh if base else '（未说明）'}的比例",
                   f"{measure} as a share of {base.label_en if base else '(not said)'}")
    elif query.intent in (Intent.GROWTH, Intent.CHANGE):
        kind = say(lang, "增减幅度（%）" if query.intent == Intent.GROWTH else "增减数量",
                   "percentage change" if query.intent == Intent.GROWTH else "change")
        span = say(lang, f"{years[-1]}年比{years[0]}年的", f" from {years[0]} to {years[-1]}") if len(years) >= 2 else \
            say(lang, "比上一年的", " on the year before")
        what = f"{measure}{span}{kind}" if zh else f"{kind} of {measure}{span}"
        years = years[-1:]
    elif query.intent == Intent.SUM and len(query.rows) > 1:
        what = say(lang, f"{measure}之和", f"the sum {measure}")
    else:
        what = measure
    when = ("、".join(f"{y}年" for y in years) if zh else ", ".join(map(str, years)))
    head = " ".join(p for p in (who, when) if p)
    return f"{head}：{what}" if zh and head else f"{head}: {what}" if head else what


def text_to_claims(text: str, catalog: Sequence[CatalogEntry], report_ids: Optional[Sequence[str]] = None) -> List[Claim]:
    """Given a text, the loaded reports and an optional scope, return every figure the text states
    as a claim with its query, in order. Years, dates, ordinals, phone and document numbers are
    not claims (``retrieval.understand.numerals``)."""
    out = []
    for f in text_to_figures(text, catalog, report_ids):
        q = f.quantity
        a, z = f.sentence_span
        out.append(Claim(text=text[q.start:q.end], span=(q.start, q.end), sentence=text[a:z].strip(), sentence_span=(a, z),
                         quantity=q, clause=f.clause, query=f.query, report_ids=f.report_ids, body=f.body, loaded=f.loaded,
                         year=f.year, lang=f.lang, follows=f.follows, parts=f.parts, falls=f.falls, between=f.between))
    return out


def claims_by_sentence(claims: Sequence[Claim]) -> Dict[Tuple[int, int], List[Claim]]:
    """Given claims, return them grouped by the sentence they stand in, in order."""
    out: Dict[Tuple[int, int], List[Claim]] = {}
    for c in claims:
        out.setdefault(c.sentence_span, []).append(c)
    return out
