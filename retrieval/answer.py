"""Answering: from a question (and the conversation so far) to a cited answer object (cli.md).

Figures come from stored cells only, sums and comparisons from several cells each cited; passages
come from search. A missing or ambiguous cell is said to be so and no number is given; a question
that could mean several things gets each meaning, labelled, and a question back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from errors import QuestionError
from index import Store
from model import CatalogEntry, Hit
from phrasing import format_number, location_text, report_name, say
from retrieval.catalog import store_to_catalog
from retrieval.citations import Answer, AnswerStatus, CellCitation, PassageCitation
from retrieval.combine import (
    change,
    clarify,
    compare,
    difference,
    growth,
    listing,
    rank,
    rank_shares,
    ratio,
    readings_to_citations,
    subtract,
    sum_across,
)
from retrieval.figures import (
    CellSource,
    ColumnReader,
    Figure,
    Reading,
    concept_to_figures,
    entry_name,
    read_figure,
    reading_sentence,
)
from retrieval.lexicon import ALL_CONCEPTS, UNSUPPORTED_IN_TEXT, Concept
from retrieval.narrative import growth_sentence, locate, search_narrative, sentence_to_figure
from retrieval.query import Intent, Query
from retrieval.understand.question import question_language, understand
from retrieval.warnings import with_warnings

MAX_QUESTION_CHARS = 500


# ---------------------------------------------------------------- the answer


def catalog_entries(store: Store, report_ids: Optional[Sequence[str]] = None) -> List[CatalogEntry]:
    """Given the store and an optional scope, return its reports as a question's scope sees them,
    each with the key of its body (the same across years and printed names)."""
    entries = store_to_catalog(store)
    if report_ids:
        wanted = set(report_ids)
        entries = [e for e in entries if e.id in wanted]
    return entries


def _groups(u: Query, catalog: Sequence[CatalogEntry], before: Optional[Query]) -> List[List[CatalogEntry]]:
    """The reports in scope, one group per body: those named (with their years), else everything."""
    by_id = {e.id: e for e in catalog}
    if u.mentions:
        groups = []
        for i, m in enumerate(u.mentions):
            end = u.mentions[i + 1].position if i + 1 < len(u.mentions) else 10_000
            own = [y for y, pos in u.year_positions if m.position <= pos < end]
            years = own or list(u.years)
            entries = [e for e in m.reports if e.id in by_id and (not years or e.year in years)]
            groups.append(entries)
        return groups
    if u.scope:
        entries = [by_id[i] for i in u.scope if i in by_id]
    else:
        entries = [e for e in catalog if not u.years or e.year in u.years]
    out: Dict[str, List[CatalogEntry]] = {}
    for e in entries:
        out.setdefault(e.body, []).append(e)
    return list(out.values())


def _years_resolved(u: Query, catalog: Sequence[CatalogEntry]) -> Query:
    """The query with the years it names as ranges or as the latest few written out: every year of
    「2021至2023年」, the two latest loaded years of the body asked about for 「近两年」."""
    years = list(u.year_positions)
    for a, b in u.year_ranges:
        at = next((pos for y, pos in years if y == a), 0)
        years += [(y, at) for y in range(a + 1, b) if y not in {x for x, _ in years}]
    if u.recent:
        bodies = [m.reports for m in u.mentions] or [tuple(catalog)]
        loaded = sorted({e.year for reports in bodies for e in reports if e.year is not None}, reverse=True)
        at = u.mentions[0].position if u.mentions else 0
        years = [(y, at) for y in sorted(loaded[:u.recent])]
    if years == list(u.year_positions):
        return u
    years.sort()
    return replace(u, years=tuple(y for y, _ in years), year_positions=tuple(years))


def _years_not_loaded(u: Query, catalog: Sequence[CatalogEntry]) -> List[Tuple[str, int]]:
    """The named bodies' years the question names that are not loaded, as (body, year); for
    「近两年」 the years short of two. Only where several years are asked (one year not loaded is said
    where the answer finds no report at all)."""
    if len(set(u.years)) < 2 and not u.recent:
        return []
    in_scope = {e.id for e in catalog}
    out: List[Tuple[str, int]] = []
    for i, m in enumerate(u.mentions):
        # Each body's own years (「青溪县政府办2019年、云岚省交通运输厅2020年」), as ``_groups`` reads them.
        end = u.mentions[i + 1].position if i + 1 < len(u.mentions) else 10_000
        own = [y for y, pos in u.year_positions if m.position <= pos < end] or list(u.years)
        have = {e.year for e in m.reports if e.id in in_scope}
        out += [(m.agency, y) for y in sorted(set(own)) if y not in have]
        if u.recent and len(have) < u.recent:
            out += [(m.agency, 0)]
    return out


def _gaps_text(gaps: Sequence[Tuple[str, int]], lang: str) -> str:
    """Bodies' years not loaded, as a reader says them (「望湖街道2022年」; a 0 year: 「更早年度」)."""
    parts = [(f"{who}{y}年" if y else f"{who}更早年度") if lang == "zh" else (f"{who} {y}" if y else f"{who} (an earlier year)")
             for who, y in gaps]
    return ("、" if lang == "zh" else ", ").join(parts)


def _latest(group: Sequence[CatalogEntry]) -> CatalogEntry:
    return max(group, key=lambda e: (e.year or 0, e.id))


def answer_question(store: Store, question: str, report_ids: Optional[Sequence[str]] = None,
                    after: Sequence[str] = ()) -> Answer:
    """Given the store, a question, an optional report scope and the earlier turns, return the answer."""
    answer, u = _answer(store, question, report_ids, after)
    if report_ids and not answer.scope:
        # A limited chat's every answer says which reports it looked in.
        wanted = set(report_ids)
        answer = replace(answer, scope=tuple(e.ref for e in store_to_catalog(store) if e.id in wanted))
    if u is not None:
        answer = _with_threshold_said(_with_readings_said(answer, u), u)
    answer = with_warnings(store, answer, u.lang if u is not None else question_language(question or ""))
    return replace(answer, question=(question or "").strip())  # as asked, not as normalised for matching


