"""Figures read from one report: what a row and column asked about mean in a report's format (the
cells they are, or add up), and the sentence that gives one report's figure with where it stands.

A missing cell is missing and an ambiguous one ambiguous: neither is ever read as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Dict, Iterable, List, Optional, Protocol, Sequence, Set, Tuple

from index import Store
from ingest import FORMATS_BY_NAME, LEGAL_ENTITY_COLS
from model import CatalogEntry, Cell, Note, Number
from phrasing import amount_text, location_text, note_text, report_name, say, table_name, unit_text
from phrasing import format_number as fmt_number
from retrieval.lexicon import T2_COLS, T4_COLS, Concept

# ---------------------------------------------------------------- figures to addresses


@dataclass(frozen=True)
class Figure:
    """A figure asked of one report: the cells it is (one) or adds up (several), and its name."""

    addresses: Tuple[str, ...]
    label_zh: str
    label_en: str
    unavailable: str = ""  # why this report's format has no such figure


def concept_to_figures(row: Concept, col: Optional[Concept], fmt_name: str) -> List[Figure]:
    """Given a row and column asked about and a report's format, return the figure(s) they can mean.

    One figure is the answer; several mean the question must be clarified (「规范性文件多少件」: issued,
    repealed or in force?).
    """
    fmt = FORMATS_BY_NAME[fmt_name]
    if row.kind in ("row", "group"):
        if row.kind == "row":
            keys = [s.key for s in fmt.t3 if s.key == row.key]
        else:
            keys = [s.key for s in fmt.t3 if s.key == row.key or s.key.startswith(row.key + ".")]
        if not keys:
            return [Figure((), row.label_zh, row.label_en,
                           unavailable=say("zh", f"{fmt_name}年格式的报告没有“{row.label_zh}”这一行",
                                           f"the {fmt_name} format has no row for {row.label_en}"))]
        if col is None or col.kind not in ("col", "cols"):
            cols, col_zh, col_en = ["total"], "", ""
        elif col.kind == "cols":
            # 法人或其他组织 is every column but natural persons; other sums name their columns.
            named = list(LEGAL_ENTITY_COLS) if col.key == "legal_entities" else col.key.split("+")
            cols, col_zh, col_en = named, col.label_zh, col.label_en
        else:
            cols, col_zh, col_en = [col.key], col.label_zh, col.label_en
        addrs = tuple(f"t3.{k}.{c}" for k in keys for c in cols)
        return [Figure(addrs, row.label_zh + (f"（{col_zh}）" if col_zh else ""),
                       row.label_en + (f" ({col_en})" if col_en else ""))]
    if row.kind == "t2row":
        spec = next((s for s in fmt.t2 if s.key == row.key), None)
        if spec is None:
            return [Figure((), row.label_zh, row.label_en,
                           unavailable=f"{fmt_name}年格式的表二没有“{row.label_zh}”")]
        if col is not None and col.kind == "t2col" and col.key in spec.cols:
            return [Figure((spec.address(col.key),), f"{row.label_zh}{col.label_zh}", f"{row.label_en}, {col.label_en}")]
        if col is not None and col.kind == "t2col":
            # 「行政许可 上年项目数量」 of a 2021-format report: the column asked is not in its table 2
            # (the 2019 format's) — said, never answered with the column it has.
            return [Figure((), f"{row.label_zh}{col.label_zh}", f"{row.label_en}, {col.label_en}",
                           unavailable=say("zh", f"{fmt_name}年格式的表二“{row.label_zh}”没有“{col.label_zh}”这一栏",
                                           f"the {fmt_name} format's table 2 has no “{col.label_en}” column for {row.label_en}"))]
        if len(spec.cols) == 1:
            return [Figure((spec.address(spec.cols[0]),), row.label_zh, row.label_en)]
        names = {c.key: c for c in T2_COLS}
        return [Figure((spec.address(c),), f"{row.label_zh}{names[c].label_zh}", f"{row.label_en}, {names[c].label_en}")
                for c in spec.cols]
    if row.kind == "t4group":
        c = col.key if col is not None and col.kind == "t4col" else "total"
        cz = next((x.label_zh for x in T4_COLS if x.key == c), "总计")
        ce = next((x.label_en for x in T4_COLS if x.key == c), "total")
        if row.key == "suit":
            # Lawsuits asked of without saying which kind are both kinds: table 4 has no single
            # lawsuit figure, so the answer is their sum with both cells shown and cited.
            both = (f"t4.suit_direct.{c}", f"t4.suit_after_review.{c}")
            return [Figure(both, f"行政诉讼{cz}（未经复议直接起诉＋复议后起诉）",
                           f"administrative lawsuits, {ce} (filed directly + after reconsideration)")]
        return [Figure((f"t4.{row.key}.{c}",), f"{row.label_zh}{cz}", f"{row.label_en}, {ce}")]
    raise ValueError(f"not a row concept: {row.kind}")


# ---------------------------------------------------------------- one report's figure


class CellSource(Protocol):
    """Where a report's cells are read from: the store, or the store read a column at a time."""

    def cell(self, report_id: str, address: str) -> Optional[Cell]: ...


