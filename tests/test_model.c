/* test_model.c - the forward pass: limits, projections, heads, scaling,
 * the arena; every number recomputed in float64 from the model's inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attnviz/attention.h"
#include "attnviz/embed.h"
#include "attnviz/limits.h"
#include "attnviz/model.h"
#include "attnviz/rng.h"
#include "attnviz/vecstore.h"
#include "attnviz/vectable.h"

#define TOL 1e-5

static const char *const sentence[] = { "the", "cat", "sat", "on", "the", "mat", "." };
#define NS (sizeof sentence / sizeof sentence[0])

static struct model_config config(size_t d, size_t heads, enum proj_kind proj)
{
    return (struct model_config){ .d_model = d, .heads = heads, .seed = 1234,
                                  .pe = PE_SINUSOIDAL, .proj = proj,
                                  .scale = true, .causal = false };
}

static struct model_input input(size_t n, const char *const *tokens)
{
    return (struct model_input){ .n = n, .tokens = tokens };
}

static void run_from(struct model *m, const struct model_config *cfg,
                     const struct model_input *in, enum model_pass from)
{
    char err[256] = "";
    int rc = model_forward(m, cfg, in, from, err, sizeof err);
    if (rc != 0)
        fail_msg("model_forward: %s", err);
}

static void run(struct model *m, const struct model_config *cfg,
                const struct model_input *in)
{
    run_from(m, cfg, in, MODEL_PASS_EMBED);
}

/* ALiBi's slope of head t of H, from the paper's get_slopes as it is
 * written there: start = 2^(-8/P) for P = H a power of two, slope t =
 * start^(t+1); else P = the largest power of two below H, its P slopes,
 * then every other slope of 2P heads (get_slopes(2P)[0::2]). */
static double ref_alibi_slope(size_t t, size_t heads)
{
    size_t p = 1;
    while (2 * p <= heads)
        p *= 2;
    if (t < p)
        return pow(pow(2.0, -8.0 / (double)p), (double)(t + 1));
    size_t every_other = 2 * (t - p);   /* its index among the 2P slopes */
    return pow(pow(2.0, -8.0 / (double)(2 * p)), (double)(every_other + 1));
}

/* The bias of score (i, j) of head t in double: -m_t |i - j| with ALiBi. */
static double ref_bias(const struct model *m, size_t t, size_t i, size_t j)
{
    if (m->cfg.pe != PE_ALIBI)
        return 0.0;
    return -ref_alibi_slope(t, m->cfg.heads) * fabs((double)i - (double)j);
}

/* Checks scores (both views; without ALiBi's bias), weights (the softmax
 * of score + bias), row max and sum and out of head t against float64
 * from q, k, v. */
static void check_head_in_double(const struct model *m, size_t t)
{
    size_t n = m->n, d = m->d, dk = m->d_k, col = t * dk;
    float *scores = malloc(n * n * sizeof *scores), *row = malloc(n * sizeof *row);
    model_head_scores(m, t, scores);
    const float *weights = model_head_weights(m, t);
    double *s = malloc(n * sizeof *s), *w = malloc(n * sizeof *w);
    float *bias = malloc(n * sizeof *bias);
    for (size_t i = 0; i < n; i++) {
        size_t live = m->cfg.causal ? i + 1 : n;
        double max = -INFINITY, sum = 0.0;
        model_row_scores(m, t, i, row);
        assert_memory_equal(row, scores + i * n, n * sizeof *row);
        model_row_bias(m, t, i, bias);
        for (size_t j = 0; j < n; j++) {
            double dot = 0.0;
            for (size_t c = col; c < col + dk; c++)
                dot += (double)m->q[i * d + c] * m->k[j * d + c];
            s[j] = m->cfg.scale ? dot / sqrt((double)dk) : dot;
            assert_true(fabs(scores[i * n + j] - s[j]) < TOL * fmax(1.0, fabs(s[j])));
            /* the views' bias: the float of -m |i - j|, for every key */
            double b = ref_bias(m, t, i, j);
            assert_true(fabs(bias[j] - b) <= 6e-8 * fabs(b));
            assert_true(model_bias(m, t, i, j) == bias[j]);
            s[j] += b;
            if (j < live)
                max = fmax(max, s[j]);
        }
        for (size_t j = 0; j < live; j++)
            sum += exp(s[j] - max);
        assert_true(fabs(m->row_max[t * n + i] - max) < TOL * fmax(1.0, fabs(max)));
        assert_true(fabs(m->row_sum[t * n + i] - sum) < TOL * sum);
        for (size_t j = 0; j < n; j++) {
            w[j] = j < live ? exp(s[j] - max) / sum : 0.0;
            assert_true(fabs(weights[i * n + j] - w[j]) < TOL);
            if (j >= live)
                assert_true(weights[i * n + j] == 0.0f);
        }
        for (size_t c = col; c < col + dk; c++) {
            double o = 0.0;
            for (size_t j = 0; j < n; j++)
                o += w[j] * m->v[j * d + c];
            assert_true(fabs(m->out[i * d + c] - o) < TOL);
        }
    }
    free(s);
    free(w);
    free(bias);
    free(row);
    free(scores);
}

/* Checks that y[n][d] = x[n][d] . w[d][d] in float64. */
static void check_matmul_in_double(const float *y, const float *x, const float *w,
                                   size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < d; c++) {
            double acc = 0.0;
            for (size_t r = 0; r < d; r++)
                acc += (double)x[i * d + r] * w[r * d + c];
            assert_true(fabs(y[i * d + c] - acc) < TOL);
        }
}

static void expect_config_error(size_t d, size_t heads, const char *needle)
{
    struct model_config cfg = config(d, heads, PROJ_IDENTITY);
    char err[128] = "";
    assert_int_equal(model_config_check(&cfg, err, sizeof err), -1);
    if (!strstr(err, needle))
        fail_msg("error \"%s\" does not mention \"%s\"", err, needle);
}

static void config_check_accepts_the_limits(void **state)
{
    (void)state;
    char err[128];
    struct model_config cfg = config(1, 1, PROJ_IDENTITY);
    assert_int_equal(model_config_check(&cfg, err, sizeof err), 0);
    cfg = config(AV_MAX_DIM, AV_MAX_HEADS, PROJ_RANDOM);
    assert_int_equal(model_config_check(&cfg, err, sizeof err), 0);
}

