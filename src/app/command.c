/* command.c - the session language: one line -> one struct command.
 *
 * The grammar is in command.h. Every error is one line that names the
 * command, what it expects and what it got, because the same text reaches
 * the prompt, a session file's "file:line:" report and batch mode. */
#include "attnviz/command.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/limits.h"
#include "attnviz/tokenizer.h"
#include "attnviz/errmsg.h"
#include "attnviz/xalloc.h"

/* Indexed by kind; also the list command_names hands out, so the parser,
 * the formatter, help and completion all spell names from one place. */
static const char *const cmd_names[CMD_KIND_COUNT] = {
    [CMD_DIM] = ":dim",       [CMD_HEADS] = ":heads",   [CMD_SEED] = ":seed",
    [CMD_PE] = ":pe",         [CMD_PE_ROW] = ":pe-row", [CMD_PROJ] = ":proj",
    [CMD_SCALE] = ":scale",   [CMD_CAUSAL] = ":causal", [CMD_EMB] = ":emb",
    [CMD_SELECT] = ":select", [CMD_HEAD] = ":head",     [CMD_THEME] = ":theme",
    [CMD_NOTE] = ":note",     [CMD_PRINT] = ":print",   [CMD_SAVE] = ":save",
    [CMD_LOAD] = ":load",     [CMD_QUIT] = ":quit",     [CMD_UNDO] = ":undo",
    [CMD_SAVE_FORCE] = ":save!", [CMD_REPLAY] = ":replay", [CMD_PAUSE] = ":pause",
    [CMD_THEMES] = ":themes",
};

static const char *const cmd_on_off[] = { "on", "off" };
/* In enum print_format order. */
static const char *const cmd_formats[] = { "json", "text", "csv" };

#define CMD_THEME_MAX 63u

/* isspace in the C locale, spelled out like the tokenizer's: <ctype.h>
 * answers depend on the locale the TUI sets. */
static bool cmd_is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Renders what the user wrote for an error message: quoted, control bytes
 * escaped so a message never drives the terminal, and cut (at a character
 * boundary) after CMD_QUOTE_MAX bytes; "nothing" when there is no text. */
