"""The words people use for the template's rows, columns and groups, in Chinese and English.

A question is understood without a language model: its words are matched against these terms,
which name template concepts (``ingest.template``). Each concept lists Chinese wordings (matched
against the question with spacing and punctuation folded) and English ones (matched as lower-case
phrases). A more specific concept beats a general one: 「因本机关不掌握相关政府信息而无法提供」 is the
row ``unavailable.not_held``, not the group ``unavailable``.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from retrieval.query import Concept

#: Irregular English verbs in the lexicon's terms, with the forms a question may use instead.
_IRREGULAR = {"withheld": ("withhold", "withholds", "withholding"), "held": ("hold", "holds", "holding"),
              "made": ("make", "makes", "making"), "sued": ("sue", "sues", "suing"), "got": ("get", "gets", "getting"),
              "brought": ("bring", "brings", "bringing"), "took": ("take", "takes", "taking", "taken"),
              "sent": ("send", "sends", "sending"), "gave": ("give", "gives", "giving", "given"),
              "turned": ("turn", "turns", "turning"), "upheld": ("uphold", "upholds", "upholding")}


def _word_forms(word: str) -> Tuple[str, ...]:
    """A verb in a term and the other forms a question may write it in: "disclosed" → disclose,
    discloses, disclosing; "granted" → grant, grants, granting. Non-words made on the way
    ("disclos") match nothing, so they cost nothing."""
    if word in _IRREGULAR:
        return (word,) + _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ied"):
        stem = word[:-3]
        return (word, stem + "y", stem + "ies", stem + "ying")
    if len(word) > 4 and word.endswith("ed"):
        a, b = word[:-1], word[:-2]  # disclose(d), grant(ed)
        return (word, a, b, a + "s", b + "s", b + "ing", a[:-1] + "ing")
    return (word,)


def _inflected(terms: Sequence[str]) -> Tuple[str, ...]:
    """The terms with every form of their verbs, each variant keeping a term's weak mark."""
    out: List[str] = []
    for term in terms:
        weak = "~" if term.startswith("~") else ""
        words = term.lstrip("~").split(" ")
        variants = [""]
        for w in words:
            variants = [f"{v} {f}".strip() for v in variants for f in _word_forms(w)][:48]
        out += [weak + v for v in variants]
    return tuple(dict.fromkeys(out))


def _c(kind, key, zh, en=(), label_zh="", label_en=""):
    return Concept(kind, key, tuple(zh), _inflected(en), label_zh or zh[0], label_en or (en[0] if en else key))


