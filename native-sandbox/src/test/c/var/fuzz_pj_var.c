/*
 * Fuzz target for the pj_var reader. With clang: `make fuzz-libfuzzer` builds it as a libFuzzer
 * target. Without: the main() below mutates the shared vectors at random (bit flips, byte sets,
 * truncation, splices) for the given number of seconds, under ASan/UBSan.
 * Usage: fuzz_pj_var <wire-vectors.txt> [seconds] [seed]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pj_test_util.h"
#include "pj_var.h"

static char dump_buf[1 << 18];
static unsigned long long valid_inputs;
static uint8_t build_buf[1 << 18];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pj_doc doc;
  pj_error err;
  pj_limits limits = {64, 1 << 20, 1 << 16};
  if (pj_doc_open(&doc, data, size, &limits, &err) != PJ_OK) {
    if (err.code == PJ_OK || err.offset > size) abort();
    return 0;
  }
  valid_inputs++;
  /* Whatever validates must be fully navigable and rebuildable. */
  pj_test_dump(pj_doc_root(&doc), dump_buf, sizeof dump_buf);
  {
    const uint8_t *out;
    size_t len;
    pj_status st = pj_test_rebuild(pj_doc_root(&doc), build_buf, sizeof build_buf, &out, &len);
    if (st != PJ_OK && st != PJ_ERR_NO_SPACE && st != PJ_ERR_LIMIT_DEPTH) abort();
  }
  return 0;
}

#ifndef PJ_LIBFUZZER
static uint64_t rng_state;

static uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 16);
}

#define MAX_SEEDS 512
#define MAX_LEN 4096
static uint8_t seeds[MAX_SEEDS][MAX_LEN];
static size_t seed_len[MAX_SEEDS];
static size_t seed_count;

static void load_seeds(const char *path) {
  static char line[1 << 17];
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  while (fgets(line, sizeof line, f) && seed_count < MAX_SEEDS) {
    char *hex = strstr(line, " | ");
    size_t n = 0;
    unsigned v;
    if (line[0] == '#' || !hex) continue;
    hex += 3;
    while (n < MAX_LEN && sscanf(hex, "%2x", &v) == 1 && hex[0] != ' ') {
      seeds[seed_count][n++] = (uint8_t)v;
      hex += 2;
    }
    seed_len[seed_count++] = n;
  }
  fclose(f);
}

int main(int argc, char **argv) {
  static uint8_t buf[MAX_LEN * 2];
  double seconds = argc > 2 ? atof(argv[2]) : 3.0;
  unsigned long long runs = 0;
  clock_t stop;
  if (argc < 2) {
    fprintf(stderr, "usage: %s <wire-vectors.txt> [seconds] [seed]\n", argv[0]);
    return 2;
  }
  rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) | 1 : 0x9e3779b97f4a7c15ull;
  load_seeds(argv[1]);
  stop = clock() + (clock_t)(seconds * CLOCKS_PER_SEC);
  while (clock() < stop) {
    int k;
    for (k = 0; k < 256; k++) {
      size_t s = rnd() % seed_count, len = seed_len[s], m, edits = 1 + rnd() % 4;
      memcpy(buf, seeds[s], len);
      for (m = 0; m < edits; m++) {
        uint32_t op = rnd() % 5;
        if (op == 0 && len) buf[rnd() % len] ^= (uint8_t)(1u << (rnd() % 8));
        else if (op == 1 && len) buf[rnd() % len] = (uint8_t)rnd();
        else if (op == 2 && len) len = rnd() % len;
        else if (op == 3 && len + 8 < sizeof buf) { /* insert interesting bytes */
          static const uint8_t hot[] = {0x00, 0x18, 0x1b, 0x1c, 0x1d, 0x7f, 0x80, 0x9f, 0xbf,
                                        0xd8, 0xda, 0xf7, 0xff};
          size_t at = rnd() % (len + 1);
          memmove(buf + at + 1, buf + at, len - at);
          buf[at] = hot[rnd() % sizeof hot];
          len++;
        } else if (op == 4) { /* splice another seed's tail */
          size_t t = rnd() % seed_count, from = seed_len[t] ? rnd() % seed_len[t] : 0;
          size_t at = len ? rnd() % len : 0, n = seed_len[t] - from;
          if (at + n <= sizeof buf) {
            memcpy(buf + at, seeds[t] + from, n);
            len = at + n;
          }
        }
      }
      LLVMFuzzerTestOneInput(buf, len);
      runs++;
    }
  }
  printf("fuzz: %llu inputs (%llu valid) from %zu seeds, no crash\n", runs, valid_inputs,
         seed_count);
  return 0;
}
#endif