static void config_check_rejects_d_model_zero(void **state)
{
    (void)state;
    expect_config_error(0, 1, "d_model must be 1 to 4096, got 0");
}

static void config_check_rejects_d_model_4097(void **state)
{
    (void)state;
    expect_config_error(4097, 1, "d_model must be 1 to 4096, got 4097");
}

static void config_check_rejects_heads_that_do_not_divide_d(void **state)
{
    (void)state;
    expect_config_error(8, 3, "heads (3) must divide d_model (8)");
}

static void config_check_rejects_65_heads(void **state)
{
    (void)state;
    expect_config_error(4096, 65, "heads must be 1 to 64, got 65");
    expect_config_error(8, 0, "heads must be 1 to 64, got 0");
}

static void config_check_rejects_unknown_kinds(void **state)
{
    (void)state;
    char err[128];
    struct model_config cfg = config(4, 1, PROJ_IDENTITY);
    cfg.pe = (enum pe_kind)9;
    assert_int_equal(model_config_check(&cfg, err, sizeof err), -1);
    cfg = config(4, 1, (enum proj_kind)7);
    assert_int_equal(model_config_check(&cfg, err, sizeof err), -1);
}

static void bytes_needed_counts_every_tensor(void **state)
{
    (void)state;
    /* n = 5, d = 8, h = 2: 7 [n][d], 2 [h][n] (row max, sum), the [16][n]
     * scratch, 1 [h][n][n] (weights; no scores), plus 3 [d][d] if random
     * and an [n][d] PE table if sinusoidal or learned */
    struct model_config cfg = config(8, 2, PROJ_IDENTITY);
    cfg.pe = PE_TABLE;
    assert_int_equal(attention_block_rows(5), 16);
    assert_true(model_bytes_needed(5, &cfg) == 4u * (7 * 40 + 2 * 2 * 5 + 16 * 5 + 2 * 25));
    cfg.proj = PROJ_RANDOM;
    assert_true(model_bytes_needed(5, &cfg)
                == 4u * (7 * 40 + 2 * 2 * 5 + 16 * 5 + 2 * 25 + 3 * 64));
    cfg.pe = PE_LEARNED;
    assert_true(model_bytes_needed(5, &cfg)
                == 4u * (8 * 40 + 2 * 2 * 5 + 16 * 5 + 2 * 25 + 3 * 64));
    /* rope keeps no table; alibi its bias by j - i, [h][2n - 1] */
    cfg.pe = PE_ROPE;
    assert_true(model_bytes_needed(5, &cfg)
                == 4u * (7 * 40 + 2 * 2 * 5 + 16 * 5 + 2 * 25 + 3 * 64));
    cfg.pe = PE_ALIBI;
    assert_true(model_bytes_needed(5, &cfg)
                == 4u * (7 * 40 + 2 * 2 * 5 + 16 * 5 + 2 * 25 + 3 * 64 + 2 * 9));
    /* sizes that overflow 64 bits saturate instead of wrapping to small */
    assert_true(model_bytes_needed(SIZE_MAX, &cfg) > AV_MAX_MODEL_BYTES);
}

