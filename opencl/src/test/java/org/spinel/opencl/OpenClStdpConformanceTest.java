package org.spinel.opencl;

import org.spinel.plasticity.conformance.StdpConformance;

/** The plasticity conformance suite on the OpenCL backend. */
class OpenClStdpConformanceTest extends StdpConformance {
    @Override
    protected String backendName() {
        return "opencl";
    }
}
