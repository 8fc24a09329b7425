# Two commands on a fresh machine: `make demo` and `make test`. Both build their own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup check lint serve es-start es-stop clean

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

lint: $(STAMP)
	$(BIN)/ruff check .

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
resilience: $(STAMP)
	RESILIENCE=1 bash tests/run.sh tests/resilience -s
