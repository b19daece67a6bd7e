# ROSE: the two commands are `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST_WORKERS ?= 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install lock lint static chromium migrate demo worker web clean bench help

help:
	@echo "make run   - install everything, migrate, load demo data, start the web app and a worker"
	@echo "make test  - the whole suite (SQLite by default; PostgreSQL when DATABASE_URL is set)"
	@echo "make lint  - ruff, djlint, mypy (django-stubs; strict for the dose engine), import-linter, scoping check"

# Two locks from pyproject.toml: requirements.lock (what production installs: no test tools, linters or
# Playwright) and requirements-dev.lock (the same pins plus the dev extra). `make run` and `make test`
# install both. After changing dependencies in pyproject.toml run `make lock`.
$(VENV)/.installed: pyproject.toml requirements.lock requirements-dev.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock requirements-dev.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

lock:
	$(VENV)/bin/uv pip compile --quiet pyproject.toml -o requirements.lock --python-version 3.11
	$(VENV)/bin/uv pip compile --quiet pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock \
	  --python-version 3.11

static: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=rose.config.settings.local $(MANAGE) collectstatic --noinput -v0

# Debian's chromium drives the browser tests; poppler's pdftotext checks the text of generated PDFs.
chromium:
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || \
	  (echo "Installing Debian's chromium and poppler-utils for the tests"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null)

migrate: install
	mkdir -p var
	$(MANAGE) migrate --noinput -v0

demo: migrate
	ROSE_DEMO=1 $(MANAGE) demo_data > var/demo.log

run: static demo
	@bash scripts/run.sh

# Three runs: browser tests and other tests with real transactions flush the database after each test,
# which would wipe reference data that migrations load (formulary, hub pages) for the ordinary tests.
test: install chromium
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile -m "not system and not transactional" $(PYTEST_ARGS)
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile -m "transactional and not system" $(PYTEST_ARGS)
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile -m system $(PYTEST_ARGS)

# mypy with django-stubs' plugin checks these apps (rose/medicines holds the dose engine, strict: see
# pyproject.toml). Every app is checked; a new app joins when mypy finds no error in it (docs/contributing.md).
MYPY_CHECKED := rose/accounts rose/audit rose/config rose/core rose/demo rose/hub rose/letters rose/medicines \
  rose/groups rose/messaging rose/outcomes rose/patients rose/plans rose/referrals

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check rose/medicines/engine
	$(VENV)/bin/djlint rose --lint --quiet
	$(VENV)/bin/mypy $(MYPY_CHECKED) rose/core/tests/hooks_typing.py
	$(PY) scripts/check_no_any.py
	$(PY) scripts/check_private_imports.py
	$(VENV)/bin/lint-imports
	$(PY) scripts/check_scoping.py
	DJANGO_SETTINGS_MODULE=rose.config.settings.test $(MANAGE) makemigrations --check --dry-run -v0
	bash scripts/check_deploy.sh

bench: install
	bash bench/run_all.sh

clean:
	rm -rf var/static .pytest_cache
