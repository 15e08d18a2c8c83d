"""A ZIP of reports read defensively (pipeline/archive.py), and the background importer that takes
files, folders and ZIPs (pipeline/worker.py): every member either imported or refused in one
sentence, nothing written outside the folder it is unpacked into, nothing dropped."""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile

import pytest
from conftest import FIXTURES

from config import Settings
from index import Store
from index.embed import LoadedModel
from phrasing import error_text
from pipeline import ImportQueue, zip_to_members
from pipeline import archive as archive_module

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


def locked(data: bytes, name: str) -> bytes:
    """The ZIP with ``name`` marked as locked with a password (its flag set in the local header and
    the central directory; writers of the standard library do not encrypt)."""
    raw = bytearray(data)
    key = name.encode()
    for offset, signature in ((30, b"PK\x03\x04"), (46, b"PK\x01\x02")):
        at = raw.find(key)
        while at >= 0:
            head = at - offset
            if raw[head:head + 4] == signature:
                flag_at = head + (6 if offset == 30 else 8)
                raw[flag_at] |= 0x1
            at = raw.find(key, at + 1)
    return bytes(raw)


def gbk_member(name: str, data: bytes) -> bytes:
    """A ZIP whose member's name is written in GBK without the UTF-8 flag (as Chinese Windows does)."""
    encoded = name.encode("gbk")
    placeholder = ("P" * (len(encoded) - 4) + ".txt")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(placeholder, data)
    return buf.getvalue().replace(placeholder.encode(), encoded)


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
    got = zip_to_members(archive, out, max_bytes=2 * MB)
    assert [(m.name, m.path.read_bytes()) for m in got.members] == [("2023/番禺区.txt", PANYU), ("2022/city.txt", CITY)]
    assert all(out in m.path.parents for m in got.members), "written only inside the folder given"
    codes = {r.name: r.error.code for r in got.refused}
    assert codes == {"../evil.txt": "archive_climbs_out", "/etc/evil.txt": "archive_climbs_out",
                     "link.txt": "archive_link", "locked.txt": "archive_locked", "inner.zip": "archive_nested",
                     "notes.xlsx": "archive_not_report", "bomb.txt": "archive_bomb",
                     "big.txt": "archive_member_too_large"}
    assert not list(tmp_path.glob("evil.txt")) and not (tmp_path.parent / "evil.txt").exists()
    # Each said in one sentence, in Chinese and English.
    for r in got.refused:
        zh, en = error_text(r.error, "zh"), error_text(r.error, "en")
        assert r.name in zh and r.name in en and zh.count("。") == 1 and "\n" not in en, (zh, en)
    assert "跳出" in error_text(next(r.error for r in got.refused if r.name == "../evil.txt"), "zh")


def test_a_name_written_in_gbk_is_read_as_gbk(tmp_path):
    archive = tmp_path / "gbk.zip"
    archive.write_bytes(gbk_member("番禺区年报2023.txt", PANYU))
    got = zip_to_members(archive, tmp_path / "out", max_bytes=50 * MB)
    assert [m.name for m in got.members] == ["番禺区年报2023.txt"] and got.members[0].path.name == "番禺区年报2023.txt"


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
    got = zip_to_members(archive, tmp_path / "out", max_bytes=50 * MB)
    assert got.members == () and [r.error.code for r in got.refused] == [code]
    assert not (tmp_path / "out").exists()
    assert "a.zip" in error_text(got.refused[0].error, "zh")


def test_the_importer_takes_files_and_zips_in_the_background_and_ends_every_one(tmp_path):
    store = Store.open(Settings(store=str(tmp_path / "store"), embedding_model=""), model=LoadedModel(None, None))
    try:
        queue = ImportQueue(store)
        batch = queue.submit([("city.txt", CITY), ("year.zip", make_zip([("a/番禺区.txt", PANYU), ("x.docx.zip", b"z"),
                                                                         ("readme.md", b"hello")])),
                              ("empty.pdf", b"")])
        deadline = time.monotonic() + 120
        while queue.busy([batch]):
            assert time.monotonic() < deadline
            time.sleep(0.1)
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
