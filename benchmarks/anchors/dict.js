// The ≈1 KB dictionary of the anchors, the same shape as dev.pepperjack.bench.bridge.SmallDict:
// nested object, strings, numbers, arrays and a 64-byte ArrayBuffer.
export function smallDict() {
  const blob = new Uint8Array(64);
  for (let i = 0; i < 64; i++) blob[i] = i;
  const items = [];
  for (let i = 0; i < 8; i++) {
    items.push({id: 1000 + i, name: 'item-' + i + '-of-the-catalogue', price: 9.99 + i, tags: ['red', 'small']});
  }
  const matrix = [];
  for (let i = 0; i < 16; i++) matrix.push(i * 0.5);
  return {
    type: 'update', seq: 123456, timestamp: 1.7e12, ok: true, missing: null,
    user: {name: 'Ada Lovelace', email: 'ada@example.org', roles: ['admin', 'editor']},
    items, matrix,
    note: 'The quick brown fox jumps over the lazy dog. '.repeat(3),
    blob: blob.buffer,
  };
}
