"""The stream reader: a table's rows out of text whose lines and separators were lost.

A crawler's text of a portal page holds the whole report on one line, every table flattened into
one run of labels and digits: 「…申请数量801000081二、上年结转政府信息公开申请数量0000000三、…」.
Conversion tools print the labels of a table in one block and its figures later. This reader does
not depend on lines: it cuts the text of a table zone into tokens (label text, figures, blank marks),
finds the template's row labels wherever they stand in the label text (spaces, a misprinted
character, a group label repeated, digits glued on either side), and hands each row the figures
that follow its label — split, where they are glued, by the template's arithmetic
(``ingest.readings``). Figures printed apart from their labels are matched to rows by template order
and arithmetic; what cannot be matched for certain is left ambiguous, never guessed.

Where lines exist, ``ingest.lines`` reads the rows as printed; on the same report both readers
give the same cells (the tests hold them to it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

from ingest.columns import Order
from ingest.document import Document, Field, Row
from ingest.labels import footer_rows, label_to_group, match_row
from ingest.lines import RowsFound, row_end_blanks, t4_group_of
from ingest.numbers import groups_sum_fit, misread_digits, row_sum_fits
from ingest.readings import Found, RowParts, Slot, any_fit, parts_to_reading, signed_positions
from ingest.template import Format, RowSpec, fold
from model import Number

#: Marks printed in a cell that holds no figure (template.md): each is one blank cell.
_SLASHES = "/／\\"
_DASHES = "—－–-―"
#: A figure followed by one of these is a date, an article or a page, not a cell (「2023年」, 「第20条」).
_NOT_A_CELL_AFTER = "年月日号条款章节页时"
#: A figure followed by one of these is counted prose (「收到申请81件」), not a bare table cell.
_PROSE_UNITS = "件条个次人家篇宗起份批场期%％"
#: Units a table cell may print beside its figure (amounts: 「13575394432.52元」).
_CELL_UNITS = ("万元", "元")
#: Measure words a table cell may print after a count (政府集中采购 「58笔」): read past, no unit.
_CELL_COUNT_WORDS = ("笔",)
#: Words of table 4's header: a figure run after them is table 4's row of fifteen.
T4_HEADER_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议", "复议后起诉", "直接起诉")
#: Ordinals of table 3's sub-rows run from 1 to 8: a digit glued before 「.属于…」 outside that range
#: is a figure, not the next row's number.
_ORDINALS = "12345678"


@dataclass(frozen=True)
class Token:
    """A piece of a table zone's text: label text, a figure, or a blank mark.

    ``row`` is the document row it stands in (figures of one row on one line are one value row);
    ``unit`` a unit printed beside a figure.
    """

    kind: str  # "label" | "number" | "blank"
    text: str
    field: Field
    row: int
    unit: str = ""
    misread: str = ""  # as printed, where the figure had to be read through damage (「l4」, 「28-21,146」)


# ---------------------------------------------------------------- text to tokens


def _is_digit(ch: str) -> bool:
    """An ASCII digit (「²」 is a digit to str.isdigit, and no figure)."""
    return "0" <= ch <= "9" and len(ch) == 1


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９｜", "0123456789|")


def ascii_figures(text: str) -> str:
    """Given printed text, return it with full-width digits (「１，３２５」) made ASCII, and the
    full-width point, comma and signs made ASCII where they stand in a figure; the labels keep
    their characters as printed."""
    text = text.translate(_FULLWIDTH_DIGITS).replace("\u3000", " ")
    text = re.sub(r"(?<=\d)[．，](?=\d)", lambda m: "." if m.group(0) == "．" else ",", text)
    return re.sub(r"[－＋](?=\d)", lambda m: "-" if m.group(0) == "－" else "+", text)


def text_to_tokens(text: str, f: Field, row: int) -> List[Token]:
    """Given the text of one field, return its tokens.

    Markdown cells (「| 22 | 0 |」) are cut at their pipes and an empty cell between two pipes is a
    blank; inside a cell, runs of digits are figures (a sign and decimals kept; a space ends one),
    marks such as 「/」 and 「—」 are blanks, and the rest is label text. A digit glued before
    「.属于…」 is the next row's ordinal and goes with its label.
    """
    text = ascii_figures(text)
    if text.strip() == "|":
        return [Token("blank", "", f, row)]  # a cell a line, this one empty: 「 |」
    if "|" in text:
        cells = text.split("|")
        if text.strip().startswith("|"):
            # The pipes at the ends of a markdown row open and close it; an empty cell between them is blank.
            cells = cells[1:]
            if cells and not cells[-1].strip():
                cells = cells[:-1]
        elif text.rstrip().endswith("|"):
            cells = cells[:-1]  # a table printed a cell a line, each closed by a pipe: 「77 |」, 「 |」
        out: List[Token] = []
        for cell in cells:
            if not cell.strip():
                out.append(Token("blank", "", f, row))
            else:
                out += _cell_to_tokens(cell.strip(), f, row, whole_cell=True)
        return out
    return _cell_to_tokens(text, f, row, whole_cell=False)


_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_WORD = re.compile(r"\S+")
_GROUPED_AHEAD = re.compile(r"\d+,\d")
_NEXT_CHAR = re.compile(r"\s*(\S)")


def _cell_to_tokens(text: str, f: Field, row: int, whole_cell: bool) -> List[Token]:
    out: List[Token] = []
    label: List[str] = []

    def flush_label() -> None:
        if label and "".join(label).strip():
            out.append(Token("label", "".join(label).strip(), f, row))
        label.clear()

    stripped = text.strip()
    if whole_cell and stripped in ("无", "空"):
        return [Token("blank", stripped, f, row)]
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        prev = text[i - 1] if i else ""
        # (Patterns matched at a position, never on a slice: a slice copies the rest of a line that
        # may be a whole report long, once a word.)
        word = _WORD.match(text, i) if not prev or prev.isspace() else None
        if word and misread_digits(word.group(0)) and (i + len(word.group(0)) == n or text[i + len(word.group(0))].isspace()):
            # Letters an OCR printed for digits, standing alone where a figure stands (「O」, 「l4」).
            flush_label()
            out.append(Token("number", misread_digits(word.group(0)) or "", f, row, misread=word.group(0)))
            i += len(word.group(0))
            continue
        glued_sign = ch in "+-" and _is_digit(prev) and i + 1 < n and _is_digit(text[i + 1])
        sign = ch in "+-" and i + 1 < n and _is_digit(text[i + 1]) and (not _is_digit(prev) or glued_sign)
        comma_after = glued_sign and bool(_GROUPED_AHEAD.match(text, i + 1))
        if comma_after and out and out[-1].kind == "number":
            # 「28-21,146」: a sign glued between figures, before a grouped one: whose digits the
            # comma groups cannot be told (-2 and 1,146, or -21,146).
            out[-1] = Token("number", out[-1].text, f, row, out[-1].unit, misread=text[max(0, i - 8):i + 8].strip())
        if _is_digit(ch) or sign:
            m = _NUMBER.match(text, i + 1 if sign else i)
            assert m is not None
            end = m.end()
            num = text[i:end]
            nxt = text[end] if end < n else ""
            ahead = _NEXT_CHAR.match(text, end + 1) if end < n else None
            after = ahead.group(1) if ahead else ""
            if prev == "第" or nxt in _NOT_A_CELL_AFTER and nxt:
                label.append(num)  # 「第二十条」 spelled 「第20条」, 「2023年」: words, not cells
                i = end
                continue
            if nxt in ".．、" and after and not _is_digit(after) and num[-1] in _ORDINALS and not sign and "." not in num:
                # 「…00000002.其他法律…」: the last digit numbers the next row.
                if len(num) > 1:
                    flush_label()
                    out.append(Token("number", num[:-1], f, row))
                label.append(num[-1])
                i = end
                continue
            unit = next((u for u in _CELL_UNITS if text.startswith(u, end)), "")
            if nxt and nxt in _PROSE_UNITS and not (whole_cell and end + 1 == len(text.rstrip())):
                label.append(num)  # 「收到申请81件」: prose counting something, not a table cell
                i = end
                continue
            count_word = "" if unit else next((w for w in _CELL_COUNT_WORDS if text.startswith(w, end)), "")
            flush_label()
            out.append(Token("number", num, f, row, unit=unit,
                             misread=text[max(0, i - 8):end + 8].strip() if comma_after else ""))
            i = end + len(unit) + len(count_word)
            continue
        if ch in _SLASHES and not (_is_cjk(prev) and _is_cjk(text[i + 1:i + 2])):
            flush_label()
            out.append(Token("blank", ch, f, row))
            i += 1
            continue
        if ch in _DASHES:
            j = i
            while j < n and text[j] in _DASHES:
                j += 1
            flush_label()
            out.append(Token("blank", text[i:j], f, row))
            i = j
            continue
        if ch in "无空" and not _is_cjk(prev) and not _is_cjk(text[i + 1:i + 2]):
            flush_label()
            out.append(Token("blank", ch, f, row))
            i += 1
            continue
        if ch.isspace() and not label:
            i += 1
            continue
        label.append(ch)
        i += 1
    flush_label()
    return out


def rows_to_tokens(doc: Document, indices: Sequence[int], row_end_blanks: int = 0) -> List[Token]:
    """Given a document, the rows of a table zone and how many empty fields its text rows end with
    by habit (``lines.row_end_blanks``), return their tokens in reading order.

    An empty field is a blank cell where a grid or a separated text row has one (not the empty
    fields a text row starts with: label cells merged away, nor its habitual trailing ones).
    Prose (a row holding a full stop) and page footers are left out: they are not table rows.
    """
    out: List[Token] = []
    footers = footer_rows(doc)
    for i in indices:
        row = doc.rows[i]
        if i in footers or "。" in row.text:
            continue
        fields = list(row.fields)
        if not row.grid:
            for _ in range(row_end_blanks):
                if len(fields) > 1 and not fields[-1].text.strip():
                    fields.pop()
        started = False
        for f in fields:
            if f.text.strip():
                out += text_to_tokens(f.text, f, i)
                started = True
            elif row.grid or (started and len(fields) > 1):
                out.append(Token("blank", "", f, i))
    return out


# ---------------------------------------------------------------- label text to anchors


def fold_with_map(text: str) -> Tuple[str, List[int]]:
    """Given text, return it folded (``template.fold``) and, per folded character, its index in text."""
    chars, where = [], []
    for i, ch in enumerate(text):
        for c in fold(ch):
            chars.append(c)
            where.append(i)
    return "".join(chars), where


@dataclass(frozen=True)
class Anchor:
    """A template row's label found in label text: the row, and where its key stands (folded)."""

    spec: RowSpec
    start: int
    end: int


