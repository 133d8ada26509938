/* job.c - a forward pass in a thread of its own (see job.h). */
#include "attnviz/job.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "attnviz/xalloc.h"

struct job {
    pthread_t thread;
    bool busy;                 /* started, not collected (the owner's) */
    atomic_bool ended;         /* the thread has left model_forward */
    struct model_ctl ctl;      /* the model's ctl while the pass runs */
    /* the pass */
    struct model *m;
    const struct model_config *cfg;
    const struct model_input *in;
    enum model_pass from;
    int rc;
    char err[512];
};

struct job *job_new(void)
{
    struct job *j = app_xcalloc(1, sizeof *j);
    atomic_init(&j->ended, false);
    atomic_init(&j->ctl.stop, false);
    atomic_init(&j->ctl.done, 0);
    atomic_init(&j->ctl.total, 0);
    return j;
}

void job_free(struct job *j)
{
    if (!j)
        return;
    if (j->busy) {
        int rc;
        job_stop(j);
        job_collect(j, true, &rc, NULL, 0);
    }
    free(j);
}

static void *job_main(void *arg)
{
    struct job *j = arg;
    j->rc = model_forward(j->m, j->cfg, j->in, j->from, j->err, sizeof j->err);
    atomic_store(&j->ended, true);
    return NULL;
}

bool job_start(struct job *j, struct model *m, const struct model_config *cfg,
               const struct model_input *in, enum model_pass from)
{
    if (j->busy)
        return false;
    j->m = m;
    j->cfg = cfg;
    j->in = in;
    j->from = from;
    j->rc = 0;
    atomic_store(&j->ended, false);
    atomic_store(&j->ctl.stop, false);
    atomic_store(&j->ctl.done, 0);
    atomic_store(&j->ctl.total, 0);
    m->ctl = &j->ctl;
    if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
        m->ctl = NULL;
        return false;
    }
    j->busy = true;
    return true;
}

void job_stop(struct job *j)
{
    if (j->busy)
        atomic_store(&j->ctl.stop, true);
}

bool job_busy(const struct job *j)
{
    return j->busy;
}

bool job_collect(struct job *j, bool wait, int *rc, char *err, size_t errlen)
{
    if (!j->busy || (!wait && !atomic_load(&j->ended)))
        return false;
    pthread_join(j->thread, NULL);
    j->busy = false;
    j->m->ctl = NULL;
    *rc = j->rc;
    if (err && errlen)
        snprintf(err, errlen, "%s", j->rc < 0 ? j->err : "");
    return true;
}

double job_progress(const struct job *j)
{
    unsigned total = atomic_load(&j->ctl.total), done = atomic_load(&j->ctl.done);
    return total ? (double)done / (double)total : 0.0;
}
