/* gemm.c - cblas_sgemm on the calling thread (see gemm.h). */
#include "attnviz/gemm.h"

#include <cblas.h>
#include <pthread.h>

static pthread_once_t gemm_once = PTHREAD_ONCE_INIT;

/* OpenBLAS would otherwise split a large product over threads of its own,
 * which then compete with the pool's workers for the same cores (and spin
 * for a while after each call before they sleep). */
static void gemm_serial(void)
{
    openblas_set_num_threads(1);
}

void gemm(float *c, size_t ldc, const float *a, size_t lda,
          const float *b, size_t ldb, size_t m, size_t n, size_t k,
          bool b_transposed, float alpha)
{
    pthread_once(&gemm_once, gemm_serial);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, b_transposed ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, alpha, a, (int)lda, b, (int)ldb,
                0.0f, c, (int)ldc);
}
