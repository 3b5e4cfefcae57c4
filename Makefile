# tambook — the README's two set-up commands are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
ARGS ?=
STAMP := $(VENV)/.installed

.PHONY: install demo serve test lint bench up down migrate clean

# Idempotent: re-installs only when pyproject.toml changed since the last install.
install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo_bootstrap --accounts 300
	$(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

# Benchmarks run on PostgreSQL (the issue's figures); a scratch database is made and dropped.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
bench: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python bench/run.py $(ARGS)

# The production shape (needs a Docker engine): postgres, redis, web, worker, beat.
up:
	docker compose up --build -d || docker-compose up --build -d

down:
	docker compose down || docker-compose down

clean:
	rm -rf $(VENV) staticfiles tambook.sqlite3*
