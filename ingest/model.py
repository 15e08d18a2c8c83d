"""What parsing a report produces: its cells, passages, checks and metadata.

These frozen dataclasses are what flows from ``ingest`` to ``index`` and ``retrieval``. Each carries
its provenance (page and box, or line, and the text it was read from) so that any figure shown to a
user can be cited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, Optional, Tuple, Union

from ingest.document import BBox

Number = Union[int, float]
CellStatus = Literal["ok", "missing", "ambiguous"]


@dataclass(frozen=True)
class Cell:
    """One template cell of one report.

    ``status`` is ``ok`` (``value`` is the printed figure), ``missing`` (the report does not show
    it: ``value`` is None, never 0) or ``ambiguous`` (the print cannot determine it: ``value`` is
    None and ``candidates`` lists the readings that fit, ``note`` says why).
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
    note: str = ""
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
    """A run of whole sentences from the narrative, sized for retrieval.

    ``start``/``end`` are character offsets into the document's text (``Document.text``); ``page``
    and ``line`` locate its first character, ``bbox`` the box of its lines on that page (PDF).
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
    """One arithmetic check of the figures; ``cells`` are the addresses involved."""

    check: str
    passed: bool
    detail: str
    cells: Tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """A parsed report: metadata, every template cell, passages, checks.

    ``id`` is derived from the file's content hash, so the same report under two names is the same
    report. ``warnings`` are sentences for the user about what could not be found.
    """

    id: str
    path: str
    sha256: str
    kind: str
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

    def cell(self, address: str) -> Cell:
        for c in self.cells:
            if c.address == address:
                return c
        raise KeyError(address)

    def cell_counts(self) -> dict:
        """How many cells are known, missing and ambiguous (the ``cells`` object of cli.md)."""
        out = {"known": 0, "missing": 0, "ambiguous": 0}
        for c in self.cells:
            out["known" if c.status == "ok" else c.status] += 1
        return out

    @property
    def ref(self) -> dict:
        """The short reference to this report that every cell and passage row carries (cli.md)."""
        return {"id": self.id, "agency": self.agency, "year": self.year}


def cell_to_row(cell: Cell, report: Report) -> dict:
    """Given a cell and its report, return the row of ``index cells --json`` (cli.md)."""
    d = asdict(cell)
    d["bbox"] = list(cell.bbox) if cell.bbox else None
    d["candidates"] = list(cell.candidates)
    return {"report": report.ref, **d}


def check_to_row(check: Check, report: Report) -> dict:
    """Given a check and its report, return the row of ``index checks --json`` (cli.md)."""
    return {"report": report.ref, "check": check.check, "passed": check.passed, "detail": check.detail,
            "cells": list(check.cells)}


def passage_to_row(passage: Passage, report: Report) -> dict:
    """Given a passage and its report, return its JSON row (the ``passages`` of an answer)."""
    d = asdict(passage)
    d["bbox"] = list(passage.bbox) if passage.bbox else None
    return {"report": report.ref, **d}
