"""Checks: which figures of a report do not add up (template.md, "Checks the figures must pass").

A check runs only on cells that are known: a missing or ambiguous cell is not taken as 0, so a
check that needs one is not run rather than failed. Check 5 (carried over = carried forward of the
year before) needs two reports and is run by the store (``index``) with ``years_to_check``.
Check 6 compares figures restated in the narrative (「部分公开的4件」) with their cells.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from ingest.bodies import bodies_to_keys
from ingest.template import (
    LEGAL_ENTITY_COLS,
    T3_COL_LABELS,
    T3_COLS,
    T4_COL_LABELS,
    T4_COLS,
    T4_GROUP_LABELS,
    Format,
    RowSpec,
)
from model import CatalogEntry, Cell, Check, Number, Passage, ReportCheck, ReportRef
from phrasing import format_number

_RESULT_GROUPS = ("denied", "unavailable", "not_processed", "other")




def _known(cells: Dict[str, Cell], addrs: Iterable[str]) -> Optional[List[Number]]:
    vals = []
    for a in addrs:
        c = cells.get(a)
        if c is None or c.status != "ok" or c.value is None:
            return None
        vals.append(c.value)
    return vals


def _sum_check(name: str, cells: Dict[str, Cell], left: Sequence[str], right: Sequence[str],
               what: str) -> Optional[Check]:
    """A check that the cells on the left add up to the cells on the right, if all are known."""
    lv, rv = _known(cells, left), _known(cells, right)
    if lv is None or rv is None:
        return None
    ls, rs = sum(lv), sum(rv)
    passed = ls == rs  # exact: printed decimals are Decimals, never floats
    ltxt = " + ".join(format_number(v) for v in lv) if len(lv) > 1 else ""
    rtxt = " + ".join(format_number(v) for v in rv) if len(rv) > 1 else ""
    detail = (f"{what}: {ltxt + ' = ' if ltxt else ''}{format_number(ls)} "
              f"{'=' if passed else '≠'} {format_number(rs)}{' = ' + rtxt if rtxt else ''}")
    return Check(name, passed, detail, tuple(left) + tuple(right))


def printed_t3_rows(fmt: Format, cells: Optional[Dict[str, Cell]] = None) -> List[RowSpec]:
    """Table 3's rows as a report prints them: a variant row it prints (（六）其他处理 as one row)
    stands in place of the rows it replaces."""
    rows = list(fmt.t3)
    for v in fmt.t3_variant:
        if cells and any(a in cells for a in (v.address(c) for c in v.cols)):
            at = next(i for i, r in enumerate(rows) if r.key.startswith(v.key + "."))
            rows = [r for r in rows if not r.key.startswith(v.key + ".")]
            rows.insert(at, v)
    return rows


def _t3_results(fmt: Format, cells: Optional[Dict[str, Cell]] = None) -> List[str]:
    return [s.key for s in printed_t3_rows(fmt, cells)
            if s.group in ("results",) + _RESULT_GROUPS and s.key != "total_handled"]


def cells_to_checks(cells: Dict[str, Cell], fmt: Format) -> List[Check]:
    """Given a report's cells by address, return checks 1 to 4 for every column, row and group."""
    out: List[Optional[Check]] = []
    results = _t3_results(fmt, cells)
    for col in T3_COLS:
        name = T3_COL_LABELS[col]
        out.append(_sum_check(
            f"t3.balance.{col}", cells, [f"t3.new.{col}", f"t3.carried_over.{col}"],
            [f"t3.total_handled.{col}", f"t3.carried_forward.{col}"],
            f"{name}: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度"))
        out.append(_sum_check(
            f"t3.results.{col}", cells, [f"t3.{r}.{col}" for r in results], [f"t3.total_handled.{col}"],
            f"{name}: 各项办理结果之和 = （七）总计"))
    for spec in printed_t3_rows(fmt, cells):
        out.append(_sum_check(
            f"t3.row.{spec.key}", cells, [spec.address(c) for c in T3_COLS[:-1]], [spec.address("total")],
            f"{spec.label}: 各类申请人之和 = 总计"))
    for group, label in T4_GROUP_LABELS.items():
        out.append(_sum_check(
            f"t4.total.{group}", cells, [f"t4.{group}.{c}" for c in T4_COLS[:-1]], [f"t4.{group}.total"],
            f"{label}: " + " + ".join(T4_COL_LABELS[c] for c in T4_COLS[:-1]) + " = 总计"))
    return [c for c in out if c is not None]


