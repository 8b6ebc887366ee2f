# Set-up and checks; every target creates the virtual environment when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test test-fast check bench clean

$(BIN)/newsarchive: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/newsarchive

## demo: install, then crawl the bundled fixture web into demo.sqlite3 and export exports/demo.jsonl
demo: install
	$(BIN)/newsarchive demo

## test: install, then run every test (slow and browser ones too), as CI does
test: install
	$(BIN)/pytest -q

## test-fast: the quick tests only
test-fast: install
	$(BIN)/pytest -q -m "not slow and not browser"

## check: lint and type-check, then the tests
check: install
	$(BIN)/ruff check crawler archive tests bench
	$(BIN)/mypy crawler archive
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache demo.sqlite3*
