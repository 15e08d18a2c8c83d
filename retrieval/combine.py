"""Answers made of several figures: comparisons, rankings, sums, lists, differences, changes and
shares. Every figure combined is a reading of stored cells, each cited; when one of them is missing
or ambiguous the combination is not made and the answer says which one stands in the way.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Callable, List, Optional, Sequence, Tuple

from model import Number, Value
from phrasing import format_number as fmt_number
from phrasing import say
from retrieval.citations import Answer, AnswerStatus, CellCitation
from retrieval.figures import Reading, entry_name, reading_sentence, unit_of
from retrieval.query import Query


def readings_to_citations(readings: Sequence[Reading]) -> Tuple[CellCitation, ...]:
    """Every cell the readings rest on, cited with its report."""
    return tuple(CellCitation(r.entry.ref, c) for r in readings for c in r.cells if c.table)


def clarify(u: Query, readings: Sequence[Reading], head: str, tail: str) -> Answer:
    """A question back, with each meaning's figure shown (and cited) so the asker can pick."""
    lines = [head] + ["- " + reading_sentence(r, u.lang) for r in readings] + [tail]
    return Answer(u.question, "clarify", "\n".join(lines), None, readings_to_citations(readings), intent=u.intent)


def not_ok(u: Query, readings: Sequence[Reading]) -> Optional[Answer]:
    """The answer when a figure to be combined is missing or ambiguous: each said, none combined."""
    bad = [r for r in readings if r.status != "ok"]
    if not bad:
        return None
    status: AnswerStatus = "ambiguous" if any(r.status == "ambiguous" for r in bad) else "missing"
    lines = [reading_sentence(r, u.lang) for r in readings]
    lines.append(say(u.lang, "因此无法给出结果。", "So there is no figure to give."))
    return Answer(u.question, status, "\n".join(lines), None, readings_to_citations(readings), intent=u.intent)


def minus(x: Number, y: Number) -> Number:
    """x − y, exact: printed decimals stay decimals (18651.06 − 0.06 is 18651.00, not 18650.999…)."""
    if isinstance(x, int) and isinstance(y, int):
        return x - y
    return Decimal(x) - Decimal(y)


def _operands(*readings: Reading) -> Tuple[Number, ...]:
    """The figures of readings that all hold one, else ()."""
    return tuple(r.value for r in readings if r.value is not None) if all(r.status == "ok" for r in readings) else ()


def value_of(r: Reading) -> Number:
    """The figure of a reading known to hold one."""
    if r.value is None:
        raise ValueError(f"expected a figure for {r.figure.label_en}, got none")
    return r.value


#: How two figures combine: given both values, the head line, the value and the status.
Combine = Callable[[Number, Number], Tuple[str, Optional[Value], AnswerStatus]]


def _of_two(u: Query, first: Reading, second: Reading, intent: str, combine: Combine) -> Answer:
    """An answer made of two readings: nothing combined when either is missing or ambiguous; else
    the head line, then each reading's sentence, both cited."""
    bad = not_ok(u, (first, second))
    if bad:
        return bad
    head, value, status = combine(value_of(first), value_of(second))
    lines = [head, reading_sentence(first, u.lang), reading_sentence(second, u.lang)]
    return Answer(u.question, status, "\n".join(lines), value, readings_to_citations((first, second)), intent=intent)


def compare(u: Query, readings: Sequence[Reading]) -> Answer:
    """Which of two or more figures is larger (or smaller, when the question asks which had fewer)."""
    bad = not_ok(u, readings)
    if bad:
        return bad
    lang = u.lang
    ordered = sorted(readings, key=value_of, reverse=not u.fewer)
    top = ordered[0]
    lines = [reading_sentence(r, lang) for r in readings]
    if len({r.value for r in readings}) == 1:
        lines.insert(0, say(lang, f"两者相同，都是 {fmt_number(top.value)}。", f"They are the same: {fmt_number(top.value)}."))
    else:
        word = say(lang, "更少" if u.fewer else "更多", "fewer" if u.fewer else "more")
        lines.insert(0, say(lang, f"{entry_name(top.entry, lang)}{word}：{fmt_number(top.value)}。",
                            f"{entry_name(top.entry, lang)} had {word}: {fmt_number(top.value)}."))
    return Answer(u.question, "answered", "\n".join(lines), top.value, readings_to_citations(readings), intent="compare")


