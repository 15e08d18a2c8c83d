"""What an import is given, as the report files to read: the one reader of files, folders, ZIP
archives and list files (a text file naming report paths, one a line), for the page's import
(``worker.py``) and the command line's (``python -m ingest``) alike.

A ZIP is read defensively: everything about each member is checked from the archive's directory
before a byte is written; each member that is not imported is refused in one sentence, the rest are
unpacked into a folder the caller owns and recorded in the store as ``ARCHIVE.zip/member`` (the store
keeps a copy of each file, so citations do not need the unpacked one).

A member is refused when its name climbs out of the folder it is unpacked into (``../``, an absolute
path, a drive letter), it is a link or another thing that is not a plain file, an archive inside the
archive, locked with a password, compressed by a method the reader does not know, compressed
suspiciously well or over the size limit (a zip bomb; bytes are also counted while unpacking, and a
member longer than its directory said is stopped there), not a report (by its ending), or damaged.
The archive is refused whole when it cannot be read as a ZIP, holds no files, or holds more files or
would unpack to more bytes than the limits its caller passes (``ArchiveLimits``: the page's
``PAGE_LIMITS``, the command line's ``CLI_LIMITS``; the sentence names the limit passed); nothing is
unpacked then. Every defence of a member is the same for both callers. The
folders and the files the archiving tool adds of its own (``__MACOSX/``, ``._*``, ``.DS_Store``,
``Thumbs.db``) are passed over without a word. Names written without the UTF-8 flag are read as
UTF-8 when they are that, else as GBK (Chinese Windows' zip tools), else as the ZIP format's code
page 437.

Each refusal is a ``Refusal`` carrying an ``errors.ArchiveError``: a code and its particulars, so that
the page says it in its language (``phrasing.error_text``) and the CLI in English (``str``).

Folders and list files are the command line's alone: the page is given files (a folder it uploads is
its files), and a list uploaded to the page would name files on the server.
"""

from __future__ import annotations

import lzma
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, List, Optional, Set, Tuple

from errors import ArchiveError
from ingest import EXTENSIONS

#: The endings of the files the readers take.
REPORT_ENDINGS = tuple(EXTENSIONS)
#: A list file's own endings; a ``.txt`` is a list when its lines name report files (``_is_list``).
LIST_EXTENSIONS = (".list", ".lst")
#: Endings of archives, which are never unpacked inside an archive.
ARCHIVE_ENDINGS = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst")
_GB = 1024 ** 3
#: A member compressed more than this many times over is taken for a bomb (reports compress 2–10×;
#: a text of one repeated character compresses 1000×), whoever unpacks it. Small members are let
#: through whatever their ratio: a bomb is big.
MAX_RATIO = 100
BOMB_MIN_BYTES = 1024 * 1024
#: The compression methods the standard library unpacks (not Deflate64, PPMd or WinZip's AES).
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
#: What the archiving tools of macOS and Windows add of their own: not the writer's files.
_TOOL_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """How much one ZIP may hold, all its members together — ``files`` members, unpacking to
    ``total_bytes`` — and how many times over a member may be compressed before it is taken for a
    bomb (``ratio``: ``MAX_RATIO`` for both callers, as is every defence of a member). Each caller of
    the reader passes its own (``PAGE_LIMITS``, ``CLI_LIMITS``); an archive over them is refused
    whole, in a sentence that names them."""

    files: int
    total_bytes: int
    ratio: int


#: The page's: an upload is unpacked on the server all pages share; a body's or a city's year of reports is far less.
PAGE_LIMITS = ArchiveLimits(files=5_000, total_bytes=2 * _GB, ratio=MAX_RATIO)
#: The CLI's: a province's reports come as one ZIP of up to tens of thousands of reports of a few MB each.
CLI_LIMITS = ArchiveLimits(files=100_000, total_bytes=50 * _GB, ratio=MAX_RATIO)


@dataclass(frozen=True)
class Source:
    """One report file to read: where it is on disk, the name the store records for it (its resolved
    path, or ``ARCHIVE.zip/member`` for a member of an archive), the name an outcome says (the path
    as it was given, or ``ARCHIVE.zip/member``) and, for a member, its name in the archive."""

    path: Path
    stored_as: str
    shown: str
    member: str = ""

    @staticmethod
    def of(path: Path, shown: Optional[str] = None) -> "Source":
        """Given a file (and the name to say it by, default its path), return it as a source."""
        return Source(path, str(path.resolve()), str(path) if shown is None else shown)


@dataclass(frozen=True)
class Refusal:
    """What is not read, and why: a member of an archive (``member`` its name in the archive) or the
    whole archive (``member`` ""), named as an outcome says it (``shown``), and the error to say —
    in English as ``reason``, in the page's language through ``phrasing.error_text(error, lang)``."""

    shown: str
    member: str
    error: ArchiveError = field(compare=False)

    @property
    def kind(self) -> str:
        """Why, as a code of ``phrasing``'s table (``archive_nested``, ``archive_climbs_out`` …)."""
        return self.error.code

    @property
    def reason(self) -> str:
        """Why, in English (as the CLI says it)."""
        return str(self.error)


