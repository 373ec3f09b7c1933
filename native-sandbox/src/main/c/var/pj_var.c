/*
 * pj_var: wire format v1 reader and builder. Mirrors
 * script-bridge/src/main/java/dev/pepperjack/bridge/internal/WireDecoder.java check for check:
 * change one, change both and the shared vectors.
 */
#include "pj_var.h"

#include <string.h>

#define TAG_DOCUMENT 0x504A01u
#define TAG_VIEW 0x504A02u
#define TAG_SHAREABLE 28u
#define TAG_SHARED_REF 29u
#define NODE_BYTES 8u
#define NO_OFFSET ((size_t)-1)

static const char *const STATUS_NAMES[] = {
    "OK", "NOT_A_DOCUMENT", "UNSUPPORTED_VERSION", "TRUNCATED", "TRAILING_BYTES",
    "MALFORMED_HEAD", "INDEFINITE_LENGTH", "UNSUPPORTED_ITEM", "INT_OUT_OF_RANGE",
    "INVALID_UTF8", "BAD_KEY", "DUPLICATE_KEY", "BAD_VIEW", "BAD_REFERENCE", "LIMIT_DEPTH",
    "LIMIT_BYTES", "LIMIT_ELEMENTS", "NO_SPACE", "BUILDER_STATE", "INVALID_ARGUMENT"};

const char *pj_status_name(pj_status code) {
  if ((unsigned)code < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0]) {
    return STATUS_NAMES[code];
  }
  return "UNKNOWN";
}

static const uint8_t ELEMENT_SIZE[] = {1, 1, 1, 2, 2, 4, 4, 2, 4, 8, 8, 8, 1};
#define VIEW_KINDS 13u

size_t pj_view_element_size(pj_view_kind kind) {
  return (unsigned)kind < VIEW_KINDS ? ELEMENT_SIZE[kind] : 0;
}

/* RFC 8746 tag per view kind (0 for DataView), and the reverse for tags 64..87 (-1: none). */
static const uint8_t TAG_OF_KIND[] = {72, 64, 68, 77, 69, 78, 70, 84, 85, 86, 79, 71, 0};

static int kind_of_tag(uint64_t tag) {
  unsigned k;
  for (k = 0; k < VIEW_KINDS - 1; k++) {
    if (TAG_OF_KIND[k] == tag) {
      return (int)k;
    }
  }
  return -1;
}

/* ------------------------------------------------------------------ heads */

typedef struct {
  unsigned major;
  unsigned ai;
  uint64_t arg;
  size_t next; /* offset after the head */
} head_t;

/* Parses a head known to be valid (inside a validated document). */
static head_t head_at(const uint8_t *d, size_t p) {
  head_t h;
  unsigned ib = d[p];
  unsigned width = 0;
  unsigned i;
  h.major = ib >> 5;
  h.ai = ib & 31u;
  h.arg = h.ai;
  if (h.ai >= 24 && h.ai <= 27) {
    width = 1u << (h.ai - 24);
    h.arg = 0;
    for (i = 0; i < width; i++) {
      h.arg = (h.arg << 8) | d[p + 1 + i];
    }
  }
  h.next = p + 1 + width;
  return h;
}

/* ------------------------------------------------------------------ validation */

typedef struct {
  const uint8_t *b;
  size_t end;
  size_t pos;
  pj_limits limits;
  uint64_t bytes;
  uint64_t elements;
  uint64_t arg;
  pj_doc *doc;
  pj_status code;
  size_t err_off;
} reader;

static bool fail(reader *r, pj_status code, size_t at) {
  r->code = code;
  r->err_off = at;
  return false;
}

static bool charge(reader *r, uint64_t n, size_t at) {
  r->bytes += n;
  if (r->bytes > r->limits.max_total_bytes || r->bytes < n) {
    return fail(r, PJ_ERR_LIMIT_BYTES, at);
  }
  return true;
}

/* Reads the head at `start`, leaving its argument in r->arg; returns the initial byte or -1. */
static int read_head(reader *r, size_t start) {
  unsigned ib, ai, width, i;
  uint64_t arg;
  if (start >= r->end) {
    fail(r, PJ_ERR_TRUNCATED, start);
    return -1;
  }
  ib = r->b[start];
  ai = ib & 31u;
  if (ai < 24) {
    r->arg = ai;
    r->pos = start + 1;
    return (int)ib;
  }
  if (ai <= 27) {
    width = 1u << (ai - 24);
    if (r->end - (start + 1) < width) {
      fail(r, PJ_ERR_TRUNCATED, start);
      return -1;
    }
    arg = 0;
    for (i = 0; i < width; i++) {
      arg = (arg << 8) | r->b[start + 1 + i];
    }
    r->arg = arg;
    r->pos = start + 1 + width;
    return (int)ib;
  }
  fail(r, ai < 31 ? PJ_ERR_MALFORMED_HEAD : PJ_ERR_INDEFINITE_LENGTH, start);
  return -1;
}