# Table 3 rows. Order matters only for display; matching prefers the longest term found. Each row
# lists the template's words, the words people use for the same thing, and journalists' English
# with its inflections.
T3_ROWS = (
    _c("row", "new", ["本年新收", "新收", "~收到", "~收了", "~接到", "新受理", "~受理", "新增申请", "申请数量", "~提出", "~提交",
                      "~提的", "~递交"],
       ["new applications", "new requests", "newly received", "~received", "~receive", "~receiving", "~filed", "~file with",
        "~submitted", "~submit to", "~submit", "~got", "~get", "~lodged", "~took in", "~came in", "~made to"],
       "本年新收申请", "new applications received"),
    _c("row", "carried_over", ["上年结转", "上一年结转", "上年度结转", "去年结转", "往年结转", "结转过来", "上年遗留"],
       ["carried over from", "carried over", "carry over from", "carry over", "brought forward", "left over from",
        "from last year", "from the previous year", "held over from"],
       "上年结转申请", "applications carried over from the previous year"),
    _c("row", "granted", ["予以公开", "全部公开", "同意公开", "准予公开", "全部予以公开", "完全公开"],
       ["granted", "grant in full", "granted in full", "fully granted", "grant", "grants", "released in full",
        "release in full", "disclosed in full", "disclosed fully", "fully disclosed", "full disclosure",
        "approved for disclosure", "approved in full", "in full"],
       "予以公开", "granted in full"),
    _c("row", "partial", ["部分公开", "区分处理", "部分予以公开"],
       ["partially disclosed", "partial disclosure", "partly disclosed", "partially granted", "partly granted",
        "granted in part", "disclosed in part", "released in part", "partially released", "partly released", "partially",
        "in part",
        "in part"],
       "部分公开", "partially disclosed"),
    _c("row", "denied.state_secret", ["国家秘密", "涉密", "保密"], ["state secret", "state secrets", "classified"],
       "不予公开：属于国家秘密", "withheld as state secrets"),
    _c("row", "denied.prohibited_by_law", ["法律行政法规禁止", "法规禁止公开", "其他法律行政法规", "法律法规禁止"],
       ["prohibited by law", "prohibited by other laws", "barred by law", "forbidden by law", "prohibited by laws"],
       "不予公开：其他法律行政法规禁止公开", "withheld as prohibited by other laws"),
    _c("row", "denied.security_stability", ["三安全一稳定", "三安全", "危及安全", "危及稳定", "社会稳定"],
       ["security and stability", "national security", "endanger security", "three securities",
        "three securities and one stability", "three safeties", "public safety", "social stability",
        "jeopardise security", "jeopardize security", "economic security"],
       "不予公开：危及“三安全一稳定”", "withheld as endangering security and stability"),
    _c("row", "denied.third_party", ["第三方合法权益", "第三方权益", "保护第三方", "第三方"],
       ["third party", "third-party", "third parties", "third parties' rights"], "不予公开：保护第三方合法权益",
       "withheld to protect third parties"),
    _c("row", "denied.internal_affairs", ["内部事务", "内部管理"], ["internal affairs", "internal management"],
       "不予公开：属于三类内部事务信息", "withheld as internal affairs"),
    _c("row", "denied.process_info", ["过程性信息", "过程性"], ["process information", "deliberative",
                                                             "internal deliberations", "deliberations", "drafts"],
       "不予公开：属于四类过程性信息", "withheld as process information"),
    _c("row", "denied.enforcement_files", ["行政执法案卷", "执法案卷"], ["enforcement files", "case files",
                                                                  "enforcement records", "law enforcement files"],
       "不予公开：属于行政执法案卷", "withheld as law-enforcement files"),
    _c("row", "denied.inquiry_matters", ["行政查询事项", "查询事项", "行政查询"], ["inquiry matters", "administrative inquiry",
                                                                           "administrative inquiries", "query matters"],
       "不予公开：属于行政查询事项", "withheld as administrative inquiry matters"),
    _c("row", "unavailable.not_held", ["不掌握", "未掌握", "没有掌握", "不存在", "没有这个信息", "没有该信息"],
       ["not held", "does not hold", "doesn't hold", "did not hold", "didn't hold", "not holding", "not in possession",
        "not in its possession", "doesn't have the information", "did not have the information", "does not have",
        "didn't have", "no such information", "information does not exist", "did not exist"],
       "无法提供：本机关不掌握相关政府信息", "could not be provided: not held"),
    _c("row", "unavailable.needs_creation", ["另行制作", "没有现成信息", "没有现成", "需要制作", "重新制作"],
       ["would have to be created", "needs to be created", "need to be created", "not readily available",
        "had to be compiled", "would need to be compiled", "create new", "no ready-made", "newly created",
        "have had to be created", "had to be created", "be created", "be newly created", "newly compiled",
        "be compiled", "didn't exist in ready form", "not already exist", "new document"],
       "无法提供：没有现成信息需要另行制作", "could not be provided: would have to be created"),
    _c("row", "unavailable.unclear", ["仍不明确", "补正后", "内容不明确", "申请内容不明"],
       ["still unclear", "unclear after", "unclear", "too vague", "not clear"], "无法提供：补正后申请内容仍不明确",
       "could not be provided: still unclear"),
    # Complaints themselves (「12315平台受理投诉举报」) are not this row: the short words count only in a
    # question about applications.
    _c("row", "not_processed.petition", ["信访举报投诉", "~信访", "~举报投诉", "~投诉举报"],
       ["~petition", "~petitions", "~complaints", "~complaint", "~letters and visits"], "不予处理：信访举报投诉类申请",
       "not processed: petitions and complaints"),
    _c("row", "not_processed.repeated", ["重复申请", "重复提出"], ["repeated applications", "repeat applications",
                                                            "repeated requests", "repeat requests", "duplicate",
                                                            "duplicates", "repeated"],
       "不予处理：重复申请", "not processed: repeated applications"),
    _c("row", "not_processed.publications", ["公开出版物", "出版物"], ["publications", "published material"],
       "不予处理：要求提供公开出版物", "not processed: asked for publications"),
    _c("row", "not_processed.excessive", ["大量反复"], ["excessive", "vexatious", "in bulk"], "不予处理：无正当理由大量反复申请",
       "not processed: excessive repeated applications"),
    _c("row", "not_processed.reissue", ["重新出具", "确认或重新"], ["reissue", "re-issue", "confirm", "certify"],
       "不予处理：要求行政机关确认或重新出具已获取信息", "not processed: asked to confirm or reissue"),
    _c("row", "other.no_correction", ["逾期不补正", "不补正", "未补正", "没有补正", "没补正"],
       ["failed to supplement", "did not supplement", "didn't supplement", "no correction", "never supplied",
        "did not supply", "didn't supply", "failed to supply", "missing details", "did not correct",
        "didn't correct", "failed to correct", "did not provide the additional", "never provided the additional"],
       "其他处理：逾期不补正", "closed: the applicant did not supplement the request"),
    _c("row", "other.fee_unpaid", ["缴纳费用", "未缴费", "未按收费通知", "没交费", "没有缴费", "不交费", "未缴纳"],
       ["fee unpaid", "did not pay", "didn't pay", "unpaid fee", "unpaid fees", "failed to pay", "not paying",
        "never paid"],
       "其他处理：逾期未缴纳费用", "closed: the fee was not paid"),
    _c("row", "total_handled", ["办理结果总计", "~办结", "~办理完毕", "~处理完毕", "~共办理", "总计办理", "七总计", "~答复了",
                                "~作出答复", "~办理了", "答复申请", "~答复"],
       ["~handled", "~processed in total", "total handled", "~completed", "~dealt with", "~processed", "~closed",
        "~answered", "~responded to", "~decided", "~resolved", "~replies", "~responses", "~replied to"],
       "办理结果总计", "applications handled"),
    _c("row", "carried_forward", ["结转下年度", "转下年度", "结转下一年", "结转至下年", "结转到下年", "下年度继续办理",
                                  "结转下年", "结转到下一年", "结转至下一年", "转入下一年", "转到下一年", "转入下年", "顺延",
                                  "结转到", "结转至"],
       ["carried forward", "carry forward", "carried into", "carry over into", "carried over into", "next year",
        "carried over to", "still pending at", "pending at the end", "rolled over"],
       "结转下年度继续办理", "carried forward to the next year"),
)

