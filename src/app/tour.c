/* tour.c - the tours in the samples folders (tour.h). */
#include "attnviz/tour.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attnviz/command.h"
#include "attnviz/script.h"
#include "attnviz/session.h"
#include "attnviz/xalloc.h"

static bool tour_ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), e = strlen(end);
    return n >= e && strcmp(s + n - e, end) == 0;
}

bool tour_is_name(const char *arg)
{
    return !strchr(arg, '/') && !tour_ends_with(arg, TOUR_SUFFIX);
}

/* "DIR/NAME.attn", or NULL when it does not fit a path. */
static char *tour_path(const char *dir, const char *name)
{
    char path[DATADIR_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s" TOUR_SUFFIX, dir, name);
    return n < 0 || (size_t)n >= sizeof path ? NULL : app_xstrdup(path);
}

char *tour_find(const struct datadir_list *dirs, const char *name)
{
    for (size_t i = 0; i < dirs->n; i++) {
        char *path = tour_path(dirs->path[i], name);
        struct stat st;
        /* Whatever is there is the tour, so a folder or a FIFO of that name
         * is reported by the script reader rather than skipped unseen. */
        if (path && stat(path, &st) == 0)
            return path;
        free(path);
    }
    return NULL;
}

/* text[0..len) as a description: at most TOUR_ABOUT_MAX bytes, cut on a
 * character boundary, control bytes shown as '?'. */
static char *tour_about_of(const char *text, size_t len)
{
    size_t cut = len;
    if (cut > TOUR_ABOUT_MAX) {
        cut = TOUR_ABOUT_MAX;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
    }
    char *about = app_xmalloc(cut + 4);
    for (size_t i = 0; i < cut; i++) {
        unsigned char c = (unsigned char)text[i];
        about[i] = c < 0x20 || c == 0x7F ? '?' : (char)c;
    }
    memcpy(about + cut, cut < len ? "\xE2\x80\xA6" : "", cut < len ? 4 : 1);
    return about;
}

static bool tour_starts_with(const char *s, size_t len, const char *start)
{
    size_t n = strlen(start);
    return len >= n && memcmp(s, start, n) == 0;
}

static bool tour_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The text of a comment line ("#  text  " -> "text"), or NULL for a line
 * that is not a comment or a comment with no text. */
static char *tour_comment(const char *line, size_t len)
{
    size_t s = 0;
    while (s < len && tour_is_blank(line[s]))
        s++;
    if (s == len || line[s] != '#')
        return NULL;
    s++;
    while (s < len && tour_is_blank(line[s]))
        s++;
    while (len > s && tour_is_blank(line[len - 1]))
        len--;
    return len > s ? tour_about_of(line + s, len - s) : NULL;
}

/* The description (tour.h). Only the lines up to the one that decides it
 * are read. */
static char *tour_about(const char *path)
{
    char err[1024];
    struct script_reader *r = script_reader_open(path, NULL, err, sizeof err);
    if (!r)
        return app_xstrdup("");
    char *about = NULL;
    bool header = false, leading = true;
    const char *line;
    size_t len;
    unsigned lineno;
    enum script_read got;
    while (!about && (got = script_reader_next(r, &line, &len, &lineno, err, sizeof err))
                     != SCRIPT_END && got != SCRIPT_FAIL) {
        if (got == SCRIPT_BAD_LINE)
            continue;
        if (lineno == 1 && tour_starts_with(line, len, SESSION_MAGIC)) {
            header = true;
            continue;
        }
        if (header && (tour_starts_with(line, len, "# attnviz ")
                       || tour_starts_with(line, len, "# saved ")))
            continue;
        header = false;
        struct command c;
        if (command_parse(line, len, &c, err, sizeof err) != 0) {
            leading = false;
            continue;
        }
        if (c.kind == CMD_EMPTY && leading)
            about = tour_comment(line, len);
        else if (c.kind == CMD_NOTE && *c.u.text)
            about = tour_about_of(c.u.text, strlen(c.u.text));
        else if (c.kind != CMD_EMPTY)
            leading = false;
        command_free(&c);
    }
    script_reader_close(r);
    return about ? about : app_xstrdup("");
}

static int tour_cmp(const void *a, const void *b)
{
    return strcmp(((const struct tour *)a)->name, ((const struct tour *)b)->name);
}

/* Adds the tours of one folder that no better folder has. */
static void tour_add_dir(const char *dir, struct tour **tours, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name), sl = strlen(TOUR_SUFFIX);
        if (len <= sl || e->d_name[0] == '.' || !tour_ends_with(e->d_name, TOUR_SUFFIX))
            continue;
        char *name = app_xstrndup(e->d_name, len - sl);
        /* "x.attn.attn" could only be named as a file */
        bool seen = !tour_is_name(name);
        for (size_t i = 0; i < *n && !seen; i++)
            seen = strcmp((*tours)[i].name, name) == 0;
        char *path = seen ? NULL : tour_path(dir, name);
        struct stat st;
        if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(name);
            free(path);
            continue;
        }
        if (*n == *cap) {
            *cap = *cap ? 2 * *cap : 16;
            *tours = app_xrealloc(*tours, *cap * sizeof **tours);
        }
        (*tours)[(*n)++] = (struct tour){ name, path, tour_about(path) };
    }
    closedir(d);
}

struct tour *tour_list(const struct datadir_list *dirs, size_t *count)
{
    struct tour *tours = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < dirs->n; i++)
        tour_add_dir(dirs->path[i], &tours, &n, &cap);
    if (n)
        qsort(tours, n, sizeof *tours, tour_cmp);
    *count = n;
    return tours;
}

void tour_list_free(struct tour *tours, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(tours[i].name);
        free(tours[i].path);
        free(tours[i].about);
    }
    free(tours);
}