def catalog_to_year_checks(catalog: Sequence[CatalogEntry], cells_of: Callable[[str], Dict[str, Cell]],
                           report_id: Optional[str] = None) -> List[ReportCheck]:
    """Check 5 over a set of reports: given them, a way to read a report's cells by address, and a
    report (default: all), return the check for each pair of consecutive years of one body (under
    any of its printed names), filed under the later year's report."""
    dated = [e for e in catalog if e.agency and e.year is not None]
    keys = bodies_to_keys([e.agency for e in dated if e.agency])
    by_key: Dict[Tuple[str, int], ReportRef] = {}
    for e in dated:
        by_key[(keys[e.agency or ""], e.year or 0)] = e.ref
    out: List[ReportCheck] = []
    for (body, year), later in by_key.items():
        earlier = by_key.get((body, year - 1))
        if earlier is None or (report_id and report_id not in (earlier.id, later.id)):
            continue
        out += [ReportCheck(later, c) for c in years_to_check(cells_of(earlier.id), cells_of(later.id), year - 1, year)]
    return out


#: The cells check 5 reads of each year: what a year carried forward and the next carried over.
YEAR_CHECK_ADDRESSES = tuple(f"t3.{row}.{col}" for row in ("carried_forward", "carried_over") for col in T3_COLS)


def years_to_check(earlier: Dict[str, Cell], later: Dict[str, Cell], earlier_year: int, later_year: int) -> List[Check]:
    """Check 5: given one body's cells of two consecutive years, compare what was carried across."""
    out = []
    for col in T3_COLS:
        a, b = earlier.get(f"t3.carried_forward.{col}"), later.get(f"t3.carried_over.{col}")
        if not a or not b or a.value is None or b.value is None or a.status != "ok" or b.status != "ok":
            continue
        passed = a.value == b.value
        out.append(Check(
            f"t3.years.{col}", passed,
            f"{T3_COL_LABELS[col]}: {earlier_year}年结转下年度 {format_number(a.value)} {'=' if passed else '≠'} "
            f"{later_year}年上年结转 {format_number(b.value)}",
            (f"{earlier_year}:t3.carried_forward.{col}", f"{later_year}:t3.carried_over.{col}")))
    return out


# ---------------------------------------------------------------- check 6: the narrative

_Q = r"(?:的|为|是|了|共|计|达|有|合计|总计|共计|)\s*"
_N = r"(\d[\d,]*)\s*(?:件|宗|个|条|份)"


