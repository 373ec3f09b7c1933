/* Posts every message back unchanged; "log" also writes a console line. */
#include "test_support.h"

PJ_DECLARE_MODULE();

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return test_support_init(get_interface);
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  char text[64];
  if (read_text(message, length, text, sizeof text) >= 0 && strcmp(text, "log") == 0) {
    console->Log(instance, PJ_LOG_INFO, "hello from the echo module");
  }
  messaging->PostMessage(instance, message, length);
}

void PJ_Module_Shutdown(PJ_Instance instance) {}
