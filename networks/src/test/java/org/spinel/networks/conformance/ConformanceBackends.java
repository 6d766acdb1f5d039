package org.spinel.networks.conformance;

import org.junit.jupiter.api.Assumptions;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Backends;

/** Finds the backend a conformance suite runs on; skips when absent, unless CI requires it. */
public final class ConformanceBackends {
    private ConformanceBackends() {
    }

    /**
     * The backend {@code name} when it is available here. Otherwise the test is skipped, except for
     * {@code opencl} under {@code SPINEL_REQUIRE_OPENCL=1}, where it fails.
     */
    public static Backend require(String name) {
        Backend b = Backends.all().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        boolean required = "opencl".equals(name) && "1".equals(System.getenv("SPINEL_REQUIRE_OPENCL"));
        String why = b == null ? "backend " + name + " is not on the class path" : b.availability().reason();
        if (b == null || !b.availability().available()) {
            if (required) {
                throw new AssertionError("SPINEL_REQUIRE_OPENCL=1 but " + why);
            }
            Assumptions.abort(why);
        }
        return b;
    }
}
