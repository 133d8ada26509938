/* test_faults.c - issue 14's fault suite: the real binary ($ATTNVIZ) given
 * files that are not files, a full disk, a file-size limit, endless input,
 * signals in the middle of things and text full of terminal escapes, end
 * to end. Each point of the issue is at least one test here; the readers
 * and writers have unit tests of their own (test_fsfile, test_script,
 * test_session, test_theme), these check what a user running the program
 * sees: the exit status, the message, the file left as it was, the time
 * it took.
 *
 * Every test works in a fresh /tmp/attnviz-faults-XXXXXX folder (HOME and
 * the XDG folders inside it), removed at teardown. Run as root, the
 * program runs as nobody (uid and gid 65534) in a folder given to nobody, so a
 * mistake cannot reach a file of the system; the tests that need a device
 * node make it as root (mknod, in the folder) and also run the program as
 * root on it, as the "as root, :save /dev/null would replace it"
 * asks. A device node test is skipped when mknod is not allowed.
 *
 * Batch runs are forked here (stdin, stdout and stderr redirected, a
 * file-size limit when asked) and killed after RUN_TIMEOUT_MS: a run that
 * had to be killed fails its test. Terminal runs go through the pty
 * harness (tests/support/vt.c); the child is this very binary started with
 * --launch, which drops to nobody, sets the limit, and execs attnviz. */
/* unshare(CLONE_NEWNS), for the tmpfs of the full-disk test */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "attnviz/exitcode.h"
#include "attnviz/limits.h"
#include "support/spawn_env.h"
#include "support/vt.h"

/* A run that takes longer than this hangs: it is killed and fails. */
enum { RUN_TIMEOUT_MS = 10000 };
/* A fault must not make the program grow: what it may hold at most
 * (resident, in KiB), with room for ASan's shadow memory. */
enum { MAX_RSS_KB = 400 * 1024 };
enum { NOBODY = 65534 };

static char self_exe[PATH_MAX];   /* this test binary, for --launch */

static bool is_root(void)
{
    return geteuid() == 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- each test's folder -------------------------------------------------- */

struct fx {
    struct spawn_env env;      /* dir; HOME, XDG_STATE_HOME, XDG_CONFIG_HOME */
    char mounted[PATH_MAX];    /* a tmpfs this test mounted, "" when none */
};

/* What the running program may write to is nobody's when we are root. */
static void give_to_nobody(const char *path)
{
    if (is_root() && lchown(path, NOBODY, NOBODY) != 0)
        fail_msg("cannot chown %s to nobody: %s", path, strerror(errno));
}

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    if (!fx || spawn_env_make(&fx->env, "attnviz-faults") != 0)
        return -1;
    if (is_root() && chown(fx->env.dir, NOBODY, NOBODY) != 0)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    if (fx->mounted[0])
        umount2(fx->mounted, MNT_DETACH);
    int rc = spawn_env_remove(&fx->env);
    free(fx);
    return rc;
}

/* "DIR/name" in a buffer of the caller's. */
static char *path_in(const struct fx *fx, const char *name, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s", fx->env.dir, name);
    assert_true(n > 0 && (size_t)n < cap);
    return buf;
}

/* mkdir -p of DIR/rel, each folder made given to nobody. */
static void make_dirs(const struct fx *fx, const char *rel)
{
    char path[PATH_MAX];
    path_in(fx, rel, path, sizeof path);
    for (char *p = path + strlen(fx->env.dir) + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0755) == 0)
            give_to_nobody(path);
        else if (errno != EEXIST)
            fail_msg("cannot make %s: %s", path, strerror(errno));
        *p = c;
        if (!c)
            break;
    }
}

/* DIR/rel holding text (made by us; the program only has to read it or
 * replace it, which it may as the folder is nobody's). */
static void put_file(const struct fx *fx, const char *rel, const char *text)
{
    char path[PATH_MAX];
    write_file(path_in(fx, rel, path, sizeof path), text);
    give_to_nobody(path);
}

static void put_fifo(const struct fx *fx, const char *rel)
{
    char path[PATH_MAX];
    path_in(fx, rel, path, sizeof path);
    if (mkfifo(path, 0666) != 0)
        fail_msg("mkfifo %s: %s", path, strerror(errno));
    give_to_nobody(path);
}

static void put_link(const struct fx *fx, const char *rel, const char *target)
{
    char path[PATH_MAX];
    path_in(fx, rel, path, sizeof path);
    if (symlink(target, path) != 0)
        fail_msg("symlink %s: %s", path, strerror(errno));
    give_to_nobody(path);
}

/* A character device node DIR/rel (major, minor) as a copy of /dev/null
 * (1, 3) or /dev/full (1, 7): skips the test when it cannot be made. */
static void put_char_node(const struct fx *fx, const char *rel, unsigned major, unsigned minor)
{
    char path[PATH_MAX];
    path_in(fx, rel, path, sizeof path);
    if (!is_root())
        skip();   /* mknod of a device needs root */
    if (mknod(path, S_IFCHR | 0666, makedev(major, minor)) != 0) {
        if (errno == EPERM)
            skip();   /* a container without CAP_MKNOD */
        fail_msg("mknod %s: %s", path, strerror(errno));
    }
    if (chmod(path, 0666) != 0)   /* past the umask */
        fail_msg("chmod %s: %s", path, strerror(errno));
}

/* ---- what a path is, before and after -------------------------------------- */

struct node {
    bool exists;
    struct stat st;            /* lstat */
    char link[PATH_MAX];       /* a symbolic link's text */
    char *bytes;               /* a regular file's contents */
    size_t len;
    char names[512];           /* a folder's entries, sorted, '/'-joined */
};

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void node_take(const char *path, struct node *n)
{
    memset(n, 0, sizeof *n);
    if (lstat(path, &n->st) != 0) {
        assert_int_equal(errno, ENOENT);
        return;
    }
    n->exists = true;
    if (S_ISLNK(n->st.st_mode)) {
        ssize_t k = readlink(path, n->link, sizeof n->link - 1);
        assert_true(k >= 0);
        n->link[k] = '\0';
    } else if (S_ISREG(n->st.st_mode)) {
        n->bytes = read_file(path, &n->len);
    } else if (S_ISDIR(n->st.st_mode)) {
        DIR *d = opendir(path);
        assert_non_null(d);
        char *list[32];
        size_t k = 0;
        for (struct dirent *e; (e = readdir(d)) && k < 32;)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                list[k++] = strdup(e->d_name);
        closedir(d);
        qsort(list, k, sizeof list[0], cmp_names);
        for (size_t i = 0; i < k; i++) {
            size_t used = strlen(n->names);
            snprintf(n->names + used, sizeof n->names - used, "%s/", list[i]);
            free(list[i]);
        }
    }
}

static void node_free(struct node *n)
{
    free(n->bytes);
    n->bytes = NULL;
}

/* The path is exactly what it was: the same inode of the same kind, the
 * same device numbers, size and times, link text, contents. */
static void expect_same_node(const struct node *was, const struct node *now, const char *what)
{
    if (was->exists != now->exists)
        fail_msg("%s: %s", what, was->exists ? "is gone" : "was made");
    if (!was->exists)
        return;
    const struct stat *a = &was->st, *b = &now->st;
    if ((a->st_mode & S_IFMT) != (b->st_mode & S_IFMT))
        fail_msg("%s: its kind changed (mode %o, now %o)", what, (unsigned)a->st_mode,
                 (unsigned)b->st_mode);
    if (a->st_ino != b->st_ino || a->st_dev != b->st_dev)
        fail_msg("%s: replaced by another file (inode %llu, now %llu)", what,
                 (unsigned long long)a->st_ino, (unsigned long long)b->st_ino);
    if (a->st_rdev != b->st_rdev || a->st_mode != b->st_mode || a->st_uid != b->st_uid)
        fail_msg("%s: device number, mode or owner changed", what);
    if (a->st_size != b->st_size || a->st_mtim.tv_sec != b->st_mtim.tv_sec
        || a->st_mtim.tv_nsec != b->st_mtim.tv_nsec)
        fail_msg("%s: size or modification time changed (%lld bytes, now %lld)", what,
                 (long long)a->st_size, (long long)b->st_size);
    if (strcmp(was->link, now->link) != 0)
        fail_msg("%s: the link now points to \"%s\", not \"%s\"", what, now->link, was->link);
    if (was->len != now->len || (was->len && memcmp(was->bytes, now->bytes, was->len) != 0))
        fail_msg("%s: its contents changed", what);
    if (strcmp(was->names, now->names) != 0)
        fail_msg("%s: the folder's entries changed (%s, now %s)", what, was->names, now->names);
}

/* No temporary file of an atomic write (.attnviz-*) is left in dir. */
static void expect_no_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (strncmp(e->d_name, ".attnviz-", 9) == 0) {
            closedir(d);
            fail_msg("a temporary file was left behind: %s/%s", dir, e->d_name);
        }
    closedir(d);
}

/* ---- the program without a terminal ---------------------------------------- */

