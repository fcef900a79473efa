# Two commands for a fresh machine: `make demo` and `make test`. Both build .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEMO_DB ?= demo.db

.PHONY: demo test bench lint venv dev clean train-ner train-quotes browser postgres

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=26"

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# Tests run the Ray engine on a local Ray cluster, so the dev install includes the ray extra.
$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev,ray]"
	touch $(STAMP) $@

venv: $(STAMP)
dev: $(DEVSTAMP)

# The demo ends with what the product is for: the ranked situation, the top story, and the web UI.
demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	OMP_NUM_THREADS=1 $(BIN)/lagebild ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/lagebild search "Hafen" --db $(DEMO_DB) --limit 5
	$(BIN)/lagebild stories --db $(DEMO_DB) --limit 8
	@TOP=$$($(BIN)/lagebild stories --db $(DEMO_DB) --json --limit 1 | $(BIN)/python -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])') && \
	  echo && echo "== lagebild story $$TOP --db $(DEMO_DB)" && $(BIN)/lagebild story $$TOP --db $(DEMO_DB)
	@$(BIN)/python -c 'from lagebild.i18n import t; print(); print(t("cli.open_web", cmd="$(BIN)/lagebild", db="$(DEMO_DB)"))'

# Browser tests use Debian's chromium; install it when we can (root with apt), else those tests skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: browser tests will be skipped"; }

# The PostgreSQL store tests start a throwaway server from Debian's postgresql-15 binaries; install them when we can.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null && \
	   sed -i 's/^#*\s*create_main_cluster.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf && \
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null) || \
	  echo "postgresql-15 not installed: PostgreSQL store tests will be skipped"; }

test: $(DEVSTAMP) browser postgres
	$(BIN)/python -m pytest -q

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(DEVSTAMP)
	$(BIN)/python bench/run_all.py

# Re-train the committed models from ../shared/data (never its test sets).
train-ner: $(DEVSTAMP)
	$(BIN)/pip install -q -e ".[train]"
	OMP_NUM_THREADS=1 $(BIN)/python scripts/train_ner.py --lang de --set train.epochs=3
	OMP_NUM_THREADS=1 $(BIN)/python scripts/train_ner.py --lang en --set train.epochs=3

train-quotes: $(DEVSTAMP)
	OMP_NUM_THREADS=1 $(BIN)/python scripts/train_quotes.py

clean:
	rm -rf $(VENV) *.db *.db-wal *.db-shm .pytest_cache .mypy_cache .ruff_cache
