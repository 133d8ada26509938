/* vectable.c - word vectors in flat arenas with a hash index (vectable.h).
 *
 * Word i is text + off[i] (NUL-terminated) with the vector vec + i * dim;
 * slots[] holds i + 1, 0 for an empty slot. Arenas grow by half again, so
 * a file of unknown length costs at most a third of spare room until
 * vectable_trim; large blocks are mmap'ed by the allocator, so growing and
 * trimming them moves no data and the spare room is never touched. */
#include "attnviz/vectable.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/rng.h"

/* Words longer than this are looked up as they are only. */
#define VECTABLE_FOLD_MAX 256

struct vectable {
    size_t refs;
    size_t dim;
    size_t count, cap;         /* words, and the room of vec and off in words */
    float *vec;                /* [cap][dim] */
    uint32_t *off;             /* [cap] offsets into text */
    char *text;
    size_t text_len, text_cap;
    uint32_t *slots;           /* [nslots], a power of two */
    size_t nslots;
};

/* A size that overflows is simply too large. */
static size_t vt_mul(size_t a, size_t b)
{
    return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

static size_t vt_slots_for(size_t words)
{
    size_t n = 64;
    while (n < 2 * words && n < SIZE_MAX / 4)
        n *= 2;
    return n;
}

static int vt_reserve(struct vectable *t, size_t cap)
{
    if (cap <= t->cap)
        return 0;
    float *vec = realloc(t->vec, vt_mul(vt_mul(cap, t->dim), sizeof *vec));
    if (!vec)
        return -1;
    t->vec = vec;
    uint32_t *off = realloc(t->off, vt_mul(cap, sizeof *off));
    if (!off)
        return -1;
    t->off = off;
    t->cap = cap;
    return 0;
}

struct vectable *vectable_new(size_t dim, size_t expect)
{
    struct vectable *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->refs = 1;
    t->dim = dim;
    t->nslots = vt_slots_for(expect);
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots || vt_reserve(t, expect ? expect : 16) != 0) {
        vectable_free(t);
        return NULL;
    }
    return t;
}

struct vectable *vectable_ref(struct vectable *t)
{
    t->refs++;
    return t;
}

void vectable_free(struct vectable *t)
{
    if (!t || --t->refs > 0)
        return;
    free(t->vec);
    free(t->off);
    free(t->text);
    free(t->slots);
    free(t);
}

/* The slot holding word[0..len), or the empty slot where it would go. */
static size_t vt_slot(const struct vectable *t, const char *word, size_t len, uint64_t hash)
{
    size_t mask = t->nslots - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        uint32_t id = t->slots[i];
        if (id == 0)
            return i;
        const char *w = t->text + t->off[id - 1];
        if (strncmp(w, word, len) == 0 && w[len] == '\0')
            return i;
    }
}

static int vt_rehash(struct vectable *t, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    for (size_t i = 0; i < t->count; i++) {
        const char *w = t->text + t->off[i];
        size_t len = strlen(w);
        t->slots[vt_slot(t, w, len, rng_hash_bytes(w, len))] = (uint32_t)(i + 1);
    }
    return 0;
}

int vectable_add(struct vectable *t, const char *word, size_t len, const float *v, bool *dup)
{
    uint64_t hash = rng_hash_bytes(word, len);
    size_t slot = vt_slot(t, word, len, hash);
    *dup = t->slots[slot] != 0;
    if (*dup)
        return 0;
    if (t->count >= UINT32_MAX - 1 || t->text_len + len + 1 > UINT32_MAX)
        return -1;
    /* Every allocation before any change, so a failure leaves the table
     * as it was. */
    if (t->count == t->cap && vt_reserve(t, t->cap + t->cap / 2 + 16) != 0)
        return -1;
    if (t->text_len + len + 1 > t->text_cap) {
        size_t cap = t->text_cap + t->text_cap / 2 + len + 4096;
        char *text = realloc(t->text, cap);
        if (!text)
            return -1;
        t->text = text;
        t->text_cap = cap;
    }
    if (2 * (t->count + 1) > t->nslots) {
        if (vt_rehash(t, 2 * t->nslots) != 0)
            return -1;
        slot = vt_slot(t, word, len, hash);
    }
    memcpy(t->text + t->text_len, word, len);
    t->text[t->text_len + len] = '\0';
    t->off[t->count] = (uint32_t)t->text_len;
    t->text_len += len + 1;
    memcpy(t->vec + t->count * t->dim, v, t->dim * sizeof *v);
    t->slots[slot] = (uint32_t)++t->count;
    return 0;
}

void vectable_trim(struct vectable *t)
{
    /* A failed shrink keeps the old block: only the room is not given
     * back. cap may be below what off has room for, never above. */
    size_t cap = t->count ? t->count : 1;
    float *vec = realloc(t->vec, cap * t->dim * sizeof *vec);
    if (vec) {
        t->vec = vec;
        t->cap = cap;
        uint32_t *off = realloc(t->off, cap * sizeof *off);
        if (off)
            t->off = off;
    }
    char *text = realloc(t->text, t->text_len ? t->text_len : 1);
    if (text) {
        t->text = text;
        t->text_cap = t->text_len ? t->text_len : 1;
    }
}

size_t vectable_dim(const struct vectable *t)
{
    return t->dim;
}

size_t vectable_count(const struct vectable *t)
{
    return t->count;
}

size_t vectable_bytes(const struct vectable *t)
{
    return sizeof *t + t->cap * (t->dim * sizeof *t->vec + sizeof *t->off) + t->text_cap
           + t->nslots * sizeof *t->slots;
}

static const float *vt_lookup(const struct vectable *t, const char *word, size_t len)
{
    uint32_t id = t->slots[vt_slot(t, word, len, rng_hash_bytes(word, len))];
    return id ? t->vec + (size_t)(id - 1) * t->dim : NULL;
}

const float *vectable_find(const struct vectable *t, const char *word)
{
    if (!t)
        return NULL;
    size_t len = strlen(word);
    const float *v = vt_lookup(t, word, len);
    if (v || len >= VECTABLE_FOLD_MAX)
        return v;
    char low[VECTABLE_FOLD_MAX];
    bool folded = false;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        folded |= c >= 'A' && c <= 'Z';
        low[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    return folded ? vt_lookup(t, low, len) : NULL;
}

size_t vectable_fill(const struct vectable *t, const char *word, float *out, size_t from,
                     size_t d)
{
    const float *v = t && from < t->dim ? vectable_find(t, word) : NULL;
    if (!v)
        return from;
    size_t end = d < t->dim ? d : t->dim;
    if (end > from)
        memcpy(out + from, v + from, (end - from) * sizeof *out);
    return end > from ? end : from;
}
