/* test_heatexport.c - :export and the heatmap's files (heatexport.c): the
 * SVG is well-formed XML in the heatmap's colors with every label escaped,
 * the CSV table holds the weights an independent float64 computation
 * gives, JSON is :print json's, colored text follows the color choice, and
 * a file is replaced only when it is of the export's own kind. Every file
 * is written inside a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attnviz/app.h"
#include "attnviz/heatexport.h"
#include "attnviz/model.h"
#include "support/fixture.h"

static char tmpdir[TEMP_DIR_MAX];

static int setup(void **state)
{
    return app_in_temp_dir_setup(state, tmpdir, "attnviz-test-heatexport");
}

static int teardown(void **state)
{
    return app_in_temp_dir_teardown(state, tmpdir);
}

/* Runs a line as typed at the prompt; the result's message in msg. */
static unsigned run_said(struct app *a, const char *line, char *msg, size_t cap)
{
    static struct app_result r;
    app_run_line(a, line, strlen(line), NULL, 0, &r);
    app_sync(a);
    snprintf(msg, cap, "%s", r.text);
    return r.flags;
}

/* :export KIND into the temporary folder's NAME; the file's text. */
static char *export_file(struct app *a, const char *kind, const char *name)
{
    char line[512];
    snprintf(line, sizeof line, ":export %s %s", kind, temp_path(tmpdir, name));
    run_line(a, line);
    return read_file(temp_path(tmpdir, name), NULL);
}

/* ---- a small XML checker ------------------------------------------------- */

/* Well-formed XML 1.0 as far as an export can go wrong: an optional
 * declaration, one root element, tags that nest and match, quoted
 * attributes, only the five named entities or character references, no
 * markup character in text or values, no character XML cannot hold. */
struct xml {
    const char *p;
    char stack[64][64];
    int depth;
    char why[160];
};

static bool xml_fail(struct xml *x, const char *what)
{
    snprintf(x->why, sizeof x->why, "%s at \"%.40s\"", what, x->p);
    return false;
}

static bool xml_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == ':' || c == '-' || c == '.';
}

/* Character data up to '<' (or the end quote): entities and characters. */
static bool xml_chars(struct xml *x, char end)
{
    static const char *const entities[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };
    while (*x->p && *x->p != '<' && *x->p != end) {
        unsigned char c = (unsigned char)*x->p;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            return xml_fail(x, "a control character");
        if (c == 0xEF && (unsigned char)x->p[1] == 0xBF
            && ((unsigned char)x->p[2] == 0xBE || (unsigned char)x->p[2] == 0xBF))
            return xml_fail(x, "U+FFFE or U+FFFF");
        if (c == '>' && end)
            return xml_fail(x, "'>' in an attribute");
        if (c == '&') {
            bool ok = false;
            for (size_t i = 0; i < 5 && !ok; i++)
                if (strncmp(x->p + 1, entities[i], strlen(entities[i])) == 0) {
                    x->p += strlen(entities[i]);
                    ok = true;
                }
            if (!ok && x->p[1] == '#') {
                const char *q = x->p + 2;
                while ((*q >= '0' && *q <= '9') || *q == 'x')
                    q++;
                ok = *q == ';' && q > x->p + 2;
                x->p = q;
            }
            if (!ok)
                return xml_fail(x, "a bare '&'");
        }
        x->p++;
    }
    return true;
}

