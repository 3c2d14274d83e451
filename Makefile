# Every target sets itself up: a fresh clone needs only Python 3.11 and make.
# Run `make help` for the list.
PYTHON  ?= python3.11
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
SITE    ?= site
PYTEST_ARGS ?=
# Both cores: the browser tests of one page stay on one worker (tests/conftest.py), the rest spread.
XDIST ?= -n 2 --dist loadgroup
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup browser build check serve test test-fast readability linkcheck-external clean
.PHONY: review-report changelog-check pdf review-diff release-check
.PHONY: bench lock lint properdocs-compare
.PHONY: literacy-report validate-html

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 22

# Installs exactly the locked versions, each checked against its hash (requirements.lock,
# compiled from requirements.txt by `make lock`), then the handbook package itself, editable
# (no build isolation: nothing is downloaded without a hash; Python 3.11's venv has setuptools).
$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (and python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

# The W3C Nu HTML checker, pinned with its hash in tools/nu/package-lock.json (its own small
# package, so this never installs Lighthouse); it runs on the system Java 17+. --ignore-scripts:
# vnu-jar's postinstall would otherwise fetch a Java runtime from GitHub, unpinned.
VNU_JAR := tools/nu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): tools/nu/package.json tools/nu/package-lock.json
	@command -v npm >/dev/null || { echo "make validate-html needs Node.js and npm (vnu-jar 26.9.27)"; exit 1; }
	cd tools/nu && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

setup: $(STAMP) ## Create .venv, install the pinned Python packages and the handbook package (editable)

browser: ## Make sure a Chromium is installed (Debian's package; needs root or sudo)
	@bash scripts/ensure-chromium.sh

build: setup ## Strict build of the site into site/
	$(PY) -m mkdocs build --strict --site-dir $(SITE)

check: build ## Build, then run every gate that reads built HTML on it (`python -m handbook check`)
	$(PY) -m handbook check $(SITE)

serve: build ## Build, then serve the handbook on http://127.0.0.1:8000/ketamine-handbook/
	$(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: setup browser check $(VNU_JAR) ## Set up everything, build and check the site, zizmor on the workflows, then the whole test suite (incl. the Nu checker)
	$(VENV)/bin/zizmor --offline --min-severity high .github/workflows
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

PROPERDOCS_VENV ?= .venv-properdocs
PROPERDOCS_SITE ?= site-properdocs
# ProperDocs reads mkdocs.yml and Material's `mkdocs.*` imports through its own alias; the real
# mkdocs package (a dependency of Material) is removed so nothing else can answer.
$(PROPERDOCS_VENV)/.installed: requirements-properdocs.lock pyproject.toml
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements-properdocs.lock
	$(PROPERDOCS_VENV)/bin/pip uninstall --quiet --yes mkdocs
	$(PROPERDOCS_VENV)/bin/pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

properdocs-compare: setup $(PROPERDOCS_VENV)/.installed ## Build with MkDocs and with ProperDocs 1.6.7; check both; compare pages and main text
	@# One build date for both (SOURCE_DATE_EPOCH), so the edition line cannot differ at midnight.
	export SOURCE_DATE_EPOCH=$$(date +%s) && \
	$(PY) -m mkdocs build --strict --quiet --site-dir $(SITE) && \
	$(PROPERDOCS_VENV)/bin/properdocs build --strict --quiet -f mkdocs.yml -d $(PROPERDOCS_SITE)
	$(PY) -m handbook check $(SITE)
	$(PY) -m handbook check $(PROPERDOCS_SITE)
	$(PY) scripts/compare_builds.py $(SITE) $(PROPERDOCS_SITE)

lint: setup ## ruff (configured in pyproject.toml)
	$(PY) -m ruff check .

lock: ## Re-compile both lock files (with hashes) from requirements*.txt; needs PyPI
	$(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-find-links --no-emit-index-url -o requirements.lock requirements.txt
	.venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-find-links --no-emit-index-url -o requirements-properdocs.lock requirements-properdocs.txt
	rm -rf .venv-lock

test-fast: setup lint ## The tests that need no browser (and ruff, and zizmor offline on the workflows)
	$(VENV)/bin/zizmor --offline --min-severity high .github/workflows
	$(PY) -m pytest $(XDIST) -m "not browser" $(PYTEST_ARGS)

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
REVIEW_ARGS ?=
review-report: setup ## Pages due for clinical review within DAYS days (default 90), and overdue ones (REVIEW_ARGS=--fail-if-due to exit 1)
	$(PY) scripts/review_report.py --days $(DAYS) $(REVIEW_ARGS)

BASE ?= main
changelog-check: ## Does this branch add a CHANGELOG.md line for its content changes? (BASE=main)
	$(PYTHON) scripts/check_changelog.py --base $(BASE)

review-diff: setup ## For clinical reviewers: what changed for readers since BASE (default main) -> $(SITE)/review-diff.md
	$(PY) scripts/review_diff.py --base $(BASE) --out $(SITE)/review-diff.md --pdf-dir $(SITE)/pdf

TAG ?=
release-check: setup ## Do mkdocs.yml extra.edition, its CHANGELOG.md section and TAG (edition-YYYY.N) agree?
	$(PY) scripts/release.py check $(if $(TAG),--tag $(TAG))

BENCH_ARGS ?=
bench: setup browser ## Benchmark (not a test): Lighthouse mobile scores, KiB and FCP/LCP per page vs plain Material; build time
	@command -v npm >/dev/null || { echo "make bench needs Node.js 18.20+ and npm (Lighthouse 12.2.3)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	CHROME_PATH=$${CHROMIUM:-/usr/bin/chromium} $(PY) scripts/bench.py $(BENCH_ARGS)


validate-html: build $(VNU_JAR) ## W3C Nu checker on the built site: no error in the project's own markup (needs Java 17+, npm)
	@command -v java >/dev/null || { echo "make validate-html needs Java 17+ (apt-get install default-jre-headless)"; exit 1; }
	$(PY) tools/nu/validate.py $(SITE)

clean: ## Remove the built site and caches
	rm -rf $(SITE) $(PROPERDOCS_SITE) .pytest_cache
