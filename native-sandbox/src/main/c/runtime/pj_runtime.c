/*
 * The sandbox side of the host <-> module channel: the shared-memory rings, the host interfaces
 * handed to the module (PJ_GetInterface) and the message loop. Loaded by the sandbox JVM through
 * JNA; after confinement the JVM's main thread enters pj_rt_run and stays in C, so a round trip
 * costs no JNA call and no JVM thread hand-over.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "pepperjack.h"
#include "pj_ring.h"

#define EXPORT __attribute__((visibility("default")))
/* How a waiter waits (Ring.java has the same numbers): a short pure spin for the other side
 * answering from another core, then yielding between checks, then the futex. A round trip involves
 * three threads (caller, host reader, this loop) on what may be two cores: whoever spins instead of
 * yielding steals the core of the very thread it waits for. Timed hop by hop (caller spinning
 * 0.5 us, then yielding): a 2 us pure spin on each side made the small round trip's p50 17 us,
 * 0.5 us made it 6-9 us. */
#define PURE_SPIN_NANOS 500
#define SPIN_NANOS 100000

typedef int32_t (*init_fn)(PJ_Instance, PJ_GetInterface);
typedef void (*handle_fn)(PJ_Instance, const uint8_t *, size_t);
typedef void (*shutdown_fn)(PJ_Instance);

typedef struct {
  uint8_t *ctl;
  uint8_t *data;
  uint64_t capacity;
} ring;

static uint8_t *shm;
static ring down_ring, up_ring;
static pthread_mutex_t up_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int closed;
/* The host JVM. When it dies the sandbox is reparented; nobody would ever stop it, so it exits. */
static pid_t host_pid;

#define U64(r, off) ((_Atomic uint64_t *)((r)->ctl + (off)))
#define U32(r, off) ((_Atomic uint32_t *)((r)->ctl + (off)))

