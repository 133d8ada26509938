/* posenc.h - positional encodings, positions counted from 0.
 *
 * All write pe[n][d] (row-major). */
#ifndef ATTNVIZ_POSENC_H
#define ATTNVIZ_POSENC_H

#include <stddef.h>
#include <stdint.h>

struct vecstore;

enum pe_kind { PE_NONE = 0, PE_SINUSOIDAL, PE_LEARNED, PE_TABLE, PE_COUNT };

/* "none", "sinusoidal", "learned", "table" (the session language's words),
 * in enum order, NULL-terminated. */
extern const char *const pe_kind_names[PE_COUNT + 1];
const char *pe_kind_name(enum pe_kind k);

/* pe[pos][2i] = sin(pos / 10000^(2i/d)), pe[pos][2i+1] = cos(same); an odd
 * last component is a sine. Computed in double, stored as float. */
void posenc_sinusoidal(float *pe, size_t n, size_t d);
/* A seeded table: rng_uniform(seed, RNG_PE_LEARNED, key, c) * 0.5, where key
 * = rng_hash_bytes of pos as 8 little-endian bytes. */
void posenc_learned(float *pe, size_t n, size_t d, uint64_t seed);
/* Rows set with :pe-row (keyed by decimal position, see vecstore.h); every
 * component not set is 0. rows may be NULL. */
void posenc_table(float *pe, size_t n, size_t d, const struct vecstore *rows);
/* Dispatches on kind; PE_NONE writes zeros. */
void posenc_fill(float *pe, size_t n, size_t d, enum pe_kind kind,
                 uint64_t seed, const struct vecstore *rows);
/* The same table's rows first .. first+n-1 into pe[n][d] (the model fills
 * a table in row blocks, on several threads). */
void posenc_fill_rows(float *pe, size_t first, size_t n, size_t d,
                      enum pe_kind kind, uint64_t seed, const struct vecstore *rows);

#endif
