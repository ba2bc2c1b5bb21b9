# Sourced by the bench scripts: compiles main and test classes (no tests run) and prints the test classpath.
bench_classpath() {
  mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >&2
  echo "target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
}
