/* fuzz_command.c - libFuzzer: any line either fails to parse or parses to a
 * command whose canonical line parses back to the same command. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/command.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_fail(const char *what, const char *line)
{
    fprintf(stderr, "round trip broken (%s): \"%s\"\n", what, line);
    abort();
}

static int fuzz_same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Equal by the argument shape of the command's row. */
static int fuzz_equal(const struct command *a, const struct command *b)
{
    if (a->kind != b->kind)
        return 0;
    const struct command_desc *d = command_desc_of(a->kind);
    enum command_arg arg = d ? d->arg : a->kind == CMD_SENTENCE ? ARG_TEXT : ARG_NONE;
    switch (arg) {
    case ARG_TEXT:
    case ARG_NAME:
    case ARG_PATH:
        return strcmp(a->u.text, b->u.text) == 0;
    case ARG_INT:
    case ARG_CHOICE:
        return a->u.num == b->u.num;
    case ARG_CHOICE_PATH:
        return a->u.to.choice == b->u.to.choice && strcmp(a->u.to.path, b->u.to.path) == 0;
    case ARG_CELL:
        return a->u.cell.row == b->u.cell.row && a->u.cell.col == b->u.cell.col;
    case ARG_PICK:
        return a->u.pick == b->u.pick;
    case ARG_VECTOR:
        /* bitwise: %.9g must bring back the very same float */
        return fuzz_same_text(a->u.vec.name, b->u.vec.name)
            && a->u.vec.index == b->u.vec.index && a->u.vec.count == b->u.vec.count
            && memcmp(a->u.vec.values, b->u.vec.values,
                      a->u.vec.count * sizeof *a->u.vec.values) == 0;
    case ARG_NONE:
    case ARG_COUNT:
        break;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct command a, b;
    char err[1024];
    if (command_parse((const char *)data, size, &a, err, sizeof err) != 0) {
        if (a.kind != CMD_EMPTY || !memchr(err, '\0', sizeof err) || err[0] == '\0')
            fuzz_fail("error path", "");
        return 0;
    }
    int n = command_format(&a, NULL, 0);
    char *line = malloc((size_t)n + 1);
    if (command_format(&a, line, (size_t)n + 1) != n || strlen(line) != (size_t)n)
        fuzz_fail("format length", line);
    if (command_parse(line, (size_t)n, &b, err, sizeof err) != 0)
        fuzz_fail(err, line);
    if (!fuzz_equal(&a, &b))
        fuzz_fail("different command", line);
    char *again = malloc((size_t)n + 1);
    if (command_format(&b, again, (size_t)n + 1) != n || strcmp(line, again) != 0)
        fuzz_fail("not canonical", line);
    free(again);
    free(line);
    command_free(&a);
    command_free(&b);
    return 0;
}
