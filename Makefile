# Pivot — career-transition advisor. `make help` lists every target.
# Two Python 3.10 environments: .venv-rasa (Rasa 3.6.21 + nlu/) and .venv-app (actions, knowledge, gateway, tests).

SHELL := /bin/bash
.DEFAULT_GOAL := help
-include .env
export

RASA_VENV := .venv-rasa
APP_VENV  := .venv-app
RASA_PY   := $(RASA_VENV)/bin/python
APP_PY    := $(APP_VENV)/bin/python
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

KB_DATABASE_URL ?= sqlite:///var/knowledge.db
KB_FILE      := var/knowledge.db
GAZETTEER    := var/nlu/gazetteer.json
KB_INPUTS    := $(shell find knowledge -type f \( -name '*.py' -o -name '*.yaml' -o -name '*.jsonl' -o -name '*.csv' -o -name '*.gz' -o -name '*.txt' -o -name '*.ini' -o -name '*.mako' \) -not -path '*/__pycache__/*' 2>/dev/null | sort)
MODEL_INPUTS = config.yml domain.yml $(shell find data nlu -type f \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) -not -path '*/__pycache__/*' 2>/dev/null | sort) $(GAZETTEER)

.PHONY: help venvs kb model widget run run-scaled test test-app test-rasa test-stories test-one lint lock bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(RASA_VENV)/.stamp: requirements/rasa.lock scripts/make_venv.sh
	bash scripts/make_venv.sh $(RASA_VENV) requirements/rasa.lock

$(APP_VENV)/.stamp: requirements/app.lock scripts/make_venv.sh
	bash scripts/make_venv.sh $(APP_VENV) requirements/app.lock

venvs: $(RASA_VENV)/.stamp $(APP_VENV)/.stamp ## Create both Python 3.10 environments from the lock files

# The knowledge base is rebuilt when its code, curated data or sources change.
$(KB_FILE): $(APP_VENV)/.stamp $(KB_INPUTS)
	@mkdir -p var
	$(APP_PY) -m knowledge import --db $(KB_DATABASE_URL)
	@touch $(KB_FILE)

$(GAZETTEER): $(KB_FILE)
	@mkdir -p var/nlu
	$(APP_PY) -m knowledge export-nlu --db $(KB_DATABASE_URL) --out $(GAZETTEER)

kb: $(KB_FILE) $(GAZETTEER) ## Build the knowledge base (SQLite under var/) and the NLU gazetteer

# The model is named after a hash of everything that shapes it, so it is trained only when that changes.
model: $(RASA_VENV)/.stamp kb ## Train the Rasa model if data, domain, config or nlu/ changed
	@bash scripts/train_if_changed.sh config.yml models $(MODEL_INPUTS)

# The widget ships as one file: bot/static/src/*.js bundled into bot/static/widget.js (stdlib Python only),
# plus the gzip copies of bot/static/ the gateway sends to browsers that accept gzip (git ignores them).
widget: ## Bundle the web widget (bot/static/src/ -> bot/static/widget.js) and print its gzip size
	@python3 scripts/build_widget.py

run: venvs kb model widget ## Set up what is missing, start Rasa, actions and gateway; Ctrl-C stops all
	@bash scripts/run.sh

run-scaled: venvs kb model widget ## Scaled layout on one machine: PostgreSQL + Redis, RASA_INSTANCES Rasa servers (default 2)
	@bash scripts/run.sh --scaled

test: venvs kb widget ## Set up what is needed and run the whole suite (pytest in both envs, rasa data validate, story tests)
	@bash scripts/test.sh

test-one: venvs kb ## Run one test: make test-one target=tests/bot/test_api.py::test_name
	$(APP_PY) -m pytest -x -q $(target)

lint: $(APP_VENV)/.stamp ## ruff lint
	$(APP_VENV)/bin/ruff check bot actions knowledge nlu tests scripts bench

lock: ## Regenerate requirements/*.lock from requirements/*.in in fresh temporary environments
	bash scripts/lock.sh

bench: venvs kb ## Run the benchmarks: bench/results/latest.json + latest.md
	@bash scripts/bench.sh

clean: ## Remove generated files (keeps the environments)
	rm -rf var models results .pytest_cache
