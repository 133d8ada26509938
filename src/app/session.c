/* session.c - session files: the script :save writes, written atomically.
 *
 * The format is in session.h. The script is the app's log (app.c keeps it
 * canonical and collapses runs of cursor moves into their last :select)
 * after the starting config, so a session replays the same whatever
 * command line started the program that saved it. */
#include "attnviz/session.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/errmsg.h"
#include "attnviz/xalloc.h"

#ifndef ATTNVIZ_VERSION
#define ATTNVIZ_VERSION "unknown"
#endif

time_t session_time(void)
{
    /* The reproducible-builds convention: digits only, else ignored. */
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) <= 18) {
        unsigned long long v = strtoull(s, NULL, 10);
        if ((time_t)v >= 0 && (unsigned long long)(time_t)v == v)
            return (time_t)v;
    }
    return time(NULL);
}

/* The starting config as commands, only where it differs from the defaults;
 * d_model before heads (the default heads, 1, divides every d_model). */
static int session_write_start(FILE *f, const struct model_config *s)
{
    struct model_config def;
    app_default_config(&def);
    const struct command c[] = {
        { .kind = CMD_DIM, .u.count = s->d_model },
        { .kind = CMD_HEADS, .u.count = s->heads },
        { .kind = CMD_SEED, .u.seed = s->seed },
        { .kind = CMD_PE, .u.pe = s->pe },
        { .kind = CMD_PROJ, .u.proj = s->proj },
        { .kind = CMD_SCALE, .u.on = s->scale },
        { .kind = CMD_CAUSAL, .u.on = s->causal },
    };
    const bool differs[] = {
        s->d_model != def.d_model, s->heads != def.heads, s->seed != def.seed,
        s->pe != def.pe, s->proj != def.proj, s->scale != def.scale,
        s->causal != def.causal,
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        if (differs[i]) {
            char line[64];
            command_format(&c[i], line, sizeof line);
            if (fprintf(f, "%s\n", line) < 0)
                return -1;
        }
    return 0;
}

int session_write(FILE *f, const struct app *a, time_t when)
{
    struct tm tm;
    char stamp[32];
    if (!gmtime_r(&when, &tm) || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        errno = EOVERFLOW;
        return -1;
    }
    if (fprintf(f, "%s v1\n# attnviz %s\n# saved %s\n", SESSION_MAGIC, ATTNVIZ_VERSION,
                stamp) < 0
        || session_write_start(f, &a->start_cfg) != 0)
        return -1;
    for (size_t i = 0; i < a->log_len; i++)
        if (fprintf(f, "%s\n", a->log[i]) < 0)
            return -1;
    return 0;
}

/* 0 when path may be replaced: it does not exist, is empty (nothing to
 * lose) or is a session file. */
static int session_check(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        return errmsg_set(err, errlen, ":save cannot read \"%s\": %s", path, strerror(errno));
    }
    char head[sizeof SESSION_MAGIC];
    size_t got = fread(head, 1, sizeof head - 1, f);
    int e = errno;
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return errmsg_set(err, errlen, ":save cannot read \"%s\": %s", path, strerror(e));
    if (got > 0 && (got != sizeof head - 1 || memcmp(head, SESSION_MAGIC, got) != 0))
        return errmsg_set(err, errlen, ":save will not overwrite \"%s\": it is not an "
                            "attnviz session (its first line is not \"%s\"); :save! "
                            "overwrites it", path, SESSION_MAGIC);
    return 0;
}

/* The folder part of path with its slash ("" for a bare name). */
static char *session_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    return app_xstrndup(path, slash ? (size_t)(slash - path) + 1 : 0);
}

/* Writes and syncs the temporary file that replaces target; 0 or -1 (errno
 * set). */
static int session_write_temp(FILE *f, const struct app *a, time_t when, const char *target)
{
    /* mkstemp makes the file 0600; a session is an ordinary document, and
     * one that replaces a file keeps that file's permissions. */
    mode_t mask = umask(0);
    umask(mask);
    struct stat st;
    mode_t mode = stat(target, &st) == 0 ? st.st_mode & 0777 : 0666 & ~mask;
    if (fchmod(fileno(f), mode) != 0 || session_write(f, a, when) != 0)
        return -1;
    return fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
}

/* The rename is only on disk once the folder is: sync it too. Filesystems
 * that cannot sync a folder say EINVAL; the rename is as safe as they get. */
static int session_sync_folder(const char *folder)
{
    int fd = open(*folder ? folder : ".", O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int session_save(const struct app *a, const char *path, bool force, time_t when,
                 char *err, size_t errlen)
{
    if (!force && session_check(path, err, errlen) != 0)
        return -1;
    /* Renaming over a symbolic link would replace the link and leave the
     * file it names (the one just checked) as it was: save that file. */
    struct stat st;
    char *real = lstat(path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
    const char *target = real ? real : path;
    char *folder = session_folder(target);
    size_t flen = strlen(folder);
    static const char name[] = ".attnviz-save.XXXXXX";
    char *tmp = app_xmalloc(flen + sizeof name);
    memcpy(tmp, folder, flen);
    memcpy(tmp + flen, name, sizeof name);
    int fd = mkstemp(tmp);
    int rc = 0;
    if (fd < 0) {
        rc = errmsg_set(err, errlen, ":save cannot write next to \"%s\": %s", path,
                          strerror(errno));
        goto out;
    }
    FILE *f = fdopen(fd, "w");
    rc = f ? session_write_temp(f, a, when, target) : -1;
    int e = errno;
    if ((f ? fclose(f) : close(fd)) != 0 && rc == 0) {
        e = errno;
        rc = -1;
    }
    if (rc == 0 && rename(tmp, target) != 0) {
        e = errno;
        rc = -1;
    }
    if (rc != 0) {
        unlink(tmp);
        errmsg_set(err, errlen, ":save cannot write \"%s\": %s", path, strerror(e));
    } else if (session_sync_folder(folder) != 0) {
        rc = errmsg_set(err, errlen, ":save wrote \"%s\" but cannot sync its folder: %s",
                          path, strerror(errno));
    }
out:
    free(tmp);
    free(folder);
    free(real);
    return rc;
}
