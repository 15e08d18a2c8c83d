"""Lines for text that lost them: a report saved on one line is cut where its lines must have been.

A crawler's text of a portal page, or text copied from a browser, can hold the whole report on one
line: 「…编制而成。 一、总体情况 2023年，…二、主动公开政府信息情况第二十条第（一）项信息内容…」.
Sections, passages and the line reader all need lines, so such a line is cut before and after each
section heading it holds (in order: 一 before 二 …, each with its heading words, 「三、本年度办理结果」
inside table 3 is no heading) and after each full stop. The pieces keep the line they came from,
so citations still point at it; tables stay whole between two headings for ``ingest.stream``.
"""

from __future__ import annotations

import re
from typing import List, Set, Tuple

from ingest.document import Document, Field, Row

#: A line longer than this, holding a section heading inside it, is a report that lost its lines.
RELINE_MIN_CHARS = 200
_NUMERALS = "一二三四五六"
#: Heading words per section (template.md's variants) and the words a heading ends with.
_HEADING_WORDS = {
    1: ("总体情况", "概述", "基本情况"),
    2: ("主动公开",),
    3: ("收到和处理", "依申请公开", "申请情况"),
    4: ("行政复议", "行政诉讼"),
    5: ("存在", "问题"),
    6: ("其他需要报告", "其他事项"),
}
_HEADING_END = re.compile(r"情况|事项|思路|措施|概述|方向|计划")
_INLINE_HEADING = re.compile(r"(?<![（(])([一二三四五六])\s*[、.．]\s*")
_MAX_HEADING = 40


def inline_headings(text: str) -> List[Tuple[int, int]]:
    """Given a long line, return the (start, end) of each section heading inside it, in order.

    A heading is its numeral, a separator and words of that section ending at the first word that
    closes a heading (「情况」, 「事项」 …) within a short stretch without figures or full stops; each
    heading's number must be higher than the last one's.
    """
    out: List[Tuple[int, int]] = []
    last = 0
    for m in _INLINE_HEADING.finditer(text):
        n = _NUMERALS.index(m.group(1)) + 1
        if n <= last:
            continue
        stretch = text[m.end():m.end() + _MAX_HEADING]
        end = _HEADING_END.search(stretch)
        if end is None:
            continue
        words = stretch[:end.end()]
        if re.search(r"[\d。；;，,：:]", words) or not any(w in words for w in _HEADING_WORDS[n]):
            continue
        out.append((m.start(), m.end() + end.end()))
        last = n
    return out


def _cuts(text: str) -> List[int]:
    """Where a lost line break must have stood in a line: around its section headings and after
    each full stop."""
    cuts: Set[int] = set()
    for start, end in inline_headings(text):
        cuts.update((start, end))
    for m in re.finditer(r"[。！？](?![”’」』）)])", text):
        cuts.add(m.end())
    return sorted(c for c in cuts if 0 < c < len(text))


def row_to_rows(row: Row) -> List[Row]:
    """Given a row, return it as is, or, when it is a long line holding section headings, its pieces."""
    fields = [f for f in row.fields if f.text.strip()]
    if not fields or row.grid or max(len(f.text) for f in fields) < RELINE_MIN_CHARS:
        return [row]
    # A long line cut by a run of spaces (「发布机构：…      发布日期：…本报告…」) is one line still.
    f = Field(" ".join(x.text.strip() for x in fields), page=fields[0].page, line=fields[0].line)
    if not inline_headings(f.text):
        return [row]
    pieces, start = [], 0
    for cut in _cuts(f.text) + [len(f.text)]:
        piece = f.text[start:cut].strip()
        if piece:
            pieces.append(Row((Field(piece, page=f.page, line=f.line, bbox=None),), table=row.table))
        start = cut
    return pieces


def document_to_lines(doc: Document) -> Document:
    """Given a document, return it with every long line that holds section headings cut into lines."""
    if not any(len(r.text) >= RELINE_MIN_CHARS for r in doc.rows):
        return doc
    rows = [piece for r in doc.rows for piece in row_to_rows(r)]
    if len(rows) == len(doc.rows):
        return doc
    return Document(path=doc.path, kind=doc.kind, pages=doc.pages, rows=tuple(rows), title=doc.title,
                    page_sizes=doc.page_sizes)
