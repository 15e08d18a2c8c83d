"""The query: what a question asks, closed and typed, with every word it came from accounted for.

``retrieval.understand.understand`` is the one reader of a question's words. It returns a frozen
:class:`Query` — an intent from :class:`Intent`, the template measures asked (rows, a column, a
ratio's base, what is taken away), the bodies (catalog entries) and years named, each with the
span of the words it came from, and the words no span accounts for. Everything after it — the
answer engine (``retrieval.answer``), the combinations (``retrieval.combine``), the narrative search
(``retrieval.narrative``) and the claim check — works on queries and never reads the question
again: a question with words left over that ask for something is asked back or answered with
what cannot be given, never with a nearby figure.

A compound question (「收了多少、办完多少、结转多少」, "how many received, and how many granted in
full?", two bodies' figures each) is one query of intent ``PARTS`` whose ``parts`` are each a
query of one thing asked; the answer answers each and says why for any it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Optional, Tuple

from model import CatalogEntry


class Intent(str, Enum):
    """What a question asks to be done with the figures it names. Each has one handler in
    ``retrieval.answer`` (``HANDLERS``): a new intent is one member here and one function there."""

    FIGURE = "figure"  # one figure of one report
    SUM = "sum"  # several cells, rows, columns, years or bodies added
    DIFFERENCE = "difference"  # two bodies' figures, one less the other
    SUBTRACT = "subtract"  # one report's figure less others of it («办结总数减去…»)
    CHANGE = "change"  # one body's figure between two years, as a count
    GROWTH = "growth"  # the same, in percent
    RATIO = "ratio"  # a share of a named base
    RANK = "rank"  # bodies (or years) ordered by a figure
    COMPARE = "compare"  # which of several is larger
    LIST = "list"  # each body's, year's or column's figure, one a line
    TEXT = "narrative"  # what the report's text says
    PARTS = "parts"  # several things asked at once: see ``Query.parts``


@dataclass(frozen=True)
class Span:
    """Where in the (normalised) question a word stands, and what it was taken as: ``body``,
    ``year``, ``measure``, ``intent``, ``unsupported``, ``text`` (a word an English question's search
    of the report's text reads through the glossary), ``function`` (a word that asks for nothing:
    「请问」, 「的」, "the") or ``leftover`` (a word nothing accounts for)."""

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class Mention:
    """A body the question names: the loaded reports of that body, its name as the reports print
    it, and where in the question it stands (``position`` to ``end``)."""

    agency: str
    reports: Tuple[CatalogEntry, ...]
    position: int
    end: int = -1
    #: The place core the body was named by when the question named its place alone (「广东」 of
    #: 「广东的单位」, no department): "" when its department was named too, or its name in full.
    by_place: str = ""

    @property
    def key(self) -> str:
        """The body's catalog key (the same across years and printed names)."""
        return self.reports[0].body if self.reports else ""


