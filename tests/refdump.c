/* refdump.c - the model's arrays as raw float32 files, for the large
 * configurations of tests/reference_check.py (printing them as JSON would
 * take minutes). Computes one model of n generated tokens and writes each
 * array to DIR/NAME.f32, native byte order, row-major:
 *   emb pe x q k v out [n][d], w_q w_k w_v [d][d] (proj random),
 *   weights scores [heads][n][n], row_max row_sum [heads][n]
 * usage: refdump DIR N D_MODEL HEADS SEED PE PROJ SCALE CAUSAL
 *        (PE: a name of pe_kind_names, none .. alibi (table has no rows:
 *        zeros); PROJ: identity|random; SCALE and CAUSAL: 0|1). Tokens are
 *        "w0" .. "w96" in a fixed pattern, with repeats, as a long sentence
 *        has. With pe rope, q and k are the rotated ones; the scores are
 *        without ALiBi's bias (model_head_scores), the weights with it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/model.h"

static int refdump_write(const char *dir, const char *name, const float *p, size_t count)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.f32", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, sizeof *p, count, f) != count || fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

/* The index of s in a NULL-terminated name table (its enum value), or -1. */
static int refdump_kind(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 10) {
        fprintf(stderr, "usage: refdump DIR N D_MODEL HEADS SEED PE PROJ SCALE CAUSAL\n");
        return 64;
    }
    size_t n = strtoul(argv[2], NULL, 10);
    int pe = refdump_kind(argv[6], pe_kind_names), proj = refdump_kind(argv[7], proj_kind_names);
    if (pe < 0 || proj < 0) {
        fprintf(stderr, "refdump: unknown PE or PROJ\n");
        return 64;
    }
    struct model_config cfg = {
        .d_model = strtoul(argv[3], NULL, 10), .heads = strtoul(argv[4], NULL, 10),
        .seed = strtoull(argv[5], NULL, 10), .pe = (enum pe_kind)pe,
        .proj = (enum proj_kind)proj, .scale = atoi(argv[8]) != 0, .causal = atoi(argv[9]) != 0,
    };
    char (*text)[8] = malloc((n ? n : 1) * sizeof *text);
    const char **tokens = malloc((n ? n : 1) * sizeof *tokens);
    if (!text || !tokens) {
        perror("refdump");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(text[i], sizeof text[i], "w%zu", (i * 7 + i / 5) % 97);
        tokens[i] = text[i];
    }
    struct model_input in = { .n = n, .tokens = tokens };
    struct model m;
    model_init(&m);
    char err[256];
    if (model_forward(&m, &cfg, &in, MODEL_PASS_EMBED, err, sizeof err) != 0) {
        fprintf(stderr, "refdump: %s\n", err);
        return 65;
    }
    size_t d = cfg.d_model, h = cfg.heads, nd = n * d, nn = n * n;
    size_t count = h * nn;
    float *scores = malloc((count > 0 ? count : 1) * sizeof *scores);
    if (!scores) {
        perror("refdump");
        return 1;
    }
    for (size_t t = 0; t < h; t++)
        model_head_scores(&m, t, scores + t * nn);
    const char *dir = argv[1];
    int rc = refdump_write(dir, "emb", m.emb, nd) | refdump_write(dir, "pe", m.pe, nd)
           | refdump_write(dir, "x", m.x, nd) | refdump_write(dir, "q", m.q, nd)
           | refdump_write(dir, "k", m.k, nd) | refdump_write(dir, "v", m.v, nd)
           | refdump_write(dir, "out", m.out, nd)
           | refdump_write(dir, "weights", m.weights, h * nn)
           | refdump_write(dir, "scores", scores, h * nn)
           | refdump_write(dir, "row_max", m.row_max, h * n)
           | refdump_write(dir, "row_sum", m.row_sum, h * n);
    if (m.w_q)
        rc |= refdump_write(dir, "w_q", m.w_q, d * d) | refdump_write(dir, "w_k", m.w_k, d * d)
            | refdump_write(dir, "w_v", m.w_v, d * d);
    free(scores);
    model_free(&m);
    free(tokens);
    free(text);
    return rc ? 1 : 0;
}
