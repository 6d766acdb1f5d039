package org.spinel.networks.conformance;

/** The conformance suite on the Java reference backend. */
class JavaConformanceTest extends BackendConformance {
    @Override
    protected String backendName() {
        return "java";
    }
}
