"""The pure pieces on their own: rank fusion on hand-written rankings; every note code said in both
languages; figures, places and reports as readers read them; settings read once, a bad one a
sentence."""

from __future__ import annotations

import typing
from decimal import Decimal

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


@pytest.mark.parametrize("value,text", [
    (4, "4"), (4.0, "4"), (-2, "-2"), (None, "—"), (0, "0"),
    # A printed decimal keeps every printed digit (issue 18: 18651.06 was shown as 18651.1).
    (Decimal("18651.06"), "18651.06"), (Decimal("18651.064104"), "18651.064104"), (Decimal("37.80"), "37.80"),
    (Decimal("13575394432.52"), "13575394432.52"), (Decimal("251000"), "251000"), (Decimal("-15"), "-15"),
    # A computed share: its shortest exact form.
    (44.7, "44.7"), (5949.088667, "5949.088667")])
def test_a_figure_is_written_as_the_report_prints_it(value, text):
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


# ---------------------------------------------------------------- errors and stored sentences in Chinese

ERROR_CLASSES = {"ReportError", "UnreadableFile", "ScannedPDF", "UnsupportedFile", "FileTooLarge", "StoreError",
                 "ConfigError", "QuestionError"}


def _raise_sites():
    """Every construction of a user-facing error in the product: (file:line, its code or None)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in ("tests", "bench", "scripts", ".venv") or rel.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERROR_CLASSES:
                code = node.args[1] if len(node.args) > 1 else None
                yield f"{rel}:{node.lineno}", code


def test_every_user_facing_error_has_a_code_said_in_chinese():
    import ast

    from phrasing import _ERRORS_ZH

    sites = list(_raise_sites())
    assert len(sites) > 30
    for where, code in sites:
        assert code is not None, f"{where}: give the error a code (errors.ReportError) so the page can say it in Chinese"
        if isinstance(code, ast.Constant):
            assert code.value in _ERRORS_ZH, f"{where}: no Chinese for {code.value!r} in phrasing._ERRORS_ZH"


def test_an_error_is_said_in_chinese_from_its_particulars_and_in_english_as_the_cli_prints_it():
    from errors import FileTooLarge, UnreadableFile
    from phrasing import error_text

    e = FileTooLarge("big.pdf is 80 MB; the limit is 50 MB (set REPORTS_MAX_FILE_MB to change it).", "too_large",
                     name="big.pdf", mb=80, limit=50)
    assert error_text(e, "en") == str(e)
    assert error_text(e, "zh") == "big.pdf 有 80 MB，超过了 50 MB 的上限（可用 REPORTS_MAX_FILE_MB 调整）。"
    assert error_text(UnreadableFile("odd", "not_pdf", looks="html"), "zh").startswith("这个文件不是 PDF：它是保存成 .pdf 名字的网页")
    # An error without a Chinese phrasing still says what kind of fault it is.
    assert error_text(UnreadableFile("something new."), "zh") == "无法读取这个文件（something new.）"


def test_the_stored_warnings_and_notes_are_said_in_chinese():
    from phrasing import sentence_text

    assert sentence_text("no template tables were found: only the passages of this file were read.", "zh") == \
        "没有找到年报模板的表格：只读取了这个文件的文字段落。"
    assert sentence_text("the same report is already stored from /a/b.txt", "zh") == "同一份报告已经导入过（/a/b.txt）"
    assert sentence_text("every page of this file was read by OCR from a scan: its figures are marked OCR, and one "
                         "that does not add up is reported ambiguous.", "zh").startswith("所有页面是扫描件")
    assert sentence_text("anything else", "en") == "anything else"
