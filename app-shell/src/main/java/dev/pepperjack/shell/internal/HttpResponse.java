package dev.pepperjack.shell.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the in-process origin answers: status, headers and the body, which is {@code length} bytes
 * of {@code body} from {@code offset} (a download piece is a slice of its buffer, not a copy).
 */
record HttpResponse(int status, String contentType, byte[] body, int offset, int length,
    Map<String, String> headers) {
  static HttpResponse ok(String contentType, byte[] body) {
    return ok(contentType, body, 0, body.length);
  }

  static HttpResponse ok(String contentType, byte[] body, int offset, int length) {
    return new HttpResponse(200, contentType, body, offset, length, new LinkedHashMap<>());
  }

  static HttpResponse text(int status, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return new HttpResponse(status, "text/plain; charset=utf-8", b, 0, b.length, new LinkedHashMap<>());
  }

  /** A copy of the body's bytes. */
  byte[] bytes() {
    return Arrays.copyOfRange(body, offset, offset + length);
  }

  HttpResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
