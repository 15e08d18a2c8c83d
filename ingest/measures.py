"""The measures a reader can follow across bodies and years, as data, and the one mechanism that
reads a measure from a report's cells.

A measure is named as ``../shared/domain/cli.md`` names it (``python -m index series MEASURE``):

- a cell address of the template (``t3.new.total``, ``t2.fees.amount``, ``t4.review.corrected``);
- a group the template sums because it prints no subtotal: a row group of table 3
  (``t3.denied.total`` is the eight rows of （三）不予公开; also ``unavailable``, ``not_processed`` and
  ``other``), the column group 法人或其他组织 (``t3.new.legal_entities``: its five columns; also under a
  row group, ``t3.denied.legal_entities``), and 行政诉讼 as a whole (``t4.suit.total``: the two kinds of
  lawsuit);
- a rate the product computes (``RATES``: 予以公开率, 纠错率 …), a share in per cent of two of the
  above, its numerator's and denominator's cells cited.

Reading one (``measure_to_value``) follows the rules every answer follows: a sum is given only when
every part is there (a part missing makes it missing, never a smaller sum; a part ambiguous makes it
ambiguous); a rate whose denominator is 0 has no value. A report that prints （六）其他处理 as one row
(the 2019 format, and many 2021 reports) is read from that row.

This module is data and a small mechanism over ``model.Cell``: it reads no store, so the store's
command line, the page's data desk and the chat's understanding all use the same measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Dict, List, Literal, Mapping, Optional, Sequence, Tuple

from errors import MeasureError
from ingest.template import (
    FORMATS_BY_NAME,
    LEGAL_ENTITY_COLS,
    T2_COL_LABELS,
    T2_COL_LABELS_2019,
    T3_COL_LABELS,
    T3_COLS,
    T3_GROUP_LABELS,
    T4_COL_LABELS,
    T4_COLS,
    T4_GROUP_LABELS,
    T4_GROUPS,
    row_label,
)
from model import Cell, CellStatus, Note, Value

MeasureKind = Literal["cell", "sum", "rate"]

# ---------------------------------------------------------------- the data

#: Rows of table 3 the template groups under one heading without a subtotal row (2021 format).
T3_ROW_GROUPS: Dict[str, Tuple[str, ...]] = {
    group: tuple(r.key for r in FORMATS_BY_NAME["2021"].t3 if r.group == group)
    for group in ("denied", "unavailable", "not_processed", "other")
}
#: Column groups of table 3 with no printed column: 法人或其他组织 is its five columns.
T3_COL_GROUPS: Dict[str, Tuple[str, ...]] = {"legal_entities": LEGAL_ENTITY_COLS}
#: Groups of table 4 with no printed total: 行政诉讼 is both kinds of lawsuit.
T4_GROUP_SUMS: Dict[str, Tuple[str, ...]] = {"suit": ("suit_direct", "suit_after_review")}


@dataclass(frozen=True)
class Rate:
    """A share the product computes, in per cent: ``numerator`` over ``denominator``, each one or
    more measures (cells or groups) added up. ``zh`` and ``en`` name it as a reader does, ``of_zh``
    and ``of_en`` say what it divides."""

    name: str
    zh: str
    en: str
    numerator: Tuple[str, ...]
    denominator: Tuple[str, ...]
    of_zh: str
    of_en: str


RATES: Tuple[Rate, ...] = (
    Rate("granted_rate", "予以公开率", "share granted in full", ("t3.granted.total",), ("t3.total_handled.total",),
         "予以公开 ÷ 办理结果总计", "granted in full ÷ requests handled"),
    Rate("partial_rate", "部分公开率", "share partially granted", ("t3.partial.total",), ("t3.total_handled.total",),
         "部分公开 ÷ 办理结果总计", "partially granted ÷ requests handled"),
    Rate("disclosed_rate", "公开率", "share granted in full or in part", ("t3.granted.total", "t3.partial.total"),
         ("t3.total_handled.total",), "予以公开与部分公开之和 ÷ 办理结果总计",
         "(granted in full + partially granted) ÷ requests handled"),
    Rate("denied_rate", "不予公开率", "share refused", ("t3.denied.total",), ("t3.total_handled.total",),
         "不予公开（八项合计）÷ 办理结果总计", "refused (all eight grounds) ÷ requests handled"),
    Rate("corrected_rate", "行政复议纠错率", "reconsiderations corrected", ("t4.review.corrected",), ("t4.review.total",),
         "行政复议结果纠正 ÷ 行政复议总计", "reconsiderations corrected ÷ all reconsiderations"),
    Rate("suit_corrected_rate", "行政诉讼纠错率", "lawsuits corrected", ("t4.suit.corrected",), ("t4.suit.total",),
         "行政诉讼结果纠正 ÷ 行政诉讼总计（两类诉讼合计）", "lawsuits corrected ÷ all lawsuits (both kinds)"),
)
RATES_BY_NAME: Dict[str, Rate] = {r.name: r for r in RATES}
#: A rate may be asked for by its Chinese name too (「予以公开率」, 「纠错率」 is the reconsiderations').
RATE_ALIASES: Dict[str, str] = {**{r.zh: r.name for r in RATES}, "纠错率": "corrected_rate"}

#: English names of the template's rows, groups and columns (the page's English labels; the print's
#: own Chinese labels stay what a citation shows).
EN_ROWS: Dict[str, str] = {
    "new": "new requests", "carried_over": "carried over from last year", "granted": "granted in full",
    "partial": "partially granted", "denied": "refused", "unavailable": "could not be provided",
    "not_processed": "not processed", "other": "other handling", "total_handled": "requests handled",
    "carried_forward": "carried forward to next year",
    "denied.state_secret": "refused: state secret", "denied.prohibited_by_law": "refused: prohibited by law",
    "denied.security_stability": "refused: security and stability", "denied.third_party": "refused: third parties",
    "denied.internal_affairs": "refused: internal affairs", "denied.process_info": "refused: process information",
    "denied.enforcement_files": "refused: enforcement files", "denied.inquiry_matters": "refused: inquiry matters",
    "unavailable.not_held": "unavailable: not held", "unavailable.needs_creation": "unavailable: would need creating",
    "unavailable.unclear": "unavailable: still unclear",
    "not_processed.petition": "not processed: petitions", "not_processed.repeated": "not processed: repeated",
    "not_processed.publications": "not processed: publications", "not_processed.excessive": "not processed: excessive",
    "not_processed.reissue": "not processed: reissue", "other.no_correction": "closed: not supplemented",
    "other.fee_unpaid": "closed: fee unpaid", "other.other": "closed: other",
    "rules": "rules", "normative": "normative documents", "licensing": "licensing",
    "other_services": "other external services", "penalty": "penalties", "enforcement": "coercive measures",
    "fees": "administrative fees", "procurement": "government procurement",
    "review": "administrative reconsideration", "suit_direct": "lawsuits filed directly",
    "suit_after_review": "lawsuits after reconsideration", "suit": "lawsuits",
}
EN_COLS: Dict[str, str] = {
    "natural_person": "natural persons", "commercial": "commercial enterprises", "research": "research institutions",
    "public_interest": "public-interest organisations", "legal_services": "legal service providers",
    "other_org": "other organisations", "legal_entities": "legal persons and other organisations", "total": "total",
    "issued": "issued", "repealed": "repealed", "in_force": "in force", "decisions": "decisions",
    "amount": "amount", "made": "newly made", "published": "newly published", "total_public": "total made public",
    "prev_items": "items last year", "change": "change", "items": "items",
    "upheld": "upheld", "corrected": "corrected", "pending": "pending",
}
_TABLE_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}
_TABLE_EN = {"t2": "table 2", "t3": "table 3", "t4": "table 4"}


def cell_unit(address: str) -> str:
    """Given a cell address, return the unit its table counts it in when the print gives none: 万元
    for amounts (the template's 「单位：万元」), 项 for table 2's items and their change, 件 for
    everything else (applications, documents, decisions, cases)."""
    col = address.rsplit(".", 1)[-1]
    if address.startswith("t2.") and col == "amount":
        return "万元"
    if address.startswith("t2.") and col in ("prev_items", "change", "items"):
        return "项"
    return "件"


# ---------------------------------------------------------------- a measure


@dataclass(frozen=True)
class Measure:
    """A measure: its name (as the command line takes it), its kind, and what it adds up.

    ``terms`` are the addresses or groups added up (one for a cell); for a rate, ``terms`` is its
    numerator and ``over`` its denominator. ``unit`` is what its value is counted in (a rate's is
    %; a cell's printed unit, when it has one, is used instead of this)."""

    name: str
    kind: MeasureKind
    terms: Tuple[str, ...]
    over: Tuple[str, ...] = ()
    unit: str = "件"

    @property
    def table(self) -> str:
        """The table the measure is read from ("t2", "t3", "t4"; a rate's numerator's)."""
        return self.terms[0].split(".", 1)[0]


@dataclass(frozen=True)
class MeasureValue:
    """A measure read from one report: the value (a printed figure, a sum of them, or a computed
    rate), its status, every cell it rests on (in order: the terms', then the denominator's), the
    unit, and why there is no value when there is none (``note``: "zero_denominator" or the cells'
    own notes)."""

    value: Optional[Value]
    status: CellStatus
    cells: Tuple[Cell, ...]
    unit: str
    note: str = ""


def _split(name: str) -> Tuple[str, str, str]:
    """Given an address-like name, return (table, row, column); raise MeasureError when it is not one."""
    parts = name.split(".")
    if len(parts) < 3 or parts[0] not in ("t2", "t3", "t4"):
        raise MeasureError(f"unknown measure {name!r}: expected a cell address such as t3.new.total, a group such as "
                           f"t3.denied.total, or a rate ({', '.join(r.name for r in RATES)})", "measure_unknown",
                           name=name)
    return parts[0], ".".join(parts[1:-1]), parts[-1]


@lru_cache(maxsize=4)
def _known_rows(table: str) -> Dict[str, Tuple[str, ...]]:
    """Every row key of a table across the formats, with the columns it has."""
    out: Dict[str, Tuple[str, ...]] = {}
    for fmt in FORMATS_BY_NAME.values():
        for r in fmt.t2 + fmt.t3 + fmt.t3_variant:
            if r.table == table:
                out[r.key] = tuple(dict.fromkeys(out.get(r.key, ()) + r.cols))
    if table == "t4":
        out = {g: T4_COLS for g in T4_GROUPS}
    return out


def _check_term(name: str) -> None:
    """Raise MeasureError unless ``name`` is a cell address or a group of the template."""
    table, row, col = _split(name)
    rows = _known_rows(table)
    if table == "t3":
        if (row in rows or row in T3_ROW_GROUPS) and (col in T3_COLS or col in T3_COL_GROUPS):
            return
    elif table == "t4":
        if (row in rows or row in T4_GROUP_SUMS) and col in T4_COLS:
            return
    elif row in rows and col in rows[row]:
        return
    raise MeasureError(f"unknown measure {name!r}: {table} has no row {row!r} with a column {col!r}",
                       "measure_unknown", name=name)


def measure_named(name: str) -> Measure:
    """Given a measure's name (a cell address, a group, a rate's name or its Chinese name), return
    the measure; raise MeasureError, saying what was expected, for any other name."""
    name = name.strip()
    rate = RATES_BY_NAME.get(RATE_ALIASES.get(name, name))
    if rate is not None:
        for term in rate.numerator + rate.denominator:
            _check_term(term)
        return Measure(rate.name, "rate", rate.numerator, rate.denominator, "%")
    _check_term(name)
    table, row, col = _split(name)
    grouped = (table == "t3" and (row in T3_ROW_GROUPS or col in T3_COL_GROUPS)) or (table == "t4" and row in T4_GROUP_SUMS)
    return Measure(name, "sum" if grouped else "cell", (name,), (), cell_unit(name))


def term_addresses(term: str, cells: Mapping[str, Cell]) -> Tuple[str, ...]:
    """Given a cell address or group and a report's cells by address, return the addresses it adds
    up in that report: the cell itself when the report has it (a 2019 report's ``t3.other.total``,
    or a 2021 report that prints （六）其他处理 as one row), else the group's cells in template order."""
    if term in cells:
        return (term,)
    table, row, col = _split(term)
    rows: Tuple[str, ...] = (row,)
    if table == "t3" and row in T3_ROW_GROUPS and not any(f"t3.{row}.{c}" in cells for c in T3_COLS):
        # Not printed as one row (「（六）其他处理」 is, in some reports): the group's rows.
        rows = T3_ROW_GROUPS[row]
    elif table == "t4" and row in T4_GROUP_SUMS:
        rows = T4_GROUP_SUMS[row]
    cols: Tuple[str, ...] = T3_COL_GROUPS.get(col, (col,)) if table == "t3" else (col,)
    return tuple(f"{table}.{r}.{c}" for r in rows for c in cols)


def measure_addresses(measure: Measure) -> Tuple[str, ...]:
    """Given a measure, return every address it may read in some report: its terms' cells, the rows
    of its groups, and the one printed row a group may stand as (「（六）其他处理」) — what to read of
    a report to evaluate the measure in it (``measure_to_value`` needs no other cell)."""
    out: List[str] = []
    for term in measure.terms + measure.over:
        table, row, col = _split(term)
        cols = T3_COL_GROUPS.get(col, (col,)) if table == "t3" else (col,)
        rows: Tuple[str, ...] = (row,)
        if table == "t3" and row in T3_ROW_GROUPS:
            rows = (row,) + T3_ROW_GROUPS[row]
        elif table == "t4" and row in T4_GROUP_SUMS:
            rows = T4_GROUP_SUMS[row]
        out += [term] + [f"{table}.{r}.{c}" for r in rows for c in cols]
        if table == "t3" and row in T3_ROW_GROUPS and col in T3_COL_GROUPS:
            out += [f"t3.{row}.{c}" for c in T3_COLS]  # whether the group is printed as one row
    return tuple(dict.fromkeys(out))


def _read(addresses: Sequence[str], cells: Mapping[str, Cell]) -> Tuple[Optional[Value], CellStatus, List[Cell], str]:
    """Given addresses and a report's cells, return their sum (only when every one is there), its
    status, the cells (a cell the report's format does not have stands as missing) and the unit."""
    got: List[Cell] = []
    for a in addresses:
        c = cells.get(a)
        got.append(c if c is not None else Cell(a, "missing", None, "", "", "", notes=(Note.of("not_in_format"),)))
    statuses = {c.status for c in got}
    units = list(dict.fromkeys(c.unit or cell_unit(c.address) for c in got))
    unit = units[0] if len(units) == 1 else cell_unit(addresses[0])
    if "ambiguous" in statuses:
        return None, "ambiguous", got, unit
    if "missing" in statuses:
        return None, "missing", got, unit
    total: Value = sum((c.value for c in got if c.value is not None), 0)
    return total, "ok", got, unit


def measure_to_value(measure: Measure, cells: Mapping[str, Cell]) -> MeasureValue:
    """Given a measure and one report's cells by address, return the measure's value in that report
    with every cell it rests on.

    A sum is given only when every cell in it is ok (missing is missing, never a smaller sum); a rate
    is its numerator over its denominator in per cent, rounded to one decimal as the answers round
    shares, and has no value when the denominator is 0.
    """
    top = [a for t in measure.terms for a in term_addresses(t, cells)]
    value, status, got, unit = _read(top, cells)
    if measure.kind != "rate":
        return MeasureValue(value, status, tuple(got), unit)
    bottom = [a for t in measure.over for a in term_addresses(t, cells)]
    whole, whole_status, under, _ = _read(bottom, cells)
    both = tuple(got + under)
    if "ambiguous" in (status, whole_status):
        return MeasureValue(None, "ambiguous", both, "%")
    if value is None or whole is None:
        return MeasureValue(None, "missing", both, "%")
    if whole == 0:
        return MeasureValue(None, "missing", both, "%", "zero_denominator")
    return MeasureValue(share(value, whole), "ok", both, "%")


def share(part: Value, whole: Value) -> float:
    """Given a part and a whole (not 0), return the part in per cent of the whole, to one decimal."""
    exact = Decimal(str(part)) * 100 / Decimal(str(whole))
    return float(exact.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))


# ---------------------------------------------------------------- naming measures


def measure_label(measure: Measure, lang: str = "zh", fmt: str = "2021") -> str:
    """Given a measure, return what a reader calls it in Chinese ("zh") or English: a rate by its
    name and what it divides; a cell or group by its table, row and column (「表三 · （二）部分公开 ·
    总计」)."""
    if measure.kind == "rate":
        rate = RATES_BY_NAME[measure.name]
        return f"{rate.zh}（{rate.of_zh}）" if lang == "zh" else f"{rate.en} ({rate.of_en})"
    return _term_label(measure.terms[0], lang, fmt)


def _term_label(term: str, lang: str, fmt: str) -> str:
    t, row, col = _split(term)
    if lang != "zh":
        parts = [_TABLE_EN[t], EN_ROWS.get(row, row), EN_COLS.get(col, col)]
        return " · ".join(parts)
    if t == "t4":
        rlabel = T4_GROUP_LABELS.get(row, "行政诉讼") if row != "suit" else "行政诉讼（合计）"
        clabel = T4_COL_LABELS[col]
    elif t == "t3":
        if row in T3_ROW_GROUPS:
            rlabel = T3_GROUP_LABELS[row] + "（合计）"
        else:
            try:
                rlabel = row_label(f"t3.{row}.total", fmt)
            except KeyError:
                rlabel = row_label(f"t3.{row}.total", "2019" if fmt == "2021" else "2021")
        clabel = "法人或其他组织（合计）" if col in T3_COL_GROUPS else T3_COL_LABELS[col]
    else:
        try:
            rlabel = row_label(term, fmt)
        except KeyError:
            rlabel = row_label(term, "2019" if fmt == "2021" else "2021")
        labels = T2_COL_LABELS_2019 if fmt == "2019" else T2_COL_LABELS
        clabel = labels.get(col) or T2_COL_LABELS_2019.get(col) or T2_COL_LABELS.get(col, col)
    return " · ".join([_TABLE_ZH[t], rlabel, clabel])


def measure_names() -> Tuple[str, ...]:
    """Every measure a reader can pick, in the order a picker lists them: the rates, then the groups
    and cells of table 3 (its 总计 column first), table 4, table 2 (both formats' rows)."""
    out: List[str] = [r.name for r in RATES]
    t3_rows: List[str] = []
    for fmt in FORMATS_BY_NAME.values():
        for r in fmt.t3 + fmt.t3_variant:
            t3_rows.append(r.key)
    rows = list(dict.fromkeys(["new", "carried_over", "granted", "partial", "denied", "unavailable", "not_processed",
                               "other", "total_handled", "carried_forward"] + t3_rows))
    cols = ("total", "natural_person", "legal_entities") + tuple(c for c in T3_COLS if c not in ("total", "natural_person"))
    out += [f"t3.{r}.{c}" for c in cols for r in rows]
    out += [f"t4.{g}.{c}" for g in ("review", "suit", "suit_direct", "suit_after_review") for c in T4_COLS]
    for key, columns in _known_rows("t2").items():
        out += [f"t2.{key}.{c}" for c in columns]
    return tuple(dict.fromkeys(out))
