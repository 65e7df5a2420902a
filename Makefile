# Two commands for a fresh machine: `make run` (site on SQLite with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider -n 2

.PHONY: run test setup system-packages db test-sqlite test-postgres clean

run: setup db
	$(FLASK) run --host 127.0.0.1 --port 5000

test: system-packages setup
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

system-packages:
	./scripts/install-system-packages.sh

db: setup
	$(FLASK) db upgrade
	$(FLASK) build-gazetteer
	$(FLASK) seed

test-sqlite: setup
	$(PYTEST) tests -q

test-postgres: setup
	./scripts/with-postgres.sh $(PYTEST) tests -q

clean:
	rm -rf $(VENV) instance
