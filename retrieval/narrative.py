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

from index import Store, text_to_terms
from model import Hit
from retrieval.lexicon import EN_TO_ZH

_SENT = re.compile(r"[^。！？!?；;]*[。！？!?；;]?")
_NUM = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万|亿)?\s*(余|多)?\s*([件条项个篇场期次家人宗份万元亿元天名所批部类场%％]|余件|多件)?")
_ASK_UNIT = re.compile(r"(?:多少|几)\s*(万|亿)?\s*([件条项个篇场期次家人宗份名所批部类天]|万元|亿元)?")
_FIGURE_ASKED_ZH = ("多少", "几", "是多少", "有多少")
_FIGURE_ASKED_EN = ("how many", "how much", "number of", "what was the number", "what number")
#: Words too common in these reports to show that a sentence is about the question.
GENERIC = {"政府", "信息", "公开", "政府信息", "政府信息公开", "工作", "报告", "年度", "全年", "本年", "我局", "情况",
           "开展", "进一步", "加强", "以及", "通过", "相关", "单位", "部门", "本局", "我区", "我市", "我县", "年报",
           "正文", "里说", "说了", "多少", "几", "是", "的", "了", "有", "在", "和", "共", "年", "方面", "方面的",
           "领域", "工作中", "当中", "之中", "期间", "部分", "文字", "文字部分", "总体情况", "总体"}


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
    text = strip_names(search_text, names)
    terms = [t for t in text_to_terms(text, bigrams=False) if t not in GENERIC and not t.isdigit()]
    # Bigrams of the longer words too: 「粉丝数」 should find 「粉丝」.
    extra = [t[i:i + 2] for t in terms if len(t) > 2 and re.match(r"[\u4e00-\u9fff]+$", t) for i in range(len(t) - 1)]
    out = []
    for t in dict.fromkeys(terms + [e for e in extra if e not in GENERIC]):
        if len(t) < 2 or re.match(r"^(几|多少)", t) or any(t in n or _short_form(t, n) for n in names if n):
            continue
        out.append(t)
    return out


def strip_names(text: str, names: Sequence[str]) -> str:
    """Given a question and the names of the bodies in scope, return it without them: the names in
    full, their short forms (「政数局」 for 政务服务和数据管理局) and the years."""
    for n in sorted((n for n in names if n), key=len, reverse=True):
        text = text.replace(n, " ")
        if len(n) >= 3:
            last = re.escape(n[-1])
            for m in list(re.finditer(rf"[\u4e00-\u9fff]{{1,5}}{last}", text)):
                for start in range(m.start(), m.end() - 1):
                    cand = text[start:m.end()]
                    if _short_form(cand, n):
                        text = text[:start] + " " * len(cand) + text[m.end():]
                        break
    return re.sub(r"(19|20)\d{2}\s*年?", " ", text)


def _short_form(term: str, name: str) -> bool:
    """Whether a word abbreviates a name: same first and last character, the rest in order."""
    if len(term) < 2 or term[0] != name[:1] or term[-1] != name[-1:]:
        return False
    it = iter(name)
    return all(ch in it for ch in term)


def sentences_of(text: str) -> List[str]:
    """A passage's sentences (「。」, 「；」 and the like end one), stripped, empty ones left out."""
    return [s.strip() for s in _SENT.findall(text) if s.strip()]


def figure_asked(question: str) -> bool:
    ql = question.lower()
    return any(w in question for w in _FIGURE_ASKED_ZH) or any(w in ql for w in _FIGURE_ASKED_EN)


def _asked_unit(question: str) -> Optional[str]:
    m = _ASK_UNIT.search(question)
    if not m:
        return None
    return (m.group(1) or "") + (m.group(2) or "") or None


_EN_HEAD = re.compile(r"\b(?:how many|how much|number of|what number of)\s+(?:(?:pieces|items|kinds|types|units|batches) of\s+)?([a-z' -]+?)(?=\s+(?:did|do|does|were|was|are|is|has|have|had|in|on|for|by|of|at|from|with)\b|[?.,]|$)")
#: Words between a counted thing and the question word that are not themselves the thing.
_AUX = {"了", "是", "有", "为", "达", "共", "的", "都", "总共", "一共", "共计", "合计", "全年", "约", "大约", "分别", "各",
        "给出", "写", "写的", "写了", "说", "说的", "提到", "提到的", "称", "表示",
        "花", "花了", "用了", "收到", "受理", "办理", "发布", "开展", "召开", "组织", "涉及", "更新", "查询"}
