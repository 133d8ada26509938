/* pool.c - the compute core's worker threads (see pool.h).
 *
 * Workers wait for the job number to change; tasks are taken from an
 * atomic counter, so a worker that is late to wake simply finds fewer
 * tasks left. The caller takes tasks too, then closes the job and waits
 * only for the workers that joined it: a worker counts itself in (busy)
 * before it looks whether its job is still open, and the caller closes
 * before it reads busy, so either the caller waits for that worker or the
 * worker sees the job closed and never touches its fields. A job's context
 * may thus live on the caller's stack, and a worker that is slow to wake
 * costs the caller nothing: it does the tasks alone (in the terminal a
 * key's pass comes long after the workers went to sleep, and waiting for
 * one to wake took up to 0.7 ms on this virtual machine).
 *
 * Waking a sleeping thread takes 30 to 50 microseconds here (a futex wake
 * on a virtual machine), longer than many jobs: so a worker spins for a
 * while after each job before it sleeps, and the caller spins while the
 * workers finish. The passes of one forward pass follow each other within
 * that time, so only the first job of a burst pays for a wake. */
#include "attnviz/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

enum { POOL_MAX = 64 };    /* threads, the caller included */
#define POOL_SPIN_NS 300000L   /* how long a thread spins before it sleeps */

struct pool_worker {
    unsigned index;          /* 0 .. POOL_MAX-2 */
    unsigned long seen;      /* the job number it last saw */
};

static struct {
    pthread_mutex_t job_lock;   /* one job at a time */
    pthread_mutex_t lock;       /* guards the fields below but next */
    pthread_cond_t wake, done;
    unsigned cap;               /* 0: the online CPUs */
    unsigned cpus;              /* online CPUs, counted once */
    unsigned started;           /* workers running */
    atomic_ulong job;           /* number of the current job */
    atomic_ulong open;          /* its number while it takes workers, else 0 */
    unsigned width;             /* workers 0 .. width-1 take tasks in it */
    atomic_uint busy;           /* workers in a job, or looking whether to join */
    void (*fn)(void *ctx, size_t task);
    void *ctx;
    size_t count;
    atomic_size_t next;         /* the next task to hand out */
    struct pool_worker worker[POOL_MAX - 1];
} pool = {
    .job_lock = PTHREAD_MUTEX_INITIALIZER,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .done = PTHREAD_COND_INITIALIZER,
};

static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

/* A fork waits for the job under way (no lock is held across it), and the
 * child, which has only the thread that forked, starts afresh: no worker,
 * none in a job. */
static void pool_before_fork(void)
{
    pthread_mutex_lock(&pool.job_lock);
    pthread_mutex_lock(&pool.lock);
}

static void pool_parent_after_fork(void)
{
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&pool.job_lock);
}

static void pool_child_after_fork(void)
{
    pthread_mutex_init(&pool.job_lock, NULL);
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.done, NULL);
    pool.started = 0;
    atomic_store(&pool.busy, 0);
    atomic_store(&pool.open, 0);
}

static void pool_init_once(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    pool.cpus = cpus < 1 ? 1 : cpus > POOL_MAX ? POOL_MAX : (unsigned)cpus;
    pthread_atfork(pool_before_fork, pool_parent_after_fork, pool_child_after_fork);
}

void pool_set_threads(unsigned n)
{
    pthread_mutex_lock(&pool.lock);
    pool.cap = n > POOL_MAX ? POOL_MAX : n;
    pthread_mutex_unlock(&pool.lock);
}

static unsigned pool_cap_locked(void)
{
    return pool.cap ? pool.cap : pool.cpus;
}

unsigned pool_threads(void)
{
    pthread_once(&pool_once, pool_init_once);
    pthread_mutex_lock(&pool.lock);
    unsigned n = pool_cap_locked();
    pthread_mutex_unlock(&pool.lock);
    return n;
}

