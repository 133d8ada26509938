/* attention.c - scaled dot-product attention for one head (see attention.h).
 * Sums are taken in double and stored as float, so the float32 arrays agree
 * with a float64 reference far inside 1e-5. */
#include "attnviz/attention.h"

#include <math.h>

#include "attnviz/proj.h"

/* a[0..len) . b[0..len) in double. Four partial sums: a single running sum
 * would make every add wait for the one before it. */
static double attention_dot(const float *a, const float *b, size_t len)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t c = 0;
    for (; c + 4 <= len; c += 4) {
        s0 += (double)a[c] * b[c];
        s1 += (double)a[c + 1] * b[c + 1];
        s2 += (double)a[c + 2] * b[c + 2];
        s3 += (double)a[c + 3] * b[c + 3];
    }
    for (; c < len; c++)
        s0 += (double)a[c] * b[c];
    return (s0 + s1) + (s2 + s3);
}

/* scores[n][n]; q, k: [n][stride], head columns 0 .. d_k-1 */
void attention_scores(float *scores, const float *q, const float *k,
                      size_t n, size_t d_k, size_t stride, bool scale)
{
    double div = scale ? sqrt((double)d_k) : 1.0;
    for (size_t i = 0; i < n; i++) {
        const float *qi = q + i * stride;
        for (size_t j = 0; j < n; j++) {
            double dot = attention_dot(qi, k + j * stride, d_k);
            scores[i * n + j] = (float)(dot / div);
        }
    }
}

/* weights[n][n], scores[n][n] */
void attention_softmax(float *weights, const float *scores, size_t n, bool causal)
{
    for (size_t i = 0; i < n; i++) {
        const float *s = scores + i * n;
        float *w = weights + i * n;
        size_t live = causal ? i + 1 : n;    /* j < live takes part */
        float max = s[0];
        for (size_t j = 1; j < live; j++)
            if (s[j] > max)
                max = s[j];
        /* w holds exp(s - max) until the sum is known. Testing s == max
         * first keeps an infinite max from turning into inf - inf = NaN. */
        double sum = 0.0;
        for (size_t j = 0; j < live; j++) {
            double e = s[j] == max ? 1.0 : exp((double)s[j] - max);
            w[j] = (float)e;
            sum += e;
        }
        for (size_t j = 0; j < live; j++)
            w[j] = (float)(w[j] / sum);
        for (size_t j = live; j < n; j++)
            w[j] = 0.0f;
    }
}

/* out: [n][stride], weights[n][n], v: [n][stride]; head columns 0 .. d_k-1 */
void attention_apply(float *out, const float *weights, const float *v,
                     size_t n, size_t d_k, size_t stride)
{
    for (size_t i = 0; i < n; i++)
        proj_vecmat(out + i * stride, weights + i * n, v, n, d_k, stride);
}