def _concepts(fmt: Format, cells: Dict[str, Cell]) -> List[Tuple[str, str, List[List[str]]]]:
    """(name, pattern words, candidate readings) for figures a narrative restates.

    A narrative figure may count on another base than the table (Guangdong's 「114件为自然人申请」
    counts this year's and last year's together), so each concept lists every reading a careful
    writer could mean; the text is flagged only when it matches none of them.
    """
    group_rows = {g: [s.key for s in printed_t3_rows(fmt, cells) if s.group == g] for g in _RESULT_GROUPS}
    if any(s.key == "other" for s in printed_t3_rows(fmt, cells)):
        group_rows["other"] = ["other"]
    concepts = [
        ("予以公开", r"予以公开", [["t3.granted.total"]]),
        ("部分公开", r"部分公开", [["t3.partial.total"]]),
        ("不予公开", r"不予公开", [[f"t3.{r}.total" for r in group_rows["denied"]]]),
        ("无法提供", r"无法提供", [[f"t3.{r}.total" for r in group_rows["unavailable"]]]),
        ("不予处理", r"不予(?:处理|受理)", [[f"t3.{r}.total" for r in group_rows["not_processed"]]]),
        ("结转下年度", r"(?:结转|转)下一?年度?", [["t3.carried_forward.total"]]),
        ("上年结转", r"上年(?:度)?结转", [["t3.carried_over.total"]]),
        ("行政复议", r"行政复议(?:案件|申请)?", [["t4.review.total"]]),
    ]
    for col, word in (("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
                      ("public_interest", "社会公益组织"), ("legal_services", "法律服务机构")):
        concepts.append((word, word, [[f"t3.new.{col}"], [f"t3.new.{col}", f"t3.carried_over.{col}"],
                                      [f"t3.total_handled.{col}"]]))
    concepts.append(("法人或其他组织", "法人或其他组织",
                     [[f"t3.new.{c}" for c in LEGAL_ENTITY_COLS],
                      [f"t3.{r}.{c}" for r in ("new", "carried_over") for c in LEGAL_ENTITY_COLS]]))
    return concepts


def _joined_with(before: str, by_name: Dict[str, Tuple[str, List[List[str]]]]) -> Optional[Tuple[str, List[List[str]]]]:
    """The concept joined by 「及」/「和」 to the one that follows (「予以公开及」部分公开), if any."""
    for name, (word, readings) in by_name.items():
        if re.search(rf"{word}\s*(?:及|和|与|以及|、)\s*$", before):
            return name, readings
    return None


def passages_to_checks(passages: Sequence[Passage], cells: Dict[str, Cell], fmt: Format) -> List[Check]:
    """Check 6: given the narrative and the cells, return a check for each table figure it restates.

    Only sections 一 and 三 are read (they are where the applications are recounted); a restated
    figure is compared with every reading of its concept and flagged if it equals none.
    """
    out: List[Check] = []
    seen = set()
    concepts = _concepts(fmt, cells)
    by_name = {name: (word, readings) for name, word, readings in concepts}
    for p in passages:
        if p.section_number not in (0, 1, 3):
            continue
        for name, word, readings in concepts:
            pats = (rf"{word}{_Q}{_N}", rf"{_N}\s*(?:为|是|属于|系)?\s*{word}")
            for k, pat in enumerate(pats):
                for m in re.finditer(pat, p.text):
                    stated = int(m.group(1).replace(",", ""))
                    # 「予以公开及部分公开42件」 counts both: the figure is their sum.
                    joined = _joined_with(p.text[:m.start()], by_name) if k == 0 else None
                    if joined is not None:
                        other, other_readings = joined
                        readings_here = [a + b for a in other_readings for b in readings]
                        name_here = f"{other}及{name}"
                    elif k == 0 and re.search(r"(?:及|和|与|以及|、)\s*$", p.text[:m.start()]):
                        continue  # joined to something that is no table figure: not this row's count
                    else:
                        readings_here, name_here = readings, name
                    # 「依申请公开」 and 「不予公开」 share words with 予以公开; the phrase must start cleanly.
                    if name == "予以公开" and p.text[max(0, m.start() - 1):m.start()] in ("不", "未"):
                        continue
                    if name == "不予公开" and "依申请" in p.text[max(0, m.start() - 4):m.start()]:
                        continue
                    sums = []
                    for addrs in readings_here:
                        vals = _known(cells, addrs)
                        if vals is not None:
                            sums.append((sum(vals), addrs))
                    if not sums or (name_here, stated, p.n) in seen:
                        continue
                    seen.add((name_here, stated, p.n))
                    hit = next((addrs for total, addrs in sums if total == stated), None)
                    quote = m.group(0) if joined is None else f"{joined[0]}及{m.group(0)}"
                    where = f"第{p.line}行" if p.bbox is None and p.line else f"第{p.page}页"
                    if hit:
                        out.append(Check(f"narrative.{name_here}", True,
                                         f"正文「{quote}」与表格一致（{format_number(stated)}）", tuple(hit)))
                    else:
                        total, addrs = sums[0]
                        out.append(Check(f"narrative.{name_here}", False,
                                         f"正文称「{quote}」，表格为 {format_number(total)}（{p.section}，{where}）", tuple(addrs)))
    return out
