/*
 * Unit tests of pj_var plus the shared vectors (script-bridge's wire-vectors.txt): every vector
 * must give the Java decoder's result, and the builder must reproduce the Java encoder's bytes.
 * Usage: test_pj_var <wire-vectors.txt> [wire-differential.txt]
 * The second file (written by script-bridge's WireDifferentialCorpusTest) holds mutated inputs
 * with the Java decoder's verdict under limits 16 / 4096 / 256.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pj_test_util.h"
#include "pj_var.h"

static int failures;
static int checks;

#define CHECK(cond)                                                     \
  do {                                                                  \
    checks++;                                                           \
    if (!(cond)) {                                                      \
      failures++;                                                       \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                   \
  } while (0)

static size_t unhex(const char *s, uint8_t *out, size_t cap) {
  size_t n = 0;
  while (s[0] && s[1] && n < cap) {
    unsigned v;
    if (sscanf(s, "%2x", &v) != 1) break;
    out[n++] = (uint8_t)v;
    s += 2;
  }
  return n;
}

static pj_status status_named(const char *name) {
  int c;
  for (c = 0; c <= PJ_ERR_INVALID_ARGUMENT; c++) {
    if (strcmp(pj_status_name((pj_status)c), name) == 0) return (pj_status)c;
  }
  return (pj_status)-1;
}

/* ------------------------------------------------------------------ vectors */

static uint8_t doc_buf[1 << 16];
static uint8_t build_buf[1 << 16];
static char dump_buf[1 << 17];

/* True when some buffer occurs twice: the builder writes no sharing, so bytes differ then. */
static int has_sharing(const char *dump) {
  const char *p = dump;
  while ((p = strstr(p, "ab#")) != NULL) {
    p += 3;
    while (*p >= '0' && *p <= '9') p++;
    if (*p != '(') return 1;
  }
  return 0;
}

static void run_vectors(const char *path, const pj_limits *limits, int min_count) {
  FILE *f = fopen(path, "r");
  static char line[1 << 17];
  int count = 0;
  if (!f) {
    fprintf(stderr, "cannot open vectors %s\n", path);
    failures++;
    return;
  }
  while (fgets(line, sizeof line, f)) {
    char *name, *hex, *expect, *bar1, *bar2;
    size_t len, n;
    pj_doc doc;
    pj_error err;
    pj_status st;
    line[strcspn(line, "\n")] = 0;
    if (line[0] == '#' || line[0] == 0) continue;
    bar1 = strstr(line, " | ");
    bar2 = bar1 ? strstr(bar1 + 3, " | ") : NULL;
    if (!bar2) {
      fprintf(stderr, "bad vector line: %s\n", line);
      failures++;
      continue;
    }
    *bar1 = 0;
    *bar2 = 0;
    name = line;
    hex = bar1 + 3;
    expect = bar2 + 3;
    while (*hex == ' ') hex++;
    len = unhex(hex, doc_buf, sizeof doc_buf);
    count++;
    st = pj_doc_open(&doc, doc_buf, len, limits, &err);
    checks++;
    if (expect[0] == '!') {
      char code[64];
      unsigned long off;
      if (sscanf(expect + 1, "%63[^@]@%lu", code, &off) != 2) {
        fprintf(stderr, "%s: bad expectation %s\n", name, expect);
        failures++;
        continue;
      }
      if (st != status_named(code) || err.offset != off) {
        fprintf(stderr, "%s: expected %s@%lu, got %s@%lu\n", name, code, off,
                pj_status_name(st), (unsigned long)err.offset);
        failures++;
      }
      continue;
    }
    if (st != PJ_OK) {
      fprintf(stderr, "%s: expected a value, got %s@%lu\n", name, pj_status_name(st),
              (unsigned long)err.offset);
      failures++;
      continue;
    }
    n = pj_test_dump(pj_doc_root(&doc), dump_buf, sizeof dump_buf);
    if (n == (size_t)-1 || strcmp(dump_buf, expect + 1) != 0) {
      fprintf(stderr, "%s:\n  expected %s\n  got      %s\n", name, expect + 1, dump_buf);
      failures++;
      continue;
    }
    if (expect[0] == '=' && !has_sharing(expect + 1)) {
      const uint8_t *built;
      size_t built_len;
      checks++;
      st = pj_test_rebuild(pj_doc_root(&doc), build_buf, sizeof build_buf, &built, &built_len);
      if (st != PJ_OK || built_len != len || memcmp(built, doc_buf, len) != 0) {
        fprintf(stderr, "%s: builder bytes differ from the Java encoder's (%s)\n", name,
                pj_status_name(st));
        failures++;
      }
    }
  }
  fclose(f);
  printf("%s: %d inputs\n", path, count);
  CHECK(count >= min_count);
}