#: Groups of table-3 rows with no printed subtotal: asked about as a whole, they are a sum.
T3_GROUPS = (
    _c("group", "denied", ["不予公开", "拒绝公开", "不公开", "~拒绝", "没给公开", "~被拒", "拒不公开", "不予以公开"],
       ["refused", "refuse", "refusals", "refusal", "denied", "deny", "denials", "not disclosed", "withheld", "withhold",
        "withholding", "rejected", "turned down", "exemptions", "exemption", "exempt"], "不予公开", "refused"),
    _c("group", "unavailable", ["无法提供", "没法提供", "不能提供", "未能提供", "没能提供"],
       ["could not be provided", "couldn't be provided", "couldn't provide", "could not provide", "unable to provide",
        "unavailable", "cannot provide", "can't provide", "not able to provide"], "无法提供", "could not be provided"),
    _c("group", "not_processed", ["不予处理", "不予受理", "不作处理", "没有处理", "未予处理"],
       ["not processed", "not handled", "declined to process", "did not process", "didn't process", "not accepted",
        "refused to process", "rejected as"], "不予处理", "not processed"),
    _c("group", "other", ["其他处理"], ["other handling", "otherwise handled", "handled otherwise", "closed for other reasons"],
       "其他处理", "other handling"),
)

T3_COLS = (
    _c("col", "natural_person", ["自然人", "~个人", "~公民", "~群众", "~老百姓", "~市民"],
       ["natural person", "natural persons", "individuals", "individual", "citizens", "private persons",
        "members of the public", "private citizens"],
       "自然人", "natural persons"),
    _c("col", "commercial", ["商业企业", "~企业", "~公司", "~商家"],
       ["companies", "company", "businesses", "business", "commercial enterprises", "commercial", "enterprises", "firms",
        "corporations"],
       "商业企业", "commercial enterprises"),
    _c("col", "research", ["科研机构", "科研", "研究机构"], ["research institutions", "research institutes", "research"],
       "科研机构", "research institutions"),
    _c("col", "public_interest", ["社会公益组织", "公益组织", "社会组织"], ["public interest", "public-interest", "ngo",
                                                                        "ngos", "charities", "non-profits", "nonprofits"],
       "社会公益组织", "public-interest organisations"),
    _c("col", "legal_services", ["法律服务机构", "律师事务所", "律所", "律师"], ["legal service", "legal services",
                                                                     "law firms", "law firm", "lawyers", "attorneys"],
       "法律服务机构", "legal service providers"),
    _c("col", "other_org", ["其他组织", "其他机构"], ["other organisations", "other organizations"], "其他（法人或其他组织）",
       "other organisations"),
)
T3_COL_SUMS = (
    _c("cols", "legal_entities", ["法人或其他组织", "法人或者其他组织", "法人和其他组织", "法人及其他组织", "法人"],
       ["legal persons", "legal entities", "organisations", "organizations", "institutions"],
       "法人或其他组织", "legal persons and other organisations"),
)