struct run_opts {
    const char *stdin_text;    /* standard input holds this, else */
    const char *stdin_path;    /* it is opened from this (default /dev/null), else */
    char stdin_endless;        /* a pipe with this byte written to it without end */
    const char *stdout_path;   /* standard output goes there, else it is kept */
    rlim_t fsize;              /* RLIMIT_FSIZE in bytes; 0: none set */
    bool root;                 /* run as ourselves even when root */
    bool no_color;             /* NO_COLOR=1 */
};

struct run {
    int wstatus;               /* as waitpid gives it */
    bool killed;               /* still running at the timeout */
    long long ms;
    long maxrss_kb;
    char *out, *err;
};

static void drop_to_nobody(void)
{
    if (geteuid() != 0)
        return;
    if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0) {
        perror("test_faults: cannot become nobody");
        _exit(126);
    }
}

static void set_fsize(rlim_t bytes)
{
    struct rlimit rl = { bytes, bytes };
    if (bytes && setrlimit(RLIMIT_FSIZE, &rl) != 0) {
        perror("test_faults: setrlimit");
        _exit(126);
    }
}

/* attnviz with args (NULL-terminated, argv[0] excluded) in the test's
 * folder and environment. Fails the test when it had to be killed. */
static struct run run_opt(const struct fx *fx, const struct run_opts *o, const char *const *args)
{
    struct run r = { .wstatus = -1 };
    FILE *out = tmpfile(), *err = tmpfile(), *in = NULL;
    assert_non_null(out);
    assert_non_null(err);
    if (o->stdin_text) {
        in = tmpfile();
        assert_non_null(in);
        assert_true(fputs(o->stdin_text, in) >= 0);
        assert_int_equal(fflush(in), 0);
        rewind(in);
    }
    const char *argv[32] = { attnviz_binary() };
    size_t argc = 1;
    for (size_t i = 0; args[i]; i++) {
        assert_true(argc + 1 < sizeof argv / sizeof argv[0]);
        argv[argc++] = args[i];
    }
    argv[argc] = NULL;
    fflush(NULL);
    int pipe_fd[2] = { -1, -1 };
    pid_t writer = -1;
    if (o->stdin_endless) {
        assert_int_equal(pipe(pipe_fd), 0);
        writer = fork();
        assert_true(writer >= 0);
        if (writer == 0) {     /* until the reader is gone (EPIPE) */
            char buf[65536];
            memset(buf, o->stdin_endless, sizeof buf);
            close(pipe_fd[0]);
            while (write(pipe_fd[1], buf, sizeof buf) > 0)
                ;
            _exit(0);
        }
        close(pipe_fd[1]);
    }
    long long start = now_ms();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd0 = in ? fileno(in) : o->stdin_endless ? pipe_fd[0]
                : open(o->stdin_path ? o->stdin_path : "/dev/null", O_RDONLY);
        int fd1 = o->stdout_path ? open(o->stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644)
                                 : fileno(out);
        if (fd0 < 0 || fd1 < 0 || chdir(fx->env.dir) != 0)
            _exit(125);
        dup2(fd0, 0);
        dup2(fd1, 1);
        dup2(fileno(err), 2);
        putenv((char *)fx->env.home);
        putenv((char *)fx->env.state_home);
        putenv((char *)fx->env.config_home);
        unsetenv("COLORTERM");
        if (o->no_color)
            setenv("NO_COLOR", "1", 1);
        else
            unsetenv("NO_COLOR");
        set_fsize(o->fsize);
        if (!o->root)
            drop_to_nobody();
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    struct rusage ru;
    for (;;) {
        pid_t got = wait4(pid, &r.wstatus, WNOHANG, &ru);
        if (got == pid)
            break;
        assert_true(got == 0 || errno == EINTR);
        if (now_ms() - start > RUN_TIMEOUT_MS) {
            kill(pid, SIGKILL);
            assert_int_equal(wait4(pid, &r.wstatus, 0, &ru), pid);
            r.killed = true;
            break;
        }
        poll(NULL, 0, 2);
    }
    r.ms = now_ms() - start;
    if (writer > 0) {
        close(pipe_fd[0]);
        kill(writer, SIGKILL);
        waitpid(writer, NULL, 0);
    }
    r.maxrss_kb = ru.ru_maxrss;
    r.out = stream_text(out);
    r.err = stream_text(err);
    fclose(out);
    fclose(err);
    if (in)
        fclose(in);
    if (r.killed)
        fail_msg("attnviz %s%s… still ran after %d ms: killed (stderr: %s)", args[0],
                 args[1] ? " " : "", RUN_TIMEOUT_MS, r.err);
    return r;
}

static struct run run_args(const struct fx *fx, const char *const *args)
{
    return run_opt(fx, &(struct run_opts){ 0 }, args);
}

/* A session script on standard input: attnviz --batch - */
static struct run run_script(const struct fx *fx, const char *script)
{
    return run_opt(fx, &(struct run_opts){ .stdin_text = script },
                   (const char *[]){ "--batch", "-", NULL });
}

static struct run run_script_as_root(const struct fx *fx, const char *script)
{
    return run_opt(fx, &(struct run_opts){ .stdin_text = script, .root = true },
                   (const char *[]){ "--batch", "-", NULL });
}

static void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

/* Ended by itself with an exit status (not by a signal); returns it. */
static int exit_status(const struct run *r, const char *what)
{
    if (WIFSIGNALED(r->wstatus))
        fail_msg("%s: killed by signal %d (%s); stderr: %s", what, WTERMSIG(r->wstatus),
                 strsignal(WTERMSIG(r->wstatus)), r->err);
    assert_true(WIFEXITED(r->wstatus));
    if (strstr(r->err, "Sanitizer") || strstr(r->err, "runtime error"))
        fail_msg("%s: a sanitizer report: %s", what, r->err);
    return WEXITSTATUS(r->wstatus);
}

/* Ended with a non-zero status and a message naming `word`. */
static void expect_refused(const struct run *r, const char *word, const char *what)
{
    int st = exit_status(r, what);
    if (st == 0)
        fail_msg("%s: exit status 0; stderr: %s", what, r->err);
    if (!strstr(r->err, word))
        fail_msg("%s: the message does not say \"%s\": %s", what, word, r->err);
}

/* Whether s holds a byte the terminal would act on, other than those in
 * `allowed` (and, when sgr, ESC [ digits ; ... m colour sequences):
 * C0 controls, DEL, and C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F,
 * which UTF-8 terminals take as controls too: U+009B is a CSI). Returns
 * its offset, or -1. */
static long raw_control(const char *s, size_t len, const char *allowed, bool sgr)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == 0x1b && sgr && i + 1 < len && p[i + 1] == '[') {
            size_t j = i + 2;
            while (j < len && ((p[j] >= '0' && p[j] <= '9') || p[j] == ';'))
                j++;
            if (j < len && p[j] == 'm') {
                i = j;
                continue;
            }
            return (long)i;
        }
        if (p[i] == '\r' && strchr(allowed, '\r') && i + 1 < len && p[i + 1] == '\n')
            continue;
        if ((p[i] < 0x20 && p[i] != '\r' && p[i] && strchr(allowed, p[i])))
            continue;
        if (p[i] < 0x20 || p[i] == 0x7f)
            return (long)i;
        if (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
            return (long)i;
    }
    return -1;
}

