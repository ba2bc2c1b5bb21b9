#!/usr/bin/env bash
# Sweep cost against Azure-like latency (Logs 800 ms, Key Vault 30 ms per request), batched sweep vs the naive
# per-resource strategy, side by side in each run. Writes bench/out/sweep-cost.md.
# Usage: bench/sweep-cost.sh [resources vaults keys workspaces runs naive-every]   (defaults 10000 200 2000 5 5 100)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
java -cp "$(bench_classpath)" com.cmkverifier.bench.SweepCost "$@"
