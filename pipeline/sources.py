"""What an import is given, as the report files to read: files, folders searched recursively, ZIP
archives and list files (a text file naming report paths, one a line).

A ZIP is read defensively, each member checked before anything is written: a name that climbs out
of the archive (``../``, an absolute path), a link, an archive inside the archive, a member locked
with a password, one over the size limit or compressed suspiciously well (a zip bomb), and a file
that is not a report are each refused in one sentence; the rest are unpacked into a folder the
caller owns, and recorded in the store as ``ARCHIVE.zip/member`` (the store keeps a copy of each
file, so citations do not need the unpacked one).
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Iterable, List, Optional, Tuple

from ingest import EXTENSIONS

#: The endings of the files the readers take.
REPORT_ENDINGS = tuple(EXTENSIONS)
#: A list file's own endings; a ``.txt`` is a list when its lines name report files (``_is_list``).
LIST_EXTENSIONS = (".list", ".lst")
ARCHIVE_EXTENSIONS = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
#: A ZIP of more members than this, or unpacking to more bytes, is refused whole: a province's
#: reports are thousands of files of a few MB.
MAX_MEMBERS = 100_000
MAX_UNPACKED_BYTES = 50 * 1024 ** 3
#: A member compressed more than this many times over is taken for a bomb (reports compress 2–10×).
MAX_RATIO = 200


@dataclass(frozen=True)
class Source:
    """One report file to read: where it is on disk, the name the store records for it (its resolved
    path, or ``ARCHIVE.zip/member`` for a member of an archive), and the name an outcome says (the
    path as it was given)."""

    path: Path
    stored_as: str
    shown: str

    @staticmethod
    def of(path: Path) -> "Source":
        return Source(path, str(path.resolve()), str(path))


@dataclass(frozen=True)
class Refused:
    """An input that is not read, and why (one sentence)."""

    shown: str
    reason: str


def inputs_to_sources(paths: Iterable[str], unpack_to: Path, max_bytes: Optional[int] = None
                      ) -> Tuple[List[Source], List[Refused]]:
    """Given what an import is given (files, folders, ZIPs, list files), a folder to unpack archives
    into and the largest report accepted (bytes), return the report files in order (folders sorted, each file once) and what
    was refused."""
    sources: List[Source] = []
    refused: List[Refused] = []
    seen = set()

    def add(src: Source) -> None:
        if src.stored_as not in seen:
            seen.add(src.stored_as)
            sources.append(src)

    def visit(raw: str, base: Optional[Path] = None, depth: int = 0) -> None:
        p = Path(raw).expanduser()
        if base is not None and not p.is_absolute():
            p = base / p
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_ENDINGS + (".zip",)):
                visit(str(f), depth=depth)
        elif p.suffix.lower() == ".zip" and p.is_file():
            got, bad = zip_to_sources(p, unpack_to / f"{len(seen)}-{p.stem}", max_bytes)
            for s in got:
                add(s)
            refused.extend(bad)
        elif depth == 0 and p.is_file() and _is_list(p):
            for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    visit(line, p.parent, depth + 1)
        else:
            # A file that is missing or of another kind still goes through the reader, which says why.
            add(Source.of(p))

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


def zip_to_sources(archive: Path, folder: Path, max_bytes: Optional[int] = None) -> Tuple[List[Source], List[Refused]]:
    """Given a ZIP, an empty folder of the caller's and the largest report accepted (bytes), unpack the members that are reports into it;
    return them as sources (shown as ``ARCHIVE.zip/member``) and the members refused, each with why.
    An archive that cannot be read, or is a bomb as a whole, is refused whole."""
    name, given = str(archive.resolve()), str(archive)
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as e:
        return [], [Refused(given, f"{archive.name} is not a readable ZIP archive ({e}).")]
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if len(members) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES:
            return [], [Refused(given, f"{archive.name} holds {len(members)} files unpacking to {total / 1024 ** 3:.1f} GB, "
                                      f"over the limits ({MAX_MEMBERS} files, {MAX_UNPACKED_BYTES // 1024 ** 3} GB): "
                                      "refused as a possible zip bomb.")]
        sources: List[Source] = []
        refused: List[Refused] = []
        for m in members:
            shown = f"{given}/{m.filename}"
            why = _member_refused(m, max_bytes)
            if why == "":
                continue
            if why:
                refused.append(Refused(shown, f"{m.filename} in {archive.name}: {why}"))
                continue
            dest = folder / f"{len(sources)}" / PurePosixPath(m.filename).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(m) as src, open(dest, "wb") as out:
                    # Never more than the member declares: a forged size cannot fill the disk.
                    shutil.copyfileobj(_Capped(src, m.file_size), out)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as e:
                refused.append(Refused(shown, f"{m.filename} in {archive.name} cannot be unpacked ({e})."))
                continue
            sources.append(Source(dest, f"{name}/{m.filename}", shown))
    return sources, refused


def _member_refused(m: zipfile.ZipInfo, max_bytes: Optional[int]) -> Optional[str]:
    """Why a ZIP member is not read (None: it is read; "": skipped without a word, as the resource
    forks macOS adds)."""
    parts = PurePosixPath(m.filename.replace("\\", "/")).parts
    if parts and (parts[0] == "__MACOSX" or parts[-1].startswith("._") or parts[-1] in (".DS_Store", "Thumbs.db")):
        return ""
    if m.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        return "its name climbs out of the archive, so it was refused."
    if stat.S_ISLNK(m.external_attr >> 16):
        return "it is a link, not a file, so it was refused."
    suffix = PurePosixPath(m.filename).suffix.lower()
    if suffix in ARCHIVE_EXTENSIONS:
        return "an archive inside the archive is not opened; unpack it and import its files."
    if m.flag_bits & 0x1:
        return "it is locked with a password."
    if suffix not in REPORT_ENDINGS:
        return f"expected a {', '.join(REPORT_ENDINGS[:-1])} or {REPORT_ENDINGS[-1]} report, got a {suffix or 'file without an ending'}."
    if max_bytes is not None and m.file_size > max_bytes:
        return f"it is {m.file_size / 1024 ** 2:.0f} MB; the limit is {max_bytes / 1024 ** 2:g} MB (set REPORTS_MAX_FILE_MB to change it)."
    if m.compress_size and m.file_size > 1024 ** 2 and m.file_size / m.compress_size > MAX_RATIO:
        return (f"it unpacks to {m.file_size / 1024 ** 2:.0f} MB from {m.compress_size / 1024:.0f} kB, "
                "more than any report compresses: refused as a possible zip bomb.")
    return None


class _Capped:
    """A file object that gives at most ``limit`` bytes, then fails."""

    def __init__(self, fh: IO[bytes], limit: int):
        self.fh, self.left = fh, limit

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(65536 if n < 0 else n)
        self.left -= len(data)
        if self.left < 0:
            raise ValueError("it unpacks to more than it declares")
        return data
