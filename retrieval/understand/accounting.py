"""Every word of a question accounted for: a body, a year, a term of the vocabulary, an intent word,
or a word that asks for nothing — else it is left over, and a question with a word left over is
asked back (or answered from the report's text where a sentence says it), never answered with a
nearby figure.

The question is cut into words (jieba for Chinese, letters and digits for English); a word is
accounted for when every one of its characters stands in a span another part of the understanding
found (``Span``), or it is a function word (``retrieval/data/function_words.toml``: a maintained
list of each language's function words, less those that change what is asked here, plus this
domain's words that ask for nothing). Digits no year or count took are left over too: 「平潭23」
whose 23 nobody read as a year must not be answered with another year's figure.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Sequence, Tuple

from retrieval.query import Span

_DATA = Path(__file__).resolve().parent.parent / "data" / "function_words.toml"
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: A word of an English question, or a run of digits (a number nobody read is left over).
_EN_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*|\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def function_words() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """The Chinese and the English words that ask for nothing (see the module's docstring)."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    meaningful_zh, meaningful_en = set(data["meaningful"]["zh"]), set(data["meaningful"]["en"])
    try:
        import stopwordsiso

        general_zh, general_en = set(stopwordsiso.stopwords("zh")), set(stopwordsiso.stopwords("en"))
    except ImportError:  # without the package only this domain's own words are known
        general_zh, general_en = set(), set()
    zh = (general_zh - meaningful_zh) | set(data["zh"]["words"])
    en = (general_en - meaningful_en) | set(data["en"]["words"])
    return frozenset(zh), frozenset(en)


@lru_cache(maxsize=1)
def domain_function_words_zh() -> FrozenSet[str]:
    """This domain's own Chinese words that ask for nothing (「现在」, 「那边」, 「申请」), without the
    general list's (whose 「其他」 names a row here)."""
    return frozenset(tomllib.loads(_DATA.read_text(encoding="utf-8"))["zh"]["words"])


@lru_cache(maxsize=1)
def intent_words() -> Dict[str, FrozenSet[str]]:
    """The words each intent consumes (「哪家多」's 多 once the question is a comparison)."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data["intent"].items()}


_taught: set = set()


def teach(words: Sequence[str] = ()) -> None:
    """Teach the word cutter this domain's words — the function words, and ``words`` (the
    vocabulary's terms) — so that a question is cut where its words are: 「年报表格里」 is 年报 /
    表格 / 里, not 年 / 报表 / 格里. Each word is taught once."""
    import jieba

    zh, _ = function_words()
    for w in set(zh) | {w.lstrip("~") for w in words}:
        if len(w) >= 2 and _CJK.search(w) and w not in _taught:
            jieba.add_word(w)
            _taught.add(w)


def _words(question: str) -> List[Tuple[int, int, str]]:
    """The question's words with where they stand: jieba's cut of Chinese runs (taught this domain's
    words), English words and numbers elsewhere (lower-cased)."""
    import jieba

    if not _taught:
        teach()
    out: List[Tuple[int, int, str]] = []
    for m in re.finditer(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+", question):
        run = m.group(0)
        if _CJK.match(run):
            for word, start, end in jieba.tokenize(run):
                out.append((m.start() + start, m.start() + end, word))
        else:
            for w in _EN_WORD.finditer(run.lower()):
                out.append((m.start() + w.start(), m.start() + w.end(), w.group(0)))
    return out


def leftover_words(question: str, spans: Sequence[Span], label_words: FrozenSet[str] = frozenset(),
                   intent: str = "") -> Tuple[Span, ...]:
    """Given a (normalised) question, the spans the understanding took and the words of the
    template labels of the measures it names (「不再」, 「处理」 of 「行政机关不再处理其政府信息公开申请」:
    a question quoting or paraphrasing a label asks that label's figure), return the words no span
    accounts for and that are not function words, each as a ``leftover`` span."""
    covered = [False] * len(question)
    for s in spans:
        for i in range(max(0, s.start), min(len(question), s.end)):
            covered[i] = True
    zh, en = function_words()
    consumed = intent_words().get(intent, frozenset())
    zh, en = zh | consumed, en | consumed
    out: List[Span] = []
    for start, end, word in _words(question):
        rest = "".join(ch for i, ch in enumerate(question[start:end], start) if not covered[i]).strip()
        if not rest:
            continue
        if _CJK.search(word):
            # A word partly covered counts by what is left of it: 「收了」 once 「收」 is a term.
            if rest in zh or word in zh or all(ch in zh for ch in rest) or word in label_words or rest in label_words:
                continue
        elif any(form in en or form in label_words for form in _english_forms(word)):
            continue
        out.append(Span(start, end, "leftover", word))
    return tuple(out)


def _english_forms(word: str) -> Tuple[str, ...]:
    """An English word and the forms it may be listed under: without a possessive or plural s, and
    in British spelling ("centralized" → "centralised")."""
    bare = re.sub(r"['’]s$", "", word)
    forms = {word, bare, bare.rstrip("s")}
    forms |= {re.sub(r"iz(e|ed|es|ing|ation)$", r"is\1", f) for f in list(forms)}
    return tuple(forms)


def label_words_of(labels: Sequence[str]) -> FrozenSet[str]:
    """The words of template labels and vocabulary terms (Chinese cut by jieba, English by word), to
    account for a question's paraphrase of the labels of the measures it names."""
    out: set = set()
    for label in labels:
        out |= _label_words(label.lstrip("~"))
    return frozenset(out)


@lru_cache(maxsize=None)
def _label_words(label: str) -> FrozenSet[str]:
    """One label's words (cut once: the vocabulary's labels are few)."""
    import jieba

    if _CJK.search(label):
        return frozenset(w for w in jieba.lcut(label) if _CJK.search(w))
    return frozenset(re.findall(r"[a-z]+", label.lower()))


def word_spans(question: str, words: Sequence[str], kind: str) -> List[Span]:
    """Given a question and words (Chinese, or English matched whole and case-blind), return a span
    of ``kind`` for each place one of them stands."""
    out: List[Span] = []
    lower = question.lower()
    for w in words:
        w = w.lstrip("~")
        if not w:
            continue
        if _CJK.search(w):
            at = question.find(w)
            while at >= 0:
                out.append(Span(at, at + len(w), kind, w))
                at = question.find(w, at + 1)
        elif w.lower().split()[0] in lower:  # (a substring first: a pattern per word is slow)
            out += [Span(m.start(), m.end(), kind, w) for m in _english_word(w).finditer(lower)]
    return out


@lru_cache(maxsize=None)
def _english_word(w: str) -> "re.Pattern[str]":
    """An English word or phrase as a whole-word pattern (a hyphen and a space are one), compiled once."""
    return re.compile(r"(?<![a-z])" + r"[\s\-]+".join(map(re.escape, re.split(r"[ \-]", w.lower()))) + r"(?![a-z])")


def pattern_spans(question: str, patterns: Sequence["re.Pattern[str]"], kind: str) -> List[Span]:
    """Given a question and patterns, return a span of ``kind`` for each match (on the question as
    written, and lower-cased for English)."""
    out: List[Span] = []
    for p in patterns:
        for text in (question, question.lower()):
            out += [Span(m.start(), m.end(), kind, m.group(0)) for m in p.finditer(text) if m.end() > m.start()]
    return out


def name_spans(question: str, names: Sequence[str]) -> List[Span]:
    """Given a question and the names of bodies (printed, places, cores, departments, aliases),
    return a ``body`` span for each place one of them stands, whole or as a short form keeping its
    characters in order (「政数局」 for 政务服务和数据管理局, 「鹭湾市监局」)."""
    out: List[Span] = []
    for n in sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True):
        out += [Span(m.start(), m.end(), "body", n) for m in re.finditer(re.escape(n), question)]
        if len(n) >= 3 and _CJK.search(n):
            last = re.escape(n[-1])
            for m in re.finditer(rf"[\u4e00-\u9fff]{{1,5}}{last}", question):
                for start in range(m.start(), m.end() - 1):
                    cand = question[start:m.end()]
                    if cand[0] == n[0] and _in_order(cand, n):
                        out.append(Span(start, m.end(), "body", cand))
                        break
    return out


def _in_order(short: str, name: str) -> bool:
    it = iter(name)
    return all(ch in it for ch in short)
