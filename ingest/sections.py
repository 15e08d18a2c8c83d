"""Sections, metadata and passages: the report's structure and its narrative.

The report's six sections have fixed numbers and a few common headings; its title names the body
and the year the figures are for. The narrative of each section is cut into passages of whole
sentences, each knowing where it stands, for retrieval and citation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, Tuple

from ingest.document import Document, Row
from ingest.misreads import NameFix, name_from_text, rows_text
from ingest.template import fold
from model import BBox, Passage, Section

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
#: Words that identify each section's heading, beyond its number (template.md's variants).
SECTION_WORDS = {
    1: ("总体情况", "总体", "概述", "基本情况"),
    2: ("主动公开",),
    3: ("收到和处理", "依申请公开", "申请情况"),
    4: ("行政复议", "行政诉讼"),
    5: ("存在", "问题", "改进", "整改"),
    6: ("其他需要报告", "其他事项", "其他"),
}
SECTION_TITLES = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}
_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．,，:：]\s*(.{2,40})$")
_TITLE_MARK = ("政府信息公开工作年度报告", "政府信息公开年度报告", "信息公开工作年度报告", "政务公开工作年度报告")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_SENTENCE_END = "。！？!?；;"
_SUBHEADING = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[)）][^。！？]{1,40}$")

#: Passage size, in characters: long enough to hold a fact with its context, short enough that a
#: search hit points at it. A sentence longer than the maximum is cut at a comma.
PASSAGE_TARGET = 160
PASSAGE_MAX = 320


def is_subheading(text: str) -> bool:
    """Whether a line is a numbered subheading of a section (「（一）主动公开政府信息的数量」)."""
    return bool(_SUBHEADING.match(text))


def row_to_heading(row: Row) -> Optional[Tuple[int, str]]:
    """Given a row, return (section number, heading text) when it is a section heading."""
    texts = [f.text for f in row.fields if f.text.strip()]
    if len(texts) != 1:
        return None
    text = texts[0].strip()
    m = _HEADING.match(text)
    if not m or text.endswith(("。", "；")):
        return None
    n = _CN_NUM[m.group(1)]
    body = fold(m.group(2))
    if any(w in body for w in SECTION_WORDS[n]):
        return n, re.sub(r"\s+", "", text)
    return None


def document_to_sections(doc: Document) -> Tuple[Section, ...]:
    """Given a document, return its sections 一 to 六 in order, each spanning its rows.

    A heading counts only if its number is higher than the last one found, so that a numbered
    line inside a section (「一、…」 in a list) does not open a new section.
    """
    heads: List[Tuple[int, int, str]] = []
    for i, row in enumerate(doc.rows):
        h = row_to_heading(row)
        if h and (not heads or h[0] > heads[-1][1]):
            heads.append((i, h[0], h[1]))
    out = []
    for k, (i, n, text) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(doc.rows)
        out.append(Section(n, text, i, end))
    return tuple(out)


# ---------------------------------------------------------------- what is not the report

#: Lines a crawler, an archive or a portal puts above a report: 「发布时间：…」, 「原文链接：…」.
_META_LINE = re.compile(r"^\s*(标题|题目|名称|发布时间|发布日期|成文日期|时间|文号|发文字号|发布机构|发文机关|发布单位|栏目|"
                        r"所属栏目|原文链接|原文地址|链接|网址|URL|url|本地目录|保存路径|来源|信息来源|索引号|主题分类|"
                        r"公开方式|公开范围|浏览次数|访问次数|字号|【?字体】?|分享到|页面链接与图片)\s*[:：]?")
#: A separator line a crawler draws before the report's text (「==== 正文 ====」).
_BODY_SEPARATOR = re.compile(r"^\s*[=\-#*_]{3,}\s*(正文|内容|全文)?\s*[=\-#*_]*\s*$")
#: A portal's breadcrumbs: 「首页 > 政务公开 > 政府信息公开年报」, 「当前位置：…」.
_BREADCRUMB = re.compile(r"^\s*(当前位置|您当前的位置|您的位置|所在位置)\s*[:：]|(\S+(\s+>\s+|\s*[»＞›]\s*)){2,}\S+")


def is_furniture(row: Row) -> bool:
    """Whether a row is a crawler's, archive's or portal's line around the report, not the report:
    a 「发布时间：…」 line, a 「==== 正文 ====」 separator, breadcrumbs."""
    text = row.text.strip()
    if not text or len(text) > 300:
        return False
    return bool(_META_LINE.match(text) and (len(text) < 200)) or bool(_BODY_SEPARATOR.match(text)) or bool(
        _BREADCRUMB.search(text) and len(text) < 120 and not text.endswith("。"))


def furniture_rows(doc: Document) -> Set[int]:
    """Given a document, return the rows around the report that are not the report: furniture lines
    before its first section, and every line above a crawler's body separator."""
    out: Set[int] = set()
    limit = min(len(doc.rows), 60)
    separator = next((i for i in range(limit) if _BODY_SEPARATOR.match(doc.rows[i].text.strip() or "x")), None)
    for i in range(limit):
        if separator is not None and i <= separator or is_furniture(doc.rows[i]):
            out.add(i)
    return out


