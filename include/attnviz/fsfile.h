/* fsfile.h - how attnviz reads and writes files: every file the program
 * reads or writes goes through here, so each rule holds everywhere.
 *
 * Reading: a file is checked by type before it is opened for reading (a
 * FIFO would block, a device could feed bytes forever) and has a size limit
 * that the message states.
 *
 * Writing is atomic: a temporary file in the target's folder, written,
 * flushed and fsync'ed, renamed over the target, then the folder synced; a
 * crash, a full disk or a file-size limit leaves the old file and no
 * temporary file behind. A target that exists and is not a regular file (a
 * device, a FIFO, a folder) is refused, saying what it is; a symbolic link
 * to a file is written through (the link stays), a dangling one refused.
 * A replaced file keeps its permissions. */
#ifndef ATTNVIZ_FSFILE_H
#define ATTNVIZ_FSFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* "a folder", "a FIFO", "a character device", ... for a st_mode. */
const char *fsfile_kind(mode_t mode);

/* Opens path for reading when it is a regular file of at most max_bytes
 * (what names the file in the message: "a session file"). Returns the file
 * descriptor (blocking, close-on-exec), or -1 with a message in err:
 *   cannot open "x": No such file or directory
 *   "x" is a FIFO, not a regular file
 *   "x" is 70 MiB; the limit for a session file is 64 MiB */
int fsfile_open_regular(const char *path, uint64_t max_bytes, const char *what,
                        char *err, size_t errlen);

/* The whole of a regular file of at most max_bytes, NUL-terminated (*len
 * without the NUL). 1 and *text (the caller frees); 0 when the file does
 * not exist; -1 with a message in err. */
int fsfile_read_all(const char *path, uint64_t max_bytes, const char *what,
                    char **text, size_t *len, char *err, size_t errlen);

/* Writes the file's contents; 0, or -1 with errno set. */
typedef int (*fsfile_writer)(FILE *f, void *ctx);

/* Decides whether an existing regular file may be replaced (the first
 * bytes of it are in head); 0 to go on, or -1 with a message in err. */
typedef int (*fsfile_guard)(const char *path, const char *head, size_t len,
                            void *ctx, char *err, size_t errlen);

/* What fsfile_write_atomic returns. A refusal is the program's own
 * decision about the target; a failure is the system's (a full disk, a
 * file-size limit, a folder it may not write), which batch mode reports
 * as output that could not be written (exit status 74). */
enum fsfile_status {
    FSFILE_WRITTEN = 0,
    FSFILE_REFUSED = -1,   /* not a regular file, a dangling link, a path that cannot
                              be looked up, or the guard said no */
    FSFILE_FAILED = -2,    /* the file could not be written */
};

/* Writes path atomically through write. who starts every message
 * (":save cannot write "x": No space left on device"). guard, when not
 * NULL (the caller's command without "!"), sees the first bytes of an
 * existing target first, and a target with no write permission at all is
 * refused ("...; :save! overwrites it"). An enum
 * fsfile_status, with a message in err when not FSFILE_WRITTEN; on failure
 * path is as it was, but for one: the file was renamed into place and its
 * folder could not be synced (FSFILE_FAILED, "wrote ... but cannot sync
 * its folder"), when the new file is there and may not survive a crash. */
int fsfile_write_atomic(const char *path, const char *who, fsfile_writer write,
                        fsfile_guard guard, void *ctx, char *err, size_t errlen);

/* mkdir -p of the folder part of path (mode 0700 for what it makes). */
bool fsfile_make_parents(const char *path);

/* ---- XDG base directories ---- */

enum xdg_kind { XDG_CONFIG, XDG_STATE };

/* attnviz's folder of that kind: "$XDG_CONFIG_HOME/attnviz" (when it is an
 * absolute path, as the spec asks) or "$HOME/.config/attnviz"; likewise
 * XDG_STATE_HOME and ~/.local/state. leaf, when not NULL, is appended after
 * a '/'. false when neither variable helps or the path does not fit. */
bool xdg_path(enum xdg_kind kind, const char *leaf, char *buf, size_t cap);

#endif