static bool check_length(reader *r, size_t start, size_t *len) {
  if (r->arg > (uint64_t)(r->end - r->pos)) {
    return fail(r, PJ_ERR_TRUNCATED, start);
  }
  *len = (size_t)r->arg;
  return true;
}

/* Strict UTF-8 (RFC 3629); counts UTF-16 units. */
static bool utf8_units(const uint8_t *s, size_t n, uint64_t *units) {
  size_t i = 0;
  uint64_t u = 0;
  while (i < n) {
    unsigned c = s[i];
    unsigned need, k, lo = 0x80, hi = 0xbf;
    if (c < 0x80) {
      i++;
      u++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (n - i <= need) {
      return false;
    }
    for (k = 1; k <= need; k++) {
      unsigned cc = s[i + k];
      if (cc < lo || cc > hi) {
        return false;
      }
      lo = 0x80;
      hi = 0xbf;
    }
    u += need == 3 ? 2 : 1;
    i += need + 1;
  }
  *units = u;
  return true;
}

/* The body of a text string whose head (at start) was just read. */
static bool read_text(reader *r, size_t start) {
  size_t len;
  uint64_t units;
  if (!check_length(r, start, &len)) return false;
  if (!utf8_units(r->b + r->pos, len, &units)) return fail(r, PJ_ERR_INVALID_UTF8, start);
  if (!charge(r, 2 * units, start)) return false;
  r->pos += len;
  return true;
}

/* The body of a byte string whose head (at start) was just read, charged as a buffer. */
static bool read_bytes(reader *r, size_t start, size_t *len) {
  if (!check_length(r, start, len)) return false;
  if (!charge(r, *len, start)) return false;
  r->pos += *len;
  return true;
}

static bool expect_major(reader *r, size_t at, unsigned major, pj_status code, size_t start) {
  if (at >= r->end) return fail(r, PJ_ERR_TRUNCATED, at);
  if ((unsigned)(r->b[at] >> 5) != major) return fail(r, code, start);
  return true;
}

static bool shareable(reader *r, size_t tag_start, size_t *len) {
  size_t content = r->pos;
  if (!expect_major(r, content, 2, PJ_ERR_BAD_REFERENCE, tag_start)) return false;
  if (read_head(r, content) < 0) return false;
  if (!read_bytes(r, content, len)) return false;
  if (r->doc->shared_count < PJ_SHARED_CACHE) {
    r->doc->shared_off[r->doc->shared_count] = content;
  }
  r->doc->shared_count++;
  return true;
}

static bool shared_ref(reader *r, size_t tag_start, size_t *len);

static bool view_int(reader *r, size_t start, uint64_t max, uint64_t *out) {
  size_t at = r->pos;
  if (!expect_major(r, at, 0, PJ_ERR_BAD_VIEW, start)) return false;
  if (read_head(r, at) < 0) return false;
  if (r->arg > max) return fail(r, PJ_ERR_BAD_VIEW, start);
  *out = r->arg;
  return true;
}

static bool read_view(reader *r, size_t start) {
  uint64_t kind, offset, length;
  size_t slot, buffer_len = 0;
  unsigned major;
  if (r->pos >= r->end) return fail(r, PJ_ERR_TRUNCATED, r->pos);
  if (r->b[r->pos] != 0x84) return fail(r, PJ_ERR_BAD_VIEW, start);
  r->pos++;
  if (!view_int(r, start, VIEW_KINDS - 1, &kind)) return false;
  if (!view_int(r, start, 0x7fffffffu, &offset)) return false;
  if (!view_int(r, start, 0x7fffffffu, &length)) return false;
  slot = r->pos;
  if (slot >= r->end) return fail(r, PJ_ERR_TRUNCATED, slot);
  major = r->b[slot] >> 5;
  if (major == 2) {
    if (read_head(r, slot) < 0) return false;
    if (!read_bytes(r, slot, &buffer_len)) return false;
  } else if (major == 6) {
    if (read_head(r, slot) < 0) return false;
    if (r->arg == TAG_SHAREABLE) {
      if (!shareable(r, slot, &buffer_len)) return false;
    } else if (r->arg == TAG_SHARED_REF) {
      if (!shared_ref(r, slot, &buffer_len)) return false;
    } else {
      return fail(r, PJ_ERR_BAD_VIEW, start);
    }
  } else {
    return fail(r, PJ_ERR_BAD_VIEW, start);
  }
  /* TypedArrayVar.checkWindow */
  if (offset % ELEMENT_SIZE[kind] != 0 ||
      offset + length * ELEMENT_SIZE[kind] > (uint64_t)buffer_len) {
    return fail(r, PJ_ERR_BAD_VIEW, start);
  }
  return true;
}

static size_t skip_items(const uint8_t *d, size_t p, uint64_t n);
static size_t find_shared(const pj_doc *doc, size_t index);

static bool shared_ref(reader *r, size_t tag_start, size_t *len) {
  size_t content = r->pos, target;
  if (!expect_major(r, content, 0, PJ_ERR_BAD_REFERENCE, tag_start)) return false;
  if (read_head(r, content) < 0) return false;
  if (r->arg >= r->doc->shared_count) return fail(r, PJ_ERR_BAD_REFERENCE, tag_start);
  target = find_shared(r->doc, (size_t)r->arg);
  *len = (size_t)head_at(r->b, target).arg;
  return true;
}

static bool read_value(reader *r, uint32_t depth);

static bool read_count(reader *r, size_t start, uint32_t depth, unsigned per_entry, size_t *n) {
  if (depth >= r->limits.max_depth) return fail(r, PJ_ERR_LIMIT_DEPTH, start);
  if (r->arg > (uint64_t)((r->end - r->pos) / per_entry)) return fail(r, PJ_ERR_TRUNCATED, start);
  r->elements += r->arg;
  if (r->elements > r->limits.max_elements) return fail(r, PJ_ERR_LIMIT_ELEMENTS, start);
  *n = (size_t)r->arg;
  return true;
}

static size_t find_duplicate_key(const uint8_t *d, size_t first, size_t n);

static bool read_dict(reader *r, size_t n, uint32_t depth) {
  size_t first = r->pos, i, dup;
  for (i = 0; i < n; i++) {
    size_t key = r->pos;
    if (key >= r->end) return fail(r, PJ_ERR_TRUNCATED, key);
    if ((r->b[key] >> 5) != 3) return fail(r, PJ_ERR_BAD_KEY, key);
    if (read_head(r, key) < 0) return false;
    if (!read_text(r, key)) return false;
    if (!read_value(r, depth + 1)) return false;
  }
  dup = find_duplicate_key(r->b, first, n);
  if (dup != NO_OFFSET) return fail(r, PJ_ERR_DUPLICATE_KEY, dup);
  return true;
}

static bool read_tagged(reader *r, size_t start, uint64_t tag) {
  size_t len;
  int kind;
  if (tag == TAG_SHAREABLE) {
    return charge(r, NODE_BYTES, start) && shareable(r, start, &len);
  }
  if (tag == TAG_SHARED_REF) {
    return charge(r, NODE_BYTES, start) && shared_ref(r, start, &len);
  }
  if (tag == TAG_VIEW) {
    return charge(r, NODE_BYTES, start) && read_view(r, start);
  }
  kind = kind_of_tag(tag);
  if (kind < 0) return fail(r, PJ_ERR_UNSUPPORTED_ITEM, start);
  if (!charge(r, NODE_BYTES, start)) return false;
  {
    size_t content = r->pos;
    if (!expect_major(r, content, 2, PJ_ERR_BAD_VIEW, start)) return false;
    if (read_head(r, content) < 0) return false;
    if (!read_bytes(r, content, &len)) return false;
    if (len % ELEMENT_SIZE[kind] != 0) return fail(r, PJ_ERR_BAD_VIEW, start);
  }
  return true;
}

static bool read_value(reader *r, uint32_t depth) {
  size_t start = r->pos, n, i, len;
  int ib = read_head(r, start);
  unsigned ai;
  if (ib < 0) return false;
  ai = (unsigned)ib & 31u;
  switch (ib >> 5) {
    case 0:
    case 1:
      if (ai == 27 && r->arg > (uint64_t)INT64_MAX) return fail(r, PJ_ERR_INT_OUT_OF_RANGE, start);
      return charge(r, NODE_BYTES, start);
    case 2:
      return charge(r, NODE_BYTES, start) && read_bytes(r, start, &len);
    case 3:
      return charge(r, NODE_BYTES, start) && read_text(r, start);
    case 4:
      if (!charge(r, NODE_BYTES, start) || !read_count(r, start, depth, 1, &n)) return false;
      for (i = 0; i < n; i++) {
        if (!read_value(r, depth + 1)) return false;
      }
      return true;
    case 5:
      if (!charge(r, NODE_BYTES, start) || !read_count(r, start, depth, 2, &n)) return false;
      return read_dict(r, n, depth);
    case 6:
      return read_tagged(r, start, r->arg);
    default:
      if ((ai >= 20 && ai <= 23) || (ai >= 25 && ai <= 27)) {
        return charge(r, NODE_BYTES, start);
      }
      return fail(r, PJ_ERR_UNSUPPORTED_ITEM, start);
  }
}

static const uint8_t MAGIC[4] = {0xda, 0x00, 0x50, 0x4a};

pj_status pj_doc_open(pj_doc *doc, const void *data, size_t len, const pj_limits *limits,
                      pj_error *err) {
  static const pj_limits DEFAULTS = PJ_LIMITS_DEFAULT_INIT;
  reader r;
  size_t i, n;
  memset(&r, 0, sizeof r);
  memset(doc, 0, sizeof *doc);
  doc->data = (const uint8_t *)data;
  doc->len = len;
  r.b = doc->data;
  r.end = len;
  r.limits = limits ? *limits : DEFAULTS;
  r.doc = doc;
  r.code = PJ_OK;
  n = len < 4 ? len : 4;
  for (i = 0; i < n; i++) {
    if (r.b[i] != MAGIC[i]) {
      fail(&r, PJ_ERR_NOT_A_DOCUMENT, 0);
      goto done;
    }
  }
  if (len < 5) {
    fail(&r, PJ_ERR_TRUNCATED, 0);
    goto done;
  }
  if (r.b[4] != 1) {
    fail(&r, PJ_ERR_UNSUPPORTED_VERSION, 0);
    goto done;
  }
  r.pos = 5;
  if (read_value(&r, 0) && r.pos != r.end) {
    fail(&r, PJ_ERR_TRAILING_BYTES, r.pos);
  }
done:
  if (err) {
    err->code = r.code;
    err->offset = r.code == PJ_OK ? 0 : r.err_off;
  }
  if (r.code != PJ_OK) {
    doc->data = NULL;
    doc->len = 0;
  }
  return r.code;
}

/* ------------------------------------------------------------------ navigation (valid documents) */

/* Offset after `n` consecutive items starting at p; no recursion, no checks. */
static size_t skip_items(const uint8_t *d, size_t p, uint64_t n) {
  while (n > 0) {
    head_t h = head_at(d, p);
    n--;
    p = h.next;
    switch (h.major) {
      case 2:
      case 3:
        p += (size_t)h.arg;
        break;
      case 4:
        n += h.arg;
        break;
      case 5:
        n += 2 * h.arg;
        break;
      case 6:
        n += 1;
        break;
      default:
        break;
    }
  }
  return p;
}

/* Offset of the byte string of the index-th tag-28 item. */
static size_t find_shared(const pj_doc *doc, size_t index) {
  size_t p = 5, seen = 0;
  if (index < PJ_SHARED_CACHE) {
    return doc->shared_off[index];
  }
  /* Heads in document order: tag-28 items are numbered in the order they appear. */
  while (p < doc->len) {
    head_t h = head_at(doc->data, p);
    if (h.major == 6 && h.arg == TAG_SHAREABLE) {
      if (seen == index) return h.next;
      seen++;
    }
    p = h.next;
    if (h.major == 2 || h.major == 3) p += (size_t)h.arg;
  }
  return 5; /* unreachable for a validated document */
}

pj_var pj_doc_root(const pj_doc *doc) {
  pj_var v;
  v.doc = doc;
  v.off = doc->data ? 5 : NO_OFFSET;
  return v;
}

static pj_var none(const pj_doc *doc) {
  pj_var v;
  v.doc = doc;
  v.off = NO_OFFSET;
  return v;
}

bool pj_var_exists(pj_var v) { return v.doc != NULL && v.off != NO_OFFSET; }

pj_type pj_var_type(pj_var v) {
  head_t h;
  if (!pj_var_exists(v)) return PJ_NONE;
  h = head_at(v.doc->data, v.off);
  switch (h.major) {
    case 0:
    case 1:
      /* The argument's width carries int64; narrower ones are int32 when they fit. */
      return h.ai != 27 && h.arg <= 0x7fffffffu ? PJ_INT32 : PJ_INT64;
    case 2:
      return PJ_ARRAY_BUFFER;
    case 3:
      return PJ_STRING;
    case 4:
      return PJ_ARRAY;
    case 5:
      return PJ_DICTIONARY;
    case 6:
      return h.arg == TAG_SHAREABLE || h.arg == TAG_SHARED_REF ? PJ_ARRAY_BUFFER : PJ_TYPED_ARRAY;
    default:
      switch (h.ai) {
        case 20:
        case 21:
          return PJ_BOOL;
        case 22:
          return PJ_NULL;
        case 23:
          return PJ_UNDEFINED;
        default:
          return PJ_DOUBLE;
      }
  }
}

bool pj_var_get_bool(pj_var v, bool *out) {
  if (pj_var_type(v) != PJ_BOOL) return false;
  *out = v.doc->data[v.off] == 0xf5;
  return true;
}

static int64_t int_value(head_t h) {
  /* Valid documents hold only values that fit int64 here. */
  return h.major == 0 ? (int64_t)h.arg : -1 - (int64_t)h.arg;
}

bool pj_var_get_int32(pj_var v, int32_t *out) {
  if (pj_var_type(v) != PJ_INT32) return false;
  *out = (int32_t)int_value(head_at(v.doc->data, v.off));
  return true;
}

bool pj_var_get_int64(pj_var v, int64_t *out) {
  pj_type t = pj_var_type(v);
  if (t != PJ_INT32 && t != PJ_INT64) return false;
  *out = int_value(head_at(v.doc->data, v.off));
  return true;
}

static double half_to_double(uint16_t h) {
  unsigned sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  double value;
  if (exp == 0) {
    value = (double)mant / 16777216.0; /* mant * 2^-24 */
  } else if (exp == 31) {
    uint64_t bits = mant == 0 ? 0x7ff0000000000000ull
                              : 0x7ff0000000000000ull | ((uint64_t)mant << 42);
    memcpy(&value, &bits, sizeof value);
  } else {
    uint64_t bits = ((uint64_t)(exp - 15 + 1023) << 52) | ((uint64_t)mant << 42);
    memcpy(&value, &bits, sizeof value);
  }
  return sign ? -value : value;
}

bool pj_var_get_double(pj_var v, double *out) {
  head_t h;
  if (pj_var_type(v) != PJ_DOUBLE) return false;
  h = head_at(v.doc->data, v.off);
  if (h.ai == 25) {
    *out = half_to_double((uint16_t)h.arg);
  } else if (h.ai == 26) {
    uint32_t bits = (uint32_t)h.arg;
    float f;
    memcpy(&f, &bits, sizeof f);
    *out = (double)f;
  } else {
    memcpy(out, &h.arg, sizeof *out);
  }
  return true;
}

bool pj_var_get_number(pj_var v, double *out) {
  int64_t i;
  if (pj_var_get_double(v, out)) return true;
  if (!pj_var_get_int64(v, &i)) return false;
  *out = (double)i;
  return true;
}

bool pj_var_get_string(pj_var v, const char **str, size_t *len) {
  head_t h;
  if (pj_var_type(v) != PJ_STRING) return false;
  h = head_at(v.doc->data, v.off);
  *str = (const char *)v.doc->data + h.next;
  *len = (size_t)h.arg;
  return true;
}

/* The buffer in an ArrayBuffer position or a view's buffer slot at p (bstr, tag 28 or tag 29). */
static pj_bytes buffer_at(const pj_doc *doc, size_t p) {
  pj_bytes out;
  head_t h = head_at(doc->data, p);
  if (h.major == 6) {
    if (h.arg == TAG_SHAREABLE) {
      p = h.next;
    } else {
      p = find_shared(doc, (size_t)head_at(doc->data, h.next).arg);
    }
    h = head_at(doc->data, p);
  }
  out.data = doc->data + h.next;
  out.len = (size_t)h.arg;
  out.id = p;
  return out;
}

bool pj_var_get_buffer(pj_var v, pj_bytes *out) {
  if (pj_var_type(v) != PJ_ARRAY_BUFFER) return false;
  *out = buffer_at(v.doc, v.off);
  return true;
}

bool pj_var_get_view(pj_var v, pj_view *out) {
  head_t h;
  if (pj_var_type(v) != PJ_TYPED_ARRAY) return false;
  h = head_at(v.doc->data, v.off);
  if (h.arg == TAG_VIEW) {
    size_t p = h.next + 1; /* past 0x84 */
    head_t k = head_at(v.doc->data, p);
    head_t o = head_at(v.doc->data, k.next);
    head_t l = head_at(v.doc->data, o.next);
    out->kind = (pj_view_kind)k.arg;
    out->byte_offset = (size_t)o.arg;
    out->length = (size_t)l.arg;
    out->buffer = buffer_at(v.doc, l.next);
  } else {
    out->kind = (pj_view_kind)kind_of_tag(h.arg);
    out->byte_offset = 0;
    out->buffer = buffer_at(v.doc, h.next);
    out->length = out->buffer.len / ELEMENT_SIZE[out->kind];
  }
  out->byte_length = out->length * ELEMENT_SIZE[out->kind];
  out->data = out->buffer.data + out->byte_offset;
  return true;
}

size_t pj_var_count(pj_var v) {
  pj_type t = pj_var_type(v);
  if (t != PJ_ARRAY && t != PJ_DICTIONARY) return 0;
  return (size_t)head_at(v.doc->data, v.off).arg;
}

pj_iter pj_var_iter(pj_var container) {
  pj_iter it;
  pj_type t = pj_var_type(container);
  it.doc = container.doc;
  it.dict = t == PJ_DICTIONARY;
  if (t == PJ_ARRAY || t == PJ_DICTIONARY) {
    head_t h = head_at(container.doc->data, container.off);
    it.pos = h.next;
    it.remaining = (size_t)h.arg;
  } else {
    it.pos = 0;
    it.remaining = 0;
  }
  return it;
}

bool pj_iter_next_entry(pj_iter *it, const char **key, size_t *key_len, pj_var *value) {
  if (it->remaining == 0) return false;
  if (it->dict) {
    head_t k = head_at(it->doc->data, it->pos);
    if (key) *key = (const char *)it->doc->data + k.next;
    if (key_len) *key_len = (size_t)k.arg;
    it->pos = k.next + (size_t)k.arg;
  } else {
    if (key) *key = NULL;
    if (key_len) *key_len = 0;
  }
  value->doc = it->doc;
  value->off = it->pos;
  it->pos = skip_items(it->doc->data, it->pos, 1);
  it->remaining--;
  return true;
}

bool pj_iter_next(pj_iter *it, pj_var *value) {
  return pj_iter_next_entry(it, NULL, NULL, value);
}

pj_var pj_array_get(pj_var array, size_t index) {
  pj_iter it;
  pj_var v;
  if (pj_var_type(array) != PJ_ARRAY) return none(array.doc);
  it = pj_var_iter(array);
  if (index >= it.remaining) return none(array.doc);
  it.pos = skip_items(array.doc->data, it.pos, index);
  v.doc = array.doc;
  v.off = it.pos;
  return v;
}

pj_var pj_dict_get(pj_var dict, const char *key, size_t key_len) {
  pj_iter it;
  const char *k;
  size_t klen;
  pj_var v;
  if (pj_var_type(dict) != PJ_DICTIONARY) return none(dict.doc);
  it = pj_var_iter(dict);
  while (pj_iter_next_entry(&it, &k, &klen, &v)) {
    if (klen == key_len && memcmp(k, key, key_len) == 0) return v;
  }
  return none(dict.doc);
}

pj_var pj_dict_get_cstr(pj_var dict, const char *key) {
  return pj_dict_get(dict, key, strlen(key));
}

/* ------------------------------------------------------------------ duplicate keys */

/*
 * Duplicate detection without allocation: keys are hashed into a fixed table, in passes that each
 * take one slice of the hash space, so a dictionary of n entries costs about n * ceil(n / 256) key
 * visits. Returns the offset of the first key (in order) equal to an earlier one, or NO_OFFSET.
 */
#define DUP_TABLE 512u
#define DUP_PER_PASS 256u

static uint32_t key_hash(const uint8_t *s, size_t n) {
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < n; i++) {
    h = (h ^ s[i]) * 16777619u;
  }
  return h ^ (h >> 15);
}