def answer_query(store: Store, query: Query, report_ids: Optional[Sequence[str]] = None,
                 before: Optional[Query] = None) -> Answer:
    """Given the store, a query someone built (the claim check builds one per figure a text states),
    an optional report scope and the query of the turn before, return the answer — the same answer
    ``answer_question`` gives a question understood as that query."""
    every = catalog_entries(store, None)
    catalog = [e for e in every if not report_ids or e.id in set(report_ids)]
    if not catalog:
        return Answer(query.question, "no_match", say(query.lang, "还没有载入任何报告，或所选报告不存在。",
                                                      "No reports are loaded (or the chosen ones do not exist)."),
                      intent=query.intent)
    if before is not None:
        before = _settle_scope(before, catalog, before_prev=None)
    answer = _respond(store, query, every, catalog, before, bool(report_ids))
    if report_ids and not answer.scope:
        answer = replace(answer, scope=tuple(e.ref for e in every if e.id in set(report_ids)))
    return with_warnings(store, answer, query.lang)


#: A figure said against the threshold asked (「有没有超过10件」): the comparison, and its words.
_AGAINST = {">": (lambda v, n: v > n, "超过", "没有超过", "more than", "not more than"),
            "<": (lambda v, n: v < n, "少于", "不少于", "fewer than", "not fewer than"),
            ">=": (lambda v, n: v >= n, "达到", "不到", "at least", "under")}


def _with_threshold_said(answer: Answer, u: Query) -> Answer:
    """The answer to a yes-or-no question against a threshold: yes or no first, then the figure."""
    if u.threshold is None or answer.status != "answered" or answer.value is None:
        return answer
    op, n = u.threshold
    holds, yes_zh, no_zh, yes_en, no_en = _AGAINST[op]
    ok = holds(Decimal(str(answer.value)), n)
    shown, limit = format_number(answer.value), format_number(n)
    line = say(u.lang, f"{'是' if ok else '否'}：{shown}，{yes_zh if ok else no_zh}{limit}。",
               f"{'Yes' if ok else 'No'}: {shown}, {yes_en if ok else no_en} {limit}.")
    return replace(answer, answer=line + "\n" + answer.answer)


def _with_readings_said(answer: Answer, u: Query) -> Answer:
    """The answer with a line saying how a misspelt place was read (「番禹」 as 番禺), so the reader
    can tell the answer is about the body they meant."""
    if not u.readings or not answer.cells:
        return answer
    line = say(u.lang, "（问题中的" + "、".join(f"“{w}”按“{c}”理解" for w, c in u.readings) + "。）",
               "(Read " + ", ".join(f"“{w}” as “{c}”" for w, c in u.readings) + ".)")
    return replace(answer, answer=answer.answer + "\n" + line)


def _answer(store: Store, question: str, report_ids: Optional[Sequence[str]],
            after: Sequence[str]) -> Tuple[Answer, Optional[Query]]:
    """The answer to a question, and the query it was understood as (None when no reports are loaded)."""
    q = (question or "").strip()
    if not q:
        raise QuestionError("please ask a question about the loaded reports (the question was empty).", "question_empty")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("please ask a question about the loaded reports (the question was empty of words: "
                            "it holds only punctuation or symbols).", "question_empty")
    if len(q) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(q)} characters long; ask it in at most {MAX_QUESTION_CHARS}.",
                            "question_too_long", length=len(q), limit=MAX_QUESTION_CHARS)
    every = catalog_entries(store, None)
    catalog = [e for e in every if not report_ids or e.id in set(report_ids)]
    before: Optional[Query] = None
    for turn in after:
        if turn and turn.strip():
            before = understand(turn, every, before, catalog)
            before = _settle_scope(before, catalog, before_prev=None)
    u = understand(q, every, before, catalog)
    if not catalog:
        return Answer(q, "no_match", say(u.lang, "还没有载入任何报告，或所选报告不存在。",
                                         "No reports are loaded (or the chosen ones do not exist)."), intent=u.intent), None
    return _respond(store, u, every, catalog, before, bool(report_ids)), u


