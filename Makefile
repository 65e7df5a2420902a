# Two commands for a fresh machine: `make run` (site and mail worker on SQLite with demo data) and `make test`.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
# loadgroup: tests marked xdist_group (tests/scale's servers) stay in one worker; the rest spread as usual.
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist loadgroup

.PHONY: run serve test lint setup setup-dev system-packages db claims-model test-sqlite test-postgres clean

# Runtime packages only (requirements.txt), the database with demo data, then the site and the worker.
run: setup db claims-model
	@$(MAKE) --no-print-directory serve

# The site and the worker (delivers mail, runs the reminders and badge refresh) together; Ctrl-C stops both.
serve:
	@$(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: system-packages setup-dev claims-model
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

# The test tools on top of the runtime packages (requirements-dev.txt includes requirements.txt).
$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The floors of ../shared/ARCHITECTURE.md, as the import-linter contract in .importlinter.
lint: setup-dev
	$(BIN)/lint-imports --no-cache

# The claims classifier, trained from the corpus's train split with a fixed seed (never downloaded).
CLAIMS_MODEL := instance/claims_model.joblib
claims-model: $(CLAIMS_MODEL)

$(CLAIMS_MODEL): compliance/claims_corpus/corpus.csv compliance/claims_model.py | $(VENV)/.runtime
	$(FLASK) train-claims

system-packages:
	./scripts/install-system-packages.sh

db: setup
	$(FLASK) db upgrade
	$(FLASK) build-gazetteer
	$(FLASK) check-addresses --unchecked
	$(FLASK) seed

test-sqlite: setup-dev
	$(PYTEST) tests -q

test-postgres: setup-dev
	./scripts/with-postgres.sh $(PYTEST) tests -q

clean:
	rm -rf $(VENV) instance