static void expect_no_raw_control(const char *s, size_t len, const char *allowed, bool sgr,
                                  const char *what)
{
    long at = raw_control(s, len, allowed, sgr);
    if (at >= 0) {
        long from = at > 20 ? at - 20 : 0;
        fprintf(stderr, "around it: \"");
        for (long i = from; i < at + 20 && (size_t)i < len; i++)
            fprintf(stderr, (unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f ? "<%02x>"
                            : "%c", (unsigned char)s[i]);
        fprintf(stderr, "\"\n");
        fail_msg("%s: a raw control byte 0x%02x at byte %ld", what, (unsigned char)s[at], at);
    }
}

/* ---- the program in a terminal ---------------------------------------------- */

struct launch {
    bool root;          /* run as ourselves even when root */
    rlim_t fsize;       /* RLIMIT_FSIZE, 0: none */
    bool wait_go;       /* wait for a line on the terminal before exec */
};

/* This binary run as `test_faults --launch root|nobody FSIZE DIR 0|1 PROG
 * ARGS...`: chdir DIR, the file-size limit, nobody, then (with 1) waits
 * for a newline on standard input, and execs PROG. */
static int launch_main(int argc, char **argv)
{
    if (argc < 7)
        return 125;
    if (chdir(argv[4]) != 0)
        return 125;
    set_fsize((rlim_t)strtoull(argv[3], NULL, 10));
    if (strcmp(argv[2], "nobody") == 0)
        drop_to_nobody();
    if (strcmp(argv[5], "1") == 0) {
        char c;
        while (read(0, &c, 1) == 1 && c != '\n')
            ;
    }
    execv(argv[6], argv + 6);
    perror("test_faults --launch: exec");
    return 127;
}

/* attnviz with args in a 140x32 pty, as nobody in the test's folder. */
static struct vt *tui_launch(const struct fx *fx, const struct launch *l, const char *const *args)
{
    char fsize[32];
    snprintf(fsize, sizeof fsize, "%llu", (unsigned long long)l->fsize);
    char *argv[32] = { self_exe, "--launch", l->root ? "root" : "nobody", fsize,
                       (char *)fx->env.dir, l->wait_go ? "1" : "0", (char *)attnviz_binary() };
    size_t argc = 7;
    for (size_t i = 0; args && args[i]; i++) {
        assert_true(argc + 1 < sizeof argv / sizeof argv[0]);
        argv[argc++] = (char *)args[i];
    }
    argv[argc] = NULL;
    char *env[] = { (char *)fx->env.home, (char *)fx->env.state_home,
                    (char *)fx->env.config_home, NULL };
    struct vt *vt = vt_spawn(140, 32, argv, env);
    assert_non_null(vt);
    return vt;
}

static struct vt *tui_start(const struct fx *fx, const char *const *args)
{
    struct vt *vt = tui_launch(fx, &(struct launch){ 0 }, args);
    assert_true(vt_wait_for(vt, "d_model ", RUN_TIMEOUT_MS));
    return vt;
}

/* Whether the prompt, the bottom row, reads "› " + ctx (just "›" for ""). */
static bool prompt_reads(struct vt *vt, void *ctx)
{
    int cols, rows;
    vt_size(vt, &cols, &rows);
    char *row = vt_row_text(vt, rows - 1), want[512];
    snprintf(want, sizeof want, "\u203a%s%s", *(const char *)ctx ? " " : "", (const char *)ctx);
    bool same = strcmp(row, want) == 0;
    free(row);
    return same;
}

/* Types line at the prompt (which has the focus at start) and, once it
 * shows there, presses Enter. Keys sent faster than a person types are a
 * paste, whose line breaks are blanks: the Enter goes alone, after the
 * line is in. */
static void tui_enter(struct vt *vt, const char *line)
{
    assert_true(vt_type(vt, line));
    assert_true(vt_wait_until(vt, prompt_reads, (void *)line, RUN_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ENTER));
}

/* tui_enter, then waits until the prompt is empty again: the line ran. */
static void tui_line(struct vt *vt, const char *line)
{
    tui_enter(vt, line);
    assert_true(vt_wait_until(vt, prompt_reads, "", RUN_TIMEOUT_MS));
}

/* The exit status; fails when the program is still running or a
 * sanitizer spoke. */
static int tui_exit(struct vt *vt)
{
    int status = vt_wait_exit(vt, RUN_TIMEOUT_MS);
    if (status < 0) {
        char *screen = vt_screen_text(vt);
        fprintf(stderr, "the screen:\n%s\n", screen);
        free(screen);
        fail_msg("attnviz still ran %d ms after it was told to quit", RUN_TIMEOUT_MS);
    }
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    if (strstr(raw, "Sanitizer") || strstr(raw, "runtime error"))
        fail_msg("a sanitizer report in the terminal: %s", raw);
    return status;
}

static void tui_quit(struct vt *vt)
{
    tui_enter(vt, ":quit!");
    assert_int_equal(tui_exit(vt), 0);
}

/* The peak resident size of the running child, in KiB (VmHWM). */
static long tui_peak_kb(const struct vt *vt)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", vt_pid(vt));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
            break;
    fclose(f);
    assert_true(kb > 0);
    return kb;
}

/* ===== 1. files that are not files: :save, :export, the history ========== */

/* One target: the script's line, the path, the word the message must have. */
static void expect_write_refused(const struct fx *fx, const char *cmd, const char *name,
                                 const char *word, bool root)
{
    char path[PATH_MAX], script[PATH_MAX + 64], what[PATH_MAX + 64];
    path_in(fx, name, path, sizeof path);
    snprintf(script, sizeof script, "the cat sat\n%s %s\n", cmd, name);
    snprintf(what, sizeof what, "%s %s (%s)%s", cmd, name, word, root ? " as root" : "");
    struct node before, after;
    node_take(path, &before);
    struct run r = root ? run_script_as_root(fx, script) : run_script(fx, script);
    expect_refused(&r, word, what);
    /* a refused target is the line's fault, not the disk's */
    if (exit_status(&r, what) != AV_EXIT_DATA)
        fail_msg("%s: exit status %d, not %d", what, exit_status(&r, what), AV_EXIT_DATA);
    node_take(path, &after);
    expect_same_node(&before, &after, what);
    node_free(&before);
    node_free(&after);
    expect_no_temp_files(fx->env.dir);
    run_free(&r);
}

static const char *const write_cmds[] = { ":save", ":save!", ":export svg", ":export! svg",
                                          ":export csv", ":wq" };
#define N_WRITE_CMDS (sizeof write_cmds / sizeof write_cmds[0])

static void save_and_export_refuse_a_fifo_and_a_dangling_link_leaving_them_alone(void **state)
{
    const struct fx *fx = *state;
    put_fifo(fx, "pipe");
    put_link(fx, "dangling", "nowhere/at/all");
    for (size_t i = 0; i < N_WRITE_CMDS; i++) {
        expect_write_refused(fx, write_cmds[i], "pipe", "FIFO", false);
        expect_write_refused(fx, write_cmds[i], "dangling", "link", false);
    }
    /* the dangling link's target was not made either */
    char path[PATH_MAX];
    assert_int_equal(access(path_in(fx, "nowhere", path, sizeof path), F_OK), -1);
}

static void save_and_export_refuse_a_device_node_as_nobody_and_as_root(void **state)
{
    const struct fx *fx = *state;
    put_char_node(fx, "null-copy", 1, 3);
    for (size_t i = 0; i < N_WRITE_CMDS; i++) {
        expect_write_refused(fx, write_cmds[i], "null-copy", "device", false);
        expect_write_refused(fx, write_cmds[i], "null-copy", "device", true);
    }
}

/* :save! onto a copy of /dev/full: refused for what it is (not written
 * to, which would give "no space"), the node kept. */
static void save_bang_onto_a_copy_of_dev_full_is_refused_and_the_node_kept(void **state)
{
    const struct fx *fx = *state;
    put_char_node(fx, "full-copy", 1, 7);
    expect_write_refused(fx, ":save!", "full-copy", "device", false);
    expect_write_refused(fx, ":save!", "full-copy", "device", true);
    expect_write_refused(fx, ":export! svg", "full-copy", "device", false);
    expect_write_refused(fx, ":export! svg", "full-copy", "device", true);
}

/* A live link is written through: the file it names gets the new text (it
 * holds `word`, the last word of the sentence set first) and the link stays
 * a link to it. */
static void expect_written_through(const struct fx *fx, const char *cmd, const char *link,
                                   const char *target, const char *word)
{
    char lpath[PATH_MAX], tpath[PATH_MAX], script[256];
    path_in(fx, link, lpath, sizeof lpath);
    path_in(fx, target, tpath, sizeof tpath);
    char *was = read_file(tpath, NULL);
    assert_null(strstr(was, word));
    free(was);
    snprintf(script, sizeof script, "written through the link %s\n%s %s\n", word, cmd, link);
    struct node before, after;
    node_take(lpath, &before);
    struct run r = run_script(fx, script);
    if (exit_status(&r, cmd) != 0)
        fail_msg("%s onto a live link: %s", cmd, r.err);
    node_take(lpath, &after);
    expect_same_node(&before, &after, "the link");
    char *text = read_file(tpath, NULL);
    if (!strstr(text, word))
        fail_msg("%s did not write through the link: %s holds %s", cmd, target, text);
    free(text);
    node_free(&before);
    node_free(&after);
    expect_no_temp_files(fx->env.dir);
    run_free(&r);
}

static void save_and_export_write_through_a_live_link_and_keep_it(void **state)
{
    const struct fx *fx = *state;
    put_file(fx, "notes.txt", "not a session\n");
    put_link(fx, "notes-link", "notes.txt");
    expect_written_through(fx, ":save!", "notes-link", "notes.txt", "firstly");
    /* the file is a session now: :save without ! may replace it too */
    expect_written_through(fx, ":save", "notes-link", "notes.txt", "secondly");
    /* an export over an export of the same kind, through a link */
    struct run r = run_script(fx, "first words\n:export svg fig.svg\n");
    assert_int_equal(exit_status(&r, ":export svg fig.svg"), 0);
    run_free(&r);
    put_link(fx, "fig-link.svg", "fig.svg");
    expect_written_through(fx, ":export svg", "fig-link.svg", "fig.svg", "thirdly");
}

/* The history file at the TUI's start and end: not a regular file, it is
 * reported (on the screen at start, or after the end) and left as it
 * was; the program starts, takes a line, and quits with status 0. */
