/* util.h - what the libFuzzer targets share.
 *
 * A target that reads or writes files does it inside one private folder,
 * made on first use under $TMPDIR (tests/fuzz/run.sh points it at a folder
 * of its own): the process's working directory, HOME, XDG_CONFIG_HOME and
 * XDG_STATE_HOME all point into it, so a relative name, "~" and the user's
 * config, themes and history all land there, and it is removed at exit.
 * The session-language lines a target runs go through fuzz_safe_script
 * first, which keeps every file name a command takes inside that folder. */
#ifndef ATTNVIZ_FUZZ_UTIL_H
#define ATTNVIZ_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Prints the message to stderr and aborts: a broken property is a crash. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The private folder, made (and entered) on the first call: a target
 * that calls it must be given absolute paths (its corpus folders,
 * -artifact_prefix), since libFuzzer reads the seeds after the first run. */
const char *fuzz_dir(void);

/* fuzz_dir, emptied: a target whose lines write files starts each input
 * there, so that an input does not read what an earlier one saved (a
 * session saved and :loaded input after input grew without end, and a
 * crash file would not reproduce alone). */
const char *fuzz_dir_fresh(void);

/* "DIR/NAME" in a static buffer (one of two, used in turn). */
const char *fuzz_path(const char *name);

/* Writes data[0..size) to fuzz_path(name), replacing it; returns that
 * path. */
const char *fuzz_write(const char *name, const void *data, size_t size);

/* The whole file at path (malloc'd, NUL-terminated, *len without the
 * NUL), or NULL when it cannot be read. */
char *fuzz_read(const char *path, size_t *len);

/* Whether a session-language line may run in a fuzz target: a command
 * that names a file (:save, :wq, :load, :open, :vectors, ...) only with a
 * plain name (no '/', no leading '~', not "." or ".."), which resolves
 * inside the private folder, and :save and :wq only when writes is true;
 * no :dim above 64, which only makes every run slow (the limits have unit
 * tests). A line that does not parse is kept: it runs nothing. */
int fuzz_line_safe(const char *line, size_t len, int writes);

/* data[0..size) as a script whose unsafe lines (fuzz_line_safe, after the
 * byte-order mark, the "\r" and the blanks the script reader drops) are
 * "#" comments instead, so every line keeps its number. Bytes from the
 * first NUL on are kept as they are: the reader stops there and runs
 * nothing of the file. malloc'd; *len is its length. */
char *fuzz_safe_script(const uint8_t *data, size_t size, int writes, size_t *len);

#endif
