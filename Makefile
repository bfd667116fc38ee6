# Two entry points for a fresh clone:
#   make report   install the tracker into .venv, then validate, check and write tracker-report.xlsx
#   make test     install it with the test tools (and the Debian packages they need when
#                 missing), then lint, type-check, test

VENV ?= .venv
DATA ?= data
AS_OF ?= 2024-06-24
OUT ?= tracker-report.xlsx
BIN = $(VENV)/bin
# the tests' Debian packages: LibreOffice Calc and pdftotext recalculate and render the
# workbooks (Carlito, metric-compatible with Calibri, so that they print as Excel prints
# them); ICU, pkg-config and g++ build PyICU, which the followthemoney validator needs;
# chromium is the browser the page's tests drive (through Playwright, which downloads nothing)
PACKAGES = libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito libicu-dev pkg-config g++ \
  chromium

.PHONY: report test install dev system

install: $(VENV)/.installed

dev: $(VENV)/.dev

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed | system
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

report: install
	$(BIN)/tracker validate $(DATA)
	$(BIN)/tracker check $(DATA) --as-of $(AS_OF)
	$(BIN)/tracker report $(DATA) --as-of $(AS_OF) -o $(OUT)

system:
	@{ command -v soffice && command -v pdftotext && command -v g++ && command -v chromium \
	   && pkg-config --exists icu-uc && fc-list | grep -q Carlito; } >/dev/null 2>&1 || { \
	  echo "installing the Debian packages the tests need: $(PACKAGES)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $(PACKAGES) >/dev/null) || echo "could not install them"; }

test: dev
	$(BIN)/ruff check tracker tests bench
	$(BIN)/ruff format --check tracker tests bench
	$(BIN)/mypy --strict tracker
	$(BIN)/pytest -n auto --dist loadfile
