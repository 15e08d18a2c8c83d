"""Amounts: the unit each is printed in (元, 万元 or 亿元; the conversions are ``units``).

Counts (applications, cases, decisions) need no unit beyond their table's 件. Amounts do: the 2021
template prints 行政事业性收费 as 「本年收费金额（单位：万元）」, and a 2019-format report prints its
政府集中采购 amount in 万元 — or in 元 (「251000元」, 「27496318.45元」). An amount is never relabelled:
each cell carries the unit the report prints for it, found where the print gives it —

1. beside the figure itself (「13575394432.52元」: the table reader keeps it as ``Cell.unit``);
2. in the column's header or the table's own note (「采购总金额(万元)」, 「（单位：元）」);
3. else the unit the template's header prints for that column (``TEMPLATE_UNITS``), which a report
   following the template prints too; a column whose template gives no unit stays without one
   (the answer then says the report prints none).

"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Dict, Sequence, Tuple

from model import Cell

#: The unit the template's own header prints for an amount column (the 2021 format's 「本年收费金额
#: （单位：万元）」); the 2019 format's 「采购总金额」 prints none in the template.
TEMPLATE_UNITS: Dict[str, str] = {"t2.fees.amount": "万元"}
#: The words of a header that name an amount column, by the template row they belong to.
_HEADER_WORDS: Tuple[Tuple[str, str], ...] = (("收费", "t2.fees.amount"), ("采购", "t2.procurement.amount"))
_UNIT = r"(亿元|万元|元)"
#: 「采购总金额(万元)」, 「本年收费金额（单位：万元）」: a column header with its unit.
_COLUMN_HEADER = re.compile(r"((?:收费|采购)?总?金额)\s*[（(]\s*(?:单位\s*[:：]\s*)?" + _UNIT + r"\s*[)）]")
#: 「（单位：元）」 standing by itself: a note that holds for the table's amounts.
_TABLE_NOTE = re.compile(r"[（(]?\s*单位\s*[:：]\s*" + _UNIT + r"\s*[)）]?")


def text_to_header_units(text: str, amount_addresses: Sequence[str]) -> Dict[str, str]:
    """Given a report's text and the amount cells its format has, return the unit its headers print
    for each (only those it prints). A header naming no row (「金额（万元）」) is the format's only
    amount column's, when it has one; a table note (「单位：元」) likewise."""
    out: Dict[str, str] = {}
    for m in _COLUMN_HEADER.finditer(text):
        address = next((a for word, a in _HEADER_WORDS if word in m.group(1) and a in amount_addresses), None)
        if address is None and len(amount_addresses) == 1:
            address = amount_addresses[0]
        if address is not None:
            out.setdefault(address, m.group(2))
    if len(amount_addresses) == 1 and amount_addresses[0] not in out:
        note = _TABLE_NOTE.search(text)
        if note is not None:
            out[amount_addresses[0]] = note.group(1)
    return out


def cells_with_units(cells: Sequence[Cell], text: str, amount_addresses: Sequence[str]) -> Tuple[Cell, ...]:
    """Given a report's cells, its text and the amount cells of its format, return the cells with
    each amount's unit as printed: beside the figure, else in its header, else the template's."""
    headers = text_to_header_units(text, amount_addresses)
    out = []
    for c in cells:
        if c.address in amount_addresses and not c.unit:
            unit = headers.get(c.address) or TEMPLATE_UNITS.get(c.address, "")
            if unit:
                c = replace(c, unit=unit)
        out.append(c)
    return tuple(out)