static void expect_history_left_alone(const struct fx *fx, bool root, const char *word)
{
    char path[PATH_MAX];
    path_in(fx, "state/attnviz/history", path, sizeof path);
    struct node before, after;
    node_take(path, &before);
    struct vt *vt = tui_launch(fx, &(struct launch){ .root = root }, NULL);
    assert_true(vt_wait_for(vt, "d_model ", RUN_TIMEOUT_MS));
    tui_line(vt, "we like warm tea");
    assert_true(vt_wait_for(vt, "\"we like warm tea\"", RUN_TIMEOUT_MS));
    tui_quit(vt);
    /* said on the first screen, or on the terminal after the end */
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    if (!strstr(raw, word) || !strstr(raw, "history"))
        fail_msg("the history file (%s) was not reported; the screen:\n%s", word,
                 vt_screen_text(vt));
    vt_free(vt);
    node_take(path, &after);
    expect_same_node(&before, &after, "the history file");
    node_free(&before);
    node_free(&after);
    char folder[PATH_MAX];
    expect_no_temp_files(path_in(fx, "state/attnviz", folder, sizeof folder));
}

static void a_history_file_that_is_no_regular_file_is_reported_and_left_alone(void **state)
{
    const struct fx *fx = *state;
    make_dirs(fx, "state/attnviz");
    put_fifo(fx, "state/attnviz/history");
    expect_history_left_alone(fx, false, "FIFO");
    char path[PATH_MAX];
    assert_int_equal(unlink(path_in(fx, "state/attnviz/history", path, sizeof path)), 0);

    make_dirs(fx, "state/attnviz/history");
    put_file(fx, "state/attnviz/history/kept", "a file in the folder\n");
    expect_history_left_alone(fx, false, "folder");
    assert_int_equal(unlink(path_in(fx, "state/attnviz/history/kept", path, sizeof path)), 0);
    assert_int_equal(rmdir(path_in(fx, "state/attnviz/history", path, sizeof path)), 0);

    put_link(fx, "state/attnviz/history", "gone/history");
    expect_history_left_alone(fx, false, "link");
}

static void a_history_device_node_is_reported_and_left_alone_even_as_root(void **state)
{
    const struct fx *fx = *state;
    make_dirs(fx, "state/attnviz");
    put_char_node(fx, "state/attnviz/history", 1, 3);
    expect_history_left_alone(fx, false, "device");
    expect_history_left_alone(fx, true, "device");
}

/* ===== 2. the history on a full disk ========================================== */

/* A history of 800 distinct lines (about 100 KB, under the 1,000 lines
 * kept, so a write that worked would keep every one). */
static char *big_history(void)
{
    size_t cap = 800 * 160;
    char *h = malloc(cap), *o = h;
    assert_non_null(h);
    for (int i = 0; i < 800; i++)
        o += sprintf(o, "the history line %d, long enough to fill a disk: %0100d\n", i, i);
    return h;
}

/* The TUI takes a line and quits; writing the history fails for `why`:
 * the old file is byte for byte as it was, no temporary file is left,
 * and the terminal was told why. */
static void expect_history_kept(const struct fx *fx, rlim_t fsize, int why)
{
    char path[PATH_MAX], folder[PATH_MAX];
    path_in(fx, "state/attnviz/history", path, sizeof path);
    path_in(fx, "state/attnviz", folder, sizeof folder);
    struct node before, after;
    node_take(path, &before);
    assert_true(before.exists);
    struct vt *vt = tui_launch(fx, &(struct launch){ .fsize = fsize }, NULL);
    assert_true(vt_wait_for(vt, "d_model ", RUN_TIMEOUT_MS));
    tui_line(vt, "a line the history cannot keep");
    assert_true(vt_wait_for(vt, "\"a line the history cannot keep\"", RUN_TIMEOUT_MS));
    tui_enter(vt, ":quit!");
    int status = tui_exit(vt);
    assert_true(status >= 0 && status < 128);
    size_t len;
    const char *raw = vt_raw_output(vt, &len);
    if (!strstr(raw, strerror(why)) || !strstr(raw, "history"))
        fail_msg("the failed history write was not reported (\"%s\"); the screen:\n%s",
                 strerror(why), vt_screen_text(vt));
    vt_free(vt);
    node_take(path, &after);
    expect_same_node(&before, &after, "the old history");
    node_free(&before);
    node_free(&after);
    expect_no_temp_files(folder);
}

static void a_file_size_limit_keeps_the_old_history_and_says_so(void **state)
{
    const struct fx *fx = *state;
    make_dirs(fx, "state/attnviz");
    char *h = big_history();
    put_file(fx, "state/attnviz/history", h);
    free(h);
    expect_history_kept(fx, 16 << 10, EFBIG);
}

/* A private mount namespace for this process and its children, so a
 * tmpfs mounted here is seen by no one else and goes with us. */
static bool private_mounts(void)
{
    static int done = -1;
    if (done < 0)
        done = is_root() && unshare(CLONE_NEWNS) == 0
               && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
    return done;
}

static void a_full_tmpfs_keeps_the_old_history_and_says_so(void **state)
{
    struct fx *fx = *state;
    if (!private_mounts())
        skip();   /* not root, or no mount namespace here */
    make_dirs(fx, "state");
    char path[PATH_MAX];
    path_in(fx, "state", path, sizeof path);
    /* 160 KiB: the old history (about 100 KB) fits, a second copy not */
    if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV,
              "size=160k,mode=0755,uid=65534,gid=65534") != 0)
        skip();
    snprintf(fx->mounted, sizeof fx->mounted, "%s", path);
    make_dirs(fx, "state/attnviz");
    char *h = big_history();
    put_file(fx, "state/attnviz/history", h);
    free(h);
    expect_history_kept(fx, 0, ENOSPC);
    assert_int_equal(umount2(fx->mounted, 0), 0);
    fx->mounted[0] = '\0';
}

/* ===== 3. no hang: FIFOs and endless devices where files are read ========== */

static void a_fifo_in_the_themes_folder_hangs_no_mode(void **state)
{
    const struct fx *fx = *state;
    make_dirs(fx, "config/attnviz/themes");
    put_fifo(fx, "config/attnviz/themes/blocked.theme");
    struct run r = run_args(fx, (const char *[]){ "--help", NULL });
    assert_int_equal(exit_status(&r, "--help"), 0);
    assert_non_null(strstr(r.out, "usage: attnviz"));
    run_free(&r);
    r = run_args(fx, (const char *[]){ "--version", NULL });
    assert_int_equal(exit_status(&r, "--version"), 0);
    run_free(&r);
    put_file(fx, "small.attn", "I love cats\n:themes\n:print csv\n");
    r = run_args(fx, (const char *[]){ "--batch", "small.attn", NULL });
    assert_int_equal(exit_status(&r, "--batch small.attn"), 0);
    /* :themes names the FIFO and why it cannot be used */
    const char *line = strstr(r.out, "blocked");
    assert_non_null(line);
    assert_non_null(strstr(line, "FIFO"));
    assert_non_null(strstr(r.out, "tensor,head,row"));
    run_free(&r);
    r = run_args(fx, (const char *[]){ "--dump", "I love cats", NULL });
    assert_int_equal(exit_status(&r, "--dump"), 0);
    run_free(&r);
    struct vt *vt = tui_start(fx, NULL);
    tui_quit(vt);
    vt_free(vt);
}

static void a_fifo_or_dev_zero_as_the_config_file_is_reported_at_the_tui_start(void **state)
{
    const struct fx *fx = *state;
    make_dirs(fx, "config/attnviz");
    put_fifo(fx, "config/attnviz/config");
    struct vt *vt = tui_start(fx, NULL);
    assert_true(vt_wait_for(vt, "FIFO", RUN_TIMEOUT_MS));
    tui_quit(vt);
    vt_free(vt);
    char path[PATH_MAX];
    assert_int_equal(unlink(path_in(fx, "config/attnviz/config", path, sizeof path)), 0);

    put_link(fx, "config/attnviz/config", "/dev/zero");
    vt = tui_start(fx, NULL);
    assert_true(vt_wait_for(vt, "device", RUN_TIMEOUT_MS));
    long kb = tui_peak_kb(vt);
    if (kb > MAX_RSS_KB)
        fail_msg("with the config on /dev/zero attnviz grew to %ld KiB", kb);
    tui_quit(vt);
    vt_free(vt);
}

static void replay_and_batch_of_a_fifo_are_refused_without_waiting(void **state)
{
    const struct fx *fx = *state;
    put_fifo(fx, "pipe.attn");
    struct run r = run_args(fx, (const char *[]){ "--replay", "./pipe.attn", NULL });
    expect_refused(&r, "FIFO", "--replay ./pipe.attn");
    assert_int_equal(exit_status(&r, "--replay"), AV_EXIT_NOINPUT);
    run_free(&r);
    r = run_args(fx, (const char *[]){ "--batch", "pipe.attn", NULL });
    expect_refused(&r, "FIFO", "--batch pipe.attn");
    assert_int_equal(exit_status(&r, "--batch"), AV_EXIT_NOINPUT);
    run_free(&r);
    r = run_script(fx, ":load ./pipe.attn\n");
    expect_refused(&r, "FIFO", ":load ./pipe.attn");
    run_free(&r);
}

