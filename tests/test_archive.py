"""A ZIP of reports read defensively (pipeline/sources.py, the one reader of the page and the command
line), and the background importer that takes files, folders and ZIPs (pipeline/worker.py): every
member either imported or refused in one sentence, nothing written outside the folder it is unpacked
into, nothing dropped."""

from __future__ import annotations

import io
import json
import os
import stat
import time
import zipfile

import pytest
from conftest import FIXTURES
from storekit import cli_in_process

from config import Settings
from index import Store
from index.embed import LoadedModel
from phrasing import error_text
from pipeline import ImportQueue, zip_to_sources
from pipeline import sources as archive_module

PANYU = (FIXTURES / "reports" / "seed_panyu_2023.txt").read_bytes()
CITY = (FIXTURES / "reports" / "city_bureau_2022.txt").read_bytes()
MB = 1024 * 1024


def make_zip(members) -> bytes:
    """A ZIP of (name or ZipInfo, bytes) members, written as the tools that make them do."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def info(name: str, mode: int = 0) -> zipfile.ZipInfo:
    i = zipfile.ZipInfo(name)
    i.external_attr = mode << 16
    i.compress_type = zipfile.ZIP_DEFLATED
    return i


def edit_headers(data: bytes, name: str, field: int, edit) -> bytes:
    """The ZIP with ``name``'s two-byte ``field`` of its local header and of its central directory
    entry (numbered from the local header's: its flags 6, its method 8) replaced by ``edit(old)``."""
    raw = bytearray(data)
    key = name.encode()
    for offset, signature, shift in ((30, b"PK\x03\x04", 0), (46, b"PK\x01\x02", 2)):
        at = raw.find(key)
        while at >= 0:
            head = at - offset
            if raw[head:head + 4] == signature:
                where = head + field + shift
                raw[where:where + 2] = edit(int.from_bytes(raw[where:where + 2], "little")).to_bytes(2, "little")
            at = raw.find(key, at + 1)
    return bytes(raw)


def locked(data: bytes, name: str) -> bytes:
    """The ZIP with ``name`` marked as locked with a password (its flag set in the local header and
    the central directory; writers of the standard library do not encrypt)."""
    return edit_headers(data, name, 6, lambda flags: flags | 0x1)


def gbk_member(name: str, data: bytes, others=(), encoding: str = "gbk") -> bytes:
    """A ZIP whose member's name is written in GBK (or ``encoding``) without the UTF-8 flag (as
    Chinese Windows does), after the members ``others`` ((name, bytes), as ``make_zip`` takes them)."""
    encoded = name.encode(encoding)
    placeholder = ("P" * (len(encoded) - 4) + ".txt")
    return make_zip([*others, (placeholder, data)]).replace(placeholder.encode(), encoded)


def wait_for(queue: ImportQueue, batch: int) -> None:
    """Wait until every job of the batch is done (at most two minutes)."""
    deadline = time.monotonic() + 120
    while queue.busy([batch]):
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_reports_are_unpacked_and_every_other_member_refused_in_one_sentence(tmp_path):
    bomb = b"0" * (30 * MB)  # compresses about a thousand times over
    data = make_zip([
        ("2023/番禺区.txt", PANYU),
        ("2022/city.txt", CITY),
        ("../evil.txt", b"outside"),
        ("/etc/evil.txt", b"absolute"),
        (info("link.txt", mode=stat.S_IFLNK | 0o777), b"/etc/passwd"),
        ("locked.txt", PANYU),
        ("inner.zip", make_zip([("x.txt", PANYU)])),
        ("notes.xlsx", b"PK\x03\x04 not a report"),
        ("bomb.txt", bomb),
        ("big.txt", os.urandom(2 * MB + 10)),  # incompressible: too large, not a bomb
    ])
    archive = tmp_path / "reports.zip"
    archive.write_bytes(locked(data, "locked.txt"))
    out = tmp_path / "unpacked"
    members, refused = zip_to_sources(archive, out, max_bytes=2 * MB)
    assert [(m.member, m.path.read_bytes()) for m in members] == [("2023/番禺区.txt", PANYU), ("2022/city.txt", CITY)]
    assert all(out in m.path.parents for m in members), "written only inside the folder given"
    codes = {r.member: r.error.code for r in refused}
    assert codes == {"../evil.txt": "archive_climbs_out", "/etc/evil.txt": "archive_climbs_out",
                     "link.txt": "archive_link", "locked.txt": "archive_locked", "inner.zip": "archive_nested",
                     "notes.xlsx": "archive_not_report", "bomb.txt": "archive_bomb",
                     "big.txt": "archive_member_too_large"}
    assert not list(tmp_path.glob("evil.txt")) and not (tmp_path.parent / "evil.txt").exists()
    # Each said in one sentence, in Chinese and English.
    for r in refused:
        zh, en = error_text(r.error, "zh"), error_text(r.error, "en")
        assert r.member in zh and r.member in en and zh.count("。") == 1 and "\n" not in en, (zh, en)
    assert "跳出" in error_text(next(r.error for r in refused if r.member == "../evil.txt"), "zh")


def test_a_name_written_in_gbk_is_read_as_gbk(tmp_path):
    archive = tmp_path / "gbk.zip"
    archive.write_bytes(gbk_member("番禺区年报2023.txt", PANYU))
    members, _ = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB)
    assert [m.member for m in members] == ["番禺区年报2023.txt"] and members[0].path.name == "番禺区年报2023.txt"


