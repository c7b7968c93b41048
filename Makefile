# Sampark — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install web web-test lint typecheck pytest pytest-sqlite pytest-postgres clean

run: install web
	$(BIN)/sampark serve

test: install lint typecheck pytest web-test

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web app (web/): built into web/dist, which `sampark serve` serves at /.
web:
	@if [ -f web/package.json ]; then cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && npm run build; fi

# tsc, lint, unit tests, stale-API-types check, build, first-route size and the Playwright
# journeys against a real server. Playwright drives Debian's Chromium (it cannot download its own).
web-test: install
	@if [ -f web/package.json ]; then \
	  if [ ! -x /usr/bin/chromium ]; then \
	    SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	    $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium fonts-lohit-beng-bengali fonts-lohit-deva; \
	  fi; \
	  cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund && npm test; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

pytest: pytest-sqlite pytest-postgres

pytest-sqlite: install
	env -u SAMPARK_TEST_DATABASE_URL $(BIN)/pytest -n 3 --dist worksteal

pytest-postgres: install
	@if [ -n "$$SAMPARK_TEST_DATABASE_URL" ]; then $(BIN)/pytest -n 3 --dist worksteal; else echo "SAMPARK_TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

clean:
	rm -rf $(VENV) web/node_modules web/dist