def _respond(store: Store, u: Query, every: Sequence[CatalogEntry], catalog: Sequence[CatalogEntry],
             before: Optional[Query], limited: bool) -> Answer:
    """Given the store, a query, every report, the reports in scope, the turn before and whether the
    chat is limited, return the answer."""
    q, lang = u.question, u.lang
    if u.intent == Intent.PARTS:
        return _parts(store, u, every, catalog, before, limited)
    not_here = _not_loaded_or_out_of_scope(u, every, catalog, limited)
    if not_here is not None and u.intent == Intent.LIST and u.mentions and u.unloaded:
        # 「滨河区发改局与滨河区财政局…分别是多少」: each loaded body's figure, and the other said not loaded.
        listed = _respond(store, replace(u, unloaded=()), every, catalog, before, limited)
        return replace(listed, answer=listed.answer + "\n" + not_here.answer.split("已载入的报告")[0].split("Loaded:")[0].strip())
    if not_here is not None:
        return not_here
    if u.intent in ("change", "growth") and not u.leftover:
        # A change needs the body's other year, whichever the question names: scope by body only.
        groups = [g for g in _groups(replace(u, years=(), year_positions=()), catalog, before) if g]
        return _change(store, u, groups)
    u = _years_resolved(u, catalog)
    gaps = _years_not_loaded(u, catalog)
    if gaps and u.intent in (Intent.SUM, Intent.COMPARE, Intent.DIFFERENCE, Intent.RATIO, Intent.RANK) and \
            u.intent != Intent.TEXT:
        # 「23、24两年合计」 with 2024 not loaded: no sum of the years there are is the sum asked.
        return Answer(q, "missing", say(lang, f"没有载入{_gaps_text(gaps, lang)}的报告，无法给出问题要的{('合计' if u.intent == Intent.SUM else '结果')}。",
                                        f"No report of {_gaps_text(gaps, lang)} is loaded, so the figure asked for cannot be given."),
                      intent=u.intent)
    groups = [g for g in _groups(u, catalog, before) if g]
    if not groups:
        years = "、".join(str(y) for y in u.years)
        return Answer(q, "missing", say(lang, f"没有载入{years}年的相应报告，报告中无法回答。",
                                        f"No report for {', '.join(map(str, u.years))} is loaded for that body: the reports do not say."),
                      intent=u.intent)
    if u.intent == "narrative" and u.ask.figure and u.ask.applications and not u.text_asked and _said_something(u) \
            and not u.unsupported:
        # A count of applications asked in words the vocabulary does not know ("finalised"): the
        # tables hold such counts, and a sentence near the words is no answer — asked back.
        return _leftover(store, u, groups)
    if u.ranked and u.which_body and not u.mentions and not u.unloaded and (
            u.unsupported or u.intent == "narrative" and not u.text_asked):
        # 「哪个单位…平均用时最短」, 「依申请公开最多的单位」: a ranking of bodies needs a figure of each
        # body; one report's sentence ranks nothing.
        return _nothing_to_rank(u)
    if u.intent == "narrative":
        return _narrative(store, u, groups)
    if u.unsupported:
        return _unsupported(store, u, groups)
    if u.leftover:
        return _leftover(store, u, groups)
    if u.beneath and (len(u.mentions) >= 2 and u.intent in (Intent.SUM, Intent.COMPARE, Intent.LIST)
                      or u.intent == Intent.RANK and not u.ranked_over and not u.which_year
                      and (len(u.mentions) >= 2 or u.which_body)):
        return _place_meant(store, u, catalog, before, groups)
    answer = _figures(store, u, groups)
    if gaps and answer.cells:
        # 「近两年…分别是多少」 of a body with one year loaded: the years there are, and the one not.
        answer = replace(answer, answer=answer.answer + "\n" + say(lang, f"（没有载入{_gaps_text(gaps, lang)}的报告。）",
                                                                      f"(No report of {_gaps_text(gaps, lang)} is loaded.)"))
    return answer


def _place_meant(store: Store, u: Query, catalog: Sequence[CatalogEntry], before: Optional[Query],
                 groups: List[List[CatalogEntry]]) -> Answer:
    """Given a question naming a place alone (「广东的单位里谁收到的申请最多」) with loaded bodies inside
    the place beside its own, return the answer over its own bodies or every body inside it: both
    answered and cited, the asker to say which — unless a ranking comes out the same either way, or
    the place's own bodies are one (a ranking of one body is none: every body inside is meant)."""
    lang, place = u.lang, u.division
    inside = replace(u, mentions=u.mentions + u.beneath, beneath=())
    every = _figures(store, inside, [g for g in _groups(inside, catalog, before) if g])
    mine, all_ = len(u.mentions), len(u.mentions) + len(u.beneath)
    if u.intent == Intent.RANK and mine == 1:
        return replace(every, answer=say(lang, f"按{place}境内的全部单位（{all_} 个，含下辖各地）：",
                                         f"Over every body in {place} ({all_}, the places below it included):")
                       + "\n" + every.answer)
    own = _figures(store, u, groups)
    if u.intent == Intent.RANK and not u.ordinal and own.status == every.status == "answered" \
            and own.value == every.value and own.cells[:1] == every.cells[:1]:
        # The same body and figure at the top either way: nothing to ask.
        return replace(every, answer=say(lang, f"无论指{place}本级的单位（{mine} 个）还是{place}境内的全部单位（{all_} 个），"
                                               "结果相同：", f"Whether {place}'s own bodies ({mine}) or every body in it "
                                               f"({all_}) is meant, the answer is the same:") + "\n" + every.answer)

    def first(a: Answer) -> str:
        return a.answer.splitlines()[0].rstrip("：:")

    lines = [say(lang, f"“{place}”可以指{place}本级的单位（已载入 {mine} 个），也可以指{place}境内的全部单位"
                       f"（含下辖各地的单位，已载入 {all_} 个）。两种算法分别是：",
                 f"“{place}” can mean {place}'s own bodies ({mine} loaded) or every body inside it, the places below "
                 f"it included ({all_} loaded):"),
             say(lang, f"- {place}本级：{first(own)}", f"- {place}'s own bodies: {first(own)}"),
             say(lang, f"- {place}境内全部：{first(every)}", f"- every body in {place}: {first(every)}"),
             say(lang, "您指哪一种？", "Which do you mean?")]
    return Answer(u.question, "clarify", "\n".join(lines), None, tuple(dict.fromkeys(own.cells + every.cells)),
                  intent=u.intent)


def _parts(store: Store, u: Query, every: Sequence[CatalogEntry], catalog: Sequence[CatalogEntry],
           before: Optional[Query], limited: bool) -> Answer:
    """A compound question's answer: each part answered in turn, numbered, with its own citations
    and warnings; a part that cannot be answered says why, and the others still are."""
    answers = [_respond(store, p, every, catalog, before, limited) for p in u.parts]
    marks = "①②③④⑤⑥⑦⑧⑨⑩"
    lines = [say(u.lang, f"这个问题问了 {len(answers)} 个数字，分别回答：", f"The question asks for {len(answers)} figures:")]
    lines += [f"{marks[i] if i < len(marks) else str(i + 1) + '.'} {a.answer}" for i, a in enumerate(answers)]
    given = [a for a in answers if a.status == "answered"]
    status: AnswerStatus = "answered" if given else answers[0].status
    return Answer(u.question, status, "\n".join(lines), None,
                  tuple(dict.fromkeys(c for a in answers for c in a.cells)),
                  tuple(dict.fromkeys(p for a in answers for p in a.passages)),
                  tuple(dict.fromkeys(w for a in answers for w in a.warnings)), intent=u.intent)


