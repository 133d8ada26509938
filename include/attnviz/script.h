/* script.h - the one reader of session scripts: :load, --batch and
 * --replay / :replay read their lines here.
 *
 * A script is a regular file (its type is checked before it is opened for
 * reading, so a FIFO cannot block and /dev/zero cannot feed lines forever),
 * or standard input for batch mode. Lines are bounded (AV_MAX_LINE), a
 * UTF-8 byte-order mark is skipped wherever a line starts with one (files
 * joined with cat keep theirs), a "\r\n" ending is a line end, and a NUL
 * byte stops the reading: that is binary data, not a script. Every message
 * starts with "FILE:LINE: ". */
#ifndef ATTNVIZ_SCRIPT_H
#define ATTNVIZ_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "attnviz/command.h"

/* ---- line by line (batch mode streams its input) ---- */

struct script_reader;

enum script_read {
    SCRIPT_LINE,       /* *line, *len hold the next line (without its line end) */
    SCRIPT_BAD_LINE,   /* a line over the limit: err says so; reading goes on */
    SCRIPT_END,        /* no more lines */
    SCRIPT_FAIL,       /* binary data or a read error: err says so; stop */
};

/* Opens path, or reads stream (standard input) under the name path when
 * stream is not NULL. NULL with a message in err when path is not a
 * regular file or cannot be opened. */
struct script_reader *script_reader_open(const char *path, FILE *stream,
                                         char *err, size_t errlen);
enum script_read script_reader_next(struct script_reader *r, const char **line,
                                    size_t *len, unsigned *lineno,
                                    char *err, size_t errlen);
void script_reader_close(struct script_reader *r);
/* The identity (device, inode) of what r reads: :load cycles. */
void script_reader_identity(const struct script_reader *r, unsigned long long *dev,
                            unsigned long long *ino);

/* ---- a whole script (:load and replay) ---- */

/* One line that is not blank and not a comment. */
struct script_line {
    unsigned lineno;          /* from 1 */
    char *text;               /* the line, trimmed */
    struct command cmd;       /* parsed; CMD_EMPTY when error is set */
    char *error;              /* "FILE:LINE: message" of a bad line, or NULL */
};

/* A step of a replay: one line, or a run of :note lines on consecutive
 * lines (one paragraph); the first step also holds the setup lines at the
 * top of the script (settings before the first sentence or note). */
struct script_step {
    size_t first, count;      /* lines[first .. first + count) */
    size_t setup;             /* of which the first `setup` are setup lines */
};

struct script {
    char *path;
    unsigned long long dev, ino;   /* the file's identity: :load cycles */
    struct script_line *lines;
    size_t n_lines;
    size_t bad;                    /* lines with an error */
    struct script_step *steps;
    size_t n_steps;
};

/* Reads and parses the whole file (at most AV_MAX_SCRIPT_BYTES). NULL with
 * a message in err when it cannot be read at all; a file with bad lines is
 * returned with their errors. */
struct script *script_load(const char *path, char *err, size_t errlen);
void script_free(struct script *s);

/* The paragraph of a step of :note lines (their texts joined by blanks;
 * setup lines before them aside), or NULL for a step that is not one. The
 * caller frees. */
char *script_step_note(const struct script *s, size_t step);

#endif
