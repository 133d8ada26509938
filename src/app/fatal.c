/* fatal.c - see fatal.h. */
#include "attnviz/fatal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "attnviz/exitcode.h"

static void (*restore_hook)(void);

void av_fatal_on_exit(void (*restore)(void))
{
    restore_hook = restore;
}

_Noreturn void av_fatal(const char *fmt, ...)
{
    void (*restore)(void) = restore_hook;
    restore_hook = NULL;          /* a failure inside the hook must not loop */
    if (restore)
        restore();
    va_list ap;
    va_start(ap, fmt);
    fputs("attnviz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(AV_EXIT_FATAL);
}
