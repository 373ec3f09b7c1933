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

  /**
   * The page's value in the shell's text form (PageCodec.java); large buffers go to bulkOut. Built
   * as one string in one pass (a tree of nodes for JSON.stringify cost twice as much); the path of
   * a value that cannot be sent is spelled only when there is one.
   */
  function encode(value, bulkOut) {
    let ids = null;
    const ancestors = [];
    const keys = [];
    function pathNow() {
      let p = '$';
      for (const k of keys) {
        p = typeof k === 'number' ? p + '[' + k + ']' : childPath(p, k);
      }
      return p;
    }
    function buffer(ab) {
      if (ids === null) {
        ids = new Map();
      }
      let id = ids.get(ab);
      if (id !== undefined) {
        return '["abr",' + id + ']';
      }
      id = ids.size;
      ids.set(ab, id);
      if (ab.byteLength >= cfg.bulkThreshold) {
        const bulkId = nextBulk++;
        bulkOut.push({ id: bulkId, buffer: ab });
        return '["xb",' + id + ',' + ab.byteLength + ',' + bulkId + ']';
      }
      return '["ab",' + id + ',"' + toBase64(new Uint8Array(ab)) + '"]';
    }
    function enc(v) {
      switch (typeof v) {
        case 'string': return JSON.stringify(v);
        case 'number':
          if (Number.isFinite(v)) {
            return v === 0 && 1 / v < 0 ? '["d","-0"]' : String(v);
          }
          return '["d","' + String(v) + '"]';
        case 'boolean': return v ? 'true' : 'false';
        case 'undefined': return '["u"]';
        case 'bigint':
          if (v < -(2n ** 63n) || v >= 2n ** 63n) {
            const path = pathNow();
            throw new PepperjackError('BigInt does not fit in 64 bits at ' + path, path);
          }
          return '["big","' + v.toString() + '"]';
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
        return buffer(v);
      }
      if (ArrayBuffer.isView(v)) {
        const isDataView = v instanceof DataView;
        const kind = isDataView ? 'DataView' : Object.keys(VIEWS).find((k) => v instanceof VIEWS[k]);
        if (!kind) {
          throw refuse('a ' + v.constructor.name, pathNow());
        }
        return '["ta","' + kind + '",' + buffer(v.buffer) + ',' + v.byteOffset + ','
          + (isDataView ? v.byteLength : v.length) + ']';
      }
      if (ancestors.includes(v)) {
        const path = pathNow();
        throw new PepperjackError('reference cycle at ' + path, path);
      }
      let out;
      if (Array.isArray(v)) {
        ancestors.push(v);
        keys.push(0);
        out = '["a"';
        for (let i = 0; i < v.length; i++) {
          keys[keys.length - 1] = i;
          out += ',' + enc(v[i]);
        }
        out += ']';
      } else {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
          throw refuse('a ' + (v.constructor && v.constructor.name ? v.constructor.name : 'object'), pathNow());
        }
        ancestors.push(v);
        keys.push('');
        out = '{';
        let first = true;
        for (const k of Object.keys(v)) {
          keys[keys.length - 1] = k;
          out += (first ? '' : ',') + JSON.stringify(k) + ':' + enc(v[k]);
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

  function decode(text, fetched) {
    const buffers = [];
    function dec(n) {
      if (n === null || typeof n !== 'object') {
        return n;
      }
      if (!Array.isArray(n)) {
        const o = {};
        for (const k of Object.keys(n)) {
          if (k === '__proto__') {
            // Assigning would set the prototype: an own data property, as JSON.parse made it.
            Object.defineProperty(o, k, { value: dec(n[k]), writable: true, enumerable: true, configurable: true });
          } else {
            o[k] = dec(n[k]);
          }
        }
        return o;
      }
      switch (n[0]) {
        case 'a': {
          const a = new Array(n.length - 1);
          for (let i = 1; i < n.length; i++) {
            a[i - 1] = dec(n[i]);
          }
          return a;
        }
        case 'u': return undefined;
        case 'd': return Number(n[1]);
        case 'big': return BigInt(n[1]);
        case 'ab': return (buffers[n[1]] = fromBase64(n[2]).buffer);
        case 'xb': return (buffers[n[1]] = fetched.get(n[3]));
        case 'abr': return buffers[n[1]];
        case 'ta': {
          const b = dec(n[2]);
          return new VIEWS[n[1]](b, n[3], n[4]);
        }
      }
      throw new PepperjackError('unknown node from the shell: ' + n[0]);
    }
    return dec(JSON.parse(text));
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
      for (const piece of piecesOf(job.bulk)) {
        err = uploadPiece(piece);
        if (err) {
          break;
        }
      }
      if (!err) {
        const r = native.post(job.handle.id, job.text, job.weight);
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
      sendQueue.shift();
    }
  }

  /**
   * Fetches every piece of the buffers ([{id, bytes}]), at most DOWNLOADS_IN_FLIGHT at once, then
   * done(null, Map id -> ArrayBuffer) or done(message) once. Callbacks rather than promises:
   * promise reactions queued from a shell callback may wait for WebKit's next task.
   */
  function download(buffers, done) {
    const fetched = new Map();
    const queue = [];
    for (const b of buffers) {
      const n = Math.max(1, Math.ceil(b.bytes / cfg.bulkDownPiece));
      const whole = n === 1 ? null : new Uint8Array(b.bytes);
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
          data = decode(job.payload, fetched);
        } catch (e) {
          dispatchToHandle(job.target, 'error', { message: e.message });
          data = undefined;
        }
        if (data !== undefined || job.payload === '["u"]') {
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

    /** Sends a copy of value; throws PepperjackError (with .path) if it cannot be sent. */
    postMessage(value, options) {
      if (this.closed) {
        throw new PepperjackError('module ' + this.id + ' is closed');
      }
      const weight = options && Number.isInteger(options.weight) ? options.weight : 0;
      const bulk = [];
      const text = encode(value, bulk);
      if (bulk.length === 0 && sendQueue.length === 0) {
        const r = native.post(this.id, text, weight);
        if (r) {
          const nl = r.indexOf('\n');
          throw new PepperjackError(r.slice(nl + 1), nl > 0 ? r.slice(0, nl) : undefined);
        }
        return;
      }
      sendQueue.push({ handle: this, text, weight, bulk });
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
      return native.nowMicros();
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

  // How the shell delivers: it dispatches a DOM event on this element (detached, reachable only
  // from this closure and from the shell), and the listener takes everything waiting with
  // native.take(). An event listener runs as WebKit script proper, so the page's promise
  // reactions (a page awaiting a reply) run the moment it returns; a JSObject.call from Java
  // ends without that checkpoint and they waited for the next frame (~17 ms). The shell holds
  // the element as a DOM node, which, unlike a plain JSObject, never goes stale.
  const doorElement = document.createElement('span');
  doorElement.addEventListener('pepperjack-deliver', () => {
    let batch;
    while ((batch = native.take()) !== '') {
      let at = 0;
      while (at < batch.length) {
        const a = batch.indexOf('\u0001', at);
        const b = batch.indexOf('\u0001', a + 1);
        const c = batch.indexOf('\u0001', b + 1);
        const d = batch.indexOf('\u0001', c + 1);
        const end = d + 1 + Number(batch.slice(c + 1, d));
        const kind = batch.slice(at, a);
        const target = batch.slice(a + 1, b);
        const bulkIds = batch.slice(b + 1, c);
        const payload = batch.slice(d + 1, end);
        at = end;
        // One delivery failing (a page handler throwing, a broken payload) never costs the
        // deliveries after it.
        try {
          deliver(kind, target, payload, bulkIds);
        } catch (e) {
          reportError(e);
        }
      }
    }
  });

  function settle(target) {
    const id = Number(target);
    const r = requests.get(id);
    requests.delete(id);
    return r;
  }

  function deliver(kind, target, payload, bulkIds) {
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
            data = decode(payload, null);
          } catch (e) {
            dispatchToHandle(target, 'error', { message: e.message });
            return;
          }
          dispatchToHandle(target, 'message', { data });
          return;
        }
        receiveQueue.push({ target, payload, ids: bulkIds ? bulkIds.split(',') : [] });
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
