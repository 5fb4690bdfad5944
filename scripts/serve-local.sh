#!/usr/bin/env bash
# `make run`: migrate, load the demo and serve Tavazon on http://127.0.0.1:${PORT:-8000} as a
# newcomer should meet it: DEBUG off (Tavazon's own error pages, never Django's debug page) and
# static files collected and served by WhiteNoise. Set DEBUG=True for Django's development mode.
#
# Without SECRET_KEY or SECRET_KEY_FILE, a random key is made once and kept in var/secret_key
# (readable by its owner only; var/ is ignored by git, so the key is never committed). The server
# listens on the loopback address only (ALLOWED_HOSTS' default) over plain http, so the HTTPS
# redirect and secure-only cookies are off unless set.
# With no CELERY_BROKER_URL, a Celery worker (with beat) runs over kombu's filesystem transport
# beside the server, so long tasks behave as in production without Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-False}"
if [ -z "${SECRET_KEY:-}" ]; then
  export SECRET_KEY_FILE="${SECRET_KEY_FILE:-$PWD/var/secret_key}"
  if [ ! -s "$SECRET_KEY_FILE" ]; then
    mkdir -p "$(dirname "$SECRET_KEY_FILE")"
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' >"$SECRET_KEY_FILE")
    echo "A new secret key was written to $SECRET_KEY_FILE"
  fi
fi
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-False}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-False}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-False}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export SECURE_HSTS_PRELOAD="${SECURE_HSTS_PRELOAD:-False}"

"$PY" manage.py migrate --noinput
# This is the demo server: seed_demo refuses to create its known-password users with DEBUG=False
# unless forced.
"$PY" manage.py seed_demo --force
"$PY" manage.py collectstatic --noinput --verbosity 0

if [ -z "${CELERY_BROKER_URL:-}" ]; then
  export CELERY_BROKER_URL="filesystem://"
  mkdir -p var/celery
  .venv/bin/celery -A governance worker --beat --pool=solo --loglevel=INFO \
    --schedule=var/celery/beat-schedule >var/celery/worker.log 2>&1 &
  worker_pid=$!
  trap 'kill $worker_pid 2>/dev/null || true' EXIT INT TERM
  echo "Celery worker started (filesystem transport), log: var/celery/worker.log"
fi
echo "Tavazon on http://127.0.0.1:${PORT}  (DEBUG=${DEBUG}; demo password: tavazon-demo)"
"$PY" manage.py runserver "127.0.0.1:${PORT}" --noreload
