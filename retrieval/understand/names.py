"""Bodies a question names, whether their reports are loaded or not.

「淮阴区2024年收到多少…」 names 淮阴区, 「广州市政数局…」 the city's bureau, "the Jiangsu provincial
government" Jiangsu's government — and if none of those is loaded, the answer must say so, never
give the figure of a body that is (淮安市人民政府, 番禺区政数局, 广东省政数局). So a question's body names
are found from the shape of a name — a place with its suffix (省, 市, 区, 县, 镇, 街道 …), then perhaps a
department — not only from the loaded catalog; each is then matched strictly: the same most local
place, and the same department where one is named (short forms and aliases allowed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Sequence, Tuple

from ingest import BodyName, agency_to_name, pinyin, pinyin_readings
from retrieval.lexicon import DEPT_ALIASES, DEPT_EN
from retrieval.understand.places import a_place_of_its_own, core_divisions, division_ending, is_division

#: Words that end like a place and name none (「社区」, 「全市」, 「园区」).
_NOT_PLACES = {"社区", "城区", "园区", "辖区", "景区", "小区", "片区", "地区", "本区", "我区", "全区", "该区", "各区",
               "全市", "我市", "本市", "该市", "各市", "城市", "都市", "超市", "全县", "我县", "本县", "该县", "各县",
               "全省", "我省", "本省", "该省", "各省", "全镇", "本镇", "我镇", "乡镇", "城乡", "街道", "全州", "本州",
               "政区", "市区", "郊区", "新区", "老区", "省市", "市县", "区县", "县区", "县市", "省区"}
#: What splits a question into the runs a body's name can stand in.
_SPLIT = re.compile(r"[^\u4e00-\u9fff]+|[和与及跟同比的、，。？！]|以及|还是|对比|相比")
#: Department words a name may end in after its places.
_DEPT_END = re.compile(r"(人民政府|政府|委员会|管委会|管理委员会|办事处|办公室|局|委|厅|办|中心|所|站|院)")


@dataclass(frozen=True)
class NamedBody:
    """A body a question names: its places (most local last) and department as the question
    words them, and where the name stands."""

    text: str
    places: Tuple[str, ...]
    dept: str
    position: int
    english: bool = False


#: 「和」 inside a department's name (自然资源和规划局, 住房和城乡建设局) is not "and": kept when what
#: follows it up to a department word names no place.
_AND_IN_NAME = re.compile(r"和(?=([\u4e00-\u9fff]{1,8}?)(?:局|委员会|委|厅|办公室|中心))")
_KEEP = "龢"  # an old form of 和 (never in a question), standing for a kept 和 while the question is split


def _protect_and(question: str) -> str:
    def keep(m: "re.Match[str]") -> str:
        name = agency_to_name(m.group(1))
        named_places = [p for p in name.places if p not in _NOT_PLACES and len(p) >= 2]
        return m.group(0) if named_places else _KEEP
    return _AND_IN_NAME.sub(keep, question)


def _chinese_names(question: str) -> List[NamedBody]:
    out = []
    pos = 0
    question = _protect_and(question)
    for part in _SPLIT.split(question):
        at = question.find(part, pos) if part else pos
        pos = at + len(part)
        # A name does not begin with what introduces it (「通过区政府门户网站」, 「在市政府网站」).
        run = re.sub(r"^(年度?|度)", "", part)
        # Nor with who is told it (「记者从桐江县自然资源局获悉」, 「本报记者日前从…」).
        run = re.sub(r"^(本报|本台|本刊)?(记者|通讯员|笔者)(近日|日前|今天|今日|昨天|昨日|最近|近期)?", "", run)
        # Nor with when (「当年淮安市政府」).
        run = re.sub(r"^(当年|同年|今年|去年|全年|年内|本年|该年|当期|同期|近日|日前|此前|目前)", "", run)
        run = re.sub(r"^(而且|而|并且|但是|但|且|则|同时|此外|其次|那么|那|这|还有|另外|再看|再|以及|及|通过|经过|经由|依托|利用|借助|在|由|向|对|从|据|按|经|于|被|给|把|将|为)",
                     "", run)
        run = _without_leading_words(run)
        if len(run) < 2:
            continue
        offset = at + (len(part) - len(run))
        name = agency_to_name(run)
        raw_places = list(name.places)
        rest = name.dept
        # 「住房和城乡建设局」 parses with a "place" 住房和城乡: from there on it is the department.
        cut = next((i for i, p in enumerate(raw_places) if _KEEP in p), len(raw_places))
        if cut < len(raw_places):
            rest = "".join(raw_places[cut:]) + rest
            raw_places = raw_places[:cut]
        # 「淮安全市」 is 淮安 and 全市 ("the whole city"): the place is 淮安市.
        places = tuple(re.sub(r"^(.+?)全(省|市|区|县|州)$", r"\1\2", p) for p in raw_places)
        places = tuple(p for p in places if p not in _NOT_PLACES and not p.startswith(("年", "度")) and len(p) >= 2)
        if not places:
            continue
        # The department: the rest of the run up to a department word, if the run holds one.
        dept = ""
        m = next((d for d in _DEPT_END.finditer(rest) if d.start() <= 10 and _ends_a_name(rest, d)), None)
        if m and not _PROSE.search(rest[:m.start()]) and _word_ends(run, len("".join(raw_places)) + m.end()):
            # A department is words of a name, ending where a word ends: 「平潭综合实验区办结」 is the
            # zone and the verb 办结, not a body 「平潭综合实验区办」; 「洪泽区在政府网站」 the district.
            dept = rest[:m.end()]
        text = run[:len("".join(raw_places)) + len(dept)].replace(_KEEP, "和")
        out.append(NamedBody(text, places, dept.replace(_KEEP, "和"), offset))
    return out


#: Characters of prose, not of a department's name, before its department word (「在政府」, 「共新收政府」).
_PROSE = re.compile(r"[是的了在将对把被为与及或等其这那各每年月日里内外个件次条共收结计有向从到给让]")
#: Words a name never begins with: what a sentence says before naming a body (「正文中广东省政数局」,
#: 「这一年平潭全区」) — the function words, and these words of reports and questions.
_LEAD_WORDS = {"正文", "文中", "报告", "年报", "表格", "表中", "表里", "问题", "一年", "这一年", "那一年", "全年", "今年",
               "去年", "当年", "同年", "其中", "另外", "此外", "同时", "以及", "关于", "对于", "根据", "按照"}


def _without_leading_words(run: str) -> str:
    """A run of characters without the words before the name it may hold: function words and the
    words of a sentence that introduce a name (「正文中广东省政数局」 is 广东省政数局)."""
    import jieba

    from retrieval.understand.accounting import function_words

    zh, _ = function_words()
    words = jieba.lcut(run)
    i = 0
    while i < len(words) - 1 and (words[i] in zh or words[i] in _LEAD_WORDS) and not _SUFFIX_END.search(words[i]):
        i += 1
    trimmed = "".join(words[i:])
    # A division of the national list the first place ends with (「正文中广东省」: 广东省).
    first = agency_to_name(trimmed).places[:1]
    if first and not is_division(first[0]):
        known = division_ending(first[0])
        if known:
            trimmed = trimmed[len(first[0]) - len(known):]
    return trimmed


_SUFFIX_END = re.compile(r"(省|市|区|县|镇|乡|街道)$")


def _word_ends(run: str, end: int) -> bool:
    """Whether a word of the run (as jieba cuts it) ends at ``end``."""
    import jieba

    pos = 0
    for w in jieba.lcut(run):
        pos += len(w)
        if pos == end:
            return True
        if pos > end:
            return False
    return end == len(run)


def _ends_a_name(rest: str, m: "re.Match[str]") -> bool:
    """Whether a department word ends a body's name: a place's government is 「政府」 or 「人民政府」
    right after the place, and 「政府信息」 is not a government (「淮安市共新收政府信息公开
    申请」 names 淮安市, not a body 「淮安市共新收政府」)."""
    if m.group(1) not in ("政府", "人民政府"):
        return True
    return rest[:m.start()] in ("", "人民") and not rest[m.end():].startswith("信息")


_EN_PLACE = re.compile(r"\b([A-Z][a-z]+(?:['’ -](?!s\b)[A-Za-z]+)?)(?:'s|’s)?\s+(?i:(province|provincial|city|municipal|"
                       r"district|county|town|township|prefecture|autonomous region)\b)")
_EN_OF = re.compile(r"\b(?i:province|city|district|county|town|government) of ([A-Z][a-z]+(?:['’ -](?!s\b)[A-Za-z]+)?)")
#: Capitalised words before "city" or "county" that are not places ("Which city", "Each county").
_EN_NOT_PLACES = {"which", "what", "the", "this", "that", "each", "every", "our", "your", "their", "same", "whole",
                  "entire", "other", "another", "any", "one", "its", "his", "her", "a", "an", "whose", "how", "and",
                  "or", "of", "in", "for", "did", "does", "do", "was", "were", "is", "are", "has", "have", "had"}
_EN_SUFFIX = {"province": "省", "provincial": "省", "city": "市", "municipal": "市", "district": "区", "county": "县",
              "town": "镇", "township": "乡", "prefecture": "州", "autonomous region": "自治区"}


#: A department after an English place: "Wanglan County's education bureau", "Huai'an city government".
_EN_DEPT = re.compile(r"^(?:'s|’s)?\s+((?:(?!(?:the|or|versus|vs|compared|with|than)\b)[A-Za-z-]+\s+){0,5})(bureau|department|office|"
                      r"commission|administration|committee|agency|government(?!\s+services?\b)|regulator)\b", re.I)


def _english_names(question: str) -> List[NamedBody]:
    out = []
    for m in _EN_PLACE.finditer(question):
        words = _place_words(m.group(1))
        if words:
            place = _plain_pinyin(words)
            d = _EN_DEPT.match(question[m.end():])
            dept = (d.group(1) + d.group(2)).lower().strip() if d else ""
            out.append(NamedBody(m.group(0) + (question[m.end():m.end() + d.end()] if d else ""),
                                 (place + _EN_SUFFIX.get(m.group(2).lower(), ""),), dept, m.start(), True))
    for m in _EN_OF.finditer(question):
        words = _place_words(m.group(1))
        if words:
            out.append(NamedBody(m.group(0), (_plain_pinyin(words),), "", m.start(), True))
    taken = {n.position for n in out}
    for m in _EN_POSSESSIVE.finditer(question):
        # "Wanglan's natural resources bureau": a place's department, named by its possessive.
        words = _place_words(m.group(1))
        if words and m.start() not in taken and words.lower() not in _EN_NOT_PLACES:
            out.append(NamedBody(m.group(0), (_plain_pinyin(words),), m.group(2).lower(), m.start(), True))
    return out


#: The head nouns of a department named in English ("Fuzhou's market regulator").
EN_DEPARTMENT_HEADS = ("regulator", "bureau", "office", "department", "commission", "authority", "committee", "agency")


def english_possessive(heads: Sequence[str]) -> "re.Pattern[str]":
    """A body named by an English possessive and one of ``heads`` ("Wanglan's natural resources
    bureau"): the place in group 1, the department's words in group 2."""
    return re.compile(r"\b([A-Z][a-z]+(?:[-'’ ][A-Z][a-z]+)?)(?:'s|’s)\s+((?:[a-z]+\s+){0,3}?"
                      rf"(?:{'|'.join(heads)}))\b")


_EN_POSSESSIVE = english_possessive(EN_DEPARTMENT_HEADS)


def _place_words(text: str) -> str:
    """The place in a capitalised run before "city" or "county": without a leading "And" or "Which"."""
    words = re.split(r"\s+", text.strip())
    while words and words[0].lower() in _EN_NOT_PLACES:
        words = words[1:]
    return " ".join(words)


def _plain_pinyin(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())


def question_to_named_bodies(question: str) -> List[NamedBody]:
    """Given a question, return every body it names by a place (Chinese with a suffix, or English
    with "province", "city" …; a division of the national list by its core alone, 「洪泽23」), in order."""
    return list(_named_bodies(question))


@lru_cache(maxsize=256)
def _named_bodies(question: str) -> Tuple[NamedBody, ...]:
    """``question_to_named_bodies``, kept: the understanding asks it of one question several times."""
    named = _chinese_names(question) + _english_names(question)
    return tuple(sorted(named + _bare_places(question, named), key=lambda n: n.position))


#: Parts of speech of a word that is an ordinary word, not a place (「和平年代」, 「前进」).
_COMMON_POS = {"n", "v", "vn", "a", "ad", "an", "d", "i", "l", "t", "f", "m", "q", "r", "p", "c", "u", "uj", "ul",
               "y", "e", "o", "z", "b"}
#: What may stand after a place written without its suffix: a year, a space, a level word, a
#: department's word, 「的」, or the end (「洪泽23」, 「洪泽 2023」, 「洪泽的」, 「洪泽政府」).
_AFTER_BARE = re.compile(r"$|[\s\d，,。？?的省市区县政府局委办]|[二〇一九]{2}")


def _bare_places(question: str, named: Sequence[NamedBody]) -> List[NamedBody]:
    """Places of the national list named by their core alone (「洪泽23 复议后起诉」), where no other
    name stands and the word is not an ordinary one."""
    import jieba
    import jieba.posseg

    taken = [(n.position, n.position + len(n.text)) for n in named]
    tags = jieba.posseg.dt.word_tag_tab  # each word's part of speech in jieba's dictionary
    out = []
    pos = 0
    for word in jieba.lcut(question):
        start, pos = pos, pos + len(word)
        if len(word) < 2 or not core_divisions(word) or tags.get(word, "x") in _COMMON_POS:
            continue
        if any(a <= start < b for a, b in taken) or not _AFTER_BARE.match(question, pos):
            continue
        out.append(NamedBody(word, (word,), "", start))
    return out


@lru_cache(maxsize=65536)
def _core(place: str) -> str:
    return re.sub(r"(特别行政区|自治区|自治州|自治县|省|市|区|县|州|盟|旗|镇|乡|街道|新区)$", "", place) or place


_GOVERNMENT = ("政府", "人民政府", "管委会", "管理委员会")
#: The offices that publish a government's own report (「青溪县人民政府办公室」 for 青溪县人民政府).
_GOVERNMENT_OFFICES = ("人民政府办公室", "政府办公室", "政府办", "人民政府办公厅", "政府办公厅")


def _dept_matches(named: str, dept: str) -> bool:
    """Whether a department as a question words it names a body's department (in full, a short form
    keeping its characters in order, or an alias)."""
    if not named:
        return True
    # A place's own government is printed as the place alone (平潭综合实验区) or with 人民政府 or 管委会.
    if named in _GOVERNMENT and (not dept or dept in _GOVERNMENT):
        return True
    if named == dept or named in dept:
        return True
    if named in _GOVERNMENT and dept in _GOVERNMENT_OFFICES:
        # A county's government is named for its report, which its general office publishes.
        return True
    for full, aliases in DEPT_ALIASES.items():
        if dept.endswith(full) and named in aliases:
            return True
    if named[0] == dept[:1] and named[-1] == dept[-1:]:
        it = iter(dept)
        if all(ch in it for ch in named):
            return True
    # 「自然资原局」 for 自然资源局: one character of the same sound misspelt.
    return _sounds_same(named, dept)


def names_body(named: NamedBody, agency: str) -> bool:
    """Whether a body a question names is the body that printed ``agency``: the same most local
    place (the suffix may be left out; in English, its pinyin) and, where the question names one,
    the same department."""
    body: BodyName = agency_to_name(agency)
    if not body.places:
        return False
    local = body.places[-1]
    mine = named.places[-1]
    if not named.english and mine[:1] != local[:1] and not _sounds_same(_core(mine), _core(local)):
        return False  # (most bodies fail here, before any pattern is run)
    if named.english:
        if _plain_pinyin(pinyin(_core(local))) != _plain_pinyin(_core(mine)) and \
                _plain_pinyin(pinyin(local)) != _plain_pinyin(mine):
            return False
        level = re.sub(r"[a-z]", "", mine)
        if level and local != _core(local) and not local.endswith(level) and \
                not (level in _TOWN_LEVELS and local.endswith(_TOWN_LEVELS)):
            return False  # "Huai'an district" is not 淮安市 (a town and a township are one level in English)
        return english_dept_matches(named.dept, body.dept)
    if mine != local and _core(mine) != _core(local) and not _short_place(mine, local) and \
            not _sounds_same(_core(mine), _core(local)) and mine != body.cores[-1]:
        return False  # (「平潭」 alone is 平潭综合实验区, whose core its name gives: a zone is named by its place)
    if mine != local and _core(mine) == _core(local) and mine != _core(mine) and local != _core(local) \
            and mine[len(_core(mine)):] != local[len(_core(local)):]:
        return False  # 「淮安区」 is not 淮安市: the same core at another level is another place
    if _dept_matches(named.dept, body.dept):
        return True
    # 「鹭湾市监局」, 「鹭湾市场监管局」: the place's suffix is also the department's first character
    # (市场监督管理局), so the question's department lost it to the place.
    return bool(named.dept) and body.dept[:1] == mine[-1:] and _dept_matches(mine[-1] + named.dept, body.dept)


_TOWN_LEVELS = ("镇", "乡")


def english_dept_matches(named: str, dept: str) -> bool:
    """Whether an English department ("education bureau", "government") names a body's department:
    a government names the place's own government; other words must name the department's own."""
    if not named:
        return True
    if named.endswith("government"):
        # The head noun is "government": the place's own (not "government service … administration"),
        # whose report its general office publishes.
        return not dept or dept in _GOVERNMENT or dept in _GOVERNMENT_OFFICES
    words = [zh for en, zh in DEPT_EN.items() if re.search(rf"\b{re.escape(en)}\b", named) and en != "government"]
    if (not dept or dept in _GOVERNMENT) and re.search(r"\b(?:bureau|regulator|department|commission|office)\b", named):
        return False  # "Wanglan's natural resources bureau" is not Wanglan's county government
    if not words:
        return True  # "bureau" alone: nothing to tell it by
    return any(zh in dept for zh in words)


def _sounds_same(a: str, b: str) -> bool:
    """A place misspelt with a character of the same sound (「番禹」 for 番禺): same length, all but
    one character the same, the same toneless pinyin."""
    if len(a) != len(b) or len(a) < 2 or sum(1 for x, y in zip(a, b) if x != y) != 1:
        return False
    if a_place_of_its_own(a):
        return False
    return bool(pinyin_readings(a) & pinyin_readings(b))


def _short_place(short: str, place: str) -> bool:
    """Whether a place is named by a short form of it: its first character and its suffix, the rest
    in order (「平潭实验区」 for 平潭综合实验区)."""
    if len(short) < 3 or short[0] != place[0] or short[-1] != place[-1] or len(short) >= len(place):
        return False
    it = iter(place)
    return all(ch in it for ch in short)


def unloaded_names(question: str, agencies: Sequence[str], loaded_positions: Sequence[Tuple[int, int]] = ()
                   ) -> List[NamedBody]:
    """Given a question and the printed names of the bodies whose reports are loaded, return the
    bodies it names that none of them is. A place named only as where a named loaded body is
    (「广州市的番禺区政数局」's 广州市) is not a body of its own."""
    named = question_to_named_bodies(question)
    bodies = [[a for a in agencies if names_body(n, a)] for n in named]
    matched = [n for n, found in zip(named, bodies) if found]
    places_of_matched = {p for found in bodies for a in found for p in agency_to_name(a).places}
    out = []
    for n in named:
        if n in matched:
            continue
        if not n.dept and all(p in places_of_matched for p in n.places):
            continue
        out.append(n)
    return out


def contradicts(named: Sequence[NamedBody], agency: str, position: int) -> bool:
    """Whether a body the question names where a loaded body was matched (by its place or department)
    is another body: 「广州市政数局」 matched 番禺区政数局 by its city and short form, but names the
    city's bureau."""
    for n in named:
        if n.position <= position < n.position + max(len(n.text), 1) or abs(n.position - position) <= 1:
            if names_body(n, agency):
                return False
            if set(n.places) & set(agency_to_name(agency).places) or n.dept:
                return True
    return False


def named_text(n: NamedBody) -> str:
    """A named body as the answer repeats it."""
    return n.text


__all__ = ["NamedBody", "contradicts", "named_text", "names_body", "question_to_named_bodies", "unloaded_names"]
