/* test_fsfile.c - how files are read and written (fsfile.h): reads checked
 * by type and size, atomic writes that keep modes and links and leave the
 * old file whole on any failure, mkdir -p, and the XDG folders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attnviz/fsfile.h"
#include "support/fixture.h"

static char tmpdir[TEMP_DIR_MAX];

static int setup(void **state)
{
    (void)state;
    return temp_dir_make(tmpdir, "attnviz-test-fsfile");
}

static int teardown(void **state)
{
    (void)state;
    return temp_dir_remove(tmpdir);
}

static const char *in_tmp(const char *name)
{
    return temp_path(tmpdir, name);
}

/* A sparse file of size bytes. */
static void make_sized(const char *path, off_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, size), 0);
    assert_int_equal(close(fd), 0);
}

/* How many entries of folder start with prefix ("" counts all but . and ..). */
static size_t entries_starting(const char *folder, const char *prefix)
{
    DIR *d = opendir(folder);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")
            && strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            n++;
    closedir(d);
    return n;
}

static bool no_temp_file_in(const char *folder)
{
    return entries_starting(folder, ".attnviz-tmp.") == 0;
}

/* ---- writers and guards ----------------------------------------------------- */

/* Writes the NUL-terminated text ctx. */
static int write_text(FILE *f, void *ctx)
{
    return fputs(ctx, f) >= 0 ? 0 : -1;
}

/* Writes half a file and then fails as a full disk would. */
static int write_then_fail(FILE *f, void *ctx)
{
    (void)ctx;
    fputs("half of the new cont", f);
    errno = ENOSPC;
    return -1;
}

/* Writes ctx->n bytes of 'n', checking every write (an honest writer). */
struct big { size_t n; };
static int write_big(FILE *f, void *ctx)
{
    const struct big *b = ctx;
    for (size_t i = 0; i < b->n; i++)
        if (fputc('n', f) == EOF)
            return -1;
    return 0;
}

/* Writes ctx->n bytes and says it succeeded whatever happened: the write
 * errors must still be seen when the data is flushed. */
static int write_big_careless(FILE *f, void *ctx)
{
    const struct big *b = ctx;
    for (size_t i = 0; i < b->n; i++)
        fputc('n', f);
    return 0;
}

struct guard_seen {
    int calls;
    char head[256];
    size_t len;
    bool refuse;
};

static int guard(const char *path, const char *head, size_t len, void *ctx, char *err,
                 size_t errlen)
{
    struct guard_seen *g = ctx;
    g->calls++;
    g->len = len < sizeof g->head ? len : sizeof g->head;
    memcpy(g->head, head, g->len);
    if (g->refuse) {
        snprintf(err, errlen, "guard refuses \"%s\"", path);
        return -1;
    }
    return 0;
}

/* The guard's ctx is also the writer's: this writer ignores it. */
static int write_fixed(FILE *f, void *ctx)
{
    (void)ctx;
    return fputs("from the guarded write\n", f) >= 0 ? 0 : -1;
}

static int atomic(const char *path, const char *text, char *err, size_t errlen)
{
    return fsfile_write_atomic(path, ":save", write_text, NULL, (void *)text, err, errlen);
}

static void expect_contents(const char *path, const char *want)
{
    size_t len;
    char *got = read_file(path, &len);
    assert_int_equal(len, strlen(want));
    assert_string_equal(got, want);
    free(got);
}

/* A refusal of a target that is not a regular file: who starts it, it
 * names the path and ends saying what the target is. */
static void expect_refusal(const char *err, const char *who, const char *path, const char *kind)
{
    char want[512];
    snprintf(want, sizeof want, "%s ", who);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("\"%s\" does not start with \"%s\"", err, want);
    snprintf(want, sizeof want, "\"%s\"", path);
    if (!strstr(err, want))
        fail_msg("\"%s\" does not name %s", err, want);
    snprintf(want, sizeof want, ": it is %s, not a regular file", kind);
    size_t n = strlen(err), w = strlen(want);
    if (n < w || strcmp(err + n - w, want) != 0)
        fail_msg("\"%s\" does not end with \"%s\"", err, want);
}