def _title_line(text: str) -> Optional[str]:
    """The value of a 「标题：…」 line (a crawler's or portal's record of the title), else None."""
    m = re.match(r"^\s*(标题|题目|名称)\s*[:：]\s*(.+)$", text)
    return m.group(2).strip() if m else None


# ---------------------------------------------------------------- metadata


@dataclass(frozen=True)
class Metadata:
    """Who published the report, for which year, and its title as printed; ``name_fix`` when the
    title's name of the body was misread or misprinted by a character the rest of the report puts
    right (``agency`` is then the name put right), and ``title_ocr`` when the title was read by OCR."""

    agency: Optional[str]
    year: Optional[int]
    title: str
    name_fix: Optional[NameFix] = None
    title_ocr: bool = False


def document_to_metadata(doc: Document, sections: Sequence[Section]) -> Metadata:
    """Given a document, return its publishing body, the year its figures are for, and its title.

    The title (「广东省政务服务和数据管理局2023年政府信息公开工作年度报告」) usually names both. A title
    that does not name the body (「关于2023年度政府信息公开工作的年度报告」) leaves it to the
    「发布机构」 line or the signature above the date at the end; where those print a fuller form of
    the title's name (「临江区望湖街道办事处」 for 「望湖街道」), the fuller one is kept. The year is the
    title's, never the publication date; a title without a year falls back to the year the first
    section speaks of most.
    """
    first_section = sections[0].start if sections else min(len(doc.rows), 30)
    furniture = furniture_rows(doc)
    head_rows = [r for i, r in enumerate(doc.rows[: max(first_section, 1) + 1]) if r.text.strip() and not r.grid
                 and i not in furniture][-30:]
    title, year = "", None
    candidates = _title_candidates(head_rows)
    recorded = [t for t in (_title_line(r.text) for r in doc.rows[:40]) if t and _is_title(t)]
    if recorded and not any(_agency_part(c[1]) for c in candidates if c[0][1]):
        # The crawler's record of the title, where the text itself has no better one.
        candidates.append(((1, 1 if _agency_part(_clean(recorded[0])) else 0, -1), _clean(recorded[0])))
    if not candidates and doc.title:
        # A page title such as 「…年度报告_政府信息公开年报_某区人民政府」: the part that is the title.
        parts = [p for p in re.split(r"[_|｜]|\s-\s", doc.title) if _is_title(p)]
        title = _clean(parts[0]) if parts else ""
    if candidates:
        title = max(candidates, key=lambda c: c[0])[1]
    names = [n for n in (_agency_part(title) if title else None, _publisher(doc), _signature(doc),
                         _agency_part(_clean(doc.title)) if doc.title and _is_title(doc.title) else None) if n]
    agency = _fullest(names)
    if title:
        m = _YEAR.search(title)
        year = int(m.group(1)) if m else None
    if year is None:
        year = _year_from_text(doc, sections)
    fix, title_ocr = None, False
    if agency and title:
        # The rest of the report, without the lines that print the title, may settle a character
        # of the body's name the title misprints (OCR's 「沐阳县」 for 「沭阳县」).
        in_title = [i for i, r in enumerate(doc.rows[:60]) if _clean(r.text) and (_clean(r.text) in title or title in _clean(r.text))]
        title_ocr = any(f.ocr for i in in_title for f in doc.rows[i].fields)
        fix = name_from_text(agency, rows_text([r.text for r in doc.rows], in_title))
        if fix is not None:
            agency = fix.name
    return Metadata(agency, year, title, fix, title_ocr)


