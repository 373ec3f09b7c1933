/*
 * pj_var: Pepperjack wire format v1 for C modules (script-bridge/docs/wire-format.md).
 *
 * Reading: pj_doc_open() validates a whole document once, with the same rules, limits and error
 * codes as the Java decoder; after that every accessor reads the document in place and never
 * allocates or fails on malformed input. Strings, ArrayBuffers and typed-array bytes are pointers
 * into the document (no copy; not NUL-terminated; typed-array elements are little-endian and may be
 * unaligned, so memcpy them out).
 *
 * Building: pj_builder writes a reply into a caller-provided buffer. Errors are sticky: check once
 * at pj_builder_finish(), which also validates the result.
 *
 * Pure C99, no allocation, no global state; compile pj_var.c into each module.
 */
#ifndef PJ_VAR_H
#define PJ_VAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes: the first 16 match dev.pepperjack.bridge.wire.WireError, in the same order. */
typedef enum {
  PJ_OK = 0,
  PJ_ERR_NOT_A_DOCUMENT,
  PJ_ERR_UNSUPPORTED_VERSION,
  PJ_ERR_TRUNCATED,
  PJ_ERR_TRAILING_BYTES,
  PJ_ERR_MALFORMED_HEAD,
  PJ_ERR_INDEFINITE_LENGTH,
  PJ_ERR_UNSUPPORTED_ITEM,
  PJ_ERR_INT_OUT_OF_RANGE,
  PJ_ERR_INVALID_UTF8,
  PJ_ERR_BAD_KEY,
  PJ_ERR_DUPLICATE_KEY,
  PJ_ERR_BAD_VIEW,
  PJ_ERR_BAD_REFERENCE,
  PJ_ERR_LIMIT_DEPTH,
  PJ_ERR_LIMIT_BYTES,
  PJ_ERR_LIMIT_ELEMENTS,
  /* Builder only. */
  PJ_ERR_NO_SPACE,      /* the arena is full */
  PJ_ERR_BUILDER_STATE, /* wrong number of items, a value where a key belongs, ... */
  PJ_ERR_INVALID_ARGUMENT
} pj_status;

typedef struct {
  pj_status code;
  size_t offset; /* byte offset of the item at fault (reading) or of the write (building) */
} pj_error;

/* "TRUNCATED", "NO_SPACE", ... */
const char *pj_status_name(pj_status code);

/* Same meaning as VarLimits. */
typedef struct {
  uint32_t max_depth;       /* containers at depth >= max_depth are refused; root is depth 0 */
  uint64_t max_total_bytes; /* 8 per item + 2 per UTF-16 unit of strings and keys + buffer bytes */
  uint64_t max_elements;    /* array elements + dictionary entries */
} pj_limits;

#define PJ_LIMITS_DEFAULT_INIT {128u, (uint64_t)512u << 20, (uint64_t)16u << 20}

/* Same order as dev.pepperjack.bridge.VarType. */
typedef enum {
  PJ_UNDEFINED = 0,
  PJ_NULL,
  PJ_BOOL,
  PJ_INT32,
  PJ_INT64,
  PJ_DOUBLE,
  PJ_STRING,
  PJ_ARRAY,
  PJ_DICTIONARY,
  PJ_ARRAY_BUFFER,
  PJ_TYPED_ARRAY,
  PJ_NONE /* no value: a missing key or an index past the end */
} pj_type;

/* Same order (ordinal) as dev.pepperjack.bridge.ViewKind. */
typedef enum {
  PJ_VIEW_INT8 = 0,
  PJ_VIEW_UINT8,
  PJ_VIEW_UINT8_CLAMPED,
  PJ_VIEW_INT16,
  PJ_VIEW_UINT16,
  PJ_VIEW_INT32,
  PJ_VIEW_UINT32,
  PJ_VIEW_FLOAT16,
  PJ_VIEW_FLOAT32,
  PJ_VIEW_FLOAT64,
  PJ_VIEW_BIGINT64,
  PJ_VIEW_BIGUINT64,
  PJ_VIEW_DATA_VIEW
} pj_view_kind;

/* Element size in bytes (1 for a DataView); 0 for an unknown kind. */
size_t pj_view_element_size(pj_view_kind kind);

/* How many tag-28 (shared buffer) positions a pj_doc remembers; later ones are found by a scan. */
#define PJ_SHARED_CACHE 16

typedef struct {
  const uint8_t *data;
  size_t len;
  size_t shared_count;
  size_t shared_off[PJ_SHARED_CACHE]; /* offsets of the byte strings of the first tag-28 items */
} pj_doc;

/* A value inside a validated document. Small; pass it by value. */
typedef struct {
  const pj_doc *doc;
  size_t off; /* offset of the value's first head; SIZE_MAX for "no value" */
} pj_var;

/* Bytes inside the document. `id` identifies the buffer: equal ids mean one shared ArrayBuffer. */
typedef struct {
  const uint8_t *data;
  size_t len;
  size_t id;
} pj_bytes;

