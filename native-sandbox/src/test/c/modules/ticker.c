#define _POSIX_C_SOURCE 200809L
/* "start" spawns a thread that posts "tick 0".."tick 9" without being asked: posts at any time. */
#include <pthread.h>
#include <time.h>

#include "test_support.h"

PJ_DECLARE_MODULE();

static void *tick(void *arg) {
  for (int i = 0; i < 10; i++) {
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
    post_text("tick %d", i);
  }
  return arg;
}

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return test_support_init(get_interface);
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  pthread_t thread;
  int rc = pthread_create(&thread, NULL, tick, NULL);
  if (rc != 0) {
    post_text("pthread_create failed: %d", rc);
    return;
  }
  pthread_detach(thread);
}