def _title_candidates(rows: Sequence[Row]) -> List[Tuple[Tuple[int, int, int], str]]:
    """The lines before the first section that could be the title, scored: a title that names a
    body beats one that does not, one nearer the report's first section beats one higher up
    (a portal's sidebar lists other years' reports above the real title), a list item never wins.
    A title wrapped over two lines (「…政府信息公」/「开工作年度报告」) is tried joined, and a body's
    name on the line above a title that lacks one is joined to it."""
    out = []
    texts = [_clean(r.text) for r in rows]
    for i, text in enumerate(texts):
        tries = [text]
        if i + 1 < len(texts) and not text.endswith(("。", "；")):
            tries.append(text + texts[i + 1])
        for t in tries:
            if not _is_title(t):
                continue
            if not _agency_part(t) and i > 0 and _looks_like_body(texts[i - 1]) and not row_to_heading(rows[i - 1]):
                t = texts[i - 1] + t
            bullet = bool(re.match(r"^[•·\-–—*●○◆■□]", rows[i].text.strip()))
            agency = _agency_part(t)
            out.append(((0 if bullet else 1, 1 if agency and _looks_like_body(agency) else 0, i), t))
            break
    return out


_BODY_END = re.compile(r"(局|委|委员会|办|办公室|厅|府|政府|室|处|办事处|院|会|中心|站|所|街道|管委会|集团|公司|部|区|县|镇|乡|旗)$")
_LABELS = re.compile(r"^(名称|标题|题目|发布机构|发文机关|来源|信息来源)[:：]?")


def _looks_like_body(text: str) -> bool:
    """Whether a short line reads as a body's name (「河西市临江区人民政府望湖街道办事处」)."""
    t = _clean(text)
    return 2 <= len(t) <= 40 and bool(_BODY_END.search(t)) and not re.search(r"[，。；：:、\d]", t)


def _publisher(doc: Document) -> Optional[str]:
    """The body a 「发布机构：…」 line (or a portal's meta table) names."""
    for row in doc.rows[:40]:
        fields = [f.text.strip() for f in row.fields if f.text.strip()]
        for k, text in enumerate(fields):
            m = re.match(r"^(?:发布机构|发文机关|发布单位)\s*[:：]?\s*(\S*)", text)
            if not m:
                continue
            name = m.group(1) or (fields[k + 1] if k + 1 < len(fields) else "")
            name = re.split(r"\s|发布日期|成文日期", name)[0]
            if _looks_like_body(name):
                return _clean(name)
    return None


def _signature(doc: Document) -> Optional[str]:
    """The body's name printed above the date that closes the report."""
    tail = [r for r in doc.rows[-6:] if r.text.strip()]
    date = r"(19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    for k in range(len(tail) - 1, -1, -1):
        text = tail[k].text.strip()
        if k and re.fullmatch(rf"\s*{date}\s*", text):
            name = _clean(tail[k - 1].text)
            if _looks_like_body(name):
                return name
        # A text that lost its lines ends 「…事项。临江区望湖街道办事处 2025年1月20日」.
        m = re.search(rf"(?:^|[。；!！])\s*([^。；，,\s]{{2,40}}?)\s*{date}\s*$", text)
        if m and _looks_like_body(_clean(m.group(1))):
            return _clean(m.group(1))
    return None


