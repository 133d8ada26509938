/* command.h - the session language: one line -> one struct command.
 *
 * The prompt, session files, --batch and every state-changing key all go
 * through command_parse, so there is exactly one grammar (README.md,
 * "Session language"). Parsing checks syntax and ranges that do not depend
 * on state ("an integer from 1 to 4096"); app_apply checks the rest ("needs
 * exactly d_model = 8 values").
 *
 * Grammar: leading/trailing whitespace is ignored; an empty line or one whose
 * first non-blank character is '#' is CMD_EMPTY; a line starting with ':' is a
 * command (name, then whitespace-separated arguments); any other line is a
 * sentence. Positions (:select, :pe-row) and head numbers are 0-based. */
#ifndef ATTNVIZ_COMMAND_H
#define ATTNVIZ_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attnviz/posenc.h"
#include "attnviz/proj.h"

enum command_kind {
    CMD_EMPTY = 0,   /* blank line or comment */
    CMD_SENTENCE,    /* u.text */
    CMD_DIM,         /* u.count: :dim N            1..AV_MAX_DIM */
    CMD_HEADS,       /* u.count: :heads H          1..AV_MAX_HEADS */
    CMD_SEED,        /* u.seed:  :seed S           0..2^64-1 */
    CMD_PE,          /* u.pe:    :pe none|sinusoidal|learned|table */
    CMD_PE_ROW,      /* u.vec (index = POS): :pe-row POS v1 .. vd */
    CMD_PROJ,        /* u.proj:  :proj identity|random */
    CMD_SCALE,       /* u.on:    :scale on|off */
    CMD_CAUSAL,      /* u.on:    :causal on|off */
    CMD_EMB,         /* u.vec (name = TOKEN): :emb TOKEN v1 .. vd */
    CMD_SELECT,      /* u.cell:  :select ROW COL */
    CMD_HEAD,        /* u.head:  :head I | :head mean (HEAD_MEAN) */
    CMD_THEME,       /* u.text:  :theme NAME */
    CMD_NOTE,        /* u.text:  :note TEXT (rest of the line, may be empty) */
    CMD_PRINT,       /* u.format: :print json|text|csv */
    CMD_SAVE,        /* u.text:  :save FILE */
    CMD_LOAD,        /* u.text:  :load FILE */
    CMD_QUIT,        /* :quit (also :q) */
    CMD_UNDO,        /* :undo - takes back the last state change */
    CMD_SAVE_FORCE,  /* u.text:  :save! FILE - :save that may overwrite any file */
    CMD_REPLAY,      /* u.text:  :replay FILE - step by step in the TUI, else as :load */
    CMD_PAUSE,       /* :pause - a replay waits for a key; a no-op elsewhere */
    CMD_THEMES,      /* :themes - lists the themes (stdout in batch mode) */
    CMD_KIND_COUNT
};

enum print_format { PRINT_JSON = 0, PRINT_TEXT, PRINT_CSV };

#define HEAD_MEAN (-1)

struct command {
    enum command_kind kind;
    union {
        char *text;               /* owned; NUL-terminated */
        size_t count;
        uint64_t seed;
        enum pe_kind pe;
        enum proj_kind proj;
        bool on;
        enum print_format format;
        struct { size_t row, col; } cell;
        int head;                 /* 0.. or HEAD_MEAN */
        struct {
            char *name;           /* owned: TOKEN for :emb, NULL for :pe-row */
            size_t index;         /* POS for :pe-row */
            float *values;        /* owned, finite */
            size_t count;
        } vec;
    } u;
};

/* Parses line[0..len) (no trailing newline needed; one is ignored). Returns 0
 * and fills *out (free with command_free), or -1 with a one-line message in
 * err that names the command and says what was expected and what was got,
 * e.g.  :dim expects an integer from 1 to 4096, got "x"
 * On error *out is left as CMD_EMPTY, owning nothing. */
int command_parse(const char *line, size_t len, struct command *out,
                  char *err, size_t errlen);

void command_free(struct command *c);

/* Writes the canonical session-language line for c (no newline) as snprintf
 * does: returns the length it needs, writes at most cap bytes. Parsing the
 * result gives back an equal command (values printed with %.9g). */
int command_format(const struct command *c, char *buf, size_t cap);

/* The command names, for help and completion: ":dim", ":heads", ... */
const char *const *command_names(size_t *count);

#endif