typedef struct {
  pj_view_kind kind;
  size_t byte_offset;
  size_t length;     /* elements; bytes for a DataView */
  size_t byte_length;
  pj_bytes buffer;   /* the whole underlying buffer */
  const uint8_t *data; /* buffer.data + byte_offset: the view's first byte */
} pj_view;

/*
 * Validates `data[0, len)` as one document under `limits` (NULL: the defaults). On success fills
 * `doc` (which keeps pointing at `data`: keep it alive) and returns PJ_OK; otherwise returns the
 * code, also stored with its offset in `err` when not NULL.
 */
pj_status pj_doc_open(pj_doc *doc, const void *data, size_t len, const pj_limits *limits,
                      pj_error *err);

pj_var pj_doc_root(const pj_doc *doc);

pj_type pj_var_type(pj_var v);
bool pj_var_exists(pj_var v);

/* Scalar getters: false (and *out untouched) when the value has another type. */
bool pj_var_get_bool(pj_var v, bool *out);
bool pj_var_get_int32(pj_var v, int32_t *out);
bool pj_var_get_int64(pj_var v, int64_t *out); /* accepts INT32 and INT64 */
bool pj_var_get_double(pj_var v, double *out); /* DOUBLE only */
bool pj_var_get_number(pj_var v, double *out); /* INT32, INT64 or DOUBLE, as a double */
bool pj_var_get_string(pj_var v, const char **str, size_t *len);
bool pj_var_get_buffer(pj_var v, pj_bytes *out); /* ARRAY_BUFFER */
bool pj_var_get_view(pj_var v, pj_view *out);    /* TYPED_ARRAY (typed arrays and DataViews) */

/* Element count of an array, entry count of a dictionary, else 0. */
size_t pj_var_count(pj_var v);
/* The i-th element of an array (O(i)); a "no value" var when out of range or not an array. */
pj_var pj_array_get(pj_var array, size_t index);
/* The value under `key` (O(n)); a "no value" var when absent or not a dictionary. */
pj_var pj_dict_get(pj_var dict, const char *key, size_t key_len);
/* As pj_dict_get with a NUL-terminated key. */
pj_var pj_dict_get_cstr(pj_var dict, const char *key);

/* Iteration over an array's elements or a dictionary's entries, in order. */
typedef struct {
  const pj_doc *doc;
  size_t pos;
  size_t remaining;
  bool dict;
} pj_iter;

pj_iter pj_var_iter(pj_var container);
bool pj_iter_next(pj_iter *it, pj_var *value); /* arrays; for dictionaries, skips the keys */
bool pj_iter_next_entry(pj_iter *it, const char **key, size_t *key_len, pj_var *value);

/* ------------------------------------------------------------------ building */

#define PJ_BUILDER_MAX_DEPTH 128

typedef struct {
  uint8_t *buf;
  size_t cap;
  size_t pos;
  pj_status status; /* first error, sticky */
  size_t error_pos;
  uint32_t depth;
  struct {
    uint32_t remaining; /* items (array) or entries (dictionary) still to come */
    bool dict;
    bool want_key;
  } open[PJ_BUILDER_MAX_DEPTH];
  bool root_written;
} pj_builder;

/* Starts a document in `buf[0, cap)` (writes the 5-byte header). */
void pj_builder_init(pj_builder *b, void *buf, size_t cap);

/* Containers have definite counts: exactly `count` values (or key/value pairs) must follow. */
void pj_build_array(pj_builder *b, uint32_t count);
void pj_build_dict(pj_builder *b, uint32_t count);
void pj_build_key(pj_builder *b, const char *key, size_t len);
void pj_build_key_cstr(pj_builder *b, const char *key);
void pj_build_end(pj_builder *b); /* closes the innermost container; checks its count */

void pj_build_undefined(pj_builder *b);
void pj_build_null(pj_builder *b);
void pj_build_bool(pj_builder *b, bool value);
void pj_build_int32(pj_builder *b, int32_t value);
void pj_build_int64(pj_builder *b, int64_t value);
void pj_build_double(pj_builder *b, double value);
void pj_build_string(pj_builder *b, const char *str, size_t len); /* must be valid UTF-8 */
void pj_build_string_cstr(pj_builder *b, const char *str);
void pj_build_buffer(pj_builder *b, const void *bytes, size_t len); /* an ArrayBuffer (copied) */
/* A typed array over a new buffer holding `bytes` (len a multiple of the element size). */
void pj_build_typed_array(pj_builder *b, pj_view_kind kind, const void *bytes, size_t len);
/* Any view, e.g. a DataView or a window: `length` elements at `byte_offset` in a new buffer. */
void pj_build_view(pj_builder *b, pj_view_kind kind, size_t byte_offset, size_t length,
                   const void *buffer, size_t buffer_len);

/*
 * Ends the document: checks that exactly one complete root value was written, then validates the
 * bytes with pj_doc_open (catching duplicate keys). On PJ_OK, *out and *out_len give the
 * document (inside the caller's buffer). Otherwise returns the first error, with its offset in `err`.
 */
pj_status pj_builder_finish(pj_builder *b, const uint8_t **out, size_t *out_len, pj_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PJ_VAR_H */
