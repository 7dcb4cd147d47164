# Two commands a newcomer needs: `make run` and `make test`. Both need only Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev migrate demo lint format messages static browser-deps clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

install-dev: $(BIN)/.installed-dev

## messages: compile the translations (locale/*/LC_MESSAGES/*.po) into .mo files
messages: install
	$(BIN)/python scripts/compile_messages.py

migrate: install messages
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

## run: install, migrate, load the real demo data, print the curator login, serve on http://$(HOST)
run: demo
	$(BIN)/python manage.py runserver $(HOST)

## test: the whole suite (SQLite by default; set DATABASE_URL for PostgreSQL), on TEST_WORKERS
## processes (pytest-xdist; TEST_WORKERS=0 runs in one); skipped tests are listed with their reason
TEST_WORKERS ?= 2
test: install-dev messages
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## lint: ruff, the layout's import rules and dead code (both configured in pyproject.toml)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/vulture

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

static: install
	$(BIN)/python manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
