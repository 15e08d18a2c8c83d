"""Citations as data: the ``cells`` and ``passages`` objects of an answer (cli.md), and the answer itself.

The chat page renders these and the tests assert on them; the answer's prose is built from them, so
a figure in the prose always has a citation behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from ingest.model import Cell, Passage


def cell_citation(ref: dict, cell: Cell) -> dict:
    """Given a report reference and a cell, return the cell's citation object."""
    return {"report": ref, "address": cell.address, "table": cell.table, "row_label": cell.row_label,
            "col_label": cell.col_label, "value": cell.value if cell.status == "ok" else None, "status": cell.status,
            "page": cell.page, "bbox": list(cell.bbox) if cell.bbox else None, "line": cell.line,
            "source_text": cell.source_text, "note": cell.note, "candidates": list(cell.candidates), "ocr": cell.ocr}


def passage_citation(ref: dict, passage: Passage, score: float, sentence: Optional[str] = None,
                     kind: str = "text") -> dict:
    """Given a report reference and a passage, return its citation, with the answering sentence marked."""
    out = {"report": ref, "section": passage.section, "page": passage.page, "line": passage.line,
           "text": passage.text, "score": round(float(score), 4), "n": passage.n, "kind": kind,
           "bbox": list(passage.bbox) if passage.bbox else None, "start": passage.start, "end": passage.end}
    if sentence:
        i = passage.text.find(sentence)
        out["sentence"] = sentence
        out["highlight"] = [i, i + len(sentence)] if i >= 0 else None
    return out


@dataclass
class Answer:
    """An answer as cli.md shapes it."""

    question: str
    status: str
    answer: str
    value: Optional[float] = None
    cells: List[dict] = field(default_factory=list)
    passages: List[dict] = field(default_factory=list)
    intent: str = ""

    def to_json(self) -> dict:
        v = self.value
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return {"question": self.question, "status": self.status, "answer": self.answer, "value": v,
                "cells": self.cells, "passages": self.passages, "intent": self.intent}


def fmt_number(v) -> str:
    """A figure as a person writes it: 4, 4863.52, -2."""
    if v is None:
        return "—"
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"
