# gongkai task runner. `make help` lists the targets. The first target that needs Python creates
# .venv in the repo root and installs everything (Debian packages too, when run as root).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SYSTEM_STAMP := build/.system-deps-stamp
FILINGS ?= filings
# Packages are build outputs (deployed with the site, never committed); only the sample's
# package is committed, in datapackages/, as the reviewed example `make check` regenerates.
PACKAGES ?= build/datapackages
# Filings converted at once (`make site JOBS=1`: one after the other); empty: every core.
JOBS ?=
JOBS_OPTION := $(if $(JOBS),--jobs $(JOBS))
SAMPLE := filings/changli

.DEFAULT_GOAL := help
.PHONY: help install system-deps data sample pages site real-site test test-fast check golden bench serve clean zensical-check fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) system-deps ## Create .venv and install Python and Debian dependencies

$(SYSTEM_STAMP):
	@mkdir -p build
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/pdftotext ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		echo "chromium, fonts-noto-cjk and poppler-utils present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	else \
		echo "warning: install Debian packages chromium, fonts-noto-cjk and poppler-utils (browser tests, chart fonts and the coverage report need them)"; \
	fi
	@touch $(SYSTEM_STAMP)

system-deps: $(SYSTEM_STAMP) ## Install Debian chromium, fonts-noto-cjk and poppler-utils if missing (root only)

data: $(STAMP) ## Convert every filing of filings/ into data packages + the collection in build/datapackages/
	$(BIN)/gongkai convert $(FILINGS) --out $(PACKAGES) $(JOBS_OPTION)

sample: $(STAMP) ## Refresh the committed example package datapackages/<sample> (review the diff!)
	$(BIN)/gongkai convert $(SAMPLE) --out datapackages

pages: $(STAMP) ## Write the site's Markdown pages from build/datapackages/
	$(BIN)/gongkai pages --packages $(PACKAGES)

site: $(STAMP) system-deps ## Everything: every filing -> build/datapackages -> pages -> build/site
	$(BIN)/gongkai build --filings $(FILINGS) --packages $(PACKAGES) $(JOBS_OPTION)

real-site: site ## Old name of `make site` (filings/ now holds the real filings)

test: $(STAMP) system-deps ## Run the whole test suite (builds what the tests need)
	$(BIN)/pytest -q

test-fast: $(STAMP) ## Tests without the browser and the real PDFs
	$(BIN)/pytest -q -m "not browser and not realpdf"

check: $(STAMP) ## ruff, mypy, and regenerate-and-diff of committed generated files
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/python scripts/regenerate_and_diff.py

golden: $(STAMP) ## Refresh the golden files under tests/golden/ (review the diff!)
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py tests/site -k golden

zensical-check: $(STAMP) ## Build the same docs with Zensical (the successor of MkDocs) into build/zensical
	test -x .venv-zensical/bin/zensical || ($(PYTHON) -m venv .venv-zensical && .venv-zensical/bin/pip install --quiet 'zensical>=0.0.73,<0.2')
	$(BIN)/gongkai pages --packages $(PACKAGES)
	sed 's#^site_dir: .*#site_dir: build/zensical#' mkdocs.yml > .mkdocs.zensical.yml
	.venv-zensical/bin/zensical build -f .mkdocs.zensical.yml && rm .mkdocs.zensical.yml
	grep -q "29,296.37" build/zensical/generated/filings/changli_2023_dept_budget_hrss/index.html

# Cases per fuzz test: 8 tests, the whole conversion a quarter of them, real PDFs a tenth; 16000
# make about 100,000 cases. Then CRASH_TRIALS kill -9 during `gongkai convert` and
# CRASH_BUILD_TRIALS during `gongkai build` (pages and site too). `make test`: 40, 20, 2.
FUZZ_EXAMPLES ?= 16000
CRASH_TRIALS ?= 50
CRASH_BUILD_TRIALS ?= 50
fuzz: $(STAMP) ## Long fuzz run (FUZZ_EXAMPLES per test, new cases each run) + CRASH_TRIALS kill -9 trials
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_RANDOM=1 $(BIN)/pytest -q -p no:cacheprovider tests/fuzz
	CRASH_TRIALS=$(CRASH_TRIALS) CRASH_BUILD_TRIALS=$(CRASH_BUILD_TRIALS) $(BIN)/pytest -q -p no:cacheprovider tests/test_crash_safety.py

bench: $(STAMP) ## Build a SYNTHETIC corpus of BENCH_N (100) filings in build/bench; print ratios
	$(BIN)/python scripts/bench.py

serve: ## Serve build/site on http://127.0.0.1:8000
	$(BIN)/python -m http.server --directory build/site --bind 127.0.0.1 8000

clean: ## Remove build/ (packages, site) and generated pages (datapackages/, the sample, is kept)
	rm -rf build docs/generated
