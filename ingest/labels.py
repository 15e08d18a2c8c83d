"""Recognising the template's rows in printed labels: which row a label names, which group it
opens, which format a report follows, and which lines are page furniture inside a table."""

from __future__ import annotations

import re
from typing import Optional, Sequence, Set

from ingest.document import Document, Row
from ingest.template import T3_GROUPS, RowSpec, fold

#: A label longer than this (folded) is a sentence of prose, not a table row.
MAX_LABEL_CHARS = 90
_FOOTER = re.compile(r"^\s*([—\-－–_]+\s*\d+\s*[—\-－–_]+|第\s*\d+\s*页.*|\d+\s*/\s*\d+|-\s*\d{1,3}\s*-?|\d{1,3}\s*-)\s*$")
#: A line holding only a small number: a page number — or a table's cell printed a line.
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_ORDINAL = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）])?(\d{1,2})(?!\d)")


def is_footer(row: Row) -> bool:
    """Whether a row is a page footer (「— 4 —」, 「第 3 页」, 「3 / 12」), not report text. A bare
    number is one only among the page numbers ``footer_rows`` finds."""
    return len([f for f in row.fields if f.text]) == 1 and bool(_FOOTER.match(row.text.strip()))


def footer_rows(doc: Document) -> Set[int]:
    """Given a document, return its page footers: decorated ones (``is_footer``), and bare numbers
    that count its pages — the first row of a page, or the last, or a run rising by one from page
    to page. A bare number among figures printed a cell a line (「行政许可」 「12」) is no footer."""
    out = {i for i, r in enumerate(doc.rows) if is_footer(r)}
    bare = [i for i, r in enumerate(doc.rows) if not r.grid and _BARE_NUMBER.match(r.text)]
    for i in bare:
        page = doc.rows[i].page
        first = i == 0 or doc.rows[i - 1].page != page
        last = i + 1 == len(doc.rows) or doc.rows[i + 1].page != page
        if (first or last) and doc.pages > 1:
            out.add(i)
    # Without page breaks: page numbers rise by one, far apart.
    values = [(i, int(doc.rows[i].text)) for i in bare]
    for (i, a), (j, b) in zip(values, values[1:]):
        if b == a + 1 and j - i >= 8 and not _BARE_NUMBER.match(doc.rows[i + 1].text) and not _BARE_NUMBER.match(doc.rows[j - 1].text):
            out.update((i, j))
    return out


def detect_format(doc: Document, year: Optional[int]) -> str:
    """Given a document and its year, return "2019" or "2021": the table headings decide, else the year."""
    text = fold(doc.text)
    votes_2019 = sum(w in text for w in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
                                          "政府集中采购", "采购总金额"))
    votes_2021 = sum(w in text for w in ("本年制发件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
                                          "逾期不补正", "缴纳费用", "本年废止件数"))
    if votes_2019 != votes_2021:
        return "2019" if votes_2019 > votes_2021 else "2021"
    return "2019" if year is not None and year <= 2020 else "2021"


def label_to_group(label: str) -> Optional[str]:
    """Given a folded table-3 label, return the group it opens (the last one named), if any."""
    found = None
    pos = -1
    for group, words in T3_GROUPS.items():
        for w in words:
            i = label.rfind(w)
            if i > pos:
                found, pos = group, i
    return found


def match_row(label: str, specs: Sequence[RowSpec], group: Optional[str]) -> Optional[RowSpec]:
    """Given a folded label, the rows it may be and the group it stands in, return its row or None.

    A key found in the label decides (the longest key when several rows match); a label whose words
    are too damaged falls back to its ordinal within the current group (「3.其他」 under （六）).
    """
    best, best_len, tie = None, 0, False
    for spec in specs:
        for key in spec.keys:
            if key in label and (not spec.whole or _numbering_stripped(label) == key):
                if len(key) > best_len:
                    best, best_len, tie = spec, len(key), False
                elif len(key) == best_len and spec is not best:
                    tie = True
    if best is not None and tie:
        in_group = [s for s in specs if s.group == group and any(k in label for k in s.keys)]
        return in_group[0] if len(in_group) == 1 else None
    if best is not None:
        return best
    stripped = _strip_group_words(label)
    if stripped in ("总计", "七总计", "合计"):
        return next((s for s in specs if s.key == "total_handled"), None)
    m = _ORDINAL.match(stripped)
    if m and group:
        n = int(m.group(1))
        hits = [s for s in specs if s.group == group and s.ordinal == n]
        if len(hits) == 1:
            return hits[0]
    return None


def _numbering_stripped(label: str) -> str:
    """A folded label without its numbering (「六其他处理」 → 「其他处理」)."""
    return re.sub(r"^[一二三四五六七八九十]+|^\d{1,2}", "", label)


def _strip_group_words(label: str) -> str:
    for words in T3_GROUPS.values():
        for w in words:
            label = label.replace(w, "")
    return re.sub(r"^[一二三四五六七八九十]+", "", label) if label[:1] in "一二三四五六七八九十" and len(label) < 6 else label
