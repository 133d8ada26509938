/* fsfile.c - reading and writing files safely (fsfile.h). */
#include "attnviz/fsfile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/errmsg.h"
#include "attnviz/xalloc.h"

const char *fsfile_kind(mode_t mode)
{
    if (S_ISREG(mode))  return "a regular file";
    if (S_ISDIR(mode))  return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode))  return "a character device";
    if (S_ISBLK(mode))  return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode))  return "a symbolic link";
    return "not a regular file";
}

static int fsfile_size_ok(const char *path, const struct stat *st, uint64_t max_bytes,
                          const char *what, char *err, size_t errlen)
{
    if ((uint64_t)st->st_size <= max_bytes)
        return 0;
    if (max_bytes >= (1u << 20))
        return errmsg_set(err, errlen, "\"%s\" is %" PRIu64 " MiB; the limit for %s is %"
                          PRIu64 " MiB", path, ((uint64_t)st->st_size + (1u << 20) - 1) >> 20,
                          what, max_bytes >> 20);
    return errmsg_set(err, errlen, "\"%s\" is %" PRIu64 " KiB; the limit for %s is %" PRIu64
                      " KiB", path, ((uint64_t)st->st_size + 1023) >> 10, what, max_bytes >> 10);
}

int fsfile_open_regular(const char *path, uint64_t max_bytes, const char *what,
                        char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errmsg_set(err, errlen, "cannot open \"%s\": %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return errmsg_set(err, errlen, "\"%s\" is %s, not a regular file", path,
                          fsfile_kind(st.st_mode));
    /* Non-blocking, in case it was swapped for a FIFO since the stat; the
     * fstat below then refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errmsg_set(err, errlen, "cannot open \"%s\": %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return errmsg_set(err, errlen, "\"%s\" is not a regular file", path);
    }
    if (fsfile_size_ok(path, &st, max_bytes, what, err, errlen) != 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

int fsfile_read_all(const char *path, uint64_t max_bytes, const char *what,
                    char **text, size_t *len, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return 0;
    int fd = fsfile_open_regular(path, max_bytes, what, err, errlen);
    if (fd < 0)
        return -1;
    /* The size may have grown since the check: read at most max_bytes + 1
     * and refuse when that much came. */
    size_t cap = (size_t)max_bytes + 1, n = 0;
    char *buf = app_xmalloc(cap + 1);
    for (;;) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return errmsg_set(err, errlen, "cannot read \"%s\": %s", path, strerror(e));
        }
        if (got == 0 || (n += (size_t)got) == cap)
            break;
    }
    close(fd);
    if (n > max_bytes) {
        st.st_size = (off_t)n;
        free(buf);
        return fsfile_size_ok(path, &st, max_bytes, what, err, errlen);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 1;
}

