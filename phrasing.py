"""Saying things to people, in Chinese or English: one owner for each phrasing every edge uses.

The CLI, the chat page and the answers all show figures, where they stand, and why a cell reads
as it does; each of those is said here once: ``format_number`` (4, 4863.52, -2), ``location_text``
(page for a PDF, line for a text, paragraph for a Word file), ``report_name``, and ``note_text``
for every note code of ``model.NoteCode``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Dict, Optional, Sequence, Tuple, Union

from errors import ReportError
from model import Cell, Note, Number, ReportRef
from units import YUAN, convert

Lang = str  # "zh" | "en"


def say(lang: Lang, zh: str, en: str) -> str:
    """The Chinese or the English of one sentence."""
    return zh if lang == "zh" else en


def format_number(value: Optional[Union[Number, float]]) -> str:
    """A figure as a person writes it, and as the report prints it: 4, 18651.06, 18651.064104,
    13575394432.52, -2; 「—」 for none.

    The one place a figure becomes text: a printed decimal keeps every printed digit (a trailing
    zero as well, 「37.80」), never rounded for display; a computed float (a share) is written in
    its shortest exact form; an integral value has no decimal point.
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        raise TypeError(f"expected a figure, got {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and int(value.as_tuple().exponent) >= 0:
            return str(int(value))
        return format(value, "f")
    f = float(value)
    if f.is_integer() and abs(f) < 1e16:
        return str(int(f))
    return repr(f)


def unit_text(unit: str, lang: Lang) -> str:
    """A printed unit as it follows a figure: the unit itself (「万元」, " 万元" in English, where the
    reader sees what the report prints); "" for none."""
    return say(lang, unit, f" {unit}" if unit else "")


def amount_text(value: Optional[Number], unit: str, lang: Lang, also: str = "") -> str:
    """An amount as the report prints it, with its exact conversion beside it: to ``also`` when a
    question or text uses that unit (「251000元（即25.1万元）」), and to yuan in English
    ("4863.52 万元 (= 48635200 yuan)"); a count or a unit that is not money is the figure and unit."""
    shown = format_number(value) + unit_text(unit, lang)
    if value is None or unit not in YUAN:
        return shown
    to = also if also in YUAN and also != unit else ("元" if lang == "en" and unit != "元" else "")
    converted = convert(value, unit, to) if to else None
    if converted is None:
        return shown
    return say(lang, f"{shown}（即{format_number(converted)}{to}）", f"{shown} (= {format_number(converted)} {'yuan' if to == '元' else to})")


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
    "blank_zero_by_total": lambda n: {"zh": "原文此格为空；按该行总计应为0", "en": "blank in print; 0 by the row total"},
    "blank_zero_by_columns": lambda n: {"zh": "原文此格为空；按该列的加总关系应为0",
                                        "en": "blank in print; 0 by the column's arithmetic"},
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


_LOOKS_LIKE_ZH = {
    "html": "它是保存成 .pdf 名字的网页（HTML）",
    "zip": "它是保存成 .pdf 名字的 ZIP 压缩包（可能是 Word .docx 文件）",
    "ole": "它是保存成 .pdf 名字的旧版 Word 或 Excel 文件（.doc/.xls）",
    "json": "它像是保存成 .pdf 名字的 JSON 数据",
    "other": "它不以每个 PDF 都有的 %PDF- 标记开头",
}

#: Each error code of ``errors.ReportError`` in Chinese, from the error's particulars.
_ERRORS_ZH: Dict[str, Callable[[Dict[str, str]], str]] = {
    "unsupported": lambda a: f"{a['name']}：只能读取 .pdf、.html、.htm、.txt、.docx 或 .doc 格式的报告，"
                             f"这个文件是 {a['ext'] or '无扩展名的文件'}。",
    "not_a_file": lambda a: f"{a['name']} 不存在，或不是文件。",
    "too_large": lambda a: f"{a['name']} 有 {a['mb']} MB，超过了 {a['limit']} MB 的上限（可用 REPORTS_MAX_FILE_MB 调整）。",
    "empty": lambda a: f"{a['name']} 是空文件。" if a.get("name") else "这个文件是空的，没有可读的内容。",
    "not_text": lambda a: f"{a['name']} 不是文本文件（含有二进制数据）。",
    "encoding": lambda a: f"{a['name']} 的文字编码无法识别（应为 UTF-8、GBK 或 GB18030）。",
    "no_html": lambda a: f"{a['name']} 的扩展名是 .html，但里面没有网页内容。",
    "too_deep": lambda a: "这个文件的嵌套层次太深，无法读取：文件已损坏，或是故意构造来拖垮读取程序的。",
    "cannot_open": lambda a: "无法打开这个文件：系统无法读取它。",
    "not_pdf": lambda a: f"这个文件不是 PDF：{_LOOKS_LIKE_ZH.get(a.get('looks', ''), _LOOKS_LIKE_ZH['other'])}。",
    "pdf_truncated": lambda a: "这个 PDF 已损坏或不完整：文件在结尾之前就断了，请重新下载。",
    "pdf_locked": lambda a: "这个 PDF 设有密码：请用密码打开后另存一份不带密码的副本，再导入副本。",
    "pdf_encrypted": lambda a: "这个 PDF 的加密方式无法读取：请另存一份未加密的副本，再导入副本。",
    "pdf_damaged": lambda a: "这个 PDF 已损坏或不完整，其中有部分内容无法读取。",
    "scan": lambda a: "这个 PDF 没有文字层，像是扫描件：请先做文字识别（OCR）。",
    "scan_no_text": lambda a: "这份扫描件中没有能读出的文字：OCR 在各页上都没有找到文字。",
    "pdf_blank": lambda a: "这个 PDF 里没有文字：各页都是空白的。",
    "pdf_undecodable": lambda a: "这个 PDF 的文字无法解码（字体没有字符映射表）：请先做文字识别（OCR）。",
    "page_timeout": lambda a: f"这个 PDF 的第 {a['page']} 页读取超过 {a['seconds']} 秒，已停止；文件可能是故意构造来拖垮读取程序的。",
    "ocr_timeout": lambda a: f"扫描件第 {a['page']} 页的 OCR 识别超过 {a['seconds']} 秒，已停止；"
                             "可用 REPORTS_OCR_PAGE_SECONDS 放宽时限。",
    "word_locked": lambda a: "这个 Word 文件设有密码：请在 Word 中打开，另存一份不带密码的副本，再导入副本。",
    "not_docx": lambda a: "这个文件不是 Word .docx 文件：它的开头不是 .docx 应有的样子（.docx 是一个 ZIP 压缩包）。",
    "not_doc": lambda a: "这个文件不是 Word .doc 文件：它的开头不是 .doc 应有的样子。",
    "not_word_zip": lambda a: "这个文件不是 Word 文档：它是一个不含 Word 文档的 ZIP 压缩包。",
    "word_damaged": lambda a: "这个 Word 文件已损坏或不完整，无法读取，请重新下载。",
    "doc_needs_libreoffice": lambda a: "读取 .doc 文件需要 LibreOffice，本机没有安装：请安装它，或把文件另存为 .docx 或 PDF。",
    "doc_convert_timeout": lambda a: f"LibreOffice 转换这个 .doc 文件超过 {a['seconds']} 秒，已停止：请另存为 .docx 或 PDF 再导入。",
    "doc_convert_failed": lambda a: "LibreOffice 无法转换这个 .doc 文件：它已损坏、设有密码，或不是 Word 文件。",
    "store_create": lambda a: f"无法创建报告库文件夹 {a['folder']}。",
    "store_write": lambda a: f"报告库文件夹 {a['folder']} 无法写入（磁盘已满或只读？）；没有做任何改动。",
    "store_damaged": lambda a: f"报告库数据库 {a['path']} 已损坏：请把它移走后重新导入报告。",
    "chroma_server": lambda a: f"Chroma 服务器 {a['host']}:{a['port']} 没有响应。",
    "vector_store_open": lambda a: f"向量库 {a['folder']} 无法打开。",
    "store_newer": lambda a: f"报告库数据库 {a['path']} 由更新版本的本产品建立（结构版本 {a['version']}，本版本最高读 {a['known']}）：请升级本产品。",
    "database_url": lambda a: "REPORTS_DATABASE_URL 不是 PostgreSQL 地址（应为 postgresql://用户@主机:端口/数据库）。",
    "database_server": lambda a: f"PostgreSQL 服务器 {a['host']}:{a['port']} 没有响应（数据库 {a['database']}）。",
    "database_login": lambda a: f"{a['host']}:{a['port']} 上的 PostgreSQL 数据库 {a['database']} 拒绝了用户 {a['user']} 的登录：请检查 REPORTS_DATABASE_URL 中的用户名和密码。",
    "database_missing": lambda a: f"{a['host']}:{a['port']} 上没有 PostgreSQL 数据库 {a['database']}。",
    "database_right": lambda a: f"{a['host']}:{a['port']} 上的 PostgreSQL 数据库 {a['database']} 没有给用户 {a['user']} 所需的权限；没有做任何改动。",
    "database_write": lambda a: f"{a['host']}:{a['port']} 上的 PostgreSQL 数据库 {a['database']} 无法写入；没有做任何改动。",
    "database_newer": lambda a: f"{a['host']}:{a['port']} 上的 PostgreSQL 数据库 {a['database']} 由更新版本的本产品建立（结构版本 {a['version']}，本版本最高读 {a['known']}）：请升级本产品。",
    "database_foreign": lambda a: f"{a['host']}:{a['port']} 上的 PostgreSQL 数据库 {a['database']} 里有不属于报告库的表：请在 REPORTS_DATABASE_URL 中指定一个空数据库。",
    "question_empty": lambda a: "请就已导入的报告提一个问题（问题是空的）。",
    "question_too_long": lambda a: f"这个问题有 {a['length']} 个字符，请控制在 {a['limit']} 个以内。",
    "claims_empty": lambda a: "请粘贴要核对的文字（文字是空的）。",
    "claims_too_long": lambda a: f"这段文字有 {a['length']} 个字符，一次最多核对 {a['limit']} 个。",
    "archive_climbs_out": lambda a: f"{a['name']}：文件名试图跳出解压文件夹（绝对路径或 ../），未解压。",
    "archive_link": lambda a: f"{a['name']}：这是一个链接，不是文件；压缩包里的链接不会被跟随。",
    "archive_not_file": lambda a: f"{a['name']}：这不是普通文件（而是设备、管道或套接字），未解压。",
    "archive_locked": lambda a: f"{a['name']}：有密码保护；请自行解压后导入这个文件。",
    "archive_nested": lambda a: f"{a['name']}：这是压缩包里的压缩包；请解压后导入其中的文件（或单独导入这个压缩包）。",
    "archive_not_report": lambda a: f"{a['name']}：不是报告文件（应为 .pdf、.html、.htm、.txt、.docx 或 .doc），未导入。",
    "archive_member_too_large": lambda a: f"{a['name']} 解压后有 {a['mb']} MB，每份报告不能超过 {a['limit']} MB。",
    "archive_method": lambda a: f"{a['name']}：压缩方式（编号 {a['method']}）无法识别；请自行解压后导入这个文件。",
    "archive_bomb": lambda a: f"{a['name']}：压缩比异常（像是“压缩炸弹”），未解压。",
    "archive_member_damaged": lambda a: f"{a['name']}：压缩包中的这个文件已损坏，无法解压。",
    "archive_unreadable": lambda a: f"{a['archive']} 无法作为 ZIP 压缩包读取。",
    "archive_empty": lambda a: f"{a['archive']} 是空的，里面没有文件。",
    "archive_too_many": lambda a: f"{a['archive']} 里有 {a['n']} 个文件，一个压缩包最多导入 {a['limit']} 个（请解压后导入整个文件夹）。",
    "archive_too_big": lambda a: f"{a['archive']} 解压后有 {a['gb']} GB，一个压缩包最多解压 {a['limit']} GB（请解压后导入整个文件夹）。",
    "config_kind": lambda a: f"设置 {a['env']} 应为{'整数' if a.get('number') == 'int' else '数字'}，现在是 {a['raw']!r}。",
    "config_positive": lambda a: f"设置 {a['env']} 应大于 0，现在是 {a['raw']!r}。",
}


def error_text(error: BaseException, lang: Lang) -> str:
    """Given an error a user sees (``errors.ReportError``), return its sentence in Chinese ("zh") or
    English ("en": the error's own sentence, as the CLI prints it). An error with no Chinese
    phrasing is said by its kind, with the English sentence kept after it."""
    if lang != "zh":
        return str(error)
    if isinstance(error, ReportError) and error.code in _ERRORS_ZH:
        try:
            return _ERRORS_ZH[error.code](error.particulars)
        except KeyError:  # a raise site without the particular: say it by its kind below
            pass
    return f"{_error_kind_zh(error)}（{error}）"


def _error_kind_zh(error: BaseException) -> str:
    from errors import (
        ArchiveError,
        ClaimsError,
        ConfigError,
        FileTooLarge,
        MeasureError,
        QuestionError,
        StoreError,
        UnreadableFile,
        UnsupportedFile,
    )

    kinds: Tuple[Tuple[type, str], ...] = (
        (UnreadableFile, "无法读取这个文件"), (UnsupportedFile, "不支持这种文件"), (FileTooLarge, "文件太大"),
        (StoreError, "报告库无法使用"), (ConfigError, "设置有误"), (QuestionError, "无法受理这个问题"),
        (ClaimsError, "无法核对这段文字"), (ArchiveError, "压缩包中的文件未导入"), (MeasureError, "没有这个指标"))
    return next((zh for cls, zh in kinds if isinstance(error, cls)), "出错了")


#: The warnings a parsed report carries (``model.Report.warnings``, stored as English sentences) and
#: the notes of a store's answer to an ingest, in Chinese: (pattern of the English, the Chinese).
_SENTENCES_ZH: Tuple[Tuple[str, Callable[[re.Match], str]], ...] = (
    (r"no template tables were found: only the passages of this file were read\.",
     lambda m: "没有找到年报模板的表格：只读取了这个文件的文字段落。"),
    (r"the publishing body could not be found in the title\.", lambda m: "无法从标题中找到发布机关。"),
    (r"the year the figures are for could not be found\.", lambda m: "无法确定这些数字所属的年度。"),
    (r"(?:every page of this file was|this file's page was|pages? ([\d, ]+) of this file (?:were|was)) read by OCR "
     r"from a scan: .*", lambda m: (f"第 {m.group(1)} 页" if m.group(1) else "所有页面") +
     "是扫描件，经 OCR 识别：这些数字都标有 OCR 记号，对不上加总关系的数字标为无法确定。"),
    (r"the title (was read by OCR as|prints) 「(.+?)」, but the rest of the report prints 「(.+?)」 (\d+) times and "
     r"「(.+?)」 (\d+): the body is named 「(.+?)」\.",
     lambda m: f"标题{'经 OCR 识别为' if m.group(1).startswith('was') else '印作'}「{m.group(2)}」，但报告其余部分"
               f"{m.group(4)}次印作「{m.group(3)}」、{m.group(6)}次印作「{m.group(5)}」：机关名称按「{m.group(7)}」。"),
    (r"the body's name 「(.+?)」 was read by OCR; (\d+) stored reports? name the body 「(.+?)」, one character apart "
     r"and alike: the body is named 「(.+?)」\.",
     lambda m: f"机关名称「{m.group(1)}」经 OCR 识别；库中已有报告（{m.group(2)}份）名为「{m.group(3)}」，"
               f"只差一个字形相近的字：机关名称按「{m.group(4)}」。"),
    (r"the same report is already stored from (.+)", lambda m: f"同一份报告已经导入过（{m.group(1)}）"),
    (r"it replaces (.+)", lambda m: f"替换了 {m.group(1)}"),
    (r"(\d+) reports are not yet embedded with (\S+): .*",
     lambda m: f"{m.group(1)} 份报告还没有用 {m.group(2)} 嵌入：在运行 `python -m index embed` 之前，它们只按字词检索。"),
    (r"the embedding model (\S+) does not know most of this report's characters: .*",
     lambda m: f"嵌入模型 {m.group(1)} 不认识这份报告的大部分文字：它的段落只按字词检索。"),
)


def sentence_text(sentence: str, lang: Lang) -> str:
    """Given one of the English sentences the stages store or return about a report (its warnings,
    what an ingest replaced), return it in Chinese ("zh") or as it is ("en")."""
    if lang != "zh":
        return sentence
    for pattern, zh in _SENTENCES_ZH:
        m = re.fullmatch(pattern, sentence.strip())
        if m:
            return zh(m)
    return sentence


__all__ = ["amount_text", "cell_value_text", "unit_text", "error_text", "sentence_text", "format_number", "location_text", "note_text", "notes_text", "report_name", "say"]
