# Sampark — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install web web-deps web-test web-check web-e2e lint typecheck pytest pytest-sqlite pytest-postgres clean

run: install web
	$(BIN)/sampark serve

# Quick checks first (ruff, mypy, the web app's tsc/Biome/Vitest/build: about two minutes), then
# pytest on each database, then the browser journeys. Each step runs once per `make test`.
test: install lint typecheck web-check pytest web-e2e

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web app's packages: `npm ci` again only when package.json or the lock file changed.
WEB_STAMP := web/node_modules/.installed
web-deps: $(if $(wildcard web/package.json),$(WEB_STAMP))

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $(WEB_STAMP)

# The web app (web/): built into web/dist, which `sampark serve` serves at /.
web: web-deps
	@if [ -f web/package.json ]; then cd web && npm run build; fi

# tsc, lint, unit tests, stale-API-types check, build, first-route size; then the Playwright
# journeys against a real server. Playwright drives Debian's Chromium (it cannot download its own).
web-test: web-check web-e2e

web-check: install web-deps
	@if [ -f web/package.json ]; then cd web && npm test -- --checks; fi

# After web-check (which builds web/dist, the app the journeys' server serves).
web-e2e: web-check
	@if [ -f web/package.json ]; then \
	  if [ ! -x /usr/bin/chromium ]; then \
	    SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	    $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium fonts-lohit-beng-bengali fonts-lohit-deva; \
	  fi; \
	  cd web && npm test -- --e2e; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

pytest: pytest-sqlite pytest-postgres

# When the PostgreSQL pass follows, it runs the schema fuzzer's full count of cases (the stricter
# database); the SQLite pass then runs 10 per operation instead of 25 (tests/test_fuzz.py).
pytest: SQLITE_FUZZ := $(if $(SAMPARK_TEST_DATABASE_URL),SAMPARK_FUZZ_EXAMPLES=10)

pytest-sqlite: install
	env -u SAMPARK_TEST_DATABASE_URL $(SQLITE_FUZZ) $(BIN)/pytest -n 3 --dist worksteal

pytest-postgres: install
	@if [ -n "$$SAMPARK_TEST_DATABASE_URL" ]; then $(BIN)/pytest -n 3 --dist worksteal; else echo "SAMPARK_TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

clean:
	rm -rf $(VENV) web/node_modules web/dist
