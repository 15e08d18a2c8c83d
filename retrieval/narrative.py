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

from index import Store
from model import Hit
from retrieval.query import TextAsk

_SENT = re.compile(r"[^。！？!?；;]*[。！？!?；;]?")
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿)?\s*(余|多)?\s*([件条项个篇场期次家人宗份万元亿元天名所批部类场%％]|余件|多件)?")


@dataclass(frozen=True)
class Located:
    """The answering sentence found in a hit, with the figure picked from it (or None)."""

    hit: Hit
    sentence: str
    score: float
    value: Optional[float]
    value_text: Optional[str]


def sentences_of(text: str) -> List[str]:
    """A passage's sentences (「。」, 「；」 and the like end one), stripped, empty ones left out."""
    return [s.strip() for s in _SENT.findall(text) if s.strip()]


def word_present(word: str, sentence: str) -> bool:
    """Whether a word stands in the sentence, whole or with a few characters between its own
    (「区政府」 in 「区人民政府」)."""
    if word in sentence:
        return True
    if len(word) < 3:
        return False
    pattern = ".{0,3}".join(re.escape(ch) for ch in word)
    return re.search(pattern, sentence) is not None


def _unit_fits(ask: TextAsk, unit_here: str) -> bool:
    """Whether a printed figure's unit can answer the question (money wants 元, people 人 or 名)."""
    asked = ask.unit
    if ask.share:
        return "%" in unit_here or "％" in unit_here
    if ask.money:
        return "元" in unit_here
    if ask.people:
        return any(u in unit_here for u in ("人", "名"))
    if asked and unit_here and not unit_here.startswith(asked) and asked not in unit_here:
        # 「多少条」 is not answered by 「12个」; 「3514 万」 (no unit word) may still answer.
        return unit_here in ("万", "亿")
    return True


_BREAK = re.compile(r"[，,；;、。]")


