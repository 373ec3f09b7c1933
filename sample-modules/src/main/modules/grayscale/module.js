// {op: 'gray', pixels: ArrayBuffer (RGBA)} -> {op: 'gray', pixels: ArrayBuffer, millis}.
onmessage = (e) => {
  const msg = e.data;
  if (!msg || msg.op !== 'gray' || !(msg.pixels instanceof ArrayBuffer)) {
    throw new TypeError("expected {op: 'gray', pixels: ArrayBuffer}");
  }
  const src = new Uint8Array(msg.pixels);
  const out = new Uint8Array(src.length);
  const t0 = Date.now();
  for (let i = 0; i < src.length; i += 4) {
    // ITU-R BT.601 luma, in integers.
    const y = (src[i] * 299 + src[i + 1] * 587 + src[i + 2] * 114) / 1000 | 0;
    out[i] = out[i + 1] = out[i + 2] = y;
    out[i + 3] = src[i + 3];
  }
  postMessage({op: 'gray', pixels: out.buffer, millis: Date.now() - t0});
};
