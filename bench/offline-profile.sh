#!/usr/bin/env bash
# Where `cmkv sweep` spends its CPU reading archive evidence: one sweep of the cached synthetic evidence
# (bench/offline-throughput.sh generates it) under Java Flight Recorder, then the most sampled top frames.
#
#   bench/offline-profile.sh [--jar JAR] [--size MB] [--top N] [--plain]
#
# Defaults: target/cmk-verifier-cli.jar, 1000 MB, 25 frames, run through bin/cmkv (its C1 compiler and collector:
# what a user runs); --plain runs a plain `java -jar` (C2) instead. Give --jar an older build to profile it the
# same way; --jfr FILE prints the frames of an earlier recording instead of running. The recording stays in
# bench/out/ for `jfr print` or JDK Mission Control.
set -euo pipefail

cd "$(dirname "$0")/.."
jar=target/cmk-verifier-cli.jar
size=1000
top=25
jfr_file=
plain=
while [ $# -gt 0 ]; do
  case $1 in
    --jar) jar=$2; shift ;;
    --size) size=$2; shift ;;
    --top) top=$2; shift ;;
    --jfr) jfr_file=$2; shift ;;
    --plain) plain=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$jfr_file" ]; then
  dir=bench/out/synthetic-${size}mb
  [ -d "$dir" ] || { echo "no $dir: generate it with bench/offline-throughput.sh --sizes $size" >&2; exit 2; }
  jfr_file=bench/out/offline-profile-$(date -u +%Y%m%dT%H%M%SZ).jfr
  rc=0
  jsa=${XDG_CACHE_HOME:-$HOME/.cache}/cmkv/cmkv-$(stat -c '%s-%Y' "$jar").jsa
  if [ -z "$plain" ] && [ ! -f "$jsa" ]; then
    # bin/cmkv's first run with a jar writes its AppCDS archive (and then no recording): not the one profiled.
    CMKV_JAR="$jar" bin/cmkv sweep --registry "$dir/registry.json" --logs "$dir/logs" --keys "$dir/keys" \
      --at 2026-11-20T06:00:00Z --format json --output /dev/null > /dev/null 2>&1 || true
  fi
  recording=-XX:StartFlightRecording=filename="$jfr_file",settings=profile
  if [ -n "$plain" ]; then run=(java "$recording" -jar "$jar"); else run=(env CMKV_JAR="$jar" CMKV_JAVA_OPTS="$recording" bin/cmkv); fi
  "${run[@]}" sweep \
    --registry "$dir/registry.json" --logs "$dir/logs" --keys "$dir/keys" --at 2026-11-20T06:00:00Z \
    --format json --output /dev/null > /dev/null 2>&1 || rc=$?
  # sweep exits 1 (FAILED) or 3 (INCONCLUSIVE) by design.
  if [ $rc -ne 0 ] && [ $rc -ne 1 ] && [ $rc -ne 3 ]; then echo "sweep failed with exit code $rc" >&2; exit 1; fi
fi
echo "Top frames of \`cmkv sweep\` on $size MB ($jar$([ -n "$plain" ] && echo ', java -jar' || echo ', bin/cmkv'), $(date -u +%Y-%m-%dT%H:%MZ)), share of execution samples:"
echo
echo "| share | top frame |"
echo "|---|---|"
counts=$(mktemp)
jfr print --events jdk.ExecutionSample "$jfr_file" | awk '
  /stackTrace = \[/ { take = 1; next }
  take { sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); count[$0]++; take = 0 }
  END { for (f in count) printf "%d\t%s\n", count[f], f }' | sort -rn > "$counts"
total=$(awk -F'\t' '{ t += $1 } END { print t }' "$counts")
head -"$top" "$counts" | awk -F'\t' -v total="$total" '{ printf "| %.1f %% | `%s` |\n", 100 * $1 / total, $2 }'
echo
echo "$total samples; recording: $jfr_file"
rm -f "$counts"
