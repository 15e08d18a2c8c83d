"""Answering: from a question (and the conversation so far) to a cited answer object (cli.md).

Figures come from stored cells only, sums and comparisons from several cells each cited; passages
come from search. A missing or ambiguous cell is said to be so and no number is given; a question
that could mean several things gets each meaning, labelled, and a question back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Sequence, Tuple

from errors import QuestionError
from index import Store
from ingest import FORMATS_BY_NAME, LEGAL_ENTITY_COLS, agency_to_name, bodies_to_keys
from model import CatalogEntry, Cell, Note, Number
from phrasing import format_number as fmt_number
from phrasing import location_text, note_text, report_name, say
from retrieval.citations import Answer, AnswerStatus, CellCitation, PassageCitation
from retrieval.lexicon import DEPT_ALIASES, Concept
from retrieval.narrative import asks_about_problems, figure_asked, locate, search_narrative
from retrieval.understand import Understanding, question_language, understand
from retrieval.warnings import with_warnings

MAX_QUESTION_CHARS = 500


# ---------------------------------------------------------------- figures to addresses


@dataclass(frozen=True)
class Figure:
    """A figure asked of one report: the cells it is (one) or adds up (several), and its name."""

    addresses: Tuple[str, ...]
    label_zh: str
    label_en: str
    unavailable: str = ""  # why this report's format has no such figure


def concept_to_figures(row: Concept, col: Optional[Concept], fmt_name: str, total_asked: bool) -> List[Figure]:
    """Given a row and column asked about and a report's format, return the figure(s) they can mean.

    One figure is the answer; several mean the question must be clarified (「规范性文件多少件」: issued,
    repealed or in force?).
    """
    fmt = FORMATS_BY_NAME[fmt_name]
    if row.kind in ("row", "group"):
        if row.kind == "row":
            keys = [s.key for s in fmt.t3 if s.key == row.key]
        else:
            keys = [s.key for s in fmt.t3 if s.key == row.key or s.key.startswith(row.key + ".")]
        if not keys:
            return [Figure((), row.label_zh, row.label_en,
                           unavailable=say("zh", f"{fmt_name}年格式的报告没有“{row.label_zh}”这一行",
                                           f"the {fmt_name} format has no row for {row.label_en}"))]
        if col is None or col.kind not in ("col", "cols"):
            cols, col_zh, col_en = ["total"], "", ""
        elif col.kind == "cols":
            cols, col_zh, col_en = list(LEGAL_ENTITY_COLS), col.label_zh, col.label_en
        else:
            cols, col_zh, col_en = [col.key], col.label_zh, col.label_en
        addrs = tuple(f"t3.{k}.{c}" for k in keys for c in cols)
        return [Figure(addrs, row.label_zh + (f"（{col_zh}）" if col_zh else ""),
                       row.label_en + (f" ({col_en})" if col_en else ""))]
    if row.kind == "t2row":
        spec = next((s for s in fmt.t2 if s.key == row.key), None)
        if spec is None:
            return [Figure((), row.label_zh, row.label_en,
                           unavailable=f"{fmt_name}年格式的表二没有“{row.label_zh}”")]
        if col is not None and col.kind == "t2col" and col.key in spec.cols:
            return [Figure((spec.address(col.key),), f"{row.label_zh}{col.label_zh}", f"{row.label_en}, {col.label_en}")]
        if len(spec.cols) == 1:
            return [Figure((spec.address(spec.cols[0]),), row.label_zh, row.label_en)]
        from retrieval.lexicon import T2_COLS

        names = {c.key: c for c in T2_COLS}
        return [Figure((spec.address(c),), f"{row.label_zh}{names[c].label_zh}", f"{row.label_en}, {names[c].label_en}")
                for c in spec.cols]
    if row.kind == "t4group":
        c = col.key if col is not None and col.kind == "t4col" else "total"
        from retrieval.lexicon import T4_COLS as T4C

        cz = next((x.label_zh for x in T4C if x.key == c), "总计")
        ce = next((x.label_en for x in T4C if x.key == c), "total")
        if row.key == "suit":
            both = (f"t4.suit_direct.{c}", f"t4.suit_after_review.{c}")
            if total_asked:
                return [Figure(both, f"行政诉讼（两类合计）{cz}", f"administrative lawsuits (both kinds), {ce}")]
            return [Figure((both[0],), f"行政诉讼（未经复议直接起诉）{cz}", f"lawsuits filed directly, {ce}"),
                    Figure((both[1],), f"行政诉讼（复议后起诉）{cz}", f"lawsuits after reconsideration, {ce}")]
        return [Figure((f"t4.{row.key}.{c}",), f"{row.label_zh}{cz}", f"{row.label_en}, {ce}")]
    raise ValueError(f"not a row concept: {row.kind}")


# ---------------------------------------------------------------- one report's figure


@dataclass(frozen=True)
class Reading:
    """A figure read from one report: status (ok/missing/ambiguous), value, and every cell in it."""

    entry: CatalogEntry
    figure: Figure
    status: str
    value: Optional[float]
    cells: Tuple[Cell, ...]


def read_figure(store: Store, entry: CatalogEntry, figure: Figure) -> Reading:
    """Given a report and a figure, return it read from the stored cells (a sum when several)."""
    if not figure.addresses:
        return Reading(entry, figure, "missing", None, ())
    cells = []
    for a in figure.addresses:
        c = store.cell(entry.id, a)
        cells.append(c if c is not None else Cell(a, "missing", None, "", "", "", notes=(Note.of("not_in_format"),)))
    statuses = {c.status for c in cells}
    if "ambiguous" in statuses:
        return Reading(entry, figure, "ambiguous", None, tuple(cells))
    if "missing" in statuses:
        return Reading(entry, figure, "missing", None, tuple(cells))
    return Reading(entry, figure, "ok", sum(c.value for c in cells if c.value is not None), tuple(cells))


def _name(entry: CatalogEntry, lang: str) -> str:
    return report_name(entry.ref, lang)


def unit_of(address: str, lang: str) -> str:
    """The unit a figure at this address is counted in: 件 for applications and cases, 万元 for amounts."""
    col = address.rsplit(".", 1)[-1]
    if col == "amount":
        return say(lang, "万元", "")  # the English label already says "(10,000 yuan)"
    if col in ("change", "prev_items", "items"):
        return say(lang, "项", "")
    return say(lang, "件", "")


def _where(c: Cell, lang: str, kind: Optional[str] = None) -> str:
    page = location_text(kind, c.page, c.line, lang, has_box=c.bbox is not None)
    # A figure read by OCR from a scan says so wherever it is given.
    ocr = say(lang, "，扫描件OCR识别", ", read by OCR from a scan") if c.ocr else ""
    return say(lang, f"表{c.table}“{c.row_label}”行“{c.col_label}”列{('，' + page) if page else ''}{ocr}",
               f"table {c.table}, row “{c.row_label}”, column “{c.col_label}”{(', ' + page) if page else ''}{ocr}")


def reading_sentence(r: Reading, lang: str) -> str:
    """One sentence for one report's figure: the figure and where it stands, or why there is none."""
    who = _name(r.entry, lang)
    label = r.figure.label_zh if lang == "zh" else r.figure.label_en
    if r.status == "ok":
        unit = unit_of(r.cells[0].address, lang)
        if len(r.cells) == 1:
            where = _where(r.cells[0], lang, r.entry.kind)
            return say(lang, f"{who}：{label} {fmt_number(r.value)}{unit}（{where}）。",
                       f"{who}: {label}: {fmt_number(r.value)}{unit} ({where}).")
        parts = " + ".join(fmt_number(c.value) for c in r.cells)
        return say(lang, f"{who}：{label}共 {fmt_number(r.value)}{unit}（表{r.cells[0].table}中 {len(r.cells)} 个单元格之和："
                         f"{parts}）。", f"{who}: {label}: {fmt_number(r.value)} in all (the sum of {len(r.cells)} cells "
                                       f"of table {r.cells[0].table}: {parts}).")
    if r.figure.unavailable:
        return say(lang, f"{who}：{r.figure.unavailable}，报告没有这个数字。",
                   f"{who}: the report does not give this figure ({r.figure.unavailable}).")
    bad = [c for c in r.cells if c.status == r.status]
    if r.status == "missing":
        where = "、".join(f"“{c.row_label}”" for c in bad[:3] if c.row_label)
        return say(lang, f"{who}：报告没有列出{label}的数字{('（' + where + '处为空或缺失）') if where else ''}。",
                   f"{who}: the report does not give the figure for {label}"
                   f"{(' (' + ', '.join(c.row_label for c in bad[:3] if c.row_label) + ' not printed)') if bad else ''}.")
    c = bad[0]
    cands = "、".join(fmt_number(v) for v in c.candidates) if c.candidates else ""
    why_zh = "；".join(note_text(n, "zh") for n in c.notes) or "原文无法确定这个数字"
    why_en = "; ".join(note_text(n, "en") for n in c.notes) or "the print cannot determine it"
    return say(lang, f"{who}：{label}无法确定——{why_zh}{('；可能是 ' + cands) if cands else ''}。",
               f"{who}: {label} cannot be determined from the print — {why_en}"
               f"{('; it could be ' + ', '.join(fmt_number(v) for v in c.candidates)) if cands else ''}.")


