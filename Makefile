# Two entry points for a fresh clone:
#   make report   install the tracker into .venv, then validate, check and write tracker-report.xlsx
#   make test     install it with the test tools (and the Debian packages they need when
#                 missing), then lint, type-check, test

VENV ?= .venv
DATA ?= data
AS_OF ?= 2024-06-24
OUT ?= tracker-report.xlsx
BIN = $(VENV)/bin
# what building the tracker needs: ICU, pkg-config and g++ build PyICU (normality, under the
# screening's rigour, imports it; it publishes no wheels)
BUILD_PACKAGES = libicu-dev pkg-config g++
# the tests' Debian packages: LibreOffice Calc and pdftotext recalculate and render the
# workbooks (Carlito, metric-compatible with Calibri, so that they print as Excel prints
# them); chromium is the browser the page's tests drive (through Playwright, which downloads
# nothing)
PACKAGES = libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito chromium

.PHONY: report test install dev system build-tools

install: $(VENV)/.installed

dev: $(VENV)/.dev

$(VENV)/.installed: pyproject.toml | build-tools
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

build-tools:
	@{ command -v g++ && pkg-config --exists icu-uc; } >/dev/null 2>&1 || { \
	  echo "installing the Debian packages that building PyICU needs: $(BUILD_PACKAGES)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $(BUILD_PACKAGES) >/dev/null) || echo "could not install them"; }

system:
	@{ command -v soffice && command -v pdftotext && command -v chromium \
	   && fc-list | grep -q Carlito; } >/dev/null 2>&1 || { \
	  echo "installing the Debian packages the tests need: $(PACKAGES)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    $(PACKAGES) >/dev/null) || echo "could not install them"; }

test: dev
	$(BIN)/ruff check tracker tests bench
	$(BIN)/ruff format --check tracker tests bench
	$(BIN)/mypy --strict tracker
	$(BIN)/pytest -n auto --dist loadfile