static void forward_refuses_a_model_over_the_limit_with_the_mib_needed(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config cfg = config(16, 16, PROJ_IDENTITY);
    uint64_t n = AV_MAX_TOKENS;
    uint64_t bytes = 4 * (8 * n * 16 + 2 * 16 * n + attention_block_rows(n) * n + 16 * n * n);
    char want[128], err[256] = "";
    snprintf(want, sizeof want, "model needs %llu MiB; the limit is %llu MiB",
             (unsigned long long)((bytes + (1u << 20) - 1) >> 20),
             (unsigned long long)(AV_MAX_MODEL_BYTES >> 20));
    assert_true(model_bytes_needed(n, &cfg) == bytes);
    /* the tokens are never read: the check comes first */
    struct model_input in = input(n, NULL);
    assert_int_equal(model_forward(&m, &cfg, &in, MODEL_PASS_EMBED, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("\"%s\" lacks \"%s\"", err, want);
    assert_null(m.arena);
    model_free(&m);
}

static void forward_refuses_more_than_the_token_limit(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config cfg = config(1, 1, PROJ_IDENTITY);
    struct model_input in = input(AV_MAX_TOKENS + 1, NULL);
    char err[256] = "";
    assert_int_equal(model_forward(&m, &cfg, &in, MODEL_PASS_EMBED, err, sizeof err), -1);
    assert_non_null(strstr(err, "8193 tokens; the limit is 8192"));
    model_free(&m);
}

static void a_failed_forward_leaves_the_model_as_it_was(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config cfg = config(4, 2, PROJ_IDENTITY);
    struct model_input in = input(NS, sentence);
    run(&m, &cfg, &in);
    float before = m.out[5];
    struct model_config bad = config(4, 3, PROJ_IDENTITY);
    char err[128];
    assert_int_equal(model_forward(&m, &bad, &in, MODEL_PASS_EMBED, err, sizeof err), -1);
    assert_int_equal(m.cfg.heads, 2);
    assert_int_equal(m.n, NS);
    assert_true(m.out[5] == before);
    model_free(&m);
}

static void forward_with_no_tokens_works(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config cfg = config(8, 4, PROJ_RANDOM);
    struct model_input in = input(0, NULL);
    run(&m, &cfg, &in);
    assert_int_equal(m.n, 0);
    assert_int_equal(m.d_k, 2);
    assert_non_null(m.w_q);   /* the weights exist without tokens */
    cfg.proj = PROJ_IDENTITY;
    run(&m, &cfg, &in);
    assert_null(m.w_q);
    model_free(&m);
}

static void forward_with_8192_tokens_and_d_16_works(void **state)
{
    (void)state;
    size_t n = AV_MAX_TOKENS;
    const char **tokens = malloc(n * sizeof *tokens);
    static const char *const words[] = { "a", "b", "c", "d", "e" };
    for (size_t i = 0; i < n; i++)
        tokens[i] = words[i * i % 5];
    struct model m;
    model_init(&m);
    struct model_config cfg = config(16, 1, PROJ_RANDOM);
    cfg.causal = true;
    struct model_input in = input(n, tokens);
    run(&m, &cfg, &in);
    assert_int_equal(m.n, n);
    /* spot checks: the first row, and rows sum to one */
    assert_true(m.weights[0] == 1.0f);
    for (size_t i = 0; i < n; i += 1023) {
        double sum = 0.0;
        for (size_t j = 0; j < n; j++)
            sum += m.weights[i * n + j];
        assert_true(fabs(sum - 1.0) < 1e-5);
    }
    assert_true(isfinite(m.out[(n - 1) * 16 + 15]));
    model_free(&m);
    free(tokens);
}

static void x_is_embedding_plus_positional_encoding(void **state)
{
    (void)state;
    struct vecstore *ov = vecstore_new();
    const float cat[3] = { 0.25f, -0.5f, 2.0f };
    vecstore_set(ov, "cat", cat, 3);
    struct model m;
    model_init(&m);
    struct model_config cfg = config(6, 1, PROJ_IDENTITY);
    struct model_input in = { .n = NS, .tokens = sentence, .emb_overrides = ov };
    run(&m, &cfg, &in);
    assert_memory_equal(m.emb + 6, cat, sizeof cat);
    assert_true(m.emb[6 + 3] == rng_uniform(1234, RNG_EMBEDDING, rng_hash_bytes("cat", 3), 3));
    for (size_t i = 0; i < NS; i++)
        for (size_t c = 0; c < 6; c++) {
            double angle = (double)i / pow(10000.0, (double)(c - c % 2) / 6.0);
            double pe = c % 2 ? cos(angle) : sin(angle);
            assert_true(fabs(m.pe[i * 6 + c] - pe) < 1e-7);
            assert_true(m.x[i * 6 + c] == m.emb[i * 6 + c] + m.pe[i * 6 + c]);
        }
    model_free(&m);
    vecstore_free(ov);
}

static void identity_projection_makes_q_k_v_bitwise_equal_to_x(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config cfg = config(12, 3, PROJ_IDENTITY);
    struct model_input in = input(NS, sentence);
    run(&m, &cfg, &in);
    size_t bytes = NS * 12 * sizeof(float);
    assert_memory_equal(m.q, m.x, bytes);
    assert_memory_equal(m.k, m.x, bytes);
    assert_memory_equal(m.v, m.x, bytes);
    assert_null(m.w_q);
    assert_null(m.w_k);
    assert_null(m.w_v);
    model_free(&m);
}

static void random_projection_matches_x_times_w_in_double(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config cfg = config(12, 3, PROJ_RANDOM);
    struct model_input in = input(NS, sentence);
    run(&m, &cfg, &in);
    check_matmul_in_double(m.q, m.x, m.w_q, NS, 12);
    check_matmul_in_double(m.k, m.x, m.w_k, NS, 12);
    check_matmul_in_double(m.v, m.x, m.w_v, NS, 12);
    assert_true(memcmp(m.q, m.k, NS * 12 * sizeof(float)) != 0);
    model_free(&m);
}

static void random_weights_follow_the_documented_formula(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    size_t d = 5;
    struct model_config cfg = config(d, 1, PROJ_RANDOM);
    struct model_input in = input(NS, sentence);
    run(&m, &cfg, &in);
    const float *w[3] = { m.w_q, m.w_k, m.w_v };
    static const enum rng_domain dom[3] = { RNG_W_Q, RNG_W_K, RNG_W_V };
    for (size_t t = 0; t < 3; t++)
        for (size_t r = 0; r < d; r++)
            for (size_t c = 0; c < d; c++) {
                double want = rng_uniform(1234, dom[t], 0, r * d + c) * sqrt(3.0 / (double)d);
                assert_true(fabs(w[t][r * d + c] - want) < 1e-7);
            }
    model_free(&m);
}

/* Heads 1, 2, 4 on the same input: each head is attention on its own
 * column slice of q, k, v (checked in double), and the output is the
 * heads side by side. */
static void each_head_is_attention_on_its_columns(void **state)
{
    (void)state;
    static const size_t heads[] = { 1, 2, 4 };
    for (size_t hi = 0; hi < 3; hi++) {
        struct model m;
        model_init(&m);
        struct model_config cfg = config(8, heads[hi], PROJ_RANDOM);
        cfg.causal = hi == 1;
        struct model_input in = input(NS, sentence);
        run(&m, &cfg, &in);
        assert_int_equal(m.d_k, 8 / heads[hi]);
        for (size_t t = 0; t < heads[hi]; t++)
            check_head_in_double(&m, t);
        model_free(&m);
    }
}

/* Several blocks of rows, several heads, causal or not: the head checks
 * hold across block edges. */
static void a_larger_model_matches_double(void **state)
{
    (void)state;
    size_t n = 300;
    const char **tokens = malloc(n * sizeof *tokens);
    for (size_t i = 0; i < n; i++)
        tokens[i] = sentence[(i * 5 + i / 7) % NS];
    for (int causal = 0; causal < 2; causal++) {
        struct model m;
        model_init(&m);
        struct model_config cfg = config(48, 3, PROJ_RANDOM);
        cfg.causal = causal;
        struct model_input in = input(n, tokens);
        run(&m, &cfg, &in);
        check_matmul_in_double(m.q, m.x, m.w_q, n, 48);
        for (size_t t = 0; t < 3; t++)
            check_head_in_double(&m, t);
        model_free(&m);
    }
    free(tokens);
}

static void heads_see_the_same_q_k_v_whatever_their_number(void **state)
{
    (void)state;
    struct model one, four;
    model_init(&one);
    model_init(&four);
    struct model_config c1 = config(8, 1, PROJ_RANDOM), c4 = config(8, 4, PROJ_RANDOM);
    struct model_input in = input(NS, sentence);
    run(&one, &c1, &in);
    run(&four, &c4, &in);
    assert_memory_equal(one.q, four.q, NS * 8 * sizeof(float));
    assert_memory_equal(one.v, four.v, NS * 8 * sizeof(float));
    model_free(&one);
    model_free(&four);
}

static void scaling_off_multiplies_scores_by_sqrt_dk(void **state)
{
    (void)state;
    struct model on, off;
    model_init(&on);
    model_init(&off);
    struct model_config c_on = config(18, 2, PROJ_RANDOM), c_off = c_on;
    c_off.scale = false;
    struct model_input in = input(NS, sentence);
    run(&on, &c_on, &in);
    run(&off, &c_off, &in);
    float s_on[NS * NS], s_off[NS * NS];
    for (size_t t = 0; t < 2; t++) {
        model_head_scores(&on, t, s_on);
        model_head_scores(&off, t, s_off);
        for (size_t i = 0; i < NS * NS; i++)
            assert_true(fabs(s_off[i] - 3.0 * s_on[i]) <= 1e-5 * fmax(1.0, fabs(s_off[i])));
        check_head_in_double(&off, t);
    }
    model_free(&on);
    model_free(&off);
}

static void causal_model_keeps_scores_unmasked_but_zeroes_weights(void **state)
{
    (void)state;
    struct model plain, causal;
    model_init(&plain);
    model_init(&causal);
    struct model_config cp = config(6, 1, PROJ_IDENTITY), cc = cp;
    cc.causal = true;
    cp.pe = cc.pe = PE_LEARNED;
    struct model_input in = input(NS, sentence);
    run(&plain, &cp, &in);
    run(&causal, &cc, &in);
    float sp[NS * NS], sc[NS * NS];
    model_head_scores(&plain, 0, sp);
    model_head_scores(&causal, 0, sc);
    for (size_t i = 0; i < NS * NS; i++)
        assert_true(fabs(sp[i] - sc[i]) <= 1e-6 * fmax(1.0, fabs(sp[i])));
    for (size_t i = 0; i < NS; i++)
        for (size_t j = i + 1; j < NS; j++)
            assert_true(causal.weights[i * NS + j] == 0.0f);
    assert_true(causal.weights[0] == 1.0f);
    check_head_in_double(&causal, 0);
    model_free(&plain);
    model_free(&causal);
}

static void forward_is_deterministic(void **state)
{
    (void)state;
    struct model a, b;
    model_init(&a);
    model_init(&b);
    struct model_config cfg = config(10, 5, PROJ_RANDOM);
    struct model_input in = input(NS, sentence);
    run(&a, &cfg, &in);
    run(&b, &cfg, &in);
    assert_memory_equal(a.out, b.out, NS * 10 * sizeof(float));
    assert_memory_equal(a.weights, b.weights, 5 * NS * NS * sizeof(float));
    model_free(&a);
    model_free(&b);
}

static void the_arena_grows_only_when_it_must(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config big = config(16, 4, PROJ_RANDOM), small = config(4, 1, PROJ_IDENTITY);
    struct model_input in = input(NS, sentence);
    run(&m, &big, &in);
    float *arena = m.arena;
    size_t cap = m.arena_cap;
    assert_true((cap + m.w.cap + m.pe_table.cap) * sizeof(float) >= model_bytes_needed(NS, &big));
    run(&m, &small, &in);
    assert_ptr_equal(m.arena, arena);
    assert_int_equal(m.arena_cap, cap);
    check_head_in_double(&m, 0);
    /* every tensor lies inside the arena */
    assert_true(m.weights + NS * NS <= m.arena + m.arena_cap);
    model_free(&m);
    assert_null(m.arena);
}

static void forward_accepts_the_models_own_config(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_config cfg = config(4, 2, PROJ_RANDOM);
    struct model_input in = input(NS, sentence);
    run(&m, &cfg, &in);
    run(&m, &m.cfg, &in);
    assert_int_equal(m.cfg.heads, 2);
    check_head_in_double(&m, 1);
    model_free(&m);
}

/* ---- RoPE and ALiBi ------------------------------------------------------ */

/* u[n][d] rotated in double as RoPE defines it: in each head's d_k columns
 * pair i of row pos by pos * 10000^(-2i/d_k); an odd last column stays. */
static void rope_in_double(double *u, size_t n, size_t d, size_t dk)
{
    for (size_t pos = 0; pos < n; pos++)
        for (size_t h = 0; h < d / dk; h++)
            for (size_t i = 0; i < dk / 2; i++) {
                double angle = (double)pos / pow(10000.0, 2.0 * (double)i / (double)dk);
                double *p = u + pos * d + h * dk + 2 * i, a = p[0], b = p[1];
                p[0] = a * cos(angle) - b * sin(angle);
                p[1] = a * sin(angle) + b * cos(angle);
            }
}

/* y[n][d] = x . w in double (w NULL: y = x). */
static void project_in_double(double *y, const float *x, const float *w, size_t n, size_t d)
{
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < d; c++) {
            double acc = 0.0;
            for (size_t r = 0; r < d; r++)
                acc += w ? (double)x[i * d + r] * w[r * d + c] : (r == c ? x[i * d + r] : 0.0);
            y[i * d + c] = acc;
        }
}

static void check_rope_model(size_t n, const char *const *tokens, size_t d, size_t heads,
                             enum proj_kind proj, bool causal)
{
    struct model m;
    model_init(&m);
    struct model_config cfg = config(d, heads, proj);
    cfg.pe = PE_ROPE;
    cfg.causal = causal;
    struct model_input in = input(n, tokens);
    run(&m, &cfg, &in);
    size_t dk = d / heads;
    /* nothing is added to x */
    for (size_t c = 0; c < n * d; c++)
        assert_true(m.pe[c] == 0.0f);
    assert_memory_equal(m.x, m.emb, n * d * sizeof *m.x);
    double *q = malloc(n * d * sizeof *q), *k = malloc(n * d * sizeof *k);
    project_in_double(q, m.x, m.w_q, n, d);
    project_in_double(k, m.x, m.w_k, n, d);
    rope_in_double(q, n, d, dk);
    rope_in_double(k, n, d, dk);
    for (size_t c = 0; c < n * d; c++) {
        assert_true(fabs(m.q[c] - q[c]) < TOL * fmax(1.0, fabs(q[c])));
        assert_true(fabs(m.k[c] - k[c]) < TOL * fmax(1.0, fabs(k[c])));
    }
    /* v is not rotated */
    if (proj == PROJ_RANDOM)
        check_matmul_in_double(m.v, m.x, m.w_v, n, d);
    else
        assert_memory_equal(m.v, m.x, n * d * sizeof *m.v);
    for (size_t t = 0; t < heads; t++)
        check_head_in_double(&m, t);
    free(q);
    free(k);
    model_free(&m);
}

static void rope_rotates_q_and_k_of_the_projection(void **state)
{
    (void)state;
    check_rope_model(NS, sentence, 24, 3, PROJ_RANDOM, false);   /* d_k 8 */
    check_rope_model(NS, sentence, 15, 3, PROJ_RANDOM, true);    /* d_k 5: odd */
    check_rope_model(NS, sentence, 8, 2, PROJ_IDENTITY, false);
    check_rope_model(NS, sentence, 6, 6, PROJ_RANDOM, false);    /* d_k 1: none */
    /* several row blocks of Q, K, V, far positions */
    const char **tokens = malloc(300 * sizeof *tokens);
    for (size_t i = 0; i < 300; i++)
        tokens[i] = sentence[(i * 5 + i / 7) % NS];
    check_rope_model(300, tokens, 32, 4, PROJ_RANDOM, true);
    free(tokens);
}

/* Under identity, q = k: each pair's rotation is the same for q_i and k_i,
 * so q_i . k_j depends on i - j alone for a 2-column head (the property
 * RoPE is made for): here with x the same at every position. */
static void rope_scores_depend_on_the_distance(void **state)
{
    (void)state;
    static const char *const same[] = { "a", "a", "a", "a", "a", "a" };
    struct model m;
    model_init(&m);
    struct model_config cfg = config(2, 1, PROJ_IDENTITY);
    cfg.pe = PE_ROPE;
    cfg.scale = false;
    struct model_input in = input(6, same);
    run(&m, &cfg, &in);
    float s[36];
    model_head_scores(&m, 0, s);
    /* |e|^2 cos(i - j) */
    double len2 = (double)m.emb[0] * m.emb[0] + (double)m.emb[1] * m.emb[1];
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 6; j++)
            assert_true(fabs(s[i * 6 + j] - len2 * cos((double)i - (double)j)) < 1e-6);
    model_free(&m);
}

