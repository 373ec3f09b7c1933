package dev.pepperjack.shell.internal;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.scene.web.WebEngine;

/**
 * Page functions that call Java directly, made with JavaScriptCore's C API: the page API's hot
 * calls (post, the reply check, the clock) go through them instead of WebView's LiveConnect
 * bridge. A LiveConnect call costs 4–5 µs with no arguments and 12–40 µs with a 1 KB string
 * (reflection, access checks and a JNI string per argument); one of these costs ~0.3 µs plus a
 * copy of the string's characters (measured: app-shell/README.md).
 *
 * <p>libjfxwebkit exports the C API, but JavaFX hands out no {@code JSContextRef}. The context is
 * the page's global object, found from the cell of a function made at the page's top level: its
 * scope (the global lexical environment) points to the global object, which points to the
 * window proxy. That path is not an API, so it is checked once per JVM in a blank engine
 * ({@link #check}): every step read through {@code /proc/self/mem} (a wrong guess reads as an I/O
 * error, never a crash), the global object must hold the window proxy that JavaFX hands over, the
 * C API must then name that same proxy as the context's global object, and a function made this
 * way must be called with the arguments given and return what it should. Each page then follows
 * the same path and must meet the same cell types and offsets, or it gets LiveConnect only.
 *
 * <p>FX thread only: pages call these functions on it, and installing them runs script.
 */
public final class JscCalls {
  /**
   * One page function: gets the script's arguments as String, Double, Boolean, null, or for an
   * object its {@link JsCells.Cell} (valid only during the call).
   */
  @FunctionalInterface
  public interface Handler {
    /** Returns a String, Number, Boolean or null (undefined if the function returns nothing). */
    Object call(Object[] args);
  }

  /** Whether page functions can be made in this JVM, and if not, why. */
  public record State(boolean works, String why) {}

  /** Where the path from a function to its page's global object leads, as checked. */
  private record Layout(int scopeType, int globalType, int proxyOffset) {}

  private static final int SCOPE_OFFSET = 16;
  private static final int NEXT_SCOPE_OFFSET = 16;
  private static final int TYPE_OFFSET = 5;
  private static final int GLOBAL_BYTES = 4096;
  private static final int MAX_ARGS = 8;
  private static final int READ_ONLY_DONT_DELETE = 2 | 8;
  private static final int JS_TYPE_NULL = 1;
  private static final int JS_TYPE_BOOLEAN = 2;
  private static final int JS_TYPE_NUMBER = 3;
  private static final int JS_TYPE_STRING = 4;
  private static final int JS_TYPE_OBJECT = 5;

  private static final AddressLayout PTR = ValueLayout.ADDRESS;
  /** Page functions by the address of their cell (cells never move). */
  private static final Map<Long, Handler> HANDLERS = new ConcurrentHashMap<>();

  private static MethodHandle getGlobalObject;
  private static MethodHandle makeFunction;
  private static MethodHandle stringFromUtf8;
  private static MethodHandle stringFromChars;
  private static MethodHandle stringLength;
  private static MethodHandle stringChars;
  private static MethodHandle stringRelease;
  private static MethodHandle setProperty;
  private static MethodHandle valueType;
  private static MethodHandle valueToString;
  private static MethodHandle valueToNumber;
  private static MethodHandle valueToBoolean;
  private static MethodHandle makeUndefined;
  private static MethodHandle makeNull;
  private static MethodHandle makeString;
  private static MethodHandle makeNumber;
  private static MethodHandle makeBoolean;
  private static MethodHandle protect;
  private static MethodHandle unprotect;
  private static MemorySegment stub;
  /** Characters of the string being returned to the page (grown on demand). FX thread. */
  private static MemorySegment out = MemorySegment.NULL;
  private static char[] outChars = new char[0];

  private static volatile State state;
  private static volatile boolean enabled = true;
  private static Layout layout;

  private JscCalls() {}

  /** The outcome of {@link #check}, or null before it ran. */
  public static State state() {
    return state;
  }

  /** Whether {@link #check} found that page functions work here, and they are enabled. */
  public static boolean works() {
    State s = state;
    return enabled && s != null && s.works();
  }

  /**
   * Turns page functions on or off for pages loaded from now on (on by default once
   * {@link #check} found they work); off, the page API calls through LiveConnect only.
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /**
   * Checks, once per JVM, that page functions can be made, in a blank engine of its own; later
   * calls return the first outcome. FX thread. Off with {@code -Dpepperjack.jscCalls=false}.
   */
  public static State check() {
    if (state == null) {
      state = Boolean.parseBoolean(System.getProperty("pepperjack.jscCalls", "true"))
          ? probe() : new State(false, "off (-Dpepperjack.jscCalls=false)");
    }
    return state;
  }


