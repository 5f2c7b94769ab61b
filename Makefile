# Two commands matter: `make run` and `make test`. Everything else is what they build on.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CSS := lms/static/lms/css/site.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench install system-deps format clean

$(PY_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(NODE_STAMP) $(wildcard static_src/scss/*.scss)
	npm run --silent build:css

install: $(PY_STAMP) $(NODE_STAMP) $(CSS)

system-deps:
	@bash scripts/install-system-deps

# Links in emails, QR codes and the demo's Wagtail site all point at the address served.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo --site-url $$SITE_URL
	@if [ -n "$$REDIS_URL" ]; then \
		echo "REDIS_URL is set: starting a Celery worker and beat beside the site"; \
		$(VENV)/bin/celery -A lms worker --beat --loglevel=info & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		echo "No REDIS_URL: background jobs run in-process"; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

test: install system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py check

format: $(PY_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install system-deps
	$(PY) bench/run.py $(if $(ONLY),--only $(ONLY),)

clean:
	rm -rf $(VENV) node_modules staticfiles $(CSS)
