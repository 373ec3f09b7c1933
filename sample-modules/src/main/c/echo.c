/*
 * native-echo: posts every message back unchanged, in place (the message is a wire-format document;
 * an echo needs no parsing). Built by app-shell's package step into target/modules/native-echo.
 */
#include <stddef.h>
#include "pepperjack.h"

PJ_DECLARE_MODULE();

static const PJ_Messaging_1 *messaging;

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  (void)instance;
  messaging = get_interface(PJ_MESSAGING_INTERFACE_1);
  return messaging != NULL ? PJ_RESULT_OK : PJ_RESULT_FAILED;
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  messaging->PostMessage(instance, message, length);
}

void PJ_Module_Shutdown(PJ_Instance instance) { (void)instance; }
