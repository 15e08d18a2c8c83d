"""JSON at the edge: the one place the typed objects become cli.md's JSON shapes.

Every command's ``--json`` output, and nothing else, is made here: the cell, check and passage
rows, a report's summary, an ingest outcome, an answer with its citations and warnings. Fields are
added freely, none removed or renamed (cli.md).
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any, Dict, List, Optional, Union

from model import Cell, Check, Number, Passage, Report, ReportRef, StoredReport
from phrasing import location_text, notes_text
from pipeline import IngestOutcome, SeriesRow
from retrieval import Answer, CellCitation, ClaimCheck, ClaimVerdict, PassageCitation, Warning

Json = Dict[str, Any]


def number_json(v: Optional[Union[Number, float]]) -> Optional[Union[int, float]]:
    """A figure as JSON: an integral figure is an int (4, not 4.0); a printed decimal the JSON
    number of its printed digits (Decimal("18651.06") → 18651.06: a float's shortest form writes
    the same digits back)."""
    if v is None or isinstance(v, int):
        return v
    if isinstance(v, Decimal) and v == v.to_integral_value() and int(v.as_tuple().exponent) >= 0:
        return int(v)
    f = float(v)
    return int(f) if f.is_integer() and not isinstance(v, Decimal) else f


def ref_json(ref: ReportRef) -> Json:
    return {"id": ref.id, "agency": ref.agency, "year": ref.year}


def notes_json(notes: tuple) -> List[Json]:
    return [{"code": n.code, **dict(n.args)} for n in notes]


def cell_json(ref: ReportRef, c: Cell) -> Json:
    """A cell as a row of ``index cells --json`` (cli.md); ``note`` says why in English, ``notes``
    are its codes."""
    return {"report": ref_json(ref), "address": c.address, "status": c.status,
            "value": number_json(c.value) if c.status == "ok" else None, "table": c.table, "row_label": c.row_label,
            "col_label": c.col_label, "page": c.page, "bbox": list(c.bbox) if c.bbox else None, "line": c.line,
            "source_text": c.source_text, "note": notes_text(c.notes, "en"), "notes": notes_json(c.notes),
            "candidates": [number_json(v) for v in c.candidates], "unit": c.unit, "ocr": c.ocr}


#: The columns of ``index series --csv``: the fields of a series row, its cells as their addresses.
SERIES_COLUMNS = ("body", "names", "year", "measure", "value", "unit", "status", "check_failed", "cells", "report",
                  "agency", "places", "level", "ocr", "checks", "where", "note")


def series_json(r: SeriesRow) -> Json:
    """A row of ``index series --json`` (cli.md): one body in one year, the measure's value and the
    cells it rests on; ``checks`` gives the arithmetic of the failed checks behind ``check_failed``."""
    return {"body": r.body, "names": list(r.names), "year": r.year, "measure": r.measure,
            "value": number_json(r.value) if r.status == "ok" else None, "unit": r.unit, "status": r.status,
            "check_failed": r.check_failed,
            "cells": [{"address": c.address, "page": c.page, "line": c.line, "status": c.status,
                       "value": number_json(c.value) if c.status == "ok" else None, "ocr": c.ocr,
                       "checks": [d for a, d in r.checks if a == c.address]} for c in r.cells],
            "report": r.report.id, "agency": r.report.agency, "places": list(r.places), "level": r.level,
            "ocr": r.ocr, "checks": list(r.failed), "note": r.note}


def series_csv_row(r: SeriesRow) -> List[str]:
    """A row of ``index series --csv``: ``SERIES_COLUMNS``, lists joined by 「;」."""
    j = series_json(r)
    where = ";".join(location_text(r.kind, c.page, c.line, "en") for c in r.cells)
    return [j["body"], ";".join(j["names"]), str(j["year"] or ""), j["measure"],
            "" if j["value"] is None else str(j["value"]), j["unit"], j["status"], str(j["check_failed"]).lower(),
            ";".join(c.address for c in r.cells), j["report"], j["agency"] or "", ";".join(j["places"]), j["level"],
            str(j["ocr"]).lower(), " | ".join(j["checks"]), where, j["note"]]


def check_json(ref: ReportRef, c: Check) -> Json:
    """A check as a row of ``index checks --json`` (cli.md)."""
    return {"report": ref_json(ref), "check": c.check, "passed": c.passed, "detail": c.detail, "cells": list(c.cells)}


def passage_json(ref: ReportRef, p: Passage) -> Json:
    d = asdict(p)
    d["bbox"] = list(p.bbox) if p.bbox else None
    return {"report": ref_json(ref), **d}


def summary_json(r: Union[Report, StoredReport]) -> Json:
    """A report's ``report`` object of ``ingest --json`` (cli.md): its reference and counts."""
    if isinstance(r, Report):
        counts, failed, npass = r.cell_counts(), sum(1 for c in r.checks if not c.passed), len(r.passages)
    else:
        counts, failed, npass = r.cells, r.checks_failed, r.passages
    return {"id": r.id, "agency": r.agency, "year": r.year, "format": r.format, "pages": r.pages,
            "cells": asdict(counts), "checks_failed": failed, "passages": npass, "kind": r.kind, "title": r.title,
            "warnings": list(r.warnings)}


