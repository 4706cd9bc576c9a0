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

test: install ## lint and type-check, then the whole test suite (embedded PostgreSQL unless DATABASE_URL); ARGS="-k x" to filter
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	$(PY) -m config.launcher test $(ARGS)

lint: install ## ruff check and format check, the import contracts (import-linter) and mypy (pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

fmt: install ## format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations: install ## make migrations (needs the database)
	$(PY) -m config.launcher db-start >/dev/null
	$(PY) manage.py makemigrations

translations: install ## update platform/locale from the code, merge locale/pending/*.po, compile; fails on untranslated or fuzzy
	$(PY) manage.py makemessages -l vi -l en --add-location file --no-obsolete --no-wrap --ignore ".venv/*" --ignore ".tiepdan/*" --ignore "tests/*" --ignore "benchmarks/*"
	$(PY) tools/translations.py merge
	$(PY) manage.py compilemessages -l vi -l en --ignore ".venv/*" --ignore ".tiepdan/*"
	$(PY) tools/translations.py check

bench: install ## run a benchmark (benchmarks/README.md): BENCH=onboarding|petitions|dashboard|clone_plan|documents|repeats|transfers|migrations|connections ARGS="--quick"
	$(PY) -m config.launcher bench $(or $(BENCH),onboarding) $(ARGS)

db-start: install ## start the embedded PostgreSQL
	$(PY) -m config.launcher db-start

db-stop: install ## stop the embedded PostgreSQL
	$(PY) -m config.launcher db-stop

clean: db-stop ## stop the database and delete .tiepdan/ (all local data)
	rm -rf .tiepdan
