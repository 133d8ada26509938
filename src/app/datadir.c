/* datadir.c - the folders of shipped data, best first (datadir.h). */
#include "attnviz/datadir.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ATTNVIZ_DATADIR
#define ATTNVIZ_DATADIR "/usr/local/share/attnviz"
#endif

static const struct {
    const char *folder;
    bool beside_binary;     /* the source tree holds it uncompiled */
} datadir_kinds[DATADIR_KIND_COUNT] = {
    [DATADIR_SAMPLES] = { "samples", true },
    [DATADIR_THEMES] = { "themes", false },
};

/* Adds the real path of the folder "a/b/c" when it exists and is not
 * listed yet. */
static void datadir_add(struct datadir_list *out, const char *a, const char *b, const char *c)
{
    char path[DATADIR_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s%s%s", a, b, c);
    if (n < 0 || (size_t)n >= sizeof path || out->n == DATADIR_MAX)
        return;
    char *real = realpath(path, NULL);
    struct stat st;
    if (real && stat(real, &st) == 0 && S_ISDIR(st.st_mode) && strlen(real) < DATADIR_PATH_MAX) {
        bool seen = false;
        for (size_t i = 0; i < out->n; i++)
            seen |= strcmp(out->path[i], real) == 0;
        if (!seen)
            memcpy(out->path[out->n++], real, strlen(real) + 1);
    }
    free(real);
}

void datadir_folders_for(enum datadir_kind kind, const char *exe, const char *datadir,
                         struct datadir_list *out)
{
    out->n = 0;
    const char *folder = datadir_kinds[kind].folder;
    const char *slash = exe ? strrchr(exe, '/') : NULL;
    if (slash) {
        char dir[DATADIR_PATH_MAX];
        size_t len = (size_t)(slash - exe);
        if (len < sizeof dir) {
            memcpy(dir, exe, len);
            dir[len] = '\0';
            datadir_add(out, dir, "/../share/attnviz/", folder);
            if (datadir_kinds[kind].beside_binary)
                datadir_add(out, dir, "/", folder);
        }
    }
    datadir_add(out, datadir, "/", folder);
}

const char *datadir_installed(void)
{
    return ATTNVIZ_DATADIR;
}

void datadir_folders(enum datadir_kind kind, struct datadir_list *out)
{
    char exe[DATADIR_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0)
        exe[n] = '\0';
    datadir_folders_for(kind, n > 0 ? exe : NULL, datadir_installed(), out);
}