static bool xml_tag(struct xml *x)
{
    x->p++;                              /* '<' */
    bool closing = *x->p == '/';
    x->p += closing;
    const char *name = x->p;
    while (xml_name_char(*x->p))
        x->p++;
    size_t len = (size_t)(x->p - name);
    if (len == 0 || len >= 64)
        return xml_fail(x, "a bad tag name");
    if (closing) {
        if (x->depth == 0 || strncmp(x->stack[x->depth - 1], name, len) != 0
            || x->stack[x->depth - 1][len])
            return xml_fail(x, "a closing tag that does not match");
        x->depth--;
        return *x->p++ == '>' || xml_fail(x, "a closing tag without '>'");
    }
    for (;;) {
        while (*x->p == ' ' || *x->p == '\n' || *x->p == '\t')
            x->p++;
        if (*x->p == '>' || (x->p[0] == '/' && x->p[1] == '>'))
            break;
        const char *attr = x->p;
        while (xml_name_char(*x->p))
            x->p++;
        if (x->p == attr || *x->p++ != '=')
            return xml_fail(x, "an attribute without '='");
        char q = *x->p++;
        if (q != '"' && q != '\'')
            return xml_fail(x, "an unquoted attribute");
        if (!xml_chars(x, q) || *x->p++ != q)
            return xml_fail(x, "an attribute value with '<'");
    }
    if (*x->p == '/') {
        x->p += 2;
        return true;
    }
    x->p++;
    if (x->depth == 64)
        return xml_fail(x, "too deep");
    memcpy(x->stack[x->depth], name, len);
    x->stack[x->depth++][len] = '\0';
    return true;
}

static void assert_well_formed_xml(const char *doc)
{
    struct xml x = { .p = doc };
    if (strncmp(x.p, "<?xml ", 6) == 0)
        x.p = strstr(x.p, "?>") + 2;
    bool root = false, ok = true;
    while (ok && *x.p) {
        if (*x.p != '<') {
            const char *text = x.p;
            ok = xml_chars(&x, '\0');
            for (; ok && text < x.p; text++)
                if (x.depth == 0 && !strchr(" \n\r\t", *text))
                    ok = xml_fail(&x, "text outside the root");
        } else if (strncmp(x.p, "<!--", 4) == 0) {
            const char *end = strstr(x.p, "-->");
            ok = end != NULL || xml_fail(&x, "an unclosed comment");
            x.p = end ? end + 3 : x.p;
        } else {
            if (x.depth == 0 && x.p[1] != '/') {
                ok = !root || xml_fail(&x, "a second root");
                root = true;
            }
            ok = ok && xml_tag(&x);
        }
    }
    if (ok && (x.depth != 0 || !root))
        ok = xml_fail(&x, "unclosed elements or no root");
    if (!ok)
        fail_msg("not well-formed XML: %s", x.why);
}

/* The fill of the cell with the id, as 0xRRGGBB. */
static uint32_t svg_fill(const char *svg, const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "id=\"%s\"", id);
    const char *p = strstr(svg, key);
    if (!p)
        fail_msg("no element %s", key);
    const char *fill = strstr(p, "fill=\"#");
    assert_non_null(fill);
    assert_true(fill < strchr(p, '>'));
    return (uint32_t)strtoul(fill + 7, NULL, 16);
}

static uint32_t hex(struct rgb c)
{
    return (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
}

/* A sentence whose weights hold an exact 1 and an exact 0: with no PE and
 * Q = K = X, "a" scores itself 10000/√2 above "b", so e^(0 − 7071) is 0
 * in float. */
static void one_and_zero(struct app *a)
{
    const char *lines[] = { ":dim 2", ":pe none", ":proj identity", ":emb a 100 0",
                            ":emb b 0 1", "a b" };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        run_line(a, lines[i]);
    app_sync(a);
    assert_true(model_head_weights(&a->model, 0)[0] == 1.0f);
    assert_true(model_head_weights(&a->model, 0)[1] == 0.0f);
}

/* ---- SVG ------------------------------------------------------------------- */

static void an_svg_is_well_formed_with_a_cell_for_each_weight(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char *svg = export_file(a, "svg", "heat.svg");
    assert_well_formed_xml(svg);
    assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "id=\"c0-2-2\""));
    assert_null(strstr(svg, "id=\"c0-3-0\""));
    assert_null(strstr(svg, "id=\"c1-"));
    /* the captions, the settings and the legend */
    assert_non_null(strstr(svg, ">queries \xE2\x86\x93<"));
    assert_non_null(strstr(svg, "keys \xE2\x86\x92"));
    assert_non_null(strstr(svg, "d_model 8  heads 1  head 0  pe sinusoidal  proj random  "
                                "scale on  causal off  seed 42"));
    assert_non_null(strstr(svg, "id=\"legend-bar0\""));
    free(svg);
}

