"""Figures read from one report: what a row and column asked about mean in a report's format (the
cells they are, or add up), and the sentence that gives one report's figure with where it stands.

A missing cell is missing and an ambiguous one ambiguous: neither is ever read as 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from index import Store
from ingest import FORMATS_BY_NAME, LEGAL_ENTITY_COLS
from model import CatalogEntry, Cell, Note, Number
from phrasing import format_number as fmt_number
from phrasing import location_text, note_text, report_name, say, table_name
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


@dataclass(frozen=True)
class Reading:
    """A figure read from one report: status (ok/missing/ambiguous), value, and every cell in it."""

    entry: CatalogEntry
    figure: Figure
    status: str
    value: Optional[Number]
    cells: Tuple[Cell, ...]


def read_figure(store: Store, entry: CatalogEntry, figure: Figure) -> Reading:
    """Given a report and a figure, return it read from the stored cells (a sum when several)."""
    if not figure.addresses:
        return Reading(entry, figure, "missing", None, ())
    cells = []
    for a in figure.addresses:
        c = store.cell(entry.id, a)
        cells.append(c if c is not None else Cell(a, "missing", None, "", "", "", notes=(Note.of("not_in_format"),)))
    statuses = {c.status for c in cells}
    if "ambiguous" in statuses:
        return Reading(entry, figure, "ambiguous", None, tuple(cells))
    if "missing" in statuses:
        return Reading(entry, figure, "missing", None, tuple(cells))
    return Reading(entry, figure, "ok", sum(c.value for c in cells if c.value is not None), tuple(cells))


def entry_name(entry: CatalogEntry, lang: str) -> str:
    return report_name(entry.ref, lang)


def unit_of(address: str, lang: str) -> str:
    """The unit a figure at this address is counted in: 件 for applications and cases, 万元 for amounts."""
    col = address.rsplit(".", 1)[-1]
    if col == "amount":
        return say(lang, "万元", "")  # the English label already says "(10,000 yuan)"
    if col in ("change", "prev_items", "items"):
        return say(lang, "项", "")
    return say(lang, "件", "")


def cell_place(c: Cell, lang: str, kind: Optional[str] = None) -> str:
    page = location_text(kind, c.page, c.line, lang, has_box=c.bbox is not None)
    # A figure read by OCR from a scan says so wherever it is given.
    ocr = say(lang, "，扫描件OCR识别", ", read by OCR from a scan") if c.ocr else ""
    return say(lang, f"表{c.table}“{c.row_label}”行“{c.col_label}”列{('，' + page) if page else ''}{ocr}",
               f"{table_name(c.table, 'en')}, row “{c.row_label}”, column “{c.col_label}”{(', ' + page) if page else ''}{ocr}")


def reading_sentence(r: Reading, lang: str) -> str:
    """One sentence for one report's figure: the figure and where it stands, or why there is none."""
    who = entry_name(r.entry, lang)
    label = r.figure.label_zh if lang == "zh" else r.figure.label_en
    if r.status == "ok":
        unit = unit_of(r.cells[0].address, lang)
        if len(r.cells) == 1:
            where = cell_place(r.cells[0], lang, r.entry.kind)
            return say(lang, f"{who}：{label} {fmt_number(r.value)}{unit}（{where}）。",
                       f"{who}: {label}: {fmt_number(r.value)}{unit} ({where}).")
        parts = " + ".join(fmt_number(c.value) for c in r.cells)
        return say(lang, f"{who}：{label}共 {fmt_number(r.value)}{unit}（表{r.cells[0].table}中 {len(r.cells)} 个单元格之和："
                         f"{parts}）。", f"{who}: {label}: {fmt_number(r.value)} in all (the sum of {len(r.cells)} cells "
                                       f"of {table_name(r.cells[0].table, 'en')}: {parts}).")
    if r.figure.unavailable:
        return say(lang, f"{who}：{r.figure.unavailable}，报告没有这个数字。",
                   f"{who}: the report does not give this figure ({r.figure.unavailable}).")
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
