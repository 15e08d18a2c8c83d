"""The fixture generator itself: every style renders a real PDF that pdfplumber reads back as the
spec says, and the HTML pages hold the same tables. If these fail, parser tests built on the
generated files mean nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pdfplumber
import pytest
import reportgen as rg
from bs4 import BeautifulSoup

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GUANGDONG = (FIXTURES / "reports" / "seed_guangdong_2023.txt",
             FIXTURES / "gold" / "seed_guangdong_2023.json")
PANYU = (FIXTURES / "reports" / "seed_panyu_2023.txt", FIXTURES / "gold" / "seed_panyu_2023.json")


def squash(text: str | None) -> str:
    """Given text, return it without whitespace (spaced labels and wrapped lines compare equal)."""
    return re.sub(r"\s+", "", text or "")


def in_order(needle: str, haystack: str) -> bool:
    """Given two strings, return whether needle's characters occur in haystack in order: a wrapped
    label comes out of extract_text in pieces, between its neighbours' pieces."""
    chars = iter(haystack)
    return all(ch in chars for ch in needle)


def expected_rows(grid: rg.Grid) -> list[list[str | None]]:
    """Given a grid, return what pdfplumber's Table.extract() should give: None where merged."""
    starts = {(r0, c0) for r0, c0, _, _ in grid.spans}
    covered = {(r, c) for r0, c0, r1, c1 in grid.spans
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - starts
    return [[None if (r, c) in covered else squash(text) for c, text in enumerate(row)]
            for r, row in enumerate(grid.rows)]


def synthetic_2019() -> rg.ReportSpec:
    """Return a 2019-format spec with every cell filled, a decimal and a blank among them."""
    cells = {address: (i * 7) % 23 for i, address in enumerate(rg.template_addresses("2019"))}
    cells["t2.procurement.amount"] = 4863.52
    cells["t3.other.research"] = None
    sections = tuple((f"{n}、第{n}部分", (f"第{n}部分的正文。",)) for n in rg.SECTION_NUMERALS)
    return rg.ReportSpec("青溪县人民政府办公室2019年政府信息公开工作年度报告", sections, cells, "2019")


@pytest.fixture(scope="module")
def guangdong() -> rg.ReportSpec:
    return rg.spec_from_seed(*GUANGDONG)


@pytest.fixture(scope="module")
def pdfs(guangdong, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    return {style: rg.render_pdf(guangdong, style, out / f"gd.{style}.pdf") for style in rg.STYLES}


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def found_tables(path: Path) -> list[tuple[int, list[list[str | None]]]]:
    """Given a PDF, return (page number, squashed rows) of every table pdfplumber finds."""
    with pdfplumber.open(path) as pdf:
        return [(number, [[None if cell is None else squash(cell) for cell in row]
                          for row in table.extract()])
                for number, page in enumerate(pdf.pages, 1) for table in page.find_tables()]


@pytest.mark.parametrize("style", rg.STYLES)
def test_every_style_prints_title_headings_labels_and_value_rows(style, pdfs, guangdong):
    texts = page_texts(pdfs[style])
    text = squash("".join(texts))
    assert squash(guangdong.title) in text
    for heading, _ in guangdong.sections:
        assert squash(heading) in text
    grids = [grid for index in range(6) for grid in rg.section_grids(guangdong, index)]
    labels = [squash(label) for grid in grids for r, row in enumerate(grid.rows)
              for c, label in enumerate(row) if label and grid.is_label(r, c)]
    assert [label for label in labels if not in_order(label, text)] == []
    for verbatim in ("第二十条第（一）项", "一、本年新收政府信息公开申请数量", "（七）总计", "未经复议直接起诉"):
        assert verbatim in text
    # The figures of a row share one text line, whatever the labels beside them do.
    lines = [" ".join(line.split()) for page in texts for line in page.splitlines()]
    for grid in grids:
        for row in grid.rows[grid.header_rows:]:
            figures = " ".join(value for value in row[grid.label_cols:] if value)
            assert any(line.endswith(figures) for line in lines), figures


@pytest.mark.parametrize("style", [s for s in rg.STYLES if s != "hrules"])
def test_ruled_tables_come_back_cell_by_cell(style, pdfs, guangdong):
    grids = {"t2": rg.t2_grids(guangdong), "t3": [rg.t3_grid(guangdong)],
             "t4": [rg.t4_grid(guangdong)]}
    if style == "spaced":
        grids = {key: [rg.spaced_grid(g) for g in value] for key, value in grids.items()}
    t3 = grids["t3"][0]
    if style == "pagebreak":
        t3_parts = [expected_rows(part) for part in rg.split_grid(t3, (len(t3.rows) - 3 + 1) // 2)]
    else:
        t3_parts = [expected_rows(t3)]
    # pdfplumber joins table 2's touching sub-tables into one table.
    t2 = [row for grid in grids["t2"] for row in expected_rows(grid)]
    want = [t2] + t3_parts + [expected_rows(grids["t4"][0])]
    assert [rows for _, rows in found_tables(pdfs[style])] == want


def test_hrules_has_no_table_for_the_default_line_strategy(pdfs):
    assert found_tables(pdfs["hrules"]) == []


def test_pagebreak_cuts_table_3_over_two_pages_with_its_header_and_footers(pdfs):
    pages = [number for number, rows in found_tables(pdfs["pagebreak"])
             if len(rows[0]) == 10 and rows[0][3] == "申请人情况"]
    assert len(pages) == 2 and pages[1] == pages[0] + 1
    texts = page_texts(pdfs["pagebreak"])
    footers = [text.splitlines()[-1] for text in texts]
    assert footers == [f"— {n} —" for n in range(1, len(texts) + 1)]


def test_the_2019_format_prints_its_own_rows(tmp_path):
    spec = synthetic_2019()
    rows = [rows for _, rows in found_tables(rg.render_pdf(spec, "ruled", tmp_path / "2019.pdf"))]
    t2, t3 = rows[0], rows[1]
    assert ["第二十条第（九）项", None, None, None] in t2
    assert ["政府集中采购", "2", "4863.52", None] in t2
    other = next(row for row in t3 if row[1] == "（六）其他处理")
    assert other[2] is None and other[5] == ""  # one row spanning two label columns; a blank cell
    assert not any(row[2] == "3.其他" for row in t3)


def test_panyu_keeps_its_missing_heading_and_its_short_table_3():
    spec = rg.spec_from_seed(*PANYU)
    assert [heading[:2] for heading, _ in spec.sections] == ["一、", "二、", "三、", "", "五、", "六、"]
    rows = [row for row, _ in rg.T3_ROWS["2021"] if f"t3.{row}.total" in spec.cells]
    assert rows[-1] == "unavailable.needs_creation"
    assert "t4.review.total" in spec.cells and "确保申请案件及时办理" in "".join(spec.sections[0][1])


def test_a_mistyped_address_fails_loudly(guangdong, tmp_path):
    spec = rg.ReportSpec(guangdong.title, guangdong.sections, {"t3.partial.totl": 1})
    with pytest.raises(ValueError, match="expected addresses of the 2021 format"):
        rg.render_pdf(spec, "ruled", tmp_path / "x.pdf")


def expand_html_table(table) -> list[list[str | None]]:
    """Given a <table>, return its grid with rowspan/colspan expanded (None where merged)."""
    cells: dict[tuple[int, int], str | None] = {}
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        for td in tr.find_all("td"):
            while (r, c) in cells:
                c += 1
            nrows, ncols = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for dr in range(nrows):
                for dc in range(ncols):
                    cells[r + dr, c + dc] = td.get_text(strip=True) if dr == dc == 0 else None
            c += ncols
    nrows, ncols = max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1
    return [[cells[r, c] for c in range(ncols)] for r in range(nrows)]


@pytest.mark.parametrize("style", rg.HTML_STYLES)
def test_html_tables_expand_to_the_grid_and_read_back_as_the_spec(style, guangdong, tmp_path):
    path = rg.render_html(guangdong, tmp_path / "gd.html", style=style)
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("div", class_="article") if style == "portal" else soup.body
    want = [expected_rows(grid)
            for index in range(6) for grid in rg.section_grids(guangdong, index)]
    assert [expand_html_table(table) for table in article.find_all("table")] == want
    if style == "portal":
        assert soup.find("script") and "网站标识码" in soup.text and "首页" in soup.find(class_="nav").text
    assert rg.spec_from_seed(path, GUANGDONG[1]) == guangdong


def test_cli_writes_every_style_and_rejects_an_unknown_one(tmp_path, capsys):
    assert rg.main(["--out", str(tmp_path), "--styles", "ruled"]) == 0
    written = capsys.readouterr().out.split()
    assert str(tmp_path / "seed_panyu_2023.ruled.pdf") in written
    assert str(tmp_path / "seed_panyu_2023.html") in written
    assert rg.main(["--out", str(tmp_path), "--styles", "ruled,wavy"]) == 2
    assert "expected styles in" in capsys.readouterr().err


def test_the_generator_shares_no_code_with_the_product():
    tree = ast.parse(Path(rg.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"ingest", "index", "retrieval"}
