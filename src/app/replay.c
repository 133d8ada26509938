/* replay.c - a script stepped through (replay.h). */
#include "attnviz/replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/errmsg.h"
#include "attnviz/limits.h"
#include "attnviz/script.h"
#include "attnviz/xalloc.h"

struct replay {
    char *path;
    struct replay_step *steps;
    size_t count, done;
    bool playing;
    /* a's log when the replay began: where going back starts from */
    char **base;
    size_t base_len;
};

/* The steps of the script: a note paragraph runs as one ":note TEXT". */
static void replay_steps(struct replay *r, const struct script *s)
{
    r->steps = app_xcalloc(s->n_steps, sizeof *r->steps);
    for (size_t i = 0; i < s->n_steps; i++) {
        const struct script_step *ss = &s->steps[i];
        const struct script_line *l = &s->lines[ss->first + ss->setup];
        struct replay_step *st = &r->steps[r->count++];
        st->lineno = l->lineno;
        st->n_setup = ss->setup;
        st->setup = app_xcalloc(ss->setup, sizeof *st->setup);
        st->setup_lineno = app_xcalloc(ss->setup, sizeof *st->setup_lineno);
        for (size_t k = 0; k < ss->setup; k++) {
            st->setup[k] = app_xstrdup(s->lines[ss->first + k].text);
            st->setup_lineno[k] = s->lines[ss->first + k].lineno;
        }
        char *note = script_step_note(s, i);
        if (note) {
            size_t n = strlen(note);
            st->kind = REPLAY_NOTE;
            st->line = app_xmalloc(n + 7);
            memcpy(st->line, ":note ", 6);
            memcpy(st->line + 6, note, n + 1);
            st->text = st->line + 6;
            free(note);
        } else {
            st->kind = l->cmd.kind == CMD_PAUSE ? REPLAY_PAUSE : REPLAY_COMMAND;
            st->line = app_xstrdup(l->text);
            st->error = l->error ? app_xstrdup(l->error) : NULL;
        }
    }
}

struct replay *replay_open(const char *path, const struct app *a, char *err, size_t errlen)
{
    struct script *s = script_load(path, err, errlen);
    if (!s)
        return NULL;
    if (s->n_steps == 0) {
        script_free(s);
        errmsg_set(err, errlen, "\"%s\" has no steps to replay (only blank lines and "
                   "comments)", path);
        return NULL;
    }
    struct replay *r = app_xcalloc(1, sizeof *r);
    r->path = app_xstrdup(path);
    replay_steps(r, s);
    script_free(s);
    r->base_len = a->s.log_len;
    r->base = app_xcalloc(a->s.log_len, sizeof *r->base);
    for (size_t i = 0; i < a->s.log_len; i++)
        r->base[i] = app_xstrdup(a->s.log[i]);
    return r;
}

void replay_free(struct replay *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++) {
        for (size_t k = 0; k < r->steps[i].n_setup; k++)
            free(r->steps[i].setup[k]);
        free(r->steps[i].setup);
        free(r->steps[i].setup_lineno);
        free(r->steps[i].line);
        free(r->steps[i].error);
    }
    for (size_t i = 0; i < r->base_len; i++)
        free(r->base[i]);
    free(r->steps);
    free(r->base);
    free(r->path);
    free(r);
}

size_t replay_count(const struct replay *r)
{
    return r->count;
}

size_t replay_done(const struct replay *r)
{
    return r->done;
}

const struct replay_step *replay_current(const struct replay *r)
{
    return r->done ? &r->steps[r->done - 1] : NULL;
}

const char *replay_narration(const struct replay *r)
{
    const struct replay_step *s = replay_current(r);
    if (s && s->kind == REPLAY_PAUSE && r->done >= 2)
        s = &r->steps[r->done - 2];
    return s && s->kind == REPLAY_NOTE ? s->text : NULL;
}

void replay_next(struct replay *r, struct app *a, struct app_result *res)
{
    *res = (struct app_result){ .kind = CMD_EMPTY };
    if (r->done == r->count) {
        r->playing = false;
        return;
    }
    const struct replay_step *s = &r->steps[r->done++];
    /* Before the lines run: a setup line that fails returns early, and play
     * mode must still stop here. */
    if (r->done == r->count || s->kind == REPLAY_PAUSE)
        r->playing = false;
    /* The setup's errors show: they are the step's too. */
    for (size_t k = 0; k < s->n_setup; k++) {
        app_run_line(a, s->setup[k], strlen(s->setup[k]), r->path, s->setup_lineno[k], res);
        if (res->flags & APP_ERROR)
            return;
    }
    if (s->error) {
        res->flags = APP_ERROR;
        snprintf(res->text, sizeof res->text, "%s", s->error);
        return;
    }
    app_run_line(a, s->line, strlen(s->line), r->path, s->lineno, res);
}

/* The session as it was when the replay began, then the steps before
 * target run again. */
static void replay_seek(struct replay *r, struct app *a, size_t target, struct app_result *res)
{
    app_rebuild(a, r->base, NULL, r->base_len, res);
    if (res->flags & APP_ERROR)
        return;
    /* Only the step that ends up current speaks: the ones before already
     * showed their errors when they first ran. */
    r->done = 0;
    while (r->done < target)
        replay_next(r, a, res);
    res->flags = (res->flags & ~APP_QUIT) | APP_REDRAW | APP_MODEL;
}

void replay_back(struct replay *r, struct app *a, struct app_result *res)
{
    *res = (struct app_result){ .kind = CMD_EMPTY };
    r->playing = false;
    if (r->done > 0)
        replay_seek(r, a, r->done - 1, res);
}

void replay_return(struct replay *r, struct app *a, struct app_result *res)
{
    *res = (struct app_result){ .kind = CMD_EMPTY };
    r->playing = false;
    replay_seek(r, a, r->done, res);
}

unsigned replay_wait_ms(const struct replay *r, unsigned base_ms)
{
    const struct replay_step *s = replay_current(r);
    size_t words = 0;
    for (const char *p = s && s->text ? s->text : ""; *p; ) {
        p += strspn(p, " ");
        if (*p)
            words++;
        p += strcspn(p, " ");
    }
    unsigned long ms = base_ms + (unsigned long)base_ms * words / 4;
    return ms > AV_MAX_DELAY_MS * 4ul ? AV_MAX_DELAY_MS * 4u : (unsigned)ms;
}

void replay_set_playing(struct replay *r, bool on)
{
    r->playing = on && r->done < r->count;
}

bool replay_playing(const struct replay *r)
{
    return r->playing;
}
