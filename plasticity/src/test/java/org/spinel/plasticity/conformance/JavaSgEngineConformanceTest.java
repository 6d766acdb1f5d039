package org.spinel.plasticity.conformance;

/** The surrogate-gradient export suite on the Java reference backend: spikes and readout bit-identical. */
class JavaSgEngineConformanceTest extends SgEngineConformance {
    @Override
    protected String backendName() {
        return "java";
    }
}
