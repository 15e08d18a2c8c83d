"""Render report specifications as real PDFs and HTML pages, for the parser's tests.

A :class:`ReportSpec` says what a 政府信息公开工作年度报告 contains (title, narrative sections and the
figure in every table cell, by address, see ``/work/shared/domain/template.md``); this module prints
it the way real reports are printed: the national template's tables with merged headers and merged
row labels, in several layouts that break naive parsers in different ways. The tests then run the
real reader (pdfplumber, BeautifulSoup) on the output and compare every cell with the spec.

This module must not import from the product (``ingest``, ``index``, ``retrieval``): it is an
independent renderer, so that it cannot share the parser's mistakes. It holds its own copy of the
template's labels and addresses for the same reason.

Usage::

    python tests/reportgen.py --out /tmp/fixtures     # every gold report, every style
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "WQY"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

STYLES = ("ruled", "hrules", "pagebreak", "spaced", "landscape")
HTML_STYLES = ("plain", "portal")
FORMATS = ("2021", "2019")

#: A cell's figure; None is a blank cell.
Value = Union[int, float, None]


@dataclass(frozen=True)
class ReportSpec:
    """What one annual report says, independent of how it is printed.

    ``sections`` holds (heading, paragraphs) for sections 一 to 六 in order; tables 2, 3 and 4 are
    printed after the paragraphs of sections 二, 三 and 四. A heading of ``""`` is not printed (some
    reports lose a heading); ``preamble`` holds the paragraphs between the title and 一
    (「本报告根据《条例》……编制」). ``cells`` maps a template address (``t3.partial.total``) to its figure;
    ``None`` prints a blank cell, and a table row none of whose addresses is present is not printed
    at all (a report may end a table early). ``format`` is ``"2021"`` or ``"2019"``. ``blank_zero``
    holds the cells printed blank that are 0 all the same (gold's ``blank_zero``: the row's printed
    total, or the columns' arithmetic, leaves them nothing); ``cells`` has them as ``None``.
    """

    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    cells: dict[str, Value]
    format: str = "2021"
    preamble: tuple[str, ...] = ()
    blank_zero: frozenset[str] = frozenset()


# --------------------------------------------------------------------------------------------------
# The national template: labels and addresses (a private copy, see the module docstring)
# --------------------------------------------------------------------------------------------------

#: Table 2 as sub-tables: (item header, ((col, label), ...), ((row, label), ...)).
T2_BLOCKS = {
    "2021": (
        ("第二十条第（一）项",
         (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
         (("rules", "规章"), ("normative", "行政规范性文件"))),
        ("第二十条第（五）项", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
        ("第二十条第（六）项", (("decisions", "本年处理决定数量"),),
         (("penalty", "行政处罚"), ("enforcement", "行政强制"))),
        ("第二十条第（八）项", (("amount", "本年收费金额（单位：万元）"),), (("fees", "行政事业性收费"),)),
    ),
    "2019": (
        ("第二十条第（一）项",
         (("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total_public", "对外公开总数量")),
         (("rules", "规章"), ("normative", "规范性文件"))),
        ("第二十条第（五）项",
         (("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
         (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
        ("第二十条第（六）项",
         (("prev_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
         (("penalty", "行政处罚"), ("enforcement", "行政强制"))),
        ("第二十条第（八）项", (("prev_items", "上一年项目数量"), ("change", "本年增/减")),
         (("fees", "行政事业性收费"),)),
        ("第二十条第（九）项", (("items", "采购项目数量"), ("amount", "采购总金额")),
         (("procurement", "政府集中采购"),)),
    ),
}

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services",
              "other_org", "total")
T3_ORG_LABELS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

_RESULTS = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

#: Table 3 rows as (row, label path); the path's levels go in the three label columns.
_T3_HEAD = (
    ("new", ("一、本年新收政府信息公开申请数量",)),
    ("carried_over", ("二、上年结转政府信息公开申请数量",)),
    ("granted", (_RESULTS, "（一）予以公开")),
    ("partial", (_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
    ("denied.state_secret", (_RESULTS, _DENIED, "1.属于国家秘密")),
    ("denied.prohibited_by_law", (_RESULTS, _DENIED, "2.其他法律行政法规禁止公开")),
    ("denied.security_stability", (_RESULTS, _DENIED, "3.危及“三安全一稳定”")),
    ("denied.third_party", (_RESULTS, _DENIED, "4.保护第三方合法权益")),
    ("denied.internal_affairs", (_RESULTS, _DENIED, "5.属于三类内部事务信息")),
    ("denied.process_info", (_RESULTS, _DENIED, "6.属于四类过程性信息")),
    ("denied.enforcement_files", (_RESULTS, _DENIED, "7.属于行政执法案卷")),
    ("denied.inquiry_matters", (_RESULTS, _DENIED, "8.属于行政查询事项")),
    ("unavailable.not_held", (_RESULTS, _UNAVAILABLE, "1.本机关不掌握相关政府信息")),
    ("unavailable.needs_creation", (_RESULTS, _UNAVAILABLE, "2.没有现成信息需要另行制作")),
    ("unavailable.unclear", (_RESULTS, _UNAVAILABLE, "3.补正后申请内容仍不明确")),
    ("not_processed.petition", (_RESULTS, _NOT_PROCESSED, "1.信访举报投诉类申请")),
    ("not_processed.repeated", (_RESULTS, _NOT_PROCESSED, "2.重复申请")),
    ("not_processed.publications", (_RESULTS, _NOT_PROCESSED, "3.要求提供公开出版物")),
    ("not_processed.excessive", (_RESULTS, _NOT_PROCESSED, "4.无正当理由大量反复申请")),
    ("not_processed.reissue", (_RESULTS, _NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息")),
)
_T3_TAIL = (
    ("total_handled", (_RESULTS, "（七）总计")),
    ("carried_forward", ("四、结转下年度继续办理",)),
)
T3_ROWS = {
    "2021": _T3_HEAD + (
        ("other.no_correction", (_RESULTS, _OTHER,
                                 "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")),
        ("other.fee_unpaid", (_RESULTS, _OTHER,
                              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")),
        ("other.other", (_RESULTS, _OTHER, "3.其他")),
    ) + _T3_TAIL,
    # The 2019 trial format has （六）其他处理 as one row without sub-rows.
    "2019": _T3_HEAD + (("other", (_RESULTS, _OTHER)),) + _T3_TAIL,
}

T4_GROUPS = (("review", "行政复议"), ("suit_direct", "未经复议直接起诉"),
             ("suit_after_review", "复议后起诉"))
T4_COLUMNS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
              ("pending", "尚未审结"), ("total", "总计"))

#: Index in ``ReportSpec.sections`` of the section each table is printed in.
TABLE_SECTIONS = {1: "t2", 2: "t3", 3: "t4"}
SECTION_NUMERALS = "一二三四五六"


def template_addresses(format: str = "2021") -> tuple[str, ...]:
    """Given a template format, return every cell address of tables 2, 3 and 4 in printed order."""
    _check_format(format)
    t2 = tuple(f"t2.{row}.{col}" for _, cols, rows in T2_BLOCKS[format]
               for row, _ in rows for col, _ in cols)
    t3 = tuple(f"t3.{row}.{col}" for row, _ in T3_ROWS[format] for col in T3_COLUMNS)
    t4 = tuple(f"t4.{group}.{col}" for group, _ in T4_GROUPS for col, _ in T4_COLUMNS)
    return t2 + t3 + t4


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise ValueError(f"expected a format in {FORMATS}, got {format!r}")


def _check_spec(spec: ReportSpec) -> None:
    """Fail loudly on a spec this module would print wrongly (a mistyped address would vanish)."""
    _check_format(spec.format)
    if len(spec.sections) != len(SECTION_NUMERALS):
        raise ValueError(f"expected {len(SECTION_NUMERALS)} sections, got {len(spec.sections)}")
    unknown = sorted(set(spec.cells) - set(template_addresses(spec.format)))
    if unknown:
        raise ValueError(f"expected addresses of the {spec.format} format, got {unknown[:5]}")


# --------------------------------------------------------------------------------------------------
# Grid: a table as printed, shared by the PDF and the HTML renderers
# --------------------------------------------------------------------------------------------------

#: (first_row, first_col, last_row, last_col) of a merged cell, inclusive.
Span = tuple[int, int, int, int]


@dataclass(frozen=True)
class Grid:
    """One printed table: the text of every cell, its merged cells, and how to lay it out.

    ``rows`` has one string per grid position; positions covered by a merged cell hold ``""``.
    ``header_rows`` rows are column headers (repeated after a page break); in the other rows the
    first ``label_cols`` columns are row labels and the rest are figures. ``widths`` are the
    columns' shares of the text width.
    """

    rows: tuple[tuple[str, ...], ...]
    spans: tuple[Span, ...]
    header_rows: int
    label_cols: int
    widths: tuple[float, ...]

    def is_label(self, r: int, c: int) -> bool:
        """Given a position, return whether it holds a label (header or row label), not a figure."""
        return r < self.header_rows or c < self.label_cols


def format_value(value: Value) -> str:
    """Given a cell's figure, return it as a report prints it ("" for a blank cell)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")  # every printed digit, as gold holds it
    if isinstance(value, float) and not value.is_integer():
        # Every decimal the report printed (a fee of 5949.088667 万元), not a rounding of it.
        text = repr(value)
        return text if "e" not in text else f"{value:.6f}".rstrip("0").rstrip(".")
    return str(int(value))


def _values(cells: dict, prefix: str, cols: Iterable[str]) -> tuple[str, ...]:
    return tuple(format_value(cells.get(f"{prefix}.{col}")) for col in cols)


def _row_printed(cells: dict, prefix: str, cols: Iterable[str]) -> bool:
    return any(f"{prefix}.{col}" in cells for col in cols)


def t2_grids(spec: ReportSpec) -> list[Grid]:
    """Given a spec, return table 2 as its small sub-tables (one per 第二十条 item printed).

    Each sub-table has four columns: a block with fewer figures lets its last one span the rest,
    as the template does.
    """
    grids = []
    for item, cols, rows in T2_BLOCKS[spec.format]:
        col_ids = [col for col, _ in cols]
        printed = [(row, label) for row, label in rows
                   if _row_printed(spec.cells, f"t2.{row}", col_ids)]
        if not printed:
            continue
        pad = ("",) * (3 - len(cols))
        body = [(label,) + _values(spec.cells, f"t2.{row}", col_ids) + pad
                for row, label in printed]
        table = [(item, "", "", ""), ("信息内容",) + tuple(label for _, label in cols) + pad] + body
        spans = [(0, 0, 0, 3)]
        if pad:
            spans += [(r, len(cols), r, 3) for r in range(1, len(table))]
        grids.append(Grid(tuple(table), tuple(spans), header_rows=2, label_cols=1,
                          widths=(0.31, 0.23, 0.23, 0.23)))
    return grids


def _t3_header() -> tuple[list[tuple[str, ...]], list[Span]]:
    """Return the three header rows of table 3 and their merged cells."""
    rows = [
        (T3_NOTE, "", "", "申请人情况") + ("",) * 6,
        ("", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"),
        ("", "", "", "") + T3_ORG_LABELS + ("",),
    ]
    spans = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]
    return rows, spans


def label_cells(paths: Sequence[tuple[str, ...]], depth: int, top: int = 0,
                ) -> tuple[list[list[str]], list[Span]]:
    """Given the label paths of consecutive printed rows, return their label columns and merges.

    A path's last label spans to the last label column; a shorter prefix shared by consecutive
    rows (三、本年度办理结果, （三）不予公开) is printed once, merged down over those rows.
    ``top`` is the grid row of the first path, for the merges' coordinates.
    """
    texts = [[""] * depth for _ in paths]
    spans: list[Span] = []
    for i, path in enumerate(paths):
        for level, label in enumerate(path):
            if level == len(path) - 1:
                texts[i][level] = label
                if level < depth - 1:
                    spans.append((top + i, level, top + i, depth - 1))
            elif i == 0 or paths[i - 1][:level + 1] != path[:level + 1]:
                run = 1
                while i + run < len(paths) and paths[i + run][:level + 1] == path[:level + 1]:
                    run += 1
                texts[i][level] = label
                if run > 1:
                    spans.append((top + i, level, top + i + run - 1, level))
    return texts, spans


def t3_grid(spec: ReportSpec) -> Optional[Grid]:
    """Given a spec, return table 3 with its merged header and label columns (None if no row)."""
    printed = [(row, path) for row, path in T3_ROWS[spec.format]
               if _row_printed(spec.cells, f"t3.{row}", T3_COLUMNS)]
    if not printed:
        return None
    rows, spans = _t3_header()
    labels, label_spans = label_cells([path for _, path in printed], depth=3, top=len(rows))
    rows += [tuple(lab) + _values(spec.cells, f"t3.{row}", T3_COLUMNS)
             for lab, (row, _) in zip(labels, printed)]
    return Grid(tuple(rows), tuple(spans + label_spans), header_rows=3, label_cols=3,
                widths=(0.085, 0.11, 0.27) + (0.535 / 7,) * 7)


def t4_grid(spec: ReportSpec) -> Optional[Grid]:
    """Given a spec, return table 4: three header rows over one row of fifteen figures."""
    if not any(address.startswith("t4.") for address in spec.cells):
        return None
    col_labels = tuple(label for _, label in T4_COLUMNS)
    rows = [
        ("行政复议",) + ("",) * 4 + ("行政诉讼",) + ("",) * 9,
        col_labels + (T4_GROUPS[1][1],) + ("",) * 4 + (T4_GROUPS[2][1],) + ("",) * 4,
        ("",) * 5 + col_labels * 2,
        tuple(v for group, _ in T4_GROUPS
              for v in _values(spec.cells, f"t4.{group}", [col for col, _ in T4_COLUMNS])),
    ]
    spans = [(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)]
    spans += [(1, c, 2, c) for c in range(5)]
    return Grid(tuple(rows), tuple(spans), header_rows=3, label_cols=0, widths=(1 / 15,) * 15)


def section_grids(spec: ReportSpec, index: int) -> list[Grid]:
    """Given a spec and a section index (0 for 一), return the tables printed in that section."""
    table = TABLE_SECTIONS.get(index)
    if table == "t2":
        return t2_grids(spec)
    grid = {"t3": t3_grid, "t4": t4_grid}[table](spec) if table else None
    return [grid] if grid else []


def split_grid(grid: Grid, body_rows: int) -> tuple[Grid, Grid]:
    """Given a grid and a number of body rows, return it cut after them, the header on both parts.

    A merged label cut by the break keeps its text in the first part; its continuation in the
    second part is an empty merged cell, as a word processor leaves it.
    """
    head, cut = grid.header_rows, grid.header_rows + body_rows
    first: list[Span] = []
    second: list[Span] = []
    for r0, c0, r1, c1 in grid.spans:
        if r1 < head:
            first.append((r0, c0, r1, c1))
            second.append((r0, c0, r1, c1))
        elif r1 < cut:
            first.append((r0, c0, r1, c1))
        elif r0 >= cut:
            second.append((r0 - cut + head, c0, r1 - cut + head, c1))
        else:
            first.append((r0, c0, cut - 1, c1))
            second.append((head, c0, r1 - cut + head, c1))
    def part(rows: tuple, spans: list[Span]) -> Grid:
        # A merge clipped down to one cell is no merge.
        merges = tuple(s for s in spans if s[:2] != s[2:])
        return Grid(rows, merges, head, grid.label_cols, grid.widths)

    return part(grid.rows[:cut], first), part(grid.rows[:head] + grid.rows[cut:], second)


def space_out(text: str) -> str:
    """Given a label, return it with a space between adjacent CJK characters (「自 然 人」)."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", " ", text)


def spaced_grid(grid: Grid) -> Grid:
    """Given a grid, return it with every label but the long 勾稽关系 note spaced out."""
    rows = tuple(
        tuple(space_out(text) if grid.is_label(r, c) and text != T3_NOTE else text
              for c, text in enumerate(row))
        for r, row in enumerate(grid.rows))
    return Grid(rows, grid.spans, grid.header_rows, grid.label_cols, grid.widths)


# --------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------

def _register_font() -> None:
    """Register the CJK font with reportlab once; its built-in fonts have no Chinese glyphs."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    if not FONT_PATH.exists():
        raise FileNotFoundError(f"expected the CJK font at {FONT_PATH}, got no file "
                                "(install fonts-wqy-microhei: make system)")
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))