static void check_alibi_model(size_t d, size_t heads, bool causal, bool scale)
{
    struct model m, plain;
    model_init(&m);
    model_init(&plain);
    struct model_config cfg = config(d, heads, PROJ_RANDOM);
    cfg.pe = PE_ALIBI;
    cfg.causal = causal;
    cfg.scale = scale;
    struct model_input in = input(NS, sentence);
    run(&m, &cfg, &in);
    for (size_t c = 0; c < NS * d; c++)
        assert_true(m.pe[c] == 0.0f);
    for (size_t t = 0; t < heads; t++)
        check_head_in_double(&m, t);
    /* the same model with no PE has the same scores and other weights */
    cfg.pe = PE_NONE;
    run(&plain, &cfg, &in);
    float a[NS * NS], b[NS * NS];
    model_head_scores(&m, 0, a);
    model_head_scores(&plain, 0, b);
    assert_memory_equal(a, b, sizeof a);
    assert_true(memcmp(m.weights, plain.weights, NS * NS * sizeof(float)) != 0);
    assert_null(plain.bias);
    assert_true(model_bias(&plain, 0, 3, 1) == 0.0f);
    model_free(&m);
    model_free(&plain);
}

static void alibi_weights_are_the_softmax_of_score_plus_bias(void **state)
{
    (void)state;
    check_alibi_model(12, 1, false, true);
    check_alibi_model(12, 2, true, true);
    check_alibi_model(12, 3, false, false);   /* not a power of two */
    check_alibi_model(12, 6, true, true);
    check_alibi_model(24, 12, false, true);
    check_alibi_model(16, 8, true, false);
}

