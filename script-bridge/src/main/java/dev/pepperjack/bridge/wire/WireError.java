package dev.pepperjack.bridge.wire;

/**
 * Why a byte sequence is not a valid wire document. The same codes, in the same order of checks,
 * are reported by the C reader ({@code PJ_ERR_*} in {@code pj_var.h}); see
 * {@code script-bridge/docs/wire-format.md}, section 5.
 */
public enum WireError {
  NOT_A_DOCUMENT,
  UNSUPPORTED_VERSION,
  TRUNCATED,
  TRAILING_BYTES,
  MALFORMED_HEAD,
  INDEFINITE_LENGTH,
  UNSUPPORTED_ITEM,
  INT_OUT_OF_RANGE,
  INVALID_UTF8,
  BAD_KEY,
  DUPLICATE_KEY,
  BAD_VIEW,
  BAD_REFERENCE,
  LIMIT_DEPTH,
  LIMIT_BYTES,
  LIMIT_ELEMENTS
}
