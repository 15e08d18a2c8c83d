"""The national report format: every table cell's stable address and the wordings that find it.

Addresses follow ``../shared/domain/template.md``: ``t2.<row>.<col>``, ``t3.<row>.<col>``,
``t4.<group>.<col>``. Two formats exist: the 2021 format (国办公开办函〔2021〕30号) and the 2019 trial
format (国办公开办函〔2019〕60号). Everything here is data; the parser in ``ingest/tables.py`` reads it.

Row *keys* are fragments of the printed label that survive extraction damage: they are matched
against the label with whitespace, punctuation and bracket widths folded away (see ``fold``), so a
key must be short enough to survive a label broken over two lines and specific enough to match one
row only within its table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

FORMATS = ("2021", "2019")


@dataclass(frozen=True)
class RowSpec:
    """One row of a template table.

    ``label`` is the canonical label as the template prints it; ``keys`` are folded fragments that
    identify the row (any one matches); ``group`` is the enclosing item such as 「（三）不予公开」 and
    ``ordinal`` the row's number within it (「1.」), used when a damaged label keeps only those.
    ``cols`` are the value columns, left to right.
    """

    table: str  # "t2", "t3", "t4"
    key: str  # the row part of the address: "partial", "denied.state_secret"
    label: str
    keys: Tuple[str, ...]
    cols: Tuple[str, ...]
    group: Optional[str] = None
    ordinal: Optional[int] = None
    decimal_cols: Tuple[str, ...] = ()
    signed_cols: Tuple[str, ...] = ()
    #: The key must be all the label says (past its numbering): 「（六）其他处理」 printed as one row
    #: of a 2021 report, but not 「其他处理 3.其他」, the group's label beside its third sub-row.
    whole: bool = False

    def address(self, col: str) -> str:
        return f"{self.table}.{self.key}.{col}"


# ---------------------------------------------------------------- table 3 (both formats)

T3_COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
T3_COL_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
#: The five columns that together make 法人或其他组织 (the template prints no subtotal for them).
LEGAL_ENTITY_COLS = ("commercial", "research", "public_interest", "legal_services", "other_org")


def _t3(key, label, keys, group=None, ordinal=None, whole=False):
    return RowSpec("t3", key, label, tuple(keys), T3_COLS, group, ordinal, whole=whole)


_T3_HEAD = (
    _t3("new", "一、本年新收政府信息公开申请数量", ["本年新收"]),
    _t3("carried_over", "二、上年结转政府信息公开申请数量", ["上年结转"]),
    _t3("granted", "（一）予以公开", ["予以公开"], "results", 1),
    _t3("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["部分公开", "区分处理"], "results", 2),
    _t3("denied.state_secret", "1.属于国家秘密", ["国家秘密"], "denied", 1),
    _t3("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", ["行政法规禁止", "法规禁止公开", "其他法律行政"], "denied", 2),
    _t3("denied.security_stability", "3.危及“三安全一稳定”", ["三安全", "一稳定"], "denied", 3),
    _t3("denied.third_party", "4.保护第三方合法权益", ["第三方"], "denied", 4),
    _t3("denied.internal_affairs", "5.属于三类内部事务信息", ["内部事务", "三类内部"], "denied", 5),
    _t3("denied.process_info", "6.属于四类过程性信息", ["过程性信息", "四类过程", "过程性"], "denied", 6),
    _t3("denied.enforcement_files", "7.属于行政执法案卷", ["执法案卷"], "denied", 7),
    _t3("denied.inquiry_matters", "8.属于行政查询事项", ["行政查询", "查询事项"], "denied", 8),
    _t3("unavailable.not_held", "1.本机关不掌握相关政府信息", ["不掌握"], "unavailable", 1),
    _t3("unavailable.needs_creation", "2.没有现成信息需要另行制作", ["没有现成", "另行制作", "现成信息"], "unavailable", 2),
    _t3("unavailable.unclear", "3.补正后申请内容仍不明确", ["仍不明确", "补正后申请"], "unavailable", 3),
    _t3("not_processed.petition", "1.信访举报投诉类申请", ["信访", "举报投诉"], "not_processed", 1),
    _t3("not_processed.repeated", "2.重复申请", ["重复申请"], "not_processed", 2),
    _t3("not_processed.publications", "3.要求提供公开出版物", ["出版物"], "not_processed", 3),
    _t3("not_processed.excessive", "4.无正当理由大量反复申请", ["大量反复"], "not_processed", 4),
    _t3("not_processed.reissue", "5.要求行政机关确认或重新出具已获取信息", ["重新出具", "确认或重新", "已获取信息"], "not_processed", 5),
)
_T3_TAIL = (
    _t3("total_handled", "（七）总计", ["七总计"], "results", 7),
    _t3("carried_forward", "四、结转下年度继续办理", ["结转下年度", "下年度继续"]),
)
_T3_OTHER_2021 = (
    _t3("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ["逾期不补正", "不补正"], "other", 1),
    _t3("other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ["缴纳费用", "收费通知"], "other", 2),
    # 「3.其他」 has no distinctive word: it is found by its ordinal inside （六）, see tables.py.
    _t3("other.other", "3.其他", (), "other", 3),
)
_T3_OTHER_2019 = (_t3("other", "（六）其他处理", ["其他处理"], "results", 6),)
#: Many 2021-format reports still print （六）其他处理 as the one row of 2019 (template.md): its cells
#: are then ``t3.other.<col>`` and the three sub-rows are missing.
_T3_OTHER_2021_AS_ONE_ROW = (_t3("other", "（六）其他处理", ["其他处理"], "results", 6, whole=True),)

#: Group headings of table 3 (printed in a label cell of the group's first row, or on a line of
#: their own); a label that holds one of these opens that group for the rows that follow.
T3_GROUPS = {
    "results": ("本年度办理结果",),
    "denied": ("不予公开",),
    "unavailable": ("无法提供",),
    "not_processed": ("不予处理",),
    "other": ("其他处理",),
}
T3_GROUP_LABELS = {
    "denied": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

# ---------------------------------------------------------------- table 2

_ISSUED = ("issued", "repealed", "in_force")
_T2_2021 = (
    RowSpec("t2", "rules", "规章", ("规章",), _ISSUED),
    RowSpec("t2", "normative", "行政规范性文件", ("规范性文件",), _ISSUED),
    RowSpec("t2", "licensing", "行政许可", ("行政许可",), ("decisions",)),
    RowSpec("t2", "penalty", "行政处罚", ("行政处罚",), ("decisions",)),
    RowSpec("t2", "enforcement", "行政强制", ("行政强制",), ("decisions",)),
    RowSpec("t2", "fees", "行政事业性收费", ("事业性收费",), ("amount",), decimal_cols=("amount",)),
)
_MADE = ("made", "published", "total_public")
_ITEMS = ("prev_items", "change", "decisions")
_T2_2019 = (
    RowSpec("t2", "rules", "规章", ("规章",), _MADE),
    RowSpec("t2", "normative", "规范性文件", ("规范性文件",), _MADE),
    RowSpec("t2", "licensing", "行政许可", ("行政许可",), _ITEMS, signed_cols=("change",)),
    RowSpec("t2", "other_services", "其他对外管理服务事项", ("对外管理服务",), _ITEMS, signed_cols=("change",)),
    RowSpec("t2", "penalty", "行政处罚", ("行政处罚",), _ITEMS, signed_cols=("change",)),
    RowSpec("t2", "enforcement", "行政强制", ("行政强制",), _ITEMS, signed_cols=("change",)),
    RowSpec("t2", "fees", "行政事业性收费", ("事业性收费",), ("prev_items", "change"), signed_cols=("change",)),
    RowSpec("t2", "procurement", "政府集中采购", ("集中采购",), ("items", "amount"), decimal_cols=("amount",)),
)
T2_COL_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount": "本年收费金额（单位：万元）",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_public": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "items": "采购项目数量",
}
T2_COL_LABELS_2019 = dict(T2_COL_LABELS, decisions="处理决定数量", amount="采购总金额")

# ---------------------------------------------------------------- table 4

T4_COLS = ("upheld", "corrected", "other", "pending", "total")
T4_GROUPS = ("review", "suit_direct", "suit_after_review")
T4_COL_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}
T4_GROUP_LABELS = {
    "review": "行政复议",
    "suit_direct": "行政诉讼·未经复议直接起诉",
    "suit_after_review": "行政诉讼·复议后起诉",
}


@dataclass(frozen=True)
class Format:
    """One report format: its table rows in template order.

    ``t3_variant`` holds rows a report of this format may print instead of some of its own (the
    2021 format's （六）其他处理 as one row, in place of its three sub-rows): their cells exist only
    in a report that prints them.
    """

    name: str
    t2: Tuple[RowSpec, ...]
    t3: Tuple[RowSpec, ...]
    t3_variant: Tuple[RowSpec, ...] = ()

    def addresses(self, variants: bool = False) -> Tuple[str, ...]:
        """Every cell address of this format, in template order (with ``variants``, also the cells of
        the variant rows, each before the rows it stands in for)."""
        rows = list(self.t2 + self.t3)
        if variants:
            for v in self.t3_variant:
                at = next(i for i, r in enumerate(rows) if r.key.startswith(v.key + "."))
                rows.insert(at, v)
        out = [r.address(c) for r in rows for c in r.cols]
        out += [f"t4.{g}.{c}" for g in T4_GROUPS for c in T4_COLS]
        return tuple(out)

    def row(self, table: str, key: str) -> RowSpec:
        for r in self.t2 + self.t3 + self.t3_variant:
            if r.table == table and r.key == key:
                return r
        raise KeyError(f"{table}.{key}")


FORMAT_2021 = Format("2021", _T2_2021, _T3_HEAD + _T3_OTHER_2021 + _T3_TAIL, _T3_OTHER_2021_AS_ONE_ROW)
FORMAT_2019 = Format("2019", _T2_2019, _T3_HEAD + _T3_OTHER_2019 + _T3_TAIL)
FORMATS_BY_NAME: Dict[str, Format] = {"2021": FORMAT_2021, "2019": FORMAT_2019}

TABLE_NAMES = {"t2": "二", "t3": "三", "t4": "四"}


def col_label(address: str, fmt: str = "2021") -> str:
    """Given a cell address, return its column label as the template prints it."""
    table, *rest = address.split(".")
    col = rest[-1]
    if table == "t3":
        return T3_COL_LABELS[col]
    if table == "t4":
        return f"{T4_GROUP_LABELS[rest[0]]}·{T4_COL_LABELS[col]}"
    return (T2_COL_LABELS_2019 if fmt == "2019" else T2_COL_LABELS)[col]


def row_label(address: str, fmt: str = "2021") -> str:
    """Given a cell address, return its row label as the template prints it."""
    table, *rest = address.split(".")
    if table == "t4":
        return T4_GROUP_LABELS[rest[0]]
    spec = FORMATS_BY_NAME[fmt].row(table, ".".join(rest[:-1]))
    if spec.group in T3_GROUP_LABELS:
        return f"{T3_GROUP_LABELS[spec.group]}{spec.label}"
    return spec.label


# ---------------------------------------------------------------- folding printed text

_FOLD_DROP = re.compile(r"[\s\u3000\"'“”‘’「」『』《》<>〈〉、，,。．.:：;；·•・_\-—–~～/\\|()（）\[\]【】{}]+")


def fold(text: str) -> str:
    """Given printed label text, return it with widths unified and spacing and punctuation removed.

    Folding is what makes 「自 然 人」, 「(一) 予以公开」 and 「（一）予以公开」 compare equal; digits
    and CJK characters are all that is left.
    """
    text = unicodedata.normalize("NFKC", text)
    return _FOLD_DROP.sub("", text)