static void the_top_weight_has_the_maps_top_color_and_a_zero_weight_its_bottom(void **state)
{
    struct app *a = *state;
    one_and_zero(a);
    char *svg = export_file(a, "svg", "heat.svg");
    assert_int_equal(svg_fill(svg, "c0-0-0"), hex(colormap_entry(COLORMAP_VIRIDIS, 255)));
    assert_int_equal(svg_fill(svg, "c0-0-1"), hex(colormap_entry(COLORMAP_VIRIDIS, 0)));
    free(svg);
    /* the theme's map, whichever it is */
    run_line(a, ":theme magma");
    svg = export_file(a, "svg", "heat.svg");
    assert_int_equal(svg_fill(svg, "c0-0-0"), hex(colormap_entry(COLORMAP_MAGMA, 255)));
    assert_int_equal(svg_fill(svg, "c0-0-1"), hex(colormap_entry(COLORMAP_MAGMA, 0)));
    free(svg);
}

static void every_label_is_escaped_for_xml(void **state)
{
    struct app *a = *state;
    run_line(a, "x < y & \"z\" 'w' > a\x01" "b \xEF\xBF\xBE" "caf\xC3\xA9");
    char *svg = export_file(a, "svg", "heat.svg");
    assert_well_formed_xml(svg);
    const char *want[] = { ">&lt;<", ">&amp;<", ">&quot;<", ">&apos;<", ">&gt;<", ">a?b<",
                           ">?caf\xC3\xA9<" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(svg, want[i]))
            fail_msg("the SVG has no label %s", want[i]);
    free(svg);
}

static void the_svg_follows_the_stage_the_view_and_the_head(void **state)
{
    struct app *a = *state;
    run_line(a, ":heads 2");
    run_line(a, "I love cats");
    run_line(a, ":stage qkv");
    run_line(a, ":head 1");
    char *svg = export_file(a, "svg", "heat.svg");
    assert_non_null(strstr(svg, "attnviz \xC2\xB7 qkv \xC2\xB7 head 1"));
    assert_non_null(strstr(svg, "id=\"c2-2-3\""));      /* v: 3 rows of d_k 4 */
    assert_null(strstr(svg, "id=\"c2-2-4\""));
    assert_non_null(strstr(svg, ">tokens \xE2\x86\x93<"));
    assert_non_null(strstr(svg, ">4<"));                 /* head 1's first dimension */
    free(svg);
    run_line(a, ":view pe");
    svg = export_file(a, "svg", "heat.svg");
    assert_non_null(strstr(svg, "pe view"));
    assert_non_null(strstr(svg, "id=\"c1-2-2\""));      /* PE·PEᵀ beside PE */
    assert_non_null(strstr(svg, ">positions \xE2\x86\x93<"));
    free(svg);
}

static void a_zoomed_out_svg_shows_each_blocks_summary(void **state)
{
    struct app *a = *state;
    run_line(a, "one two three four five six");
    run_line(a, ":zoom 2");
    char *svg = export_file(a, "svg", "heat.svg");
    assert_well_formed_xml(svg);
    assert_non_null(strstr(svg, "id=\"c0-2-2\""));
    assert_null(strstr(svg, "id=\"c0-3-0\""));
    const float *w = model_head_weights(&a->model, 0);
    float top = fmaxf(fmaxf(w[0], w[1]), fmaxf(w[6], w[7]));
    char want[64];
    snprintf(want, sizeof want, ": max %.6g</title>", (double)top);
    const char *cell = strstr(svg, "id=\"c0-0-0\"");
    assert_non_null(cell);
    assert_true(strstr(cell, want) == strstr(cell, "</title>") - strlen(want) + 8);
    assert_non_null(strstr(svg, "zoom 2: a cell is the max of a 2 \xC3\x97 2 block"));
    free(svg);
}