static bool same_key(const uint8_t *d, size_t a, size_t b) {
  head_t ha = head_at(d, a), hb = head_at(d, b);
  return ha.arg == hb.arg && memcmp(d + ha.next, d + hb.next, (size_t)ha.arg) == 0;
}

static size_t find_duplicate_key(const uint8_t *d, size_t first, size_t n) {
  size_t best = NO_OFFSET;
  uint32_t passes, pass;
  if (n < 2) return NO_OFFSET;
  if (n <= 8) {
    /* Small dictionaries: pairwise is cheapest. */
    size_t keys[8], i, j, p = first;
    for (i = 0; i < n; i++) {
      keys[i] = p;
      p = skip_items(d, p, 2);
    }
    for (j = 1; j < n; j++) {
      for (i = 0; i < j; i++) {
        if (same_key(d, keys[i], keys[j])) return keys[j];
      }
    }
    return NO_OFFSET;
  }
  passes = (uint32_t)((n + DUP_PER_PASS - 1) / DUP_PER_PASS);
  for (pass = 0; pass < passes; pass++) {
    size_t table[DUP_TABLE];
    uint32_t used = 0, i;
    size_t p = first, e;
    for (i = 0; i < DUP_TABLE; i++) table[i] = NO_OFFSET;
    for (e = 0; e < n; e++) {
      head_t k = head_at(d, p);
      uint32_t h = key_hash(d + k.next, (size_t)k.arg);
      size_t key = p;
      p = skip_items(d, k.next + (size_t)k.arg, 1);
      if (h % passes != pass) continue;
      if (used == DUP_TABLE - 1) {
        /* A crowded slice (hash collisions): compare this key with the slice's earlier keys. */
        size_t q = first, e2;
        for (e2 = 0; e2 < e; e2++) {
          head_t k2 = head_at(d, q);
          if (key_hash(d + k2.next, (size_t)k2.arg) % passes == pass && same_key(d, q, key)) {
            if (key < best) best = key;
            break;
          }
          q = skip_items(d, k2.next + (size_t)k2.arg, 1);
        }
        continue;
      }
      for (i = h % DUP_TABLE;; i = (i + 1) % DUP_TABLE) {
        if (table[i] == NO_OFFSET) {
          table[i] = key;
          used++;
          break;
        }
        if (same_key(d, table[i], key)) {
          if (key < best) best = key;
          break;
        }
      }
    }
  }
  return best;
}

