#include "fixture.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attnviz/app.h"

int temp_dir_make(char *dir, const char *prefix)
{
    int n = snprintf(dir, TEMP_DIR_MAX, "/tmp/%s-XXXXXX", prefix);
    if (n < 0 || n >= TEMP_DIR_MAX)
        return -1;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int temp_dir_remove(const char *dir)
{
    return nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

const char *temp_path(const char *dir, const char *name)
{
    static char path[4][256];
    static int next;
    char *p = path[next++ % 4];
    int n = snprintf(p, sizeof path[0], "%s/%s", dir, name);
    assert_true(n >= 0 && (size_t)n < sizeof path[0]);
    return p;
}

void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot write %s", path);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *stream_text(FILE *f)
{
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len >= 0);
    rewind(f);
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)len, f);
    buf[got] = '\0';
    return buf;
}

int app_init_default(struct app *a)
{
    struct model_config cfg;
    char err[256];
    command_default_config(&cfg);
    return app_init(a, &cfg, err, sizeof err) == 0 ? 0 : -1;
}

struct app *app_new_default(void)
{
    struct app *a = malloc(sizeof *a);
    if (a && app_init_default(a) != 0) {
        free(a);
        return NULL;
    }
    return a;
}

void app_delete(struct app *a)
{
    if (!a)
        return;
    app_free(a);
    free(a);
}

int app_in_temp_dir_setup(void **state, char *dir, const char *prefix)
{
    if (temp_dir_make(dir, prefix) != 0)
        return -1;
    *state = app_new_default();
    return *state ? 0 : -1;
}

int app_in_temp_dir_teardown(void **state, const char *dir)
{
    app_delete(*state);
    return temp_dir_remove(dir);
}

unsigned try_line(struct app *a, const char *line, size_t len, const char *source,
                  unsigned lineno, char *err, size_t errlen)
{
    static struct app_result r;
    app_run_line(a, line, len, source, lineno, &r);
    app_sync(a);
    if (errlen) {
        const char *text = (r.flags & APP_ERROR) ? r.text : "";
        size_t n = strnlen(text, errlen - 1);
        memcpy(err, text, n);
        err[n] = '\0';
    }
    return r.flags;
}

unsigned run_line(struct app *a, const char *line)
{
    char err[1024] = "";
    unsigned f = try_line(a, line, strlen(line), NULL, 0, err, sizeof err);
    if (f & APP_ERROR)
        fail_msg("\"%s\" failed: %s", line, err);
    return f;
}

struct export_doc export_doc_of(struct app *a)
{
    app_sync(a);
    const struct app_tokens *t = app_shown(a);
    return (struct export_doc){ .m = &a->model, .tokens = (const char *const *)t->text,
                                .ids = t->ids, .sentence = a->s.sentence };
}

char *export_string(struct app *a, enum print_format fmt)
{
    struct export_doc doc = export_doc_of(a);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(export_write(f, &doc, fmt), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}
