/* quote.h - user text inside a message: quoted, control bytes escaped so a
 * message never drives the terminal, and cut short.
 *
 * Every message that repeats what a user or a file wrote (a command line, a
 * config value, a theme key) shows it through quote_user, so all of them
 * look alike: "x", "\x1B[31m", "0123…", or nothing for an empty value. */
#ifndef ATTNVIZ_QUOTE_H
#define ATTNVIZ_QUOTE_H

#include <stddef.h>
#include <stdio.h>

#define QUOTE_MAX 48u                       /* bytes of the text kept */
#define QUOTE_CAP (QUOTE_MAX * 4 + 8)       /* room for the result */
#define QUOTE_CHAR_CAP 12u                  /* room for one escaped character */

/* The one escape of every output the program writes: the character at
 * s[0] (len > 0 bytes left) as it is, or a C0 control, DEL or a C1 control
 * (U+0080..U+009F) as \xNN (C1: \xC2\xNN), in out. Returns the bytes of s
 * it took. */
size_t quote_char(const char *s, size_t len, char out[QUOTE_CHAR_CAP]);

/* s written to f with quote_char's escapes (no quotes added): notes and
 * messages on standard error. */
void quote_write(FILE *f, const char *s);

/* A malloc'd copy of s with quote_char's escapes: CSV fields (the CSV
 * writers quote the result as RFC 4180 asks). The caller frees. */
char *quote_dup(const char *s);

/* Whether s[0] (len > 0 bytes left) starts a control character as
 * quote_char escapes them; *n is then its bytes (1, or 2 for a C1). For
 * writers that replace one rather than escape it (text labels, XML). */
int quote_is_control(const char *s, size_t len, size_t *n);

/* s[0..len) as "…" in buf; the word nothing when len is 0. Returns buf (or
 * the literal "nothing"). A cut falls on a character boundary and ends
 * with "…". */
const char *quote_user(char buf[QUOTE_CAP], const char *s, size_t len);

/* quote_user of a NUL-terminated string. */
const char *quote_str(char buf[QUOTE_CAP], const char *s);

#endif
