/* gemm.h - the compute core's one matrix product.
 *
 * c[m][n] = alpha * a[m][k] . op(b), where op(b) is b[k][n] or, with
 * b_transposed, the transpose of b[n][k]; every matrix is row-major with
 * its rows ld* floats apart. One cblas_sgemm call (OpenBLAS), always on the
 * calling thread: OpenBLAS's own threads are switched off the first time,
 * because the core's pool (pool.h) shares the cores out itself.
 *
 * The same call on the same numbers gives the same bits; a row of c may
 * come out differently from a call of another shape (OpenBLAS picks
 * kernels by size), so every recomputation repeats the forward pass's call
 * exactly (see attention.h and proj.h). */
#ifndef ATTNVIZ_GEMM_H
#define ATTNVIZ_GEMM_H

#include <stdbool.h>
#include <stddef.h>

void gemm(float *c, size_t ldc, const float *a, size_t lda,
          const float *b, size_t ldb, size_t m, size_t n, size_t k,
          bool b_transposed, float alpha);

#endif