/* ---- passes redone from `from` ---------------------------------------- */

static void assert_same_floats(const float *a, const float *b, size_t count)
{
    if (count)
        assert_memory_equal(a, b, count * sizeof *a);
}

/* m holds, bit for bit, what a fresh model of (cfg, in) computes. */
static void assert_as_fresh(const struct model *m, const struct model_config *cfg,
                            const struct model_input *in)
{
    struct model f;
    model_init(&f);
    run(&f, cfg, in);
    size_t nd = f.n * f.d, hn = cfg->heads * f.n;
    assert_int_equal(m->n, f.n);
    assert_int_equal(m->d, f.d);
    assert_int_equal(m->d_k, f.d_k);
    assert_memory_equal(&m->cfg, &f.cfg, sizeof f.cfg);
    assert_same_floats(m->emb, f.emb, nd);
    assert_same_floats(m->pe, f.pe, nd);
    assert_same_floats(m->x, f.x, nd);
    assert_same_floats(m->q, f.q, nd);
    assert_same_floats(m->k, f.k, nd);
    assert_same_floats(m->v, f.v, nd);
    assert_same_floats(m->out, f.out, nd);
    assert_same_floats(m->weights, f.weights, hn * f.n);
    assert_same_floats(m->row_max, f.row_max, hn);
    assert_same_floats(m->row_sum, f.row_sum, hn);
    assert_true((m->bias == NULL) == (f.bias == NULL));
    if (f.bias)
        assert_same_floats(m->bias, f.bias, cfg->heads * (2 * f.n - 1));
    assert_true((m->w_q == NULL) == (f.w_q == NULL));
    if (f.w_q)
        assert_same_floats(m->w_q, f.w_q, 3 * f.d * f.d);
    model_free(&f);
}

/* n tokens, several row blocks of Q, K, V */
#define NL 100
static const char **long_sentence(void)
{
    static const char *t[NL];
    for (size_t i = 0; i < NL; i++)
        t[i] = sentence[(i * 3 + i / 5) % NS];
    return t;
}

/* Every config change the model sees for itself, each from
 * MODEL_PASS_COUNT ("nothing the caller knows of"), gives a fresh model's
 * numbers. */
