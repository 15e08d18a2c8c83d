"""The words people use for the template's rows, columns and groups, in Chinese and English.

A question is understood without a language model: its words are matched against these terms,
which name template concepts (``ingest.template``). Each concept lists Chinese wordings (matched
against the question with spacing and punctuation folded) and English ones (matched as lower-case
phrases). A more specific concept beats a general one: 「因本机关不掌握相关政府信息而无法提供」 is the
row ``unavailable.not_held``, not the group ``unavailable``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple


@dataclass(frozen=True)
class Concept:
    """A thing a question can ask about: a template row, a group of rows, a column, a table-4 group.

    A term written with a leading ``~`` is weak: it names the concept only in a question about
    information-disclosure applications (「收到」 is a row of table 3 in 「收到几件申请」, not in
    「信箱收到多少封来信」).

    ``key`` is the address part (``partial``, ``denied``, ``natural_person``); ``kind`` is
    ``row`` (table 3), ``group`` (a sum of table-3 rows), ``col`` (table-3 column), ``cols`` (a sum
    of columns), ``t2row``, ``t2col``, ``t4group``, ``t4col``.
    """

    kind: str
    key: str
    zh: Tuple[str, ...]
    en: Tuple[str, ...] = ()
    label_zh: str = ""
    label_en: str = ""


def _c(kind, key, zh, en=(), label_zh="", label_en=""):
    return Concept(kind, key, tuple(zh), tuple(en), label_zh or zh[0], label_en or (en[0] if en else key))


# Table 3 rows. Order matters only for display; matching prefers the longest term found.
T3_ROWS = (
    _c("row", "new", ["本年新收", "新收", "~收到", "新受理", "~受理", "新增申请", "申请数量", "~提出", "~提交"],
       ["new applications", "newly received", "~received", "~receive", "new requests",
        "~filed", "~file with", "~submitted", "~submit to", "~submit", "~got", "~lodged"],
       "本年新收申请", "new applications received"),
    _c("row", "carried_over", ["上年结转", "上一年结转", "上年度结转", "去年结转"],
       ["carried over from", "carried over", "carry over from", "carry over", "brought forward", "from last year",
        "from the previous year"],
       "上年结转申请", "applications carried over from the previous year"),
    _c("row", "granted", ["予以公开", "全部公开", "同意公开", "准予公开"],
       ["granted", "fully disclosed", "disclosed in full", "disclosed fully", "approved for disclosure"],
       "予以公开", "granted in full"),
    _c("row", "partial", ["部分公开", "区分处理"], ["partially disclosed", "partial disclosure", "partly disclosed",
                                                  "partially granted", "partially"], "部分公开", "partially disclosed"),
    _c("row", "denied.state_secret", ["国家秘密"], ["state secret", "state secrets"], "不予公开：属于国家秘密"),
    _c("row", "denied.prohibited_by_law", ["法律行政法规禁止", "法规禁止公开", "其他法律行政法规"],
       ["prohibited by law", "prohibited by other laws"], "不予公开：其他法律行政法规禁止公开"),
    _c("row", "denied.security_stability", ["三安全一稳定", "三安全"], ["security and stability"],
       "不予公开：危及“三安全一稳定”"),
    _c("row", "denied.third_party", ["第三方合法权益", "第三方权益", "保护第三方"], ["third party", "third-party",
                                                                         "third parties"], "不予公开：保护第三方合法权益"),
    _c("row", "denied.internal_affairs", ["内部事务"], ["internal affairs"], "不予公开：属于三类内部事务信息"),
    _c("row", "denied.process_info", ["过程性信息", "过程性"], ["process information", "deliberative"],
       "不予公开：属于四类过程性信息"),
    _c("row", "denied.enforcement_files", ["行政执法案卷", "执法案卷"], ["enforcement files", "case files"],
       "不予公开：属于行政执法案卷"),
    _c("row", "denied.inquiry_matters", ["行政查询事项", "查询事项"], ["inquiry matters", "administrative inquiry"],
       "不予公开：属于行政查询事项"),
    _c("row", "unavailable.not_held", ["不掌握", "未掌握", "没有掌握"], ["not held", "does not hold", "did not hold",
                                                                "not in possession"], "无法提供：本机关不掌握相关政府信息"),
    _c("row", "unavailable.needs_creation", ["另行制作", "没有现成信息", "没有现成"], ["would have to be created",
                                                                           "needs to be created", "not readily available"],
       "无法提供：没有现成信息需要另行制作"),
    _c("row", "unavailable.unclear", ["仍不明确", "补正后"], ["still unclear", "unclear after"],
       "无法提供：补正后申请内容仍不明确"),
    _c("row", "not_processed.petition", ["信访举报投诉", "信访"], ["petition", "petitions", "complaints"],
       "不予处理：信访举报投诉类申请"),
    _c("row", "not_processed.repeated", ["重复申请"], ["repeated applications", "repeat applications", "duplicate"],
       "不予处理：重复申请"),
    _c("row", "not_processed.publications", ["公开出版物", "出版物"], ["publications"], "不予处理：要求提供公开出版物"),
    _c("row", "not_processed.excessive", ["大量反复"], ["excessive", "vexatious"], "不予处理：无正当理由大量反复申请"),
    _c("row", "not_processed.reissue", ["重新出具", "确认或重新"], ["reissue", "re-issue", "confirm"],
       "不予处理：要求行政机关确认或重新出具已获取信息"),
    _c("row", "other.no_correction", ["逾期不补正", "不补正"], ["failed to supplement", "did not supplement",
                                                          "no correction"], "其他处理：逾期不补正"),
    _c("row", "other.fee_unpaid", ["缴纳费用", "未缴费", "未按收费通知"], ["fee unpaid", "did not pay", "unpaid fee"],
       "其他处理：逾期未缴纳费用"),
    _c("row", "total_handled", ["办理结果总计", "~办结", "~办理完毕", "~处理完毕", "~共办理", "总计办理", "七总计"],
       ["~handled", "~processed in total", "total handled", "~completed", "~dealt with"],
       "办理结果总计", "applications handled"),
    _c("row", "carried_forward", ["结转下年度", "转下年度", "结转下一年", "结转至下年", "结转到下年", "下年度继续办理",
                                  "结转下年", "结转到下一年", "结转至下一年", "转入下一年", "转到下一年", "转入下年"],
       ["carried forward", "carry forward", "carried into", "carry over into", "next year", "carried over to"],
       "结转下年度继续办理", "carried forward to the next year"),
)

#: Groups of table-3 rows with no printed subtotal: asked about as a whole, they are a sum.
T3_GROUPS = (
    _c("group", "denied", ["不予公开", "拒绝公开", "不公开"], ["refused", "refuse", "refusals", "denied", "deny",
                                                         "denials", "not disclosed", "withheld", "rejected"], "不予公开", "refused"),
    _c("group", "unavailable", ["无法提供"], ["could not be provided", "unable to provide", "unavailable",
                                          "could not provide"], "无法提供", "could not be provided"),
    _c("group", "not_processed", ["不予处理", "不予受理", "不作处理"], ["not processed", "not handled", "declined to process"],
       "不予处理", "not processed"),
    _c("group", "other", ["其他处理"], ["other handling", "otherwise handled", "handled otherwise"], "其他处理",
       "other handling"),
)

T3_COLS = (
    _c("col", "natural_person", ["自然人", "~个人", "~公民"], ["natural person", "natural persons", "individuals",
                                                             "individual", "citizens", "private persons"],
       "自然人", "natural persons"),
    _c("col", "commercial", ["商业企业", "~企业", "~公司"], ["companies", "company", "businesses", "business",
                                                    "commercial enterprises", "enterprises", "firms"],
       "商业企业", "commercial enterprises"),
    _c("col", "research", ["科研机构", "科研"], ["research institutions", "research institutes", "research"],
       "科研机构", "research institutions"),
    _c("col", "public_interest", ["社会公益组织", "公益组织"], ["public interest", "ngo", "ngos", "charities"],
       "社会公益组织", "public-interest organisations"),
    _c("col", "legal_services", ["法律服务机构", "律师事务所", "律所"], ["legal service", "legal services", "law firms",
                                                               "law firm", "lawyers"], "法律服务机构", "legal service providers"),
    _c("col", "other_org", ["其他组织", "其他机构"], ["other organisations", "other organizations"], "其他（法人或其他组织）",
       "other organisations"),
)
T3_COL_SUMS = (
    _c("cols", "legal_entities", ["法人或其他组织", "法人和其他组织", "法人"], ["legal persons", "legal entities",
                                                                    "organisations", "organizations"],
       "法人或其他组织", "legal persons and other organisations"),
)

# Table 2: rows, and their columns by format.
T2_ROWS = (
    _c("t2row", "rules", ["规章"], ["rules", "regulations", "government rules"], "规章", "rules"),
    _c("t2row", "normative", ["规范性文件"], ["normative documents", "normative document", "regulatory documents"],
       "行政规范性文件", "normative documents"),
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
    _c("t2col", "issued", ["制发", "新制发", "印发", "发布", "出台"], ["issued", "issue", "new"], "本年制发件数", "issued"),
    _c("t2col", "repealed", ["废止"], ["repealed", "abolished", "revoked"], "本年废止件数", "repealed"),
    _c("t2col", "in_force", ["现行有效", "有效", "现行"], ["in force", "in effect", "currently valid", "valid"],
       "现行有效件数", "in force"),
    _c("t2col", "decisions", ["处理决定", "决定"], ["decisions", "decision"], "处理决定数量", "decisions"),
    _c("t2col", "amount", ["金额", "总金额", "多少万元", "万元"], ["amount", "how much", "total value", "value"],
       "金额（万元）", "amount (10,000 yuan)"),
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
                                                "reconsideration", "appeals"], "行政复议", "administrative reconsideration"),
    _c("t4group", "suit_direct", ["未经复议直接起诉", "直接起诉"], ["directly sued", "direct lawsuits",
                                                           "without reconsideration", "without review"],
       "行政诉讼（未经复议直接起诉）", "lawsuits filed directly"),
    _c("t4group", "suit_after_review", ["复议后起诉"], ["after reconsideration", "after review"],
       "行政诉讼（复议后起诉）", "lawsuits after reconsideration"),
    # 行政诉讼 alone names two groups: answered as their sum when asked for a total, else clarified.
    _c("t4group", "suit", ["行政诉讼", "起诉", "诉讼"], ["lawsuit", "lawsuits", "litigation", "sued", "court"],
       "行政诉讼", "administrative lawsuits"),
)
T4_COLS = (
    _c("t4col", "upheld", ["维持"], ["upheld", "maintained", "sustained"], "结果维持", "upheld"),
    _c("t4col", "corrected", ["纠正"], ["corrected", "overturned", "reversed"], "结果纠正", "corrected"),
    _c("t4col", "other", ["其他结果"], ["other outcome", "other result", "other outcomes"], "其他结果", "other outcome"),
    _c("t4col", "pending", ["尚未审结", "未审结", "未结"], ["pending", "not yet concluded", "unresolved"], "尚未审结",
       "pending"),
)

ALL_CONCEPTS = T3_ROWS + T3_GROUPS + T3_COLS + T3_COL_SUMS + T2_ROWS + T2_COLS + T4_GROUPS + T4_COLS

# ---------------------------------------------------------------- intents

TOTAL_WORDS_ZH = ("一共", "总共", "合计", "共计", "总计", "总数", "总和", "加起来", "共有", "共多少", "共几")
TOTAL_WORDS_EN = ("in total", "total", "altogether", "combined", "sum", "overall")
COMPARE_WORDS_ZH = ("哪个", "哪一个", "谁", "比较", "相比", "对比", "更多", "更少", "多还是少")
COMPARE_WORDS_EN = ("which had more", "which had fewer", "which received more", "compare", "more than", "fewer than",
                    "which one", "which body", "which of")
RANK_WORDS_ZH = ("最多", "最少", "排名", "排序", "排行", "前三", "前五", "最高", "最低")
RANK_WORDS_EN = ("the most", "the fewest", "the least", "rank", "ranking", "highest", "lowest", "top")
CHANGE_WORDS_ZH = ("比上年", "比去年", "同比", "增长", "下降", "变化", "增加了", "减少了", "较上年")
CHANGE_WORDS_EN = ("change from", "compared with the previous year", "year on year", "year-on-year", "increase from",
                   "decrease from", "grew", "fell", "from the year before")
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
    "website": "网站", "websites": "网站", "portal": "门户网站", "wechat": "微信", "official account": "公众号",
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
