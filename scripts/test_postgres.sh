#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database for the test suite, starting a local server first if needed.
# As root on Debian/Ubuntu: starts the first cluster with pg_ctlcluster (creating one with
# pg_createcluster if there is none), then makes the docgen_test role and database if missing.
# DOCGEN_TEST_POSTGRES_URL, when set, names an existing server instead and is printed as it is.
set -euo pipefail

if [ -n "${DOCGEN_TEST_POSTGRES_URL:-}" ]; then
  echo "$DOCGEN_TEST_POSTGRES_URL"
  exit 0
fi
if ! command -v pg_lsclusters >/dev/null; then
  echo "PostgreSQL is not installed; on Debian/Ubuntu: apt-get install postgresql (make setup does it as root)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "starting a local PostgreSQL needs root; or set DOCGEN_TEST_POSTGRES_URL to a database you own" >&2
  exit 1
fi

ROLE=docgen_test
DATABASE=docgen_test
PASSWORD=docgen_test

first_cluster() { pg_lsclusters -h | head -n 1; }

cluster=$(first_cluster)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main >&2
  cluster=$(first_cluster)
fi
read -r version name port status _ <<<"$cluster"
case "$status" in
  online*) ;;
  # Its chatter (such as "Removed stale pid file.") goes to stderr: stdout carries only the URL.
  *) pg_ctlcluster "$version" "$name" start >&2 ;;
esac

# As the postgres superuser, over the local socket (peer authentication).
admin() { (cd / && runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA -c "$1"); }

if [ -z "$(admin "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
  admin "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >/dev/null
fi
if [ -z "$(admin "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" ]; then
  admin "CREATE DATABASE $DATABASE OWNER $ROLE" >/dev/null
fi
echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$port/$DATABASE"
