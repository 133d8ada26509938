/* history.h - the prompt's history file, $XDG_STATE_HOME/attnviz/history
 * (~/.local/state/attnviz/history): one line an entry, read at start and
 * written back atomically at the end (fsfile.h), so a full disk or a crash
 * keeps the old file whole instead of a truncated one. */
#ifndef ATTNVIZ_HISTORY_H
#define ATTNVIZ_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

/* Reads the history file into readline's history (at most HISTORY_MAX
 * entries are kept). false with a message in err when the file exists but
 * cannot be used (a folder, a FIFO, too big); a missing one is fine. */
bool history_open(char *err, size_t errlen);

/* Adds a typed line (not an empty one, nor a repeat of the last). */
void history_add(const char *line);

/* Writes the history back and forgets it. false with a message in err when
 * the file could not be written (the old one is kept). */
bool history_close(char *err, size_t errlen);

#endif
