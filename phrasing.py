"""Saying things to people, in Chinese or English: one owner for each phrasing every edge uses.

The CLI, the chat page and the answers all show figures, where they stand, and why a cell reads
as it does; each of those is said here once: ``format_number`` (4, 4863.52, -2), ``location_text``
(page for a PDF, line for a text, paragraph for a Word file), ``report_name``, and ``note_text``
for every note code of ``model.NoteCode``.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Sequence

from model import Cell, Note, Number, ReportRef

Lang = str  # "zh" | "en"


def say(lang: Lang, zh: str, en: str) -> str:
    """The Chinese or the English of one sentence."""
    return zh if lang == "zh" else en


def format_number(value: Optional[Number]) -> str:
    """A figure as a person writes it: 4, 4863.52, -2; 「—」 for none."""
    if value is None:
        return "—"
    f = float(value)
    return str(int(f)) if f.is_integer() else f"{f:g}" if abs(f) < 1e15 else repr(f)


_TABLE_NUMBERS = {"一": "1", "二": "2", "三": "3", "四": "4"}


def table_name(table: str, lang: Lang) -> str:
    """A table as each language numbers it: 「表三」, "table 3" (cells store the template's 三)."""
    return say(lang, f"表{table}", f"table {_TABLE_NUMBERS.get(table, table)}")


def location_text(kind: Optional[str], page: Optional[int], line: Optional[int], lang: Lang,
                  has_box: bool = False) -> str:
    """Where a cell or passage stands in its file: the page of a PDF, the line of a text file, the
    paragraph of a Word file (which has no pages); "" when nothing places it."""
    if kind == "pdf" or (kind is None and has_box):
        return say(lang, f"第{page}页", f"page {page}") if page else ""
    if kind in ("docx", "doc") and line:
        return say(lang, f"第{line}段", f"paragraph {line}")
    if line:
        return say(lang, f"第{line}行", f"line {line}")
    if page and kind not in ("html", "text"):
        return say(lang, f"第{page}页", f"page {page}")
    return ""


def report_name(ref: ReportRef, lang: Lang) -> str:
    """A report as a reader names it: its body and year (「广东省政务服务和数据管理局2023年」)."""
    who = ref.agency or ref.id
    if ref.year is None:
        return who
    return say(lang, f"{who}{ref.year}年", f"{who} {ref.year}")


_NOTES: Dict[str, Callable[[Note], Dict[str, str]]] = {
    "not_printed": lambda n: {"zh": "报告没有印出这一行", "en": "the report does not print this row"},
    "table4_not_printed": lambda n: {"zh": "报告没有印出表四", "en": "the report does not print table 4"},
    "one_row_variant": lambda n: {"zh": f"报告把{n.arg('group')}印成一行", "en": f"the report prints {n.arg('group')} as one row"},
    "blank": lambda n: {"zh": "原文此格为空", "en": "blank cell in the print"},
    "by_position": lambda n: {"zh": "按数字所在的列位置读出；空着的列为空格",
                              "en": "figures placed by the columns they stand in; an empty column is a blank cell"},
    "header_order": lambda n: {"zh": "按表头印出的列顺序读取", "en": "columns read in the order the header prints them"},
    "glued_split": lambda n: {"zh": f"原文数字粘连「{n.arg('glued')}」，按行的加总关系拆分",
                              "en": f"figures glued together in the print 「{n.arg('glued')}」, split by the row's arithmetic"},
    "glued_split_columns": lambda n: {
        "zh": f"原文数字粘连「{n.arg('glued')}」，按行和列的加总关系拆分",
        "en": f"figures glued together in the print 「{n.arg('glued')}」, split by the row's and the columns' arithmetic"},
    "glued_split_narrative": lambda n: {
        "zh": f"原文数字粘连「{n.arg('glued')}」，按正文所述的数字拆分（{n.arg('stated')}）",
        "en": f"figures glued together in the print 「{n.arg('glued')}」, split by the figures the narrative states "
              f"({n.arg('stated')})"},
    "glued_stray_spaces": lambda n: {
        "zh": f"原文数字粘连且夹有多余空格「{n.arg('glued')}」，按行的加总关系拆分",
        "en": f"figures glued together in the print 「{n.arg('glued')}」 with stray spaces, split by the row's arithmetic"},
    "glued_ways": lambda n: {"zh": f"原文数字粘连「{n.arg('glued')}」，有{n.arg('ways')}种拆分方式都满足加总关系",
                             "en": f"figures glued together in the print 「{n.arg('glued')}」 can be split {n.arg('ways')} ways"},
    "glued_ways_columns": lambda n: {
        "zh": f"原文数字粘连「{n.arg('glued')}」，有{n.arg('ways')}种拆分方式在行和列上都满足加总关系",
        "en": f"figures glued together in the print 「{n.arg('glued')}」 can be split {n.arg('ways')} ways that add up "
              "in the columns too"},
    "glued_ways_narrative": lambda n: {
        "zh": f"原文数字粘连「{n.arg('glued')}」，有{n.arg('ways')}种拆分方式与正文所述的数字相符（{n.arg('stated')}）",
        "en": f"figures glued together in the print 「{n.arg('glued')}」 can be split {n.arg('ways')} ways that give the "
              f"figures the narrative states ({n.arg('stated')})"},
    "glued_no_split": lambda n: {"zh": f"原文数字粘连「{n.arg('glued')}」，且没有一种拆分能满足表格的加总关系",
                                 "en": f"figures glued together in the print 「{n.arg('glued')}」 and no split adds up"},
    "count": lambda n: {
        "zh": f"该行印出{n.arg('shown')}个数字，而表格有{n.arg('width')}列，无法确定各数字所属的列",
        "en": f"the row shows {n.arg('shown')} figures where the template has {n.arg('width')} columns; which figure "
              "belongs to which column cannot be told"},
    "not_a_number": lambda n: {"zh": "该行有一个数字无法读成数值", "en": "a figure in the row cannot be read as a number"},
    "printed_twice": lambda n: {"zh": f"该行在报告中印了{n.arg('times')}次且数字不同",
                                "en": f"the row is printed {n.arg('times')} times with different figures"},
    "misread_confirmed": lambda n: {
        "zh": f"原文以字母代替数字（{n.arg('shown')}），按数字读出，行的加总关系成立",
        "en": f"letters printed for digits ({n.arg('shown')}) read as digits, confirmed by the row's arithmetic"},
    "misread_unconfirmed": lambda n: {
        "zh": f"原文以字母代替数字（{n.arg('shown')}），行的加总关系无法印证",
        "en": f"letters printed for digits ({n.arg('shown')}): the figures cannot be confirmed by the row's arithmetic"},
    "ocr_check_failed": lambda n: {
        "zh": f"扫描件OCR识别为{n.arg('value')}，但所在行或列不平衡（{n.arg('detail')}），可能识别有误",
        "en": f"read by OCR as {n.arg('value')}, but its row or column does not add up ({n.arg('detail')}): OCR may "
              "have misread it"},
    "ocr_blank": lambda n: {"zh": "扫描件此格OCR未识别出数字：可能为空，也可能有未能识别的数字",
                            "en": "OCR read no figure in this cell of the scan: it may be blank, or hold a figure OCR "
                                  "could not read"},
    "not_in_format": lambda n: {"zh": "该报告的格式没有这个单元格", "en": "not in this report's format"},
}


def note_text(note: Note, lang: Lang) -> str:
    """Given a note, return it as a sentence in Chinese ("zh") or English ("en")."""
    return _NOTES[note.code](note)[lang]


def notes_text(notes: Sequence[Note], lang: Lang) -> str:
    """Given a cell's notes, return them as one sentence (joined by a semicolon)."""
    return ("；" if lang == "zh" else "; ").join(note_text(n, lang) for n in notes)


def cell_value_text(cell: Cell, lang: Lang) -> str:
    """A cell as its table shows it: the figure, 「缺失」 (missing) or 「无法确定」 (ambiguous)."""
    if cell.status == "ok":
        return format_number(cell.value)
    return say(lang, "缺失" if cell.status == "missing" else "无法确定", cell.status)


__all__ = ["cell_value_text", "format_number", "location_text", "note_text", "notes_text", "report_name", "say"]