#: What a fuller printing of a body's name may add after the name a title gives (「望湖街道」 →
#: 「望湖街道办事处」); anything else added (「平潭综合实验区」 → 「…管委会办公室」) names another body,
#: such as the office that published the report for it.
_NAME_COMPLETIONS = ("办事处", "人民政府", "管理委员会", "管委会", "委员会", "政府")


def _find_near(text: str, name: str) -> int:
    """Where a name stands in a text, allowing one character misprinted (a title's 「望湖街到」 in
    the signature's 「临江区望湖街道办事处」); -1 if it does not."""
    at = text.find(name)
    if at >= 0 or len(name) < 4:
        return at
    for i in range(len(text) - len(name) + 1):
        if sum(a != b for a, b in zip(text[i:i + len(name)], name)) == 1:
            return i
    return -1


def _fullest(names: Sequence[str]) -> Optional[str]:
    """The first name, or a longer one found elsewhere that is the same body named in full: with its
    places before it, or its kind completed after it."""
    if not names:
        return None
    first = names[0]
    fuller = []
    for n in names[1:]:
        at = _find_near(n, first)
        if at < 0 or len(n) <= len(first):
            continue
        after = n[at + len(first):]
        if not after or after in _NAME_COMPLETIONS:
            fuller.append(n)
    return max(fuller, key=len) if fuller else first


def _is_title(text: str) -> bool:
    """Whether a line is the report's title: it names the report and is not a sentence about it."""
    t = _LABELS.sub("", fold(text))
    if len(t) > 60 or text.rstrip().endswith(("。", "；", "，")):
        return False
    # A line that cites another document (「…关于印发〈…年度报告格式〉的通知」) is not the title.
    if re.search(r"[〈《]|印发|通知|条例|格式", text):
        return False
    if any(m in t and not t.split(m, 1)[1].startswith("格式") for m in _TITLE_MARK):
        return True
    # 「关于2023年度政府信息公开工作的年度报告」, 「…政务公开年度报告」
    return bool(re.search(r"(政府信息公开|政务公开|信息公开).{0,6}年度?报告", t)) and "格式" not in t


def _clean(text: str) -> str:
    return _LABELS.sub("", re.sub(r"\s+", "", text).strip())


def _agency_part(title: str) -> Optional[str]:
    """Given a title, return the body's name printed in it (before or after the year), if it names one."""
    t = re.sub(r"[《》〈〉“”\"]", "", _LABELS.sub("", title))
    t = re.split(r"(?:关于)?(?:(?:19|20)\d{2}年度?)?(?:的)?(?:政府信息公开|政务公开|信息公开)", t)[0] if not re.match(
        r"^(关于)?(19|20)\d{2}", t) else re.split(r"(?:政府信息公开|政务公开|信息公开)", t)[0]
    t = re.sub(r"^关于", "", t)
    parts = [p for p in re.split(r"(?:20\d{2}|19\d{2})年度?", t) if p]
    name = next((p for p in parts if len(p) >= 2), None)
    if name:
        name = re.sub(r"(关于|的|度)$", "", name).strip()
    return name if name and len(name) >= 2 else None


def _year_from_text(doc: Document, sections: Sequence[Section]) -> Optional[int]:
    end = sections[1].start if len(sections) > 1 else min(len(doc.rows), 30)
    years = [int(y) for r in doc.rows[:end] for y in _YEAR.findall(r.text)]
    if not years:
        return None
    return max(set(years), key=years.count)


# ---------------------------------------------------------------- passages


@dataclass
class _Para:
    text: str
    offsets: List[int]  # document offset of every character of text
    rows: List[int]
    subsection: str
    row_starts: Optional[List[int]] = None  # document offset of each row's start, once asked