@pytest.mark.parametrize("case,code", [("not-a-zip", "archive_unreadable"), ("too-many", "archive_too_many"),
                                       ("too-big", "archive_too_big")])
def test_an_archive_refused_whole_unpacks_nothing(tmp_path, monkeypatch, case, code):
    archive = tmp_path / "a.zip"
    if case == "not-a-zip":
        archive.write_bytes(b"<html>not a zip</html>")
    elif case == "too-many":
        monkeypatch.setattr(archive_module, "MAX_MEMBERS", 3)
        archive.write_bytes(make_zip([(f"{i}.txt", PANYU) for i in range(4)]))
    else:
        monkeypatch.setattr(archive_module, "MAX_UNPACKED_BYTES", len(PANYU) * 2)
        archive.write_bytes(make_zip([(f"{i}.txt", PANYU) for i in range(3)]))
    members, refused = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB)
    assert members == [] and [r.error.code for r in refused] == [code]
    assert not (tmp_path / "out").exists()
    assert "a.zip" in error_text(refused[0].error, "zh")


def test_the_importer_takes_files_and_zips_in_the_background_and_ends_every_one(tmp_path):
    store = Store.open(Settings(store=str(tmp_path / "store"), embedding_model=""), model=LoadedModel(None, None))
    try:
        queue = ImportQueue(store)
        batch = queue.submit([("city.txt", CITY), ("year.zip", make_zip([("a/番禺区.txt", PANYU), ("x.docx.zip", b"z"),
                                                                         ("readme.md", b"hello")])),
                              ("empty.pdf", b"")])
        wait_for(queue, batch)
        jobs = queue.jobs([batch])
        said = {j.name: (j.outcome.status if j.outcome else j.refusal.error.code) for j in jobs}
        assert said == {"city.txt": "ingested", "year.zip › a/番禺区.txt": "ingested", "year.zip › x.docx.zip":
                        "archive_nested", "year.zip › readme.md": "archive_not_report", "empty.pdf": "failed"}
        assert {r.agency for r in store.reports()} == {"江临市生态环境局", "广州市番禺区政务服务数据管理局"}
        # The temporary copies go once the batch is done; the store keeps its own for citations.
        assert all(store.source_file(r.id) is not None and store.folder in store.source_file(r.id).parents
                   for r in store.reports())
        queue.forget([batch])
        assert queue.jobs([batch]) == []
    finally:
        store.close()


