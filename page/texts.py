"""Everything the page says, in Chinese and English side by side: the labels and sentences of every
view (``TEXT``), the example questions and the example paragraph. A string is changed here, once, for
both languages; ``t`` says it in the language the reader picked."""

from __future__ import annotations

from page.state import lang

TEXT = {
    "title": {"zh": "政府信息公开年报问答", "en": "Disclosure report assistant"},
    "caption": {"zh": "问年报里的数字，答案附单元格与原文出处，可逐一核对。",
                "en": "Ask for a figure; every answer cites its cell and page, to check at a glance."},
    "lang": {"zh": "语言 / Language", "en": "语言 / Language"},
    "chat": {"zh": "问答", "en": "Chat"},
    # Two tabs a reader must not confuse: a text's figures checked (核对文稿), and the reports' own
    # arithmetic (算术核查).
    "checks": {"zh": "算术核查", "en": "Arithmetic checks"},
    "claims": {"zh": "核对文稿", "en": "Check a text"},
    "claims_intro": {"zh": "粘贴一段文字（稿件、新闻稿、别家报道），逐个核对其中的数字：与报告一致的标绿，不符的标红，"
                           "报告中找不到的标灰，无法确定的标黄。",
                     "en": "Paste a text (a draft, a press release, another outlet's story): every figure in it is "
                           "checked against the reports — green supported, red contradicted, grey not found, amber "
                           "ambiguous."},
    "claims_text": {"zh": "要核对的文字", "en": "Text to check"},
    "claims_placeholder": {"zh": "例如：2023年，广东省政数局共收到政府信息公开申请122件，其中予以公开67件、部分公开5件……",
                           "en": "e.g. The Guangdong data administration received 122 requests in 2023, 113 of them "
                                 "from individuals …"},
    "claims_scope": {"zh": "只对照这些报告（不选即全部报告）", "en": "Check against these reports only (none = all)"},
    "claims_run": {"zh": "核对数字", "en": "Check the figures"},
    "claims_example": {"zh": "填入示例", "en": "Fill in an example"},
    "claims_none": {"zh": "这段文字里没有可核对的数字（年份、日期、序号、电话和文号不算）。",
                    "en": "The text states no figure to check (years, dates, ordinals, phone and document numbers "
                          "are not figures)."},
    "claims_marked": {"zh": "标注后的原文（鼠标悬停看说明）", "en": "The text, marked (hover for why)"},
    "claims_list": {"zh": "逐项核对", "en": "Figure by figure"},
    "claims_col_n": {"zh": "序号", "en": "#"},
    "claims_col_figure": {"zh": "文中数字", "en": "Text says"},
    "claims_col_verdict": {"zh": "结果", "en": "Verdict"},
    "claims_col_report": {"zh": "报告数字", "en": "Report says"},
    "claims_col_where": {"zh": "出处", "en": "Where"},
    "claims_col_why": {"zh": "说明", "en": "Why"},
    "claims_sources": {"zh": "查看出处：", "en": "Sources of:"},
    "claims_csv": {"zh": "下载核对结果 CSV", "en": "Download the check (CSV)"},
    "claims_md": {"zh": "下载核对记录 Markdown", "en": "Download the fact-check note (Markdown)"},
    "claims_body": {"zh": "所涉单位：{body}{year}", "en": "About: {body}{year}"},
    "claims_question": {"zh": "核对时查的是：{q}", "en": "Checked as: {q}"},
    "tables": {"zh": "表格", "en": "Tables"},
    "ask": {"zh": "输入问题，例如：2023年部分公开了多少件？", "en": "Ask, e.g. how many applications were partially disclosed?"},
    "examples": {"zh": "示例问题", "en": "Example questions"},
    "clear_chat": {"zh": "清空对话", "en": "Clear the chat"},
    "library": {"zh": "报告库", "en": "Library"},
    "upload": {"zh": "上传报告（PDF（含扫描件）、Word、HTML、TXT，可多选）",
               "en": "Upload reports (PDF, scanned too; Word, HTML, TXT; several at once)"},
    "upload_limit": {"zh": "每个文件不超过 {mb} MB。选好文件后点“导入”。",
                     "en": "At most {mb} MB a file. Pick files, then press Import."},
    "drop_here": {"zh": "把文件拖到这里", "en": "Drag and drop files here"},
    "browse": {"zh": "选择文件", "en": "Browse files"},
    "import": {"zh": "导入 {n} 个文件", "en": "Import {n} file(s)"},
    "scope": {"zh": "问答范围（不选即全部报告）", "en": "Ask only these reports (none = all)"},
    "all_reports": {"zh": "全部报告", "en": "All reports"},
    "scoped": {"zh": "本回答仅查找了：{names}", "en": "This answer looked only in: {names}"},
    "scope_now": {"zh": "问答范围：仅 {names}", "en": "Asking only: {names}"},
    "delete": {"zh": "删除", "en": "Delete"},
    "delete_confirm": {"zh": "删除 {name}？它的单元格、原文和核查都会从库中移除；要恢复，需要重新上传原文件。",
                       "en": "Delete {name}? Its cells, passages and checks leave the library; to get it back, "
                             "upload its file again."},
    "delete_yes": {"zh": "确定删除", "en": "Delete it"},
    "delete_no": {"zh": "取消", "en": "Cancel"},
    "deleted": {"zh": "已删除 {name}。要恢复，请重新上传它的原文件。",
                "en": "Deleted {name}. To get it back, upload its file again."},
    "no_reports": {"zh": "还没有报告。请上传。", "en": "No reports yet. Upload some."},
    "also_printed": {"zh": "也印作：{names}", "en": "also printed as: {names}"},
    "year": {"zh": "{y}年", "en": "{y}"},
    "no_year": {"zh": "年度不明", "en": "year unknown"},
    "pages_n": {"zh": "{n} 页", "en": "{n} pages"},
    "cells_found": {"zh": "单元格：{known} 已识别 · {missing} 缺失 · {ambiguous} 无法确定",
                    "en": "cells: {known} found · {missing} missing · {ambiguous} ambiguous"},
    "checks_failed": {"zh": "⚠ {n} 项核查未通过", "en": "⚠ {n} checks failed"},
    "checks_ok": {"zh": "核查通过", "en": "checks pass"},
    "kind_pdf": {"zh": "PDF", "en": "PDF"},
    "kind_html": {"zh": "网页", "en": "web page"},
    "kind_text": {"zh": "文本", "en": "text"},
    "kind_docx": {"zh": "Word", "en": "Word"},
    "kind_doc": {"zh": "Word", "en": "Word"},
    "report": {"zh": "报告", "en": "Report"},
    "csv_report": {"zh": "下载本报告 CSV", "en": "Download this report (CSV)"},
    "csv_all": {"zh": "下载全部 CSV", "en": "Download everything (CSV)"},
    "csv_note": {"zh": "CSV 的 check_failed 列写明每个未通过核查的数字的算式。",
                 "en": "The CSV's check_failed column gives the arithmetic of every figure in a failed check."},
    "legend": {"zh": "黄色：引用的单元格；红框 ⚠：报告自身核查未通过的数字（鼠标悬停看算式）；—：报告未填；?：无法确定；*：扫描件OCR识别",
               "en": "yellow: the cited cell; red ⚠: a figure in a check its report fails (hover for the arithmetic); "
                     "—: left blank; ?: ambiguous; *: read by OCR"},
    "cell": {"zh": "单元格", "en": "Cell"},
    "cells_n": {"zh": "本回答依据的 {n} 个单元格", "en": "The {n} cells this answer rests on"},
    "sources": {"zh": "出处：表格与原文页面", "en": "Sources: the tables and the printed pages"},
    "passage": {"zh": "原文", "en": "Passage"},
    "table_n": {"zh": "表{n}", "en": "table {n}"},
    "row": {"zh": "行", "en": "row"},
    "col": {"zh": "列", "en": "column"},
    "where": {"zh": "位置", "en": "where"},
    "printed": {"zh": "原文此行印作", "en": "printed as"},
    "value": {"zh": "数值", "en": "value"},
    "missing": {"zh": "缺失（报告未填）", "en": "missing (the report leaves it blank)"},
    "ambiguous": {"zh": "无法确定", "en": "ambiguous"},
    "candidates": {"zh": "可能的值：{v}", "en": "could be: {v}"},
    "page": {"zh": "第{p}页", "en": "page {p}"},
    "page_box": {"zh": "原文第{p}页（红框为引用的单元格）", "en": "page {p} as printed (the red box is the cited cell)"},
    "page_of": {"zh": "第 {p} 页 / 共 {n} 页", "en": "page {p} of {n}"},
    "ocr": {"zh": "扫描件OCR识别", "en": "read by OCR from a scan"},
    "ocr_mark": {"zh": "（OCR）", "en": " (OCR)"},
    "ocr_page": {"zh": "正在识别扫描件 {name}：第 {p}/{n} 页（OCR）", "en": "Reading the scan {name} by OCR: page {p}/{n}"},
    "open_at": {"zh": "打开原文{where}", "en": "Open the source at {where}"},
    "open_source": {"zh": "查看原文", "en": "Open the source"},
    "download_source": {"zh": "下载原文件", "en": "Download the source file"},
    "viewer": {"zh": "原文", "en": "Source"},
    "prev_page": {"zh": "上一页", "en": "Previous page"},
    "next_page": {"zh": "下一页", "en": "Next page"},
    "no_pages": {"zh": "这种文件没有页面可以显示；下载原文件查看。", "en": "This kind of file has no pages to show; download it."},
    "lines_around": {"zh": "原文第 {a}–{b} 行（标黄的是引用的那一行）", "en": "lines {a}–{b} of the source (the cited line marked)"},
    "check_failed": {"zh": "核查未通过", "en": "Check failed"},
    "warn_answer": {"zh": "⚠ 这个数字所在的核查未通过：{detail}。数字照原文给出，但报告自己的数字对不上，请对照原文核实。",
                    "en": "⚠ This figure is in a check its report fails: {detail}. It is given as printed, but the "
                          "report's own figures do not add up: verify it against the page."},
    "warn_cell": {"zh": "核查未通过：{detail}", "en": "check failed: {detail}"},
    "show_earlier": {"zh": "显示更早的 {n} 轮对话", "en": "Show the {n} earlier turns"},
    "show_sources": {"zh": "显示出处（{what}）", "en": "Show the sources ({what})"},
    "hide_sources": {"zh": "收起出处", "en": "Hide the sources"},
    "n_cells": {"zh": "{n} 个单元格", "en": "{n} cell(s)"},
    "n_passages": {"zh": "{n} 段原文", "en": "{n} passage(s)"},
    "checks_summary": {"zh": "{n} 份报告中，{m} 份有未通过的核查。", "en": "{m} of {n} reports have failed checks."},
    "checks_only_failing": {"zh": "只看有未通过核查的报告（{n} 份）", "en": "Only the reports with failed checks ({n})"},
    "checks_pass_n": {"zh": "已进行的 {n} 项核查均通过。", "en": "All {n} checks run pass."},
    "checks_not_run": {"zh": "另有 {n} 项核查无法进行：所需的数字缺失或无法确定。",
                       "en": "{n} more checks could not be run: figures they need are missing or ambiguous."},
    "not_run_list": {"zh": "无法进行的核查（{n}）", "en": "Checks that could not be run ({n})"},
    "lacking": {"zh": "缺：{cells}", "en": "lacking: {cells}"},
    "checks_more": {"zh": "另有 {n} 份报告未列出。", "en": "{n} more reports not listed."},
    "passed": {"zh": "已通过的核查（{n}）", "en": "Checks passed ({n})"},
    "cells_involved": {"zh": "涉及的单元格", "en": "Cells involved"},
    "open_page_boxes": {"zh": "打开原文第{p}页（框出涉及的单元格）", "en": "Open page {p} (the cells involved boxed)"},
    "model_notice": {"zh": "未能加载嵌入模型。数字问答、单元格引用、核查、表格和报告库照常可用；原文段落只按字词检索，不按语义检索。",
                     "en": "The embedding model could not be loaded. Figures, cell citations, checks, tables and the "
                           "library work as usual; passages are found by their words only, not by meaning."},
    "model_name": {"zh": "配置的嵌入模型：{name}", "en": "configured embedding model: {name}"},
    "importing": {"zh": "正在导入 {i}/{n}：{name}", "en": "Importing {i}/{n}: {name}"},
    "import_done": {"zh": "导入完成：{parts}", "en": "Import done: {parts}"},
    "n_ingested": {"zh": "新导入 {n} 个", "en": "{n} imported"},
    "n_replaced": {"zh": "替换 {n} 个", "en": "{n} replaced"},
    "n_unchanged": {"zh": "已在库中 {n} 个", "en": "{n} already there"},
    "n_failed": {"zh": "失败 {n} 个", "en": "{n} failed"},
    "out_ingested": {"zh": "{file}：已导入 — {report}", "en": "{file}: imported — {report}"},
    "out_replaced": {"zh": "{file}：已导入，替换了同一机关同一年度的旧报告 {old} — {report}",
                     "en": "{file}: imported, replacing the same body's report of that year, {old} — {report}"},
    "out_unchanged": {"zh": "{file}：已在库中，没有重复导入 — {report}", "en": "{file}: already in the library — {report}"},
    "out_failed": {"zh": "{file}：导入失败 — {why}", "en": "{file}: failed — {why}"},
    "error": {"zh": "出错：{e}", "en": "Error: {e}"},
}
#: A paragraph to try the check on, about the sample reports (some of its figures wrong).
CLAIMS_EXAMPLE = {
    "zh": "2023年，广东省政务服务和数据管理局共收到政府信息公开申请122件，其中予以公开67件、部分公开5件，"
          "因政府信息公开被申请行政复议4件。该局官方网站全年公开政府信息571条，获主流媒体报道超过600次。"
          "同年，广州市番禺区政务服务数据管理局收到申请1宗，而天河区政数局收到申请30件。",
    "en": "In 2023 the Guangdong data administration received 122 new requests, 113 of them from individuals, and "
          "partially disclosed 5. It faced 4 administrative reconsiderations.",
}
EXAMPLES = {
    "zh": ["广东省政数局2023年部分公开了多少件？", "其中自然人多少？", "不予公开一共几件？", "哪个单位新收申请最多？",
           "“粤省事”微信公众号粉丝数是多少？", "存在哪些问题？"],
    "en": ["How many applications were partially disclosed by the Guangdong data administration in 2023?",
           "How many applications did the Panyu District data bureau receive in 2023?",
           "Which body received the most new applications?"],
}


def t(key: str, **kw: object) -> str:
    """Given a key of ``TEXT`` and the values of its placeholders, return its sentence in the page's
    language."""
    return TEXT[key][lang()].format(**kw)
