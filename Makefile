# TiepDan. `make run` and `make test` are all a fresh machine needs (Python 3.11 and make).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint fmt migrations translations bench db-start db-stop clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version" || { echo "Python 3.11 is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the project with its dev tools

run: install ## run the platform with the demo province (embedded PostgreSQL unless DATABASE_URL)
	$(PY) -m config.launcher run

test: install ## lint, then the whole test suite (embedded PostgreSQL unless DATABASE_URL); ARGS="-k x" to filter
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m config.launcher test $(ARGS)

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install ## format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations: install ## make migrations (needs the database)
	$(PY) -m config.launcher db-start >/dev/null
	$(PY) manage.py makemigrations

translations: install ## update the catalogues and apply tools/vi_*.py; lists what is still untranslated
	$(PY) manage.py makemessages -l vi -l en --no-location --ignore ".venv/*" --ignore ".tiepdan/*" --ignore "tests/*" --ignore "benchmarks/*"
	$(PY) tools/translate_vi.py --apply tools/vi_*.py
	$(PY) manage.py compilemessages -l en --ignore ".venv/*"

bench: install ## run the onboarding benchmark (see benchmarks/README.md); ARGS="--units 150"
	$(PY) -m config.launcher bench $(ARGS)

db-start: install ## start the embedded PostgreSQL
	$(PY) -m config.launcher db-start

db-stop: install ## stop the embedded PostgreSQL
	$(PY) -m config.launcher db-stop

clean: db-stop ## stop the database and delete .tiepdan/ (all local data)
	rm -rf .tiepdan
