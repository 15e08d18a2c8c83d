"""The vocabulary: the words people use for the template's rows, columns and groups, and for what
they ask to be done with them, in Chinese and English — read from ``retrieval/data/vocabulary.toml``.

A question is understood without a language model: its words are matched against these terms,
which name template concepts (``ingest.template``). Each concept lists Chinese wordings (matched
against the question with spacing and punctuation folded) and English ones (matched as lower-case
phrases). A more specific concept beats a general one: 「因本机关不掌握相关政府信息而无法提供」 is the
row ``unavailable.not_held``, not the group ``unavailable``. The knowledge is the data file; this
module is the mechanism that makes each wording's other forms (English verb forms, Chinese
colloquial forms) and the patterns the understanding matches.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

from ingest import pinyin, row_label
from retrieval.query import Concept

_DATA: Dict[str, Any] = tomllib.loads((Path(__file__).resolve().parent / "data" / "vocabulary.toml").read_text(encoding="utf-8"))

#: Irregular English verbs in the vocabulary's terms, with the forms a question may use instead.
_IRREGULAR = {k: tuple(v) for k, v in _DATA["irregular_verbs"].items()}


def _word_forms(word: str) -> Tuple[str, ...]:
    """A verb in a term and the other forms a question may write it in: "disclosed" → disclose,
    discloses, disclosing; "granted" → grant, grants, granting. Non-words made on the way
    ("disclos") match nothing, so they cost nothing."""
    if word in _IRREGULAR:
        return (word,) + _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ied"):
        stem = word[:-3]
        return (word, stem + "y", stem + "ies", stem + "ying")
    if len(word) > 4 and word.endswith("ed"):
        a, b = word[:-1], word[:-2]  # disclose(d), grant(ed)
        return (word, a, b, a + "s", b + "s", b + "ing", a[:-1] + "ing")
    return (word,)


def _inflected(terms: Sequence[str]) -> Tuple[str, ...]:
    """The terms with every form of their verbs, each variant keeping a term's weak mark."""
    out: List[str] = []
    for term in terms:
        weak = "~" if term.startswith("~") else ""
        words = term.lstrip("~").split(" ")
        variants = [""]
        for w in words:
            variants = [f"{v} {f}".strip() for v in variants for f in _word_forms(w)][:48]
        out += [weak + v for v in variants]
    return tuple(dict.fromkeys(out))


def _zh_forms(terms: Sequence[str]) -> Tuple[str, ...]:
    """The Chinese wordings with their colloquial forms (``zh_forms`` of the data), each keeping a
    wording's weak mark: 「不予处理」 is also 「不处理」, 「没处理」, 「未处理」."""
    out: List[str] = []
    for term in terms:
        weak = "~" if term.startswith("~") else ""
        t = term.lstrip("~")
        out.append(term)
        for rule in _DATA["zh_forms"]:
            if t.startswith(rule["prefix"]) and len(t) > len(rule["prefix"]):
                out += [weak + f + t[len(rule["prefix"]):] for f in rule["forms"]]
    return tuple(dict.fromkeys(out))


def _concept(spec: Dict[str, Any]) -> Concept:
    zh, en = spec["zh"], spec.get("en", [])
    zh = list(zh) + [w for w in _template_wordings(spec["kind"], spec["key"]) if w not in zh]
    return Concept(spec["kind"], spec["key"], _zh_forms(zh), _inflected(en) + _pinyin_forms(zh), spec.get("label_zh") or zh[0],
                   spec.get("label_en") or (en[0] if en else spec["key"]))


#: A label's numbering: 「二、」, 「（三）」, 「1.」.
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．])")


def _template_wordings(kind: str, key: str) -> List[str]:
    """The template's own printed label of a table-3 row, without its numbering or group (「上年结转政府
    信息公开申请数量」, 「申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」): a question
    quoting the label names that row, whatever shorter terms stand inside it."""
    if kind != "row":
        return []
    label = row_label(f"t3.{key}.total")
    parts = [p for p in re.split(r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．])", label) if p]
    last = parts[-1].strip() if parts else ""
    # 「属于三类内部事务信息」 is quoted without its 「属于」 as often as with it.
    return [w for w in dict.fromkeys([last, re.sub(r"^属于", "", last)]) if len(w) >= 4]