# ---------------------------------------------------------------- the answer


def _catalog(store: Store, report_ids: Optional[Sequence[str]]) -> List[CatalogEntry]:
    every = store.catalog()
    keys = bodies_to_keys([e.agency for e in every if e.agency])
    entries = [replace(e, body=keys[e.agency] if e.agency else e.id) for e in every]
    if report_ids:
        wanted = set(report_ids)
        entries = [e for e in entries if e.id in wanted]
    return entries


def _groups(u: Understanding, catalog: Sequence[CatalogEntry], before: Optional[Understanding]) -> List[List[CatalogEntry]]:
    """The reports in scope, one group per body: those named (with their years), else everything."""
    by_id = {e.id: e for e in catalog}
    if u.mentions:
        groups = []
        for i, m in enumerate(u.mentions):
            end = u.mentions[i + 1].position if i + 1 < len(u.mentions) else 10_000
            own = [y for y, pos in u.year_positions if m.position <= pos < end]
            years = own or (list(u.years) if len(set(u.years)) == 1 else [])
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


def _latest(group: Sequence[CatalogEntry]) -> CatalogEntry:
    return max(group, key=lambda e: (e.year or 0, e.id))


def answer_question(store: Store, question: str, report_ids: Optional[Sequence[str]] = None,
                    after: Sequence[str] = ()) -> Answer:
    """Given the store, a question, an optional report scope and the earlier turns, return the answer."""
    answer = _answer(store, question, report_ids, after)
    answer = with_warnings(store, answer, question_language(question or ""))
    return replace(answer, question=(question or "").strip())  # as asked, not as normalised for matching


