/* Test helpers shared by the C unit tests and the fuzz driver. */
#ifndef PJ_TEST_UTIL_H
#define PJ_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "pj_var.h"

/*
 * Writes the canonical text form of `v` (the same as the Java test's VarDump) into out[0, cap).
 * Returns the length, or (size_t)-1 when it does not fit.
 */
size_t pj_test_dump(pj_var v, char *out, size_t cap);

/*
 * Rebuilds `v` with pj_builder into buf[0, cap): the builder's bytes for any value without shared
 * buffers equal the Java encoder's. Returns the builder status; *len gets the document length.
 */
pj_status pj_test_rebuild(pj_var v, uint8_t *buf, size_t cap, const uint8_t **doc, size_t *len);

#endif