def _bodies_text(entries: Sequence[CatalogEntry], lang: str) -> str:
    """The bodies of these reports, each once (no years: a figure-free answer should hold no numbers
    a reader could take for one)."""
    names = list(dict.fromkeys(e.agency or e.id for e in entries))
    return ("、" if lang == "zh" else "; ").join(names)


def _not_loaded_or_out_of_scope(u: Query, every: Sequence[CatalogEntry], scoped: Sequence[CatalogEntry],
                                limited: bool) -> Optional[Answer]:
    """The answer when the question names a body whose reports are not loaded, or not among the
    reports the chat is limited to: it says exactly that, and gives no other body's figure."""
    lang = u.lang
    if u.unloaded:
        who = "、".join(u.unloaded) if lang == "zh" else ", ".join(u.unloaded)
        return Answer(u.question, "missing", say(
            lang, f"没有载入“{who}”的报告，现有报告无法回答这个问题。已载入的报告：{_bodies_text(every, lang)}。",
            f"No report of {who} is loaded, so the loaded reports cannot answer this. Loaded: {_bodies_text(every, lang)}."),
            intent=u.intent)
    if limited and u.mentions:
        in_scope = {e.id for e in scoped}
        outside = [m for m in u.mentions if not any(e.id in in_scope for e in m.reports)]
        if outside:
            who = "、".join(m.agency for m in outside) if lang == "zh" else ", ".join(m.agency for m in outside)
            return Answer(u.question, "missing", say(
                lang, f"“{who}”不在当前问答范围内：问答已限定为{_bodies_text(scoped, lang)}。",
                f"{who} is outside the reports this chat is limited to ({_bodies_text(scoped, lang)})."),
                intent=u.intent, scope=tuple(e.ref for e in scoped))
    return None


def _settle_scope(u: Query, catalog, before_prev) -> Query:
    groups = [g for g in _groups(u, catalog, None) if g]
    ids = tuple(e.id for g in groups for e in ([_latest(g)] if len(groups) == 1 else g))
    return replace(u, scope=ids)


def _entries(u: Query, groups: Sequence[Sequence[CatalogEntry]]) -> Tuple[List[CatalogEntry], List[str]]:
    """The reports whose figures answer, and notes on the choice made.

    Each named body's report is the year named, else the latest loaded; every year named when
    several are (「望湖街道2023年和2024年一共…」), and every year when the question asks which year.
    With no body named, a ranking, comparison, sum or list takes every report in scope, each on its
    own line («这几份年报里，哪家…最多»)."""
    lang = u.lang
    every_year = u.intent == "rank" and u.which_year
    if not u.mentions and (u.intent in ("rank", "compare", "sum", "list", "difference") or u.intent == "ratio" and u.ranked):
        return sorted((e for g in groups for e in g), key=lambda e: (e.body, e.year or 0)), []
    entries: List[CatalogEntry] = []
    notes: List[str] = []
    for g in groups:
        named = sorted({e.year for e in g if e.year is not None} & set(u.years))
        if len(named) >= 2 or every_year:
            entries += sorted((e for e in g if not named or e.year in named), key=lambda e: e.year or 0)
            continue
        e = _latest(g)
        entries.append(e)
        if len(g) > 1 and not u.years:
            notes.append(say(lang, f"（{e.agency}载入了多个年度，此处为最新的{e.year}年。）",
                             f"(Several years of {e.agency} are loaded; this is the latest, {e.year}.)"))
    return entries, notes


@lru_cache(maxsize=1024)
def _figures_of(row: Concept, col: Optional[Concept], fmt: str) -> Tuple[Figure, ...]:
    """``concept_to_figures``, worked out once a row, column and format: a ranking asks it of
    every report."""
    return tuple(concept_to_figures(row, col, fmt))


def _reading(store: CellSource, u: Query, e: CatalogEntry, col: Optional[Concept]) -> List[Reading]:
    """The figure the question asks of one report: one reading, or one per meaning when the words
    can mean several figures (「规范性文件多少件」: issued, repealed or in force?)."""
    per_row = [_figures_of(row, col, e.format) for row in u.rows]
    if len(u.rows) > 1:
        # Several rows asked at once («予以公开和部分公开一共»): their sum.
        addrs = tuple(a for figs in per_row for a in figs[0].addresses)
        label_zh = "＋".join(f[0].label_zh for f in per_row)
        label_en = " + ".join(f[0].label_en for f in per_row)
        return [read_figure(store, e, Figure(addrs, label_zh, label_en))]
    return [read_figure(store, e, f) for f in per_row[0]]


