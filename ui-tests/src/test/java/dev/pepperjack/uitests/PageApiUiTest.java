package dev.pepperjack.uitests;

import static dev.pepperjack.uitests.ShellDriver.eventually;
import static dev.pepperjack.uitests.ShellDriver.fx;
import static dev.pepperjack.uitests.ShellDriver.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pepperjack.shell.internal.JscCalls;
import dev.pepperjack.shell.internal.ViewMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page API against real GraalJS modules: typed values, refusals, bulk, security, flooding. */
class PageApiUiTest extends ShellUiTest {

  @BeforeEach
  void freshPage() {
    fx(() -> shell.browser.openTab(page("api.html")));
    shell.awaitPage(page("api.html"));
  }

  /** Runs {@code promise} (a JS expression) in the page and waits for what it settles to. */
  private Object settle(String name, String promise) {
    shell.js("record('" + name + "', " + promise + ")");
    return shell.awaitJs("results['" + name + "'] !== undefined && String(results['" + name + "'])");
  }

  @Test
  void dictionariesTypedArraysAndBuffersComeBackWithTheirTypes() {
    Object r = settle("types", """
        roundTrip('types', {s: 'grüße', i: 7, d: 0.5, big: 2n ** 40n, f32: new Float32Array([1.5, 2]),
            buf: new Uint8Array([1, 2, 3]).buffer, nested: {list: [1, 'a', null, undefined]}, neg0: -0})
          .then((r) => [r.types.s, r.types.i, r.types.d, r.types.big, r.types.f32, r.types.buf,
              r.types.nested, r.echo.big === 2n ** 40n, r.echo.f32 instanceof Float32Array,
              r.echo.f32[0], new Uint8Array(r.echo.buf).join('-'), r.echo.nested.list.length,
              r.echo.nested.list[3] === undefined, Object.is(r.echo.neg0, -0)].join())
        """);
    assertThat(r).isEqualTo("string,int,double,bigint,Float32Array(2),ArrayBuffer(3),object,"
        + "true,true,1.5,1-2-3,4,true,true");
  }

  @Test
  void thePagesHotCallsGoThroughPageFunctions() {
    assertThat(fx(() -> shell.browser.current().session().hotCallsInstalled())).isTrue();
    assertThat(shell.js("JSON.stringify(pepperjack.transport())"))
        .isEqualTo("{\"calls\":\"page functions\",\"buffers\":\"in place\",\"recycledBytes\":0}");
    assertThat(settle("hot", "roundTrip('echo', {a: [1, 'b'], c: new Float64Array([0.5])})"
        + ".then((r) => [r.a.join(), r.c[0], r.c.constructor.name].join())")).isEqualTo("1,b,0.5,Float64Array");
  }

  @Test
  void withoutPageFunctionsThePageApiWorksThroughLiveConnect() {
    JscCalls.setEnabled(false);
    try {
      fx(() -> shell.browser.openTab(page("api.html")));
      shell.awaitPage(page("api.html"));
      assertThat(fx(() -> shell.browser.current().session().hotCallsInstalled())).isFalse();
      assertThat(shell.js("pepperjack.transport().calls")).isEqualTo("LiveConnect");
      assertThat(settle("cold", "roundTrip('echo', {a: [1, 'b'], big: new Uint8Array(100000).fill(3).buffer})"
          + ".then((r) => [r.a.join(), new Uint8Array(r.big)[99999]].join())")).isEqualTo("1,b,3");
      assertThat(shell.js("typeof pepperjack.nowMicros()")).isEqualTo("number");
    } finally {
      JscCalls.setEnabled(true);
    }
    // As the shell's first page does once the shell has checked: the page moves its calls over.
    fx(() -> {
      shell.browser.current().session().upgradeHotCalls();
      return null;
    });
    assertThat(fx(() -> shell.browser.current().session().hotCallsInstalled())).isTrue();
    assertThat(settle("upgraded", "roundTrip('echo', {a: [1, 'b']}).then((r) => r.a.join())")).isEqualTo("1,b");
  }

  @Test
  void valuesTheModelCannotCarryAreRefusedWithTheirPath() {
    assertThat(settle("fn", "tryPost({a: {b: [1, () => 2]}})"))
        .isEqualTo("PepperjackError|$.a.b[1]|a function cannot be sent (the value model has no such type) at $.a.b[1]");
    assertThat((String) settle("date", "tryPost({when: new Date()})")).startsWith("PepperjackError|$.when|a Date");
    assertThat((String) settle("cycle", "tryPost((() => { const o = {}; o.self = o; return o; })())"))
        .isEqualTo("PepperjackError|$.self|reference cycle at $.self");
    assertThat((String) settle("huge", "tryPost(2n ** 80n)")).contains("does not fit in 64 bits");
    // JSON.stringify would call these and send what they return: the page API refuses them.
    assertThat((String) settle("toJSON", "tryPost({p: {x: 1, toJSON() { return 'flat'; }}})"))
        .startsWith("PepperjackError|$.p.toJSON|a function");
    assertThat((String) settle("class", "tryPost([new (class Point { toJSON() { return {}; } })()])"))
        .startsWith("PepperjackError|$[0]|a Point");
  }

