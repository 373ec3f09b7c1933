/*
 * Grayscale over an RGBA ArrayBuffer: reads the pixels in place in the incoming message and posts
 * an ArrayBuffer of the same size with r = g = b = luma (alpha kept). The benchmark's kernel.
 */
#include <stdlib.h>

#include "test_support.h"

PJ_DECLARE_MODULE();

static uint8_t *out;
static size_t out_cap;

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return test_support_init(get_interface);
}

/* Finds the byte string of a document holding exactly one ArrayBuffer. */
static const uint8_t *buffer_of(const uint8_t *m, size_t n, size_t *len) {
  if (n < 6 || memcmp(m, WIRE_HEADER, 5) != 0 || (m[5] >> 5) != 2) return NULL;
  unsigned ai = m[5] & 31;
  size_t at = 6, l;
  if (ai < 24) {
    l = ai;
  } else if (ai == 24 && n >= 7) {
    l = m[6], at = 7;
  } else if (ai == 25 && n >= 8) {
    l = (size_t)m[6] << 8 | m[7], at = 8;
  } else if (ai == 26 && n >= 10) {
    l = (size_t)m[6] << 24 | (size_t)m[7] << 16 | (size_t)m[8] << 8 | m[9], at = 10;
  } else {
    return NULL;
  }
  if (at + l != n) return NULL;
  *len = l;
  return m + at;
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  size_t len;
  const uint8_t *px = buffer_of(message, length, &len);
  if (px == NULL || len % 4 != 0 || len > 0xffffffffu) {
    post_text("grayscale wants one RGBA ArrayBuffer");
    return;
  }
  if (out_cap < len + 10) {
    free(out);
    out = malloc(len + 10);
    if (out == NULL) {
      out_cap = 0;
      post_text("out of memory");
      return;
    }
    out_cap = len + 10;
  }
  memcpy(out, WIRE_HEADER, 5);
  out[5] = 0x5a; /* byte string, 4-byte length */
  out[6] = (uint8_t)(len >> 24), out[7] = (uint8_t)(len >> 16);
  out[8] = (uint8_t)(len >> 8), out[9] = (uint8_t)len;
  uint8_t *dst = out + 10;
  for (size_t i = 0; i < len; i += 4) {
    uint8_t y = (uint8_t)((77 * px[i] + 150 * px[i + 1] + 29 * px[i + 2]) >> 8);
    dst[i] = dst[i + 1] = dst[i + 2] = y;
    dst[i + 3] = px[i + 3];
  }
  messaging->PostMessage(instance, out, len + 10);
}
