"""What the parser fuzzing shares (tests/test_fuzz_parsers.py for a short run, bench/fuzz.py for an
hour): Hypothesis strategies that build report-like text, HTML and PDFs from realistic pieces, the
targets they are fed to, and a guard that turns a hang into a failure.

A target passes an input when it returns, or raises ``errors.ReportError`` (one sentence for the
user), within ``LIMIT_S`` seconds. Anything else — another exception, a hang — is a bug.
"""

from __future__ import annotations

import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from hypothesis import strategies as st

from config import Settings
from errors import ReportError
from ingest.html import html_to_document
from ingest.numbers import groups_sum_fit, row_sum_fits, tokens_to_readings
from ingest.parse import document_to_report, path_to_document
from ingest.sections import SECTION_TITLES
from ingest.template import FORMAT_2019, FORMAT_2021, T3_COL_LABELS, T4_COL_LABELS, T4_GROUP_LABELS
from ingest.text import text_to_document

#: A parse of one fuzzed input that takes longer than this is a hang (a real report takes well
#: under a second; a PDF page has its own limit, PAGE_S, inside this one).
LIMIT_S = 20.0
PAGE_S = 3.0


class Hang(Exception):
    """Raised in the fuzzing thread when one input runs past its time."""


@contextmanager
def time_limit(seconds: float = LIMIT_S) -> Iterator[None]:
    """Raise Hang if the block runs longer than ``seconds`` (SIGALRM in the main thread; elsewhere
    the block's time is only checked when it returns)."""
    started = time.monotonic()
    in_main = threading.current_thread() is threading.main_thread()
    if in_main:
        def fire(signum, frame):
            raise Hang(f"still running after {seconds:g} s")

        previous = signal.signal(signal.SIGALRM, fire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if in_main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - started
    if elapsed > seconds:
        raise Hang(f"took {elapsed:.1f} s (limit {seconds:g} s)")


def run_guarded(target: Callable, *args) -> Optional[str]:
    """Run a target on an input: None when it returned, the user's sentence when it raised a
    ReportError; anything else (another exception, Hang) propagates."""
    with time_limit():
        try:
            target(*args)
        except ReportError as e:
            message = str(e)
            assert message and "\n" not in message, f"a ReportError must be one line, got {message!r}"
            return message
    return None


# ---------------------------------------------------------------- pieces of real reports

LABELS = sorted({s.label for f in (FORMAT_2021, FORMAT_2019) for s in f.t2 + f.t3}
                | set(T3_COL_LABELS.values()) | set(T4_COL_LABELS.values()) | set(T4_GROUP_LABELS.values()))
HEADINGS = list(SECTION_TITLES.values()) + ["一、总体情况", "三、收到和处理政府信息公开申请情况", "四、", "（一）主动公开情况",
                                            "五、存在问题及改进思路", "二、主动公开政府信息情况"]
TITLES = ["广东省政务服务和数据管理局2023年政府信息公开工作年度报告", "关于2022年度政府信息公开工作的年度报告",
          "XX区人民政府2019年政府信息公开年报", "发布机构：滨河区发展和改革局", "申请人情况", "自然人", "法人或其他组织",
          "总计", "商业企业", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
FOOTERS = ["— 3 —", "- 12 -", "第 3 页", "第3页 共9页", "\f", "3"]
BLANKS = ["", "—", "-", "/", "无", "——", "－"]
SEPARATORS = ["\t", "  ", "\u3000", " ", "\t\t", "   ", ""]

digits = st.text(alphabet="0123456789", min_size=1, max_size=45)
numbers = st.one_of(
    st.integers(min_value=-5, max_value=10**7).map(str),
    digits,  # glued cells, up to past MAX_GLUED_DIGITS
    st.integers(min_value=0, max_value=10**6).map(lambda n: f"{n:,}"),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.integers(min_value=0, max_value=999).map(lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
    st.sampled_from(["85%", "1.", ".5", "1,2,3", "0.0.0", "+3", "−2", "１，０４５", "1e9", "٣٤"]),
)
piece = st.one_of(st.sampled_from(LABELS), st.sampled_from(HEADINGS), st.sampled_from(TITLES), numbers,
                  st.sampled_from(BLANKS), st.sampled_from(FOOTERS), st.text(max_size=12),
                  st.sampled_from(["。", "，", "：", "（", "）", "(", ")", "、", "；", ".", "“", "”"]))
line = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=18).map(
    lambda parts: "".join(p + sep for p, sep in parts))
report_text = st.lists(line, max_size=80).map("\n".join)


def text_target(text: str) -> None:
    document_to_report(text_to_document(text, "fuzz.txt"))


# ---------------------------------------------------------------- HTML

SPANS = ["0", "-1", "1", "2", "3", "7", "15", "100", "101", "99999", "4294967297", "abc", "", " 3 ", "1.5", "٣",
         "２", "+2", "0x10", "1e3", "9" * 5000]
span_attr = st.one_of(st.sampled_from(SPANS), st.integers(min_value=-3, max_value=300).map(str)).map(
    lambda v: v.replace('"', ""))
cell_text = st.one_of(piece, st.just(""))


def _close(tag: str, closed: bool) -> str:
    return f"</{tag}>" if closed else ""


@st.composite
def html_cell(draw, inner) -> str:
    tag = draw(st.sampled_from(["td", "th"]))
    attrs = "".join(f' {a}="{draw(span_attr)}"' for a in ("rowspan", "colspan") if draw(st.booleans()))
    body = draw(st.one_of(cell_text, inner))
    return f"<{tag}{attrs}>{body}{_close(tag, draw(st.booleans()) or draw(st.booleans()))}"


def html_table(inner) -> st.SearchStrategy[str]:
    row = st.tuples(st.lists(html_cell(inner), max_size=9), st.booleans()).map(
        lambda t: "<tr>" + "".join(t[0]) + _close("tr", t[1]))
    return st.tuples(st.lists(row, max_size=12), st.booleans(), st.sampled_from(["", "<tbody>", "<thead>"])).map(
        lambda t: f"<table border=1>{t[2]}" + "".join(t[0]) + _close("table", t[1]))


def _wrap(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tags = ["div", "p", "span", "h1", "h2", "center", "article", "font", "b", "li", "section", "td", "tr"]
    return st.one_of(
        html_table(inner),
        st.tuples(st.sampled_from(tags), st.lists(inner, max_size=4), st.booleans()).map(
            lambda t: f"<{t[0]}>" + "".join(t[1]) + _close(t[0], t[2])),
        st.sampled_from(['<div class="nav">首页 &gt; 信息公开</div>', "<br>", "<br/>", "<hr>", "<!-- 注释 -->",
                         "<script>document.write('<table><tr><td>一、本年新收政府信息公开申请数量</td><td>9</td></tr></table>')</script>",
                         "<style>td{color:red}</style>", "<![CDATA[ 1 2 3 ]]>", "&nbsp;", "&lt;td&gt;", "&#x4E00;", "</td>",
                         "</tr>", "</table>", "<title>x</title>", '<meta charset="gbk">', "<noscript>无</noscript>"]),
    )


html_fragment = st.recursive(st.one_of(piece, st.text(max_size=8)), _wrap, max_leaves=60)
report_html = st.tuples(st.sampled_from(["", "<!DOCTYPE html>", "<html><head><title>政府信息公开年报</title></head><body>"]),
                        st.lists(html_fragment, max_size=8)).map(lambda t: t[0] + "".join(t[1]))


def html_target(html: str) -> None:
    document_to_report(html_to_document(html, "fuzz.html"))


# ---------------------------------------------------------------- the glued-digit splitter

FITS = {"row_sum": row_sum_fits, "groups_sum": groups_sum_fit, "any": lambda values: True}
readings_case = st.tuples(
    st.lists(st.one_of(digits, st.text(alphabet="0123456789", min_size=1, max_size=4), numbers), min_size=1, max_size=8),
    st.sampled_from([1, 2, 3, 4, 7, 8, 15]),
    st.sampled_from(sorted(FITS)),
    st.sampled_from([1, 2, 50, 10_000]),
)


def readings_target(tokens: List[str], width: int, fits: str, limit: int) -> None:
    out = tokens_to_readings(tokens, width, FITS[fits], limit=limit)
    assert len(out) <= limit and all(len(r) == width for r in out), out


# ---------------------------------------------------------------- PDF bytes


@lru_cache(maxsize=1)
def base_pdfs() -> Tuple[bytes, ...]:
    """Small PDFs printed as Word and WPS do (prose, a ruled table, a rules-only one), as bytes."""
    from test_pdf_reader import FONT_PATH, prose_and_table_pdf

    if not FONT_PATH.exists():
        return ()
    folder = Path(tempfile.mkdtemp(prefix="fuzz-pdf-"))
    return tuple(prose_and_table_pdf(folder / f"{rules}.pdf", rules).read_bytes() for rules in ("grid", "hrules"))


@st.composite
def mutated_pdf(draw) -> bytes:
    """A base PDF with some bytes overwritten, chunks removed or repeated, and now and then cut short."""
    data = bytearray(draw(st.sampled_from(base_pdfs())))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        how = draw(st.sampled_from(["byte", "run", "delete", "repeat", "digit"]))
        # Past the %PDF- header and before the %%EOF trailer (a file without those is refused
        # before it is parsed; the cut below still takes the trailer off now and then).
        i = draw(st.integers(min_value=min(16, len(data) - 1), max_value=max(len(data) - 512, min(16, len(data) - 1))))
        if how == "byte":
            data[i] = draw(st.integers(min_value=0, max_value=255))
        elif how == "run":
            data[i:i + 1] = draw(st.binary(min_size=1, max_size=64))
        elif how == "delete":
            del data[i:i + draw(st.integers(min_value=1, max_value=400))]
        elif how == "repeat":
            data[i:i] = data[i:i + draw(st.integers(min_value=1, max_value=200))] * draw(st.integers(1, 50))
        elif how == "digit" and chr(data[i]).isdigit():
            data[i] = ord(draw(st.sampled_from("0123456789")))
    if draw(st.integers(min_value=0, max_value=9)) == 7:  # now and then, a download cut short
        del data[draw(st.integers(min_value=0, max_value=len(data) - 1)):]
    return bytes(data) or b"%PDF-"


def pdf_target(data: bytes, folder: Optional[Path] = None) -> None:
    folder = folder or Path(tempfile.gettempdir())
    path = folder / f"fuzz-{threading.get_ident()}.pdf"
    path.write_bytes(data)
    try:
        document_to_report(path_to_document(path, Settings(page_seconds=PAGE_S)))
    finally:
        path.unlink(missing_ok=True)


#: name → (strategy, target, how to write a failing input to a file)
TARGETS: Dict[str, Tuple[st.SearchStrategy, Callable, Callable[[object], bytes]]] = {
    "text": (report_text, text_target, lambda x: x.encode("utf-8", "surrogatepass")),
    "html": (report_html, html_target, lambda x: x.encode("utf-8", "surrogatepass")),
    "numbers": (readings_case, lambda case: readings_target(*case), lambda x: repr(x).encode("utf-8")),
    "pdf": (mutated_pdf(), pdf_target, lambda x: x),
}
