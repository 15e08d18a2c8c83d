"""Citations as data: an answer is an object holding the cells and passages it rests on and the
warnings a reader must see; its prose is built from them, so a figure in the prose always has a
citation behind it. The page renders these, the CLI serialises them (``cli.serialize``), the tests
assert on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional, Tuple

from model import Cell, Number, Passage, ReportRef, Value

AnswerStatus = Literal["answered", "missing", "ambiguous", "no_match", "clarify"]
WarningKind = Literal["check_failed"]


@dataclass(frozen=True)
class CellCitation:
    """A table cell an answer rests on, with its report: the stored cell, unchanged."""

    report: ReportRef
    cell: Cell

    @property
    def address(self) -> str:
        return self.cell.address

    @property
    def value(self) -> Optional[Number]:
        """The figure, when the cell has one (``None`` for a missing or ambiguous cell)."""
        return self.cell.value if self.cell.status == "ok" else None


@dataclass(frozen=True)
class PassageCitation:
    """A passage an answer quotes or rests on, with the sentence in it that answers (if one does)."""

    report: ReportRef
    passage: Passage
    score: float
    kind: str = "text"  # "text" (narrative) or "table" (a table row said as a sentence)
    sentence: Optional[str] = None

    @property
    def highlight(self) -> Optional[Tuple[int, int]]:
        """Where the answering sentence stands in the passage's text, if it does."""
        if not self.sentence:
            return None
        i = self.passage.text.find(self.sentence)
        return (i, i + len(self.sentence)) if i >= 0 else None


@dataclass(frozen=True)
class Warning:
    """Why a figure given should not be taken at face value: ``check_failed`` — its report's own
    arithmetic contradicts a cell it rests on (``detail`` shows the arithmetic)."""

    kind: WarningKind
    detail: str
    report: ReportRef
    cells: Tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """An answer: the status, the reply a person reads, the headline figure when one is asked for,
    and every cell, passage and warning it rests on (cli.md's answer object)."""

    question: str
    status: AnswerStatus
    answer: str
    value: Optional[Value] = None
    cells: Tuple[CellCitation, ...] = ()
    passages: Tuple[PassageCitation, ...] = ()
    warnings: Tuple[Warning, ...] = ()
    intent: str = ""
    scope: Tuple[ReportRef, ...] = ()  # the reports the question was limited to, when it was
    #: The exact figures a computed value is made of: a share's part and whole, a change's earlier
    #: and later figure (the value itself is rounded as the reports print shares: 44.7).
    operands: Tuple[Number, ...] = ()
