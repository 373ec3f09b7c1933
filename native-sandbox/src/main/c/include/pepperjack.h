/*
 * pepperjack.h — the Pepperjack native module ABI, version 1.
 *
 * This header is the whole contract between a native module (a C shared library) and the host
 * that runs it in a confined sandbox process. Nothing else is promised.
 *
 * A module
 *   - exports the data symbol PJ_MODULE_ABI (use PJ_DECLARE_MODULE() once) so the host can check
 *     the ABI version by reading the file, before any module code runs;
 *   - exports the three entry points below;
 *   - asks for host interfaces by versioned name ("PJ_Messaging;1") through the PJ_GetInterface
 *     function it receives at initialization. A later ABI adds interfaces under new names and
 *     keeps serving the old ones, so a module built against version 1 keeps working.
 *
 * Messages are Pepperjack wire-format documents (script-bridge/docs/wire-format.md). Read them in
 * place and build replies with the var API (native-sandbox/src/main/c/var/pj_var.h): compile
 * pj_var.c into the module (no runtime dependency on the host), or use the host's copy through
 * the PJ_Var;1 interface below (smaller module; the same functions).
 *
 * Threads: PJ_Module_HandleMessage is called on one host thread, one message at a time. The
 * interfaces below may be called from any thread at any time between initialization and
 * shutdown (e.g. a renderer thread posting frames).
 *
 * The module runs confined: it may read its package directory, read and write its data
 * directory (the working directory), and use memory, threads and time. Files elsewhere, sockets,
 * processes, exec, ptrace and most of the kernel are refused (EPERM/EACCES/ENOSYS).
 */
#ifndef PEPPERJACK_H
#define PEPPERJACK_H

#include <stddef.h>
#include <stdint.h>

#include "pj_var.h" /* the var API's types, for PJ_Var_1 */

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes. The host refuses modules that declare a newer one. */
#define PJ_ABI_VERSION 1

#if defined(__GNUC__)
#define PJ_EXPORT __attribute__((visibility("default")))
#else
#define PJ_EXPORT
#endif

/** One running instance of a module (one per sandbox process today; opaque to modules). */
typedef int32_t PJ_Instance;

/** Result codes. Zero is success; negative values are errors. */
typedef enum {
  PJ_RESULT_OK = 0,
  PJ_RESULT_FAILED = -1,
  PJ_RESULT_BAD_ARGUMENT = -2,
  PJ_RESULT_TOO_LARGE = -3,
  PJ_RESULT_CLOSED = -4
} PJ_Result;

/** Returns the interface registered under name (e.g. PJ_MESSAGING_INTERFACE_1) or NULL. */
typedef const void *(*PJ_GetInterface)(const char *name);

/* ---------------------------------------------------------------------------------------------
 * Exported by the module.
 * ------------------------------------------------------------------------------------------- */

/** The ABI version the module was built for; read from the file by the host, never called. */
#define PJ_MODULE_ABI_SYMBOL "PJ_MODULE_ABI"
#define PJ_DECLARE_MODULE() PJ_EXPORT const uint32_t PJ_MODULE_ABI = PJ_ABI_VERSION

/**
 * Called once, after the sandbox is in place and before any message. Keep get_interface; the
 * interfaces it returns stay valid until shutdown. Return PJ_RESULT_OK, or an error to refuse to start
 * (the host reports it to the embedder as a crash with this code).
 */
PJ_EXPORT int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface);

/**
 * One message from the embedder: a wire-format document of length bytes, valid only during the
 * call (copy what you keep). The host has not validated it: use pj_var to validate and read it.
 */
PJ_EXPORT void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length);

/** Called once before an orderly stop. Optional: a module may omit it. */
PJ_EXPORT void PJ_Module_Shutdown(PJ_Instance instance);

#define PJ_MODULE_INITIALIZE_SYMBOL "PJ_Module_Initialize"
#define PJ_MODULE_HANDLE_MESSAGE_SYMBOL "PJ_Module_HandleMessage"
#define PJ_MODULE_SHUTDOWN_SYMBOL "PJ_Module_Shutdown"

/* ---------------------------------------------------------------------------------------------
 * Host interfaces, version 1.
 * ------------------------------------------------------------------------------------------- */

