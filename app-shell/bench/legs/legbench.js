let upId = 1;
let SYNC = false;
function xhr(method, path, body, done) {
  const x = new XMLHttpRequest();
  x.open(method, BASE + path + '?k=' + K, !SYNC);
  if (SYNC) { try { x.send(body); } catch (e) { J.log('sync ' + e); } done(x.status); return; }
  x.responseType = 'arraybuffer';
  x.onload = () => done(x.status, x.response);
  x.onerror = () => done(-1);
  x.send(body);
}
function many(method, n, pathOf, bodyOf, done) {
  let left = n; for (let i = 0; i < n; i++) xhr(method, pathOf(i), bodyOf(i), (st) => { if (st !== 200) J.log('status ' + st); if (--left === 0) done(); });
}
const SIZE = 16 << 20;
function stats(name, ts) { ts.sort((a,b)=>a-b); J.log(name + ' min ' + ts[0].toFixed(1) + ' p50 ' + ts[ts.length>>1].toFixed(1) + ' ms  => ' + (SIZE/1e6/(ts[ts.length>>1]/1e3)).toFixed(0) + ' MB/s (one leg)'); }
function runDown(parts, rounds, done) {
  const ts = []; let r = 0;
  const one = () => {
    const ids = []; for (let i = 0; i < parts; i++) ids.push(J.offer(SIZE / parts));
    const t0 = J.now(); const c0 = J.cpu();
    many('GET', parts, (i) => '/down/' + ids[i], () => null, () => { const t1 = J.now(); J.log('down wall ' + (t1 - t0).toFixed(1) + ' fxcpu ' + (J.cpu() - c0).toFixed(1)); ts.push(t1 - t0); if (++r < rounds) setTimeout(one, 200); else { stats('down x' + parts, ts); done(); } });
  };
  one();
}
function runUp(parts, rounds, done) {
  const ts = []; let r = 0; const bufs = []; for (let i = 0; i < parts; i++) bufs.push(new Uint8Array(SIZE / parts).buffer);
  const one = () => {
    const ids = []; for (let i = 0; i < parts; i++) ids.push(upId++);
    const t0 = J.now(); const c0 = J.cpu();
    many('POST', parts, (i) => '/up/' + ids[i], (i) => bufs[i], () => { const t1 = J.now(); J.log('up wall ' + (t1 - t0).toFixed(1) + ' fxcpu ' + (J.cpu() - c0).toFixed(1)); ts.push(t1 - t0); try { ids.forEach((id) => J.take('' + id, SIZE / parts)); } catch (e) { J.log('take ' + e); } if (++r < rounds) setTimeout(one, 200); else { stats('up x' + parts, ts); done(); } });
  };
  one();
}
const plan = [];
for (const step of PLAN.split(',')) { const [d, parts, rounds] = step.split(':'); plan.push((k) => { SYNC = d === 'sup'; (d === 'down' ? runDown : runUp)(+parts, +rounds, k); }); }
let k = 0; const next = () => { if (k < plan.length) plan[k++](next); else J.done(); };
J.log('start'); next();
