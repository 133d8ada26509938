/* rng.h - deterministic, stateless pseudo-random numbers.
 *
 * Every "random" number in attnviz is a pure function of (seed, domain, key,
 * index): no generator state, so values do not depend on evaluation order and
 * growing a dimension keeps every old component (prefix stability).
 * The functions are defined exactly (splitmix64 finaliser over an FNV-1a hash
 * of the key; the formula is in rng.c) so every machine produces the same
 * bits. */
#ifndef ATTNVIZ_RNG_H
#define ATTNVIZ_RNG_H

#include <stddef.h>
#include <stdint.h>

/* Domains keep the different tables independent of one another. */
enum rng_domain {
    RNG_EMBEDDING = 1,   /* key = token text, index = component */
    RNG_PE_LEARNED = 2,  /* key = position (8 bytes LE), index = component */
    RNG_W_Q = 3,         /* key_hash = 0, index = row * d_model + col */
    RNG_W_K = 4,
    RNG_W_V = 5,
};

/* 64-bit FNV-1a hash of len bytes. */
uint64_t rng_hash_bytes(const void *data, size_t len);

/* A uniform float in [-1, 1) with 24 bits of precision (exactly representable
 * in float32), from (seed, domain, hash of key, index). */
float rng_uniform(uint64_t seed, enum rng_domain domain, uint64_t key_hash,
                  uint64_t index);

/* out[i] = rng_uniform(seed, domain, key_hash, first + i) for i < count,
 * bit for bit; faster, since the part of the formula that does not depend
 * on the index is worked out once. */
void rng_uniform_fill(float *out, size_t count, uint64_t seed, enum rng_domain domain,
                      uint64_t key_hash, uint64_t first);

#endif