def _figures(store: Store, u: Query, groups: List[List[CatalogEntry]]) -> Answer:
    lang, q = u.lang, u.question
    entries, notes = _entries(u, groups)
    several = u.intent in ("compare", "sum", "difference") and (len(u.mentions) >= 2 or len(set(u.years)) >= 2)
    if several and len(entries) < 2:
        found = "、".join(entry_name(e, lang) for e in entries)
        return Answer(q, "missing", say(lang, f"只找到了{found}的报告；另一个单位或年度的报告没有载入或认不出，无法比较或合计。",
                                        f"Only {found} could be found among the loaded reports; the other body or year "
                                        "is not loaded or not recognised, so there is nothing to compare or add."),
                      intent=u.intent)
    if u.count and not u.mentions and len(entries) != u.count and len(entries) > 1:
        # 「这两个单位」 over three reports in scope: which two is not for us to guess.
        listed = "、".join(entry_name(e, lang) for e in entries)
        return Answer(q, "clarify", say(lang, f"问题说的是 {u.count} 个单位，但当前范围内有 {len(entries)} 份报告：{listed}。请指明是哪几个单位（或把问答限定到这几份报告）。",
                                        f"The question speaks of {u.count} bodies, but {len(entries)} reports are in scope: "
                                        f"{'; '.join(entry_name(e, lang) for e in entries)}. Which do you mean?"),
                      intent=u.intent)
    if u.intent == "ratio":
        return _ratios(store, u, entries)
    if u.intent == "subtract":
        return _subtractions(store, u, entries)
    if u.intent == "rank" and u.ranked_over and len(entries) == 1:
        return rank(u, _breakdown(store, u, entries[0]))
    cells = ColumnReader(store, [e.id for e in entries]) if len(entries) > 1 else store
    options = [_reading(cells, u, e, u.col) for e in entries]
    if any(len(o) > 1 for o in options):
        return clarify(u, [r for o in options for r in o],
                       say(lang, "这个问题可以指几个不同的数字，分别是：", "That could mean several figures:"),
                       say(lang, "您问的是哪一个？", "Which one do you mean?"))
    readings = [o[0] for o in options]
    if len(readings) > 1 and u.intent == "figure":
        if len({r.entry.body for r in readings}) == 1:
            return clarify(u, readings, say(lang, "问题涉及同一单位的几个年度，各年分别为：", "The question spans several years of one body:"),
                           say(lang, "您问的是哪一年，还是两年的变化？", "Which year do you mean, or the change between them?"))
        return clarify(u, readings, say(lang, "问题没有指明单位，各报告分别为：", "The question names no body; the loaded reports say:"),
                       say(lang, "您问的是哪个单位？", "Which body do you mean?"))
    if u.intent == "difference" and len(readings) == 2:
        return difference(u, readings[0], readings[1])
    if u.intent == "difference" and len(readings) > 2:
        return clarify(u, readings, say(lang, "问题要两个数字之差，但涉及的报告不止两份：", "A difference needs two figures, but more reports are in play:"),
                       say(lang, "您要比较的是哪两个？", "Which two do you mean?"))
    if u.intent in ("compare", "difference") and len(readings) >= 2:
        return compare(u, readings)
    if u.intent == "rank" and len(readings) >= 2:
        return rank(u, readings)
    if u.intent == "rank":
        # "Which kind of applicant filed most …" of one report: a ranking with one figure in it is
        # not an answer, and the figure is not what was asked.
        return Answer(q, "clarify", say(
            lang, f"问题问的是哪一个最多（或最少），但能比的只有一个数字：{reading_sentence(readings[0], lang)}"
                  "请说明要在哪些单位或年度之间比较。",
            f"The question asks which is largest (or smallest), but there is only one figure to rank: "
            f"{reading_sentence(readings[0], lang)} Which bodies or years should be compared?"),
            None, readings_to_citations(readings), intent=u.intent)
    if u.intent == "list" and len(readings) >= 2:
        return listing(u, readings)
    if u.intent == "sum" and len(readings) >= 2:
        return sum_across(u, readings)
    r = readings[0]
    if r.status != "ok" and len(readings) == 1 and u.intent in ("figure", "sum"):
        stated = _stated_in_text(store, u, r)
        if stated is not None:
            return stated
    text = reading_sentence(r, lang, u.unit) + "".join(notes)
    status: AnswerStatus = "answered" if r.status == "ok" else "ambiguous" if r.status == "ambiguous" else "missing"
    return Answer(q, status, text, r.value if r.status == "ok" else None, readings_to_citations([r]), intent=u.intent)


#: What a ranking within one report ranks (``Query.ranked_over``): table 3's applicant columns, or
#: its outcomes — the rows of 三、本年度办理结果, the groups whole.
_BREAKDOWNS = {"applicants": [c for c in ALL_CONCEPTS if c.kind == "col"],
               "outcomes": [c for k in ("granted", "partial", "denied", "unavailable", "not_processed", "other")
                            for c in ALL_CONCEPTS if c.key == k and c.kind in ("row", "group")]}


def _breakdown(store: Store, u: Query, e: CatalogEntry) -> List[Reading]:
    """The figures of one report a ranking within it ranks: each applicant column of the row asked
    (new applications when none), or each outcome's total."""
    pairs: List[Tuple[Concept, Optional[Concept]]]
    if u.ranked_over == "applicants":
        pairs = [(u.rows[0], c) for c in _BREAKDOWNS["applicants"]]
    else:
        pairs = [(r, None) for r in _BREAKDOWNS["outcomes"]]
    return [read_figure(store, e, figs[0]) for row, col in pairs for figs in [concept_to_figures(row, col, e.format)]
            if len(figs) == 1]


