"""Configuration: one declared table of every setting, read once and passed in.

Each option has a name, the environment variable that sets it, a default and a help line. The
README's configuration table is generated from (and tested against) ``OPTIONS``. Nothing reads the
environment at import time: ``Settings.from_env()`` is called by the entry points (CLI, app).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping, Optional

from errors import ConfigError


@dataclass(frozen=True)
class Option:
    name: str
    env: str
    default: str
    help: str
    kind: type = str


OPTIONS = (
    Option("store", "REPORTS_STORE", "./data", "Folder of the store (SQLite file and Chroma collection)."),
    Option("max_file_mb", "REPORTS_MAX_FILE_MB", "50", "Largest report file accepted, in MB; checked before parsing.", float),
    Option("page_seconds", "REPORTS_PAGE_SECONDS", "10", "Time limit for reading one PDF page, in seconds.", float),
    Option("ocr_page_seconds", "REPORTS_OCR_PAGE_SECONDS", "120",
           "Time limit for reading one scanned page by OCR, in seconds.", float),
    Option("ocr_cache", "REPORTS_OCR_CACHE", "",
           "Folder where OCR results are cached by file content (SHA-256); empty means ~/.cache/reports-ocr."),
    Option("embedding_model", "REPORTS_EMBEDDING_MODEL", "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
           "Sentence-transformers model name or local folder used to embed passages."),
    Option("chroma_host", "REPORTS_CHROMA_HOST", "",
           "Host of a Chroma server (`chroma run`); empty means Chroma runs embedded in the store folder."),
    Option("chroma_port", "REPORTS_CHROMA_PORT", "8000", "Port of the Chroma server, with REPORTS_CHROMA_HOST.", int),
    Option("database_url", "REPORTS_DATABASE_URL", "",
           "PostgreSQL database for reports, cells, checks and passages (`postgresql://USER:PASSWORD@HOST:PORT/DB`); "
           "empty means SQLite in the store folder."),
)


_BY_NAME = {o.name: o for o in OPTIONS}


def _default(name: str) -> Any:
    """An option's default, parsed by its kind: each default is written once, in OPTIONS."""
    opt = _BY_NAME[name]
    return opt.kind(opt.default)


def _parse(opt: Option, raw: str) -> Any:
    """A setting's value from the environment's text, or a one-line ConfigError naming it."""
    try:
        value: Any = opt.kind(raw.strip()) if opt.kind is not str else raw
    except ValueError:
        kind = {int: "a whole number", float: "a number"}.get(opt.kind, opt.kind.__name__)
        raise ConfigError(f"{opt.env} must be {kind}, got {raw!r}.", "config_kind", env=opt.env, raw=raw,
                          number="int" if opt.kind is int else "float") from None
    if opt.kind in (int, float) and value <= 0:
        raise ConfigError(f"{opt.env} must be more than 0, got {raw!r}.", "config_positive", env=opt.env, raw=raw)
    return value


@dataclass(frozen=True)
class Settings:
    """Every setting, typed. Build with ``Settings.from_env()`` or directly in tests."""

    store: str = _default("store")
    max_file_mb: float = _default("max_file_mb")
    page_seconds: float = _default("page_seconds")
    ocr_page_seconds: float = _default("ocr_page_seconds")
    ocr_cache: str = _default("ocr_cache")
    embedding_model: str = _default("embedding_model")
    chroma_host: str = _default("chroma_host")
    chroma_port: int = _default("chroma_port")
    database_url: str = _default("database_url")

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None, **overrides: Any) -> "Settings":
        """Given an environment (default ``os.environ``) and explicit overrides, return the settings.

        Raises ConfigError (one sentence naming the variable) when a value is not of its kind.
        """
        environ = os.environ if environ is None else environ
        values = {opt.name: _parse(opt, environ[opt.env]) for opt in OPTIONS if opt.env in environ}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def ocr_cache_dir(self) -> Path:
        """The folder OCR results are cached in (REPORTS_OCR_CACHE, else ~/.cache/reports-ocr)."""
        return Path(self.ocr_cache).expanduser() if self.ocr_cache else Path.home() / ".cache" / "reports-ocr"


assert {f.name for f in fields(Settings)} == {o.name for o in OPTIONS}, "Settings and OPTIONS must agree"
