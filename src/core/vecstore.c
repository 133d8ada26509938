/* vecstore.c - vectors keyed by a string. The keys live in a vocab (so a
 * key's id is its insertion rank and lookups are hashed); vecs[id - 1] is
 * the vector of key id. */
#include "attnviz/vecstore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/vocab.h"

struct vecstore_vec {
    float *v;        /* [len] */
    size_t len;
};

struct vecstore {
    struct vocab *keys;
    struct vecstore_vec *vecs;   /* [vocab_count(keys)] */
    size_t cap;
};

struct vecstore *vecstore_new(void)
{
    struct vecstore *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->keys = vocab_new();
    if (!s->keys) {
        free(s);
        return NULL;
    }
    return s;
}

struct vecstore *vecstore_clone(const struct vecstore *s)
{
    if (!s)
        return NULL;
    struct vecstore *c = vecstore_new();
    for (size_t i = 0; c && i < vecstore_count(s); i++) {
        const float *v = NULL;
        size_t len = 0;
        const char *key = vecstore_key_at(s, i, &v, &len);
        if (vecstore_set(c, key, v, len) != 0) {
            vecstore_free(c);
            c = NULL;
        }
    }
    return c;
}

void vecstore_free(struct vecstore *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < vocab_count(s->keys); i++)
        free(s->vecs[i].v);
    free(s->vecs);
    vocab_free(s->keys);
    free(s);
}

/* A malloc'd copy of v[0..len); never NULL for len 0 so that NULL means OOM. */
static float *vecstore_copy(const float *v, size_t len)
{
    if (len > SIZE_MAX / sizeof(float))
        return NULL;
    float *c = malloc(len ? len * sizeof *c : 1);
    if (c && len)
        memcpy(c, v, len * sizeof *c);
    return c;
}

int vecstore_set(struct vecstore *s, const char *key, const float *v, size_t len)
{
    float *copy = vecstore_copy(v, len);
    if (!copy)
        return -1;
    size_t count = vocab_count(s->keys);
    if (count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct vecstore_vec *vecs = realloc(s->vecs, cap * sizeof *vecs);
        if (!vecs) {
            free(copy);
            return -1;
        }
        s->vecs = vecs;
        s->cap = cap;
    }
    unsigned id = vocab_intern(s->keys, key, strlen(key));
    if (id == 0) {
        free(copy);
        return -1;
    }
    if (id <= count)
        free(s->vecs[id - 1].v);
    s->vecs[id - 1] = (struct vecstore_vec){ copy, len };
    return 0;
}

const float *vecstore_get(const struct vecstore *s, const char *key, size_t *len)
{
    unsigned id = vocab_find(s->keys, key, strlen(key));
    if (id == 0)
        return NULL;
    *len = s->vecs[id - 1].len;
    return s->vecs[id - 1].v;
}

size_t vecstore_copy_prefix(const struct vecstore *s, const char *key,
                            float *out, size_t d)
{
    size_t len = 0;
    const float *v = s ? vecstore_get(s, key, &len) : NULL;
    if (!v)
        return 0;
    if (len > d)
        len = d;   /* d_model shrank: the extra values wait for it to grow */
    memcpy(out, v, len * sizeof *out);
    return len;
}

size_t vecstore_count(const struct vecstore *s)
{
    return vocab_count(s->keys);
}

const char *vecstore_key_at(const struct vecstore *s, size_t i,
                            const float **v, size_t *len)
{
    if (i >= vocab_count(s->keys))
        return NULL;
    *v = s->vecs[i].v;
    *len = s->vecs[i].len;
    return vocab_text(s->keys, (unsigned)(i + 1));
}