#: A share asked for: the figure is a percentage, and what it is a share *of* is not what is counted.
_RATIO_Q = re.compile(r"占比|比例|百分之|百分比|比重|比率|几成|percent|percentage|share of|proportion", re.I)
_MONEY_Q = re.compile(r"钱|经费|资金|金额|费用|花费|多少元|万元|预算|投入")
#: "How much … fees", "how much money": an English question asking an amount of money.
_MONEY_Q_EN = re.compile(r"how much\b.*\b(fees?|money|collect(?:ed)?|charge[ds]?|spen[dt]|cost|budget|yuan|rmb)\b|"
                         r"\b(yuan|rmb)\b", re.I)
_PEOPLE_Q = re.compile(r"多少人|几人|人数|人次|多少名|几名")


def head_terms(question: str, names: Sequence[str] = ()) -> List[str]:
    """Given a question asking for a figure, return the words that name what is counted.

    In 「投入了多少经费」 that is 经费; in 「粉丝数是多少」 粉丝数; in 「人大代表建议多少条」 人大代表 and 建议:
    the words right after the question word, else the run of words right before it. Whole words
    only — a sentence holding one of their characters has not said the thing.
    """
    ratio_at = question.find("占")
    if _RATIO_Q.search(question) and ratio_at > 0:
        # 「予以公开加部分公开占办结总数的比例」: what is counted stands before 占.
        before = re.sub(r"(19|20)\d{2}\s*年度?", "，", question[:ratio_at]).split("，")[-1]
        words = [w for w in content_words(before) if not _is_name(w, names)]
        return words[-2:]
    m = re.search(r"(多少|几)", question)
    if m:
        after = re.split(r"[？?。，,；;]", question[m.end():])[0]
        after = re.sub(r"^(万|亿)?[件条项个篇场期次家人宗份名所批部类天元]?", "", after)
        heads = [w for w in content_words(after) if not _is_name(w, names)][:3]
        if heads:
            return heads
        before = re.split(r"[？?。，,；;：:“”\"]", question[:m.start()])[-1]
        before = re.sub(r"(19|20)\d{2}\s*年度?", "，", before).split("，")[-1]
        words = content_words(before, keep_aux=True)
        out: List[str] = []
        for w in reversed(words):
            if _is_name(w, names):
                break
            if _is_aux(w):
                if out:
                    break
                continue
            out.append(w)
            if len(out) == 2:
                break
        return list(reversed(out))
    m = _EN_HEAD.search(question.lower())
    if m:
        hits = [(m.group(1).find(en), zh) for en, zh in EN_TO_ZH.items()
                if re.search(rf"\b{re.escape(en)}\b", m.group(1))]
        # The head noun is the last word of the phrase ("price monitoring bulletins" -> bulletins).
        return [max(hits)[1]] if hits else []
    return []


def counted_phrase(question: str) -> str:
    """The words right after the question word, whole (「几次月通报」: 月通报), for telling apart
    figures that the split words would tie (「季度通报3次、月通报7次」); "" when there are none."""
    m = re.search(r"(多少|几)", question)
    if not m:
        return ""
    after = re.split(r"[？?。，,；;]", question[m.end():])[0]
    after = re.sub(r"^(万|亿)?[件条项个篇场期次家人宗份名所批部类天元]?", "", after).strip()
    after = re.sub(r"(呢|吗|啊|的)$", "", after)
    return after if len(after) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", after) else ""


#: The verb right before the question word (「注销了几个」: 注销), but not one that only asks.
_ASKED_VERB = re.compile(r"([\u4e00-\u9fff]{2})了?(?:多少|几)")
_VERB_BEFORE_OBJECT = re.compile(r"([\u4e00-\u9fff]{2})了?(?:政府信息公开|信息公开)?(?:申请|信息|文件)(?:多少|几)")
_NOT_VERBS = {"一共", "总共", "共计", "合计", "全年", "分别", "大约", "请问", "总计", "累计", "当年", "今年", "去年"}


def asked_verb(question: str) -> str:
    """What the question says was done to the thing counted (「注销了几个政务新媒体」: 注销), for
    telling apart two figures of one thing in one sentence (「注销2个…，新开设1个政务新媒体」);
    "" when it names none."""
    m = _ASKED_VERB.search(question)
    if m and m.group(1) in ("申请", "信息", "文件") or not m:
        # 「答复申请多少件」: the verb before the thing counted.
        m = _VERB_BEFORE_OBJECT.search(question) or m
    if not m or m.group(1) in _NOT_VERBS or m.group(1)[-1] in "年度的是有为":
        return ""
    return m.group(1)


