/* fuzz_tokenizer.c - libFuzzer: the tokenizer and utf8_valid against the
 * rules of tokenizer.h, checked here from scratch:
 *   - utf8_valid agrees with a decoder written out here (RFC 3629: no
 *     overlong form, no surrogate, nothing above U+10FFFF, no truncated
 *     sequence), and *where is the first bad sequence;
 *   - invalid UTF-8 is TOKENIZE_BAD_UTF8 with that offset, before any split;
 *   - otherwise the spans are in order, do not overlap, hold no blank, are
 *     each one ASCII punctuation byte or a run without any, cut no UTF-8
 *     sequence, and with the blanks cover the text;
 *   - with a cap of max tokens: TOKENIZE_TOO_MANY exactly when there are
 *     more, count = max and *where at the first token not written.
 * The first byte picks the cap (0..15, or AV_MAX_TOKENS); the rest is the
 * text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/limits.h"
#include "attnviz/tokenizer.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes of the valid sequence at s, or 0: by decoding the code point. */
static size_t ref_seq(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp, min;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) {
        n = 2; cp = c & 0x1Fu; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3; cp = c & 0x0Fu; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4; cp = c & 0x07u; min = 0x10000;
    } else
        return 0;
    /* a truncated sequence is bad where it starts */
    for (size_t i = 1; i < n; i++) {
        if (i >= len || (s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int is_punct(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')
           && !(c >= 'A' && c <= 'Z');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t max = data[0] < 240 ? data[0] % 16u : AV_MAX_TOKENS;
    const char *text = (const char *)data + 1;
    const unsigned char *u = data + 1;
    size_t len = size - 1;

    size_t bad = SIZE_MAX;
    for (size_t i = 0; i < len;) {
        size_t n = ref_seq(u + i, len - i);
        if (n == 0) {
            bad = i;
            break;
        }
        i += n;
    }
    size_t where = SIZE_MAX;
    int valid = utf8_valid(text, len, &where);
    if (valid != (bad == SIZE_MAX) || (!valid && where != bad))
        fuzz_fail("utf8_valid: %d at %zu, the reference: bad at %zu", valid, where, bad);

    struct token_span *out = malloc((max ? max : 1) * sizeof *out);
    size_t count = 0;
    where = SIZE_MAX;
    enum tokenize_status st = tokenize(text, len, out, max, &count, &where);
    if (!valid) {
        if (st != TOKENIZE_BAD_UTF8 || where != bad || count != 0)
            fuzz_fail("invalid UTF-8 at %zu: status %d, where %zu", bad, (int)st, where);
        free(out);
        return 0;
    }
    if (st == TOKENIZE_BAD_UTF8)
        fuzz_fail("valid UTF-8 reported bad at %zu", where);
    if (count > max)
        fuzz_fail("%zu spans for a cap of %zu", count, max);
    /* walk the text: every byte is a blank or inside the next span */
    size_t pos = 0, k = 0;
    for (; k < count; k++) {
        const struct token_span *t = &out[k];
        if (t->start < pos || t->len == 0 || t->start + t->len > len)
            fuzz_fail("span %zu (%zu, %zu) out of order or place", k, t->start, t->len);
        for (; pos < t->start; pos++)
            if (!is_space(u[pos]))
                fuzz_fail("byte %zu (0x%02x) is in no span", pos, u[pos]);
        if (is_punct(u[t->start]) ? t->len != 1 : 0)
            fuzz_fail("punctuation in a span of %zu bytes at %zu", t->len, t->start);
        for (size_t i = t->start; i < t->start + t->len; i++)
            if (is_space(u[i]) || (t->len > 1 && is_punct(u[i])))
                fuzz_fail("span %zu holds 0x%02x at %zu", k, u[i], i);
        if (!utf8_valid(text + t->start, t->len, NULL))
            fuzz_fail("span %zu cuts a UTF-8 sequence", k);
        /* a run ends at a blank, punctuation or the end */
        size_t e = t->start + t->len;
        if (!is_punct(u[t->start]) && e < len && !is_space(u[e]) && !is_punct(u[e]))
            fuzz_fail("span %zu stops inside a word at %zu", k, e);
        pos = e;
    }
    while (pos < len && is_space(u[pos]))
        pos++;
    if (st == TOKENIZE_OK && pos != len)
        fuzz_fail("byte %zu is in no span", pos);
    if (st == TOKENIZE_TOO_MANY && (count != max || pos == len || where != pos))
        fuzz_fail("too many: count %zu, cap %zu, where %zu, next token at %zu", count, max,
                  where, pos);
    free(out);
    return 0;
}