/* ------------------------------------------------------------------ builder */

static void builder_fail(pj_builder *b, pj_status code) {
  if (b->status == PJ_OK) {
    b->status = code;
    b->error_pos = b->pos;
  }
}

static bool room(pj_builder *b, size_t n) {
  if (b->status != PJ_OK) return false;
  if (b->cap - b->pos < n) {
    builder_fail(b, PJ_ERR_NO_SPACE);
    return false;
  }
  return true;
}

static void put_head(pj_builder *b, unsigned major, uint64_t arg) {
  uint8_t *o;
  unsigned width, ai, i;
  if (arg < 24) {
    width = 0;
    ai = (unsigned)arg;
  } else if (arg <= 0xff) {
    width = 1;
    ai = 24;
  } else if (arg <= 0xffff) {
    width = 2;
    ai = 25;
  } else if (arg <= 0xffffffffu) {
    width = 4;
    ai = 26;
  } else {
    width = 8;
    ai = 27;
  }
  if (!room(b, 1 + width)) return;
  o = b->buf + b->pos;
  o[0] = (uint8_t)(major << 5 | ai);
  for (i = 0; i < width; i++) {
    o[1 + i] = (uint8_t)(arg >> (8 * (width - 1 - i)));
  }
  b->pos += 1 + width;
}