/* ---- kinds ---------------------------------------------------------------- */

static void each_kind_of_file_has_its_name(void **state)
{
    (void)state;
    assert_string_equal(fsfile_kind(S_IFDIR | 0755), "a folder");
    assert_string_equal(fsfile_kind(S_IFIFO | 0600), "a FIFO");
    assert_string_equal(fsfile_kind(S_IFCHR | 0666), "a character device");
    /* the others read as "it is a ...", each its own */
    const mode_t others[] = { S_IFREG, S_IFBLK, S_IFSOCK, S_IFLNK };
    const char *names[4];
    for (size_t i = 0; i < 4; i++) {
        names[i] = fsfile_kind(others[i] | 0644);
        assert_true(strncmp(names[i], "a ", 2) == 0);
        assert_string_not_equal(names[i], "a folder");
        assert_string_not_equal(names[i], "a FIFO");
        assert_string_not_equal(names[i], "a character device");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(names[i], names[j]);
    }
}

/* ---- reading ---------------------------------------------------------------- */

static void a_regular_file_is_opened_blocking_and_close_on_exec(void **state)
{
    (void)state;
    write_file(in_tmp("f"), "data");
    char err[512] = "";
    int fd = fsfile_open_regular(in_tmp("f"), 1024, "a test file", err, sizeof err);
    assert_true(fd >= 0);
    assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    assert_false(fcntl(fd, F_GETFL) & O_NONBLOCK);
    char buf[8];
    assert_int_equal(read(fd, buf, sizeof buf), 4);
    assert_memory_equal(buf, "data", 4);
    close(fd);
}

static void read_all_gives_the_whole_file_nul_terminated(void **state)
{
    (void)state;
    static const char data[] = "line one\nline\0two\n";
    FILE *f = fopen(in_tmp("f"), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, sizeof data - 1, f), sizeof data - 1);
    assert_int_equal(fclose(f), 0);
    char *text = NULL, err[512] = "";
    size_t len = 0;
    assert_int_equal(fsfile_read_all(in_tmp("f"), 1024, "a test file", &text, &len, err,
                                     sizeof err), 1);
    assert_int_equal(len, sizeof data - 1);
    assert_memory_equal(text, data, len);
    assert_int_equal(text[len], '\0');
    free(text);

    /* an empty file is read, as nothing */
    write_file(in_tmp("e"), "");
    assert_int_equal(fsfile_read_all(in_tmp("e"), 1024, "a test file", &text, &len, err,
                                     sizeof err), 1);
    assert_int_equal(len, 0);
    assert_string_equal(text, "");
    free(text);
}

static void a_missing_file_reads_as_none_and_cannot_be_opened(void **state)
{
    (void)state;
    char *text = NULL, err[512] = "", want[512];
    size_t len = 0;
    assert_int_equal(fsfile_read_all(in_tmp("none"), 1024, "a test file", &text, &len, err,
                                     sizeof err), 0);
    assert_null(text);
    assert_int_equal(fsfile_open_regular(in_tmp("none"), 1024, "a test file", err, sizeof err),
                     -1);
    snprintf(want, sizeof want, "cannot open \"%s\": %s", in_tmp("none"), strerror(ENOENT));
    assert_string_equal(err, want);
}

/* Opening a FIFO for reading would wait for a writer; the alarm turns a
 * hang into a failure. */
static void a_fifo_is_refused_without_blocking(void **state)
{
    (void)state;
    const char *path = in_tmp("fifo");
    assert_int_equal(mkfifo(path, 0600), 0);
    char *text = NULL, err[512] = "", want[512];
    size_t len;
    snprintf(want, sizeof want, "\"%s\" is a FIFO, not a regular file", path);
    alarm(10);
    assert_int_equal(fsfile_open_regular(path, 1024, "a test file", err, sizeof err), -1);
    assert_string_equal(err, want);
    err[0] = '\0';
    assert_int_equal(fsfile_read_all(path, 1024, "a test file", &text, &len, err, sizeof err), -1);
    alarm(0);
    assert_string_equal(err, want);
    assert_null(text);
}

