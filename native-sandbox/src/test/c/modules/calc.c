/*
 * Reads a dictionary in place with pj_var and builds a reply in an arena:
 *   {"a": int, "b": int, "name": string, "blob": ArrayBuffer}
 *   -> {"sum": a + b, "greeting": "hello <name>", "blobSize": n, "blobSum": sum of the bytes}
 * Anything else gets {"error": "<pj_var status name>"}.
 */
#include "pj_var.h"
#include "test_support.h"

PJ_DECLARE_MODULE();

static uint8_t arena[64 * 1024];

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return test_support_init(get_interface);
}

static void reply_error(PJ_Instance instance, const char *what) {
  pj_builder b;
  pj_builder_init(&b, arena, sizeof arena);
  pj_build_dict(&b, 1);
  pj_build_key_cstr(&b, "error");
  pj_build_string_cstr(&b, what);
  pj_build_end(&b);
  const uint8_t *out;
  size_t out_len;
  if (pj_builder_finish(&b, &out, &out_len, NULL) == PJ_OK) {
    messaging->PostMessage(instance, out, out_len);
  }
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  pj_doc doc;
  pj_error err;
  if (pj_doc_open(&doc, message, length, NULL, &err) != PJ_OK) {
    reply_error(instance, pj_status_name(err.code));
    return;
  }
  pj_var root = pj_doc_root(&doc);
  int32_t a, b;
  const char *name;
  size_t name_len;
  pj_bytes blob;
  if (!pj_var_get_int32(pj_dict_get_cstr(root, "a"), &a) ||
      !pj_var_get_int32(pj_dict_get_cstr(root, "b"), &b) ||
      !pj_var_get_string(pj_dict_get_cstr(root, "name"), &name, &name_len) ||
      !pj_var_get_buffer(pj_dict_get_cstr(root, "blob"), &blob)) {
    reply_error(instance, "expected {a: int, b: int, name: string, blob: ArrayBuffer}");
    return;
  }
  int64_t blob_sum = 0;
  for (size_t i = 0; i < blob.len; i++) blob_sum += blob.data[i]; /* read in place, no copy */
  char greeting[256];
  int n = snprintf(greeting, sizeof greeting, "hello %.*s", (int)(name_len > 200 ? 200 : name_len), name);
  pj_builder out;
  pj_builder_init(&out, arena, sizeof arena);
  pj_build_dict(&out, 4);
  pj_build_key_cstr(&out, "sum");
  pj_build_int64(&out, (int64_t)a + b);
  pj_build_key_cstr(&out, "greeting");
  pj_build_string(&out, greeting, (size_t)n);
  pj_build_key_cstr(&out, "blobSize");
  pj_build_int32(&out, (int32_t)blob.len);
  pj_build_key_cstr(&out, "blobSum");
  pj_build_int64(&out, blob_sum);
  pj_build_end(&out);
  const uint8_t *doc_out;
  size_t doc_len;
  if (pj_builder_finish(&out, &doc_out, &doc_len, &err) != PJ_OK) {
    reply_error(instance, pj_status_name(err.code));
    return;
  }
  messaging->PostMessage(instance, doc_out, doc_len);
}
