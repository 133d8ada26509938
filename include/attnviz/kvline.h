/* kvline.h - one line of attnviz's `key = value` files (themes, config).
 *
 * Blanks around keys and values are dropped; a line that is empty or whose
 * first non-blank character is '#' is a comment. Both file kinds read their
 * lines here, so they agree on what a line is and say the same when one is
 * not a `key = value` pair. */
#ifndef ATTNVIZ_KVLINE_H
#define ATTNVIZ_KVLINE_H

#include <stddef.h>

#define KVLINE_QUOTE_MAX 40u
#define KVLINE_QUOTE_CAP (KVLINE_QUOTE_MAX + 8)

/* Splits line (NUL-terminated; changed in place) into *key and *value.
 * Returns 1 for a pair, 0 for a comment or blank line, -1 with
 *   expected "key = value", got "..."
 * in err when there is no '=' or no key before it. */
int kvline_split(char *line, char **key, char **value, char *err, size_t errlen);

/* Quotes s for a message: control bytes shown as '?' (a message never drives
 * the terminal), cut at a character boundary after KVLINE_QUOTE_MAX bytes. */
const char *kvline_quote(char buf[KVLINE_QUOTE_CAP], const char *s);

#endif
