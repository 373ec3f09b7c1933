/*
 * Helpers shared by the test modules: the host interfaces and the two wire-format shapes the tests
 * exchange (a text string in, a text string out), written by hand so that these modules need
 * nothing but pepperjack.h.
 */
#ifndef PJ_TEST_SUPPORT_H
#define PJ_TEST_SUPPORT_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pepperjack.h"

static const PJ_Messaging_1 *messaging;
static const PJ_Console_1 *console;

__attribute__((unused)) static int32_t test_support_init(PJ_GetInterface get_interface) {
  messaging = get_interface(PJ_MESSAGING_INTERFACE_1);
  console = get_interface(PJ_CONSOLE_INTERFACE_1);
  return messaging != NULL && console != NULL ? PJ_RESULT_OK : PJ_RESULT_FAILED;
}

static const uint8_t WIRE_HEADER[5] = {0xda, 0x00, 0x50, 0x4a, 0x01};

/* Reads a document holding one short text string into out; returns its length or -1. */
__attribute__((unused)) static int read_text(const uint8_t *m, size_t n, char *out, size_t cap) {
  if (n < 6 || memcmp(m, WIRE_HEADER, 5) != 0 || (m[5] >> 5) != 3) return -1;
  size_t len = m[5] & 31, at = 6;
  if (len == 24) {
    if (n < 7) return -1;
    len = m[6];
    at = 7;
  } else if (len > 24) {
    return -1;
  }
  if (at + len != n || len + 1 > cap) return -1;
  memcpy(out, m + at, len);
  out[len] = 0;
  return (int)len;
}

/* Posts a document holding one text string (shorter than 256 bytes). */
__attribute__((unused)) static void post_text(const char *fmt, ...) {
  uint8_t doc[300];
  char text[256];
  va_list args;
  va_start(args, fmt);
  int len = vsnprintf(text, sizeof text, fmt, args);
  va_end(args);
  if (len < 0) return;
  if (len > 255) len = 255;
  memcpy(doc, WIRE_HEADER, 5);
  size_t at = 5;
  if (len < 24) {
    doc[at++] = (uint8_t)(0x60 | len);
  } else {
    doc[at++] = 0x78;
    doc[at++] = (uint8_t)len;
  }
  memcpy(doc + at, text, (size_t)len);
  messaging->PostMessage(0, doc, at + (size_t)len);
}

#endif
