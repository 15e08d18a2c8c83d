"""Which reports a question is about: bodies named the way people name them, and years.

A body's printed name (「广州市番禺区政务服务数据管理局」) is split into its places (广州市, 番禺区) and
its department (政务服务数据管理局). A question names the body by a place (「番禺」, "Panyu" — place
names are matched in pinyin too), by the department in full, by a short form that keeps the name's
characters in order (「政数局」, 「发改局」, 「住建局」), or by a common alias (「环保局」). Nothing here
knows any particular body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

from ingest import BodyName, agency_to_name, body_key, pinyin
from model import CatalogEntry
from retrieval.lexicon import DEPT_ALIASES, DEPT_EN, PLACE_SUFFIX_EN

_DEPT_ENDS = "局委办厅室府处院会部所站中心"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年度?|(?=\D|$))")


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _dept_mentioned(question: str, q_lower: str, name: BodyName) -> Tuple[bool, int]:
    """Whether, and where, the question names the body's department (in full, short or English)."""
    dept = name.dept
    if not dept:
        return False, -1
    if dept in question:
        return True, question.index(dept)
    for full, aliases in DEPT_ALIASES.items():
        if dept.endswith(full) or dept == full:
            for a in aliases:
                if a in question:
                    return True, question.index(a)
    # Short forms: a run of the question ending in the department's last character whose
    # characters stand in the department's name in order, starting with its first.
    last = dept[-1]
    if last in _DEPT_ENDS:
        for m in re.finditer(re.escape(last), question):
            for length in range(2, 7):
                start = m.end() - length
                if start < 0:
                    break
                cand = question[start:m.end()]
                if cand[0] == dept[0] and _is_subsequence(cand, dept):
                    return True, start
    hits = [w for w, zh in _english_dept_words(q_lower) if zh in dept]
    if hits:
        return True, min(q_lower.index(w) for w in hits)
    return False, -1


@lru_cache(maxsize=64)
def _english_dept_words(q_lower: str) -> Tuple[Tuple[str, str], ...]:
    """The DEPT_EN words a question names, with their Chinese, in DEPT_EN's order: looked for once a
    question, not once a loaded report (30 regexes × 1,000 reports was most of a figure answer's time)."""
    return tuple((w, zh) for w, zh in DEPT_EN.items() if re.search(rf"\b{re.escape(w)}\b", q_lower))


def _core_position(question: str, core: str, place: str) -> int:
    """Where the question names a place by its core, or -1. A core that begins with a suffix
    character (「市南」 of 「市南区」) counts only in full, or 「襄阳市南漳县」 would name it."""
    if core[0] in "省市区县镇乡州旗盟":
        return question.find(place)
    return question.find(core)


def _place_mentioned(question: str, q_lower: str, name: BodyName) -> Tuple[float, int]:
    """How well the question names the body's places (10 a place, 3 more when named with its suffix,
    so that 「南昌县」 prefers the county to 南昌市), and where the first is (-1 if none)."""
    found, first = 0.0, -1
    for core, py, place in zip(name.cores, name.pinyin, name.places):
        pos = _core_position(question, core, place)
        if pos >= 0 and place in question:
            found += 0.3
        if pos < 0 and py and py in q_lower:  # (a substring first: a regex per report is slow)
            m = re.search(rf"\b{re.escape(py)}\b", q_lower)
            pos = m.start() if m else -1
        if pos >= 0:
            found += 1
            first = pos if first < 0 else min(first, pos)
    return found, first


@dataclass(frozen=True)
class Mention:
    """A body the question names: the reports of that body, and where in the question it stands."""

    agency: str
    reports: Tuple[CatalogEntry, ...]
    position: int


def question_to_mentions(question: str, catalog: Sequence[CatalogEntry]) -> List[Mention]:
    """Given a question and the loaded reports, return the bodies it names, in the order named.

    A body is named by its place, by its department, or both; where several bodies share what the
    question says, those that match more of it are kept (「广州市番禺区政数局」 beats 「广州市发改局」).
    """
    q_lower = question.lower()
    scored: Dict[str, Tuple[float, int]] = {}
    for entry in catalog:
        if not entry.agency or entry.agency in scored:
            continue
        name = agency_to_name(entry.agency)
        places, ppos = _place_mentioned(question, q_lower, name)
        dept_hit, dpos = _dept_mentioned(question, q_lower, name)
        if entry.agency in question:
            scored[entry.agency] = (100, question.index(entry.agency))
            continue
        if places == 0 and not (dept_hit and not name.cores):
            # A department alone («政数局») names a body only when that is all the body's name has,
            # or below when no body's place is named at all.
            if dept_hit:
                scored.setdefault(entry.agency, (1, dpos))
            continue
        score = 10 * places + (5 if dept_hit else 0)  # places: 1 a place named, 1.3 with its suffix
        scored[entry.agency] = (score, min(p for p in (ppos, dpos) if p >= 0))
    strong = {a: v for a, v in scored.items() if v[0] >= 10}
    if strong:
        scored = strong
    if not scored:
        return []
    # Within a place named by several bodies, keep the best matches of that place.
    groups: Dict[str, List[Tuple[str, float, int]]] = {}
    for agency, (score, pos) in scored.items():
        name = agency_to_name(agency)
        key = name.cores[0] if name.cores and score >= 10 else agency
        for core in name.cores:
            if core in question or (pinyin(core) and pinyin(core) in q_lower):
                key = core
                break
        groups.setdefault(key, []).append((agency, score, pos))
    kept = []
    for members in groups.values():
        best = max(s for _, s, _ in members)
        kept += [(a, p) for a, s, p in members if s == best]
    kept.sort(key=lambda x: x[1])
    # One body, however its name was printed in each year's report, is one mention.
    by_body: Dict[str, List[CatalogEntry]] = {}
    body_of: Dict[str, str] = {}
    for e in catalog:
        by_body.setdefault(e.body, []).append(e)
        if e.agency:
            body_of[e.agency] = e.body
    out: List[Mention] = []
    seen = set()
    for agency, pos in kept:
        key = body_of.get(agency) or body_key(agency)
        if key not in seen:
            seen.add(key)
            out.append(Mention(agency, tuple(by_body.get(key, ())), pos))
    return out


def question_to_years(question: str) -> List[Tuple[int, int, str]]:
    """Given a question, return the years it names as (year, position, role), in order.

    The role is "into" for a year things go to (「结转到2022年」, "carried forward into 2022"),
    "from" for a year they come from, else "".
    """
    out = []
    for m in _YEAR.finditer(question):
        before = question[max(0, m.start() - 8):m.start()].lower()
        role = ""
        if re.search(r"(\binto|\bto|\buntil|\btill|至|到|转入|转至)\s*$", before):
            role = "into"
        elif re.search(r"(\bfrom|从)\s*$", before):
            role = "from"
        out.append((int(m.group(1)), m.start(), role))
    return out


def english_place_suffixes(question: str) -> List[str]:
    q = question.lower()
    return [zh for en, zh in PLACE_SUFFIX_EN.items() if re.search(rf"\b{en}\b", q)]
