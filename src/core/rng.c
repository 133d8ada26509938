/* rng.c - stateless pseudo-random numbers (see rng.h).
 *
 * The exact definition, so that any implementation can reproduce the bits:
 *
 *   mix(z)    = splitmix64 finaliser:
 *                 z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
 *                 z = (z ^ (z >> 27)) * 0x94D049BB133111EB
 *                 z =  z ^ (z >> 31)                      (all mod 2^64)
 *   hash(key) = FNV-1a 64 of the key bytes (offset 0xCBF29CE484222325,
 *               prime 0x100000001B3)
 *   z         = mix(seed ^ mix(key_hash ^ (domain * 0x9E3779B97F4A7C15))
 *                    ^ mix(index + 0x632BE59BD9B4E019))
 *   bits      = z >> 40                                    (24 bits)
 *   value     = (bits - 2^23) / 2^23                       in [-1, 1)
 *
 * The domain is multiplied by an odd constant so that small domain numbers
 * land far apart; the index gets an offset so that index 0 does not feed
 * mix(0) = 0. The value is an integer over a power of two with at most 24
 * significant bits, so it is exact in float32. */
#include "attnviz/rng.h"

#include <string.h>

static uint64_t rng_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

uint64_t rng_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0xCBF29CE484222325u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001B3u;
    }
    return h;
}

/* seed ^ mix(key_hash ^ domain * C): the part of z without the index */
static uint64_t rng_base(uint64_t seed, enum rng_domain domain, uint64_t key_hash)
{
    return seed ^ rng_mix(key_hash ^ ((uint64_t)domain * 0x9E3779B97F4A7C15u));
}

static float rng_value(uint64_t base, uint64_t index)
{
    uint64_t z = rng_mix(base ^ rng_mix(index + 0x632BE59BD9B4E019u));
    int32_t bits = (int32_t)(z >> 40);
    return (float)(bits - 8388608) / 8388608.0f;
}

float rng_uniform(uint64_t seed, enum rng_domain domain, uint64_t key_hash,
                  uint64_t index)
{
    return rng_value(rng_base(seed, domain, key_hash), index);
}

/* Eight values at a time: W_Q, W_K and W_V are 3·d² of them for every new
 * d_model, and the 64-bit multiplies of the mix are what they cost. The
 * same integer steps in eight lanes, so the same bits as rng_value. On
 * x86-64 the clones use AVX-512's 64-bit multiply (vpmullq) or AVX2. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__)
#define RNG_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define RNG_CLONES
#endif

typedef uint64_t rng_u64x8 __attribute__((vector_size(64)));
typedef int32_t rng_i32x8 __attribute__((vector_size(32)));
typedef float rng_f32x8 __attribute__((vector_size(32)));

/* rng_mix in place (a macro: a function of 64-byte vectors would change
 * its calling convention with the clone's target) */
#define RNG_MIX8(z)                                   \
    ((z) = ((z) ^ ((z) >> 30)) * 0xBF58476D1CE4E5B9u, \
     (z) = ((z) ^ ((z) >> 27)) * 0x94D049BB133111EBu, (z) ^= (z) >> 31)

/* (static: clang makes the clones of a file's own functions only) */
RNG_CLONES
static void rng_fill(float *restrict out, size_t count, uint64_t base, uint64_t first)
{
    const rng_u64x8 lane = { 0, 1, 2, 3, 4, 5, 6, 7 };
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        rng_u64x8 z = lane + (first + i + 0x632BE59BD9B4E019u);
        RNG_MIX8(z);
        z ^= base;
        RNG_MIX8(z);
        rng_i32x8 bits = __builtin_convertvector(z >> 40, rng_i32x8);
        rng_f32x8 v = __builtin_convertvector(bits - 8388608, rng_f32x8) / 8388608.0f;
        memcpy(out + i, &v, sizeof v);
    }
    for (; i < count; i++)
        out[i] = rng_value(base, first + i);
}

void rng_uniform_fill(float *out, size_t count, uint64_t seed, enum rng_domain domain,
                      uint64_t key_hash, uint64_t first)
{
    rng_fill(out, count, rng_base(seed, domain, key_hash), first);
}
