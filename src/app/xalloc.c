/* xalloc.c - see xalloc.h. */
#include "attnviz/xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "attnviz/fatal.h"

static void *xalloc_check(void *p)
{
    if (!p)
        av_fatal("out of memory");
    return p;
}

void *app_xmalloc(size_t size)
{
    return xalloc_check(malloc(size ? size : 1));
}

void *app_xcalloc(size_t count, size_t size)
{
    return xalloc_check(calloc(count ? count : 1, size ? size : 1));
}

void *app_xrealloc(void *p, size_t size)
{
    return xalloc_check(realloc(p, size ? size : 1));
}

char *app_xstrndup(const char *s, size_t len)
{
    char *d = app_xmalloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *app_xstrdup(const char *s)
{
    return app_xstrndup(s, strlen(s));
}
