/* complete.h - what Tab offers at the prompt, read from the command table:
 * command names where the command goes, and for its first argument what
 * the argument's shape allows (the words of a choice, theme names, head
 * numbers, the sentence's tokens, or file names), and file names after
 * :export's format. Pure: no readline here;
 * the prompt hands the candidates to readline. */
#ifndef ATTNVIZ_COMPLETE_H
#define ATTNVIZ_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "attnviz/limits.h"

struct app;

enum { COMPLETE_MAX = 256 };

struct complete {
    bool files;                       /* complete file names instead */
    size_t n;
    const char *cand[COMPLETE_MAX];   /* point into the app, the tables or numbers */
    char numbers[AV_MAX_HEADS][4];
    const char *prefix;               /* what the candidates start with */
    size_t prefix_len;
};

/* The candidates that start with word for the word that starts at byte
 * start of line (the whole line typed so far): the first COMPLETE_MAX of
 * those, so that a sentence of thousands of tokens still offers every
 * token a prefix fits when there are few. */
void complete_candidates(struct complete *c, const struct app *a, const char *line,
                         size_t start, const char *word);

#endif
