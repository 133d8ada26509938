/* vocab.c - token text <-> id: an array of texts indexed by id - 1 and an
 * open-addressing hash index over it (linear probing, load <= 1/2), so that
 * interning a sentence of 8192 new tokens stays linear. */
#include "attnviz/vocab.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/rng.h"

struct vocab_word {
    char *text;       /* NUL-terminated copy */
    size_t len;
    uint64_t hash;
};

struct vocab {
    struct vocab_word *words;  /* [count], words[id - 1] */
    size_t count, cap;
    unsigned *slots;           /* [nslots] ids, 0 = empty; nslots a power of 2 */
    size_t nslots;
};

struct vocab *vocab_new(void)
{
    return calloc(1, sizeof(struct vocab));
}

void vocab_free(struct vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->count; i++)
        free(v->words[i].text);
    free(v->words);
    free(v->slots);
    free(v);
}

/* The slot holding text, or the empty slot where it would go. */
static size_t vocab_slot(const struct vocab *v, const char *text, size_t len,
                         uint64_t hash)
{
    size_t mask = v->nslots - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        unsigned id = v->slots[i];
        if (id == 0)
            return i;
        const struct vocab_word *w = &v->words[id - 1];
        if (w->hash == hash && w->len == len && memcmp(w->text, text, len) == 0)
            return i;
    }
}

static int vocab_rehash(struct vocab *v, size_t nslots)
{
    unsigned *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    free(v->slots);
    v->slots = slots;
    v->nslots = nslots;
    for (size_t i = 0; i < v->count; i++) {
        const struct vocab_word *w = &v->words[i];
        v->slots[vocab_slot(v, w->text, w->len, w->hash)] = (unsigned)(i + 1);
    }
    return 0;
}

unsigned vocab_find(const struct vocab *v, const char *text, size_t len)
{
    if (v->nslots == 0)
        return 0;
    return v->slots[vocab_slot(v, text, len, rng_hash_bytes(text, len))];
}

unsigned vocab_intern(struct vocab *v, const char *text, size_t len)
{
    unsigned id = vocab_find(v, text, len);
    if (id)
        return id;
    if (v->count >= UINT_MAX - 1 || len == SIZE_MAX)
        return 0;
    /* Every allocation happens before the vocabulary changes, so a failure
     * leaves it as it was. */
    if (2 * (v->count + 1) > v->nslots
        && vocab_rehash(v, v->nslots ? 2 * v->nslots : 64) != 0)
        return 0;
    if (v->count == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 32;
        struct vocab_word *words = realloc(v->words, cap * sizeof *words);
        if (!words)
            return 0;
        v->words = words;
        v->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return 0;
    memcpy(copy, text, len);
    copy[len] = '\0';
    uint64_t hash = rng_hash_bytes(text, len);
    v->words[v->count] = (struct vocab_word){ copy, len, hash };
    id = (unsigned)++v->count;
    v->slots[vocab_slot(v, text, len, hash)] = id;
    return id;
}

struct vocab *vocab_clone(const struct vocab *v)
{
    struct vocab *c = vocab_new();
    if (!c)
        return NULL;
    c->words = malloc((v->cap ? v->cap : 1) * sizeof *c->words);
    c->slots = malloc((v->nslots ? v->nslots : 1) * sizeof *c->slots);
    if (!c->words || !c->slots) {
        vocab_free(c);
        return NULL;
    }
    c->cap = v->cap;
    c->nslots = v->nslots;
    if (v->nslots)
        memcpy(c->slots, v->slots, v->nslots * sizeof *c->slots);
    for (; c->count < v->count; c->count++) {
        const struct vocab_word *w = &v->words[c->count];
        char *copy = malloc(w->len + 1);
        if (!copy) {
            vocab_free(c);
            return NULL;
        }
        memcpy(copy, w->text, w->len + 1);
        c->words[c->count] = (struct vocab_word){ copy, w->len, w->hash };
    }
    return c;
}

const char *vocab_text(const struct vocab *v, unsigned id)
{
    if (id == 0 || id > v->count)
        return NULL;
    return v->words[id - 1].text;
}

size_t vocab_count(const struct vocab *v)
{
    return v->count;
}
