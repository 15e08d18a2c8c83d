"""``python -m retrieval``: what scripts see (../shared/domain/cli.md, "Ask").

The store is made the way a user makes it, with ``python -m ingest``. What a script sees of the
process itself (one JSON document on stdout, the text reply, a batch and a text read from stdin, the
usage error, an empty store) is asked in a fresh process, as a script would; the other questions run
the command's ``main`` in this process (the same arguments, output and exit status, without seconds
of imports a question). What is checked: one JSON document on stdout with the fields
cli.md promises, ``--report`` and ``--after`` doing what they say, ``--batch`` giving one answer per
line in order even when a line is bad, no traceback for a question that cannot be asked, and
``--claims`` checking a text's figures (cli.md's claim objects, ``--report``, one error line and exit
1 for a text it cannot take, the store untouched), and a figure question's process importing neither
the embedding model's libraries nor Chroma.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from storekit import cli_in_process, store_of, write_english

from config import Settings
from index import Store

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


def ask(store, *args, stdin=None, process=False):
    """``python -m retrieval ARGS --store FOLDER``: in a process of its own with ``process``, else its
    ``main`` in this one (a traceback there fails the test as it would fail the process)."""
    folder, _ = store
    if process:
        p = run("retrieval", *args, "--store", folder, stdin=stdin)
    else:
        p = cli_in_process("retrieval", *args, "--store", folder, stdin=stdin)
    assert "Traceback" not in p.stderr, p.stderr[-2000:]
    return p


def ask_json(store, *args, process=False) -> dict:
    p = ask(store, *args, "--json", process=process)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)  # exactly one JSON document, nothing else on stdout


def assert_report_ref(ref: dict, ids: dict) -> None:
    assert set(ref) >= {"id", "agency", "year"} and ref["id"] in ids.values(), ref


def test_json_answer_has_every_field_cli_md_promises(store):
    _, ids = store
    ans = ask_json(store, GD_Q, process=True)
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
    p = ask(store, GD_Q, process=True)
    assert p.returncode == 0, p.stderr
    assert "广东省政务服务和数据管理局" in p.stdout and "4" in p.stdout and "t3.partial.total" in p.stdout
    with pytest.raises(ValueError):
        json.loads(p.stdout)


#: What a question that never searches by meaning must not import: the model's libraries and Chroma's,
#: seconds of CPU in every process (and the suite runs the commands in hundreds of them).
HEAVY = {"torch", "sentence_transformers", "transformers", "chromadb"}


def imported(*args, env=None) -> tuple:
    """``python -X importtime -m retrieval ARGS``: the process, and the top-level packages it imported."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "retrieval", *args], cwd=ROOT, capture_output=True,
                       text=True, timeout=120, env=dict(os.environ, **(env or {})))
    return p, set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*([A-Za-z_]\w*)", p.stderr, re.M))


def test_a_figure_question_imports_neither_the_model_nor_chroma(store):
    folder, _ = store
    p, modules = imported(GD_Q, "--store", folder)
    assert p.returncode == 0 and "4件" in p.stdout, p.stderr[-2000:]
    assert {"retrieval", "sqlite3", "jieba"} <= modules  # the import log was read
    assert not modules & HEAVY, sorted(modules & HEAVY)
    # No model in the cache and no hub: said at once, as before the imports were put off.
    assert "could not be loaded (it is not in the local cache and cannot be downloaded)" in p.stderr


@pytest.fixture(scope="module")
def embedded_store(tmp_path_factory, packaged_model):
    """A store whose reports are all embedded with the packaged model: (folder, the model's folder, the id
    of its English report)."""
    folder = tmp_path_factory.mktemp("cli-model") / "store"
    harbor = write_english(tmp_path_factory.mktemp("cli-model-files") / "harbor.txt")
    store = store_of(folder, [harbor, FIXTURES / "reports/seed_guangdong_2023.txt"], packaged_model)
    [english] = [r.id for r in store.reports() if r.path.endswith("harbor.txt")]
    store.close()
    return str(folder), packaged_model.embedder.model_name, english


def test_a_loadable_model_is_loaded_only_when_a_question_searches_by_meaning(embedded_store):
    folder, model, english = embedded_store
    p, modules = imported(GD_Q, "--store", folder, env={"REPORTS_EMBEDDING_MODEL": model})
    assert p.returncode == 0 and "4件" in p.stdout and "notice" not in p.stderr, p.stderr[-2000:]
    assert not modules & HEAVY, sorted(modules & HEAVY)
    store = Store.open(Settings(store=folder, embedding_model=model))  # as the command opens it
    try:
        (top, _, _), *_ = store.dense_search("ferry timetable")  # the model, loaded when first needed
        assert top == english and store.notices == []
    finally:
        store.close()


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
    p = ask(store, "--batch", "-", stdin="\n".join(lines) + "\n", process=True)
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
    p = ask(store, process=True)
    assert p.returncode != 0 and "question" in p.stderr and p.stdout == ""