  @Test
  void theCarefulEncoderWritesTheSameLeaves() {
    // An array with its own toJSON is left to the careful encoder, which ignores the non-index
    // property as structured cloning does.
    Object r = settle("careful", """
        (() => {
          const a = [NaN, -0, undefined, 2n ** 40n, 1.5, 'x'];
          a.toJSON = () => 'not this';
          return roundTrip('echo', a).then((e) => [Array.isArray(e), e.length, Number.isNaN(e[0]),
              Object.is(e[1], -0), e[2] === undefined, e[3] === 2n ** 40n, e[4], e[5]].join());
        })()
        """);
    assertThat(r).isEqualTo("true,6,true,true,true,true,1.5,x");
  }

  @Test
  void valuesPlainJsonWouldChangeComeBackExactly() {
    Object r = settle("exact", """
        (() => {
          const buf = new Uint8Array([9, 8, 7, 6]).buffer;
          const value = JSON.parse('{"__proto__": 5}');
          Object.assign(value, {arr: ['\\u0000ab', 1], nested: [['\\u0000x', new Uint8Array(buf, 1, 2)]],
              nan: NaN, inf: -Infinity, u: undefined, holes: [1, , 3], buf, view: new Int8Array(buf, 2),
              empty: [], s: '\\u0000', deep: {a: {b: {c: [[-0]]}}}});
          return roundTrip('echo', value).then((e) => [Object.getPrototypeOf(e) === Object.prototype,
              Object.keys(e).join('/'), e['__proto__'], e.arr[0] === '\\u0000ab', e.arr.length,
              e.nested[0][0] === '\\u0000x', e.nested[0][1] instanceof Uint8Array, e.nested[0][1].join('-'),
              e.nested[0][1].buffer === e.buf, e.view.buffer === e.buf, e.view.join('-'),
              Number.isNaN(e.nan), e.inf, 'u' in e && e.u === undefined, e.holes.length,
              e.holes[1] === undefined, e.empty.length, e.s === '\\u0000', Object.is(e.deep.a.b.c[0][0], -0)].join());
        })()
        """);
    assertThat(r).isEqualTo("true,__proto__/arr/nested/nan/inf/u/holes/buf/view/empty/s/deep,5,true,2,"
        + "true,true,8-7,true,true,7-6,true,-Infinity,true,3,true,0,true,true");
  }

  @Test
  void aModuleThePagesOriginMayNotLoadIsRefusedInJava() {
    assertThat((String) settle("private", "load('private').then((m) => m.id)"))
        .isEqualTo("ERR origin file:// may not load module 'private'");
    assertThat((String) settle("missing", "load('nope').then((m) => m.id)")).startsWith("ERR cannot load modules/nope: no module 'nope'");
    assertThat((String) settle("escape", "pepperjack.load('modules/../x').then((m) => m.id)"))
        .contains("is not a module name");
  }

  /** A 3 MiB buffer, a small one and a view sharing the large one, there and back. */
  private static final String BULK_ECHO = """
      (() => { const b = new Uint8Array(3 << 20); for (let i = 0; i < b.length; i += 997) b[i] = i % 251;
        return roundTrip('echo', {big: b.buffer, small: new Uint8Array(8).buffer, view: new Int16Array(b.buffer, 2, 4)})
          .then((r) => { const back = new Uint8Array(r.big); let ok = back.length === b.length;
            for (let i = 0; i < b.length; i += 997) ok = ok && back[i] === i % 251;
            return [ok, r.small.byteLength, r.view.buffer === r.big, r.view.length].join(); }); })()
      """;

  @Test
  void bulkBuffersTravelFromAFilePageAndBackIntact() {
    assertThat(settle("bulk", BULK_ECHO)).isEqualTo("true,8,true,4");
  }

  @Test
  void bulkBuffersAreCopiedInPlaceWhereTheEngineAllowsIt() {
    assertThat(ViewMemory.state().why()).isEmpty();
    assertThat(ViewMemory.works()).isTrue();
    long before = ViewMemory.copies();
    assertThat(settle("inplace", BULK_ECHO)).isEqualTo("true,8,true,4");
    // One copy up, one down: the 3 MiB buffer (the 8-byte one travels inline).
    assertThat(ViewMemory.copies() - before).isEqualTo(2);
  }

