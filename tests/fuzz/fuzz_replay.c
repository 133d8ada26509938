/* fuzz_replay.c - libFuzzer: the replay stepper (replay.h) on any script,
 * stepped next, back, to its place again and in play mode, as the input
 * says. The input is SCRIPT, then optionally a NUL byte and MOVES: one
 * byte a move (at most 64; without them the script is played to the end
 * and stepped back twice). The script is written to the private folder
 * through fuzz_safe_script (util.h), so a step that names a file names
 * one there, with no :save or :wq: a file a later step writes would make
 * an earlier step read something else the second time (a replay is
 * deterministic for files that do not change under it). Checked after every move:
 *   - done stays within 0..count and moves as the move says (next: one
 *     on, but not past the end; back: one back, but not before 0; return:
 *     where it was; play: to the next :pause or the end);
 *   - the current step is NULL exactly at 0, a narration is a note's text;
 *   - an error a step shows starts with "SCRIPT:";
 *   - the wait stays within its cap;
 * and at the end: the session at that position is the one a fresh app gets
 * by stepping straight there (replay.h: "a position shows the same model
 * however it was reached"): the same log, config, cursor and head. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/limits.h"
#include "attnviz/replay.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_MOVES = 64 };

static struct app_result res;

static void check_error(const char *path, const char *what)
{
    size_t n = strlen(path);
    if ((res.flags & APP_ERROR) && (strncmp(res.text, path, n) != 0 || res.text[n] != ':'))
        fuzz_fail("%s: an error without the script's name: %s", what, res.text);
}

static void check_position(const struct replay *r, size_t want, const char *what)
{
    size_t done = replay_done(r);
    if (done != want || done > replay_count(r))
        fuzz_fail("%s: at %zu of %zu, want %zu", what, done, replay_count(r), want);
    const struct replay_step *cur = replay_current(r);
    if ((cur == NULL) != (done == 0))
        fuzz_fail("%s: current step %p at %zu", what, (const void *)cur, done);
    const char *nar = replay_narration(r);
    if (nar) {
        const struct replay_step *note = cur;
        if (note->kind == REPLAY_PAUSE)
            note = cur - 1;
        if (note->kind != REPLAY_NOTE || note->text != nar)
            fuzz_fail("%s: a narration that is not a note's", what);
    }
    if (replay_wait_ms(r, AV_MAX_DELAY_MS) > AV_MAX_DELAY_MS * 4u)
        fuzz_fail("%s: a wait over the cap", what);
}

static void same_session(const struct app *a, const struct app *b)
{
    if (a->s.log_len != b->s.log_len)
        fuzz_fail("%zu lines in the log, %zu stepping straight there", a->s.log_len,
                  b->s.log_len);
    for (size_t i = 0; i < a->s.log_len; i++)
        if (strcmp(a->s.log[i], b->s.log[i]) != 0)
            fuzz_fail("log line %zu: \"%s\", stepping straight there \"%s\"", i, a->s.log[i],
                      b->s.log[i]);
    const struct model_config *x = &a->s.cfg, *y = &b->s.cfg;
    if (x->d_model != y->d_model || x->heads != y->heads || x->seed != y->seed
        || x->pe != y->pe || x->proj != y->proj || x->scale != y->scale
        || x->causal != y->causal)
        fuzz_fail("another config than stepping straight there");
    if (a->s.sel_row != b->s.sel_row || a->s.sel_col != b->s.sel_col || a->s.head != b->s.head)
        fuzz_fail("cursor (%zu, %zu) head %d, stepping straight there (%zu, %zu) head %d",
                  a->s.sel_row, a->s.sel_col, a->s.head, b->s.sel_row, b->s.sel_col,
                  b->s.head);
}

static int start(struct app *a, const char *path, struct replay **r)
{
    struct model_config cfg;
    char err[1024];
    command_default_config(&cfg);
    if (app_init(a, &cfg, err, sizeof err) != 0)
        fuzz_fail("app_init: %s", err);
    *r = replay_open(path, a, err, sizeof err);
    if (!*r && strncmp(err, "\"", 1) != 0 && strncmp(err, path, strlen(path)) != 0)
        fuzz_fail("replay_open's message names no file: %s", err);
    return *r != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t script_len = nul ? (size_t)(nul - data) : size;
    static const uint8_t play_back[] = { 3, 1, 1 };
    const uint8_t *moves = nul ? nul + 1 : play_back;
    size_t n_moves = nul ? size - script_len - 1 : sizeof play_back;
    if (n_moves > MAX_MOVES)
        n_moves = MAX_MOVES;

    size_t len;
    char *text = fuzz_safe_script(data, script_len, 0, &len);
    const char *path = fuzz_write("replay.attn", text, len);
    free(text);
    static char path_copy[4200];
    snprintf(path_copy, sizeof path_copy, "%s", path);
    path = path_copy;

    struct app a;
    struct replay *r;
    if (!start(&a, path, &r)) {
        app_free(&a);
        return 0;
    }
    size_t count = replay_count(r);
    if (count == 0)
        fuzz_fail("a replay of no steps");
    for (size_t i = 0; i < n_moves; i++) {
        size_t done = replay_done(r);
        switch (moves[i] % 5) {
        case 0:
            replay_next(r, &a, &res);
            check_error(path, "next");
            check_position(r, done < count ? done + 1 : count, "next");
            if (done == count && res.flags)
                fuzz_fail("next at the end did something");
            break;
        case 1:
            replay_back(r, &a, &res);
            check_error(path, "back");
            check_position(r, done ? done - 1 : 0, "back");
            if (res.flags & APP_QUIT)
                fuzz_fail("going back quits");
            break;
        case 2:
            replay_return(r, &a, &res);
            check_error(path, "return");
            check_position(r, done, "return");
            break;
        case 3:
            replay_set_playing(r, true);
            if (replay_playing(r) != (done < count))
                fuzz_fail("play mode at %zu of %zu", done, count);
            while (replay_playing(r)) {
                size_t was = replay_done(r);
                replay_next(r, &a, &res);
                check_error(path, "play");
                check_position(r, was + 1, "play");
                const struct replay_step *cur = replay_current(r);
                if (replay_playing(r) && (cur->kind == REPLAY_PAUSE || was + 1 == count))
                    fuzz_fail("play mode goes on past a pause or the end");
            }
            break;
        default:
            replay_set_playing(r, false);
            if (replay_playing(r))
                fuzz_fail("play mode stays on");
            break;
        }
    }

    /* the same position, reached by stepping straight there */
    size_t at = replay_done(r);
    struct app b;
    struct replay *r2;
    if (!start(&b, path, &r2))
        fuzz_fail("the script opened once but not twice");
    for (size_t i = 0; i < at; i++)
        replay_next(r2, &b, &res);
    same_session(&a, &b);
    replay_free(r2);
    app_free(&b);
    replay_free(r);
    app_free(&a);
    return 0;
}
