/* limits.h - the hard limits every module agrees on.
 * They are product decisions, documented in README.md: each is checked once,
 * at the edge where input enters, and produces a clear error beyond it. */
#ifndef ATTNVIZ_LIMITS_H
#define ATTNVIZ_LIMITS_H

#define AV_MAX_DIM        4096u      /* d_model: 1 .. AV_MAX_DIM */
#define AV_MAX_HEADS      64u        /* heads: 1 .. AV_MAX_HEADS, must divide d_model */
#define AV_MAX_TOKENS     8192u      /* tokens in one sentence */
/* |v| of a value the user sets (:emb, :pe-row). With |x| <= 2 AV_MAX_VALUE,
 * |W| <= sqrt(3/d) and d <= AV_MAX_DIM, no score exceeds ~2e26: a model of
 * bounded inputs cannot overflow float32, so it is never refused after the
 * fact (docs/ARCHITECTURE.md). */
#define AV_MAX_VALUE      1e9
#define AV_MAX_LINE       262144u    /* bytes in one session-language line */
#define AV_MAX_DELAY_MS   60000u     /* --delay: ms between replayed steps */
#define AV_DEFAULT_DELAY_MS 800u     /* --delay when not given */
/* :detail-delay: the vectors and explain panes follow the cursor once it
 * rests this long: longer than the 30 to 40 ms between a held key's
 * repeats (Xorg's and KDE's 25 a second, 30 elsewhere), too short to be
 * seen as a lag */
#define AV_DEFAULT_DETAIL_DELAY_MS 60u
#define AV_MAX_DETAIL_DELAY_MS 10000u
#define AV_MAX_THREADS    64u        /* --threads, ATTNVIZ_THREADS */
#define AV_MAX_LOAD_DEPTH 16u        /* nested :load */
#define AV_MAX_NAME       63u        /* bytes in a theme name */
#define AV_MAX_SCRIPT_BYTES (64u << 20)  /* a session file read whole (:load, replay) */
#define AV_MAX_CONFIG_BYTES (64u << 10)  /* the config file and each theme file */
/* A word-vectors file (:vectors, --vectors): GloVe's 400,000 words of 300
 * dimensions take 1 GiB as text. It is read line by line, never whole. */
#define AV_MAX_VECTORS_BYTES (1ull << 30)
/* Bad lines of a vectors file reported one by one; the rest are counted. */
#define AV_MAX_VECTORS_ERRORS 20u
/* The model arena may not exceed this many bytes; a configuration that would
 * (e.g. 8192 tokens with 16 heads: 16 x 8192^2 scores) is refused with a message
 * that says how much it would need. */
#define AV_MAX_MODEL_BYTES (3ull << 30)

#endif
