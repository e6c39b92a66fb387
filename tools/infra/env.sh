#!/usr/bin/env bash
# Connection settings for the local test infrastructure (tools/infra/up.sh).
#   source tools/infra/env.sh          # exports into the current shell
#   eval "$(bash tools/infra/env.sh)"  # same, from any POSIX shell
#   bash tools/infra/env.sh            # just prints the export lines
# Values already set in the environment win.

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"

# Executed rather than sourced: print the settings (strict mode only here, so
# sourcing never changes the caller's shell options).
if [[ "${BASH_SOURCE[0]:-$0}" == "$0" ]]; then
  set -euo pipefail
  printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
  printf 'export REDIS_URL=%q\n' "$REDIS_URL"
  printf 'export KAFKA_BROKERS=%q\n' "$KAFKA_BROKERS"
fi
