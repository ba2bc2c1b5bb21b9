#!/usr/bin/env bash
# Offline throughput of `cmkv sweep` over archive-format audit logs, side by side in one run with what a user
# would do instead (jq, bench/jq-aggregate.jq) and with the floor (a raw line scan: cat | wc -l).
# JVM start is included in every cmkv figure, run two ways: bin/cmkv (bounded heap, AppCDS, C1) and a plain
# `java -jar` (the JVM's defaults). Generated evidence is cached under bench/out/ (git-ignored).
#
#   bench/offline-throughput.sh            100 MB, 1 GB and 4 GB; 5 runs each (3 for 4 GB); jq on 100 MB
#   bench/offline-throughput.sh --quick    10 MB and 50 MB, 3 runs: a dry run of the harness
#   options: --runs N (runs per size), --sizes "MB MB ...", --jq-size MB, --big-runs N (runs at 4 GB),
#            --jq-runs N (runs of jq, default --runs: jq takes minutes per 100 MB),
#            --baseline-jar JAR (also time `java -jar JAR sweep`, e.g. an earlier build, in the same run)
#
# Prints a markdown table (also written to bench/out/offline-throughput-<time>.md). Needs bash, jq, GNU
# /usr/bin/time, java 17 and target/cmk-verifier-cli.jar (built with mvn package -DskipTests if missing).
set -euo pipefail

cd "$(dirname "$0")/.."
args="$*"
sizes="100 1000 4000"
runs=5
big_runs=3
jq_size=100
jq_runs=
baseline_jar=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) sizes="10 50"; runs=3; big_runs=3; jq_size=10 ;;
    --runs) runs=$2; shift ;;
    --big-runs) big_runs=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --jq-size) jq_size=$2; shift ;;
    --jq-runs) jq_runs=$2; shift ;;
    --baseline-jar) baseline_jar=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