def _ratios(store: Store, u: Query, entries: Sequence[CatalogEntry]) -> Answer:
    """A share asked for: the numerator's figure over the denominator's, per report."""
    lang = u.lang
    if u.denominator is None or not u.rows:
        return Answer(u.question, "clarify", say(
            lang, "请说明是占什么的比例（例如“占办结总数”“占新收申请”）。",
            "A share of what? Say which total it is a share of (all applications handled, new applications …)."),
            intent="ratio")
    answers = []
    for e in entries:
        part = _reading(store, u, e, u.col)
        whole = concept_to_figures(u.denominator, None, e.format)
        if len(part) > 1 or len(whole) > 1:
            return clarify(u, part, say(lang, "这个问题可以指几个不同的数字，分别是：", "That could mean several figures:"),
                           say(lang, "您问的是哪一个？", "Which one do you mean?"))
        answers.append(ratio(u, part[0], read_figure(store, e, whole[0])))
    if len(answers) == 1:
        return answers[0]
    if u.ranked and all(a.value is not None for a in answers):
        return rank_shares(u, answers)
    status: AnswerStatus = "answered" if u.mentions else "clarify"
    head = "" if u.mentions else say(lang, "问题没有指明单位，各报告分别为：\n", "The question names no body; the loaded reports say:\n")
    return Answer(u.question, status, head + "\n".join(a.answer for a in answers), None,
                  tuple(c for a in answers for c in a.cells), intent="ratio")


def _subtractions(store: Store, u: Query, entries: Sequence[CatalogEntry]) -> Answer:
    """One figure less others, in each report: both sides read from cells and cited."""
    lang = u.lang
    answers = []
    for e in entries:
        whole = _reading(store, replace(u, minus=()), e, u.col)
        part = _reading(store, replace(u, rows=u.minus), e, u.col)
        if len(whole) > 1 or len(part) > 1:
            return clarify(u, whole + part, say(lang, "这个问题可以指几个不同的数字，分别是：", "That could mean several figures:"),
                           say(lang, "您问的是哪一个？", "Which one do you mean?"))
        answers.append(subtract(u, whole[0], part[0]))
    if len(answers) == 1:
        return answers[0]
    return Answer(u.question, "clarify", say(lang, "问题没有指明单位，各报告分别为：\n", "The question names no body; the loaded reports say:\n")
                  + "\n".join(a.answer for a in answers), None, tuple(c for a in answers for c in a.cells), intent="subtract")


def _change(store: Store, u: Query, groups: List[List[CatalogEntry]]) -> Answer:
    """The change of a figure between two years of one body: the years named, else the named (or
    latest) year against the one before it."""
    lang = u.lang
    if len(groups) != 1:
        return Answer(u.question, "clarify", say(lang, "请指明是哪个单位的变化。", "Which body's change do you mean?"),
                      intent="change")
    group = groups[0]
    by_year = {e.year: e for e in group if e.year is not None}
    named = sorted(set(u.years) & set(by_year))
    missing_years = sorted(set(u.years) - set(by_year))
    if len(named) == 1 and missing_years == [named[0] - 1]:
        # "2024, up on the year before" with 2023 not loaded: the report's own statement, if it makes one.
        stated = _stated_growth(store, u, by_year[named[0]])
        if stated is not None:
            return stated
    if missing_years:
        have = "、".join(f"{y}" for y in sorted(by_year))
        return Answer(u.question, "missing", say(
            lang, f"没有载入{group[0].agency}{'、'.join(map(str, missing_years))}年的报告（已载入：{have}年），无法比较。",
            f"No {', '.join(map(str, missing_years))} report of {group[0].agency} is loaded (loaded: {have}), "
            "so there is nothing to compare."), intent="change")
    earlier: Optional[CatalogEntry]
    if len(named) >= 2:
        later, earlier = by_year[named[-1]], by_year[named[0]]
    else:
        later = by_year.get(named[0], _latest(group)) if named else _latest(group)
        # A change of one year is against the year before it, never a report further back read as
        # "the year before" (2025 against 2023 with 2024 not loaded).
        earlier = by_year.get(later.year - 1) if later.year is not None else None
    if earlier is None:
        # No earlier report to compute from: the report's own statement (「较上年增长9.3%」), if it makes one.
        stated = _stated_growth(store, u, later)
        if stated is not None:
            return stated
    if earlier is None:
        before = later.year - 1 if later.year is not None else None
        return Answer(u.question, "missing", say(lang, f"没有载入{group[0].agency}{before}年的报告，无法与{entry_name(later, lang)}比较"
                                                  f"{'，报告正文也没有给出变化幅度' if u.intent == 'growth' else ''}。",
                                                  f"No {before} report of {group[0].agency} is loaded: there is nothing to compare "
                                                  f"{entry_name(later, lang)} with."),
                      intent=u.intent)
    rs = [_reading(store, u, e, u.col) for e in (earlier, later)]
    if any(len(r) > 1 for r in rs):
        return clarify(u, [x for r in rs for x in r], say(lang, "这个问题可以指几个不同的数字，分别是：", "That could mean several figures:"),
                       say(lang, "您问的是哪一个？", "Which one do you mean?"))
    if u.intent == "growth":
        return growth(u, rs[0][0], rs[1][0])
    return change(u, rs[0][0], rs[1][0])


def _said_something(u: Query) -> bool:
    """Whether a query's words left over say something (not a lone particle)."""
    return any(len(s.text) >= 2 or s.text.isdigit() for s in u.leftover)


def _leftover(store: Store, u: Query, groups: List[List[CatalogEntry]]) -> Answer:
    """A question with words nothing accounts for: the report's text where one sentence says the
    figure with those words too (「清理后集中发布的现行有效行政规范性文件」); else the question is
    asked back, naming the words — never answered with the figure the rest of it names."""
    stated = _qualified_in_text(store, u, groups) if u.intent == Intent.FIGURE and u.lang == "zh" else None
    if stated is not None:
        return stated
    words = list(dict.fromkeys(s.text for s in u.leftover))
    said_zh, said_en = "、".join(f"“{w}”" for w in words), ", ".join(f"“{w}”" for w in words)
    return Answer(u.question, "clarify", say(
        u.lang, f"问题中的{said_zh}，我不能确定指的是什么：年报表格里没有与之对应的统计口径，我也没有在报告正文里找到这样说的数字。"
                f"请换一种说法再问（或去掉{said_zh}）。",
        f"I could not account for {said_en} in the question: the tables count nothing by that, and no sentence of the "
        f"report states such a figure. Please ask it another way (or without {said_en})."), intent=u.intent)


