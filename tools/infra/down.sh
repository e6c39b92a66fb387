#!/usr/bin/env bash
# Stops what tools/infra/up.sh started -- and only that: a Kafka broker, Postgres
# or Redis that was already running before up.sh is left alone.
set -euo pipefail

# shellcheck source=tools/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

take_lock

# ---------------------------------------------------------------- Kafka
if [[ -f "$KAFKA_PIDFILE" ]]; then
  pid="$(cat "$KAFKA_PIDFILE")"
  if is_our_kafka_pid "$pid"; then
    log "kafka: stopping broker pid $pid (SIGTERM, up to 30s)"
    stop_pid "$pid" 30
  else
    log "kafka: pid $pid is not running"
  fi
  rm -f "$KAFKA_PIDFILE"
  rm -rf "$KAFKA_DATA"
  log "kafka: stopped, data dir removed (logs kept in $KAFKA_LOGS)"
else
  log "kafka: not started by up.sh; leaving it alone"
fi

# ---------------------------------------------------------------- Redis
if [[ -f "$REDIS_MARKER" ]]; then
  log "redis: stopping (started by up.sh)"
  redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 1 40); do
    [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true)" == PONG ]] || break
    sleep 0.25
  done
  rm -f "$REDIS_MARKER"
else
  log "redis: not started by up.sh; leaving it alone"
fi

# ---------------------------------------------------------------- Postgres
if [[ -f "$PG_MARKER" ]]; then
  ver="$(cat "$PG_MARKER")"
  log "postgres: stopping cluster $ver/main (started by up.sh)"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main stop || log "postgres: stop failed (already down?)"
  rm -f "$PG_MARKER"
else
  log "postgres: not started by up.sh; leaving it alone"
fi