static int64_t monotonic_nanos(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t wall_clock_millis(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void futex_wait(_Atomic uint32_t *word, uint32_t expected, long timeout_ms) {
  struct timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  /* Not FUTEX_PRIVATE_FLAG: the word lives in memory shared with another process. */
  syscall(SYS_futex, word, FUTEX_WAIT, expected, &ts, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *word) {
  syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Waits until ready(r) holds: spin, then sleep on the event count at seq_off/waiting_off. */
static void await(ring *r, int (*ready)(ring *, uint64_t), uint64_t arg, int seq_off, int waiting_off) {
  int64_t start = monotonic_nanos();
  for (int i = 0;; i++) {
    if (ready(r, arg)) return;
    __builtin_ia32_pause();
    if ((i & 15) == 15) {
      int64_t spent = monotonic_nanos() - start;
      if (spent > SPIN_NANOS) break;
      if (spent > PURE_SPIN_NANOS) sched_yield();
    }
  }
  for (;;) {
    uint32_t seq = atomic_load(U32(r, seq_off));
    atomic_store(U32(r, waiting_off), 1);
    if (ready(r, arg)) break;
    futex_wait(U32(r, seq_off), seq, 100);
    if (ready(r, arg)) break;
    if (getppid() != host_pid) _exit(0);
  }
  atomic_store(U32(r, waiting_off), 0);
}

static void notify(ring *r, int seq_off, int waiting_off) {
  /* Orders our head/tail store before reading the flag (the waiter does the mirror image). */
  atomic_thread_fence(memory_order_seq_cst);
  if (atomic_load(U32(r, waiting_off))) {
    atomic_fetch_add(U32(r, seq_off), 1);
    futex_wake(U32(r, seq_off));
  }
}

static int has_data(ring *r, uint64_t unused) {
  (void)unused;
  return atomic_load_explicit(U64(r, PJ_RING_HEAD), memory_order_acquire) !=
         atomic_load_explicit(U64(r, PJ_RING_TAIL), memory_order_relaxed);
}

static int has_space(ring *r, uint64_t need) {
  uint64_t used = atomic_load_explicit(U64(r, PJ_RING_HEAD), memory_order_relaxed) -
                  atomic_load_explicit(U64(r, PJ_RING_TAIL), memory_order_acquire);
  return r->capacity - used >= need;
}

static uint64_t align8(uint64_t n) { return (n + 7) & ~(uint64_t)7; }

/* Writes a PAD frame of `len` bytes (header included) at `pos`; not yet published. */
static void put_pad(ring *r, uint64_t pos, uint64_t len) {
  uint32_t pad_len = (uint32_t)(len - PJ_FRAME_HEADER);
  memcpy(r->data + pos, &pad_len, 4);
  memset(r->data + pos + 4, 0, 4);
}

/*
 * Finds room for a frame of `need` bytes (at most the capacity) and returns its offset; `*head`
 * moves past any padding. Pads to the end where the frame would not fit before it, and when the
 * ring is empty starts over at its beginning, so an exchange of small messages keeps reusing the
 * same cache lines and pages instead of sweeping the whole ring.
 */
static uint64_t place(ring *r, uint64_t *head, uint64_t need) {
  for (;;) {
    uint64_t used = *head - atomic_load_explicit(U64(r, PJ_RING_TAIL), memory_order_acquire);
    uint64_t pos = *head & (r->capacity - 1);
    uint64_t to_end = r->capacity - pos;
    int rewind = used == 0 && pos != 0 && need <= pos;
    if (need > to_end || rewind) {
      if (r->capacity - used >= to_end) {
        put_pad(r, pos, to_end);
        *head += to_end; /* published with the frame, or before waiting */
        continue;
      }
    } else if (r->capacity - used >= need) {
      return pos;
    }
    /* Publish padding first: the consumer must skip it to free the space we wait for. */
    atomic_store_explicit(U64(r, PJ_RING_HEAD), *head, memory_order_release);
    notify(r, PJ_RING_DATA_SEQ, PJ_RING_DATA_WAITING);
    await(r, has_space, to_end < need ? to_end : need, PJ_RING_SPACE_SEQ, PJ_RING_SPACE_WAITING);
  }
}

/*
 * Writes one frame (fragments only when larger than the ring), copying prefix ++ data straight into
 * the ring; the caller holds the producer side.
 */
static void ring_write(ring *r, uint16_t type, const uint8_t *prefix, uint32_t prefix_len,
                       const uint8_t *data, size_t len) {
  uint64_t max_frame = r->capacity - PJ_FRAME_HEADER;
  size_t total = prefix_len + len, done = 0;
  /* Fragments of a quarter ring let both sides work on a huge message at the same time. */
  size_t chunk = total <= max_frame ? total : r->capacity / 4 - PJ_FRAME_HEADER;
  uint64_t head = atomic_load_explicit(U64(r, PJ_RING_HEAD), memory_order_relaxed);
  do {
    size_t n = total - done < chunk ? total - done : chunk;
    uint16_t flags = done + n < total ? PJ_FLAG_MORE : 0;
    uint64_t need = align8(PJ_FRAME_HEADER + n);
    uint64_t pos = place(r, &head, need);
    uint8_t *p = r->data + pos;
    uint32_t n32 = (uint32_t)n;
    memcpy(p, &n32, 4);
    memcpy(p + 4, &type, 2);
    memcpy(p + 6, &flags, 2);
    /* The payload is prefix ++ data; copy the part of each that falls into this chunk. */
    size_t off = done, out = 0;
    if (off < prefix_len) {
      size_t k = prefix_len - off < n ? prefix_len - off : n;
      memcpy(p + PJ_FRAME_HEADER, prefix + off, k);
      out = k;
      off += k;
    }
    if (out < n) memcpy(p + PJ_FRAME_HEADER + out, data + (off - prefix_len), n - out);
    head += need;
    atomic_store_explicit(U64(r, PJ_RING_HEAD), head, memory_order_release);
    notify(r, PJ_RING_DATA_SEQ, PJ_RING_DATA_WAITING);
    done += n;
  } while (done < total);
}

static int32_t post_frame(uint16_t type, const uint8_t *prefix, uint32_t prefix_len,
                          const uint8_t *data, size_t len) {
  if (atomic_load(&closed)) return PJ_RESULT_CLOSED;
  if (len > (size_t)INT32_MAX) return PJ_RESULT_TOO_LARGE;
  pthread_mutex_lock(&up_lock);
  ring_write(&up_ring, type, prefix, prefix_len, data, len);
  pthread_mutex_unlock(&up_lock);
  return PJ_RESULT_OK;
}

static int32_t post_message(PJ_Instance instance, const uint8_t *message, size_t length) {
  (void)instance;
  if (message == NULL && length > 0) return PJ_RESULT_BAD_ARGUMENT;
  return post_frame(PJ_FRAME_POST, NULL, 0, message, length);
}

static void console_log(PJ_Instance instance, PJ_LogLevel level, const char *text) {
  (void)instance;
  if (text == NULL) return;
  uint32_t lvl = (uint32_t)level;
  post_frame(PJ_FRAME_LOG, (const uint8_t *)&lvl, 4, (const uint8_t *)text, strnlen(text, 4096));
}

static const PJ_Messaging_1 messaging_1 = {post_message};
static const PJ_Console_1 console_1 = {console_log};
static const PJ_Time_1 time_1 = {monotonic_nanos, wall_clock_millis};
static const PJ_Var_1 var_1 = {
    pj_doc_open, pj_doc_root, pj_var_type, pj_var_get_bool, pj_var_get_int32, pj_var_get_int64,
    pj_var_get_double, pj_var_get_number, pj_var_get_string, pj_var_get_buffer, pj_var_get_view,
    pj_var_count, pj_array_get, pj_dict_get, pj_var_iter, pj_iter_next, pj_iter_next_entry,
    pj_builder_init, pj_build_array, pj_build_dict, pj_build_key, pj_build_end, pj_build_undefined,
    pj_build_null, pj_build_bool, pj_build_int32, pj_build_int64, pj_build_double, pj_build_string,
    pj_build_buffer, pj_build_typed_array, pj_build_view, pj_builder_finish, pj_status_name};

static const void *get_interface(const char *name) {
  if (name == NULL) return NULL;
  if (strcmp(name, PJ_MESSAGING_INTERFACE_1) == 0) return &messaging_1;
  if (strcmp(name, PJ_CONSOLE_INTERFACE_1) == 0) return &console_1;
  if (strcmp(name, PJ_TIME_INTERFACE_1) == 0) return &time_1;
  if (strcmp(name, PJ_VAR_INTERFACE_1) == 0) return &var_1;
  return NULL;
}

/** Maps the shared channel inherited on fd; returns 0 or -errno. */
EXPORT int pj_rt_attach(int fd) {
  host_pid = getppid();
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return -errno;
  close(fd);
  shm = p;
  if (*(uint32_t *)(shm + PJ_OFF_MAGIC) != PJ_SHM_MAGIC) return -EINVAL;
  uint32_t down_cap = *(uint32_t *)(shm + PJ_OFF_DOWN_CAPACITY);
  uint32_t up_cap = *(uint32_t *)(shm + PJ_OFF_UP_CAPACITY);
  if ((uint64_t)PJ_SHM_CONTROL_SIZE + down_cap + up_cap > (uint64_t)st.st_size) return -EINVAL;
  down_ring = (ring){shm + PJ_OFF_DOWN_RING, shm + PJ_SHM_CONTROL_SIZE, down_cap};
  up_ring = (ring){shm + PJ_OFF_UP_RING, shm + PJ_SHM_CONTROL_SIZE + down_cap, up_cap};
  return 0;
}

/** Tells the host why the sandbox cannot go on (before the JVM exits). */
EXPORT void pj_rt_fatal(const char *text) {
  if (shm != NULL) post_frame(PJ_FRAME_FATAL, NULL, 0, (const uint8_t *)text, strlen(text));
}

/* Reads frames until SHUTDOWN, handing each message to the module. */
static int message_loop(handle_fn handle) {
  ring *r = &down_ring;
  uint8_t *assembly = NULL;
  size_t assembled = 0, assembly_cap = 0;
  _Atomic uint64_t *handled = (_Atomic uint64_t *)(shm + PJ_OFF_HANDLED);
  _Atomic int64_t *busy_since = (_Atomic int64_t *)(shm + PJ_OFF_BUSY_SINCE);
  for (;;) {
    await(r, has_data, 0, PJ_RING_DATA_SEQ, PJ_RING_DATA_WAITING);
    uint64_t tail = atomic_load_explicit(U64(r, PJ_RING_TAIL), memory_order_relaxed);
    uint64_t pos = tail & (r->capacity - 1);
    uint8_t *p = r->data + pos;
    uint32_t len;
    uint16_t type, flags;
    memcpy(&len, p, 4);
    memcpy(&type, p + 4, 2);
    memcpy(&flags, p + 6, 2);
    uint64_t advance = align8(PJ_FRAME_HEADER + (uint64_t)len);
    if (advance > r->capacity - pos) {
      pj_rt_fatal("corrupt frame in the host ring");
      return 2;
    }
    if (type == PJ_FRAME_MESSAGE) {
      const uint8_t *msg = p + PJ_FRAME_HEADER;
      size_t msg_len = len;
      if (flags & PJ_FLAG_MORE || assembled > 0) {
        if (assembled + len > assembly_cap) {
          size_t cap = assembly_cap ? assembly_cap : 1 << 20;
          while (cap < assembled + len) cap *= 2;
          uint8_t *grown = realloc(assembly, cap);
          if (grown == NULL) {
            pj_rt_fatal("out of memory assembling a message");
            return 2;
          }
          assembly = grown;
          assembly_cap = cap;
        }
        memcpy(assembly + assembled, msg, len);
        assembled += len;
        msg = assembly;
        msg_len = assembled;
      }
      if (!(flags & PJ_FLAG_MORE)) {
        atomic_store(busy_since, monotonic_nanos());
        /* Whole messages are handed over in place in the ring: no copy on the way in. */
        handle(0, msg, msg_len);
        atomic_store(busy_since, 0);
        atomic_fetch_add_explicit(handled, 1, memory_order_release);
        assembled = 0;
      }
    }
    atomic_store_explicit(U64(r, PJ_RING_TAIL), tail + advance, memory_order_release);
    notify(r, PJ_RING_SPACE_SEQ, PJ_RING_SPACE_WAITING);
    if (type == PJ_FRAME_SHUTDOWN) {
      free(assembly);
      return 0;
    }
  }
}

/**
 * Initializes the module and runs its message loop; returns when the host asks for shutdown.
 * Returns 0 on an orderly stop, 3 when the module refused to initialize, 2 on a broken channel.
 */
EXPORT int pj_rt_run(void *init, void *handle, void *shutdown) {
  int32_t rc = ((init_fn)init)(0, get_interface);
  if (rc != PJ_RESULT_OK) {
    char text[96];
    snprintf(text, sizeof text, "PJ_Module_Initialize returned %d", rc);
    pj_rt_fatal(text);
    return 3;
  }
  uint32_t abi = PJ_ABI_VERSION;
  post_frame(PJ_FRAME_READY, NULL, 0, (const uint8_t *)&abi, 4);
  int result = message_loop((handle_fn)handle);
  if (result == 0 && shutdown != NULL) ((shutdown_fn)shutdown)(0);
  post_frame(PJ_FRAME_BYE, NULL, 0, NULL, 0);
  atomic_store(&closed, 1);
  return result;
}
