#!/usr/bin/env bash
# A throwaway PostgreSQL for the server tests and the bench, from Debian's packages.
#
#   eval "$(bash .ci/postgres.sh start)"   # installs if missing, starts, exports
#                                          # OMSCTL_TEST_DATABASE_URL and OMSCTL_PG_DIR
#   bash .ci/postgres.sh stop              # stops it and removes its folder (uses OMSCTL_PG_DIR)
#
# Runs initdb and pg_ctl as the unprivileged user `postgres` when started as root (PostgreSQL
# refuses to run as root), as the current user otherwise. Listens on 127.0.0.1 only, on a
# free port, with its socket in its own folder. Messages go to stderr; stdout carries only
# the export lines.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then return 1; fi
  echo "$dir"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start() {
  local bindir
  if ! bindir=$(pg_bindir); then
    log "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bindir=$(pg_bindir)
  fi

  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi

  local dir port
  dir=$(mktemp -d /tmp/omsctl-pg.XXXXXX)
  port=$(free_port)
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi

  as_owner "$bindir/initdb" -D "$dir/data" -U omsctl --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U omsctl omsctl_test

  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
  echo "export OMSCTL_PG_DIR=$dir"
  echo "export OMSCTL_TEST_DATABASE_URL=postgres://omsctl@127.0.0.1:$port/omsctl_test"
}

stop() {
  local dir=${OMSCTL_PG_DIR:-${1:-}}
  if [[ -z "$dir" || ! -d "$dir/data" ]]; then
    log "nothing to stop (OMSCTL_PG_DIR is not set or has no cluster)"
    return 0
  fi

  local bindir
  bindir=$(pg_bindir)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
