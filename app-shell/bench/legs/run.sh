#!/usr/bin/env bash
# Scratch harness: one bulk leg at a time against the real InProcessHttp + BulkChannel in a bare
# WebView (no module, no page API). Needs the shell jar (mvn -B -pl app-shell -am package -DskipTests).
#   flock /tmp/pepperjack-measure.lock app-shell/bench/legs/run.sh
# Prints one-leg figures. (An XHR ending in status -1 after 3-15 requests was this harness's own
# bug: its WebView was not held, and a GC collected it with its page.)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$root/app-shell/target/app-shell-0.1.0-SNAPSHOT-all.jar"
out="$root/app-shell/target/legs"
mkdir -p "$out"
"$jdk/bin/javac" -nowarn -cp "$jar" -d "$out" "$here/LegBench.java"
cp "$here/legbench.js" "$out/"
timeout 120 xvfb-run -a "$jdk/bin/java" -Dprism.order=sw -cp "$out:$jar" dev.pepperjack.shell.internal.LegBench