/* ------------------------------------------------------------------ reading */

static const uint8_t SPEC_EXAMPLE[] = {0xda, 0x00, 0x50, 0x4a, 0x01, 0xa3, 0x61, 0x61, 0x01,
                                       0x61, 0x62, 0x82, 0xf5, 0xf6, 0x63, 0x62, 0x75, 0x66,
                                       0x41, 0xab};

static void test_navigation(void) {
  pj_doc doc;
  pj_var root, b, buf;
  int32_t i = 0;
  bool flag = false;
  pj_bytes bytes;
  CHECK(pj_doc_open(&doc, SPEC_EXAMPLE, sizeof SPEC_EXAMPLE, NULL, NULL) == PJ_OK);
  root = pj_doc_root(&doc);
  CHECK(pj_var_type(root) == PJ_DICTIONARY);
  CHECK(pj_var_count(root) == 3);
  CHECK(pj_var_get_int32(pj_dict_get_cstr(root, "a"), &i) && i == 1);
  b = pj_dict_get_cstr(root, "b");
  CHECK(pj_var_type(b) == PJ_ARRAY && pj_var_count(b) == 2);
  CHECK(pj_var_get_bool(pj_array_get(b, 0), &flag) && flag);
  CHECK(pj_var_type(pj_array_get(b, 1)) == PJ_NULL);
  CHECK(pj_var_type(pj_array_get(b, 2)) == PJ_NONE);
  CHECK(!pj_var_exists(pj_dict_get_cstr(root, "missing")));
  buf = pj_dict_get_cstr(root, "buf");
  CHECK(pj_var_get_buffer(buf, &bytes) && bytes.len == 1 && bytes.data[0] == 0xab);
  CHECK(bytes.data == SPEC_EXAMPLE + 19); /* in place, no copy */
  CHECK(!pj_var_get_int32(buf, &i));        /* wrong type: false, no crash */
  CHECK(pj_var_type(pj_dict_get_cstr(b, "x")) == PJ_NONE);
}

static void test_numbers(void) {
  static const uint8_t doc_bytes[] = {0xda, 0x00, 0x50, 0x4a, 0x01, 0x85,
                                      0x1b, 0, 0, 0, 0, 0, 0, 0, 5,   /* int64 5 */
                                      0x3a, 0x7f, 0xff, 0xff, 0xff,   /* int32 min */
                                      0xf9, 0x3e, 0x00,               /* half 1.5 */
                                      0xfb, 0x80, 0, 0, 0, 0, 0, 0, 0, /* -0.0 */
                                      0x1a, 0xff, 0xff, 0xff, 0xff};  /* lenient int64 */
  pj_doc doc;
  pj_var root;
  int64_t l = 0;
  int32_t i = 0;
  double d = 0;
  CHECK(pj_doc_open(&doc, doc_bytes, sizeof doc_bytes, NULL, NULL) == PJ_OK);
  root = pj_doc_root(&doc);
  CHECK(pj_var_type(pj_array_get(root, 0)) == PJ_INT64);
  CHECK(!pj_var_get_int32(pj_array_get(root, 0), &i));
  CHECK(pj_var_get_int64(pj_array_get(root, 0), &l) && l == 5);
  CHECK(pj_var_get_int32(pj_array_get(root, 1), &i) && i == INT32_MIN);
  CHECK(pj_var_get_int64(pj_array_get(root, 1), &l) && l == INT32_MIN);
  CHECK(pj_var_get_double(pj_array_get(root, 2), &d) && d == 1.5);
  CHECK(pj_var_get_double(pj_array_get(root, 3), &d) && d == 0.0 && signbit(d));
  CHECK(pj_var_get_int64(pj_array_get(root, 4), &l) && l == 4294967295LL);
  CHECK(pj_var_get_number(pj_array_get(root, 0), &d) && d == 5.0);
}