def test_an_empty_store_says_nothing_is_loaded(tmp_path):
    p = run("retrieval", GD_Q, "--json", "--store", str(tmp_path / "empty"))
    assert "Traceback" not in p.stderr
    ans = json.loads(p.stdout)
    assert ans["status"] == "no_match" and ans["value"] is None and ans["cells"] == []


# ---------------------------------------------------------------- --claims: the figures of a text checked
#
# The paragraph is written from the gold files: some figures as the reports give them, one changed.

def gold_cell(stem: str, address: str):
    return json.loads((FIXTURES / "gold" / f"{stem}.json").read_text(encoding="utf-8"), parse_float=Decimal)["cells"][address]


GD_AGENCY = "广东省政务服务和数据管理局"
CITY_AGENCY = "江临市生态环境局"
#: (figure as written, verdict, what the report says, the cell that says it) for each figure of CLAIMS_TEXT.
CLAIMS_EXPECTED = [
    (f"{gold_cell('seed_guangdong_2023', 't3.new.total')}件", "supported",
     gold_cell("seed_guangdong_2023", "t3.new.total"), ("seed_guangdong_2023", "t3.new.total")),
    (f"{gold_cell('seed_guangdong_2023', 't3.granted.total')}件", "supported",
     gold_cell("seed_guangdong_2023", "t3.granted.total"), ("seed_guangdong_2023", "t3.granted.total")),
    (f"{gold_cell('seed_guangdong_2023', 't3.partial.total') + 1}件", "contradicted",  # one too many
     gold_cell("seed_guangdong_2023", "t3.partial.total"), ("seed_guangdong_2023", "t3.partial.total")),
    (f"{gold_cell('city_bureau_2022', 't3.new.total')}件", "supported",
     gold_cell("city_bureau_2022", "t3.new.total"), ("city_bureau_2022", "t3.new.total")),
]
CLAIMS_TEXT = (f"2023年，{GD_AGENCY}共收到政府信息公开申请{CLAIMS_EXPECTED[0][0]}，其中予以公开{CLAIMS_EXPECTED[1][0]}、"
               f"部分公开{CLAIMS_EXPECTED[2][0]}。\n{CITY_AGENCY}2022年新收政府信息公开申请{CLAIMS_EXPECTED[3][0]}。")
CLAIM_FIELDS = {"sentence", "span", "figure", "unit", "verdict", "value", "answer", "cells", "passages", "warnings"}


def claims_json(store, *args, stdin=None, process=False) -> dict:
    p = ask(store, "--claims", *args, "--json", stdin=stdin, process=process)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)


def assert_claims_of_the_paragraph(out: dict, ids: dict) -> None:
    assert out["text"] == CLAIMS_TEXT
    claims = out["claims"]
    assert len(claims) == len(CLAIMS_EXPECTED), [c["sentence"] for c in claims]
    for claim, (written, verdict, value, (stem, address)) in zip(claims, CLAIMS_EXPECTED):
        assert set(claim) >= CLAIM_FIELDS, sorted(claim)
        start, end = claim["span"]
        assert CLAIMS_TEXT[start:end] == written, (claim["span"], written)
        assert CLAIMS_TEXT[start:end] in claim["sentence"] and claim["sentence"] in CLAIMS_TEXT
        assert (claim["figure"], claim["unit"]) == (int(written.rstrip("件")), "件")
        assert (claim["verdict"], claim["value"]) == (verdict, value), (written, claim["answer"])
        assert [(c["report"]["id"], c["address"], c["value"]) for c in claim["cells"]] == [(ids[stem], address, value)]
        cell = claim["cells"][0]
        assert set(cell) >= {"report", "address", "table", "row_label", "col_label", "value", "page", "bbox", "line"}
        assert cell["table"] == "三" and cell["col_label"] == "总计" and (cell["page"] or cell["line"])
        assert isinstance(claim["answer"], str) and str(value) in claim["answer"]
        assert claim["warnings"] == [] and isinstance(claim["passages"], list)
    # The wrong figure: the report's figure is in what a person reads.
    assert f"报告为 {CLAIMS_EXPECTED[2][2]}件" in claims[2]["answer"]


def test_claims_from_a_file_every_figure_with_its_verdict_and_cell(store, tmp_path):
    _, ids = store
    text = tmp_path / "draft.txt"
    text.write_text(CLAIMS_TEXT, encoding="utf-8")
    assert_claims_of_the_paragraph(claims_json(store, str(text)), ids)


def test_claims_from_stdin_are_the_same_as_from_a_file(store):
    _, ids = store
    assert_claims_of_the_paragraph(claims_json(store, "-", stdin=CLAIMS_TEXT, process=True), ids)


def test_claims_from_a_gb18030_file(store, tmp_path):
    """A draft saved by a Chinese Windows editor (GBK / GB18030) is read as its text."""
    _, ids = store
    text = tmp_path / "draft-gbk.txt"
    text.write_bytes(CLAIMS_TEXT.encode("gb18030"))
    assert_claims_of_the_paragraph(claims_json(store, str(text)), ids)


