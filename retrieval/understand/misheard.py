"""The template's words typed by their sound: 「工开」 for 公开, 「复义」 for 复议, 「过城性」 for 过程性 — what
voice input and a pinyin keyboard leave in a question.

A word nothing accounted for is read as a word of the vocabulary when it sounds the same (toneless
pinyin, any reading of a character) and differs from it by one character only — as a place typed by
its sound is (``scope.homophone_of``): 「工开」 is 公开 misspelt, 「宫凯」 is something else. The caller
reads the question again with the word put right and keeps that reading only when it accounts for
more of the question, and says which word it read as which.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, List, Sequence, Tuple

from ingest import pinyin_readings
from retrieval.lexicon import ALL_CONCEPTS

#: Lengths of a misheard word looked for: one character says too little to be read by its sound.
_LENGTHS = (2, 3, 4)


@lru_cache(maxsize=1)
def _windows() -> Dict[int, FrozenSet[str]]:
    """Every run of 2–4 characters of the vocabulary's Chinese wordings, by length."""
    out: Dict[int, set] = {n: set() for n in _LENGTHS}
    for concept in ALL_CONCEPTS:
        for term in concept.zh:
            term = term.lstrip("~")
            for n in _LENGTHS:
                out[n].update(term[i:i + n] for i in range(len(term) - n + 1))
    return {n: frozenset(words) for n, words in out.items()}


def misheard_words(words: Sequence[str]) -> List[Tuple[str, str]]:
    """Given the words of a question nothing accounted for, return (as written, the vocabulary's
    word it sounds like) for each that sounds like exactly one such word and differs from it by one
    character."""
    out: List[Tuple[str, str]] = []
    for word in dict.fromkeys(words):
        if len(word) not in _LENGTHS or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            continue
        near = [w for w in _windows()[len(word)] if w != word and sum(a == b for a, b in zip(w, word)) == len(word) - 1]
        sounds = pinyin_readings(word)
        same = [w for w in near if sounds & pinyin_readings(w)]
        if len(same) == 1:
            out.append((word, same[0]))
    return out
