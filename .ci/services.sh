#!/usr/bin/env bash
# Install (Debian packages) and start the services the tests use, on loopback:
# PostgreSQL, Redis and Chromium. Idempotent: safe to run on a machine that has them.
# Prints the environment to export (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL).
set -euo pipefail

PG_DB=${PG_DB:-essaim}
PG_USER=${PG_USER:-essaim}
PG_PASSWORD=${PG_PASSWORD:-essaim}
REDIS_PORT=${REDIS_PORT:-6379}

log() { echo "[services] $*" >&2; }

need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # One apt at a time: .ci/run provisions Elasticsearch (and its JDK) meanwhile.
  flock /var/lock/essaim-ci-apt sh -c \
    "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${need[*]}" >&2
fi

# --- PostgreSQL ---------------------------------------------------------------
PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$PG_VERSION main$"; then
  log "creating PostgreSQL $PG_VERSION cluster"
  pg_createcluster "$PG_VERSION" main >&2
fi
if ! pg_lsclusters -h | awk '$1=="'"$PG_VERSION"'" && $2=="main" {print $4}' | grep -q online; then
  log "starting PostgreSQL $PG_VERSION"
  pg_ctlcluster "$PG_VERSION" main start >&2
fi
PG_PORT=$(pg_lsclusters -h | awk '$1=="'"$PG_VERSION"'" && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -p $PG_PORT" && break
  sleep 1
done
su postgres -c "psql -q -p $PG_PORT -tc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"" | grep -q 1 \
  || su postgres -c "psql -q -p $PG_PORT -c \"CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\"" >&2
su postgres -c "psql -q -p $PG_PORT -tc \"SELECT 1 FROM pg_database WHERE datname='$PG_DB'\"" | grep -q 1 \
  || su postgres -c "createdb -p $PG_PORT -O $PG_USER $PG_DB" >&2
# The test database is created by the tests; unaccent must be creatable there.
su postgres -c "psql -q -p $PG_PORT -d template1 -c 'CREATE EXTENSION IF NOT EXISTS unaccent'" >&2

# --- Redis --------------------------------------------------------------------
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save "" --appendonly no >&2
  for _ in $(seq 1 20); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

echo "export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0"