static void config_changes_redo_what_they_reach(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NL, long_sentence());
    struct model_config cfg = config(24, 2, PROJ_RANDOM);
    run(&m, &cfg, &in);
    struct model_config steps[10];
    size_t count = 0;
    cfg.causal = true, steps[count++] = cfg;
    cfg.heads = 4, steps[count++] = cfg;      /* more weights: the arena grows */
    cfg.scale = false, steps[count++] = cfg;
    cfg.pe = PE_LEARNED, steps[count++] = cfg;
    cfg.pe = PE_NONE, steps[count++] = cfg;
    cfg.proj = PROJ_IDENTITY, steps[count++] = cfg;
    cfg.proj = PROJ_RANDOM, steps[count++] = cfg;
    cfg.d_model = 36, steps[count++] = cfg;
    cfg.seed = 99, steps[count++] = cfg;
    cfg.heads = 1, steps[count++] = cfg;
    for (size_t i = 0; i < count; i++) {
        run_from(&m, &steps[i], &in, MODEL_PASS_COUNT);
        assert_as_fresh(&m, &steps[i], &in);
    }
    model_free(&m);
}

/* To RoPE or ALiBi and back, heads under each, from none (whose x is
 * theirs: only the model can see that q, k or the weights must change):
 * each step as a fresh model, bit for bit. */
static void rope_and_alibi_switches_redo_what_they_reach(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NL, long_sentence());
    struct model_config cfg = config(24, 2, PROJ_RANDOM);
    run(&m, &cfg, &in);
    struct model_config steps[24];
    size_t count = 0;
    cfg.pe = PE_ROPE, steps[count++] = cfg;        /* sinusoidal -> rope */
    cfg.pe = PE_SINUSOIDAL, steps[count++] = cfg;  /* and back */
    cfg.pe = PE_ALIBI, steps[count++] = cfg;       /* sinusoidal -> alibi */
    cfg.pe = PE_SINUSOIDAL, steps[count++] = cfg;  /* and back */
    cfg.pe = PE_NONE, steps[count++] = cfg;
    cfg.pe = PE_ROPE, steps[count++] = cfg;        /* none -> rope: x is the same */
    cfg.heads = 4, steps[count++] = cfg;           /* d_k 6: a new rotation */
    cfg.heads = 3, steps[count++] = cfg;
    cfg.causal = true, steps[count++] = cfg;
    cfg.proj = PROJ_IDENTITY, steps[count++] = cfg;
    cfg.pe = PE_NONE, steps[count++] = cfg;        /* rope -> none: x is the same */
    cfg.proj = PROJ_RANDOM, steps[count++] = cfg;
    cfg.pe = PE_ALIBI, steps[count++] = cfg;       /* none -> alibi: x is the same */
    cfg.heads = 6, steps[count++] = cfg;           /* new slopes, the bias grows */
    cfg.scale = false, steps[count++] = cfg;
    cfg.pe = PE_ROPE, steps[count++] = cfg;        /* alibi -> rope */
    cfg.pe = PE_ALIBI, steps[count++] = cfg;       /* rope -> alibi */
    cfg.pe = PE_NONE, steps[count++] = cfg;        /* alibi -> none */
    cfg.pe = PE_LEARNED, steps[count++] = cfg;
    cfg.d_model = 36, cfg.pe = PE_ROPE, steps[count++] = cfg;
    for (size_t i = 0; i < count; i++) {
        run_from(&m, &steps[i], &in, MODEL_PASS_COUNT);
        assert_as_fresh(&m, &steps[i], &in);
    }
    /* as the app marks a :heads change (attention only): under rope the
     * model lowers that to pass 4 itself */
    cfg.heads = 2;
    run_from(&m, &cfg, &in, MODEL_PASS_ATTENTION);
    assert_as_fresh(&m, &cfg, &in);
    cfg.pe = PE_ALIBI;
    run_from(&m, &cfg, &in, MODEL_PASS_PE);
    cfg.heads = 3;
    run_from(&m, &cfg, &in, MODEL_PASS_ATTENTION);
    assert_as_fresh(&m, &cfg, &in);
    model_free(&m);
}

/* An :emb edit under rope redoes the blocks it reaches, rotated; under
 * alibi the attention: as a fresh model. */
static void input_changes_under_rope_and_alibi_give_a_fresh_models_bits(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NL, long_sentence());
    struct vecstore *ov = vecstore_new();
    float v[24];
    for (size_t c = 0; c < 24; c++)
        v[c] = 1.0f - (float)c / 12.0f;
    for (size_t k = 0; k < 2; k++) {
        struct model_config cfg = config(24, 3, PROJ_RANDOM);
        cfg.pe = k ? PE_ALIBI : PE_ROPE;
        in.emb_overrides = NULL;
        run(&m, &cfg, &in);
        vecstore_set(ov, k ? "on" : "mat", v, 24);
        in.emb_overrides = ov;
        run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
        assert_as_fresh(&m, &cfg, &in);
    }
    vecstore_free(ov);
    model_free(&m);
}

/* Inputs only the caller sees: it names the first pass they reach. */
static void input_changes_redo_from_the_pass_the_caller_names(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    const char **tokens = long_sentence();
    struct model_input in = input(NL, tokens);
    struct model_config cfg = config(24, 3, PROJ_RANDOM);
    run(&m, &cfg, &in);

    /* :emb on a token in a few blocks: only those blocks' Q, K, V change */
    struct vecstore *ov = vecstore_new();
    float v[24];
    for (size_t c = 0; c < 24; c++)
        v[c] = (float)c / 8.0f - 1.0f;
    vecstore_set(ov, "mat", v, 24);
    in.emb_overrides = ov;
    run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
    assert_as_fresh(&m, &cfg, &in);

    /* word vectors for a word of the sentence, behind the override */
    struct vectable *words = vectable_new(24, 0);
    bool dup;
    vectable_add(words, "sat", 3, v, &dup);
    in.vectors = words;
    run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
    assert_as_fresh(&m, &cfg, &in);

    /* a new word in the middle of the sentence */
    const char *edited[NL];
    memcpy(edited, tokens, sizeof edited);
    edited[57] = "dog";
    in.tokens = edited;
    run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
    assert_as_fresh(&m, &cfg, &in);

    /* a :pe-row of a table */
    cfg.pe = PE_TABLE;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    assert_as_fresh(&m, &cfg, &in);
    struct vecstore *rows = vecstore_new();
    vecstore_set(rows, "40", v, 24);
    in.pe_rows = rows;
    run_from(&m, &cfg, &in, MODEL_PASS_PE);
    assert_as_fresh(&m, &cfg, &in);

    /* a longer sentence: everything */
    in.n = NL - 1;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    assert_as_fresh(&m, &cfg, &in);
    model_free(&m);
    vecstore_free(ov);
    vecstore_free(rows);
    vectable_free(words);
}