static void test_shared_views(void) {
  /* [ab, Uint8Array(ab), Int16Array(ab, 2, 1), ab] with one shared buffer. */
  static const uint8_t doc_bytes[] = {
      0xda, 0x00, 0x50, 0x4a, 0x01, 0x84, 0xd8, 0x1c, 0x44, 1, 2, 3, 4,
      0xda, 0x00, 0x50, 0x4a, 0x02, 0x84, 0x01, 0x00, 0x04, 0xd8, 0x1d, 0x00,
      0xda, 0x00, 0x50, 0x4a, 0x02, 0x84, 0x03, 0x02, 0x01, 0xd8, 0x1d, 0x00,
      0xd8, 0x1d, 0x00};
  pj_doc doc;
  pj_var root;
  pj_bytes a, d;
  pj_view u8, i16;
  CHECK(pj_doc_open(&doc, doc_bytes, sizeof doc_bytes, NULL, NULL) == PJ_OK);
  root = pj_doc_root(&doc);
  CHECK(pj_var_get_buffer(pj_array_get(root, 0), &a));
  CHECK(pj_var_get_view(pj_array_get(root, 1), &u8));
  CHECK(pj_var_get_view(pj_array_get(root, 2), &i16));
  CHECK(pj_var_get_buffer(pj_array_get(root, 3), &d));
  CHECK(a.id == u8.buffer.id && a.id == i16.buffer.id && a.id == d.id);
  CHECK(a.data == d.data && a.len == 4);
  CHECK(u8.kind == PJ_VIEW_UINT8 && u8.length == 4 && u8.data == a.data);
  CHECK(i16.kind == PJ_VIEW_INT16 && i16.byte_offset == 2 && i16.length == 1 &&
        i16.byte_length == 2 && i16.data == a.data + 2);
}

static void test_many_shared_buffers(void) {
  /* 40 shareable buffers, then references to each: beyond PJ_SHARED_CACHE, found by a scan. */
  uint8_t bytes[1024];
  size_t n = 0;
  int i;
  pj_doc doc;
  pj_var root;
  pj_bytes first, again;
  const uint8_t header[] = {0xda, 0x00, 0x50, 0x4a, 0x01, 0x98, 80};
  memcpy(bytes, header, sizeof header);
  n = sizeof header;
  for (i = 0; i < 40; i++) {
    bytes[n++] = 0xd8;
    bytes[n++] = 0x1c;
    bytes[n++] = 0x41;
    bytes[n++] = (uint8_t)i;
  }
  for (i = 0; i < 40; i++) {
    bytes[n++] = 0xd8;
    bytes[n++] = 0x1d;
    bytes[n++] = 0x18;
    bytes[n++] = (uint8_t)i;
  }
  CHECK(pj_doc_open(&doc, bytes, n, NULL, NULL) == PJ_OK);
  root = pj_doc_root(&doc);
  for (i = 0; i < 40; i++) {
    CHECK(pj_var_get_buffer(pj_array_get(root, (size_t)i), &first));
    CHECK(pj_var_get_buffer(pj_array_get(root, (size_t)(40 + i)), &again));
    CHECK(first.id == again.id && again.len == 1 && again.data[0] == i);
  }
}

/* A dictionary of n entries "k0".."k{n-1}" (ints), optionally with key `dup` repeated at the end. */
static size_t big_dict(uint8_t *out, size_t cap, uint32_t n, int dup) {
  pj_builder b;
  uint32_t i;
  char key[16];
  pj_builder_init(&b, out, cap);
  pj_build_dict(&b, n + (dup >= 0 ? 1 : 0));
  for (i = 0; i < n; i++) {
    snprintf(key, sizeof key, "k%u", (unsigned)i);
    pj_build_key_cstr(&b, key);
    pj_build_int32(&b, (int32_t)i);
  }
  if (dup >= 0) {
    snprintf(key, sizeof key, "k%d", dup);
    pj_build_key_cstr(&b, key);
    pj_build_null(&b);
  }
  pj_build_end(&b);
  return b.status == PJ_OK ? b.pos : 0;
}

static void test_duplicate_keys_in_big_dictionaries(void) {
  static uint8_t bytes[1 << 20];
  pj_doc doc;
  pj_error err;
  size_t n;
  uint32_t sizes[] = {3, 9, 300, 5000};
  unsigned s;
  for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    n = big_dict(bytes, sizeof bytes, sizes[s], -1);
    CHECK(n > 0 && pj_doc_open(&doc, bytes, n, NULL, &err) == PJ_OK);
    n = big_dict(bytes, sizeof bytes, sizes[s], (int)(sizes[s] / 2));
    CHECK(pj_doc_open(&doc, bytes, n, NULL, &err) == PJ_ERR_DUPLICATE_KEY);
    /* The repeated key is the last entry: its head sits right before its null value. */
    CHECK(err.offset == n - 2 - (1 + strlen("k") + (size_t)snprintf(NULL, 0, "%u", sizes[s] / 2)) + 1);
  }
}

