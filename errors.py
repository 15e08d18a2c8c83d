"""Errors a user sees.

Every error here carries one sentence that says what is wrong with *their* input or setup, in words
a journalist can act on. The CLI prints it and exits non-zero; the chat page shows it. Anything that
is not one of these is a bug in the product and is allowed to fail loudly.
"""

from __future__ import annotations

from typing import Dict


class ReportError(Exception):
    """Base of every error shown to a user; ``str(error)`` is the one sentence they read (in English:
    the CLI prints it).

    ``code`` names the fault and ``particulars`` hold its details as text (the file's name, the
    limit), so that an edge speaking another language can say the same sentence in it
    (``phrasing.error_text``) without parsing the English.
    """

    def __init__(self, message: str = "", code: str = "", **particulars: object) -> None:
        super().__init__(message)
        self.code = code
        self.particulars: Dict[str, str] = {k: str(v) for k, v in particulars.items()}


class UnreadableFile(ReportError):
    """Seen by whoever ingests a file we cannot read at all: empty, corrupt, truncated, not the
    kind its name says, encrypted, or in an encoding we cannot decode."""


class ScannedPDF(UnreadableFile):
    """Seen by whoever ingests a PDF whose pages are images with no text layer."""


class UnsupportedFile(ReportError):
    """Seen by whoever ingests a file of a kind we do not read (by extension)."""


class FileTooLarge(ReportError):
    """Seen by whoever ingests a file over the configured size limit (checked before parsing)."""


class StoreError(ReportError):
    """Seen by whoever uses a store folder that cannot be opened or written (read-only, disk full,
    a Chroma server that does not answer, a store built with another embedding model)."""


class ConfigError(ReportError):
    """Seen by whoever starts a command or the page with a setting that is not of its kind
    (``REPORTS_CHROMA_PORT=eighty``): one sentence naming the variable."""


class QuestionError(ReportError):
    """Seen by whoever asks something we cannot take as a question (empty, far too long)."""


class ClaimsError(ReportError):
    """Seen by whoever asks for the figures of a text to be checked and gives a text we cannot take
    (empty, far too long)."""


class MeasureError(ReportError):
    """Seen by whoever asks for a measure the product does not know (``python -m index series``): not
    a cell address, a group of the template or a rate it computes; the sentence says which are."""


class ArchiveError(ReportError):
    """Seen by whoever imports a ZIP of reports, on the page or with ``python -m ingest``: the archive,
    or one of its members, refused (``pipeline/sources.py``) — a name that climbs out of its folder, a
    link, an archive inside it, a password, an unknown compression method, a zip bomb, a file that is
    not a report, an empty or oversized archive; one sentence each, the other members imported."""
