#!/usr/bin/env bash
# Start-cost anchor: the sandbox JVM's own start (SandboxMain --train: JVM, JNA, runtime library,
# policy and seccomp program, then exit) run plainly, under pj-launch (Landlock + namespaces) and
# with an AOT cache made like the host makes it, and under bubblewrap
# (apt-get install -y bubblewrap), N times each, interleaved, median ms.
# Run after `mvn -B -pl native-sandbox -am test-compile` from the repository root:
#   native-sandbox/bench/start-anchor.sh [N]
set -euo pipefail
N=${1:-15}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JH=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
NS=$(cd "$(dirname "$0")/.." && pwd)
NATIVE=$NS/target/classes/dev/pepperjack/sandbox/native/linux-x86-64
CACHE=${TMPDIR:-/tmp}/pepperjack-native-$(id -un)
JNA_DIR=$(ls -d "$CACHE"/jna-* | head -1)
CP="$(ls "$CACHE"/sandbox-classes-*.jar | head -1):$(ls ~/.m2/repository/net/java/dev/jna/jna/5.19.1/jna-5.19.1.jar)"
FLAGS=(-Xmx24m -Xms8m -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC
  -XX:-UsePerfData --enable-native-access=ALL-UNNAMED -Djna.nounpack=true -Djna.nosys=true
  -Djna.boot.library.path=$JNA_DIR -Dpepperjack.sandbox.runtime=$NATIVE/libpjsandbox.so)
DATA=$(mktemp -d); SHM=$(mktemp -p /dev/shm)
trap 'rm -rf "$DATA" "$SHM"' EXIT
plain() { "$JAVA" "${FLAGS[@]}" -cp "$CP" dev.pepperjack.sandbox.internal.SandboxMain --train; }
pjlaunch() { "$NATIVE/pj-launch" --shm "$SHM" --cwd "$DATA" --rx "$JH" --rx "$NATIVE" --rx "$JNA_DIR" \
  --rx /usr/lib --rx /lib --rx /lib64 --ro /etc/ld.so.cache --ro /proc/self --ro "$CACHE" \
  --ro "$HOME/.m2/repository/net/java/dev/jna" -- "$JAVA" "${FLAGS[@]}" -cp "$CP" \
  dev.pepperjack.sandbox.internal.SandboxMain --train; }
JSA=$DATA/anchor.aot
"$JAVA" "${FLAGS[@]}" -XX:AOTCacheOutput="$JSA" -cp "$CP" dev.pepperjack.sandbox.internal.SandboxMain --train >/dev/null 2>&1
pjlaunch_aot() { [ -n "$JSA" ] || return 1; "$NATIVE/pj-launch" --shm "$SHM" --cwd "$DATA" --rx "$JH" --rx "$NATIVE" --rx "$JNA_DIR" \
  --rx /usr/lib --rx /lib --rx /lib64 --ro /etc/ld.so.cache --ro /proc/self --ro "$CACHE" \
  --ro "$HOME/.m2/repository/net/java/dev/jna" -- "$JAVA" "${FLAGS[@]}" -XX:AOTCache="$JSA" -cp "$CP" \
  dev.pepperjack.sandbox.internal.SandboxMain --train; }
bubblewrap() { bwrap --ro-bind /usr /usr --symlink usr/lib /lib --symlink usr/lib64 /lib64 \
  --ro-bind /etc/ld.so.cache /etc/ld.so.cache --ro-bind "$JH" "$JH" --ro-bind "$CACHE" "$CACHE" \
  --ro-bind "$HOME/.m2/repository/net/java/dev/jna" "$HOME/.m2/repository/net/java/dev/jna" \
  --ro-bind "$NS/target/classes" "$NS/target/classes" --proc /proc --dev /dev --bind "$DATA" "$DATA" \
  --chdir "$DATA" --unshare-user --unshare-net --unshare-ipc --unshare-pid --die-with-parent \
  "$JAVA" "${FLAGS[@]}" -cp "$CP" dev.pepperjack.sandbox.internal.SandboxMain --train; }
declare -A times
for i in $(seq "$N"); do
  for mode in plain pjlaunch pjlaunch_aot bubblewrap; do
    t0=$(date +%s%N); $mode >/dev/null 2>&1 || { echo "$mode failed"; exit 1; }; t1=$(date +%s%N)
    times[$mode]+="$(( (t1 - t0) / 1000000 )) "
  done
done
for mode in plain pjlaunch pjlaunch_aot bubblewrap; do
  echo "$mode: median $(echo ${times[$mode]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms  (${times[$mode]})"
done
uptime
