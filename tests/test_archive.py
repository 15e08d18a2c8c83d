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
from dataclasses import replace

import pytest
from conftest import FIXTURES
from storekit import cli_in_process

from config import Settings
from index import Store
from index.embed import LoadedModel
from phrasing import error_text
from pipeline import CLI_LIMITS, PAGE_LIMITS, ArchiveLimits, ImportQueue, zip_to_sources
from pipeline import sources as archive_module
from pipeline import worker as worker_module

PANYU = (FIXTURES / "reports" / "seed_panyu_2023.txt").read_bytes()
CITY = (FIXTURES / "reports" / "city_bureau_2022.txt").read_bytes()
COUNTY = (FIXTURES / "reports" / "county_gov_2019.txt").read_bytes()
MB = 1024 * 1024
GB = 1024 ** 3


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
    members, refused = zip_to_sources(archive, out, max_bytes=2 * MB, limits=PAGE_LIMITS)
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
    members, _ = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB, limits=PAGE_LIMITS)
    assert [m.member for m in members] == ["番禺区年报2023.txt"] and members[0].path.name == "番禺区年报2023.txt"


@pytest.mark.parametrize("case,code", [("not-a-zip", "archive_unreadable"), ("too-many", "archive_too_many"),
                                       ("too-big", "archive_too_big")])
def test_an_archive_refused_whole_unpacks_nothing(tmp_path, case, code):
    archive = tmp_path / "a.zip"
    limits = PAGE_LIMITS
    if case == "not-a-zip":
        archive.write_bytes(b"<html>not a zip</html>")
    elif case == "too-many":
        limits = replace(PAGE_LIMITS, files=3)
        archive.write_bytes(make_zip([(f"{i}.txt", PANYU) for i in range(4)]))
    else:
        limits = replace(PAGE_LIMITS, total_bytes=len(PANYU) * 2)
        archive.write_bytes(make_zip([(f"{i}.txt", PANYU) for i in range(3)]))
    members, refused = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB, limits=limits)
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
    members, refused = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB, limits=PAGE_LIMITS)
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
    got, refused = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB, limits=PAGE_LIMITS)
    assert got == [] and [(r.member, r.kind) for r in refused] == [("", "archive_empty")]
    assert error_text(refused[0].error, "zh") == "empty.zip 是空的，里面没有文件。"


def test_a_name_written_in_utf8_without_its_flag_is_read_as_utf8(tmp_path):
    archive = tmp_path / "utf8.zip"
    archive.write_bytes(gbk_member("番禺区年报2023.txt", PANYU, encoding="utf-8"))
    members, _ = zip_to_sources(archive, tmp_path / "out", max_bytes=50 * MB, limits=PAGE_LIMITS)
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


def test_an_archive_over_the_pages_file_limit_but_under_the_command_lines_is_refused_by_the_page_and_imported_by_the_cli(
        tmp_path, monkeypatch):
    """The page and the command line pass the one reader their own limits of an archive. The named
    limits are what the README says, and each refusal names the limit passed; then each caller's is
    made small (not a 5,001-file ZIP: slow to build and import), so that a ZIP of three reports is
    over the page's and under the command line's: the page refuses it whole, the CLI imports all three."""
    assert PAGE_LIMITS == ArchiveLimits(files=5_000, total_bytes=2 * GB, ratio=100)
    assert CLI_LIMITS == ArchiveLimits(files=100_000, total_bytes=50 * GB, ratio=100)
    # A whole archive's limits are read from its directory alone: directory entries show the sentences.
    too_many = [zipfile.ZipInfo(f"{i}.txt") for i in range(100_001)]
    page_many = archive_module._too_big("p.zip", too_many[:5_001], PAGE_LIMITS)
    cli_many = archive_module._too_big("p.zip", too_many, CLI_LIMITS)
    assert archive_module._too_big("p.zip", too_many[:5_000], PAGE_LIMITS) is None
    assert page_many is not None and cli_many is not None and archive_module._too_big("p.zip", too_many[:-1], CLI_LIMITS) is None
    assert str(page_many) == ("p.zip holds 5,001 files; at most 5,000 are taken from one archive (unpack it and import "
                              "the folder).")
    assert error_text(page_many, "zh") == "p.zip 里有 5,001 个文件，一个压缩包最多导入 5,000 个（请解压后导入整个文件夹）。"
    assert "holds 100,001 files; at most 100,000 are taken" in str(cli_many)
    huge = zipfile.ZipInfo("huge.txt")
    huge.file_size = 51 * GB
    page_big, cli_big = (archive_module._too_big("p.zip", [huge], limits) for limits in (PAGE_LIMITS, CLI_LIMITS))
    assert page_big is not None and "p.zip would unpack to 51.0 GB; at most 2 GB are unpacked" in str(page_big)
    assert error_text(page_big, "zh").startswith("p.zip 解压后有 51.0 GB，一个压缩包最多解压 2 GB")
    assert cli_big is not None and "at most 50 GB are unpacked" in str(cli_big)
    huge.file_size = 50 * GB
    assert archive_module._too_big("p.zip", [huge], CLI_LIMITS) is None

    small_page, small_cli = replace(PAGE_LIMITS, files=2), replace(CLI_LIMITS, files=3)
    for module in (archive_module, worker_module):  # wherever a caller may read them
        monkeypatch.setattr(module, "PAGE_LIMITS", small_page)
    monkeypatch.setattr(archive_module, "CLI_LIMITS", small_cli)
    archive = tmp_path / "province.zip"
    archive.write_bytes(make_zip([("番禺区.txt", PANYU), ("city.txt", CITY), ("county.txt", COUNTY)]))

    store = Store.open(Settings(store=str(tmp_path / "page"), embedding_model=""), model=LoadedModel(None, None))
    try:
        queue = ImportQueue(store)
        batch = queue.submit([("province.zip", archive.read_bytes())])
        wait_for(queue, batch)
        [job] = queue.jobs([batch])
        assert store.reports() == []
    finally:
        store.close()
    assert job.name == "province.zip" and job.refusal is not None and job.refusal.kind == "archive_too_many"
    assert error_text(job.refusal.error, "zh") == "province.zip 里有 3 个文件，一个压缩包最多导入 2 个（请解压后导入整个文件夹）。"
    assert "holds 3 files; at most 2 are taken" in error_text(job.refusal.error, "en")

    env = dict(REPORTS_EMBEDDING_MODEL="", REPORTS_CHROMA_HOST="", REPORTS_DATABASE_URL="")
    p = cli_in_process("ingest", archive, "--json", "--store", tmp_path / "cli", env=env)
    assert p.returncode == 0, p.stderr
    said = {r["path"].removeprefix(f"{archive}/"): r["status"] for r in json.loads(p.stdout)}
    assert said == {"番禺区.txt": "ingested", "city.txt": "ingested", "county.txt": "ingested"}
