/* attention.c - one head's attention, a block of query rows at a time (see
 * attention.h).
 *
 * The products are OpenBLAS's (gemm.h); the softmax is ours, written for
 * the vectorizer: float, unit stride, restrict, and every loop over a row
 * cut into blocks of ATTN_LANES independent lanes, so that the compiler
 * turns each lane loop into vector instructions without having to reorder
 * a sum (which it may not do without -ffast-math). The lanes are in the
 * source, so the order of every addition, and so every bit of the result,
 * is the same whatever vector width the machine has. */
#include "attnviz/attention.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "attnviz/gemm.h"

enum {
    ATTN_LANES = 16,                /* one AVX-512 register of floats */
    ATTN_CHUNK = 16 * ATTN_LANES,   /* floats summed in float before the double total */
    ATTN_BLOCK_FLOATS = 1 << 21,    /* 8 MiB of scores per block at most */
    ATTN_BLOCK_MAX = 512,           /* rows */
};

/* Every x86-64 has SSE2; these clones use wider registers and FMA where
 * the CPU has them (the choice is made once, at load time, by the dynamic
 * linker). */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__)
#define ATTN_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define ATTN_CLONES
#endif

size_t attention_block_rows(size_t n)
{
    size_t rows = ATTN_BLOCK_FLOATS / (n ? n : 1);
    size_t quarter = (n / 4 + 15) / 16 * 16;     /* four blocks at least */
    rows = rows < quarter ? rows : quarter;
    rows = rows / 16 * 16;
    return rows < 16 ? 16 : rows > ATTN_BLOCK_MAX ? ATTN_BLOCK_MAX : rows;
}

size_t attention_block_cols(size_t n, size_t i0, size_t rows, bool causal)
{
    return causal ? i0 + rows : n;
}

/* s: [rows][lds]; q, k: [n][stride] from the head's first column */
void attention_scores(float *s, size_t lds, const struct attention_head *h,
                      size_t i0, size_t rows, size_t k0, size_t cols)
{
    float alpha = h->scale ? (float)(1.0 / sqrt((double)h->d_k)) : 1.0f;
    gemm(s, lds, h->q + i0 * h->stride, h->stride, h->k + k0 * h->stride, h->stride,
         rows, cols, h->d_k, true, alpha);
}

/* a * b + c, rounded once where the CPU fuses it (fused is then true)
 * and twice where it does not: libm's fmaf on a CPU without FMA is done
 * in software, tens of times slower than the two instructions. ISO C
 * mode (-std=c11) keeps gcc from contracting the second form. */
static inline __attribute__((always_inline)) float attn_madd(float a, float b, float c,
                                                             bool fused)
{
    return fused ? fmaf(a, b, c) : a * b + c;
}

/* exp(x) for x <= 0 (x may be -inf), relative error below 2e-7 (1.5 ulp)
 * fused, about 3 ulp unfused: x = n ln2 + t with |t| <= ln2/2,
 * e^t = 1 + t p(t) with a degree-4 p fitted for minimal relative error on
 * that interval, 2^n made in the exponent bits. Only multiply-adds,
 * multiplies and integer bit operations, so that it vectorizes where it
 * is inlined. Every CPU with FMA gives the same bits (an instruction in
 * the x86-64-v3 and v4 clones, and in the baseline clone on the few CPUs
 * that have FMA without AVX2); one without FMA may differ in the last
 * bit. */
static inline __attribute__((always_inline)) float attn_exp(float x, bool fused)
{
    /* x < -88 (as bits: a negative float's bits grow with its size) is
     * clamped to -88, whose n = -127 makes 2^n, and so the result, 0. */
    uint32_t xb;
    memcpy(&xb, &x, sizeof xb);
    xb = xb < 0xC2B00000u ? xb : 0xC2B00000u;
    memcpy(&x, &xb, sizeof x);
    /* n = round(x / ln2): adding 1.5 * 2^23 + 127 rounds x log2(e) to an
     * integer in the low mantissa bits, biased so that shifting them up
     * by 23 gives the bits of 2^n. */
    const float magic = 12583039.0f;
    float nf = attn_madd(x, 1.44269504f, magic, fused);
    uint32_t sb;
    memcpy(&sb, &nf, sizeof sb);
    sb <<= 23;
    float s;
    memcpy(&s, &sb, sizeof s);
    nf -= magic;
    /* t = x - n ln2, with ln2 in two parts so that n * hi is exact */
    float t = attn_madd(-nf, 0.693145752f, x, fused);
    t = attn_madd(-nf, 1.42860677e-6f, t, fused);
    float p = 8.290315047e-03f;
    p = attn_madd(p, t, 4.189793020e-02f, fused);
    p = attn_madd(p, t, 1.666763574e-01f, fused);
    p = attn_madd(p, t, 4.999915063e-01f, fused);
    p = attn_madd(p, t, 9.999997020e-01f, fused);
    t = t * s;
    return attn_madd(t, p, s, fused);   /* 2^n (1 + t p(t)) */
}

/* w[c0..end) = exp(w - max), each added to acc's lane (c - c0) % ATTN_LANES */
static inline __attribute__((always_inline)) void
attn_exp_chunk(float *restrict w, size_t c0, size_t end, float max,
               float acc[restrict ATTN_LANES], bool fused)
{
    size_t c = c0;
    for (; c + ATTN_LANES <= end; c += ATTN_LANES)
        for (size_t l = 0; l < ATTN_LANES; l++) {
            float e = attn_exp(w[c + l] - max, fused);
            w[c + l] = e;
            acc[l] += e;
        }
    for (size_t l = 0; c < end; c++, l++) {
        w[c] = attn_exp(w[c] - max, fused);
        acc[l] += w[c];
    }
}

