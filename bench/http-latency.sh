#!/usr/bin/env bash
# POST /api/verifications to 202, in-process (the annotated method with mocked request and context; no
# Functions host), against Azurite (started when absent, installed with npm when missing), side by side with
# the floor of the two storage writes. Writes bench/out/http-latency.md.
# Usage: bench/http-latency.sh [calls-per-run runs]   (defaults 1000 5)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
id=$(date +%s)
export AzureWebJobsStorage="UseDevelopmentStorage=true" FUNCTIONS_WORKER_RUNTIME=java \
  CMKV_TABLE_PREFIX="bench$id" CMKV_JOBS_QUEUE="bench-$id" CMKV_RUNS_QUEUE="bench-runs-$id" CMKV_REGISTRY_SEED_FILE=samples/lab/registry.json \
  WEBSITE_AUTH_ENABLED=True  # as App Service sets it with its sign-in on: StartLatency sends a platform principal
java -cp "$(bench_classpath)" com.cmkverifier.bench.StartLatency "$@"
