// Replies {types: {field: 'Float32Array(3)', ...}, echo: value}: shows what arrived with which type.
function describe(v) {
  if (v === null) return 'null';
  if (v instanceof ArrayBuffer) return 'ArrayBuffer(' + v.byteLength + ')';
  if (ArrayBuffer.isView(v)) return v.constructor.name + '(' + (v.length ?? v.byteLength) + ')';
  if (Array.isArray(v)) return 'Array(' + v.length + ')';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  return typeof v;
}
onmessage = (e) => {
  const types = {};
  for (const [k, v] of Object.entries(e.data)) {
    types[k] = describe(v);
  }
  postMessage({types, echo: e.data});
};
