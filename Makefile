# Tavazon: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint format bench install install-dev messages serve worker clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
	$(PY) manage.py compiletranslations

install-dev: $(VENV)/.installed-dev
	$(PY) manage.py compiletranslations

# DEBUG off, static files through WhiteNoise, a local secret key in var/ (scripts/serve-local.sh);
# `DEBUG=True make run` for Django's development mode.
run: install
	./scripts/serve-local.sh

# pytest-xdist: one worker per CPU, each with its own test database (README, "Tests").
# `make test TEST_WORKERS=0` runs the suite in one process.
TEST_WORKERS ?= auto

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install-dev
	$(PY) manage.py makemessages -l fa --ignore=.venv --ignore=staticfiles --ignore=test-artifacts --ignore=media --ignore=var --no-obsolete
	$(PY) manage.py compiletranslations

bench: install-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles var .pytest_cache .ruff_cache .mypy_cache
