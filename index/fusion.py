"""Rank fusion: two rankings of passages (by words and by meaning) made one.

Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009) adds, for each passage, 1/(k + rank)
over the rankings that hold it: no score needs calibrating against another, and a passage found
high by both beats one found high by one. Pure: it takes the rankings, not the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Generic, Hashable, List, Optional, Sequence, TypeVar

Key = TypeVar("Key", bound=Hashable)

#: The constant of Cormack et al.: damps the head of each ranking.
RRF_K = 60


@dataclass(frozen=True)
class Fused(Generic[Key]):
    """A passage of the fused ranking: its fused score and its rank in each ranking (None: absent)."""

    key: Key
    score: float
    lexical_rank: Optional[int]
    dense_rank: Optional[int]


def fuse(lexical: Sequence[Key], dense: Sequence[Key], k: int, rrf_k: int = RRF_K) -> List[Fused[Key]]:
    """Given two rankings (best first) and how many to keep, return the fused ranking, best first.

    Ties keep the order in which passages were first met (lexical before dense), so the result is
    the same on every run.
    """
    scores: Dict[Key, float] = {}
    lrank: Dict[Key, int] = {}
    drank: Dict[Key, int] = {}
    for i, key in enumerate(lexical):
        if key not in lrank:
            lrank[key] = i + 1
            scores[key] = scores.get(key, 0.0) + 1.0 / (rrf_k + i + 1)
    for i, key in enumerate(dense):
        if key not in drank:
            drank[key] = i + 1
            scores[key] = scores.get(key, 0.0) + 1.0 / (rrf_k + i + 1)
    order = sorted(scores, key=lambda key: -scores[key])  # sorted() is stable: first met wins a tie
    return [Fused(key, scores[key], lrank.get(key), drank.get(key)) for key in order[:k]]