# Table 2: rows, and their columns by format.
T2_ROWS = (
    _c("t2row", "rules", ["规章"], ["rules", "regulations", "government rules"], "规章", "rules"),
    _c("t2row", "normative", ["规范性文件"], ["normative documents", "normative document", "regulatory documents",
                                         "normative papers"], "行政规范性文件", "normative documents"),
    _c("t2row", "licensing", ["行政许可", "许可"], ["licensing", "licences", "licenses", "permits", "licence", "license"],
       "行政许可", "administrative licensing"),
    _c("t2row", "other_services", ["其他对外管理服务事项", "对外管理服务"], ["other external management"],
       "其他对外管理服务事项", "other external management services"),
    _c("t2row", "penalty", ["行政处罚", "处罚"], ["penalty", "penalties", "fines", "sanctions"], "行政处罚",
       "administrative penalties"),
    _c("t2row", "enforcement", ["行政强制", "强制措施"], ["coercive", "compulsory measures", "enforcement measures"],
       "行政强制", "administrative coercive measures"),
    _c("t2row", "fees", ["行政事业性收费", "事业性收费", "收费金额"], ["administrative fees", "administrative charges",
                                                              "administrative and institutional fees"],
       "行政事业性收费", "administrative fees"),
    _c("t2row", "procurement", ["政府集中采购", "集中采购", "采购"], ["procurement", "purchasing"], "政府集中采购",
       "centralised government procurement"),
)
T2_COLS = (
    _c("t2col", "issued", ["制发", "新制发", "印发", "发布", "出台", "制定"], ["issued", "issue", "~new"], "本年制发件数", "issued"),
    _c("t2col", "repealed", ["废止"], ["repealed", "abolished", "revoked"], "本年废止件数", "repealed"),
    _c("t2col", "in_force", ["现行有效", "有效", "现行"], ["in force", "in effect", "currently valid", "valid"],
       "现行有效件数", "in force"),
    _c("t2col", "decisions", ["处理决定", "决定"], ["decisions", "decision"], "处理决定数量", "decisions"),
    _c("t2col", "amount", ["金额", "总金额", "多少万元", "万元"], ["amount", "how much", "total value", "value"],
       "金额", "amount"),
    _c("t2col", "made", ["新制作"], ["newly made", "made"], "本年新制作数量", "newly made"),
    _c("t2col", "published", ["新公开"], ["newly published", "published"], "本年新公开数量", "newly published"),
    _c("t2col", "total_public", ["对外公开总数", "公开总数"], ["total published", "total public"], "对外公开总数量",
       "total made public"),
    _c("t2col", "prev_items", ["上一年项目", "上年项目"], ["previous year's items", "items last year"], "上一年项目数量",
       "items in the previous year"),
    _c("t2col", "change", ["增减", "增/减", "增加", "减少", "变化"], ["change", "increase", "decrease"], "本年增/减",
       "change this year"),
    _c("t2col", "items", ["项目数量", "采购项目", "项目"], ["items", "projects"], "采购项目数量", "procurement items"),
)