def _row_offsets(doc: Document) -> List[int]:
    out, pos = [], 0
    for r in doc.rows:
        out.append(pos)
        pos += len(r.text) + 1
    return out


def document_to_passages(doc: Document, sections: Sequence[Section], skip_rows: Set[int]) -> Tuple[Passage, ...]:
    """Given a document, its sections and the rows that belong to tables, return its passages.

    Lines are joined into paragraphs (a line that does not end a sentence continues on the next,
    across page breaks), paragraphs are cut into sentences, and sentences are packed into passages
    of about PASSAGE_TARGET characters that never cross a paragraph or a section.
    """
    from ingest.labels import footer_rows

    skip_rows = set(skip_rows) | furniture_rows(doc)
    footers = footer_rows(doc)
    offsets = _row_offsets(doc)
    spans = [(s.start, s.end, s.number, s.heading) for s in sections]
    if not spans or spans[0][0] > 0:
        spans.insert(0, (0, spans[0][0] if spans else len(doc.rows), 0, ""))
    out: List[Passage] = []
    for start, end, number, heading in spans:
        paras = _paragraphs(doc, range(start, end), skip_rows | footers, offsets,
                            heading_row=start if number else None)
        for para in paras:
            for text, a, b in _pack(para.text):
                first_row = _row_of(para, a, offsets)
                row = doc.rows[first_row]
                out.append(Passage(
                    n=len(out), section=heading or "", section_number=number, text=text,
                    page=row.page, line=row.line, start=para.offsets[a], end=para.offsets[b - 1] + 1,
                    bbox=_bbox_on_page(doc, para, a, b, offsets), subsection=para.subsection))
    return tuple(out)


def _paragraphs(doc, indices, skip_rows, offsets, heading_row) -> List[_Para]:
    paras: List[_Para] = []
    cur: Optional[_Para] = None
    subsection = ""
    # The current paragraph's text is kept as pieces and joined when it ends: appending to one
    # string copies it each time, and a file of many short lines with no full stop is one paragraph.
    pieces: List[str] = []
    length = 0
    tail = ""  # its last characters: enough to tell whether it ends here
    for i in indices:
        if i == heading_row or i in skip_rows:
            continue
        row = doc.rows[i]
        fields = [f for f in row.fields if f.text.strip()]
        if not fields:
            continue
        # A prose line is one field; keep the text of several (a stray tab) joined by a space.
        text = " ".join(f.text.strip() for f in fields)
        base = offsets[i] + row.text.find(fields[0].text.strip()) if fields else offsets[i]
        char_offsets = _field_offsets(row, offsets[i])
        if _SUBHEADING.match(text):
            subsection = re.sub(r"\s+", "", text)
        whole = "".join(pieces) if length <= _SHORT_PARAGRAPH else None  # a title or a subheading is short
        if (cur is None or _ends_paragraph(tail, whole) or _SUBHEADING.match(text)
                or (whole is not None and _is_title(whole))):
            if cur is not None:
                cur.text = "".join(pieces)
            cur = _Para("", [], [], subsection)
            paras.append(cur)
            pieces, length, tail = [], 0, ""
        if tail and _needs_space(tail[-1], text[0]):
            pieces.append(" ")
            length += 1
            tail += " "
            cur.offsets.append(cur.offsets[-1])
        pieces.append(text)
        length += len(text)
        tail = (tail + text[-_TAIL:])[-_TAIL:]
        cur.offsets.extend(char_offsets[: len(text)] or [base] * len(text))
        cur.rows.append(i)
    if cur is not None:
        cur.text = "".join(pieces)
    return paras


#: A paragraph longer than this is neither a title nor a subheading (those are checked on its whole text).
_SHORT_PARAGRAPH = 300
#: How much of a paragraph's end tells whether it ends there.
_TAIL = 16


