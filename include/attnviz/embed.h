/* embed.h - token embeddings.
 *
 * The default embedding of a token is, for each component c,
 * rng_uniform(seed, RNG_EMBEDDING, rng_hash_bytes(text), c) (rng.h): a function of
 * (seed, token text, component) only, so the same sentence gives the same
 * numbers everywhere and raising d_model keeps the old components.
 *
 * Component c of a token comes from the first of these that has it: its
 * :emb override (c below the override's length), its vector in the loaded
 * word vectors (c below the file's dimension), the default. Each source is
 * prefix-stable, so the embedding is too. */
#ifndef ATTNVIZ_EMBED_H
#define ATTNVIZ_EMBED_H

#include <stddef.h>
#include <stdint.h>

struct vecstore;
struct vectable;

/* Fills out[n][d] with the embeddings of the n tokens (tokens[i] is
 * NUL-terminated): from `overrides`, then `vectors` (either may be NULL),
 * then the default generator. */
void embed_fill(float *out, size_t n, size_t d, uint64_t seed, const char *const *tokens,
                const struct vecstore *overrides, const struct vectable *vectors);

#endif
