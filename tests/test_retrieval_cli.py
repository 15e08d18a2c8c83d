"""``python -m retrieval``: what scripts see (../shared/domain/cli.md, "Ask").

The store is made the way a user makes it, with ``python -m ingest``; every question is asked in a
fresh process, as a script would. What is checked: one JSON document on stdout with the fields
cli.md promises, ``--report`` and ``--after`` doing what they say, ``--batch`` giving one answer per
line in order even when a line is bad, and no traceback for a question that cannot be asked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

GD_Q = "广东省政数局2023年部分公开的申请有多少件？"


def run(*args, stdin=None, timeout=120):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, input=stdin,
                          timeout=timeout)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store holding every fixture report, made with ``python -m ingest``; (folder, id by file stem)."""
    folder = tmp_path_factory.mktemp("cli") / "store"
    p = run("ingest", str(FIXTURES / "reports"), "--store", str(folder), "--json", timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    items = json.loads(p.stdout)
    assert {i["status"] for i in items} == {"ingested"} and len(items) == 6, items
    return str(folder), {Path(i["path"]).stem: i["report"]["id"] for i in items}


def ask(store, *args, stdin=None):
    folder, _ = store
    p = run("retrieval", *args, "--store", folder, stdin=stdin)
    assert "Traceback" not in p.stderr, p.stderr[-2000:]
    return p


def ask_json(store, *args) -> dict:
    p = ask(store, *args, "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)  # exactly one JSON document, nothing else on stdout


def assert_report_ref(ref: dict, ids: dict) -> None:
    assert set(ref) >= {"id", "agency", "year"} and ref["id"] in ids.values(), ref


def test_json_answer_has_every_field_cli_md_promises(store):
    _, ids = store
    ans = ask_json(store, GD_Q)
    assert set(ans) >= {"question", "status", "answer", "value", "cells", "passages"}
    assert ans["question"].rstrip("？?") == GD_Q.rstrip("？?")
    assert (ans["status"], ans["value"]) == ("answered", 4)
    assert isinstance(ans["answer"], str) and "4" in ans["answer"]
    [cell] = ans["cells"]
    assert set(cell) >= {"report", "address", "table", "row_label", "col_label", "value", "page", "bbox", "line"}
    assert cell["report"] == {"id": ids["seed_guangdong_2023"], "agency": "广东省政务服务和数据管理局", "year": 2023}
    assert (cell["address"], cell["table"], cell["col_label"], cell["value"]) == ("t3.partial.total", "三", "总计", 4)
    assert "部分公开" in cell["row_label"]
    assert cell["bbox"] is None or (isinstance(cell["bbox"], list) and len(cell["bbox"]) == 4)
    assert cell["page"] or cell["line"]
    assert ans["passages"] == [] or all(set(p) >= {"report", "section", "page", "line", "text", "score"}
                                        for p in ans["passages"])


def test_json_narrative_answer_cites_its_passage(store):
    _, ids = store
    ans = ask_json(store, "How many letters did the Qingxi county head's mailbox receive in 2019?")
    assert (ans["status"], ans["value"], ans["cells"]) == ("answered", 412, [])
    first = ans["passages"][0]
    assert set(first) >= {"report", "section", "page", "line", "text", "score"}
    assert_report_ref(first["report"], ids)
    assert first["report"]["id"] == ids["county_gov_2019"]
    assert "县长信箱全年收到群众来信412件" in first["text"] and first["section"].startswith("一、")
    assert isinstance(first["score"], (int, float))
    assert all(set(p) >= {"report", "section", "page", "line", "text", "score"} for p in ans["passages"])


def test_text_output_is_the_reply_and_its_citations(store):
    p = ask(store, GD_Q)
    assert p.returncode == 0, p.stderr
    assert "广东省政务服务和数据管理局" in p.stdout and "4" in p.stdout and "t3.partial.total" in p.stdout
    with pytest.raises(ValueError):
        json.loads(p.stdout)


def test_report_limits_the_question_to_those_reports(store):
    _, ids = store
    gd, panyu, city = ids["seed_guangdong_2023"], ids["seed_panyu_2023"], ids["city_bureau_2022"]
    one = ask_json(store, "新收申请多少件？", "--report", gd)
    assert (one["status"], one["value"]) == ("answered", 122)
    assert {c["report"]["id"] for c in one["cells"]} == {gd}
    two = ask_json(store, "新收申请多少件？", "--report", panyu, "--report", city)
    assert two["status"] == "clarify" and two["value"] is None
    assert {(c["report"]["id"], c["value"]) for c in two["cells"]} == {(panyu, 1), (city, 75)}
    # A body outside the scope is not answered from the reports outside it.
    other = ask_json(store, GD_Q, "--report", panyu)
    assert other["value"] != 4 and all(c["report"]["id"] == panyu for c in other["cells"])


def test_after_replays_earlier_turns_oldest_first(store):
    _, ids = store
    ans = ask_json(store, "其中自然人多少？", "--after", "广东省政数局2023年新收申请多少件？")
    assert (ans["status"], ans["value"]) == ("answered", 113)
    assert [(c["report"]["id"], c["address"]) for c in ans["cells"]] == [(ids["seed_guangdong_2023"],
                                                                          "t3.new.natural_person")]
    ans = ask_json(store, "其中自然人多少？", "--after", "广东省政数局2023年新收申请多少件？", "--after", "那番禺区呢？")
    assert (ans["status"], ans["value"]) == ("answered", 1)
    assert [(c["report"]["id"], c["address"]) for c in ans["cells"]] == [(ids["seed_panyu_2023"],
                                                                          "t3.new.natural_person")]


def test_batch_answers_every_line_in_order_and_a_bad_line_stops_nothing(store, tmp_path):
    _, ids = store
    lines = [json.dumps({"q": GD_Q}, ensure_ascii=False),
             '{"q": "广东省政数局2023年新收',  # cut off
             json.dumps({"q": "新收申请多少件？", "report": [ids["city_bureau_2022"]]}, ensure_ascii=False),
             "not json at all",
             json.dumps({"question": "no q here"}),
             json.dumps(["q", "a list"]),
             json.dumps({"q": "其中自然人多少？", "after": ["广东省政数局2023年新收申请多少件？"]}, ensure_ascii=False),
             json.dumps({"q": ""}),
             json.dumps({"q": "How many applications did the Panyu data bureau carry forward to the next year?"})]
    p = ask(store, "--batch", "-", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(out) == len(lines), p.stdout
    assert (out[0]["status"], out[0]["value"]) == ("answered", 4)
    assert (out[2]["status"], out[2]["value"]) == ("answered", 75)
    assert (out[6]["status"], out[6]["value"]) == ("answered", 113)
    assert (out[8]["status"], out[8]["value"]) == ("missing", None)
    for bad in (1, 3, 4, 5, 7):
        assert out[bad]["value"] is None and out[bad]["status"] in ("no_match", "clarify"), out[bad]
        assert out[bad]["cells"] == [] and out[bad]["answer"]
    for n in (2, 4, 5, 6):  # 1-based numbers of the unreadable lines
        assert f"line {n}" in p.stderr, p.stderr
    # The same from a file.
    f = tmp_path / "questions.jsonl"
    f.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    again = [json.loads(line) for line in ask(store, "--batch", str(f)).stdout.splitlines()]
    assert [(a["status"], a["value"]) for a in again] == [(o["status"], o["value"]) for o in out[:3]]


def test_batch_line_whose_q_is_not_text_stops_nothing(store):
    lines = ['{"q": 123}', json.dumps({"q": GD_Q}, ensure_ascii=False)]
    p = ask(store, "--batch", "-", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(out) == 2 and out[0]["value"] is None and out[1]["value"] == 4


def test_batch_file_that_does_not_exist_is_a_clear_error(store, tmp_path):
    p = ask(store, "--batch", str(tmp_path / "nothing.jsonl"))
    assert p.returncode != 0 and "nothing.jsonl" in p.stderr


@pytest.mark.parametrize("question", ["", "   ", "？？"], ids=["empty", "spaces", "punctuation"])
def test_an_empty_question_is_answered_as_such_not_with_a_traceback(store, question):
    p = ask(store, question, "--json")
    # cli.md: non-zero when it could not do what was asked; the answer object still says why.
    assert p.returncode == 1 and "Traceback" not in p.stderr
    ans = json.loads(p.stdout)
    assert ans["status"] == "no_match" and ans["value"] is None and ans["cells"] == [] and ans["passages"] == []
    assert "empty" in ans["answer"] or "空" in ans["answer"], ans["answer"]
    if question == "":
        text = ask(store, question)
        assert "empty" in text.stdout + text.stderr or "空" in text.stdout + text.stderr


def test_no_question_at_all_is_a_usage_error(store):
    p = ask(store)
    assert p.returncode != 0 and "question" in p.stderr and p.stdout == ""


def test_an_empty_store_says_nothing_is_loaded(tmp_path):
    p = run("retrieval", GD_Q, "--json", "--store", str(tmp_path / "empty"))
    assert "Traceback" not in p.stderr
    ans = json.loads(p.stdout)
    assert ans["status"] == "no_match" and ans["value"] is None and ans["cells"] == []
