/* kvline.c - one line of a `key = value` file (kvline.h). */
#include "attnviz/kvline.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/quote.h"

static bool kv_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static char *kv_trim(char *s)
{
    while (kv_blank(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && kv_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

int kvline_split(char *line, char **key, char **value, char *err, size_t errlen)
{
    char q[QUOTE_CAP];
    char *s = kv_trim(line);
    if (*s == '\0' || *s == '#')
        return 0;
    char *eq = strchr(s, '=');
    if (!eq || eq == s) {
        if (errlen)
            snprintf(err, errlen, "expected \"key = value\", got %s", quote_str(q, s));
        return -1;
    }
    *eq = '\0';
    *key = kv_trim(s);
    *value = kv_trim(eq + 1);
    return 1;
}
