"""Synthetic annual reports for the scale and retrieval benchmarks.

Each report is published by a different body (a province, city, district or county office or
bureau), for a year from 2019 to 2024 (the 2019 trial format for 2019 and 2020), with random figures
that pass every check of the template (row sums, 勾稽关系, table 4 totals), and a narrative for
sections 一 to 六 that restates some figures and tells other facts (website posts, hotline calls,
training sessions, 公众号 followers …). Each report comes with questions about its narrative (a
quarter of them in English) and the passage substring that answers them, so bench/retrieval.py can
measure recall on reports we wrote. The same seed gives the same corpus. There are 2,924 bodies:
past that many reports a body comes back for the next year (never one it has: up to 17,544 reports),
and its carry-over is then not chained to its other year (check 5 would fail across them).

Files are text exports with tab-separated tables (like tests/fixtures/reports/seed_*.txt), HTML
pages, or PDFs printed by tests/reportgen.py. ``manifest.jsonl`` in the output folder has, per
file, its body, year, format, cells and questions.

Usage::

    .venv/bin/python bench/corpus.py --n 50 --out /tmp/corpus              # 50 text reports
    .venv/bin/python bench/corpus.py --n 20 --out /tmp/pdfs --pdf-share 1   # 20 PDFs
    .venv/bin/python bench/corpus.py --n 200 --out /tmp/corpus --verify     # and parse them back
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import reportgen as rg  # noqa: E402  (the independent renderer of the parser's tests)
from corpus_words import (  # noqa: E402  (data only: places, bodies, facts, weights)
    APPLICANT_WEIGHTS,
    CITY_DEPTS,
    DATA_BODY,
    DEPT_EN,
    DEPT_SHORT,
    ENGLISH_SHARE,
    FACTS,
    FACTS_EN,
    FILLERS,
    LOCAL_DEPTS,
    MEASURES,
    NEW_MEDIAN,
    OPENINGS,
    PLACE_EN,
    PLACES,
    PROBLEMS,
    PROVINCE_DEPTS,
    RESULT_WEIGHTS,
    SUBSECTIONS,
)

MANIFEST = "manifest.jsonl"

# ------------------------------------------------------------------------------------ bodies


@dataclass(frozen=True)
class Body:
    """A publishing body: its full name, the place it serves, its level and its department."""

    name: str
    place: str
    level: str  # province | city | district | county
    dept: str


def all_bodies() -> List[Body]:
    """Return every body the corpus can name, in a fixed order."""
    out = []
    for prov, cities in PLACES.items():
        data = DATA_BODY.get(prov, ("数据局", "数据局"))
        out += [Body(prov + d, prov, "province", d) for d in PROVINCE_DEPTS + data[:1]]
        for city, locals_ in cities.items():
            out += [Body(city + d, city, "city", d) for d in CITY_DEPTS + data[1:]]
            for place in locals_:
                level = "county" if place.endswith("县") else "district"
                local_data = "政务服务数据管理局" if prov == "广东省" else "行政审批服务局"
                out += [Body(city + place + d, place, level, d) for d in LOCAL_DEPTS + (local_data,)]
    return out


def body_to_self(body: Body) -> str:
    """Given a body, return how its report refers to itself (我局, 我委, 我办, 我县 …)."""
    d = body.dept
    if d == "人民政府":
        return {"county": "我县", "district": "我区"}.get(body.level, "本级政府")
    for end, me in (("办公室", "我办"), ("办公厅", "我厅"), ("委员会", "我委"), ("厅", "我厅"), ("局", "我局")):
        if d.endswith(end):
            return me
    return "本机关"


def _short_place(place: str) -> str:
    return place[:-1] if len(place) > 2 and place[-1] in "省市区县" else place


# ------------------------------------------------------------------------------------ figures

def _spread(rng: random.Random, total: int, keys: Sequence[str], weights: Sequence[float]) -> Dict[str, int]:
    """Given a total, keys and weights, return the total split over the keys at random."""
    out = dict.fromkeys(keys, 0)
    for k in rng.choices(list(keys), weights=list(weights), k=total):
        out[k] += 1
    return out


def t3_cells(rng: random.Random, fmt: str, level: str) -> Dict[str, int]:
    """Given a format and the body's level, return table 3 balanced in every row and column."""
    cols = rg.T3_COLUMNS[:-1]
    results = [row for row, _ in rg.T3_ROWS[fmt] if row in RESULT_WEIGHTS]
    weights = [RESULT_WEIGHTS[r] * rng.uniform(0.3, 1.7) for r in results]
    new_total = int(rng.lognormvariate(0, 0.9) * NEW_MEDIAN[level])
    new = _spread(rng, new_total, cols, APPLICANT_WEIGHTS)
    cells: Dict[str, int] = {}
    for col in cols:
        carried_over = int(new[col] * rng.uniform(0, 0.12) + rng.random() * 1.3)
        open_ = new[col] + carried_over
        forward = min(open_, int(open_ * rng.uniform(0, 0.12) + rng.random() * 1.2))
        handled = _spread(rng, open_ - forward, results, weights)
        for row, v in [("new", new[col]), ("carried_over", carried_over), ("carried_forward", forward),
                       ("total_handled", open_ - forward)] + list(handled.items()):
            cells[f"t3.{row}.{col}"] = v
    for row, _ in rg.T3_ROWS[fmt]:
        cells[f"t3.{row}.total"] = sum(cells[f"t3.{row}.{c}"] for c in cols)
    return cells