@dataclass(frozen=True)
class Concept:
    """A thing a question can ask about: a template row, a group of rows, a column, a table-4 group.

    A term written with a leading ``~`` is weak: it names the concept only in a question about
    information-disclosure applications (「收到」 is a row of table 3 in 「收到几件申请」, not in
    「信箱收到多少封来信」).

    ``key`` is the address part (``partial``, ``denied``, ``natural_person``); ``kind`` is
    ``row`` (table 3), ``group`` (a sum of table-3 rows), ``col`` (table-3 column), ``cols`` (a sum
    of columns), ``t2row``, ``t2col``, ``t4group``, ``t4col``.
    """

    kind: str
    key: str
    zh: Tuple[str, ...]
    en: Tuple[str, ...] = ()
    label_zh: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class TextAsk:
    """What an answer from the report's text must find, read from the question once: whether a
    figure is asked, the words naming what is counted (``heads``: 「粉丝数」), the whole phrase after
    the question word (``phrase``), the verb asked (「注销」), the counter asked (「条」), whether money,
    people or a share is asked, whether the question is about problems and improvements (section
    五), and the question's own words to search with (``focus``) and its search text."""

    figure: bool = False
    heads: Tuple[str, ...] = ()
    phrase: str = ""
    verb: str = ""
    unit: Optional[str] = None
    money: bool = False
    people: bool = False
    share: bool = False
    problems: bool = False
    english: bool = False
    #: Whether the question counts disclosure applications (「依申请」, "requests"): a sentence about
    #: something else (网民留言) does not answer it.
    applications: bool = False
    search_text: str = ""
    focus: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    """What a question asks (see the module's docstring).

    ``rows`` are the table rows (or groups) asked about, ``col`` the column; ``mentions`` the
    bodies named; ``years`` the years named (``year_positions`` with where each stands);
    ``followup`` whether it leaned on an earlier turn; ``scope`` the reports settled for this turn.
    """

    question: str
    lang: str
    intent: Intent
    rows: Tuple[Concept, ...] = ()
    col: Optional[Concept] = None
    mentions: Tuple[Mention, ...] = ()
    years: Tuple[int, ...] = ()
    year_positions: Tuple[Tuple[int, int], ...] = ()
    total_asked: bool = False
    fewer: bool = False
    followup: bool = False
    scope: Tuple[str, ...] = field(default=())
    #: Bodies the question names whose reports are not loaded (「淮阴区」, "the Jiangsu provincial government").
    unloaded: Tuple[str, ...] = ()
    #: Words asking for a breakdown the template does not have (「网上」, "average days").
    unsupported: Tuple[str, ...] = ()
    #: A ratio's denominator: the row (its total) the figure is a share of; None when the question
    #: does not say and no default holds (「新收申请占比多少」: a share of what?).
    denominator: Optional[Concept] = None
    #: The place a rank asks for (「排第二的」: 2), 0 for the top or the whole ranking.
    ordinal: int = 0
    #: Whether the question asks for an order (「最高的是哪家」, "the lowest share"), whatever its figure.
    ranked: bool = False
    #: How many bodies or reports the question says it is about (「这两个单位」: 2), 0 if it does not.
    count: int = 0
    #: Where the vocabulary's terms stand in the (normalised) question.
    term_spans: Tuple[Tuple[int, int], ...] = ()
    #: What is taken away from ``rows`` (「办结总数减去予以公开和部分公开的」): rows minus these, in one report.
    minus: Tuple[Concept, ...] = ()
    #: Whether the question asks which year (「哪一年最多」): every year of a body is then in play.
    which_year: bool = False
    #: A place named alone that names several loaded bodies (「广东的单位里」): the division (广东省), and
    #: the loaded bodies inside it that its name does not hold (广州市…, 白云区…) — whether they are
    #: meant is for the asker to say.
    division: str = ""
    beneath: Tuple[Mention, ...] = ()
    #: Whether the question asks which body (「哪家最多」, 「…的单位里」, "which agency"): with no body
    #: named, across every report in scope.
    which_body: bool = False
    #: Every span of the question and what it was taken as; the words no span accounts for.
    spans: Tuple[Span, ...] = ()
    leftover: Tuple[Span, ...] = ()
    #: The parts of a compound question (intent ``PARTS``), each a query of one thing asked.
    parts: Tuple["Query", ...] = ()
    #: What an answer from the report's text must find.
    ask: TextAsk = TextAsk()
    #: A ranking within one report's table 3 (「哪类申请人最多」): "applicants" (its columns) or
    #: "outcomes" (the rows of its results), "" when the ranking is of bodies or years.
    ranked_over: str = ""
    #: A yes-or-no threshold the figure is asked against (「有没有超过10件」: (">", 10)), None when none.
    threshold: Optional[Tuple[str, Decimal]] = None
    #: Places written with a character of the same sound (「番禹」 read as 番禺): (as written, as read).
    readings: Tuple[Tuple[str, str], ...] = ()
    #: A unit of money the question asks in (「多少万元」, "in yuan"), "" when none.
    unit: str = ""
    #: Whether the question asks about the report's text in so many words (「正文说」, "the narrative").
    text_asked: bool = False
    #: How many of the latest loaded years the question asks for (「近两年」: 2), 0 when it names them.
    recent: int = 0
    #: Ranges of years the question names (「2021至2023年」: (2021, 2023)): every year in them is asked.
    year_ranges: Tuple[Tuple[int, int], ...] = ()
    #: The words a question's own qualifiers left over (「清理后集中发布的」), which a table figure
    #: does not account for: the answer looks for them in the report's text, else asks.
    qualifiers: Tuple[str, ...] = ()
