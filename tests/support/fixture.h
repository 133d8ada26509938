/* fixture.h - what the unit tests share around the code under test: a
 * temporary folder made for a test and removed with everything in it,
 * files written into it and read back whole, and an app started from the
 * default config, driven one command line at a time and exported.
 *
 *   static char tmpdir[TEMP_DIR_MAX];
 *   temp_dir_make(tmpdir, "attnviz-test-replay");   (in the setup)
 *   write_file(temp_path(tmpdir, "s.attn"), "I love cats\n");
 *   char *text = read_file(temp_path(tmpdir, "s.attn"), NULL);
 *   temp_dir_remove(tmpdir);                          (in the teardown)
 *
 * The write and read helpers fail the running cmocka test when the file
 * cannot be written or read. */
#ifndef ATTNVIZ_TESTS_FIXTURE_H
#define ATTNVIZ_TESTS_FIXTURE_H

#include <stddef.h>
#include <stdio.h>

#include "attnviz/export.h"

struct app;

/* Room for "/tmp/PREFIX-XXXXXX" with the prefixes the tests use. */
#define TEMP_DIR_MAX 64

/* Makes a fresh folder /tmp/PREFIX-XXXXXX (mkdtemp) and puts its path in
 * dir (TEMP_DIR_MAX bytes). Returns 0, or -1 when it cannot be made. */
int temp_dir_make(char *dir, const char *prefix);

/* Removes dir with everything in it (symbolic links are removed, not
 * followed). Returns 0, or -1 when something could not be removed. */
int temp_dir_remove(const char *dir);

/* "DIR/NAME", in one of four static buffers that are reused in turn, so
 * up to four paths may be used at once. */
const char *temp_path(const char *dir, const char *name);

/* Writes text to path, replacing what was there. */
void write_file(const char *path, const char *text);

/* The whole file, NUL-terminated; its length in *len unless len is NULL.
 * The caller frees. */
char *read_file(const char *path, size_t *len);

/* Everything written so far to f (a tmpfile() the code under test wrote
 * to), NUL-terminated. The caller frees. */
char *stream_text(FILE *f);

/* app_init with app_default_config. Returns 0, or -1 when it failed. */
int app_init_default(struct app *a);

/* A malloc'd app_init_default'd app, or NULL; app_delete frees it
 * (NULL is allowed). */
struct app *app_new_default(void);
void app_delete(struct app *a);

/* The export document of a's model (synced first). */
struct export_doc export_doc_of(struct app *a);

/* export_write of a in fmt, as a NUL-terminated string; the test fails
 * when it cannot be written. The caller frees. */
char *export_string(struct app *a, enum print_format fmt);

/* A cmocka setup and teardown for tests of an app that reads and writes
 * files: the setup makes dir as temp_dir_make does and sets *state to an
 * app_new_default() app; the teardown frees the app and removes dir.
 * Both return 0, or -1 when something failed. */
int app_in_temp_dir_setup(void **state, char *dir, const char *prefix);
int app_in_temp_dir_teardown(void **state, const char *dir);

/* app_run_line, then app_sync: returns the APP_* flags and copies an
 * error's text into err ("" when there is none). */
unsigned try_line(struct app *a, const char *line, size_t len, const char *source,
                  unsigned lineno, char *err, size_t errlen);

/* Runs one command line on a as typed at the prompt and returns its APP_*
 * flags; the test fails with the error message when it is refused. */
unsigned run_line(struct app *a, const char *line);

#endif
