// The measuring loop shared by the Node and Chromium anchors. `post(v)` sends to the worker;
// `onReply(fn)` installs the reply handler; `now()` is a microsecond clock.
export async function measure({post, onReply, now, dict, big, warmupMs, log}) {
  let resolve = null;
  let pending = 0;
  onReply(() => {
    if (--pending === 0 && resolve) { const r = resolve; resolve = null; r(); }
  });
  const trip = (v, n = 1) => new Promise((res) => { resolve = res; pending = n; for (let i = 0; i < n; i++) post(v); });

  const t0 = now();
  while (now() - t0 < warmupMs * 1000) {
    await trip(dict);
    await trip(dict, 100);
  }
  const lat = [];
  for (let i = 0; i < 10000; i++) {
    const s = now();
    await trip(dict);
    lat.push(now() - s);
  }
  lat.sort((a, b) => a - b);
  const pipelined = [];
  for (let r = 0; r < 5; r++) {
    const s = now();
    await trip(dict, 1000);
    pipelined.push(1000 / ((now() - s) / 1e6));
  }
  pipelined.sort((a, b) => a - b);
  // Seven rounds straight after the small messages, then seven more at once: the second set is a
  // stream of such buffers, once the allocators have adapted to their size.
  const bulkRounds = async () => {
    const mbs = [];
    for (let r = 0; r < 7; r++) {
      const s = now();
      await trip(big);
      mbs.push((2 * big.byteLength / 1e6) / ((now() - s) / 1e6));
    }
    return mbs.sort((a, b) => a - b);
  };
  const bulk = await bulkRounds();
  const bulkSteady = await bulkRounds();
  const result = {
    dict_p50_us: lat[Math.floor(lat.length * 0.5)],
    dict_p99_us: lat[Math.floor(lat.length * 0.99)],
    dict_pipelined_rt_per_s: pipelined[2],
    bulk16m_roundtrip_mb_per_s: bulk[3],
    bulk16m_steady_roundtrip_mb_per_s: bulkSteady[3],
  };
  if (log) log(result);
  return result;
}
