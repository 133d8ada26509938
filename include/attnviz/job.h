/* job.h - one forward pass in a thread of its own, so that the terminal
 * UI keeps drawing the last picture (and taking keys) while a long pass
 * runs. The owner starts a pass, may ask it to stop, and collects it when
 * it has ended; one pass at a time. */
#ifndef ATTNVIZ_JOB_H
#define ATTNVIZ_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/model.h"

struct job;

struct job *job_new(void);

/* Stops a running pass, waits for it to end, frees. NULL is allowed. */
void job_free(struct job *j);

/* Runs model_forward(m, cfg, in, from) in the job's thread. m, *cfg and
 * everything in points to are the pass's until job_collect returns true;
 * the caller must not touch them meanwhile. Only when !job_busy(j).
 * Returns false when no thread could be started (the caller then computes
 * in its own thread). */
bool job_start(struct job *j, struct model *m, const struct model_config *cfg,
               const struct model_input *in, enum model_pass from);

/* Asks the running pass to stop at its next task (it then returns 1). */
void job_stop(struct job *j);

/* Whether a pass was started and not yet collected. */
bool job_busy(const struct job *j);

/* When the started pass has ended: true, with model_forward's result in
 * *rc (its message in err on -1); the model is the caller's again. False
 * while it runs. wait: block until it ends. */
bool job_collect(struct job *j, bool wait, int *rc, char *err, size_t errlen);

/* How far the running pass is, 0 to 1 (its tasks done of those to do). */
double job_progress(const struct job *j);

#endif