static void a_folder_and_a_device_are_refused(void **state)
{
    (void)state;
    char *text = NULL, err[512] = "", want[512];
    size_t len;
    assert_int_equal(fsfile_read_all(tmpdir, 1024, "a test file", &text, &len, err, sizeof err),
                     -1);
    snprintf(want, sizeof want, "\"%s\" is a folder, not a regular file", tmpdir);
    assert_string_equal(err, want);
    alarm(10);
    assert_int_equal(fsfile_read_all("/dev/zero", 1024, "a test file", &text, &len, err,
                                     sizeof err), -1);
    alarm(0);
    assert_string_equal(err, "\"/dev/zero\" is a character device, not a regular file");
    assert_null(text);
}

static void a_file_over_a_kib_limit_is_refused_in_kib(void **state)
{
    (void)state;
    const char *path = in_tmp("f");
    char *text = NULL, err[512] = "", want[512];
    size_t len;
    make_sized(path, 70 << 10);
    assert_int_equal(fsfile_read_all(path, 64 << 10, "a config file", &text, &len, err,
                                     sizeof err), -1);
    snprintf(want, sizeof want, "\"%s\" is 70 KiB; the limit for a config file is 64 KiB", path);
    assert_string_equal(err, want);
    assert_null(text);

    /* one byte over: the size said is over the limit too, not equal to it */
    make_sized(path, (64 << 10) + 1);
    assert_int_equal(fsfile_open_regular(path, 64 << 10, "a config file", err, sizeof err), -1);
    snprintf(want, sizeof want, "\"%s\" is 65 KiB; the limit for a config file is 64 KiB", path);
    assert_string_equal(err, want);

    /* exactly the limit is read */
    make_sized(path, 64 << 10);
    assert_int_equal(fsfile_read_all(path, 64 << 10, "a config file", &text, &len, err,
                                     sizeof err), 1);
    assert_int_equal(len, 64 << 10);
    free(text);
}

static void a_file_over_a_mib_limit_is_refused_in_mib(void **state)
{
    (void)state;
    const char *path = in_tmp("f");
    char err[512] = "", want[512];
    make_sized(path, (off_t)70 << 20);
    assert_int_equal(fsfile_open_regular(path, 64u << 20, "a session file", err, sizeof err), -1);
    snprintf(want, sizeof want, "\"%s\" is 70 MiB; the limit for a session file is 64 MiB", path);
    assert_string_equal(err, want);

    make_sized(path, ((off_t)4 << 20) + 1);
    char *text = NULL;
    size_t len;
    assert_int_equal(fsfile_read_all(path, 4u << 20, "the history file", &text, &len, err,
                                     sizeof err), -1);
    snprintf(want, sizeof want, "\"%s\" is 5 MiB; the limit for the history file is 4 MiB", path);
    assert_string_equal(err, want);
    assert_null(text);
}

static void a_symbolic_link_to_a_file_is_read_through(void **state)
{
    (void)state;
    write_file(in_tmp("real"), "through the link");
    assert_int_equal(symlink("real", in_tmp("link")), 0);
    char *text = NULL, err[512] = "";
    size_t len;
    assert_int_equal(fsfile_read_all(in_tmp("link"), 1024, "a test file", &text, &len, err,
                                     sizeof err), 1);
    assert_string_equal(text, "through the link");
    free(text);
}

/* ---- atomic writes ---------------------------------------------------------- */

static void a_write_creates_and_then_replaces_the_file(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    char err[512] = "";
    assert_int_equal(atomic(path, "first\n", err, sizeof err), 0);
    expect_contents(path, "first\n");
    assert_int_equal(atomic(path, "second, longer than the first\n", err, sizeof err), 0);
    expect_contents(path, "second, longer than the first\n");
    assert_int_equal(atomic(path, "3\n", err, sizeof err), 0);
    expect_contents(path, "3\n");
    assert_true(no_temp_file_in(tmpdir));
    assert_int_equal(entries_starting(tmpdir, ""), 1);
}