def t4_cells(rng: random.Random, applications: int) -> Dict[str, int]:
    """Given the year's applications, return table 4 with each group's total the sum of its results."""
    cells = {}
    for group, share in (("review", 0.06), ("suit_direct", 0.02), ("suit_after_review", 0.015)):
        n = int(applications * share * rng.uniform(0, 2) + rng.random() * 0.8)
        parts = _spread(rng, n, ("upheld", "corrected", "other", "pending"), (6, 1, 2, 1))
        cells.update({f"t4.{group}.{k}": v for k, v in parts.items()})
        cells[f"t4.{group}.total"] = n
    return cells


def t2_cells(rng: random.Random, fmt: str, body: Body) -> Dict[str, float]:
    """Given a format and the body, return table 2: rules only above the district, licences by trade."""
    issues_rules = body.level in ("province", "city") and body.dept.startswith("人民政府")
    licences = any(w in body.dept for w in ("市场监督", "行政审批", "政务服务", "住房", "交通", "生态", "人民政府"))
    big = {"province": 3, "city": 2, "district": 1, "county": 1}[body.level]
    n = lambda lo, hi: rng.randint(lo, hi)  # noqa: E731
    if fmt == "2021":
        issued = n(0, 12)
        c = {"t2.rules.issued": n(0, 4) if issues_rules else 0, "t2.rules.repealed": n(0, 2) if issues_rules else 0,
             "t2.normative.issued": issued, "t2.normative.repealed": n(0, 4), "t2.normative.in_force": issued + n(0, 80),
             "t2.licensing.decisions": n(100, 9000) * big if licences else n(0, 30),
             "t2.penalty.decisions": n(0, 900) * big if licences else 0, "t2.enforcement.decisions": n(0, 60),
             "t2.fees.amount": round(rng.uniform(0, 900), 2) if rng.random() < 0.2 else 0}
        c["t2.rules.in_force"] = c["t2.rules.issued"] + (n(5, 60) if issues_rules else 0)
        return c
    made = n(0, 20)
    c = {"t2.rules.made": 0, "t2.rules.published": 0, "t2.rules.total_public": n(3, 40) if issues_rules else 0,
         "t2.normative.made": made, "t2.normative.published": made, "t2.normative.total_public": made + n(0, 120),
         "t2.fees.prev_items": n(0, 40), "t2.fees.change": n(-4, 2),
         "t2.procurement.items": n(0, 80), "t2.procurement.amount": round(rng.uniform(0, 6000), 2)}
    for row, items in (("licensing", 300), ("other_services", 150), ("penalty", 1200), ("enforcement", 60)):
        c[f"t2.{row}.prev_items"] = n(0, items)
        c[f"t2.{row}.change"] = n(-6, 9)
        c[f"t2.{row}.decisions"] = n(0, items * 10) if licences or row == "other_services" else n(0, 20)
    return c


