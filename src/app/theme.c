/* theme.c - theme files: the parser, the built-in set and the search path
 * (theme.h; the file format is documented in themes/README.md). */
#include "attnviz/theme.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/datadir.h"
#include "attnviz/fsfile.h"
#include "attnviz/kvline.h"
#include "attnviz/quote.h"
#include "attnviz/tokenizer.h"
#include "theme_builtin.h"
#include "attnviz/xalloc.h"

#define THEME_SUFFIX ".theme"
#define THEME_PATH_MAX 4096

static const char *const role_keys[ROLE_COUNT] = {
    [ROLE_STATUS] = "status",           [ROLE_TITLE] = "title",
    [ROLE_TITLE_FOCUS] = "title-focus", [ROLE_LABEL] = "label",
    [ROLE_LABEL_CURSOR] = "label-cursor", [ROLE_AXIS] = "axis",
    [ROLE_MASKED] = "masked",           [ROLE_CURSOR] = "cursor",
    [ROLE_TEXT] = "text",               [ROLE_EMPHASIS] = "emphasis",
    [ROLE_MESSAGE] = "message",         [ROLE_ERROR] = "error",
    [ROLE_BAR_POS] = "bar-positive",    [ROLE_BAR_NEG] = "bar-negative",
    [ROLE_PROMPT] = "prompt",           [ROLE_HINT] = "hint",
    [ROLE_NARRATION] = "narration",
};

/* The keys besides the roles, numbered after them. */
enum { KEY_DESCRIPTION = ROLE_COUNT, KEY_COLORMAP, KEY_COUNT };

static const char *const attr_names[] = { "bold", "reverse", "underline" };

const char *theme_role_key(enum role r)
{
    return (unsigned)r < ROLE_COUNT ? role_keys[r] : "?";
}

/* ---- parsing ---------------------------------------------------------- */

struct parse {
    const char *source;
    unsigned line;
    char *err;
    size_t errlen;
};

