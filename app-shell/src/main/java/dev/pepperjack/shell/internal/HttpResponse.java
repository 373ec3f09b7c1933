package dev.pepperjack.shell.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the in-process origin answers: status, headers and the whole body. */
record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  static HttpResponse ok(String contentType, byte[] body) {
    return new HttpResponse(200, contentType, body, new LinkedHashMap<>());
  }

  static HttpResponse text(int status, String text) {
    return new HttpResponse(status, "text/plain; charset=utf-8",
        text.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
  }

  HttpResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
