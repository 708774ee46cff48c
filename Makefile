# Two commands matter: `make run` (set up everything and serve the demo) and `make test`.
# Only Python 3.11 and git are assumed; everything else is installed into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
# `make run PORT=8001` serves on another port.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_KEY := $(VENV)/dev-secret-key
# A development run is DEBUG and binds to loopback only; production is `make serve`.
DEV_ENV = DEBUG=1 SECRET_KEY="$$(cat $(DEV_KEY))"

.PHONY: run test lint format migrations-check serve install browser-test audit clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(DEV_KEY): | $(STAMP)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $(DEV_KEY)

install: $(STAMP)

run: $(STAMP) $(DEV_KEY)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)
	SECRET_KEY=migrations-check $(BIN)/python manage.py makemigrations --check --dry-run

# Browser tests run when Debian's Chromium is installed and are skipped (with the reason
# in the summary) when it is not; PYTEST_ARGS narrows a run, e.g. PYTEST_ARGS="-m 'not browser'".
test: lint migrations-check
	$(BIN)/pytest $(PYTEST_ARGS)

browser-test: $(STAMP)
	$(BIN)/pytest -m browser tests/browser

# Lighthouse (from npm, run by npx) with Debian's Chromium on the main page types.
audit: $(STAMP)
	$(BIN)/python tests/browser/audit.py

# Production-style serving: gunicorn behind a proxy; configure through the environment (README):
# DATABASE_URL, REDIS_URL (shared cache, limits and sessions for several workers or nodes), …
serve: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn directory.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WORKERS:-3} \
		--access-logfile - --timeout 30

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis

# Requests/s and latency of the main pages on PostgreSQL with 20,000 synthetic services, via
# gunicorn and wrk (bench/README.md); needs PostgreSQL on 127.0.0.1 and wrk. About 5 minutes.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/run.py
