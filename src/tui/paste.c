/* paste.c - pasted text for the prompt (paste.h). */
#include "attnviz/paste.h"

#include <stdbool.h>

enum { ESC = 0x1b, BEL = 0x07 };

/* The end of the escape sequence that starts at s[i] (an ESC): the index
 * just past it, or len when it runs off the end. */
static size_t sequence_end(const char *s, size_t i, size_t len)
{
    if (i + 1 >= len)
        return len;
    char kind = s[i + 1];
    size_t j = i + 2;
    if (kind == '[') {
        /* parameter and intermediate bytes, then one final byte */
        while (j < len && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x40)
            j++;
        return j < len ? j + 1 : len;
    }
    if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
        /* a string: to ST (ESC \), or BEL for an OSC */
        for (; j < len; j++) {
            if (kind == ']' && s[j] == BEL)
                return j + 1;
            if (s[j] == ESC && j + 1 < len && s[j + 1] == '\\')
                return j + 2;
        }
        return len;
    }
    return i + 2;   /* ESC and one more byte */
}

size_t paste_clean(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ESC) {
            i = sequence_end(s, i, len);
            continue;
        }
        if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
            i++;                      /* CRLF is one break */
        if (c == '\n' || c == '\r' || c == '\t')
            s[o++] = ' ';
        else if (c >= 0x20 && c != 0x7f)
            s[o++] = (char)c;
        i++;
    }
    return o;
}
