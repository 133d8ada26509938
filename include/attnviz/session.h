/* session.h - session files: what :save writes and how it writes it.
 *
 * A session file is a session-language script that stands alone:
 *
 *   # attnviz session v1
 *   # attnviz 0.1.0
 *   # saved 2024-05-01T12:00:00Z
 *   :dim 16                 the starting config, where it is not the default
 *   I love cats             then the log: every state change, in order
 *   :select 2 1
 *
 * The first line marks the file as a session: :save overwrites only such a
 * file (or a missing or empty one) unless forced (:save!). Saving is atomic
 * (fsfile.h). */
#ifndef ATTNVIZ_SESSION_H
#define ATTNVIZ_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "attnviz/model.h"

/* What the first line of every session file starts with. */
#define SESSION_MAGIC "# attnviz session"

/* The time a save records: $SOURCE_DATE_EPOCH when it holds a number of
 * seconds (so a saved tour is reproducible byte for byte), else now. */
time_t session_time(void);

/* What a session file holds: the config it started from and its log. */
struct session_doc {
    const struct model_config *start;
    char *const *log;
    size_t log_len;
    time_t when;               /* the "# saved" line */
};

/* Writes the session as a script to f. 0, or -1 when writing failed
 * (errno set). */
int session_write(FILE *f, const struct session_doc *doc);

/* Saves to path atomically. Refuses to replace an existing file whose first
 * line does not start with SESSION_MAGIC unless force. Returns an enum
 * fsfile_status, with a one-line message in err when not 0 (":save cannot
 * write "x": No space left on device"); on failure path is as it was. who is ":save" or ":save!". */
int session_save(const struct session_doc *doc, const char *path, bool force,
                 const char *who, char *err, size_t errlen);

#endif
