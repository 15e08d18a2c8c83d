"""The README tells the truth: its configuration table is config.OPTIONS, its commands exist."""

from __future__ import annotations

import re

from config import OPTIONS, Settings
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_with_its_default():
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([A-Z_]+)` \| ([^|]*) \|", README, re.M)}
    for opt in OPTIONS:
        assert opt.env in rows, f"{opt.env} is not documented in README.md"
        shown = rows[opt.env].strip().strip("`")
        assert shown == (opt.default or "(empty)"), f"{opt.env}: README says {shown!r}, config.py {opt.default!r}"
    assert set(rows) == {o.env for o in OPTIONS}, "README documents settings that config.py does not have"


def test_settings_read_the_environment_and_say_what_is_wrong():
    s = Settings.from_env({"REPORTS_STORE": "/x", "REPORTS_MAX_FILE_MB": "2"})
    assert s.store == "/x" and s.max_file_mb == 2.0
    try:
        Settings.from_env({"REPORTS_CHROMA_PORT": "eighty"})
    except ValueError as e:
        assert "REPORTS_CHROMA_PORT" in str(e) and "eighty" in str(e)
    else:
        raise AssertionError("a bad port was accepted")


def test_the_two_commands_and_the_cli_are_documented():
    assert "make run" in README and "make test" in README
    for command in ("python -m ingest", "python -m retrieval", "python -m index reports", "python -m index delete",
                    "--batch", "--after", "--dry-run", "--csv"):
        assert command in README, command
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
