#include "pj_test_util.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  char *out;
  size_t cap;
  size_t len;
  int overflow;
  size_t ids[256];
  size_t id_count;
} dumper;

static void emit(dumper *d, const char *s, size_t n) {
  if (d->len + n >= d->cap) {
    d->overflow = 1;
    return;
  }
  memcpy(d->out + d->len, s, n);
  d->len += n;
  d->out[d->len] = 0;
}

static void emits(dumper *d, const char *s) { emit(d, s, strlen(s)); }

static void emitf_u(dumper *d, const char *fmt, unsigned long long x) {
  char tmp[64];
  int n = snprintf(tmp, sizeof tmp, fmt, x);
  emit(d, tmp, (size_t)n);
}

static void text(dumper *d, const char *s, size_t n) {
  size_t i;
  emits(d, "\"");
  for (i = 0; i < n; i++) {
    unsigned c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      char ch = (char)c;
      emit(d, &ch, 1);
    } else {
      emitf_u(d, "\\x%02llx", c);
    }
  }
  emits(d, "\"");
}

static void buffer(dumper *d, pj_bytes b) {
  size_t i;
  for (i = 0; i < d->id_count; i++) {
    if (d->ids[i] == b.id) {
      emitf_u(d, "ab#%llu", i);
      return;
    }
  }
  if (d->id_count == 256) {
    d->overflow = 1;
    return;
  }
  d->ids[d->id_count] = b.id;
  emitf_u(d, "ab#%llu", d->id_count++);
  emitf_u(d, "(%llu):", b.len);
  for (i = 0; i < b.len; i++) emitf_u(d, "%02llx", b.data[i]);
}

static const char *const JS_NAMES[] = {
    "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
    "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array",
    "BigInt64Array", "BigUint64Array", "DataView"};

static void dump(dumper *d, pj_var v) {
  char tmp[64];
  switch (pj_var_type(v)) {
    case PJ_UNDEFINED:
      emits(d, "undefined");
      break;
    case PJ_NULL:
      emits(d, "null");
      break;
    case PJ_BOOL: {
      bool b = false;
      pj_var_get_bool(v, &b);
      emits(d, b ? "true" : "false");
      break;
    }
    case PJ_INT32: {
      int32_t i = 0;
      pj_var_get_int32(v, &i);
      snprintf(tmp, sizeof tmp, "i32:%ld", (long)i);
      emits(d, tmp);
      break;
    }
    case PJ_INT64: {
      int64_t i = 0;
      pj_var_get_int64(v, &i);
      snprintf(tmp, sizeof tmp, "i64:%lld", (long long)i);
      emits(d, tmp);
      break;
    }
    case PJ_DOUBLE: {
      double x = 0;
      uint64_t bits;
      pj_var_get_double(v, &x);
      if (x != x) {
        emits(d, "f64:NaN");
      } else {
        memcpy(&bits, &x, sizeof bits);
        emitf_u(d, "f64:%016llx", (unsigned long long)bits);
      }
      break;
    }
    case PJ_STRING: {
      const char *s = NULL;
      size_t n = 0;
      pj_var_get_string(v, &s, &n);
      text(d, s, n);
      break;
    }
    case PJ_ARRAY: {
      pj_iter it = pj_var_iter(v);
      pj_var e;
      int first = 1;
      emits(d, "[");
      while (pj_iter_next(&it, &e)) {
        if (!first) emits(d, ",");
        first = 0;
        dump(d, e);
      }
      emits(d, "]");
      break;
    }
    case PJ_DICTIONARY: {
      pj_iter it = pj_var_iter(v);
      pj_var e;
      const char *k;
      size_t kn;
      int first = 1;
      emits(d, "{");
      while (pj_iter_next_entry(&it, &k, &kn, &e)) {
        if (!first) emits(d, ",");
        first = 0;
        text(d, k, kn);
        emits(d, ":");
        dump(d, e);
      }
      emits(d, "}");
      break;
    }
    case PJ_ARRAY_BUFFER: {
      pj_bytes b;
      pj_var_get_buffer(v, &b);
      buffer(d, b);
      break;
    }
    case PJ_TYPED_ARRAY: {
      pj_view view;
      pj_var_get_view(v, &view);
      emits(d, JS_NAMES[view.kind]);
      emitf_u(d, "(%llu,", view.byte_offset);
      emitf_u(d, "%llu,", view.length);
      buffer(d, view.buffer);
      emits(d, ")");
      break;
    }
    default:
      emits(d, "<none>");
  }
}

size_t pj_test_dump(pj_var v, char *out, size_t cap) {
  dumper d;
  memset(&d, 0, sizeof d);
  d.out = out;
  d.cap = cap;
  if (cap) out[0] = 0;
  dump(&d, v);
  return d.overflow ? (size_t)-1 : d.len;
}

static void rebuild(pj_builder *b, pj_var v) {
  switch (pj_var_type(v)) {
    case PJ_UNDEFINED:
      pj_build_undefined(b);
      break;
    case PJ_NULL:
      pj_build_null(b);
      break;
    case PJ_BOOL: {
      bool x = false;
      pj_var_get_bool(v, &x);
      pj_build_bool(b, x);
      break;
    }
    case PJ_INT32: {
      int32_t x = 0;
      pj_var_get_int32(v, &x);
      pj_build_int32(b, x);
      break;
    }
    case PJ_INT64: {
      int64_t x = 0;
      pj_var_get_int64(v, &x);
      pj_build_int64(b, x);
      break;
    }
    case PJ_DOUBLE: {
      double x = 0;
      pj_var_get_double(v, &x);
      pj_build_double(b, x);
      break;
    }
    case PJ_STRING: {
      const char *s = NULL;
      size_t n = 0;
      pj_var_get_string(v, &s, &n);
      pj_build_string(b, s, n);
      break;
    }
    case PJ_ARRAY: {
      pj_iter it = pj_var_iter(v);
      pj_var e;
      pj_build_array(b, (uint32_t)pj_var_count(v));
      while (pj_iter_next(&it, &e)) rebuild(b, e);
      pj_build_end(b);
      break;
    }
    case PJ_DICTIONARY: {
      pj_iter it = pj_var_iter(v);
      pj_var e;
      const char *k;
      size_t kn;
      pj_build_dict(b, (uint32_t)pj_var_count(v));
      while (pj_iter_next_entry(&it, &k, &kn, &e)) {
        pj_build_key(b, k, kn);
        rebuild(b, e);
      }
      pj_build_end(b);
      break;
    }
    case PJ_ARRAY_BUFFER: {
      pj_bytes x;
      pj_var_get_buffer(v, &x);
      pj_build_buffer(b, x.data, x.len);
      break;
    }
    case PJ_TYPED_ARRAY: {
      pj_view x;
      pj_var_get_view(v, &x);
      if (x.kind != PJ_VIEW_DATA_VIEW && x.byte_offset == 0 && x.byte_length == x.buffer.len) {
        pj_build_typed_array(b, x.kind, x.buffer.data, x.buffer.len);
      } else {
        pj_build_view(b, x.kind, x.byte_offset, x.length, x.buffer.data, x.buffer.len);
      }
      break;
    }
    default:
      break;
  }
}

pj_status pj_test_rebuild(pj_var v, uint8_t *buf, size_t cap, const uint8_t **doc, size_t *len) {
  pj_builder b;
  pj_builder_init(&b, buf, cap);
  rebuild(&b, v);
  return pj_builder_finish(&b, doc, len, NULL);
}
