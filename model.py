"""What flows between the stages: a report, its cells, passages and checks, the reference every
citation carries, and what the store gives back.

These frozen dataclasses are the one shape each stage hands the next (``ingest`` makes them,
``index`` keeps them, ``retrieval`` and the orchestration layer read them); no stage imports
another's internals to learn a shape. Each carries its provenance — page and box, or line, and the
text it was read from — so any figure shown to a user can be cited. Type aliases live here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Dict, Iterable, Literal, Optional, Tuple, Union

#: (x0, top, x1, bottom) in PDF points, origin at the page's top-left, as pdfplumber gives them.
BBox = Tuple[float, float, float, float]
#: A figure as printed: a whole number, or a decimal kept to its printed digits (「18651.06」 is
#: Decimal("18651.06"), never a float that a display would round). Figures the product computes
#: (shares, percentages) are floats and are never stored as cells.
Number = Union[int, Decimal]
#: A figure an answer gives: a printed one, or one the product computed (a share, a change in percent).
Value = Union[int, Decimal, float]
CellStatus = Literal["ok", "missing", "ambiguous"]
#: How a report file was read.
SourceKind = Literal["pdf", "html", "text", "docx", "doc"]
#: Why a cell reads as it does (``phrasing.note_text`` says each in Chinese and English).
NoteCode = Literal[
    "not_printed",  # the report does not print the row
    "table4_not_printed",  # the report does not print table 4
    "one_row_variant",  # the report prints （六）其他处理 as one row (args: group)
    "blank",  # a blank cell in the print
    "blank_zero_by_total",  # blank in the print, 0 because the row's printed figures already add up to its total
    "blank_zero_by_columns",  # blank in the print, 0 because table 3's column identities leave it nothing
    "by_position",  # figures placed by the columns they stand in (text laid out with spaces)
    "header_order",  # columns read in the order the header prints them
    "glued_split",  # glued figures split by the row's arithmetic (args: glued)
    "glued_split_columns",  # ... by the row's and the columns' arithmetic (args: glued)
    "glued_split_narrative",  # ... by figures the narrative states (args: glued, stated)
    "glued_stray_spaces",  # glued with stray spaces, split by the row's arithmetic (args: glued)
    "glued_ways",  # glued figures that split several ways (args: glued, ways)
    "glued_ways_columns",  # ... several ways that add up in the columns too (args: glued, ways)
    "glued_ways_narrative",  # ... several ways that give the narrative's figures (args: glued, ways, stated)
    "glued_no_split",  # glued figures that no split makes add up (args: glued)
    "count",  # more or fewer figures than columns (args: shown, width)
    "not_a_number",  # a figure that cannot be read as a number
    "printed_twice",  # the row printed several times with different figures (args: times)
    "misread_confirmed",  # letters printed for digits, read as digits, the arithmetic holds (args: shown)
    "misread_unconfirmed",  # letters printed for digits the arithmetic cannot confirm (args: shown)
    "ocr_check_failed",  # read by OCR, in a check that fails (args: value, detail)
    "ocr_blank",  # OCR read no figure in a printed row's cell
    "not_in_format",  # the report's format has no such cell
]


@dataclass(frozen=True)
class Note:
    """One reason a cell reads as it does: a code and its particulars (the glued digits as printed…)."""

    code: NoteCode
    args: Tuple[Tuple[str, str], ...] = ()

    def arg(self, name: str) -> str:
        """The particular named ``name``, or "" when the note has none."""
        return dict(self.args).get(name, "")

    @staticmethod
    def of(code: NoteCode, **args: object) -> "Note":
        """A note with its particulars given as keywords (each kept as text)."""
        return Note(code, tuple((k, str(v)) for k, v in args.items()))


@dataclass(frozen=True)
class ReportRef:
    """The short reference to a report that every cell, passage, check, hit and citation carries."""

    id: str
    agency: Optional[str]
    year: Optional[int]


@dataclass(frozen=True)
class Cell:
    """One template cell of one report.

    ``status`` is ``ok`` (``value`` is the printed figure), ``missing`` (the report does not show
    it: ``value`` is None, never 0) or ``ambiguous`` (the print cannot determine it: ``value`` is
    None and ``candidates`` lists the readings that fit; ``notes`` say why).
    ``row_label`` is the label as printed (with its group, e.g. 「（三）不予公开 1.属于国家秘密」);
    ``col_label`` is the template's column label. ``unit`` is the unit printed beside the figure
    when the print gives one (「13575394432.52元」); else the column's own unit applies. ``ocr`` is
    True when the cell was read by OCR from a scanned page: its figure may be misread, which the
    checks are the defence against (a figure read by OCR whose row or column does not add up is
    never given as ``ok``).
    """

    address: str
    status: CellStatus
    value: Optional[Number]
    table: str
    row_label: str
    col_label: str
    page: Optional[int] = None
    bbox: Optional[BBox] = None
    line: Optional[int] = None
    source_text: str = ""
    notes: Tuple[Note, ...] = ()
    candidates: Tuple[Number, ...] = ()
    unit: str = ""
    ocr: bool = False


@dataclass(frozen=True)
class Section:
    """A numbered section 一 to 六 as found in the report; ``start``/``end`` index its rows."""

    number: int
    heading: str
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """A run of whole sentences from the narrative (or a table row said as a sentence), sized for
    retrieval.

    ``start``/``end`` are character offsets into the report's text; ``page`` and ``line`` locate its
    first character, ``bbox`` the box of its lines on that page (PDF).
    """

    n: int
    section: str
    section_number: int
    text: str
    page: int
    line: Optional[int]
    start: int
    end: int
    bbox: Optional[BBox] = None
    subsection: str = ""


@dataclass(frozen=True)
class Check:
    """One arithmetic check of the figures; ``cells`` are the addresses involved (check 5 names the
    cells of two years as ``YEAR:address``)."""

    check: str
    passed: bool
    detail: str
    cells: Tuple[str, ...]


@dataclass(frozen=True)
class CellCounts:
    """How many of a report's cells are known, missing and ambiguous (the ``cells`` of cli.md)."""

    known: int = 0
    missing: int = 0
    ambiguous: int = 0