  @Test
  void bulkBuffersTakeTheXhrPathWhenInPlaceCopiesAreOff() {
    ViewMemory.setEnabled(false);
    try {
      long before = ViewMemory.copies();
      assertThat(settle("byxhr", BULK_ECHO)).isEqualTo("true,8,true,4");
      assertThat(ViewMemory.copies()).isEqualTo(before);
    } finally {
      ViewMemory.setEnabled(true);
    }
  }

  /** A 3 MiB and a 3-byte buffer, both given up; what the page sees before and after the reply. */
  private static final String TRANSFER_ECHO = """
      load('echo').then((m) => new Promise((resolve) => {
        const b = new Uint8Array(3 << 20);
        for (let i = 0; i < b.length; i += 997) b[i] = i % 251;
        const small = new Uint8Array([1, 2, 3]).buffer;
        const before = pepperjack.transport().recycledBytes;
        let held = -1;
        m.onmessage = (e) => {
          const back = new Uint8Array(e.data.big);
          let ok = back.length === (3 << 20);
          for (let i = 0; i < back.length; i += 997) ok = ok && back[i] === i % 251;
          resolve([before, held, b.buffer.byteLength, b.buffer.detached, small.byteLength,
              new Uint8Array(e.data.small).join('-'), ok, pepperjack.transport().recycledBytes].join());
        };
        m.postMessage({big: b.buffer, small}, {transfer: [b.buffer, small]});
        held = pepperjack.transport().recycledBytes;
      }))
      """;

  @Test
  void aTransferredBufferIsGivenUpAndItsMemoryHoldsTheReply() {
    // The module got copies; the page's buffers are detached; the 3 MiB of memory is held (the
    // 3-byte buffer is too small to keep) until the 3 MiB reply is copied into it.
    assertThat(settle("transfer", TRANSFER_ECHO)).isEqualTo("0," + (3 << 20) + ",0,true,0,1-2-3,true,0");
  }

  @Test
  void aTransferredBufferTravelsByXhrWhenInPlaceCopiesAreOff() {
    ViewMemory.setEnabled(false);
    try {
      // Uploaded by XHR from the memory the page gave up; a one-piece reply by XHR arrives in the
      // response's own buffer, so the given-up memory stays held for a later reply.
      assertThat(settle("transferXhr", TRANSFER_ECHO)).isEqualTo("0," + (3 << 20) + ",0,true,0,1-2-3,true," + (3 << 20));
    } finally {
      ViewMemory.setEnabled(true);
    }
  }