bool fsfile_make_parents(const char *path)
{
    char *dir = app_xstrdup(path);
    bool ok = true;
    for (char *p = dir + 1; *p && ok; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        struct stat st;
        if (mkdir(dir, 0700) != 0
            && (errno != EEXIST || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
            ok = false;
        *p = '/';
    }
    free(dir);
    return ok;
}

/* ---- atomic writes -------------------------------------------------------- */

/* The folder part of path with its slash ("" for a bare name). */
static char *fsfile_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    return app_xstrndup(path, slash ? (size_t)(slash - path) + 1 : 0);
}

/* The rename is only on disk once the folder is: sync it too. Filesystems
 * that cannot sync a folder say EINVAL; the rename is as safe as they get. */
static int fsfile_sync_folder(const char *folder)
{
    int fd = open(*folder ? folder : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* What will be replaced: path itself, or the file a symbolic link names.
 * NULL with a message when the target exists and is not a regular file, or
 * is a dangling link. *mode is the mode to give the new file. */
static char *fsfile_target(const char *path, const char *who, mode_t *mode,
                           bool *exists, char *err, size_t errlen)
{
    struct stat st;
    mode_t mask = umask(0);
    umask(mask);
    *mode = 0666 & ~mask;
    *exists = false;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return app_xstrdup(path);
        errmsg_set(err, errlen, "%s cannot write \"%s\": %s", who, path, strerror(errno));
        return NULL;
    }
    char *target = NULL;
    if (S_ISLNK(st.st_mode)) {
        /* Renaming over the link would replace the link and leave the file
         * it names as it was: write that file. */
        if (stat(path, &st) != 0 || !(target = realpath(path, NULL))) {
            errmsg_set(err, errlen, "%s will not write \"%s\": it is a symbolic link to "
                       "nothing (%s)", who, path, strerror(errno));
            return NULL;
        }
    } else {
        target = app_xstrdup(path);
    }
    if (!S_ISREG(st.st_mode)) {
        errmsg_set(err, errlen, "%s will not write \"%s\": it is %s, not a regular file",
                   who, path, fsfile_kind(st.st_mode));
        free(target);
        return NULL;
    }
    *mode = st.st_mode & 0777;
    *exists = true;
    return target;
}

static int fsfile_check_guard(const char *path, const char *target, const char *who,
                              fsfile_guard guard, void *ctx, char *err, size_t errlen)
{
    enum { HEAD = 64 };
    char head[HEAD];
    int fd = open(target, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errmsg_set(err, errlen, "%s cannot read \"%s\": %s", who, path, strerror(errno));
    ssize_t got = read(fd, head, sizeof head);
    int e = errno;
    close(fd);
    if (got < 0)
        return errmsg_set(err, errlen, "%s cannot read \"%s\": %s", who, path, strerror(e));
    return guard(path, head, (size_t)got, ctx, err, errlen);
}

int fsfile_write_atomic(const char *path, const char *who, fsfile_writer write,
                        fsfile_guard guard, void *ctx, char *err, size_t errlen)
{
    mode_t mode;
    bool exists;
    char *target = fsfile_target(path, who, &mode, &exists, err, errlen);
    if (!target)
        return FSFILE_REFUSED;
    /* A file nobody may write is kept, as an editor keeps it, unless the
     * caller forces (no guard): the rename would replace it all the same. */
    if (exists && guard && (mode & 0222) == 0) {
        errmsg_set(err, errlen, "%s will not overwrite \"%s\": it is read-only; %s! overwrites "
                   "it", who, path, who);
        free(target);
        return FSFILE_REFUSED;
    }
    if (exists && guard && fsfile_check_guard(path, target, who, guard, ctx, err, errlen)) {
        free(target);
        return FSFILE_REFUSED;
    }
    char *folder = fsfile_folder(target);
    size_t flen = strlen(folder);
    static const char name[] = ".attnviz-tmp.XXXXXX";
    char *tmp = app_xmalloc(flen + sizeof name);
    memcpy(tmp, folder, flen);
    memcpy(tmp + flen, name, sizeof name);
    int rc = 0;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        errmsg_set(err, errlen, "%s cannot write next to \"%s\": %s", who, path,
                   strerror(errno));
        rc = FSFILE_FAILED;
        goto out;
    }
    /* mkstemp makes the file 0600; the file it replaces keeps its mode. */
    FILE *f = fdopen(fd, "w");
    rc = f && fchmod(fd, mode) == 0 && write(f, ctx) == 0 && fflush(f) == 0
         && fsync(fd) == 0 ? FSFILE_WRITTEN : FSFILE_FAILED;
    int e = errno;
    if ((f ? fclose(f) : close(fd)) != 0 && rc == FSFILE_WRITTEN) {
        e = errno;
        rc = FSFILE_FAILED;
    }
    if (rc == FSFILE_WRITTEN && rename(tmp, target) != 0) {
        e = errno;
        rc = FSFILE_FAILED;
    }
    if (rc != FSFILE_WRITTEN) {
        unlink(tmp);
        errmsg_set(err, errlen, "%s cannot write \"%s\": %s", who, path, strerror(e));
    } else if (fsfile_sync_folder(folder) != 0) {
        errmsg_set(err, errlen, "%s wrote \"%s\" but cannot sync its folder: %s",
                   who, path, strerror(errno));
        rc = FSFILE_FAILED;
    }
out:
    free(tmp);
    free(folder);
    free(target);
    return rc;
}

/* ---- XDG ------------------------------------------------------------------ */

bool xdg_path(enum xdg_kind kind, const char *leaf, char *buf, size_t cap)
{
    static const struct { const char *var, *fallback; } dirs[] = {
        [XDG_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
        [XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
    };
    const char *xdg = getenv(dirs[kind].var), *home = getenv("HOME");
    const char *sep = leaf ? "/" : "", *tail = leaf ? leaf : "";
    int n;
    /* The spec: a relative path in the variable is invalid and ignored. */
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, cap, "%s/attnviz%s%s", xdg, sep, tail);
    else if (home && home[0])
        n = snprintf(buf, cap, "%s/%s/attnviz%s%s", home, dirs[kind].fallback, sep, tail);
    else
        return false;
    return n > 0 && (size_t)n < cap;
}