/* A bare file name: the temporary file goes in the current folder. */
static void a_bare_file_name_is_written_in_the_current_folder(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmpdir), 0);
    char err[512] = "";
    int rc = atomic("bare.attn", "bare\n", err, sizeof err);
    int rc2 = fsfile_write_atomic("bare.attn", ":save", write_then_fail, NULL, NULL, err,
                                  sizeof err);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, 0);
    assert_int_equal(rc2, FSFILE_FAILED);
    expect_contents(in_tmp("bare.attn"), "bare\n");
    assert_true(no_temp_file_in(tmpdir));
    assert_int_equal(entries_starting(tmpdir, ""), 1);
}

static void a_replaced_file_keeps_its_permission_bits(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    const mode_t modes[] = { 0600, 0640, 0604, 0444, 0751 };
    char err[512] = "";
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        write_file(path, "old\n");
        assert_int_equal(chmod(path, modes[i]), 0);
        assert_int_equal(atomic(path, "new\n", err, sizeof err), 0);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 07777, modes[i]);
        expect_contents(path, "new\n");
    }
}

static void a_new_file_gets_0666_less_the_umask(void **state)
{
    (void)state;
    const mode_t masks[] = { 022, 077, 002, 0 };
    char err[512] = "", name[32];
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        snprintf(name, sizeof name, "new%zu", i);
        const char *path = in_tmp(name);
        mode_t old = umask(masks[i]);
        int rc = atomic(path, "x\n", err, sizeof err);
        umask(old);
        assert_int_equal(rc, 0);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0666 & ~masks[i]);
    }
}

/* Renaming over the link would replace the link and leave its file as it
 * was: the file is written and the link stays a link. */
