#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on loopback and exports DATABASE_URL.
# Source it: `source .ci/postgres.sh`; the cluster is stopped and removed when the shell exits.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "Installing PostgreSQL 15 (binaries not found in $PG_BIN)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi

PG_DIR=$(mktemp -d /tmp/mlops-pg.XXXXXX)
chown postgres:postgres "$PG_DIR"
PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}

pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres mlops

stop_postgres() { pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
trap stop_postgres EXIT

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/mlops"
export PG_DIR PG_PORT PG_BIN
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') ready at $DATABASE_URL" >&2
