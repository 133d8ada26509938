/* xalloc.h - allocation that fails loudly.
 *
 * Running out of memory while editing a session has no useful recovery, and
 * checking every small allocation would bury the logic that matters; so
 * these end the program through av_fatal (the terminal is restored first).
 * Sizes are checked against the limits before anything big is allocated,
 * so an absurd size is an ordinary error, never this. */
#ifndef ATTNVIZ_APP_XALLOC_H
#define ATTNVIZ_APP_XALLOC_H

#include <stddef.h>

void *app_xmalloc(size_t size);
void *app_xcalloc(size_t count, size_t size);
void *app_xrealloc(void *p, size_t size);
char *app_xstrndup(const char *s, size_t len);
char *app_xstrdup(const char *s);

#endif
