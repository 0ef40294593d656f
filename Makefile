# Storywerk: `make run` serves the demo site, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Django 6 needs Python >= 3.12: the newest interpreter found on PATH (or under pyenv) wins.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$c; break; fi; done)

.PHONY: help install run test test-e2e check-html lint format messages migrate demo scheduler bench bench-checks bench-cluster bench-tools soak screenshots lighthouse clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Storywerk needs Python >= 3.12 (Django 6). Install python3.12 or newer and retry." >&2; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install everything

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate ## Migrate and load the demo content
	$(PY) manage.py seed_demo

# Links the site emits (feeds, sitemap, share links, emails) name this address; migrate writes
# it onto the default Wagtail Site. Set SITE_URL to override (production: the public https URL).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: demo ## Serve the demo site (SQLite) on http://127.0.0.1:$(PORT) with the scheduler
	@echo "Storywerk on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@$(PY) manage.py run_scheduler & SCHED=$$!; trap "kill $$SCHED 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

scheduler: install ## Run only the scheduler
	$(PY) manage.py run_scheduler

test: install ## Run the whole test suite (pytest)
	$(PY) -m pytest

test-e2e: install ## Run only the real-browser journeys
	$(PY) -m pytest tests/e2e

check-html: install ## Nu HTML Checker over the public pages in German and English (needs Java: apt-get install default-jre-headless)
	STORYWERK_REQUIRE_HTML_CHECK=1 $(PY) -m pytest tests/cms/test_valid_html.py -q

lint: install ## ruff check + format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Our own code only: tests, tooling and generated folders carry no user-facing strings.
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=scripts --ignore=bench --ignore=staticfiles --ignore=media --ignore=.test-media --ignore=docs

messages: install ## Update locale/de/LC_MESSAGES/django.po from the code and compile the .mo (needs GNU gettext)
	@command -v xgettext >/dev/null || { echo "make messages needs GNU gettext (apt-get install gettext)" >&2; exit 1; }
	$(PY) manage.py makemessages -l de --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l de --ignore=.venv
	@echo "Now translate every empty msgstr in locale/de/LC_MESSAGES/django.po and run make messages again."

screenshots: install ## Start the demo site on port 8106 and save PNGs into docs/screenshots/
	$(PY) scripts/screenshots.py

LIGHTHOUSE_VERSION := 12.8.2
lighthouse: install ## Lighthouse scores (gunicorn + WhiteNoise, production settings) on port 8120; see docs/public-site.md
	@command -v npm >/dev/null || { echo "make lighthouse needs npm (apt-get install npm)" >&2; exit 1; }
	@test -x .lighthouse/node_modules/.bin/lighthouse || npm install --prefix .lighthouse --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
	$(PY) scripts/lighthouse.py

clean: ## Remove the virtualenv, the database and caches
	rm -rf $(VENV) db.sqlite3* .test-db.sqlite3* .test-media staticfiles

# wrk drives the load of bench, bench-cluster and soak: installed from Debian when missing.
bench-tools:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "make bench/soak need wrk (apt-get install wrk)" >&2; exit 1; }

bench: install bench-tools ## Benchmark under load (gunicorn + wrk, PostgreSQL + Redis); writes bench/results.md
	$(PY) bench/run.py
	$(PY) bench/checks.py

bench-checks: install ## The checks before sending on a 2,000-word story (goal: median < 100 ms)
	$(PY) bench/checks.py

bench-cluster: install bench-tools ## Two app servers on one PostgreSQL + Redis: exact counts, purge across servers
	$(PY) bench/cluster.py

soak: install bench-tools ## Load and faults on private PostgreSQL + Redis (~10 min, root); table into docs/operations.md
	$(PY) bench/soak.py
