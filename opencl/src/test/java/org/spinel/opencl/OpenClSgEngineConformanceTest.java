package org.spinel.opencl;

import org.spinel.plasticity.conformance.SgEngineConformance;

/**
 * The surrogate-gradient export suite on the OpenCL backend. Its delivery sums each step's synaptic input in 64-bit
 * fixed point (2^-32 units) before adding it to I, so the readout matches within
 * {@link SgEngineConformance#READOUT_TOLERANCE} instead of to the last bit; the spike rasters must still be identical.
 */
class OpenClSgEngineConformanceTest extends SgEngineConformance {
    @Override
    protected String backendName() {
        return "opencl";
    }

    @Override
    protected boolean exactSums() {
        return false;
    }
}