def test_claims_text_output_says_each_verdict_and_the_cell(store):
    p = ask(store, "--claims", "-", stdin=CLAIMS_TEXT, process=True)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == "核对了 4 个数字：✓ 与报告一致 3 · ✗ 与报告不符 1 · ? 无法确定 0 · ○ 报告中未找到 0"
    wrong, _, report, (_, address) = CLAIMS_EXPECTED[2]
    [line] = [x for x in lines if x.startswith(f"[3] {wrong}")]
    assert "与报告不符" in line and f"报告为 {report}件" in line
    assert any(x.strip().startswith("[cell]") and f"{address} = {report}" in x for x in lines)
    with pytest.raises(ValueError):
        json.loads(p.stdout)


def test_claims_report_limits_the_check_to_those_reports(store):
    _, ids = store
    gd, city = ids["seed_guangdong_2023"], ids["city_bureau_2022"]
    partial = gold_cell("seed_guangdong_2023", "t3.partial.total")
    text = f"部分公开{partial}件。"  # no body named: several bodies are loaded, so whose figure is it?
    [unscoped] = claims_json(store, "-", stdin=text)["claims"]
    assert (unscoped["verdict"], unscoped["value"]) == ("not_found", None)
    assert "which body" in unscoped["answer"] or "单位" in unscoped["answer"], unscoped["answer"]
    [scoped] = claims_json(store, "-", "--report", gd, stdin=text)["claims"]
    assert (scoped["verdict"], scoped["value"]) == ("supported", partial)
    assert {c["report"]["id"] for c in scoped["cells"]} == {gd}
    # Limited to another body's report, the body named is not read: nothing of Guangdong is cited.
    [other] = claims_json(store, "-", "--report", city, stdin=f"{GD_AGENCY}2023年部分公开{partial}件。")["claims"]
    assert other["verdict"] == "not_found" and other["value"] is None
    assert all(c["report"]["id"] == city for c in other["cells"])


def test_claims_in_english(store):
    _, ids = store
    new, natural = gold_cell("seed_guangdong_2023", "t3.new.total"), gold_cell("seed_guangdong_2023", "t3.new.natural_person")
    text = f"In 2023 the Guangdong data administration received {new} new requests, {natural + 10} of them from individuals."
    out = claims_json(store, "-", stdin=text)
    assert [(c["figure"], c["verdict"], c["value"]) for c in out["claims"]] == [(new, "supported", new),
                                                                                (natural + 10, "contradicted", natural)]
    assert "report gives" in out["claims"][1]["answer"]


def test_claims_text_with_no_figures_has_no_claims(store):
    out = claims_json(store, "-", stdin="2023年，广东省政数局持续深化政务公开，依据国办公开办函〔2021〕30号编制本报告。")
    assert out["claims"] == []


def error_lines(p) -> list:
    return [x for x in p.stderr.splitlines() if x.startswith("error:")]


@pytest.mark.parametrize("case", ["missing file", "a folder", "unknown report", "empty text", "too long"])
def test_claims_that_cannot_be_checked_exit_1_with_one_sentence(store, tmp_path, case):
    args, stdin, said = {
        "missing file": ([str(tmp_path / "nothing.txt")], None, f"cannot read the text file {tmp_path / 'nothing.txt'}"),
        "a folder": ([str(tmp_path)], None, f"cannot read the text file {tmp_path}"),
        "unknown report": (["-", "--report", "nope"], CLAIMS_TEXT, "no report 'nope' in the store"),
        "empty text": (["-"], "  \n", "the text was empty"),
        "too long": (["-"], "部分公开5件。" * 4000, "the text is 28000 characters long"),
    }[case]
    for as_json in (False, True):
        p = ask(store, "--claims", *args, *(["--json"] if as_json else []), stdin=stdin)
        assert p.returncode == 1, (case, p.stdout[-500:], p.stderr[-500:])
        [line] = error_lines(p)
        assert said in line, line
        if as_json:
            out = json.loads(p.stdout)
            assert out["claims"] == [] and said in out["error"]
        else:
            assert p.stdout == ""


def store_snapshot(folder: str) -> dict:
    """What a store holds, as a user would compare it: every row of its database and every file kept."""
    import hashlib
    import sqlite3

    conn = sqlite3.connect(f"file:{Path(folder) / 'reports.sqlite3'}?mode=ro", uri=True)
    try:
        dump = hashlib.sha256("\n".join(conn.iterdump()).encode("utf-8")).hexdigest()
    finally:
        conn.close()
    files = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in Path(folder).rglob("*") if p.is_file() and not p.name.endswith(("-wal", "-shm", ".lock"))
             and p.name != "reports.sqlite3"}
    return {"db": dump, "files": files}


def test_claims_leave_the_store_as_it_was(store, tmp_path):
    folder, ids = store
    before = store_snapshot(folder)
    claims_json(store, "-", stdin=CLAIMS_TEXT)
    claims_json(store, "-", "--report", ids["city_bureau_2022"], stdin=CLAIMS_TEXT)
    ask(store, "--claims", str(tmp_path / "nothing.txt"))
    assert store_snapshot(folder) == before
