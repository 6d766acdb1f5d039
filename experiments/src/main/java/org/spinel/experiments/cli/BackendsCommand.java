package org.spinel.experiments.cli;

import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Backends;

import picocli.CommandLine.Command;

/** {@code spinel backends}: what can run here and why not. */
@Command(name = "backends", mixinStandardHelpOptions = true, description = "List backends, whether they are available (and why not) and their devices "
        + "(choose an OpenCL device with SPINEL_OPENCL_DEVICE=<index>).")
public final class BackendsCommand implements Runnable {
    @Override
    public void run() {
        for (Backend b : Backends.all()) {
            Backend.Availability a = b.availability();
            System.out.println(b.name() + ": " + (a.available() ? "available" : "not available") + " - " + a.reason());
            for (String d : b.devices()) {
                System.out.println("    " + d);
            }
        }
    }
}
