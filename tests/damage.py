"""Damaged text of the gold reports, and what a parser that knows the template can still read in it.

``/work/shared/domain/template.md`` ends with what text extraction does to the three tables: a
crawler saves a portal page as one line with every table flattened and its digits glued, conversion
tools split tables into pieces, page breaks leave repeated headers and footers inside a table,
reports misprint labels and print marks in blank cells. Each generator here takes a report as a
:class:`reportgen.ReportSpec` and a seed and prints the report with one kind of damage. It returns
the text and, for every template cell, an :class:`Expectation`: the figure, no figure, the figure or
"ambiguous", worked out from the damaged text itself.

Like reportgen, this module must not import the product (``ingest``, ``index``, ``retrieval``):
what a glued run of digits can mean is worked out here by its own arithmetic, so that a mistake of
the parser's cannot hide in a helper both share.

Usage::

    python tests/damage.py seed_guangdong_2023 one_line_glued 0     # print one damaged text
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Callable, Collection, Iterator, Literal, Mapping, Optional, Sequence, Union

from reportgen import (
    FIXTURES,
    T2_BLOCKS,
    T3_COLUMNS,
    T3_NOTE,
    T3_ORG_LABELS,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    TABLE_SECTIONS,
    ReportSpec,
    Value,
    format_value,
    printed_cells,
    spec_from_seed,
    template_addresses,
)

Number = Union[int, float]
Kind = Literal["exact", "maybe_ambiguous", "undetermined", "absent"]

#: Gold folders the tests run through the generators; a missing folder is skipped (CI may run
#: without /work/shared).
GOLD_DIRS = (FIXTURES / "gold", FIXTURES / "heldout" / "gold", FIXTURES / "dev" / "gold",
             FIXTURES / "unseen" / "gold", FIXTURES / "set18" / "gold", Path("/work/shared/dev/gold"))

#: What reports print in a cell that has no figure (template.md: "marks instead of numbers").
MARKS = ("/", "—", "-", "无", "——")


# --------------------------------------------------------------------------------------------------
# What a damaged text lets a parser read
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expectation:
    """What a parser that knows the template can read for one cell of a damaged text.

    ``exact``: ``value`` with status ok. ``maybe_ambiguous``: ``value`` with status ok, or status
    ambiguous: the row's glued digits read several ways, and the columns' arithmetic or the
    narrative may or may not settle it. ``undetermined``: the row's print cannot tell the cell (its
    glued digits fit no reading of the row), so no wrong number: ``value`` (the narrative may give
    it) or no number. ``absent``: no number (status missing or ambiguous): the report shows none.
    ``why`` says which part of the text decides it.
    """

    kind: Kind
    value: Value = None
    why: str = ""

    def accepts(self, status: str, value: Optional[Number]) -> bool:
        """Given a parsed cell's status and value, return whether this expectation allows them."""
        right = status == "ok" and value is not None and _same_number(value, self.value)
        if self.kind == "exact":
            return right
        if self.kind == "maybe_ambiguous":
            return right or status == "ambiguous"
        if self.kind == "undetermined":
            return right or status != "ok"
        return status != "ok"

    def describe(self) -> str:
        """Return the expectation as a reader of a failing test wants it."""
        return {"exact": f"{self.value}",
                "maybe_ambiguous": f"{self.value} or ambiguous",
                "undetermined": f"{self.value} or no figure",
                "absent": "no figure"}[self.kind]


@dataclass(frozen=True)
class Damaged:
    """A damaged text of one report and what can be read in it.

    ``expect`` has every template address of the report's format (``extra`` the cells of a variant
    row the text prints instead of some of them). ``agency_typos`` is how many
    characters of the body's name the text's title misprints (the parsed name may be that far from
    gold); ``notes`` say what the generator did, for a failing test's message.
    """

    generator: str
    seed: int
    text: str
    expect: Mapping[str, Expectation]
    agency_typos: int = 0
    notes: tuple[str, ...] = ()
    #: Cells the text prints beyond gold's addresses: a 2021 report's （六）其他处理 printed as one
    #: row (``t3.other.<col>``), its figure the sum of gold's three sub-rows.
    extra: Mapping[str, Expectation] = field(default_factory=dict)


def _same_number(a: Number, b: Value) -> bool:
    return b is not None and abs(float(a) - float(b)) < 1e-9


# --------------------------------------------------------------------------------------------------
# Glued digits: every reading of a run, by the template's own arithmetic
# --------------------------------------------------------------------------------------------------

_INT = re.compile(r"0|[1-9]\d*")
_SIGNED = re.compile(r"[-+]?(?:0|[1-9]\d*)")
_DECIMAL = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")


def _to_number(text: str) -> Number:
    return float(text) if "." in text else int(text)


def column_pattern(address: str) -> re.Pattern:
    """Given a cell address, return the pattern of a figure its column can print: 2019's 本年增/减
    may be signed, amounts may have decimals, every other figure is a whole number."""
    column = address.rsplit(".", 1)[1]
    if column == "change":
        return _SIGNED
    if column == "amount":
        return _DECIMAL
    return _INT


def sum_group_readings(run: str, start: int, size: int) -> Iterator[tuple[tuple[int, ...], int]]:
    """Given a run of glued digits, a position in it and a group size, yield (numbers, end) for
    every way the run from there reads as ``size`` whole numbers without leading zeros whose first
    ``size - 1`` sum to the last (a table-3 row; a group of table 4)."""
    def walk(pos: int, parts: tuple[int, ...], total: int):
        if len(parts) == size - 1:
            text = str(total)
            if run.startswith(text, pos):
                yield parts + (total,), pos + len(text)
            return
        for end in range(pos + 1, len(run) + 1):
            text = run[pos:end]
            if len(text) > 1 and text[0] == "0":
                break
            partial = total + int(text)
            # Every part still to come takes a digit, and the sum has at least as many digits as
            # the parts so far: past that, longer parts only leave less room.
            if len(run) - end < (size - 2 - len(parts)) + len(str(partial)):
                break
            yield from walk(end, parts + (int(text),), partial)
    yield from walk(start, (), 0)


def t3_row_readings(run: str) -> list[tuple[int, ...]]:
    """Given a table-3 row's digits glued together, return every reading as seven numbers whose
    six applicant columns sum to the 总计 (check 3)."""
    return [parts for parts, end in sum_group_readings(run, 0, len(T3_COLUMNS)) if end == len(run)]


def t4_row_readings(run: str) -> list[tuple[int, ...]]:
    """Given table 4's fifteen figures glued together, return every reading as three groups of
    five whose first four sum to the fifth (check 4)."""
    def walk(start: int, groups: int) -> list[tuple[int, ...]]:
        if groups == 0:
            return [()] if start == len(run) else []
        return [parts + rest for parts, end in sum_group_readings(run, start, len(T4_COLUMNS))
                for rest in walk(end, groups - 1)]
    return walk(0, len(T4_GROUPS))


def free_row_readings(run: str, patterns: Sequence[re.Pattern]) -> list[tuple[Value, ...]]:
    """Given a table-2 row's figures glued together and each column's pattern, return every
    reading as one figure a column. Table 2 has no row arithmetic: only the digits' count and the
    lack of leading zeros constrain it. A lone 「-」 may be a signed figure's sign or a blank
    cell's mark (template.md), so it reads as a blank (None) too: 「326-24187」 may be 326, -, 24187."""
    out: list[tuple[Value, ...]] = []

    def walk(pos: int, column: int, parts: tuple[Value, ...]) -> None:
        if column == len(patterns):
            if pos == len(run):
                out.append(parts)
            return
        for end in range(pos + 1, len(run) + 1):
            text = run[pos:end]
            if text == "-":
                walk(end, column + 1, parts + (None,))
            elif patterns[column].fullmatch(text):
                walk(end, column + 1, parts + (_to_number(text),))
    walk(0, 0, ())
    return out


