# The two commands of the README:  make run  (set up, load the sample reports, start the product)
#                                   make test (set up, run every test)
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STORE ?= ./data

.PHONY: run test setup system bench clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	# torch first, from its pinned CPU wheel: an unpinned torch pulls gigabytes of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/.installed system

# System packages the tests need: a CJK font for generated PDFs, poppler for page images.
system:
	@bash scripts/system-packages.sh

run: setup
	$(BIN)/python -m ingest samples --store $(STORE)
	REPORTS_STORE=$(STORE) $(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) data .pytest_cache