#: Places a ranking lists (and ties it names, and reports it names as not ranked): a ranking over
#: every body of a province is thousands of lines; the rest are counted, not listed.
RANK_LISTED = 10


def rank(u: Query, readings: Sequence[Reading]) -> Answer:
    """The figures in order, largest first (smallest when asked for the fewest); the place asked
    for (「排第二的」) is the answer's figure, the order shown down to it (the first RANK_LISTED
    places at least). A report whose figure is missing or ambiguous is named below the order, not
    ranked. Every figure shown is cited; those counted but not shown are not."""
    lang = u.lang
    known = [r for r in readings if r.status == "ok"]
    unknown = [r for r in readings if r.status != "ok"]
    if not known:
        return not_ok(u, readings) or Answer(u.question, "missing", "", intent="rank")
    ordered = sorted(known, key=value_of, reverse=not u.fewer)
    place = u.ordinal or 1
    # Within one report (「哪类申请人最多」) a figure is named by its row or column, not the report.
    within = len({r.entry.id for r in readings}) == 1

    def name(r: Reading) -> str:
        return (r.figure.label_zh if lang == "zh" else r.figure.label_en) if within else entry_name(r.entry, lang)

    listed = ordered[:max(RANK_LISTED, place)]
    lines = [say(lang, f"{i}. {name(r)}：{fmt_number(r.value)}", f"{i}. {name(r)}: {fmt_number(r.value)}")
             for i, r in enumerate(listed, 1)]
    if len(ordered) > len(listed):
        lines.append(say(lang, f"……另有 {len(ordered) - len(listed)} 份报告参加了排序，未列出。",
                         f"… and {len(ordered) - len(listed)} more reports ranked, not listed."))
    shown_unknown = unknown[:RANK_LISTED]
    tail = [reading_sentence(r, lang) for r in shown_unknown]
    if unknown:
        tail.insert(0, say(lang, "以下报告的这个数字缺失或无法确定，未参加排序：", "Not ranked, the figure being missing or uncertain:"))
    if len(unknown) > len(shown_unknown):
        tail.append(say(lang, f"另有 {len(unknown) - len(shown_unknown)} 份报告的这个数字缺失或无法确定。",
                        f"{len(unknown) - len(shown_unknown)} more reports lack this figure or leave it uncertain."))
    if place > len(ordered):
        head = say(lang, f"只有 {len(ordered)} 份报告有这个数字，没有第{place}位。",
                   f"Only {len(ordered)} reports give this figure: there is no place {place}.")
        return Answer(u.question, "missing", "\n".join([head] + lines + tail), None,
                      readings_to_citations(listed + shown_unknown), intent="rank")
    chosen = ordered[place - 1]
    ties = [r for r in ordered if r.value == chosen.value and r is not chosen]
    named_ties = ties[:RANK_LISTED]
    word_zh = ("最少" if u.fewer else "最多") if place == 1 else f"{'从少到多' if u.fewer else '从多到少'}排第{_zh_ordinal(place)}"
    word_en = ("Fewest" if u.fewer else "Most") if place == 1 else f"Place {place} ({'fewest' if u.fewer else 'most'} first)"
    head = say(lang, f"{word_zh}的是{name(chosen)}（{fmt_number(chosen.value)}）。",
               f"{word_en}: {name(chosen)} ({fmt_number(chosen.value)}).")
    if ties:
        more = len(ties) - len(named_ties)
        head += say(lang, f"与{'、'.join(name(r) for r in named_ties)}{f'等 {len(ties)} 份报告' if more else ''}并列。",
                    f" Tied with {', '.join(name(r) for r in named_ties)}{f' and {more} more' if more else ''}.")
    if within:
        head = say(lang, f"{entry_name(chosen.entry, lang)}：", f"{entry_name(chosen.entry, lang)}: ") + head
    else:
        # The figure ranked, named: the reader sees how the question was read («没给公开的» as 不予公开).
        head = say(lang, f"按{chosen.figure.label_zh}排：", f"Ranked by {chosen.figure.label_en}. ") + head
    cited = list(dict.fromkeys([*listed, *named_ties, *shown_unknown]))
    return Answer(u.question, "answered", "\n".join([head] + lines + tail), chosen.value, readings_to_citations(cited),
                  intent="rank")


