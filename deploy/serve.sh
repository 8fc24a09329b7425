#!/usr/bin/env bash
# make serve: the production stack in the foreground. Migrate, create the cache table, collect static
# files, then gunicorn and the task worker side by side; Ctrl-C or SIGTERM stops both cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.production}
export HOST=${HOST:-127.0.0.1} PORT=${PORT:-8000} WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}

$BIN/python manage.py check --deploy --fail-level ERROR >/dev/null
$BIN/python manage.py migrate --noinput
$BIN/python manage.py createcachetable
$BIN/python manage.py collectstatic --noinput --verbosity 0

web= worker=
stop() {
  trap - INT TERM
  [ -n "$web" ] && kill -TERM "$web" 2>/dev/null || true
  [ -n "$worker" ] && kill -TERM "$worker" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped."
}
trap 'stop; exit 0' INT TERM

$BIN/python manage.py db_worker &
worker=$!
$BIN/gunicorn --config deploy/gunicorn.conf.py --pythonpath site,. config.wsgi:application &
web=$!
echo "Serving on http://$HOST:$PORT/ with $WEB_CONCURRENCY web workers and one task worker (Ctrl-C stops)."
# Either one ending ends the stack: a server without its worker would silently queue forever.
set +e
wait -n "$web" "$worker"
status=$?
stop
exit "$status"
