"""What a question asks of the report's text, read once: the words to search with, the words naming
what is counted, the verb and counter asked, and whether money, people or a share is asked.

``question_to_ask`` returns a :class:`retrieval.query.TextAsk`; the narrative search
(``retrieval.narrative``) works from it and never reads the question again. A question's focus is
its own words: the words left when the body's name, the year and the question words are taken
away (``focus_terms``); what is counted is named right after the question word (「投入了多少经费」:
经费) or just before it (``head_terms``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from index import text_to_terms
from ingest import agency_to_name
from model import CatalogEntry
from retrieval.lexicon import DEPT_ALIASES, EN_TO_ZH
from retrieval.query import TextAsk
from retrieval.understand.accounting import domain_function_words_zh
from retrieval.understand.years import question_to_years

_ASK_UNIT = re.compile(r"(?:多少|几)\s*(万|亿)?\s*([件条项个篇场期次家人宗份名所批部类天]|万元|亿元)?")
_FIGURE_ASKED_ZH = ("多少", "几", "是多少", "有多少", "总计", "合计", "共计", "总数")
_FIGURE_ASKED_EN = ("how many", "how much", "number of", "what was the number", "what number")
#: Words too common in these reports to show that a sentence is about the question.
GENERIC = {"政府", "信息", "公开", "政府信息", "政府信息公开", "工作", "报告", "年度", "全年", "本年", "我局", "情况",
           "开展", "进一步", "加强", "以及", "通过", "相关", "单位", "部门", "本局", "我区", "我市", "我县", "年报",
           "正文", "里说", "说了", "多少", "几", "是", "的", "了", "有", "在", "和", "共", "年", "方面", "方面的",
           "领域", "工作中", "当中", "之中", "期间", "部分", "文字", "文字部分", "总体情况", "总体"}

#: What the whole report is about, so never what a figure counts (「政务公开业务培训」 counts 培训; a
#: sentence need not repeat 政务公开) — though it helps find the passage.
SUBJECT = {"政务公开", "政务"}


def question_to_search_text(question: str, lang: str) -> str:
    """Given a question, return the text to search with: English report words get their Chinese too."""
    if lang == "zh":
        return question
    ql = question.lower()
    # The longest glossary wording wins where wordings overlap: "before publishing" is 拟公开, and
    # its "publishing" is not also 发布 (which would find another sentence's figure).
    found = sorted(((m.start(), m.end(), zh) for en, zh in EN_TO_ZH.items() if en in ql
                    for m in _glossary_word(en).finditer(ql)), key=lambda f: (f[0] - f[1], f[0]))
    taken: List[Tuple[int, int]] = []
    extra = []
    for start, end, zh in found:
        if not any(start < b and a < end for a, b in taken):
            taken.append((start, end))
            extra.append(zh)
    return question + " " + " ".join(dict.fromkeys(extra))


@lru_cache(maxsize=None)
def _glossary_word(en: str) -> "re.Pattern[str]":
    """A glossary word as a whole-word pattern, compiled once (there are more than re's cache holds)."""
    return re.compile(rf"(?<![a-z]){re.escape(en)}(?![a-z])")


def focus_terms(search_text: str, names: Sequence[str]) -> List[str]:
    """Given the search text and the names to ignore (bodies, places), return the question's own words.

    A word that is part of a body's name, or a short form of it (「政数局」 for 政务服务数据管理局), says
    which report to read, not what to find in it, and is dropped.
    """
    text = strip_names(search_text, names)
    terms = [t for t in text_to_terms(text, bigrams=False) if t not in GENERIC and not t.isdigit()]
    # Bigrams of the longer words too: 「粉丝数」 should find 「粉丝」.
    extra = [t[i:i + 2] for t in terms if len(t) > 2 and re.match(r"[\u4e00-\u9fff]+$", t) for i in range(len(t) - 1)]
    # The names looked through once, not once a word: a question over every body has thousands.
    joined = "\n".join(n for n in names if n)
    by_ends: Dict[Tuple[str, str], List[str]] = {}
    for n in names:
        if n:
            by_ends.setdefault((n[0], n[-1]), []).append(n)
    out = []
    for t in dict.fromkeys(terms + [e for e in extra if e not in GENERIC]):
        if len(t) < 2 or re.match(r"^(几|多少)", t) or t in joined or any(
                _short_form(t, n) for n in by_ends.get((t[0], t[-1]), ())):
            continue
        out.append(t)
    return out


def strip_names(text: str, names: Sequence[str]) -> str:
    """Given a question and the names of the bodies in scope, return it without them: the names in
    full, their short forms (「政数局」 for 政务服务和数据管理局) and the years."""
    for n in sorted((n for n in names if n), key=len, reverse=True):
        text = text.replace(n, " ")
        if len(n) >= 3 and n[-1] in text:  # a short form ends as the name does: most names' last character is not there
            for m in list(_ending_in(n[-1]).finditer(text)):
                for start in range(m.start(), m.end() - 1):
                    cand = text[start:m.end()]
                    if _short_form(cand, n):
                        text = text[:start] + " " * len(cand) + text[m.end():]
                        break
    return re.sub(r"(19|20)\d{2}\s*年?", " ", text)


@lru_cache(maxsize=4096)
def _ending_in(last: str) -> "re.Pattern[str]":
    """A run of one to five Chinese characters and then ``last``: where a short form of a name ending
    in it may stand (compiled once a character: names are stripped from every clause checked)."""
    return re.compile(rf"[\u4e00-\u9fff]{{1,5}}{re.escape(last)}")


def _short_form(term: str, name: str) -> bool:
    """Whether a word abbreviates a name: same first and last character, the rest in order."""
    if len(term) < 2 or term[0] != name[:1] or term[-1] != name[-1:]:
        return False
    it = iter(name)
    return all(ch in it for ch in term)


def figure_asked(question: str) -> bool:
    """Whether a question asks for a figure (「多少」, "how many", or a terse look-up's 「总计」)."""
    ql = question.lower()
    return any(w in question for w in _FIGURE_ASKED_ZH) or any(w in ql for w in _FIGURE_ASKED_EN)


def asked_unit(question: str) -> Optional[str]:
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
        before = _years_blanked(question[:ratio_at]).split("，")[-1]
        words = [w for w in content_words(before) if not _is_name(w, names)]
        return words[-2:]
    m = re.search(r"(多少|几)", question)
    if m:
        after = re.split(r"[？?。，,；;]", question[m.end():])[0]
        after = re.sub(r"^(万|亿)?[件条项个篇场期次家人宗份名所批部类天元]?", "", after)
        plain = domain_function_words_zh()
        heads = [w for w in content_words(after, plain=plain) if not _is_name(w, names)][:3]
        if heads:
            return heads
        before = re.split(r"[？?。，,；;：:“”\"]", question[:m.start()])[-1]
        before = _years_blanked(before).split("，")[-1]
        words = content_words(before, keep_aux=True, plain=plain)
        return _last_words(words, names)
    m = _EN_HEAD.search(question.lower())
    if m:
        hits = [(m.group(1).find(en), zh) for en, zh in EN_TO_ZH.items()
                if en in m.group(1) and re.search(rf"\b{re.escape(en)}\b", m.group(1))]
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
    if len(after) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", after):
        return after
    # Named before the question word (「月通报一共发了几次」): the run of words ending the clause
    # before it, less the verbs and the words that ask for nothing, with a one-character word that
    # qualifies it (「月」 of 月通报, against 「季度通报」).
    before = re.split(r"[？?。，,；;：:“”\"的]", _years_blanked(question[:m.start()]))[-1]
    plain = domain_function_words_zh()
    run: List[str] = []
    for w in reversed(text_to_terms(before, bigrams=False)):
        if _is_aux(w) and not run:
            continue
        if _is_aux(w) or (len(w) > 1 and w in plain) or w in GENERIC or w in SUBJECT or not re.fullmatch(r"[\u4e00-\u9fff]+", w):
            break
        run.insert(0, w)
    phrase = "".join(run)
    return phrase if len(phrase) >= 2 else ""


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


def _years_blanked(text: str) -> str:
    """The text with each year it names (「2023年」, 「23年」, 「二四年」) put as a comma: a year stands
    between what a question counts and the body, never in it."""
    for y in sorted(question_to_years(text), key=lambda y: -y.position):
        if not y.relative and not y.bare:
            text = text[:y.position] + "，" + text[y.end:]
    return text


def _is_name(word: str, names: Sequence[str]) -> bool:
    return any(word in n or _short_form(word, n) for n in names if n)


def _is_aux(word: str) -> bool:
    """A word that says what was done, not what is counted: 「发布」, and any verb with 了 (「发了」)."""
    return word in _AUX or (word.endswith("了") and len(word) <= 3)


def content_words(text: str, keep_aux: bool = False, plain: FrozenSet[str] = frozenset()) -> List[str]:
    """The words of a text that may name what is counted: not the reports' common words nor their
    subject, not the ``plain`` words (a question's words that ask for nothing: 「现在」, 「那边」), not
    the verbs that only say it was done (kept with ``keep_aux``, for ``_last_words`` to stop at)."""
    words = [w for w in text_to_terms(text, bigrams=False) if re.match(r"[\u4e00-\u9fff]", w)]
    return [w for w in words if (keep_aux and _is_aux(w)) or
            (w not in GENERIC and w not in SUBJECT and w not in plain and not _is_aux(w) and len(w) >= 2)]


def asks_about_problems(question: str) -> bool:
    """Whether the question is about the report's problems and improvements (section 五's subject)."""
    return any(w in question for w in ("问题", "不足", "短板", "薄弱", "改进", "整改")) or bool(re.search(
        r"problem|shortcoming|weakness|improve", question.lower()))


#: Words a question may hold beyond the lexicon's terms, the body and the year without qualifying
#: the figure it asks for.
_PLAIN_WORDS = {"申请", "政府信息公开", "信息公开", "年报", "年度报告", "报告", "表格", "表里", "表中", "一共", "总共", "多少",
                "数量", "数字", "件数", "情况", "其中", "那么", "的话", "请问", "一下", "告诉", "知道", "想问", "这个",
                "那个", "今年", "去年", "前年", "当年", "本年", "全年", "年底", "年末", "多大", "几成", "那边", "这边", "里面",
                "当中", "相关", "有关", "方面", "政府", "总计", "合计", "共计", "个人", "老百姓", "群众", "单位", "部门",
                "因为", "由于", "属于", "没法", "无法", "提供", "处理", "作出", "做出", "收到", "提出", "提起", "办理", "审结",
                "结果", "案件", "案子", "官司", "起诉", "复议", "那份", "这份", "份年报", "被拒", "行政"}


def qualifiers(question: str, term_spans: Sequence[Tuple[int, int]], names: Sequence[str]) -> List[str]:
    """The question's own words that neither the lexicon, the body's name, the year nor a question
    word accounts for (「清理后集中发布的现行有效规范性文件」: 清理, 集中)."""
    chars = list(question)
    for a, b in term_spans:
        chars[a:b] = [" "] * (b - a)
    text = strip_names("".join(chars), names)
    text = re.sub(r"(?:19|20)\d{2}\s*年度?|[二〇一三四五六七八九零]{4}年|\d{2}年", " ", text)
    words = [w for w in content_words(text) if w not in _PLAIN_WORDS and len(w) >= 2]
    return list(dict.fromkeys(words))


def body_names(entries: Sequence[CatalogEntry]) -> List[str]:
    """The names a passage search ignores for these reports: the bodies, their places and short forms."""
    return list(_agencies_to_names(tuple(e.agency for e in entries)))


@lru_cache(maxsize=64)
def _agencies_to_names(agencies: Tuple[Optional[str], ...]) -> Tuple[str, ...]:
    """``body_names`` of the reports that printed these names, kept: every clause of a checked text
    asks it of the same reports (a name's parts depend on the name alone)."""
    names: List[str] = []
    for agency in agencies:
        if agency:
            n = agency_to_name(agency)
            names += [agency, n.dept, *n.places, *n.cores]
            names += [a for full, aliases in DEPT_ALIASES.items() if n.dept.endswith(full) for a in aliases]
    return tuple(names)


def question_to_ask(question: str, lang: str, names: Sequence[str]) -> TextAsk:
    """Given a question, its language and the names of the bodies in scope (to leave out of what it
    asks), return what an answer from the report's text must find."""
    search = question_to_search_text(question, lang)
    want = figure_asked(question)
    return TextAsk(figure=want, heads=tuple(head_terms(question, names)) if want else (),
                   phrase=counted_phrase(question) if want else "", verb=asked_verb(question) if want else "",
                   unit=asked_unit(question), money=bool(_MONEY_Q.search(question) or _MONEY_Q_EN.search(question)),
                   people=bool(_PEOPLE_Q.search(question)), share=bool(_RATIO_Q.search(question)),
                   problems=asks_about_problems(question), english=not re.search(r"[\u4e00-\u9fff]", question),
                   applications="申请" in question or bool(re.search(r"\b(?:requests?|applications?)\b", question.lower())),
                   search_text=strip_names(search, names), focus=tuple(focus_terms(search, names)))


#: The counters a figure asked of the text is counted in (「多少件」 wants a figure in 件).
_ASKED_COUNTERS = "件条项个篇场期次家人宗份名所批部类天"
_PUNCT = re.compile(r"[？?。，,；;：:“”\"]")


def _heads_around(before: str, after: str, names: Sequence[str], share: bool) -> List[str]:
    """The words naming what a text's figure counts: as ``head_terms`` reads them around a question
    word, read around the figure (the words right after it, else the run right before it; a share's
    what stands before 占)."""
    ratio_at = before.find("占")
    if share and ratio_at > 0:
        head = _years_blanked(before[:ratio_at]).split("，")[-1]
        return [w for w in content_words(head) if not _is_name(w, names)][-2:]
    heads = [w for w in content_words(_PUNCT.split(after)[0]) if not _is_name(w, names)][:3]
    if heads:
        return heads
    run = _years_blanked(_PUNCT.split(before)[-1]).split("，")[-1]
    return _last_words(content_words(run, keep_aux=True), names)


def _last_words(words: Sequence[str], names: Sequence[str]) -> List[str]:
    """The last two content words of a run before a figure, not past a body's name nor across an
    auxiliary once one is taken: what the figure counts (「政务微博」 of 「政务微博发布了」)."""
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


def _heads_en(after: str) -> List[str]:
    """What an English figure counts, named right after it ("1.2 million followers"), through the glossary."""
    m = re.match(r"\s*([a-z' -]+?)(?=\s+(?:did|do|does|were|was|are|is|has|have|had|in|on|for|by|of|at|from|with)\b|[?.,;]|$)",
                 after.lower())
    if not m:
        return []
    # (A substring first: a pattern for each of the glossary's words was most of an English figure's ask.)
    hits = [(m.group(1).find(en), zh) for en, zh in EN_TO_ZH.items()
            if en in m.group(1) and re.search(rf"\b{re.escape(en)}\b", m.group(1))]
    return [max(hits)[1]] if hits else []


def clause_to_ask(before: str, after: str, unit: str, share: bool, lang: str, names: Sequence[str]) -> TextAsk:
    """Given the words a text states a figure with (``before`` and ``after`` it), the figure's unit,
    whether it is a percentage, the text's language and the names of the bodies in scope, return
    what a sentence of the report must say to state that figure: the words naming what is counted,
    the verb done to it, its counter — read around the figure as ``question_to_ask`` reads them
    around a question word."""
    words = f"{before} {after}".strip()
    search = question_to_search_text(words, lang)
    english = not re.search(r"[\u4e00-\u9fff]", words)
    if english:
        heads = _heads_en(after)
        phrase, verb = "", ""
    else:
        heads = _heads_around(before, after, names, share)
        rest = re.sub(r"(呢|吗|啊|的)$", "", _PUNCT.split(after)[0].strip())
        phrase = rest if len(rest) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", rest) else ""
        m = re.search(r"([\u4e00-\u9fff]{2})了?$", before)
        if m and m.group(1) in ("申请", "信息", "文件") or not m:
            m = re.search(r"([\u4e00-\u9fff]{2})了?(?:政府信息公开|信息公开)?(?:申请|信息|文件)$", before) or m
        verb = m.group(1) if m and m.group(1) not in _NOT_VERBS and m.group(1)[-1] not in "年度的是有为" else ""
    counter = unit if unit in ("万元", "亿元") else unit[:1] if unit[:1] and unit[:1] in _ASKED_COUNTERS else None
    return TextAsk(figure=True, heads=tuple(heads), phrase=phrase, verb=verb, unit=counter,
                   money=unit.endswith("元") or bool(_MONEY_Q.search(words) or _MONEY_Q_EN.search(words)),
                   # The figure's own counter says whether it counts people (「关注人数1.85万」 is not
                   # 「1.85万人」: the report may print 「1.58万」 too).
                   people=unit in ("人", "人次", "名"), share=share,
                   problems=asks_about_problems(words), english=english, search_text=strip_names(search, names),
                   focus=tuple(focus_terms(search, names)))