static int parse_fail(struct parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int parse_fail(struct parse *p, const char *fmt, ...)
{
    if (!p->errlen)
        return -1;
    int n = snprintf(p->err, p->errlen, "%s:%u: ", p->source, p->line);
    if (n >= 0 && (size_t)n < p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Splits s in place at blanks into at most max words; returns how many
 * there are (which may be more than max). */
static size_t split_words(char *s, char **words, size_t max)
{
    size_t n = 0;
    for (;;) {
        while (is_blank(*s))
            s++;
        if (!*s)
            return n;
        if (n < max)
            words[n] = s;
        n++;
        while (*s && !is_blank(*s))
            s++;
        if (*s)
            *s++ = '\0';
    }
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "#rrggbb" -> 0xRRGGBB. */
static bool parse_hex_color(const char *w, uint32_t *out)
{
    if (w[0] != '#' || strlen(w) != 7)
        return false;
    uint32_t v = 0;
    for (int i = 1; i < 7; i++) {
        int d = hex_digit(w[i]);
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

static int parse_colormap(struct parse *p, char *value, struct theme *out)
{
    char q[QUOTE_CAP];
    char *words[THEME_STOPS_MAX];
    size_t n = split_words(value, words, THEME_STOPS_MAX);
    if (n == 0)
        return parse_fail(p, "colormap expects a map name or #rrggbb stops, got nothing");
    int map = n == 1 ? colormap_by_name(words[0]) : -1;
    if (map >= 0) {
        for (unsigned i = 0; i < COLORMAP_ENTRIES; i++)
            out->map[i] = colormap_entry((enum colormap_id)map, i);
        return 0;
    }
    /* "viridis # mine" reads as a comment to people, but '#' starts a
     * color here; say so instead of blaming the map name. */
    if (n > 1 && colormap_by_name(words[0]) >= 0)
        return parse_fail(p, "colormap is one map name or a list of #rrggbb stops, not both "
                          "(comments go on their own line)");
    if (n > THEME_STOPS_MAX)
        return parse_fail(p, "colormap takes at most %u stops, got %zu", THEME_STOPS_MAX, n);
    struct rgb stops[THEME_STOPS_MAX];
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        if (!parse_hex_color(words[i], &v))
            return parse_fail(p, "colormap expects a map name or #rrggbb stops, got %s",
                              quote_str(q, words[i]));
        stops[i] = rgb_from_hex(v);
    }
    if (n < 2)
        return parse_fail(p, "colormap needs at least 2 #rrggbb stops, got 1");
    theme_interpolate(stops, n, out->map);
    return 0;
}

static bool parse_role_color(const char *w, int32_t *out)
{
    uint32_t v;
    if (strcmp(w, "default") == 0) {
        *out = THEME_COLOR_DEFAULT;
        return true;
    }
    if (!parse_hex_color(w, &v))
        return false;
    *out = (int32_t)v;
    return true;
}

/* "FG BG [bold] [reverse] [underline]" */
static int parse_role(struct parse *p, const char *key, char *value, struct theme_style *out)
{
    char q[QUOTE_CAP];
    char *words[2 + 3];
    char shown[QUOTE_CAP];
    quote_str(shown, value);
    size_t n = split_words(value, words, 5);
    if (n < 2 || n > 5)
        return parse_fail(p, "%s expects \"FG BG [bold] [reverse] [underline]\", got %s",
                          key, shown);
    struct theme_style s = { 0, 0, 0 };
    if (!parse_role_color(words[0], &s.fg))
        return parse_fail(p, "%s expects a color #rrggbb or default, got %s", key, quote_str(q, words[0]));
    if (!parse_role_color(words[1], &s.bg))
        return parse_fail(p, "%s expects a color #rrggbb or default, got %s", key, quote_str(q, words[1]));
    for (size_t i = 2; i < n; i++) {
        size_t a = 0;
        while (a < sizeof attr_names / sizeof attr_names[0] && strcmp(words[i], attr_names[a]) != 0)
            a++;
        if (a == sizeof attr_names / sizeof attr_names[0])
            return parse_fail(p, "%s expects bold, reverse or underline after its colors, got %s",
                              key, quote_str(q, words[i]));
        s.attrs |= 1u << a;
    }
    *out = s;
    return 0;
}

static int parse_description(struct parse *p, const char *value, struct theme *out)
{
    size_t n = strlen(value);
    if (n > THEME_DESCRIPTION_MAX)
        return parse_fail(p, "description is longer than %u bytes", THEME_DESCRIPTION_MAX);
    bool printable = utf8_valid(value, n, NULL);
    for (size_t i = 0; i < n && printable; i++)
        printable = (unsigned char)value[i] >= 0x20 && value[i] != 0x7f;
    if (!printable)
        return parse_fail(p, "description must be printable UTF-8 text");
    memcpy(out->description, value, n + 1);
    return 0;
}

static int key_index(const char *key)
{
    if (strcmp(key, "description") == 0)
        return KEY_DESCRIPTION;
    if (strcmp(key, "colormap") == 0)
        return KEY_COLORMAP;
    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(key, role_keys[r]) == 0)
            return r;
    return -1;
}

/* One line, NUL-terminated and without its newline. */
static int parse_line(struct parse *p, char *line, unsigned seen[KEY_COUNT], struct theme *out)
{
    char q[QUOTE_CAP], msg[256];
    char *key, *value;
    int kind = kvline_split(line, &key, &value, msg, sizeof msg);
    if (kind <= 0)
        return kind ? parse_fail(p, "%s", msg) : 0;
    int k = key_index(key);
    if (k < 0)
        return parse_fail(p, "unknown key %s (see themes/README.md)", quote_str(q, key));
    if (seen[k])
        return parse_fail(p, "%s is set twice (first on line %u)", key, seen[k]);
    seen[k] = p->line;
    if (k == KEY_DESCRIPTION)
        return parse_description(p, value, out);
    if (k == KEY_COLORMAP)
        return parse_colormap(p, value, out);
    return parse_role(p, key, value, &out->roles[k]);
}

int theme_parse(const char *text, size_t len, const char *source,
                const struct theme *base, struct theme *out,
                char *err, size_t errlen)
{
    struct parse p = { source, 0, err, errlen };
    memcpy(out->description, base->description, sizeof out->description);
    memcpy(out->map, base->map, sizeof out->map);
    memcpy(out->roles, base->roles, sizeof out->roles);
    unsigned seen[KEY_COUNT] = { 0 };
    const char *s = text, *end = text + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        p.line++;
        if (memchr(s, '\0', n))
            return parse_fail(&p, "a NUL byte: not a text file");
        char *line = app_xstrndup(s, n);
        int rc = parse_line(&p, line, seen, out);
        free(line);
        if (rc)
            return rc;
        s += n + 1;
    }
    return 0;
}

void theme_interpolate(const struct rgb *stops, size_t n, struct rgb out[COLORMAP_ENTRIES])
{
    for (unsigned i = 0; i < COLORMAP_ENTRIES; i++) {
        double pos = (double)i * (double)(n - 1) / (COLORMAP_ENTRIES - 1);
        size_t k = (size_t)pos;
        if (k >= n - 1)
            k = n - 2;
        double f = pos - (double)k;
        const struct rgb a = stops[k], b = stops[k + 1];
        out[i] = (struct rgb){
            (uint8_t)(a.r + f * (b.r - a.r) + 0.5),
            (uint8_t)(a.g + f * (b.g - a.g) + 0.5),
            (uint8_t)(a.b + f * (b.b - a.b) + 0.5),
        };
    }
}

/* ---- the set of available themes ---------------------------------------- */

static struct {
    struct theme *items;
    size_t n, cap;
    const char **names;         /* [n], in items' order */
    const char **usable;        /* the names of those without an error */
    size_t n_usable;
    char **skipped;             /* why a NAME.theme file is no theme */
    size_t n_skipped;
    bool ready;
    /* The built-in default, parsed once: the base of every other theme and
     * what a bad file falls back to. Kept apart from items, which move. */
    struct theme fallback;
} set;

static void set_clear(void)
{
    for (size_t i = 0; i < set.n; i++) {
        free(set.items[i].source);
        free(set.items[i].error);
    }
    set.n = 0;
    for (size_t i = 0; i < set.n_skipped; i++)
        free(set.skipped[i]);
    free(set.skipped);
    set.skipped = NULL;
    set.n_skipped = 0;
}

static void set_skip(const char *dir, const char *file, const char *why)
{
    set.skipped = app_xrealloc(set.skipped, (set.n_skipped + 1) * sizeof *set.skipped);
    size_t len = strlen(dir) + strlen(file) + strlen(why) + 8;
    set.skipped[set.n_skipped] = app_xmalloc(len);
    snprintf(set.skipped[set.n_skipped++], len, "%s/%s: %s", dir, file, why);
}

/* The entry for name: the existing one (a later file wins) or a new one. */
static struct theme *set_slot(const char *name)
{
    for (size_t i = 0; i < set.n; i++)
        if (strcmp(set.items[i].name, name) == 0) {
            free(set.items[i].source);
            free(set.items[i].error);
            return &set.items[i];
        }
    if (set.n == set.cap) {
        set.cap = set.cap ? 2 * set.cap : 16;
        set.items = app_xrealloc(set.items, set.cap * sizeof *set.items);
    }
    struct theme *t = &set.items[set.n++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    return t;
}

/* Adds the theme `name` from text, or from nothing but an error (read_error)
 * when its file could not be read. */
static void set_add(const char *name, const char *source, const char *text, size_t len,
                    const char *read_error)
{
    struct theme *t = set_slot(name);
    t->source = app_xstrdup(source);
    char err[512];
    if (read_error)
        snprintf(err, sizeof err, "%s", read_error);
    else if (theme_parse(text, len, source, &set.fallback, t, err, sizeof err) == 0)
        return;
    t->error = app_xstrdup(err);
    memcpy(t->description, set.fallback.description, sizeof t->description);
    memcpy(t->map, set.fallback.map, sizeof t->map);
    memcpy(t->roles, set.fallback.roles, sizeof t->roles);
}

/* The stem of NAME.theme when NAME is a valid :theme name; else NULL. */
static const char *theme_stem(const char *file, char stem[THEME_NAME_MAX + 1])
{
    size_t n = strlen(file), sn = strlen(THEME_SUFFIX);
    if (n <= sn || n - sn > THEME_NAME_MAX || strcmp(file + n - sn, THEME_SUFFIX) != 0)
        return NULL;
    for (size_t i = 0; i < n - sn; i++) {
        char c = file[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '_' || c == '-'))
            return NULL;
    }
    memcpy(stem, file, n - sn);
    stem[n - sn] = '\0';
    return stem;
}

static void load_builtins(void)
{
    /* Roles the default file leaves out use the terminal's own colors. */
    memset(&set.fallback, 0, sizeof set.fallback);
    for (int r = 0; r < ROLE_COUNT; r++)
        set.fallback.roles[r] = (struct theme_style){ THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0 };
    for (unsigned i = 0; i < COLORMAP_ENTRIES; i++)
        set.fallback.map[i] = colormap_entry(COLORMAP_VIRIDIS, i);
    char source[128], stem[THEME_NAME_MAX + 1], err[512];
    for (size_t i = 0; i < theme_builtin_count; i++)
        if (strcmp(theme_builtins[i].file, THEME_DEFAULT_NAME THEME_SUFFIX) == 0) {
            snprintf(source, sizeof source, "built-in %s", theme_builtins[i].file);
            struct theme def = set.fallback;
            if (theme_parse(theme_builtins[i].text, theme_builtins[i].len, source,
                            &set.fallback, &def, err, sizeof err) == 0)
                set.fallback = def;
        }
    for (size_t i = 0; i < theme_builtin_count; i++)
        if (theme_stem(theme_builtins[i].file, stem)) {
            snprintf(source, sizeof source, "built-in %s", theme_builtins[i].file);
            set_add(stem, source, theme_builtins[i].text, theme_builtins[i].len, NULL);
        }
}

static void load_file(const char *path, const char *name)
{
    char msg[THEME_PATH_MAX + 128], *text = NULL;
    size_t len = 0;
    int got = fsfile_read_all(path, AV_MAX_CONFIG_BYTES, "a theme file", &text, &len, msg,
                              sizeof msg);
    if (got == 0)
        snprintf(msg, sizeof msg, "%s: no such file", path);
    set_add(name, path, text, len, got > 0 ? NULL : msg);
    free(text);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    /* Sorted, so which of two bad files is reported first does not depend
     * on the file system. */
    char **files = NULL;
    size_t n = 0, cap = 0;
    char stem[THEME_NAME_MAX + 1];
    size_t sn = strlen(THEME_SUFFIX);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        bool suffix = len > sn && strcmp(e->d_name + len - sn, THEME_SUFFIX) == 0;
        if (!theme_stem(e->d_name, stem)) {
            char why[96];
            if (len - sn > THEME_NAME_MAX)
                snprintf(why, sizeof why, "not loaded: a theme's name has at most %u "
                         "characters", (unsigned)THEME_NAME_MAX);
            else
                snprintf(why, sizeof why, "not loaded: a theme's name has only letters, "
                         "digits, _ and -");
            if (suffix && e->d_name[0] != '.')
                set_skip(dir, e->d_name, why);
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            files = app_xrealloc(files, cap * sizeof *files);
        }
        files[n++] = app_xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(files, n, sizeof *files, cmp_names);
    char path[THEME_PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (len > 0 && (size_t)len < sizeof path)
            load_file(path, theme_stem(files[i], stem));
        free(files[i]);
    }
    free(files);
}

/* The default first, then by name: the order 't' cycles in. */
static int cmp_themes(const void *a, const void *b)
{
    const struct theme *x = a, *y = b;
    bool xd = strcmp(x->name, THEME_DEFAULT_NAME) == 0;
    bool yd = strcmp(y->name, THEME_DEFAULT_NAME) == 0;
    if (xd != yd)
        return xd ? -1 : 1;
    return strcmp(x->name, y->name);
}

void theme_load(const char *const *dirs, size_t n_dirs)
{
    set_clear();
    load_builtins();
    for (size_t i = 0; i < n_dirs; i++)
        load_dir(dirs[i]);
    qsort(set.items, set.n, sizeof *set.items, cmp_themes);
    set.names = app_xrealloc(set.names, (set.n ? set.n : 1) * sizeof *set.names);
    set.usable = app_xrealloc(set.usable, (set.n ? set.n : 1) * sizeof *set.usable);
    set.n_usable = 0;
    for (size_t i = 0; i < set.n; i++) {
        set.names[i] = set.items[i].name;
        if (!set.items[i].error)
            set.usable[set.n_usable++] = set.items[i].name;
    }
    set.ready = true;
}

void theme_load_standard(void)
{
    /* Later folders win, so the best shipped folder comes last. */
    struct datadir_list *shipped = app_xmalloc(sizeof *shipped);
    datadir_folders(DATADIR_THEMES, shipped);
    const char *dirs[DATADIR_MAX + 1];
    size_t n = 0;
    for (size_t i = shipped->n; i-- > 0;)
        dirs[n++] = shipped->path[i];
    char user[THEME_PATH_MAX];
    if (xdg_path(XDG_CONFIG, "themes", user, sizeof user))
        dirs[n++] = user;
    theme_load(dirs, n);
    free(shipped);
}

static void set_ready(void)
{
    if (!set.ready)
        theme_load(NULL, 0);
}

const char *const *theme_names(size_t *count)
{
    set_ready();
    *count = set.n;
    return set.names;
}

const char *const *theme_usable_names(size_t *count)
{
    set_ready();
    *count = set.n_usable;
    return set.usable;
}

const char *const *theme_skipped(size_t *count)
{
    set_ready();
    *count = set.n_skipped;
    return (const char *const *)set.skipped;
}

const struct theme *theme_find(const char *name)
{
    set_ready();
    for (size_t i = 0; i < set.n; i++)
        if (strcmp(set.items[i].name, name) == 0)
            return &set.items[i];
    return NULL;
}

const struct theme *theme_default(void)
{
    const struct theme *t = theme_find(THEME_DEFAULT_NAME);
    return t ? t : &set.fallback;
}

int theme_check(const char *name, char *err, size_t errlen)
{
    const struct theme *t = theme_find(name);
    if (t && !t->error)
        return 0;
    if (errlen && t)
        snprintf(err, errlen, "theme \"%s\" cannot be used: %s", name, t->error);
    else if (errlen)
        snprintf(err, errlen, "unknown theme \"%s\" (see :themes)", name);
    return -1;
}
