/* complete.c - Tab's candidates from the command table (complete.h). */
#include "attnviz/complete.h"

#include <stdio.h>
#include <string.h>

#include "attnviz/app.h"
#include "attnviz/command.h"
#include "attnviz/theme.h"

static void add(struct complete *c, const char *s)
{
    if (strncmp(s, c->prefix, c->prefix_len) != 0)
        return;
    for (size_t k = 0; k < c->n; k++)
        if (strcmp(c->cand[k], s) == 0)
            return;
    if (c->n < COMPLETE_MAX)
        c->cand[c->n++] = s;
}

/* The tokens of the committed sentence (a preview's are the very words
 * being completed). */
static void add_tokens(struct complete *c, const struct app *a)
{
    for (size_t i = 0; i < a->s.toks.n; i++)
        add(c, a->s.toks.text[i]);
}

/* The candidates for argument arg (0: the first) of d's command. */
static void add_argument(struct complete *c, const struct app *a, const struct command_desc *d,
                         int arg)
{
    if (d->arg == ARG_CHOICE_PATH && arg == 1) {
        c->files = true;
        return;
    }
    if (arg > 0)
        return;    /* later arguments are numbers: nothing to offer */
    switch (d->arg) {
    case ARG_CHOICE:
    case ARG_CHOICE_PATH:
        for (size_t k = 0; d->choices[k]; k++)
            add(c, d->choices[k]);
        break;
    case ARG_NAME: {
        size_t n;
        const char *const *names = theme_usable_names(&n);
        for (size_t k = 0; k < n; k++)
            add(c, names[k]);
        break;
    }
    case ARG_PICK:
        add(c, d->word);
        if (d->kind != CMD_HEAD)
            break;
        for (size_t k = 0; k < a->s.cfg.heads && k < AV_MAX_HEADS; k++) {
            snprintf(c->numbers[k], sizeof c->numbers[k], "%zu", k);
            add(c, c->numbers[k]);
        }
        break;
    case ARG_VECTOR:
        if (!d->key_is_pos)
            add_tokens(c, a);
        break;
    case ARG_PATH:
        c->files = true;
        break;
    default:
        break;
    }
}

void complete_candidates(struct complete *c, const struct app *a, const char *line,
                         size_t start, const char *word)
{
    c->n = 0;
    c->files = false;
    c->prefix = word;
    c->prefix_len = strlen(word);
    size_t lead = strspn(line, " \t");
    if (line[lead] != ':') {
        add_tokens(c, a);          /* a sentence: the words already in it */
        return;
    }
    size_t name_len = strcspn(line + lead, " \t");
    if (start <= lead + name_len) {
        size_t n;
        const struct command_desc *t = command_table(&n);
        for (size_t k = 0; k < n; k++)
            add(c, t[k].name);
        return;
    }
    /* Which argument: count the words between the name and start. */
    int arg = 0;
    for (size_t p = lead + name_len; p < start;) {
        p += strspn(line + p, " \t");
        if (p >= start)
            break;
        arg++;
        p += strcspn(line + p, " \t");
    }
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)name_len, line + lead);
    const struct command_desc *d = command_find(name);
    if (d)
        add_argument(c, a, d, arg);
}
