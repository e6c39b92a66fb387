# shellcheck shell=bash disable=SC2034
# Shared settings for tools/infra/{up,down}.sh. Sourced, not executed.

INFRA_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Where jars, state, data and logs live. Shared by every checkout on the machine.
INFRA_DIR="${IAM_INFRA_DIR:-$HOME/.cache/iam-infra}"
STATE_DIR="$INFRA_DIR/state"          # markers: what up.sh started, so down.sh stops only that
RUN_DIR="$INFRA_DIR/run"              # kafka runtime: config, data, logs

KAFKA_POM="$INFRA_SCRIPT_DIR/kafka/pom.xml"
KAFKA_LOG4J="$INFRA_SCRIPT_DIR/kafka/log4j2.xml"
KAFKA_VERSION="${IAM_KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM" | head -n1)}"
KAFKA_HOME="$INFRA_DIR/kafka-$KAFKA_VERSION"
KAFKA_LIB="$KAFKA_HOME/lib"
KAFKA_LIB_MARKER="$KAFKA_LIB/.complete"

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${IAM_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${IAM_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT"
KAFKA_RUN="$RUN_DIR/kafka"
KAFKA_DATA="$KAFKA_RUN/data"
KAFKA_LOGS="$KAFKA_RUN/logs"
KAFKA_PROPS="$KAFKA_RUN/server.properties"
KAFKA_PIDFILE="$STATE_DIR/kafka.pid"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m}"
KAFKA_READY_TIMEOUT="${IAM_KAFKA_READY_TIMEOUT:-60}"

PG_MARKER="$STATE_DIR/postgres.started"
REDIS_MARKER="$STATE_DIR/redis.started"

# Which services to manage; e.g. IAM_INFRA_SERVICES="kafka" to leave Postgres/Redis alone.
INFRA_SERVICES="${IAM_INFRA_SERVICES:-postgres redis kafka}"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }
want() { [[ " $INFRA_SERVICES " == *" $1 "* ]]; }

# Serialise up/down across checkouts (they share INFRA_DIR). fd 9 must not leak
# into long-running children (up.sh closes it when launching Kafka).
take_lock() {
  mkdir -p "$INFRA_DIR" "$STATE_DIR"
  exec 9>"$INFRA_DIR/.lock"
  if ! flock -w 300 9; then die "could not lock $INFRA_DIR/.lock within 300s"; fi
}

# True if the pid is alive and is a Kafka broker JVM (guards against pid reuse).
is_our_kafka_pid() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

pg_version() { find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n1; }

# SIGTERM, wait up to $2 seconds (default 30), then SIGKILL.
stop_pid() {
  local pid="$1" wait_s="${2:-30}" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait_s * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid still alive after ${wait_s}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
}
