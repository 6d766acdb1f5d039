package org.spinel.opencl;

import org.spinel.networks.conformance.BackendConformance;

/** The conformance suite on the OpenCL backend (fails instead of skipping when SPINEL_REQUIRE_OPENCL=1). */
class OpenClConformanceTest extends BackendConformance {
    @Override
    protected String backendName() {
        return "opencl";
    }
}
