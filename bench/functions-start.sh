#!/usr/bin/env bash
# Functions entry start: in a fresh JVM each time, the time AppContext.production() takes to load and build its
# settings, Table and Queue clients (against Azurite), and the first POST /api/verifications after it. Given a
# second checkout (e.g. a scratch copy whose pom uses Netty instead of the JDK HttpClient, built with
# `mvn -B -q -o package -Dmaven.test.skip=true` and `mvn -B -q -o dependency:build-classpath
# -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt`), runs it side by side, round by round.
# Usage: bench/functions-start.sh [rounds [other-checkout]]   (default 5). Writes bench/out/functions-start.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
rounds=${1:-5}
other=${2:-}
here_cp=$(bench_classpath)
id=$(date +%s)
export AzureWebJobsStorage="UseDevelopmentStorage=true" FUNCTIONS_WORKER_RUNTIME=java \
  CMKV_TABLE_PREFIX="start$id" CMKV_JOBS_QUEUE="start-$id" CMKV_RUNS_QUEUE="start-runs-$id" CMKV_REGISTRY_SEED_FILE=samples/lab/registry.json \
  WEBSITE_AUTH_ENABLED=True  # as App Service sets it with its sign-in on: StartLatency sends a platform principal
declare -A cps=([this]="$here_cp")
[ -n "$other" ] && cps[other]="$other/target/classes:$(cat "$other/target/cp.txt"):target/test-classes"
declare -A ctx first
for ((r = 1; r <= rounds; r++)); do
  for v in "${!cps[@]}"; do
    line=$(java -cp "${cps[$v]}" com.cmkverifier.bench.StartLatency 1 1 /dev/null 2>/dev/null | grep 'Production context built')
    ctx[$v]+="$(sed -E 's/.*: ([0-9]+) ms; first.*/\1/' <<< "$line") "
    first[$v]+="$(sed -E 's/.*first POST after it: ([0-9]+) ms.*/\1/' <<< "$line") "
  done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
{
  echo "Command: \`bench/functions-start.sh $*\` on $(date -u +%F); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| build | context built, median ms | runs | first POST, median ms | runs |"
  echo "|---|---|---|---|---|"
  for v in "${!cps[@]}"; do
    echo "| $v | $(median "${ctx[$v]}") | ${ctx[$v]% } | $(median "${first[$v]}") | ${first[$v]% } |"
  done
} | tee bench/out/functions-start.md