largest=${sizes##* }
jq_runs=${jq_runs:-$runs}
jar=target/cmk-verifier-cli.jar
at=2026-11-20T06:00:00Z
out=bench/out
mkdir -p "$out"
[ -f "$jar" ] || mvn -B -q package -DskipTests

# --- evidence -------------------------------------------------------------------------------------------------
evidence() {  # size in MB -> directory, generated once
  local dir=$out/synthetic-${1}mb
  if [ ! -d "$dir" ]; then
    echo "generating $1 MB of archive-format evidence in $dir ..." >&2
    rm -rf "$dir.tmp"
    bench/lab-generator.sh synthetic --out "$dir.tmp" --size-mb "$1" > /dev/null 2>&1
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

log_bytes() { find "$1/logs" -type f -printf '%s\n' | awk '{s += $1} END {print s}'; }

# --- one timed run: prints "seconds peak_rss_kb cpu_percent cpu_seconds" -------------------------------------
timed() {
  local stats
  stats=$(mktemp)
  local rc=0
  # Through bash, so that the functions below time like commands, pipelines included.
  /usr/bin/time -f '%e %M %P %U %S' -o "$stats" bash -c '"$@"' _ "$@" > /dev/null 2>&1 || rc=$?
  # sweep exits 1 (a FAILED verdict) or 3 (INCONCLUSIVE) by design; 2 and the rest are errors.
  if [ $rc -ne 0 ] && [ $rc -ne 1 ] && [ $rc -ne 3 ]; then
    echo "run failed with exit code $rc: $*" >&2
    exit 1
  fi
  # Only the figures line: time adds "Command exited with non-zero status N" before it.
  tr -d '%' < "$stats" | awk '$1 ~ /^[0-9.]+$/ {print $1, $2, $3, $4 + $5}'
  rm -f "$stats"
}

sweep() {  # dir [java options...]
  local dir=$1
  shift
  java "$@" -jar "${SWEEP_JAR:-$jar}" sweep --registry "$dir/registry.json" --logs "$dir/logs" --keys "$dir/keys" --at "$at" \
    --format json --output /dev/null
}

cmkv_sweep() {  # dir: through bin/cmkv, as a user runs it
  bin/cmkv sweep --registry "$1/registry.json" --logs "$1/logs" --keys "$1/keys" --at "$at" --format json \
    --output /dev/null
}

floor() { find "$1/logs" -type f -print0 | sort -z | xargs -0 cat | wc -l; }

export -f sweep cmkv_sweep floor
export jar at
export CMKV_JAR=$PWD/$jar

# --- repeat and summarise: prints "median_s max_rss_kb median_cpu median_cpu_seconds" ------------------------
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

measure() {  # runs command...
  local n=$1
  shift
  local samples
  samples=$(mktemp)
  for _ in $(seq "$n"); do timed "$@" >> "$samples"; done
  echo "$(cut -d' ' -f1 < "$samples" | median) $(cut -d' ' -f2 < "$samples" | sort -n | tail -1)" \
    "$(cut -d' ' -f3 < "$samples" | median) $(cut -d' ' -f4 < "$samples" | median)"
  rm -f "$samples"
}

# --- the run --------------------------------------------------------------------------------------------------
report=$out/offline-throughput-$(date -u +%Y%m%dT%H%M%SZ).md
started_load=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
row() {  # label size_mb runs median rss cpu cpu_seconds
  local mbps
  mbps=$(awk -v s="$2" -v t="$4" 'BEGIN {printf "%.0f", s / t}')
  rows+=("| $1 | $2 MB | $3 | $(printf '%.2f' "$4") s | $mbps MB/s | $(( $5 / 1024 )) MB | $6 % | $(printf '%.2f' "$7") s |")
  echo "$1 $2 MB: median $4 s, $mbps MB/s, peak RSS $(( $5 / 1024 )) MB, CPU $6 %, CPU time $7 s" >&2
}
ratios=()

# The fixed cost of a sweep (JVM start, registry, key metadata, verdicts, report) on the same estate with a
# one-record log: what remains of a run is reading.
fixed_dir=$out/synthetic-one-record
base=$(evidence "${sizes%% *}")
if [ ! -d "$fixed_dir" ]; then
  mkdir -p "$fixed_dir/logs"
  cp "$base/registry.json" "$fixed_dir/"
  cp -r "$base/keys" "$fixed_dir/"
  head -1 "$(find "$base/logs" -type f -name '*.json' | sort | head -1)" > "$fixed_dir/logs/PT1H.json"
fi
timed cmkv_sweep "$fixed_dir" > /dev/null  # bin/cmkv's first run writes its AppCDS archive: not timed
result=$(measure "$runs" cmkv_sweep "$fixed_dir")
read -r bfixed bfixed_rss bfixed_cpu bfixed_cs <<< "$result"
rows+=("| bin/cmkv sweep, one record (fixed cost) | 0 MB | $runs | $(printf '%.2f' "$bfixed") s | - | $(( bfixed_rss / 1024 )) MB | $bfixed_cpu % | $bfixed_cs s |")
result=$(measure "$runs" sweep "$fixed_dir")
read -r fixed fixed_rss fixed_cpu fixed_cs <<< "$result"
rows+=("| java -jar sweep, one record (fixed cost) | 0 MB | $runs | $(printf '%.2f' "$fixed") s | - | $(( fixed_rss / 1024 )) MB | $fixed_cpu % | $fixed_cs s |")

for size in $sizes; do
  dir=$(evidence "$size")
  mb=$(awk -v b="$(log_bytes "$dir")" 'BEGIN {printf "%.0f", b / 1e6}')
  n=$runs
  [ "$size" = "$largest" ] && [ "$size" -ge 4000 ] && n=$big_runs
  floor "$dir" > /dev/null  # warm the page cache so that every tool reads from memory
  result=$(measure "$n" floor "$dir")
  read -r f_t f_rss f_cpu f_cs <<< "$result"
  row "floor: cat \\| wc -l" "$mb" "$n" "$f_t" "$f_rss" "$f_cpu" "$f_cs"
  result=$(measure "$n" cmkv_sweep "$dir")
  read -r b_t b_rss b_cpu b_cs <<< "$result"
  row "bin/cmkv sweep" "$mb" "$n" "$b_t" "$b_rss" "$b_cpu" "$b_cs"
  result=$(measure "$n" sweep "$dir")
  read -r s_t s_rss s_cpu s_cs <<< "$result"
  row "java -jar sweep" "$mb" "$n" "$s_t" "$s_rss" "$s_cpu" "$s_cs"
  for way in "bin/cmkv:$b_t:$bfixed" "java -jar:$s_t:$fixed"; do
    IFS=: read -r label t f0 <<< "$way"
    reading=$(awk -v s="$mb" -v t="$t" -v f="$f0" 'BEGIN {printf "%.0f", (t > f) ? s / (t - f) : 0}')
    ratios+=("- $mb MB: $label sweep runs at $(awk -v f="$f_t" -v s="$t" 'BEGIN {printf "%.3f", f / s}')x the\
 floor's speed; reading alone (median minus the fixed cost) $reading MB/s")
  done
  if [ -n "$baseline_jar" ]; then
    export SWEEP_JAR=$baseline_jar
    result=$(measure "$n" sweep "$dir")
    unset SWEEP_JAR
    read -r a_t a_rss a_cpu a_cs <<< "$result"
    row "java -jar sweep, baseline $baseline_jar" "$mb" "$n" "$a_t" "$a_rss" "$a_cpu" "$a_cs"
    ratios+=("- $mb MB: java -jar sweep takes $(awk -v a="$a_t" -v s="$s_t" 'BEGIN {printf "%.2f", s / a}')x the\
 baseline's time and $(awk -v a="$a_cs" -v s="$s_cs" 'BEGIN {printf "%.2f", s / a}')x its CPU time")
  fi
  if [ "$size" = "$jq_size" ]; then
    result=$(measure "$jq_runs" bench/jq-aggregate.sh "$dir")
    read -r j_t j_rss j_cpu j_cs <<< "$result"
    row "jq (bench/jq-aggregate.jq)" "$mb" "$jq_runs" "$j_t" "$j_rss" "$j_cpu" "$j_cs"
    ratios+=("- $mb MB: bin/cmkv sweep is $(awk -v j="$j_t" -v s="$b_t" 'BEGIN {printf "%.1f", j / s}')x and java -jar\
 sweep $(awk -v j="$j_t" -v s="$s_t" 'BEGIN {printf "%.1f", j / s}')x faster than jq")
  fi
done

{
  echo "Command: \`bench/offline-throughput.sh $args\` ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) memory;" \
    "$(java -version 2>&1 | head -2 | tail -1); $(jq --version); load average $started_load at the start," \
    "$(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo
  echo "| what | input | runs | median time | throughput | peak RSS | CPU | CPU time |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  printf '%s\n' "${ratios[@]}"
} | tee "$report"
echo "written to $report" >&2