def _keys_in(folded: str, specs: Sequence[RowSpec]) -> List[Anchor]:
    """Every key of every row in the folded text, overlaps resolved in favour of the longer key."""
    hits = []
    for spec in specs:
        for key in spec.keys:
            for m in re.finditer(re.escape(key), folded):
                if spec.whole and not _whole_at(folded, m.start(), m.end()):
                    continue
                hits.append(Anchor(spec, m.start(), m.end()))
    hits.sort(key=lambda a: (-(a.end - a.start), a.start))
    kept: List[Anchor] = []
    for a in hits:
        if all(a.end <= k.start or a.start >= k.end for k in kept):
            kept.append(a)
    kept.sort(key=lambda a: a.start)
    # One row's label holding two of its keys (「部分公开（区分处理…」) is one anchor.
    merged: List[Anchor] = []
    for a in kept:
        if merged and merged[-1].spec is a.spec:
            merged[-1] = Anchor(a.spec, merged[-1].start, a.end)
        else:
            merged.append(a)
    return merged


def _whole_at(folded: str, start: int, end: int) -> bool:
    """A key that must be its row's whole label (「（六）其他处理」 as one row): nothing but numbering
    before it since the last figure, and nothing after it in this label text."""
    return end == len(folded) and not re.search(r"[^一二三四五六七八九十\d]", folded[:start][-2:] or "")


