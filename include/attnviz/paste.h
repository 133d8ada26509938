/* paste.h - pasted text made into text for the prompt's one line.
 *
 * A paste is text, never keys: its line breaks and tabs become blanks, and
 * terminal control sequences inside it (CSI "ESC [ ... final", OSC "ESC ]
 * ... BEL or ESC \", DCS, SOS, PM and APC "... ESC \", and any other
 * "ESC x") are dropped whole, as are other control bytes; nothing else is
 * lost. Pure. */
#ifndef ATTNVIZ_PASTE_H
#define ATTNVIZ_PASTE_H

#include <stddef.h>

/* Cleans s[0..len) in place and returns the new length. */
size_t paste_clean(char *s, size_t len);

#endif
