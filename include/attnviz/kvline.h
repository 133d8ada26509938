/* kvline.h - one line of attnviz's `key = value` files (themes, config).
 *
 * Blanks around keys and values are dropped; a line that is empty or whose
 * first non-blank character is '#' is a comment. Both file kinds read their
 * lines here, so they agree on what a line is and say the same when one is
 * not a `key = value` pair. */
#ifndef ATTNVIZ_KVLINE_H
#define ATTNVIZ_KVLINE_H

#include <stddef.h>

/* Splits line (NUL-terminated; changed in place) into *key and *value.
 * Returns 1 for a pair, 0 for a comment or blank line, -1 with
 *   expected "key = value", got "..."
 * in err when there is no '=' or no key before it. */
int kvline_split(char *line, char **key, char **value, char *err, size_t errlen);

#endif
