"""A conversation as a reader keeps it: Markdown with every question, every answer as given (its
warnings and the scope it was limited to) and every figure's citation — report, table, row, column,
page or line, the figure, and the arithmetic of any check its report fails — and every passage
quoted with its section and page.

Made from the chat's messages alone, in the page's language; the chat offers it as a download.
"""

from __future__ import annotations

from datetime import datetime
from typing import Dict, List, Sequence, Tuple

from page.citations import warnings_of
from page.render import labels_of, name_of, value_text, where
from page.state import lang
from page.texts import t
from phrasing import table_name
from pipeline import Store
from retrieval import Answer


def _quote(text: str) -> str:
    """Given text, return it as a Markdown block quote (every line of it)."""
    return "\n".join("> " + line for line in text.strip().splitlines())


def answer_markdown(store: Store, answer: Answer, scope: Sequence[str]) -> List[str]:
    """Given an answer and the names of the reports it was limited to, return its lines: the answer,
    its warnings, its scope, then each cited cell and passage numbered."""
    out = [_quote(answer.answer), ""]
    for w in answer.warnings:
        out += [f"> ⚠ {t('warn_answer', detail=w.detail)}", ""]
    names = [name_of(r) for r in answer.scope] or list(scope)
    if names:
        out += [t("scoped", names="；".join(names) if lang() == "zh" else "; ".join(names)), ""]
    warned: Dict[Tuple[str, str], List[str]] = warnings_of(answer)
    n = 0
    if answer.cells or answer.passages:
        out.append(f"**{t('md_sources')}**")
        out.append("")
    for cite in answer.cells:
        n += 1
        c, ref = cite.cell, cite.report
        rep = store.report(ref.id)
        row, col = labels_of(c, rep.format if rep else None)
        at = where(rep.kind if rep else None, c.page, c.line)
        line = (f"{n}. {t('cell')}：{name_of(ref)} · {table_name(c.table, lang())} · {t('row')}“{row}” · "
                f"{t('col')}“{col}”" + (f" · {at}" if at else "") + f" → **{value_text(c)}**")
        if lang() != "zh":
            line = line.replace("：", ": ", 1)
        for d in warned.get((ref.id, c.address), []):
            line += f"（⚠ {t('warn_cell', detail=d)}）" if lang() == "zh" else f" (⚠ {t('warn_cell', detail=d)})"
        out.append(line)
    for pc in answer.passages:
        n += 1
        p, ref = pc.passage, pc.report
        rep = store.report(ref.id)
        at = where(rep.kind if rep else None, p.page, p.line)
        head = " · ".join(x for x in (name_of(ref), p.section, at) if x)
        quote = (pc.sentence or p.text[:200]).strip().replace("\n", " ")
        out.append(f"{n}. {t('passage')}：{head}：“{quote}”" if lang() == "zh" else f"{n}. Passage: {head}: “{quote}”")
    return out


def conversation_markdown(store: Store, msgs: Sequence[dict]) -> str:
    """Given the chat's messages, return the conversation as Markdown: a heading, when it was
    exported, then each question and its answer with every citation."""
    out = [f"# {t('md_title')}", "", t("md_exported", when=datetime.now().strftime("%Y-%m-%d %H:%M")), ""]
    turn = 0
    for m in msgs:
        if m["role"] == "user":
            turn += 1
            out += [f"## {turn}. {m['content']}", ""]
        else:
            out += answer_markdown(store, m["answer"], m.get("scope", ())) + [""]
    return "\n".join(out).rstrip() + "\n"
