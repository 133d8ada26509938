/* posenc.c - positional encodings (see posenc.h): the additive kinds write
 * pe[n][d]; RoPE's rotation of q and k and ALiBi's slopes are here too, the
 * model applies them in its passes 4 and 5. */
#include "attnviz/posenc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/rng.h"
#include "attnviz/vecstore.h"

const char *const pe_kind_names[PE_COUNT + 1] = {
    [PE_NONE] = "none", [PE_SINUSOIDAL] = "sinusoidal",
    [PE_LEARNED] = "learned", [PE_TABLE] = "table", [PE_ROPE] = "rope",
    [PE_ALIBI] = "alibi", [PE_COUNT] = NULL,
};

const char *pe_kind_name(enum pe_kind k)
{
    if ((unsigned)k >= PE_COUNT)
        return "?";
    return pe_kind_names[k];
}

/* The tables below fill rows first .. first+n-1 into pe[n][d], so that the
 * model can fill a table in row blocks on several threads. */

static void posenc_sinusoidal_rows(float *pe, size_t first, size_t n, size_t d)
{
    /* Column-major walk: one pow() per pair of components, not per cell. */
    for (size_t c = 0; c < d; c += 2) {
        double denom = pow(10000.0, (double)c / (double)d);
        for (size_t r = 0; r < n; r++) {
            double angle = (double)(first + r) / denom;
            pe[r * d + c] = (float)sin(angle);
            if (c + 1 < d)
                pe[r * d + c + 1] = (float)cos(angle);
        }
    }
}

void posenc_sinusoidal(float *pe, size_t n, size_t d)
{
    posenc_sinusoidal_rows(pe, 0, n, d);
}

static void posenc_learned_rows(float *pe, size_t first, size_t n, size_t d,
                                uint64_t seed)
{
    for (size_t r = 0; r < n; r++) {
        size_t pos = first + r;
        /* The key is the position as 8 little-endian bytes, composed by hand
         * so the table is the same on every machine. */
        unsigned char key[8];
        for (int b = 0; b < 8; b++)
            key[b] = (unsigned char)((uint64_t)pos >> (8 * b));
        uint64_t h = rng_hash_bytes(key, sizeof key);
        float *row = pe + r * d;
        rng_uniform_fill(row, d, seed, RNG_PE_LEARNED, h, 0);
        for (size_t c = 0; c < d; c++)
            row[c] *= 0.5f;
    }
}

void posenc_learned(float *pe, size_t n, size_t d, uint64_t seed)
{
    posenc_learned_rows(pe, 0, n, d, seed);
}

static void posenc_table_rows(float *pe, size_t first, size_t n, size_t d,
                              const struct vecstore *rows)
{
    for (size_t r = 0; r < n; r++) {
        float *row = pe + r * d;
        char key[24];
        snprintf(key, sizeof key, "%zu", first + r);
        size_t set = vecstore_copy_prefix(rows, key, row, d);
        memset(row + set, 0, (d - set) * sizeof *row);
    }
}

void posenc_table(float *pe, size_t n, size_t d, const struct vecstore *rows)
{
    posenc_table_rows(pe, 0, n, d, rows);
}

void posenc_fill(float *pe, size_t n, size_t d, enum pe_kind kind,
                 uint64_t seed, const struct vecstore *rows)
{
    posenc_fill_rows(pe, 0, n, d, kind, seed, rows);
}

void posenc_fill_rows(float *pe, size_t first, size_t n, size_t d,
                      enum pe_kind kind, uint64_t seed, const struct vecstore *rows)
{
    switch (kind) {
    case PE_SINUSOIDAL: posenc_sinusoidal_rows(pe, first, n, d); break;
    case PE_LEARNED:    posenc_learned_rows(pe, first, n, d, seed); break;
    case PE_TABLE:      posenc_table_rows(pe, first, n, d, rows); break;
    case PE_NONE:
    case PE_ROPE:      /* rope and alibi add nothing to x: they act on */
    case PE_ALIBI:     /* q, k and on the scores instead */
    default:
        memset(pe, 0, n * d * sizeof *pe);
        break;
    }
}

/* ---- RoPE ------------------------------------------------------------ */

double posenc_rope_theta(size_t i, size_t d_k)
{
    return pow(10000.0, -(double)(2 * i) / (double)d_k);
}

double posenc_rope_angle(size_t pos, size_t i, size_t d_k)
{
    return (double)pos * posenc_rope_theta(i, d_k);
}

/* (p[0], p[1]) rotated by the angle whose cosine and sine are c and s. */
static void posenc_rotate(float *p, double c, double s)
{
    double a = p[0], b = p[1];
    p[0] = (float)(a * c - b * s);
    p[1] = (float)(a * s + b * c);
}

/* q, k: [rows][d], head t on columns t*d_k .. (t+1)*d_k-1. The pair loop is
 * the outer one so that theta_i (a pow) is computed once a call, and each
 * angle's sine and cosine once for every head and for q and k alike: all
 * heads have the same d_k, so the same angles. The angle is computed as
 * posenc_rope_angle computes it, so the two agree to the bit. */
void posenc_rope(float *q, float *k, size_t first, size_t rows, size_t d, size_t d_k)
{
    if (d_k < 2)
        return;
    size_t heads = d / d_k;
    for (size_t i = 0; i < d_k / 2; i++) {
        double theta = posenc_rope_theta(i, d_k);
        for (size_t r = 0; r < rows; r++) {
            double angle = (double)(first + r) * theta;
            double c = cos(angle), s = sin(angle);
            for (size_t t = 0; t < heads; t++) {
                size_t col = r * d + t * d_k + 2 * i;
                posenc_rotate(q + col, c, s);
                if (k)
                    posenc_rotate(k + col, c, s);
            }
        }
    }
}

/* ---- ALiBi ----------------------------------------------------------- */

/* The paper's get_slopes: for a power of two H, start = 2^(-8/H) and slope t
 * = start^(t+1); otherwise those of P = the largest power of two <= H, then
 * get_slopes(2P)[0::2] for the rest. exp2 of the exponent, not a product of
 * powers, so that every power-of-two slope is exact. */
double posenc_alibi_slope(size_t head, size_t heads)
{
    size_t p = 1;
    while (p <= heads / 2)
        p *= 2;
    if (head < p)
        return exp2(-8.0 * (double)(head + 1) / (double)p);
    return exp2(-8.0 * (double)(2 * (head - p) + 1) / (double)(2 * p));
}

float posenc_alibi_bias(double slope, size_t distance)
{
    return (float)(-slope * (double)distance);
}
