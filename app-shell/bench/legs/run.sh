#!/usr/bin/env bash
# Scratch harness: one bulk leg at a time against the real InProcessHttp + BulkChannel in a bare
# WebView (no module, no page API; Java's clock; "fxcpu" is the FX thread's CPU time in the leg).
# Needs the shell jar (mvn -B -pl app-shell -am package -DskipTests).
#   flock /tmp/pepperjack-measure.lock app-shell/bench/legs/run.sh [gtk|monocle] [PLAN] [java flags]
# PLAN: comma-separated DIR:PARTS:ROUNDS, DIR = up (asynchronous XHR), sup (synchronous XHR) or
# down; PARTS requests of 16 MiB / PARTS each, side by side. -Dbatch=true installs the shell's
# BatchedWebCallbacks, as the shell does. Default: gtk (xvfb-run), the shell's path today:
#   gtk sup:1:3,sup:1:10,up:1:10,down:1:10,down:2:10 -Dbatch=true
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$root/app-shell/target/app-shell-0.1.0-SNAPSHOT-all.jar"
out="$root/app-shell/target/legs"
mkdir -p "$out"
"$jdk/bin/javac" -nowarn -cp "$jar" -d "$out" "$here/LegBench.java"
cp "$here/legbench.js" "$out/"
mode="${1:-gtk}"
plan="${2:-sup:1:3,sup:1:10,up:1:10,down:1:10,down:2:10}"
shift $(( $# < 2 ? $# : 2 ))
flags=("$@")
[ $# -gt 0 ] || flags=(-Dbatch=true)
if [ "$mode" = monocle ]; then
  timeout 120 "$jdk/bin/java" -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
    -Dplan="$plan" "${flags[@]}" -cp "$out:$jar" dev.pepperjack.shell.internal.LegBench
else
  timeout 120 xvfb-run -a "$jdk/bin/java" -Dprism.order=sw -Dplan="$plan" "${flags[@]}" \
    -cp "$out:$jar" dev.pepperjack.shell.internal.LegBench
fi
