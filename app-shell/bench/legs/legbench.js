let upId = 1;
function xhr(method, path, body, done) {
  const x = new XMLHttpRequest();
  x.open(method, BASE + path + '?k=' + K);
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
    const t0 = J.now();
    many('GET', parts, (i) => '/down/' + ids[i], () => null, () => { ts.push(J.now() - t0); if (++r < rounds) one(); else { stats('down x' + parts, ts); done(); } });
  };
  one();
}
function runUp(parts, rounds, done) {
  const ts = []; let r = 0; const bufs = []; for (let i = 0; i < parts; i++) bufs.push(new Uint8Array(SIZE / parts).buffer);
  const one = () => {
    const ids = []; for (let i = 0; i < parts; i++) ids.push(upId++);
    const t0 = J.now();
    many('POST', parts, (i) => '/up/' + ids[i], (i) => bufs[i], () => { ts.push(J.now() - t0); try { ids.forEach((id) => J.take('' + id, SIZE / parts)); } catch (e) { J.log('take ' + e); } if (++r < rounds) one(); else { stats('up x' + parts, ts); done(); } });
  };
  one();
}
const plan = [];
plan.push((d) => runUp(1, 10, d));
plan.push((d) => runDown(1, 15, d));
let k = 0; const next = () => { if (k < plan.length) plan[k++](next); else J.done(); };
J.log('start'); next();
