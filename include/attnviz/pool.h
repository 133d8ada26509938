/* pool.h - the compute core's worker threads.
 *
 * One job at a time: pool_run(count, fn, ctx) calls fn(ctx, task) once for
 * every task in [0, count), on the calling thread and on up to
 * pool_threads() - 1 workers, and returns when every task has run. Tasks
 * are handed out in order to whichever thread is free (one atomic counter),
 * so a job's tasks should be of similar size and many more than threads.
 *
 * The workers are started by the first job that needs them and then sleep
 * between jobs. A job with one task, a job the caller marks as small, or a
 * pool capped at one thread runs on the calling thread alone: no thread is
 * started or woken for it.
 *
 * Which thread runs a task never changes what it computes: the core splits
 * work into tasks by size alone, never by the thread count. */
#ifndef ATTNVIZ_POOL_H
#define ATTNVIZ_POOL_H

#include <stdbool.h>
#include <stddef.h>

/* Caps the threads a job may use (the caller counts as one); 0 = the
 * online CPUs. Takes effect from the next job. */
void pool_set_threads(unsigned n);
unsigned pool_threads(void);

/* Runs fn(ctx, 0 .. count-1); on the caller alone unless parallel. Jobs
 * from several threads run one after another; fn must not call pool_run. */
void pool_run(size_t count, void (*fn)(void *ctx, size_t task), void *ctx,
              bool parallel);

#endif
