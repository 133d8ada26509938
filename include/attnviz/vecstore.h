/* vecstore.h - user-set vectors keyed by a string: embedding overrides
 * (:emb TOKEN v...) keyed by token text, and PE table rows (:pe-row POS v...)
 * keyed by the decimal position.
 *
 * One mechanism for both, with one rule: a vector is
 * stored with the length it was given (= d_model at the time). When d_model
 * shrinks, the stored values are kept, so growing back restores them; when
 * d_model grows past the stored length, the caller fills the rest from its
 * default (generator or zero). Setting a key again replaces the whole vector. */
#ifndef ATTNVIZ_VECSTORE_H
#define ATTNVIZ_VECSTORE_H

#include <stddef.h>

struct vecstore;

struct vecstore *vecstore_new(void);
void vecstore_free(struct vecstore *s);
/* A copy of s with the same entries in the same order (NULL for NULL), or
 * NULL on OOM. */
struct vecstore *vecstore_clone(const struct vecstore *s);

/* Stores a copy of v[0..len) under key (replacing any previous vector).
 * Returns 0, or -1 on OOM (the store is then unchanged). */
int vecstore_set(struct vecstore *s, const char *key, const float *v, size_t len);
/* The stored vector of key and its length in *len, or NULL. */
const float *vecstore_get(const struct vecstore *s, const char *key, size_t *len);
/* Copies the first min(stored length, d) values of key into out and returns
 * how many it copied: 0 when s is NULL or key has no vector. The caller fills
 * out[returned..d) from its default. */
size_t vecstore_copy_prefix(const struct vecstore *s, const char *key,
                            float *out, size_t d);
size_t vecstore_count(const struct vecstore *s);
/* The i-th entry in insertion order (0 <= i < count): key and vector. */
const char *vecstore_key_at(const struct vecstore *s, size_t i,
                            const float **v, size_t *len);

#endif
