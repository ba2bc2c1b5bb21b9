#!/usr/bin/env bash
# The jq alternative to `cmkv sweep`'s log reading, over a synthetic evidence directory (see jq-aggregate.jq).
# Usage: bench/jq-aggregate.sh EVIDENCE_DIR [FROM TO]
set -euo pipefail
dir=$1
from=${2:-2026-11-19T06:00:00.0000000Z}
to=${3:-2026-11-20T06:00:00.0000000Z}
find "$dir/logs" -type f -name '*.json' -print0 | sort -z | xargs -0 cat \
  | jq -n -c --slurpfile registry "$dir/registry.json" --arg from "$from" --arg to "$to" \
      -f "$(dirname "$0")/jq-aggregate.jq"