/* W_Q, W_K, W_V are made once per (seed, d_model): a mark left in them
 * survives a :causal toggle, a new sentence and a trip through identity,
 * and is gone after a new seed. */
static void the_parameters_are_made_once_per_seed_and_d_model(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NS, sentence);
    struct model_config cfg = config(16, 2, PROJ_RANDOM);
    run(&m, &cfg, &in);
    float *w = m.w_q, mark = 12345.0f;
    m.w_q[3] = mark;
    cfg.causal = true;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    in.n = 4;
    run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
    cfg.proj = PROJ_IDENTITY;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    cfg.proj = PROJ_RANDOM;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    assert_ptr_equal(m.w_q, w);
    assert_true(m.w_q[3] == mark);
    cfg.seed = 5;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    assert_true(m.w_q[3] != mark);
    model_free(&m);
}

/* The W of the d_model before is kept while small: back to it, the same
 * buffer (a mark written into it survives), and the numbers are a fresh
 * model's; a W over 8 MiB (d_model 1024: 12 MiB) is not kept. */
static void the_w_of_the_d_model_before_is_kept_while_small(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NS, sentence);
    struct model_config a = config(64, 2, PROJ_RANDOM), b = config(72, 2, PROJ_RANDOM);
    run(&m, &a, &in);
    float *w = m.w_q, mark = 12345.0f;
    m.w_q[3] = mark;
    run_from(&m, &b, &in, MODEL_PASS_COUNT);
    assert_as_fresh(&m, &b, &in);
    run_from(&m, &a, &in, MODEL_PASS_COUNT);
    assert_ptr_equal(m.w_q, w);
    assert_true(m.w_q[3] == mark);
    struct model_config c = config(80, 2, PROJ_RANDOM);
    run_from(&m, &c, &in, MODEL_PASS_COUNT);   /* the spare is now a's */
    run_from(&m, &b, &in, MODEL_PASS_COUNT);   /* neither held: made again, into
                                                  a's buffer (mark and all) */
    assert_as_fresh(&m, &b, &in);
    struct model_config big = config(1024, 2, PROJ_RANDOM), big2 = config(1040, 2, PROJ_RANDOM);
    run_from(&m, &big, &in, MODEL_PASS_COUNT);
    run_from(&m, &big2, &in, MODEL_PASS_COUNT);
    assert_int_equal(m.w_spare.d, 72);   /* 12 MiB is not kept: b's stays... */
    run_from(&m, &big, &in, MODEL_PASS_COUNT);
    assert_as_fresh(&m, &big, &in);   /* ...and 1024's is made again, the same */
    run_from(&m, &b, &in, MODEL_PASS_COUNT);   /* b's from the spare; 1024's, */
    assert_as_fresh(&m, &b, &in);
    assert_null(m.w_spare.data);               /* too large, is not kept instead */
    model_free(&m);
}

/* The PE table grows with the longest sentence and is remade for a new
 * kind, d_model or (learned) seed: every pe is that of the formula. */
static void the_pe_table_follows_the_sentence_and_the_config(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NL, long_sentence());
    struct model_config cfg = config(10, 2, PROJ_IDENTITY);
    static const size_t lens[] = { 10, 60, 20, NL };
    float *want = malloc(NL * 12 * sizeof *want);
    for (size_t k = 0; k < 2; k++) {
        cfg.pe = k ? PE_LEARNED : PE_SINUSOIDAL;
        for (size_t i = 0; i < 4; i++) {
            in.n = lens[i];
            run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
            posenc_fill(want, in.n, cfg.d_model, cfg.pe, cfg.seed, NULL);
            assert_same_floats(m.pe, want, in.n * cfg.d_model);
        }
        assert_int_equal(m.pe_table.rows, NL);
    }
    cfg.seed = 8;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    posenc_fill(want, in.n, 10, PE_LEARNED, 8, NULL);
    assert_same_floats(m.pe, want, in.n * 10);
    cfg.d_model = 12;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    posenc_fill(want, in.n, 12, PE_LEARNED, 8, NULL);
    assert_same_floats(m.pe, want, in.n * 12);
    free(want);
    model_free(&m);
}

/* A PE switched and switched back, or a d_model changed and changed back,
 * finds its table in the spare, mark and all: not made again. A table
 * that holds neither is made anew into a kept buffer, as the formula says. */
static void the_pe_table_before_is_kept_as_the_spare(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NS, sentence);
    struct model_config sin = config(64, 2, PROJ_RANDOM), learned = sin, wide = sin;
    learned.pe = PE_LEARNED;
    wide.d_model = 72;
    float *want = malloc(NS * 72 * sizeof *want);
    assert_non_null(want);
    run(&m, &sin, &in);
    const float mark = 12345.0f;
    m.pe_table.data[5] = mark;
    run_from(&m, &learned, &in, MODEL_PASS_COUNT);
    assert_as_fresh(&m, &learned, &in);
    run_from(&m, &sin, &in, MODEL_PASS_COUNT);
    assert_true(m.pe_table.data[5] == mark);   /* the spare came back */
    assert_true(m.pe[5] == mark);
    run_from(&m, &wide, &in, MODEL_PASS_COUNT);
    assert_as_fresh(&m, &wide, &in);
    run_from(&m, &sin, &in, MODEL_PASS_COUNT);
    assert_true(m.pe_table.data[5] == mark);   /* and after a d_model and back */
    run_from(&m, &learned, &in, MODEL_PASS_COUNT);   /* neither held it: made again */
    posenc_fill(want, NS, 64, PE_LEARNED, learned.seed, NULL);
    assert_same_floats(m.pe, want, NS * 64);
    assert_as_fresh(&m, &learned, &in);
    free(want);
    model_free(&m);
}

