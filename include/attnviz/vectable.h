/* vectable.h - a read-only table of word vectors (GloVe, word2vec): word ->
 * float[dim]. It is the embedding source between the :emb overrides and
 * the default generator (embed.h).
 *
 * Built once by appending (src/app/vectors.c reads the file), then only
 * read. There is no allocation per word: the vectors are one float array
 * [count][dim], the words one char array of NUL-terminated strings with an
 * array of their offsets, and the index an open-addressing hash table of
 * word numbers (linear probing, at most half full). So the table holds the
 * vectors plus some 20 to 30 bytes a word (vectable_bytes).
 *
 * A table is shared by reference count, so a session rebuilt by :undo can
 * keep the table it had instead of reading the file again. The references
 * change on the main thread only; the model's threads only read. */
#ifndef ATTNVIZ_VECTABLE_H
#define ATTNVIZ_VECTABLE_H

#include <stdbool.h>
#include <stddef.h>

struct vectable;

/* An empty table of dim-component vectors (dim >= 1), with room for
 * `expect` words (0: unknown; the arenas grow as needed). NULL on OOM. */
struct vectable *vectable_new(size_t dim, size_t expect);
/* Another reference to t; returns t. */
struct vectable *vectable_ref(struct vectable *t);
/* Drops one reference, freeing the table with the last; NULL is allowed. */
void vectable_free(struct vectable *t);

/* Appends word[0..len) (no NUL inside) with v[0..dim). A word already in
 * the table keeps its first vector: *dup is then true and nothing changes.
 * 0, or -1 when out of memory or past 2^32 words or bytes of words (the
 * table is then unchanged). */
int vectable_add(struct vectable *t, const char *word, size_t len, const float *v, bool *dup);
/* Gives the unused room of the arenas back, once the last word is in. */
void vectable_trim(struct vectable *t);

size_t vectable_dim(const struct vectable *t);
size_t vectable_count(const struct vectable *t);
/* The bytes the table holds: vectors, words, offsets and index. */
size_t vectable_bytes(const struct vectable *t);

/* The vector of word, looked up as it is and then, when it has ASCII
 * capitals, in lower case (GloVe's files are lowercase: "The" finds
 * "the"); NULL when neither is in the table or t is NULL. */
const float *vectable_find(const struct vectable *t, const char *word);

/* Copies components [from, min(dim, d)) of word's vector into out[from..]
 * and returns where they end: from when t is NULL, word is not in it or
 * from >= dim. The caller fills out[returned..d) from its default, so a
 * d_model above the file's dimension takes the generator's components past
 * it, and a smaller one the vector's first d. */
size_t vectable_fill(const struct vectable *t, const char *word, float *out, size_t from,
                     size_t d);

#endif