/* Typed in the terminal UI: each is refused at once for what the file is,
 * and the UI takes the next command. */
static void replay_and_save_of_a_fifo_in_the_tui_are_refused_and_it_goes_on(void **state)
{
    const struct fx *fx = *state;
    put_fifo(fx, "pipe.attn");
    char path[PATH_MAX];
    struct node before, after;
    node_take(path_in(fx, "pipe.attn", path, sizeof path), &before);
    struct vt *vt = tui_start(fx, NULL);
    tui_line(vt, ":replay ./pipe.attn");
    assert_true(vt_wait_for(vt, "FIFO", RUN_TIMEOUT_MS));
    tui_line(vt, ":causal on");
    assert_true(vt_wait_for(vt, "causal on  seed", RUN_TIMEOUT_MS));
    assert_true(vt_wait_for_not(vt, "FIFO", RUN_TIMEOUT_MS));
    tui_line(vt, ":save pipe.attn");
    assert_true(vt_wait_for(vt, "FIFO", RUN_TIMEOUT_MS));
    tui_line(vt, ":causal off");
    assert_true(vt_wait_for(vt, "causal off  seed", RUN_TIMEOUT_MS));
    tui_quit(vt);
    vt_free(vt);
    node_take(path, &after);
    expect_same_node(&before, &after, "the FIFO");
}

/* No bigger than an empty script's run, give or take what a line may hold
 * (AV_MAX_LINE) and the allocator's slack: endless input is not kept. */
static void expect_no_bigger(const struct run *r, long base_kb, const char *what)
{
    long slack_kb = 16 * 1024 + 4 * (long)(AV_MAX_LINE / 1024);
    if (r->maxrss_kb > base_kb + slack_kb)
        fail_msg("%s: grew to %ld KiB (an empty script: %ld KiB)", what, r->maxrss_kb, base_kb);
}

static void batch_of_dev_zero_and_of_endless_stdin_stop_with_a_message(void **state)
{
    const struct fx *fx = *state;
    struct run r = run_args(fx, (const char *[]){ "--batch", "-", NULL });   /* /dev/null */
    assert_int_equal(exit_status(&r, "--batch - </dev/null"), 0);
    long base_kb = r.maxrss_kb;
    run_free(&r);
    r = run_args(fx, (const char *[]){ "--batch", "/dev/zero", NULL });
    expect_refused(&r, "device", "--batch /dev/zero");
    assert_int_equal(exit_status(&r, "--batch /dev/zero"), AV_EXIT_NOINPUT);
    expect_no_bigger(&r, base_kb, "--batch /dev/zero");
    run_free(&r);
    r = run_opt(fx, &(struct run_opts){ .stdin_path = "/dev/zero" },
                (const char *[]){ "--batch", "-", NULL });
    expect_refused(&r, "NUL", "--batch - </dev/zero");
    expect_no_bigger(&r, base_kb, "--batch - </dev/zero");
    run_free(&r);
    /* one line without end (a pipe of 'a's): stopped at the script limit,
     * which the message states, holding no more than a line */
    r = run_opt(fx, &(struct run_opts){ .stdin_endless = 'a' },
                (const char *[]){ "--batch", "-", NULL });
    char limit[32];
    snprintf(limit, sizeof limit, "%u MiB", AV_MAX_SCRIPT_BYTES >> 20);
    expect_refused(&r, limit, "--batch - <endless line");
    expect_no_bigger(&r, base_kb, "--batch - <endless line");
    run_free(&r);
    /* the same after good lines: they ran, then the binary data stopped it */
    char script[PATH_MAX];
    put_file(fx, "good.attn", "I love cats\n:print csv\n");
    path_in(fx, "good-then-zero.attn", script, sizeof script);
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fputs("I love cats\n:print csv\n", f);
    for (int i = 0; i < 4096; i++)
        fputc(0, f);
    assert_int_equal(fclose(f), 0);
    r = run_opt(fx, &(struct run_opts){ .stdin_path = script },
                (const char *[]){ "--batch", "-", NULL });
    expect_refused(&r, "NUL", "--batch - <good lines, then NUL bytes");
    assert_non_null(strstr(r.out, "tensor,head,row"));
    run_free(&r);
}

/* ===== 4. SIGTERM in the middle of a paste ===================================== */

static void expect_same_termios(const struct termios *a, const struct termios *b,
                                const char *what)
{
    if (a->c_lflag != b->c_lflag || a->c_iflag != b->c_iflag || a->c_oflag != b->c_oflag
        || a->c_cflag != b->c_cflag)
        fail_msg("%s: the terminal was left changed: lflag %o→%o iflag %o→%o oflag %o→%o "
                 "cflag %o→%o", what, (unsigned)a->c_lflag, (unsigned)b->c_lflag,
                 (unsigned)a->c_iflag, (unsigned)b->c_iflag, (unsigned)a->c_oflag,
                 (unsigned)b->c_oflag, (unsigned)a->c_cflag, (unsigned)b->c_cflag);
    if (memcmp(a->c_cc, b->c_cc, sizeof a->c_cc) != 0)
        fail_msg("%s: the terminal's control characters were left changed", what);
}

/* Input waiting on the terminal, as FIONREAD counts it; waits up to 2 s
 * for it to reach at least `want` (the pty hands written bytes over in
 * the background). */
static int pending_input(int slave, int want)
{
    int n = 0;
    for (long long end = now_ms() + 2000;;) {
        assert_int_equal(ioctl(slave, FIONREAD, &n), 0);
        if (n >= want || now_ms() > end)
            return n;
        poll(NULL, 0, 5);
    }
}

/* A paste arrives while attnviz is stopped (so it is all still unread on
 * the terminal), then SIGTERM: attnviz ends with 128 + 15, no byte of the
 * paste is left for whatever reads the terminal next (a shell would run
 * its lines), and the terminal's settings are those it had before. */
static void sigterm_in_the_middle_of_a_paste_drops_its_rest_and_restores_the_terminal(
    void **state)
{
    const struct fx *fx = *state;
    struct vt *vt = tui_launch(fx, &(struct launch){ .wait_go = true }, NULL);
    int slave = vt_open_slave(vt);
    assert_true(slave >= 0);
    struct termios before, after;
    assert_int_equal(tcgetattr(slave, &before), 0);
    assert_true(vt_send(vt, "\n"));     /* --launch: go */
    assert_true(vt_wait_for(vt, "d_model ", RUN_TIMEOUT_MS));
    assert_true(vt_wait_for(vt, "›", RUN_TIMEOUT_MS));
    vt_drain(vt);
    assert_int_equal(pending_input(slave, 0), 0);

    static const char *const w[] = { "echo", "pwned", "and", "rm", "-rf", "your", "home", "." };
    char paste[2600] = "\033[200~";
    size_t o = strlen(paste);
    for (int i = 0; o + 16 < sizeof paste - 8; i++)
        o += (size_t)sprintf(paste + o, "%s%s", w[i % 8], i % 9 == 8 ? "\n" : " ");
    strcpy(paste + o, "\n\033[201~");
    assert_true(vt_kill(vt, SIGSTOP));
    assert_true(vt_send(vt, paste));
    int queued = pending_input(slave, (int)strlen(paste));
    if (queued < (int)strlen(paste) / 2)
        fail_msg("the paste did not wait on the terminal (%d of %zu bytes)", queued,
                 strlen(paste));
    assert_true(vt_kill(vt, SIGTERM));
    assert_true(vt_kill(vt, SIGCONT));
    assert_int_equal(tui_exit(vt), AV_EXIT_SIGNAL + SIGTERM);
    int left = pending_input(slave, 0);
    if (left != 0)
        fail_msg("%d bytes of the paste were left on the terminal after attnviz ended", left);
    assert_int_equal(tcgetattr(slave, &after), 0);
    expect_same_termios(&before, &after, "SIGTERM mid-paste");
    close(slave);
    vt_free(vt);
}

/* A 2,000-token text at d_model 256 (each change takes several frames),
 * a change, and SIGTERM while it is computed: the terminal's settings as
 * tcgetattr reads them on the slave are those from before the start. */