def _field_offsets(row: Row, row_start: int) -> List[int]:
    """Document offset of every character of the row's non-empty fields joined by single spaces."""
    out, pos, first = [], row_start, True
    for f in row.fields:
        if f.text.strip():
            if not first:
                out.append(pos - 1)
            lead = len(f.text) - len(f.text.lstrip())
            out.extend(range(pos + lead, pos + lead + len(f.text.strip())))
            first = False
        pos += len(f.text) + 1
    return out


def _ends_paragraph(tail: str, whole: Optional[str]) -> bool:
    """Given the end of a paragraph (and its whole text when it is short), return whether it ends
    there: at a full stop, a colon, or a subheading."""
    t = tail.rstrip()
    return (not t or t[-1] in "。！？!?：:" or t.endswith(("。”", "。）", "。)"))
            or (whole is not None and bool(_SUBHEADING.match(whole.rstrip()))))


def _needs_space(a: str, b: str) -> bool:
    """Whether two lines of a paragraph join with a space: between Latin words (and after their
    punctuation), never between Chinese characters."""
    return a.isascii() and b.isascii() and b.isalnum() and (a.isalnum() or a in ".,;:!?)")


def _sentences(text: str) -> List[Tuple[int, int]]:
    """Given a paragraph, return the (start, end) of each sentence, cutting over-long ones at commas."""
    out, start = [], 0
    for i, ch in enumerate(text):
        # A full stop ends an English sentence when a space and a capital (or the end) follow.
        latin_end = ch == "." and (i + 1 == len(text) or (text[i + 1] == " " and text[i + 2:i + 3].isupper()))
        if ch in _SENTENCE_END or latin_end:
            j = i + 1
            while j < len(text) and text[j] in "”’」』）)":
                j += 1
            if j > start:
                out.append((start, j))
            start = j
    if start < len(text) and text[start:].strip():
        out.append((start, len(text)))
    cut: List[Tuple[int, int]] = []
    for a, b in out:
        while b - a > PASSAGE_MAX:
            k = max(text.rfind("，", a, a + PASSAGE_MAX), text.rfind(",", a, a + PASSAGE_MAX),
                    text.rfind(" ", a, a + PASSAGE_MAX))
            k = k + 1 if k > a else a + PASSAGE_MAX
            cut.append((a, k))
            a = k
        cut.append((a, b))
    return cut


def _pack(text: str) -> List[Tuple[str, int, int]]:
    """Given a paragraph, return its passages as (text, start, end) of whole sentences."""
    out: List[Tuple[int, int]] = []
    cur: Optional[Tuple[int, int]] = None
    for a, b in _sentences(text):
        if cur is None:
            cur = (a, b)
        elif b - cur[0] <= PASSAGE_TARGET or (cur[1] - cur[0]) < 40:
            cur = (cur[0], b)
        else:
            out.append(cur)
            cur = (a, b)
    if cur is not None:
        out.append(cur)
    result = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            result.append((text[a:b], a, b))
    return result


def _row_of(para: _Para, char_index: int, offsets: List[int]) -> int:
    """The last of the paragraph's rows that starts at or before the character (its first row if none)."""
    starts = [offsets[i] for i in para.rows] if para.row_starts is None else para.row_starts
    para.row_starts = starts  # rows and offsets both increase: found by bisection, not by a scan
    k = bisect_right(starts, para.offsets[char_index]) - 1
    return para.rows[max(k, 0)]


def _bbox_on_page(doc: Document, para: _Para, a: int, b: int, offsets: List[int]) -> Optional[BBox]:
    _row_of(para, a, offsets)
    starts = para.row_starts or []
    inside = para.rows[bisect_left(starts, para.offsets[a]):bisect_right(starts, para.offsets[b - 1])]
    rows = sorted({_row_of(para, k, offsets) for k in (a, (a + b) // 2, b - 1)} | set(inside))
    page = doc.rows[rows[0]].page
    boxes = [box for i in rows if doc.rows[i].page == page and (box := doc.rows[i].bbox) is not None]
    if not boxes:
        return None
    return (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes), max(x[3] for x in boxes))
