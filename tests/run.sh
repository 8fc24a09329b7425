#!/usr/bin/env bash
# Runs the whole suite with the project's .venv. Starts Elasticsearch for its tests when it can.
#   REQUIRE_ELASTICSEARCH=1  fail instead of skipping when no Elasticsearch can be had (CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if [ -n "${TEST_ELASTICSEARCH_URL:-}" ]; then
  echo "Elasticsearch tests use $TEST_ELASTICSEARCH_URL."
elif [ -z "${ELASTICSEARCH_URL:-}" ] && [ -f search/es_node/es.sh ]; then
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    echo "Starting a genuine Elasticsearch node for the Elasticsearch tests (search/es_node)…"
    if url_line=$(bash search/es_node/es.sh start | tail -n 1) && [[ "$url_line" == ELASTICSEARCH_URL=* ]]; then
      export TEST_ELASTICSEARCH_URL="${url_line#ELASTICSEARCH_URL=}"
    elif [ "${REQUIRE_ELASTICSEARCH:-0}" = "1" ]; then
      echo "Elasticsearch could not be started, and it is required here." >&2
      exit 1
    else
      echo "Elasticsearch could not be started: its tests will be skipped."
    fi
  else
    echo "Java or Maven is missing: the Elasticsearch tests will be skipped."
  fi
elif [ -n "${ELASTICSEARCH_URL:-}" ]; then
  export TEST_ELASTICSEARCH_URL="$ELASTICSEARCH_URL"
fi
# The suite itself chooses the backend per test; the default for everything else is the embedded one.
unset ELASTICSEARCH_URL

exec $BIN/python -m pytest "$@"