def _is_name(word: str, names: Sequence[str]) -> bool:
    return any(word in n or _short_form(word, n) for n in names if n)


def word_present(word: str, sentence: str) -> bool:
    """Whether a word stands in the sentence, whole or with a few characters between its own
    (「区政府」 in 「区人民政府」)."""
    if word in sentence:
        return True
    if len(word) < 3:
        return False
    pattern = ".{0,3}".join(re.escape(ch) for ch in word)
    return re.search(pattern, sentence) is not None


def _is_aux(word: str) -> bool:
    """A word that says what was done, not what is counted: 「发布」, and any verb with 了 (「发了」)."""
    return word in _AUX or (word.endswith("了") and len(word) <= 3)


def content_words(text: str, keep_aux: bool = False) -> List[str]:
    words = [w for w in text_to_terms(text, bigrams=False) if re.match(r"[\u4e00-\u9fff]", w)]
    return [w for w in words if (keep_aux and _is_aux(w)) or (w not in GENERIC and not _is_aux(w) and len(w) >= 2)]


def _unit_fits(question: str, asked: Optional[str], unit_here: str) -> bool:
    """Whether a printed figure's unit can answer the question (money wants 元, people 人 or 名)."""
    if _RATIO_Q.search(question):
        return "%" in unit_here or "％" in unit_here
    if _MONEY_Q.search(question) or _MONEY_Q_EN.search(question):
        return "元" in unit_here
    if _PEOPLE_Q.search(question):
        return any(u in unit_here for u in ("人", "名"))
    if asked and unit_here and not unit_here.startswith(asked) and asked not in unit_here:
        # 「多少条」 is not answered by 「12个」; 「3514 万」 (no unit word) may still answer.
        return unit_here in ("万", "亿")
    return True


_BREAK = re.compile(r"[，,；;、。]")


def sentence_to_figure(sentence: str, anchors_words: Sequence[str], question: str,
                       asked: Optional[str], context: Sequence[str] = (), counted: str = "",
                       verb: str = "") -> Optional[Tuple[float, str]]:
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
        if not _unit_fits(question, asked, unit_here):
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
        reach = 60 if asked and unit_here.startswith(asked) else 24
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


def locate(hits: Sequence[Hit], question: str, focus: Sequence[str], want_figure: bool,
           prefer_section: Optional[int] = None, names: Sequence[str] = ()) -> Optional[Located]:
    """Given search hits, return the best answering sentence among them (None: nothing answers).

    A sentence scores by the focus words it holds (longer words count double). With a figure asked,
    the sentence must hold every word naming what is counted, and the figure must stand by them.
    """
    unit = _asked_unit(question)
    weights = {f: (2.0 if len(f) > 2 else 1.0) for f in focus}
    heads = head_terms(question, names) if want_figure else []
    # An English question's words reach Chinese text through a glossary: what it names as counted
    # is a hint there, not a requirement, and two words must agree instead of one.
    english = not re.search(r"[\u4e00-\u9fff]", question)
    # What the question counts and the verb it asks about: the same for every sentence tried.
    phrase, verb = (counted_phrase(question), asked_verb(question)) if want_figure else ("", "")
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
                fig = sentence_to_figure(sent, anchors, question, unit, context=matched, counted=counted, verb=verb)
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


def search_narrative(store: Store, question: str, lang: str, report_ids: Optional[Sequence[str]], names: Sequence[str],
                     k: int = 8) -> Tuple[List[Hit], List[str]]:
    """Given a question and its scope, return the narrative passages found and the focus words."""
    text = question_to_search_text(question, lang)
    focus = focus_terms(text, names)
    # The scope already picks the reports: the body's name and the year would only pull up the
    # title and the signature lines, which print them.
    text = strip_names(text, names) + " " + " ".join(focus)
    if asks_about_problems(question):
        text += " 问题 不足 改进 薄弱"
    hits = store.search(text, report_ids=report_ids, k=k, kinds=("text",))
    return hits, focus


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


def asks_about_problems(question: str) -> bool:
    """Whether the question is about the report's problems and improvements (section 五's subject)."""
    return any(w in question for w in ("问题", "不足", "短板", "薄弱", "改进", "整改")) or bool(re.search(
        r"problem|shortcoming|weakness|improve", question.lower()))