def _paragraph_styles() -> dict[str, ParagraphStyle]:
    """Return the paragraph styles of a report: CJK wrapping everywhere, tables in a small size."""
    base = dict(fontName=FONT, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontSize=18, leading=26, alignment=TA_CENTER,
                                spaceAfter=14, **base),
        "heading": ParagraphStyle("heading", fontSize=12.5, leading=20, spaceBefore=8,
                                  spaceAfter=4, keepWithNext=1, **base),
        "body": ParagraphStyle("body", fontSize=11, leading=18, firstLineIndent=22,
                               spaceAfter=3, alignment=TA_LEFT, **base),
        "header": ParagraphStyle("header", fontSize=9, leading=11, alignment=TA_CENTER, **base),
        "label": ParagraphStyle("label", fontSize=9, leading=11, alignment=TA_LEFT, **base),
        "value": ParagraphStyle("value", fontSize=9, leading=11, alignment=TA_CENTER, **base),
    }


def _rule_commands(grid: Grid, style: str) -> list[tuple]:
    """Given a grid and a PDF style, return its rules: a full grid, or horizontal rules only."""
    if style != "hrules":
        return [("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
    # Horizontal rules only, and no cell backgrounds: pdfplumber's "lines" strategy then has no
    # vertical edge to build cells from, as with the many reports printed this way.
    cmds = [("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black)]
    cmds += [("LINEBELOW", (0, r), (-1, r), 0.5, colors.black) for r in range(len(grid.rows) - 1)]
    return cmds


def _cell_kind(grid: Grid, r: int, c: int) -> str:
    """Given a grid position, return the paragraph style of its text: header, label or value."""
    if r < grid.header_rows:
        return "header"
    return "label" if c < grid.label_cols else "value"


def grid_to_table(grid: Grid, style: str, width: float, styles: dict[str, ParagraphStyle]) -> Table:
    """Given a grid, a PDF style and the text width, return the reportlab table that prints it.

    Cells are Paragraphs so that a long label wraps inside its cell instead of running over.
    """
    data = [[Paragraph(escape(text), styles[_cell_kind(grid, r, c)]) if text else ""
             for c, text in enumerate(row)] for r, row in enumerate(grid.rows)]
    cmds = _rule_commands(grid, style) + [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        # Landscape pages are short: dense rows keep table 3 on one page, as such reports do.
        ("TOPPADDING", (0, 0), (-1, -1), 2 if style == "landscape" else 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 if style == "landscape" else 3),
    ]
    cmds += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in grid.spans]
    return Table(data, colWidths=[share * width for share in grid.widths],
                 repeatRows=grid.header_rows, style=TableStyle(cmds))


def grid_tables(grid: Grid, style: str, width: float, styles: dict[str, ParagraphStyle],
                force_break: bool = False) -> list[Table]:
    """Given a grid and a PDF style, return the table that prints it, or with force_break two
    halves of it, each with the header, to go on two pages.

    The break is made by hand because reportlab will not split a table inside a merged cell, and
    三、本年度办理结果 merges 22 rows: it could only break before or after them.
    """
    if style == "spaced":
        grid = spaced_grid(grid)
    if not force_break:
        return [grid_to_table(grid, style, width, styles)]
    body = len(grid.rows) - grid.header_rows
    return [grid_to_table(part, style, width, styles) for part in split_grid(grid, (body + 1) // 2)]


def _footer(style: str):
    """Given a PDF style, return the onPage callback that prints its page number."""
    def draw(canvas, doc):
        page = canvas.getPageNumber()
        text = f"— {page} —" if style == "pagebreak" else str(page)
        canvas.saveState()
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(doc.pagesize[0] / 2, doc.bottomMargin / 2, text)
        canvas.restoreState()
    return draw


def spec_to_story(spec: ReportSpec, style: str, width: float) -> list:
    """Given a spec and a PDF style, return the flowables of the whole report in reading order."""
    styles = _paragraph_styles()
    story: list = [Paragraph(escape(spec.title), styles["title"])]
    story += [Paragraph(escape(text), styles["body"]) for text in spec.preamble]
    for index, (heading, paragraphs) in enumerate(spec.sections):
        flow = [Paragraph(escape(heading), styles["heading"])] if heading else []
        flow += [Paragraph(escape(text), styles["body"]) for text in paragraphs]
        force = style == "pagebreak" and TABLE_SECTIONS.get(index) == "t3"
        tables = [table for grid in section_grids(spec, index)
                  for table in grid_tables(grid, style, width, styles, force)]
        if not tables:
            story += flow
            continue
        # A section's tables start on a page where they fit whole (with the heading, when no
        # paragraph comes between), so that only the pagebreak style has a table cut by a page;
        # there, the second half of table 3 starts the next page.
        first, rest = (tables[:1], tables[1:]) if force else (tables, [])
        if paragraphs:
            story += flow
        story.append(KeepTogether(first if paragraphs else flow + first))
        for table in rest:
            story += [PageBreak(), table]
        story.append(Spacer(1, 8))
    return story


def render_pdf(spec: ReportSpec, style: str, out: Path) -> Path:
    """Given a spec, a style in STYLES and an output path, write the report as a PDF there and
    return the path.

    ruled: every cell ruled, merged headers and labels; hrules: horizontal rules only; pagebreak:
    ruled, table 3 cut over two pages with its header repeated and 「— N —」 footers; spaced: ruled,
    labels printed 「自 然 人」; landscape: ruled, on landscape A4.
    """
    if style not in STYLES:
        raise ValueError(f"expected a style in {STYLES}, got {style!r}")
    _check_spec(spec)
    _register_font()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pagesize = landscape(A4) if style == "landscape" else A4
    side, top = (54, 36) if style == "landscape" else (72, 72)
    doc = SimpleDocTemplate(str(out), pagesize=pagesize, leftMargin=side, rightMargin=side,
                            topMargin=top, bottomMargin=top, title=spec.title,
                            author="reportgen", invariant=1)
    footer = _footer(style)
    doc.build(spec_to_story(spec, style, doc.width), onFirstPage=footer,
              onLaterPages=footer)
    return out


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

def grid_to_html(grid: Grid) -> str:
    """Given a grid, return it as an HTML <table> with rowspan and colspan for merged cells."""
    starts = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in grid.spans}
    covered = {(r, c) for r0, c0, r1, c1 in grid.spans
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(starts)
    lines = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">',
             "<tbody>"]
    for r, row in enumerate(grid.rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            nrows, ncols = starts.get((r, c), (1, 1))
            attrs = ((f' rowspan="{nrows}"' if nrows > 1 else "")
                     + (f' colspan="{ncols}"' if ncols > 1 else ""))
            cells.append(f"<td{attrs}>{html.escape(text)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def spec_to_html_body(spec: ReportSpec, heading: str = "<h2>{}</h2>") -> str:
    """Given a spec, return the report's HTML: <h1> title, headings, <p> paragraphs, <table>s.

    ``heading`` formats a section heading (portals often print it as <p><strong>…</strong></p>).
    """
    parts = [f"<h1>{html.escape(spec.title)}</h1>"]
    parts += [f"<p>{html.escape(text)}</p>" for text in spec.preamble]
    for index, (title, paragraphs) in enumerate(spec.sections):
        if title:
            parts.append(heading.format(html.escape(title)))
        parts += [f"<p>{html.escape(text)}</p>" for text in paragraphs]
        parts += [grid_to_html(grid) for grid in section_grids(spec, index)]
    return "\n".join(parts)


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
</head>
<body>
{body}
</body>
</html>
"""

# A government portal's boilerplate: everything a reader must skip to find the report.
_PORTAL = """<div class="header">
<div class="logo">{site}</div>
<ul class="nav"><li><a href="/">首页</a></li> | <li><a href="/zwgk/">政务公开</a></li> |
<li><a href="/bsfw/">办事服务</a></li> | <li><a href="/hdjl/">互动交流</a></li></ul>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/ndbg/">政府信息公开年报</a> &gt; 正文</div>
<div class="main">
<div class="sidebar">
<h3>政府信息公开年报</h3>
<ul>
<li><a href="/zwgk/ndbg/2022.html">2022年政府信息公开工作年度报告</a></li>
<li><a href="/zwgk/ndbg/2021.html">2021年政府信息公开工作年度报告</a></li>
<li><a href="/zwgk/ndbg/2020.html">2020年政府信息公开工作年度报告</a></li>
</ul>
</div>
<div class="content">
<div class="info">发布时间：2024-01-30 来源：本网 浏览次数：<span id="views"></span></div>
<div class="article">
{report}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>
【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
</div>
</div>
<script type="text/javascript">
var views = 1024 + 3;
document.getElementById("views").innerHTML = views;
document.write("<div class=\\"tip\\">本页面建议使用 1280×800 分辨率浏览</div>");
</script>
<div class="footer">
<p>主办单位：{site} 版权所有 ICP备案：粤ICP备05070829号</p>
<p>网站标识码：4400000118 粤公网安备 44010402001234号</p>
</div>"""


def render_html(spec: ReportSpec, out: Path, style: str = "plain") -> Path:
    """Given a spec, an output path and a style in HTML_STYLES, write the report's page there and
    return the path.

    plain: the report alone; portal: inside <div class="article"> of a portal page with navigation,
    breadcrumbs, a sidebar of other reports, a footer and a <script>.
    """
    if style not in HTML_STYLES:
        raise ValueError(f"expected an HTML style in {HTML_STYLES}, got {style!r}")
    _check_spec(spec)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if style == "plain":
        body = spec_to_html_body(spec)
    else:
        agency = re.match(r"^(.+?)\s*\d{4}", spec.title)
        site = agency.group(1) if agency else "政府门户网站"
        report = spec_to_html_body(spec, heading="<p><strong>{}</strong></p>")
        body = _PORTAL.format(site=html.escape(site), report=report)
    out.write_text(_PAGE.format(title=html.escape(spec.title), body=body), encoding="utf-8")
    return out


# --------------------------------------------------------------------------------------------------
# Specs of the sample reports
# --------------------------------------------------------------------------------------------------

# A section heading: 一、… to 六、…, with no figure in it (a table row such as
# 「四、结转下年度继续办理 4 0 0 0 0 0 4」 printed without tabs is not one).
_HEADING = re.compile(rf"^([{SECTION_NUMERALS}])、[^0-9\t]*$")
# The first line of a table printed without tabs (a text export with spaces between cells).
_TABLE_START = re.compile(r"^(第二十条|信息内容|[（(]本列数据|申请人情况|行政复议)")
# A page footer the source kept from its PDF: 「— 3 —」, 「- 3 -」.
_PAGE_FOOTER = re.compile(r"^[—\-–]\s*\d+\s*[—\-–]$")
# A text line cut by the source's page break ends mid-sentence; a heading is short.
_SENTENCE_END = tuple("。！？；：”’」）)")
_MIN_CUT_LINE = 30
# A PDF's text lines are cut at the page's width, about 28 CJK characters on A4: shorter than
# the text exports' lines _MIN_CUT_LINE is set for.
_MIN_CUT_PDF_LINE = 12

# A web archive's crawler writes a header block (标题:, 发布时间:, 原文链接:, …) ending in this
# line above the page's text.
_CRAWLER_TITLE = re.compile(r"^标题[:：]\s*(\S.*)$")
_CRAWLER_BODY = re.compile(r"^=+\s*正文\s*=+$")
# A page saved without line structure: the whole report on one line longer than this.
_ONE_LINE = 400
# A section heading inside one-line text: its numeral, then the shortest run of words ending like
# the template's headings. A digit ends the run, so a flattened table row
# (「三、本年度办理结果（一）予以公开220000022」) is not taken for one.
_INLINE_HEADING = re.compile(rf"([{SECTION_NUMERALS}])、[^。！？0-9\s]{{2,24}}?(?:情况|思路|措施|事项)")
# Where a flattened table starts inside a table section's one-line text.
_INLINE_TABLE = re.compile(r"第二十条|[（(]本列数据|申请人情况|行政复议行政诉讼|行政复议")
# A paragraph break lost in one-line text: a sentence end followed by spaces or by a numbered
# sub-heading (「。（二）依申请公开方面」).
_INLINE_PARAGRAPH = re.compile(r"(?<=[。！？])\s*(?=（[一二三四五六七八九十]+）)|(?<=[。！？])\s+")


def _row_key(address: str) -> str:
    """Given an address, return the printed row it belongs to (table 4 is one row)."""
    return "t4" if address.startswith("t4.") else address.rsplit(".", 1)[0]


def _row_labels(format: str) -> dict[str, str]:
    """Given a format, return {row key: the row's own label} (its last label column)."""
    labels = {f"t2.{row}": label for _, _, rows in T2_BLOCKS[format] for row, label in rows}
    labels.update({f"t3.{row}": path[-1] for row, path in T3_ROWS[format]})
    labels["t4"] = T4_GROUPS[0][1]
    return labels


def _normalize(text: str) -> str:
    """Given text, return it without spaces and with half-width punctuation made full-width."""
    return re.sub(r"\s+", "", text).translate(str.maketrans("(),:", "（），："))


_NUMBERING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．])")


def _label_in_source(label: str, source: str) -> bool:
    """Given a row label and a normalized source text, return whether the source prints the row.

    The label's numbering is dropped (「1. 属于国家秘密」 is printed with a space), unless what is
    left is too short to tell the row (「（七）总计」 against the header's 总计).
    """
    core = _NUMBERING.sub("", _normalize(label))
    return (core if len(core) >= 4 else _normalize(label)) in source


def printed_cells(gold: dict[str, Value], ambiguous: Iterable[str] = (), format: str = "2021",
                  source: Optional[str] = None) -> dict[str, Value]:
    """Given gold cells, the addresses gold calls ambiguous, the format and the source text,
    return the cells of the rows the report printed.

    A row with a figure was printed. A row all null in gold was not (a report may end a table
    early, like Panyu's table 3), unless the source prints its label: then it was printed blank.
    An ambiguous address was printed, but glued to its neighbours so that no one can say what it
    holds: it is a blank cell.
    """
    shown = {_row_key(a) for a, value in gold.items() if value is not None}
    shown |= {_row_key(a) for a in ambiguous}
    if source is not None:
        text = _normalize(source)
        shown |= {key for key, label in _row_labels(format).items()
                  if _label_in_source(label, text)}
    return {address: value for address, value in gold.items() if _row_key(address) in shown}


def _html_lines(path: Path) -> list[str]:
    """Given a report's HTML page, return it as a text export: the <h1> title, then one line per
    paragraph of the article and one tab-separated line per table row, blank lines between."""
    from bs4 import BeautifulSoup  # only the HTML samples need it

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    h1 = soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else soup.title.get_text(strip=True)
    # The article is the element holding the most paragraphs and tables as its own children.
    article = max(soup.find_all(True),
                  key=lambda el: len(el.find_all(["p", "table"], recursive=False)))
    lines = [title, ""]
    for block in article.find_all(["p", "h2", "h3", "h4", "tr"]):
        if block.name == "tr":
            # The trailing tab marks a one-cell row (第二十条第（一）项) as a table line too.
            cells = [td.get_text(strip=True) for td in block.find_all(["td", "th"])]
            lines += ["\t".join(cells) + "\t", ""]
        elif not block.find_parent("table"):
            lines += [block.get_text(strip=True), ""]
    return lines


def _pdf_lines(path: Path) -> list[str]:
    """Given a report's PDF, return its text lines as pdfplumber reads them, a blank line after
    the title (printed over one to three lines, down to the one that names the report)."""
    import pdfplumber  # only the PDF samples need it

    with pdfplumber.open(path) as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    end = next((i for i, line in enumerate(lines[:3]) if "报告" in line), 0)
    return lines[:end + 1] + [""] + lines[end + 1:]


def _one_line_to_lines(text: str) -> list[str]:
    """Given a report's text saved on one line, return it as a text export's lines.

    The line is cut at its section headings (in order, as :func:`_split_sections` takes them);
    a table section's narrative ends where its flattened table starts, and the table is kept as
    one table line (a tab marks it); narrative is cut into paragraphs at sentence ends.
    """
    headings = []
    for match in _INLINE_HEADING.finditer(text):
        index = SECTION_NUMERALS.index(match.group(1))
        if index > (SECTION_NUMERALS.index(headings[-1].group(1)) if headings else -1):
            headings.append(match)
    if not headings:
        return [p for p in _INLINE_PARAGRAPH.split(text) if p.strip()]
    lines = [p.strip() for p in _INLINE_PARAGRAPH.split(text[:headings[0].start()]) if p.strip()]
    for match, after in zip(headings, headings[1:] + [None]):
        body = text[match.end():after.start() if after else len(text)]
        table = None
        if SECTION_NUMERALS.index(match.group(1)) in TABLE_SECTIONS:
            start = _INLINE_TABLE.search(body)
            if start:
                body, table = body[:start.start()], body[start.start():].strip()
        lines += ["", match.group(0), ""]
        lines += [p.strip() for p in _INLINE_PARAGRAPH.split(body) if p.strip()]
        if table:
            lines.append(table + "\t")
    return lines


def _crawler_lines(lines: list[str]) -> Optional[list[str]]:
    """Given a text's lines, return them as a text export's if a web archive's crawler saved them
    (the title from its 标题: line, a blank line, then the page's text, cut into lines if it is all
    on one), or None if no crawler did."""
    first = next((line.strip() for line in lines if line.strip()), "")
    title = _CRAWLER_TITLE.match(first)
    body = next((i for i, line in enumerate(lines) if _CRAWLER_BODY.match(line.strip())), None)
    if not title or body is None:
        return None
    rest = lines[body + 1:]
    if any(len(line) > _ONE_LINE for line in rest):
        rest = _one_line_to_lines(" ".join(line.strip() for line in rest if line.strip()))
    return [title.group(1).strip(), ""] + rest


def source_lines(report: Path) -> list[str]:
    """Given a sample report (a text export, a crawler's text, an HTML page or a PDF), return its
    lines of text."""
    report = Path(report)
    if report.suffix.lower() in (".html", ".htm"):
        return _html_lines(report)
    if report.suffix.lower() == ".pdf":
        return _pdf_lines(report)
    lines = report.read_text(encoding="utf-8").splitlines()
    return _crawler_lines(lines) or lines


def _narrative_lines(lines: list[str], table_section: bool) -> list[str]:
    """Given a section's lines, return its narrative lines: not table lines, not blank.

    A table line holds a tab. In a table section everything from the table's first line on is
    table (its rows may be printed with spaces, or cut into pieces), except a sentence after it.
    """
    start = len(lines)
    if table_section:
        start = next((i for i, line in enumerate(lines)
                      if "\t" in line or _TABLE_START.match(line.strip())), len(lines))
    return [line.strip().replace("**", "") for i, line in enumerate(lines)
            if line.strip() and "\t" not in line and not _PAGE_FOOTER.match(line.strip())
            and (i < start or line.strip().endswith("。"))]


def join_cut_lines(lines: Iterable[str], min_cut: int = _MIN_CUT_LINE) -> list[str]:
    """Given narrative lines, return paragraphs: a line of at least ``min_cut`` characters cut
    mid-sentence joins the next."""
    paragraphs: list[str] = []
    joining = False
    for line in lines:
        if joining:
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        last = paragraphs[-1]
        joining = len(last) >= min_cut and not last.endswith(_SENTENCE_END)
    return paragraphs


def _split_title(lines: list[str]) -> tuple[str, list[str]]:
    """Given a report's lines, return its title and the lines after it.

    The title is the first non-empty line, with the lines that follow it without a blank line
    between (「江临市生态环境局」 over 「2022 年政府信息公开工作年度报告」) — but not a sentence: a
    report that prints its preamble right under the title, with no blank line (Luwan's
    「本报告根据…编制。…」), keeps it as its preamble.
    """
    start = next(i for i, line in enumerate(lines) if line.strip())
    end = start + 1
    while (end < len(lines) and lines[end].strip() and not _HEADING.match(lines[end].strip())
           and "。" not in lines[end]):
        end += 1
    return " ".join(line.strip() for line in lines[start:end]), lines[end:]


def _split_sections(lines: list[str]) -> tuple[list[str], dict[int, tuple[str, list[str]]]]:
    """Given the lines after the title, return the preamble's lines and
    {section index: (heading, its lines)}.

    Headings come in order, so a table row that looks like one (三、本年度办理结果) is not taken
    for one. Lines under a lost heading stay with the section before (Panyu's table 4 follows
    table 3 with no 四 heading).
    """
    preamble: list[str] = []
    sections: dict[int, tuple[str, list[str]]] = {}
    current = -1
    for line in lines:
        match = _HEADING.match(line.strip()) if "\t" not in line else None
        if match and SECTION_NUMERALS.index(match.group(1)) > current:
            current = SECTION_NUMERALS.index(match.group(1))
            sections[current] = (line.strip(), [])
        elif current < 0:
            preamble.append(line)
        else:
            sections[current][1].append(line)
    return preamble, sections


def spec_from_seed(report_txt: Path, gold_json: Path) -> ReportSpec:
    """Given a sample report (text export, crawler's text, HTML page or PDF) and its gold cells,
    return the spec that reprints it.

    The title is the first non-empty line (and any line run on to it; a crawler's 标题: line); the
    narrative is every line that is not a table line, a page footer or blank, the preamble before
    一 included; the cells are the gold's, less the rows the report did not print (see
    :func:`printed_cells`). A missing section heading stays missing.
    """
    gold = json.loads(Path(gold_json).read_text(encoding="utf-8"), parse_float=Decimal)
    lines = source_lines(report_txt)
    min_cut = _MIN_CUT_PDF_LINE if Path(report_txt).suffix.lower() == ".pdf" else _MIN_CUT_LINE
    title, rest = _split_title(lines)
    preamble, found = _split_sections(rest)
    format = gold.get("format", "2021")
    sections = []
    for index in range(len(SECTION_NUMERALS)):
        heading, body = found.get(index, ("", []))
        narrative = _narrative_lines(body, table_section=index in TABLE_SECTIONS)
        sections.append((heading, tuple(join_cut_lines(narrative, min_cut))))
    blank_zero = frozenset(gold.get("blank_zero") or ())
    cells = printed_cells(gold["cells"], gold.get("ambiguous") or (), format, source="\n".join(lines))
    return ReportSpec(title=title, sections=tuple(sections),
                      cells={a: None if a in blank_zero else v for a, v in cells.items()},
                      format=format,
                      preamble=tuple(join_cut_lines(_narrative_lines(preamble, False), min_cut)),
                      blank_zero=blank_zero)


def seed_specs(gold_dir: Path = FIXTURES / "gold") -> Iterator[tuple[str, ReportSpec]]:
    """Given the gold directory, yield (stem, spec) for every gold file whose report exists."""
    for gold_json in sorted(Path(gold_dir).glob("*.json")):
        report = gold_json.parent.parent / json.loads(gold_json.read_text(encoding="utf-8"))["file"]
        if report.exists():
            yield gold_json.stem, spec_from_seed(report, gold_json)


# --------------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="reportgen", description="Render the gold sample reports as PDFs and HTML pages.")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--gold", type=Path, default=FIXTURES / "gold",
                        help="directory of gold JSON files (default: tests/fixtures/gold)")
    parser.add_argument("--styles", default=",".join(STYLES),
                        help=f"comma-separated PDF styles (default: all of {','.join(STYLES)})")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Write STEM.STYLE.pdf, STEM.html and STEM.portal.html for every gold file; print the paths."""
    args = build_parser().parse_args(argv)
    styles = [s for s in args.styles.split(",") if s]
    bad = [s for s in styles if s not in STYLES]
    if bad:
        print(f"reportgen: expected styles in {','.join(STYLES)}, got {','.join(bad)}",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    count = 0
    for stem, spec in seed_specs(args.gold):
        for style in styles:
            print(render_pdf(spec, style, args.out / f"{stem}.{style}.pdf"))
            count += 1
        print(render_html(spec, args.out / f"{stem}.html"))
        print(render_html(spec, args.out / f"{stem}.portal.html", style="portal"))
    print(f"# {count} PDFs in {time.perf_counter() - started:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
