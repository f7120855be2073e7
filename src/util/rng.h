/*
 * rng.h - memsim's deterministic pseudo-random number generator (header-only).
 *
 * Generator: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
 * number generators", 2018), period 2^256 - 1, seeded by expanding a 64-bit
 * seed through splitmix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", 2014) as the xoshiro authors recommend:
 * splitmix64 never yields the all-zero state xoshiro must avoid, and nearby
 * seeds (1, 2, 3 ...) give unrelated streams.
 *
 * Invariants: all state is in the caller's memsim__rng value (no globals), so
 * any number of generators run side by side; the same seed gives the same
 * sequence on every platform (only 64-bit integer arithmetic, and doubles
 * built from exactly 53 bits, which IEEE 754 represents exactly).
 *
 * memsim__rng_below() is Lemire's multiply-and-reject method ("Fast random
 * integer generation in an interval", ACM TOMACS 2019): unbiased, and for
 * the common case one multiplication and no division.
 */
#ifndef MEMSIM_UTIL_RNG_H
#define MEMSIM_UTIL_RNG_H

#include <stdint.h>

typedef struct memsim__rng {
    uint64_t s[4];
} memsim__rng;

/** One splitmix64 step: advances *state and @return the next output. */
static inline uint64_t memsim__rng_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/** Seeds @p r from @p seed (any value, including 0). */
static inline void memsim__rng_seed(memsim__rng *r, uint64_t seed)
{
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = memsim__rng_splitmix64(&sm);
}

static inline uint64_t memsim__rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/** @return the next 64 uniformly distributed bits. */
static inline uint64_t memsim__rng_next(memsim__rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = memsim__rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = memsim__rng_rotl(s[3], 45);
    return result;
}

/* Full 64x64 -> 128-bit product, high half in *hi, low half returned.
 * Uses the compiler's 128-bit type where it exists, else four 32-bit
 * partial products (same result, so the sequence is platform-independent). */
static inline uint64_t memsim__rng_mul128(uint64_t a, uint64_t b, uint64_t *hi)
{
#if defined(__SIZEOF_INT128__)
    __extension__ typedef unsigned __int128 memsim__u128;
    memsim__u128 m = (memsim__u128)a * b;
    *hi = (uint64_t)(m >> 64);
    return (uint64_t)m;
#else
    uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return (mid << 32) | (ll & 0xffffffffu);
#endif
}

/** @return a uniform integer in [0, n) without modulo bias; 0 when n is 0. */
static inline uint64_t memsim__rng_below(memsim__rng *r, uint64_t n)
{
    uint64_t hi;
    uint64_t lo;
    if (n == 0) return 0;
    lo = memsim__rng_mul128(memsim__rng_next(r), n, &hi);
    if (lo < n) {
        /* (2^64 - n) mod n: the size of the biased sliver to reject. */
        uint64_t threshold = (0 - n) % n;
        while (lo < threshold)
            lo = memsim__rng_mul128(memsim__rng_next(r), n, &hi);
    }
    return hi;
}

/** @return a uniform double in [0, 1) with 53 random bits. */
static inline double memsim__rng_double(memsim__rng *r)
{
    return (double)(memsim__rng_next(r) >> 11) * 0x1.0p-53;
}

#endif /* MEMSIM_UTIL_RNG_H */
