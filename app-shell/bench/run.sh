#!/usr/bin/env bash
# The page bridge against headless Chromium's page <-> Worker, side by side in one run:
#   app-shell/bench/run.sh [WARMUP_MS]      (default 30000; Truffle needs >= 20 s on 2 cores)
# Needs: a built shell (mvn -B -pl app-shell -am package -DskipTests), xvfb-run
# (apt-get install -y --no-install-recommends xvfb libgtk-3-0), node and chromium for the anchor
# (apt-get install -y chromium nodejs). Results land in app-shell/target/bench/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
jar="$root/app-shell/target/app-shell-0.1.0-SNAPSHOT-all.jar"
graal="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$root/app-shell/target/graal-upgrade"
warm="${1:-30000}"
out="$root/app-shell/target/bench"
mkdir -p "$out"

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && command -v node > /dev/null; then
  # The anchor script may fail cleaning up its profile after printing; keep what it printed.
  node "$root/benchmarks/anchors/chromium-anchor.mjs" "$warm" > "$out/chromium.json" || true
else
  echo '{"error": "chromium or node not installed"}' > "$out/chromium.json"
fi
for m in echo native-echo; do
  # shellcheck disable=SC2086
  # -Dpepperjack.hops=true + hops=1: the page also reports where a round trip's time goes.
  xvfb-run -a "$java" $graal -Dprism.order=sw -Dpepperjack.hops=true -jar "$jar" \
    --bench "warm=$warm&n=10000&module=modules/$m&hops=1" 2> "$out/$m.log" | sed -n 's/^bench //p' > "$out/$m.json"
done
: > "$out/ready.txt"
# Start-up as a user gets it: the launcher's runtime image and start-up cache (made on its first run).
"$root/bin/pepperjack" --headless --exit-when-ready > /dev/null 2>&1 || true
for i in 1 2 3; do
  "$root/bin/pepperjack" --headless --report-ready --exit-when-ready 2> /dev/null | grep '^ready' >> "$out/ready.txt"
done

node - "$out" << 'JS'
const fs = require('fs');
const dir = process.argv[2];
const read = (f) => { try { return JSON.parse(fs.readFileSync(dir + '/' + f, 'utf8')); } catch (e) { return {error: String(e)}; } };
const c = read('chromium.json'), js = read('echo.json'), nat = read('native-echo.json');
const num = (v) => (typeof v === 'number' ? v : NaN);
const row = (what, ours, theirs, lowerBetter) => {
  const ratio = lowerBetter ? theirs / ours : ours / theirs;
  console.log('| ' + what + ' | ' + (Number.isFinite(ours) ? ours.toFixed(0) : '—') + ' | ' +
    (Number.isFinite(theirs) ? theirs.toFixed(0) : '—') + ' | ' + (Number.isFinite(ratio) ? ratio.toFixed(2) + 'x' : '—') + ' |');
};
console.log('| measure | Pepperjack | Chromium worker | Pepperjack advantage |');
console.log('| --- | --- | --- | --- |');
for (const [name, r] of [['GraalJS', js], ['native', nat]]) {
  if (r.error || !r.dictSequential) { console.log('| ' + name + ' | failed: ' + (r.error || 'no result') + ' | | |'); continue; }
  row('≈1 KB dict p50 µs, ' + name, r.dictSequential.p50, num(c.dict_p50_us), true);
  row('≈1 KB dict p99 µs, ' + name, r.dictSequential.p99, num(c.dict_p99_us), true);
  row('≈1 KB dict p50 µs with await, ' + name, r.dictSequentialAwait.p50, num(c.dict_p50_us), true);
  row('≈1 KB dict pipelined rt/s, ' + name, r.dictPipelined.perSecond, num(c.dict_pipelined_rt_per_s), false);
  row('16 MiB copy MB/s, first 10 rounds, ' + name, r.bulk16MiB.mbPerSecond, num(c.bulk16m_roundtrip_mb_per_s), false);
  if (r.bulk16MiBSteady) row('16 MiB copy MB/s, the next 10 (steady), ' + name, r.bulk16MiBSteady.mbPerSecond, num(c.bulk16m_steady_roundtrip_mb_per_s), false);
  // Not the anchor's work: a Worker's transfer list moves the buffer without copying it at all.
  if (r.bulk16MiBTransfer) console.log('| 16 MiB MB/s, the page transferring its buffer (the module still gets a copy), ' + name + ' | ' + r.bulk16MiBTransfer.mbPerSecond + ' | (not measured: no copy there) | |');
  if (r.clockReadMicros) console.log('| clock read in each timed round trip (nowMicros, a Java call) p50 µs, ' + name + ' | ' + r.clockReadMicros.p50.toFixed(1) + ' | (performance.now) | |');
}
for (const [name, r] of [['GraalJS', js], ['native', nat]]) {
  if (r.hops) {
    console.log('\nwhere a ≈1 KB round trip goes, ' + name + ' (p10 / p50 / p90 µs):');
    for (const [hop, v] of Object.entries(r.hops)) console.log('  ' + hop + ': ' + v.join(' / '));
  }
  if (r.bulkHops) {
    console.log('\nwhere a 16 MiB round trip goes, ' + name + ' (10 rounds; p10 / p50 / p90 µs):');
    for (const [hop, v] of Object.entries(r.bulkHops)) console.log('  ' + hop + ': ' + v.join(' / '));
  }
}
console.log('\nchromium raw: ' + JSON.stringify(c));
console.log(fs.readFileSync(dir + '/ready.txt', 'utf8'));
JS