# ---------------------------------------------------------------- the reader


@dataclass
class _Segment:
    """Label text and the figures that follow it before the next label text."""

    labels: List[Token] = field(default_factory=list)
    values: List[Token] = field(default_factory=list)


def _segments(tokens: Sequence[Token]) -> List[_Segment]:
    out: List[_Segment] = []
    cur = _Segment()
    for t in tokens:
        if t.kind == "label":
            if cur.values:
                out.append(cur)
                cur = _Segment()
            cur.labels.append(t)
        else:
            cur.values.append(t)
    if cur.labels or cur.values:
        out.append(cur)
    return out


def _value_rows(values: Sequence[Token]) -> List[List[Token]]:
    """Figures after one label text, cut into the value rows they were printed in (one per document
    row). Figures printed one to a line are one row: a table printed a cell a line."""
    rows: List[List[Token]] = []
    for t in values:
        if rows and rows[-1][-1].row == t.row:
            rows[-1].append(t)
        else:
            rows.append([t])
    if len(rows) > 1 and all(len(r) == 1 for r in rows):
        return [[t for r in rows for t in r]]
    return rows


def _blank_row(row: Sequence[Token]) -> bool:
    """Whether a value row of table 3 prints every one of its seven cells blank (「| | | | | | | |」,
    「/ / / / / / /」): a row all the same, which keeps its place among the value rows, so that the
    rows after it pair with their own labels."""
    return len(row) >= 7 and all(t.kind == "blank" for t in row)


