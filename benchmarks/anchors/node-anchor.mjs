// Node worker_threads anchor: main thread <-> worker echo, the same measure as the Chromium page.
import {Worker} from 'node:worker_threads';
import {smallDict} from './dict.js';
import {measure} from './measure.js';

const worker = new Worker(`
  const {parentPort} = require('node:worker_threads');
  parentPort.on('message', (v) => parentPort.postMessage(v));
`, {eval: true});
const warmupMs = Number(process.argv[2] || 5000);
let handler = null;
worker.on('message', () => handler());
const result = await measure({
  post: (v) => worker.postMessage(v),
  onReply: (fn) => { handler = fn; },
  now: () => Number(process.hrtime.bigint()) / 1000,
  dict: smallDict(),
  big: new Uint8Array(16 << 20).fill(3).buffer,
  warmupMs,
});
console.log(JSON.stringify({anchor: 'node-worker_threads', node: process.version, ...result}));
await worker.terminate();
