#!/usr/bin/env bash
# `npm run bench [section ...]`: PostgreSQL (throwaway) starts only for the server section,
# the one section that measures it; validate, layers, rules and plan need none.
set -euo pipefail
cd "$(dirname "$0")/.."

needs_postgres=false
if [ "$#" -eq 0 ]; then needs_postgres=true; fi
for section in "$@"; do
  if [ "$section" = server ]; then needs_postgres=true; fi
done

if [ "$needs_postgres" = true ]; then
  eval "$(bash .ci/postgres.sh start)"
  trap 'bash .ci/postgres.sh stop' EXIT
fi

npx tsx bench/run.ts "$@"