  private static State probe() {
    if (!JsCells.available()) {
      return new State(false, "this JavaFX has no com.sun.webkit.dom.JSObject peer");
    }
    // Made first: the engine is what loads libjfxwebkit.
    WebEngine engine = new WebEngine();
    try {
      bind();
    } catch (RuntimeException | ReflectiveOperationException e) {
      return new State(false, "the C API is not there: " + e.getMessage());
    }
    Object[] seen = new Object[3];
    Map<String, Handler> test = Map.of("probe", args -> {
      System.arraycopy(args, 0, seen, 0, Math.min(3, args.length));
      return args.length == 0 ? null : args.length + ":" + args[0];
    });
    try {
      Installed fns = installChecked(engine, test, null);
      if (fns.why != null) {
        return new State(false, fns.why);
      }
      try {
        Object r = ((netscape.javascript.JSObject) engine.executeScript(
            "(function (f) { return [f.probe('grüße\\u0000x', 2.5, true), f.probe() === null, f.probe(null)]; })"))
            .call("call", null, fns.object);
        netscape.javascript.JSObject a = (netscape.javascript.JSObject) r;
        if (!"3:grüße\u0000x".equals(a.getSlot(0)) || !Double.valueOf(2.5).equals(seen[1])
            || !Boolean.TRUE.equals(seen[2]) || !Boolean.TRUE.equals(a.getSlot(1))
            || !"1:null".equals(a.getSlot(2))) {
          return new State(false, "a test function returned " + a.getSlot(0) + ", " + a.getSlot(1)
              + ", " + a.getSlot(2));
        }
      } finally {
        fns.dispose();
      }
      return new State(true, "");
    } catch (RuntimeException e) {
      layout = null;
      return new State(false, "check failed: " + e);
    }
  }

  /**
   * The libjfxwebkit JavaFX loaded: through this class loader when JavaFX shares it, else opened
   * again by the very path mapped (the same file gives the same handle; another copy of the
   * library would start a second JavaScriptCore).
   */
  private static SymbolLookup webkit() {
    SymbolLookup own = SymbolLookup.loaderLookup();
    if (own.find("JSContextGetGlobalObject").isPresent()) {
      return own;
    }
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/maps"))) {
        int slash = line.indexOf('/');
        if (slash > 0 && line.endsWith("/libjfxwebkit.so")) {
          return SymbolLookup.libraryLookup(Path.of(line.substring(slash)), Arena.global());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/maps", e);
    }
    throw new IllegalStateException("libjfxwebkit is not loaded");
  }

  private static MethodHandle fn(SymbolLookup lib, String name, FunctionDescriptor d) {
    return Linker.nativeLinker().downcallHandle(lib.find(name).orElseThrow(
        () -> new IllegalStateException("no " + name + " in libjfxwebkit")), d);
  }