T4_GROUPS = (
    _c("t4group", "review", ["行政复议", "复议"], ["administrative review", "administrative reconsideration",
                                                "reconsideration", "reconsiderations", "~appeals", "~appeal", "review cases",
                                                "administrative reviews", "reviews", "review rate", "reconsideration rate"],
       "行政复议", "administrative reconsideration"),
    # The negation names the group: 「没经过复议」 is a direct lawsuit, not a reconsideration.
    _c("t4group", "suit_direct", ["未经复议直接起诉", "直接起诉", "没经过复议", "未经复议", "没有经过复议", "不经复议",
                                  "直接打官司", "直接告"],
       ["directly sued", "sued directly", "filed directly", "direct lawsuits", "direct lawsuit", "without reconsideration",
        "without review", "straight to court", "without first", "direct suits", "direct suit", "suits filed directly",
        "direct", "directly",
        "filed straight", "direct cases"],
       "行政诉讼（未经复议直接起诉）", "lawsuits filed directly"),
    _c("t4group", "suit_after_review", ["复议后起诉", "复议后", "经复议后", "复议之后"],
       ["after reconsideration", "after review", "following reconsideration", "after an appeal",
        "after an administrative review", "after administrative review", "after a review", "following review",
        "following a review", "after administrative reconsideration", "after a reconsideration", "suits after review",
        "after being reviewed", "post-review"],
       "行政诉讼（复议后起诉）", "lawsuits after reconsideration"),
    # 行政诉讼 alone names two groups: answered as their sum, each part shown.
    _c("t4group", "suit", ["行政诉讼", "起诉", "诉讼", "打官司", "告上法庭", "被告", "官司", "被起诉", "告到法院", "上法庭"],
       ["lawsuit", "lawsuits", "litigation", "sued", "court", "court cases", "legal action", "sue", "suits",
        "legal challenges", "taken to court"],
       "行政诉讼", "administrative lawsuits"),
)
T4_COLS = (
    _c("t4col", "upheld", ["维持", "维持原", "被维持"], ["upheld", "maintained", "sustained", "affirmed", "upheld the"],
       "结果维持", "upheld"),
    _c("t4col", "corrected", ["纠正", "被纠正", "撤销", "确认违法"], ["corrected", "overturned", "reversed", "revoked",
                                                        "struck down", "ruled against"], "结果纠正", "corrected"),
    # 「驳回」 (a reconsideration application dismissed) is neither upheld nor corrected: 其他结果.
    _c("t4col", "other", ["其他结果", "驳回", "终止", "撤回"], ["other outcome", "other result", "other outcomes",
                                                       "dismissed", "withdrawn", "terminated"], "其他结果", "other outcome"),
    _c("t4col", "pending", ["尚未审结", "未审结", "未结", "审理中", "在审", "没审结", "没有审结", "还没审完", "没审完", "没结案",
                            "未结案", "还在审", "还没结", "没判", "还没判"],
       ["pending", "not yet concluded", "unresolved", "ongoing", "still open", "undecided", "not yet decided",
        "still being heard", "not concluded", "open cases"], "尚未审结", "pending"),
)

ALL_CONCEPTS = T3_ROWS + T3_GROUPS + T3_COLS + T3_COL_SUMS + T2_ROWS + T2_COLS + T4_GROUPS + T4_COLS

# ---------------------------------------------------------------- intents

TOTAL_WORDS_ZH = ("一共", "总共", "合计", "共计", "总计", "总数", "总和", "加起来", "共有", "共多少", "共几", "加在一起", "总量")
TOTAL_WORDS_EN = ("in total", "total", "altogether", "combined", "sum", "overall", "all together", "in all",
                  "all reasons combined", "all grounds together", "together")
#: A share or rate asked for: the answer is a percentage, its numerator and denominator cited.
RATIO_WORDS_ZH = ("占比", "比例", "百分之", "百分比", "几成", "比重", "比率", "所占", "占多少", "占了多少")
RATIO_WORDS_EN = ("percentage", "percent", "per cent", "share of", "what share", "proportion", "what fraction",
                  "fraction of", "rate of")
#: A difference asked for: how many more or fewer, by how much.
DIFFERENCE_RE = re.compile(r"[多少]了?(?:多少|几)|相差|差多少|差几|差了|差距|(?:增加|减少|增长|下降|上升|多出|少了)了?(?:多少|几)|"
                           r"how many (?:more|fewer|less)|how much (?:more|less|higher|lower)|by how (?:much|many)|"
                           r"difference|(?:grew|rose|fell|dropped|increased|decreased) by", re.I)
#: 「排第二」, "second most": a rank asked for by its place.
ORDINAL_RE = re.compile(r"排(?:名)?第([一二三四五六七八九十\d]+)|第([二三四五])多|"
                        r"\b(second|third|fourth|fifth)[- ](?:most|highest|largest|fewest|lowest)", re.I)
#: How many bodies a question says it is about (「这两个单位」, "both").
COUNT_RE = re.compile(r"(这|那|上述)?([两二三四五六七八九十])(?:个|家|份)(?:单位|机关|部门|报告|年报)?|both|these two|the two", re.I)
COMPARE_WORDS_ZH = ("哪个", "哪一个", "谁", "比较", "相比", "对比", "更多", "更少", "多还是少", "哪家", "哪一家", "比")
COMPARE_WORDS_EN = ("which had more", "which had fewer", "which received more", "compare", "more than", "fewer than",
                    "which one", "which body", "which of")
RANK_WORDS_ZH = ("最多", "最少", "排名", "排序", "排行", "前三", "前五", "最高", "最低", "从多到少", "从少到多", "由多到少")
RANK_WORDS_EN = ("the most", "the fewest", "the least", "rank", "ranking", "highest", "lowest", "top", "most", "fewest",
                 "largest", "smallest")
