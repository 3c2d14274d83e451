# Every target sets itself up: a fresh clone needs only Python 3.11 and make.
# Run `make help` for the list.
PYTHON  ?= python3.11
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
SITE    ?= site
PYTEST_ARGS ?=
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup browser build serve test test-fast readability linkcheck-external clean
.PHONY: review-report changelog-check pdf
.PHONY: bench
.PHONY: literacy-report

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 22

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (and python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(STAMP) ## Create .venv and install the pinned Python packages

browser: ## Make sure a Chromium is installed (Debian's package; needs root or sudo)
	@bash scripts/ensure-chromium.sh

build: setup ## Strict build of the site into site/
	$(PY) -m mkdocs build --strict --site-dir $(SITE)

serve: build ## Build, then serve the handbook on http://127.0.0.1:8000/ketamine-handbook/
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: setup browser ## Set up everything, then run the whole test suite (and zizmor on the workflows)
	$(VENV)/bin/zizmor --offline --min-severity high .github/workflows
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup ## The tests that need no browser, and zizmor (offline) on the workflows
	$(VENV)/bin/zizmor --offline --min-severity high .github/workflows
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

readability: setup ## Reading grades per chapter (fails above the limits)
	$(PY) scripts/readability.py

literacy-report: setup ## Per chapter: main message, unexplained terms, comparisons, frequency words, instructions without a reason
	$(PY) scripts/literacy_report.py --details

linkcheck-external: build ## Check external https links online (opt-in; needs the internet)
	$(PY) scripts/linkcheck_external.py $(SITE)

PAPER ?= a4
pdf: build ## Build, then print site/pdf/ketamine-handbook.pdf and consent-checklist.pdf (PAPER=letter for US Letter)
	$(PY) scripts/make_pdf.py --site-dir $(SITE) --paper $(PAPER)

DAYS ?= 90
review-report: setup ## Pages due for clinical review within DAYS days (default 90), and overdue ones
	$(PY) scripts/review_report.py --days $(DAYS)

BASE ?= main
changelog-check: ## Does this branch add a CHANGELOG.md line for its content changes? (BASE=main)
	$(PYTHON) scripts/check_changelog.py --base $(BASE)

BENCH_ARGS ?=
bench: setup browser ## Benchmark (not a test): Lighthouse mobile scores, KiB and FCP/LCP per page vs plain Material; build time
	@command -v npm >/dev/null || { echo "make bench needs Node.js 18.20+ and npm (Lighthouse 12.2.3)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	CHROME_PATH=$${CHROMIUM:-/usr/bin/chromium} $(PY) scripts/bench.py $(BENCH_ARGS)

clean: ## Remove the built site and caches
	rm -rf $(SITE) .pytest_cache
