/*
 * The shared-memory layout between the host and one sandbox process. The Java side
 * (dev.pepperjack.sandbox.internal.SharedRing / ChannelLayout) mirrors these offsets; change both.
 *
 * One shared file, mapped by both processes:
 *   [0, 4096)             control page
 *   [4096, 4096 + A)      ring "down": host -> sandbox, capacity A bytes (power of two)
 *   [4096 + A, ... + B)   ring "up":   sandbox -> host, capacity B bytes
 *
 * Each ring is single-producer single-consumer over monotonically growing 64-bit byte counters
 * (head written by the producer, tail by the consumer; position = counter & (capacity - 1)).
 * A waiter spins briefly, then sleeps on a futex "event count": it announces itself in `*_waiting`,
 * re-checks, and waits on `*_seq`; the other side bumps `*_seq` and wakes it only when a waiter is
 * announced, so the fast path is free of system calls.
 *
 * A frame is an 8-byte header {u32 length, u16 type, u16 flags} and length payload bytes, padded
 * to 8. A frame never wraps: when it does not fit before the end, a PAD frame fills the rest.
 * Payloads larger than a quarter of the ring travel as fragments (flag MORE on all but the last).
 */
#ifndef PJ_RING_H
#define PJ_RING_H

#include <stdint.h>

#define PJ_SHM_MAGIC 0x31524a50u /* "PJR1" */
#define PJ_SHM_CONTROL_SIZE 4096

/* Control page offsets (bytes). */
#define PJ_OFF_MAGIC 0          /* u32 */
#define PJ_OFF_DOWN_CAPACITY 8  /* u32 */
#define PJ_OFF_UP_CAPACITY 12   /* u32 */
#define PJ_OFF_HANDLED 64       /* u64: messages the module finished handling */
#define PJ_OFF_BUSY_SINCE 128   /* i64: CLOCK_MONOTONIC ns when the current handler started, 0 idle */
#define PJ_OFF_DOWN_RING 1024   /* ring control blocks */
#define PJ_OFF_UP_RING 2048

/* Ring control block offsets, relative to the block; each on its own cache line. */
#define PJ_RING_HEAD 0           /* u64, producer */
#define PJ_RING_TAIL 64          /* u64, consumer */
#define PJ_RING_DATA_SEQ 128     /* u32 futex: bumped when data arrives for a sleeping consumer */
#define PJ_RING_DATA_WAITING 132 /* u32: consumer is (about to be) asleep */
#define PJ_RING_SPACE_SEQ 192    /* u32 futex: bumped when space frees for a sleeping producer */
#define PJ_RING_SPACE_WAITING 196

#define PJ_FRAME_HEADER 8
#define PJ_FLAG_MORE 1

/* Frame types. Down: host -> sandbox. Up: sandbox -> host. */
enum {
  PJ_FRAME_PAD = 0,
  PJ_FRAME_MESSAGE = 1,     /* down: a wire document for PJ_Module_HandleMessage */
  PJ_FRAME_SHUTDOWN = 2,    /* down: call PJ_Module_Shutdown and exit */
  PJ_FRAME_READY = 16,      /* up: {u32 abi}: initialized, ready for messages */
  PJ_FRAME_POST = 17,       /* up: a wire document from PostMessage */
  PJ_FRAME_LOG = 18,        /* up: {u32 level, utf8 text} */
  PJ_FRAME_FATAL = 19,      /* up: utf8 text: the sandbox cannot continue (sent before exit) */
  PJ_FRAME_BYE = 20         /* up: orderly shutdown done */
};

#endif /* PJ_RING_H */
