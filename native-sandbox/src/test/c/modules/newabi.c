/* Declares an ABI from the future; the host must refuse it before running any of its code. */
#include <stdlib.h>

#include "pepperjack.h"

PJ_EXPORT const uint32_t PJ_MODULE_ABI = PJ_ABI_VERSION + 98;

__attribute__((constructor)) static void never_run(void) { abort(); }

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) { return PJ_RESULT_OK; }

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {}