static void put_raw(pj_builder *b, const void *bytes, size_t n) {
  if (!room(b, n)) return;
  if (n) memcpy(b->buf + b->pos, bytes, n);
  b->pos += n;
}

/* Accounts for one value about to be written at the current level. */
static bool begin_value(pj_builder *b) {
  if (b->status != PJ_OK) return false;
  if (b->depth == 0) {
    if (b->root_written) {
      builder_fail(b, PJ_ERR_BUILDER_STATE);
      return false;
    }
    b->root_written = true;
    return true;
  }
  {
    uint32_t top = b->depth - 1;
    if (b->open[top].remaining == 0 || (b->open[top].dict && b->open[top].want_key)) {
      builder_fail(b, PJ_ERR_BUILDER_STATE);
      return false;
    }
    b->open[top].remaining--;
    b->open[top].want_key = b->open[top].dict;
  }
  return true;
}

void pj_builder_init(pj_builder *b, void *buf, size_t cap) {
  static const uint8_t header[5] = {0xda, 0x00, 0x50, 0x4a, 0x01};
  memset(b, 0, sizeof *b);
  b->buf = (uint8_t *)buf;
  b->cap = buf ? cap : 0;
  b->status = PJ_OK;
  put_raw(b, header, sizeof header);
}

static void open_container(pj_builder *b, unsigned major, uint32_t count, bool dict) {
  if (!begin_value(b)) return;
  if (b->depth == PJ_BUILDER_MAX_DEPTH) {
    builder_fail(b, PJ_ERR_LIMIT_DEPTH);
    return;
  }
  put_head(b, major, count);
  b->open[b->depth].remaining = count;
  b->open[b->depth].dict = dict;
  b->open[b->depth].want_key = dict;
  b->depth++;
}

