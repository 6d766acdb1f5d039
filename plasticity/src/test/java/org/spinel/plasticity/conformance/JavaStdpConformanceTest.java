package org.spinel.plasticity.conformance;

/** The plasticity conformance suite on the Java backend. */
class JavaStdpConformanceTest extends StdpConformance {
    @Override
    protected String backendName() {
        return "java";
    }
}