CHANGE_WORDS_ZH = ("比上年", "比去年", "同比", "增长", "下降", "变化", "增加了", "减少了", "较上年")
CHANGE_WORDS_EN = ("change from", "compared with the previous year", "year on year", "year-on-year", "increase from",
                   "decrease from", "grew", "fell", "from the year before", "rise", "rose", "risen", "fall", "fallen",
                   "drop", "dropped", "go up", "go down", "went up", "went down", "gone up", "gone down", "up or down",
                   "increase", "increased", "decrease", "decreased", "grow", "grown", "decline", "declined", "change",
                   "changed")
LIST_WORDS_ZH = ("分别", "各单位", "各个", "列出", "每个", "各自")
LIST_WORDS_EN = ("each", "list", "respectively", "every")
#: Words that send a question to the narrative even when it names a table concept.
NARRATIVE_WORDS_ZH = ("正文", "文中", "文字", "报告里说", "报告中说", "提到", "描述", "介绍", "哪些", "什么问题", "存在",
                      "措施", "怎么", "如何", "为什么", "原因", "做法", "情况如何", "举措")
NARRATIVE_WORDS_EN = ("the text", "narrative", "mention", "describe", "what problems", "which problems", "how did",
                      "why", "measures", "what steps", "shortcomings", "problems", "plans", "what did")
FOLLOWUP_ZH = ("其中", "那么", "那", "呢", "这", "它", "该")
FOLLOWUP_EN = ("and ", "what about", "how about", "of those", "of them", "among them", "of these", "those", "them")
QUESTION_FIGURE_ZH = ("多少", "几", "数量", "是否", "有无")
QUESTION_FIGURE_EN = ("how many", "how much", "number of", "what was the number", "count")

#: English words of narrative facts, to search Chinese passages with. General report vocabulary,
#: not any one report's: without a multilingual embedding model this is how English reaches them.
EN_TO_ZH = {
    "website": "网站", "websites": "网站", "portal": "门户网站", "wechat": "微信", "official account": "公众号", "wechat account": "公众号",
    "wechat official account": "公众号", "put out": "发布",
    "followers": "粉丝", "fans": "粉丝", "subscribers": "粉丝", "posted": "发布", "published": "发布",
    "articles": "篇", "news conference": "新闻发布会", "news conferences": "新闻发布会", "press conferences": "新闻发布会",
    "press conference": "新闻发布会", "hotline": "热线", "calls": "来电", "training": "培训", "trainings": "培训",
    "sessions": "期", "session": "期", "policy interpretation": "政策解读", "interpretations": "解读", "mailbox": "信箱", "letters": "来信",
    "letter": "来信", "complaints": "投诉", "reports": "举报", "problems": "问题", "shortcomings": "不足",
    "improvement": "改进", "measures": "措施", "companies": "企业", "enterprises": "企业", "projects": "项目",
    "investment": "投资", "price": "价格", "prices": "价格", "monitoring": "监测", "bulletins": "公告", "bulletin": "公告",
    "messages": "留言", "visits": "访问量", "views": "阅读量", "readers": "阅读量", "meetings": "会议",
    "proposals": "提案", "suggestions": "建议", "deputies": "代表", "environmental": "环境", "disclosure": "公开",
    "mandatory": "依法", "list": "名单", "information processing fee": "信息处理费",
    "information processing fees": "信息处理费", "processing fees": "信息处理费", "charge": "收取", "train": "培训",
    "trained": "培训", "people": "人", "push": "推送", "pushed": "推送", "posts": "信息", "fees": "费用", "charged": "收取", "county head": "县长", "mayor": "市长",
    "village": "村务", "bulletin board": "公开栏", "updated": "更新", "online": "在线", "services": "服务",
    "publish": "发布", "publishing": "发布", "staff": "人员", "full-time": "专职", "part-time": "兼职",
    "repealed": "废止", "abolished": "废止", "news": "动态", "updates": "动态", "terminals": "终端",
    "terminal": "终端", "notice boards": "公开栏", "notice board": "公开栏", "noticeboards": "公开栏",
    "weibo": "微博", "microblog": "微博", "secrecy review": "保密审查", "confidentiality review": "保密审查",
    "reviewed": "审查", "volunteers": "志愿者", "inspectors": "监督员", "residents": "居民", "hearings": "听证会",
    "hearing": "听证会", "interviews": "访谈", "videos": "视频", "downloads": "下载", "guides": "指南",
    "service guides": "办事指南", "government affairs": "政务", "new media": "新媒体", "accounts": "账号", "map": "地图", "information": "信息", "government": "政府", "data": "数据", "platform": "平台",
    "applications": "申请", "users": "用户", "satisfaction": "满意率", "enquiries": "咨询", "consultations": "咨询",
    "new-media": "新媒体", "explainers": "解读", "explainer": "解读", "policy explainers": "政策解读",
    "interpreted": "解读", "shut down": "关停", "shut": "关停", "closed down": "关停", "closed": "关闭",
    "deregistered": "注销", "running": "运维", "in operation": "运维", "operating": "运维", "operated": "运维",
    "maintained": "运维", "proactively": "主动公开", "proactive disclosure": "主动公开", "proactively disclosed": "主动公开",
    "proactively released": "主动公开", "released": "公开", "items": "条", "pieces of information": "信息",
    "public account": "公众号", "official accounts": "公众号", "app": "客户端", "apps": "客户端",
    "regulations": "规章", "documents": "文件", "normative documents": "规范性文件", "visitors": "访问量",
    "page views": "浏览量", "open days": "开放日", "open day": "开放日", "livestreams": "直播", "live broadcasts": "直播",
    "briefings": "发布会", "briefing": "发布会", "rounds": "场", "responses": "回应", "replied": "答复",
    "public comment": "征求意见", "comments": "意见", "solicited": "征集", "feedback": "意见",
    "appeals": "诉求", "enterprise": "企业", "accept": "受理", "accepted": "受理", "time limit": "期限",
    "legal time limit": "法定期限", "statutory time limit": "法定期限", "deadline": "期限", "statutory deadline": "法定期限",
    "answer": "答复", "answered": "答复", "reply": "答复", "grassroots": "基层", "community level": "基层",
    "township level": "基层", "samples": "样品", "batches": "批次", "inspections": "抽检", "food safety": "食品安全",
    "person-times": "人次", "person times": "人次", "took part": "参训", "participants": "参训", "attendees": "参训",
    "trainees": "参训", "training sessions": "培训", "open-government": "政务公开", "open government": "政务公开",
    "collect": "收取", "collected": "收取", "information-processing fee": "信息处理费",
    "information-processing fees": "信息处理费",
}