def _qualified_in_text(store: Store, u: Query, groups: List[List[CatalogEntry]]) -> Optional[Answer]:
    """A figure asked with qualifiers the table's figure does not have (「清理后集中发布的现行有效行政
    规范性文件」 is not table 2's 现行有效件数): the report's text, if one sentence holds every
    qualifier (the question's words left over), the thing asked about and a figure by them."""
    entries = [_latest(g) for g in groups]
    if len(entries) != 1 or not u.rows:
        return None
    # The words a sentence must hold: the question's own leftover words (a single character, 「后」 of
    # 「清理后」, says nothing a sentence could be found by).
    extra = [s.text for s in u.leftover if len(s.text) >= 2] or [s.text for s in u.leftover]
    if not extra or not all(re.search(r"[\u4e00-\u9fff]", w) for w in extra):
        return None
    hits = search_narrative(store, u.ask, [entries[0].id])
    found = locate(hits, u.ask, True)
    if found is None or found.value is None or not all(w in found.sentence for w in extra):
        return None
    if not all(_concept_said(found.sentence, c) for c in u.rows):
        return None
    hit = found.hit
    where = _passage_place(hit, entries[0].kind, u.lang)
    who = entry_name(entries[0], u.lang)
    text = say(u.lang, f"{found.value_text}。{who}报告（{where}）原文：“{found.sentence}”"
                       f"（问题中的“{'、'.join(extra)}”不是年报表格的统计口径，这个数字取自正文。）",
               f"{found.value_text} — {who} report ({where}) says: “{found.sentence}” (the question's "
               f"“{', '.join(extra)}” is not what the tables count, so the figure is the text's).")
    cited = (PassageCitation(hit.report, hit.passage, round(hit.score, 4), hit.kind, found.sentence),)
    return Answer(u.question, "answered", text, found.value, (), cited, intent="narrative")


def _stated_in_text(store: Store, u: Query, r: Reading) -> Optional[Answer]:
    """A figure the table leaves missing or uncertain, as the report's text states it: the sentence
    must name the row and the applicant type asked (「法人或其他组织申请32件」). The table's cells are
    cited beside it, so the reader sees both."""
    lang = u.lang
    hits = search_narrative(store, u.ask, [r.entry.id])
    found = locate(hits, u.ask, True)
    if found is None or found.value is None:
        return None
    concepts = list(u.rows) + ([u.col] if u.col is not None else [])
    if not all(_concept_said(found.sentence, c) for c in concepts):
        return None
    # The figure is the one standing by the most specific thing asked: the column if one was
    # (「法人或其他组织申请32件」, not the 318 of all applications before it), else the row.
    anchor = concepts[-1]
    words = [w for w in (x.lstrip("~") for x in anchor.zh) if w in found.sentence]
    figure = sentence_to_figure(found.sentence, words, replace(u.ask, unit=None)) if words else None
    if figure is None:
        return None
    found = replace(found, value=figure[0], value_text=figure[1])
    hit = found.hit
    where = _passage_place(hit, r.entry.kind, lang)
    text = say(lang, f"{found.value_text}（据报告正文）。{reading_sentence(r, lang)}报告正文（{where}）写明：“{found.sentence}”",
               f"{found.value_text} (as the report's text states it). {reading_sentence(r, lang)} "
               f"The text ({where}) says: “{found.sentence}”")
    cited = (PassageCitation(hit.report, hit.passage, round(hit.score, 4), hit.kind, found.sentence),)
    return Answer(u.question, "answered", text, found.value, readings_to_citations([r]), cited, intent=u.intent)


def _passage_place(hit: Hit, kind: Optional[str], lang: str) -> str:
    """Where a passage stands: its section and its page (or line), whichever are known."""
    spot = location_text(kind, hit.passage.page, hit.passage.line, lang, has_box=hit.passage.bbox is not None)
    section = hit.passage.section or say(lang, "报告开头", "opening")
    return say(lang, "，", ", ").join(p for p in (section, spot) if p)


def _stated_growth(store: Store, u: Query, entry: CatalogEntry) -> Optional[Answer]:
    """A change in percent as the report's text states it, for the figure asked about."""
    lang = u.lang
    words = [w.lstrip("~") for r in u.rows for w in r.zh] + [r.label_zh for r in u.rows]
    hits = search_narrative(store, u.ask, [entry.id], extra="较上年 增长 下降")
    found = growth_sentence(hits, words)
    if found is None or found.value is None:
        return None
    hit = found.hit
    where = _passage_place(hit, entry.kind, lang)
    who = entry_name(entry, lang)
    text = say(lang, f"{found.value:+g}%（报告原文：“{found.value_text}”）。没有载入上一年度的报告，这一幅度无法用表格核算。"
                     f"{who}报告（{where}）原文：“{found.sentence}”",
               f"{found.value:+g}% as the report states it (no earlier report is loaded to check it against): "
               f"{who} report ({where}) says: “{found.sentence}”")
    cited = (PassageCitation(hit.report, hit.passage, round(hit.score, 4), hit.kind, found.sentence),)
    return Answer(u.question, "answered", text, found.value, (), cited, intent="growth")


def _says_alone(sentence: str, words: Sequence[str], found: Answer) -> bool:
    """Whether the sentence gives its figure for the breakdown asked alone: the word stands just
    before the figure, not in a list (「通过邮寄、网络提交的…共计81件」 counts both channels)."""
    if found.value is None:
        return any(w in sentence for w in words)
    shown = format_number(found.value)
    for w in words:
        for m in re.finditer(re.escape(w), sentence):
            after = sentence[m.end():m.end() + 20]
            near = sentence[max(0, m.start() - 1):m.end() + 1]
            if shown in after.replace(" ", "") and not re.search(r"[、和及与或]", near.replace(w, "")) and \
                    "、" not in after.split(shown)[0]:
                return True
    return False


