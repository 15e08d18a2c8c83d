"""End to end: ``streamlit run app.py`` on 127.0.0.1, driven in Debian's Chromium with Playwright.

The store holds the two sample reports (text) and the Guangdong report printed as a real PDF, so
that a figure's citation shows the PDF page with the cell's box. The test asks a figure question and
a narrative question, checks that the number and the highlighted citation are on screen, and saves
screenshots to tests/artifacts/; the figure answer's is the README's docs/screenshot-answer.png
(written when missing, or replaced with UPDATE_SCREENSHOTS=1). It never downloads a browser: it uses /usr/bin/chromium (``make test`` installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import reportgen
from storekit import free_port, ingest_files

from config import Settings

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SHOT = ROOT / "docs" / "screenshot-answer.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking"]
FIGURE_Q = "广东省政数局2023年部分公开了多少件？"
NARRATIVE_Q = "“粤省事”微信公众号粉丝数是多少？"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's Chromium is not installed at /usr/bin/chromium "
                                       "(make test installs it: scripts/system-packages.sh)")


def embedding_model() -> str:
    """The small packaged model: the page loads a model (and shows no notice) without the network."""
    from index.embed import packaged_test_model

    return packaged_test_model() or "/nonexistent/embedding-model"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The chat page on a free port of 127.0.0.1, over a store of the samples and a Guangdong PDF."""
    folder = tmp_path_factory.mktemp("e2e")
    store = folder / "store"
    gold = ROOT / "tests" / "fixtures" / "gold" / "seed_guangdong_2023.json"
    pdf = reportgen.render_pdf(reportgen.spec_from_seed(ROOT / "samples" / "seed_guangdong_2023.txt", gold), "ruled",
                               folder / "seed_guangdong_2023.pdf")
    model = embedding_model()
    results = ingest_files(sorted((ROOT / "samples").glob("*.txt")) + [pdf],
                           Settings.from_env(store=str(store), embedding_model=model))
    # The PDF is the same body's report of the same year as the sample text: it takes its place.
    assert [r["status"] for r in results] == ["ingested", "ingested", "replaced"], results

    port = free_port()
    env = dict(os.environ, REPORTS_STORE=str(store), REPORTS_EMBEDDING_MODEL=model, HF_HUB_OFFLINE="1",
               STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    log = open(folder / "streamlit.log", "wb")
    streamlit = Path(sys.executable).with_name("streamlit")
    proc = subprocess.Popen([str(streamlit), "run", "app.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{(folder / 'streamlit.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer within 90 s:\n{(folder / 'streamlit.log').read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)
        log.close()
        # The server's log, for a person looking into a failure.
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "streamlit.log", ARTIFACTS / "streamlit.log")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def ask(page, question: str):
    """Type a question in the chat box, send it, and return the locator of its answer."""
    before = page.locator('[data-testid="stChatMessage"]').count()
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.fill(question)
    box.press("Enter")
    messages = page.locator('[data-testid="stChatMessage"]')
    messages.nth(before + 1).wait_for(timeout=60_000)
    return messages.nth(before + 1)


def scroll_to_top(page, locator) -> None:
    """Scroll so that the element stands at the top of the window, below the page's header."""
    for _ in range(2):  # again once the page has settled (images loading move what follows them)
        locator.evaluate("el => { el.style.scrollMarginTop = '70px'; el.scrollIntoView({block: 'start'}); }")
        page.wait_for_timeout(400)


def test_figure_and_narrative_answers_with_their_citations(server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("政府信息公开年报问答").first.wait_for(timeout=90_000)
    page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "01-page.png"))

    # A figure: the number, and its cell highlighted in the table and boxed on the PDF page.
    answer = ask(page, FIGURE_Q)
    assert "部分公开 4件" in answer.inner_text()
    cite = answer.locator('[data-testid="stExpander"]').filter(has_text="单元格").first
    label = cite.locator("summary")
    for part in ("表三", "部分公开", "总计", "第4页"):
        assert part in label.inner_text()
    label.click()
    cell = cite.locator("td.hl")
    cell.wait_for(state="visible", timeout=30_000)
    assert cell.count() == 1 and cell.inner_text().strip() == "4"
    assert cell.get_attribute("data-address") == "t3.partial.total"
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 224, 102)"
    image = cite.locator('[data-testid="stImage"] img')
    image.wait_for(state="visible", timeout=30_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 500
    # The title, the question, the answer and its open citation on screen: the README's screenshot.
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
    page.wait_for_timeout(500)
    shot = ARTIFACTS / "02-figure-answer.png"
    page.screenshot(path=str(shot))
    page.set_viewport_size({"width": 1600, "height": 1800})  # the whole citation, table and page
    page.wait_for_timeout(500)
    cite.screenshot(path=str(ARTIFACTS / "03-figure-citation.png"))
    page.set_viewport_size({"width": 1600, "height": 1000})

    # A narrative question: the figure from the text, the sentence marked in its passage.
    answer = ask(page, NARRATIVE_Q)
    assert "3514" in answer.inner_text()
    mark = answer.locator(".psg mark").first
    mark.wait_for(state="visible", timeout=30_000)
    assert "粉丝数突破 3514 万" in mark.inner_text()
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 224, 102)"
    scroll_to_top(page, page.locator('[data-testid="stChatMessage"]').nth(2))
    page.screenshot(path=str(ARTIFACTS / "04-narrative-answer.png"))
    assert not errors, errors

    assert 20_000 < shot.stat().st_size < 400_000
    if not README_SHOT.exists() or os.environ.get("UPDATE_SCREENSHOTS") == "1":
        # Only when asked (or missing): a run of the tests must not change a committed file.
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, README_SHOT)
    page.close()