#: Common short forms of department names that are not a subsequence of the full name.
DEPT_ALIASES = {
    "生态环境局": ("环保局", "环境局", "生态局"),
    "政务服务和数据管理局": ("政数局", "数据局", "政务服务数据局"),
    "政务服务数据管理局": ("政数局", "数据局"),
    "人民政府办公室": ("政府办", "府办", "政府办公室"),
    "人民政府": ("政府",),
    "发展和改革局": ("发改局",),
    "发展和改革委员会": ("发改委",),
    "市场监督管理局": ("市场监管局",),
    "街道办事处": ("街道办", "街道"),
    "卫生健康委员会": ("卫健委",),
    "卫生健康局": ("卫健局",),
    "住房和城乡建设局": ("住建局",),
    "人力资源和社会保障局": ("人社局",),
    "交通运输局": ("交通局",),
    "农业农村局": ("农业局", "农业农村局"),
}

#: English department words to Chinese name parts (matched against the body's name).
DEPT_EN = {
    "data": "数据", "government service": "政务服务", "ecology": "生态", "environment": "环境", "environmental": "环境",
    "development and reform": "发展和改革", "reform": "改革", "government office": "政府办公室",
    "general office": "办公室", "housing": "住房", "human resources": "人力资源", "market regulation": "市场监督",
    "transport": "交通", "education": "教育", "health": "卫生健康", "public security": "公安", "finance": "财政",
    "agriculture": "农业", "natural resources": "自然资源", "civil affairs": "民政", "justice": "司法",
    "emergency": "应急", "water": "水务", "town government": "人民政府", "people's government": "人民政府",
    "government": "政府", "statistics": "统计", "culture": "文化", "commerce": "商务", "taxation": "税务",
}
PLACE_SUFFIX_EN = {"province": "省", "provincial": "省", "city": "市", "municipal": "市", "district": "区",
                   "county": "县", "town": "镇", "township": "乡", "street": "街道", "subdistrict": "街道"}

# ---------------------------------------------------------------- what the template cannot answer

