/* test_pool.c - the worker threads: every task of a job runs exactly once
 * before pool_run returns and never after (workers asleep, awake, late to
 * wake, capped), a small job stays on the caller, a parallel job does
 * use a second thread, and a child forked while jobs run has a pool that
 * works. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attnviz/pool.h"

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif

struct counted {
    atomic_int *runs;      /* runs[task] */
    size_t count;
};

static void count_task(void *ctx, size_t task)
{
    struct counted *c = ctx;
    atomic_fetch_add(&c->runs[task], 1);
}

static void sleep_us(long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
    nanosleep(&ts, NULL);
}

/* Jobs of 0 .. 300 tasks under every cap, some right after the last (the
 * workers still spinning), some after a pause long enough for them to sleep.
 * Each job's counters are checked when it returns and again at the end, so
 * a worker that ran a task of a job already returned would be caught. */
static void every_task_runs_once_and_never_after_the_job(void **state)
{
    (void)state;
    enum { JOBS = 240 };
    atomic_int *runs[JOBS];
    size_t counts[JOBS];
    for (int j = 0; j < JOBS; j++) {
        pool_set_threads((unsigned)(j % 4));   /* 0: the online CPUs */
        size_t count = (size_t)(j * 37 % 301);
        counts[j] = count;
        runs[j] = calloc(count ? count : 1, sizeof *runs[j]);
        assert_non_null(runs[j]);
        struct counted c = { runs[j], count };   /* on this stack, as the core does */
        pool_run(count, count_task, &c, true);
        for (size_t t = 0; t < count; t++)
            assert_int_equal(atomic_load(&runs[j][t]), 1);
        if (j % 5 == 0)
            sleep_us(2000);   /* past the workers' spin: they sleep */
    }
    sleep_us(20000);
    for (int j = 0; j < JOBS; j++) {
        for (size_t t = 0; t < counts[j]; t++)
            assert_int_equal(atomic_load(&runs[j][t]), 1);
        free(runs[j]);
    }
    pool_set_threads(0);
}

struct owner {
    pthread_t caller;
    atomic_int foreign;    /* tasks run by another thread */
};

static void owner_task(void *ctx, size_t task)
{
    (void)task;
    struct owner *o = ctx;
    if (!pthread_equal(pthread_self(), o->caller))
        atomic_fetch_add(&o->foreign, 1);
}

static void a_small_job_runs_on_the_caller(void **state)
{
    (void)state;
    pool_set_threads(4);
    struct owner o = { .caller = pthread_self() };
    for (int r = 0; r < 50; r++)
        pool_run(64, owner_task, &o, false);
    pool_run(1, owner_task, &o, true);   /* one task: no worker either */
    assert_int_equal(atomic_load(&o.foreign), 0);
    pool_set_threads(1);
    for (int r = 0; r < 50; r++)
        pool_run(64, owner_task, &o, true);
    assert_int_equal(atomic_load(&o.foreign), 0);
    pool_set_threads(0);
}

/* Task 0 waits (up to 5 s) for task 1 to start: only a second thread can
 * start it meanwhile, since the caller takes one task at a time. */
struct meet {
    atomic_int started1;
    atomic_bool met;
};

static void meet_task(void *ctx, size_t task)
{
    struct meet *m = ctx;
    if (task == 1) {
        atomic_store(&m->started1, 1);
        return;
    }
    for (int i = 0; i < 5000 && !atomic_load(&m->started1); i++)
        sleep_us(1000);
    atomic_store(&m->met, atomic_load(&m->started1) != 0);
}

static void a_parallel_job_uses_a_second_thread(void **state)
{
    (void)state;
    pool_set_threads(2);
    sleep_us(2000);   /* the worker (if one runs yet) asleep: it must wake */
    struct meet m = { 0 };
    pool_run(2, meet_task, &m, true);
    assert_true(atomic_load(&m.met));
    pool_set_threads(0);
}

static atomic_uint spun;

static void spin_task(void *ctx, size_t task)
{
    (void)ctx;
    unsigned x = 0;
    for (unsigned i = 0; i < 20000; i++)
        x = x * 31u + i + (unsigned)task;
    atomic_fetch_add(&spun, x);
}

static atomic_bool stop_jobs;

static void *run_jobs(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_jobs))
        pool_run(8, spin_task, NULL, true);
    return NULL;
}

/* Another thread runs job after job while this one forks: the child's
 * first parallel job must finish (its pool once still counted the
 * parent's workers in, and waited for them for ever). */
static void a_child_forked_while_jobs_run_has_a_working_pool(void **state)
{
    (void)state;
#ifdef UNDER_TSAN
    skip();   /* TSan does not support threads started after such a fork */
#endif
    pool_set_threads(2);
    pthread_t th;
    atomic_store(&stop_jobs, false);
    assert_int_equal(pthread_create(&th, NULL, run_jobs, NULL), 0);
    for (int round = 0; round < 5; round++) {
        sleep_us(3000);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            alarm(10);   /* a hang ends as SIGALRM, not as a stuck suite */
            static atomic_int runs[16];
            struct counted c = { runs, 16 };
            pool_run(16, count_task, &c, true);
            for (int t = 0; t < 16; t++)
                if (atomic_load(&runs[t]) != 1)
                    _exit(2);
            _exit(0);
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    atomic_store(&stop_jobs, true);
    assert_int_equal(pthread_join(th, NULL), 0);
    pool_set_threads(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_task_runs_once_and_never_after_the_job),
        cmocka_unit_test(a_small_job_runs_on_the_caller),
        cmocka_unit_test(a_parallel_job_uses_a_second_thread),
        cmocka_unit_test(a_child_forked_while_jobs_run_has_a_working_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