#define CMD_QUOTE_MAX 48u
#define CMD_QUOTE_CAP (CMD_QUOTE_MAX * 4 + 8)
static const char *cmd_quote(char buf[CMD_QUOTE_CAP], const char *s, size_t len)
{
    if (len == 0)
        return "nothing";
    size_t cut = len;
    if (cut > CMD_QUOTE_MAX) {
        cut = CMD_QUOTE_MAX;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    size_t o = 0;
    buf[o++] = '"';
    for (size_t i = 0; i < cut; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            o += (size_t)snprintf(buf + o, 5, "\\x%02X", c);
        else
            buf[o++] = (char)c;
    }
    if (cut < len)
        o += (size_t)snprintf(buf + o, 4, "%s", "\xE2\x80\xA6");   /* … */
    buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}

/* The unparsed rest of a command line, NUL-terminated and trimmed at both
 * ends (the line was trimmed as a whole; words are cut in place). */
struct cmd_rest {
    char *p;
};

/* Cuts the next whitespace-separated word off the rest; NULL when none. */
static char *cmd_word(struct cmd_rest *r)
{
    while (*r->p && cmd_is_space(*r->p))
        r->p++;
    if (!*r->p)
        return NULL;
    char *w = r->p;
    while (*r->p && !cmd_is_space(*r->p))
        r->p++;
    if (*r->p)
        *r->p++ = '\0';
    return w;
}

static char *cmd_rest_text(struct cmd_rest *r)
{
    while (*r->p && cmd_is_space(*r->p))
        r->p++;
    return r->p;
}

/* Strict unsigned decimal: digits only (no sign, blank or base prefix, which
 * strtoull would accept), no overflow, at most max. */
static bool cmd_parse_uint(const char *w, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*w)
        return false;
    for (; *w; w++) {
        if (*w < '0' || *w > '9')
            return false;
        unsigned d = (unsigned)(*w - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

/* A finite float that consumes the whole word. strtof's overflow result is
 * HUGE_VALF, so "1e99" is rejected with inf and nan; underflow to a
 * subnormal or zero is accepted, as that is the nearest float. */
static bool cmd_parse_float(const char *w, float *out)
{
    char *end;
    float v = strtof(w, &end);
    if (end == w || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* The single-argument commands take the whole rest as their argument, so
 * ":dim 8 9" is reported as got "8 9". */
static int cmd_count(const char *name, const char *arg, uint64_t lo, uint64_t hi,
                     uint64_t *out, char *err, size_t errlen)
{
    char q[CMD_QUOTE_CAP];
    if (!cmd_parse_uint(arg, hi, out) || *out < lo)
        return errmsg_set(err, errlen, "%s expects an integer from %" PRIu64
                        " to %" PRIu64 ", got %s", name, lo, hi,
                        cmd_quote(q, arg, strlen(arg)));
    return 0;
}

/* One of a fixed list of words; *out is its index. */
static int cmd_choice(const char *name, const char *arg,
                      const char *const *choices, size_t n, int *out,
                      char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(arg, choices[i]) == 0) {
            *out = (int)i;
            return 0;
        }
    char list[256];
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
                              i == 0 ? "" : i + 1 == n ? " or " : ", ", choices[i]);
    char q[CMD_QUOTE_CAP];
    return errmsg_set(err, errlen, "%s expects %s, got %s", name, list,
                    cmd_quote(q, arg, strlen(arg)));
}

/* The numbers of :emb and :pe-row: every remaining word, each finite. */
static int cmd_values(const char *name, struct cmd_rest *r, const char *what,
                      struct command *out, char *err, size_t errlen)
{
    size_t n = 0;
    for (const char *s = cmd_rest_text(r); *s;) {
        n++;
        while (*s && !cmd_is_space(*s))
            s++;
        while (*s && cmd_is_space(*s))
            s++;
    }
    if (n == 0)
        return errmsg_set(err, errlen, "%s expects %s and at least one number", name, what);
    if (n > AV_MAX_DIM)
        return errmsg_set(err, errlen, "%s expects at most %u numbers (the largest "
                        "d_model), got %zu", name, AV_MAX_DIM, n);
    float *v = app_xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const char *w = cmd_word(r);
        if (!cmd_parse_float(w, &v[i])) {
            char q[CMD_QUOTE_CAP];
            free(v);
            return errmsg_set(err, errlen, "%s value %zu is not a finite number: %s",
                            name, i + 1, cmd_quote(q, w, strlen(w)));
        }
    }
    out->u.vec.values = v;
    out->u.vec.count = n;
    return 0;
}

static bool cmd_theme_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > CMD_THEME_MAX)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
              || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* Parses the arguments of command `kind` from r into out (kind already set). */
static int cmd_args(enum command_kind kind, struct cmd_rest *r,
                    struct command *out, char *err, size_t errlen)
{
    const char *name = cmd_names[kind];
    char q[CMD_QUOTE_CAP];
    uint64_t u = 0;
    int i = 0;
    switch (kind) {
    case CMD_DIM:
    case CMD_HEADS:
        if (cmd_count(name, cmd_rest_text(r), 1,
                      kind == CMD_DIM ? AV_MAX_DIM : AV_MAX_HEADS, &u, err, errlen))
            return -1;
        out->u.count = (size_t)u;
        return 0;
    case CMD_SEED:
        if (cmd_count(name, cmd_rest_text(r), 0, UINT64_MAX, &u, err, errlen))
            return -1;
        out->u.seed = u;
        return 0;
    case CMD_PE: {
        const char *kinds[PE_TABLE + 1];
        for (int k = PE_NONE; k <= PE_TABLE; k++)
            kinds[k] = pe_kind_name((enum pe_kind)k);
        if (cmd_choice(name, cmd_rest_text(r), kinds, PE_TABLE + 1, &i, err, errlen))
            return -1;
        out->u.pe = (enum pe_kind)i;
        return 0;
    }
    case CMD_PROJ: {
        const char *kinds[PROJ_RANDOM + 1];
        for (int k = PROJ_IDENTITY; k <= PROJ_RANDOM; k++)
            kinds[k] = proj_kind_name((enum proj_kind)k);
        if (cmd_choice(name, cmd_rest_text(r), kinds, PROJ_RANDOM + 1, &i, err, errlen))
            return -1;
        out->u.proj = (enum proj_kind)i;
        return 0;
    }
    case CMD_SCALE:
    case CMD_CAUSAL:
        if (cmd_choice(name, cmd_rest_text(r), cmd_on_off, 2, &i, err, errlen))
            return -1;
        out->u.on = i == 0;
        return 0;
    case CMD_PRINT:
        if (cmd_choice(name, cmd_rest_text(r), cmd_formats, 3, &i, err, errlen))
            return -1;
        out->u.format = (enum print_format)i;
        return 0;
    case CMD_PE_ROW: {
        const char *w = cmd_word(r);
        if (!w)
            return errmsg_set(err, errlen, "%s expects a position and at least one number", name);
        if (!cmd_parse_uint(w, AV_MAX_TOKENS - 1, &u))
            return errmsg_set(err, errlen, "%s expects a position from 0 to %u, got %s",
                            name, AV_MAX_TOKENS - 1, cmd_quote(q, w, strlen(w)));
        out->u.vec.index = (size_t)u;
        return cmd_values(name, r, "a position", out, err, errlen);
    }
    case CMD_EMB: {
        const char *w = cmd_word(r);
        if (!w)
            return errmsg_set(err, errlen, "%s expects a token and at least one number", name);
        if (cmd_values(name, r, "a token", out, err, errlen))
            return -1;
        out->u.vec.name = app_xstrdup(w);
        return 0;
    }
    case CMD_SELECT: {
        const char *all = cmd_rest_text(r);
        size_t all_len = strlen(all);
        /* Words are cut in place; the copy keeps `all` whole for the error. */
        char *dup = app_xstrndup(all, all_len);
        struct cmd_rest words = { dup };
        const char *rw = cmd_word(&words), *cw = cmd_word(&words);
        uint64_t row, col;
        bool ok = rw && cw && !cmd_word(&words)
                  && cmd_parse_uint(rw, AV_MAX_TOKENS - 1, &row)
                  && cmd_parse_uint(cw, AV_MAX_TOKENS - 1, &col);
        free(dup);
        if (!ok)
            return errmsg_set(err, errlen, "%s expects a row and a column from 0 to %u, got %s",
                            name, AV_MAX_TOKENS - 1, cmd_quote(q, all, all_len));
        out->u.cell.row = (size_t)row;
        out->u.cell.col = (size_t)col;
        return 0;
    }
    case CMD_HEAD: {
        const char *arg = cmd_rest_text(r);
        if (strcmp(arg, "mean") == 0) {
            out->u.head = HEAD_MEAN;
            return 0;
        }
        if (!cmd_parse_uint(arg, AV_MAX_HEADS - 1, &u))
            return errmsg_set(err, errlen, "%s expects a head from 0 to %u or mean, got %s",
                            name, AV_MAX_HEADS - 1, cmd_quote(q, arg, strlen(arg)));
        out->u.head = (int)u;
        return 0;
    }
    case CMD_THEME: {
        const char *arg = cmd_rest_text(r);
        if (!cmd_theme_ok(arg))
            return errmsg_set(err, errlen, "%s expects a name of 1 to %u letters, digits, "
                            "'_' or '-', got %s", name, CMD_THEME_MAX,
                            cmd_quote(q, arg, strlen(arg)));
        out->u.text = app_xstrdup(arg);
        return 0;
    }
    case CMD_NOTE:
        out->u.text = app_xstrdup(cmd_rest_text(r));
        return 0;
    case CMD_SAVE:
    case CMD_SAVE_FORCE:
    case CMD_LOAD:
    case CMD_REPLAY: {
        const char *arg = cmd_rest_text(r);
        if (!*arg)
            return errmsg_set(err, errlen, "%s expects a file name", name);
        out->u.text = app_xstrdup(arg);
        return 0;
    }
    case CMD_QUIT:
    case CMD_UNDO:
    case CMD_PAUSE:
    case CMD_THEMES: {
        const char *arg = cmd_rest_text(r);
        if (*arg)
            return errmsg_set(err, errlen, "%s takes no arguments, got %s", name,
                            cmd_quote(q, arg, strlen(arg)));
        return 0;
    }
    case CMD_EMPTY:
    case CMD_SENTENCE:
    case CMD_KIND_COUNT:
        break;
    }
    return errmsg_set(err, errlen, "internal error: no arguments for command kind %d", (int)kind);
}

static enum command_kind cmd_lookup(const char *name)
{
    if (strcmp(name, ":q") == 0)
        return CMD_QUIT;
    for (int k = CMD_DIM; k < CMD_KIND_COUNT; k++)
        if (strcmp(name, cmd_names[k]) == 0)
            return (enum command_kind)k;
    return CMD_EMPTY;
}

int command_parse(const char *line, size_t len, struct command *out,
                  char *err, size_t errlen)
{
    *out = (struct command){ .kind = CMD_EMPTY };
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > AV_MAX_LINE)
        return errmsg_set(err, errlen, "line too long (%zu bytes; the limit is %u)",
                        len, AV_MAX_LINE);
    size_t start = 0, end = len;
    while (start < end && cmd_is_space(line[start]))
        start++;
    while (end > start && cmd_is_space(line[end - 1]))
        end--;
    if (start == end || line[start] == '#')
        return 0;

    size_t where;
    if (!utf8_valid(line, len, &where))
        return errmsg_set(err, errlen, "invalid UTF-8 at byte %zu", where);
    /* A NUL would cut the stored text short and a line break would split the
     * line when the session is saved; neither can be typed at a prompt. */
    for (size_t i = start; i < end; i++)
        if (line[i] == '\0' || line[i] == '\n' || line[i] == '\r')
            return errmsg_set(err, errlen, "%s at byte %zu",
                            line[i] ? "line break inside the line" : "NUL byte", i);

    char *buf = app_xstrndup(line + start, end - start);
    if (buf[0] != ':') {
        out->kind = CMD_SENTENCE;
        out->u.text = buf;
        return 0;
    }
    struct cmd_rest r = { buf };
    char *name = cmd_word(&r);
    enum command_kind kind = cmd_lookup(name);
    int rc = 0;
    if (kind == CMD_EMPTY) {
        char q[CMD_QUOTE_CAP];
        rc = errmsg_set(err, errlen, "unknown command %s (see README, or Tab at the prompt, for the list)",
                      cmd_quote(q, name, strlen(name)));
    } else {
        out->kind = kind;
        rc = cmd_args(kind, &r, out, err, errlen);
        /* %.9g can be longer than what was typed ("0.1" -> "0.100000001"):
         * a command whose canonical line would not parse back is refused
         * here, so every logged line can be replayed. */
        if (rc == 0 && (kind == CMD_EMB || kind == CMD_PE_ROW)) {
            int need = command_format(out, NULL, 0);
            if (need > (int)AV_MAX_LINE)
                rc = errmsg_set(err, errlen, "%s is too long once its numbers are written "
                              "out (%d bytes; the limit is %u)",
                              cmd_names[kind], need, AV_MAX_LINE);
        }
        if (rc != 0)
            command_free(out);
    }
    free(buf);
    return rc;
}

