# Two entry points for a fresh clone:
#   make report   install into .venv, then validate, check and write tracker-report.xlsx
#   make test     install into .venv (and LibreOffice Calc when missing), then lint, type-check, test

VENV ?= .venv
DATA ?= data
AS_OF ?= 2024-06-21
OUT ?= tracker-report.xlsx
BIN = $(VENV)/bin

.PHONY: report test install libreoffice

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

report: install
	$(BIN)/tracker validate $(DATA)
	$(BIN)/tracker check $(DATA) --as-of $(AS_OF)
	$(BIN)/tracker report $(DATA) --as-of $(AS_OF) -o $(OUT)

libreoffice:
	@{ command -v soffice && command -v pdftotext; } >/dev/null 2>&1 || { \
	  echo "installing LibreOffice Calc and poppler-utils (rendering) for the spreadsheet tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-calc-nogui poppler-utils >/dev/null) || echo "could not install them"; }

test: install libreoffice
	$(BIN)/ruff check tracker tests bench
	$(BIN)/ruff format --check tracker tests bench
	$(BIN)/mypy --strict tracker
	$(BIN)/pytest
