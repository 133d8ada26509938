/* quote.c - see quote.h. */
#include "attnviz/quote.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/xalloc.h"

int quote_is_control(const char *s, size_t len, size_t *n)
{
    unsigned char c = (unsigned char)s[0];
    /* C0 controls, DEL, and the C1 controls U+0080..U+009F (U+009B is a
     * CSI to many terminals) */
    if (c == 0xC2 && len > 1 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F) {
        *n = 2;
        return 1;
    }
    *n = 1;
    return c < 0x20 || c == 0x7F;
}

size_t quote_char(const char *s, size_t len, char out[QUOTE_CHAR_CAP])
{
    unsigned char c = (unsigned char)s[0];
    size_t n;
    if (!quote_is_control(s, len, &n)) {
        out[0] = (char)c;
        out[1] = '\0';
    } else if (n == 2) {
        snprintf(out, QUOTE_CHAR_CAP, "\\xC2\\x%02X", (unsigned char)s[1]);
    } else {
        snprintf(out, QUOTE_CHAR_CAP, "\\x%02X", c);
    }
    return n;
}

void quote_write(FILE *f, const char *s)
{
    char esc[QUOTE_CHAR_CAP];
    for (size_t len = strlen(s), i = 0; i < len;) {
        i += quote_char(s + i, len - i, esc);
        fputs(esc, f);
    }
}

char *quote_dup(const char *s)
{
    /* at most 4 bytes out for each byte in: \x01, \xC2\x9B */
    size_t len = strlen(s), o = 0;
    char *out = app_xmalloc(4 * len + 1), esc[QUOTE_CHAR_CAP];
    for (size_t i = 0; i < len;) {
        i += quote_char(s + i, len - i, esc);
        size_t k = strlen(esc);
        memcpy(out + o, esc, k);
        o += k;
    }
    out[o] = '\0';
    return out;
}

const char *quote_user(char buf[QUOTE_CAP], const char *s, size_t len)
{
    if (len == 0)
        return "nothing";
    size_t cut = len;
    if (cut > QUOTE_MAX) {
        cut = QUOTE_MAX;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    size_t o = 0;
    buf[o++] = '"';
    char esc[QUOTE_CHAR_CAP];
    for (size_t i = 0; i < cut;) {
        i += quote_char(s + i, cut - i, esc);
        size_t n = strlen(esc);
        memcpy(buf + o, esc, n);
        o += n;
    }
    if (cut < len)
        o += (size_t)snprintf(buf + o, 4, "%s", "\xE2\x80\xA6");   /* … */
    buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}

const char *quote_str(char buf[QUOTE_CAP], const char *s)
{
    return quote_user(buf, s, strlen(s));
}
