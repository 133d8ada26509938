/* pool.c - the compute core's worker threads (see pool.h).
 *
 * Workers wait on one condition variable for the job number to change;
 * tasks are taken from an atomic counter, so a worker that is late to wake
 * simply finds fewer tasks left. The caller takes tasks too and then waits
 * until every worker of the job has left it, so a job's context may live on
 * the caller's stack. */
#include "attnviz/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

enum { POOL_MAX = 64 };    /* threads, the caller included */

struct pool_worker {
    unsigned index;          /* 0 .. POOL_MAX-2 */
    unsigned long seen;      /* the job number it last saw */
};

static struct {
    pthread_mutex_t job_lock;   /* one job at a time */
    pthread_mutex_t lock;       /* guards the fields below but next */
    pthread_cond_t wake, done;
    unsigned cap;               /* 0: the online CPUs */
    unsigned started;           /* workers running */
    unsigned long job;          /* number of the current job */
    unsigned width;             /* workers 0 .. width-1 take part in it */
    unsigned busy;              /* of those, the ones not yet done */
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

/* A forked child has only the thread that forked: it starts afresh. */
static void pool_after_fork(void)
{
    pthread_mutex_init(&pool.job_lock, NULL);
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.wake, NULL);
    pthread_cond_init(&pool.done, NULL);
    pool.started = 0;
}

static void pool_init_once(void)
{
    pthread_atfork(NULL, NULL, pool_after_fork);
}

void pool_set_threads(unsigned n)
{
    pthread_mutex_lock(&pool.lock);
    pool.cap = n > POOL_MAX ? POOL_MAX : n;
    pthread_mutex_unlock(&pool.lock);
}

static unsigned pool_cap_locked(void)
{
    if (pool.cap)
        return pool.cap;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 1 ? 1 : cpus > POOL_MAX ? POOL_MAX : (unsigned)cpus;
}

unsigned pool_threads(void)
{
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

static void *pool_worker_main(void *arg)
{
    struct pool_worker *w = arg;
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        while (pool.job == w->seen)
            pthread_cond_wait(&pool.wake, &pool.lock);
        w->seen = pool.job;
        if (w->index >= pool.width)
            continue;
        void (*fn)(void *, size_t) = pool.fn;
        void *ctx = pool.ctx;
        size_t count = pool.count;
        pthread_mutex_unlock(&pool.lock);
        pool_drain(fn, ctx, count);
        pthread_mutex_lock(&pool.lock);
        if (--pool.busy == 0)
            pthread_cond_signal(&pool.done);
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
        w->seen = pool.job;     /* before the job it is started for */
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
    if (!parallel || count < 2) {
        for (size_t t = 0; t < count; t++)
            fn(ctx, t);
        return;
    }
    pthread_once(&pool_once, pool_init_once);
    pthread_mutex_lock(&pool.job_lock);
    pthread_mutex_lock(&pool.lock);
    unsigned threads = pool_cap_locked();
    if (threads > count)
        threads = (unsigned)count;
    pool_start_locked(threads - 1);
    pool.width = pool.started < threads - 1 ? pool.started : threads - 1;
    pool.busy = pool.width;
    pool.fn = fn;
    pool.ctx = ctx;
    pool.count = count;
    atomic_store(&pool.next, 0);
    pool.job++;
    if (pool.width)
        pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    pool_drain(fn, ctx, count);

    pthread_mutex_lock(&pool.lock);
    while (pool.busy)
        pthread_cond_wait(&pool.done, &pool.lock);
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&pool.job_lock);
}
