"""Contract test of the understanding: a question in, a frozen ``Query`` out.

Every case here was written from the report template (docs: ``template.md`` — the three tables'
addresses) and from the bodies of the catalog below, not from any product's behaviour: each says
what the Query must hold for the question, and only the fields that matter for it. A case the
product does not yet meet is kept as a strict xfail with a one-line reason: it names a
misunderstanding of the product, not a doubt about the case.

Fields a case can name (see :func:`assert_query`):

* ``intent``       — an :class:`Intent` member;
* ``rows``         — the set of ``Concept.key`` of ``Query.rows`` (table-3 rows and groups, table-2
  rows, table-4 groups);
* ``col``          — ``Query.col.key`` or ``None`` (a 总计 column is no column);
* ``denominator``  — the key of a ratio's base;
* ``minus``        — the set of keys taken away (``Intent.SUBTRACT``);
* ``bodies``       — the bodies named (by any of their printed names; compared by body);
* ``unloaded``     — whether an unloaded body was named (``Query.unloaded`` non-empty);
* ``years``        — the set of years named;
* ``unsupported``  — whether a breakdown the tables lack was asked;
* ``leftover``     — whether a word was left that nothing accounts for;
* ``parts``        — for ``Intent.PARTS``, a list of dicts of these same fields, one per part, in order;
* ``recent``, ``unit``, ``followup``, ``ranked``, ``ordinal``, ``which_year`` — as in ``Query``.

A field given as ``ANY`` is not checked.

Unless a case says otherwise, a question must leave no word over, ask for no unsupported breakdown
and name no unloaded body: a plain question the product reads only in part would be asked back.
"""

from __future__ import annotations

import pprint
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import pytest

import model
from retrieval.query import Intent, Query
from retrieval.understand import understand

# --------------------------------------------------------------------------------------------
# The catalog: the loaded reports. ``body`` is the agency of the body's latest year.

GD = "广东省政务服务和数据管理局"
PY = "广州市番禺区政务服务数据管理局"
HA = "淮安市人民政府"
PT = "平潭综合实验区"
TJ = "桐江县自然资源局"
LW = "鹭湾市市场监督管理局"
WL = "望澜县人民政府"
WH = "临江区望湖街道办事处"
WH_OLD = "河西市临江区人民政府望湖街道办事处"
QX = "青溪县人民政府办公室"
YL = "云岚省交通运输厅"

_REPORTS = [
    # (agency as printed, year, format, body key)
    (GD, 2023, "2021", GD),
    (PY, 2023, "2021", PY),
    (HA, 2024, "2021", HA),
    (PT, 2023, "2021", PT),
    (PT, 2025, "2021", PT),
    (TJ, 2022, "2021", TJ),
    (LW, 2024, "2021", LW),
    (WL, 2025, "2021", WL),
    (WH_OLD, 2023, "2021", WH),
    (WH, 2024, "2021", WH),
    (QX, 2019, "2019", QX),
    (YL, 2020, "2019", YL),
]

CATALOG = [
    model.CatalogEntry(
        ref=model.ReportRef(f"r{i:02d}", agency, year), format=fmt, kind="text", body=key
    )
    for i, (agency, year, fmt, key) in enumerate(_REPORTS, 1)
]

#: Every printed name of a body → the body's key.
BODY_KEY = {agency: key for agency, _y, _f, key in _REPORTS}
#: A body's key → the names its reports print.
BODY_NAMES: Dict[str, set] = {}
for _agency, _y, _f, _key in _REPORTS:
    BODY_NAMES.setdefault(_key, set()).add(_agency)


# --------------------------------------------------------------------------------------------
# The one assertion helper.

_DEFAULTS = {"leftover": False, "unsupported": False, "unloaded": False}

#: A field a case leaves unchecked, even one of the defaults.
ANY = object()


def _keys(concepts) -> set:
    return {c.key for c in concepts}


def _got(q: Query, field: str) -> Any:
    if field == "intent":
        return q.intent
    if field == "rows":
        return _keys(q.rows)
    if field == "col":
        return q.col.key if q.col is not None else None
    if field == "denominator":
        return q.denominator.key if q.denominator is not None else None
    if field == "minus":
        return _keys(q.minus)
    if field == "bodies":
        return {m.key for m in q.mentions}
    if field == "years":
        return set(q.years)
    if field in ("unloaded", "unsupported", "leftover"):
        return bool(getattr(q, field))
    return getattr(q, field)


def _want(field: str, want: Any) -> Any:
    if field in ("rows", "minus", "years"):
        return set(want)
    if field == "bodies":
        return {BODY_KEY[name] for name in want}
    return want


def _summary(q: Query) -> str:
    def one(q: Query, indent: str = "") -> List[str]:
        lines = [
            f"{indent}question:    {q.question!r}",
            f"{indent}intent:      {q.intent}",
            f"{indent}rows:        {[c.key for c in q.rows]}",
            f"{indent}col:         {q.col.key if q.col else None}",
            f"{indent}denominator: {q.denominator.key if q.denominator else None}",
            f"{indent}minus:       {[c.key for c in q.minus]}",
            f"{indent}bodies:      {[(m.agency, m.key) for m in q.mentions]}",
            f"{indent}unloaded:    {q.unloaded}",
            f"{indent}years:       {q.years}  ranges {q.year_ranges}  recent {q.recent}",
            f"{indent}unsupported: {q.unsupported}",
            f"{indent}leftover:    {[s.text for s in q.leftover]}  qualifiers {q.qualifiers}",
            f"{indent}unit: {q.unit!r}  followup: {q.followup}  ranked: {q.ranked}  "
            f"ordinal: {q.ordinal}  which_year: {q.which_year}  count: {q.count}",
        ]
        for i, p in enumerate(q.parts):
            lines.append(f"{indent}part {i}:")
            lines.extend(one(p, indent + "    "))
        return lines

    return "\n".join(one(q))


def _mismatches(q: Query, expected: Dict[str, Any], where: str) -> List[str]:
    out = []
    for field, want in expected.items():
        if field == "parts":
            parts = list(q.parts)
            if len(parts) != len(want):
                out.append(f"{where}.parts: {len(parts)} parts, want {len(want)}")
                continue
            for i, (part, pw) in enumerate(zip(parts, want)):
                out.extend(_mismatches(part, pw, f"{where}.parts[{i}]"))
            continue
        got, w = _got(q, field), _want(field, want)
        if got != w:
            out.append(f"{where}.{field}: got {got!r}, want {w!r}")
        if field == "bodies":
            for m in q.mentions:
                if m.key in BODY_NAMES and m.agency not in BODY_NAMES[m.key]:
                    out.append(f"{where}.bodies: {m.agency!r} is not a printed name of {m.key!r}")
    return out


def assert_query(q: Query, expected: Dict[str, Any]) -> None:
    """Compare only the given fields (plus the defaults: nothing left over, nothing unsupported,
    nothing unloaded, unless the case says); on failure print the whole Query."""
    full = dict(_DEFAULTS)
    full.update(expected)
    full = {k: v for k, v in full.items() if v is not ANY}
    problems = _mismatches(q, full, "query")
    if problems:
        pytest.fail(
            "\n".join(problems)
            + "\n\n--- the query ---\n"
            + _summary(q)
            + "\n\n--- in full ---\n"
            + pprint.pformat(q, width=120),
            pytrace=False,
        )


# --------------------------------------------------------------------------------------------
# Cases

F, S, D, SUB = Intent.FIGURE, Intent.SUM, Intent.DIFFERENCE, Intent.SUBTRACT
CH, GR, RA, RK = Intent.CHANGE, Intent.GROWTH, Intent.RATIO, Intent.RANK
CMP, LI, TX, PA = Intent.COMPARE, Intent.LIST, Intent.TEXT, Intent.PARTS

#: The cases the product does not meet yet, each expectation kept by the template's meaning: the
#: product's misunderstandings, one line each (strict xfails: a fix turns them into failures to
#: be moved out of this table).
MISREAD: Dict[str, str] = {
    "t3row-zh-other_other": "「其他处理中第3项“其他”」 read as the whole group 其他处理, 「第」 left over",
    "t3col-zh-other_org": "the 「其他」 column of 法人或其他组织 read as the whole 法人或其他组织 sum",
    "body-en-wh-full": "'Wanghu Subdistrict Office of Linjiang District' also names an unloaded 'Linjiang District'",
    "unloaded-en-huaian-finance": "'Huai'an's finance bureau' taken as the Huai'an municipal government",
    "unloaded-en-huaian-district": "'Huai'an District' (淮安区) taken as the Huai'an municipal government",
    "difference-zh-shaoshou": "「少收多少」 (how many fewer received) not known: left over, a text question",
    "subtract-zh-new-over-handled": "「新收申请比办结总数多多少」 (one report's two rows) read as a change between years",
    "subtract-en-new-over-handled": "'exceed' not known: new + total handled summed",
    "growth-zh-zengfu": "「较…增幅」 not known: a text question",
    "compare-en-did-or": "'Did A or B grant more …' not a comparison: 'more' left over",
    "list-zh-two-cols": "two columns 「分别」 split into parts, not one list of the columns",
    "list-en-two-cols": "'separately' not known: two columns summed",
    "text-zh-improvements": "「改进」 of 「改进措施」 (section 五) left over in a text question",
    "text-zh-main-problems": "「主要」 of 「存在的主要问题」 (section 五's heading) left over",
    "text-zh-info-management": "「政府信息管理」 (a topic of section 一) left over in a text question",
    "text-zh-fees-charged": "「收取」 of 「收取信息处理费」 (section 六) left over",
    "text-zh-platform": "「平台建设」 (a topic of section 一) left over in a text question",
    "text-en-improvements": "'improvements' (section 五) left over in a text question",
    "text-en-platform": "'platform building' (a topic of section 一) left over",
    "text-en-supervision": "'safeguards' of 'supervision and safeguards' (a topic of section 一) left over",
    "parts-zh-figure-then-change": "the part 「比2023年增加了多少」 not a change of the figure before (a text question, col 'change')",
    "parts-en-review-and-suit": "the first part of 'how many X and how many Y … in 2024' loses the year",
    "followup-zh-sum-both": "「两家加起来多少」 after a list of two bodies not a follow-up sum",
    "followup-zh-ratio": "「占办结总数的比例呢」 takes 办结总数 as the figure, not as the base of the earlier figure",
    "followup-zh-change": "「比上年增加了多少」 as a follow-up is a figure of the same year, not a change",
    "followup-en-ratio": "'What share of the total handled is that?' takes the base as the figure, no denominator",
    "followup-en-growth": "'By what percent did that grow from the year before?' not a follow-up growth",
    "followup-en-sum-both": "'And combined?' after two bodies' figures stays a figure, not a sum",
    "body-en-wh-old-name": "the parts of the body's own old name ('Linjiang District', 'Hexi City') named as unloaded bodies",
    "text-en-main-problems": "'main' and 'identify' left over in a question about section 五's main problems",
}


_CJK = re.compile(r"[\u4e00-\u9fff]")
_IDS: set = set()


def lang(question: str) -> str:
    return "zh" if _CJK.search(question) else "en"


def case(area: str, tag: str, question: str, *, before: Union[None, str, Sequence[str]] = None,
         xfail: Optional[str] = None, **expected):
    """One case: ``area``-``lang``-``tag`` is its id; ``before`` the earlier turn(s) of a follow-up."""
    cid = f"{area}-{lang(question)}-{tag}"
    assert cid not in _IDS, cid
    _IDS.add(cid)
    if isinstance(before, str):
        before = (before,)
    xfail = xfail or MISREAD.get(cid)
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(question, tuple(before or ()), expected, id=cid, marks=marks)


def fig(**kw) -> Dict[str, Any]:
    """A part of a compound question."""
    return kw