void pj_build_array(pj_builder *b, uint32_t count) { open_container(b, 4, count, false); }
void pj_build_dict(pj_builder *b, uint32_t count) { open_container(b, 5, count, true); }

void pj_build_end(pj_builder *b) {
  if (b->status != PJ_OK) return;
  if (b->depth == 0 || b->open[b->depth - 1].remaining != 0 ||
      (b->open[b->depth - 1].dict && !b->open[b->depth - 1].want_key)) {
    builder_fail(b, PJ_ERR_BUILDER_STATE);
    return;
  }
  b->depth--;
}

static bool valid_utf8(const char *s, size_t n) {
  uint64_t units;
  return utf8_units((const uint8_t *)s, n, &units);
}

void pj_build_key(pj_builder *b, const char *key, size_t len) {
  uint32_t top;
  if (b->status != PJ_OK) return;
  if (b->depth == 0 || !b->open[b->depth - 1].dict || !b->open[b->depth - 1].want_key ||
      b->open[b->depth - 1].remaining == 0) {
    builder_fail(b, PJ_ERR_BUILDER_STATE);
    return;
  }
  if (!valid_utf8(key, len)) {
    builder_fail(b, PJ_ERR_INVALID_UTF8);
    return;
  }
  top = b->depth - 1;
  put_head(b, 3, len);
  put_raw(b, key, len);
  b->open[top].want_key = false;
}

