"""The HTML reader: the page a government site publishes its report on.

The page holds the site's navigation, breadcrumbs, sidebars and footers around the report; we keep
only the report's body. Tables are rebuilt as grids with ``rowspan``/``colspan`` expanded, the text
of a merged cell standing at its first position and the positions it covers left empty, which is
how the PDF reader gives merged cells too.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from errors import UnreadableFile
from ingest.document import Document, Field, Row
from ingest.text import bytes_to_text

#: Elements that never hold report text.
_DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form",
              "button", "select", "input", "svg", "canvas", "object", "embed", "template")
#: class/id words of a site's own furniture.
_FURNITURE = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|breadcrumb|crumb|footer|foot|sidebar|side|header|head|banner|"
    r"toolbar|share|search|login|copyright|related|links?|friend|position|location|weizhi|dh)($|[-_\s\d])",
    re.I)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote",
           "pre", "center", "dd", "dt", "td", "th", "tr", "table", "br", "ul", "ol", "main"}
_MAX_SPAN = 100  # a rowspan/colspan larger than this is a broken page, not a table
_MAX_GRID = 100_000  # positions of one table's grid (a report's largest table has a few hundred)
#: The strings ``get_text`` reads (not comments, doctypes or processing instructions).
_TEXT_STRINGS = (NavigableString, CData)


def html_to_document(html: str, path: str = "") -> Document:
    """Given the HTML of a report page, return its Document (one page; rows in reading order).

    Raises UnreadableFile for a page nested too deeply to walk (no report page is; a broken or
    hostile one can nest thousands of elements).
    """
    try:
        return _html_to_document(html, path)
    except RecursionError:
        raise UnreadableFile("this web page is nested too deeply to read: it is broken, or built to stall "
                             "readers.", "too_deep") from None


def _html_to_document(html: str, path: str) -> Document:
    soup = BeautifulSoup(html, "lxml")
    title = _title_text(soup)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        tag.decompose()
    body = _content_root(soup)
    rows: List[Row] = []
    table_no = [0]
    _walk(body, rows, table_no)
    return Document(path=path, kind="html", pages=1, rows=tuple(rows), title=title)


def _title_text(soup: BeautifulSoup) -> Optional[str]:
    """Given a page, return its <title> as plain words, or None.

    A title is text, but a hostile or broken page puts markup in it
    (「&lt;script&gt;alert(1)&lt;/script&gt;某局…年度报告」): that markup is read as HTML and only its
    words are kept, scripts dropped, and invisible control characters (a right-to-left override
    that would show the body's name reversed) removed, so none of it reaches the body's name.
    """
    if soup.title is None:
        return None
    text = soup.title.get_text(" ", strip=True)
    if "<" in text:
        inner = BeautifulSoup(text, "lxml")
        for tag in inner.find_all(_DROP_TAGS):
            tag.decompose()
        text = inner.get_text("", strip=False)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\n")
    return re.sub(r"\s+", " ", text).strip() or None


def html_file_to_document(path: Path) -> Document:
    """Given the path of an ``.html`` report page, return its Document."""
    data = path.read_bytes()
    declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    text = None
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = bytes_to_text(data, path.name)
    if "<" not in text:
        raise UnreadableFile(f"{path.name} is named .html but holds no HTML.", "no_html", name=path.name)
    return html_to_document(text, str(path))


def _is_furniture(tag: Tag) -> bool:
    if not isinstance(tag, Tag) or tag.name in ("html", "body", "table", "tr", "td", "th", "tbody"):
        return False
    words = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
    # Report text often sits in a div called "content" or "article"; never drop those.
    return bool(words.strip()) and bool(_FURNITURE.search(words)) and not re.search(r"content|article|text|zw", words, re.I)


def _content_root(soup: BeautifulSoup) -> Tag:
    """Given a cleaned page, return the smallest element holding most of its text and all its tables."""
    body = soup.body or soup
    text, tables = _subtree_sizes(body)
    total = text[id(body)]
    # The report's own heading often sits outside the article's text div; the root must hold it.
    heading = next((h for h in body.find_all(["h1", "h2", "h3"]) if "报告" in h.get_text()), None)
    around_heading = {id(p) for p in heading.parents} if heading is not None else set()
    best = body
    for tag in body.find_all(["div", "article", "section", "main", "td"]):
        n = text[id(tag)]
        if (n >= 0.7 * total and tables[id(tag)] == tables[id(body)] and n < text[id(best)] + 1
                and (heading is None or id(tag) in around_heading)):
            best = tag
    return best


def _subtree_sizes(root: Tag) -> Tuple[Dict[int, int], Dict[int, int]]:
    """Given an element, return for it and every element inside it (by id) the length of its text
    as ``get_text(strip=True)`` gives it and the number of tables inside it.

    One pass from the leaves up, without recursion: asking each element in turn costs the square of
    the page's depth, which a page of thousands of nested elements turns into minutes.
    """
    text: Dict[int, int] = {}
    tables: Dict[int, int] = {}
    stack: List[Tuple[Tag, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((c, False) for c in node.children if isinstance(c, Tag))
            continue
        t = n = 0
        for c in node.children:
            if isinstance(c, Tag):
                t += text[id(c)]
                n += tables[id(c)] + (c.name == "table")
            elif isinstance(c, NavigableString) and type(c) in _TEXT_STRINGS:
                t += len(c.strip())
        text[id(node)], tables[id(node)] = t, n
    return text, tables


def _walk(node: Tag, rows: List[Row], table_no: List[int]) -> None:
    """Append the rows of ``node``'s content to ``rows``: text blocks as lines, tables as grids."""
    buf: List[str] = []

    def flush():
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", "".join(buf)).strip()
        buf.clear()
        if text:
            rows.append(Row((Field(text),)))

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, CDATA or doctype
                buf.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "table":
            flush()
            table_no[0] += 1
            rows.extend(table_to_rows(child, table_no[0]))
        elif child.name == "br":
            flush()
        elif child.name in _BLOCKS and (css := _css_table_rows(child)) is not None:
            flush()
            table_no[0] += 1
            rows.extend(cells_to_rows(css, table_no[0]))
        elif child.name in _BLOCKS:
            flush()
            _walk(child, rows, table_no)
            flush()
        else:
            # Inline element: but it may hide a table or a block inside.
            if child.find(["table", "p", "div", "br"]):
                flush()
                _walk(child, rows, table_no)
                flush()
            else:
                buf.append(child.get_text())
    flush()


def _span(cell: Tag, attr: str) -> int:
    raw = cell.get(attr) or cell.get(f"data-{attr}") or "1"
    try:
        return max(1, min(_MAX_SPAN, int(str(raw).strip() or 1)))
    except ValueError:
        return 1


def table_to_rows(table: Tag, table_no: int) -> List[Row]:
    """Given a ``<table>``, return its rows as grids with rowspan/colspan expanded.

    A merged cell's text stands at its top-left position; the positions it covers are empty
    fields, so every row of the grid has the table's full width. Nested tables are flattened into
    their cell's text. A table whose grid would pass _MAX_GRID positions (no report's does; a
    broken or hostile page's spans can ask for millions) is read row by row as printed, unmerged.
    """
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    return cells_to_rows([tr.find_all(["td", "th"], recursive=False) for tr in trs], table_no)


def cells_to_rows(cells_of: List[List[Tag]], table_no: int) -> List[Row]:
    """Given a table's cell elements row by row, return its rows as grids with spans expanded
    (``rowspan``/``colspan``, or ``data-rowspan``/``data-colspan`` in a table laid out with CSS)."""
    grid: Dict[Tuple[int, int], str] = {}
    taken: Dict[Tuple[int, int], bool] = {}
    covered = sum(_span(cell, "rowspan") * _span(cell, "colspan") for cells in cells_of for cell in cells)
    widest = max((sum(_span(cell, "colspan") for cell in cells) for cells in cells_of), default=0)
    if covered > _MAX_GRID or len(cells_of) * widest > _MAX_GRID:
        return _unmerged_rows(cells_of, table_no)
    width = 0
    for r, cells in enumerate(cells_of):
        c = 0
        for cell in cells:
            while taken.get((r, c)):
                c += 1
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            grid[(r, c)] = _cell_text(cell)
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = True
            c += cs
            width = max(width, c)
    if len(cells_of) * width > _MAX_GRID:
        return _unmerged_rows(cells_of, table_no)
    out = []
    for r in range(len(cells_of)):
        fields = tuple(Field(grid.get((r, c), "")) for c in range(width))
        if any(f.text for f in fields):
            out.append(Row(fields, grid=True, table=table_no))
    return out


#: Class words of a table laid out with CSS instead of <table>: 「<div class="tr"><span class="td">」.
_CSS_TABLE_WORDS = re.compile(r"(^|[-_\s])(tr|tbody|thead|row|td|th|cell|col|grid|table)($|[-_\s\d])", re.I)


def _css_cells(row: Tag) -> Optional[List[Tag]]:
    """The cells of a row of a table laid out with CSS (a block of inline cells, marked as a table
    by its classes or its cells' spans), else None."""
    if not isinstance(row, Tag) or row.name not in ("div", "li", "p", "section"):
        return None
    cells = [c for c in row.children if isinstance(c, Tag)]
    loose = "".join(str(c) for c in row.children if isinstance(c, NavigableString)).strip()
    if not cells or loose or any(c.name in _BLOCKS and c.name != "div" for c in cells):
        return None
    marked = lambda tag: bool(_CSS_TABLE_WORDS.search(" ".join(tag.get("class") or [])))  # noqa: E731
    spans = any(c.get("data-colspan") or c.get("data-rowspan") for c in cells)
    if not (marked(row) or spans or sum(marked(c) for c in cells) >= 2):
        return None
    if any(c.find(["div", "p", "table"]) for c in cells):
        return None
    return cells


def _css_table_rows(block: Tag) -> Optional[List[List[Tag]]]:
    """The rows of a block that is a table laid out with CSS (at least two rows of cells), else None."""
    kids = [c for c in block.children if isinstance(c, Tag)]
    rows = [_css_cells(k) for k in kids]
    if len(kids) >= 2 and all(r is not None for r in rows) and sum(len(r) >= 2 for r in rows if r) >= 2:
        return rows  # type: ignore[return-value]
    return None


def _unmerged_rows(cells_of: List[List[Tag]], table_no: int) -> List[Row]:
    """Given a table's cells row by row, return its rows as printed: no span expanded, no padding."""
    out = []
    for cells in cells_of:
        fields = tuple(Field(_cell_text(cell)) for cell in cells)
        if any(f.text for f in fields):
            out.append(Row(fields, grid=True, table=table_no))
    return out


def _cell_text(cell: Tag) -> str:
    return re.sub(r"[ \t\r\n\u00a0]+", " ", cell.get_text(" ")).strip()
