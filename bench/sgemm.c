/* sgemm.c - the rate of OpenBLAS's own sgemm on every core, for the
 * benchmark's floor (bench/run.py): the best of a few 2048^3 products, as
 * GFLOP/s. OpenBLAS picks its thread count itself (all online CPUs unless
 * OPENBLAS_NUM_THREADS says otherwise).
 *   sgemm   prints: sgemm_gflops=G threads=T core=NAME */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { SIZE = 2048, TRIES = 7 };

static double sgemm_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void)
{
    size_t count = (size_t)SIZE * SIZE;
    float *a = malloc(count * sizeof *a), *b = malloc(count * sizeof *b),
          *c = malloc(count * sizeof *c);
    if (!a || !b || !c) {
        perror("sgemm");
        return 1;
    }
    for (size_t i = 0; i < count; i++) {
        a[i] = (float)(i % 1000) / 1000.0f - 0.5f;
        b[i] = (float)(i % 997) / 997.0f - 0.5f;
    }
    double best = 1e30;
    for (int t = 0; t < TRIES; t++) {
        double t0 = sgemm_now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, SIZE, SIZE, SIZE,
                    1.0f, a, SIZE, b, SIZE, 0.0f, c, SIZE);
        double dt = sgemm_now() - t0;
        best = dt < best ? dt : best;
    }
    printf("sgemm_gflops=%.1f threads=%d core=%s\n",
           2.0 * SIZE * SIZE * (double)SIZE / best / 1e9, openblas_get_num_threads(),
           openblas_get_corename());
    free(a);
    free(b);
    free(c);
    return 0;
}