def sentence_to_figure(sentence: str, anchors_words: Sequence[str], ask: TextAsk, context: Sequence[str] = (),
                       counted: str = "", verb: str = "") -> Optional[Tuple[float, str]]:
    """Given the answering sentence and the words the figure must stand by, return (figure, as printed).

    The figure is a number right after one of those words (「粉丝数突破 3514 万」) or just before it
    (「配备专职人员4名」 answers 专职人员), of a unit that fits the question; years, dates and document
    numbers are never the figure. None when no number stands close enough.
    """
    spans = [(m.start(), m.end()) for w in anchors_words
             for m in re.finditer(re.escape(w) if w in sentence else ".{0,3}".join(map(re.escape, w)), sentence)]
    best, best_key = None, None
    for m in _NUM.finditer(sentence):
        after = sentence[m.end(1):m.end(1) + 3].lstrip()
        before = sentence[max(0, m.start(1) - 1):m.start(1)]
        if after.startswith("年") or re.match(r"(19|20)\d{2}$", m.group(1)) and after[:1] in ("年", ""):
            continue
        # Dates and document numbers (「〔2021〕30号」) are not figures, nor code (「alert(1)」).
        if after.startswith(("月", "日", "号", "〕", "]", "）")) or before in ("〔", "[", "第"):
            continue
        if before == "(" and re.search(r"[A-Za-z_]\($", sentence[max(0, m.start(1) - 2):m.start(1)]):
            continue
        # 「H5」, 「12345热线」's neighbours, 「G20」: a number glued to a Latin letter is a name, not a count.
        if re.match(r"[A-Za-z]", before):
            continue
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        unit_here = (m.group(2) or "") + (m.group(4) or "")
        if not _unit_fits(ask, unit_here):
            continue
        # (whether a clause break stands between, distance): 「114件为自然人申请，8件为商业企业申请」
        # gives 自然人 the 114 of its own clause, not the 8 after the comma.
        gaps = [(bool(_BREAK.search(sentence[e:m.start()])), m.start() - e) for s_, e in spans if m.start() >= e] + \
               [(bool(_BREAK.search(sentence[m.end():s_])), 3 * (s_ - m.end())) for s_, e in spans if s_ >= m.end()]
        if not gaps:
            continue
        crosses, dist = min(gaps)
        # A figure counted in the very unit asked (「多少条」 and 「1654条」) may stand further off in
        # the sentence that names what is counted.
        reach = 60 if ask.unit and unit_here.startswith(ask.unit) else 24
        if dist > reach:
            continue
        # Between figures as near, the one whose clause holds more of the question's words wins
        # (「…政府信息7700余条…通过“平潭发布”公众号发布信息672条」 for the official account's posts).
        clause = re.split(r"[，,；;、]", sentence[max(0, m.start() - 24):m.start()])[-1]
        # The thing counted is named last (「公众号粉丝数是多少」: 粉丝数): a figure right after it wins.
        right_after = bool(counted) and counted in clause[-(len(counted) + 6):]
        # The verb asked standing in the figure's own clause (「注销2个」 for 「注销了几个」) beats
        # nearness to the thing counted, which another verb's figure may stand closer to.
        own = clause[-12:]
        done_here = bool(verb) and verb in own
        key = (crosses, not done_here, dist // 10, not right_after, -sum(1 for w in context if len(w) > 1 and w in clause), dist)
        if best_key is None or key < best_key:
            best, best_key = (value, m.group(0).strip()), key
    return best


def locate(hits: Sequence[Hit], ask: TextAsk, want_figure: bool, prefer_section: Optional[int] = None) -> Optional[Located]:
    """Given search hits and what the question asks of the text, return the best answering sentence
    among them (None: nothing answers).

    A sentence scores by the focus words it holds (longer words count double). With a figure asked,
    the sentence must hold every word naming what is counted, and the figure must stand by them.
    """
    focus = ask.focus
    unit = ask.unit
    weights = {f: (2.0 if len(f) > 2 else 1.0) for f in focus}
    heads = list(ask.heads) if want_figure else []
    # An English question's words reach Chinese text through a glossary: what it names as counted
    # is a hint there, not a requirement, and two words must agree instead of one.
    english = ask.english
    # What the question counts and the verb it asks about (read once, with the question).
    phrase, verb = (ask.phrase, ask.verb) if want_figure else ("", "")
    best: Optional[Located] = None
    for rank, hit in enumerate(hits):
        for sent in sentences_of(hit.passage.text):
            matched = [f for f in focus if f in sent]
            if not matched:
                continue
            has_heads = all(word_present(h, sent) for h in heads)
            if heads and not has_heads and not english:
                continue
            zh_matched = [f for f in matched if re.match(r"[\u4e00-\u9fff]", f)]
            if english and not zh_matched:
                continue
            if english and want_figure and not (heads and has_heads) and len(zh_matched) < 2:
                continue
            # Through the glossary an English head is a weaker sign than a Chinese one.
            score = sum(weights[f] for f in matched) - 0.15 * rank + ((1 if english else 2) if heads and has_heads else 0)
            fig = None
            if want_figure:
                anchors = heads if heads and has_heads else [f for f in matched if len(f) > 1]
                counted = phrase if phrase and phrase in sent else (heads[-1] if heads and has_heads else "")
                fig = sentence_to_figure(sent, anchors, ask, context=matched, counted=counted, verb=verb)
                if fig is None:
                    continue
                if unit and unit in fig[1]:
                    score += 2
            if prefer_section is not None and hit.passage.section_number == prefer_section:
                score += 1.5
            if best is None or score > best.score:
                best = Located(hit, sent, score, fig[0] if fig else None, fig[1] if fig else None)
    if best is None and want_figure and heads:
        best = _stated_none(hits, heads)
    if best is None:
        return None
    # One short common word in common is not an answer (unless it is the very thing counted).
    if best.score < 1.5 and not any(len(f) > 2 for f in focus if f in best.sentence) and not (
            heads and all(word_present(h, best.sentence) for h in heads)):
        return None
    return best


_NONE = re.compile(r"(无|未|没有|不曾|均未|并未|尚未)[^，。；,;、]{0,10}$")


def _stated_none(hits: Sequence[Hit], heads: Sequence[str]) -> Optional[Located]:
    """A sentence that says there was none of what is counted (「无收取信息处理费」, 「未收取」): the
    figure it states is 0."""
    for hit in hits:
        for sent in sentences_of(hit.passage.text):
            if not all(word_present(h, sent) for h in heads):
                continue
            pos = sent.find(heads[-1])
            if pos > 0 and _NONE.search(sent[max(0, pos - 14):pos]):
                return Located(hit, sent, 3.0, 0.0, "0")
    return None


def search_narrative(store: Store, ask: TextAsk, report_ids: Optional[Sequence[str]], k: int = 8,
                     extra: str = "") -> List[Hit]:
    """Given what a question asks of the text and its scope, return the narrative passages found
    (``extra``: words of the kind of sentence wanted, 「较上年 增长」 for a stated change)."""
    # The scope already picks the reports: the body's name and the year would only pull up the
    # title and the signature lines, which print them (the search text is without them).
    text = ask.search_text + " " + " ".join(ask.focus) + (" " + extra if extra else "")
    if ask.problems:
        text += " 问题 不足 改进 薄弱"
    return store.search(text, report_ids=report_ids, k=k, kinds=("text",))


_GROWTH = re.compile(r"(较上年|比上年|较去年|比去年|同比|较上一年|比上一年|较\d{4}年)[^，。；]{0,6}?(增长|增加|上升|提高|下降|减少|降低)了?\s*"
                     r"(\d+(?:\.\d+)?)\s*[%％]")


def growth_sentence(hits: Sequence[Hit], words: Sequence[str]) -> Optional[Located]:
    """The sentence that states how much a figure changed on the year before, in percent
    (「本局新收政府信息公开申请1117件，较上年增长9.3%」): it must name the figure (one of ``words``)
    before the change, in the same clause run. The value is signed: a fall is negative."""
    for rank, hit in enumerate(hits):
        for sent in sentences_of(hit.passage.text):
            for m in _GROWTH.finditer(sent):
                before = sent[max(0, m.start() - 30):m.start()]
                if not any(w in before for w in words):
                    continue
                value = float(m.group(3)) * (-1 if m.group(2) in ("下降", "减少", "降低") else 1)
                return Located(hit, sent, 5.0 - 0.1 * rank, value, m.group(0))
    return None


_CLAUSE_BREAK = re.compile(r"[，,；;。]")


def figure_context(sentence: str, start: int, end: int) -> str:
    """Given a sentence and where a figure stands in it, return the part that gives the figure: its
    clause and the clauses on either side (what it counts is named a clause earlier in 「…申请318件，
    其中自然人申请286件」, a clause later in 「另有 4 件尚在法定答复期限内，结转至 2023 年继续办理」)."""
    before = _CLAUSE_BREAK.split(sentence[:start].rstrip("，,；;。 "))
    after = _CLAUSE_BREAK.split(sentence[end:])
    return "".join(before[-2:]) + sentence[start:end] + "".join(after[:2])


def clause_before(sentence: str, at: int) -> str:
    """Given a sentence and where a figure stands in it, return the words of its own clause before it
    (back to the comma, 「、」, colon or figure before)."""
    return re.split(r"[，,；;、。：:]|\d", sentence[:at].rstrip())[-1]