static void sigterm_mid_recompute_leaves_the_termios_as_they_were(void **state)
{
    const struct fx *fx = *state;
    char path[PATH_MAX];
    path_in(fx, "chapter.txt", path, sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    static const char *const w[] = { "the", "cat", "sat", "on", "a", "mat", "and", "slept" };
    for (int i = 0; i < 2000; i++)
        fprintf(f, "%s%s", w[(i * 5 + i / 7) % 8], i % 12 == 11 ? "\n" : " ");
    assert_int_equal(fclose(f), 0);
    struct vt *vt = tui_launch(fx, &(struct launch){ .wait_go = true },
                               (const char *[]){ "--dim", "256", "--heads", "4", "chapter.txt",
                                                 NULL });
    int slave = vt_open_slave(vt);
    assert_true(slave >= 0);
    struct termios before, during, after;
    assert_int_equal(tcgetattr(slave, &before), 0);
    assert_true(vt_send(vt, "\n"));
    assert_true(vt_wait_for(vt, "of 2,000", RUN_TIMEOUT_MS));
    /* curses changed them (a check that the comparison can fail) */
    assert_int_equal(tcgetattr(slave, &during), 0);
    assert_true(during.c_lflag != before.c_lflag);
    assert_true(vt_key(vt, VT_KEY_ESCAPE));
    assert_true(vt_wait_for(vt, "arrows: move", RUN_TIMEOUT_MS));
    assert_true(vt_type(vt, "c"));
    assert_true(vt_wait_for(vt, "computing", RUN_TIMEOUT_MS));   /* the pass runs */
    assert_true(vt_kill(vt, SIGTERM));
    assert_int_equal(tui_exit(vt), AV_EXIT_SIGNAL + SIGTERM);
    assert_int_equal(tcgetattr(slave, &after), 0);
    expect_same_termios(&before, &after, "SIGTERM mid-recompute");
    close(slave);
    vt_free(vt);
}

/* ===== 5. a file-size limit (SIGXFSZ) ========================================== */

/* A 1,200-word sentence (about 6 KB: its session, export or dump is past
 * a 4 KiB limit), then the lines `then`. */
static char *long_script(const char *then)
{
    static const char *const w[] = { "one", "long", "sentence", "that", "makes", "files",
                                     "big" };
    size_t cap = 12000 + strlen(then);
    char *s = malloc(cap), *o = s;
    assert_non_null(s);
    for (int i = 0; i < 1200; i++)
        o += sprintf(o, "%s%s", w[i % 7], i < 1199 ? " " : "\n");
    strcpy(o, then);
    return s;
}

static void expect_efbig(const struct fx *fx, const char *cmd, const char *target,
                         const char *old)
{
    char path[PATH_MAX], line[256], what[300];
    path_in(fx, target, path, sizeof path);
    if (old)
        put_file(fx, target, old);
    snprintf(line, sizeof line, "%s %s\n", cmd, target);
    snprintf(what, sizeof what, "%s %s under a 4 KiB file-size limit", cmd, target);
    char *script = long_script(line);
    struct node before, after;
    node_take(path, &before);
    struct run r = run_opt(fx, &(struct run_opts){ .stdin_text = script, .fsize = 4096 },
                           (const char *[]){ "--batch", "-", NULL });
    free(script);
    /* not killed by SIGXFSZ: the output could not be written */
    int st = exit_status(&r, what);
    if (st != AV_EXIT_IO)
        fail_msg("%s: exit status %d, not %d", what, st, AV_EXIT_IO);
    if (!strstr(r.err, strerror(EFBIG)))
        fail_msg("%s: the message does not say \"%s\": %s", what, strerror(EFBIG), r.err);
    node_take(path, &after);
    expect_same_node(&before, &after, what);
    node_free(&before);
    node_free(&after);
    expect_no_temp_files(fx->env.dir);
    run_free(&r);
}

static void a_save_past_the_file_size_limit_fails_without_a_signal_and_keeps_the_old_file(
    void **state)
{
    const struct fx *fx = *state;
    expect_efbig(fx, ":save", "old.attn", "# attnviz session v1\nthe old session\n");
    expect_efbig(fx, ":save!", "notes.txt", "old notes\n");
    expect_efbig(fx, ":save", "new.attn", NULL);
    expect_efbig(fx, ":export svg", "fig.svg", NULL);
    expect_efbig(fx, ":export! csv", "table.csv", "old,table\n");

    /* the same :save in a :load'ed file: the status is still the output's */
    char *inner = long_script(":save inner-out.attn\n");
    put_file(fx, "inner.attn", inner);
    free(inner);
    struct run loaded = run_opt(fx, &(struct run_opts){ .stdin_text = ":load inner.attn\n",
                                                        .fsize = 4096 },
                                (const char *[]){ "--batch", "-", NULL });
    assert_int_equal(exit_status(&loaded, ":save past the limit in a :load"), AV_EXIT_IO);
    assert_non_null(strstr(loaded.err, strerror(EFBIG)));
    run_free(&loaded);

    /* --dump into a regular file past the limit: the output status */
    char out[PATH_MAX];
    path_in(fx, "dump.svg", out, sizeof out);
    char *sentence = long_script("");
    sentence[strlen(sentence) - 1] = '\0';
    struct run r = run_opt(fx, &(struct run_opts){ .stdout_path = out, .fsize = 4096 },
                           (const char *[]){ "--dump", "--format", "svg", sentence, NULL });
    free(sentence);
    assert_int_equal(exit_status(&r, "--dump past the limit"), AV_EXIT_IO);
    assert_non_null(strstr(r.err, strerror(EFBIG)));
    run_free(&r);
}

/* ===== 6. no terminal escape through batch output =============================== */

static void terminal_escapes_in_notes_and_messages_reach_stderr_escaped(void **state)
{
    const struct fx *fx = *state;
    struct run r = run_script(fx,
                              "I love cats\n"
                              ":note \033]0;pwned\007\033[2J hi \001 there \177 \xc2\x9b" "31m\n"
                              ":dim \033[31m\n"
                              ":theme \033]0;x\007\n"
                              ":frob\033[2J\n"
                              ":load \033[2Jmissing.attn\n"
                              ":emb cats \033[1m\n");
    assert_int_equal(exit_status(&r, "batch"), AV_EXIT_DATA);   /* the bad lines */
    size_t len = strlen(r.err);
    expect_no_raw_control(r.err, len, "\n", false, "stderr");
    /* the text around the escapes is all there */
    const char *note = strstr(r.err, "pwned");
    assert_non_null(note);
    assert_non_null(strstr(note, "hi"));
    assert_non_null(strstr(note, "there"));
    /* one line per note and message, none split or joined */
    int lines = 0;
    for (const char *p = r.err; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 6);
    run_free(&r);
}

/* A sentence whose tokens hold control bytes: SOH, ESC, DEL, the C1 CSI
 * (U+009B) and BEL inside words (whitespace splits and ASCII punctuation
 * is a token of its own, but these are neither). */
#define EVIL "a\001b c\033d e\177f g\xc2\x9bh i\007j"
#define PLAIN "axb cxd exf gxh ixj"

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* One output: no raw control byte, and as many lines as the output of
 * the same sentence without control bytes (an escape neither breaks a
 * line nor joins two). */
static void expect_clean_output(const char *evil, const char *plain, const char *allowed,
                                bool sgr, const char *what)
{
    expect_no_raw_control(evil, strlen(evil), allowed, sgr, what);
    if (count_lines(evil) != count_lines(plain))
        fail_msg("%s: %zu lines, %zu without the control bytes", what, count_lines(evil),
                 count_lines(plain));
}

/* A JSON string's value, decoded (\uXXXX below U+0800 and the one-letter
 * escapes: enough for these tokens). */
static void json_decode(const char *p, char *out, size_t cap)
{
    size_t o = 0;
    assert_int_equal(*p++, '"');
    while (*p != '"') {
        assert_true(*p && o + 3 < cap);
        if (*p != '\\') {
            out[o++] = *p++;
            continue;
        }
        p++;
        if (*p == 'u') {
            unsigned cp;
            assert_int_equal(sscanf(p + 1, "%4x", &cp), 1);
            assert_true(cp < 0x800);
            if (cp < 0x80) {
                out[o++] = (char)cp;
            } else {
                out[o++] = (char)(0xc0 | (cp >> 6));
                out[o++] = (char)(0x80 | (cp & 0x3f));
            }
            p += 5;
        } else {
            const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
            const char *k = strchr(from, *p);
            assert_non_null(k);
            out[o++] = to[k - from];
            p++;
        }
    }
    out[o] = '\0';
}

/* The JSON's "tokens" are the tokens, control bytes and all. */
static void expect_json_tokens(const char *json, const char *what)
{
    static const char *const want[] = { "a\001b", "c\033d", "e\177f", "g\xc2\x9bh", "i\007j" };
    const char *p = strstr(json, "\"tokens\":[");
    assert_non_null(p);
    p += strlen("\"tokens\":[");
    for (size_t i = 0; i < 5; i++) {
        char tok[64];
        json_decode(p, tok, sizeof tok);
        if (strcmp(tok, want[i]) != 0)
            fail_msg("%s: token %zu does not read back as it was", what, i);
        p = strchr(p + 1, '"');   /* past the string: its end quote is unescaped */
        while (p[-1] == '\\')
            p = strchr(p + 1, '"');
        p++;
        if (i < 4) {
            assert_int_equal(*p, ',');
            p++;
        }
    }
}

static void control_bytes_in_tokens_are_escaped_in_every_batch_output(void **state)
{
    const struct fx *fx = *state;
    static const struct { const char *format, *allowed; bool sgr; } fmt[] = {
        { "text", "\n", false }, { "csv", "\n\r", false }, { "json", "\n", false },
        { "svg", "\n", false },  { "ansi", "\n", true },
    };
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "--dump --format %s", fmt[i].format);
        struct run evil = run_args(fx, (const char *[]){ "--dump", "--format", fmt[i].format,
                                                         EVIL, NULL });
        struct run plain = run_args(fx, (const char *[]){ "--dump", "--format", fmt[i].format,
                                                          PLAIN, NULL });
        assert_int_equal(exit_status(&evil, what), 0);
        assert_int_equal(exit_status(&plain, what), 0);
        expect_clean_output(evil.out, plain.out, fmt[i].allowed, fmt[i].sgr, what);
        if (strcmp(fmt[i].format, "json") == 0)
            expect_json_tokens(evil.out, what);
        run_free(&evil);
        run_free(&plain);
    }
    /* ansi without colors has no escape at all */
    struct run r = run_opt(fx, &(struct run_opts){ .no_color = true },
                           (const char *[]){ "--dump", "--format", "ansi", EVIL, NULL });
    assert_int_equal(exit_status(&r, "ansi, NO_COLOR"), 0);
    expect_no_raw_control(r.out, strlen(r.out), "\n", false, "--dump --format ansi, NO_COLOR");
    run_free(&r);

    /* :print and :export in batch mode, and the notes on stderr */
    static const struct { const char *line, *file, *allowed; bool sgr; } cmd[] = {
        { ":print text", NULL, "\n", false }, { ":print csv", NULL, "\n", false },
        { ":print json", NULL, "\n", false },
        { ":export csv t.csv", "t.csv", "\n\r", false },
        { ":export json t.json", "t.json", "\n", false },
        { ":export svg t.svg", "t.svg", "\n", false },
        { ":export ansi t.ans", "t.ans", "\n", true },
    };
    for (size_t i = 0; i < sizeof cmd / sizeof cmd[0]; i++) {
        char evil_s[256], plain_s[256];
        snprintf(evil_s, sizeof evil_s, "%s\n%s\n", EVIL, cmd[i].line);
        snprintf(plain_s, sizeof plain_s, "%s\n%s\n", PLAIN, cmd[i].line);
        struct run evil = run_script(fx, evil_s);
        assert_int_equal(exit_status(&evil, cmd[i].line), 0);
        char *evil_out = cmd[i].file ? read_file(temp_path(fx->env.dir, cmd[i].file), NULL)
                                     : strdup(evil.out);
        struct run plain = run_script(fx, plain_s);
        assert_int_equal(exit_status(&plain, cmd[i].line), 0);
        char *plain_out = cmd[i].file ? read_file(temp_path(fx->env.dir, cmd[i].file), NULL)
                                      : strdup(plain.out);
        expect_clean_output(evil_out, plain_out, cmd[i].allowed, cmd[i].sgr, cmd[i].line);
        expect_no_raw_control(evil.err, strlen(evil.err), "\n", false, cmd[i].line);
        if (strstr(cmd[i].line, "json"))
            expect_json_tokens(evil_out, cmd[i].line);
        free(evil_out);
        free(plain_out);
        run_free(&evil);
        run_free(&plain);
    }
}