class ColumnReader:
    """A store's cells read one address across many reports at a time: a ranking across every body
    asks the same address of thousands of reports, one query an address instead of one a report.
    Good for one answer (the store may change after it)."""

    def __init__(self, store: Store, report_ids: Sequence[str]):
        self.store, self.report_ids, self.ids = store, tuple(report_ids), set(report_ids)
        self.read: Set[str] = set()
        self.got: Dict[Tuple[str, str], Cell] = {}

    def cell(self, report_id: str, address: str) -> Optional[Cell]:
        if report_id not in self.ids:
            return self.store.cell(report_id, address)
        if address not in self.read:
            self.got.update(self.store.cells_at(self.report_ids, [address]))
            self.read.add(address)
        return self.got.get((report_id, address))


@dataclass(frozen=True)
class Reading:
    """A figure read from one report: status (ok/missing/ambiguous), value, and every cell in it.

    ``one_row`` names the group (「（六）其他处理」) the report prints as one row where the template
    has sub-rows: the printed row's cells stand in ``cells``, and a figure asked of one sub-row is
    missing (the report does not break the row down) with the printed row given beside it."""

    entry: CatalogEntry
    figure: Figure
    status: str
    value: Optional[Number]
    cells: Tuple[Cell, ...]
    one_row: str = ""


def _one_row_group(cell: Cell) -> str:
    """The group a missing cell's report prints as one row (「其他处理」), or ""."""
    return next((n.arg("group") for n in cell.notes if n.code == "one_row_variant"), "") if cell.status == "missing" else ""


def _as_printed(store: CellSource, entry: CatalogEntry, cells: List[Cell]) -> Tuple[List[Cell], bool, str]:
    """The cells a figure is read from, as the report prints them: the sub-rows of a group the
    report prints as one row (2021-format reports that keep the 2019 （六）其他处理 row) become that
    row's cell of the same column. Returns (cells, whether every sub-row of each such group and
    column was asked — the figure is then the printed row's —, the group's label or "")."""
    group_label = ""
    out: List[Cell] = []
    whole = True
    wanted = {c.address for c in cells}
    for c in cells:
        label = _one_row_group(c)
        if not label:
            out.append(c)
            continue
        group_label = label
        parts = c.address.split(".")  # t3.other.no_correction.total
        group, col = parts[1], parts[-1]
        subs = [a for a in FORMATS_BY_NAME[entry.format].addresses() if a.startswith(f"t3.{group}.") and a.endswith(f".{col}")]
        whole = whole and all(a in wanted for a in subs)
        printed = store.cell(entry.id, f"t3.{group}.{col}")
        if printed is not None and printed not in out:
            out.append(printed)
    return out, whole, group_label


def read_figure(store: CellSource, entry: CatalogEntry, figure: Figure) -> Reading:
    """Given a report and a figure, return it read from the stored cells (a sum when several).

    A group the report prints as one row is read from that row: the whole group is its figure; one
    sub-row of it is missing, the printed row said beside it."""
    if not figure.addresses:
        return Reading(entry, figure, "missing", None, ())
    cells = []
    for a in figure.addresses:
        c = store.cell(entry.id, a)
        cells.append(c if c is not None else Cell(a, "missing", None, "", "", "", notes=(Note.of("not_in_format"),)))
    cells, whole, one_row = _as_printed(store, entry, cells)
    if one_row and not whole:
        return Reading(entry, figure, "missing", None, tuple(cells), one_row=one_row)
    statuses = {c.status for c in cells}
    if "ambiguous" in statuses:
        return Reading(entry, figure, "ambiguous", None, tuple(cells), one_row)
    if "missing" in statuses:
        return Reading(entry, figure, "missing", None, tuple(cells), one_row)
    return Reading(entry, figure, "ok", _exact_sum(c.value for c in cells if c.value is not None), tuple(cells), one_row)


def _exact_sum(values: Iterable[Number]) -> Number:
    """The sum of printed figures, exact (ints stay ints; a decimal makes the sum a decimal)."""
    total: Number = 0
    for v in values:
        total = total + v if isinstance(total, int) and isinstance(v, int) else Decimal(total) + Decimal(v)
    return total


def entry_name(entry: CatalogEntry, lang: str) -> str:
    return report_name(entry.ref, lang)


def unit_of(cell: Cell, lang: str) -> str:
    """The unit a cell's figure is given in: the unit the report prints for it (an amount's 元 or
    万元, ``Cell.unit``), else its table's: 件 for applications and cases, 项 for table 2's items."""
    if cell.unit:
        return unit_text(cell.unit, lang)
    col = cell.address.rsplit(".", 1)[-1]
    if col == "amount":
        return say(lang, "（报告未印出单位）", " (the report prints no unit)")
    if col in ("change", "prev_items", "items"):
        return say(lang, "项", "")
    return say(lang, "件", "")