def test_what_an_archive_cannot_be_unpacked_for_is_refused_in_one_sentence_and_its_tools_files_passed_over(tmp_path):
    packed = make_zip([("damaged.txt", PANYU), ("deflate64.txt", PANYU), (info("fifo.txt", mode=stat.S_IFIFO | 0o644),
                                                                          b"x"), ("__MACOSX/2023/._city.txt", b"fork"),
                       (".DS_Store", b"view"), ("2023/", b""), ("city.txt", CITY)])
    raw = bytearray(edit_headers(packed, "deflate64.txt", 8, lambda method: 9))
    start = raw.find(b"damaged.txt") + len("damaged.txt") + 40  # inside its compressed bytes
    raw[start:start + 200] = bytes(b ^ 0x55 for b in raw[start:start + 200])
    archive = tmp_path / "odd.zip"
    archive.write_bytes(bytes(raw))
    members, refused = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB)
    assert [(m.member, m.path.read_bytes()) for m in members] == [("city.txt", CITY)]
    assert {r.member: r.kind for r in refused} == {"damaged.txt": "archive_member_damaged",
                                                   "deflate64.txt": "archive_method", "fifo.txt": "archive_not_file"}
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file() and p.read_bytes() != CITY]
    for r in refused:
        zh, en = error_text(r.error, "zh"), error_text(r.error, "en")
        assert r.member in zh and r.member in en and zh.count("。") == 1 and "odd.zip" in en, (zh, en)


@pytest.mark.parametrize("members", [[], [("__MACOSX/._a.txt", b"fork"), ("2023/", b"")]], ids=["nothing", "tools-only"])
def test_an_archive_with_no_files_is_refused_whole(tmp_path, members):
    archive = tmp_path / "empty.zip"
    archive.write_bytes(make_zip(members))
    got, refused = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB)
    assert got == [] and [(r.member, r.kind) for r in refused] == [("", "archive_empty")]
    assert error_text(refused[0].error, "zh") == "empty.zip 是空的，里面没有文件。"


def test_a_name_written_in_utf8_without_its_flag_is_read_as_utf8(tmp_path):
    archive = tmp_path / "utf8.zip"
    archive.write_bytes(gbk_member("番禺区年报2023.txt", PANYU, encoding="utf-8"))
    members, _ = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB)
    assert [m.member for m in members] == ["番禺区年报2023.txt"]


def test_the_page_and_the_command_line_read_one_archive_alike(tmp_path):
    """One bad archive through the page's import (the background importer, given the upload's bytes)
    and through ``python -m ingest``: the same members refused for the same reasons — said in the
    same English sentence, and in Chinese on the page —, the report named in GBK read by both."""
    archive = tmp_path / "bad.zip"
    archive.write_bytes(gbk_member("番禺区年报2023.txt", PANYU, others=[("inner.zip", make_zip([("x.txt", CITY)])),
                                                                      ("../x.txt", CITY)]))
    kinds = {"inner.zip": "archive_nested", "../x.txt": "archive_climbs_out"}

    store = Store.open(Settings(store=str(tmp_path / "page"), embedding_model=""), model=LoadedModel(None, None))
    try:
        queue = ImportQueue(store)
        batch = queue.submit([("bad.zip", archive.read_bytes())])
        wait_for(queue, batch)
        jobs = {j.name.removeprefix("bad.zip › "): j for j in queue.jobs([batch])}
        page_agencies = {r.agency for r in store.reports()}
    finally:
        store.close()
    assert jobs["番禺区年报2023.txt"].outcome is not None and jobs["番禺区年报2023.txt"].outcome.status == "ingested"
    page_refused = {name: j.refusal for name, j in jobs.items() if j.refusal is not None}
    assert {name: r.kind for name, r in page_refused.items()} == kinds
    assert "跳出" in error_text(page_refused["../x.txt"].error, "zh")
    assert "压缩包里的压缩包" in error_text(page_refused["inner.zip"].error, "zh")

    env = dict(REPORTS_EMBEDDING_MODEL="", REPORTS_CHROMA_HOST="", REPORTS_DATABASE_URL="")
    p = cli_in_process("ingest", archive, "--json", "--store", tmp_path / "cli", env=env)
    assert p.returncode == 1, p.stderr  # members were refused
    said = {r["path"].removeprefix(f"{archive}/"): r for r in json.loads(p.stdout)}
    assert said["番禺区年报2023.txt"]["status"] == "ingested"
    assert page_agencies == {said["番禺区年报2023.txt"]["report"]["agency"]} == {"广州市番禺区政务服务数据管理局"}
    assert {name: r["error"] for name, r in said.items() if r["status"] == "failed"} == {
        name: r.reason for name, r in page_refused.items()}