def zone_to_found(doc: Document, zones: Sequence[Optional[str]], zone: str, fmt: Format,
                  orders: Optional[Dict[str, Order]] = None) -> RowsFound:
    """Given a document, each row's table zone, one zone (t2, t3 or t4), the format and the order
    the headers print tables 3 and 4's columns in (where not the template's), return the rows
    found by reading that zone's text as one stream."""
    orders = orders or {}
    indices = [i for i, z in enumerate(zones) if z == zone]
    tokens = rows_to_tokens(doc, indices, row_end_blanks(doc, zones).get(zone, 0))
    specs: Tuple[RowSpec, ...] = ()
    if zone == "t2":
        specs = fmt.t2
    elif zone == "t3":
        specs = fmt.t3 + fmt.t3_variant
    out = RowsFound()
    group: Optional[str] = None
    last_spec: Optional[RowSpec] = None
    pending_labels: List[Anchor] = []  # rows whose labels stood without figures (a label block)
    segments = _segments(tokens)
    for k, seg in enumerate(segments):
        text = "".join(t.text for t in seg.labels)
        folded, where = fold_with_map(text)
        anchors = _keys_in(folded, specs) if specs else []
        if zone == "t3":
            g = label_to_group(folded)
            if g:
                group = g
        value_rows = [r for r in _value_rows(seg.values) if any(t.kind == "number" for t in r)
                      or zone == "t3" and _blank_row(r)] if seg.values else []
        t4_words = sum(w in folded for w in T4_HEADER_WORDS)
        if zone in ("t3", "t4") and value_rows and not anchors:
            g = t4_group_of(_after_t4_header(folded))
            if g is not None and sum(t.kind == "number" for t in value_rows[0]) <= 5:
                order = orders.get("t4")
                hit = _found(None, text, value_rows[0], 5, row_sum_fits, order if order and len(order) == 5 else None)
                if hit is not None and g not in out.t4_groups:
                    out.t4_groups[g] = hit
                continue
        fifteen = bool(value_rows) and sum(t.kind == "number" for t in value_rows[0]) == 15
        if zone in ("t3", "t4") and value_rows and (t4_words >= 2 or (not anchors and (zone == "t4" or fifteen))):
            if out.t4 is None:
                out.t4 = _found(None, text[where[0]:] if where else text, value_rows[0], 15, groups_sum_fit,
                                orders.get("t4"))
            continue
        if not specs:
            continue
        if not value_rows:
            if not anchors and folded and not _is_header(folded):
                # A label with no key of its own (「3.其他」): its ordinal in its group, in a block.
                spec = _fallback_row(folded, specs, group, pending_labels[-1].spec if pending_labels else last_spec)
                anchors = [Anchor(spec, 0, len(folded))] if spec is not None else []
            pending_labels += anchors
            continue
        same_line = bool(seg.labels) and value_rows[0][0].row == seg.labels[-1].row
        block = pending_labels + anchors
        if not same_line and len(block) > 1 and len(value_rows) > 1:
            # Labels in one block, their figures later (under a header of their own): matched in
            # template order.
            _block_to_found(block, value_rows, out, orders.get("t3"))
            pending_labels = []
            last_spec = block[-1].spec
            continue
        pending_labels = []
        spec = anchors[-1].spec if anchors else None
        start = _label_start(folded, anchors[-1], where) if anchors else 0
        if spec is None:
            spec = _fallback_row(folded, specs, group, last_spec)
        if spec is None:
            continue
        if spec.table == "t3":
            group = spec.group or group
        fits = row_sum_fits if spec.table == "t3" else any_fit
        label = text[_with_opening(text, start):].strip()
        out_found = _found(spec, label, value_rows[0], len(spec.cols), fits, orders.get(spec.table))
        if out_found is not None:
            out.add(out_found)
        last_spec = spec
        # Figures on the lines below, with no label of their own: rows whose labels were printed
        # elsewhere (a multi-line cell pulled out of its table), in template order after this one.
        if len(value_rows) > 1:
            nxt = _next_anchor_spec(segments[k + 1:], specs, group)
            _orphans_to_found(spec, nxt, value_rows[1:], specs, out, orders.get("t3"))
    return out


