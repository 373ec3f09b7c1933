// Prints Pepperjack's script-module figures (JMH JSON) next to the anchors measured in the same
// run, as ratios. Usage: node compare.mjs <jmh.json> <anchors.jsonl>
import {readFileSync} from 'node:fs';

const [jmhFile, anchorFile] = process.argv.slice(2);
const jmh = JSON.parse(readFileSync(jmhFile, 'utf8'));
const anchors = {};
for (const line of readFileSync(anchorFile, 'utf8').split('\n')) {
  if (!line.trim().startsWith('{')) continue;
  const a = JSON.parse(line);
  anchors[a.anchor] = a;
}
const find = (name, params = {}) => jmh.find((b) => b.benchmark.endsWith(name)
  && Object.entries(params).every(([k, v]) => b.params && b.params[k] === v));
const MiB16 = 16 * 1024 * 1024;
const rows = [];
const fmt = (x, d = 1) => (x === undefined || Number.isNaN(x)) ? 'n/a' : x.toFixed(d);
const node = anchors['node-worker_threads'] || {};
const chrome = anchors['chromium-worker'] || {};
// Lower is better for latency: ratio = anchor / ours (how many times faster we are).
function latencyRow(label, ours, key) {
  rows.push([label, fmt(ours), fmt(chrome[key]), fmt(node[key]),
    fmt(chrome[key] / ours, 2) + 'x', fmt(node[key] / ours, 2) + 'x']);
}
function rateRow(label, ours, key) {
  rows.push([label, fmt(ours, 0), fmt(chrome[key], 0), fmt(node[key], 0),
    fmt(ours / chrome[key], 2) + 'x', fmt(ours / node[key], 2) + 'x']);
}
for (const handler of ['echo', 'rebuild']) {
  const lat = find('JsModuleRoundTripBench.latency', {handler});
  const pip = find('JsModuleRoundTripBench.pipelined', {handler});
  if (lat) {
    latencyRow(`1 KB dict round trip p50 µs (${handler})`, lat.primaryMetric.scorePercentiles['50.0'], 'dict_p50_us');
    latencyRow(`1 KB dict round trip p99 µs (${handler})`, lat.primaryMetric.scorePercentiles['99.0'], 'dict_p99_us');
  }
  if (pip) rateRow(`1 KB dict pipelined round trips/s (${handler})`, pip.primaryMetric.score, 'dict_pipelined_rt_per_s');
}
const rt = find('JsModuleBulkBench.roundTrip');
if (rt) rateRow('16 MiB ArrayBuffer round trip MB/s', 2 * MiB16 / 1e6 / (rt.primaryMetric.score / 1000), 'bulk16m_roundtrip_mb_per_s');
console.log('| measure | Pepperjack JS module | Chromium worker | Node worker_threads | vs Chromium | vs Node |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log('| ' + r.join(' | ') + ' |');

const ms = (n) => { const b = find(n); return b ? b.primaryMetric.score : NaN; };
const mbps = (t) => MiB16 / 1e6 / (t / 1000);
console.log('\n| 16 MiB, one way | MB/s | vs System.arraycopy | vs clone (fresh memory) |');
console.log('| --- | --- | --- | --- |');
for (const [label, name] of [['into a module', 'JsModuleBulkBench.in'], ['out of a module', 'JsModuleBulkBench.out'],
  ['System.arraycopy', 'JsModuleBulkBench.javaArraycopy'], ['byte[].clone', 'JsModuleBulkBench.javaClone']]) {
  const t = ms(name);
  console.log(`| ${label} | ${fmt(mbps(t), 0)} | ${fmt(ms('JsModuleBulkBench.javaArraycopy') / t, 2)}x | ${fmt(ms('JsModuleBulkBench.javaClone') / t, 2)}x |`);
}
const java = ms('JsKernelBench.java');
console.log('\n| grayscale over 16 MiB | ms | JS time / Java time |');
console.log('| --- | --- | --- |');
for (const [label, name] of [['plain Java', 'JsKernelBench.java'], ['JS module, its own buffer', 'JsKernelBench.jsOwnBuffer'],
  ['JS module, the received buffer', 'JsKernelBench.jsReceivedBuffer']]) {
  console.log(`| ${label} | ${fmt(ms(name), 2)} | ${fmt(ms(name) / java, 2)} |`);
}
const conv = jmh.filter((b) => b.benchmark.includes('JsConversionBench') || b.benchmark.includes('JsQueueCopyBench'));
if (conv.length) {
  console.log('\n| in-thread, ≈1 KB dict (no hand-over) | µs |');
  console.log('| --- | --- |');
  for (const b of conv) {
    const what = b.benchmark.endsWith('queueCopy') ? 'queue copy at send (Vars.copyOf)' : `deliver, handler ${b.params && b.params.handler}`;
    console.log(`| ${what} | ${fmt(b.primaryMetric.score, 2)} |`);
  }
}