def _zh_ordinal(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def listing(u: Query, readings: Sequence[Reading]) -> Answer:
    """Each report's figure, one line each."""
    lines = [reading_sentence(r, u.lang) for r in readings]
    return Answer(u.question, "answered", "\n".join(lines), None, readings_to_citations(readings), intent="list")


def sum_across(u: Query, readings: Sequence[Reading]) -> Answer:
    """The sum of one figure over several reports, each part shown and cited."""
    bad = not_ok(u, readings)
    if bad:
        return bad
    total = sum(value_of(r) for r in readings)
    lang = u.lang
    lines = [say(lang, f"合计 {fmt_number(total)}：", f"{fmt_number(total)} in all:")]
    lines += [reading_sentence(r, lang) for r in readings]
    return Answer(u.question, "answered", "\n".join(lines), total, readings_to_citations(readings), intent="sum")


def difference(u: Query, first: Reading, second: Reading, intent: str = "difference") -> Answer:
    """How much the first figure (as the question names it) exceeds the second: the value is first
    minus second, its direction said in words."""
    lang = u.lang
    a, b = entry_name(first.entry, lang), entry_name(second.entry, lang)
    unit = unit_of(first.cells[0], lang) if first.cells else ""

    def combine(x: Number, y: Number) -> Tuple[str, Optional[Value], AnswerStatus]:
        diff = minus(x, y)
        if diff == 0:
            return say(lang, f"{a}与{b}相同，都是 {fmt_number(x)}{unit}。", f"{a} and {b} are the same: {fmt_number(x)}."), 0, "answered"
        return say(lang, f"{a}比{b}{'多' if diff > 0 else '少'} {fmt_number(diff if diff >= 0 else minus(0, diff))}{unit}（{fmt_number(x)} − {fmt_number(y)}）。",
                   f"{a} had {fmt_number(diff if diff >= 0 else minus(0, diff))} {'more' if diff > 0 else 'fewer'} than {b} "
                   f"({fmt_number(x)} − {fmt_number(y)})."), diff, "answered"
    return _of_two(u, first, second, intent, combine)


def subtract(u: Query, whole: Reading, part: Reading) -> Answer:
    """One report's figure less another of its figures: 「办结总数减去本年新收」."""
    lang = u.lang
    who = entry_name(whole.entry, lang)

    def combine(x: Number, y: Number) -> Tuple[str, Optional[Value], AnswerStatus]:
        return say(lang, f"{who}：{whole.figure.label_zh} {fmt_number(x)} − {part.figure.label_zh} {fmt_number(y)} = {fmt_number(minus(x, y))}。",
                   f"{who}: {whole.figure.label_en} {fmt_number(x)} − {part.figure.label_en} {fmt_number(y)} = "
                   f"{fmt_number(minus(x, y))}."), minus(x, y), "answered"
    return _of_two(u, whole, part, "subtract", combine)


def change(u: Query, earlier: Reading, later: Reading) -> Answer:
    """The change of one body's figure from an earlier year to a later one: later minus earlier."""
    lang = u.lang
    ly, ey = later.entry.year, earlier.entry.year

    def combine(x: Number, y: Number) -> Tuple[str, Optional[Value], AnswerStatus]:
        diff = minus(y, x)
        return say(lang, f"{ly}年比{ey}年{'增加' if diff >= 0 else '减少'} {fmt_number(diff if diff >= 0 else minus(0, diff))}（{fmt_number(y)} − {fmt_number(x)}）。",
                   f"{ly} vs {ey}: {'+' if diff >= 0 else '−'}{fmt_number(diff if diff >= 0 else minus(0, diff))} ({fmt_number(y)} − {fmt_number(x)})."), \
            diff, "answered"
    return replace(_of_two(u, earlier, later, "change", combine), operands=_operands(earlier, later))


def growth(u: Query, earlier: Reading, later: Reading) -> Answer:
    """The change of one body's figure from an earlier year to a later one, in percent of the earlier."""
    lang = u.lang
    ly, ey = later.entry.year, earlier.entry.year

    def combine(x: Number, y: Number) -> Tuple[str, Optional[Value], AnswerStatus]:
        if x == 0:
            return say(lang, f"{ey}年的数字为 0，无法计算增减幅度。", f"The {ey} figure is 0, so there is no percentage change."), \
                None, "missing"
        pct = share_value(y - x, x)
        return say(lang, f"{ly}年比{ey}年{'增长' if pct >= 0 else '下降'} {abs(pct):.1f}%（({fmt_number(y)} − {fmt_number(x)}) ÷ {fmt_number(x)}）。",
                   f"{ly} vs {ey}: {'+' if pct >= 0 else '−'}{abs(pct):.1f}% (({fmt_number(y)} − {fmt_number(x)}) ÷ {fmt_number(x)})."), \
            pct, "answered"
    return replace(_of_two(u, earlier, later, "growth", combine), operands=_operands(earlier, later))


def rank_shares(u: Query, shares: Sequence[Answer]) -> Answer:
    """Shares of several reports in order (lowest first when asked for the lowest), each computed
    and cited as a share is."""
    lang = u.lang
    ordered = sorted(shares, key=lambda a: a.value if a.value is not None else 0.0, reverse=not u.fewer)
    place = u.ordinal or 1
    if place > len(ordered):
        return Answer(u.question, "missing", say(lang, f"只有 {len(ordered)} 份报告有这个比例，没有第{place}位。",
                                                 f"Only {len(ordered)} reports give this share: there is no place {place}."),
                      intent="ratio")
    chosen = ordered[place - 1]
    who = chosen.cells[0].report if chosen.cells else None
    name = f"{who.agency or who.id} {who.year or ''}".strip() if who else ""
    word = say(lang, ("最低" if u.fewer else "最高") if place == 1 else f"第{place}",
               ("Lowest" if u.fewer else "Highest") if place == 1 else f"Place {place}")
    head = say(lang, f"{word}的是{name}：{fmt_number(chosen.value)}%。", f"{word}: {name}, {fmt_number(chosen.value)}%.")
    lines = [head] + [f"{i}. {a.answer.splitlines()[0]}" for i, a in enumerate(ordered, 1)]
    return Answer(u.question, "answered", "\n".join(lines), chosen.value, tuple(c for a in ordered for c in a.cells),
                  intent="ratio")


def share_value(part: Number, whole: Number) -> float:
    """A share in percent, to one decimal place, as the reports print them."""
    return round(100.0 * float(part) / float(whole) + 1e-9, 1)


def ratio(u: Query, part: Reading, whole: Reading) -> Answer:
    """One figure as a percentage of another, both cited: 「予以公开 67件，占办结总数 150件的 44.7%」."""
    bad = not_ok(u, (part, whole))
    if bad:
        return bad
    lang = u.lang
    who = entry_name(part.entry, lang)
    if value_of(whole) == 0:
        text = say(lang, f"{who}：{whole.figure.label_zh}为 0，无法计算比例。",
                   f"{who}: {whole.figure.label_en} is 0, so there is no share to give.")
        return Answer(u.question, "missing", "\n".join([text, reading_sentence(part, lang), reading_sentence(whole, lang)]),
                      None, readings_to_citations((part, whole)), intent="ratio")
    if {c.address for c in part.cells} == {c.address for c in whole.cells}:
        # 「行政处罚决定数量降幅百分之几」 read as a share of itself: 100% answers nothing asked.
        return Answer(u.question, "clarify", say(
            lang, f"问题里的“{part.figure.label_zh}”既是分子又是分母，请说明是占什么的比例，或问的是与哪一年相比的变化。",
            f"“{part.figure.label_en}” would be a share of itself: say what it is a share of, or which year a change "
            "is against."), None, readings_to_citations((part,)), intent="ratio")
    pct = share_value(value_of(part), value_of(whole))
    head = say(lang, f"{who}：{part.figure.label_zh} {fmt_number(part.value)}，占{whole.figure.label_zh} "
                     f"{fmt_number(whole.value)} 的 {pct:.1f}%（{fmt_number(part.value)} ÷ {fmt_number(whole.value)}）。",
               f"{who}: {part.figure.label_en}: {fmt_number(part.value)} of {whole.figure.label_en}: "
               f"{fmt_number(whole.value)}, that is {pct:.1f}% ({fmt_number(part.value)} ÷ {fmt_number(whole.value)}).")
    lines: List[str] = [head, reading_sentence(part, lang), reading_sentence(whole, lang)]
    return Answer(u.question, "answered", "\n".join(lines), pct, readings_to_citations((part, whole)), intent="ratio",
                  operands=(value_of(part), value_of(whole)))