  private static void bind() throws ReflectiveOperationException {
    SymbolLookup lib = webkit();
    ValueLayout.OfLong size = ValueLayout.JAVA_LONG;
    getGlobalObject = fn(lib, "JSContextGetGlobalObject", FunctionDescriptor.of(PTR, PTR));
    makeFunction = fn(lib, "JSObjectMakeFunctionWithCallback", FunctionDescriptor.of(PTR, PTR, PTR, PTR));
    stringFromUtf8 = fn(lib, "JSStringCreateWithUTF8CString", FunctionDescriptor.of(PTR, PTR));
    stringFromChars = fn(lib, "JSStringCreateWithCharacters", FunctionDescriptor.of(PTR, PTR, size));
    stringLength = fn(lib, "JSStringGetLength", FunctionDescriptor.of(size, PTR));
    stringChars = fn(lib, "JSStringGetCharactersPtr", FunctionDescriptor.of(PTR, PTR));
    stringRelease = fn(lib, "JSStringRelease", FunctionDescriptor.ofVoid(PTR));
    setProperty = fn(lib, "JSObjectSetProperty",
        FunctionDescriptor.ofVoid(PTR, PTR, PTR, PTR, ValueLayout.JAVA_INT, PTR));
    valueType = fn(lib, "JSValueGetType", FunctionDescriptor.of(ValueLayout.JAVA_INT, PTR, PTR));
    valueToString = fn(lib, "JSValueToStringCopy", FunctionDescriptor.of(PTR, PTR, PTR, PTR));
    valueToNumber = fn(lib, "JSValueToNumber", FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, PTR, PTR, PTR));
    valueToBoolean = fn(lib, "JSValueToBoolean", FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, PTR, PTR));
    makeUndefined = fn(lib, "JSValueMakeUndefined", FunctionDescriptor.of(PTR, PTR));
    makeNull = fn(lib, "JSValueMakeNull", FunctionDescriptor.of(PTR, PTR));
    makeString = fn(lib, "JSValueMakeString", FunctionDescriptor.of(PTR, PTR, PTR));
    makeNumber = fn(lib, "JSValueMakeNumber", FunctionDescriptor.of(PTR, PTR, ValueLayout.JAVA_DOUBLE));
    makeBoolean = fn(lib, "JSValueMakeBoolean", FunctionDescriptor.of(PTR, PTR, ValueLayout.JAVA_BOOLEAN));
    protect = fn(lib, "JSValueProtect", FunctionDescriptor.ofVoid(PTR, PTR));
    unprotect = fn(lib, "JSValueUnprotect", FunctionDescriptor.ofVoid(PTR, PTR));
    stub = Linker.nativeLinker().upcallStub(MethodHandles.lookup().findStatic(JscCalls.class, "call",
            MethodType.methodType(MemorySegment.class, MemorySegment.class, MemorySegment.class,
                MemorySegment.class, long.class, MemorySegment.class, MemorySegment.class)),
        FunctionDescriptor.of(PTR, PTR, PTR, PTR, ValueLayout.JAVA_LONG, PTR, PTR), Arena.global());
  }

  /** Page functions installed on one object of a page; {@link #dispose} forgets them. */
  public static final class Installed {
    private final Object object;
    private final List<Long> functions;
    private final String why;

    private Installed(Object object, List<Long> functions, String why) {
      this.object = object;
      this.functions = functions;
      this.why = why;
    }

    /** The page object (a {@code netscape.javascript.JSObject}) that holds the functions. */
    public Object object() {
      return object;
    }

    /** Calls to these functions now return undefined. Any thread. */
    public void dispose() {
      functions.forEach(HANDLERS::remove);
      functions.clear();
    }
  }

  /**
   * Makes one page function per handler, as read-only members of a fresh object in the engine's
   * current page; null if page functions do not work here or this page's cells are not as
   * checked. FX thread.
   */
  public static Installed install(WebEngine engine, Map<String, Handler> handlers) {
    if (!works()) {
      return null;
    }
    try {
      Installed i = installChecked(engine, handlers, layout);
      return i.why == null ? i : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Installed installChecked(WebEngine engine, Map<String, Handler> handlers,
      Layout expected) {
    netscape.javascript.JSObject parts = (netscape.javascript.JSObject)
        engine.executeScript("[function () {}, window, {}]");
    Object function = parts.getSlot(0);
    Object proxy = parts.getSlot(1);
    Object holder = parts.getSlot(2);
    long ctx;
    try (FileChannel mem = JsCells.memory()) {
      long proxyCell = peer(proxy);
      long scope = JsCells.read(mem, peer(function), 32).getLong(SCOPE_OFFSET);
      ByteBuffer s = JsCells.read(mem, scope, 32);
      long global = s.getLong(NEXT_SCOPE_OFFSET);
      ByteBuffer g = JsCells.read(mem, global, GLOBAL_BYTES);
      int proxyOffset = -1;
      for (int at = 0; at < GLOBAL_BYTES; at += 8) {
        if (g.getLong(at) == proxyCell) {
          proxyOffset = at;
          break;
        }
      }
      Layout found = new Layout(s.get(TYPE_OFFSET) & 0xff, g.get(TYPE_OFFSET) & 0xff, proxyOffset);
      if (proxyOffset < 0) {
        return new Installed(null, List.of(), "no window proxy in the cell two scopes up");
      }
      if (expected != null && !expected.equals(found)) {
        return new Installed(null, List.of(), "this page's cells are not as checked: " + found);
      }
      ctx = global;
      if (((MemorySegment) getGlobalObject.invokeExact(MemorySegment.ofAddress(ctx))).address()
          != proxyCell) {
        return new Installed(null, List.of(), "the C API names another global object");
      }
      if (expected == null) {
        layout = found;
      }
    } catch (IOException e) {
      return new Installed(null, List.of(), "cells unreadable: " + e);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
    List<Long> made = new ArrayList<>();
    MemorySegment context = MemorySegment.ofAddress(ctx);
    MemorySegment target;
    try {
      target = MemorySegment.ofAddress(peer(holder));
    } catch (IOException e) {
      return new Installed(null, List.of(), "no holder: " + e);
    }
    try (Arena arena = Arena.ofConfined()) {
      for (Map.Entry<String, Handler> e : handlers.entrySet()) {
        MemorySegment name = (MemorySegment) stringFromUtf8.invokeExact(arena.allocateFrom(e.getKey()));
        MemorySegment f = (MemorySegment) makeFunction.invokeExact(context, name, stub);
        protect.invokeExact(context, f);
        setProperty.invokeExact(context, target, name, f, READ_ONLY_DONT_DELETE, MemorySegment.NULL);
        unprotect.invokeExact(context, f);
        stringRelease.invokeExact(name);
        HANDLERS.put(f.address(), e.getValue());
        made.add(f.address());
      }
    } catch (Throwable t) {
      made.forEach(HANDLERS::remove);
      throw new IllegalStateException(t);
    }
    return new Installed(holder, made, null);
  }

  private static long peer(Object jsObject) throws IOException {
    long cell = JsCells.cell(jsObject);
    if (cell == 0) {
      throw new IOException("not a script object: " + jsObject);
    }
    return cell;
  }

  /** The upcall every page function makes (JSObjectCallAsFunctionCallback). Never throws. */
  private static MemorySegment call(MemorySegment ctx, MemorySegment function, MemorySegment self,
      long argc, MemorySegment argv, MemorySegment exception) {
    try {
      Handler h = HANDLERS.get(function.address());
      if (h == null) {
        return (MemorySegment) makeUndefined.invokeExact(ctx);
      }
      int n = (int) Math.min(argc, MAX_ARGS);
      MemorySegment values = argv.reinterpret(n * PTR.byteSize());
      Object[] args = new Object[n];
      for (int i = 0; i < n; i++) {
        args[i] = toJava(ctx, values.getAtIndex(PTR, i));
      }
      return toScript(ctx, h.call(args));
    } catch (Throwable t) {
      try {
        return (MemorySegment) makeUndefined.invokeExact(ctx);
      } catch (Throwable again) {
        return MemorySegment.NULL;
      }
    }
  }

  private static Object toJava(MemorySegment ctx, MemorySegment v) throws Throwable {
    int type = (int) valueType.invokeExact(ctx, v);
    switch (type) {
      case JS_TYPE_STRING: {
        MemorySegment s = (MemorySegment) valueToString.invokeExact(ctx, v, MemorySegment.NULL);
        try {
          long len = (long) stringLength.invokeExact(s);
          if (len == 0) {
            return "";
          }
          MemorySegment chars = ((MemorySegment) stringChars.invokeExact(s)).reinterpret(len * 2);
          char[] c = new char[(int) len];
          MemorySegment.copy(chars, ValueLayout.JAVA_CHAR_UNALIGNED, 0, c, 0, c.length);
          return new String(c);
        } finally {
          stringRelease.invokeExact(s);
        }
      }
      case JS_TYPE_NUMBER:
        return (double) valueToNumber.invokeExact(ctx, v, MemorySegment.NULL);
      case JS_TYPE_BOOLEAN:
        return (boolean) valueToBoolean.invokeExact(ctx, v);
      case JS_TYPE_OBJECT:
        return new JsCells.Cell(v.address());
      default:
        return null;
    }
  }

  private static MemorySegment toScript(MemorySegment ctx, Object value) throws Throwable {
    return switch (value) {
      case null -> (MemorySegment) makeNull.invokeExact(ctx);
      case String s -> string(ctx, s);
      case Number n -> (MemorySegment) makeNumber.invokeExact(ctx, n.doubleValue());
      case Boolean b -> (MemorySegment) makeBoolean.invokeExact(ctx, b.booleanValue());
      default -> (MemorySegment) makeUndefined.invokeExact(ctx);
    };
  }

  private static MemorySegment string(MemorySegment ctx, String s) throws Throwable {
    int n = s.length();
    if (out.byteSize() < 2L * n || out.address() == 0) {
      out = Arena.ofAuto().allocate(Math.max(4096, Long.highestOneBit(2L * n) * 2));
      outChars = new char[(int) (out.byteSize() / 2)];
    }
    s.getChars(0, n, outChars, 0);
    MemorySegment.copy(outChars, 0, out, ValueLayout.JAVA_CHAR_UNALIGNED, 0, n);
    MemorySegment js = (MemorySegment) stringFromChars.invokeExact(out, (long) n);
    try {
      return (MemorySegment) makeString.invokeExact(ctx, js);
    } finally {
      stringRelease.invokeExact(js);
    }
  }
}
