package org.spinel.plasticity.sg;

/** Loss on the readout layer's membrane potentials U_t (t = 0..T−1, U_0 = 0, as SpyTorch records them). */
public enum Loss {
    /** Cross-entropy of softmax(max_t U_t) (SpyTorch). */
    MAX_OVER_TIME_CE,
    /** Cross-entropy of softmax(mean_t U_t). */
    MEAN_OVER_TIME_CE,
    /** Mean over t and units of (U_t − y_t)²/2 against a target trace y. */
    MSE_TRACE
}
