#!/usr/bin/env bash
# Runs the lab generator, which lives in the test sources (it is not shipped in the CLI jar or the Functions app):
#   bench/lab-generator.sh lab --out samples/lab                      regenerate the bundled sample lab
#   bench/lab-generator.sh synthetic --out DIR --size-mb N [...]      benchmark evidence of about N MB
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh
exec java -cp "$(bench_classpath)" com.cmkverifier.lab.LabGenerator "$@"
