package org.spinel.plasticity.sg;

/**
 * Loss on the last layer. The readout trace is y_t = U_{t+1}, t = 0..T−1 (the potential after each step, as
 * SpyTorch records it); the spike counts are c_k = Σ_{t<T} S_t[k] (a spiking last layer).
 */
public enum Loss {
    /** Cross-entropy of softmax(max_t y_t) (SpyTorch). */
    MAX_OVER_TIME_CE,
    /** Cross-entropy of softmax(mean_t y_t). */
    MEAN_OVER_TIME_CE,
    /** Cross-entropy of softmax(c), the output layer's spike counts (snnTorch's {@code ce_count_loss}). */
    SPIKE_COUNT_CE,
    /** Mean over t and units of (y_t − target_t)²/2 against a target trace. */
    MSE_TRACE
}