#: Breakdowns the template does not have: a figure asked by one of these is not in any table (the
#: tables count applications by applicant type and outcome only), so no table cell answers it.
UNSUPPORTED_ZH = (
    "网上", "网络", "在线", "线上", "互联网", "电子邮件", "邮件", "邮箱", "信函", "邮寄", "当面", "现场", "传真", "电话",
    "平均", "多少天", "几天", "工作日", "多长时间", "多久", "用时", "时长", "性别", "男性", "女性", "年龄", "职业", "记者",
    "媒体", "外国人", "境外", "涉及", "关于", "有关", "领域", "类别",
    # Channels and tools (「通过“禺好办”小程序收到的」) and stages of a lawsuit table 4 does not have.
    "小程序", "客户端", "热线", "窗口", "渠道", "方式提交", "一审", "二审", "上诉", "再审", "撤诉", "败诉", "胜诉",
    # Time limits: the tables count outcomes, not whether they were on time.
    "法定期限", "期限内", "时限", "超期", "及时答复",
)
UNSUPPORTED_EN = (
    "online", "on line", "internet", "website form", "email", "e-mail", "by post", "by mail", "in person", "fax",
    "phone", "telephone", "average", "on average", "days", "working days", "how long", "time to", "gender", "women",
    "men", "age", "journalist", "journalists", "media", "reporters", "foreigners", "concerning", "regarding",
    "related to", "about land", "topic", "app", "mini-program", "hotline", "appeal court", "second instance",
    "first instance", "appealed to", "won", "lost", "time limit", "deadline", "statutory period",
    "within the legal",
)


#: What a narrative sentence must say to answer a breakdown the tables lack (an English word's
#: Chinese): 「通过网上申请平台收到申请120件」 answers "online", a sentence without 网 does not.
UNSUPPORTED_IN_TEXT = {
    "online": ("网上", "在线", "网络", "互联网", "线上", "网站", "平台"), "on line": ("网上", "在线", "线上"),
    "internet": ("互联网", "网上", "网络"), "website form": ("网站", "网上"), "email": ("邮件", "邮箱"),
    "e-mail": ("邮件", "邮箱"), "by post": ("信函", "邮寄"), "by mail": ("信函", "邮寄"), "in person": ("当面", "现场"),
    "fax": ("传真",), "phone": ("电话",), "telephone": ("电话",), "average": ("平均",), "on average": ("平均",),
    "days": ("天", "日"), "working days": ("工作日",), "how long": ("天", "日"), "time to": ("天", "日"),
    "gender": ("性别", "男", "女"), "women": ("女",), "men": ("男",), "age": ("年龄", "岁"), "journalist": ("记者",),
    "journalists": ("记者",), "media": ("媒体", "记者"), "reporters": ("记者",), "foreigners": ("外国", "境外"),
    "多少天": ("天", "日"), "几天": ("天", "日"), "多长时间": ("天", "日"), "多久": ("天", "日"), "用时": ("天", "日"),
    "时长": ("天", "日"), "男性": ("男",), "女性": ("女",), "网络": ("网络", "网上", "在线"), "在线": ("在线", "网上"),
    "线上": ("线上", "网上", "在线"), "网上": ("网上", "在线", "网络", "线上"),
    "time limit": ("期限", "时限"), "deadline": ("期限", "时限"), "on time": ("期限", "按时", "及时"),
    "statutory period": ("期限",), "within the legal": ("期限",), "late": ("超期", "逾期", "期限"),
    "overdue": ("超期", "逾期"), "法定期限": ("期限",), "期限内": ("期限",), "时限": ("时限", "期限"),
    "按时": ("按时", "期限", "及时"), "超期": ("超期", "期限"), "及时答复": ("及时", "期限"),
}


def unsupported_words(question: str) -> Tuple[str, ...]:
    """Given a question, return the words in it that ask for a breakdown the template does not have
    (「网上提交的」, "by email", "on average", "journalists"): a table figure cannot answer those."""
    q = question.lower()
    found = [w for w in UNSUPPORTED_ZH if w in question]
    found += [w for w in UNSUPPORTED_EN if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", q)]
    # 「关于」/「涉及」 name a topic only when a request is about something (「涉及征地拆迁的申请」), not in
    # 「关于政府信息公开工作的年度报告」 or 「因为信息公开」.
    if "关于" in found and not re.search(r"关于.{1,12}的(信息公开)?申请", question):
        found.remove("关于")
    if "涉及" in found and not re.search(r"涉及.{1,12}的(信息公开)?申请", question):
        found.remove("涉及")
    if "有关" in found and not re.search(r"有关.{1,12}的(信息公开)?申请|与.{1,12}有关的", question):
        found.remove("有关")
    for w in ("领域", "类别"):
        if w in found and "申请" not in question:
            found.remove(w)
    # 「新媒体」, "new media", "social media" are the reports' own subject, not a kind of applicant.
    if "媒体" in found and re.search(r"[新自]媒体", question):
        found.remove("媒体")
    if "media" in found and re.search(r"(new|social)[\s-]+media", q):
        found.remove("media")
    return tuple(found)
