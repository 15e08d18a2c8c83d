"""Blank cells the template's arithmetic settles.

A blank cell is not 0: the report shows no number there, and it stays missing (template.md). But a
blank can be settled by the figures printed around it. In 「二、上年结转 3 [blank] [blank] [blank]
[blank] [blank] 3」 the printed figures already add up to the printed total, and counts are never
negative, so each blank applicant cell can only be 0. Likewise in a column of table 3, where every
other cell of 本年新收 + 上年结转 = 办理结果总计 + 结转下年度 is printed and the identity holds without
the blank, the blank is 0. Such a cell is given as 0 with a note saying so.

Only a cell printed empty is settled: a mark (「/」, 「—」, 「无」) says the report shows no number
there, and is left missing. Nothing is ever settled to anything but 0: a blank 总计 beside non-zero
cells stays missing, as does any blank whose identity leaves another value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Dict, List, Sequence, Set, Tuple

from ingest.checks import printed_t3_rows
from ingest.template import T3_COLS, T4_COLS, T4_GROUPS, Format
from model import Cell, Note, NoteCode

__all__ = ["Identity", "format_to_identities", "settle_blanks"]


@dataclass(frozen=True)
class Identity:
    """One of the template's identities: the cells of ``left`` add up to the cells of ``right``.

    ``code`` is the note a blank settled by it carries: by a row's (or a group's) total, or by the
    column identities of table 3."""

    left: Tuple[str, ...]
    right: Tuple[str, ...]
    code: NoteCode


def format_to_identities(fmt: Format, cells: Dict[str, Cell]) -> List[Identity]:
    """Given a format and the report's cells (to know the rows it prints), return the identities
    of checks 1–4 (template.md) over its cells: each table-3 row's applicant columns to its total,
    each table-4 group to its total, and table 3's two column identities in every column."""
    rows = printed_t3_rows(fmt, cells)
    out: List[Identity] = []
    for spec in rows:
        out.append(Identity(tuple(spec.address(c) for c in T3_COLS[:-1]), (spec.address("total"),),
                            "blank_zero_by_total"))
    for group in T4_GROUPS:
        out.append(Identity(tuple(f"t4.{group}.{c}" for c in T4_COLS[:-1]), (f"t4.{group}.total",),
                            "blank_zero_by_total"))
    results = [s.key for s in rows if s.group in ("results", "denied", "unavailable", "not_processed", "other")
               and s.key != "total_handled"]
    for col in T3_COLS:
        out.append(Identity((f"t3.new.{col}", f"t3.carried_over.{col}"),
                            (f"t3.total_handled.{col}", f"t3.carried_forward.{col}"), "blank_zero_by_columns"))
        out.append(Identity(tuple(f"t3.{r}.{col}" for r in results), (f"t3.total_handled.{col}",),
                            "blank_zero_by_columns"))
    return out


def settle_blanks(cells: Dict[str, Cell], empty: Set[str], identities: Sequence[Identity]) -> Dict[str, Cell]:
    """Given a report's cells by address, the addresses of cells printed empty, and the template's
    identities, return the cells with every empty cell the identities settle as 0 given as 0.

    An identity settles its empty cells when every other cell in it is a figure and the figures
    already balance: the empty cells on one side then add up to nothing, and counts are never
    negative, so each is 0. A cell settled by one identity may let another settle more; the rules
    run until nothing changes. A cell on both sides' blanks, or a side that would need more than 0,
    is left missing.
    """
    out = dict(cells)
    open_ = {a for a in empty if a in out and out[a].status == "missing"}
    changed = True
    while changed and open_:
        changed = False
        for ident in identities:
            blank_left = [a for a in ident.left if a in open_]
            blank_right = [a for a in ident.right if a in open_]
            if not blank_left and not blank_right or blank_left and blank_right:
                continue
            others = [a for a in ident.left + ident.right if a not in open_]
            if any(a not in out or out[a].status != "ok" or out[a].value is None for a in others):
                continue
            left = sum(out[a].value for a in ident.left if a not in open_)  # type: ignore[misc]
            right = sum(out[a].value for a in ident.right if a not in open_)  # type: ignore[misc]
            if abs(left - right) > 1e-9:
                continue
            for a in blank_left + blank_right:
                c = out[a]
                out[a] = replace(c, status="ok", value=0, notes=_without_blank(c.notes) + (Note.of(ident.code),))
                open_.discard(a)
                changed = True
    return out


def _without_blank(notes: Sequence[Note]) -> Tuple[Note, ...]:
    """A settled cell's notes but the plain 「blank cell」 one (its own note says it was blank)."""
    return tuple(n for n in notes if n.code != "blank")
