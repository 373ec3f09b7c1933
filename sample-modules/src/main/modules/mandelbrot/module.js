// Draws into the rectangle its <embed> owns: {op: 'embed', width, height} starts it,
// {op: 'zoom', x, y} zooms around a point of the rectangle. Posts frames a band of rows at a time,
// {frame: {x: 0, y, width, height: rows, pixels}}, so no single task runs long.
const BAND = 4;
let width = 0;
let height = 0;
let cx = -0.6;
let cy = 0;
let scale = 3.2;
let generation = 0;

function band(gen, y0) {
  if (gen !== generation || y0 >= height) {
    return;
  }
  const rows = Math.min(BAND, height - y0);
  const px = new Uint8ClampedArray(width * rows * 4);
  const maxIter = 48;
  for (let r = 0; r < rows; r++) {
    const ci = cy + ((y0 + r) / height - 0.5) * scale * height / width;
    for (let x = 0; x < width; x++) {
      const cr = cx + (x / width - 0.5) * scale;
      let zr = 0;
      let zi = 0;
      let n = 0;
      while (n < maxIter && zr * zr + zi * zi < 4) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        n++;
      }
      const o = (r * width + x) * 4;
      const v = n === maxIter ? 0 : n / maxIter;
      px[o] = 255 * Math.min(1, v * 3);
      px[o + 1] = 255 * Math.min(1, v * 1.5);
      px[o + 2] = 80 + 175 * v;
      px[o + 3] = 255;
    }
  }
  postMessage({frame: {x: 0, y: y0, width, height: rows, pixels: px}, done: y0 + rows >= height});
  setTimeout(() => band(gen, y0 + rows), 0);
}

onmessage = (e) => {
  const m = e.data;
  if (m.op === 'embed') {
    width = m.width;
    height = m.height;
  } else if (m.op === 'zoom') {
    cx += (m.x / width - 0.5) * scale;
    cy += (m.y / height - 0.5) * scale * height / width;
    scale /= 2;
  } else {
    return;
  }
  generation++;
  console.log('drawing at scale ' + scale);
  band(generation, 0);
};
