# The two commands of the README:  make run  (set up, load the sample reports, start the product)
#                                   make test (set up, run every test)
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STORE ?= ./data

.PHONY: run test setup system system-tests bench clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	# torch first, from its pinned CPU wheel: an unpinned torch pulls gigabytes of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/.installed system

# System packages: a CJK font for generated PDFs and screenshots, poppler for page images;
# for the tests also Debian's Chromium (the end-to-end test drives the chat page in it).
system:
	@bash scripts/system-packages.sh

system-tests:
	@bash scripts/system-packages.sh --tests

run: setup
	$(BIN)/python -m ingest samples --store $(STORE)
	REPORTS_STORE=$(STORE) $(BIN)/streamlit run app.py --server.headless true --server.port 8501 --browser.gatherUsageStats false

test: setup system-tests
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) data .pytest_cache