def _answer(store: Store, question: str, report_ids: Optional[Sequence[str]], after: Sequence[str]) -> Answer:
    q = (question or "").strip()
    if not q:
        raise QuestionError("please ask a question about the loaded reports (the question was empty).", "question_empty")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("please ask a question about the loaded reports (the question was empty of words: "
                            "it holds only punctuation or symbols).", "question_empty")
    if len(q) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(q)} characters long; ask it in at most {MAX_QUESTION_CHARS}.",
                            "question_too_long", length=len(q), limit=MAX_QUESTION_CHARS)
    catalog = _catalog(store, report_ids)
    before: Optional[Understanding] = None
    for turn in after:
        if turn and turn.strip():
            before = understand(turn, catalog, before)
            before = _settle_scope(before, catalog, before_prev=None)
    u = understand(q, catalog, before)
    lang = u.lang
    if not catalog:
        return Answer(q, "no_match", say(lang, "还没有载入任何报告，或所选报告不存在。", "No reports are loaded (or the chosen ones do not exist)."),
                      intent=u.intent)
    if u.intent == "change":
        # A change needs the body's other year, whichever the question names: scope by body only.
        groups = [g for g in _groups(replace(u, years=(), year_positions=()), catalog, before) if g]
        return _change(store, u, groups)
    groups = [g for g in _groups(u, catalog, before) if g]
    if not groups:
        years = "、".join(str(y) for y in u.years)
        return Answer(q, "missing", say(lang, f"没有载入{years}年的相应报告，报告中无法回答。",
                                        f"No report for {', '.join(map(str, u.years))} is loaded for that body: the reports do not say."),
                      intent=u.intent)
    if u.intent == "narrative":
        return _narrative(store, u, groups)
    return _figures(store, u, groups)