/* ===== 7. the terminal UI's escape filter ========================================== */

/* What test_e2e's control_sequences_pasted_at_the_prompt_are_dropped_whole
 * does not send: an OSC ended by ST, sequences split across two writes
 * (the rest of a title still on its way, a CSI cut after its "ESC ["), the same inside a bracketed
 * paste, and the sequences at the heatmap, where a leaked byte would be a
 * key ('c' the causal mask, 's' the scaling). */
static void control_sequences_ended_by_st_split_or_at_the_heatmap_are_dropped_whole(
    void **state)
{
    const struct fx *fx = *state;
    struct vt *vt = tui_start(fx, (const char *[]){ "we like warm tea", NULL });
    assert_true(vt_wait_for(vt, "›", RUN_TIMEOUT_MS));
    assert_true(vt_send(vt, "abc \033]0;pw"));
    poll(NULL, 0, 20);
    assert_true(vt_send(vt, "ned\033\\ def \033]2;title\033\\ ghi"));
    assert_true(vt_send(vt, "\033["));   /* a CSI whose rest comes in the next read */
    poll(NULL, 0, 60);   /* longer than ncurses' ESCDELAY */
    assert_true(vt_send(vt, "6n"));
    assert_true(vt_send(vt, " \033[200~jkl \033]0;x\007mno\033P+q\033\\ pqr\033[201~"));
    /* nothing but the text is in the line, and then Enter runs it */
    assert_true(vt_wait_until(vt, prompt_reads, "abc  def  ghi jkl mno pqr", RUN_TIMEOUT_MS));
    assert_true(vt_key(vt, VT_KEY_ENTER));
    assert_true(vt_wait_for(vt, "\"abc  def  ghi jkl mno pqr\"", RUN_TIMEOUT_MS));
    assert_false(vt_find(vt, "pwned", NULL, NULL));
    assert_false(vt_find(vt, "title", NULL, NULL));

    assert_true(vt_key(vt, VT_KEY_ESCAPE));
    assert_true(vt_wait_for(vt, "arrows: move", RUN_TIMEOUT_MS));
    assert_true(vt_send(vt, "\033]0;cs\007\033]2;cs\033\\\033Pcs\033\\\033[6n\033_cs\033\\"));
    assert_true(vt_send(vt, "\033["));   /* split: a leaked 'c' would be the mask */
    poll(NULL, 0, 60);
    assert_true(vt_send(vt, "1;2c"));
    assert_true(vt_type(vt, "p"));   /* a key after them acts: the PE changes */
    assert_true(vt_wait_for(vt, "pe learned", RUN_TIMEOUT_MS));
    assert_true(vt_find(vt, "causal off", NULL, NULL));
    assert_true(vt_find(vt, "scale on", NULL, NULL));
    tui_quit(vt);
    vt_free(vt);
}

/* ===== 8. the small ones =========================================================== */

/* `cat a.attn b.attn`, each with a byte-order mark: the second one's mark
 * starts a later line and is skipped there too, in --batch FILE, :load and
 * on standard input; the result is that of the same lines without marks. */
static void a_byte_order_mark_on_a_later_line_is_skipped_everywhere(void **state)
{
    const struct fx *fx = *state;
    const char *plain = ":dim 4\nthe cat sat\n:heads 2\n:causal on\n:print json\n";
    put_file(fx, "ab.attn", "\xef\xbb\xbf:dim 4\nthe cat sat\n\xef\xbb\xbf:heads 2\n"
                            "\xef\xbb\xbf:causal on\n:print json\n");
    put_file(fx, "plain.attn", plain);
    struct run want = run_args(fx, (const char *[]){ "--batch", "plain.attn", NULL });
    assert_int_equal(exit_status(&want, "plain"), 0);
    assert_non_null(strstr(want.out, "\"heads\":2"));
    struct run got[3] = {
        run_args(fx, (const char *[]){ "--batch", "ab.attn", NULL }),
        run_script(fx, ":load ab.attn\n"),
        run_opt(fx, &(struct run_opts){ .stdin_path = temp_path(fx->env.dir, "ab.attn") },
                (const char *[]){ "--batch", "-", NULL }),
    };
    static const char *const how[] = { "--batch ab.attn", ":load ab.attn", "--batch - <ab.attn" };
    for (size_t i = 0; i < 3; i++) {
        if (exit_status(&got[i], how[i]) != 0)
            fail_msg("%s: %s", how[i], got[i].err);
        assert_string_equal(got[i].err, "");
        assert_string_equal(got[i].out, want.out);
        run_free(&got[i]);
    }
    run_free(&want);
}

/* A theme file whose name is longer than a theme name may be is reported
 * by :themes (with its file); one of exactly the longest name loads. */
static void a_theme_file_with_a_name_too_long_is_reported_and_the_longest_loads(void **state)
{
    const struct fx *fx = *state;
    make_dirs(fx, "config/attnviz/themes");
    char longest[AV_MAX_NAME + 1], too_long[AV_MAX_NAME + 2], rel[PATH_MAX];
    memset(longest, 'l', AV_MAX_NAME);
    longest[AV_MAX_NAME] = '\0';
    memset(too_long, 't', AV_MAX_NAME + 1);
    too_long[AV_MAX_NAME + 1] = '\0';
    snprintf(rel, sizeof rel, "config/attnviz/themes/%s.theme", longest);
    put_file(fx, rel, "description = the longest name\n");
    snprintf(rel, sizeof rel, "config/attnviz/themes/%s.theme", too_long);
    put_file(fx, rel, "description = a name too long\n");
    struct run r = run_script(fx, ":themes\n");
    assert_int_equal(exit_status(&r, ":themes"), 0);
    char both[4096];
    snprintf(both, sizeof both, "%s%s", r.out, r.err);
    const char *line = strstr(both, too_long);
    if (!line)
        fail_msg(":themes does not report %s.theme: %s", too_long, both);
    assert_null(strstr(line, "a name too long"));   /* not listed as a usable theme */
    assert_non_null(strstr(both, "the longest name"));
    run_free(&r);
    char script[256];
    snprintf(script, sizeof script, ":theme %s\n:print text\n", longest);
    r = run_script(fx, script);
    if (exit_status(&r, ":theme LONGEST") != 0)
        fail_msg(":theme %s: %s", longest, r.err);
    run_free(&r);
}

