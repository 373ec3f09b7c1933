// The module-side half of the bridge. Evaluated before the module's own code; the host calls the
// returned function once with its ModuleBridge and VarTape and keeps the dispatch functions it gets
// back. Neither ever becomes reachable from module code: they live only in this closure.
(function (host, tapeReader) {
  'use strict';
  const G = globalThis;
  // Captured now so that a module replacing globals cannot change how values cross.
  const AB = ArrayBuffer;
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const keysOf = Object.keys;
  const getProto = Object.getPrototypeOf;
  const ObjectProto = Object.prototype;
  const defineProperty = Object.defineProperty;
  const StringC = String;
  const BigIntC = BigInt;
  const asIntN = BigInt.asIntN;
  const JSONStringify = JSON.stringify;
  const PromiseResolve = Promise.resolve.bind(Promise);
  const MapC = Map;
  // Built-ins with hidden state that the value model cannot carry; other objects go as dictionaries
  // of their own enumerable properties, as structured clone does.
  const UNSENDABLE = [Map, Set, WeakMap, WeakSet, Date, RegExp, Promise, WeakRef];
  // Index = ViewKind ordinal in script-bridge.
  const VIEWS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
    Uint32Array, Float16Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView];
  const VIEW_KIND = new MapC();
  for (let i = 0; i < VIEWS.length; i++) {
    VIEW_KIND.set(VIEWS[i].prototype, i);
  }
  const MAX_DEPTH = host.maxDepth();

  class DataCloneError extends Error {
    constructor(reason, path) {
      super(reason + ' at $' + path);
      this.name = 'DataCloneError';
    }
  }

  // ---- host -> module: read a value off the host's tape --------------------------------------
  const tapeBuffers = [];

  // Kinds, as in VarTape: the low four bits of t.next(); the bits above carry a small payload.
  function decode(t) {
    const code = t.next();
    switch (code & 15) {
      case 0:
        return t.str();
      case 1:
        return code >> 4;
      case 2:
        return t.integer();
      case 3:
        return t.dbl();
      case 4:
        return true;
      case 5:
        return false;
      case 6:
        return null;
      case 7:
        return undefined;
      case 8: {
        const n = code < 0 ? t.integer() : code >> 4;
        const a = [];
        for (let i = 0; i < n; i++) {
          a.push(decode(t));
        }
        return a;
      }
      case 9: {
        const n = code < 0 ? t.integer() : code >> 4;
        const o = {};
        for (let i = 0; i < n; i++) {
          const k = t.str();
          const v = decode(t);
          if (k === '__proto__') {
            defineProperty(o, k, {value: v, writable: true, enumerable: true, configurable: true});
          } else {
            o[k] = v;
          }
        }
        return o;
      }
      case 10:
        return BigIntC(t.str());
      case 11: {
        const id = code >> 4;
        let b = tapeBuffers[id];
        if (b === undefined) {
          // Zero-copy: the host hands over the receiver's own copy of the bytes.
          b = new AB(t.bytes());
          tapeBuffers[id] = b;
        }
        return b;
      }
      case 12: {
        const offset = t.integer();
        const length = t.integer();
        const buffer = decode(t);
        return new VIEWS[code >> 4](buffer, offset, length);
      }
      default:
        throw new Error('bridge: unknown tape code ' + code);
    }
  }

  function read(t) {
    try {
      return decode(t);
    } finally {
      if (tapeBuffers.length !== 0) {
        tapeBuffers.length = 0;
      }
    }
  }

  // Fills a lazy root's (empty) target with the decoded value: its keys or its elements.
  function readInto(t, out) {
    try {
      const code = t.next();
      const n = code < 0 ? t.integer() : code >> 4;
      if ((code & 15) === 8) {
        for (let i = 0; i < n; i++) {
          out.push(decode(t));
        }
        return;
      }
      for (let i = 0; i < n; i++) {
        const k = t.str();
        const v = decode(t);
        if (k === '__proto__') {
          defineProperty(out, k, {value: v, writable: true, enumerable: true, configurable: true});
        } else {
          out[k] = v;
        }
      }
    } finally {
      if (tapeBuffers.length !== 0) {
        tapeBuffers.length = 0;
      }
      t.done();
    }
  }

  // ---- lazy roots: a received dictionary or array is decoded on first touch -----------------
  // e.data for a dictionary or array is a Proxy over an empty plain object or array. The first
  // operation on it of any kind (read, write, key listing, 'in', ...) decodes the whole value into
  // that target, and from then on every operation is forwarded to it, so the module sees ordinary
  // JavaScript objects (prototype, Array.isArray, JSON.stringify, spreading). Until then the
  // value stays on the host side, and posting it untouched (an echo, a forward) hands the host
  // value back without decoding and re-encoding it. Nothing can have changed it: every way to
  // change or observe it goes through a trap.
  const lazyRoots = new WeakMap();
  const ReflectGet = Reflect.get;
  const ReflectSet = Reflect.set;
  const ReflectHas = Reflect.has;
  const ReflectDelete = Reflect.deleteProperty;
  const ReflectOwnKeys = Reflect.ownKeys;
  const ReflectGetOwn = Reflect.getOwnPropertyDescriptor;
  const ReflectDefine = Reflect.defineProperty;
  const ReflectSetProto = Reflect.setPrototypeOf;
  const ReflectPreventExt = Reflect.preventExtensions;
  const ProxyC = Proxy;

  // The Proxy handler of one lazy root: one object per message, its traps shared on the class.
  // `handle` is the host value until the first touch, then null.
  class LazyRoot {
    constructor(handle) {
      this.handle = handle;
    }

    fill(t) {
      const h = this.handle;
      if (h !== null) {
        this.handle = null;
        host.load(h);
        readInto(tapeReader, t);
      }
    }

    get(t, k, r) {
      this.fill(t);
      return ReflectGet(t, k, r);
    }

    set(t, k, v, r) {
      this.fill(t);
      return ReflectSet(t, k, v, r);
    }

    has(t, k) {
      this.fill(t);
      return ReflectHas(t, k);
    }

    deleteProperty(t, k) {
      this.fill(t);
      return ReflectDelete(t, k);
    }

    ownKeys(t) {
      this.fill(t);
      return ReflectOwnKeys(t);
    }

    getOwnPropertyDescriptor(t, k) {
      this.fill(t);
      return ReflectGetOwn(t, k);
    }

    defineProperty(t, k, d) {
      this.fill(t);
      return ReflectDefine(t, k, d);
    }

    setPrototypeOf(t, p) {
      this.fill(t);
      return ReflectSetProto(t, p);
    }

    preventExtensions(t) {
      this.fill(t);
      return ReflectPreventExt(t);
    }
  }

  function lazyRoot(handle, isArray) {
    const state = new LazyRoot(handle);
    const proxy = new ProxyC(isArray ? [] : {}, state);
    lazyRoots.set(proxy, state);
    return proxy;
  }

  // ---- module -> host: write the value as a binary tape, hand it over in one call ------------
  // Three streams, read by ModuleBridge.end: codes (Int32), numbers (Float64), string chars
  // (UTF-16). One host call per post (plus one per distinct buffer) because each host call costs
  // tens of nanoseconds, many times the cost of writing a node here.
  // The streams live in host buffers (wrapped once, grown by the host on demand), so handing the
  // tape over costs one call with three counts.
  let codes = new Int32Array(new AB(host.tape(0, 0)));
  let nCodes = 0;
  let nums = new Float64Array(new AB(host.tape(1, 0)));
  let nNums = 0;
  let chars = new Uint16Array(new AB(host.tape(2, 0)));
  let nChars = 0;

  function code(c) {
    if (nCodes === codes.length) {
      codes = new Int32Array(new AB(host.tape(0, (nCodes + 1) * 4)));
    }
    codes[nCodes++] = c;
  }

  function num(x) {
    if (nNums === nums.length) {
      nums = new Float64Array(new AB(host.tape(1, (nNums + 1) * 8)));
    }
    nums[nNums++] = x;
  }

  function text(str) {
    const n = str.length;
    code(n);
    if (nChars + n > chars.length) {
      chars = new Uint16Array(new AB(host.tape(2, (nChars + n) * 2)));
    }
    const c = chars;
    let at = nChars;
    for (let i = 0; i < n; i++) {
      c[at++] = str.charCodeAt(i);
    }
    nChars = at;
  }

  let encBuffers = null;
  let encNextBuffer = 0;
  const ancestors = [];

  // Kinds, as in ModuleBridge.
  function encode(v, depth) {
    switch (typeof v) {
      case 'number':
        code(3);
        num(v);
        return;
      case 'string':
        code(0);
        text(v);
        return;
      case 'boolean':
        code(v ? 4 : 5);
        return;
      case 'undefined':
        code(7);
        return;
      case 'bigint':
        if (asIntN(64, v) !== v) {
          throw new DataCloneError('BigInt ' + v + ' does not fit in 64 bits', '');
        }
        code(10);
        text(StringC(v));
        return;
      case 'object':
        if (v === null) {
          code(6);
          return;
        }
        encodeObject(v, depth);
        return;
      default:
        throw new DataCloneError('a ' + typeof v + ' cannot be sent', '');
    }
  }

  function encodeBuffer(b) {
    if (encBuffers === null) {
      encBuffers = new MapC();
    }
    code(11);
    const seen = encBuffers.get(b);
    if (seen !== undefined) {
      code(seen);
      return;
    }
    const id = encNextBuffer++;
    encBuffers.set(b, id);
    code(id);
    host.buffer(id, b);
  }

  function encodeObject(v, depth) {
    if (v instanceof AB) {
      encodeBuffer(v);
      return;
    }
    if (isView(v)) {
      let proto = getProto(v);
      let kind = VIEW_KIND.get(proto);
      while (kind === undefined && proto !== null) {
        proto = getProto(proto);
        kind = VIEW_KIND.get(proto);
      }
      code(12);
      code(kind);
      code(v.byteOffset);
      code(kind === 12 ? v.byteLength : v.length);
      encodeBuffer(v.buffer);
      return;
    }
    if (depth >= MAX_DEPTH) {
      throw new DataCloneError('nested deeper than ' + MAX_DEPTH + ' levels', '');
    }
    for (let i = 0; i < depth; i++) {
      if (ancestors[i] === v) {
        throw new DataCloneError('reference cycle', '');
      }
    }
    ancestors[depth] = v;
    if (isArray(v)) {
      const n = v.length;
      code(8);
      code(n);
      for (let i = 0; i < n; i++) {
        try {
          encode(v[i], depth + 1);
        } catch (e) {
          throw withPath(e, '[' + i + ']');
        }
      }
    } else {
      if (getProto(v) !== ObjectProto) {
        for (let i = 0; i < UNSENDABLE.length; i++) {
          if (v instanceof UNSENDABLE[i]) {
            throw new DataCloneError('a ' + UNSENDABLE[i].name + ' cannot be sent', '');
          }
        }
      }
      const keys = keysOf(v);
      const n = keys.length;
      code(9);
      code(n);
      for (let i = 0; i < n; i++) {
        const k = keys[i];
        text(k);
        try {
          encode(v[k], depth + 1);
        } catch (e) {
          throw withPath(e, /^[A-Za-z_$][\w$]*$/.test(k) ? '.' + k : '[' + JSONStringify(k) + ']');
        }
      }
    }
    ancestors[depth] = undefined;
  }

  function withPath(e, step) {
    if (e instanceof DataCloneError) {
      const at = e.message.lastIndexOf(' at $');
      e.message = e.message.substring(0, at + 5) + step + e.message.substring(at + 5);
    }
    return e;
  }

  function postMessage(value) {
    if (arguments.length > 1 && arguments[1] !== undefined) {
      // Transfer lists would move buffers; every send here copies, so they are refused outright.
      throw new TypeError('postMessage: transfer lists are not supported; values are always copied');
    }
    if (typeof value === 'object' && value !== null) {
      const lazy = lazyRoots.get(value);
      if (lazy !== undefined && lazy.handle !== null) {
        host.postReceived(lazy.handle);
        return;
      }
    }
    host.begin();
    nCodes = 0;
    nNums = 0;
    nChars = 0;
    try {
      encode(value, 0);
    } catch (e) {
      host.abort();
      ancestors.length = 0;
      throw e;
    } finally {
      encBuffers = null;
      encNextBuffer = 0;
    }
    const problem = host.end(nCodes, nNums, nChars);
    if (problem !== null) {
      throw new DataCloneError(problem, '');
    }
  }

  // ---- errors, console ------------------------------------------------------------------------
  function describe(x) {
    if (typeof x === 'string') {
      return x;
    }
    if (x instanceof Error) {
      return x.stack ? StringC(x.stack) : StringC(x);
    }
    if (typeof x === 'object' && x !== null) {
      try {
        const s = JSONStringify(x, (k, v) => typeof v === 'bigint' ? StringC(v) + 'n' : v);
        if (s !== undefined) {
          return s;
        }
      } catch (ignored) {
        // cycles and throwing getters fall through to String()
      }
    }
    try {
      return StringC(x);
    } catch (ignored) {
      return '[unprintable]';
    }
  }

  function report(e) {
    let message;
    let stack = '';
    if (e instanceof Error) {
      message = (e.name || 'Error') + ': ' + e.message;
      stack = e.stack ? StringC(e.stack) : '';
    } else {
      message = 'Uncaught ' + describe(e);
    }
    host.error(message, stack);
  }

  function logger(level) {
    return function () {
      let text = '';
      for (let i = 0; i < arguments.length; i++) {
        text += (i > 0 ? ' ' : '') + describe(arguments[i]);
      }
      host.console(level, text);
    };
  }

  // ---- message listeners ---------------------------------------------------------------------
  const listeners = [];

  function invoke(fn, event) {
    try {
      const r = fn.call(G, event);
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
        r.then(undefined, report);
      }
    } catch (e) {
      report(e);
    }
  }

  function dispatch(tape, origin) {
    deliver(read(tape), origin);
  }

  function dispatchLazy(handle, isArray, origin) {
    deliver(lazyRoot(handle, isArray), origin);
  }

  function deliver(data, origin) {
    const event = {type: 'message', data: data, origin: origin};
    const handler = G.onmessage;
    if (typeof handler === 'function') {
      invoke(handler, event);
    }
    for (let i = 0; i < listeners.length; i++) {
      invoke(listeners[i], event);
    }
  }

  // ---- timers --------------------------------------------------------------------------------
  const timers = new MapC();
  let nextTimer = 1;

  function addTimer(fn, delay, args, repeat) {
    if (typeof fn !== 'function') {
      throw new TypeError('timer callback must be a function');
    }
    const id = nextTimer++;
    timers.set(id, {fn: fn, args: args, repeat: repeat});
    const ms = +delay > 0 ? +delay : 0;
    host.setTimer(id, ms, repeat);
    return id;
  }

  function clearTimer(id) {
    if (timers.delete(id)) {
      host.clearTimer(id);
    }
  }

  function fire(id) {
    const t = timers.get(id);
    if (t === undefined) {
      return;
    }
    if (!t.repeat) {
      timers.delete(id);
    }
    try {
      const r = t.fn.apply(G, t.args);
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
        r.then(undefined, report);
      }
    } catch (e) {
      report(e);
    }
  }

  // ---- the module's globals ------------------------------------------------------------------
  const api = {
    postMessage: postMessage,
    addEventListener(type, fn) {
      if (type === 'message' && typeof fn === 'function' && listeners.indexOf(fn) < 0) {
        listeners.push(fn);
      }
    },
    removeEventListener(type, fn) {
      const i = listeners.indexOf(fn);
      if (type === 'message' && i >= 0) {
        listeners.splice(i, 1);
      }
    },
    setTimeout(fn, delay, ...args) {
      return addTimer(fn, delay, args, false);
    },
    setInterval(fn, delay, ...args) {
      return addTimer(fn, delay, args, true);
    },
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    queueMicrotask(fn) {
      if (typeof fn !== 'function') {
        throw new TypeError('queueMicrotask callback must be a function');
      }
      PromiseResolve().then(() => {
        try {
          fn();
        } catch (e) {
          report(e);
        }
      });
    },
  };
  for (const name of keysOf(api)) {
    defineProperty(G, name, {value: api[name], writable: true, configurable: true});
  }
  const console = {
    log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'),
    debug: logger('debug'), trace: logger('debug'),
  };
  defineProperty(G, 'console', {value: console, writable: true, configurable: true});
  defineProperty(G, 'self', {value: G, writable: true, configurable: true});
  G.onmessage = null;
  // Engine globals a module has no use for; the sandbox options already remove Java and Polyglot.
  for (const name of ['SharedArrayBuffer', 'Atomics']) {
    delete G[name];
  }

  return {dispatch: dispatch, dispatchLazy: dispatchLazy, fire: fire, report: report};
})
