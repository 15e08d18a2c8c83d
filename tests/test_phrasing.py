"""The pure pieces on their own: rank fusion on hand-written rankings; every note code said in both
languages; figures, places and reports as readers read them; settings read once, a bad one a
sentence."""

from __future__ import annotations

import typing

import pytest

from config import OPTIONS, Settings
from errors import ConfigError
from index import fuse
from model import Note, NoteCode, ReportRef
from phrasing import format_number, location_text, note_text, report_name

CODES = typing.get_args(NoteCode)


# ---------------------------------------------------------------- rank fusion


def test_a_passage_found_by_both_rankings_beats_one_found_first_by_one():
    fused = fuse(["a", "b", "c"], ["b", "d"], k=10)
    assert [f.key for f in fused][:2] == ["b", "a"]
    b = fused[0]
    assert (b.lexical_rank, b.dense_rank) == (2, 1)
    assert b.score == pytest.approx(1 / 62 + 1 / 61)


def test_fusion_keeps_k_and_breaks_ties_by_first_met():
    fused = fuse(["a", "b"], ["c", "d"], k=3)
    assert [f.key for f in fused] == ["a", "c", "b"]  # a and c tie at 1/61: a was met first
    assert fused[1].lexical_rank is None and fused[1].dense_rank == 1


def test_fusion_of_one_empty_ranking_is_the_other_in_its_order():
    assert [f.key for f in fuse([], ["x", "y"], k=5)] == ["x", "y"]
    assert fuse([], [], k=5) == []


def test_a_key_repeated_in_one_ranking_counts_at_its_best_rank():
    fused = fuse(["a", "a", "b"], [], k=5)
    assert [(f.key, f.lexical_rank) for f in fused] == [("a", 1), ("b", 3)]


# ---------------------------------------------------------------- notes


@pytest.mark.parametrize("code", CODES)
def test_every_note_code_is_said_in_chinese_and_in_english(code):
    note = Note.of(code, glued="71 3 0", ways=2, stated="本年制发件数 77", shown="「O」", width=7, times=2,
                   group="（六）其他处理", value=6, detail="自然人: 1 + 2 = 3 ≠ 4")
    zh, en = note_text(note, "zh"), note_text(note, "en")
    assert zh and en and zh != en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.replace("（六）其他处理", "").replace("本年制发件数", "")
                   .replace("自然人", ""))
    for name, value in note.args:  # the particulars a note carries are said, not dropped
        if name in ("glued", "ways", "shown", "width", "times", "group") and name in _used(code):
            assert value in zh and value in en, (name, zh, en)


def _used(code: str) -> str:
    return {"glued_split": "glued", "glued_ways": "glued ways", "glued_no_split": "glued", "count": "width",
            "printed_twice": "times", "misread_confirmed": "shown", "one_row_variant": "group"}.get(code, "")


# ---------------------------------------------------------------- figures, places, reports


@pytest.mark.parametrize("value,text", [(4, "4"), (4.0, "4"), (4863.52, "4863.52"), (-2, "-2"), (None, "—"),
                                        (5949.088667, "5949.09"), (0, "0")])
def test_a_figure_is_written_as_a_person_writes_it(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize("kind,page,line,zh,en", [
    ("pdf", 4, None, "第4页", "page 4"), ("text", 1, 54, "第54行", "line 54"),
    ("docx", 1, 12, "第12段", "paragraph 12"), ("html", 1, None, "", "")])
def test_a_place_in_a_file_is_a_page_a_line_or_a_paragraph_by_its_kind(kind, page, line, zh, en):
    assert (location_text(kind, page, line, "zh"), location_text(kind, page, line, "en")) == (zh, en)


def test_a_report_is_named_by_its_body_and_year():
    ref = ReportRef("abc", "广东省政务服务和数据管理局", 2023)
    assert report_name(ref, "zh") == "广东省政务服务和数据管理局2023年"
    assert report_name(ref, "en") == "广东省政务服务和数据管理局 2023"
    assert report_name(ReportRef("abc", None, None), "en") == "abc"


# ---------------------------------------------------------------- settings


def test_each_default_is_written_once_in_the_options():
    defaults = Settings()
    for opt in OPTIONS:
        assert getattr(defaults, opt.name) == opt.kind(opt.default), opt.name


@pytest.mark.parametrize("env,value", [("REPORTS_CHROMA_PORT", "eighty"), ("REPORTS_MAX_FILE_MB", "lots"),
                                       ("REPORTS_PAGE_SECONDS", "-3")])
def test_a_bad_setting_is_one_sentence_naming_it(env, value):
    with pytest.raises(ConfigError) as e:
        Settings.from_env({env: value})
    assert str(e.value).startswith(env) and repr(value) in str(e.value) and "\n" not in str(e.value)