/* With nothing changed nothing is recomputed: marks in the outputs stay. */
static void nothing_changed_recomputes_nothing(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct model_input in = input(NL, long_sentence());
    struct model_config cfg = config(8, 2, PROJ_RANDOM);
    run(&m, &cfg, &in);
    m.out[0] = m.q[0] = m.pe[0] = -7.0f;
    run_from(&m, &cfg, &in, MODEL_PASS_COUNT);
    assert_true(m.out[0] == -7.0f && m.q[0] == -7.0f && m.pe[0] == -7.0f);
    /* from EMBED with the same inputs: the sinusoidal PE and the Q, K, V
     * of unchanged rows are kept, attention is skipped */
    model_forget(&m);
    run(&m, &cfg, &in);
    m.out[0] = m.q[0] = -7.0f;
    run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
    assert_true(m.out[0] == -7.0f && m.q[0] == -7.0f);
    /* a mark in the last row of pe stays (the PE is not redone), so that
     * row's x changes: its block of q is redone, block 0's is not, and
     * attention runs again */
    m.pe[NL * 8 - 1] = -7.0f;
    float q_last = m.q[NL * 8 - 1];
    run_from(&m, &cfg, &in, MODEL_PASS_EMBED);
    assert_true(m.pe[NL * 8 - 1] == -7.0f && m.q[0] == -7.0f);
    assert_true(m.q[NL * 8 - 1] != q_last && m.out[0] != -7.0f);
    run_from(&m, &cfg, &in, MODEL_PASS_ATTENTION);
    assert_true(m.out[0] != -7.0f && m.q[0] == -7.0f);
    model_free(&m);
}

/* The same numbers on one thread or several: tasks are cut by size. */
static void the_thread_count_does_not_change_a_bit(void **state)
{
    (void)state;
    size_t n = 700;
    const char **tokens = malloc(n * sizeof *tokens);
    for (size_t i = 0; i < n; i++)
        tokens[i] = sentence[(i * 5 + i / 3) % NS];
    struct model_input in = input(n, tokens);
    static const enum pe_kind kinds[] = { PE_SINUSOIDAL, PE_ROPE, PE_ALIBI };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        struct model_config cfg = config(64, 4, PROJ_RANDOM);
        cfg.causal = true;
        cfg.pe = kinds[k];
        struct model one, many;
        model_init(&one);
        model_init(&many);
        unsigned before = model_threads();
        model_set_threads(1);
        assert_int_equal(model_threads(), 1);
        run(&one, &cfg, &in);
        model_set_threads(4);
        run(&many, &cfg, &in);
        model_set_threads(0);
        assert_int_equal(model_threads(), before);
        assert_same_floats(one.q, many.q, n * 64);
        assert_same_floats(one.k, many.k, n * 64);
        assert_same_floats(one.weights, many.weights, 4 * n * n);
        assert_same_floats(one.row_sum, many.row_sum, 4 * n);
        assert_same_floats(one.out, many.out, n * 64);
        model_free(&one);
        model_free(&many);
    }
    free(tokens);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_check_accepts_the_limits),
        cmocka_unit_test(config_check_rejects_d_model_zero),
        cmocka_unit_test(config_check_rejects_d_model_4097),
        cmocka_unit_test(config_check_rejects_heads_that_do_not_divide_d),
        cmocka_unit_test(config_check_rejects_65_heads),
        cmocka_unit_test(config_check_rejects_unknown_kinds),
        cmocka_unit_test(bytes_needed_counts_every_tensor),
        cmocka_unit_test(forward_refuses_a_model_over_the_limit_with_the_mib_needed),
        cmocka_unit_test(forward_refuses_more_than_the_token_limit),
        cmocka_unit_test(a_failed_forward_leaves_the_model_as_it_was),
        cmocka_unit_test(forward_with_no_tokens_works),
        cmocka_unit_test(forward_with_8192_tokens_and_d_16_works),
        cmocka_unit_test(x_is_embedding_plus_positional_encoding),
        cmocka_unit_test(identity_projection_makes_q_k_v_bitwise_equal_to_x),
        cmocka_unit_test(random_projection_matches_x_times_w_in_double),
        cmocka_unit_test(random_weights_follow_the_documented_formula),
        cmocka_unit_test(each_head_is_attention_on_its_columns),
        cmocka_unit_test(a_larger_model_matches_double),
        cmocka_unit_test(heads_see_the_same_q_k_v_whatever_their_number),
        cmocka_unit_test(scaling_off_multiplies_scores_by_sqrt_dk),
        cmocka_unit_test(causal_model_keeps_scores_unmasked_but_zeroes_weights),
        cmocka_unit_test(forward_is_deterministic),
        cmocka_unit_test(the_arena_grows_only_when_it_must),
        cmocka_unit_test(forward_accepts_the_models_own_config),
        cmocka_unit_test(rope_rotates_q_and_k_of_the_projection),
        cmocka_unit_test(rope_scores_depend_on_the_distance),
        cmocka_unit_test(alibi_weights_are_the_softmax_of_score_plus_bias),
        cmocka_unit_test(config_changes_redo_what_they_reach),
        cmocka_unit_test(rope_and_alibi_switches_redo_what_they_reach),
        cmocka_unit_test(input_changes_under_rope_and_alibi_give_a_fresh_models_bits),
        cmocka_unit_test(input_changes_redo_from_the_pass_the_caller_names),
        cmocka_unit_test(the_parameters_are_made_once_per_seed_and_d_model),
        cmocka_unit_test(the_w_of_the_d_model_before_is_kept_while_small),
        cmocka_unit_test(the_pe_table_follows_the_sentence_and_the_config),
        cmocka_unit_test(the_pe_table_before_is_kept_as_the_spare),
        cmocka_unit_test(nothing_changed_recomputes_nothing),
        cmocka_unit_test(the_thread_count_does_not_change_a_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
