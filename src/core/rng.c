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

void rng_uniform_fill(float *out, size_t count, uint64_t seed, enum rng_domain domain,
                      uint64_t key_hash, uint64_t first)
{
    uint64_t base = rng_base(seed, domain, key_hash);
    for (size_t i = 0; i < count; i++)
        out[i] = rng_value(base, first + i);
}
