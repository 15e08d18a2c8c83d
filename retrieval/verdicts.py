"""Verdicts: what the loaded reports say of each figure a text states.

Each claim (``retrieval.claims``) is asked of the answer engine as a question, limited to the
reports of the body it is about; the answer decides:

- **supported** — the report's figure (a cell, a sum of cells, a share or change computed from
  them, or a sentence of its text) is the claim's, within the precision the claim is written to;
  a claim written as an approximation (「超过660次」, 「约2500条」) is supported by a figure that
  satisfies it, or by the same approximation stated in the report;
- **contradicted** — the report states another figure: what it says, where, and the difference;
- **not_found** — the loaded reports do not give this figure (the body or year is not loaded, the
  cell is blank, no sentence of the text states it, or the text names no body among several);
- **ambiguous** — the report's own figure cannot be settled: its cell is ambiguous, it is in a
  check the report fails (its text and its table disagree, a row does not add up), the claim's
  words could mean several figures, or the report gives only an approximation the claim neither
  meets nor misses.

A wrong "supported" is the worst outcome, so where the engine's answer is about something other
than what the claim counts — a column the claim names is not among the cells, or the sentence the
figure comes from shares too few of the claim's words — the claim is not found rather than judged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Dict, List, Literal, Optional, Sequence, Tuple

from errors import ClaimsError
from index import Store
from model import CatalogEntry, Value
from phrasing import amount_text, format_number, report_name, say, table_name
from retrieval.answer import answer_query, catalog_entries
from retrieval.citations import Answer, CellCitation, PassageCitation
from retrieval.claims import MAX_CLAIM_TEXT_CHARS, Claim, text_to_claims
from retrieval.figures import unit_of
from retrieval.lexicon import UNSUPPORTED_IN_TEXT, Concept
from retrieval.narrative import clause_before, figure_context, search_narrative, sentences_of, word_present
from retrieval.query import Intent, Query
from retrieval.understand.asks import body_names
from retrieval.understand.clauses import counted_words
from retrieval.understand.numerals import Quantity, normalize_digits, printed_number, text_to_quantities
from retrieval.understand.question import question_language, understand
from units import YUAN, convert

Verdict = Literal["supported", "contradicted", "not_found", "ambiguous"]
VERDICTS: Tuple[Verdict, ...] = ("supported", "contradicted", "not_found", "ambiguous")


@dataclass(frozen=True)
class ClaimVerdict:
    """What the reports say of one claim.

    ``value`` is the report's figure in the claim's unit (None when there is none to give);
    ``stated`` the figure as the report states it (「超 660 次」, 「4件」); ``difference`` the claim's
    figure less the report's, when contradicted; ``reason`` one sentence saying why, in the
    claim's language; ``answer`` the engine's answer the verdict rests on, with its cells,
    passages and warnings (the citations).
    """

    claim: Claim
    verdict: Verdict
    value: Optional[Value]
    stated: str
    difference: Optional[Value]
    reason: str
    answer: Answer

    @property
    def cells(self) -> Tuple[CellCitation, ...]:
        return self.answer.cells

    @property
    def passages(self) -> Tuple[PassageCitation, ...]:
        return self.answer.passages


@dataclass(frozen=True)
class ClaimCheck:
    """A text and the verdict on each figure it states, in order."""

    text: str
    lang: str
    verdicts: Tuple[ClaimVerdict, ...]
    #: The kind of file of each report in the store, by id (a citation says page, line or paragraph).
    kinds: Tuple[Tuple[str, str], ...] = ()

    def kind_of(self, report_id: str) -> Optional[str]:
        return dict(self.kinds).get(report_id)

    def counts(self) -> Dict[str, int]:
        """How many claims have each verdict (every verdict listed, 0 included)."""
        out: Dict[str, int] = {v: 0 for v in VERDICTS}
        for v in self.verdicts:
            out[v.verdict] += 1
        return out


def check_claims(store: Store, text: str, report_ids: Optional[Sequence[str]] = None) -> ClaimCheck:
    """Given the store, a text and an optional scope (report ids), return the verdict on every
    figure the text states. Raises ``errors.ClaimsError`` for a text that cannot be taken (empty,
    too long)."""
    body = (text or "").strip()
    if not body:
        raise ClaimsError("please give a text to check (the text was empty).", "claims_empty")
    if len(text) > MAX_CLAIM_TEXT_CHARS:
        raise ClaimsError(f"the text is {len(text)} characters long; check at most {MAX_CLAIM_TEXT_CHARS} at once.",
                          "claims_too_long", length=len(text), limit=MAX_CLAIM_TEXT_CHARS)
    catalog = catalog_entries(store)
    claims = text_to_claims(text, catalog, report_ids)
    in_scope = [e for e in catalog if not report_ids or e.id in set(report_ids)]
    several_bodies = len({e.body for e in in_scope}) > 1
    verdicts = tuple(_verdict(store, c, several_bodies) for c in claims)
    return ClaimCheck(text, question_language(text), verdicts, tuple((e.id, e.kind) for e in catalog))


# ---------------------------------------------------------------- one claim


def _answer(store: Store, query: Query, report_ids: Sequence[str], follows: Optional[Query] = None) -> Answer:
    """The answer to a claim's query, limited to its reports (none: every report in scope); the
    query it follows is the turn before (「其中」)."""
    return answer_query(store, query, list(report_ids) or None, follows)


def _verdict(store: Store, claim: Claim, several_bodies: bool) -> ClaimVerdict:
    lang = claim.lang
    answer = _answer(store, claim.query, claim.report_ids, claim.follows)
    if not claim.body and not claim.report_ids and several_bodies:
        # Which body's figure this is the text does not say: no report's figure is taken for it.
        # Nor is any report's cell cited for it.
        answer = replace(answer, cells=(), passages=())
        return _judged(claim, "not_found", answer, reason=say(
            lang, "文中没有指明是哪个单位的数字，已载入的报告不止一个单位，无法核对（可在文中写明单位，或限定核对的报告）。",
            "The text does not say which body this figure is about, and several bodies' reports are loaded "
            "(name the body, or limit the check to its reports)."))
    if claim.body and not claim.loaded:
        # A body the reports do not hold: never another body's figure, and no question back.
        answer = replace(answer, cells=(), passages=())
        return _judged(claim, "not_found", answer, reason=say(
            lang, f"没有载入“{claim.body}”的报告，无法核对。", f"No report of “{claim.body}” is loaded: the figure cannot be checked."))
    if len(claim.between) == 2:
        return _points(store, claim)
    if answer.status == "ambiguous":
        return _judged(claim, "ambiguous", answer, reason=say(lang, "报告中这个数字无法确定。", "The report's figure cannot be determined."))
    if answer.status == "clarify":
        return _judged(claim, "ambiguous", answer, reason=say(
            lang, "文中的说法可以指报告中的几个不同数字，无法确定是哪一个。", "The claim's words could mean several of the reports' figures."))
    if answer.status == "missing" and answer.answer:
        # The engine says what is not loaded (「没有载入“天河区政数局”的报告」, a year not loaded).
        return _judged(claim, "not_found", answer, reason=answer.answer.split("\n")[0])
    if answer.status != "answered" or answer.value is None:
        return _judged(claim, "not_found", answer, reason=say(lang, "已载入的报告中没有这个数字。",
                                                              "The loaded reports do not give this figure."))
    other = _about_something_else(claim, answer)
    if other:
        return _judged(claim, "not_found", answer, reason=other)
    report = _stated(claim, answer)
    if report is None:
        return _judged(claim, "not_found", answer, reason=say(lang, "已载入的报告中没有这个数字。",
                                                              "The loaded reports do not give this figure."))
    verdict, diff = _compare(claim, report, answer)
    if verdict == "contradicted" and claim.year is None and not claim.query.years and answer.cells:
        # The text names no year and the body has other years loaded: a figure of another year
        # is not a correction of this one.
        by_year = _another_years(store, claim, answer, report.written)
        if by_year is not None:
            return by_year
    value = report.value
    if answer.intent in ("growth", "change", "difference") and claim.falls and value is not None:
        value = -value  # 「少63件」, 「降幅51.6%」: the size of the fall the text states
    stated = report.written
    if answer.warnings:
        why = "；".join(w.detail for w in answer.warnings) if lang == "zh" else "; ".join(w.detail for w in answer.warnings)
        differs = verdict == "contradicted"
        gap = format_number(_size(diff))
        return _judged(claim, "ambiguous", answer, value, stated, diff if differs else None, say(
            lang, f"报告为 {stated}{f'（文中{_more(diff)} {gap}）' if differs else ''}，但报告自身的数字对不上（{why}），"
                  "这个数字无法确认。",
            f"The report gives {stated}{f' (the text differs by {_signed(diff)})' if differs else ''}, but its own "
            f"figures do not add up ({why}), so the figure cannot be confirmed."))
    if verdict == "contradicted" and _from_text(answer) and not answer.cells and not _claim_words(claim, _cited_names(answer)):
        # 「收到83件」 answered by 「县长信箱全年收到群众来信412件」: the text's words name nothing the
        # sentence's figure could be told apart by — another thing counted, never a correction.
        return _judged(claim, "not_found", answer, reason=say(
            lang, "文中没有说明这个数字统计的是什么，报告正文中找到的句子说的可能是别的事情，无法核对。",
            "The text does not say what this figure counts; the sentence found in the report may count something "
            "else, so it cannot be checked."))
    if verdict == "contradicted" and _from_text(answer) and not answer.cells:
        # A sentence of the text gave another figure; the text may state the claim's own figure
        # elsewhere, with the claim's words (「主动公开政府信息 412 条」 where the sentence found said
        # 「公众号信息 136 条」): a figure the report prints is not contradicted by a nearby one.
        stated_too = _figure_in_text(store, claim, answer)
        if stated_too is not None:
            found_report = _stated(claim, stated_too)
            if found_report is not None:
                v2, d2 = _compare(claim, found_report, stated_too)
                if v2 == "supported":
                    return _judged(claim, "supported", stated_too, found_report.value, found_report.written, d2,
                                   _said_value(claim, found_report, "supported", d2))
    if verdict == "contradicted" and claim.parts is not None:
        # The text breaks its figure into parts ("123: 122 new plus 1 carried over"): if the report
        # gives those parts, its words and its arithmetic disagree — said, not settled.
        parts = _answer(store, claim.parts, claim.report_ids)
        if parts.status == "answered" and parts.value is not None and abs(float(parts.value) - claim.figure) < 1e-9:
            return _judged(claim, "ambiguous", _joined(answer, parts) if not parts.passages else answer, value, stated, diff,
                           say(lang, f"按文中的说法，报告的数字为 {stated}；但文中的 {claim.text} 等于它随后列出的各项之和"
                                     f"（{parts.answer.splitlines()[0]}），说法与报告口径不一致。",
                               f"The report's figure for the text's words is {stated}; the text's {claim.text} is the sum "
                               f"of the parts it lists ({parts.answer.splitlines()[0]}): its words and the report's "
                               "categories disagree."))
    if verdict == "contradicted" and answer.cells and not answer.passages:
        # The report's text may state the claim's figure where its table says another.
        text_says = _text_states(store, claim)
        if text_says is not None:
            return _judged(claim, "ambiguous", _joined(answer, text_says), value, stated, diff, say(
                lang, f"报告表格为 {stated}，但报告正文写的是“{text_says.passages[0].sentence}”，两处不一致。",
                f"The report's table gives {stated}, but its text says “{text_says.passages[0].sentence}”: the two disagree."))
    return _judged(claim, verdict, answer, value, stated, diff, _said_value(claim, report, verdict, diff))


def _another_years(store: Store, claim: Claim, answer: Answer, stated: str) -> Optional[ClaimVerdict]:
    """Where a claim that names no year differs from its body's latest report but agrees with
    another year's report of the body, the verdict saying both: which year the text means it
    does not say (never a right figure of 2023 corrected by 2025's)."""
    cited = {c.report.id for c in answer.cells}
    catalog = catalog_entries(store)
    bodies = {e.body for e in catalog if e.id in cited}
    if len(bodies) != 1:
        return None
    shown = next(e for e in catalog if e.id in cited)
    for e in sorted((e for e in catalog if e.body in bodies and e.id not in cited and e.year is not None
                     and (not claim.report_ids or e.id in claim.report_ids)), key=lambda e: -(e.year or 0)):
        assert e.year is not None
        other = _answer(store, replace(claim.query, years=(e.year,), year_positions=((e.year, 0),)), [e.id], claim.follows)
        if other.status != "answered" or other.value is None:
            continue
        found = _stated(claim, other)
        if found is None or _compare(claim, found, other)[0] != "supported":
            continue
        lang = claim.lang
        return _judged(claim, "ambiguous", _joined(answer, other), found.value, found.written, None, say(
            lang, f"文中没有写明年份：{report_name(shown.ref, lang)}的报告为 {stated}，{report_name(e.ref, lang)}的报告为 "
                  f"{found.written}，与文中一致；无法确定文中说的是哪一年。",
            f"The text names no year: {report_name(shown.ref, lang)}'s report gives {stated}, {report_name(e.ref, lang)}'s "
            f"gives {found.written}, as the text says; which year the text means it does not say."))
    return None


def _judged(claim: Claim, verdict: Verdict, answer: Answer, value: Optional[Value] = None, stated: str = "",
            diff: Optional[Value] = None, reason: str = "") -> ClaimVerdict:
    if any(p.sentence for p in answer.passages):
        # The sentences that state the figure are the citation; passages "related" to a
        # narrative question are not.
        answer = replace(answer, passages=tuple(p for p in answer.passages if p.sentence))
    return ClaimVerdict(claim, verdict, _number(value), stated, _number(diff), reason, answer)


def _number(v: Optional[Value]) -> Optional[Value]:
    """A figure as a verdict gives it: an integral one as an int, a printed decimal as printed, a
    computed one to six places."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else v
    return int(v) if float(v).is_integer() else round(float(v), 6)


def _said_value(claim: Claim, report: "_ReportFigure", verdict: str, diff: Optional[Value]) -> str:
    """The verdict as a sentence: what the report says, and by how much the claim differs — or,
    where the text gives the report's figure to fewer places (「18651.1万元」 for 18651.06), that it
    is a rounding of it."""
    lang, stated = claim.lang, report.written
    if verdict == "supported":
        if not claim.quantity.approx and not report.approx and abs(claim.figure - float(report.exact)) > 1e-9:
            return say(lang, f"报告为 {stated}；文中的 {claim.text.strip()} 是它按文中的精度四舍五入后的数字。",
                       f"The report gives {stated}; the text's {claim.text.strip()} is that figure rounded to the "
                       "text's own precision.")
        return say(lang, f"报告为 {stated}。", f"The report gives {stated}.")
    if verdict == "contradicted":
        return say(lang, f"报告为 {stated}，文中{_more(diff)} {format_number(_size(diff))}。",
                   f"The report gives {stated}; the text differs by {_signed(diff)}.")
    return say(lang, f"报告只给出 {stated}，无法确定文中的数字是否成立。",
               f"The report gives only {stated}: whether the text's figure holds cannot be told.")


def _more(diff: Optional[Value]) -> str:
    return "多" if (diff or 0) > 0 else "少"


def _size(diff: Optional[Value]) -> Value:
    if diff is None:
        return 0
    return -diff if diff < 0 else diff


def _signed(diff: Optional[Value]) -> str:
    return ("+" if (diff or 0) > 0 else "") + format_number(diff)


# ---------------------------------------------------------------- what the report states


@dataclass(frozen=True)
class _ReportFigure:
    """The report's figure in the claim's unit, as an interval (an exact figure is a point):
    ``value`` as the answer gives it (a share to one place), ``exact`` what the claim is compared
    with (the share computed from the cells' figures), ``written`` as a reader is shown it."""

    value: Value
    low: float
    high: float
    low_open: bool
    high_open: bool
    written: str
    approx: str
    precision: float
    exact: Value = 0


def _stated(claim: Claim, answer: Answer) -> Optional[_ReportFigure]:
    """The report's figure for the claim: from the sentence the answer quotes (with its own
    qualifier and unit: 「超 660 次」, 「3514 万」) or from the cells it computed it from — a share or a
    change from the cells' figures exactly, an amount converted exactly to the claim's unit."""
    value = float(answer.value) if answer.value is not None else math.nan
    q = claim.quantity
    if answer.passages and answer.passages[0].sentence and answer.intent in ("narrative", "growth", "figure", "sum") \
            and (not answer.cells or _from_text(answer)):
        found = _quantity_in(answer.passages[0].sentence, abs(value), q)
        if found is None:
            return None
        if value < 0:  # a fall the report states (「较上年下降5%」): the engine signs it
            found = replace(found, value=-found.value)
        return _interval(found.value, found, found.written.strip())
    if answer.intent in ("ratio", "growth"):
        # A share or change computed from cells: compared exactly, at the text's own rounding.
        if len(answer.operands) == 2 and answer.operands[0 if answer.intent == "growth" else 1] != 0:
            a, b = (float(x) for x in answer.operands)
            exact = 100.0 * (b - a) / a if answer.intent == "growth" else 100.0 * a / b
            how = say(claim.lang, f"（({format_number(answer.operands[1])} − {format_number(answer.operands[0])}) ÷ "
                                  f"{format_number(answer.operands[0])}）", f" (({format_number(answer.operands[1])} − "
                                  f"{format_number(answer.operands[0])}) ÷ {format_number(answer.operands[0])})") \
                if answer.intent == "growth" else \
                say(claim.lang, f"（{format_number(answer.operands[0])} ÷ {format_number(answer.operands[1])}）",
                    f" ({format_number(answer.operands[0])} ÷ {format_number(answer.operands[1])})")
            return _ReportFigure(value, exact, exact, False, False, f"{format_number(value)}%{how}", "", 0.0, exact)
        return _ReportFigure(value, value - 0.05, value + 0.05, False, False, f"{format_number(value)}%", "", 0.1, value)
    printed = answer.value if isinstance(answer.value, (int, Decimal)) else Decimal(repr(answer.value or 0))
    unit = _printed_unit(answer)
    converted = convert(printed, unit, q.unit) if unit in YUAN and q.unit in YUAN and q.unit != unit else None
    written = amount_text(printed, unit, claim.lang, also=q.unit) if unit in YUAN else \
        f"{format_number(printed)}{unit_of(answer.cells[0].cell, claim.lang) if answer.cells else ''}"
    v = converted if converted is not None else printed
    return _ReportFigure(v, float(v), float(v), False, False, written, "", 1.0, v)


def _from_text(answer: Answer) -> bool:
    """Whether the answer's figure comes from its quoted sentence (a table figure stated in the
    text where the cell is missing), not from its cells."""
    return answer.value is not None and not any(c.value is not None and c.value == answer.value for c in answer.cells)


def _printed_unit(answer: Answer) -> str:
    """The unit the report prints the answer's figure in: its cells' printed unit (「251000元」), an
    amount's template unit (万元) where the print gives none; "" for a count."""
    units = {c.cell.unit or ("万元" if c.address.endswith(".amount") else "") for c in answer.cells}
    return units.pop() if len(units) == 1 else ""


def _quantity_in(sentence: str, value: float, claim: Quantity) -> Optional[Quantity]:
    """The figure of a report's sentence that the answer gave (its bare number is ``value``), with
    its qualifier and unit; converted exactly to the claim's unit of money (万元 and 元)."""
    norm = normalize_digits(sentence)
    for q in text_to_quantities(norm, english=False):
        bare = printed_number(norm, q)
        if abs(bare - value) < 1e-9 or abs(q.value - value) < 1e-9:
            if q.unit in YUAN and claim.unit in YUAN and q.unit != claim.unit:
                k = float(convert(1, q.unit, claim.unit) or 1)
                return replace(q, value=float(convert(q.value, q.unit, claim.unit) or q.value), precision=q.precision * k)
            return q
    return None


def _interval(value: float, q: Quantity, written: str) -> _ReportFigure:
    low, high, lo_open, hi_open = q.bounds() if q.approx else (value, value, False, False)
    return _ReportFigure(value, low, high, lo_open, hi_open, written, q.approx, q.precision, value)


def _difference(claim: Quantity, report: _ReportFigure) -> Value:
    """The claim's figure less the report's, exactly where both are printed decimals (18651.10 −
    18651.06 is 0.04), to two places where the report's is computed (a share)."""
    exact = report.exact if report.exact is not None else report.value
    if isinstance(exact, (int, Decimal)):
        d = Decimal(repr(claim.value)) - Decimal(exact)
        return int(d) if d == d.to_integral_value() else d.normalize()
    return round(claim.value - float(exact), 2)


def _compare(claim: Claim, report: _ReportFigure, answer: Answer) -> Tuple[Verdict, Optional[Value]]:
    """The verdict of a claim against the report's figure: ("supported" | "contradicted" |
    "ambiguous", the claim less the report's figure). A claim is compared at its own precision:
    「18651.1万元」 holds for a printed 18651.06, 「18651.10万元」 does not."""
    q = claim.quantity
    if answer.intent in ("growth", "change", "difference") and claim.falls:
        # 「下降5%」 is a change of −5 %: the report's change is compared by its size, so that
        # 「降幅超过五成」 (over 50) holds for −51.6 %.
        flipped = -report.exact if isinstance(report.exact, (int, float, Decimal)) else report.exact
        report = replace(report, value=-report.value, low=-report.high, high=-report.low,
                         low_open=report.high_open, high_open=report.low_open, exact=flipped)
    c_lo, c_hi, c_lo_open, c_hi_open = q.bounds()
    point = float(report.exact)
    if q.percent or answer.intent in ("ratio", "growth"):
        # Both are rounded: the claim to its last digit, a share the report states to its own.
        slack = (q.precision + report.precision) / 2 + 1e-9
        if not q.approx:
            c_lo, c_hi = q.value - slack, q.value + slack
    diff = _difference(q, report)
    if not report.approx:
        inside = (c_lo < point or (not c_lo_open and c_lo <= point + 1e-9)) and \
                 (point < c_hi or (not c_hi_open and point <= c_hi + 1e-9))
        return ("supported", None) if inside else ("contradicted", diff)
    if report.approx == q.approx and abs(float(report.value) - q.value) < 1e-9:
        return "supported", None  # the report states the same approximation
    r_lo, r_hi = report.low, report.high
    within = (r_lo > c_lo or (r_lo == c_lo and (report.low_open or not c_lo_open))) and \
             (r_hi < c_hi or (r_hi == c_hi and (report.high_open or not c_hi_open)))
    if within:
        return "supported", None
    apart = r_hi < c_lo or r_lo > c_hi or (r_hi == c_lo and (report.high_open or c_lo_open)) or \
        (r_lo == c_hi and (report.low_open or c_hi_open))
    if apart and not (not q.approx and abs(q.value - float(report.value)) < 1e-9):
        return "contradicted", diff
    return "ambiguous", None


def _points(store: Store, claim: Claim) -> ClaimVerdict:
    """A change in percentage points between two shares the text states (「2023年占38.3%，2025年降至35.8%，
    回落2.5个百分点」): both shares computed from the cells, exactly, and the claim compared with their
    difference at its own precision."""
    lang = claim.lang
    first, second = (_answer(store, q, claim.report_ids) for q in claim.between)
    both = _joined(first, second) if second.cells else first
    if any(a.status != "answered" or len(a.operands) != 2 or not a.operands[1] for a in (first, second)):
        bad = next(a for a in (first, second) if a.status != "answered" or len(a.operands) != 2 or not a.operands[1])
        verdict: Verdict = "ambiguous" if bad.status in ("ambiguous", "clarify") else "not_found"
        return _judged(claim, verdict, both, reason=bad.answer.split("\n")[0])
    shares = [100.0 * float(a.operands[0]) / float(a.operands[1]) for a in (first, second)]
    exact = shares[1] - shares[0]
    written = say(lang, f"{second.value}% − {first.value}% = {format_number(round(exact, 2))} 个百分点"
                        f"（{format_number(second.operands[0])} ÷ {format_number(second.operands[1])} − "
                        f"{format_number(first.operands[0])} ÷ {format_number(first.operands[1])}）",
                  f"{second.value}% − {first.value}% = {format_number(round(exact, 2))} percentage points")
    # Shown to one place, as the shares are; compared exactly, at the text's own rounding.
    report = _ReportFigure(round(exact, 1), exact, exact, False, False, written, "", 0.0, exact)
    if claim.falls:
        report = replace(report, value=-report.value, low=-exact, high=-exact, exact=-exact)
    q = claim.quantity
    slack = q.precision / 2 + 1e-9
    lo, hi = (q.value - slack, q.value + slack) if not q.approx else q.bounds()[:2]
    verdict = "supported" if lo <= float(report.exact) <= hi else "contradicted"
    diff = None if verdict == "supported" else round(q.value - float(report.exact), 2)
    if both.warnings:
        return _judged(claim, "ambiguous", both, report.value, written, diff, say(
            lang, f"报告为 {written}，但报告自身的数字对不上，这个数字无法确认。",
            f"The report gives {written}, but its own figures do not add up, so the figure cannot be confirmed."))
    return _judged(claim, verdict, both, report.value, written, diff, _said_value(claim, report, verdict, diff))


# ---------------------------------------------------------------- guards


def _cited_names(answer: Answer) -> List[str]:
    """The names of the bodies whose reports an answer cites (printed, places, short forms)."""
    refs = {c.report for c in answer.cells} | {p.report for p in answer.passages}
    return body_names([CatalogEntry(r) for r in refs])


def _about_something_else(claim: Claim, answer: Answer) -> str:
    """Why the answer is not about what the claim counts, or "" when it is: a column or row the
    claim's own words name that no cited cell is in ("14 of them upheld" answered with the
    reconsiderations' total), or a sentence of the text that shares too few of the claim's words."""
    lang = claim.lang
    names = _cited_names(answer)
    if answer.cells and not _from_text(answer):
        u = understand(claim.clause, [], account=False)  # (its rows and column only)
        addresses = [c.address for c in answer.cells]
        tables = {a.split(".", 1)[0] for a in addresses}
        wanted = [c for c in ([u.col] if u.col is not None else []) if c.kind in ("col", "t2col", "t4col")]
        wanted += [r for r in u.rows if r.kind in ("row", "t2row")]
        for concept in wanted:
            if _TABLE_OF[concept.kind] not in tables:
                continue  # a word of another table's («decision» beside a reconsideration's outcome)
            if not any(_in_concept(a, concept) for a in addresses):
                return say(lang, f"报告中找到的数字不是文中说的“{concept.label_zh}”，无法核对。",
                           f"The figure found in the reports is not the text's “{concept.label_en}”, so it cannot be checked.")
        return ""
    if answer.passages and answer.passages[0].sentence:
        sentence = answer.passages[0].sentence
        unsaid = [w for w in claim.query.unsupported if not any(x in sentence for x in UNSUPPORTED_IN_TEXT.get(w, (w,)))]
        if unsaid:
            # 「平均答复用时9个工作日」 is not 「20个工作日内予以公开」: every breakdown the claim names
            # must be said where the figure is.
            return say(lang, f"报告正文中找到的句子没有说“{'、'.join(unsaid)}”，说的是别的事情，没有找到这个数字。",
                       f"The sentence found in the report's text does not say “{', '.join(unsaid)}”: it is about "
                       "something else, and the figure was not found.")
        if not _shares_words(claim, answer.passages[0].sentence, answer.value, names) and \
                not _shares_words(claim, answer.passages[0].sentence, answer.value, names, asked=True):
            return say(lang, "报告正文中离这个说法最近的句子说的是别的事情，没有找到这个数字。",
                       "The nearest sentence of the report's text is about something else: the figure was not found.")
    return ""


_TABLE_OF = {"col": "t3", "row": "t3", "t2col": "t2", "t2row": "t2", "t4col": "t4"}


def _in_concept(address: str, concept: Concept) -> bool:
    parts = address.split(".")
    if concept.kind == "col":
        return parts[-1] == concept.key
    if concept.kind in ("t2col", "t4col"):
        return parts[-1] == concept.key
    if concept.kind == "row":
        return address.startswith(f"t3.{concept.key}.")
    if concept.kind == "t2row":
        return address.startswith(f"t2.{concept.key}.")
    return True


def _shares_words(claim: Claim, sentence: str, value: Optional[Value], names: Sequence[str], asked: bool = False,
                  vacuous: bool = True) -> bool:
    """Whether the report's sentence says what the claim counts: most of the claim's words (in
    Chinese; an English claim's through the glossary) stand in the part of the sentence that gives
    the figure. With ``asked``, the words of the question the claim was asked as (its clause with
    the clause it leans on: 「收取信息处理费，金额100元」)."""
    words = counted_words(claim.query.question, claim.lang, _body_names(claim, names)) if asked else \
        counted_words(_figure_out(claim), claim.lang, _body_names(claim, names))
    if not words:
        return vacuous  # a claim that names nothing shares nothing, when that must be shown
    near = _near_figure(sentence, value)
    # A word may stand with a few characters inside it (「县政府」 in 「县人民政府」).
    held = [w for w in words if word_present(w, near)]
    need = 0.6 if claim.lang == "zh" else 0.5
    return len(held) >= max(1, math.ceil(need * len(words)))


def _claim_words(claim: Claim, names: Sequence[str]) -> List[str]:
    """The words a claim's clause (and the clause it leans on) says what it counts with."""
    return list(dict.fromkeys(counted_words(_figure_out(claim), claim.lang, _body_names(claim, names)) +
                              counted_words(claim.query.question, claim.lang, _body_names(claim, names))))


def _body_names(claim: Claim, names: Sequence[str]) -> List[str]:
    return list(names) + ([claim.body] if claim.body else [])


def _figure_out(claim: Claim) -> str:
    """The claim's clause with its figure left out."""
    return claim.clause.replace(claim.text, " ")


def _near_figure(sentence: str, value: Optional[Value]) -> str:
    """The part of a report's sentence that gives a figure (``narrative.figure_context``)."""
    if value is None:
        return sentence
    norm = normalize_digits(sentence)
    for q in text_to_quantities(norm, english=False):
        if abs(q.value - float(value)) < 1e-9 or norm[q.number_start:q.number_end] == format_number(value):
            return figure_context(norm, q.start, q.end)
    return sentence


def _text_states(store: Store, claim: Claim) -> Optional[Answer]:
    """The report's text stating the claim's own figure (「共办理依申请公开123件」 where the table's
    total handled is 116), or None."""
    ans = _answer(store, replace(claim.query, intent=Intent.TEXT), claim.report_ids, claim.follows)
    if ans.status != "answered" or ans.value is None or not ans.passages or not ans.passages[0].sentence:
        return None
    found = _quantity_in(ans.passages[0].sentence, float(ans.value), claim.quantity)
    if found is None or abs(found.value - claim.figure) > 1e-9 or found.approx != claim.quantity.approx:
        return None
    if not _shares_words(claim, ans.passages[0].sentence, ans.value, _cited_names(ans)):
        return None
    return ans


def _figure_in_text(store: Store, claim: Claim, answer: Answer) -> Optional[Answer]:
    """The report's text stating the claim's own figure with most of the claim's words beside it,
    in the report the answer cited, as an answer citing that sentence; None when it does not."""
    reports = sorted({p.report.id for p in answer.passages} | {c.report.id for c in answer.cells})
    if not reports:
        return None
    hits = search_narrative(store, claim.query.ask, reports, k=12)
    for hit in hits:
        for sentence in sentences_of(hit.passage.text):
            found = _quantity_in(sentence, claim.figure, claim.quantity)
            if found is None or abs(found.value - claim.figure) > 1e-9:
                continue
            if claim.unit and found.unit and found.unit != claim.unit:
                continue  # 「5期」 is not 「5件」
            if not _own_clause_names(claim, sentence, found, _cited_names(answer)):
                continue
            cited = (PassageCitation(hit.report, hit.passage, round(hit.score, 4), hit.kind, sentence),)
            return Answer(claim.query.question, "answered", sentence, found.value, (), cited, intent="narrative")
    return None


def _own_clause_names(claim: Claim, sentence: str, found: Quantity, names: Sequence[str]) -> bool:
    """Whether every word of the claim's clause stands in the report's figure's own clause (back to
    the comma, 「、」 or figure before it): 「部门动态类信息7条」 is not stated by 「…部门动态类信息 37 条、
    …其他信息 7 条」, whose 7 counts something else."""
    norm = normalize_digits(sentence)
    at = norm.find(found.written.strip()) if found.written.strip() else -1
    if at < 0:
        return False
    own = clause_before(norm, at)
    words = counted_words(_figure_out(claim), claim.lang, _body_names(claim, names))
    return bool(words) and all(word_present(w, own) for w in words)


def _joined(table: Answer, text: Answer) -> Answer:
    """The table's answer with the other answer's citations beside its own (a passage of the text,
    or the cells of a second reading)."""
    return replace(table, answer=table.answer + "\n" + text.answer, passages=table.passages + text.passages,
                   cells=table.cells + tuple(c for c in text.cells if c not in table.cells))


def reports_named(verdict: ClaimVerdict, lang: str) -> List[str]:
    """The reports a verdict cites, as a reader names them."""
    refs = [c.report for c in verdict.cells] + [p.report for p in verdict.passages]
    return list(dict.fromkeys(report_name(r, lang) for r in refs))


def cell_label(c: CellCitation, lang: str) -> str:
    """A cited cell as a fact-check note names it: report, table, row, column."""
    return say(lang, f"{report_name(c.report, lang)} {table_name(c.cell.table, lang)}“{c.cell.row_label}”行“{c.cell.col_label}”列",
               f"{report_name(c.report, lang)}, {table_name(c.cell.table, lang)}, row “{c.cell.row_label}”, "
               f"column “{c.cell.col_label}”")