static void test_limits(void) {
  uint8_t bytes[300];
  pj_doc doc;
  pj_error err;
  pj_limits two = {2, 1 << 20, 1 << 20};
  pj_limits few = {10, 1 << 20, 2};
  pj_limits small = {10, 4000, 100};
  static uint8_t big[5000];
  size_t i;
  memcpy(bytes, "\xda\x00\x50\x4a\x01\x81\x81\x01", 8);
  CHECK(pj_doc_open(&doc, bytes, 8, &two, &err) == PJ_OK);
  memcpy(bytes, "\xda\x00\x50\x4a\x01\x81\x81\x81\x01", 9);
  CHECK(pj_doc_open(&doc, bytes, 9, &two, &err) == PJ_ERR_LIMIT_DEPTH && err.offset == 7);
  memcpy(bytes, "\xda\x00\x50\x4a\x01\x82\x01\x81\x02", 9);
  CHECK(pj_doc_open(&doc, bytes, 9, &few, &err) == PJ_ERR_LIMIT_ELEMENTS && err.offset == 7);
  memcpy(big, "\xda\x00\x50\x4a\x01\x59\x10\x00", 8);
  CHECK(pj_doc_open(&doc, big, 8 + 4096, &small, &err) == PJ_ERR_LIMIT_BYTES && err.offset == 5);
  /* 100,000 nested arrays: refused at the default depth, without deep recursion. */
  {
    static uint8_t deep[100006];
    memcpy(deep, "\xda\x00\x50\x4a\x01", 5);
    for (i = 5; i < 100005; i++) deep[i] = 0x81;
    deep[100005] = 0x01;
    CHECK(pj_doc_open(&doc, deep, sizeof deep, NULL, &err) == PJ_ERR_LIMIT_DEPTH &&
          err.offset == 5 + 128);
  }
  /* A 10-byte input declaring a 2 GB string is refused at once. */
  memcpy(bytes, "\xda\x00\x50\x4a\x01\x7a\x7f\xff\xff\xff", 10);
  CHECK(pj_doc_open(&doc, bytes, 10, NULL, &err) == PJ_ERR_TRUNCATED && err.offset == 5);
}

/* ------------------------------------------------------------------ building */

static void test_builder_writes_the_spec_example(void) {
  uint8_t out[64];
  pj_builder b;
  const uint8_t *doc;
  size_t len;
  const uint8_t ab = 0xab;
  pj_builder_init(&b, out, sizeof out);
  pj_build_dict(&b, 3);
  pj_build_key_cstr(&b, "a");
  pj_build_int32(&b, 1);
  pj_build_key_cstr(&b, "b");
  pj_build_array(&b, 2);
  pj_build_bool(&b, true);
  pj_build_null(&b);
  pj_build_end(&b);
  pj_build_key_cstr(&b, "buf");
  pj_build_buffer(&b, &ab, 1);
  pj_build_end(&b);
  CHECK(pj_builder_finish(&b, &doc, &len, NULL) == PJ_OK);
  CHECK(len == sizeof SPEC_EXAMPLE && memcmp(doc, SPEC_EXAMPLE, len) == 0);
  CHECK(doc == out);
}

