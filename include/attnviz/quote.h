/* quote.h - user text inside a message: quoted, control bytes escaped so a
 * message never drives the terminal, and cut short.
 *
 * Every message that repeats what a user or a file wrote (a command line, a
 * config value, a theme key) shows it through quote_user, so all of them
 * look alike: "x", "\x1B[31m", "0123…", or nothing for an empty value. */
#ifndef ATTNVIZ_QUOTE_H
#define ATTNVIZ_QUOTE_H

#include <stddef.h>

#define QUOTE_MAX 48u                       /* bytes of the text kept */
#define QUOTE_CAP (QUOTE_MAX * 4 + 8)       /* room for the result */

/* s[0..len) as "…" in buf; the word nothing when len is 0. Returns buf (or
 * the literal "nothing"). A cut falls on a character boundary and ends
 * with "…". */
const char *quote_user(char buf[QUOTE_CAP], const char *s, size_t len);

/* quote_user of a NUL-terminated string. */
const char *quote_str(char buf[QUOTE_CAP], const char *s);

#endif