static void a_long_sentence_is_zoomed_out_to_128_cells_a_side(void **state)
{
    struct app *a = *state;
    char *s = malloc(300 * 6), msg[APP_TEXT_MAX];
    size_t o = 0;
    for (int i = 0; i < 300; i++)
        o += (size_t)sprintf(s + o, "%sw%d", i ? " " : "", i);
    run_line(a, s);
    free(s);
    char line[256];
    snprintf(line, sizeof line, ":export svg %s", temp_path(tmpdir, "big.svg"));
    assert_false(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    assert_non_null(strstr(msg, "(300 \xC3\x97 300 weights, head 0, zoom 3)"));
    char *svg = read_file(temp_path(tmpdir, "big.svg"), NULL);
    assert_well_formed_xml(svg);
    assert_non_null(strstr(svg, "id=\"c0-99-99\""));
    assert_null(strstr(svg, "id=\"c0-100-"));
    free(svg);
}

/* ---- CSV ------------------------------------------------------------------- */

/* One RFC 4180 record from *p (fields into f, at most max); NULL at the end. */
static size_t csv_record(const char **p, char f[][64], size_t max)
{
    size_t n = 0;
    const char *s = *p;
    for (;;) {
        size_t o = 0;
        assert_true(n < max);
        if (*s == '"') {
            for (s++; !(s[0] == '"' && s[1] != '"'); s++) {
                if (*s == '"')
                    s++;
                f[n][o++] = *s;
            }
            s++;
        } else {
            while (*s && *s != ',' && *s != '\r' && *s != '\n')
                f[n][o++] = *s++;
        }
        f[n++][o] = '\0';
        if (*s != ',')
            break;
        s++;
    }
    assert_true(s[0] == '\r' && s[1] == '\n');
    *p = s + 2;
    return n;
}

static const float emb[3][3] = { { 0.5f, -1.0f, 2.0f }, { 1.0f, 0.25f, -0.5f },
                                 { -1.5f, 0.75f, 0.3f } };

/* softmax(x·xᵀ / √3) in float64, from the embeddings alone (no PE, Q = K = X). */
static void reference_weights(const int *tok, size_t n, bool causal, double *w)
{
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0, top = -INFINITY;
        double s[8];
        for (size_t j = 0; j < n; j++) {
            double dot = 0.0;
            for (int c = 0; c < 3; c++)
                dot += (double)emb[tok[i]][c] * emb[tok[j]][c];
            s[j] = dot / sqrt(3.0);
            if (!(causal && j > i) && s[j] > top)
                top = s[j];
        }
        for (size_t j = 0; j < n; j++)
            sum += causal && j > i ? 0.0 : exp(s[j] - top);
        for (size_t j = 0; j < n; j++)
            w[i * n + j] = causal && j > i ? 0.0 : exp(s[j] - top) / sum;
    }
}

static void check_csv_weights(struct app *a, bool causal)
{
    static const int tok[4] = { 0, 1, 2, 0 };
    static const char *const names[4] = { "a", "b", "c", "a" };
    char *csv = export_file(a, "csv", "w.csv");
    const char *p = csv;
    char f[8][64];
    assert_int_equal(csv_record(&p, f, 8), 5);
    assert_string_equal(f[0], "query\\key");
    for (size_t j = 0; j < 4; j++)
        assert_string_equal(f[j + 1], names[j]);
    double w[16];
    reference_weights(tok, 4, causal, w);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(csv_record(&p, f, 8), 5);
        assert_string_equal(f[0], names[i]);
        for (size_t j = 0; j < 4; j++) {
            double got = strtod(f[j + 1], NULL);
            if (fabs(got - w[i * 4 + j]) > 1e-5)
                fail_msg("weight %zu,%zu: %s in the CSV, %.9g computed", i, j, f[j + 1],
                         w[i * 4 + j]);
        }
    }
    assert_string_equal(p, "");
    free(csv);
}