static void a_symbolic_link_to_a_file_is_written_through_and_stays_a_link(void **state)
{
    (void)state;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/real", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(in_tmp("real/s.attn"), "old\n");
    assert_int_equal(chmod(in_tmp("real/s.attn"), 0640), 0);
    assert_int_equal(symlink("real/s.attn", in_tmp("link.attn")), 0);

    char err[512] = "";
    assert_int_equal(atomic(in_tmp("link.attn"), "new\n", err, sizeof err), 0);
    struct stat st;
    assert_int_equal(lstat(in_tmp("link.attn"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char target[128];
    ssize_t n = readlink(in_tmp("link.attn"), target, sizeof target - 1);
    assert_true(n > 0);
    target[n] = '\0';
    assert_string_equal(target, "real/s.attn");
    expect_contents(in_tmp("real/s.attn"), "new\n");
    assert_int_equal(stat(in_tmp("real/s.attn"), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_true(no_temp_file_in(tmpdir));
    assert_true(no_temp_file_in(sub));
    assert_int_equal(entries_starting(sub, ""), 1);
}

static void a_dangling_symbolic_link_is_refused_and_left_alone(void **state)
{
    (void)state;
    assert_int_equal(symlink("gone/nowhere.attn", in_tmp("link.attn")), 0);
    char err[512] = "";
    assert_int_equal(atomic(in_tmp("link.attn"), "new\n", err, sizeof err), FSFILE_REFUSED);
    assert_true(strncmp(err, ":save ", 6) == 0);
    assert_non_null(strstr(err, in_tmp("link.attn")));
    struct stat st;
    assert_int_equal(lstat(in_tmp("link.attn"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char target[128];
    ssize_t n = readlink(in_tmp("link.attn"), target, sizeof target - 1);
    assert_true(n > 0);
    target[n] = '\0';
    assert_string_equal(target, "gone/nowhere.attn");
    assert_int_equal(entries_starting(tmpdir, ""), 1);
}

/* A FIFO, a socket, a device (when this system lets us make one) and a
 * folder: refused, saying what they are, and left as they were. */
static void a_target_that_is_not_a_regular_file_is_refused_and_left_as_it_was(void **state)
{
    (void)state;
    char err[512] = "";
    struct stat st;

    const char *fifo = in_tmp("fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    alarm(10);
    assert_int_equal(atomic(fifo, "x\n", err, sizeof err), FSFILE_REFUSED);
    alarm(0);
    expect_refusal(err, ":save", fifo, "a FIFO");
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));

    const char *sock = in_tmp("sock");
    int sfd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(sfd >= 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock);
    assert_int_equal(bind(sfd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(atomic(sock, "x\n", err, sizeof err), FSFILE_REFUSED);
    expect_refusal(err, ":save", sock, fsfile_kind(S_IFSOCK));
    assert_int_equal(lstat(sock, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    close(sfd);

    const char *dev = in_tmp("null");
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0) {
        assert_int_equal(atomic(dev, "x\n", err, sizeof err), FSFILE_REFUSED);
        expect_refusal(err, ":save", dev, "a character device");
        assert_int_equal(lstat(dev, &st), 0);
        assert_true(S_ISCHR(st.st_mode));
    }

    char sub[128];
    snprintf(sub, sizeof sub, "%s/folder", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(in_tmp("folder/inside"), "kept\n");
    assert_int_equal(atomic(sub, "x\n", err, sizeof err), FSFILE_REFUSED);
    expect_refusal(err, ":save", sub, "a folder");
    expect_contents(in_tmp("folder/inside"), "kept\n");
    assert_int_equal(entries_starting(sub, ""), 1);

    /* a link to a FIFO is refused the same way */
    assert_int_equal(symlink("fifo", in_tmp("to-fifo")), 0);
    alarm(10);
    assert_int_equal(atomic(in_tmp("to-fifo"), "x\n", err, sizeof err), FSFILE_REFUSED);
    alarm(0);
    expect_refusal(err, ":save", in_tmp("to-fifo"), "a FIFO");
    assert_true(no_temp_file_in(tmpdir));
}

/* A file nobody may write is kept by a guarded write (":save" without
 * "!"), whoever runs it (root too: the check is the file's mode), and
 * replaced by an unguarded one, keeping its mode. */
static void a_read_only_file_is_kept_unless_forced(void **state)
{
    (void)state;
    const char *path = in_tmp("ro.attn");
    char err[512] = "";
    struct guard_seen g = { 0 };
    write_file(path, "# attnviz session\nold\n");
    assert_int_equal(chmod(path, 0444), 0);
    assert_int_equal(fsfile_write_atomic(path, ":save", write_fixed, guard, &g, err, sizeof err),
                     FSFILE_REFUSED);
    char want[512];
    snprintf(want, sizeof want, ":save will not overwrite \"%s\": it is read-only; :save! "
             "overwrites it", path);
    assert_string_equal(err, want);
    assert_int_equal(g.calls, 0);
    expect_contents(path, "# attnviz session\nold\n");
    assert_int_equal(fsfile_write_atomic(path, ":save", write_fixed, NULL, NULL, err, sizeof err),
                     FSFILE_WRITTEN);
    expect_contents(path, "from the guarded write\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0444);
}

static void the_guard_sees_the_first_bytes_and_may_refuse(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    char err[512] = "";
    struct guard_seen g = { 0 };

    /* no existing file: nothing to guard */
    assert_int_equal(fsfile_write_atomic(path, ":save", write_fixed, guard, &g, err, sizeof err),
                     0);
    assert_int_equal(g.calls, 0);

    write_file(path, "# attnviz session\nold\n");
    assert_int_equal(fsfile_write_atomic(path, ":save", write_fixed, guard, &g, err, sizeof err),
                     0);
    assert_int_equal(g.calls, 1);
    assert_int_equal(g.len, strlen("# attnviz session\nold\n"));
    assert_memory_equal(g.head, "# attnviz session\nold\n", g.len);
    expect_contents(path, "from the guarded write\n");

    /* a long file: what the guard sees is its beginning */
    size_t n = 4000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    write_file(path, big);
    g.refuse = true;
    assert_int_equal(fsfile_write_atomic(path, ":save", write_fixed, guard, &g, err, sizeof err),
                     FSFILE_REFUSED);
    assert_int_equal(g.calls, 2);
    assert_true(g.len > 0 && g.len <= n);
    assert_memory_equal(g.head, big, g.len);
    char want[512];
    snprintf(want, sizeof want, "guard refuses \"%s\"", path);
    assert_string_equal(err, want);
    expect_contents(path, big);
    assert_true(no_temp_file_in(tmpdir));
    free(big);
}

static void a_failing_writer_leaves_the_old_file_and_no_temporary_file(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    write_file(path, "the old contents\n");
    assert_int_equal(chmod(path, 0640), 0);
    char err[512] = "", want[512];
    assert_int_equal(fsfile_write_atomic(path, ":save", write_then_fail, NULL, NULL, err,
                                         sizeof err), FSFILE_FAILED);
    snprintf(want, sizeof want, ":save cannot write \"%s\": %s", path, strerror(ENOSPC));
    assert_string_equal(err, want);
    expect_contents(path, "the old contents\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_true(no_temp_file_in(tmpdir));
    assert_int_equal(entries_starting(tmpdir, ""), 1);

    /* and a new file that fails is not made at all */
    assert_int_equal(fsfile_write_atomic(in_tmp("new"), ":save", write_then_fail, NULL, NULL, err,
                                         sizeof err), FSFILE_FAILED);
    assert_int_equal(entries_starting(tmpdir, ""), 1);
}

static void a_write_into_a_missing_folder_fails_with_the_reason(void **state)
{
    (void)state;
    const char *path = in_tmp("no/such/s.attn");
    char err[512] = "";
    assert_int_equal(atomic(path, "x\n", err, sizeof err), FSFILE_FAILED);
    assert_true(strncmp(err, ":save ", 6) == 0);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, strerror(ENOENT)));
    assert_int_equal(entries_starting(tmpdir, ""), 0);
}

/* In a child with a small file-size limit (SIGXFSZ ignored, so a write
 * fails with EFBIG instead of killing it): the real failure of a quota or a
 * full disk, mid-write. Exit 0 when the write failed with "File too large"
 * and said so in who's words. */
static int child_write_over_the_limit(const char *path, rlim_t limit, fsfile_writer w,
                                      size_t bytes)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit lim = { limit, limit };
        signal(SIGXFSZ, SIG_IGN);
        struct big b = { bytes };
        char err[1024] = "", want[1024];
        snprintf(want, sizeof want, ":save cannot write \"%s\": %s", path, strerror(EFBIG));
        int ok = setrlimit(RLIMIT_FSIZE, &lim) == 0
                 && fsfile_write_atomic(path, ":save", w, NULL, &b, err, sizeof err) == FSFILE_FAILED
                 && strcmp(err, want) == 0;
        if (!ok)
            fprintf(stderr, "child: the write did not fail as expected: \"%s\"\n", err);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void a_write_over_the_file_size_limit_fails_and_keeps_the_old_file(void **state)
{
    (void)state;
    const char *path = in_tmp("s.attn");
    write_file(path, "the old contents, whole\n");

    /* fails inside the writer: it writes 100 KiB through a 4 KiB limit */
    assert_int_equal(child_write_over_the_limit(path, 4096, write_big, 100 << 10), 0);
    expect_contents(path, "the old contents, whole\n");
    assert_true(no_temp_file_in(tmpdir));

    /* fails when the buffered bytes are flushed, after the writer is done */
    assert_int_equal(child_write_over_the_limit(path, 1024, write_big, 2000), 0);
    expect_contents(path, "the old contents, whole\n");
    assert_true(no_temp_file_in(tmpdir));

    /* a writer that does not look at its errors cannot hide them */
    assert_int_equal(child_write_over_the_limit(path, 4096, write_big_careless, 100 << 10), 0);
    expect_contents(path, "the old contents, whole\n");
    assert_true(no_temp_file_in(tmpdir));
    assert_int_equal(entries_starting(tmpdir, ""), 1);

    /* without the limit the same write works */
    struct big b = { 100 << 10 };
    char err[512] = "";
    assert_int_equal(fsfile_write_atomic(path, ":save", write_big, NULL, &b, err, sizeof err), 0);
    size_t len;
    free(read_file(path, &len));
    assert_int_equal(len, 100 << 10);
}

/* ---- folders ----------------------------------------------------------------- */

static void make_parents_makes_every_missing_folder_private(void **state)
{
    (void)state;
    mode_t old = umask(022);
    bool ok = fsfile_make_parents(in_tmp("a/b/c/file"));
    umask(old);
    assert_true(ok);
    const char *made[] = { "a", "a/b", "a/b/c" };
    for (size_t i = 0; i < 3; i++) {
        struct stat st;
        assert_int_equal(stat(in_tmp(made[i]), &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(st.st_mode & 0777, 0700);
    }
    struct stat st;
    assert_int_equal(stat(in_tmp("a/b/c/file"), &st), -1);   /* the leaf is not made */
    assert_int_equal(errno, ENOENT);

    /* folders that exist are fine, and keep their mode */
    assert_int_equal(chmod(in_tmp("a"), 0755), 0);
    assert_true(fsfile_make_parents(in_tmp("a/b/other")));
    assert_int_equal(stat(in_tmp("a"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0755);
}

static void make_parents_fails_below_a_file(void **state)
{
    (void)state;
    write_file(in_tmp("file"), "x");
    assert_false(fsfile_make_parents(in_tmp("file/sub/leaf")));
}

/* mkdir -p of "DIR/file/leaf" fails when "file" exists and is not a
 * folder: mkdir's EEXIST is success only for a folder. */
static void make_parents_fails_when_the_folder_part_is_a_file(void **state)
{
    (void)state;
    write_file(in_tmp("file"), "x");
    assert_false(fsfile_make_parents(in_tmp("file/leaf")));
}

/* ---- XDG -------------------------------------------------------------------- */

static const char *const xdg_vars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME" };
static char *saved_env[3];
static bool had_env[3];

static int xdg_setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(xdg_vars[i]);
        had_env[i] = v != NULL;
        saved_env[i] = v ? strdup(v) : NULL;
        if (v && !saved_env[i])
            return -1;
        unsetenv(xdg_vars[i]);
    }
    return 0;
}

static int xdg_teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        if (had_env[i])
            setenv(xdg_vars[i], saved_env[i], 1);
        else
            unsetenv(xdg_vars[i]);
        free(saved_env[i]);
        saved_env[i] = NULL;
    }
    return 0;
}

static void the_config_folder_follows_xdg_and_then_home(void **state)
{
    (void)state;
    char buf[256];
    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    setenv("XDG_STATE_HOME", "/x/state", 1);
    setenv("HOME", "/home/u", 1);
    assert_true(xdg_path(XDG_CONFIG, NULL, buf, sizeof buf));
    assert_string_equal(buf, "/x/conf/attnviz");
    assert_true(xdg_path(XDG_CONFIG, "themes", buf, sizeof buf));
    assert_string_equal(buf, "/x/conf/attnviz/themes");
    setenv("XDG_CONFIG_HOME", "relative/conf", 1);     /* the spec: ignored */
    assert_true(xdg_path(XDG_CONFIG, NULL, buf, sizeof buf));
    assert_string_equal(buf, "/home/u/.config/attnviz");
    setenv("XDG_CONFIG_HOME", "", 1);
    assert_true(xdg_path(XDG_CONFIG, "config", buf, sizeof buf));
    assert_string_equal(buf, "/home/u/.config/attnviz/config");
    unsetenv("XDG_CONFIG_HOME");
    assert_true(xdg_path(XDG_CONFIG, NULL, buf, sizeof buf));
    assert_string_equal(buf, "/home/u/.config/attnviz");
    unsetenv("HOME");
    assert_false(xdg_path(XDG_CONFIG, NULL, buf, sizeof buf));
    setenv("HOME", "", 1);
    assert_false(xdg_path(XDG_CONFIG, NULL, buf, sizeof buf));
}

static void the_state_folder_follows_xdg_and_then_home(void **state)
{
    (void)state;
    char buf[256];
    setenv("XDG_STATE_HOME", "/x/state", 1);
    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    setenv("HOME", "/home/u", 1);
    assert_true(xdg_path(XDG_STATE, "history", buf, sizeof buf));
    assert_string_equal(buf, "/x/state/attnviz/history");
    setenv("XDG_STATE_HOME", "state", 1);              /* relative: ignored */
    assert_true(xdg_path(XDG_STATE, "history", buf, sizeof buf));
    assert_string_equal(buf, "/home/u/.local/state/attnviz/history");
    unsetenv("XDG_STATE_HOME");
    assert_true(xdg_path(XDG_STATE, NULL, buf, sizeof buf));
    assert_string_equal(buf, "/home/u/.local/state/attnviz");
    unsetenv("HOME");
    assert_false(xdg_path(XDG_STATE, "history", buf, sizeof buf));   /* the config's is no help */
}

static void a_path_that_does_not_fit_is_refused(void **state)
{
    (void)state;
    char buf[64];
    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    const char *want = "/x/conf/attnviz/themes";
    size_t need = strlen(want) + 1;
    assert_true(xdg_path(XDG_CONFIG, "themes", buf, need));
    assert_string_equal(buf, want);
    assert_false(xdg_path(XDG_CONFIG, "themes", buf, need - 1));
    assert_false(xdg_path(XDG_CONFIG, NULL, buf, 8));
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/u", 1);
    assert_false(xdg_path(XDG_CONFIG, NULL, buf, strlen("/home/u/.config/attnviz")));
    assert_true(xdg_path(XDG_CONFIG, NULL, buf, strlen("/home/u/.config/attnviz") + 1));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define X(f) cmocka_unit_test_setup_teardown(f, xdg_setup, xdg_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_kind_of_file_has_its_name),
        T(a_regular_file_is_opened_blocking_and_close_on_exec),
        T(read_all_gives_the_whole_file_nul_terminated),
        T(a_missing_file_reads_as_none_and_cannot_be_opened),
        T(a_fifo_is_refused_without_blocking),
        T(a_folder_and_a_device_are_refused),
        T(a_file_over_a_kib_limit_is_refused_in_kib),
        T(a_file_over_a_mib_limit_is_refused_in_mib),
        T(a_symbolic_link_to_a_file_is_read_through),
        T(a_write_creates_and_then_replaces_the_file),
        T(a_bare_file_name_is_written_in_the_current_folder),
        T(a_replaced_file_keeps_its_permission_bits),
        T(a_new_file_gets_0666_less_the_umask),
        T(a_symbolic_link_to_a_file_is_written_through_and_stays_a_link),
        T(a_dangling_symbolic_link_is_refused_and_left_alone),
        T(a_target_that_is_not_a_regular_file_is_refused_and_left_as_it_was),
        T(the_guard_sees_the_first_bytes_and_may_refuse),
        T(a_read_only_file_is_kept_unless_forced),
        T(a_failing_writer_leaves_the_old_file_and_no_temporary_file),
        T(a_write_into_a_missing_folder_fails_with_the_reason),
        T(a_write_over_the_file_size_limit_fails_and_keeps_the_old_file),
        T(make_parents_makes_every_missing_folder_private),
        T(make_parents_fails_below_a_file),
        T(make_parents_fails_when_the_folder_part_is_a_file),
        X(the_config_folder_follows_xdg_and_then_home),
        X(the_state_folder_follows_xdg_and_then_home),
        X(a_path_that_does_not_fit_is_refused),
    };
#undef T
#undef X
    return cmocka_run_group_tests(tests, NULL, NULL);
}
