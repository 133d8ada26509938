/* bench/vectors.c - make bench's measurement of word-vector files: how
 * long :vectors takes to read one the size of GloVe's 400,000 words of 100
 * dimensions, and how much memory the table holds against the vectors.
 *
 *   vectors make FILE WORDS DIM   writes a file in GloVe's format: words of
 *                                 4 to 11 letters (the first 4 unique), each
 *                                 number uniform in [-1, 1) with 6 decimals,
 *                                 from the seeded generator (the same bytes
 *                                 every time)
 *   vectors load FILE             reads it through vectors_load, printing
 *     load_s=S words=N dim=D vectors_mib=V table_mib=T rss_before_mib=B peak_rss_mib=P
 *
 * vectors_mib is count * dim * 4 bytes; table_mib what the table holds
 * (vectable_bytes); peak_rss_mib the process's peak resident memory, of
 * which rss_before_mib was there before the load. Figures only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "attnviz/rng.h"
#include "attnviz/vectable.h"
#include "attnviz/vectors.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double mib(double bytes)
{
    return bytes / (1024.0 * 1024.0);
}

/* The resident memory now, from /proc/self/statm (pages). */
static double rss_now_mib(void)
{
    unsigned long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu %lu", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return mib((double)resident * 4096.0);
}

static int make_file(const char *path, size_t words, size_t dim)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    /* printf would take most of the time: the digits are written by hand */
    char *line = malloc(16 + dim * 10);
    for (size_t i = 0; i < words; i++) {
        char *p = line;
        for (size_t k = 0, x = i; k < 4; k++, x /= 26)
            *p++ = (char)('a' + x % 26);
        size_t extra = (size_t)((rng_uniform(1, 1, i, 0) + 1.0f) * 4.0f);
        for (size_t k = 0; k < extra; k++)
            *p++ = (char)('a' + (int)((rng_uniform(1, 2, i, k) + 1.0f) * 13.0f) % 26);
        for (size_t c = 0; c < dim; c++) {
            long v = (long)(rng_uniform(1, 3, i, c) * 1e6f);
            *p++ = ' ';
            if (v < 0) {
                *p++ = '-';
                v = -v;
            }
            p += sprintf(p, "%ld.", v / 1000000);
            for (long d = 100000, r = v % 1000000; d > 0; d /= 10)
                *p++ = (char)('0' + r / d % 10);
        }
        *p++ = '\n';
        fwrite(line, 1, (size_t)(p - line), f);
    }
    free(line);
    if (fclose(f) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}

static void report(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s\n", msg);
}

static int load_file(const char *path)
{
    double before = rss_now_mib();
    struct vectors_result r;
    char err[1024];
    double t0 = now();
    if (vectors_load(path, report, NULL, &r, err, sizeof err) != 0) {
        fprintf(stderr, "vectors: %s\n", err);
        return 1;
    }
    double t = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    size_t n = vectable_count(r.table), d = vectable_dim(r.table);
    printf("load_s=%.3f words=%zu dim=%zu vectors_mib=%.1f table_mib=%.1f rss_before_mib=%.1f "
           "peak_rss_mib=%.1f\n", t, n, d, mib((double)n * (double)d * sizeof(float)),
           mib((double)vectable_bytes(r.table)), before, (double)ru.ru_maxrss / 1024.0);
    vectable_free(r.table);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "make") == 0)
        return make_file(argv[2], strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10));
    if (argc == 3 && strcmp(argv[1], "load") == 0)
        return load_file(argv[2]);
    fprintf(stderr, "usage: vectors make FILE WORDS DIM | vectors load FILE\n");
    return 2;
}
