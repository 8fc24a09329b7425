# Two commands on a fresh machine: `make demo` and `make test`. Both build their own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup check lint serve es-start es-stop clean mutation

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

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
test: check
	@bash tests/run.sh

# Mutation testing (mutmut) of the modules that guard survivors: prints the share of mutants killed per module.
# A benchmark, not part of CI; slow. MODULES="referrals/crypto.py search/query.py" picks some, MUTATION_MINUTES
# caps each module's run (what is unfinished is reported as not run).
mutation: $(STAMP)
	$(BIN)/python tests/mutation/run.py $(MODULES)

lint: $(STAMP)
	$(BIN)/ruff check .

es-start:
	@bash search/es_node/es.sh start

es-stop:
	@bash search/es_node/es.sh stop

clean:
	rm -rf $(VENV) var db.sqlite3
