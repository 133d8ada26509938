/* quote.c - see quote.h. */
#include "attnviz/quote.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
    for (size_t i = 0; i < cut; i++) {
        unsigned char c = (unsigned char)s[i];
        /* C0 controls, DEL, and the C1 controls U+0080..U+009F (U+009B is
         * a CSI to many terminals) */
        bool c1 = c == 0xC2 && i + 1 < cut && (unsigned char)s[i + 1] >= 0x80
                  && (unsigned char)s[i + 1] <= 0x9F;
        if (c1) {
            o += (size_t)snprintf(buf + o, 9, "\\xC2\\x%02X", (unsigned char)s[++i]);
        } else if (c < 0x20 || c == 0x7F)
            o += (size_t)snprintf(buf + o, 5, "\\x%02X", c);
        else
            buf[o++] = (char)c;
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
