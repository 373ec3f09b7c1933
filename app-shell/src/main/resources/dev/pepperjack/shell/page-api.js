// The page API, injected by the shell into every page after it loads (see app-shell/README.md).
// Runs once per page; returns the element the shell dispatches deliveries on. The Java object
// arrives as window.__pepperjackNative and is removed at once: only this closure can reach it.
(function () {
  'use strict';
  const native = window.__pepperjackNative;
  delete window.__pepperjackNative;
  if (!native || window.pepperjack) {
    return null;
  }
  // The calls made per message, as page functions that reach Java directly where the shell could
  // make them (JscCalls.java), else the same calls on the LiveConnect object.
  let hot = window.__pepperjackHot || native;
  delete window.__pepperjackHot;
  const cfg = JSON.parse(native.session());
  // Captured now so that a page replacing them later cannot see or stall our bulk requests.
  const XHR = window.XMLHttpRequest;
  const VIEWS = {
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView,
  };
  if (typeof Float16Array === 'function') {
    VIEWS.Float16Array = Float16Array;
  }
  const handles = new Map();
  // The element the shell delivers on (set at the end). Held here, where api.load's closure keeps
  // it: WebKit drops a detached element's JS wrapper, and with it the listeners, once nothing in
  // the page's script references it, and deliveries would then reach nobody.
  let door = null;
  const requests = new Map();
  let nextRequest = 1;
  let nextBulk = 1;

  class PepperjackError extends Error {
    constructor(message, path) {
      super(message);
      this.name = 'PepperjackError';
      if (path !== undefined) {
        this.path = path;
      }
    }
  }

  function childPath(path, key) {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? path + '.' + key : path + '[' + JSON.stringify(key) + ']';
  }

  function refuse(what, path) {
    return new PepperjackError(what + ' cannot be sent (the value model has no such type) at ' + path, path);
  }

  function toBase64(u8) {
    if (typeof u8.toBase64 === 'function') {
      return u8.toBase64();
    }
    let s = '';
    for (let i = 0; i < u8.length; i += 0x8000) {
      s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
    }
    return btoa(s);
  }

  function fromBase64(s) {
    if (typeof Uint8Array.fromBase64 === 'function') {
      return Uint8Array.fromBase64(s);
    }
    const bin = atob(s);
    const u8 = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) {
      u8[i] = bin.charCodeAt(i);
    }
    return u8;
  }

  // Captured now, like XHR: a page replacing them later cannot change what the API sends.
  const stringify = JSON.stringify;
  const parseJson = JSON.parse;
  const isArray = Array.isArray;
  const keysOf = Object.keys;
  const protoOf = Object.getPrototypeOf;
  const defineProperty = Object.defineProperty;
  const OBJECT_PROTO = Object.prototype;
  const isView = ArrayBuffer.isView;
  const apply = Reflect.apply;
  const dateNow = Date.now;
  // ArrayBuffer.prototype.transfer (ES2024): detaches a buffer and hands its memory to a new one.
  const transferBuffer = typeof ArrayBuffer.prototype.transfer === 'function' ? ArrayBuffer.prototype.transfer : null;
  // A tagged node is an array whose first item starts with U+0000 (PageCodec.java has the list).
  const UNDEFINED_NODE = Object.freeze(['\u0000u']);
  /** Thrown inside the fast encoder when only the careful one can say what to do. */
  const CAREFUL = Object.freeze({});

  function isPlainNumber(v) {
    return v - v === 0 && (v !== 0 || 1 / v > 0);
  }

  function startsWithTag(a) {
    return a.length > 0 && typeof a[0] === 'string' && a[0].charCodeAt(0) === 0;
  }

  function setOwn(o, k, v) {
    if (k === '__proto__') {
      // Assigning would set the prototype: an own data property, as JSON.parse makes it.
      defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
    } else {
      o[k] = v;
    }
  }

  /**
   * The page's value in the shell's text form (PageCodec.java); large buffers go to bulkOut.
   * Fast path: one pass checks the value and swaps in tagged nodes for what JSON cannot say (only
   * the objects on the way to one are copied), then the engine's JSON.stringify writes the text:
   * script code is slow in this engine and its JSON is not. Anything unusual (a value that cannot
   * be sent, a cycle, a toJSON method, deep nesting) goes to the careful encoder, which spells the
   * path of a problem. A getter that answers differently on each read may be read twice here.
   */
  function encode(value, bulkOut) {
    const out = [];
    let text;
    try {
      text = stringify(prepare(value, 0, { ids: null, bulk: out }));
    } catch (e) {
      if (e !== CAREFUL) {
        throw e;
      }
      out.length = 0;
      text = encodeCarefully(value, out);
    }
    for (const b of out) {
      bulkOut.push(b);
    }
    return text;
  }

  function bufferNode(ab, ctx) {
    if (ctx.ids === null) {
      ctx.ids = new Map();
    }
    let id = ctx.ids.get(ab);
    if (id !== undefined) {
      return ['\u0000abr', id];
    }
    id = ctx.ids.size;
    ctx.ids.set(ab, id);
    if (ab.byteLength >= cfg.bulkThreshold) {
      const bulkId = nextBulk++;
      ctx.bulk.push({ id: bulkId, buffer: ab });
      return ['\u0000xb', id, ab.byteLength, bulkId];
    }
    return ['\u0000ab', id, toBase64(new Uint8Array(ab))];
  }

  function viewKind(v) {
    return v instanceof DataView ? 'DataView' : Object.keys(VIEWS).find((k) => v instanceof VIEWS[k]);
  }

  /** v itself when JSON.stringify writes it right; otherwise what it should write instead. */
  function prepare(v, depth, ctx) {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return isPlainNumber(v) ? v : ['\u0000d', v === 0 ? '-0' : String(v)];
      case 'undefined':
        return UNDEFINED_NODE;
      case 'bigint':
        if (v < -(2n ** 63n) || v >= 2n ** 63n) {
          throw CAREFUL;
        }
        return ['\u0000big', v.toString()];
      case 'object':
        break;
      default:
        throw CAREFUL;
    }
    if (v === null) {
      return v;
    }
    if (depth >= 128) {
      throw CAREFUL;
    }
    if (isArray(v)) {
      if (v.toJSON !== undefined) {
        throw CAREFUL;
      }
      const n = v.length;
      let copy = null;
      for (let i = 0; i < n; i++) {
        const x = v[i];
        const y = prepare(x, depth + 1, ctx);
        if (copy === null && y !== x) {
          copy = v.slice(0, i);
        }
        if (copy !== null) {
          copy.push(y);
        }
      }
      if (startsWithTag(v)) {
        return ['\u0000a'].concat(copy === null ? v : copy);
      }
      return copy === null ? v : copy;
    }
    const proto = protoOf(v);
    if (proto !== OBJECT_PROTO && proto !== null) {
      if (v instanceof ArrayBuffer) {
        return bufferNode(v, ctx);
      }
      if (isView(v)) {
        const kind = viewKind(v);
        if (!kind) {
          throw CAREFUL;
        }
        return ['\u0000ta', kind, bufferNode(v.buffer, ctx), v.byteOffset,
          kind === 'DataView' ? v.byteLength : v.length];
      }
      throw CAREFUL;
    }
    if (v.toJSON !== undefined) {
      throw CAREFUL;
    }
    const keys = keysOf(v);
    let copy = null;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const x = v[k];
      const y = prepare(x, depth + 1, ctx);
      if (copy === null && y !== x) {
        copy = {};
        for (let j = 0; j < i; j++) {
          setOwn(copy, keys[j], v[keys[j]]);
        }
      }
      if (copy !== null) {
        setOwn(copy, k, y);
      }
    }
    return copy === null ? v : copy;
  }

  /**
   * The same text, written out piece by piece: slower, but it sees everything and names the path
   * of whatever cannot be sent.
   */
  function encodeCarefully(value, bulkOut) {
    const ctx = { ids: null, bulk: bulkOut };
    const ancestors = [];
    const keys = [];
    function pathNow() {
      let p = '$';
      for (const k of keys) {
        p = typeof k === 'number' ? p + '[' + k + ']' : childPath(p, k);
      }
      return p;
    }
    function enc(v) {
      switch (typeof v) {
        case 'string': return stringify(v);
        case 'boolean': return v ? 'true' : 'false';
        case 'number':
        case 'undefined':
        case 'bigint':
          // The same leaf nodes as the fast path; of these only a BigInt past 64 bits is refused.
          try {
            return stringify(prepare(v, 0, ctx));
          } catch (e) {
            if (e !== CAREFUL) {
              throw e;
            }
            const path = pathNow();
            throw new PepperjackError('BigInt does not fit in 64 bits at ' + path, path);
          }
        case 'function': throw refuse('a function', pathNow());
        case 'symbol': throw refuse('a symbol', pathNow());
      }
      if (v === null) {
        return 'null';
      }
      if (ancestors.length >= 128) {
        const path = pathNow();
        throw new PepperjackError('nested deeper than 128 levels at ' + path, path);
      }
      if (v instanceof ArrayBuffer) {
        return stringify(bufferNode(v, ctx));
      }
      if (isView(v)) {
        const kind = viewKind(v);
        if (!kind) {
          throw refuse('a ' + v.constructor.name, pathNow());
        }
        return stringify(['\u0000ta', kind, bufferNode(v.buffer, ctx), v.byteOffset,
          kind === 'DataView' ? v.byteLength : v.length]);
      }
      if (ancestors.includes(v)) {
        const path = pathNow();
        throw new PepperjackError('reference cycle at ' + path, path);
      }
      let out;
      if (isArray(v)) {
        ancestors.push(v);
        keys.push(0);
        out = startsWithTag(v) ? '["\\u0000a"' : '[';
        for (let i = 0; i < v.length; i++) {
          keys[keys.length - 1] = i;
          out += (i === 0 && out === '[' ? '' : ',') + enc(v[i]);
        }
        out += ']';
      } else {
        const proto = protoOf(v);
        if (proto !== OBJECT_PROTO && proto !== null) {
          throw refuse('a ' + (v.constructor && v.constructor.name ? v.constructor.name : 'object'), pathNow());
        }
        ancestors.push(v);
        keys.push('');
        out = '{';
        let first = true;
        for (const k of keysOf(v)) {
          keys[keys.length - 1] = k;
          out += (first ? '' : ',') + stringify(k) + ':' + enc(v[k]);
          first = false;
        }
        out += '}';
      }
      keys.pop();
      ancestors.pop();
      return out;
    }
    return enc(value);
  }

  /**
   * A value from the shell's text form. The engine's JSON.parse does the work; the shell lists
   * where the tagged nodes are (tagPaths, PageSession's framing), each after the nodes inside it,
   * so only those are visited.
   */
  function decode(text, fetched, tagPaths) {
    let root = parseJson(text);
    if (!tagPaths) {
      return root;
    }
    const buffers = [];
    function tagged(n) {
      switch (n[0]) {
        case '\u0000a': return n.slice(1);
        case '\u0000u': return undefined;
        case '\u0000d': return Number(n[1]);
        case '\u0000big': return BigInt(n[1]);
        case '\u0000ab': return (buffers[n[1]] = fromBase64(n[2]).buffer);
        case '\u0000xb': return (buffers[n[1]] = fetched.get(n[3]));
        case '\u0000abr': return buffers[n[1]];
        case '\u0000ta': return new VIEWS[n[1]](tagged(n[2]), n[3], n[4]);
      }
      throw new PepperjackError('unknown node from the shell: ' + stringify(n[0]));
    }
    for (const path of parseJson(tagPaths)) {
      const last = path.length - 1;
      if (last < 0) {
        root = tagged(root);
        continue;
      }
      let holder = root;
      for (let i = 0; i < last; i++) {
        holder = holder[path[i]];
      }
      const v = tagged(holder[path[last]]);
      if (isArray(holder)) {
        holder[path[last]] = v;
      } else {
        setOwn(holder, path[last], v);
      }
    }
    return root;
  }

  // The bulk path (BulkChannel.java; why it is built this way: app-shell/README.md, "The bulk
  // path"). Uploads are synchronous XHRs: WebView's loader then runs on the page's own thread and
  // reports progress by direct calls, where an asynchronous upload hands the page thread one
  // callback per 4 KiB (4,096 per 16 MiB), each a costly thread hand-off. The shell answers an
  // upload from memory and never waits for anything, so the page is held only while the bytes
  // are copied (~1 ms per MiB), and postMessage copies the buffer when it is called, as
  // structured cloning does. A buffer goes in pieces of cfg.bulkUpPiece (the request body
  // limit). Downloads are asynchronous, in pieces of cfg.bulkDownPiece, two at a time.
  const DOWNLOADS_IN_FLIGHT = 2;

  /** Uploads one piece; returns null, or why it failed. */
  function uploadPiece(p) {
    const x = new XHR();
    x.open('POST', cfg.bulkBase + '/up/' + p.id + '?k=' + cfg.secret + '&c=' + p.c + '&t=' + p.total, false);
    try {
      x.send(p.view);
    } catch (e) {
      return 'bulk upload failed: ' + e.message;
    }
    return x.status === 200 ? null : 'bulk upload refused by the shell: HTTP ' + x.status;
  }

  /**
   * The ArrayBuffers of postMessage's options.transfer, checked: [] without one. Throws a
   * PepperjackError with the path of the first entry that cannot be transferred.
   */
  function transferList(options) {
    const list = options == null ? undefined : options.transfer;
    if (list === undefined) {
      return [];
    }
    if (!isArray(list)) {
      throw new PepperjackError('options.transfer must be an array of ArrayBuffers', 'options.transfer');
    }
    const seen = new Set();
    for (let i = 0; i < list.length; i++) {
      const ab = list[i];
      const path = 'options.transfer[' + i + ']';
      if (!(ab instanceof ArrayBuffer)) {
        throw new PepperjackError('only ArrayBuffers can be transferred; ' + path + ' is not one', path);
      }
      if (ab.detached === true) {
        throw new PepperjackError(path + ' is detached (already transferred)', path);
      }
      if (seen.has(ab)) {
        throw new PepperjackError(path + ' is listed twice', path);
      }
      seen.add(ab);
    }
    return list;
  }

  /**
   * Takes the transferred buffers from the page (they are detached, as a Worker's transfer list
   * leaves them) once the message holds what it needs of them, and returns the memory, now owned
   * by the API, so that it can hold replies. Uploads of the message read the kept buffers.
   */
  function giveUp(transfer, bulk) {
    if (transfer.length === 0 || transferBuffer === null) {
      return [];
    }
    const kept = new Map();
    for (const ab of transfer) {
      kept.set(ab, apply(transferBuffer, ab, []));
    }
    for (const b of bulk) {
      const k = kept.get(b.buffer);
      if (k !== undefined) {
        b.buffer = k;
      }
    }
    return Array.from(kept.values());
  }

  // Memory the page gave up with options.transfer, by length: a reply buffer of the same length
  // is copied into it rather than into fresh memory, which WebKit's malloc may have to fault in
  // page by page (~45 ms for 16 MiB on a VM where a fault costs 10 µs; app-shell/README.md).
  // Bounded, and let go once no reply has wanted it for RECYCLE_KEEP_MS.
  const RECYCLE_MAX_BYTES = 128 << 20;
  const RECYCLE_PER_LENGTH = 4;
  const RECYCLE_KEEP_MS = 5000;
  const recycled = new Map(); // length -> [{ab, at}], the newest last
  let recycledBytes = 0;
  let pruneTimer = 0;

  function recycle(buffers) {
    for (const ab of buffers) {
      const n = ab.byteLength;
      if (n < cfg.bulkThreshold || ab.resizable || recycledBytes + n > RECYCLE_MAX_BYTES) {
        continue;
      }
      let list = recycled.get(n);
      if (list === undefined) {
        list = [];
        recycled.set(n, list);
      }
      if (list.length < RECYCLE_PER_LENGTH) {
        list.push({ ab, at: dateNow() });
        recycledBytes += n;
      }
    }
    if (recycledBytes > 0 && pruneTimer === 0) {
      pruneTimer = setTimeout(prune, RECYCLE_KEEP_MS);
    }
  }

  /** Lets go of given-up memory no reply has taken for RECYCLE_KEEP_MS. */
  function prune() {
    pruneTimer = 0;
    const before = dateNow() - RECYCLE_KEEP_MS;
    for (const [n, list] of recycled) {
      const keep = list.filter((e) => e.at > before);
      recycledBytes -= (list.length - keep.length) * n;
      if (keep.length === 0) {
        recycled.delete(n);
      } else {
        recycled.set(n, keep);
      }
    }
    if (recycledBytes > 0) {
      pruneTimer = setTimeout(prune, RECYCLE_KEEP_MS);
    }
  }

  /** Given-up memory of exactly n bytes, taken from the pool, or null. */
  function takeRecycled(n) {
    const list = recycled.get(n);
    if (list === undefined) {
      return null;
    }
    const { ab } = list.pop();
    if (list.length === 0) {
      recycled.delete(n);
    }
    recycledBytes -= n;
    return ab;
  }

  function piecesOf(bulk) {
    const pieces = [];
    for (const b of bulk) {
      const total = b.buffer.byteLength;
      let c = 0;
      do {
        const at = c * cfg.bulkUpPiece;
        pieces.push({ id: b.id, c, total, view: new Uint8Array(b.buffer, at, Math.min(cfg.bulkUpPiece, total - at)) });
        c++;
      } while (c * cfg.bulkUpPiece < total);
    }
    return pieces;
  }

  // Messages wait in these queues only while a bulk transfer before them is in flight, so
  // that every module and page sees messages in the order they were sent. (Uploads finish within
  // postMessage, so the send queue holds at most the message being sent.)
  const sendQueue = [];
  const receiveQueue = [];

  /** Sends the queued messages in order, uploading their buffers first. */
  function pumpSend() {
    while (sendQueue.length) {
      const job = sendQueue[0];
      let err = null;
      const byXhr = [];
      const inPlace = job.bulk.length > 0 && hot.views();
      for (const b of job.bulk) {
        if (!inPlace) {
          byXhr.push(b);
          continue;
        }
        // In place first (ViewMemory.java): one copy, no request. "xhr": not this view.
        const r = hot.putView(b.id, new Uint8Array(b.buffer), b.buffer.byteLength);
        if (r === 'xhr') {
          byXhr.push(b);
        } else if (r != null) {
          err = 'bulk upload refused by the shell: ' + r;
          break;
        }
      }
      for (const piece of err ? [] : piecesOf(byXhr)) {
        err = uploadPiece(piece);
        if (err) {
          break;
        }
      }
      if (!err) {
        const r = hot.post(job.handle.id, job.text, job.weight);
        if (r) {
          err = r.slice(r.indexOf('\n') + 1);
        }
      }
      if (err) {
        // After postMessage has returned, as every other event of the handle.
        const handle = job.handle;
        const message = err;
        queueMicrotask(() => fire(handle, 'error', { message }));
      }
      recycle(job.kept);
      sendQueue.shift();
    }
  }

  /**
   * Fetches the buffers ([{id, bytes}]), then done(null, Map id -> ArrayBuffer) or done(message)
   * once: in place if the shell can (at once), else by XHR. Callbacks rather than promises:
   * promise reactions queued from a shell callback may wait for WebKit's next task.
   */
  function download(buffers, done) {
    const fetched = new Map();
    const byXhr = [];
    const inPlace = hot.views();
    for (const b of buffers) {
      if (!inPlace) {
        byXhr.push(b);
        continue;
      }
      // In place first, as uploads: a buffer of the right length (given up, or fresh) that the
      // shell fills.
      const given = takeRecycled(b.bytes);
      const u8 = given === null ? new Uint8Array(b.bytes) : new Uint8Array(given);
      const r = hot.getView(b.id, u8, b.bytes, given === null);
      if (r != null && given !== null) {
        recycle([given]);
      }
      if (r === 'xhr') {
        byXhr.push(b);
      } else if (r != null) {
        done('bulk download refused by the shell: ' + r);
        return;
      } else {
        fetched.set(b.id, u8.buffer);
      }
    }
    if (byXhr.length === 0) {
      done(null, fetched);
      return;
    }
    downloadByXhr(byXhr, (err, more) => {
      if (err) {
        done(err);
      } else {
        more.forEach((v, k) => fetched.set(k, v));
        done(null, fetched);
      }
    });
  }

  /** download() by XHR: every piece, at most DOWNLOADS_IN_FLIGHT at once. */
  function downloadByXhr(buffers, done) {
    const fetched = new Map();
    const queue = [];
    for (const b of buffers) {
      const n = Math.max(1, Math.ceil(b.bytes / cfg.bulkDownPiece));
      let whole = null;
      if (n > 1) {
        const given = takeRecycled(b.bytes);
        whole = given === null ? new Uint8Array(b.bytes) : new Uint8Array(given);
      }
      fetched.set(b.id, whole === null ? null : whole.buffer);
      for (let c = 0; c < n; c++) {
        queue.push({ b, c, whole, bytes: Math.min(cfg.bulkDownPiece, b.bytes - c * cfg.bulkDownPiece) });
      }
    }
    let left = queue.length;
    let failed = false;
    function fail(message) {
      if (!failed) {
        failed = true;
        done(message);
      }
    }
    function next() {
      const p = queue.shift();
      if (!p || failed) {
        return;
      }
      const x = new XHR();
      x.open('GET', cfg.bulkBase + '/down/' + p.b.id + '?k=' + cfg.secret + '&c=' + p.c);
      x.responseType = 'arraybuffer';
      x.onload = () => {
        if (x.status !== 200) {
          fail('bulk download refused by the shell: HTTP ' + x.status);
          return;
        }
        const piece = x.response;
        if (piece.byteLength !== p.bytes) {
          fail('bulk download ' + p.b.id + '/' + p.c + ' has ' + piece.byteLength + ' bytes, expected ' + p.bytes);
          return;
        }
        if (p.whole === null) {
          fetched.set(p.b.id, piece);
        } else {
          p.whole.set(new Uint8Array(piece), p.c * cfg.bulkDownPiece);
        }
        if (--left === 0) {
          if (!failed) {
            done(null, fetched);
          }
        } else {
          next();
        }
      };
      x.onerror = () => fail('bulk download failed');
      x.send();
    }
    if (left === 0) {
      done(null, fetched);
      return;
    }
    for (let i = 0; i < DOWNLOADS_IN_FLIGHT; i++) {
      next();
    }
  }

  function pumpReceive() {
    const job = receiveQueue[0];
    const buffers = job.ids.map((s) => {
      const colon = s.indexOf(':');
      return { id: Number(s.slice(0, colon)), bytes: Number(s.slice(colon + 1)) };
    });
    download(buffers, (err, fetched) => {
      if (err) {
        dispatchToHandle(job.target, 'error', { message: err });
      } else {
        let data;
        try {
          data = decode(job.payload, fetched, job.tagPaths);
        } catch (e) {
          dispatchToHandle(job.target, 'error', { message: e.message });
          data = undefined;
        }
        if (data !== undefined || job.payload === '["\\u0000u"]') {
          dispatchToHandle(job.target, 'message', { data });
        }
      }
      receiveQueue.shift();
      if (receiveQueue.length) {
        pumpReceive();
      }
    });
  }

  function fire(target, type, init) {
    const ev = new Event(type);
    Object.assign(ev, init);
    const h = target['on' + type];
    if (typeof h === 'function') {
      try {
        h.call(target, ev);
      } catch (e) {
        reportError(e);
      }
    }
    target.dispatchEvent(ev);
  }

  function reportError(e) {
    setTimeout(() => { throw e; }, 0);
  }

  class ModuleHandle extends EventTarget {
    constructor(info) {
      super();
      Object.defineProperties(this, {
        id: { value: info.id, enumerable: true },
        name: { value: info.name, enumerable: true },
        kind: { value: info.kind, enumerable: true },
      });
      this.onmessage = null;
      this.onerror = null;
      this.oncrash = null;
      this.onconsole = null;
      this.closed = false;
    }

    /**
     * Sends a copy of value; throws PepperjackError (with .path) if it cannot be sent. The
     * ArrayBuffers in options.transfer are given up: detached once the message is taken, their
     * memory then holds replies of the same length.
     */
    postMessage(value, options) {
      if (this.closed) {
        throw new PepperjackError('module ' + this.id + ' is closed');
      }
      const weight = options && Number.isInteger(options.weight) ? options.weight : 0;
      const transfer = transferList(options);
      const bulk = [];
      const text = encode(value, bulk);
      if (bulk.length === 0 && sendQueue.length === 0) {
        const r = hot.post(this.id, text, weight);
        if (r) {
          const nl = r.indexOf('\n');
          throw new PepperjackError(r.slice(nl + 1), nl > 0 ? r.slice(0, nl) : undefined);
        }
        // Given up only once the shell has the message: a refused post leaves the page its buffers.
        recycle(giveUp(transfer, bulk));
        expectReplies();
        return;
      }
      sendQueue.push({ handle: this, text, weight, bulk, kept: giveUp(transfer, bulk) });
      if (sendQueue.length === 1) {
        pumpSend();
      }
    }

    close() {
      if (!this.closed) {
        this.closed = true;
        handles.delete(this.id);
        native.close(this.id);
      }
    }
  }

  function request(call) {
    return new Promise((resolve, reject) => {
      const id = nextRequest++;
      requests.set(id, { resolve, reject });
      const r = call(id);
      if (r) {
        requests.delete(id);
        reject(new PepperjackError(r));
      }
    });
  }

  const api = Object.freeze({
    // Only in a shell started with -Dpepperjack.hops=true (Hops.java): the hop stamps.
    ...(cfg.hops ? { hops: (reset) => native.hops(!!reset) } : {}),
    version: cfg.version,
    origin: cfg.origin,
    /** Loads a module ('modules/<name>'); resolves to a handle with postMessage/onmessage. */
    load(spec) {
      if (door === null) {
        throw new PepperjackError('page API not ready');
      }
      return request((id) => native.load(id, String(spec)));
    },
    /** The modules this page could load: [{name, kind, description, runnable}]. */
    modules() {
      return request((id) => native.modules(id));
    },
    /** Microseconds from the shell's monotonic clock (performance.now() has 1 ms steps here). */
    nowMicros() {
      return hot.nowMicros();
    },
    /**
     * How this page's messages travel now: {calls: 'page functions'|'LiveConnect', buffers:
     * 'in place'|'XHR', recycledBytes: memory given up with options.transfer, kept for replies}.
     */
    transport() {
      return { calls: hot === native ? 'LiveConnect' : 'page functions', buffers: hot.views() ? 'in place' : 'XHR',
        recycledBytes };
    },
    PepperjackError,
  });
  Object.defineProperty(window, 'pepperjack', { value: api, enumerable: true });


  // Page errors and console output go to the dev console as well.
  window.addEventListener('error', (e) => native.pageError(String(e.message) + ' (' + e.filename + ':' + e.lineno + ')'));
  window.addEventListener('unhandledrejection', (e) => native.pageError('unhandled rejection: ' + (e.reason && e.reason.message ? e.reason.message : String(e.reason))));
  for (const level of ['log', 'info', 'warn', 'error']) {
    const original = console[level];
    console[level] = function (...args) {
      try {
        native.pageConsole(level, args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
      } catch (e) {
        // The console must keep working whatever happens to the bridge.
      }
      return original.apply(console, args);
    };
  }

  // <embed type="application/x-pepperjack" src="modules/x" width height>: the module owns a
  // canvas in its place and posts {frame: {width, height, pixels}} (RGBA) for the page to draw.
  function adoptEmbed(el) {
    if (el.__pepperjackAdopted) {
      return;
    }
    el.__pepperjackAdopted = true;
    const w = parseInt(el.getAttribute('width'), 10) || 300;
    const h = parseInt(el.getAttribute('height'), 10) || 150;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.className = 'pepperjack-embed';
    canvas.setAttribute('data-src', el.getAttribute('src') || '');
    el.style.display = 'none';
    el.parentNode.insertBefore(canvas, el.nextSibling);
    el.pepperjackCanvas = canvas;
    const ctx = canvas.getContext('2d');
    // WebView loses some of a canvas's repaints when putImageData updates small rectangles
    // while the page is busy: the canvas held the right pixels, the screen showed white rows
    // (ui-tests EmbedUiTest compares both). So frames go into a copy of the whole picture, and
    // once per animation frame the whole canvas is put, which repaints every row each time.
    const picture = ctx.createImageData(w, h);
    let pending = [];
    // WebView has also lost the last whole-canvas put of a burst now and then (a full test run
    // saw the final band stay white for 10 s): once the frames stop, the picture is put once more.
    let settle = 0;
    function paint() {
      const frames = pending;
      pending = [];
      for (const f of frames) {
        try {
          blit(f);
        } catch (e) {
          reportError(e);
        }
      }
      ctx.putImageData(picture, 0, 0);
      clearTimeout(settle);
      settle = setTimeout(() => ctx.putImageData(picture, 0, 0), 150);
    }
    function blit(f) {
      const src = f.pixels instanceof ArrayBuffer ? new Uint8Array(f.pixels)
        : new Uint8Array(f.pixels.buffer, f.pixels.byteOffset, f.pixels.byteLength);
      const fw = f.width | 0;
      const fh = f.height | 0;
      const fx = f.x | 0;
      const fy = f.y | 0;
      if (fw <= 0 || fh <= 0 || src.length < fw * fh * 4) {
        throw new PepperjackError('embed frame of ' + fw + 'x' + fh + ' with ' + src.length + ' bytes of pixels');
      }
      const x0 = Math.max(0, fx);
      const x1 = Math.min(w, fx + fw);
      if (x1 <= x0) {
        return;
      }
      for (let y = Math.max(0, fy); y < Math.min(h, fy + fh); y++) {
        const from = ((y - fy) * fw + (x0 - fx)) * 4;
        picture.data.set(src.subarray(from, from + (x1 - x0) * 4), (y * w + x0) * 4);
      }
    }
    api.load(el.getAttribute('src')).then((m) => {
      el.pepperjack = m;
      m.addEventListener('message', (e) => {
        const f = e.data && e.data.frame;
        if (f && f.pixels) {
          if (pending.push(f) === 1) {
            requestAnimationFrame(paint);
          }
        }
      });
      el.dispatchEvent(new CustomEvent('pepperjackload', { detail: m }));
      m.postMessage({ op: 'embed', width: w, height: h });
    }, (err) => {
      ctx.fillStyle = '#fee';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#900';
      ctx.fillText(err.message, 8, 20, w - 16);
      el.dispatchEvent(new CustomEvent('pepperjackerror', { detail: err.message }));
    });
  }
  const EMBED = 'embed[type="application/x-pepperjack"]';
  function startEmbeds() {
    document.querySelectorAll(EMBED).forEach(adoptEmbed);
    new MutationObserver(() => document.querySelectorAll(EMBED).forEach(adoptEmbed))
      .observe(document.documentElement, { childList: true, subtree: true });
  }

  function dispatchToHandle(handleId, type, init) {
    const m = handles.get(handleId);
    if (m) {
      fire(m, type, init);
      if (type === 'crash') {
        m.closed = true;
        handles.delete(handleId);
      }
    }
  }

  // How the shell delivers: it calls pepperjackHandOver on this element (detached, reachable only
  // from this closure and from the shell) with a batch, which dispatches a DOM event whose
  // listener delivers it. An event listener runs as WebKit script proper, so the page's promise
  // reactions (a page awaiting a reply) run the moment it returns; code run straight from a Java
  // call ends without that checkpoint and they waited for the next frame (~17 ms). If the call
  // fails, the shell dispatches the event itself and the listener takes the batch with
  // hot.take(). The shell holds the element as a DOM node, which never goes stale.
  const doorElement = document.createElement('span');
  let handed = null;
  function deliverBatch(batch) {
    let at = 0;
    while (at < batch.length) {
      const a = batch.indexOf('\u0001', at);
      const b = batch.indexOf('\u0001', a + 1);
      const c = batch.indexOf('\u0001', b + 1);
      const d = batch.indexOf('\u0001', c + 1);
      const e = batch.indexOf('\u0001', d + 1);
      const end = e + 1 + Number(batch.slice(d + 1, e));
      const kind = batch.slice(at, a);
      const target = batch.slice(a + 1, b);
      const bulkIds = batch.slice(b + 1, c);
      const tagPaths = batch.slice(c + 1, d);
      const payload = batch.slice(e + 1, end);
      at = end;
      // One delivery failing (a page handler throwing, a broken payload) never costs the
      // deliveries after it.
      try {
        deliver(kind, target, payload, bulkIds, tagPaths);
      } catch (e) {
        reportError(e);
      }
    }
  }
  // After a post, once the page's script is done, a microtask asks the shell for replies; the shell
  // may wait a little for one (PageSession.awaitBatch has the bounds), which saves the trip
  // through the event loop that a delivery otherwise takes. A page answering each reply with a
  // post chains these checks within one task; the shell ends a chain after a budget, and a timer
  // tells it when the event loop has had a turn since (a fresh chain).
  let replyCheckQueued = false;
  let chainRunning = false;
  function checkReplies() {
    replyCheckQueued = false;
    const fresh = !chainRunning;
    if (fresh) {
      chainRunning = true;
      setTimeout(() => { chainRunning = false; }, 0);
    }
    const batch = hot.awaitReplies(fresh);
    if (batch !== '') {
      deliverBatch(batch);
    }
  }
  function expectReplies() {
    if (!replyCheckQueued) {
      replyCheckQueued = true;
      queueMicrotask(checkReplies);
    }
  }
  doorElement.addEventListener('pepperjack-deliver', () => {
    let batch = handed;
    if (batch !== null) {
      handed = null;
      deliverBatch(batch);
      return;
    }
    while ((batch = hot.take()) !== '') {
      deliverBatch(batch);
    }
  });
  // The shell's first page is injected before the shell has checked it can make page functions;
  // it hands them over here once it has.
  defineProperty(doorElement, 'pepperjackHot', {
    value: (h) => {
      if (hot === native && h) {
        hot = h;
      }
    },
  });
  defineProperty(doorElement, 'pepperjackHandOver', {
    value: (batch) => {
      handed = String(batch);
      doorElement.dispatchEvent(new Event('pepperjack-deliver'));
    },
  });

  function settle(target) {
    const id = Number(target);
    const r = requests.get(id);
    requests.delete(id);
    return r;
  }

  function deliver(kind, target, payload, bulkIds, tagPaths) {
    switch (kind) {
      case 'loaded': {
        const m = new ModuleHandle(JSON.parse(payload));
        handles.set(m.id, m);
        settle(target).resolve(m);
        return;
      }
      case 'result':
        settle(target).resolve(JSON.parse(payload));
        return;
      case 'failed':
        settle(target).reject(new PepperjackError(payload));
        return;
      case 'message': {
        if (!bulkIds && receiveQueue.length === 0) {
          let data;
          try {
            data = decode(payload, null, tagPaths);
          } catch (e) {
            dispatchToHandle(target, 'error', { message: e.message });
            return;
          }
          dispatchToHandle(target, 'message', { data });
          return;
        }
        receiveQueue.push({ target, payload, tagPaths, ids: bulkIds ? bulkIds.split(',') : [] });
        if (receiveQueue.length === 1) {
          pumpReceive();
        }
        return;
      }
      default:
        dispatchToHandle(target, kind, JSON.parse(payload));
    }
  }
  door = doorElement;
  startEmbeds();
  window.dispatchEvent(new Event('pepperjack'));
  return door;
})()