static void test_builder_scalars_and_views(void) {
  uint8_t out[256];
  pj_builder b;
  const uint8_t *doc;
  size_t len;
  pj_doc d;
  pj_var root;
  int64_t l = 0;
  double x = 0;
  pj_view v;
  const float floats[2] = {1.5f, -2.0f};
  const uint8_t raw[6] = {1, 2, 3, 4, 5, 6};
  pj_builder_init(&b, out, sizeof out);
  pj_build_array(&b, 6);
  pj_build_int64(&b, INT64_MIN);
  pj_build_double(&b, -0.0);
  pj_build_undefined(&b);
  pj_build_typed_array(&b, PJ_VIEW_FLOAT32, floats, sizeof floats);
  pj_build_view(&b, PJ_VIEW_UINT16, 2, 2, raw, sizeof raw);
  pj_build_typed_array(&b, PJ_VIEW_DATA_VIEW, raw, sizeof raw);
  pj_build_end(&b);
  CHECK(pj_builder_finish(&b, &doc, &len, NULL) == PJ_OK);
  CHECK(pj_doc_open(&d, doc, len, NULL, NULL) == PJ_OK);
  root = pj_doc_root(&d);
  CHECK(pj_var_type(pj_array_get(root, 0)) == PJ_INT64);
  CHECK(pj_var_get_int64(pj_array_get(root, 0), &l) && l == INT64_MIN);
  CHECK(pj_var_get_double(pj_array_get(root, 1), &x) && x == 0.0 && signbit(x));
  CHECK(pj_var_type(pj_array_get(root, 2)) == PJ_UNDEFINED);
  CHECK(pj_var_get_view(pj_array_get(root, 3), &v) && v.kind == PJ_VIEW_FLOAT32 && v.length == 2);
  {
    float f[2];
    memcpy(f, v.data, sizeof f); /* elements may be unaligned: copy them out */
    CHECK(f[0] == 1.5f && f[1] == -2.0f);
  }
  CHECK(pj_var_get_view(pj_array_get(root, 4), &v) && v.kind == PJ_VIEW_UINT16 &&
        v.byte_offset == 2 && v.length == 2 && v.data[0] == 3);
  CHECK(pj_var_get_view(pj_array_get(root, 5), &v) && v.kind == PJ_VIEW_DATA_VIEW &&
        v.length == 6);
}

static void test_builder_errors(void) {
  uint8_t out[32];
  pj_builder b;
  const uint8_t *doc;
  size_t len;
  pj_error err;
  char big[64];
  memset(big, 'x', sizeof big);

  pj_builder_init(&b, out, sizeof out); /* arena too small */
  pj_build_string(&b, big, sizeof big);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_NO_SPACE && err.offset == 7);

  pj_builder_init(&b, out, 3); /* not even room for the header */
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_NO_SPACE);

  pj_builder_init(&b, out, sizeof out); /* too few items */
  pj_build_array(&b, 2);
  pj_build_null(&b);
  pj_build_end(&b);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_BUILDER_STATE);

  pj_builder_init(&b, out, sizeof out); /* too many items */
  pj_build_array(&b, 1);
  pj_build_null(&b);
  pj_build_null(&b);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_BUILDER_STATE);

  pj_builder_init(&b, out, sizeof out); /* a value where a key belongs */
  pj_build_dict(&b, 1);
  pj_build_null(&b);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_BUILDER_STATE);

  pj_builder_init(&b, out, sizeof out); /* unclosed container */
  pj_build_array(&b, 0);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_BUILDER_STATE);

  pj_builder_init(&b, out, sizeof out); /* two roots */
  pj_build_null(&b);
  pj_build_null(&b);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_BUILDER_STATE);

  pj_builder_init(&b, out, sizeof out); /* invalid UTF-8 */
  pj_build_string(&b, "\xff", 1);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_INVALID_UTF8);

  pj_builder_init(&b, out, sizeof out); /* duplicate keys: caught by finish's validation */
  pj_build_dict(&b, 2);
  pj_build_key_cstr(&b, "a");
  pj_build_null(&b);
  pj_build_key_cstr(&b, "a");
  pj_build_null(&b);
  pj_build_end(&b);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_DUPLICATE_KEY && err.offset == 9);

  pj_builder_init(&b, out, sizeof out); /* window outside the buffer */
  pj_build_view(&b, PJ_VIEW_UINT32, 0, 2, big, 4);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_INVALID_ARGUMENT);

  pj_builder_init(&b, out, sizeof out); /* typed array of a partial element */
  pj_build_typed_array(&b, PJ_VIEW_INT32, big, 6);
  CHECK(pj_builder_finish(&b, &doc, &len, &err) == PJ_ERR_INVALID_ARGUMENT);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <wire-vectors.txt> [wire-differential.txt]\n", argv[0]);
    return 2;
  }
  test_navigation();
  test_numbers();
  test_shared_views();
  test_many_shared_buffers();
  test_duplicate_keys_in_big_dictionaries();
  test_limits();
  test_builder_writes_the_spec_example();
  test_builder_scalars_and_views();
  test_builder_errors();
  run_vectors(argv[1], NULL, 100);
  if (argc > 2) {
    pj_limits small = {16, 4096, 256};
    run_vectors(argv[2], &small, 20000);
  }
  printf("%d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
