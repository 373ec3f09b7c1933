/*
 * A compromised module: finds the shared channel in its own address space and breaks the ring
 * protocol ("corrupt": a frame header pointing past the ring; "flood": endless fragments). The
 * host must kill this sandbox, say why, and carry on.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "pj_ring.h"
#include "test_support.h"

PJ_DECLARE_MODULE();

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return test_support_init(get_interface);
}

static uint8_t *find_channel(void) {
  FILE *maps = fopen("/proc/self/maps", "r");
  if (maps == NULL) return NULL;
  char line[512];
  uint8_t *found = NULL;
  while (fgets(line, sizeof line, maps)) {
    if (strstr(line, "/pepperjack-") && strstr(line, ".ring")) {
      found = (uint8_t *)strtoull(line, NULL, 16);
      break;
    }
  }
  fclose(maps);
  return found;
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  char what[32];
  if (read_text(message, length, what, sizeof what) < 0) return;
  uint8_t *shm = find_channel();
  if (shm == NULL) {
    post_text("no channel found");
    return;
  }
  uint32_t down_cap = *(uint32_t *)(shm + PJ_OFF_DOWN_CAPACITY);
  uint32_t up_cap = *(uint32_t *)(shm + PJ_OFF_UP_CAPACITY);
  uint8_t *ctl = shm + PJ_OFF_UP_RING;
  uint8_t *data = shm + PJ_SHM_CONTROL_SIZE + down_cap;
  _Atomic uint64_t *head = (_Atomic uint64_t *)(ctl + PJ_RING_HEAD);
  if (strcmp(what, "corrupt") == 0) {
    uint64_t h = atomic_load(head);
    uint8_t *p = data + (h & (up_cap - 1));
    uint32_t len = 0x7ffffff0u;
    uint16_t type = PJ_FRAME_POST, flags = 0;
    memcpy(p, &len, 4);
    memcpy(p + 4, &type, 2);
    memcpy(p + 6, &flags, 2);
    atomic_store(head, h + 64);
  } else if (strcmp(what, "flood") == 0) {
    /* Fragments without end: each one says "more follows". */
    static uint8_t chunk[1 << 20];
    for (;;) {
      uint64_t h = atomic_load(head);
      uint64_t tail = atomic_load((_Atomic uint64_t *)(ctl + PJ_RING_TAIL));
      uint64_t need = PJ_FRAME_HEADER + sizeof chunk;
      uint64_t pos = h & (up_cap - 1);
      if (up_cap - pos < need) {
        /* pad to the end */
        uint32_t pad = (uint32_t)(up_cap - pos - PJ_FRAME_HEADER);
        while (up_cap - (h - atomic_load((_Atomic uint64_t *)(ctl + PJ_RING_TAIL))) < up_cap - pos) {
        }
        memcpy(data + pos, &pad, 4);
        memset(data + pos + 4, 0, 4);
        atomic_store(head, h + (up_cap - pos));
        continue;
      }
      if (up_cap - (h - tail) < need) continue;
      uint32_t len = sizeof chunk;
      uint16_t type = PJ_FRAME_POST, flags = PJ_FLAG_MORE;
      memcpy(data + pos, &len, 4);
      memcpy(data + pos + 4, &type, 2);
      memcpy(data + pos + 6, &flags, 2);
      memcpy(data + pos + PJ_FRAME_HEADER, chunk, sizeof chunk);
      atomic_store(head, h + need);
      *(_Atomic uint32_t *)(ctl + PJ_RING_DATA_SEQ) += 1;
    }
  }
}
