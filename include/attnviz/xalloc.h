/* xalloc.h - allocation for src/app that fails loudly.
 *
 * Running out of memory while editing a session has no useful recovery, and
 * checking every small allocation would bury the rollback logic that matters;
 * so these print one line and exit. The model arena, the one big allocation,
 * is not made here: model_forward reports it as an ordinary error. */
#ifndef ATTNVIZ_APP_XALLOC_H
#define ATTNVIZ_APP_XALLOC_H

#include <stddef.h>

void *app_xmalloc(size_t size);
void *app_xcalloc(size_t count, size_t size);
void *app_xrealloc(void *p, size_t size);
char *app_xstrndup(const char *s, size_t len);
char *app_xstrdup(const char *s);
/* Exits with a message; for the "cannot happen unless memory ran out" paths. */
_Noreturn void app_die(const char *what);

#endif
