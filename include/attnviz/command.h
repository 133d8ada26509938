/* command.h - the session language: one line -> one struct command, driven
 * by one table of command descriptors.
 *
 * The prompt, session files, --batch, the config file, the command-line
 * options and every state-changing key all go through command_parse, so
 * there is exactly one grammar (README.md, "Session language"). Each command
 * is one row of the table in command.c: its name and alias, the shape of its
 * argument, whether it changes the session, the model setting it sets, its
 * config-file key and command-line option, and its help line. Parsing,
 * canonical formatting, freeing, completion, the config file, the options,
 * the session header and the help screen all read that row.
 *
 * Parsing checks syntax and ranges that do not depend on state ("an integer
 * from 1 to 4096"); app_apply checks the rest ("needs exactly d_model = 8
 * values").
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

#include "attnviz/model.h"

enum command_kind {
    CMD_EMPTY = 0,   /* blank line or comment */
    CMD_SENTENCE,    /* u.text */
    CMD_DIM,         /* the rows of the table, in its order */
    CMD_HEADS,
    CMD_SEED,
    CMD_PE,
    CMD_PE_ROW,
    CMD_PROJ,
    CMD_SCALE,
    CMD_CAUSAL,
    CMD_EMB,
    CMD_VECTORS,
    CMD_SELECT,
    CMD_HEAD,
    CMD_THEME,
    CMD_RANGE,
    CMD_STAGE,
    CMD_VIEW,
    CMD_ZOOM,
    CMD_ZOOM_MODE,
    CMD_SUMMARIES,
    CMD_DETAIL_DELAY,
    CMD_NOTE,
    CMD_PRINT,
    CMD_EXPORT,
    CMD_EXPORT_FORCE,
    CMD_SAVE,
    CMD_SAVE_FORCE,
    CMD_LOAD,
    CMD_REPLAY,
    CMD_OPEN,
    CMD_PAUSE,
    CMD_THEMES,
    CMD_TOURS,
    CMD_UNDO,
    CMD_REDO,
    CMD_HELP,
    CMD_QUIT,
    CMD_QUIT_FORCE,
    CMD_WRITE_QUIT,
    CMD_KIND_COUNT
};

/* The first command kind that has a row in the table. */
#define CMD_FIRST CMD_DIM

enum print_format { PRINT_JSON = 0, PRINT_TEXT, PRINT_CSV, PRINT_FORMAT_COUNT };

/* What :export writes (heatexport.h): the heatmap as a picture, a table,
 * the model as JSON, colored text. */
enum export_kind { EXPORT_SVG = 0, EXPORT_CSV, EXPORT_JSON, EXPORT_ANSI, EXPORT_KIND_COUNT };

/* What the heatmap's colors span (:range): 0 to the largest weight shown
 * while none of them exceeds a quarter, else 0 to 1; always 0 to 1; each
 * row from 0 to its own largest weight. */
enum heat_range { RANGE_AUTO = 0, RANGE_FIXED, RANGE_ROW, RANGE_COUNT };

/* What a zoomed-out cell of the heatmap shows of its block (:zoom-mode). */
enum zoom_mode { ZOOM_MAX = 0, ZOOM_MEAN, ZOOM_MODE_COUNT };

#define HEAD_MEAN (-1)
#define ZOOM_FIT (-1)

/* What a command's argument looks like; it decides the parser, the
 * formatter, what command_free releases and what Tab completes. */
enum command_arg {
    ARG_NONE,         /* nothing may follow the name */
    ARG_INT,          /* u.num: a decimal integer from lo to hi */
    ARG_CHOICE,       /* u.num: the index of one of choices[] */
    ARG_VECTOR,       /* u.vec: a key (a token, or a position when key_is_pos) and numbers */
    ARG_CELL,         /* u.cell: ROW COL [DIM] */
    ARG_PICK,         /* u.pick: a number from lo to hi, or the row's word (-1):
                         a head or "mean", a zoom or "fit" */
    ARG_NAME,         /* u.text: a theme-style name: letters, digits, '_' '-' */
    ARG_TEXT,         /* u.text: the rest of the line, may be empty */
    ARG_PATH,         /* u.text: a file name, the rest of the line */
    ARG_CHOICE_PATH,  /* u.to: one of choices[], then a file name (the rest) */
    ARG_COUNT
};

