/* tokenizer.c - whitespace split, ASCII punctuation alone, UTF-8 whole.
 *
 * The character classes are spelled out rather than taken from <ctype.h>,
 * whose answers depend on the current locale (the TUI sets one). */
#include "attnviz/tokenizer.h"

#include <stdbool.h>
#include <string.h>

/* isspace in the C locale. */
static bool tok_is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ispunct in the C locale: printable ASCII that is neither a letter, a digit
 * nor a space. */
static bool tok_is_punct(unsigned char c)
{
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40)
        || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

/* Length of the valid UTF-8 sequence at s[0..len), or 0 when it is invalid
 * (RFC 3629: the second byte's range rules out overlongs, surrogates and
 * code points above U+10FFFF). */
static size_t utf8_seq_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;    /* allowed range of the 2nd byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;                     /* overlong below U+0800 */
        else if (c == 0xED)
            hi = 0x9F;                     /* surrogates U+D800..U+DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;                     /* overlong below U+10000 */
        else if (c == 0xF4)
            hi = 0x8F;                     /* above U+10FFFF */
    } else
        return 0;                          /* continuation, C0/C1, F5..FF */
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

size_t utf8_bom_len(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

int utf8_valid(const char *s, size_t len, size_t *where)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq_len(p + i, len - i);
        if (n == 0) {
            if (where)
                *where = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

enum tokenize_status tokenize(const char *text, size_t len,
                              struct token_span *out, size_t max,
                              size_t *count, size_t *where)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = 0;
    *count = 0;
    if (!utf8_valid(text, len, where))
        return TOKENIZE_BAD_UTF8;
    for (size_t i = 0; i < len;) {
        if (tok_is_space(p[i])) {
            i++;
            continue;
        }
        size_t end = i + 1;
        if (!tok_is_punct(p[i]))
            while (end < len && !tok_is_space(p[end]) && !tok_is_punct(p[end]))
                end++;
        if (n == max) {
            *count = n;
            if (where)
                *where = i;
            return TOKENIZE_TOO_MANY;
        }
        out[n++] = (struct token_span){ i, end - i };
        i = end;
    }
    *count = n;
    return TOKENIZE_OK;
}
