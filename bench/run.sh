#!/usr/bin/env bash
# `npm run bench [section ...]`: with a throwaway PostgreSQL for the server section.
set -euo pipefail
cd "$(dirname "$0")/.."

eval "$(bash .ci/postgres.sh start)"
trap 'bash .ci/postgres.sh stop' EXIT
npx tsx bench/run.ts "$@"