def _settle_scope(u: Understanding, catalog, before_prev) -> Understanding:
    groups = [g for g in _groups(u, catalog, None) if g]
    ids = tuple(e.id for g in groups for e in ([_latest(g)] if len(groups) == 1 else g))
    return replace(u, scope=ids)


def _figures(store: Store, u: Understanding, groups: List[List[CatalogEntry]]) -> Answer:
    lang, q = u.lang, u.question
    # Each body's report: the year named, else the latest loaded; every year named when several
    # are (「望湖街道2023年和2024年一共…」), and every year when the question asks which year.
    every_year = u.intent == "rank" and bool(re.search(r"哪一?年|which year", q.lower()))
    entries, notes = [], []
    for g in groups:
        named = sorted({e.year for e in g if e.year is not None} & set(u.years))
        if len(named) >= 2 or every_year:
            entries += sorted((e for e in g if not named or e.year in named), key=lambda e: e.year or 0)
        else:
            entries.append(_latest(g))
    if u.intent in ("compare", "sum") and len(entries) < 2 and (len(u.mentions) >= 2 or len(set(u.years)) >= 2):
        found = "、".join(_name(e, lang) for e in entries)
        return Answer(q, "missing", say(lang, f"只找到了{found}的报告；另一个单位或年度的报告没有载入或认不出，无法比较或合计。",
                                        f"Only {found} could be found among the loaded reports; the other body or year "
                                        "is not loaded or not recognised, so there is nothing to compare or add."),
                      intent=u.intent)
    for g, e in zip(groups, entries):
        if len(g) > 1 and not u.years and not every_year:
            notes.append(say(lang, f"（{e.agency}载入了多个年度，此处为最新的{e.year}年。）",
                             f"(Several years of {e.agency} are loaded; this is the latest, {e.year}.)"))
    readings: List[Reading] = []
    options: List[List[Reading]] = []
    for e in entries:
        fmt = e.format
        per_row = []
        for row in u.rows:
            figs = concept_to_figures(row, u.col, fmt, u.total_asked)
            per_row.append(figs)
        if len(u.rows) > 1:
            # Several rows asked at once («予以公开和部分公开一共»): their sum.
            addrs = tuple(a for figs in per_row for a in figs[0].addresses)
            label_zh = "＋".join(f[0].label_zh for f in per_row)
            label_en = " + ".join(f[0].label_en for f in per_row)
            readings.append(read_figure(store, e, Figure(addrs, label_zh, label_en)))
        elif len(per_row[0]) > 1:
            options.append([read_figure(store, e, f) for f in per_row[0]])
        else:
            readings.append(read_figure(store, e, per_row[0][0]))

    if options:
        return _clarify(u, [r for opts in options for r in opts],
                        say(lang, "这个问题可以指几个不同的数字，分别是：", "That could mean several figures:"),
                        say(lang, "您问的是哪一个？", "Which one do you mean?"))
    if len(readings) > 1 and u.intent in ("figure",):
        return _clarify(u, readings, say(lang, "问题没有指明单位，各报告分别为：", "The question names no body; the loaded reports say:"),
                        say(lang, "您问的是哪个单位？", "Which body do you mean?"))
    if u.intent == "compare" and len(readings) >= 2:
        return _compare(u, readings)
    if u.intent == "rank" and len(readings) >= 2:
        return _rank(u, readings)
    if u.intent == "change":
        return _change(store, u, groups)
    if u.intent == "list" and len(readings) >= 2:
        return _list(u, readings)
    if u.intent == "sum" and len(readings) >= 2:
        return _sum_across(u, readings)
    r = readings[0]
    text = reading_sentence(r, lang) + "".join(notes)
    status: AnswerStatus = "answered" if r.status == "ok" else "ambiguous" if r.status == "ambiguous" else "missing"
    return Answer(q, status, text, r.value if r.status == "ok" else None,
                  tuple(CellCitation(r.entry.ref, c) for c in r.cells if c.table), intent=u.intent)


