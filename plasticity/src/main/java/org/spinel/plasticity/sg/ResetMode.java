package org.spinel.plasticity.sg;

/** How a spiking layer resets after a spike. */
public enum ResetMode {
    /** U ← (βU + I)(1 − S): reset to zero (SpyTorch). */
    ZERO,
    /** U ← βU + I − ϑS: reset by subtraction (snnTorch's default). */
    SUBTRACT
}