static void the_csv_holds_the_weights_a_float64_computation_gives(void **state)
{
    struct app *a = *state;
    const char *lines[] = { ":dim 3", ":pe none", ":proj identity", ":emb a 0.5 -1 2",
                            ":emb b 1 0.25 -0.5", ":emb c -1.5 0.75 0.3", "a b c a" };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        run_line(a, lines[i]);
    check_csv_weights(a, false);
    run_line(a, ":causal on");
    check_csv_weights(a, true);
}

static void csv_labels_are_quoted_and_kept_from_running_as_formulas(void **state)
{
    struct app *a = *state;
    run_line(a, "= + - @ , \" ok");
    char *csv = export_file(a, "csv", "w.csv");
    const char *want = "query\\key,'=,'+,'-,'@,\",\",\"\"\"\",ok\r\n'=,";
    if (strncmp(csv, want, strlen(want)) != 0)
        fail_msg("the CSV starts %.60s", csv);
    assert_non_null(strstr(csv, "\r\n\",\","));
    assert_non_null(strstr(csv, "\r\n\"\"\"\","));
    free(csv);
}

static void a_csv_of_panes_side_by_side_names_their_columns(void **state)
{
    struct app *a = *state;
    run_line(a, ":dim 2");
    run_line(a, "I love");
    run_line(a, ":stage qkv");
    char *csv = export_file(a, "csv", "w.csv");
    const char *want = "token\\dim,q:0,q:1,k:0,k:1,v:0,v:1\r\nI,";
    assert_true(strncmp(csv, want, strlen(want)) == 0);
    free(csv);
    /* a masked score is -∞: an empty field */
    run_line(a, ":stage masked");
    run_line(a, ":causal on");
    csv = export_file(a, "csv", "w.csv");
    const char *row = strstr(csv, "\r\nI,");
    assert_non_null(row);
    assert_non_null(strstr(row, ",\r\nlove,"));
    free(csv);
}

/* ---- JSON and colored text -------------------------------------------------- */

static void json_is_print_jsons_document_and_what_was_shown(void **state)
{
    struct app *a = *state;
    run_line(a, ":heads 2");
    run_line(a, "I love cats");
    run_line(a, ":head mean");
    char *json = export_file(a, "json", "m.json");
    /* :print json writes the same document */
    char *printed = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&printed, &len);
    assert_non_null(f);
    app_set_io(a, &(struct app_io){ .print_out = f });
    run_line(a, ":print json");
    assert_int_equal(fclose(f), 0);
    app_set_io(a, &(struct app_io){ 0 });
    assert_string_equal(json, printed);
    /* the model's document (export_string: no shown), then what was shown */
    char *model = export_string(a, PRINT_JSON);
    size_t n = strlen(model) - 2;        /* without its closing "}\n" */
    assert_memory_equal(json, model, n);
    const char *shown = ",\n\"shown\":{\"view\":\"attention\",\"stage\":\"weights\","
                        "\"head\":\"mean\",\"query\":0,\"cursor\":{\"row\":0,\"col\":0,"
                        "\"dim\":null},\"panes\":[\n{\"data\":\"weights\"";
    assert_memory_equal(json + n, shown, strlen(shown));
    free(model);
    free(printed);
    free(json);
}

/* The JSON names the cursor's cell as :select set it: its component only
 * where the first pane's columns are dimensions, clamped as the screen
 * clamps it (d_k columns in a head's q). */
