/* errmsg.h - the one way src/app writes a one-line error message into a
 * caller's (err, errlen) buffer. */
#ifndef ATTNVIZ_ERRMSG_H
#define ATTNVIZ_ERRMSG_H

#include <stddef.h>

/* Formats into err (nothing when errlen is 0) and returns -1, so a parser
 * can write `return errmsg_set(err, errlen, "...", ...);`. */
int errmsg_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
