# The two commands of the README: `make demo` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed

.PHONY: demo setup test lint score clean

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

# Tests run with production-like settings (DEBUG off, hashed static files).
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-a-secret ALLOWED_HOSTS=testserver,localhost,127.0.0.1

## Install what the tests need, then lint and run the whole suite.
test: setup
	scripts/install-browser
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

## Score the extractor on the seed articles with the shared scorer.
score: setup
	DEBUG=1 $(PY) manage.py migrate --noinput --verbosity 0
	DEBUG=1 $(PY) manage.py extract_events --format json \
		--manifest ../shared/seeds/manifest.json ../shared/seeds > var/seeds.pred.json
	python3 ../shared/eval/score_extraction.py --gold ../shared/eval/seeds.gold.json \
		--pred var/seeds.pred.json --articles ../shared/seeds
