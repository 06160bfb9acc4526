# Roundtable. `make run` serves the site with demo data; `make test` runs the tests.
# Needs only Python 3.11+; everything else is installed into .venv.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format worker beat bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Roundtable needs Python 3.11 or newer; set PYTHON=python3.11 (or newer).")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Two worker processes (pytest-xdist), one per core of the CI machine; the browser tests
# run one after another in one of them, so the run ends with one busy (2,180 tests in
# 23 min 40 s on 2026-12-06, against 1,884 in 26 min 53 s in one). tests/scheduling.py
# decides which worker runs which tests; each worker has its own test database and Redis
# databases. `.venv/bin/python -m pytest path/to/test.py`
# runs in one process as before.
test: install
	$(BIN)/python -m pytest -n 2

# Figures at scale: listing and shortlist; payments; the equality dashboard; pages under
# load with wrk against gunicorn (needs DATABASE_URL on PostgreSQL; CACHE_URL on Redis
# as in production). wrk is Debian's package, installed when missing.
bench: install
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python benchmarks/listing_and_shortlist.py
	$(BIN)/python benchmarks/payments.py
	$(BIN)/python benchmarks/equality_dashboard.py
	$(BIN)/python benchmarks/training.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/load.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Background work with a real broker (set CELERY_BROKER_URL first, e.g. redis://127.0.0.1:6379/0).
worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO --schedule=$(VENV)/celerybeat-schedule

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache
