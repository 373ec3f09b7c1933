/* Refuses to initialize: the host must report it and not wait for a ready that never comes. */
#include "pepperjack.h"

PJ_DECLARE_MODULE();

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return PJ_RESULT_FAILED;
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {}