# --------------------------------------------------------------------------------------------------
# The tables as printed: rows with their label paths and figures
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One printed table row: its label path as the template prints it (group labels first; table
    4's one row has none), its addresses and its figures (None: a blank cell)."""

    table: str
    path: tuple[str, ...]
    addresses: tuple[str, ...]
    values: tuple[Value, ...]

    @property
    def key(self) -> str:
        return "t4" if self.table == "t4" else self.addresses[0].rsplit(".", 1)[0]


@dataclass(frozen=True)
class Table:
    """One printed table: a 第二十条 block of table 2, table 3 or table 4.

    ``header`` holds the header rows, one string a grid position, ``""`` where a merged cell
    covers it; a body row has ``label_cols`` label positions, then one position a figure.
    """

    table: str
    header: tuple[tuple[str, ...], ...]
    rows: tuple[Row, ...]
    label_cols: int


def _row(table: str, prefix: str, path: tuple[str, ...], columns: Sequence[str],
         cells: Mapping[str, Value]) -> Row:
    addresses = tuple(f"{prefix}.{col}" for col in columns)
    return Row(table, path, addresses, tuple(cells.get(a) for a in addresses))


def _printed(row: Row, cells: Mapping[str, Value]) -> bool:
    return any(a in cells for a in row.addresses)


def t2_tables(spec: ReportSpec, every_row: bool = False) -> list[Table]:
    """Given a spec, return table 2's blocks with the rows it prints (with every_row, every
    template row, printed or not)."""
    tables = []
    for item, cols, rows in T2_BLOCKS[spec.format]:
        ids = [col for col, _ in cols]
        body = [_row("t2", f"t2.{row}", (label,), ids, spec.cells) for row, label in rows]
        body = [r for r in body if every_row or _printed(r, spec.cells)]
        if body:
            header = ((item,) + ("",) * len(cols), ("信息内容",) + tuple(label for _, label in cols))
            tables.append(Table("t2", header, tuple(body), label_cols=1))
    return tables


def t3_header() -> tuple[tuple[str, ...], ...]:
    """Return table 3's header rows: the 勾稽关系 note over the label columns, 申请人情况 over the
    figures, then 自然人 / 法人或其他组织 (over its five columns) / 总计."""
    return ((T3_NOTE, "", "", "申请人情况") + ("",) * 6,
            ("", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"),
            ("", "", "", "") + T3_ORG_LABELS + ("",))


def t3_rows(spec: ReportSpec) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Given a spec, return table 3's rows as (row, label path) in the order it prints them: the
    format's, with （六）其他处理 as one row in place of its sub-rows where a 2021 report prints it
    so (gold then has ``t3.other.<col>``)."""
    rows = T3_ROWS[spec.format]
    if spec.format == "2019" or not any(a.startswith("t3.other.") and a.count(".") == 2 for a in spec.cells):
        return rows
    one = next(path for row, path in T3_ROWS["2019"] if row == "other")
    at = next(i for i, (row, _) in enumerate(rows) if row.startswith("other."))
    kept = tuple(r for r in rows if not r[0].startswith("other."))
    return kept[:at] + (("other", one),) + kept[at:]


def spec_addresses(spec: ReportSpec) -> tuple[str, ...]:
    """Given a spec, return every cell address of its format, and the one-row （六） a 2021 report
    prints instead of its sub-rows (:func:`t3_rows`)."""
    extra = tuple(f"t3.other.{col}" for col in T3_COLUMNS) if any(
        row == "other" for row, _ in t3_rows(spec)) and spec.format == "2021" else ()
    return template_addresses(spec.format) + extra


def t3_table(spec: ReportSpec, every_row: bool = False) -> Optional[Table]:
    """Given a spec, return table 3 with the rows it prints, or None if it prints none."""
    rows = [_row("t3", f"t3.{row}", path, T3_COLUMNS, spec.cells)
            for row, path in t3_rows(spec)]
    rows = [r for r in rows if every_row or _printed(r, spec.cells)]
    return Table("t3", t3_header(), tuple(rows), label_cols=3) if rows else None


def t4_header() -> tuple[tuple[str, ...], ...]:
    """Return table 4's header rows: 行政复议 / 行政诉讼, then the column labels of 复议 beside the
    two kinds of suit, then the column labels of each suit."""
    labels = tuple(label for _, label in T4_COLUMNS)
    return (("行政复议",) + ("",) * 4 + ("行政诉讼",) + ("",) * 9,
            labels + (T4_GROUPS[1][1],) + ("",) * 4 + (T4_GROUPS[2][1],) + ("",) * 4,
            ("",) * 5 + labels * 2)


def t4_table(spec: ReportSpec, every_row: bool = False) -> Optional[Table]:
    """Given a spec, return table 4 (one row of fifteen figures), or None if it is not printed."""
    addresses = tuple(f"t4.{group}.{col}" for group, _ in T4_GROUPS for col, _ in T4_COLUMNS)
    row = Row("t4", (), addresses, tuple(spec.cells.get(a) for a in addresses))
    if not (every_row or _printed(row, spec.cells)):
        return None
    return Table("t4", t4_header(), (row,), label_cols=0)


def spec_tables(spec: ReportSpec, every_row: bool = False) -> dict[int, list[Table]]:
    """Given a spec, return {section index: the tables printed after its paragraphs}."""
    makers = {"t2": lambda: t2_tables(spec, every_row),
              "t3": lambda: [t for t in [t3_table(spec, every_row)] if t],
              "t4": lambda: [t for t in [t4_table(spec, every_row)] if t]}
    return {index: makers[name]() for index, name in TABLE_SECTIONS.items()}


def all_rows(tables: Mapping[int, list[Table]]) -> list[Row]:
    return [row for ts in tables.values() for t in ts for row in t.rows]


def new_labels(rows: Sequence[Row]) -> list[tuple[str, ...]]:
    """Given consecutive printed rows, return each one's labels as a reader meets them: a group
    label shared with the row before (三、本年度办理结果, （三）不予公开) is printed once, on the
    group's first row, as a merged cell is."""
    out, before = [], ()
    for row in rows:
        shared = 0
        while shared < min(len(before), len(row.path)) - 1 and before[shared] == row.path[shared]:
            shared += 1
        out.append(row.path[shared:])
        before = row.path
    return out


def label_positions(rows: Sequence[Row], label_cols: int) -> list[tuple[str, ...]]:
    """Given consecutive printed rows and the label columns, return each row's label cells: the
    labels it prints in their columns, "" where a merged label covers the cell."""
    out = []
    for row, labels in zip(rows, new_labels(rows)):
        cells = ("",) * (len(row.path) - len(labels)) + labels
        out.append(cells + ("",) * (label_cols - len(cells)))
    return out


def value_text(value: Value) -> str:
    """Given a figure, return it as the report prints it ("" for a blank cell)."""
    return format_value(value)


# --------------------------------------------------------------------------------------------------
# Expectations
# --------------------------------------------------------------------------------------------------

#: How a text shows a blank cell: ``explicit`` (a markdown 「| |」, a mark: its column is known),
#: ``fields`` (a tab export that keeps every cell's field, trailing empty ones too: counted back
#: from the row's end, every figure's column is known — template.md: an empty field between two
#: tabs is a blank cell, not a gap), ``tabs`` (empty cells between tabs where the row's end may
#: not be kept: the gaps between a row's figures are known, but not where its first figure stands,
#: as text exports pad row labels with a varying number of empty cells) or ``dropped`` (spaces
#: between cells, a PDF's text layer: nothing is left of it).
Blanks = Literal["explicit", "fields", "tabs", "dropped"]


def _adds_up(row: Row, values: Sequence[Optional[Number]]) -> bool:
    """Given a row and figures placed in its cells (None: blank), return whether the template's
    row arithmetic allows them. A check applies only where every cell it needs has a figure: a
    blank is no 0 (template.md)."""
    size = {"t3": len(T3_COLUMNS), "t4": len(T4_COLUMNS)}.get(row.table)
    if size is None:
        return True
    groups = [values[i:i + size] for i in range(0, len(values), size)]
    return all(any(v is None for v in g) or _same_number(sum(g[:-1]), g[-1]) for g in groups)


def row_placements(row: Row, blanks: Blanks) -> list[tuple[Value, ...]]:
    """Given a printed row with blank cells and how its text shows them, return every way its
    printed figures can sit in its cells that the row's arithmetic allows (the true one is
    always among them)."""
    n = len(row.values)
    if blanks in ("explicit", "fields"):
        return [row.values]
    if blanks == "tabs":
        shown = [i for i, v in enumerate(row.values) if v is not None]
        if not shown:
            return [row.values]
        block = row.values[shown[0]:shown[-1] + 1]
        candidates = [(None,) * k + block + (None,) * (n - k - len(block))
                      for k in range(n - len(block) + 1)]
    else:
        figures = [v for v in row.values if v is not None]
        candidates = []
        for cells in itertools.combinations(range(n), len(figures)):
            values: list[Value] = [None] * n
            for cell, figure in zip(cells, figures):
                values[cell] = figure
            candidates.append(tuple(values))
    return [c for c in candidates if _adds_up(row, c)]


def placed_row_expectations(row: Row, blanks: Blanks, why: str = "printed",
                            marks: Mapping[str, str] = {}) -> dict[str, Expectation]:
    """Given a printed row whose cells are separated (not glued) and how its text shows a blank,
    return its cells' expectations: its figures are exact if the row allows one placement of
    them, else all undetermined (as for a glued row, a row whose figures may sit in several ways is
    judged whole, even where a cell happens to hold the same figure in each); a blank, a mark or
    no figure is absent."""
    if all(v is not None or a in marks for a, v in zip(row.addresses, row.values)):
        blanks = "explicit"
    placements = row_placements(row, blanks)
    out = {}
    for i, (address, value) in enumerate(zip(row.addresses, row.values)):
        if address in marks:
            out[address] = Expectation("absent", why=f"printed as 「{marks[address]}」")
        elif value is None:
            out[address] = Expectation("absent", why="blank cell")
        elif len(placements) == 1:
            out[address] = Expectation("exact", value, why)
        else:
            out[address] = Expectation("undetermined", value,
                                       f"a blank cell leaves {len(placements)} placements")
    return out


def printed_expectations(spec: ReportSpec, tables: Mapping[int, list[Table]],
                         blanks: Blanks = "fields", marks: Mapping[str, str] = {},
                         ) -> dict[str, Expectation]:
    """Given a spec, the tables a text prints (cells separated, not glued), how it shows a blank
    cell and the marks it prints in blank cells, return every template address's expectation
    (see :func:`placed_row_expectations`; a row not printed is absent)."""
    out = {a: Expectation("absent", why="row not printed") for a in spec_addresses(spec)}
    for row in all_rows(tables):
        out.update(placed_row_expectations(row, blanks, marks=marks))
    visible = visible_blanks(tables, marks) if blanks in ("explicit", "fields") else set()
    return settle_blanks(spec, tables, out, visible, marks)


def _identities(spec: ReportSpec, rows: Sequence[Row]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Given a spec and the rows a text prints, return template.md's identities over their cells
    as (left, right) addresses: a table-3 row's applicant columns and its total, each group of
    table 4 and its total, and table 3's two column identities (本年新收 + 上年结转 = 总计 + 结转下年度;
    the results = （七）总计) in every column."""
    out: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for row in rows:
        if row.table == "t3":
            out.append((row.addresses[:-1], row.addresses[-1:]))
        elif row.table == "t4":
            size = len(T4_COLUMNS)
            out += [(row.addresses[i:i + size - 1], (row.addresses[i + size - 1],))
                    for i in range(0, len(row.addresses), size)]
    keys = [key for key, _ in T3_ROWS[spec.format]]
    if any(row.key == "t3.other" for row in rows) and "other" not in keys:
        # （六）其他处理 printed as one row in a 2021 report: it stands for its three sub-rows.
        at = next(i for i, k in enumerate(keys) if k.startswith("other."))
        keys = [k for k in keys if not k.startswith("other.")]
        keys.insert(at, "other")
    results = [k for k in keys if k not in ("new", "carried_over", "total_handled", "carried_forward")]
    for col in T3_COLUMNS:
        out.append(((f"t3.new.{col}", f"t3.carried_over.{col}"),
                    (f"t3.total_handled.{col}", f"t3.carried_forward.{col}")))
        out.append((tuple(f"t3.{k}.{col}" for k in results), (f"t3.total_handled.{col}",)))
    return out


def visible_blanks(tables: Mapping[int, list[Table]], marks: Mapping[str, str] = {}) -> set[str]:
    """Given the tables a text prints with every cell in its place (a markdown cell, a tab field
    kept to the row's end) and the marks it prints, return its blank cells a reader can see as
    such: printed empty, no mark, in a row that prints a figure (a row printed without one gives
    nothing to place its cells by)."""
    return {a for row in all_rows(tables) if any(v is not None for v in row.values)
            for a, v in zip(row.addresses, row.values) if v is None and a not in marks}


def settle_blanks(spec: ReportSpec, tables: Mapping[int, list[Table]], expect: dict[str, Expectation],
                  blank: Collection[str] = frozenset(), marks: Mapping[str, str] = {},
                  ) -> dict[str, Expectation]:
    """Given a spec, the tables a text prints, the expectations worked out from its rows, the
    blank cells a reader can see as such (:func:`visible_blanks`; none where blanks are lost, as in
    glued or space-separated figures) and the marks it prints, return the expectations with the
    blanks the text's arithmetic settles.

    A visible blank is 0 where an identity of template.md (:func:`_identities`) has every other
    cell read exactly and balances without it: counts are never negative, so it can hold nothing.
    Such a cell is expected as exactly 0 (were gold null there, gold would contradict the
    arithmetic, and the test on expectations says so). A blank gold has as 0 (``spec.blank_zero``)
    that the text does not settle this way may be given as 0 or not at all; any other blank stays
    no figure."""
    rows = all_rows(tables)
    blank = set(blank)
    known = {a: want.value for a, want in expect.items() if want.kind == "exact" and a not in blank}
    settled: set[str] = set()
    changed = True
    identities = _identities(spec, rows)
    while changed:
        changed = False
        for left, right in identities:
            open_left = [a for a in left if a in blank and a not in settled]
            open_right = [a for a in right if a in blank and a not in settled]
            if bool(open_left) == bool(open_right):
                continue
            others = [a for a in left + right if a not in open_left + open_right]
            if any(a not in known for a in others):
                continue
            if not _same_number(sum(known[a] for a in left if a in known),  # type: ignore[misc]
                                sum(known[a] for a in right if a in known)):  # type: ignore[misc]
                continue
            for a in open_left + open_right:
                known[a] = 0
                settled.add(a)
                changed = True
    out = dict(expect)
    for a in settled:
        out[a] = Expectation("exact", 0, "blank, 0 by the arithmetic")
    for a in spec.blank_zero - settled:
        if a in out and out[a].kind == "absent" and a not in marks:
            out[a] = Expectation("undetermined", 0, "blank; 0 in gold, which the text does not settle")
    return out


def row_readings(row: Row, run: str) -> list[tuple[Value, ...]]:
    """Given a printed row and its figures glued into one run, return every reading of the run
    that the template allows."""
    if row.table == "t3":
        return t3_row_readings(run)
    if row.table == "t4":
        return t4_row_readings(run)
    return free_row_readings(run, [column_pattern(a) for a in row.addresses])


def glued_row_expectations(row: Row) -> Optional[dict[str, Expectation]]:
    """Given a printed row, return its cells' expectations when its figures are printed glued
    together, or None if the row must not be printed so.

    One reading: every cell is exact. Several: every cell is "maybe ambiguous" (column
    arithmetic or the narrative may settle the row, or not). No reading at all (a blank cell took
    its digits out, or the run cannot be split): every figure is undetermined, the narrative may
    still give it. Readings that all differ from the row's figures (a blank cell dropped out and
    the rest still adds up) would make a parser right to read a wrong number: None, and the caller
    keeps the row's separators (no gold report has such a row today).
    """
    run = "".join(value_text(v) for v in row.values)
    readings = row_readings(row, run)
    truth = [i for i, reading in enumerate(readings)
             if all(r is not None and v is not None and _same_number(r, v)
                    for r, v in zip(reading, row.values))]
    if not readings:
        why = f"「{run}」 fits no reading of the row" if run else "row printed without figures"
        return {a: Expectation("undetermined", v, why) if v is not None else
                Expectation("absent", why="blank cell") for a, v in zip(row.addresses, row.values)}
    if not truth:
        return None
    kind = "exact" if len(readings) == 1 else "maybe_ambiguous"
    why = f"「{run}」 reads {len(readings)} way{'s' if len(readings) > 1 else ''}"
    return {a: Expectation(kind, v, why) for a, v in zip(row.addresses, row.values)}


# --------------------------------------------------------------------------------------------------
# The report's own words: title, body, year
# --------------------------------------------------------------------------------------------------

_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")
_PUBLISHER = re.compile(r"发布机构[:：]\s*(\S+)")
# A province or city in front of a county-level body's name (广州市 in 广州市番禺区…): a report may
# print the body without it.
_CITY = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:省|市|自治州)(?=[\u4e00-\u9fff]{1,6}?(?:区|县|旗|镇|乡|街道))")


def spec_year(spec: ReportSpec) -> Optional[int]:
    """Given a spec, return the year its title names."""
    match = _YEAR.search(spec.title)
    return int(match.group(1)) if match else None


def spec_agency(spec: ReportSpec) -> Optional[str]:
    """Given a spec, return the body its title names (before the year), or failing that the one a
    「发布机构：」 line of its preamble names; None if neither does."""
    match = _YEAR.search(spec.title)
    name = re.sub(r"\s+", "", spec.title[:match.start()] if match else "").removeprefix("关于")
    if len(name) >= 2:
        return name
    for paragraph in spec.preamble:
        found = _PUBLISHER.search(paragraph)
        if found:
            return found.group(1)
    return None


def agency_core(name: str) -> str:
    """Given a body's name, return it without a province or city in front of a county-level name
    (「番禺区政务服务数据管理局」 for 「广州市番禺区政务服务数据管理局」): the part every printing of
    the name keeps. A name that is the city's own body (「淮安市人民政府」) is its own core."""
    core = name
    while (match := _CITY.match(core)):
        core = core[match.end():]
    return core


def edit_distance(a: str, b: str) -> int:
    """Given two strings, return the fewest one-character insertions, deletions or substitutions
    that turn one into the other."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def agency_matches(parsed: Optional[str], gold: str, typos: int = 0) -> bool:
    """Given the parsed body's name, gold's and how many characters the text misprints, return
    whether the parsed name is gold's body: equal, or holding gold's core, or (with typos) holding
    a string that far from the core."""
    if not parsed:
        return False
    core = agency_core(gold)
    if parsed == gold or core in parsed:
        return True
    return typos > 0 and any(
        edit_distance(parsed[i:i + n], core) <= typos
        for n in range(max(1, len(core) - typos), len(core) + typos + 1)
        for i in range(0, max(1, len(parsed) - n + 1)))


def _rng(generator: str, seed: int) -> random.Random:
    # A string seed is hashed with SHA-512, so the same (generator, seed) makes the same text in
    # every run and on every machine.
    return random.Random(f"{generator}/{seed}")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------------------------------
# Line-structured text: what a text export makes of a report
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LineStyle:
    """How a line-structured export prints table rows.

    ``sep`` goes between cells: a tab keeps empty cells, spaces lose them.
    ``marks`` are printed in blank cells; ``labels`` maps a template label (header or row) to how
    it is printed; ``shift`` holds row keys whose figures sit one empty cell to the right (a
    merged header cell left it); ``units`` prints amounts with their unit; ``plus`` prints a
    positive 本年增/减 with its sign; ``broken`` holds labels printed over two cells.
    """

    sep: str = "\t"
    marks: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    shift: frozenset[str] = frozenset()
    units: bool = False
    plus: bool = False
    broken: frozenset[str] = frozenset()
    #: How an amount (本年收费金额, 采购总金额) is printed, when not as gold has it.
    amount: Optional[Callable[[Value], str]] = None
    #: A measure word printed after a count of procurements (「58笔」).
    count_word: str = ""

    def label(self, text: str) -> str:
        return self.labels.get(text, text)


def _cell_text(address: str, value: Value, style: LineStyle) -> str:
    """Given a cell, its figure and a style, return the cell's text."""
    if value is None:
        return style.marks.get(address, "")
    text = value_text(value)
    column = address.rsplit(".", 1)[1]
    if style.amount is not None and column == "amount":
        text = style.amount(value)
    if style.count_word and address == "t2.procurement.items":
        text += style.count_word
    if style.plus and column == "change" and value > 0:
        text = "+" + text
    if style.units and column == "amount":
        text += "万元" if address.startswith("t2.fees") else "元"
    return text


def _join(cells: Sequence[str], sep: str) -> str:
    return sep.join(cells) if sep == "\t" else sep.join(c for c in cells if c)


def header_lines(table: Table, style: LineStyle) -> list[str]:
    """Given a table and a style, return its header rows as lines."""
    return [_join([style.label(c) for c in row], style.sep) for row in table.header]


def row_lines(table: Table, style: LineStyle) -> list[str]:
    """Given a table and a style, return one line per body row: label cells, then figures."""
    lines = []
    for row, labels in zip(table.rows, label_positions(table.rows, table.label_cols)):
        labels = tuple(style.label(text) for text in labels)
        labels = tuple(part for text in labels for part in _broken(text, style))
        figures = [_cell_text(a, v, style) for a, v in zip(row.addresses, row.values)]
        if row.key in style.shift:
            figures = [""] + figures
        figures = figures if style.sep == "\t" else [f for f in figures if f]
        lines.append(style.sep.join(filter(None, [_join(labels, style.sep), style.sep.join(figures)]))
                     if style.sep != "\t" else _join(list(labels) + figures, "\t"))
    return lines


def _broken(text: str, style: LineStyle) -> tuple[str, ...]:
    """Given a label and a style, return it as one cell, or as two if the style breaks it."""
    if text not in style.broken:
        return (text,)
    cut = len(text) - 4
    return text[:cut], text[cut:]


def table_lines(table: Table, style: LineStyle) -> list[str]:
    return header_lines(table, style) + row_lines(table, style)


def _blanks(style: LineStyle) -> Blanks:
    return "fields" if style.sep == "\t" else "dropped"


def narrative_blocks(spec: ReportSpec, tables: Mapping[int, list[Table]],
                     ) -> list[tuple[str, Union[str, Table]]]:
    """Given a spec and its printed tables, return the report in reading order as
    ("title" | "paragraph" | "heading" | "table", text or table)."""
    blocks: list[tuple[str, Union[str, Table]]] = [("title", spec.title)]
    blocks += [("paragraph", p) for p in spec.preamble]
    for index, (heading, paragraphs) in enumerate(spec.sections):
        if heading:
            blocks.append(("heading", heading))
        blocks += [("paragraph", p) for p in paragraphs]
        blocks += [("table", t) for t in tables.get(index, ())]
    return blocks


def spec_to_lines(spec: ReportSpec, tables: Mapping[int, list[Table]],
                  render: Callable[[Table], list[str]]) -> list[str]:
    """Given a spec, its printed tables and a table renderer, return a text export's lines: the
    title, every heading and paragraph on its own line, tables as rendered, blank lines between."""
    lines: list[str] = []
    for kind, block in narrative_blocks(spec, tables):
        lines += (render(block) if kind == "table" else [block]) + [""]
    return lines


# --------------------------------------------------------------------------------------------------
# Furniture around the report: a crawler's header block, a portal's breadcrumbs and sidebar
# --------------------------------------------------------------------------------------------------

def archive_header(spec: ReportSpec, rng: random.Random) -> list[str]:
    """Given a spec, return the block a web archive's crawler writes above a saved page: its
    publication a year after the report's, the archive's folder, a 「==== 正文 ====」 line."""
    year = spec_year(spec) or 2023
    page = rng.randint(10000, 99999)
    agency = spec_agency(spec) or "本机关"
    # The archive names the office that posted the page, not always the report's body.
    publisher = agency + "办公室" if agency.endswith("人民政府") else agency
    when = (f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}")
    return [f"标题: {spec.title}", f"发布时间: {when}", "文号: ", f"发布机构: {publisher}",
            "栏目: 政府信息公开年报",
            f"原文链接: https://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/{year + 1}03/"
            f"t{year + 1}0308_{page}.htm",
            f"本地目录: zwgk/zfxxgk/zfxxgknb/{year + 1}03/{page}_{spec.title}",
            "页面链接与图片详见 links.tsv(同目录)",
            "==================== 正文 ===================="]


def other_year_titles(spec: ReportSpec, years: Sequence[int]) -> list[str]:
    """Given a spec and other years, return the titles of the same body's reports for them."""
    year = spec_year(spec)
    if year is None:
        return []
    return [re.sub(rf"{year}(\s*年)", rf"{y}\1", spec.title, count=1) for y in years]


def portal_top(spec: ReportSpec, rng: random.Random) -> list[str]:
    """Given a spec, return what a portal page prints above the report's title: the site, its
    navigation, breadcrumbs, and a sidebar listing the body's reports of other years."""
    year = spec_year(spec) or 2023
    site = spec_agency(spec) or "政府门户网站"
    others = [year - 1, year - 2, year - 3] + ([year + 1] if rng.random() < 0.5 else [])
    rng.shuffle(others)
    return ([site, "首页 | 政务公开 | 办事服务 | 互动交流",
             rng.choice(["当前位置：首页 > 政务公开 > 政府信息公开年报 > 正文",
                         "首页 > 政务公开 > 政府信息公开年报",
                         "您所在的位置：首页 > 政务公开 > 政府信息公开 > 政府信息公开年报"]),
             "", "政府信息公开年报"] + other_year_titles(spec, sorted(others, reverse=True)) + [""])


def portal_info(spec: ReportSpec, rng: random.Random) -> str:
    year = spec_year(spec) or 2023
    return (f"发布时间：{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}  来源：本网  "
            f"浏览次数：{rng.randint(100, 9999)}  【字体：大 中 小】")


def portal_bottom(spec: ReportSpec) -> list[str]:
    site = spec_agency(spec) or "政府门户网站"
    return ["分享到：微信 微博 【打印】【关闭】", "",
            f"主办单位：{site}  版权所有  ICP备案号：京ICP备05070829号",
            "网站标识码：4400000118  公网安备 44010402001234号"]


# --------------------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------------------

def glued_rows(table: Table, label: Callable[[str], str], digits: Callable[[list[str]], str],
               label_sep: str = "", repeat: frozenset[int] = frozenset(),
               ) -> tuple[list[str], dict[str, Expectation]]:
    """Given a table, how to print a label and a row's figures, what goes between a row's labels
    and the rows that print their group label again, return each body row as its labels glued to
    its figures, and the expectations of its cells (see :func:`glued_row_expectations`).

    A row whose glued figures would read as other numbers keeps tabs between them."""
    texts: list[str] = []
    expect: dict[str, Expectation] = {}
    for index, (row, labels) in enumerate(zip(table.rows, new_labels(table.rows))):
        if index in repeat and len(row.path) == 3 and len(labels) == 1:
            labels = row.path[1:]
        figures = [value_text(v) for v in row.values]
        glued = glued_row_expectations(row)
        if glued is None:
            glued = placed_row_expectations(row, "tabs", "tab-separated")
            text = "\t" + "\t".join(figures) + "\t"
        else:
            text = digits(figures)
        expect.update(glued)
        texts.append(label_sep.join(label(t) for t in labels) + text)
    return texts, expect


def glued_header(table: Table, label: Callable[[str], str], sep: str = "") -> str:
    """Given a table, how to print a label and what goes between header cells, return its header
    rows as one run: every cell a merge does not cover, in reading order
    (「申请人情况自然人法人或其他组织总计商业企业…」)."""
    return sep.join(label(c) for row in table.header for c in row if c)


def _join_one_line(parts: Sequence[tuple[str, str]], rng: random.Random) -> str:
    """Given (kind, text) parts in reading order, return them on one line as a crawler joins
    them: paragraphs with or without a space, a heading glued to the table after it, a table
    glued to what follows. A digit never touches a digit across parts: that would change a run's
    figures, which no expectation here accounts for."""
    out = ""
    previous = ""
    for kind, text in parts:
        if out:
            if previous == "table" or kind == "table":
                gap = ""
            else:
                gap = rng.choice(["", " ", " "])
            if out[-1].isdigit() and text[:1].isdigit():
                gap = " "
            out += gap
        out += text
        previous = kind
    return out


def _one_line_report(spec: ReportSpec, tables: Mapping[int, list[Table]],
                     flatten: Callable[[Table], str], rng: random.Random) -> str:
    """Given a spec, its tables and how to flatten a table, return the report (without its title,
    which a crawler keeps in its header block) on one line."""
    parts = [(kind, flatten(block) if kind == "table" else block)
             for kind, block in narrative_blocks(spec, tables) if kind != "title"]
    return _join_one_line(parts, rng)


def one_line_glued(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a crawler's text of the report: the archive's header block,
    then the whole report on one line, every table flattened with its digits glued
    (「…申请数量801000081二、上年结转…」, 「（三）不予公开1.属于国家秘密00000002.其他…」)."""
    rng = _rng("one_line_glued", seed)
    tables = spec_tables(spec)
    expect = printed_expectations(spec, tables)

    def flatten(table: Table) -> str:
        rows, cells = glued_rows(table, str, "".join)
        expect.update(cells)
        return glued_header(table, str) + "".join(rows)

    body = _one_line_report(spec, tables, flatten, rng)
    return Damaged("one_line_glued", seed, "\n".join(archive_header(spec, rng) + [body]) + "\n",
                   settle_blanks(spec, tables, expect))


def stray_space(text: str, rng: random.Random) -> str:
    """Given a label, return it with a space between two of its CJK characters (「社会公益 组织」)."""
    spots = [i for i in range(1, len(text)) if _is_cjk(text[i - 1]) and _is_cjk(text[i])]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + " " + text[i:]


def spaced_run(texts: Sequence[str], rng: random.Random) -> str:
    """Given a row's figures, return them glued with a space at some of the cells' boundaries
    (「20 0 00 0 121」)."""
    out = ""
    for i, text in enumerate(t for t in texts if t):
        out += (" " if i and rng.random() < 0.45 else "") + text
    return out


def _repeated_group_row(table: Table, rng: random.Random) -> frozenset[int]:
    """Given table 3, return the index of one later sub-row of a group, to print the group's label
    again before it; none for other tables."""
    if table.table != "t3":
        return frozenset()
    later = [i for i, (row, labels) in enumerate(zip(table.rows, new_labels(table.rows)))
             if len(row.path) == 3 and len(labels) == 1]
    return frozenset(rng.sample(later, 1)) if later else frozenset()


def stray_spaces(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return the report with its tables' figures glued, stray spaces
    inside labels (「三、本年度办 理结果」) and inside runs of digits (「20 0 00 0 121」), and a group
    label printed again before a later sub-row; an even seed puts the whole report on one line
    under a crawler's header, an odd one prints a line per paragraph and per row.

    Expectations count every reading of a row's digits as if the spaces were not there: a stray
    space may fall anywhere, so a parser need not trust it (a reading the spaces rule out is
    accepted as ambiguous, and the right one is always accepted)."""
    rng = _rng("stray_spaces", seed)
    tables = spec_tables(spec)
    expect = printed_expectations(spec, tables)
    one_line = seed % 2 == 0
    sep = "" if one_line else rng.choice(["", " ", "\t"])

    def label(text: str) -> str:
        return stray_space(text, rng) if rng.random() < 0.35 else text

    def rows(table: Table) -> list[str]:
        texts, cells = glued_rows(table, label, lambda figures: sep + spaced_run(figures, rng),
                                  label_sep=sep, repeat=_repeated_group_row(table, rng))
        expect.update(cells)
        return texts

    if one_line:
        def flatten(table: Table) -> str:
            return glued_header(table, label) + "".join(rows(table))
        lines = archive_header(spec, rng) + [_one_line_report(spec, tables, flatten, rng)]
    else:
        lines = spec_to_lines(spec, tables, lambda table: [
            " ".join(label(c) for c in row if c) for row in table.header] + rows(table))
    return Damaged("stray_spaces", seed, "\n".join(lines) + "\n", settle_blanks(spec, tables, expect))


def crawler_header(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a line-structured export (tab-separated cells for an even
    seed, space-separated for an odd one) under a web archive's header block, whose 发布时间 is a
    year after the report's and whose 发布机构 may be another office."""
    rng = _rng("crawler_header", seed)
    tables = spec_tables(spec)
    style = LineStyle(sep="\t" if seed % 2 == 0 else " ")
    lines = archive_header(spec, rng) + spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    return Damaged("crawler_header", seed, "\n".join(lines) + "\n",
                   printed_expectations(spec, tables, _blanks(style)))


def breadcrumbs(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a portal page saved as text: the site's name, navigation,
    a breadcrumb line (「首页 > 政务公开 > 政府信息公开年报」), a sidebar of the body's reports of
    other years, then the report's title, a 发布时间 line and the report (space-separated cells for
    an even seed, tabs for an odd one), then the site's footer."""
    rng = _rng("breadcrumbs", seed)
    tables = spec_tables(spec)
    style = LineStyle(sep=" " if seed % 2 == 0 else "\t")
    report = spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    lines = portal_top(spec, rng) + report[:1] + [portal_info(spec, rng)] + report[1:]
    lines += portal_bottom(spec)
    return Damaged("breadcrumbs", seed, "\n".join(lines) + "\n",
                   printed_expectations(spec, tables, _blanks(style)))


# -- markdown ---------------------------------------------------------------------------------------

def pipe_row(cells: Sequence[str]) -> str:
    """Given a row's cells, return it as a markdown table row; an empty cell is 「| |」."""
    return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"


def pipe_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Given rows of cells, return a markdown table: the first row is its header (a converter
    makes whatever row comes first the header)."""
    if not rows:
        return []
    width = max(len(r) for r in rows)
    return [pipe_row(rows[0]), "|" + "---|" * width] + [pipe_row(r) for r in rows[1:]]


def _body_cells(table: Table) -> list[list[str]]:
    return [list(labels) + [value_text(v) for v in row.values]
            for row, labels in zip(table.rows, label_positions(table.rows, table.label_cols))]


def cell_per_line(table: Table) -> list[str]:
    """Given a table, return it one cell a line, each followed by 「 |」 (「信息内容 |」
    「本年制发件数 |」…): header cells that a merge covers are dropped, a blank figure is 「 |」."""
    lines = [f"{c} |" for row in table.header for c in row if c]
    for cells in _body_cells(table):
        labels, figures = cells[:table.label_cols], cells[table.label_cols:]
        lines += [f"{c} |" for c in labels if c] + [f"{c} |" if c else " |" for c in figures]
    return lines


def _md_pieces(table: Table, rng: random.Random) -> tuple[list[str], list[str]]:
    """Given table 3, return it as a converter that lost its page breaks prints it: two or three
    pipe tables (a later one takes its first row for a header), one long label pulled out of the
    table into a line before its piece, one row with two figures in one cell; and notes."""
    header = [list(r) for r in table.header]
    body = _body_cells(table)
    notes = []
    n = len(body)
    # The longest own label leaves its row: the row keeps an empty label cell.
    candidates = [i for i in range(n) if len(table.rows[i].path[-1]) >= 14]
    pulled = max(candidates, key=lambda i: len(table.rows[i].path[-1]), default=None)
    pulled_text = ""
    if pulled is not None:
        pulled_text = body[pulled][len(table.rows[pulled].path) - 1]
        body[pulled][len(table.rows[pulled].path) - 1] = ""
        notes.append(f"label 「{pulled_text}」 pulled out")
    # Two figures in one cell, in a row without blanks, away from the pulled-out row.
    merged = [i for i in range(n) if i != pulled and all(v is not None for v in table.rows[i].values)]
    if merged:
        i = rng.choice(merged)
        j = table.label_cols + rng.randrange(len(T3_COLUMNS) - 1)
        body[i][j:j + 2] = [f"{body[i][j]} {body[i][j + 1]}"]
        notes.append(f"row {table.rows[i].key}: two figures in one cell")
    cuts = sorted(rng.sample([c for c in range(2, n - 1) if pulled is None or c not in
                              (pulled, pulled + 1)], k=min(2, max(0, n - 4))))
    lines: list[str] = []
    for start, end in zip([0] + cuts, cuts + [n]):
        piece = (header if start == 0 else []) + body[start:end]
        if pulled is not None and start <= pulled < end:
            lines += [pulled_text, ""]
        lines += pipe_table(piece) + [""]
    return lines, notes


def _md_labels_then_values(table: Table) -> list[str]:
    """Given table 3, return it as a converter that read its columns apart prints it: a table of
    the header and every row's labels, then a table of the value rows in the same order."""
    labels = [list(r[:table.label_cols]) for r in table.header] + \
        [list(cells) for cells in label_positions(table.rows, table.label_cols)]
    values = [list(r[table.label_cols:]) for r in table.header] + \
        [[value_text(v) for v in row.values] for row in table.rows]
    return pipe_table(labels) + [""] + pipe_table(values) + [""]


def markdown_split(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return the report as a PDF-to-markdown tool writes it: headings
    as 「## 」, pipe tables whose merged headers leave runs of empty cells (「| | | |」), a table-2
    block one cell a line (「信息内容 |」「本年制发件数 |」…), and table 3 either split into pieces
    with a long label pulled out of it and two figures in one cell (even seed) or as a block of
    row labels followed by the value rows in template order (odd seed)."""
    rng = _rng("markdown_split", seed)
    tables = spec_tables(spec)
    expect = printed_expectations(spec, tables, "explicit")
    t2 = tables.get(1, [])
    one_per_line = rng.randrange(len(t2)) if t2 else -1
    notes: list[str] = []
    lines: list[str] = []
    for kind, block in narrative_blocks(spec, tables):
        if kind == "title":
            lines += [f"# {block}", ""]
        elif kind == "heading":
            lines += [rng.choice([f"## {block}", f"**{block}**"]), ""]
        elif kind == "paragraph":
            lines += [block, ""]
        elif block.table == "t3":
            if seed % 2 == 0:
                piece_lines, piece_notes = _md_pieces(block, rng)
                lines += piece_lines
                notes += piece_notes
            else:
                lines += _md_labels_then_values(block)
                notes.append("table 3 as labels, then values")
        elif (block.table == "t2" and t2.index(block) == one_per_line) or \
                (block.table == "t4" and rng.random() < 0.3):
            lines += cell_per_line(block) + [""]
        else:
            lines += pipe_table([list(r) for r in block.header] + _body_cells(block)) + [""]
    return Damaged("markdown_split", seed, "\n".join(lines) + "\n", expect, notes=tuple(notes))


# -- page breaks ------------------------------------------------------------------------------------

def page_footer(page: int, pages: int, rng: random.Random) -> str:
    """Given a page number and the page count, return a footer as reports print it."""
    return rng.choice([f"— {page} —", f"- {page} -", f"第 {page} 页 共 {pages} 页", f"—{page}—",
                       f"第{page}页"])


def pieces(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a line-structured export (tabs for an even seed, spaces
    for an odd one) with page breaks inside the tables: a footer (「— 4 —」, 「第 3 页 共 8 页」)
    and the header rows again inside table 3, a footer between table 2's blocks, and a paragraph
    cut by a footer in mid-sentence."""
    rng = _rng("pieces", seed)
    tables = spec_tables(spec)
    style = LineStyle(sep="\t" if seed % 2 == 0 else " ")
    pages = rng.randint(6, 12)
    page = [rng.randint(1, 2)]

    def footer() -> list[str]:
        page[0] += 1
        return [page_footer(page[0], pages, rng)] + ([""] if rng.random() < 0.5 else [])

    def render(table: Table) -> list[str]:
        head, rows = header_lines(table, style), row_lines(table, style)
        if table.table == "t3" and len(rows) > 3:
            cuts = sorted(rng.sample(range(1, len(rows)), k=min(2, len(rows) - 1)))
            out = list(head)
            for start, end in zip([0] + cuts, cuts + [len(rows)]):
                if start:
                    out += footer() + (head if rng.random() < 0.8 else [])
                out += rows[start:end]
            return out
        if table.table == "t2" and rng.random() < 0.5:
            return footer() + head + rows
        return head + rows

    lines = spec_to_lines(spec, tables, render)
    # A paragraph long enough to be cut: its page ends mid-sentence.
    long = [i for i, line in enumerate(lines) if len(line) > 60 and "\t" not in line and i > 2]
    if long:
        i = rng.choice(long)
        cut = rng.randint(20, len(lines[i]) - 20)
        lines[i:i + 1] = [lines[i][:cut]] + footer() + [lines[i][cut:]]
    return Damaged("pieces", seed, "\n".join(lines) + "\n",
                   printed_expectations(spec, tables, _blanks(style)))


# -- misprints --------------------------------------------------------------------------------------

#: Misprinted labels seen in reports or like them: a character missing or wrong.
LABEL_MISPRINTS = {
    "2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
    "本年废止件数": "本年度止件数",
    "5.属于三类内部事务信息": "5.属于三类内部事物信息",
    "6.属于四类过程性信息": "6.属于四类过程信息",
    "1.本机关不掌握相关政府信息": "1.本机关不掌握相关政府信",
    "3.补正后申请内容仍不明确": "3.补正后申请内容仍不明",
    "4.无正当理由大量反复申请": "4.无正当理由大量返复申请",
    "一、本年新收政府信息公开申请数量": "一、本年新收政府信息公开申请数",
    "二、上年结转政府信息公开申请数量": "二、上年结转政府信息公开申请数里",
    "四、结转下年度继续办理": "四、结转下年度继续办",
    "1.信访举报投诉类申请": "1.信访举报投拆类申请",
    "2.没有现成信息需要另行制作": "2.没有现成信息需要另行制做",
    "8.属于行政查询事项": "8.属于行政査询事项",
    "行政事业性收费": "行政事业收费",
    "行政规范性文件": "行政规范文件",
    "本年处理决定数量": "本年处理决定数",
}

#: Characters a typist or an OCR confuses, for a one-character misprint of a body's name.
_NAME_TYPOS = {"务": "物", "管": "官", "理": "里", "政": "正", "区": "趋", "县": "悬", "局": "居",
               "办": "力", "公": "工", "府": "付", "镇": "真", "街": "衔", "道": "到", "厅": "斤",
               "展": "屏", "革": "草", "环": "坏", "境": "竟", "实": "买", "验": "脸", "数": "效"}


def misprinted_name(name: str, rng: random.Random) -> str:
    """Given a body's name, return it with one character misprinted (not its first two, which
    hold the place's name a reader goes by)."""
    spots = [i for i in range(2, len(name)) if name[i] in _NAME_TYPOS]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + _NAME_TYPOS[name[i]] + name[i + 1:]


def misprints(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export with misprinted labels
    (「其他法律行政止公开」, 「本年度止件数」 and a few more) and the body's name in the title
    printed without its city where it has one (even seed) or with a character wrong."""
    rng = _rng("misprints", seed)
    tables = spec_tables(spec)
    printed = {c for ts in tables.values() for t in ts for r in t.header for c in r}
    printed |= {label for row in all_rows(tables) for label in row.path}
    # The two misprints template.md quotes, where the format has them, and a few others.
    quoted = [label for label in ("2.其他法律行政法规禁止公开", "本年废止件数") if label in printed]
    others = [label for label in LABEL_MISPRINTS if label in printed and label not in quoted]
    chosen = quoted + rng.sample(others, k=min(len(others), rng.randint(2, 4)))
    style = LineStyle(labels={label: LABEL_MISPRINTS[label] for label in chosen})
    notes = [f"「{label}」 printed 「{LABEL_MISPRINTS[label]}」" for label in chosen]
    title, typos = spec.title, 0
    agency = spec_agency(spec)
    if agency and agency in re.sub(r"\s+", "", title):
        title = re.sub(r"\s+", "", title)
        core = agency_core(agency)
        if core != agency and seed % 2 == 0:
            title = title.replace(agency, core, 1)
            notes.append(f"body printed 「{core}」")
        else:
            wrong = misprinted_name(agency, rng)
            typos = int(wrong != agency)
            title = title.replace(agency, wrong, 1)
            notes.append(f"body printed 「{wrong}」")
    lines = spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    lines[0] = title
    return Damaged("misprints", seed, "\n".join(lines) + "\n", printed_expectations(spec, tables),
                   agency_typos=typos, notes=tuple(notes))


# -- marks ------------------------------------------------------------------------------------------

def marks(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return an export (space-separated cells for an even seed, tabs for
    an odd one) where every cell gold leaves blank prints a mark (「/」, 「—」, 「-」, 「无」, 「——」),
    and the rows the report does not print are printed with a mark in every cell, as bodies mark
    rows they cannot have. A mark is no figure: never 0. A report gold has no blank cell in gets
    no mark: its text is a plain export."""
    rng = _rng("marks", seed)
    tables = spec_tables(spec, every_row=True)
    marked = {a: rng.choice(MARKS) for row in all_rows(tables)
              for a, v in zip(row.addresses, row.values) if v is None and a not in spec.blank_zero}
    style = LineStyle(sep=" " if seed % 2 == 0 else "\t", marks=marked)
    lines = spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    notes = (f"{len(marked)} cells marked",) if marked else ("no blank cell to mark",)
    return Damaged("marks", seed, "\n".join(lines) + "\n",
                   printed_expectations(spec, tables, _blanks(style), marked), notes=notes)


# -- label variants (template.md's other damage) ----------------------------------------------------

_ORDINAL = re.compile(r"^（([一二三四五六七])）")
_NUMBERED = re.compile(r"^(\d)\.")


def halfwidth_label(text: str) -> str:
    """Given a label, return it with half-width numbering and a space after it (「(一) 予以公开」,
    「1. 属于国家秘密」) and straight quotes (「危及"三安全一稳定"」)."""
    text = _ORDINAL.sub(r"(\1) ", text)
    text = _NUMBERED.sub(r"\1. ", text)
    return text.replace("“", '"').replace("”", '"')


def spaced_label(text: str) -> str:
    """Given a label, return it with a space between adjacent CJK characters (「自 然 人」)."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", " ", text)


def label_variants(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export with the label variants of
    template.md: spaced characters (「自 然 人」, 「结果 维持」), half-width numbering
    (「(一) 予以公开」, 「1. 属于国家秘密」), 「规范性文件」 for 行政规范性文件, long labels broken over
    two cells, figures shifted right by an empty cell a merged header left, amounts with their
    unit (「5949.088667万元」), a positive 本年增/减 with its sign (「+2」)."""
    rng = _rng("label_variants", seed)
    tables = spec_tables(spec)
    rows = all_rows(tables)
    labels: dict[str, str] = {}
    headers = {c for ts in tables.values() for t in ts for r in t.header for c in r if c}
    # Sorted: a set's order changes between runs, and the draws below must not.
    for text in sorted(headers):
        if text in T3_ORG_LABELS or text in ("自然人", "法人或其他组织") or rng.random() < 0.3:
            labels[text] = spaced_label(text)
    for label in ("结果维持", "结果纠正", "其他结果", "尚未审结"):
        labels[label] = label[:2] + " " + label[2:]
    for row in rows:
        for text in row.path:
            if text in labels:
                continue
            if rng.random() < 0.15 and len(text) <= 12:
                labels[text] = spaced_label(text)
            else:
                labels[text] = halfwidth_label(text)
    if spec.format == "2021":
        labels["行政规范性文件"] = "规范性文件"
    long_labels = [r.path[-1] for r in rows if r.table == "t3" and len(r.path[-1]) >= 12]
    broken = frozenset(labels.get(t, t) for t in rng.sample(long_labels, k=min(2, len(long_labels))))
    full = [r.key for r in rows if r.table != "t4" and all(v is not None for v in r.values)]
    shift = frozenset(rng.sample(full, k=min(len(full), rng.randint(2, 5))))
    style = LineStyle(labels=labels, shift=shift, units=True, plus=True, broken=broken)
    lines = spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    notes = (f"shifted: {sorted(shift)}", f"broken: {sorted(broken)}")
    return Damaged("label_variants", seed, "\n".join(lines) + "\n",
                   printed_expectations(spec, tables), notes=notes)


# -- what pdfplumber's extract_text makes of a ruled table with wrapped cells -----------------------

def wrap(text: str, width: int) -> list[str]:
    """Given a text and a width, return it cut into lines of that many characters."""
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def _wrapped_row(labels: Sequence[str], figures: str, width: int, rng: random.Random,
                 ) -> list[str]:
    """Given a row's own label (and any group label before it), its figures as one string and a
    cell width, return its lines as a PDF's text layer gives them: a long label wraps, and the
    figures sit on its first line, alone between its parts (centred in a tall cell) or on its
    last line."""
    *groups, own = labels
    parts = wrap(own, width)
    lead = " ".join(groups)
    if len(parts) == 1:
        return [" ".join(t for t in (lead, own, figures) if t)]
    place = rng.choice(["first", "between", "last"])
    if place == "first":
        lines = [f"{parts[0]} {figures}"] + parts[1:]
    elif place == "last":
        lines = parts[:-1] + [f"{parts[-1]} {figures}"]
    elif len(parts) == 2:
        lines = [parts[0], figures, parts[1]]
    else:
        lines = [parts[0], f"{parts[1]} {figures}"] + parts[2:]
    if lead:
        lines[0] = f"{lead} {lines[0]}"
    return lines


def _t3_pdf_lines(table: Table, rng: random.Random) -> list[str]:
    """Given table 3, return it as pdfplumber's extract_text gives a ruled table with wrapping
    cells: the header's long cells cut over two lines, long labels wrapped, the merged vertical
    label 三、本年度办理结果 one character a line between the rows, and each group label
    (「（三）不予公开」) cut in two, its halves in front of two of its rows
    (「（四）无 1.本机关不掌握…」 / 「法提供 2.没有现成信息…」)."""
    note = T3_NOTE
    half = len(note) // 2
    orgs = [(t[:-1], t[-1:]) if len(t) == 4 else (t[:-2], t[-2:]) if len(t) > 4 else (t, "")
            for t in T3_ORG_LABELS]
    lines = ["申请人情况", f"{note[:half]} 法人或其他组织", note[half:], "自然人 总计",
             " ".join(a for a, _ in orgs), " ".join(b for _, b in orgs if b)]
    width = rng.randint(12, 16)
    row_blocks: list[list[str]] = []
    for row in table.rows:
        # A blank cell leaves nothing in a text layer.
        text = " ".join(value_text(v) for v in row.values if v is not None)
        row_blocks.append(_wrapped_row([row.path[-1]], text, width, rng))
    # Group labels: (depth, first row, last row, text) of every merged label.
    groups = []
    for depth in (0, 1):
        start = None
        for i, row in enumerate(table.rows + (None,)):
            same = (row is not None and start is not None and len(row.path) > depth + 1
                    and len(table.rows[start].path) > depth + 1
                    and row.path[depth] == table.rows[start].path[depth])
            if same:
                continue
            if start is not None and len(table.rows[start].path) > depth + 1:
                groups.append((depth, start, i - 1, table.rows[start].path[depth]))
            start = i if row is not None else None
    for depth, first, last, text in groups:
        if depth == 1:
            cut = 4 if len(text) > 4 else len(text)
            middle = (first + last) // 2
            row_blocks[middle][0] = f"{text[:cut]} {row_blocks[middle][0]}"
            if text[cut:]:
                if middle + 1 <= last and rng.random() < 0.6:
                    row_blocks[middle + 1][0] = f"{text[cut:]} {row_blocks[middle + 1][0]}"
                else:
                    row_blocks[middle].append(text[cut:])
    for depth, first, last, text in groups:
        if depth == 0:
            pieces = [text[:2]] + list(text[2:]) if text[1:2] == "、" else list(text)
            span = last - first + 1
            start = first + max(0, (span - len(pieces)) // 2)
            for k, piece in enumerate(pieces):
                at = min(start + k, last)
                row_blocks[at].insert(0, piece)
    return lines + [line for block in row_blocks for line in block]


def _t4_pdf_lines(table: Table, rng: random.Random) -> list[str]:
    """Given table 4, return it as a text layer gives it: 行政复议 / 行政诉讼, the kinds of suit,
    then the column labels cut over two lines and read out of order (「结果 结果 其他结 尚未」 over
    「维持 纠正 果 审结」, the second line sometimes reversed: 「… 结 审 果 正 纠 持 维」)."""
    labels = [label for _, label in T4_COLUMNS] * 3
    tops = [label[:2] if len(label) > 2 else label for label in labels]
    bottoms = [label[2:] for label in labels if len(label) > 2]
    if rng.random() < 0.5:
        bottoms = [piece[::-1] for piece in reversed(bottoms)]
    row = table.rows[0]
    values = " ".join(value_text(v) for v in row.values if v is not None)
    return ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", " ".join(tops), " ".join(bottoms), values]


def _t2_pdf_lines(table: Table, rng: random.Random) -> list[str]:
    item = table.header[0][0]
    columns = [c for c in table.header[1][1:] if c]
    if rng.random() < 0.5 and all(len(c) > 4 for c in columns):
        head = [f"信息内容 {' '.join(c[:-2] for c in columns)}", " ".join(c[-2:] for c in columns)]
    else:
        head = ["信息内容 " + " ".join(columns)]
    lines = [item.replace("第二十条第", "第二十条 第")] + head
    for row in table.rows:
        lines.append(" ".join([row.path[-1]] + [value_text(v) for v in row.values if v is not None]))
    return lines


def wrapped_labels(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return the report as a PDF's text layer (pdfplumber's
    extract_text) gives it: paragraphs cut at the page's width, space-separated cells, long
    labels wrapped with the figures on the first, middle or last of their lines, merged vertical
    labels one character a line or cut in two and interleaved with their neighbours, table 4's
    header scrambled."""
    rng = _rng("wrapped_labels", seed)
    tables = spec_tables(spec)
    width = rng.randint(26, 32)
    lines: list[str] = []
    for kind, block in narrative_blocks(spec, tables):
        if kind == "title":
            agency = spec_agency(spec)
            if agency and spec.title.startswith(agency) and rng.random() < 0.6:
                lines += [agency, spec.title[len(agency):].strip()]
            else:
                lines.append(block)
        elif kind == "heading":
            lines.append(block)
        elif kind == "paragraph":
            lines += wrap(block, width)
        elif block.table == "t3":
            lines += _t3_pdf_lines(block, rng)
        elif block.table == "t4":
            lines += _t4_pdf_lines(block, rng)
        else:
            lines += _t2_pdf_lines(block, rng)
    return Damaged("wrapped_labels", seed, "\n".join(lines) + "\n",
                   printed_expectations(spec, tables, "dropped"))


# -- a table that ends early ------------------------------------------------------------------------

def ends_early(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export of the report with table 3 ending
    early (after a random row past （二）部分公开, like Panyu's) and, for some seeds, table 2's last
    block missing: rows missing altogether, whose cells are missing, never 0."""
    rng = _rng("ends_early", seed)
    tables = spec_tables(spec)
    notes = []
    t3 = next((t for t in tables.get(2, []) if t.table == "t3"), None)
    if t3 and len(t3.rows) > 6:
        keep = rng.randint(4, len(t3.rows) - 2)
        tables[2] = [Table("t3", t3.header, t3.rows[:keep], t3.label_cols)]
        notes.append(f"table 3 ends after {t3.rows[keep - 1].key}")
    if len(tables.get(1, [])) > 1 and rng.random() < 0.5:
        notes.append(f"table 2 without {tables[1][-1].rows[0].key}")
        tables[1] = tables[1][:-1]
    style = LineStyle()
    lines = spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    return Damaged("ends_early", seed, "\n".join(lines) + "\n", printed_expectations(spec, tables),
                   notes=tuple(notes))


# -- blank cells in a tab-separated table ------------------------------------------------------------

def tab_blanks(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export of a Word table whose zeros are left
    blank (template.md: a blank applicant cell where the printed cells of its row already add up to
    the printed 总计 is 0; an empty field between two tabs is a blank cell, not a gap): every 0
    applicant cell of table 3 and every 0 result of table 4 blank (even seed) or about half of
    them, zero totals too (odd seed), and one or two non-zero 总计 of table 3 left blank as well —
    a blank total beside non-zero cells, which nothing settles. A blank the arithmetic settles is
    read as 0; any other stays no figure."""
    rng = _rng("tab_blanks", seed)
    cells = dict(spec.cells)
    zero_kept: set[str] = set()
    candidates = [a for a, v in cells.items() if a.startswith(("t3.", "t4.")) and v is not None
                  and _same_number(v, 0)]
    for a in sorted(candidates):
        total = a.endswith(".total")
        if seed % 2 == 0 and not total or seed % 2 == 1 and rng.random() < 0.5:
            cells[a] = None
            zero_kept.add(a)
    rows = [a.rsplit(".", 1)[0] for a in cells if a.startswith("t3.") and a.endswith(".total")
            and cells[a] is not None and not _same_number(cells[a], 0)]
    blank_totals = rng.sample(sorted(rows), k=min(len(rows), rng.randint(1, 2)))
    for row in blank_totals:
        cells[f"{row}.total"] = None
    blanked = replace(spec, cells=cells, blank_zero=spec.blank_zero | zero_kept)
    tables = spec_tables(blanked)
    lines = spec_to_lines(blanked, tables, lambda t: table_lines(t, LineStyle()))
    notes = (f"{len(zero_kept)} zeros printed blank", f"blank totals: {blank_totals}")
    return Damaged("tab_blanks", seed, "\n".join(lines) + "\n", printed_expectations(blanked, tables, "fields"),
                   notes=notes)


# -- table 二 printed inside section 一 -----------------------------------------------------------------

def table2_in_section1(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export that prints table 二 inside section
    一, under 「（一）主动公开政府信息的数量」 and a sentence ending 「统计如下：」, before the rest of
    section 一's paragraphs; the 「二、主动公开政府信息情况」 heading is left out (even seed) or printed
    later over one sentence pointing back (odd seed). Template.md: each table is found wherever
    the report prints it, section headings or not."""
    tables = spec_tables(spec)
    t2 = tables.get(1, [])
    style = LineStyle()
    lines: list[str] = [spec.title, ""] + [line for p in spec.preamble for line in (p, "")]
    for index, (heading, paragraphs) in enumerate(spec.sections):
        if index == 1:
            if seed % 2 == 1:
                lines += [heading or "二、主动公开政府信息情况", "",
                          "本年度主动公开政府信息的具体数量详见本报告“一、总体情况”第（一）部分的统计表。", ""]
            lines += [line for p in paragraphs for line in (p, "")]
            continue
        if heading:
            lines += [heading, ""]
        if index == 0:
            lines += [line for p in paragraphs[:1] for line in (p, "")]
            lines += ["（一）主动公开政府信息的数量", "", "本年度主动公开政府信息情况统计如下：", ""]
            for table in t2:
                lines += table_lines(table, style)
            lines += [""] + [line for p in paragraphs[1:] for line in (p, "")]
            continue
        lines += [line for p in paragraphs for line in (p, "")]
        for table in tables.get(index, ()):
            lines += table_lines(table, style) + [""]
    notes = ("二 heading left out" if seed % 2 == 0 else "二 heading points back to 一",)
    return Damaged("table2_in_section1", seed, "\n".join(lines) + "\n",
                   printed_expectations(spec, tables, "fields"), notes=notes)


# -- amounts with their decimals ----------------------------------------------------------------------

def amount_decimals(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export whose amounts (本年收费金额 in 万元,
    2019's 采购总金额 in 元) print trailing zeros to four decimals (「2.8500」, 「0.00」 for 0) with
    their unit beside them (even seed) or grouped by thousands (「1,436.2871」, odd seed), and the
    number of procurements with its measure word (「58笔」). An amount is read as the number it
    prints: trailing zeros, commas and units change nothing."""
    def amount(value: Value) -> str:
        text = value_text(value)
        whole, _, decimals = text.partition(".")
        decimals = (decimals + "0000")[:max(4, len(decimals))] if decimals else "00"
        if seed % 2 == 1:
            whole = f"{int(whole):,}"
        return f"{whole}.{decimals}"

    tables = spec_tables(spec)
    style = LineStyle(units=seed % 2 == 0, amount=amount, count_word="笔")
    lines = spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    return Damaged("amount_decimals", seed, "\n".join(lines) + "\n", printed_expectations(spec, tables, "fields"))


# -- （六）其他处理 printed as one row ---------------------------------------------------------------------

_OTHER_SUBROWS = ("other.no_correction", "other.fee_unpaid", "other.other")


def one_row_other(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export of a 2021-format report that prints
    （六）其他处理 as one row (as the 2019 format has it, and as many bodies still do): its figures
    are the sums of the three sub-rows, whose cells are then not printed (missing, never 0). Spaces
    separate the cells for an odd seed where no row has a blank. A report without the three
    sub-rows printed whole (or of the 2019 format) is printed as it is."""
    tables = spec_tables(spec)
    t3 = next((t for t in tables.get(2, []) if t.table == "t3"), None)
    subs = [r for r in t3.rows if r.key.removeprefix("t3.") in _OTHER_SUBROWS] if t3 else []
    extra: dict[str, Expectation] = {}
    notes: tuple[str, ...] = ("printed as it is: no three （六） sub-rows to join",)
    def figure(row: Row, j: int) -> Value:
        # A blank gold has as 0 (the row's total settles it) counts as the 0 it is.
        return 0 if row.values[j] is None and row.addresses[j] in spec.blank_zero else row.values[j]

    if t3 is not None and spec.format == "2021" and len(subs) == 3 and \
            all(figure(r, j) is not None for r in subs for j in range(len(T3_COLUMNS))):
        sums = tuple(sum(figure(r, j) for r in subs) for j in range(len(T3_COLUMNS)))  # type: ignore[misc]
        one = Row("t3", subs[0].path[:2], tuple(f"t3.other.{c}" for c in T3_COLUMNS), sums)
        at = t3.rows.index(subs[0])
        rows = tuple(r for r in t3.rows if r not in subs)
        tables[2] = [Table("t3", t3.header, rows[:at] + (one,) + rows[at:], t3.label_cols)]
        extra = {a: Expectation("exact", v, "（六） printed as one row") for a, v in zip(one.addresses, sums)}
        notes = (f"（六） printed as one row: {sums}",)
    full = not any(v is None for row in all_rows(tables) for v in row.values)
    style = LineStyle(sep=" " if seed % 2 == 1 and full else "\t")
    lines = spec_to_lines(spec, tables, lambda t: table_lines(t, style))
    expect = printed_expectations(spec, tables, _blanks(style))
    for address in list(expect):
        if address.removeprefix("t3.").rsplit(".", 1)[0] in _OTHER_SUBROWS and extra:
            expect[address] = Expectation("absent", why="（六） is one row in the print, not its sub-rows")
    expect = {a: e for a, e in expect.items() if a not in extra}
    return Damaged("one_row_other", seed, "\n".join(lines) + "\n", expect, notes=notes, extra=extra)


# -- the body's name misread in the title -------------------------------------------------------------

#: Characters OCR takes for others of like shape (a character, then what it is misread as).
OCR_LOOKALIKES = {"沭": "沐", "未": "末", "土": "士", "王": "玉", "禺": "禹", "理": "埋", "己": "已",
                  "街": "衔", "县": "具", "市": "币", "区": "匹", "人": "入", "大": "太", "江": "汪",
                  "管": "营", "檀": "擅", "镇": "填", "资": "姿", "康": "唐", "健": "键", "湾": "弯"}


def name_misread(spec: ReportSpec, seed: int) -> Damaged:
    """Given a spec and a seed, return a tab-separated export whose title misreads one character
    of the body's name as one of like shape (「沐阳县」 for 「沭阳县」, as OCR of a scanned title does),
    while the report's own words print the name right: a sentence of section 一, one of section
    五, and the signature above the date (added where the report has none). The report settles the name: it is gold's, not the title's misreading. A name
    with no such character in its core is printed as it is."""
    rng = _rng("name_misread", seed)
    tables = spec_tables(spec)
    agency = spec_agency(spec)
    title, notes = spec.title, ("printed as it is: no look-alike character in the name",)
    sections = [list(p) for _, p in spec.sections]
    if agency and agency in re.sub(r"\s+", "", title):
        core = agency_core(agency)
        offset = agency.index(core)
        spots = [offset + i for i, ch in enumerate(core) if ch in OCR_LOOKALIKES]
        if spots:
            i = rng.choice(spots)
            misread = agency[:i] + OCR_LOOKALIKES[agency[i]] + agency[i + 1:]
            title = re.sub(r"\s+", "", title).replace(agency, misread, 1)
            notes = (f"title prints 「{misread}」",)
            year = spec_year(spec) or 2023
            sections[0][:0] = [f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，"
                               "扎实推进政府信息公开工作。"]
            sections[4] += [f"{year + 1}年，{agency}将进一步加强政府信息公开工作。"]
            if not spec.sections[-1][1] or not re.fullmatch(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",
                                                             spec.sections[-1][1][-1].strip()):
                sections[-1] += [agency, f"{year + 1}年1月{rng.randint(10, 28)}日"]
    named = replace(spec, title=title, sections=tuple((h, tuple(p)) for (h, _), p in zip(spec.sections, sections)))
    lines = spec_to_lines(named, tables, lambda t: table_lines(t, LineStyle()))
    return Damaged("name_misread", seed, "\n".join(lines) + "\n", printed_expectations(spec, tables, "fields"),
                   notes=notes)


#: Every generator by name, in template.md's order of damage.
GENERATORS: dict[str, Callable[[ReportSpec, int], Damaged]] = {
    "one_line_glued": one_line_glued,
    "stray_spaces": stray_spaces,
    "crawler_header": crawler_header,
    "breadcrumbs": breadcrumbs,
    "markdown_split": markdown_split,
    "pieces": pieces,
    "misprints": misprints,
    "marks": marks,
    "label_variants": label_variants,
    "wrapped_labels": wrapped_labels,
    "ends_early": ends_early,
    "tab_blanks": tab_blanks,
    "table2_in_section1": table2_in_section1,
    "amount_decimals": amount_decimals,
    "one_row_other": one_row_other,
    "name_misread": name_misread,
}


# --------------------------------------------------------------------------------------------------
# The gold reports as specs
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldReport:
    """One gold file: its id (the stem, with its folder's parent after an 「@」 when an earlier
    folder has the stem with other cells), the gold JSON and the report file it describes."""

    id: str
    gold_json: Path
    gold: Mapping
    source: Optional[Path]


def report_source(gold_json: Path, gold: Mapping) -> Optional[Path]:
    """Given a gold file and its JSON, return the report it describes: ``file`` is relative to
    the fixtures folder above ``gold/`` (or to /work/shared for the development set)."""
    for root in (gold_json.parent.parent, gold_json.parent.parent.parent):
        if (root / gold["file"]).is_file():
            return root / gold["file"]
    return None


def gold_reports(dirs: Sequence[Path] = GOLD_DIRS) -> list[GoldReport]:
    """Given gold folders, return every gold report in them; a folder that does not exist is
    skipped, and a file with the stem and cells of one already taken is the same report."""
    out: list[GoldReport] = []
    for folder in map(Path, dirs):
        for gold_json in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            gold = json.loads(gold_json.read_text(encoding="utf-8"), parse_float=Decimal)
            same_stem = [r for r in out if r.id.split("@")[0] == gold_json.stem]
            if any(r.gold["cells"] == gold["cells"] for r in same_stem):
                continue
            rid = f"{gold_json.stem}@{folder.parent.name}" if same_stem else gold_json.stem
            out.append(GoldReport(rid, gold_json, gold, report_source(gold_json, gold)))
    return out


_GENERIC_SECTIONS = (
    ("一、总体情况", ("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",)),
    ("二、主动公开政府信息情况", ()),
    ("三、收到和处理政府信息公开申请情况", ()),
    ("四、政府信息公开行政复议、行政诉讼情况", ()),
    ("五、存在的主要问题及改进情况", ("政策解读的形式还不够丰富，下一步将持续改进。",)),
    ("六、其他需要报告的事项", ("本年度未收取信息处理费。",)),
)


def spec_from_gold(gold: Mapping) -> ReportSpec:
    """Given a gold JSON, return a spec of its cells with a short generic narrative, for a report
    whose own narrative cannot be recovered. A row gold leaves all blank is not printed."""
    format = gold.get("format", "2021")
    blank_zero = frozenset(gold.get("blank_zero") or ())
    cells = printed_cells(gold["cells"], gold.get("ambiguous") or (), format)
    return ReportSpec(title=f"{gold['agency']}{gold['year']}年政府信息公开工作年度报告",
                      sections=_GENERIC_SECTIONS,
                      cells={a: None if a in blank_zero else v for a, v in cells.items()},
                      format=format, blank_zero=blank_zero)


def spec_for(report: GoldReport) -> ReportSpec:
    """Given a gold report, return the spec the generators print: the report's own title and
    narrative (reportgen.spec_from_seed) when its source is there and they can be recovered (the
    title names gold's year, at least three section headings are found), else gold's cells with a
    generic narrative."""
    if report.source is not None:
        spec = spec_from_seed(report.source, report.gold_json)
        if str(report.gold["year"]) in spec.title and sum(1 for h, _ in spec.sections if h) >= 3:
            return spec
    return spec_from_gold(report.gold)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Print one damaged text: ``damage.py STEM GENERATOR SEED`` (``--expect`` adds every cell's
    expectation)."""
    args = list(sys.argv[1:] if argv is None else argv)
    show = "--expect" in args
    args = [a for a in args if a != "--expect"]
    if len(args) != 3 or args[1] not in GENERATORS:
        print(f"usage: damage.py STEM GENERATOR SEED [--expect]; generators: {', '.join(GENERATORS)}",
              file=sys.stderr)
        return 2
    reports = {r.id: r for r in gold_reports()}
    if args[0] not in reports:
        print(f"damage.py: expected a gold stem in {', '.join(reports)}, got {args[0]}", file=sys.stderr)
        return 2
    damaged = GENERATORS[args[1]](spec_for(reports[args[0]]), int(args[2]))
    print(damaged.text)
    for note in damaged.notes:
        print(f"# {note}", file=sys.stderr)
    if show:
        for address, want in damaged.expect.items():
            print(f"{address}\t{want.kind}\t{want.value}\t{want.why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