static void json_names_the_cursors_cell_and_component(void **state)
{
    struct app *a = *state;
    run_line(a, ":dim 8");
    run_line(a, ":heads 2");
    run_line(a, "I love cats");
    run_line(a, ":select 2 1 6");
    static const struct { const char *stage, *cursor; } want[] = {
        { ":stage weights", "\"cursor\":{\"row\":2,\"col\":1,\"dim\":null}" },
        { ":stage x", "\"cursor\":{\"row\":2,\"col\":1,\"dim\":6}" },
        { ":stage qkv", "\"cursor\":{\"row\":2,\"col\":1,\"dim\":3}" },   /* d_k 4 */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        run_line(a, want[i].stage);
        char *json = export_file(a, "json", "c.json");
        if (!strstr(json, want[i].cursor))
            fail_msg("%s: no %s in the JSON's shown", want[i].stage, want[i].cursor);
        free(json);
    }
}

static void colored_text_uses_the_colors_the_command_line_chose(void **state)
{
    struct app *a = *state;
    one_and_zero(a);
    app_set_ansi_colors(a, ANSI_24BIT);
    char *text = export_file(a, "ansi", "h.ansi");
    assert_true(strncmp(text, "\x1b[1mattnviz \xC2\xB7 weights", 20) == 0);
    assert_non_null(strstr(text, "\x1b[48;2;253;231;37m"));   /* viridis' top: the 1 */
    assert_non_null(strstr(text, "\x1b[48;2;68;1;84m"));      /* its bottom: the 0 */
    assert_non_null(strstr(text, "1.0"));
    free(text);
    app_set_ansi_colors(a, ANSI_256);
    text = export_file(a, "ansi", "h.ansi");
    assert_non_null(strstr(text, "\x1b[48;5;"));
    assert_null(strstr(text, "\x1b[48;2;"));
    free(text);
    app_set_ansi_colors(a, ANSI_NONE);
    text = export_file(a, "ansi", "h.ansi");
    assert_null(strchr(text, '\x1b'));
    assert_true(strncmp(text, "attnviz \xC2\xB7 weights \xC2\xB7 head 0\n", 27) == 0);
    assert_non_null(strstr(text, "  1.0  .00"));
    free(text);
}

static void the_colors_follow_no_color_and_the_color_option(void **state)
{
    (void)state;
    assert_int_equal(heatexport_colors(false, false, NULL, NULL), ANSI_256);
    assert_int_equal(heatexport_colors(false, false, "", "truecolor"), ANSI_24BIT);
    assert_int_equal(heatexport_colors(false, false, NULL, "24bit"), ANSI_24BIT);
    assert_int_equal(heatexport_colors(false, false, "1", "truecolor"), ANSI_NONE);
    assert_int_equal(heatexport_colors(false, true, "1", NULL), ANSI_256);
    assert_int_equal(heatexport_colors(true, false, NULL, "truecolor"), ANSI_NONE);
}

/* ---- which files an export replaces ------------------------------------------ */

