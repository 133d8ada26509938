/* posenc.c - positional encodings (see posenc.h). All write pe[n][d]. */
#include "attnviz/posenc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "attnviz/rng.h"
#include "attnviz/vecstore.h"

const char *const pe_kind_names[PE_COUNT + 1] = {
    [PE_NONE] = "none", [PE_SINUSOIDAL] = "sinusoidal",
    [PE_LEARNED] = "learned", [PE_TABLE] = "table", [PE_COUNT] = NULL,
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
    default:
        memset(pe, 0, n * d * sizeof *pe);
        break;
    }
}
