/*
 * calc.c's job done through the host's var API (PJ_Var;1) instead of a compiled-in pj_var:
 * {"a": int, "b": int} -> {"sum": a + b}. Linked with -z defs and without pj_var.c.
 */
#include "test_support.h"

PJ_DECLARE_MODULE();

static const PJ_Var_1 *var;
static uint8_t arena[4096];

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  var = get_interface(PJ_VAR_INTERFACE_1);
  if (var == NULL) return PJ_RESULT_FAILED;
  return test_support_init(get_interface);
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  pj_doc doc;
  int32_t a = 0, b = 0;
  if (var->DocOpen(&doc, message, length, NULL, NULL) != PJ_OK) return;
  pj_var root = var->DocRoot(&doc);
  if (!var->GetInt32(var->DictGet(root, "a", 1), &a) || !var->GetInt32(var->DictGet(root, "b", 1), &b)) {
    return;
  }
  pj_builder out;
  var->BuilderInit(&out, arena, sizeof arena);
  var->BuildDict(&out, 1);
  var->BuildKey(&out, "sum", 3);
  var->BuildInt64(&out, (int64_t)a + b);
  var->BuildEnd(&out);
  const uint8_t *doc_out;
  size_t doc_len;
  if (var->BuilderFinish(&out, &doc_out, &doc_len, NULL) == PJ_OK) {
    messaging->PostMessage(instance, doc_out, doc_len);
  }
}