/* Whether the exit-status table of a document has a row for status. */
static bool documents_status(const char *doc, int status)
{
    char *text = read_file(doc, NULL), row[32], man[32];
    snprintf(row, sizeof row, "| %d |", status);
    snprintf(man, sizeof man, ".B %d\n", status);
    bool found = strstr(text, row) || strstr(text, man);
    free(text);
    return found;
}

/* Output that cannot be written gives the same documented status in
 * every mode: :print and the listing commands in batch mode, --dump in
 * every format, --help; one message, with the real reason. (Not :tours:
 * a binary outside the source tree, as build/asan's, may find none.) */
static void a_full_stdout_gives_the_documented_output_status_in_every_mode(void **state)
{
    const struct fx *fx = *state;
    const struct run_opts full = { .stdout_path = "/dev/full" };
    static const char *const scripts[] = { "I love cats\n:print csv\n",
                                           "I love cats\n:print json\n",
                                           "I love cats\n:print text\n", ":themes\n",
                                           ":help\n" };
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        struct run_opts o = full;
        o.stdin_text = scripts[i];
        struct run r = run_opt(fx, &o, (const char *[]){ "--batch", "-", NULL });
        int st = exit_status(&r, scripts[i]);
        if (st != AV_EXIT_IO)
            fail_msg("%s>/dev/full: exit status %d, not %d; stderr: %s", scripts[i], st,
                     AV_EXIT_IO, r.err);
        assert_non_null(strstr(r.err, strerror(ENOSPC)));
        run_free(&r);
    }
    static const char *const formats[] = { "text", "csv", "json", "svg", "ansi" };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        struct run r = run_opt(fx, &full, (const char *[]){ "--dump", "--format", formats[i],
                                                            "I love cats", NULL });
        int st = exit_status(&r, formats[i]);
        if (st != AV_EXIT_IO)
            fail_msg("--dump --format %s >/dev/full: exit status %d, not %d", formats[i], st,
                     AV_EXIT_IO);
        /* the reason, said once */
        assert_non_null(strstr(r.err, strerror(ENOSPC)));
        if (count_lines(r.err) != 1)
            fail_msg("--dump --format %s >/dev/full: %zu lines of messages: %s", formats[i],
                     count_lines(r.err), r.err);
        run_free(&r);
    }
    struct run r = run_opt(fx, &full, (const char *[]){ "--help", NULL });
    assert_int_equal(exit_status(&r, "--help"), AV_EXIT_IO);
    run_free(&r);
    /* the status is in README's table and the man page's EXIT STATUS */
    assert_true(documents_status("README.md", AV_EXIT_IO));
    assert_true(documents_status("docs/attnviz.1", AV_EXIT_IO));
}

/* :theme NAME of a theme file with errors, in batch mode: the file and
 * line of its error on stderr and a non-zero exit, the theme unchanged. */
static void theme_naming_a_broken_file_in_batch_reports_its_errors_and_fails(void **state)
{
    const struct fx *fx = *state;
    make_dirs(fx, "config/attnviz/themes");
    put_file(fx, "config/attnviz/themes/broken.theme",
             "description = broken on purpose\nthis line is no key and value\n");
    struct run r = run_script(fx, "I love cats\n:theme broken\n:print text\n");
    int st = exit_status(&r, ":theme broken");
    if (st == 0)
        fail_msg(":theme broken exited 0; stderr: %s", r.err);
    assert_int_equal(st, AV_EXIT_DATA);
    assert_non_null(strstr(r.err, "broken.theme:2:"));
    assert_non_null(strstr(r.out, "sentence: I love cats"));   /* the rest ran */
    run_free(&r);
    /* --theme of it, any mode: a usage error naming the file */
    r = run_args(fx, (const char *[]){ "--theme", "broken", "--dump", "I love cats", NULL });
    assert_int_equal(exit_status(&r, "--theme broken"), AV_EXIT_USAGE);
    assert_non_null(strstr(r.err, "broken.theme:2:"));
    run_free(&r);
}

/* Copies file src to dst, mode 0755. */
static bool copy_exe(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    int out = in < 0 ? -1 : open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
    bool ok = in >= 0 && out >= 0;
    char buf[1 << 16];
    for (ssize_t got; ok && (got = read(in, buf, sizeof buf)) != 0;)
        ok = got > 0 && write(out, buf, (size_t)got) == got;
    if (in >= 0)
        close(in);
    if (out >= 0)
        ok = close(out) == 0 && ok;
    return ok && chmod(dst, 0755) == 0;
}

/* As root, nobody runs this binary (--launch) and attnviz, and a checkout
 * in a private folder (a clone in `mktemp -d`, mode 0700) is out of its
 * reach: both run from copies in a folder anybody may enter. */
static char bin_dir[PATH_MAX];

static void remove_bin_dir(void)
{
    char path[PATH_MAX];
    static const char *const names[] = { "test_faults", "attnviz" };
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%.64s/%s", bin_dir, names[i]);
        unlink(path);
    }
    rmdir(bin_dir);
}

static bool binaries_for_nobody(void)
{
    const char *bin = getenv("ATTNVIZ");
    if (geteuid() != 0 || !bin || !*bin)
        return true;
    snprintf(bin_dir, sizeof bin_dir, "/tmp/attnviz-faults-bin-XXXXXX");
    if (!mkdtemp(bin_dir) || chmod(bin_dir, 0755) != 0)
        return false;
    atexit(remove_bin_dir);
    /* bin_dir is 30 bytes: the names fit self_exe */
    static char prog[PATH_MAX];
    char test[PATH_MAX];
    snprintf(test, sizeof test, "%.64s/test_faults", bin_dir);
    snprintf(prog, sizeof prog, "%.64s/attnviz", bin_dir);
    if (!copy_exe(self_exe, test) || !copy_exe(bin, prog))
        return false;
    memcpy(self_exe, test, sizeof test);
    return setenv("ATTNVIZ", prog, 1) == 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--launch") == 0)
        return launch_main(argc, argv);
    ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
    if (n <= 0) {
        perror("test_faults: /proc/self/exe");
        return 1;
    }
    self_exe[n] = '\0';
    if (!binaries_for_nobody()) {
        perror("test_faults: copying the binaries where nobody may run them");
        return 1;
    }
    /* A child's end must not end us: the writes to a pty that went away. */
    signal(SIGPIPE, SIG_IGN);
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(save_and_export_refuse_a_fifo_and_a_dangling_link_leaving_them_alone),
        T(save_and_export_refuse_a_device_node_as_nobody_and_as_root),
        T(save_bang_onto_a_copy_of_dev_full_is_refused_and_the_node_kept),
        T(save_and_export_write_through_a_live_link_and_keep_it),
        T(a_history_file_that_is_no_regular_file_is_reported_and_left_alone),
        T(a_history_device_node_is_reported_and_left_alone_even_as_root),
        T(a_file_size_limit_keeps_the_old_history_and_says_so),
        T(a_full_tmpfs_keeps_the_old_history_and_says_so),
        T(a_fifo_in_the_themes_folder_hangs_no_mode),
        T(a_fifo_or_dev_zero_as_the_config_file_is_reported_at_the_tui_start),
        T(replay_and_batch_of_a_fifo_are_refused_without_waiting),
        T(replay_and_save_of_a_fifo_in_the_tui_are_refused_and_it_goes_on),
        T(batch_of_dev_zero_and_of_endless_stdin_stop_with_a_message),
        T(sigterm_in_the_middle_of_a_paste_drops_its_rest_and_restores_the_terminal),
        T(sigterm_mid_recompute_leaves_the_termios_as_they_were),
        T(a_save_past_the_file_size_limit_fails_without_a_signal_and_keeps_the_old_file),
        T(terminal_escapes_in_notes_and_messages_reach_stderr_escaped),
        T(control_bytes_in_tokens_are_escaped_in_every_batch_output),
        T(control_sequences_ended_by_st_split_or_at_the_heatmap_are_dropped_whole),
        T(a_byte_order_mark_on_a_later_line_is_skipped_everywhere),
        T(a_theme_file_with_a_name_too_long_is_reported_and_the_longest_loads),
        T(a_full_stdout_gives_the_documented_output_status_in_every_mode),
        T(theme_naming_a_broken_file_in_batch_reports_its_errors_and_fails),
    };
#undef T
    /* FAULTS_FILTER=PATTERN runs only the matching tests (cmocka's '*'). */
    if (getenv("FAULTS_FILTER"))
        cmocka_set_test_filter(getenv("FAULTS_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