void pj_build_key_cstr(pj_builder *b, const char *key) { pj_build_key(b, key, strlen(key)); }

static void put_simple(pj_builder *b, uint8_t byte) {
  if (begin_value(b)) put_raw(b, &byte, 1);
}

void pj_build_undefined(pj_builder *b) { put_simple(b, 0xf7); }
void pj_build_null(pj_builder *b) { put_simple(b, 0xf6); }
void pj_build_bool(pj_builder *b, bool value) { put_simple(b, value ? 0xf5 : 0xf4); }

void pj_build_int32(pj_builder *b, int32_t value) {
  if (!begin_value(b)) return;
  if (value >= 0) {
    put_head(b, 0, (uint64_t)value);
  } else {
    put_head(b, 1, (uint64_t)(-1 - (int64_t)value));
  }
}

static void put_fixed8(pj_builder *b, uint8_t ib, uint64_t bits) {
  uint8_t o[9];
  unsigned i;
  o[0] = ib;
  for (i = 0; i < 8; i++) o[1 + i] = (uint8_t)(bits >> (56 - 8 * i));
  put_raw(b, o, sizeof o);
}

void pj_build_int64(pj_builder *b, int64_t value) {
  if (!begin_value(b)) return;
  if (value >= 0) {
    put_fixed8(b, 0x1b, (uint64_t)value);
  } else {
    put_fixed8(b, 0x3b, (uint64_t)(-1 - value));
  }
}