static void an_export_does_not_replace_a_session_file_unless_forced(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    const char *path = temp_path(tmpdir, "mine.attn");
    const char *session = "# attnviz session v1\n# attnviz 0.1.0\nI love cats\n";
    write_file(path, session);
    char line[256], msg[APP_TEXT_MAX];
    snprintf(line, sizeof line, ":export svg %s", path);
    assert_true(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    assert_non_null(strstr(msg, ":export will not overwrite"));
    assert_non_null(strstr(msg, "it is an attnviz session, not an SVG file; "
                                ":export! overwrites it"));
    char *kept = read_file(path, NULL);
    assert_string_equal(kept, session);
    free(kept);
    snprintf(line, sizeof line, ":export! svg %s", path);
    assert_false(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    char *svg = read_file(path, NULL);
    assert_true(strncmp(svg, "<?xml", 5) == 0);
    free(svg);
}

static void an_export_replaces_a_file_of_its_kind_and_no_other(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    static const char *const kinds[] = { "svg", "csv", "json", "ansi" };
    char line[256], msg[APP_TEXT_MAX];
    for (size_t k = 0; k < 4; k++) {
        const char *path = temp_path(tmpdir, "out");
        unlink(path);
        snprintf(line, sizeof line, ":export %s %s", kinds[k], path);
        assert_false(run_said(a, line, msg, sizeof msg) & APP_ERROR);
        if (run_said(a, line, msg, sizeof msg) & APP_ERROR)     /* its own kind again */
            fail_msg(":export %s over its own file: %s", kinds[k], msg);
        write_file(path, "notes, written by hand\n");
        if (k != 1 && !(run_said(a, line, msg, sizeof msg) & APP_ERROR))
            fail_msg(":export %s replaced a text file", kinds[k]);
        write_file(path, "");
        assert_false(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    }
    /* a CSV export replaces another CSV, not a text without commas */
    write_file(temp_path(tmpdir, "t.csv"), "just words\n");
    snprintf(line, sizeof line, ":export csv %s", temp_path(tmpdir, "t.csv"));
    assert_true(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    assert_non_null(strstr(msg, "it is not a CSV table"));
}

static void an_export_refuses_what_is_not_a_regular_file(void **state)
{
    struct app *a = *state;
    run_line(a, "I love cats");
    char line[256], msg[APP_TEXT_MAX];
    assert_int_equal(mkdir(temp_path(tmpdir, "folder"), 0700), 0);
    snprintf(line, sizeof line, ":export! svg %s", temp_path(tmpdir, "folder"));
    assert_true(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    assert_non_null(strstr(msg, "it is a folder, not a regular file"));
    assert_int_equal(mkfifo(temp_path(tmpdir, "fifo"), 0600), 0);
    snprintf(line, sizeof line, ":export! csv %s", temp_path(tmpdir, "fifo"));
    assert_true(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    assert_non_null(strstr(msg, "it is a FIFO, not a regular file"));
}

static void the_message_says_what_was_written_where(void **state)
{
    struct app *a = *state;
    char line[256], msg[APP_TEXT_MAX], want[512];
    snprintf(line, sizeof line, ":export svg %s", temp_path(tmpdir, "heat.svg"));
    assert_true(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    assert_string_equal(msg, ":export: nothing to export yet (type a sentence first)");
    run_line(a, "The animal did not cross the street because it was tired .");
    assert_false(run_said(a, line, msg, sizeof msg) & APP_ERROR);
    snprintf(want, sizeof want, "wrote %s (12 \xC3\x97 12 weights, head 0)",
             temp_path(tmpdir, "heat.svg"));
    assert_string_equal(msg, want);
    snprintf(line, sizeof line, ":export json %s", temp_path(tmpdir, "m.json"));
    run_said(a, line, msg, sizeof msg);
    snprintf(want, sizeof want, "wrote %s (the model of 12 tokens; shown: weights, head 0)",
             temp_path(tmpdir, "m.json"));
    assert_string_equal(msg, want);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(an_svg_is_well_formed_with_a_cell_for_each_weight),
        T(the_top_weight_has_the_maps_top_color_and_a_zero_weight_its_bottom),
        T(every_label_is_escaped_for_xml),
        T(the_svg_follows_the_stage_the_view_and_the_head),
        T(a_zoomed_out_svg_shows_each_blocks_summary),
        T(a_long_sentence_is_zoomed_out_to_128_cells_a_side),
        T(the_csv_holds_the_weights_a_float64_computation_gives),
        T(csv_labels_are_quoted_and_kept_from_running_as_formulas),
        T(a_csv_of_panes_side_by_side_names_their_columns),
        T(json_is_print_jsons_document_and_what_was_shown),
        T(json_names_the_cursors_cell_and_component),
        T(colored_text_uses_the_colors_the_command_line_chose),
        cmocka_unit_test(the_colors_follow_no_color_and_the_color_option),
        T(an_export_does_not_replace_a_session_file_unless_forced),
        T(an_export_replaces_a_file_of_its_kind_and_no_other),
        T(an_export_refuses_what_is_not_a_regular_file),
        T(the_message_says_what_was_written_where),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