/* Whether fmaf is one instruction here: asked of the CPU on x86-64 (the
 * baseline clone runs on CPUs with and without it), known at compile time
 * elsewhere. */
static bool attn_cpu_fuses(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    return __builtin_cpu_supports("fma");
#elif defined(FP_FAST_FMAF)
    return true;
#else
    return false;
#endif
}

/* w[0..live), live >= 1. Three sweeps over a row that is in L1 (4096
 * floats are 16 KiB): max, exp and sum, scale. Static, with the public
 * name a plain wrapper: clang 14 gives an exported clone set a name other
 * TUs cannot link to. */
ATTN_CLONES
static void attn_softmax_row(float *restrict w, size_t live,
                             float *restrict max_out, float *restrict sum_out)
{
    /* 1. the max, lane by lane (exact in any order) */
    float lane[ATTN_LANES];
    for (size_t l = 0; l < ATTN_LANES; l++)
        lane[l] = w[0];
    size_t j = 0;
    for (; j + ATTN_LANES <= live; j += ATTN_LANES)
        for (size_t l = 0; l < ATTN_LANES; l++)
            lane[l] = w[j + l] > lane[l] ? w[j + l] : lane[l];
    for (size_t l = 0; j < live; j++, l++)
        lane[l] = w[j] > lane[l] ? w[j] : lane[l];
    float max = lane[0];
    for (size_t l = 1; l < ATTN_LANES; l++)
        max = lane[l] > max ? lane[l] : max;

    /* 2. e = exp(s - max) in place, summed. Each chunk of ATTN_CHUNK is
     * summed in float, 16 terms per lane and a tree over the lanes, so no
     * term passes through more than 19 float additions; the chunk totals
     * add up in double (see docs/ARCHITECTURE.md for the bound). */
    double total = 0.0;
    bool finite = isfinite(max), fused = attn_cpu_fuses();
    for (size_t c0 = 0; c0 < live; c0 += ATTN_CHUNK) {
        size_t end = live - c0 < ATTN_CHUNK ? live : c0 + ATTN_CHUNK;
        float acc[ATTN_LANES] = { 0 };
        if (finite) {
            /* a constant in each call, so that each inlined copy is
             * specialized */
            if (fused)
                attn_exp_chunk(w, c0, end, max, acc, true);
            else
                attn_exp_chunk(w, c0, end, max, acc, false);
        } else {
            /* max = +inf: the infinite scores share the row (inf - inf
             * would be NaN); max = -inf: every score is -inf, all equal */
            for (size_t c = c0, l = 0; c < end; c++, l = (l + 1) % ATTN_LANES) {
                w[c] = w[c] == max ? 1.0f : 0.0f;
                acc[l] += w[c];
            }
        }
        for (size_t half = ATTN_LANES / 2; half > 0; half /= 2)
            for (size_t l = 0; l < half; l++)
                acc[l] += acc[l + half];
        total += acc[0];
    }

    /* 3. scale by 1/sum: within an ulp of e / sum (the explain pane's
     * four decimals cannot tell them apart), and a division costs a
     * vector divide per 16 weights where this costs a multiply */
    float sum = (float)total, inv = 1.0f / sum;
    j = 0;
    for (; j + ATTN_LANES <= live; j += ATTN_LANES)
        for (size_t l = 0; l < ATTN_LANES; l++)
            w[j + l] = w[j + l] * inv;
    for (; j < live; j++)
        w[j] = w[j] * inv;
    *max_out = max;
    *sum_out = sum;
}

void attention_softmax_row(float *restrict w, size_t live,
                           float *restrict max, float *restrict sum)
{
    attn_softmax_row(w, live, max, sum);
}

/* row[0..live) += bias[0..live), in lanes as the softmax's sweeps are (gcc's
 * -O2 cost model vectorizes a loop of a known count only): the row's
 * biases lie in one run of the table, both sides of the diagonal. */
static void attn_add_bias(float *restrict row, const float *restrict bias, size_t live)
{
    size_t j = 0;
    for (; j + ATTN_LANES <= live; j += ATTN_LANES)
        for (size_t l = 0; l < ATTN_LANES; l++)
            row[j + l] += bias[j + l];
    for (; j < live; j++)
        row[j] += bias[j];
}

/* weights: [n][n], block rows i0 .. i0+rows-1; out, v: [n][stride] */
void attention_block(const struct attention_head *h, size_t i0, size_t rows)
{
    size_t n = h->n;
    size_t cols = attention_block_cols(n, i0, rows, h->causal);
    float *w = h->weights + i0 * n;

    /* 1. w[rows][cols] = q[i0..] . k[0..cols)^T (/ sqrt(d_k)) */
    attention_scores(w, n, h, i0, rows, 0, cols);

    /* 2. each row's softmax over the keys it sees (their scores plus the
     * bias, if any); the rest get 0 */
    for (size_t r = 0; r < rows; r++) {
        size_t i = i0 + r;
        size_t live = h->causal ? i + 1 : n;
        float *row = w + r * n;
        if (h->bias)
            attn_add_bias(row, h->bias + (n - 1 - i), live);
        attn_softmax_row(row, live, &h->row_max[i], &h->row_sum[i]);
        memset(row + live, 0, (n - live) * sizeof *row);
    }

    /* 3. out[rows][d_k] = w[rows][cols] . v[cols][d_k] */
    gemm(h->out + i0 * h->stride, h->stride, w, n, h->v, h->stride,
         rows, h->d_k, cols, false, 1.0f);
}