void command_free(struct command *c)
{
    switch (c->kind) {
    case CMD_SENTENCE:
    case CMD_THEME:
    case CMD_NOTE:
    case CMD_SAVE:
    case CMD_SAVE_FORCE:
    case CMD_LOAD:
    case CMD_REPLAY:
        free(c->u.text);
        break;
    case CMD_EMB:
    case CMD_PE_ROW:
        free(c->u.vec.name);
        free(c->u.vec.values);
        break;
    default:
        break;
    }
    *c = (struct command){ .kind = CMD_EMPTY };
}

/* snprintf-style output: counts everything, stores what fits. */
struct cmd_out {
    char *buf;
    size_t cap, len;
};

static void cmd_put(struct cmd_out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void cmd_putf(struct cmd_out *o, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    cmd_put(o, tmp, (size_t)n);
}

static void cmd_puts(struct cmd_out *o, const char *s)
{
    cmd_put(o, s, strlen(s));
}

int command_format(const struct command *c, char *buf, size_t cap)
{
    struct cmd_out o = { buf, cap, 0 };
    const char *name = c->kind > CMD_SENTENCE && c->kind < CMD_KIND_COUNT
                       ? cmd_names[c->kind] : "";
    switch (c->kind) {
    case CMD_EMPTY:
    case CMD_KIND_COUNT:
        break;
    case CMD_SENTENCE:
        cmd_puts(&o, c->u.text);
        break;
    case CMD_DIM:
    case CMD_HEADS:
        cmd_putf(&o, "%s %zu", name, c->u.count);
        break;
    case CMD_SEED:
        cmd_putf(&o, "%s %" PRIu64, name, c->u.seed);
        break;
    case CMD_PE:
        cmd_putf(&o, "%s %s", name, pe_kind_name(c->u.pe));
        break;
    case CMD_PROJ:
        cmd_putf(&o, "%s %s", name, proj_kind_name(c->u.proj));
        break;
    case CMD_SCALE:
    case CMD_CAUSAL:
        cmd_putf(&o, "%s %s", name, cmd_on_off[c->u.on ? 0 : 1]);
        break;
    case CMD_PRINT:
        cmd_putf(&o, "%s %s", name, cmd_formats[c->u.format]);
        break;
    case CMD_PE_ROW:
    case CMD_EMB:
        cmd_puts(&o, name);
        if (c->kind == CMD_EMB) {
            cmd_puts(&o, " ");
            cmd_puts(&o, c->u.vec.name);
        } else
            cmd_putf(&o, " %zu", c->u.vec.index);
        for (size_t i = 0; i < c->u.vec.count; i++)
            cmd_putf(&o, " %.9g", (double)c->u.vec.values[i]);
        break;
    case CMD_SELECT:
        cmd_putf(&o, "%s %zu %zu", name, c->u.cell.row, c->u.cell.col);
        break;
    case CMD_HEAD:
        if (c->u.head == HEAD_MEAN)
            cmd_putf(&o, "%s mean", name);
        else
            cmd_putf(&o, "%s %d", name, c->u.head);
        break;
    case CMD_NOTE:
        cmd_puts(&o, name);
        if (*c->u.text) {
            cmd_puts(&o, " ");
            cmd_puts(&o, c->u.text);
        }
        break;
    case CMD_THEME:
    case CMD_SAVE:
    case CMD_SAVE_FORCE:
    case CMD_LOAD:
    case CMD_REPLAY:
        cmd_puts(&o, name);
        cmd_puts(&o, " ");
        cmd_puts(&o, c->u.text);
        break;
    case CMD_QUIT:
    case CMD_UNDO:
    case CMD_PAUSE:
    case CMD_THEMES:
        cmd_puts(&o, name);
        break;
    }
    if (cap > 0)
        buf[o.len < cap ? o.len : cap - 1] = '\0';
    return (int)o.len;
}

const char *const *command_names(size_t *count)
{
    *count = CMD_KIND_COUNT - CMD_DIM;
    return cmd_names + CMD_DIM;
}
