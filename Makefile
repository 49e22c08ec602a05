# The two commands that matter: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install run test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)

run: install
	@echo "Loading the demo homes (config/demo-homes.csv)…"
	$(BIN)/swcu homes import config/demo-homes.csv
	@echo "Loading today's demo vacancies (config/demo-vacancies.csv)…"
	$(BIN)/swcu vacancy load config/demo-vacancies.csv
	$(BIN)/swcu serve

test: $(TEST_STAMP)
	$(BIN)/ruff check bot tests
	$(BIN)/mypy bot
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check bot tests

typecheck: $(TEST_STAMP)
	$(BIN)/mypy bot

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
