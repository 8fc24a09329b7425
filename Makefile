# Two commands on a fresh machine: `make demo` and `make test`. Both build their own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_PROCESSES ?= $(shell n=$$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 1); echo $$(( n + 1 > 4 ? 4 : n + 1 )))

.PHONY: demo test setup check lint serve loadtest es-start es-stop clean mutation

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

# Tests and tools (requirements-dev.txt includes requirements.txt): for `make test` and `make lint`.
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

setup: $(STAMP)

demo: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Sacramento Together (demo) at http://$(HOST):$(PORT)/  ·  admin at http://$(HOST):$(PORT)/admin/"
	@# The background worker (index updates, notifications) runs beside the web server and stops with it.
	@bash -c 'trap "kill 0" EXIT; $(BIN)/python manage.py db_worker >var/worker.log 2>&1 & \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)'

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Runs every test. With Java and Maven present it starts a genuine Elasticsearch node for the
# Elasticsearch tests (see search/es_node); without them those tests are skipped with a message.
# TEST_PROCESSES (pytest-xdist): most tests wait on PostgreSQL, Elasticsearch or a browser, so one more than
# the cores (at most 4) keeps them busy; each process has its own test database, each test its own index prefix.
test: check $(DEV_STAMP)
	@bash tests/run.sh -n $(or $(TEST_PROCESSES),0)

# Mutation testing (mutmut) of the modules that guard survivors: prints the share of mutants killed per module.
# A benchmark, not part of CI; slow. MODULES="referrals/crypto.py search/query/requests.py" picks some, MUTATION_MINUTES
# caps each module's run (what is unfinished is reported as not run).
mutation: $(DEV_STAMP)
	$(BIN)/python tests/mutation/run.py $(MODULES)

# Style, formatting and the dependency contract (.importlinter: directory <- search <- referrals <- site).
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=site $(BIN)/lint-imports --no-cache

# --- Production stack and benchmark (deploy/; README "Run in production") ---
WEB_CONCURRENCY ?= 2
LOADTEST_SECONDS ?= 10

# The production stack in the foreground: migrate, cache table, collectstatic, gunicorn and the task worker.
# Needs SECRET_KEY, ALLOWED_HOSTS and a PostgreSQL DATABASE_URL; SECURE_SSL_REDIRECT=false for plain http.
serve: $(STAMP)
	exec env HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) BIN=$(BIN) bash deploy/serve.sh

# Throughput of the served site against a plain WSGI floor, same gunicorn settings, one run (deploy/loadtest.py).
loadtest: $(STAMP)
	LOADTEST_SECONDS=$(LOADTEST_SECONDS) WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(BIN)/python deploy/loadtest.py

es-start:
	@bash search/es_node/es.sh start

es-stop:
	@bash search/es_node/es.sh stop

clean:
	rm -rf $(VENV) var db.sqlite3

# --- Backups (ops/backup.sh): the database DATABASE_URL names, plus the media files -----------------------
# `make backup [TO=folder]` prints the folder as its last line; `make restore FROM=folder` needs an empty database.
.PHONY: backup restore resilience
backup:
	@bash ops/backup.sh backup $(TO)

restore:
	@bash ops/backup.sh restore $(FROM)

# --- The resilience suite (tests/resilience): faults under load on a live system, and the concurrency run ---
# It brings its own PostgreSQL instance and Elasticsearch cluster, so no shared node is started for it.
resilience: $(DEV_STAMP)
	env -u ELASTICSEARCH_URL RESILIENCE=1 $(BIN)/python -m pytest tests/resilience -m resilience -s -v --durations=0