def _pinyin_forms(terms: Sequence[str]) -> Tuple[str, ...]:
    """The Chinese wordings in toneless pinyin, as a search box's typist writes them (「新收」: xinshou):
    strong wordings of two characters or more only (a syllable alone is too many words)."""
    out = []
    for t in terms:
        if not t.startswith("~") and len(t) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", t):
            py = pinyin(t)
            if len(py) >= 5:
                out.append(py)
    return tuple(dict.fromkeys(out))


_CONCEPTS = tuple(_concept(c) for c in _DATA["concepts"])


def _of_kind(kind: str) -> Tuple[Concept, ...]:
    return tuple(c for c in _CONCEPTS if c.kind == kind)


T3_ROWS, T3_GROUPS, T3_COLS, T3_COL_SUMS = _of_kind("row"), _of_kind("group"), _of_kind("col"), _of_kind("cols")
T2_ROWS, T2_COLS, T4_GROUPS, T4_COLS = _of_kind("t2row"), _of_kind("t2col"), _of_kind("t4group"), _of_kind("t4col")
ALL_CONCEPTS = T3_ROWS + T3_GROUPS + T3_COLS + T3_COL_SUMS + T2_ROWS + T2_COLS + T4_GROUPS + T4_COLS

# ---------------------------------------------------------------- intents


def _words(name: str, lang: str) -> Tuple[str, ...]:
    return tuple(_DATA["intent"][name][lang])


TOTAL_WORDS_ZH, TOTAL_WORDS_EN = _words("total", "zh"), _words("total", "en")
#: A share or rate asked for: the answer is a percentage, its numerator and denominator cited.
RATIO_WORDS_ZH, RATIO_WORDS_EN = _words("ratio", "zh"), _words("ratio", "en")
COMPARE_WORDS_ZH, COMPARE_WORDS_EN = _words("compare", "zh"), _words("compare", "en")
RANK_WORDS_ZH, RANK_WORDS_EN = _words("rank", "zh"), _words("rank", "en")
WHICH_BODY_ZH, WHICH_BODY_EN = _words("which_body", "zh"), _words("which_body", "en")
CHANGE_WORDS_ZH, CHANGE_WORDS_EN = _words("change", "zh"), _words("change", "en")
LIST_WORDS_ZH, LIST_WORDS_EN = _words("list", "zh"), _words("list", "en")
#: Words that send a question to the narrative even when it names a table concept.
NARRATIVE_WORDS_ZH, NARRATIVE_WORDS_EN = _words("narrative", "zh"), _words("narrative", "en")
#: Words that ask about the text only where no table figure is named (「如何」, "what did").
NARRATIVE_WEAK_ZH, NARRATIVE_WEAK_EN = _words("narrative_weak", "zh"), _words("narrative_weak", "en")
FOLLOWUP_ZH, FOLLOWUP_EN = _words("followup", "zh"), _words("followup", "en")
QUESTION_FIGURE_ZH, QUESTION_FIGURE_EN = _words("figure", "zh"), _words("figure", "en")
#: A difference asked for: how many more or fewer, by how much.
DIFFERENCE_RE = re.compile(_DATA["patterns"]["difference"], re.I)
#: 「排第二」, "second most": a rank asked for by its place.
ORDINAL_RE = re.compile(_DATA["patterns"]["ordinal"], re.I)
#: How many bodies a question says it is about (「这两个单位」, "both").
COUNT_RE = re.compile(_DATA["patterns"]["count"], re.I)

#: Hong Kong, Taiwan and Cantonese wordings and the mainland ones the reports print, longest first
#: (「入稟法院」 before 「入稟」): those written only in traditional text, and those typed in simplified.
REGIONAL_TRADITIONAL: Tuple[Tuple[str, str], ...] = tuple(sorted(_DATA["regional"]["traditional"].items(),
                                                                key=lambda kv: -len(kv[0])))