def inputs_to_sources(paths: Iterable[str], unpack_to: Path, max_bytes: int) -> Tuple[List[Source], List[Refusal]]:
    """Given what the command line is given (files, folders, ZIPs, list files), a folder to unpack
    archives into and the largest report accepted (bytes), return the report files in order
    (folders sorted, each file once) and what was refused. A ZIP is read within the command line's
    limits (``CLI_LIMITS``)."""
    sources: List[Source] = []
    refused: List[Refusal] = []
    seen: Set[str] = set()

    def visit(raw: str, base: Optional[Path] = None, depth: int = 0) -> None:
        p = Path(raw).expanduser()
        if base is not None and not p.is_absolute():
            p = base / p
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_ENDINGS + (".zip",)):
                visit(str(f), depth=depth)
        elif depth == 0 and p.is_file() and _is_list(p):
            for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    visit(line, p.parent, depth + 1)
        else:
            # A file that is missing or of another kind still goes through the reader, which says why.
            got, bad = file_to_sources(p, unpack_to / f"{len(seen)}-{p.stem}", max_bytes, CLI_LIMITS)
            for src in got:
                if src.stored_as not in seen:
                    seen.add(src.stored_as)
                    sources.append(src)
            refused.extend(bad)

    for raw in paths:
        visit(raw)
    return sources, refused


def _is_list(path: Path) -> bool:
    """Whether a file is a list of report paths: a list's own ending, or a ``.txt`` whose first lines
    each name a report file, a folder or an archive (a text report's lines are prose)."""
    if path.suffix.lower() in LIST_EXTENSIONS:
        return True
    if path.suffix.lower() != ".txt":
        return False
    try:
        with path.open(encoding="utf-8", errors="strict") as fh:
            head = [line.strip() for _, line in zip(range(200), fh)]
    except (OSError, UnicodeDecodeError):
        return False
    lines = [ln for ln in head if ln and not ln.startswith("#")]
    return bool(lines) and all(ln.lower().endswith(REPORT_ENDINGS + (".zip",)) or (path.parent / ln).is_dir()
                               for ln in lines)


def file_to_sources(path: Path, unpack_to: Path, max_bytes: int, limits: ArchiveLimits,
                    shown: Optional[str] = None) -> Tuple[List[Source], List[Refusal]]:
    """Given one file an import is given, an empty folder of the caller's, the largest report accepted
    (bytes), the caller's limits of an archive and the name to say the file by (default its path),
    return the report files it gives — a ZIP's members, unpacked into the folder
    (``zip_to_sources``), else the file itself — and what was refused."""
    if path.suffix.lower() == ".zip" and path.is_file():
        return zip_to_sources(path, unpack_to, max_bytes, limits, shown)
    return [Source.of(path, shown)], []


