/* limits.h - the hard limits every module agrees on.
 * They are product decisions, documented in README.md: each is checked once,
 * at the edge where input enters, and produces a clear error beyond it. */
#ifndef ATTNVIZ_LIMITS_H
#define ATTNVIZ_LIMITS_H

#define AV_MAX_DIM        4096u      /* d_model: 1 .. AV_MAX_DIM */
#define AV_MAX_HEADS      64u        /* heads: 1 .. AV_MAX_HEADS, must divide d_model */
#define AV_MAX_TOKENS     8192u      /* tokens in one sentence */
#define AV_MAX_LINE       262144u    /* bytes in one session-language line */
#define AV_MAX_LOAD_DEPTH 16u        /* nested :load */
/* The model arena may not exceed this many bytes; a configuration that would
 * (e.g. 8192 tokens with 16 heads: 16 x 8192^2 scores) is refused with a message
 * that says how much it would need. */
#define AV_MAX_MODEL_BYTES (3ull << 30)

#endif
