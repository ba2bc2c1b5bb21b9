#!/usr/bin/env bash
# Cold start: wall time from JVM start to the first offline verdict (the process exits right after it), beside
# the JVM's own floor (java -version), and with the JVM's cheap start-up options. Each round runs every variant
# once, side by side; the table gives the median over the rounds and the ratio to the floor and to plain.
# Usage: bench/cold-start.sh [rounds]   (default 7). Needs target/cmk-verifier-cli.jar: mvn -B -q package -DskipTests
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
jar=target/cmk-verifier-cli.jar
jsa=target/cmkv-cli.jsa
out=bench/out/cold-start.md
[ -f "$jar" ] || { echo "missing $jar: run mvn -B -q package -DskipTests first" >&2; exit 2; }
mkdir -p bench/out
verify=(verify --registry samples/lab/registry.json --logs samples/lab/logs --keys samples/lab/keys
        --at 2026-11-20T06:00:00Z --resource stcmkdata)

# AppCDS: one training run writes the archive of the classes this command loads (JDK 13+).
rm -f "$jsa"
java -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" "${verify[@]}" > /dev/null 2>&1

declare -A cmd=(
  [floor]="java -version"
  [plain]="java -jar $jar ${verify[*]}"
  [c1]="java -XX:TieredStopAtLevel=1 -jar $jar ${verify[*]}"
  [appcds]="java -XX:SharedArchiveFile=$jsa -jar $jar ${verify[*]}"
  [appcds_c1]="java -XX:SharedArchiveFile=$jsa -XX:TieredStopAtLevel=1 -jar $jar ${verify[*]}"
)
variants=(floor plain c1 appcds appcds_c1)
declare -A times
for ((r = 1; r <= rounds; r++)); do
  for v in "${variants[@]}"; do
    start=$(date +%s%N)
    ${cmd[$v]} > /dev/null 2>&1
    end=$(date +%s%N)
    times[$v]+="$(( (end - start) / 1000000 )) "
  done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
floor=$(median "${times[floor]}")
plain=$(median "${times[plain]}")
{
  echo "Command: \`bench/cold-start.sh $rounds\` on $(date -u +%F); machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB,"
  echo "$(java -version 2>&1 | head -1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Input: \`java -jar $jar ${verify[*]}\` ($(du -h "$jar" | cut -f1) jar); $rounds rounds, variants interleaved."
  echo
  echo "| variant | JVM options | median ms | runs ms | ratio to floor | ratio to plain |"
  echo "|---|---|---|---|---|---|"
  for v in "${variants[@]}"; do
    m=$(median "${times[$v]}")
    opts=$(sed -e 's/^java //' -e 's/ -jar.*//' -e 's/^-jar.*//' -e 's/^-version$/(java -version)/' <<< "${cmd[$v]}")
    printf '| %s | %s | %d | %s | %.2f | %.2f |\n' "$v" "${opts:-none}" "$m" "${times[$v]% }" \
      "$(awk "BEGIN {print $m / $floor}")" "$(awk "BEGIN {print $m / $plain}")"
  done
} | tee "$out"
