/* embed.c - default embeddings and user overrides (see embed.h). */
#include "attnviz/embed.h"

#include <string.h>

#include "attnviz/rng.h"
#include "attnviz/vecstore.h"
#include "attnviz/vectable.h"

/* out[n][d] */
void embed_fill(float *out, size_t n, size_t d, uint64_t seed, const char *const *tokens,
                const struct vecstore *overrides, const struct vectable *vectors)
{
    for (size_t i = 0; i < n; i++) {
        float *row = out + i * d;
        size_t set = vecstore_copy_prefix(overrides, tokens[i], row, d);
        set = vectable_fill(vectors, tokens[i], row, set, d);
        /* The hash is the expensive part of embed_default: take it once per
         * token, not once per component. */
        uint64_t key = rng_hash_bytes(tokens[i], strlen(tokens[i]));
        rng_uniform_fill(row + set, d - set, seed, RNG_EMBEDDING, key, set);
    }
}
