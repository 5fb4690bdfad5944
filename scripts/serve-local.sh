#!/usr/bin/env bash
# Serve Tavazon locally. With no CELERY_BROKER_URL, start a Celery worker (with beat) over kombu's
# filesystem transport beside the server, so long tasks behave as in production without Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ -z "${CELERY_BROKER_URL:-}" ]; then
  export CELERY_BROKER_URL="filesystem://"
  started_worker=1
  mkdir -p var/celery
  .venv/bin/celery -A governance worker --beat --pool=solo --loglevel=INFO \
    --schedule=var/celery/beat-schedule >var/celery/worker.log 2>&1 &
  worker_pid=$!
  trap 'kill $worker_pid 2>/dev/null || true' EXIT INT TERM
  echo "Celery worker started (filesystem transport), log: var/celery/worker.log"
fi
echo "Tavazon on http://127.0.0.1:8000  (demo password: tavazon-demo)"
"$PY" manage.py runserver 127.0.0.1:8000 --noreload
