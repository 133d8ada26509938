/* session.c - session files: the script :save writes (session.h).
 *
 * The script is the app's log (app.c keeps it canonical and collapses runs
 * of cursor moves into their last :select) after the starting config, so a
 * session replays the same whatever command line started the program that
 * saved it. */
#include "attnviz/session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"
#include "attnviz/errmsg.h"
#include "attnviz/fsfile.h"

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

/* The starting config as setting commands, only where it differs from the
 * defaults, in table order: :dim comes before :heads, and the default heads
 * (1) divides every d_model. */
static int session_write_start(FILE *f, const struct model_config *start)
{
    struct model_config def;
    command_default_config(&def);
    size_t n;
    const struct command_desc *t = command_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (!t[i].setting || command_setting_get(&t[i], start) == command_setting_get(&t[i], &def))
            continue;
        struct command c = command_of_setting(&t[i], start);
        char line[64];
        command_format(&c, line, sizeof line);
        if (fprintf(f, "%s\n", line) < 0)
            return -1;
    }
    return 0;
}

int session_write(FILE *f, const struct session_doc *doc)
{
    struct tm tm;
    char stamp[32];
    if (!gmtime_r(&doc->when, &tm) || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        errno = EOVERFLOW;
        return -1;
    }
    if (fprintf(f, "%s v1\n# attnviz %s\n# saved %s\n", SESSION_MAGIC, ATTNVIZ_VERSION,
                stamp) < 0
        || session_write_start(f, doc->start) != 0)
        return -1;
    for (size_t i = 0; i < doc->log_len; i++)
        if (fprintf(f, "%s\n", doc->log[i]) < 0)
            return -1;
    return 0;
}

static int session_writer(FILE *f, void *ctx)
{
    return session_write(f, ctx);
}

/* An existing file may be replaced when it is empty (nothing to lose) or
 * a session file. */
static int session_guard(const char *path, const char *head, size_t len, void *ctx,
                         char *err, size_t errlen)
{
    (void)ctx;
    size_t magic = sizeof SESSION_MAGIC - 1;
    if (len == 0 || (len >= magic && memcmp(head, SESSION_MAGIC, magic) == 0))
        return 0;
    return errmsg_set(err, errlen, ":save will not overwrite \"%s\": it is not an attnviz "
                      "session (its first line is not \"%s\"); :save! overwrites it",
                      path, SESSION_MAGIC);
}

int session_save(const struct session_doc *doc, const char *path, bool force,
                 const char *who, char *err, size_t errlen)
{
    return fsfile_write_atomic(path, who, session_writer, force ? NULL : session_guard,
                               (void *)doc, err, errlen);
}
