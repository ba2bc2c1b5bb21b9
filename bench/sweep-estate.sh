#!/usr/bin/env bash
# A sweep of a synthetic estate through the Functions path (timer, shards on the Azurite queue, several worker
# JVMs) against the quota-enforcing fakes with realistic latencies (Logs 800 ms, Key Vault 30 ms): wall time,
# requests per service against the plan's minimum, peak per-vault rate, 429s, memory. Needs Azurite on
# 127.0.0.1:10000-10002. Prints a Markdown table.
# Usage: bench/sweep-estate.sh [resources keys vaults workspaces subscriptions workers threads shard-size]
#        (defaults: the issue's estate, 100000 20000 2000 20 200, 3 workers x 4 threads, shards of 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
args=("${1:-100000}" "${2:-20000}" "${3:-2000}" "${4:-20}" "${5:-200}" "${6:-3}" "${7:-4}" "${8:-5000}")
cp="$(bench_classpath)"
/usr/bin/time -f '| coordinator + workers: wall %e s, coordinator peak RSS %M KB |' \
  java -Xmx1g -cp "$cp" com.cmkverifier.functions.EstateSweepBench coordinator "${args[@]}"
