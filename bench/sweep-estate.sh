#!/usr/bin/env bash
# A sweep of a synthetic estate through the Functions path (timer, shards on the Azurite queue, several worker
# JVMs) against the quota-enforcing fakes with realistic latencies (Logs 800 ms, Key Vault 30 ms, Resource Graph
# 300 ms, read for the vaults' subscriptions as production does): wall time,
# requests per service against the plan's minimum (storage counted between the app's clients and Azurite),
# peak per-vault rate, 429s, memory and CPU; a progress line every 10 s on stderr. Needs Azurite on
# 127.0.0.1:10000-10002. Prints a Markdown table.
# Usage: bench/sweep-estate.sh [resources keys vaults workspaces subscriptions workers threads shard-size]
#        (defaults: the issue's estate, 100000 20000 2000 20 200, 3 workers x 4 threads, shards of 500, the most
#        CMKV_SHARD_SIZE allows); CMKV_MAX_CONCURRENCY in the environment sets each worker's Key Vault reads in flight.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
args=("${1:-100000}" "${2:-20000}" "${3:-2000}" "${4:-20}" "${5:-200}" "${6:-3}" "${7:-4}" "${8:-500}")
cp="$(bench_classpath)"
azurite_cpu() {
  local pid
  pid="$(pgrep -f 'azurite.*--tableHost' | head -1 || true)"
  [ -n "$pid" ] && awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$pid/stat" || echo "?"
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
before="$(azurite_cpu)"
/usr/bin/time -f '| coordinator + workers: wall %e s, CPU user %U s + sys %S s (workers included), coordinator peak RSS %M KB |' \
  java -Xmx1g -Djdk.httpclient.allowRestrictedHeaders=content-length -cp "$cp" \
  com.cmkverifier.functions.EstateSweepBench coordinator "${args[@]}"
echo "| Azurite CPU during the run (shared Azurite: other users' work included) | $(awk -v a="$before" -v b="$(azurite_cpu)" 'BEGIN { if (a == "?" || b == "?") print "?"; else printf "%.1f s", b - a }') |"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
