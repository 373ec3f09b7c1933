#!/usr/bin/env bash
# Script modules vs the anchors, side by side in one run: JMH (benchmarks.jar, optimizing Truffle
# compiler on), then Node worker_threads and headless Chromium page<->Worker, then a ratio table.
#   benchmarks/anchors/run.sh [quick]
#   JMH_FILTER=JsModuleRoundTripBench benchmarks/anchors/run.sh   # only some of the JMH benchmarks
# Needs: JDK 25, node, chromium (apt-get install -y chromium), a built benchmarks.jar:
#   mvn -B -pl benchmarks -am package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
out="$root/benchmarks/target/anchors"
mkdir -p "$out"
graal="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$root/js-host/target/graal-upgrade"
jmh_args=()
warmup=20000
if [ "${1:-}" = quick ]; then
  jmh_args=(-wi 3 -w 3s -i 2 -r 2s)
  warmup=3000
fi
: > "$out/anchors.jsonl"
node "$here/node-anchor.mjs" "$warmup" | tee -a "$out/anchors.jsonl"
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  node "$here/chromium-anchor.mjs" "$warmup" | tee -a "$out/anchors.jsonl"
else
  echo "chromium not installed (apt-get install -y chromium): Chromium anchor skipped" >&2
fi
# shellcheck disable=SC2086
"$java" $graal --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED \
  -jar "${BENCH_JAR:-$root/benchmarks/target/benchmarks.jar}" "${JMH_FILTER:-dev.pepperjack.bench.jshost}" \
  -rf json -rff "$out/jshost-jmh.json" "${jmh_args[@]}" | grep -E '^(Benchmark|Js)' || true
node "$here/compare.mjs" "$out/jshost-jmh.json" "$out/anchors.jsonl" | tee "$out/report.md"