def statuses_to_counts(statuses: Iterable[str]) -> CellCounts:
    """Given cell statuses, return how many are known, missing and ambiguous."""
    n: Dict[str, int] = {"ok": 0, "missing": 0, "ambiguous": 0}
    for s in statuses:
        n[s] = n.get(s, 0) + 1
    return CellCounts(n["ok"], n["missing"], n["ambiguous"])


@dataclass(frozen=True)
class Report:
    """A parsed report: metadata, every template cell, passages, checks.

    ``id`` is derived from the file's content hash, so the same report under two names is the same
    report. ``warnings`` are sentences for the user about what could not be found or was put right.
    """

    id: str
    path: str
    sha256: str
    kind: SourceKind
    agency: Optional[str]
    year: Optional[int]
    format: str
    pages: int
    title: str
    sections: Tuple[Section, ...]
    cells: Tuple[Cell, ...]
    passages: Tuple[Passage, ...]
    checks: Tuple[Check, ...]
    text: str = field(default="", repr=False)
    warnings: Tuple[str, ...] = ()
    #: The title (whose body's name is ``agency``) was read by OCR from a scan: the name may be
    #: misread, which other reports of the body can settle.
    title_ocr: bool = False

    def cell(self, address: str) -> Cell:
        for c in self.cells:
            if c.address == address:
                return c
        raise KeyError(address)

    def cell_counts(self) -> CellCounts:
        """How many cells are known, missing and ambiguous."""
        return statuses_to_counts(c.status for c in self.cells)

    @property
    def ref(self) -> ReportRef:
        return ReportRef(self.id, self.agency, self.year)


class _Referenced:
    """Gives a record that holds its report's ``ref`` that report's id, body and year as its own."""

    ref: ReportRef

    @property
    def id(self) -> str:
        return self.ref.id

    @property
    def agency(self) -> Optional[str]:
        return self.ref.agency

    @property
    def year(self) -> Optional[int]:
        return self.ref.year


@dataclass(frozen=True)
class StoredReport(_Referenced):
    """A report as the store lists it: its reference and metadata, its counts, not its rows."""

    ref: ReportRef
    path: str
    sha256: str
    kind: SourceKind
    format: str
    pages: int
    title: str
    ingested_at: str
    embedded_with: Optional[str]
    cells: CellCounts
    checks_failed: int
    passages: int
    warnings: Tuple[str, ...]


@dataclass(frozen=True)
class CatalogEntry(_Referenced):
    """A stored report as a question's scope sees it: its reference, format and kind of file."""

    ref: ReportRef
    format: str = "2021"
    kind: str = "text"
    #: The key of the body that published it, the same across years however its name is printed
    #: (``ingest.bodies_to_keys``; set by whoever groups reports by body).
    body: str = ""


@dataclass(frozen=True)
class Hit:
    """One passage found by search, with its place in each ranking (None: not found by that one)."""

    report: ReportRef
    passage: Passage
    kind: str  # "text" (the narrative) or "table" (a table row said as a sentence)
    score: float
    lexical_rank: Optional[int]
    dense_rank: Optional[int]


@dataclass(frozen=True)
class ReportCell:
    """A stored cell with the reference of its report (what the store lists)."""

    report: ReportRef
    cell: Cell


@dataclass(frozen=True)
class ReportCheck:
    """A check run on a report's figures, with the reference of its report."""

    report: ReportRef
    check: Check
