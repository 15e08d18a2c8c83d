"""Narrative answers: the passage that answers, the sentence in it, and the figure in that sentence.

Passages come from the store's fused search. Within them, the answering sentence is the one that
shares most of the question's own words (its *focus*: the words left when the body's name, the
year and the question words are taken away); the figure is the number in that sentence that stands
nearest the focus and carries the unit asked for («多少条» wants 条). When no sentence shares a
focus word, or a figure is asked for and none stands in the sentence, the answer is that the
report does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from index.lexical import text_to_terms
from index.store import Hit, Store
from retrieval.lexicon import EN_TO_ZH

_SENT = re.compile(r"[^。！？!?；;]*[。！？!?；;]?")
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿)?\s*(余|多)?\s*([件条项个篇场期次家人宗份万元亿元天名所批部类场%％]|余件|多件)?")
_ASK_UNIT = re.compile(r"(?:多少|几)\s*(万|亿)?\s*([件条项个篇场期次家人宗份名所批部类天]|万元|亿元)?")
_FIGURE_ASKED_ZH = ("多少", "几", "是多少", "有多少")
_FIGURE_ASKED_EN = ("how many", "how much", "number of", "what was the number", "what number")
#: Words too common in these reports to show that a sentence is about the question.
GENERIC = {"政府", "信息", "公开", "政府信息", "政府信息公开", "工作", "报告", "年度", "全年", "本年", "我局", "情况",
           "开展", "进一步", "加强", "以及", "通过", "相关", "单位", "部门", "本局", "我区", "我市", "我县", "年报",
           "正文", "里说", "说了", "多少", "几", "是", "的", "了", "有", "在", "和", "共", "年"}


@dataclass(frozen=True)
class Located:
    """The answering sentence found in a hit, with the figure picked from it (or None)."""

    hit: Hit
    sentence: str
    score: float
    value: Optional[float]
    value_text: Optional[str]


def question_to_search_text(question: str, lang: str) -> str:
    """Given a question, return the text to search with: English report words get their Chinese too."""
    if lang == "zh":
        return question
    ql = question.lower()
    extra = [zh for en, zh in EN_TO_ZH.items() if re.search(rf"(?<![a-z]){re.escape(en)}(?![a-z])", ql)]
    return question + " " + " ".join(extra)


def focus_terms(search_text: str, names: Sequence[str]) -> List[str]:
    """Given the search text and the names to ignore (bodies, places), return the question's own words.

    A word that is part of a body's name, or a short form of it (「政数局」 for 政务服务数据管理局), says
    which report to read, not what to find in it, and is dropped.
    """
    text = search_text
    for n in sorted(names, key=len, reverse=True):
        if n:
            text = text.replace(n, " ")
    text = re.sub(r"(19|20)\d{2}\s*年?", " ", text)
    terms = [t for t in text_to_terms(text, bigrams=False) if t not in GENERIC and not t.isdigit()]
    # Bigrams of the longer words too: 「粉丝数」 should find 「粉丝」.
    extra = [t[i:i + 2] for t in terms if len(t) > 2 and re.match(r"[\u4e00-\u9fff]+$", t) for i in range(len(t) - 1)]
    out = []
    for t in dict.fromkeys(terms + [e for e in extra if e not in GENERIC]):
        if len(t) < 2 or re.match(r"^(几|多少)", t) or any(t in n or _short_form(t, n) for n in names if n):
            continue
        out.append(t)
    return out


def _short_form(term: str, name: str) -> bool:
    """Whether a word abbreviates a name: same first and last character, the rest in order."""
    if len(term) < 2 or term[0] != name[:1] or term[-1] != name[-1:]:
        return False
    it = iter(name)
    return all(ch in it for ch in term)


def _sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENT.findall(text) if s.strip()]


def figure_asked(question: str) -> bool:
    ql = question.lower()
    return any(w in question for w in _FIGURE_ASKED_ZH) or any(w in ql for w in _FIGURE_ASKED_EN)


def _asked_unit(question: str) -> Optional[str]:
    m = _ASK_UNIT.search(question)
    if not m:
        return None
    return (m.group(1) or "") + (m.group(2) or "") or None


def sentence_to_figure(sentence: str, focus: Sequence[str], unit: Optional[str]) -> Optional[Tuple[float, str]]:
    """Given the answering sentence, the focus words and the unit asked, return (figure, as printed).

    The figure is the number nearest after a focus word (a sentence says 「粉丝数突破 3514 万」), with
    the asked unit preferred; years (「2023 年」) are never the figure.
    """
    anchors = [m.end() for f in focus for m in re.finditer(re.escape(f), sentence)]
    best, best_key = None, None
    for m in _NUM.finditer(sentence):
        after = sentence[m.end(1):m.end(1) + 3].lstrip()
        before = sentence[max(0, m.start(1) - 1):m.start(1)]
        if after.startswith("年") or re.match(r"(19|20)\d{2}$", m.group(1)) and after[:1] in ("年", ""):
            continue
        # Dates and document numbers (「〔2021〕30号」) are not figures.
        if after.startswith(("月", "日", "号", "〕", "]", "）")) or before in ("〔", "[", "第"):
            continue
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        printed = m.group(0).strip()
        unit_here = (m.group(2) or "") + (m.group(4) or "")
        unit_ok = unit is None or (unit in unit_here) or (unit_here.startswith(unit))
        dist = min((m.start() - a if m.start() >= a else 3 * (a - m.start()) for a in anchors), default=1000)
        key = (not unit_ok, dist)
        if best_key is None or key < best_key:
            best, best_key = (value, printed), key
    return best


_EN_HEAD = re.compile(r"\b(?:how many|how much|number of|what number of)\s+([a-z' -]+?)(?=\s+(?:did|do|does|were|was|are|is|has|have|had|in|on|for|by|of|at|from|with)\b|[?.,]|$)")


def head_terms(question: str, focus: Sequence[str]) -> List[str]:
    """Given a question asking for a figure, return the focus words that name what is counted.

    In 「投入了多少经费」 that is 经费, in 「粉丝数是多少」 粉丝数: the words right after the question word,
    else right before it. A sentence that lacks them does not answer, however much else it shares.
    """
    m = re.search(r"(多少|几)", question)
    if m:
        after = re.split(r"[？?。，,；]", question[m.end():])[0]
        heads = [f for f in focus if f in after]
        if not heads:
            before = question[max(0, m.start() - 8):m.start()]
            heads = [f for f in focus if f in before]
        return heads
    m = _EN_HEAD.search(question.lower())
    if m:
        words = m.group(1)
        return [zh for en, zh in EN_TO_ZH.items() if re.search(rf"\b{re.escape(en)}\b", words) and zh in focus]
    return []


def locate(hits: Sequence[Hit], question: str, focus: Sequence[str], want_figure: bool,
           prefer_section: Optional[int] = None) -> Optional[Located]:
    """Given search hits, return the best answering sentence among them (None: nothing answers).

    A sentence scores by the focus words it holds (longer words count double); with a figure asked,
    one whose figure carries the asked unit scores higher, and one with no figure is no answer.
    """
    unit = _asked_unit(question)
    weights = {f: (2.0 if len(f) > 2 else 1.0) for f in focus}
    heads = head_terms(question, focus) if want_figure else []
    best: Optional[Located] = None
    for rank, hit in enumerate(hits):
        for sent in _sentences(hit.passage.text):
            matched = [f for f in focus if f in sent]
            if not matched or (heads and not any(h in sent for h in heads)):
                continue
            score = sum(weights[f] for f in matched) - 0.15 * rank
            fig = sentence_to_figure(sent, matched, unit) if want_figure else None
            if want_figure and fig is None:
                score -= 3
            elif fig is not None and unit and unit in fig[1]:
                score += 2
            if prefer_section is not None and hit.passage.section_number == prefer_section:
                score += 1.5
            if best is None or score > best.score:
                best = Located(hit, sent, score, fig[0] if fig else None, fig[1] if fig else None)
    if best is None:
        return None
    if want_figure and best.value is None:
        return None
    # One short common word in common is not an answer.
    if best.score < 1.5 and not any(len(f) > 2 for f in focus if f in best.sentence):
        return None
    return best


def search_narrative(store: Store, question: str, lang: str, report_ids: Optional[Sequence[str]], names: Sequence[str],
                     k: int = 8) -> Tuple[List[Hit], List[str]]:
    """Given a question and its scope, return the narrative passages found and the focus words."""
    text = question_to_search_text(question, lang)
    focus = focus_terms(text, names)
    # The scope already picks the reports: the body's name and the year would only pull up the
    # title and the signature lines, which print them.
    for n in sorted(names, key=len, reverse=True):
        if n:
            text = text.replace(n, " ")
    text = re.sub(r"(19|20)\d{2}\s*年?", " ", text) + " " + " ".join(focus)
    if asks_about_problems(question):
        text += " 问题 不足 改进 薄弱"
    hits = store.search(text, report_ids=report_ids, k=k, kinds=("text",))
    return hits, focus


def asks_about_problems(question: str) -> bool:
    """Whether the question is about the report's problems and improvements (section 五's subject)."""
    return any(w in question for w in ("问题", "不足", "短板", "薄弱", "改进", "整改")) or bool(re.search(
        r"problem|shortcoming|weakness|improve", question.lower()))