def _cells(readings: Sequence[Reading]) -> Tuple[CellCitation, ...]:
    return tuple(CellCitation(r.entry.ref, c) for r in readings for c in r.cells if c.table)


def _clarify(u: Understanding, readings: Sequence[Reading], head: str, tail: str) -> Answer:
    lines = [head] + ["- " + reading_sentence(r, u.lang) for r in readings] + [tail]
    return Answer(u.question, "clarify", "\n".join(lines), None, _cells(readings), intent=u.intent)


def _not_ok(u: Understanding, readings: Sequence[Reading]) -> Optional[Answer]:
    bad = [r for r in readings if r.status != "ok"]
    if not bad:
        return None
    status: AnswerStatus = "ambiguous" if any(r.status == "ambiguous" for r in bad) else "missing"
    lines = [reading_sentence(r, u.lang) for r in readings]
    lines.append(say(u.lang, "因此无法给出结果。", "So there is no figure to give."))
    return Answer(u.question, status, "\n".join(lines), None, _cells(readings), intent=u.intent)


def _value(r: Reading) -> Number:
    """The figure of a reading known to hold one."""
    if r.value is None:
        raise ValueError(f"expected a figure for {r.figure.label_en}, got none")
    return r.value


def _compare(u: Understanding, readings: Sequence[Reading]) -> Answer:
    bad = _not_ok(u, readings)
    if bad:
        return bad
    lang = u.lang
    ordered = sorted(readings, key=lambda r: _value(r), reverse=not u.fewer)
    top = ordered[0]
    tie = len({r.value for r in readings}) == 1
    lines = [reading_sentence(r, lang) for r in readings]
    if tie:
        lines.insert(0, say(lang, f"两者相同，都是 {fmt_number(top.value)}。", f"They are the same: {fmt_number(top.value)}."))
    else:
        word = say(lang, "更少" if u.fewer else "更多", "fewer" if u.fewer else "more")
        lines.insert(0, say(lang, f"{_name(top.entry, lang)}{word}：{fmt_number(top.value)}。",
                            f"{_name(top.entry, lang)} had {word}: {fmt_number(top.value)}."))
    return Answer(u.question, "answered", "\n".join(lines), top.value, _cells(readings), intent="compare")


def _rank(u: Understanding, readings: Sequence[Reading]) -> Answer:
    lang = u.lang
    known = [r for r in readings if r.status == "ok"]
    unknown = [r for r in readings if r.status != "ok"]
    if not known:
        return _not_ok(u, readings) or Answer(u.question, "missing", "", intent="rank")
    ordered = sorted(known, key=lambda r: _value(r), reverse=not u.fewer)
    lines = [say(lang, f"{i}. {_name(r.entry, lang)}：{fmt_number(r.value)}", f"{i}. {_name(r.entry, lang)}: {fmt_number(r.value)}")
             for i, r in enumerate(ordered, 1)]
    head = say(lang, f"{'最少' if u.fewer else '最多'}的是{_name(ordered[0].entry, lang)}（{fmt_number(ordered[0].value)}）。",
               f"{'Fewest' if u.fewer else 'Most'}: {_name(ordered[0].entry, lang)} ({fmt_number(ordered[0].value)}).")
    tail = [reading_sentence(r, lang) for r in unknown]
    return Answer(u.question, "answered", "\n".join([head] + lines + tail), ordered[0].value, _cells(readings),
                  intent="rank")