static void pool_drain(void (*fn)(void *, size_t), void *ctx, size_t count)
{
    for (size_t t; (t = atomic_fetch_add(&pool.next, 1)) < count;)
        fn(ctx, t);
}

static long long pool_ns_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)(t.tv_sec - t0->tv_sec) * 1000000000LL + (t.tv_nsec - t0->tv_nsec);
}

static void pool_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Spins until done() or POOL_SPIN_NS have passed; returns done(). */
static bool pool_spin(bool (*done)(const void *), const void *arg)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (!done(arg)) {
        if (pool_ns_since(&t0) > POOL_SPIN_NS)
            return false;
        pool_pause();
    }
    return true;
}

static bool pool_new_job(const void *arg)
{
    const struct pool_worker *w = arg;
    return atomic_load(&pool.job) != w->seen;
}

static bool pool_idle(const void *arg)
{
    (void)arg;
    return atomic_load(&pool.busy) == 0;
}

static void *pool_worker_main(void *arg)
{
    struct pool_worker *w = arg;
    for (;;) {
        if (!pool_spin(pool_new_job, w)) {
            pthread_mutex_lock(&pool.lock);
            while (!pool_new_job(w))
                pthread_cond_wait(&pool.wake, &pool.lock);
            pthread_mutex_unlock(&pool.lock);
        }
        w->seen = atomic_load(&pool.job);
        atomic_fetch_add(&pool.busy, 1);
        /* The job's fields were written before it opened, and stay until
         * busy is 0 again. */
        if (atomic_load(&pool.open) == w->seen && w->index < pool.width)
            pool_drain(pool.fn, pool.ctx, pool.count);
        if (atomic_fetch_sub(&pool.busy, 1) == 1) {
            pthread_mutex_lock(&pool.lock);
            pthread_cond_signal(&pool.done);
            pthread_mutex_unlock(&pool.lock);
        }
    }
    return NULL;
}

/* Starts workers until `want` run; fewer when the system refuses one
 * (the job then runs on the ones there are). Called with pool.lock held. */
static void pool_start_locked(unsigned want)
{
    while (pool.started < want) {
        struct pool_worker *w = &pool.worker[pool.started];
        w->index = pool.started;
        w->seen = atomic_load(&pool.job);   /* before the job it is started for */
        pthread_t id;
        if (pthread_create(&id, NULL, pool_worker_main, w) != 0)
            return;
        pthread_detach(id);
        pool.started++;
    }
}

void pool_run(size_t count, void (*fn)(void *ctx, size_t task), void *ctx,
              bool parallel)
{
    /* a pool capped at one thread wakes none, even once workers started */
    if (!parallel || count < 2 || pool_threads() < 2) {
        for (size_t t = 0; t < count; t++)
            fn(ctx, t);
        return;
    }
    pthread_mutex_lock(&pool.job_lock);
    pthread_mutex_lock(&pool.lock);
    unsigned threads = pool_cap_locked();
    if (threads > count)
        threads = (unsigned)count;
    pool_start_locked(threads - 1);
    /* The first width workers take tasks. */
    pool.width = pool.started < threads - 1 ? pool.started : threads - 1;
    pool.fn = fn;
    pool.ctx = ctx;
    pool.count = count;
    atomic_store(&pool.next, 0);
    unsigned long job = atomic_load(&pool.job) + 1;
    if (job == 0)
        job = 1;    /* 0 is a closed job's open */
    atomic_store(&pool.open, job);
    atomic_store(&pool.job, job);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    pool_drain(fn, ctx, count);
    atomic_store(&pool.open, 0);

    if (!pool_spin(pool_idle, NULL)) {
        pthread_mutex_lock(&pool.lock);
        while (!pool_idle(NULL))
            pthread_cond_wait(&pool.done, &pool.lock);
        pthread_mutex_unlock(&pool.lock);
    }
    pthread_mutex_unlock(&pool.job_lock);
}
