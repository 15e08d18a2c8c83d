"""Lexical search for Chinese and English: the text turned into terms that SQLite FTS5 ranks by BM25.

Chinese has no spaces, so a passage is indexed as its jieba words (with the domain's own terms
added, so 「依申请公开」 stays one word) plus every character bigram (which catches words jieba
splits differently, and abbreviations such as 「政数局」 against 「政务服务数据管理局」). English is
lower-cased words. The terms are stored space-separated and FTS5's unicode61 tokenizer indexes
them as they are.

A query becomes an OR of quoted terms: quoting makes every FTS5 operator (``NEAR``, ``*``, ``OR``,
``"``) plain text, so nothing a user types can change the query's shape.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Iterable, List, Tuple

#: Terms of the disclosure reports that a general dictionary splits wrongly.
DOMAIN_TERMS = (
    "政数局", "政务服务数据管理局", "政务服务和数据管理局", "粤省事", "粤商通", "粤省心", "粤智助", "依申请公开",
    "主动公开", "不予公开", "部分公开", "予以公开", "无法提供", "不予处理", "其他处理", "行政复议", "行政诉讼",
    "政府信息公开", "信息处理费", "规范性文件", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
    "政务公开", "政务新媒体", "门户网站", "政策解读", "新闻发布会", "好差评", "结转下年度", "上年结转", "本年新收",
    "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "三安全一稳定",
    "过程性信息", "内部事务信息", "行政执法案卷", "行政查询事项", "国家秘密", "第三方合法权益", "信访举报投诉",
    "重复申请", "公开出版物", "政务地图", "禺好办", "营商环境", "数字政府", "政府网站", "保密审查", "三审三校",
    "微信公众号", "粉丝数", "阅读量", "访问量", "存在问题", "改进措施", "整改措施",
)
_STOP = set("的 了 和 与 及 是 在 为 对 等 将 把 被 有 也 就 都 而 或 并 其 中 之 以 于 由 从 向 个 件 条 年 "
            "多少 几 什么 哪些 哪个 怎么 如何 吗 呢 啊 请问 一共 共 总共".split())
_EN_STOP = set("the a an of to in on for and or is are was were be by with how many much what which who "
               "did does do from that this it as at".split())

_lock = threading.Lock()
_jieba = None


def _tokenizer():
    """jieba, initialised once per process with the domain terms (its dictionary load takes ~1 s)."""
    global _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            for term in DOMAIN_TERMS:
                tk.add_word(term, freq=200000)
            _jieba = tk
    return _jieba


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")


def text_to_terms(text: str, bigrams: bool = True) -> List[str]:
    """Given text, return its index terms: jieba words, CJK character bigrams, English words, numbers."""
    terms: List[str] = []
    for run in _CJK.findall(text):
        words = [w for w in _run_words(run) if w.strip()]
        terms.extend(w for w in words if w not in _STOP)
        if bigrams:
            terms.extend(run[i:i + 2] for i in range(len(run) - 1))
            if len(run) == 1 and run not in _STOP:
                terms.append(run)
    for w in _WORD.findall(text):
        w = w.lower()
        if w not in _EN_STOP:
            terms.append(w)
    return terms


@lru_cache(maxsize=8192)
def _run_words(run: str) -> Tuple[str, ...]:
    """jieba's words of a run of Chinese, kept: the claim check cuts the same clauses' words for
    each figure's ask, its narrative search and its guards (jieba's dictionary is fixed once loaded)."""
    return tuple(_tokenizer().lcut(run))


def terms_to_document(terms: Iterable[str]) -> str:
    """Given index terms, return the FTS5 document text (terms joined by spaces)."""
    return " ".join(terms)


def terms_to_match(terms: Iterable[str]) -> str:
    """Given query terms, return a safe FTS5 MATCH expression: an OR of quoted terms.

    Returns "" when there is nothing to search for (a query of punctuation or stop words).
    """
    seen, quoted = set(), []
    for t in terms:
        t = t.replace('"', "")
        if t and t not in seen:
            seen.add(t)
            quoted.append('"' + t + '"')
    return " OR ".join(quoted[:64])