void pj_build_double(pj_builder *b, double value) {
  uint64_t bits;
  if (!begin_value(b)) return;
  memcpy(&bits, &value, sizeof bits);
  put_fixed8(b, 0xfb, bits);
}

void pj_build_string(pj_builder *b, const char *str, size_t len) {
  if (b->status != PJ_OK) return;
  if (!valid_utf8(str, len)) {
    builder_fail(b, PJ_ERR_INVALID_UTF8);
    return;
  }
  if (!begin_value(b)) return;
  put_head(b, 3, len);
  put_raw(b, str, len);
}

void pj_build_string_cstr(pj_builder *b, const char *str) { pj_build_string(b, str, strlen(str)); }

void pj_build_buffer(pj_builder *b, const void *bytes, size_t len) {
  if (!begin_value(b)) return;
  put_head(b, 2, len);
  put_raw(b, bytes, len);
}

void pj_build_typed_array(pj_builder *b, pj_view_kind kind, const void *bytes, size_t len) {
  if (b->status != PJ_OK) return;
  if ((unsigned)kind >= VIEW_KINDS || len % ELEMENT_SIZE[kind] != 0) {
    builder_fail(b, PJ_ERR_INVALID_ARGUMENT);
    return;
  }
  if (kind == PJ_VIEW_DATA_VIEW) {
    pj_build_view(b, kind, 0, len, bytes, len);
    return;
  }
  if (!begin_value(b)) return;
  put_head(b, 6, TAG_OF_KIND[kind]);
  put_head(b, 2, len);
  put_raw(b, bytes, len);
}

void pj_build_view(pj_builder *b, pj_view_kind kind, size_t byte_offset, size_t length,
                   const void *buffer, size_t buffer_len) {
  if (b->status != PJ_OK) return;
  if ((unsigned)kind >= VIEW_KINDS || byte_offset > 0x7fffffffu || length > 0x7fffffffu ||
      byte_offset % ELEMENT_SIZE[kind] != 0 ||
      (uint64_t)byte_offset + (uint64_t)length * ELEMENT_SIZE[kind] > (uint64_t)buffer_len) {
    builder_fail(b, PJ_ERR_INVALID_ARGUMENT);
    return;
  }
  if (!begin_value(b)) return;
  put_head(b, 6, TAG_VIEW);
  put_head(b, 4, 4);
  put_head(b, 0, (uint64_t)kind);
  put_head(b, 0, byte_offset);
  put_head(b, 0, length);
  put_head(b, 2, buffer_len);
  put_raw(b, buffer, buffer_len);
}

pj_status pj_builder_finish(pj_builder *b, const uint8_t **out, size_t *out_len, pj_error *err) {
  pj_doc doc;
  pj_error e;
  if (b->status == PJ_OK && (b->depth != 0 || !b->root_written)) {
    builder_fail(b, PJ_ERR_BUILDER_STATE);
  }
  if (b->status != PJ_OK) {
    if (err) {
      err->code = b->status;
      err->offset = b->error_pos;
    }
    return b->status;
  }
  if (pj_doc_open(&doc, b->buf, b->pos, NULL, &e) != PJ_OK) {
    b->status = e.code;
    b->error_pos = e.offset;
    if (err) *err = e;
    return e.code;
  }
  *out = b->buf;
  *out_len = b->pos;
  if (err) {
    err->code = PJ_OK;
    err->offset = 0;
  }
  return PJ_OK;
}
