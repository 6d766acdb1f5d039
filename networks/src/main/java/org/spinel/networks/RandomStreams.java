package org.spinel.networks;

import java.nio.charset.StandardCharsets;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Deterministic random streams derived from one root seed: each component (population initialisation, a
 * projection's connectivity, an input generator) asks for the stream of its own key, e.g.
 * {@code "projection/EE/connect"}. The stream depends only on (root seed, key), so adding a component does not
 * change the others' draws and results do not depend on the number of threads.
 *
 * <p>Keys are hashed with 64-bit FNV-1a and combined with the seed through SplitMix64's finaliser; the two
 * resulting words seed a {@link RandomSource#XO_RO_SHI_RO_128_PP} generator (Commons RNG).
 */
public final class RandomStreams {
    private final long seed;

    /** Streams for root seed {@code seed}. */
    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** The root seed. */
    public long seed() {
        return seed;
    }

    /** A fresh generator for {@code key}; two calls with the same key give identical sequences. */
    public UniformRandomProvider stream(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long s0 = mix(seed ^ mix(h));
        long s1 = mix(s0 + 0x9e3779b97f4a7c15L);
        if (s0 == 0 && s1 == 0) {
            s1 = 1;
        }
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s0, s1});
    }

    /** SplitMix64 finaliser (Steele, Lea, Flood 2014). */
    static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
