// Chromium page <-> dedicated Worker anchor: serves the page on 127.0.0.1 with COOP/COEP (so
// performance.now() has fine steps), runs headless Chromium on it, prints what the page posts back.
import http from 'node:http';
import {readFile, mkdtemp, rm} from 'node:fs/promises';
import {spawn} from 'node:child_process';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const warmupMs = Number(process.argv[2] || 5000);
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const types = {'.html': 'text/html', '.js': 'text/javascript'};

let done;
const result = new Promise((r) => { done = r; });
const server = http.createServer(async (req, res) => {
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (req.method === 'POST' && req.url === '/result') {
    let body = '';
    for await (const chunk of req) body += chunk;
    res.writeHead(204, headers).end();
    done(body);
    return;
  }
  const name = path.basename(new URL(req.url, 'http://x').pathname) || 'page.html';
  try {
    const data = await readFile(path.join(here, name));
    res.writeHead(200, {...headers, 'Content-Type': types[path.extname(name)] || 'text/plain'}).end(data);
  } catch {
    res.writeHead(404, headers).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/page.html?warmup=${warmupMs}`;
const profile = await mkdtemp(path.join(tmpdir(), 'pj-chromium-'));
const browser = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${profile}`, url], {stdio: 'ignore'});
const timeout = setTimeout(() => done(JSON.stringify({anchor: 'chromium-worker', error: 'timed out'})), 300000);
console.log(await result);
clearTimeout(timeout);
// Chromium's helper processes may still write into the profile as the browser dies: wait for the
// exit, and let rm retry while they finish.
const exited = new Promise((r) => (browser.exitCode !== null || browser.signalCode !== null ? r() : browser.once('exit', r)));
browser.kill('SIGKILL');
await exited;
server.close();
await rm(profile, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
