"""The README tells the truth: its configuration table is config.OPTIONS, its commands exist."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from config import OPTIONS, Settings
from errors import ConfigError

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
    with pytest.raises(ConfigError) as e:
        Settings.from_env({"REPORTS_CHROMA_PORT": "eighty"})
    assert "REPORTS_CHROMA_PORT" in str(e.value) and "eighty" in str(e.value)


@pytest.mark.parametrize("command", [["ingest", "tests/fixtures/reports/seed_panyu_2023.txt"], ["index", "reports"],
                                     ["retrieval", "部分公开了多少件？"]])
def test_every_command_says_a_bad_setting_in_one_line_and_exits_1(command, tmp_path):
    env = dict(os.environ, REPORTS_CHROMA_PORT="eighty", REPORTS_STORE=str(tmp_path / "store"))
    p = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    [line] = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert line == "error: REPORTS_CHROMA_PORT must be a whole number, got 'eighty'."
    assert not (tmp_path / "store").exists()  # nothing was made


def test_the_two_commands_and_the_cli_are_documented():
    assert "make run" in README and "make test" in README
    for command in ("python -m ingest", "python -m retrieval", "python -m index reports", "python -m index delete",
                    "--batch", "--claims", "--after", "--dry-run", "--csv"):
        assert command in README, command
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