CASES = [
    # ---------------------------------------------------------------- table 3 rows ----------
    case("t3row", "new-label", "淮安市人民政府2024年本年新收政府信息公开申请数量是多少？",
         intent=F, rows={"new"}, col=None, bodies={HA}, years={2024}),
    case("t3row", "new-yigong", "平潭2025年一共收到多少件信息公开申请？",
         intent=F, rows={"new"}, col=None, bodies={PT}, years={2025}),
    case("t3row", "new-shouli", "望澜县政府2025年受理了多少件政府信息公开申请",
         intent=F, rows={"new"}, bodies={WL}, years={2025}),
    case("t3row", "carried_over-label", "番禺区政数局2023年上年结转政府信息公开申请数量",
         intent=F, rows={"carried_over"}, bodies={PY}, years={2023}),
    case("t3row", "carried_over-colloq", "鹭湾市市场监管局2024年从上一年转过来的申请有几件？",
         intent=F, rows={"carried_over"}, bodies={LW}, years={2024}),
    case("t3row", "granted-label", "桐江县自然资源局2022年予以公开的有多少件",
         intent=F, rows={"granted"}, col=None, bodies={TJ}, years={2022}),
    case("t3row", "granted-quanbu", "淮安市政府2024年全部公开的申请有几件",
         intent=F, rows={"granted"}, bodies={HA}, years={2024}),
    case("t3row", "granted-tongyi", "平潭2023年同意公开了多少件申请",
         intent=F, rows={"granted"}, bodies={PT}, years={2023}),
    case("t3row", "partial-label", "广东省政数局2023年部分公开多少件",
         intent=F, rows={"partial"}, bodies={GD}, years={2023}),
    case("t3row", "partial-colloq", "望湖街道2024年只公开了一部分的申请有几件",
         intent=F, rows={"partial"}, bodies={WH}, years={2024}),
    case("t3row", "state_secret", "淮安市政府2024年因属于国家秘密不予公开的有几件",
         intent=F, rows={"denied.state_secret"}, bodies={HA}, years={2024}),
    case("t3row", "prohibited", "平潭2025年其他法律行政法规禁止公开的申请数",
         intent=F, rows={"denied.prohibited_by_law"}, bodies={PT}, years={2025}),
    case("t3row", "security", "望澜县2025年危及“三安全一稳定”不予公开的有多少",
         intent=F, rows={"denied.security_stability"}, bodies={WL}, years={2025}),
    case("t3row", "third_party", "番禺区政数局2023年因保护第三方合法权益不予公开几件",
         intent=F, rows={"denied.third_party"}, bodies={PY}, years={2023}),
    case("t3row", "internal", "鹭湾市监局2024年属于三类内部事务信息的有几件",
         intent=F, rows={"denied.internal_affairs"}, bodies={LW}, years={2024}),
    case("t3row", "process", "桐江县自然资源局2022年属于四类过程性信息不予公开的数量",
         intent=F, rows={"denied.process_info"}, bodies={TJ}, years={2022}),
    case("t3row", "enforcement_files", "广东省政数局2023年属于行政执法案卷的有几件",
         intent=F, rows={"denied.enforcement_files"}, bodies={GD}, years={2023}),
    case("t3row", "inquiry", "淮安市政府2024年属于行政查询事项的申请有多少",
         intent=F, rows={"denied.inquiry_matters"}, bodies={HA}, years={2024}),
    case("t3row", "not_held-label", "平潭2023年本机关不掌握相关政府信息的有几件",
         intent=F, rows={"unavailable.not_held"}, bodies={PT}, years={2023}),
    case("t3row", "not_held-colloq", "望湖街道2023年因为不掌握信息而无法提供的有几件",
         intent=F, rows={"unavailable.not_held"}, bodies={WH}, years={2023}),
    case("t3row", "needs_creation", "番禺区政数局2023年没有现成信息需要另行制作的有几件",
         intent=F, rows={"unavailable.needs_creation"}, bodies={PY}, years={2023}),
    case("t3row", "unclear", "鹭湾市市场监督管理局2024年补正后申请内容仍不明确的数量",
         intent=F, rows={"unavailable.unclear"}, bodies={LW}, years={2024}),
    case("t3row", "petition", "淮安市政府2024年信访举报投诉类申请不予处理的有几件",
         intent=F, rows={"not_processed.petition"}, bodies={HA}, years={2024}),
    case("t3row", "repeated", "平潭2025年重复申请多少件",
         intent=F, rows={"not_processed.repeated"}, bodies={PT}, years={2025}),
    case("t3row", "publications", "望澜县政府2025年要求提供公开出版物的申请几件",
         intent=F, rows={"not_processed.publications"}, bodies={WL}, years={2025}),
    case("t3row", "excessive", "广东省政数局2023年无正当理由大量反复申请的有多少",
         intent=F, rows={"not_processed.excessive"}, bodies={GD}, years={2023}),
    case("t3row", "reissue", "桐江县自然资源局2022年要求行政机关确认或重新出具已获取信息的有几件",
         intent=F, rows={"not_processed.reissue"}, bodies={TJ}, years={2022}),
    case("t3row", "no_correction", "望湖街道2024年申请人逾期不补正、行政机关不再处理的有几件",
         intent=F, rows={"other.no_correction"}, bodies={WH}, years={2024}),
    case("t3row", "fee_unpaid", "淮安市政府2024年申请人逾期未按收费通知要求缴纳费用的有几件",
         intent=F, rows={"other.fee_unpaid"}, bodies={HA}, years={2024}),
    case("t3row", "other_other", "平潭2025年其他处理中第3项“其他”有几件",
         intent=F, rows={"other.other"}, bodies={PT}, years={2025}),
    case("t3row", "total_handled-label", "番禺区政数局2023年办理结果总计多少件",
         intent=F, rows={"total_handled"}, col=None, bodies={PY}, years={2023}),
    case("t3row", "total_handled-banwan", "鹭湾市监局2024年一共办完了多少件申请",
         intent=F, rows={"total_handled"}, bodies={LW}, years={2024}),
    case("t3row", "total_handled-banjie", "桐江县自然资源局2022年办结了多少件申请",
         intent=F, rows={"total_handled"}, bodies={TJ}, years={2022}),
    case("t3row", "carried_forward-label", "望澜县政府2025年结转下年度继续办理的申请有几件",
         intent=F, rows={"carried_forward"}, bodies={WL}, years={2025}),
    case("t3row", "carried_forward-colloq", "广东省政数局2023年有多少申请转到下一年办",
         intent=F, rows={"carried_forward"}, bodies={GD}, years={2023}),
    # English
    case("t3row", "new-received",
         "How many new information disclosure requests did the Huai'an Municipal People's Government receive in 2024?",
         intent=F, rows={"new"}, col=None, bodies={HA}, years={2024}),
    case("t3row", "new-applications", "Number of applications received by Pingtan in 2025",
         intent=F, rows={"new"}, bodies={PT}, years={2025}),
    case("t3row", "carried_over-prev",
         "How many requests did the Panyu data bureau carry over from the previous year in its 2023 report?",
         intent=F, rows={"carried_over"}, bodies={PY}, years={2023}),
    case("t3row", "carried_over-prior",
         "In its 2024 report, how many pending requests did the Luwan market regulator carry over from the prior year?",
         intent=F, rows={"carried_over"}, bodies={LW}, years={2024}),
    case("t3row", "granted-in-full",
         "How many requests did the Tongjiang County Natural Resources Bureau grant in full in 2022?",
         intent=F, rows={"granted"}, bodies={TJ}, years={2022}),
    case("t3row", "granted-fully-disclosed",
         "How many requests were fully disclosed by the Wanglan County government in 2025?",
         intent=F, rows={"granted"}, bodies={WL}, years={2025}),
    case("t3row", "partial-granted",
         "How many requests were partially granted by Guangdong's government service and data bureau in 2023?",
         intent=F, rows={"partial"}, bodies={GD}, years={2023}),
    case("t3row", "partial-partly", "Partly disclosed requests, Huai'an, 2024",
         intent=F, rows={"partial"}, bodies={HA}, years={2024}),
    case("t3row", "state_secret", "How many requests did Pingtan withhold as state secrets in 2025?",
         intent=F, rows={"denied.state_secret"}, bodies={PT}, years={2025}),
    case("t3row", "prohibited",
         "How many requests did the Wanglan County government refuse in 2025 because other laws and regulations prohibit disclosure?",
         intent=F, rows={"denied.prohibited_by_law"}, bodies={WL}, years={2025}),
    case("t3row", "security",
         "How many requests did Huai'an deny in 2024 because disclosure would endanger national security, public security, economic security or social stability?",
         intent=F, rows={"denied.security_stability"}, bodies={HA}, years={2024}),
    case("t3row", "third_party",
         "How many requests were withheld to protect the lawful rights of third parties by the Panyu data bureau in 2023?",
         intent=F, rows={"denied.third_party"}, bodies={PY}, years={2023}),
    case("t3row", "internal",
         "How many requests did the Luwan market regulator withhold as internal affairs information in 2024?",
         intent=F, rows={"denied.internal_affairs"}, bodies={LW}, years={2024}),
    case("t3row", "process",
         "How many requests did the Tongjiang natural resources bureau withhold as process information in 2022?",
         intent=F, rows={"denied.process_info"}, bodies={TJ}, years={2022}),
    case("t3row", "enforcement_files",
         "How many requests were denied as administrative law-enforcement case files by Guangdong's data bureau in 2023?",
         intent=F, rows={"denied.enforcement_files"}, bodies={GD}, years={2023}),
    case("t3row", "inquiry",
         "How many requests did Huai'an withhold in 2024 as administrative inquiry matters?",
         intent=F, rows={"denied.inquiry_matters"}, bodies={HA}, years={2024}),
    case("t3row", "not_held",
         "How many requests could Pingtan not answer in 2023 because it did not hold the information?",
         intent=F, rows={"unavailable.not_held"}, bodies={PT}, years={2023}),
    case("t3row", "needs_creation",
         "How many requests in 2023 would have required the Panyu data bureau to create new information?",
         intent=F, rows={"unavailable.needs_creation"}, bodies={PY}, years={2023}),
    case("t3row", "unclear",
         "How many requests to the Luwan market regulator were still unclear after correction in 2024?",
         intent=F, rows={"unavailable.unclear"}, bodies={LW}, years={2024}),
    case("t3row", "petition",
         "How many requests did Huai'an not process in 2024 because they were petitions, reports or complaints?",
         intent=F, rows={"not_processed.petition"}, bodies={HA}, years={2024}),
    case("t3row", "repeated", "How many repeated requests did Pingtan decline to process in 2025?",
         intent=F, rows={"not_processed.repeated"}, bodies={PT}, years={2025}),
    case("t3row", "publications",
         "How many requests asked the Wanglan County government for public publications in 2025?",
         intent=F, rows={"not_processed.publications"}, bodies={WL}, years={2025}),
    case("t3row", "excessive",
         "How many requests to Guangdong's data bureau in 2023 were large numbers of repeated requests without good reason?",
         intent=F, rows={"not_processed.excessive"}, bodies={GD}, years={2023}),
    case("t3row", "reissue",
         "How many requests asked the Tongjiang natural resources bureau in 2022 to confirm or reissue information already obtained?",
         intent=F, rows={"not_processed.reissue"}, bodies={TJ}, years={2022}),
    case("t3row", "no_correction",
         "How many applications did Wanghu Subdistrict stop processing in 2024 because the applicant did not supplement them in time?",
         intent=F, rows={"other.no_correction"}, bodies={WH}, years={2024}),
    case("t3row", "fee_unpaid",
         "How many applications did Huai'an stop processing in 2024 because the applicant did not pay the fee on time?",
         intent=F, rows={"other.fee_unpaid"}, bodies={HA}, years={2024}),
    case("t3row", "total_handled-total",
         "What was the total number of requests handled by the Panyu data bureau in 2023?",
         intent=F, rows={"total_handled"}, bodies={PY}, years={2023}),
    case("t3row", "total_handled-processed", "How many requests did the Luwan market regulator process in 2024?",
         intent=F, rows={"total_handled"}, bodies={LW}, years={2024}),
    case("t3row", "carried_forward-next",
         "How many requests did the Wanglan County government carry forward to the next year in its 2025 report?",
         intent=F, rows={"carried_forward"}, bodies={WL}, years={2025}),
    case("t3row", "carried_forward-terse", "Guangdong data bureau, 2023: requests carried forward to next year",
         intent=F, rows={"carried_forward"}, bodies={GD}, years={2023}),

    # ---------------------------------------------------------------- table 3 groups --------
    case("t3group", "denied", "淮安市政府2024年不予公开的申请一共几件",
         rows={"denied"}, bodies={HA}, years={2024}),
    case("t3group", "denied-meigei", "平潭2023年没给公开的有多少件",
         rows={"denied"}, bodies={PT}, years={2023}),
    case("t3group", "unavailable", "望湖街道2023年无法提供的有多少件",
         rows={"unavailable"}, bodies={WH}, years={2023}),
    case("t3group", "not_processed", "桐江县自然资源局2022年不予处理的申请有多少",
         rows={"not_processed"}, bodies={TJ}, years={2022}),
    case("t3group", "other", "鹭湾市监局2024年其他处理的有几件",
         rows={"other"}, bodies={LW}, years={2024}),
    case("t3group", "denied-withheld", "How many requests did Huai'an withhold in 2024?",
         rows={"denied"}, bodies={HA}, years={2024}),
    case("t3group", "denied-refused-outright", "How many requests did Pingtan refuse outright in 2023?",
         rows={"denied"}, bodies={PT}, years={2023}),
    case("t3group", "unavailable", "How many requests could Wanghu Subdistrict not provide in 2023?",
         rows={"unavailable"}, bodies={WH}, years={2023}),
    case("t3group", "not_processed",
         "How many requests did the Tongjiang natural resources bureau decline to process in 2022?",
         rows={"not_processed"}, bodies={TJ}, years={2022}),
    case("t3group", "other", "How many requests did the Luwan market regulator handle in other ways in 2024?",
         rows={"other"}, bodies={LW}, years={2024}),

    # ---------------------------------------------------------------- table 3 columns -------
    case("t3col", "natural_person", "淮安市政府2024年自然人申请有多少件",
         intent=F, rows={"new"}, col="natural_person", bodies={HA}, years={2024}),
    case("t3col", "natural_person-geren", "望澜县政府2025年个人申请了多少件？",
         intent=F, rows={"new"}, col="natural_person", bodies={WL}, years={2025}),
    case("t3col", "natural_person-qunzhong", "平潭2025年群众个人提交的申请多少",
         intent=F, rows={"new"}, col="natural_person", bodies={PT}, years={2025}),
    case("t3col", "commercial", "番禺区政数局2023年商业企业申请数量",
         intent=F, rows={"new"}, col="commercial", bodies={PY}, years={2023}),
    case("t3col", "commercial-qiye", "广东省政数局2023年企业申请的有几件",
         intent=F, rows={"new"}, col="commercial", bodies={GD}, years={2023}),
    case("t3col", "research", "望澜县2025年科研机构申请了几件",
         intent=F, rows={"new"}, col="research", bodies={WL}, years={2025}),
    case("t3col", "public_interest", "桐江县自然资源局2022年社会公益组织申请多少件",
         intent=F, rows={"new"}, col="public_interest", bodies={TJ}, years={2022}),
    case("t3col", "legal_services", "鹭湾市市场监管局2024年法律服务机构提出的申请有多少",
         intent=F, rows={"new"}, col="legal_services", bodies={LW}, years={2024}),
    case("t3col", "legal_services-lvsuo", "淮安市政府2024年律师事务所申请了几件",
         intent=F, rows={"new"}, col="legal_services", bodies={HA}, years={2024}),
    case("t3col", "other_org", "望湖街道2024年法人或其他组织中“其他”类申请人的申请数",
         rows={"new"}, col="other_org", bodies={WH}, years={2024}),
    case("t3col", "legal_entities", "平潭2023年法人或其他组织申请合计多少件",
         rows={"new"}, col="legal_entities", bodies={PT}, years={2023}),
    case("t3col", "granted-commercial", "番禺区政数局2023年商业企业申请中予以公开的有几件",
         intent=F, rows={"granted"}, col="commercial", bodies={PY}, years={2023}),
    case("t3col", "denied-natural_person", "淮安市政府2024年自然人申请中不予公开的有多少",
         rows={"denied"}, col="natural_person", bodies={HA}, years={2024}),
    case("t3col", "carried_forward-natural_person", "鹭湾市监局2024年自然人申请结转下年度继续办理的有几件",
         intent=F, rows={"carried_forward"}, col="natural_person", bodies={LW}, years={2024}),
    case("t3col", "total-is-no-col", "平潭2025年新收申请总计是多少",
         intent=F, rows={"new"}, col=None, bodies={PT}, years={2025}),
    case("t3col", "natural_person", "How many requests did individuals file with Huai'an in 2024?",
         intent=F, rows={"new"}, col="natural_person", bodies={HA}, years={2024}),
    case("t3col", "natural_person-citizens", "How many requests from private citizens did Pingtan get in 2025?",
         intent=F, rows={"new"}, col="natural_person", bodies={PT}, years={2025}),
    case("t3col", "commercial-businesses", "Requests from businesses, Panyu data bureau, 2023",
         intent=F, rows={"new"}, col="commercial", bodies={PY}, years={2023}),
    case("t3col", "commercial-companies", "How many requests came from companies to Guangdong's data bureau in 2023?",
         intent=F, rows={"new"}, col="commercial", bodies={GD}, years={2023}),
    case("t3col", "research", "How many requests did research institutions file with Wanglan County in 2025?",
         intent=F, rows={"new"}, col="research", bodies={WL}, years={2025}),
    case("t3col", "public_interest",
         "Requests from public interest organizations, Tongjiang natural resources bureau, 2022",
         intent=F, rows={"new"}, col="public_interest", bodies={TJ}, years={2022}),
    case("t3col", "legal_services",
         "How many requests were filed by legal service institutions with the Luwan market regulator in 2024?",
         intent=F, rows={"new"}, col="legal_services", bodies={LW}, years={2024}),
    case("t3col", "legal_services-law-firms", "How many requests from law firms did Huai'an receive in 2024?",
         intent=F, rows={"new"}, col="legal_services", bodies={HA}, years={2024}),
    case("t3col", "legal_entities",
         "How many requests came from legal persons and other organizations in Pingtan in 2023?",
         rows={"new"}, col="legal_entities", bodies={PT}, years={2023}),
    case("t3col", "granted-natural_person",
         "Of the requests from individuals, how many did Huai'an grant in full in 2024?",
         intent=F, rows={"granted"}, col="natural_person", bodies={HA}, years={2024}),
    case("t3col", "partial-commercial",
         "How many requests from companies did the Panyu data bureau partially grant in 2023?",
         intent=F, rows={"partial"}, col="commercial", bodies={PY}, years={2023}),

    # ---------------------------------------------------------------- table 2 ---------------
    case("t2", "rules-issued", "淮安市政府2024年本年制发规章几件",
         intent=F, rows={"rules"}, col="issued", bodies={HA}, years={2024}),
    case("t2", "rules-repealed", "淮安市政府2024年废止了多少件规章",
         intent=F, rows={"rules"}, col="repealed", bodies={HA}, years={2024}),
    case("t2", "rules-in_force", "淮安市政府2024年现行有效规章件数",
         intent=F, rows={"rules"}, col="in_force", bodies={HA}, years={2024}),
    case("t2", "normative-issued", "望澜县政府2025年制发行政规范性文件多少件",
         intent=F, rows={"normative"}, col="issued", bodies={WL}, years={2025}),
    case("t2", "normative-repealed", "平潭2025年废止规范性文件几件",
         intent=F, rows={"normative"}, col="repealed", bodies={PT}, years={2025}),
    case("t2", "normative-in_force", "广东省政数局2023年现行有效的规范性文件有多少件",
         intent=F, rows={"normative"}, col="in_force", bodies={GD}, years={2023}),
    case("t2", "licensing", "番禺区政数局2023年行政许可本年处理决定数量",
         intent=F, rows={"licensing"}, col="decisions", bodies={PY}, years={2023}),
    case("t2", "penalty", "鹭湾市市场监督管理局2024年作出行政处罚决定多少件",
         intent=F, rows={"penalty"}, col="decisions", bodies={LW}, years={2024}),
    case("t2", "penalty-short", "鹭湾市监局2024年行政处罚有多少",
         intent=F, rows={"penalty"}, bodies={LW}, years={2024}),
    case("t2", "enforcement", "桐江县自然资源局2022年行政强制处理决定数量",
         intent=F, rows={"enforcement"}, col="decisions", bodies={TJ}, years={2022}),
    case("t2", "fees", "淮安市政府2024年行政事业性收费金额是多少",
         intent=F, rows={"fees"}, col="amount", bodies={HA}, years={2024}),
    case("t2", "2019-normative-made", "青溪县人民政府办公室2019年本年新制作规范性文件数量",
         intent=F, rows={"normative"}, col="made", bodies={QX}, years={2019}),
    case("t2", "2019-normative-published", "青溪县政府办2019年本年新公开规范性文件多少件",
         intent=F, rows={"normative"}, col="published", bodies={QX}, years={2019}),
    case("t2", "2019-rules-total_public", "青溪县政府办公室2019年规章对外公开总数量",
         intent=F, rows={"rules"}, col="total_public", bodies={QX}, years={2019}),
    case("t2", "2019-licensing-prev_items", "云岚省交通运输厅2020年行政许可上一年项目数量",
         intent=F, rows={"licensing"}, col="prev_items", bodies={YL}, years={2020}),
    case("t2", "2019-licensing-change", "云岚省交通厅2020年行政许可本年增/减多少",
         intent=F, rows={"licensing"}, col="change", bodies={YL}, years={2020}),
    case("t2", "2019-other_services", "云岚省交通运输厅2020年其他对外管理服务事项处理决定数量",
         intent=F, rows={"other_services"}, col="decisions", bodies={YL}, years={2020}),
    case("t2", "2019-procurement-items", "青溪县政府办2019年政府集中采购项目数量",
         intent=F, rows={"procurement"}, col="items", bodies={QX}, years={2019}),
    case("t2", "2019-procurement-amount", "云岚省交通运输厅2020年政府集中采购总金额",
         intent=F, rows={"procurement"}, col="amount", bodies={YL}, years={2020}),
    case("t2", "2019-fees-change", "云岚省交通运输厅2020年行政事业性收费本年增/减",
         intent=F, rows={"fees"}, col="change", bodies={YL}, years={2020}),
    case("t2", "2019-penalty-decisions", "云岚省交通运输厅2020年行政处罚处理决定数量",
         intent=F, rows={"penalty"}, col="decisions", bodies={YL}, years={2020}),
    case("t2", "rules-issued", "How many government rules did the Huai'an municipal government issue in 2024?",
         intent=F, rows={"rules"}, col="issued", bodies={HA}, years={2024}),
    case("t2", "rules-repealed", "How many rules did Huai'an repeal in 2024?",
         intent=F, rows={"rules"}, col="repealed", bodies={HA}, years={2024}),
    case("t2", "rules-in_force", "How many government rules of Huai'an were currently in force according to its 2024 report?",
         intent=F, rows={"rules"}, col="in_force", bodies={HA}, years={2024}),
    case("t2", "normative-issued", "How many normative documents did Wanglan County issue in 2025?",
         intent=F, rows={"normative"}, col="issued", bodies={WL}, years={2025}),
    case("t2", "normative-repealed", "How many normative documents did Pingtan repeal in 2025?",
         intent=F, rows={"normative"}, col="repealed", bodies={PT}, years={2025}),
    case("t2", "normative-in_force", "Normative documents in force, Guangdong data bureau, 2023",
         intent=F, rows={"normative"}, col="in_force", bodies={GD}, years={2023}),
    case("t2", "licensing", "How many administrative licensing decisions did the Panyu data bureau make in 2023?",
         intent=F, rows={"licensing"}, col="decisions", bodies={PY}, years={2023}),
    case("t2", "penalty", "How many administrative penalty decisions did the Luwan market regulator issue in 2024?",
         intent=F, rows={"penalty"}, col="decisions", bodies={LW}, years={2024}),
    case("t2", "enforcement",
         "Number of administrative coercion decisions, Tongjiang County Natural Resources Bureau, 2022",
         intent=F, rows={"enforcement"}, col="decisions", bodies={TJ}, years={2022}),
    case("t2", "fees", "How much did Huai'an collect in administrative fees in 2024?",
         intent=F, rows={"fees"}, col="amount", bodies={HA}, years={2024}),
    case("t2", "2019-normative-made",
         "How many normative documents did the Qingxi County government general office newly make in 2019?",
         intent=F, rows={"normative"}, col="made", bodies={QX}, years={2019}),
    case("t2", "2019-normative-published",
         "How many normative documents did the Qingxi County government general office newly publish in 2019?",
         intent=F, rows={"normative"}, col="published", bodies={QX}, years={2019}),
    case("t2", "2019-procurement-items",
         "How many government centralized procurement projects did the Yunlan Provincial Department of Transport have in 2020?",
         intent=F, rows={"procurement"}, col="items", bodies={YL}, years={2020}),
    case("t2", "2019-procurement-amount",
         "Total amount of government centralized procurement, Yunlan transport department, 2020",
         intent=F, rows={"procurement"}, col="amount", bodies={YL}, years={2020}),
    case("t2", "2019-other_services",
         "Decisions on other external management service matters, Yunlan transport department, 2020",
         intent=F, rows={"other_services"}, col="decisions", bodies={YL}, years={2020}),

    # ---------------------------------------------------------------- table 4 ---------------
    case("t4", "review", "淮安市政府2024年被申请行政复议多少件",
         intent=F, rows={"review"}, col=None, bodies={HA}, years={2024}),
    case("t4", "review-upheld", "平潭2025年行政复议结果维持的有几件",
         intent=F, rows={"review"}, col="upheld", bodies={PT}, years={2025}),
    case("t4", "review-corrected", "望澜县政府2025年行政复议结果被纠正的有几件",
         intent=F, rows={"review"}, col="corrected", bodies={WL}, years={2025}),
    case("t4", "review-other", "番禺区政数局2023年行政复议其他结果几件",
         intent=F, rows={"review"}, col="other", bodies={PY}, years={2023}),
    case("t4", "review-pending", "广东省政数局2023年行政复议尚未审结的有多少",
         intent=F, rows={"review"}, col="pending", bodies={GD}, years={2023}),
    case("t4", "review-total", "望湖街道2024年行政复议总计几件",
         intent=F, rows={"review"}, col=None, bodies={WH}, years={2024}),
    case("t4", "suit_direct", "鹭湾市监局2024年未经复议直接起诉的行政诉讼有几件",
         intent=F, rows={"suit_direct"}, col=None, bodies={LW}, years={2024}),
    case("t4", "suit_after_review", "淮安市政府2024年复议后起诉的案件数",
         intent=F, rows={"suit_after_review"}, col=None, bodies={HA}, years={2024}),
    case("t4", "suit_after_review-upheld", "淮安市政府2024年复议后起诉结果维持的有几件",
         intent=F, rows={"suit_after_review"}, col="upheld", bodies={HA}, years={2024}),
    case("t4", "suit-daguansi", "平潭2023年因为信息公开被打官司几次",
         intent=F, rows={"suit"}, bodies={PT}, years={2023}),
    case("t4", "suit-qisu", "望澜县政府2025年因政府信息公开被提起行政诉讼几件",
         intent=F, rows={"suit"}, bodies={WL}, years={2025}),
    case("t4", "suit_direct-corrected", "鹭湾市市场监督管理局2024年直接起诉的案件结果纠正几件",
         intent=F, rows={"suit_direct"}, col="corrected", bodies={LW}, years={2024}),
    case("t4", "suit-pending", "桐江县自然资源局2022年行政诉讼尚未审结的有几件",
         intent=F, rows={"suit"}, col="pending", bodies={TJ}, years={2022}),
    case("t4", "review", "How many administrative reconsideration cases did Huai'an face in 2024?",
         intent=F, rows={"review"}, col=None, bodies={HA}, years={2024}),
    case("t4", "review-upheld", "How many administrative reconsiderations upheld Pingtan's decision in 2025?",
         intent=F, rows={"review"}, col="upheld", bodies={PT}, years={2025}),
    case("t4", "review-corrected",
         "How many administrative reconsideration cases ended with the decision corrected, Wanglan County government, 2025?",
         intent=F, rows={"review"}, col="corrected", bodies={WL}, years={2025}),
    case("t4", "review-pending",
         "How many administrative reconsideration cases of Guangdong's data bureau were still pending in 2023?",
         intent=F, rows={"review"}, col="pending", bodies={GD}, years={2023}),
    case("t4", "review-other",
         "Administrative reconsideration cases with other results, Panyu data bureau, 2023",
         intent=F, rows={"review"}, col="other", bodies={PY}, years={2023}),
    case("t4", "suit_direct",
         "How many lawsuits were filed directly, without reconsideration, against the Luwan market regulator in 2024?",
         intent=F, rows={"suit_direct"}, bodies={LW}, years={2024}),
    case("t4", "suit_after_review",
         "How many lawsuits were filed against Huai'an after administrative reconsideration in 2024?",
         intent=F, rows={"suit_after_review"}, bodies={HA}, years={2024}),
    case("t4", "suit-sued", "How many times was Pingtan sued over information disclosure in 2023?",
         intent=F, rows={"suit"}, bodies={PT}, years={2023}),
    case("t4", "suit-lawsuits", "How many administrative lawsuits did the Wanglan County government face in 2025?",
         intent=F, rows={"suit"}, bodies={WL}, years={2025}),
    case("t4", "suit_direct-upheld",
         "How many lawsuits filed directly against the Luwan market regulator ended with the decision upheld in 2024?",
         intent=F, rows={"suit_direct"}, col="upheld", bodies={LW}, years={2024}),
    case("t4", "suit-pending",
         "How many lawsuits against the Tongjiang natural resources bureau were still pending in 2022?",
         intent=F, rows={"suit"}, col="pending", bodies={TJ}, years={2022}),

    # ---------------------------------------------------------------- years -----------------
    case("year", "chinese-numerals-2023", "番禺区政数局二〇二三年新收申请多少件",
         intent=F, rows={"new"}, bodies={PY}, years={2023}),
    case("year", "chinese-numerals-2025", "平潭二〇二五年予以公开多少件",
         intent=F, rows={"granted"}, bodies={PT}, years={2025}),
    case("year", "two-digit-24", "淮安市政府24年新收多少申请",
         intent=F, rows={"new"}, bodies={HA}, years={2024}),
    case("year", "two-digit-23", "望湖街道23年新收申请多少",
         intent=F, rows={"new"}, bodies={WH}, years={2023}),
    case("year", "spoken-two-digit-24", "淮安市政府二四年新收多少申请",
         intent=F, rows={"new"}, bodies={HA}, years={2024}),
    case("year", "spoken-two-digit-19", "青溪县政府办一九年予以公开几件",
         intent=F, rows={"granted"}, bodies={QX}, years={2019}),
    case("year", "financial-numerals", "云岚省交通运输厅贰零贰零年度新收申请多少件",
         intent=F, rows={"new"}, bodies={YL}, years={2020}),
    # ---------------------------------------------------------------- regional wording ------
    case("regional", "hk-how-many-cases", "淮安市政府2024年收到嘅資訊公開申請有幾多宗？",
         intent=F, rows={"new"}, bodies={HA}, years={2024}),
    case("regional", "hk-writ-without-review", "雲嵐省交通運輸廳2020年有幾多宗訴訟係未經覆議直接入稟法院嘅？",
         intent=F, rows={"suit_direct"}, bodies={YL}, years={2020}),
    case("regional", "tw-businesses", "桐江縣自然資源局2022年由公司行號提出的申請有幾件？",
         intent=F, rows={"new"}, col="commercial", bodies={TJ}, years={2022}),
    # ---------------------------------------------------------------- typed by sound --------
    case("sound", "gongkai", "平潭2025年部分工开多少件",
         intent=F, rows={"partial"}, bodies={PT}, years={2025}),
    case("sound", "fuyi", "望湖街道2024年被申请行政复义多少件",
         intent=F, rows={"review"}, bodies={WH}, years={2024}),
    case("sound", "guochengxing", "鹭湾市监局2024年因为过城性信息不予公开几件",
         intent=F, rows={"denied.process_info"}, bodies={LW}, years={2024}),
    # ---------------------------------------------------------------- thresholds ------------
    case("threshold", "over-n", "望澜县政府2025年新收申请有没有超过300件？",
         intent=F, rows={"new"}, bodies={WL}, years={2025}, threshold=(">", 300)),
    case("threshold", "round-thousand", "淮安市政府2024年新收申请是不是上千了？",
         intent=F, rows={"new"}, bodies={HA}, years={2024}, threshold=(">=", 1000)),
    case("threshold", "did-more-than", "Did Pingtan grant more than 50 requests in full in 2023? How many exactly?",
         intent=F, rows={"granted"}, bodies={PT}, years={2023}, threshold=(">", 50)),
    case("threshold", "more-than-compares-two-years", "Did Pingtan grant more requests in full in 2025 than in 2023?",
         rows={"granted"}, bodies={PT}, years={2023, 2025}, threshold=None),
    case("body", "guanweihui", "平潭管委会2023年予以公开多少件",
         intent=F, rows={"granted"}, bodies={PT}, years={2023}),
    case("year", "niandu", "平潭2023年度办结总数",
         intent=F, rows={"total_handled"}, bodies={PT}, years={2023}),
    case("year", "two-years-short", "望湖街道23、24两年新收申请合计",
         intent=S, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("year", "shangnian-relative", "望湖街道2024年新收申请比上年多多少",
         intent=CH, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("year", "shangnian-jiezhuan-is-a-row", "鹭湾市监局2024年上年结转的申请有几件",
         intent=F, rows={"carried_over"}, bodies={LW}, years={2024}),
    case("year", "loaded-body-unloaded-year", "淮安市政府2023年新收申请多少",
         rows={"new"}, bodies={HA}, years={2023}),
    case("year", "en-dash-range", "Wanghu Subdistrict, total new requests for 2023–24",
         intent=S, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("year", "hyphen-range", "Wanghu Subdistrict 2023-2024 total requests received",
         intent=S, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("year", "and-combined", "In 2023 and 2024 combined, how many requests did Wanghu Subdistrict receive?",
         intent=S, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("year", "previous-year-change",
         "By how much did Wanghu Subdistrict's new requests in 2024 change from the previous year?",
         intent=CH, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("year", "year-before-growth",
         "By what percent did Wanghu Subdistrict's new requests grow in 2024 over the year before?",
         intent=GR, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("year", "carried-over-previous-is-a-row", "Huai'an, 2024: requests carried over from the previous year",
         intent=F, rows={"carried_over"}, bodies={HA}, years={2024}),
    case("year", "loaded-body-unloaded-year", "How many requests did Huai'an receive in 2023?",
         rows={"new"}, bodies={HA}, years={2023}),

    # ---------------------------------------------------------------- recent ----------------
    case("recent", "jinliangnian-sum", "平潭近两年新收申请合计多少",
         rows={"new"}, bodies={PT}, recent=2),
    case("recent", "jinliangnian-list", "望湖街道近两年新收申请分别多少",
         intent=LI, rows={"new"}, bodies={WH}, recent=2),
    case("recent", "zuijin-liangnian", "望湖街道最近两年办结总数",
         rows={"total_handled"}, bodies={WH}, recent=2),
    case("recent", "last-two-years", "Pingtan: requests received over the last two years",
         rows={"new"}, bodies={PT}, recent=2),
    case("recent", "past-two-years-each", "How many requests did Pingtan grant in full in each of the past two years?",
         intent=LI, rows={"granted"}, bodies={PT}, recent=2),
    case("recent", "latest-two-years", "Wanghu Subdistrict's total handled in the latest two years",
         rows={"total_handled"}, bodies={WH}, recent=2),

    # ---------------------------------------------------------------- bodies (loaded) -------
    case("body", "gd-full", "广东省政务服务和数据管理局2023年新收政府信息公开申请多少件",
         rows={"new"}, bodies={GD}, years={2023}),
    case("body", "gd-zhengshuju", "广东省政数局2023年收到多少申请",
         rows={"new"}, bodies={GD}, years={2023}),
    case("body", "gd-no-sheng", "广东政数局2023年新收申请多少",
         rows={"new"}, bodies={GD}, years={2023}),
    case("body", "py-full", "广州市番禺区政务服务数据管理局2023年新收申请数量",
         rows={"new"}, bodies={PY}, years={2023}),
    case("body", "py-without-city", "番禺区政务服务数据管理局2023年新收申请数量",
         rows={"new"}, bodies={PY}, years={2023}),
    case("body", "py-short", "番禺政数局2023年新收申请多少",
         rows={"new"}, bodies={PY}, years={2023}),
    case("body", "ha-place", "淮安2024年新收申请多少",
         rows={"new"}, bodies={HA}, years={2024}),
    case("body", "pt-full", "平潭综合实验区2025年新收申请多少",
         rows={"new"}, bodies={PT}, years={2025}),
    case("body", "pt-shiyanqu", "平潭实验区2023年新收申请多少",
         rows={"new"}, bodies={PT}, years={2023}),
    case("body", "tj-short", "桐江自然资源局2022年新收申请多少",
         rows={"new"}, bodies={TJ}, years={2022}),
    case("body", "lw-full", "鹭湾市市场监督管理局2024年新收申请多少",
         rows={"new"}, bodies={LW}, years={2024}),
    case("body", "lw-shijianju", "鹭湾市监局2024年新收申请多少",
         rows={"new"}, bodies={LW}, years={2024}),
    case("body", "wl-full", "望澜县人民政府2025年新收申请多少",
         rows={"new"}, bodies={WL}, years={2025}),
    case("body", "wl-place", "望澜县2025年新收申请多少",
         rows={"new"}, bodies={WL}, years={2025}),
    case("body", "wh-old-name-old-year", "河西市临江区人民政府望湖街道办事处2023年新收申请多少",
         rows={"new"}, bodies={WH}, years={2023}),
    case("body", "wh-new-name-new-year", "临江区望湖街道办事处2024年新收申请多少",
         rows={"new"}, bodies={WH}, years={2024}),
    case("body", "wh-new-name-old-year", "临江区望湖街道办事处2023年新收申请多少",
         rows={"new"}, bodies={WH}, years={2023}),
    case("body", "wh-old-name-new-year", "河西市临江区人民政府望湖街道办事处2024年新收申请多少",
         rows={"new"}, bodies={WH}, years={2024}),
    case("body", "wh-jiedaoban", "望湖街道办2024年新收申请多少",
         rows={"new"}, bodies={WH}, years={2024}),
    case("body", "qx-full", "青溪县人民政府办公室2019年新收申请多少",
         rows={"new"}, bodies={QX}, years={2019}),
    case("body", "yl-full", "云岚省交通运输厅2020年新收申请多少",
         rows={"new"}, bodies={YL}, years={2020}),
    case("body", "yl-short", "云岚省交通厅2020年收到多少申请",
         rows={"new"}, bodies={YL}, years={2020}),
    case("body", "gd-full",
         "How many requests did the Guangdong Provincial Government Service and Data Management Bureau receive in 2023?",
         rows={"new"}, bodies={GD}, years={2023}),
    case("body", "py-full",
         "How many requests did the Panyu District Government Service and Data Management Bureau receive in 2023?",
         rows={"new"}, bodies={PY}, years={2023}),
    case("body", "ha-huaian-no-apostrophe", "How many requests did the Huaian city government receive in 2024?",
         rows={"new"}, bodies={HA}, years={2024}),
    case("body", "ha-place", "How many requests did Huai'an receive in 2024?",
         rows={"new"}, bodies={HA}, years={2024}),
    case("body", "pt-full", "How many requests did the Pingtan Comprehensive Experimental Zone receive in 2025?",
         rows={"new"}, bodies={PT}, years={2025}),
    case("body", "tj-full", "How many requests did the Tongjiang County Natural Resources Bureau receive in 2022?",
         rows={"new"}, bodies={TJ}, years={2022}),
    case("body", "lw-full",
         "How many requests did the Luwan Municipal Administration for Market Regulation receive in 2024?",
         rows={"new"}, bodies={LW}, years={2024}),
    case("body", "lw-short", "How many requests did Luwan's market supervision bureau receive in 2024?",
         rows={"new"}, bodies={LW}, years={2024}),
    case("body", "wl-full", "How many requests did the Wanglan County People's Government receive in 2025?",
         rows={"new"}, bodies={WL}, years={2025}),
    case("body", "wl-place", "How many requests did Wanglan County receive in 2025?",
         rows={"new"}, bodies={WL}, years={2025}),
    case("body", "wh-full", "How many requests did the Wanghu Subdistrict Office of Linjiang District receive in 2023?",
         rows={"new"}, bodies={WH}, years={2023}),
    case("body", "qx-full",
         "How many requests did the General Office of the Qingxi County People's Government receive in 2019?",
         rows={"new"}, bodies={QX}, years={2019}),
    case("body", "yl-full", "How many requests did the Yunlan Provincial Department of Transport receive in 2020?",
         rows={"new"}, bodies={YL}, years={2020}),
    case("body", "yl-short", "How many requests did Yunlan's transport department receive in 2020?",
         rows={"new"}, bodies={YL}, years={2020}),

    # ---------------------------------------------------------------- bodies not loaded ------
    case("unloaded", "huaian-district", "淮安区2024年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "huaian-finance", "淮安市财政局2024年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "hongze", "洪泽区2023年新收申请多少件",
         unloaded=True, bodies=set()),
    case("unloaded", "gd-province-gov", "广东省人民政府2023年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "panyu-gov", "番禺区人民政府2023年予以公开几件",
         unloaded=True, bodies=set()),
    case("unloaded", "guangzhou-city-bureau", "广州市政务服务数据管理局2023年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "luwan-city-gov", "鹭湾市人民政府2024年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "wanglan-other-dept", "望澜县自然资源局2025年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "tongjiang-gov", "桐江县人民政府2022年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "linjiang-gov", "临江区人民政府2024年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "yunlan-gov", "云岚省人民政府2020年新收申请多少",
         unloaded=True, bodies=set()),
    case("unloaded", "loaded-and-not", "淮安市政府和洪泽区2024年新收申请分别多少",
         unloaded=True, bodies={HA}, years={2024}),
    case("unloaded", "huaian-finance", "How many requests did Huai'an's finance bureau receive in 2024?",
         unloaded=True, bodies=set()),
    case("unloaded", "huaian-district", "Huai'an District, 2024: new requests received",
         unloaded=True, bodies=set()),
    case("unloaded", "hongze", "Hongze District, 2023: requests received",
         unloaded=True, bodies=set()),
    case("unloaded", "jiangsu-gov", "How many requests did the Jiangsu provincial government receive in 2024?",
         unloaded=True, bodies=set()),
    case("unloaded", "guangzhou-city-bureau",
         "How many requests did the Guangzhou Municipal Government Service and Data Management Bureau receive in 2023?",
         unloaded=True, bodies=set()),
    case("unloaded", "panyu-gov", "How many requests did the Panyu District government grant in full in 2023?",
         unloaded=True, bodies=set()),
    case("unloaded", "luwan-city-gov", "How many requests did the Luwan city government receive in 2024?",
         unloaded=True, bodies=set()),
    case("unloaded", "wanglan-other-dept",
         "How many requests did the Wanglan County natural resources bureau receive in 2025?",
         unloaded=True, bodies=set()),
    case("unloaded", "linjiang-gov", "How many requests did the Linjiang District government receive in 2024?",
         unloaded=True, bodies=set()),
    case("unloaded", "loaded-and-not", "Compare Huai'an and Hongze District on new requests in 2024",
         unloaded=True, bodies={HA}, years={2024}),

    # ---------------------------------------------------------------- terse look-ups --------
    case("terse", "pt25-banjie", "平潭25 办结",
         intent=F, rows={"total_handled"}, bodies={PT}, years={2025}),
    case("terse", "ha24-denied-total", "淮安市府24 不予公开合计",
         rows={"denied"}, bodies={HA}, years={2024}),
    case("terse", "py23-new", "番禺区政数局23 新收",
         intent=F, rows={"new"}, bodies={PY}, years={2023}),
    case("terse", "wh24-partial", "望湖街道24 部分公开",
         intent=F, rows={"partial"}, bodies={WH}, years={2024}),
    case("terse", "lw24-review", "鹭湾市监局24 行政复议",
         intent=F, rows={"review"}, bodies={LW}, years={2024}),
    case("terse", "hongze23", "洪泽23",
         unloaded=True, bodies=set()),
    case("terse", "pt25-granted", "Pingtan 2025 granted in full",
         intent=F, rows={"granted"}, bodies={PT}, years={2025}),
    case("terse", "ha24-withheld", "Huai'an 2024 withheld",
         rows={"denied"}, bodies={HA}, years={2024}),
    case("terse", "wl25-new", "Wanglan 2025 new requests",
         intent=F, rows={"new"}, bodies={WL}, years={2025}),
    case("terse", "py23-partial", "Panyu data bureau 2023 partially granted",
         intent=F, rows={"partial"}, bodies={PY}, years={2023}),
    case("terse", "lw24-penalty", "Luwan market regulator 2024 penalty decisions",
         intent=F, rows={"penalty"}, col="decisions", bodies={LW}, years={2024}),

    # ---------------------------------------------------------------- sum -------------------
    case("sum", "two-rows", "淮安市政府2024年予以公开和部分公开合计多少件",
         intent=S, rows={"granted", "partial"}, bodies={HA}, years={2024}),
    case("sum", "two-groups", "平潭2025年不予公开和无法提供一共多少件",
         intent=S, rows={"denied", "unavailable"}, bodies={PT}, years={2025}),
    case("sum", "two-cols", "望澜县2025年自然人和商业企业申请加起来多少",
         intent=S, rows={"new"}, bodies={WL}, years={2025}),
    case("sum", "two-years", "平潭2023年和2025年新收申请一共多少",
         intent=S, rows={"new"}, bodies={PT}, years={2023, 2025}),
    case("sum", "two-bodies", "广东省政数局和番禺区政数局2023年新收申请加起来多少",
         intent=S, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("sum", "t2-two-rows", "淮安市政府2024年规章和规范性文件共制发多少件",
         intent=S, rows={"rules", "normative"}, col="issued", bodies={HA}, years={2024}),
    case("sum", "t2-two-bodies", "淮安市政府和鹭湾市监局2024年行政处罚决定数量合计",
         intent=S, rows={"penalty"}, bodies={HA, LW}, years={2024}),
    case("sum", "t4-review-and-suit", "鹭湾市监局2024年行政复议和行政诉讼一共几件",
         intent=S, bodies={LW}, years={2024}),
    case("sum", "two-rows", "How many requests did Huai'an grant in full or in part in 2024, combined?",
         intent=S, rows={"granted", "partial"}, bodies={HA}, years={2024}),
    case("sum", "two-groups", "Total of withheld and unavailable requests, Pingtan, 2025",
         intent=S, rows={"denied", "unavailable"}, bodies={PT}, years={2025}),
    case("sum", "two-cols",
         "How many requests did individuals and companies file with Wanglan County in 2025, added together?",
         intent=S, rows={"new"}, bodies={WL}, years={2025}),
    case("sum", "two-years", "Pingtan's new requests in 2023 and 2025 combined",
         intent=S, rows={"new"}, bodies={PT}, years={2023, 2025}),
    case("sum", "two-bodies", "Combined new requests of Guangdong's data bureau and the Panyu data bureau in 2023",
         intent=S, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("sum", "t2-two-rows", "Total rules and normative documents issued by Huai'an in 2024",
         intent=S, rows={"rules", "normative"}, col="issued", bodies={HA}, years={2024}),
    case("sum", "t2-two-bodies",
         "Huai'an and the Luwan market regulator, 2024: total administrative penalty decisions",
         intent=S, rows={"penalty"}, bodies={HA, LW}, years={2024}),

    # ---------------------------------------------------------------- difference ------------
    case("difference", "duoshou", "2023年广东省政数局比番禺区政数局多收了多少件申请",
         intent=D, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("difference", "xiangcha", "淮安市政府和鹭湾市监局2024年新收申请相差多少",
         intent=D, rows={"new"}, bodies={HA, LW}, years={2024}),
    case("difference", "shaoshou", "2024年望湖街道比淮安市政府少收多少申请",
         intent=D, rows={"new"}, bodies={WH, HA}, years={2024}),
    case("difference", "granted", "2024年淮安市政府予以公开的比鹭湾市监局多几件",
         intent=D, rows={"granted"}, bodies={HA, LW}, years={2024}),
    case("difference", "more-than",
         "How many more requests did Guangdong's data bureau receive than the Panyu data bureau in 2023?",
         intent=D, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("difference", "difference-between",
         "What is the difference in new requests between Huai'an and the Luwan market regulator in 2024?",
         intent=D, rows={"new"}, bodies={HA, LW}, years={2024}),
    case("difference", "fewer-than",
         "How many fewer requests did Wanghu Subdistrict receive than Huai'an in 2024?",
         intent=D, rows={"new"}, bodies={WH, HA}, years={2024}),
    case("difference", "withheld", "In 2024, how many more requests did Huai'an withhold than the Luwan market regulator?",
         intent=D, rows={"denied"}, bodies={HA, LW}, years={2024}),

    # ---------------------------------------------------------------- subtract --------------
    case("subtract", "minus-two", "淮安市政府2024年办结总数减去予以公开和部分公开的还有多少",
         intent=SUB, rows={"total_handled"}, minus={"granted", "partial"}, bodies={HA}, years={2024}),
    case("subtract", "kouchu", "平潭2025年新收申请扣除重复申请后是多少",
         intent=SUB, rows={"new"}, minus={"not_processed.repeated"}, bodies={PT}, years={2025}),
    case("subtract", "chuqu", "望澜县2025年办结总数除去不予公开的有多少",
         intent=SUB, rows={"total_handled"}, minus={"denied"}, bodies={WL}, years={2025}),
    case("subtract", "new-over-handled", "番禺区政数局2023年新收申请比办结总数多多少",
         intent=SUB, rows={"new"}, minus={"total_handled"}, bodies={PY}, years={2023}),
    case("subtract", "minus-two", "Huai'an 2024: total handled minus those granted in full or in part",
         intent=SUB, rows={"total_handled"}, minus={"granted", "partial"}, bodies={HA}, years={2024}),
    case("subtract", "excluding",
         "How many of Pingtan's 2025 new requests remain after excluding repeated requests?",
         intent=SUB, rows={"new"}, minus={"not_processed.repeated"}, bodies={PT}, years={2025}),
    case("subtract", "less", "Total handled less the withheld ones, Wanglan County government, 2025",
         intent=SUB, rows={"total_handled"}, minus={"denied"}, bodies={WL}, years={2025}),
    case("subtract", "new-over-handled",
         "By how much did the Panyu data bureau's new requests exceed its total handled in 2023?",
         intent=SUB, rows={"new"}, minus={"total_handled"}, bodies={PY}, years={2023}),

    # ---------------------------------------------------------------- change ----------------
    case("change", "zengjia", "望湖街道2024年新收申请比2023年增加了多少件",
         intent=CH, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("change", "duole", "平潭2025年予以公开的比2023年多了几件",
         intent=CH, rows={"granted"}, bodies={PT}, years={2023, 2025}),
    case("change", "bianhua", "平潭2025年与2023年相比办结总数变化了多少",
         intent=CH, rows={"total_handled"}, bodies={PT}, years={2023, 2025}),
    case("change", "jianshao", "望湖街道2024年不予公开的比2023年减少了几件",
         intent=CH, rows={"denied"}, bodies={WH}, years={2023, 2024}),
    case("change", "from-to", "By how much did Wanghu Subdistrict's new requests change from 2023 to 2024?",
         intent=CH, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("change", "more-than-year", "How many more requests did Pingtan grant in full in 2025 than in 2023?",
         intent=CH, rows={"granted"}, bodies={PT}, years={2023, 2025}),
    case("change", "vs", "Change in Pingtan's total handled, 2025 vs 2023",
         intent=CH, rows={"total_handled"}, bodies={PT}, years={2023, 2025}),
    case("change", "fall", "By how many did Wanghu Subdistrict's withheld requests fall from 2023 to 2024?",
         intent=CH, rows={"denied"}, bodies={WH}, years={2023, 2024}),

    # ---------------------------------------------------------------- growth ----------------
    case("growth", "baifenzhi", "望湖街道2024年新收申请比2023年增长了百分之多少",
         intent=GR, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("growth", "zengzhanglv", "平潭2025年新收申请比2023年的增长率是多少",
         intent=GR, rows={"new"}, bodies={PT}, years={2023, 2025}),
    case("growth", "zengfu", "平潭2025年较2023年办结总数增幅多少",
         intent=GR, rows={"total_handled"}, bodies={PT}, years={2023, 2025}),
    case("growth", "percent", "By what percentage did Wanghu Subdistrict's new requests grow from 2023 to 2024?",
         intent=GR, rows={"new"}, bodies={WH}, years={2023, 2024}),
    case("growth", "growth-rate", "What was the growth rate of Pingtan's fully granted requests from 2023 to 2025?",
         intent=GR, rows={"granted"}, bodies={PT}, years={2023, 2025}),
    case("growth", "percent-change", "Percent change in Pingtan's total handled, 2025 vs 2023",
         intent=GR, rows={"total_handled"}, bodies={PT}, years={2023, 2025}),

    # ---------------------------------------------------------------- ratio -----------------
    case("ratio", "granted-of-handled", "淮安市政府2024年予以公开占办结总数的比例是多少",
         intent=RA, rows={"granted"}, denominator="total_handled", bodies={HA}, years={2024}),
    case("ratio", "denied-of-new", "平潭2025年不予公开的占新收申请的百分之几",
         intent=RA, rows={"denied"}, denominator="new", bodies={PT}, years={2025}),
    case("ratio", "natural_person-of-new", "望澜县政府2025年自然人申请占新收申请总数的比重",
         intent=RA, rows={"new"}, col="natural_person", denominator="new", bodies={WL}, years={2025}),
    case("ratio", "partial-of-handled", "番禺区政数局2023年部分公开在办结总数中占多大比例",
         intent=RA, rows={"partial"}, denominator="total_handled", bodies={PY}, years={2023}),
    case("ratio", "unavailable-of-total", "鹭湾市监局2024年无法提供的占办理结果总计的比例",
         intent=RA, rows={"unavailable"}, denominator="total_handled", bodies={LW}, years={2024}),
    case("ratio", "granted-of-handled",
         "What share of the requests handled by Huai'an in 2024 were granted in full?",
         intent=RA, rows={"granted"}, denominator="total_handled", bodies={HA}, years={2024}),
    case("ratio", "denied-of-new", "What percentage of Pingtan's new requests in 2025 were withheld?",
         intent=RA, rows={"denied"}, denominator="new", bodies={PT}, years={2025}),
    case("ratio", "natural_person-of-new",
         "What share of the Wanglan County government's new requests in 2025 came from individuals?",
         intent=RA, rows={"new"}, col="natural_person", denominator="new", bodies={WL}, years={2025}),
    case("ratio", "partial-of-handled",
         "Partially granted requests as a proportion of total handled, Panyu data bureau, 2023",
         intent=RA, rows={"partial"}, denominator="total_handled", bodies={PY}, years={2023}),
    case("ratio", "unavailable-of-handled",
         "What fraction of the requests the Luwan market regulator handled in 2024 could not be provided?",
         intent=RA, rows={"unavailable"}, denominator="total_handled", bodies={LW}, years={2024}),

    # ---------------------------------------------------------------- rank ------------------
    case("rank", "paiming", "2023年各单位新收申请数量排名",
         intent=RK, rows={"new"}, years={2023}),
    case("rank", "zuiduo", "2024年哪个单位新收申请最多",
         ranked=True, rows={"new"}, years={2024}),
    case("rank", "zuishao", "2023年不予公开最少的是哪家单位",
         ranked=True, rows={"denied"}, years={2023}),
    case("rank", "di-er", "2023年新收申请排第二的是哪家单位",
         intent=RK, ordinal=2, rows={"new"}, years={2023}),
    case("rank", "which-year", "平潭哪一年新收申请最多",
         which_year=True, rows={"new"}, bodies={PT}),
    case("rank", "rank", "Rank the bodies by new requests in 2023",
         intent=RK, rows={"new"}, years={2023}),
    case("rank", "most", "Which body received the most requests in 2024?",
         ranked=True, rows={"new"}, years={2024}),
    case("rank", "second", "Which body had the second-highest number of new requests in 2023?",
         intent=RK, ordinal=2, rows={"new"}, years={2023}),
    case("rank", "which-year", "In which year did Pingtan receive the most requests?",
         which_year=True, rows={"new"}, bodies={PT}),

    # ---------------------------------------------------------------- compare ---------------
    case("compare", "shui-duo", "2023年广东省政数局和番禺区政数局谁收到的申请多",
         intent=CMP, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("compare", "nage-duo", "2024年淮安市政府和鹭湾市监局哪个予以公开的多",
         intent=CMP, rows={"granted"}, bodies={HA, LW}, years={2024}),
    case("compare", "banjie", "2024年望湖街道和淮安市政府哪个办结的申请多",
         intent=CMP, rows={"total_handled"}, bodies={WH, HA}, years={2024}),
    case("compare", "which-more",
         "Which received more requests in 2023, Guangdong's data bureau or the Panyu data bureau?",
         intent=CMP, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("compare", "did-or", "Did Huai'an or the Luwan market regulator grant more requests in full in 2024?",
         intent=CMP, rows={"granted"}, bodies={HA, LW}, years={2024}),
    case("compare", "handled-more",
         "Which handled more requests in 2024: Wanghu Subdistrict or the Huai'an municipal government?",
         intent=CMP, rows={"total_handled"}, bodies={WH, HA}, years={2024}),

    # ---------------------------------------------------------------- list ------------------
    case("list", "two-bodies", "2023年广东省政数局和番禺区政数局新收申请分别是多少",
         intent=LI, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("list", "two-years", "平潭2023年和2025年新收申请分别多少",
         intent=LI, rows={"new"}, bodies={PT}, years={2023, 2025}),
    case("list", "two-cols", "淮安市政府2024年自然人、商业企业申请分别多少件",
         intent=LI, rows={"new"}, bodies={HA}, years={2024}),
    case("list", "all-bodies", "2024年各单位新收申请分别是多少",
         intent=LI, rows={"new"}, years={2024}),
    case("list", "two-bodies", "New requests in 2023 for Guangdong's data bureau and the Panyu data bureau, each",
         intent=LI, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("list", "two-years", "List Pingtan's new requests for each year, 2023 and 2025",
         intent=LI, rows={"new"}, bodies={PT}, years={2023, 2025}),
    case("list", "all-bodies", "How many requests did each body receive in 2024?",
         intent=LI, rows={"new"}, years={2024}),
    case("list", "two-cols", "Huai'an, 2024: requests from individuals and from companies, separately",
         intent=LI, rows={"new"}, bodies={HA}, years={2024}),

    # ---------------------------------------------------------------- text ------------------
    case("text", "problems", "淮安市政府2024年报告里说了哪些问题",
         intent=TX, bodies={HA}, years={2024}),
    case("text", "improvements", "平潭2025年年报提到的改进措施有哪些",
         intent=TX, bodies={PT}, years={2025}),
    case("text", "main-problems", "望澜县政府2025年存在的主要问题是什么",
         intent=TX, bodies={WL}, years={2025}),
    case("text", "info-management", "番禺区政数局2023年报告正文怎么说政府信息管理工作的",
         intent=TX, bodies={PY}, years={2023}),
    case("text", "fees-charged", "淮安市政府2024年收取信息处理费了吗",
         intent=TX, bodies={HA}, years={2024}),
    case("text", "platform", "鹭湾市监局2024年在平台建设方面做了哪些工作",
         intent=TX, bodies={LW}, years={2024}),
    case("text", "problems", "What problems does Huai'an's 2024 report mention?",
         intent=TX, bodies={HA}, years={2024}),
    case("text", "improvements", "What improvements did Pingtan promise in its 2025 report?",
         intent=TX, bodies={PT}, years={2025}),
    case("text", "platform", "What does the Wanglan County government's 2025 report say about platform building?",
         intent=TX, bodies={WL}, years={2025}),
    case("text", "fees-charged", "Did Huai'an charge any information processing fees in 2024?",
         intent=TX, bodies={HA}, years={2024}),
    case("text", "supervision",
         "What does the Luwan market regulator's 2024 report say about supervision and safeguards?",
         intent=TX, bodies={LW}, years={2024}),

    # ---------------------------------------------------------------- parts -----------------
    case("parts", "three-figures", "淮安市政府2024年收到多少申请、办结多少、结转到下年多少",
         intent=PA, bodies={HA}, years={2024},
         parts=[fig(intent=F, rows={"new"}, bodies={HA}, years={2024}),
                fig(intent=F, rows={"total_handled"}, bodies={HA}, years={2024}),
                fig(intent=F, rows={"carried_forward"}, bodies={HA}, years={2024})]),
    case("parts", "three-outcomes", "平潭2025年新收申请多少，予以公开多少，不予公开多少？",
         intent=PA, bodies={PT}, years={2025},
         parts=[fig(intent=F, rows={"new"}, bodies={PT}, years={2025}),
                fig(intent=F, rows={"granted"}, bodies={PT}, years={2025}),
                fig(rows={"denied"}, bodies={PT}, years={2025})]),
    case("parts", "figure-then-change", "望湖街道2024年新收多少件？比2023年增加了多少？",
         intent=PA, bodies={WH},
         parts=[fig(intent=F, rows={"new"}, bodies={WH}, years={2024}),
                fig(intent=CH, rows={"new"}, bodies={WH}, years={2023, 2024})]),
    case("parts", "review-and-suit", "番禺区政数局2023年行政复议几件、行政诉讼几件",
         intent=PA, bodies={PY}, years={2023},
         parts=[fig(intent=F, rows={"review"}, bodies={PY}, years={2023}),
                fig(intent=F, rows={"suit"}, bodies={PY}, years={2023})]),
    case("parts", "received-granted",
         "How many requests did Huai'an receive in 2024, and how many were granted in full?",
         intent=PA, bodies={HA}, years={2024},
         parts=[fig(intent=F, rows={"new"}, bodies={HA}, years={2024}),
                fig(intent=F, rows={"granted"}, bodies={HA}, years={2024})]),
    case("parts", "figure-then-share",
         "What was Pingtan's total handled in 2025, and what share of it was granted in full?",
         intent=PA, bodies={PT}, years={2025},
         parts=[fig(intent=F, rows={"total_handled"}, bodies={PT}, years={2025}),
                fig(intent=RA, rows={"granted"}, denominator="total_handled", bodies={PT}, years={2025})]),
    case("parts", "three-figures",
         "For the Luwan market regulator in 2024: how many new requests, how many partially granted, and how many carried forward to the next year?",
         intent=PA, bodies={LW}, years={2024},
         parts=[fig(intent=F, rows={"new"}, bodies={LW}, years={2024}),
                fig(intent=F, rows={"partial"}, bodies={LW}, years={2024}),
                fig(intent=F, rows={"carried_forward"}, bodies={LW}, years={2024})]),
    case("parts", "review-and-suit",
         "How many administrative reconsideration cases and how many lawsuits did Huai'an have in 2024?",
         intent=PA, bodies={HA}, years={2024},
         parts=[fig(intent=F, rows={"review"}, bodies={HA}, years={2024}),
                fig(intent=F, rows={"suit"}, bodies={HA}, years={2024})]),

    # ---------------------------------------------------------------- unsupported -----------
    case("unsupported", "online", "淮安市政府2024年网上申请多少件",
         unsupported=True, leftover=ANY, bodies={HA}, years={2024}),
    case("unsupported", "by-post", "平潭2025年通过信函申请的有几件",
         unsupported=True, leftover=ANY, bodies={PT}, years={2025}),
    case("unsupported", "average-days", "望澜县政府2025年申请平均办理天数是多少",
         unsupported=True, leftover=ANY, bodies={WL}, years={2025}),
    case("unsupported", "gender", "番禺区政数局2023年女性申请人提出了多少件申请",
         unsupported=True, leftover=ANY, bodies={PY}, years={2023}),
    case("unsupported", "journalists", "鹭湾市监局2024年记者申请了几件",
         unsupported=True, leftover=ANY, bodies={LW}, years={2024}),
    case("unsupported", "topic", "淮安市政府2024年关于征地拆迁的申请有多少件",
         unsupported=True, leftover=ANY, bodies={HA}, years={2024}),
    case("unsupported", "month", "平潭2023年3月份收到多少申请",
         unsupported=True, leftover=ANY, bodies={PT}, years={2023}),
    case("unsupported", "lawsuits-lost", "望湖街道2024年行政诉讼败诉了几起",
         unsupported=True, leftover=ANY, bodies={WH}, years={2024}),
    case("unsupported", "lawsuits-won", "桐江县自然资源局2022年行政诉讼胜诉几件",
         unsupported=True, leftover=ANY, bodies={TJ}, years={2022}),
    case("unsupported", "online", "How many requests did Huai'an receive online in 2024?",
         unsupported=True, leftover=ANY, bodies={HA}, years={2024}),
    case("unsupported", "by-post", "How many requests arrived by post at Pingtan in 2025?",
         unsupported=True, leftover=ANY, bodies={PT}, years={2025}),
    case("unsupported", "average-days",
         "What was the average number of days the Wanglan County government took to answer requests in 2025?",
         unsupported=True, leftover=ANY, bodies={WL}, years={2025}),
    case("unsupported", "gender", "How many requests came from women, Panyu data bureau, 2023?",
         unsupported=True, leftover=ANY, bodies={PY}, years={2023}),
    case("unsupported", "journalists", "How many requests were filed by journalists with the Luwan market regulator in 2024?",
         unsupported=True, leftover=ANY, bodies={LW}, years={2024}),
    case("unsupported", "topic", "How many requests about land acquisition did Huai'an receive in 2024?",
         unsupported=True, leftover=ANY, bodies={HA}, years={2024}),
    case("unsupported", "month", "How many requests did Pingtan receive in March 2023?",
         unsupported=True, leftover=ANY, bodies={PT}, years={2023}),
    case("unsupported", "lawsuits-lost", "How many lawsuits did Wanghu Subdistrict lose in 2024?",
         unsupported=True, leftover=ANY, bodies={WH}, years={2024}),
    case("unsupported", "lawsuits-won", "How many lawsuits did the Tongjiang natural resources bureau win in 2022?",
         unsupported=True, leftover=ANY, bodies={TJ}, years={2022}),

    # ---------------------------------------------------------------- leftover --------------
    case("leftover", "qingli-jizhong", "淮安市政府2024年清理后集中发布的规范性文件有多少件",
         leftover=True, bodies={HA}, years={2024}),
    case("leftover", "jiaji", "平潭2025年加急办理的申请有多少",
         leftover=True, bodies={PT}, years={2025}),
    case("leftover", "lvse-tongdao", "望澜县政府2025年走绿色通道的申请有几件",
         leftover=True, bodies={WL}, years={2025}),
    case("leftover", "erci-fuhe", "番禺区政数局2023年经二次复核后予以公开的有几件",
         leftover=True, bodies={PY}, years={2023}),
    case("leftover", "fast-tracked", "How many fast-tracked requests did Huai'an handle in 2024?",
         leftover=True, bodies={HA}, years={2024}),
    case("leftover", "flagged-sensitive", "How many requests flagged as sensitive did Pingtan withhold in 2025?",
         leftover=True, bodies={PT}, years={2025}),
    case("leftover", "vip", "How many VIP requests did the Wanglan County government grant in full in 2025?",
         leftover=True, bodies={WL}, years={2025}),
    case("leftover", "after-cleanup",
         "How many normative documents did Huai'an publish in bulk after its clean-up in 2024?",
         leftover=True, bodies={HA}, years={2024}),

    # ---------------------------------------------------------------- unit ------------------
    case("unit", "wanyuan", "淮安市政府2024年行政事业性收费多少万元",
         rows={"fees"}, col="amount", unit="万元", bodies={HA}, years={2024}),
    case("unit", "yuan-procurement", "云岚省交通运输厅2020年政府集中采购总金额是多少元",
         rows={"procurement"}, col="amount", unit="元", bodies={YL}, years={2020}),
    case("unit", "yuan-fees", "望澜县政府2025年行政事业性收费金额是多少元",
         rows={"fees"}, col="amount", unit="元", bodies={WL}, years={2025}),
    case("unit", "in-yuan", "How much did Huai'an collect in administrative fees in 2024, in yuan?",
         rows={"fees"}, col="amount", unit="元", bodies={HA}, years={2024}),
    case("unit", "in-10k-yuan",
         "Administrative fees collected by the Wanglan County government in 2025, in ten thousand yuan",
         rows={"fees"}, unit="万元", bodies={WL}, years={2025}),
    case("unit", "procurement-in-yuan",
         "What was the Yunlan transport department's centralized procurement amount in 2020, in yuan?",
         rows={"procurement"}, col="amount", unit="元", bodies={YL}, years={2020}),

    # ---------------------------------------------------------------- follow-ups ------------
    case("followup", "row", "那予以公开的呢？", before="淮安市人民政府2024年新收申请多少件",
         rows={"granted"}, bodies={HA}, years={2024}, followup=True),
    case("followup", "year", "2023年呢？", before="平潭2025年新收申请多少",
         rows={"new"}, bodies={PT}, years={2023}, followup=True),
    case("followup", "body", "那番禺区政数局呢", before="广东省政数局2023年新收申请多少",
         rows={"new"}, bodies={PY}, years={2023}, followup=True),
    case("followup", "sum-both", "两家加起来多少",
         before="2023年广东省政数局和番禺区政数局新收申请分别多少",
         intent=S, rows={"new"}, bodies={GD, PY}, years={2023}, followup=True),
    case("followup", "ratio", "占办结总数的比例呢", before="淮安市政府2024年予以公开多少件",
         intent=RA, rows={"granted"}, denominator="total_handled", bodies={HA}, years={2024}, followup=True),
    case("followup", "change", "比上年增加了多少", before="望湖街道2024年新收申请多少",
         intent=CH, rows={"new"}, bodies={WH}, years={2023, 2024}, followup=True),
    case("followup", "col", "其中自然人的呢", before="平潭2025年不予公开多少件",
         rows={"denied"}, col="natural_person", bodies={PT}, years={2025}, followup=True),
    case("followup", "t4-col", "结果被纠正的呢", before="望澜县政府2025年行政复议几件",
         rows={"review"}, col="corrected", bodies={WL}, years={2025}, followup=True),
    case("followup", "new-question-no-inherit", "平潭2025年新收申请多少", before="淮安市政府2024年新收申请多少",
         intent=F, rows={"new"}, bodies={PT}, years={2025}),
    case("followup", "two-turns", "那部分公开的呢",
         before=("平潭2025年新收申请多少", "2023年呢？"),
         rows={"partial"}, bodies={PT}, years={2023}, followup=True),
    case("followup", "row", "And how many were partially granted?", before="How many requests did Huai'an receive in 2024?",
         rows={"partial"}, bodies={HA}, years={2024}, followup=True),
    case("followup", "year", "And in 2023?", before="How many requests did Pingtan receive in 2025?",
         rows={"new"}, bodies={PT}, years={2023}, followup=True),
    case("followup", "body", "What about the Panyu data bureau?",
         before="How many requests did Guangdong's data bureau receive in 2023?",
         rows={"new"}, bodies={PY}, years={2023}, followup=True),
    case("followup", "ratio", "What share of the total handled is that?",
         before="How many requests did Huai'an grant in full in 2024?",
         intent=RA, rows={"granted"}, denominator="total_handled", bodies={HA}, years={2024}, followup=True),
    case("followup", "growth", "By what percent did that grow from the year before?",
         before="How many requests did Wanghu Subdistrict receive in 2024?",
         intent=GR, rows={"new"}, bodies={WH}, years={2023, 2024}, followup=True),
    case("followup", "sum-both", "And combined?",
         before="How many requests did Guangdong's data bureau and the Panyu data bureau each receive in 2023?",
         intent=S, rows={"new"}, bodies={GD, PY}, years={2023}, followup=True),
    case("followup", "col", "And from individuals only?", before="How many requests did Huai'an withhold in 2024?",
         rows={"denied"}, col="natural_person", bodies={HA}, years={2024}, followup=True),
    case("followup", "new-question-no-inherit", "How many requests did Pingtan receive in 2025?",
         before="How many requests did Huai'an receive in 2024?",
         intent=F, rows={"new"}, bodies={PT}, years={2025}),
    case("followup", "two-turns", "And how many did it withhold?",
         before=("How many requests did Pingtan receive in 2025?", "And in 2023?"),
         rows={"denied"}, bodies={PT}, years={2023}, followup=True),

    # ---------------------------------------------------------------- more English ----------
    case("t3row", "new-disclosure", "How many information disclosure requests did Wanghu Subdistrict receive in 2023?",
         intent=F, rows={"new"}, bodies={WH}, years={2023}),
    case("t3row", "granted-passive", "How many requests were granted in full by the Luwan market regulator in 2024?",
         intent=F, rows={"granted"}, bodies={LW}, years={2024}),
    case("t3row", "third_party-denied", "How many requests did Pingtan deny in 2025 to protect third-party rights?",
         intent=F, rows={"denied.third_party"}, bodies={PT}, years={2025}),
    case("t3row", "state_secret-deemed", "How many requests did Huai'an refuse in 2024 as state secrets?",
         intent=F, rows={"denied.state_secret"}, bodies={HA}, years={2024}),
    case("t3group", "denied-deny", "How many requests did Huai'an deny in 2024?",
         rows={"denied"}, bodies={HA}, years={2024}),
    case("t3group", "not_processed-passive", "How many requests were not processed by Pingtan in 2025?",
         rows={"not_processed"}, bodies={PT}, years={2025}),
    case("t3group", "other-otherwise", "How many requests did the Wanglan County government handle otherwise in 2025?",
         rows={"other"}, bodies={WL}, years={2025}),
    case("body", "pt-place", "How many requests did Pingtan receive in 2023?",
         rows={"new"}, bodies={PT}, years={2023}),
    case("body", "wh-office", "Wanghu Subdistrict Office, 2024: new requests",
         rows={"new"}, bodies={WH}, years={2024}),
    case("body", "wh-old-name",
         "How many requests did the Wanghu Subdistrict Office of the Linjiang District People's Government of Hexi City receive in 2023?",
         rows={"new"}, bodies={WH}, years={2023}),
    case("body", "qx-short", "Qingxi County general office, 2019: requests received",
         rows={"new"}, bodies={QX}, years={2019}),
    case("body", "gd-data-bureau", "How many requests did Guangdong's data bureau receive in 2023?",
         rows={"new"}, bodies={GD}, years={2023}),
    case("year", "the-year", "How many requests did the Panyu data bureau receive in the year 2023?",
         rows={"new"}, bodies={PY}, years={2023}),
    case("terse", "pt25-handled", "Pingtan 2025 total handled",
         intent=F, rows={"total_handled"}, bodies={PT}, years={2025}),
    case("terse", "ha24-review", "Huai'an 2024 administrative reconsiderations",
         intent=F, rows={"review"}, bodies={HA}, years={2024}),
    # "Hongze" alone is an unknown word or an unloaded place: either way, never a loaded body.
    case("terse", "hongze23", "Hongze 2023",
         bodies=set(), unloaded=ANY, leftover=ANY),
    case("followup", "year-before", "And the year before?",
         before="How many requests did Wanghu Subdistrict receive in 2024?",
         rows={"new"}, bodies={WH}, years={2023}, followup=True),
    case("followup", "col-individuals", "What about requests from individuals?",
         before="How many requests did Pingtan receive in 2025?",
         rows={"new"}, col="natural_person", bodies={PT}, years={2025}, followup=True),
    case("followup", "other-body", "And the Luwan market regulator?",
         before="How many requests did Huai'an withhold in 2024?",
         rows={"denied"}, bodies={LW}, years={2024}, followup=True),
    case("sum", "granted-two-years", "Add up Pingtan's requests granted in full in 2023 and 2025",
         intent=S, rows={"granted"}, bodies={PT}, years={2023, 2025}),
    case("ratio", "partial-proportion",
         "What proportion of Huai'an's total handled in 2024 was partially granted?",
         intent=RA, rows={"partial"}, denominator="total_handled", bodies={HA}, years={2024}),
    case("compare", "higher",
         "Which was higher in 2023: Guangdong's data bureau's new requests or the Panyu data bureau's?",
         intent=CMP, rows={"new"}, bodies={GD, PY}, years={2023}),
    case("rank", "fewest", "Which body withheld the fewest requests in 2023?",
         ranked=True, rows={"denied"}, years={2023}),
    case("list", "each-body", "List each body's new requests for 2023",
         intent=LI, rows={"new"}, years={2023}),
    case("text", "main-problems", "What main problems does the Tongjiang natural resources bureau's 2022 report identify?",
         intent=TX, bodies={TJ}, years={2022}),
    case("leftover", "expedited", "How many expedited requests did Pingtan grant in full in 2025?",
         leftover=True, bodies={PT}, years={2025}),
    case("unsupported", "email", "How many requests did Huai'an receive by email in 2024?",
         unsupported=True, leftover=ANY, bodies={HA}, years={2024}),
    case("unsupported", "average-time", "How long on average did Pingtan take to reply to requests in 2025?",
         unsupported=True, leftover=ANY, bodies={PT}, years={2025}),
]


assert set(MISREAD) <= _IDS, sorted(set(MISREAD) - _IDS)


@pytest.mark.parametrize("question,before,expected", CASES)
def test_understanding(question: str, before: Tuple[str, ...], expected: Dict[str, Any]) -> None:
    earlier = None
    for turn in before:
        earlier = understand(turn, CATALOG, before=earlier)
    assert_query(understand(question, CATALOG, before=earlier), expected)


def test_catalog_is_as_briefed() -> None:
    """The catalog itself: ten bodies, twelve reports, the Wanghu reports one body."""
    assert len({e.body for e in CATALOG}) == 10
    assert len(CATALOG) == 12
    assert {e.ref.agency for e in CATALOG if e.body == WH} == {WH, WH_OLD}


def test_a_body_named_in_full_is_that_body_not_every_one_of_its_level_and_department() -> None:
    """「绵阳市统计局」 with other cities' 统计局 loaded: the 市 before 统计局 is this body's level word
    (found at 1,000 reports, where it named fifteen bureaus and the answer asked which)."""
    cities = ("绵阳市统计局", "株洲市统计局", "洛阳市统计局", "绵阳市民政局")
    catalog = [model.CatalogEntry(ref=model.ReportRef(f"s{i}", agency, 2022), format="2021", kind="text", body=agency)
               for i, agency in enumerate(cities)]
    q = understand("绵阳市统计局2022年因政府信息公开被申请行政复议几件？", catalog)
    assert [m.agency for m in q.mentions] == ["绵阳市统计局"], q.mentions
    assert {m.agency for m in understand("市统计局2022年被申请行政复议几件？", catalog).mentions} == {
        "绵阳市统计局", "株洲市统计局", "洛阳市统计局"}


@pytest.mark.parametrize("question,over,rows", [
    ("鹭湾市市场监管局2024年哪类申请人提的申请最多？", "applicants", {"new"}),
    ("Which type of requester filed the most requests with the Luwan market regulator in 2024?", "applicants", {"new"}),
    ("望湖街道2023年办结的申请里，哪种结果最多？", "outcomes", {"total_handled"}),
    ("What outcome did most of Pingtan's 2025 requests end with?", "outcomes", ANY),
])
def test_a_ranking_within_one_report_names_the_breakdown_it_ranks(question: str, over: str, rows: Any) -> None:
    """「哪类申请人最多」 ranks one report's applicant columns, "what outcome … most" its outcomes:
    not bodies, and 申请人 is not a column asked."""
    q = understand(question, CATALOG)
    assert (q.intent, q.ranked_over, q.col, q.leftover) == (Intent.RANK, over, None, ()), _summary(q)
    assert rows is ANY or _keys(q.rows) == rows


def test_an_english_question_reaches_the_text_by_its_longest_glossary_wording() -> None:
    """"before publishing" is 拟公开 (the items readied for release that a secrecy review checks), not
    also 「发布」 — by which a sentence about news posts gave its figure for the items checked."""
    from retrieval.understand.asks import question_to_search_text

    text = question_to_search_text("How many items did the bureau check for secrets before publishing them in 2020?", "en")
    added = text.split("?", 1)[1].split()
    assert {"保密", "审查", "拟公开"} <= set(added) and "发布" not in added, added


def test_a_real_word_is_not_read_as_a_template_word_it_sounds_like() -> None:
    """「因政府信息公开引发的行政复议」: 引发 is a word of its own, not 印发 typed by its sound — a word
    is put right only when it joins its neighbours into the template's wording (「行政复义」)."""
    q = understand("淮安市政府2024年因政府信息公开引发的行政复议有多少件？", CATALOG)
    assert (_keys(q.rows), q.readings, q.leftover) == ({"review"}, (), ()), _summary(q)
    q = understand("淮安市政府2024年被申请行政复义多少件？", CATALOG)
    assert (_keys(q.rows), q.readings) == ({"review"}, (("复义", "复议"),)), _summary(q)


def test_a_clause_read_without_accounting_has_the_same_measure_and_is_not_heard_again() -> None:
    """``account=False`` (the claim check's clauses): the same rows, column, bodies and years as a
    question, nothing accounted for, and the writer's words not put right by their sound — 「引发」 is
    not 「印发」 misspelt."""
    clause = "因政府信息公开引发的行政复议二十四件"
    asked, claimed = understand(clause, CATALOG), understand(clause, CATALOG, account=False)
    assert (claimed.rows, claimed.col, claimed.mentions, claimed.years) == (asked.rows, asked.col, asked.mentions, asked.years)
    assert (claimed.spans, claimed.leftover, claimed.qualifiers) == ((), (), ())
    assert claimed.question == clause and claimed.readings == ()


def test_a_body_named_in_full_inside_a_longer_name_named_in_full_is_the_longer_one() -> None:
    """「郑州市二七区人民政府办公室」 holds 「郑州市二七区人民政府」: with both loaded, the office is named
    (found at 4,673 reports, where the question was asked back between the two)."""
    names = ("郑州市二七区人民政府", "郑州市二七区人民政府办公室")
    catalog = [model.CatalogEntry(ref=model.ReportRef(f"z{i}", agency, 2019), format="2019", kind="text", body=agency)
               for i, agency in enumerate(names)]
    q = understand("郑州市二七区人民政府办公室2019年结转下年度继续办理的申请有多少件？", catalog)
    assert [m.agency for m in q.mentions] == ["郑州市二七区人民政府办公室"], q.mentions
    q = understand("郑州市二七区人民政府2019年结转下年度继续办理的申请有多少件？", catalog)
    assert [m.agency for m in q.mentions] == ["郑州市二七区人民政府"], q.mentions
