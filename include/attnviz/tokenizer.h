/* tokenizer.h - splits a sentence into tokens.
 *
 * Rules: whitespace separates tokens; every ASCII
 * punctuation character (ispunct in the C locale) is a token of its own;
 * case is kept; a multi-byte UTF-8 sequence is never split. Invalid UTF-8 is
 * an error, reported with its byte offset. */
#ifndef ATTNVIZ_TOKENIZER_H
#define ATTNVIZ_TOKENIZER_H

#include <stddef.h>

struct token_span {
    size_t start;  /* byte offset into the text */
    size_t len;    /* bytes */
};

enum tokenize_status {
    TOKENIZE_OK = 0,
    TOKENIZE_BAD_UTF8,   /* *where = byte offset where the invalid sequence
                            starts (checked before any split) */
    TOKENIZE_TOO_MANY,   /* more than max tokens; *where = offset of token max+1 */
};

/* Tokenizes text[0..len). Writes at most max spans to out and the count to
 * *count (on TOKENIZE_TOO_MANY, *count is the number of tokens found so far,
 * i.e. max + 1 is not written). out may be NULL when max is 0 (counting only
 * is then pointless; callers pass a buffer of AV_MAX_TOKENS). */
enum tokenize_status tokenize(const char *text, size_t len,
                              struct token_span *out, size_t max,
                              size_t *count, size_t *where);

/* Returns 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF, no truncated sequence), else 0 and in *where (may
 * be NULL) the offset of the first byte of the first invalid sequence. */
int utf8_valid(const char *s, size_t len, size_t *where);

/* The bytes of a UTF-8 byte order mark (some editors write one) at the
 * start of s[0..len): 3, or 0 when there is none. */
size_t utf8_bom_len(const char *s, size_t len);

#endif