_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                 "总计", "信息内容", "勾稽关系")


def _is_header(folded: str) -> bool:
    """Whether label text is a table's header (its column labels), not a row's label."""
    return any(w in folded for w in _HEADER_WORDS) and not re.search(r"[一二三四五六七]、|^\d", folded)


def _after_t4_header(folded: str) -> str:
    """The label text after the last of table 4's column words (the row's own label, where table 4
    is printed a group a row: 「…尚未审结总计行政复议」 → 「行政复议」)."""
    ends = [folded.rfind(w) + len(w) for w in T4_HEADER_WORDS + ("总计",) if w in folded]
    tail = folded[max(ends):] if ends else folded
    return tail if len(tail) <= 30 else ""


def _label_start(folded: str, anchor: Anchor, where: List[int]) -> int:
    """Where the printed label of an anchor's row begins in the label text: as far before its key
    as the key stands inside the row's own label (「一、」 before 「本年新收」), never into the
    text of the row before."""
    canon = fold(anchor.spec.label)
    key_at = max((canon.find(k) for k in anchor.spec.keys if k in canon), default=0)
    start = max(0, anchor.start - max(key_at, 0))
    # Numbering just before the label (「（二）」, 「2.」) belongs to it.
    while start > 0 and re.match(r"[一二三四五六七八九十\d]", folded[start - 1]):
        start -= 1
    return where[start] if where else 0


def _with_opening(text: str, start: int) -> int:
    """A label's start moved back over the bracket that opens its numbering (「（一）」)."""
    while start > 0 and text[start - 1] in "（(【[〔":
        start -= 1
    return start


def _found(spec: Optional[RowSpec], label: str, values: Sequence[Token], width: int, fits,
           order: Optional[Order] = None) -> Optional[Found]:
    slots = tuple(Slot(t.text, t.field, t.kind == "blank", misread=t.misread) for t in values)
    fields = tuple(dict.fromkeys(t.field for t in values))
    parts = RowParts(label, (), slots, Row(fields, grid=True))
    reading = parts_to_reading(parts, width, fits, order=order if order is not None and len(order) == width else None,
                               signed=signed_positions(spec))
    if reading is None:
        return None
    unit = next((t.unit for t in values if t.unit), "")
    if unit:
        reading = replace(reading, unit=unit)
    source = (label + " " + " ".join(t.text or "□" for t in values)).strip()
    return Found(spec, reading, label, source, values[0].row, "stream")


def _fallback_row(folded: str, specs: Sequence[RowSpec], group: Optional[str],
                  last: Optional[RowSpec]) -> Optional[RowSpec]:
    """A label that holds no row's key: its ordinal in its group, else the next rows of the template
    whose label it most resembles (a misprinted label), if one clearly does."""
    spec = match_row(folded, specs, group)
    if spec is not None:
        return spec
    order = list(specs)
    start = order.index(last) + 1 if last in order else 0
    nearby = order[start:start + 3]
    scored = sorted(((_resemblance(folded, fold(s.label)), s) for s in nearby), key=lambda x: -x[0])
    if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.2):
        return scored[0][1]
    return None


def _resemblance(text: str, label: str) -> float:
    """The share of a label's character pairs found at the end of a text (its own label's place)."""
    tail = text[-(len(label) + 4):]
    pairs = {label[i:i + 2] for i in range(len(label) - 1)}
    if not pairs:
        return 0.0
    return sum(p in tail for p in pairs) / len(pairs)


def _next_anchor_spec(segments: Sequence[_Segment], specs: Sequence[RowSpec], group: Optional[str]) -> Optional[RowSpec]:
    """The row of the next label that has figures after it (by its key, or its ordinal in its group)."""
    for seg in segments:
        folded, _ = fold_with_map("".join(t.text for t in seg.labels))
        anchors = _keys_in(folded, specs)
        if anchors:
            return anchors[0].spec
        if any(t.kind == "number" for t in seg.values) and folded:
            spec = match_row(folded, specs, label_to_group(folded) or group)
            if spec is not None:
                return spec
    return None


