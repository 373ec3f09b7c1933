/* Misbehaves on request: "segv", "abort", "exit", "hang", "garbage"; anything else is echoed. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_support.h"

PJ_DECLARE_MODULE();

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return test_support_init(get_interface);
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  char text[64];
  if (read_text(message, length, text, sizeof text) < 0) text[0] = 0;
  if (strcmp(text, "segv") == 0) {
    volatile int *p = NULL;
    *p = 42;
  } else if (strcmp(text, "abort") == 0) {
    abort();
  } else if (strcmp(text, "exit") == 0) {
    _exit(7);
  } else if (strcmp(text, "garbage") == 0) {
    static const uint8_t junk[] = {0xda, 0x00, 0x50, 0x4a, 0x01, 0xff, 0x13};
    messaging->PostMessage(instance, junk, sizeof junk);
    return;
  } else if (strcmp(text, "hang") == 0) {
    for (;;) {
    }
  }
  messaging->PostMessage(instance, message, length);
}