def figure_text(value: Optional[Number], cell: Cell, lang: str, also: str = "") -> str:
    """A figure of a cell's kind with its unit as printed, an amount with its exact conversion
    beside it — to the unit the question asks in (``also``: 「251000元（即25.1万元）」), to yuan in
    English ("4863.52 万元 (= 48635200 yuan)")."""
    if cell.unit:
        return amount_text(value, cell.unit, lang, also)
    return fmt_number(value) + unit_of(cell, lang)


def cell_place(c: Cell, lang: str, kind: Optional[str] = None) -> str:
    page = location_text(kind, c.page, c.line, lang, has_box=c.bbox is not None)
    # A figure read by OCR from a scan says so wherever it is given.
    ocr = say(lang, "，扫描件OCR识别", ", read by OCR from a scan") if c.ocr else ""
    # A blank the printed arithmetic settles as 0 is given as 0 only with the reason said.
    settled = "".join(say(lang, "；", "; ") + note_text(n, lang) for n in c.notes if n.code.startswith("blank_zero"))
    return say(lang, f"表{c.table}“{c.row_label}”行“{c.col_label}”列{('，' + page) if page else ''}{ocr}{settled}",
               f"{table_name(c.table, 'en')}, row “{c.row_label}”, column “{c.col_label}”{(', ' + page) if page else ''}{ocr}"
               f"{settled}")


def reading_sentence(r: Reading, lang: str, also: str = "") -> str:
    """One sentence for one report's figure: the figure and where it stands, or why there is none."""
    who = entry_name(r.entry, lang)
    label = r.figure.label_zh if lang == "zh" else r.figure.label_en
    if r.status == "ok":
        unit = unit_of(r.cells[0], lang)
        if len(r.cells) == 1 and r.one_row:
            # A group the report prints as one row (「（六）其他处理」): that row is the figure.
            where = cell_place(r.cells[0], lang, r.entry.kind)
            return say(lang, f"{who}：{label} {figure_text(r.value, r.cells[0], lang)}（报告把“{r.one_row}”印成一行；{where}）。",
                       f"{who}: {label}: {figure_text(r.value, r.cells[0], lang)} (the report prints “{r.one_row}” as one "
                       f"row; {where}).")
        if len(r.cells) == 1:
            where = cell_place(r.cells[0], lang, r.entry.kind)
            shown = figure_text(r.value, r.cells[0], lang, also)
            return say(lang, f"{who}：{label} {shown}（{where}）。", f"{who}: {label}: {shown} ({where}).")
        parts = " + ".join(fmt_number(c.value) for c in r.cells)
        return say(lang, f"{who}：{label}共 {fmt_number(r.value)}{unit}（表{r.cells[0].table}中 {len(r.cells)} 个单元格之和："
                         f"{parts}）。", f"{who}: {label}: {fmt_number(r.value)} in all (the sum of {len(r.cells)} cells "
                                       f"of {table_name(r.cells[0].table, 'en')}: {parts}).")
    if r.figure.unavailable:
        return say(lang, f"{who}：{r.figure.unavailable}，报告没有这个数字。",
                   f"{who}: the report does not give this figure ({r.figure.unavailable}).")
    if r.one_row and r.status == "missing" and r.cells and all(c.status == "ok" for c in r.cells):
        printed = "、".join(f"{fmt_number(c.value)}件" for c in r.cells)
        where = cell_place(r.cells[0], lang, r.entry.kind)
        return say(lang, f"{who}：报告把“{r.one_row}”印成一行，没有分列{label}；印出的“{r.one_row}”为 {printed}（{where}）。",
                   f"{who}: the report prints “{r.one_row}” as one row and does not break it down by {label}; the "
                   f"printed row gives {', '.join(fmt_number(c.value) for c in r.cells)} ({where}).")
    bad = [c for c in r.cells if c.status == r.status]
    if r.status == "missing":
        where = "、".join(f"“{c.row_label}”" for c in bad[:3] if c.row_label)
        return say(lang, f"{who}：报告没有列出{label}的数字{('（' + where + '处为空或缺失）') if where else ''}。",
                   f"{who}: the report does not give the figure for {label}"
                   f"{(' (' + ', '.join(c.row_label for c in bad[:3] if c.row_label) + ' not printed)') if bad else ''}.")
    c = bad[0]
    cands = "、".join(fmt_number(v) for v in c.candidates) if c.candidates else ""
    why_zh = "；".join(note_text(n, "zh") for n in c.notes) or "原文无法确定这个数字"
    why_en = "; ".join(note_text(n, "en") for n in c.notes) or "the print cannot determine it"
    return say(lang, f"{who}：{label}无法确定——{why_zh}{('；可能是 ' + cands) if cands else ''}。",
               f"{who}: {label} cannot be determined from the print — {why_en}"
               f"{('; it could be ' + ', '.join(fmt_number(v) for v in c.candidates)) if cands else ''}.")