REGIONAL_SIMPLIFIED: Tuple[Tuple[str, str], ...] = tuple(sorted(_DATA["regional"]["simplified"].items(),
                                                               key=lambda kv: -len(kv[0])))

#: The words of a yes-or-no question against a round figure (``understand.thresholds``).
THRESHOLD: Dict[str, Any] = _DATA["threshold"]

#: The words that say a ranking is within one report's table 3: of its applicant columns, or of
#: its outcomes (``understand.question``).
BREAKDOWN_RE: Dict[str, "re.Pattern[str]"] = {k: re.compile(v, re.I) for k, v in _DATA["breakdown"].items()}

#: English words of narrative facts, to search Chinese passages with. General report vocabulary,
#: not any one report's: without a multilingual embedding model this is how English reaches them.
EN_TO_ZH: Dict[str, str] = dict(_DATA["glossary_en_to_zh"])
#: Common short forms of department names that are not a subsequence of the full name.
DEPT_ALIASES: Dict[str, Tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["department_aliases"].items()}
#: English department words to Chinese name parts (matched against the body's name).
DEPT_EN: Dict[str, str] = dict(_DATA["department_en"])
PLACE_SUFFIX_EN: Dict[str, str] = dict(_DATA["place_suffix_en"])

# ---------------------------------------------------------------- what the template cannot answer

#: Breakdowns the template does not have: a figure asked by one of these is not in any table (the
#: tables count applications by applicant type and outcome only), so no table cell answers it.
UNSUPPORTED_ZH: Tuple[str, ...] = tuple(_DATA["unsupported"]["zh"])
UNSUPPORTED_EN: Tuple[str, ...] = tuple(_DATA["unsupported"]["en"])
#: What a narrative sentence must say to answer a breakdown the tables lack (an English word's
#: Chinese): 「通过网上申请平台收到申请120件」 answers "online", a sentence without 网 does not.
UNSUPPORTED_IN_TEXT: Dict[str, Tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["unsupported"]["said_in_text"].items()}


def unsupported_words(question: str) -> Tuple[str, ...]:
    """Given a question, return the words in it that ask for a breakdown the template does not have
    (「网上提交的」, "by email", "on average", "journalists"): a table figure cannot answer those."""
    q = question.lower()
    found = [w for w in UNSUPPORTED_ZH if w in question and any(_whole_word(question, m.start(), m.end())
                                                               for m in re.finditer(re.escape(w), question))]
    found += [w for w in UNSUPPORTED_EN if w in q and re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", q)]
    # 「关于」/「涉及」 name a topic only when a request is about something (「涉及征地拆迁的申请」), not in
    # 「关于政府信息公开工作的年度报告」 or 「因为信息公开」.
    if "关于" in found and not re.search(r"关于.{1,12}的(?:政府)?(?:信息公开)?申请", question):
        found.remove("关于")
    if "涉及" in found and not re.search(r"涉及.{1,12}的(?:政府)?(?:信息公开)?申请", question):
        found.remove("涉及")
    if "有关" in found and not re.search(r"有关.{1,12}的(信息公开)?申请|与.{1,12}有关的", question):
        found.remove("有关")
    for w in ("领域", "类别"):
        if w in found and "申请" not in question:
            found.remove(w)
    # 「新媒体」, "new media", "social media" are the reports' own subject, not a kind of applicant.
    if "媒体" in found and re.search(r"[新自]媒体", question):
        found.remove("媒体")
    if "media" in found and re.search(r"(new|social)[\s-]+media", q):
        found.remove("media")
    return tuple(found)


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands as whole words of the text as jieba cuts it (「上诉」 in
    「复议加上诉讼」 is 加上 / 诉讼's halves, not the word 上诉)."""
    import jieba

    cuts = {0}
    pos = 0
    for w in jieba.lcut(text):
        pos += len(w)
        cuts.add(pos)
    return start in cuts and end in cuts
