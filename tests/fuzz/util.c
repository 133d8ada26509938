/* util.c - what the libFuzzer targets share (util.h). */
#define _GNU_SOURCE 1
#include "util.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/command.h"

static char dir[PATH_MAX];

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_dir(void)
{
    /* FTW_PHYS: a link the target made is removed, never followed. */
    if (dir[0])
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int remove_inside(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return ftw->level == 0 ? 0 : remove_one(path, st, flag, ftw);
}

const char *fuzz_dir_fresh(void)
{
    const char *d = fuzz_dir();
    nftw(d, remove_inside, 16, FTW_DEPTH | FTW_PHYS);
    return d;
}

const char *fuzz_dir(void)
{
    if (dir[0])
        return dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/attnviz-fuzz-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
    if (!mkdtemp(dir))
        fuzz_fail("cannot make a folder in %s: %s", tmp ? tmp : "/tmp", strerror(errno));
    if (chdir(dir) != 0)
        fuzz_fail("cannot enter %s: %s", dir, strerror(errno));
    atexit(remove_dir);
    setenv("HOME", dir, 1);
    setenv("XDG_CONFIG_HOME", fuzz_path("config"), 1);
    setenv("XDG_STATE_HOME", fuzz_path("state"), 1);
    return dir;
}

const char *fuzz_path(const char *name)
{
    static char buf[2][PATH_MAX + 64];
    static int next;
    char *b = buf[next];
    next ^= 1;
    snprintf(b, sizeof buf[0], "%s/%s", fuzz_dir(), name);
    return b;
}

const char *fuzz_write(const char *name, const void *data, size_t size)
{
    const char *path = fuzz_path(name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        fuzz_fail("cannot write %s: %s", path, strerror(errno));
    return path;
}

char *fuzz_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *text = malloc(cap + 1);
    while (text && (got = fread(text + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            text = realloc(text, (cap *= 2) + 1);
    }
    fclose(f);
    if (!text)
        fuzz_fail("out of memory reading %s", path);
    text[n] = '\0';
    *len = n;
    return text;
}

/* A file name that resolves inside the folder the name is relative to. */
static int plain_name(const char *name)
{
    return !strchr(name, '/') && name[0] != '~' && strcmp(name, ".") != 0
           && strcmp(name, "..") != 0;
}

int fuzz_line_safe(const char *line, size_t len, int writes)
{
    struct command c;
    char err[512];
    if (command_parse(line, len, &c, err, sizeof err) != 0)
        return 1;
    const struct command_desc *d = command_desc_of(c.kind);
    int safe = !(d && d->arg == ARG_PATH && !plain_name(c.u.text))
               && !(c.kind == CMD_DIM && c.u.num > 64)
               && (writes || !(c.kind == CMD_SAVE || c.kind == CMD_SAVE_FORCE
                               || c.kind == CMD_WRITE_QUIT));
    command_free(&c);
    return safe;
}

char *fuzz_safe_script(const uint8_t *data, size_t size, int writes, size_t *len)
{
    char *out = malloc(size + 2);
    const char *p = (const char *)data, *end = p + size;
    const char *nul = memchr(p, '\0', size);
    size_t o = 0;
    if (!out)
        fuzz_fail("out of memory");
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        if (nul && nul < p + n) {
            /* the reader stops in this line: nothing of the file runs */
            memcpy(out + o, p, (size_t)(end - p));
            o += (size_t)(end - p);
            break;
        }
        /* the line as script.c hands it to command_parse */
        const char *t = p;
        size_t tl = nl ? n - 1 : n;
        if (tl && t[tl - 1] == '\r')
            tl--;
        if (tl >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
            t += 3;
            tl -= 3;
        }
        while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\t'))
            tl--;
        while (tl && (*t == ' ' || *t == '\t')) {
            t++;
            tl--;
        }
        if (fuzz_line_safe(t, tl, writes)) {
            memcpy(out + o, p, n);
            o += n;
        } else {
            out[o++] = '#';
            if (nl)
                out[o++] = '\n';
        }
        p += n;
    }
    out[o] = '\0';
    *len = o;
    return out;
}