def _nothing_to_rank(u: Query) -> Answer:
    """The answer to a ranking of bodies by no figure of the tables: by a breakdown they do not
    have (「平均用时」, "online"), the report does not say; by words that name no figure, asked back."""
    if u.unsupported:
        words = "、".join(f"“{w}”" for w in u.unsupported)
        return Answer(u.question, "missing", say(
            u.lang, f"报告没有这个数字：年报的表格没有按{words}统计的数字，无法在各单位之间排名。",
            f"The reports do not say: their tables have no figure by {', '.join(u.unsupported)} to rank the bodies by."),
            intent=u.intent)
    return Answer(u.question, "clarify", say(
        u.lang, "问题要在各单位之间排名，但我不能确定按哪个数字排：请说明是年报表格里的哪个数字"
                "（例如本年新收申请、予以公开、被申请行政复议的件数）。",
        "The question ranks the bodies, but I cannot tell by which figure: say which figure of the report's tables "
        "(for example new applications received, applications disclosed in full, administrative reconsiderations)."),
        intent=u.intent)


def _unsupported(store: Store, u: Query, groups: List[List[CatalogEntry]]) -> Answer:
    """A figure asked by a breakdown the tables do not have (「网上提交的申请」, "on average"): the
    text may state it; if no sentence found says the breakdown's own word, the report does not say,
    and no nearby table figure is given in its place."""
    found = _narrative(store, u, groups)
    needs = [w for word in u.unsupported for w in UNSUPPORTED_IN_TEXT.get(word, (word,))]
    said = [p for p in found.passages[:1] if p.sentence and _says_alone(p.sentence, needs, found)
            and (not u.ask.applications or "申请" in p.sentence)]  # 「平均办结天数3.63天」 of web messages is no application's
    if found.status == "answered" and said and (found.value is not None or not u.ask.figure):
        return found
    words = "、".join(f"“{w}”" for w in u.unsupported)
    return Answer(u.question, "missing", say(
        u.lang, f"报告没有这个数字：年报的表格（按申请人类型、办理结果和复议诉讼结果统计）没有按{words}分列的数字，"
                f"正文中也没有找到单独说明这个数字的句子。",
        f"The report does not say: its tables (counting by applicant type, outcome, and the results of "
        f"reconsiderations and lawsuits) have no figure by {', '.join(u.unsupported)}, and no sentence of its text "
        f"gives that figure on its own."), intent=u.intent)


def _concept_said(sentence: str, concept: Concept) -> bool:
    """Whether a sentence says a concept in one of its Chinese words (weak ones included)."""
    words = [w.lstrip("~") for w in concept.zh] or [concept.label_zh]
    return any(w in sentence for w in words)




def _narrative(store: Store, u: Query, groups: List[List[CatalogEntry]]) -> Answer:
    lang, q = u.lang, u.question
    ids = [e.id for g in groups for e in g]
    want = u.ask.figure
    focus = u.ask.focus
    hits = search_narrative(store, u.ask, ids)
    found = locate(hits, u.ask, want, prefer_section=5 if u.ask.problems else None)
    if found is not None and want and u.col is not None and u.col.kind in ("col", "cols") and \
            not _concept_said(found.sentence, u.col):
        # 「科研机构提了几件」 is not answered by a sentence giving all applications: the applicant
        # type asked for must be in the sentence whose figure is given.
        found = None
    if found is None:
        return Answer(q, "no_match", say(lang, "报告中没有找到能回答这个问题的内容。", "The report does not say."),
                      intent="narrative")
    hit = found.hit
    who = report_name(hit.report, lang)
    kind = next((e.kind for g in groups for e in g if e.id == hit.report.id), None)
    where = _passage_place(hit, kind, lang)
    if want:
        text = say(lang, f"{found.value_text}。{who}报告（{where}）原文：“{found.sentence}”",
                   f"{found.value_text} — {who} report ({where}) says: “{found.sentence}”")
    else:
        text = say(lang, f"{who}报告（{where}）：“{found.sentence}”", f"{who} report ({where}): “{found.sentence}”")
    cited = [PassageCitation(hit.report, hit.passage, round(hit.score, 4), hit.kind, found.sentence)]
    for other in hits[:3]:
        if other.passage.n != hit.passage.n or other.report.id != hit.report.id:
            if any(f in other.passage.text for f in focus if len(f) > 1):
                cited.append(PassageCitation(other.report, other.passage, round(other.score, 4), other.kind))
    if not want and len(cited) > 1:
        text += say(lang, "\n相关段落另见下方引文。", "\nRelated passages are cited below.")
    table: Tuple[CellCitation, ...] = ()
    entry = next((e for g in groups for e in g if e.id == hit.report.id), None)
    if want and found.value is not None and entry is not None and len(u.rows) == 1 and not u.ask.share:
        # The text and the table both count this: where they disagree, the answer says both.
        figs = concept_to_figures(u.rows[0], u.col, entry.format)
        r = read_figure(store, entry, figs[0]) if len(figs) == 1 else None
        if r is not None and r.status == "ok" and r.value is not None and abs(float(r.value) - found.value) > 1e-9:
            text += say(lang, f"\n注意：表格中的相应数字不同——{reading_sentence(r, lang)}正文与表格不一致，请核对原文。",
                        f"\nNote: the table gives another figure — {reading_sentence(r, lang)} The text and the table "
                        "disagree; check the source.")
            table = readings_to_citations([r])
    return Answer(q, "answered", text, found.value if want else None, table, tuple(cited), intent="narrative")

