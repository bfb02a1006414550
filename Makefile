# The two commands of the README: `make demo` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
SHELL   := /bin/bash

.PHONY: demo setup serve test lint score clean

$(PY):
	"$$(scripts/find-python)" -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## Set up and serve the demo: SQLite in var/, seed content loaded, an editor login printed.
demo: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## Serve with production settings (DEBUG=0): collectstatic, migrate, then gunicorn
## (nato_timeline/gunicorn.conf.py). Needs SECRET_KEY and ALLOWED_HOSTS in the environment.
serve: setup
	scripts/serve

# Tests run with production-like settings (DEBUG off, hashed static files).
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-a-secret ALLOWED_HOSTS=testserver,localhost,127.0.0.1

## Install what the tests need, then lint and run the whole suite.
test: setup
	scripts/install-browser
	scripts/install-validator
	scripts/install-clients
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var

## Score the extractor on the seeds and both development sets with the shared scorer: every
## miss and false positive (-v), the headline figures, then where each trigger rule and
## gazetteer entry fired.
SHARED := ../shared
SETS := seeds,$(SHARED)/seeds,$(SHARED)/seeds/manifest.json,$(SHARED)/eval/seeds.gold.json \
	dev,$(SHARED)/eval/dev/articles,$(SHARED)/eval/dev/manifest.json,$(SHARED)/eval/dev/gold.json \
	dev-b,$(SHARED)/eval/dev-b/articles,$(SHARED)/eval/dev-b/manifest.json,$(SHARED)/eval/dev-b/gold.json \
	own,tests/data/own/articles,tests/data/own/manifest.json,tests/data/own/gold.json
score: setup
	DEBUG=1 $(PY) manage.py migrate --noinput --verbosity 0
	@for set in $(SETS); do \
	  IFS=, read -r name dir manifest gold <<< "$$set"; \
	  echo "== $$name"; \
	  DEBUG=1 $(PY) manage.py extract_events --format json --manifest "$$manifest" "$$dir" \
	    > var/$$name.pred.json || exit 1; \
	  python3 $(SHARED)/eval/score_extraction.py -v --gold "$$gold" --pred var/$$name.pred.json \
	    --articles "$$dir" || exit 1; \
	done
	@echo "== where the rules fired"
	DEBUG=1 $(PY) manage.py extract_events --format rules \
	  --manifest $(SHARED)/seeds/manifest.json --manifest $(SHARED)/eval/dev/manifest.json \
	  --manifest $(SHARED)/eval/dev-b/manifest.json \
	  $(SHARED)/seeds $(SHARED)/eval/dev/articles $(SHARED)/eval/dev-b/articles
