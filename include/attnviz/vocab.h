/* vocab.h - token text <-> id, ids by first appearance starting at 1.
 *
 * The vocabulary lives for the whole session, so a word keeps its id across
 * sentences. It only grows. */
#ifndef ATTNVIZ_VOCAB_H
#define ATTNVIZ_VOCAB_H

#include <stddef.h>

struct vocab;

struct vocab *vocab_new(void);
void vocab_free(struct vocab *v);
/* A deep copy (used so a failed command can be rolled back); NULL on OOM. */
struct vocab *vocab_clone(const struct vocab *v);

/* The id of text[0..len), adding it when new. Returns 0 on out-of-memory. */
unsigned vocab_intern(struct vocab *v, const char *text, size_t len);
/* The id of text, or 0 when it has none. Never adds. */
unsigned vocab_find(const struct vocab *v, const char *text, size_t len);
/* NUL-terminated text of id (1..vocab_count), or NULL. */
const char *vocab_text(const struct vocab *v, unsigned id);
size_t vocab_count(const struct vocab *v);

#endif
