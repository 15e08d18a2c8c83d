"""A claim check as a journalist keeps it: a CSV of the verdicts (one row a figure) and a Markdown
fact-check note with every citation — report, table, row, column, page or line — and the
sentence of the report's text a figure comes from.

Both are made from the ``retrieval.verdicts.ClaimCheck`` alone, in Chinese or English; the page
offers them as downloads and the tests read them back.
"""

from __future__ import annotations

import csv
import io
import re
from typing import List

from phrasing import format_number, location_text, report_name, say
from retrieval.figures import cell_place
from retrieval.verdicts import ClaimCheck, ClaimVerdict

#: Each verdict's mark and name, in both languages.
VERDICT_NAMES = {
    "supported": ("✓", "与报告一致", "supported"),
    "contradicted": ("✗", "与报告不符", "contradicted"),
    "not_found": ("○", "报告中未找到", "not found"),
    "ambiguous": ("?", "无法确定", "ambiguous"),
}

CSV_COLUMNS = ("n", "sentence", "figure_text", "figure", "unit", "approx", "verdict", "report_value", "report_states",
               "difference", "body", "year", "reports", "cells", "addresses", "passages", "check_failed", "reason",
               "question")


def verdict_name(verdict: str, lang: str) -> str:
    """A verdict as a reader reads it: 「与报告不符」, "contradicted"."""
    _, zh, en = VERDICT_NAMES[verdict]
    return say(lang, zh, en)


def summary_line(check: ClaimCheck, lang: str) -> str:
    """The counts of a check in one line: 「核对了 5 个数字：✓ 一致 3 · ✗ 不符 1 · ? 无法确定 0 · — 未找到 1」."""
    n = check.counts()
    total = len(check.verdicts)
    parts = [f"{VERDICT_NAMES[v][0]} {verdict_name(v, lang)} {n[v]}" for v in ("supported", "contradicted", "ambiguous",
                                                                              "not_found")]
    return say(lang, f"核对了 {total} 个数字：", f"{total} figures checked: ") + " · ".join(parts)


def cells_text(check: ClaimCheck, v: ClaimVerdict, lang: str) -> List[str]:
    """Each cell a verdict cites: report, table, row, column, page — and its figure."""
    out = []
    for c in v.cells:
        figure = format_number(c.value) if c.value is not None else say(lang, "缺失" if c.cell.status == "missing" else "无法确定",
                                                                          c.cell.status)
        out.append(f"{report_name(c.report, lang)} {cell_place(c.cell, lang, check.kind_of(c.report.id))} = {figure}")
    return out


def passages_text(check: ClaimCheck, v: ClaimVerdict, lang: str) -> List[str]:
    """Each passage a verdict cites: report, section, page or line, and the sentence quoted."""
    out = []
    for p in v.passages:
        where = location_text(check.kind_of(p.report.id), p.passage.page, p.passage.line, lang,
                              has_box=p.passage.bbox is not None)
        head = "，".join(x for x in (p.passage.section, where) if x) if lang == "zh" else \
            ", ".join(x for x in (p.passage.section, where) if x)
        quote = p.sentence or p.passage.text[:120]
        out.append(say(lang, f"{report_name(p.report, lang)}（{head}）：“{quote}”", f"{report_name(p.report, lang)} ({head}): “{quote}”"))
    return out


def check_to_csv(check: ClaimCheck, lang: str = "", bom: bool = False) -> str:
    """Given a check, return its CSV: one row a figure, with the verdict, what the report says, the
    difference and every citation (a BOM first, with ``bom``, so that Excel reads the Chinese)."""
    lang = lang or check.lang
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    sep = "；" if lang == "zh" else "; "
    for i, v in enumerate(check.verdicts, 1):
        c = v.claim
        w.writerow([i, c.sentence, c.text, format_number(c.figure), c.unit, c.quantity.approx, v.verdict,
                    format_number(v.value) if v.value is not None else "", v.stated,
                    format_number(v.difference) if v.difference is not None else "", c.body, c.year or "",
                    sep.join(dict.fromkeys(report_name(r, lang) for r in [x.report for x in v.cells]
                                           + [x.report for x in v.passages])),
                    sep.join(cells_text(check, v, lang)), " ".join(x.address for x in v.cells),
                    sep.join(passages_text(check, v, lang)), sep.join(w_.detail for w_ in v.answer.warnings), v.reason,
                    c.question])
    return ("\ufeff" if bom else "") + buf.getvalue()


_MD = re.compile(r"([\\`*_{}\[\]<>#|])")


def _md(text: str) -> str:
    """Text from the user or a report, for Markdown: its markup characters taken literally."""
    return _MD.sub(r"\\\1", text or "")


def check_to_markdown(check: ClaimCheck, lang: str = "") -> str:
    """Given a check, return a Markdown fact-check note: the counts, the text with each figure
    numbered, then each figure's verdict with what the report says, where (report, table, row,
    column, page) and the sentence of the text it rests on."""
    lang = lang or check.lang
    lines = [say(lang, "# 核对记录", "# Fact-check note"), "", summary_line(check, lang), ""]
    lines += [say(lang, "## 原文", "## The text checked"), ""]
    marked, at = [], 0
    for i, v in enumerate(check.verdicts, 1):
        a, b = v.claim.span
        marked.append(_md(check.text[at:a]) + f"**{_md(check.text[a:b])}**[{i}]")
        at = b
    marked.append(_md(check.text[at:]))
    lines += ["> " + line for line in "".join(marked).split("\n")] + [""]
    lines += [say(lang, "## 逐项核对", "## Figure by figure"), ""]
    for i, v in enumerate(check.verdicts, 1):
        mark = VERDICT_NAMES[v.verdict][0]
        lines.append(f"### [{i}] {_md(v.claim.text)} — {mark} {verdict_name(v.verdict, lang)}")
        lines.append("")
        lines.append(say(lang, f"- 原句：{_md(v.claim.sentence)}", f"- Sentence: {_md(v.claim.sentence)}"))
        lines.append(say(lang, f"- 核对结果：{_md(v.reason)}", f"- Finding: {_md(v.reason)}"))
        if v.value is not None:
            lines.append(say(lang, f"- 报告的数字：{_md(v.stated or format_number(v.value))}",
                             f"- The report's figure: {_md(v.stated or format_number(v.value))}"))
        if v.difference is not None:
            lines.append(say(lang, f"- 差异（文中减报告）：{format_number(v.difference)}",
                             f"- Difference (text minus report): {format_number(v.difference)}"))
        for cell in cells_text(check, v, lang):
            lines.append(say(lang, f"- 单元格：{_md(cell)}", f"- Cell: {_md(cell)}"))
        for passage in passages_text(check, v, lang):
            lines.append(say(lang, f"- 原文：{_md(passage)}", f"- Passage: {_md(passage)}"))
        for w in v.answer.warnings:
            lines.append(say(lang, f"- 核查未通过：{_md(w.detail)}", f"- Check failed: {_md(w.detail)}"))
        lines.append("")
    return "\n".join(lines)
