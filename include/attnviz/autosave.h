/* autosave.h - a crash-safe copy of the session while the terminal UI runs.
 *
 * The TUI writes the session (as :save would) to
 * $XDG_STATE_HOME/attnviz/autosave-PID.attn whenever it has changed and the
 * program is idle, and removes the file when it ends normally. A file left
 * behind by a process that is gone is one that ended unexpectedly (killed,
 * crashed, the terminal closed): the next start offers it back. */
#ifndef ATTNVIZ_AUTOSAVE_H
#define ATTNVIZ_AUTOSAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/session.h"

/* This process's autosave file. false when there is no state folder. */
bool autosave_path(char *buf, size_t cap);

/* An autosave file of a process that no longer runs, or false. */
bool autosave_orphan(char *buf, size_t cap);

/* Writes doc to path atomically; an enum fsfile_status, with a message in
 * err when not 0. */
int autosave_write(const char *path, const struct session_doc *doc, char *err, size_t errlen);

#endif
