"""One body's reports of three years, printed as PDFs: what the data desk's tests draw a line of.

The city bureau's report (its gold) is reprinted for 2021, 2022 and 2023 with more new requests each
year (the same figures added where the template's arithmetic needs them, so every check of each
report passes, and what a year carries forward is what the next carries over); its narrative keeps
its headings and no figure, so no figure in it contradicts the tables.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Dict, List

import reportgen

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BODY = "江临市生态环境局"
YEARS = (2021, 2022, 2023)
#: New requests by natural persons added, year by year.
MORE = (0, 9, 21)
COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


def year_cells(base: Dict[str, object], k: int) -> Dict[str, object]:
    """The cells of year ``k`` (0, 1, 2): ``MORE[k]`` more new requests by natural persons, all of
    them granted; from the second year on, what was carried over is what the year before carried
    forward."""
    cells = dict(base)
    if k == 0:
        return cells
    d = MORE[k]
    for col in COLS:
        more = d if col in ("natural_person", "total") else 0
        new = base[f"t3.new.{col}"] + more
        carried_over = base[f"t3.carried_forward.{col}"]
        handled = new + carried_over - base[f"t3.carried_forward.{col}"]
        cells[f"t3.new.{col}"] = new
        cells[f"t3.carried_over.{col}"] = carried_over
        cells[f"t3.granted.{col}"] = base[f"t3.granted.{col}"] + handled - base[f"t3.total_handled.{col}"]
        cells[f"t3.total_handled.{col}"] = handled
    return cells


def new_requests(k: int) -> int:
    """The figure the desk should draw for year ``k``: t3.new.total."""
    gold = json.loads((FIXTURES / "gold" / "city_bureau_2022.json").read_text(encoding="utf-8"))
    return int(gold["cells"]["t3.new.total"]) + MORE[k]


def one_body_three_years(folder: Path) -> List[Path]:
    """Print the city bureau's reports of ``YEARS`` as PDFs in ``folder``; return their paths."""
    gold = FIXTURES / "gold" / "city_bureau_2022.json"
    spec = reportgen.spec_from_seed(FIXTURES / json.loads(gold.read_text(encoding="utf-8"))["file"], gold)
    year_in_title = next(y for y in ("2022", "2021") if y in spec.title)
    quiet = tuple((heading, ("本机关依法依规做好政府信息公开工作。",)) for heading, _ in spec.sections)
    out = []
    for k, year in enumerate(YEARS):
        s = dataclasses.replace(spec, title=spec.title.replace(year_in_title, str(year)), sections=quiet, preamble=(),
                                cells=year_cells(spec.cells, k))
        out.append(reportgen.render_pdf(s, "ruled", folder / f"city_bureau_{year}.pdf"))
    return out
