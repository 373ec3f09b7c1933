/*
 * Speed of pj_var on the ≈1 KB message of the Java benchmark (SmallDict: nested object, strings,
 * numbers, arrays, a 64-byte ArrayBuffer): build with pj_builder, validate with pj_doc_open, and
 * read every field. Reports operations per second of process CPU time.
 * Usage: bench_pj_var [iterations]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pj_var.h"

/* benchmarks' SmallDict, field for field: the Java encoder writes the same 1,033 bytes. */
static size_t build(uint8_t *buf, size_t cap) {
  pj_builder b;
  uint8_t blob[64];
  int i;
  static const char *const names[] = {"item-0-of-the-catalogue", "item-1-of-the-catalogue",
                                      "item-2-of-the-catalogue", "item-3-of-the-catalogue",
                                      "item-4-of-the-catalogue", "item-5-of-the-catalogue",
                                      "item-6-of-the-catalogue", "item-7-of-the-catalogue"};
  static const char note[] =
      "The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog. "
      "The quick brown fox jumps over the lazy dog. ";
  for (i = 0; i < 64; i++) blob[i] = (uint8_t)i;
  pj_builder_init(&b, buf, cap);
  pj_build_dict(&b, 10);
  pj_build_key_cstr(&b, "type");
  pj_build_string_cstr(&b, "update");
  pj_build_key_cstr(&b, "seq");
  pj_build_int32(&b, 123456);
  pj_build_key_cstr(&b, "timestamp");
  pj_build_double(&b, 1.7e12);
  pj_build_key_cstr(&b, "ok");
  pj_build_bool(&b, true);
  pj_build_key_cstr(&b, "missing");
  pj_build_null(&b);
  pj_build_key_cstr(&b, "user");
  pj_build_dict(&b, 3);
  pj_build_key_cstr(&b, "name");
  pj_build_string_cstr(&b, "Ada Lovelace");
  pj_build_key_cstr(&b, "email");
  pj_build_string_cstr(&b, "ada@example.org");
  pj_build_key_cstr(&b, "roles");
  pj_build_array(&b, 2);
  pj_build_string_cstr(&b, "admin");
  pj_build_string_cstr(&b, "editor");
  pj_build_end(&b);
  pj_build_end(&b);
  pj_build_key_cstr(&b, "items");
  pj_build_array(&b, 8);
  for (i = 0; i < 8; i++) {
    pj_build_dict(&b, 4);
    pj_build_key_cstr(&b, "id");
    pj_build_int32(&b, 1000 + i);
    pj_build_key_cstr(&b, "name");
    pj_build_string_cstr(&b, names[i]);
    pj_build_key_cstr(&b, "price");
    pj_build_double(&b, 9.99 + i);
    pj_build_key_cstr(&b, "tags");
    pj_build_array(&b, 2);
    pj_build_string_cstr(&b, "red");
    pj_build_string_cstr(&b, "small");
    pj_build_end(&b);
    pj_build_end(&b);
  }
  pj_build_end(&b);
  pj_build_key_cstr(&b, "matrix");
  pj_build_array(&b, 16);
  for (i = 0; i < 16; i++) pj_build_double(&b, i * 0.5);
  pj_build_end(&b);
  pj_build_key_cstr(&b, "note");
  pj_build_string_cstr(&b, note);
  pj_build_key_cstr(&b, "blob");
  pj_build_buffer(&b, blob, sizeof blob);
  pj_build_end(&b);
  /* finish() would validate too: validation is measured on its own below. */
  return b.status == PJ_OK && b.depth == 0 ? b.pos : 0;
}

static double walk(pj_var v) {
  double sum = 0, d;
  int64_t l;
  const char *s;
  size_t n;
  pj_bytes bytes;
  pj_iter it;
  pj_var e;
  switch (pj_var_type(v)) {
    case PJ_INT32:
    case PJ_INT64:
      pj_var_get_int64(v, &l);
      return (double)l;
    case PJ_DOUBLE:
      pj_var_get_double(v, &d);
      return d;
    case PJ_STRING:
      pj_var_get_string(v, &s, &n);
      return (double)n + (n ? s[0] : 0);
    case PJ_ARRAY_BUFFER:
      pj_var_get_buffer(v, &bytes);
      return bytes.data[bytes.len - 1];
    case PJ_ARRAY:
    case PJ_DICTIONARY:
      it = pj_var_iter(v);
      while (pj_iter_next_entry(&it, &s, &n, &e)) sum += walk(e);
      return sum;
    default:
      return 1;
  }
}

static double seconds(void) { return (double)clock() / CLOCKS_PER_SEC; }

int main(int argc, char **argv) {
  static uint8_t buf[4096];
  long iterations = argc > 1 ? atol(argv[1]) : 2000000;
  long i;
  size_t len = 0;
  double t0, t1, t2, t3, sink = 0;
  pj_doc doc;
  pj_var x;
  t0 = seconds();
  for (i = 0; i < iterations; i++) len = build(buf, sizeof buf);
  t1 = seconds();
  for (i = 0; i < iterations; i++) sink += pj_doc_open(&doc, buf, len, NULL, NULL);
  t2 = seconds();
  for (i = 0; i < iterations; i++) {
    pj_doc_open(&doc, buf, len, NULL, NULL);
    sink += walk(pj_doc_root(&doc));
    x = pj_dict_get_cstr(pj_doc_root(&doc), "blob");
    sink += (double)pj_var_type(x);
  }
  t3 = seconds();
  if (len == 0) {
    fprintf(stderr, "build failed\n");
    return 1;
  }
  printf("message %zu bytes; per CPU-second: build %.0f, validate %.0f, validate+read all %.0f"
         " (sink %.0f)\n", len, (double)iterations / (t1 - t0), (double)iterations / (t2 - t1),
         (double)iterations / (t3 - t2), sink);
  return 0;
}
