# Two commands on a fresh machine: `make run` serves the app, `make test` proves it.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
BIN := $(VENV)/bin
SERVICE := services/users
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := cd $(SERVICE) && $(BIN)/flask --app users.wsgi
INSTALLED := $(VENV)/.installed

.PHONY: run test lint typecheck migrate seed recreate-db docs clean help

help:
	@echo "make run    - set up and serve on $$HOST:$$PORT (default 127.0.0.1:5000)"
	@echo "make test   - set up and run lint, type checks and the whole test suite"
	@echo "make docs   - regenerate services/users/openapi.json; the docs are at /docs"

$(INSTALLED): $(SERVICE)/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e "$(SERVICE)[dev]"
	touch $@

migrate: $(INSTALLED)
	$(FLASK) db upgrade

run: migrate
	$(FLASK) run --host $(HOST) --port $(PORT)

seed: migrate
	$(FLASK) seed-db

recreate-db: $(INSTALLED)
	$(FLASK) recreate-db

lint: $(INSTALLED)
	cd $(SERVICE) && $(BIN)/ruff check . && $(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	cd $(SERVICE) && $(BIN)/mypy

# Debian's Chromium for tests/browser (Playwright drives it; it never downloads a browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: lint typecheck lint-deploy $(CHROMIUM)
	cd $(SERVICE) && $(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS)

# Regenerate the checked-in OpenAPI spec (a test fails while it differs from the code).
docs: $(INSTALLED)
	$(FLASK) spec --output openapi.json --quiet
	@echo "Wrote $(SERVICE)/openapi.json. With the app running: http://$(HOST):$(PORT)/docs (Swagger UI), http://$(HOST):$(PORT)/openapi.json"

clean:
	rm -rf $(VENV) $(SERVICE)/instance

# Deployment checks (`lint-deploy`, `e2e`) and the benchmark (`bench`) live beside their files.
-include deploy/deploy.mk
-include bench/bench.mk