/* How a command relates to the session. */
enum command_scope {
    SCOPE_SESSION,    /* changes the session: logged, saved, undone */
    SCOPE_VIEW,       /* a viewer's preference: not logged, kept by :undo */
    SCOPE_ACTION,     /* does something now (:print, :save, :undo, ...) */
};

struct command_desc {
    enum command_kind kind;
    const char *name;           /* ":dim" */
    const char *alias;          /* ":q", or NULL */
    enum command_arg arg;
    const char *arg_name;       /* what the help shows after the name: "N" */
    const char *word;           /* ARG_PICK: the word that is not a number */
    const char *what;           /* ARG_PICK: what the number is ("a head") */
    uint64_t lo, hi;            /* ARG_INT range; ARG_CELL / ARG_VECTOR position limit in hi */
    const char *const *choices; /* ARG_CHOICE: the words, NULL-terminated */
    bool key_is_pos;            /* ARG_VECTOR: the key is a position, not a token */
    enum command_scope scope;
    bool quiet;                 /* says nothing when it worked (a cursor move) */
    /* The model setting the command sets, or NULL (see command_setting_*). */
    const struct command_setting *setting;
    uint64_t def;               /* the setting's default (README.md "Defaults") */
    /* The first pass of the forward pass the command makes stale
     * (MODEL_PASS_COUNT: none). */
    enum model_pass dirty;
    const char *config_key;     /* key in the config file, or NULL */
    const char *option;         /* command-line option without "--", or NULL */
    const char *option_value;   /* the option takes no value and means this one */
    const char *help;           /* one line, for the help screen and --help */
};

struct command {
    enum command_kind kind;
    union {
        char *text;               /* owned; NUL-terminated */
        uint64_t num;             /* ARG_INT value, ARG_CHOICE index */
        struct { size_t row, col, dim; bool has_dim; } cell;
        int pick;                 /* ARG_PICK: the number, or -1 for the word */
        struct {
            uint64_t choice;      /* the index of one of choices[] */
            char *path;           /* owned */
        } to;
        struct {
            char *name;           /* owned: TOKEN for :emb, NULL for :pe-row */
            size_t index;         /* POS for :pe-row */
            float *values;        /* owned, finite */
            size_t count;
        } vec;
    } u;
};

/* The table: every row in enum order (row i has kind CMD_FIRST + i). */
const struct command_desc *command_table(size_t *count);
/* The row of kind, or NULL for CMD_EMPTY, CMD_SENTENCE and out of range. */
const struct command_desc *command_desc_of(enum command_kind kind);
/* The row whose name or alias is name (":dim"), or NULL. */
const struct command_desc *command_find(const char *name);

/* Parses line[0..len) (no trailing newline needed; one is ignored). Returns 0
 * and fills *out (free with command_free), or -1 with a one-line message in
 * err that names the command and says what was expected and what was got,
 * e.g.  :dim expects an integer from 1 to 4096, got "x"
 * On error *out is left as CMD_EMPTY, owning nothing. */
int command_parse(const char *line, size_t len, struct command *out,
                  char *err, size_t errlen);

/* Parses "NAME VALUE" for the row d: the way the config file and the
 * command-line options read a value. */
int command_parse_value(const struct command_desc *d, const char *value,
                        struct command *out, char *err, size_t errlen);

void command_free(struct command *c);

/* Writes the canonical session-language line for c (no newline) as snprintf
 * does: returns the length it needs, writes at most cap bytes. Parsing the
 * result gives back an equal command (values printed with %.9g). */
int command_format(const struct command *c, char *buf, size_t cap);

/* The argument as the help screen and --help show it, with the range an
 * integer argument takes: "N (1 to 4096)", "none|sinusoidal|learned|table|rope|alibi". */
int command_usage(const struct command_desc *d, char *buf, size_t cap);

/* ---- model settings (:dim, :heads, :seed, :pe, :proj, :scale, :causal) ----
 * A setting command's value is u.num; these read and write the config field
 * it names, so the app, the config file, the options and the session header
 * need no switch of their own. */

/* The value of d's setting in cfg. */
uint64_t command_setting_get(const struct command_desc *d, const struct model_config *cfg);
/* The product defaults: every setting at its row's def. */
void command_default_config(struct model_config *cfg);
/* Sets d's setting in cfg to value (the config is not checked here). */
void command_setting_set(const struct command_desc *d, struct model_config *cfg, uint64_t value);
/* The command that sets d's setting to its value in cfg (owns nothing). */
struct command command_of_setting(const struct command_desc *d, const struct model_config *cfg);

#endif
