"""A ZIP of reports, read defensively: everything about each member is checked before anything is
written, and each member that is not imported is refused in one sentence, the rest unpacked.

Refused: a name that climbs out of the folder it is unpacked into (``../``, an absolute path, a
drive letter), a link, an archive inside the archive, a member locked with a password, a member over
the size limit or compressed suspiciously well (a zip bomb), and a file that is not a report (by its
ending). The archive as a whole is refused when it cannot be read as a ZIP, holds more members than
``MAX_MEMBERS`` or would unpack to more than ``MAX_UNPACKED_BYTES`` — all read from its directory,
before a byte is unpacked; while unpacking, a member that turns out longer than its directory said
is cut off and refused. Names a Chinese Windows wrote in GBK without the UTF-8 flag are read as GBK.

Each refusal is an ``errors.ArchiveError`` with a code and its particulars, so the page says it in
its language (``phrasing.error_text``) and the CLI in English.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import List, Optional, Tuple

from errors import ArchiveError
from ingest import EXTENSIONS

#: Endings of archives, which are never unpacked inside an archive.
ARCHIVE_ENDINGS = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst")
#: Members an archive may hold: a year's reports of a province's bodies is a few thousand.
MAX_MEMBERS = 5000
#: Bytes an archive may unpack to, all members together.
MAX_UNPACKED_BYTES = 2 * 1024 ** 3
#: A member compressed more than this many times over is taken for a bomb (reports compress 2–10×;
#: a text of one repeated character compresses 1000×). Small members are let through whatever their
#: ratio: a bomb is big.
MAX_RATIO = 100
BOMB_MIN_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Member:
    """A report unpacked from an archive: its name in the archive and where it was written."""

    name: str
    path: Path


@dataclass(frozen=True)
class Refusal:
    """A member not imported (or the whole archive, ``name`` ""), and why: the error to say."""

    name: str
    error: ArchiveError = field(compare=False)

    @property
    def reason(self) -> str:
        """Why, in English (as the CLI says it)."""
        return str(self.error)


@dataclass(frozen=True)
class Unpacked:
    """What an archive gave: the reports unpacked, in the archive's order, and what was refused."""

    members: Tuple[Member, ...]
    refused: Tuple[Refusal, ...]


def member_name(info: zipfile.ZipInfo) -> str:
    """Given a member, return its name as its writer meant it: a name written without the UTF-8 flag
    is read as GBK when it is not ASCII (Chinese Windows' zip tools), else as the ZIP format's
    code page 437."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _refuse(name: str, code: str, message: str, **particulars: object) -> Refusal:
    return Refusal(name, ArchiveError(message, code, name=name, **particulars))


def check_member(info: zipfile.ZipInfo, name: str, max_bytes: int) -> Optional[Refusal]:
    """Given a member of an archive, its name and the largest report accepted (bytes), return why it
    is refused, or None when it may be unpacked. Read from the archive's directory alone."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return _refuse(name, "archive_climbs_out", f"{name}: its name climbs out of the folder the archive is unpacked "
                       "into (an absolute path or ../); it was not unpacked.")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _refuse(name, "archive_link", f"{name}: it is a link, not a file; links in an archive are not followed.")
    if info.flag_bits & 0x1:
        return _refuse(name, "archive_locked", f"{name}: it is locked with a password; unpack it yourself and import "
                       "the file.")
    ending = PurePosixPath(name).suffix.lower()
    if ending in ARCHIVE_ENDINGS:
        return _refuse(name, "archive_nested", f"{name}: it is an archive inside the archive; unpack it and import "
                       "its files (or the archive on its own).")
    if ending not in EXTENSIONS:
        return _refuse(name, "archive_not_report", f"{name}: expected a report ({', '.join(EXTENSIONS)}), got "
                       f"{ending or 'a file without an ending'}.", ending=ending or "")
    if info.file_size > BOMB_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return _refuse(name, "archive_bomb", f"{name} is compressed {info.file_size // max(info.compress_size, 1)} "
                       "times over, as a zip bomb is: it was not unpacked.")
    if info.file_size > max_bytes:
        return _refuse(name, "archive_member_too_large", f"{name} unpacks to {info.file_size / 1048576:.0f} MB; the limit "
                       f"is {max_bytes / 1048576:.0f} MB a report.", mb=f"{info.file_size / 1048576:.0f}",
                       limit=f"{max_bytes / 1048576:.0f}")
    return None


def zip_to_members(archive: Path, folder: Path, max_bytes: int) -> Unpacked:
    """Given a ZIP, a folder of the caller's and the largest report accepted (bytes), unpack each
    member that is a report into a folder of its own under ``folder`` (two members may share a
    name); return them and the members refused. An archive that cannot be read, or is too big as a
    whole, is one refusal (``name`` "") and nothing is unpacked."""
    shown = archive.name
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        return Unpacked((), (_refuse("", "archive_unreadable", f"{shown} cannot be read as a ZIP archive ({e}).",
                                     archive=shown),))
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            return Unpacked((), (_refuse("", "archive_too_many", f"{shown} holds {len(infos)} files; at most "
                                         f"{MAX_MEMBERS} are taken from one archive.", archive=shown, n=len(infos),
                                         limit=MAX_MEMBERS),))
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED_BYTES:
            return Unpacked((), (_refuse("", "archive_too_big", f"{shown} would unpack to {total / 1e9:.1f} GB; at most "
                                         f"{MAX_UNPACKED_BYTES / 1e9:.0f} GB are unpacked from one archive.",
                                         archive=shown, gb=f"{total / 1e9:.1f}",
                                         limit=f"{MAX_UNPACKED_BYTES / 1e9:.0f}"),))
        members: List[Member] = []
        refused: List[Refusal] = []
        for n, info in enumerate(infos):
            name = member_name(info)
            why = check_member(info, name, max_bytes)
            if why is not None:
                refused.append(why)
                continue
            dest = folder / str(n) / PurePosixPath(name.replace("\\", "/")).name
            try:
                _unpack(zf, info, name, dest, max_bytes)
            except ArchiveError as e:
                dest.unlink(missing_ok=True)
                refused.append(Refusal(name, e))
                continue
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as e:
                dest.unlink(missing_ok=True)
                refused.append(_refuse(name, "archive_member_damaged", f"{name} cannot be unpacked: its bytes are "
                                       f"damaged ({e})."))
                continue
            members.append(Member(name, dest))
    return Unpacked(tuple(members), tuple(refused))


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, dest: Path, max_bytes: int) -> None:
    """Write one member to ``dest``, counting its bytes: one longer than its directory said (or the
    limit) is stopped there, as a bomb that lied about its size."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    limit = min(max_bytes, info.file_size)
    written = 0
    with zf.open(info) as src, open(dest, "wb") as out:
        while True:
            chunk = src.read(_CHUNK)
            if not chunk:
                break
            written += len(chunk)
            if written > limit:
                raise ArchiveError(f"{name} unpacks to more bytes than its archive says ({limit}); it was stopped "
                                   "there, as a zip bomb is.", "archive_bomb", name=name)
            out.write(chunk)
