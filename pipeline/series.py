"""One measure across every stored body and year: what the data desk draws and ``python -m index
series`` prints.

A row is one report — a body in a year — with the measure's value read from its cells
(``ingest.measure_to_value``: a sum only when every part is there, a rate with both its parts), the
cells it rests on (each with its page or line, to be cited), whether a check its report fails
touches any of them (with the arithmetic), and where the body stands: its printed names (one body
under any of them, as the library groups it), its places and its level of government.

Reading is by cell, one look-up per report and address (the store's primary key), never a report's
whole table: a measure over 1,000 reports reads a few thousand cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Literal, Optional, Sequence, Tuple, Union

from index import Store
from ingest import (
    YEAR_CHECK_ADDRESSES,
    Measure,
    agency_to_name,
    bodies_to_keys,
    cell_unit,
    measure_addresses,
    measure_named,
    measure_to_value,
    same_body,
    years_to_check,
)
from model import CatalogEntry, Cell, CellStatus, ReportRef, Value

Level = Literal["province", "city", "county", "township", ""]
#: A place's level of government, by the end of its name (the most local place names the body's).
_LEVELS: Tuple[Tuple[str, Level], ...] = (
    (r"(特别行政区|自治区|省)$", "province"),
    (r"(街道|镇|乡)$", "township"),
    (r"(自治县|县|旗|区)$", "county"),
    (r"(自治州|地区|市|州|盟)$", "city"),
)
#: Places that are provinces though their names end in 市 (the four municipalities).
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class SeriesRow:
    """A measure in one body's report of one year.

    ``body`` is the body's name as last printed, ``names`` every name it printed (latest first);
    ``report`` the report's reference, its own printed name as ``report.agency``; ``kind`` its file's
    kind (where a cell stands: the page of a PDF, the line of a text). ``value`` is None unless
    ``status`` is ok; ``cells`` are every cell the value rests on; ``checks`` pairs each of them that
    is in a check its report fails with that check's arithmetic (``failed``: the arithmetic, once
    each); ``note`` why a rate has no value
    ("zero_denominator")."""

    body: str
    body_key: str
    names: Tuple[str, ...]
    places: Tuple[str, ...]
    level: Level
    report: ReportRef
    kind: str
    measure: str
    value: Optional[Value]
    unit: str
    status: CellStatus
    cells: Tuple[Cell, ...]
    checks: Tuple[Tuple[str, str], ...] = ()
    note: str = ""

    @property
    def failed(self) -> Tuple[str, ...]:
        """The arithmetic of each failed check one of its cells is in, once each."""
        return tuple(dict.fromkeys(detail for _, detail in self.checks))

    @property
    def year(self) -> Optional[int]:
        return self.report.year

    @property
    def check_failed(self) -> bool:
        return bool(self.failed)

    @property
    def ocr(self) -> bool:
        """Whether any cell the value rests on was read by OCR from a scan."""
        return any(c.ocr for c in self.cells)


def place_level(place: str) -> Level:
    """Given a place's name (「番禺区」, 「广东省」), return its level of government ("" when its name
    does not say)."""
    if place in _MUNICIPALITIES:
        return "province"
    return next((level for pattern, level in _LEVELS if re.search(pattern, place)), "")


def body_places(names: Sequence[str]) -> Tuple[str, ...]:
    """Given the names one body printed, return its places, widest first, across the names
    (「番禺区…」 and 「广州市番禺区…」 are in 广州市 and 番禺区)."""
    out: List[str] = []
    for name in sorted(names, key=len, reverse=True):
        for p in agency_to_name(name).places:
            if p not in out:
                out.append(p)
    return tuple(out)


def measure_to_series(store: Store, measure: Union[str, Measure], report_ids: Optional[Sequence[str]] = None,
                      bodies: Optional[Sequence[str]] = None, years: Optional[Sequence[int]] = None) -> List[SeriesRow]:
    """Given the store and a measure (its name or itself), return one row per stored report — a body
    in a year — limited to ``report_ids``, to the bodies of which any printed name is one of
    ``bodies`` (the same body under another printing counts), and to ``years``; rows by body, then
    year. An unknown measure's name raises ``errors.MeasureError``.
    """
    m = measure_named(measure) if isinstance(measure, str) else measure
    catalog = store.catalog()
    keys = bodies_to_keys([e.agency for e in catalog if e.agency])
    members: Dict[str, List[CatalogEntry]] = {}
    for e in catalog:
        members.setdefault(keys[e.agency] if e.agency else f"report:{e.id}", []).append(e)
    wanted = set(report_ids) if report_ids else None
    years_wanted = set(years) if years else None
    addresses = measure_addresses(m)
    failed = _failed_checks(store, catalog, keys, addresses)
    # The measure's cells of every report in one query, not one a report and address.
    read = store.cells_at([e.id for e in catalog if wanted is None or e.id in wanted], addresses)
    out: List[SeriesRow] = []
    for key, entries in members.items():
        entries.sort(key=lambda e: (-(e.year or 0), e.agency or "", e.id))
        names = tuple(dict.fromkeys(e.agency for e in entries if e.agency))
        if bodies and not any(same_body(b, n) or b == n for b in bodies for n in names):
            continue
        places = body_places(names)
        level = place_level(places[-1]) if places else ""
        for e in sorted(entries, key=lambda e: (e.year or 0, e.id)):
            if (wanted is not None and e.id not in wanted) or (years_wanted is not None and e.year not in years_wanted):
                continue
            got = measure_to_value(m, {a: read[(e.id, a)] for a in addresses if (e.id, a) in read})
            bad = tuple((c.address, d) for c in got.cells for d in failed.get((e.id, c.address), ()))
            out.append(SeriesRow(names[0] if names else e.id, key, names, places, level, e.ref, e.kind, m.name,
                                 got.value, got.unit, got.status, got.cells, bad, got.note))
    out.sort(key=lambda r: (r.body, r.year or 0, r.report.id))
    return out


def cells_to_series(store: Store, cited: Sequence[Tuple[ReportRef, Cell]]) -> List[SeriesRow]:
    """Given the cells an answer rests on, each with its report, return them as a series — one row a
    report, its cells added up (a sum only when every one is there) — when they are one: the same
    address or addresses in each of at least two reports (a trend, a comparison, a ranking);
    otherwise [] (one report's figure, a share of two rows, a sum within one report). Rows by body,
    then year, as ``measure_to_series`` gives them."""
    by_report: Dict[str, List[Cell]] = {}
    refs: Dict[str, ReportRef] = {}
    for ref, c in cited:
        if all(c.address != seen.address for seen in by_report.get(ref.id, [])):
            by_report.setdefault(ref.id, []).append(c)
        refs[ref.id] = ref
    shapes = {tuple(sorted(c.address for c in cells)) for cells in by_report.values()}
    if len(by_report) < 2 or len(shapes) != 1:
        return []
    [addresses] = shapes
    catalog = {e.id: e for e in store.catalog()}
    keys = bodies_to_keys([e.agency for e in catalog.values() if e.agency])
    names_of: Dict[str, List[str]] = {}
    for e in sorted(catalog.values(), key=lambda e: -(e.year or 0)):
        if e.agency:
            names_of.setdefault(keys[e.agency], []).append(e.agency)
    failed = _failed_checks(store, [catalog[i] for i in by_report if i in catalog], keys, addresses)
    out = []
    for rid, cells in by_report.items():
        ref = refs[rid]
        key = keys.get(ref.agency or "", f"report:{rid}")
        names = tuple(dict.fromkeys(names_of.get(key, [ref.agency or rid])))
        places = body_places(names)
        statuses = {c.status for c in cells}
        status: CellStatus = "ambiguous" if "ambiguous" in statuses else "missing" if "missing" in statuses else "ok"
        value: Optional[Value] = sum((c.value for c in cells if c.value is not None), 0) if status == "ok" else None
        units = list(dict.fromkeys(c.unit or cell_unit(c.address) for c in cells))
        bad = tuple((c.address, d) for c in cells for d in failed.get((rid, c.address), ()))
        entry = catalog.get(rid)
        out.append(SeriesRow(names[0], key, names, places, place_level(places[-1]) if places else "", ref,
                             entry.kind if entry else "", "+".join(addresses), value,
                             units[0] if len(units) == 1 else cell_unit(addresses[0]), status, tuple(cells), bad))
    out.sort(key=lambda r: (r.body, r.year or 0, r.report.id))
    return out


def _failed_checks(store: Store, catalog: Sequence[CatalogEntry], keys: Dict[str, str],
                   addresses: Sequence[str]) -> Dict[Tuple[str, str], Tuple[str, ...]]:
    """For each (report id, address) among ``addresses``, the arithmetic of the checks its report
    fails that involve it: checks 1–4 and 6 as stored, and check 5 (carried over in year Y =
    carried forward in Y−1) across each body's consecutive years when the measure reads either."""
    out: Dict[Tuple[str, str], List[str]] = {}
    wanted = set(addresses)
    for rc in store.checks(failed_only=True):
        for a in rc.check.cells:
            a = a.split(":", 1)[-1]
            if a in wanted:
                out.setdefault((rc.report.id, a), []).append(rc.check.detail)
    carried = [a for a in wanted if a.startswith(("t3.carried_over.", "t3.carried_forward."))]
    if carried:
        by_year: Dict[Tuple[str, int], CatalogEntry] = {}
        for e in catalog:
            if e.agency and e.year is not None:
                by_year[(keys[e.agency], e.year)] = e
        pairs = [(year, later, earlier) for (key, year), later in by_year.items()
                 for earlier in [by_year.get((key, year - 1))] if earlier is not None]
        # Every pair's carried cells in one query.
        read = store.cells_at(sorted({e.id for _, a, b in pairs for e in (a, b)}), YEAR_CHECK_ADDRESSES)

        cols = {a.rsplit(".", 1)[1] for a in carried}

        def cells_of(rid: str) -> Dict[str, Cell]:
            # The measure's columns only: a check of another column is not this measure's.
            return {a: read[(rid, a)] for a in YEAR_CHECK_ADDRESSES if (rid, a) in read and a.rsplit(".", 1)[1] in cols}

        for year, later, earlier in pairs:
            before, after = cells_of(earlier.id), cells_of(later.id)
            for check in years_to_check(before, after, year - 1, year):
                if check.passed:
                    continue
                for name in check.cells:
                    y, a = name.split(":", 1)
                    rid = earlier.id if int(y) == year - 1 else later.id
                    out.setdefault((rid, a), []).append(check.detail)
    return {k: tuple(v) for k, v in out.items()}