def _orphans_to_found(after: RowSpec, before: Optional[RowSpec], rows: Sequence[List[Token]],
                      specs: Sequence[RowSpec], out: RowsFound, order: Optional[Order]) -> None:
    """Value rows with no label between two found rows: the template rows between them, if there are
    exactly as many and each one's figures add up as that row's must. A cell the print shows
    blank (an empty cell of a markdown row, a mark) stays missing; the figures printed beside it
    must still add up to the row's total, as a check that the row is the one it is taken for."""
    template = [s for s in specs if not s.whole]
    if after not in template:
        return
    lo = template.index(after) + 1
    hi = template.index(before) if before in template else len(template)
    between = template[lo:hi]
    if len(between) != len(rows):
        return
    founds = []
    for spec, values in zip(between, rows):
        fits = row_sum_fits if spec.table == "t3" else any_fit
        f = _found(spec, "", values, len(spec.cols), fits, order)
        if f is None or any(s not in ("ok", "missing") for s in f.reading.statuses) or \
                (spec.table == "t3" and not _known_add_up(f.reading.values)):
            return
        founds.append(f)
    for f in founds:
        out.add(f)


def _known_add_up(values: Sequence[Optional[Number]]) -> bool:
    """Whether a table-3 row's printed applicant figures add up to its printed total (a blank cell
    counts for nothing here: the check says the row is the one it is taken for, not what the
    blank holds)."""
    return values[-1] is not None and sum(v for v in values[:-1] if v is not None) == values[-1]


def _block_to_found(block: Sequence[Anchor], rows: Sequence[List[Token]], out: RowsFound,
                    order: Optional[Order]) -> None:
    """Labels printed in one block and value rows after them: pair them in template order.

    As many value rows as labels are paired one to one. Otherwise every order-keeping pairing is
    tried, scored by how many rows take a reading that fits their width and arithmetic; a unique
    best pairing is kept, and rows that several best pairings give different figures are ambiguous.
    """
    specs = [a.spec for a in block]
    if len(specs) == len(rows):
        for spec, values in zip(specs, rows):
            fits = row_sum_fits if spec.table == "t3" else any_fit
            f = _found(spec, spec.label, values, len(spec.cols), fits, order)
            if f is not None:
                out.add(f)
        return
    if len(rows) > len(specs):
        return
    fit = [[_fit_score(s, r, order) for r in rows] for s in specs]
    best, ways = _best_pairings(fit)
    if best <= 0:
        return
    options: Dict[int, set] = {}
    for way in ways:
        for i_spec, i_row in way:
            options.setdefault(i_row, set()).add(i_spec)
    for i_row, owners in options.items():
        if len(owners) == 1:
            spec = specs[next(iter(owners))]
            fits = row_sum_fits if spec.table == "t3" else any_fit
            f = _found(spec, spec.label, rows[i_row], len(spec.cols), fits, order)
            if f is not None:
                out.add(f)


def _fit_score(spec: RowSpec, values: Sequence[Token], order: Optional[Order]) -> int:
    """1 when a value row reads as the row's figures (its width, and its sum in table 3), else 0."""
    fits = row_sum_fits if spec.table == "t3" else any_fit
    f = _found(spec, "", values, len(spec.cols), fits, order)
    return int(f is not None and all(s != "ambiguous" for s in f.reading.statuses))


_MAX_WAYS = 64


def _best_pairings(fit: List[List[int]]) -> Tuple[int, List[List[Tuple[int, int]]]]:
    """Given fit[spec][row], return the best total of an order-keeping pairing of every row with a
    spec, and (up to _MAX_WAYS of) the pairings that reach it."""
    n_spec, n_row = len(fit), len(fit[0]) if fit else 0
    memo: Dict[Tuple[int, int], Tuple[int, List[List[Tuple[int, int]]]]] = {}

    def go(i: int, j: int) -> Tuple[int, List[List[Tuple[int, int]]]]:
        if j == n_row:
            return 0, [[]]
        if n_spec - i < n_row - j:
            return -1, []
        if (i, j) in memo:
            return memo[(i, j)]
        take_score, take_ways = go(i + 1, j + 1)
        take = (take_score + fit[i][j], [[(i, j)] + w for w in take_ways]) if take_score >= 0 else (-1, [])
        skip = go(i + 1, j)
        if take[0] > skip[0]:
            res = take
        elif skip[0] > take[0]:
            res = skip
        else:
            res = (take[0], (take[1] + skip[1])[:_MAX_WAYS])
        memo[(i, j)] = res
        return res

    return go(0, 0)