/** Posting values to the embedder, from any thread, at any time (not only in reply). */
#define PJ_MESSAGING_INTERFACE_1 "PJ_Messaging;1"
typedef struct {
  /**
   * Copies a wire-format document of length bytes and queues it for the embedder. Blocks briefly
   * while the outgoing ring is full. Returns PJ_RESULT_OK, PJ_RESULT_TOO_LARGE or PJ_RESULT_CLOSED.
   */
  int32_t (*PostMessage)(PJ_Instance instance, const uint8_t *message, size_t length);
} PJ_Messaging_1;

typedef enum { PJ_LOG_DEBUG = 0, PJ_LOG_INFO = 1, PJ_LOG_WARN = 2, PJ_LOG_ERROR = 3 } PJ_LogLevel;

/** Console output: appears as a console event for the embedder (never on stdout). */
#define PJ_CONSOLE_INTERFACE_1 "PJ_Console;1"
typedef struct {
  /** Logs a NUL-terminated UTF-8 line; long lines are cut at 4096 bytes. */
  void (*Log)(PJ_Instance instance, PJ_LogLevel level, const char *text);
} PJ_Console_1;

/** Time, for modules that must not depend on which clock calls the sandbox allows. */
#define PJ_TIME_INTERFACE_1 "PJ_Time;1"
typedef struct {
  /** A monotonic clock in nanoseconds (the same clock the host's watchdog uses). */
  int64_t (*MonotonicNanos)(void);
  /** Wall-clock time in milliseconds since 1970-01-01 UTC. */
  int64_t (*WallClockMillis)(void);
} PJ_Time_1;

/**
 * The host's copy of the var API (pj_var.h documents each function). Version 1 is frozen: a
 * later var API adds "PJ_Var;2" and keeps serving this table.
 */
#define PJ_VAR_INTERFACE_1 "PJ_Var;1"
typedef struct {
  pj_status (*DocOpen)(pj_doc *doc, const void *data, size_t len, const pj_limits *limits,
                       pj_error *err);
  pj_var (*DocRoot)(const pj_doc *doc);
  pj_type (*Type)(pj_var v);
  bool (*GetBool)(pj_var v, bool *out);
  bool (*GetInt32)(pj_var v, int32_t *out);
  bool (*GetInt64)(pj_var v, int64_t *out);
  bool (*GetDouble)(pj_var v, double *out);
  bool (*GetNumber)(pj_var v, double *out);
  bool (*GetString)(pj_var v, const char **str, size_t *len);
  bool (*GetBuffer)(pj_var v, pj_bytes *out);
  bool (*GetView)(pj_var v, pj_view *out);
  size_t (*Count)(pj_var v);
  pj_var (*ArrayGet)(pj_var array, size_t index);
  pj_var (*DictGet)(pj_var dict, const char *key, size_t key_len);
  pj_iter (*Iter)(pj_var container);
  bool (*IterNext)(pj_iter *it, pj_var *value);
  bool (*IterNextEntry)(pj_iter *it, const char **key, size_t *key_len, pj_var *value);
  void (*BuilderInit)(pj_builder *b, void *buf, size_t cap);
  void (*BuildArray)(pj_builder *b, uint32_t count);
  void (*BuildDict)(pj_builder *b, uint32_t count);
  void (*BuildKey)(pj_builder *b, const char *key, size_t len);
  void (*BuildEnd)(pj_builder *b);
  void (*BuildUndefined)(pj_builder *b);
  void (*BuildNull)(pj_builder *b);
  void (*BuildBool)(pj_builder *b, bool value);
  void (*BuildInt32)(pj_builder *b, int32_t value);
  void (*BuildInt64)(pj_builder *b, int64_t value);
  void (*BuildDouble)(pj_builder *b, double value);
  void (*BuildString)(pj_builder *b, const char *str, size_t len);
  void (*BuildBuffer)(pj_builder *b, const void *bytes, size_t len);
  void (*BuildTypedArray)(pj_builder *b, pj_view_kind kind, const void *bytes, size_t len);
  void (*BuildView)(pj_builder *b, pj_view_kind kind, size_t byte_offset, size_t length,
                    const void *buffer, size_t buffer_len);
  pj_status (*BuilderFinish)(pj_builder *b, const uint8_t **out, size_t *out_len, pj_error *err);
  const char *(*StatusName)(pj_status code);
} PJ_Var_1;

#ifdef __cplusplus
}
#endif

#endif /* PEPPERJACK_H */