def _list(u: Understanding, readings: Sequence[Reading]) -> Answer:
    lines = [reading_sentence(r, u.lang) for r in readings]
    return Answer(u.question, "answered", "\n".join(lines), None, _cells(readings), intent="list")


def _sum_across(u: Understanding, readings: Sequence[Reading]) -> Answer:
    bad = _not_ok(u, readings)
    if bad:
        return bad
    total = sum(_value(r) for r in readings)
    lang = u.lang
    lines = [say(lang, f"合计 {fmt_number(total)}：", f"{fmt_number(total)} in all:")]
    lines += [reading_sentence(r, lang) for r in readings]
    return Answer(u.question, "answered", "\n".join(lines), total, _cells(readings), intent="sum")


def _change(store: Store, u: Understanding, groups: List[List[CatalogEntry]]) -> Answer:
    """The change of a figure between two years of one body: the years named, else the named (or
    latest) year against the one before it."""
    lang = u.lang
    if len(groups) != 1:
        return Answer(u.question, "clarify", say(lang, "请指明是哪个单位的变化。", "Which body's change do you mean?"),
                      intent="change")
    group = groups[0]
    by_year = {e.year: e for e in group if e.year is not None}
    named = sorted(set(u.years) & set(by_year))
    earlier: Optional[CatalogEntry]
    if len(named) >= 2:
        later, earlier = by_year[named[-1]], by_year[named[0]]
    else:
        later = by_year.get(named[0], _latest(group)) if named else _latest(group)
        earlier_years = [y for y in by_year if later.year is not None and y < later.year]
        earlier = by_year[max(earlier_years)] if earlier_years else None
    if earlier is None:
        return Answer(u.question, "missing", say(lang, f"只载入了{_name(later, lang)}的报告，没有更早年度的报告可比较。",
                                                  f"Only {_name(later, lang)} is loaded: there is no earlier year to compare with."),
                      intent="change")
    rs = []
    for e in (earlier, later):
        figs = concept_to_figures(u.rows[0], u.col, e.format, u.total_asked)
        rs.append(read_figure(store, e, figs[0]))
    bad = _not_ok(u, rs)
    if bad:
        return bad
    diff = _value(rs[1]) - _value(rs[0])
    head = say(lang, f"{later.year}年比{earlier.year}年{'增加' if diff >= 0 else '减少'} {fmt_number(abs(diff))}。",
               f"{later.year} vs {earlier.year}: {'+' if diff >= 0 else '−'}{fmt_number(abs(diff))}.")
    return Answer(u.question, "answered", "\n".join([head] + [reading_sentence(r, lang) for r in rs]), diff,
                  _cells(rs), intent="change")


def _narrative(store: Store, u: Understanding, groups: List[List[CatalogEntry]]) -> Answer:
    lang, q = u.lang, u.question
    ids = [e.id for g in groups for e in g]
    names = []
    for g in groups:
        for e in g:
            if e.agency:
                n = agency_to_name(e.agency)
                names += [e.agency, n.dept, *n.places, *n.cores]
                names += [a for full, aliases in DEPT_ALIASES.items() if n.dept.endswith(full) for a in aliases]
    for m in u.mentions:
        names.append(m.agency)
    want = figure_asked(q)
    hits, focus = search_narrative(store, q, lang, ids, names)
    found = locate(hits, q, focus, want, prefer_section=5 if asks_about_problems(q) else None, names=names)
    if found is None:
        return Answer(q, "no_match", say(lang, "报告中没有找到能回答这个问题的内容。", "The report does not say."),
                      intent="narrative")
    hit = found.hit
    who = report_name(hit.report, lang)
    kind = next((e.kind for g in groups for e in g if e.id == hit.report.id), None)
    spot = location_text(kind, hit.passage.page, hit.passage.line, lang, has_box=hit.passage.bbox is not None)
    where = say(lang, f"{hit.passage.section or '报告开头'}，{spot}", f"{hit.passage.section or 'opening'}, {spot}")
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
    return Answer(q, "answered", text, found.value if want else None, (), tuple(cited), intent="narrative")