def stored_json(r: StoredReport) -> Json:
    """A stored report as a row of ``index reports --json``."""
    return dict(summary_json(r), path=r.path, sha256=r.sha256, ingested_at=r.ingested_at)


def report_detail_json(r: Report) -> Json:
    """A parsed report for ``ingest --dry-run --json``: its summary with every row in it (the counts
    of cli.md then stand in ``cell_counts`` and ``passage_count``)."""
    d = summary_json(r)
    d["cell_counts"], d["passage_count"] = d["cells"], d["passages"]
    d["sections"] = [{"number": s.number, "heading": s.heading} for s in r.sections]
    d["cells"] = [cell_json(r.ref, c) for c in r.cells]
    d["passages"] = [passage_json(r.ref, p) for p in r.passages]
    d["checks"] = [check_json(r.ref, c) for c in r.checks]
    return d


def outcome_json(o: IngestOutcome, detail: Optional[Report] = None) -> Json:
    """One file's object of ``ingest --json`` (cli.md)."""
    report: Optional[Json] = None
    if detail is not None:
        report = report_detail_json(detail)
    elif o.report is not None:
        report = summary_json(o.report)
        if o.note:
            report["note"] = o.note
    out: Json = {"path": o.path, "status": o.status, "error": o.error, "report": report}
    if o.replaced:
        out["replaced"] = list(o.replaced)
    return out


def cell_citation_json(c: CellCitation) -> Json:
    return cell_json(c.report, c.cell)


def passage_citation_json(p: PassageCitation) -> Json:
    out = {"report": ref_json(p.report), "section": p.passage.section, "page": p.passage.page, "line": p.passage.line,
           "text": p.passage.text, "score": round(float(p.score), 4), "n": p.passage.n, "kind": p.kind,
           "bbox": list(p.passage.bbox) if p.passage.bbox else None, "start": p.passage.start, "end": p.passage.end}
    if p.sentence:
        out["sentence"] = p.sentence
        out["highlight"] = list(p.highlight) if p.highlight else None
    return out


def warning_json(w: Warning) -> Json:
    return {"kind": w.kind, "detail": w.detail, "report": ref_json(w.report), "cells": list(w.cells)}


def answer_json(a: Answer) -> Json:
    """An answer as cli.md's answer object."""
    return {"question": a.question, "status": a.status, "answer": a.answer, "value": number_json(a.value),
            "cells": [cell_citation_json(c) for c in a.cells],
            "passages": [passage_citation_json(p) for p in a.passages],
            "warnings": [warning_json(w) for w in a.warnings], "intent": a.intent,
            "scope": [ref_json(r) for r in a.scope]}


def claim_json(v: ClaimVerdict) -> Json:
    """A figure of a checked text as cli.md's claim object: where it stands, what it states, the
    verdict, what the reports say (``value``) and the cells, passages and warnings that say it."""
    c = v.claim
    said = v.reason + ("\n" + v.answer.answer if v.answer.answer else "")
    return {"sentence": c.sentence, "span": list(c.span), "figure": number_json(c.figure), "unit": c.unit,
            "verdict": v.verdict, "value": number_json(v.value), "answer": said,
            "cells": [cell_citation_json(x) for x in v.cells],
            "passages": [passage_citation_json(p) for p in v.passages],
            "warnings": [warning_json(w) for w in v.answer.warnings],
            "text": c.text, "approx": c.quantity.approx, "stated": v.stated, "difference": number_json(v.difference),
            "reason": v.reason, "body": c.body or None, "year": c.year, "question": c.question, "after": list(c.after),
            "status": v.answer.status}


def claims_json(check: ClaimCheck) -> Json:
    """A checked text as ``python -m retrieval --claims --json`` prints it (cli.md)."""
    return {"text": check.text, "claims": [claim_json(v) for v in check.verdicts], "counts": check.counts()}


def not_checked_json(text: str, why: str) -> Json:
    """The object of a text that could not be checked (empty, too long, an unknown report)."""
    return {"text": text, "claims": [], "counts": {}, "error": why}


def not_taken_json(question: str, why: str) -> Json:
    """The answer object of a question that could not be taken (empty, too long, an unknown report)."""
    return answer_json(Answer(question, "no_match", why))


__all__ = ["answer_json", "cell_json", "check_json", "claim_json", "claims_json", "not_checked_json", "not_taken_json", "outcome_json", "passage_json",
           "report_detail_json", "stored_json", "summary_json"]
