# Two commands for a fresh machine: `make demo` and `make test`. Both build .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO_DB ?= demo.db

.PHONY: demo test bench lint venv dev clean train-ner

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=26"

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP) $@

venv: $(STAMP)
dev: $(DEVSTAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/lagebild ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/lagebild articles --db $(DEMO_DB)
	$(BIN)/lagebild search "Hafen" --db $(DEMO_DB)

test: $(DEVSTAMP)
	$(BIN)/python -m pytest -q

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(DEVSTAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache .mypy_cache .ruff_cache