# ------------------------------------------------------------------------------------ narrative


def body_to_english(body: Body) -> str:
    """Given a body, return its English name as a question would give it (「the Panyu District Education Bureau」)."""
    from pypinyin import lazy_pinyin

    core = re.sub(r"(回族|瑶族自治)", "", body.place[:-1]) if len(body.place) > 2 else body.place
    place = "".join(lazy_pinyin(core)).capitalize() + PLACE_EN.get(body.place[-1], "")
    dept = DEPT_EN.get(body.dept)
    if dept is None:
        stem = re.sub(r"(厅|局)$", "", body.dept)
        dept = {"厅": "Department of ", "局": ""}[body.dept[-1]] + DEPT_EN[stem] + (" Bureau" if body.dept.endswith("局") else "")
    return f"the {place} {dept}"


def _fact_values(rng: random.Random, ranges: dict) -> dict:
    """Given a fact's ranges, return its figures: n, m and k parts of n unless ranged, p a percentage."""
    v = {"n": rng.randint(*ranges["n"])}
    v["m"] = rng.randint(*ranges["m"]) if "m" in ranges else rng.randint(0, max(1, v["n"] // 3))
    v["k"] = rng.randint(*ranges["k"]) if "k" in ranges else rng.randint(0, max(1, v["m"] // 2))
    v["p"] = rng.randint(*ranges.get("p", (80, 99)))
    return v


def _account_name(body: Body) -> str:
    """Given a body, return its 公众号's name: the place and the department's short name."""
    short = next((s for long, s in DEPT_SHORT if body.dept.startswith(long)), re.sub(r"(局|厅|委员会)$", "", body.dept))
    return _short_place(body.place) + short


@dataclass(frozen=True)
class Question:
    """A question about a report's narrative, the substring of the passage that answers it, and the answer."""

    q: str
    passage: str
    value: Optional[float]
    lang: str = "zh"


def _fill(template: str, values: dict) -> Tuple[str, str]:
    """Given a sentence template with [the answer] marked, return (sentence, answer)."""
    text = template.format(**values)
    answer = re.search(r"\[(.+?)\]", text)
    return text.replace("[", "").replace("]", ""), answer.group(1) if answer else ""


def _space_numbers(text: str) -> str:
    """Given text, return it with spaces around figures, as PDF text exports print them (「571 条」)."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(\d[\d.]*)(?=[\u4e00-\u9fff%])", r" \1 ", text)


def _t3_restatement(c: Dict[str, int], fmt: str, year: int, me: str) -> str:
    """Given table 3's cells, return the sentence of section 一 that recounts them (check 6 reads it)."""
    group = lambda g: sum(v for a, v in c.items() if a.startswith(f"t3.{g}") and a.endswith(".total"))  # noqa: E731
    return (f"{year}年，{me}共收到政府信息公开申请{c['t3.new.total']}件，上年结转{c['t3.carried_over.total']}件。"
            f"从办理结果看，予以公开{c['t3.granted.total']}件，部分公开{c['t3.partial.total']}件，"
            f"不予公开{group('denied.')}件，无法提供{group('unavailable.')}件，不予处理{group('not_processed.')}件，"
            f"其他处理{group('other')}件，结转下年度继续办理{c['t3.carried_forward.total']}件。")


def ask(rng: random.Random, fact: str, zh: str, ctx: dict, english: str, answer: str, value) -> Question:
    """Given a fact, its Chinese question template, the context and the answer, return the question,
    in English for ENGLISH_SHARE of them."""
    if rng.random() < ENGLISH_SHARE:
        return Question(FACTS_EN[fact].format(**{**ctx, "who": english}), answer, value, "en")
    return Question(zh.format(**ctx), answer, value)


def narrative(rng: random.Random, body: Body, year: int, cells: dict, fmt: str
              ) -> Tuple[List[Tuple[str, Tuple[str, ...]]], List[Question]]:
    """Given a body, year and cells, return the six sections' (heading, paragraphs) and the questions
    the narrative answers."""
    me = body_to_self(body)
    # Questions name the body in full, or as people say it (番禺区教育局 for 广州市番禺区教育局).
    who = body.name if rng.random() < 0.7 else body.place + body.dept
    upper = {"province": "省委、省政府", "city": "市委、市政府", "district": "区委、区政府", "county": "县委、县政府"}[body.level]
    wx = _account_name(body)
    site = rng.choice(["门户网站", "政府门户网站", f"{_short_place(body.place)}政府网", "官方网站"])
    spaced = rng.random() < 0.2
    english = body_to_english(body)
    ctx = dict(who=body.name, year=year, place=body.place, me=me, wx=wx, site=site, upper=upper)
    chosen = rng.sample(sorted(FACTS), k=rng.randint(9, 14))
    by_sub: Dict[int, List[str]] = {k: [] for k in SUBSECTIONS}
    questions: List[Question] = []
    for key in chosen:
        sub, ranges, sentences, qs = FACTS[key]
        values = _fact_values(rng, ranges)
        sentence, answer = _fill(rng.choice(sentences), {**ctx, **values})
        if spaced:
            sentence, answer = _space_numbers(sentence), _space_numbers(answer).strip()
        by_sub[sub].append(sentence)
        questions.append(ask(rng, key, rng.choice(qs), {**ctx, "who": who}, english, answer, values["n"]))
    by_sub[2].insert(0, _t3_restatement(cells, fmt, year, me))
    if cells.get("t4.review.total"):
        by_sub[2].append(f"全年被申请行政复议{cells['t4.review.total']}件，未发生因政府信息公开被追责的情况。")
    intro = rng.choice(OPENINGS).format(**ctx)
    paragraphs = [intro]
    for i, sub in enumerate(SUBSECTIONS):
        sentences = by_sub[sub] + rng.sample(FILLERS, k=rng.randint(0, 2))
        heading = f"（{'一二三四五'[i]}）{rng.choice(SUBSECTIONS[sub])}"
        if rng.random() < 0.5:
            paragraphs += [heading, "".join(sentences)]
        else:
            paragraphs.append(heading + "。" + "".join(sentences))
    problems = rng.sample(PROBLEMS, k=rng.randint(2, 3))
    measures = rng.sample(MEASURES, k=rng.randint(2, 4))
    ordinal = "一二三四"
    five = (f"{year}年，{me}政府信息公开工作取得一定成效，但仍存在一些不足：" +
            "；".join(f"{ordinal[i]}是{p}" for i, p in enumerate(problems)) + "。",
            f"{year + 1}年，{me}将重点做好以下工作：" + "；".join(f"{ordinal[i]}是{m}" for i, m in enumerate(measures)) + "。")
    questions.append(ask(rng, "problems", "{who}{year}年的政府信息公开工作存在哪些问题？", {**ctx, "who": who}, english,
                         problems[0], None))
    fee = rng.randint(20, 800) if rng.random() < 0.15 else 0
    six = (f"本年度共发出收费通知{rng.randint(1, 5)}件，[收取信息处理费{fee}元]。" if fee else
           rng.choice(["本年度未收取信息处理费。", "[本年度无发出收费通知，无收取信息处理费]。"]))
    six, answer = _fill(six, {})
    if answer:
        questions.append(ask(rng, "fee", "{who}{year}年收取了多少信息处理费？", {**ctx, "who": who}, english, answer, fee))
    sections = [("一、总体情况", tuple(paragraphs)), ("二、主动公开政府信息情况", ()),
                ("三、收到和处理政府信息公开申请情况", ()), (rng.choice(["四、政府信息公开行政复议、行政诉讼情况",
                                                         "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况"]), ()),
                (rng.choice(["五、存在的主要问题及改进情况", "五、存在问题及改进思路", "五、存在的主要问题及整改措施"]), five),
                ("六、其他需要报告的事项", (six,))]
    return sections, questions


# ------------------------------------------------------------------------------------ reports


@dataclass(frozen=True)
class Generated:
    """One generated report: what it says (a reportgen spec), who wrote it, and its questions."""

    spec: rg.ReportSpec
    body: Body
    year: int
    questions: Tuple[Question, ...]


@lru_cache(maxsize=4)
def _shuffled_bodies(seed: int) -> Tuple[Body, ...]:
    bodies = all_bodies()
    random.Random(seed).shuffle(bodies)
    return tuple(bodies)


def report_at(index: int, seed: int = 0) -> Generated:
    """Given a report's index in the corpus and the seed, return the report (the same every time)."""
    bodies = _shuffled_bodies(seed)
    body, lap = bodies[index % len(bodies)], index // len(bodies)
    rng = random.Random(seed * 1_000_003 + index)
    # A body met again (past 2,924 reports) reports on the year after the one it last reported on:
    # its first year is drawn as its first report's (the same corpus as before for one lap), so one
    # body and year is drawn once up to six laps (17,544 reports) — a second report of a body and
    # year would be stored as a corrected copy of the first, and its questions' figures replaced.
    first = random.Random(seed * 1_000_003 + index % len(bodies)).randrange(6)
    rng.randrange(6)  # the draw that chose the year before: every report's figures stay as they were
    year = 2019 + (first + lap) % 6
    fmt = "2019" if year <= 2020 else "2021"
    cells: dict = {**t2_cells(rng, fmt, body), **t3_cells(rng, fmt, body.level)}
    cells.update(t4_cells(rng, cells["t3.new.total"]))
    sections, questions = narrative(rng, body, year, cells, fmt)
    preamble = (f"本报告根据《中华人民共和国政府信息公开条例》和{'国办公开办函〔2019〕60号' if fmt == '2019' else '国办公开办函〔2021〕30号'}"
                f"要求编制。报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
                f"如对本报告有疑问，请与{body.name}联系（电话：0{rng.randint(20, 999)}-{rng.randint(2000000, 89999999)}）。",)
    title = f"{body.name}{year}年政府信息公开工作年度报告"
    spec = rg.ReportSpec(title=title, sections=tuple(sections), cells=cells, format=fmt, preamble=preamble)
    return Generated(spec, body, year, tuple(questions))


def spec_to_text(spec: rg.ReportSpec, rng: random.Random) -> str:
    """Given a spec, return the report as a text export: tables as tab-separated rows of their grids,
    sometimes with spaced labels (「自 然 人」), a title over two lines and page footers."""
    cut = re.search(r"\d{4}年", spec.title).start() if rng.random() < 0.3 else 0
    lines = [spec.title[:cut], spec.title[cut:]] if cut else [spec.title]
    lines += ["", *[p + "\n" for p in spec.preamble]]
    spaced, page = rng.random() < 0.3, 1
    for index, (heading, paragraphs) in enumerate(spec.sections):
        lines += [heading, ""] + [p + "\n" for p in paragraphs]
        for grid in rg.section_grids(spec, index):
            grid = rg.spaced_grid(grid) if spaced else grid
            lines += ["\t".join(row) for row in grid.rows] + [""]
        if rng.random() < 0.4:
            lines += [f"— {page} —", ""]
            page += 1
    return "\n".join(lines) + "\n"


def _is_pdf(index: int, share: float) -> bool:
    """Whether report ``index`` is printed as a PDF: evenly spread so any prefix holds its share."""
    return int((index + 1) * share) > int(index * share)


def make_corpus(n: int, out_dir: Path, seed: int = 0, kinds: Sequence[str] = ("text",),
                pdf_share: float = 0.0) -> List[Path]:
    """Given a count, a folder, a seed, the file kinds ("text", "html") and the share of PDFs,
    write n reports and their manifest there; return the reports' paths in order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with open(out_dir / MANIFEST, "w", encoding="utf-8") as manifest:
        for i in range(n):
            g = report_at(i, seed)
            stem = f"r{seed}_{i:05d}_{g.year}"
            rng = random.Random(f"layout:{seed}:{i}")
            if _is_pdf(i, pdf_share):
                style = rg.STYLES[i % len(rg.STYLES)]
                path, kind = rg.render_pdf(g.spec, style, out_dir / f"{stem}.{style}.pdf"), "pdf"
            elif kinds[i % len(kinds)] == "html":
                path, kind = rg.render_html(g.spec, out_dir / f"{stem}.html", rng.choice(rg.HTML_STYLES)), "html"
            else:
                path, kind = out_dir / f"{stem}.txt", "text"
                path.write_text(spec_to_text(g.spec, rng), encoding="utf-8")
            paths.append(path)
            manifest.write(json.dumps({
                "file": path.name, "kind": kind, "agency": g.body.name, "year": g.year, "format": g.spec.format,
                "cells": g.spec.cells, "questions": [q.__dict__ for q in g.questions]}, ensure_ascii=False) + "\n")
    return paths


def load_manifest(out_dir: Path) -> List[dict]:
    """Given a corpus folder, return its manifest entries (file, kind, agency, year, format, cells, questions)."""
    return [json.loads(line) for line in (Path(out_dir) / MANIFEST).read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------------------------ CLI


def verify(out_dir: Path) -> List[str]:
    """Given a corpus folder, parse every report and return each disagreement with the manifest:
    a cell, the body, the year, a failed check, a question whose answer no passage holds."""
    from ingest.parse import parse_file

    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    problems = []
    for entry in load_manifest(out_dir):
        report = parse_file(Path(out_dir) / entry["file"])
        where = entry["file"]
        if (report.agency, report.year, report.format) != (entry["agency"], entry["year"], entry["format"]):
            problems.append(f"{where}: read {report.agency} {report.year} {report.format}")
        for address, want in entry["cells"].items():
            cell = report.cell(address)
            if cell.status != "ok" or abs(float(cell.value) - float(want)) > 1e-9:
                problems.append(f"{where}: {address} = {want}, read {cell.status} {cell.value}")
        problems += [f"{where}: check failed: {c.detail}" for c in report.checks if not c.passed]
        texts = [squash(p.text) for p in report.passages]
        problems += [f"{where}: no passage holds 「{q['passage']}」" for q in entry["questions"]
                     if not any(squash(q["passage"]) in t for t in texts)]
    return problems


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="number of reports (default 100)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kinds", default="text", help="comma-separated: text, html (default text)")
    parser.add_argument("--pdf-share", type=float, default=0.0, help="share of reports printed as PDF (0 to 1)")
    parser.add_argument("--verify", action="store_true", help="parse the reports back and list disagreements")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = make_corpus(args.n, args.out, args.seed, tuple(args.kinds.split(",")), args.pdf_share)
    print(f"{len(paths)} reports in {args.out} ({time.perf_counter() - started:.1f} s)")
    if args.verify:
        problems = verify(args.out)
        print("\n".join(problems[:40]) or "every cell, body, year, check and question answer parsed back.")
        print(f"{len(problems)} disagreements")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