def member_name(info: zipfile.ZipInfo) -> str:
    """Given a member, return its name as its writer meant it: a name written without the UTF-8 flag
    is read as UTF-8 when it is valid UTF-8 (tools that do not set the flag), else as GBK (Chinese
    Windows' zip tools), else as the ZIP format's code page 437 (as ``zipfile`` read it)."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return name


def _tool_file(name: str) -> bool:
    """Whether a member is one the archiving tool added of its own (macOS's resource forks and
    folder views, Windows' thumbnails), not a file its writer put in."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return bool(parts) and (parts[0] == "__MACOSX" or parts[-1].startswith("._") or parts[-1] in _TOOL_FILES)


def check_member(info: zipfile.ZipInfo, name: str, max_bytes: int, ratio: int, archive: str
                 ) -> Optional[ArchiveError]:
    """Given a member of an archive, its name, the largest report accepted (bytes), the most times
    over it may be compressed and the archive's name (said in the English sentence), return why it
    is refused, or None when it may be unpacked. Read from the archive's directory alone."""

    def refuse(code: str, why: str, **particulars: object) -> ArchiveError:
        return ArchiveError(f"{name} in {archive}: {why}", code, name=name, archive=archive, **particulars)

    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        return refuse("archive_climbs_out", "its name climbs out of the archive (an absolute path or ../), so it was "
                      "not unpacked.")
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return refuse("archive_link", "it is a link, not a file; links in an archive are not followed.")
    if kind not in (0, stat.S_IFREG):
        return refuse("archive_not_file", "it is not a plain file (a device, a pipe or a socket), so it was not "
                      "unpacked.")
    if info.flag_bits & 0x1:
        return refuse("archive_locked", "it is locked with a password; unpack it yourself and import the file.")
    ending = PurePosixPath(name).suffix.lower()
    if ending in ARCHIVE_ENDINGS:
        return refuse("archive_nested", "it is an archive inside the archive; unpack it and import its files (or "
                      "the archive on its own).")
    if ending not in REPORT_ENDINGS:
        return refuse("archive_not_report", f"expected a {', '.join(REPORT_ENDINGS[:-1])} or {REPORT_ENDINGS[-1]} "
                      f"report, got a {ending or 'file without an ending'}.", ending=ending)
    if info.compress_type not in METHODS:
        return refuse("archive_method", f"it is compressed by a method this reader does not know (method "
                      f"{info.compress_type}); unpack it yourself and import the file.", method=info.compress_type)
    if info.file_size > BOMB_MIN_BYTES and info.file_size > ratio * max(info.compress_size, 1):
        return refuse("archive_bomb", f"it is compressed {info.file_size // max(info.compress_size, 1)} times over, as "
                      "a zip bomb is, so it was not unpacked.")
    if info.file_size > max_bytes:
        mb, limit = f"{info.file_size / 1048576:.0f}", f"{max_bytes / 1048576:g}"
        return refuse("archive_member_too_large", f"it unpacks to {mb} MB; the limit is {limit} MB a report "
                      "(REPORTS_MAX_FILE_MB).", mb=mb, limit=limit)
    return None


def zip_to_sources(archive: Path, folder: Path, max_bytes: int, limits: ArchiveLimits,
                   shown: Optional[str] = None) -> Tuple[List[Source], List[Refusal]]:
    """Given a ZIP, an empty folder of the caller's, the largest report accepted (bytes), the caller's
    limits of an archive (``PAGE_LIMITS``, ``CLI_LIMITS``) and the name to say the archive by
    (default its path), unpack each member that is a report into a folder of its own under
    ``folder`` (two members may share a name); return them as sources (shown as
    ``ARCHIVE.zip/member``), in the archive's order, and the members refused. An archive that cannot
    be read, holds no files or is over the limits as a whole is one refusal (``member`` "") and
    nothing is unpacked."""
    given = str(archive) if shown is None else shown
    stored = str(archive.resolve())
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        return [], [Refusal(given, "", ArchiveError(f"{archive.name} cannot be read as a ZIP archive ({e}).",
                                                    "archive_unreadable", name="", archive=archive.name))]
    with zf:
        infos = [(i, member_name(i)) for i in zf.infolist() if not i.is_dir()]
        whole = _too_big(archive.name, [i for i, _ in infos], limits)
        if whole is not None:
            return [], [Refusal(given, "", whole)]
        infos = [(i, name) for i, name in infos if not _tool_file(name)]
        if not infos:
            return [], [Refusal(given, "", ArchiveError(f"{archive.name} holds no files.", "archive_empty", name="",
                                                        archive=archive.name))]
        sources: List[Source] = []
        refused: List[Refusal] = []
        for n, (info, name) in enumerate(infos):
            dest = folder / str(n) / PurePosixPath(name.replace("\\", "/")).name
            why = check_member(info, name, max_bytes, limits.ratio, archive.name)
            if why is None:
                why = _unpack(zf, info, name, dest, max_bytes, archive.name)
            if why is not None:
                refused.append(Refusal(f"{given}/{name}", name, why))
                continue
            sources.append(Source(dest, f"{stored}/{name}", f"{given}/{name}", name))
    return sources, refused


def _too_big(archive: str, infos: List[zipfile.ZipInfo], limits: ArchiveLimits) -> Optional[ArchiveError]:
    """Why an archive's files are too many or too big to unpack within the caller's limits, or None
    (read from its directory). The sentence names the limit passed (``5,000``, ``2 GB``)."""
    if len(infos) > limits.files:
        n, limit = f"{len(infos):,}", f"{limits.files:,}"
        return ArchiveError(f"{archive} holds {n} files; at most {limit} are taken from one archive "
                            "(unpack it and import the folder).", "archive_too_many", name="", archive=archive,
                            n=n, limit=limit)
    total = sum(i.file_size for i in infos)
    if total > limits.total_bytes:
        gb, limit = f"{total / _GB:,.1f}", f"{limits.total_bytes / _GB:,.1f}".removesuffix(".0")
        return ArchiveError(f"{archive} would unpack to {gb} GB; at most {limit} GB are unpacked from one archive "
                            "(unpack it and import the folder).", "archive_too_big", name="", archive=archive, gb=gb,
                            limit=limit)
    return None


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, dest: Path, max_bytes: int,
            archive: str) -> Optional[ArchiveError]:
    """Write one member to ``dest``, counting its bytes; return why it could not be (nothing is left
    at ``dest`` then), or None. A member longer than its directory said (or the limit) is stopped
    there, as a bomb that lied about its size."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    limit = min(max_bytes, info.file_size)
    written = 0
    try:
        with zf.open(info) as src, open(dest, "wb") as out:
            while True:
                chunk = src.read(_CHUNK)
                if not chunk:
                    return None
                written += len(chunk)
                if written > limit:
                    dest.unlink(missing_ok=True)
                    return ArchiveError(f"{name} in {archive} unpacks to more bytes than its archive says ({limit}); it "
                                        "was stopped there, as a zip bomb is.", "archive_bomb", name=name,
                                        archive=archive)
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error, lzma.LZMAError) as e:
        dest.unlink(missing_ok=True)
        return ArchiveError(f"{name} in {archive} cannot be unpacked: its bytes are damaged ({e}).",
                            "archive_member_damaged", name=name, archive=archive)
