/* autosave.c - the session's crash-safe copy (autosave.h). */
#include "attnviz/autosave.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "attnviz/fsfile.h"

#define AUTOSAVE_PREFIX "autosave-"
#define AUTOSAVE_SUFFIX ".attn"

bool autosave_path(char *buf, size_t cap)
{
    char name[64];
    snprintf(name, sizeof name, AUTOSAVE_PREFIX "%ld" AUTOSAVE_SUFFIX, (long)getpid());
    return xdg_path(XDG_STATE, name, buf, cap) && fsfile_make_parents(buf);
}

/* The PID in an autosave file's name, or 0. */
static long autosave_pid(const char *name)
{
    size_t plen = strlen(AUTOSAVE_PREFIX), slen = strlen(AUTOSAVE_SUFFIX), n = strlen(name);
    if (n <= plen + slen || strncmp(name, AUTOSAVE_PREFIX, plen) != 0
        || strcmp(name + n - slen, AUTOSAVE_SUFFIX) != 0)
        return 0;
    char *end;
    long pid = strtol(name + plen, &end, 10);
    return end == name + n - slen && pid > 0 ? pid : 0;
}

bool autosave_orphan(char *buf, size_t cap)
{
    char dir[PATH_MAX];
    if (!xdg_path(XDG_STATE, NULL, dir, sizeof dir))
        return false;
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d)) != NULL;) {
        long pid = autosave_pid(e->d_name);
        /* A process of that number that still runs may be another attnviz
         * at work: only a gone one's file is an orphan. */
        if (pid && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            int n = snprintf(buf, cap, "%s/%s", dir, e->d_name);
            found = n > 0 && (size_t)n < cap;
        }
    }
    closedir(d);
    return found;
}

static int autosave_writer(FILE *f, void *ctx)
{
    return session_write(f, ctx);
}

int autosave_write(const char *path, const struct session_doc *doc, char *err, size_t errlen)
{
    return fsfile_write_atomic(path, "the autosave", autosave_writer, NULL, (void *)doc,
                               err, errlen);
}
