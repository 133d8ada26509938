/* embed.h - token embeddings.
 *
 * The default embedding of a token is, for each component c,
 * rng_uniform(seed, RNG_EMBEDDING, rng_hash_bytes(text), c) (rng.h): a function of
 * (seed, token text, component) only, so the same sentence gives the same
 * numbers everywhere and raising d_model keeps the old components. */
#ifndef ATTNVIZ_EMBED_H
#define ATTNVIZ_EMBED_H

#include <stddef.h>
#include <stdint.h>

struct vecstore;

/* Fills out[n][d] with the embeddings of the n tokens (tokens[i] is
 * NUL-terminated). Components an override in `overrides` (may be NULL)
 * provides come from it, the rest from embed_default. */
void embed_fill(float *out, size_t n, size_t d, uint64_t seed,
                const char *const *tokens, const struct vecstore *overrides);

#endif
