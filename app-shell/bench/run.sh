#!/usr/bin/env bash
# The page bridge against headless Chromium's page <-> Worker, side by side in one run:
#   app-shell/bench/run.sh [WARMUP_MS]      (default 30000; Truffle needs >= 20 s on 2 cores)
#   RUNS=N app-shell/bench/run.sh           (default 3 passes: Chromium, GraalJS, native in turn,
#                                            each figure the median of its passes, both sides alike)
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
runs="${RUNS:-3}"
out="$root/app-shell/target/bench"
mkdir -p "$out"
rm -f "$out"/*.json

# Passes in turn, so that each side meets the machine's good and bad minutes alike.
for ((r = 1; r <= runs; r++)); do
  echo "pass $r of $runs" >&2
  if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && command -v node > /dev/null; then
    # The anchor script may fail cleaning up its profile after printing; keep what it printed.
    node "$root/benchmarks/anchors/chromium-anchor.mjs" "$warm" > "$out/chromium.$r.json" || true
  else
    echo '{"error": "chromium or node not installed"}' > "$out/chromium.$r.json"
  fi
  for m in echo native-echo; do
    # shellcheck disable=SC2086
    # -Dpepperjack.hops=true + hops=1: the page also reports where a round trip's time goes.
    xvfb-run -a "$java" $graal -Dprism.order=sw -Dpepperjack.hops=true -jar "$jar" \
      --bench "warm=$warm&n=10000&module=modules/$m&hops=1" 2> "$out/$m.$r.log" | sed -n 's/^bench //p' > "$out/$m.$r.json"
  done
done
: > "$out/ready.txt"
# Start-up as a user gets it: the launcher's runtime image and start-up cache (made on its first run).
"$root/bin/pepperjack" --headless --exit-when-ready > /dev/null 2>&1 || true
for i in 1 2 3; do
  "$root/bin/pepperjack" --headless --report-ready --exit-when-ready 2> /dev/null | grep '^ready' >> "$out/ready.txt"
done

node - "$out" "$runs" << 'JS'
const fs = require('fs');
const dir = process.argv[2];
const runs = Number(process.argv[3]);
const readOne = (f) => { try { return JSON.parse(fs.readFileSync(dir + '/' + f, 'utf8')); } catch (e) { return {error: String(e)}; } };
// Each figure the median of the passes that gave it (numbers, and arrays of them, key by key).
const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const merge = (vs) => {
  const got = vs.filter((v) => v !== undefined && v !== null);
  if (got.length === 0) return undefined;
  if (got.every((v) => typeof v === 'number')) return median(got);
  if (got.every((v) => Array.isArray(v))) return got[0].map((_, i) => merge(got.map((a) => a[i])));
  if (got.every((v) => typeof v === 'object')) {
    const o = {};
    for (const k of new Set(got.flatMap(Object.keys))) o[k] = merge(got.map((v) => v[k]));
    return o;
  }
  return got[0];
};
const read = (name) => {
  const all = Array.from({ length: runs }, (_, i) => readOne(name + '.' + (i + 1) + '.json'));
  const ok = all.filter((r) => !r.error);
  return ok.length ? merge(ok) : all[0];
};
const c = read('chromium'), js = read('echo'), nat = read('native-echo');
console.log('each figure: the median of ' + runs + ' pass(es), Chromium\'s and ours alike; the passes:');
const f0 = (v) => (typeof v === 'number' ? v.toFixed(0) : '—');
for (let i = 1; i <= runs; i++) {
  const [cc, jj, nn] = ['chromium', 'echo', 'native-echo'].map((n) => readOne(n + '.' + i + '.json'));
  const p50 = (r) => f0(r.dictSequential && r.dictSequential.p50);
  const mb = (r) => f0(r.bulk16MiB && r.bulk16MiB.mbPerSecond);
  console.log('  pass ' + i + ': ≈1 KB p50 µs GraalJS ' + p50(jj) + ', native ' + p50(nn) + ', Chromium ' + f0(cc.dict_p50_us) +
    '; 16 MiB first rounds MB/s GraalJS ' + mb(jj) + ', native ' + mb(nn) + ', Chromium ' + f0(cc.bulk16m_roundtrip_mb_per_s));
}
console.log('');
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
// A hop table (bench.html's hops()): each hop's p10 / p50 / p90; turnRounds counts the rounds
// that had a delivery turn of their own.
const printHops = (title, h) => {
  if (!h) return;
  console.log('\n' + title);
  for (const [hop, v] of Object.entries(h)) {
    if (Array.isArray(v)) console.log('  ' + hop + (hop.startsWith('encoded → turn') ? ': ' + h.turnRounds : '') + ': ' + v.join(' / '));
  }
};
for (const [name, r] of [['GraalJS', js], ['native', nat]]) {
  printHops('where a ≈1 KB round trip goes, ' + name + ' (p10 / p50 / p90 µs):', r.hops);
  printHops('where a 16 MiB round trip goes, ' + name + ' (10 rounds; p10 / p50 / p90 µs):', r.bulkHops);
}
console.log('\nchromium (medians): ' + JSON.stringify(c));
console.log(fs.readFileSync(dir + '/ready.txt', 'utf8'));
JS