  @Test
  void givenUpMemoryNoReplyWantsIsLetGo() {
    // A 3 MiB buffer given up with a message that does not carry it; the reply is small.
    assertThat(settle("unwanted", """
        load('echo').then((m) => new Promise((resolve) => {
          m.onmessage = (e) => resolve(e.data.n + ',' + pepperjack.transport().recycledBytes);
          m.postMessage({n: 1}, {transfer: [new ArrayBuffer(3 << 20)]});
        }))
        """)).isEqualTo("1," + (3 << 20));
    long t0 = System.nanoTime();
    shell.awaitJs("pepperjack.transport().recycledBytes === 0");
    // Kept for 5 s after it was given up (the check runs every 5 s): gone within 10 s, not at once.
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1_000L, 12_000L);
  }

  @Test
  void aTransferListThatCannotBeHonouredIsRefusedWithItsPathAndTakesNothing() {
    Object r = settle("badTransfer", """
        load('echo').then((m) => {
          const out = [];
          const t = (v, o) => {
            try {
              m.postMessage(v, o);
              out.push('sent');
            } catch (e) {
              out.push(e.name + '|' + e.path);
            }
          };
          const a = new ArrayBuffer(8);
          t({a}, {transfer: a});
          t({a}, {transfer: [new Uint8Array(a)]});
          t({a}, {transfer: [a, a]});
          t({f: () => 1}, {transfer: [a]});
          out.push(a.byteLength);
          t({a}, {transfer: [a]});
          out.push(a.byteLength);
          t({}, {transfer: [a]});
          return out.join();
        })
        """);
    assertThat(r).isEqualTo("PepperjackError|options.transfer,PepperjackError|options.transfer[0],"
        + "PepperjackError|options.transfer[1],PepperjackError|$.f,8,sent,0,PepperjackError|options.transfer[0]");
  }

  @Test
  void buffersOfSeveralPiecesArriveWholeAndInOrderAmongSmallMessages() {
    // 20 MiB: two upload pieces and five download pieces (four in flight); 5 MiB: two download
    // pieces; the small messages between them must keep their places both ways.
    Object r = settle("order", """
        load('echo').then((m) => new Promise((resolve) => {
          const big = new Uint8Array(20 << 20);
          for (let i = 0; i < big.length; i += 4093) big[i] = (i >> 12) & 255;
          big[big.length - 1] = 99;
          const mid = new Uint8Array(5 << 20).fill(7);
          const got = [];
          m.onerror = (e) => got.push({n: 'error ' + e.message});
          m.onmessage = (e) => {
            got.push(e.data);
            if (got.length < 4) return;
            const b = new Uint8Array(got[0].b);
            let ok = b.length === big.length && b[b.length - 1] === 99;
            for (let i = 0; i < big.length; i += 4093) ok = ok && b[i] === ((i >> 12) & 255);
            const c = new Uint8Array(got[2].b);
            resolve([got.map((x) => x.n).join('-'), ok, c.length === mid.length && c.every((v) => v === 7)].join());
          };
          m.postMessage({n: 1, b: big.buffer});
          m.postMessage({n: 2});
          m.postMessage({n: 3, b: mid.buffer});
          m.postMessage({n: 4});
        }))
        """);
    assertThat(r).isEqualTo("1-2-3-4,true,true");
  }

  @Test
  void aRefusedUploadIsAnErrorOnTheHandleIsLoggedAndTheNextMessageStillGoes() {
    // Over the 256 MiB limit: the shell refuses the first piece (the rest of the buffer is never
    // touched, so the page does not really use that much memory).
    Object r = settle("refused", """
        load('echo').then((m) => new Promise((resolve) => {
          const events = [];
          m.onerror = (e) => events.push(e.message);
          m.onmessage = (e) => { events.push('echo ' + e.data); resolve(events.join(' | ')); };
          m.postMessage({huge: new ArrayBuffer((256 << 20) + 1)});
          m.postMessage('after');
        }))
        """);
    // In place the shell says why; by XHR the page sees the status (the why is in the console).
    assertThat((String) r).matches("bulk upload refused by the shell: (HTTP 413|bulk upload of 268435457 bytes,"
        + " the limit is 268435456) \\| echo after");
    eventually("refusal in the dev console", () -> {
      shell.browser.devConsole().pull();
      return shell.browser.devConsole().rows().stream()
          .anyMatch(e -> e.kind().equals("refused") && e.text().contains("the limit is 268435456"));
    });
  }

  @Test
  void forgedBulkRequestsAreRefusedAndLogged() {
    String base = (String) shell.js("'http://pepperjack.invalid/bulk/'");
    assertThat(settle("forged", "xhrStatus('POST', '" + base + "no-such-session/up/1?k=guess', new ArrayBuffer(16))"))
        .isEqualTo("403");
    eventually("refusal in the dev console", () -> {
      shell.browser.devConsole().pull();
      return shell.browser.devConsole().rows().stream()
          .anyMatch(e -> e.kind().equals("refused") && e.text().contains("unknown or expired page session"));
    });
  }

  @Test
  void moduleErrorsReachThePageAndTheShellKeepsServingIt() {
    Object r = settle("throws", """
        load('crashy').then((m) => new Promise((resolve) => {
          m.onerror = (e) => { m.onmessage = (e2) => resolve(e.message + ' / then ' + e2.data); m.postMessage('still here'); };
          m.postMessage('throw');
        }))
        """);
    assertThat((String) r).contains("crashy was asked to throw").endsWith(" / then still here");
  }

  @Test
  void aMalformedPageStillRendersGetsTheApiAndItsErrorsReachTheDevConsole() {
    fx(() -> shell.browser.openTab(page("broken.html")));
    shell.awaitPage(page("broken.html"));
    assertThat(shell.js("document.getElementById('after').textContent.trim()")).isEqualTo("still rendered");
    assertThat(shell.js("typeof pepperjack.load")).isEqualTo("function");
    eventually("the page's error in the dev console", () -> {
      shell.browser.devConsole().pull();
      return shell.browser.devConsole().rows().stream()
          .anyMatch(e -> e.kind().equals("page-error") && e.text().contains("null"));
    });
  }

  @Test
  void aFloodingPageIsToldToSlowDownAndTheShellStaysResponsive() {
    String r = (String) settle("flood", "flood(200000)");
    String[] parts = r.split("\\|", 3);
    assertThat(Integer.parseInt(parts[0])).isPositive();
    if (Integer.parseInt(parts[1]) > 0) {
      assertThat(parts[2]).containsAnyOf("queue full", "not keeping up", "faster");
    }
    // Still answering: another page loads and a module still replies.
    fx(() -> shell.browser.openTab(page("api.html")));
    shell.awaitPage(page("api.html"));
    assertThat(settle("after", "roundTrip('echo', 'ping')")).isEqualTo("ping");
  }
}
