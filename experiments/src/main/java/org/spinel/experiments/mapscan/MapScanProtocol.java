package org.spinel.experiments.mapscan;

import java.io.IOException;

import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.RunContext;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.MapScanReader;
import org.spinel.experiments.spec.MapScanSpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code map-scan} protocol ({@link MapScanRunner}; settings read by {@link MapScanReader}). {@code --quick}
 * caps the iterations, transient, points per axis, initial conditions and basin grid ({@link MapScanRunner#quick}).
 */
public final class MapScanProtocol implements Protocol<MapScanSpec> {
    @Override
    public String name() {
        return "map-scan";
    }

    @Override
    public MapScanSpec read(ProtocolInput in) {
        return MapScanReader.read(in.protocol(), in.document(), in.models(), in.sizes(), in.problems());
    }

    @Override
    public MapScanSpec quick(MapScanSpec settings) {
        return MapScanRunner.quick(settings);
    }

    @Override
    public Outcome run(Experiment e, MapScanSpec settings, RunContext run) throws IOException {
        return MapScanRunner.run(e, settings, run);
    }

    @Override
    public String summary(ObjectNode metrics) {
        return metrics.path("orbits").asLong() + " orbits in " + String.format("%.3f", metrics.path("run_s").asDouble())
                + " s; regimes " + metrics.path("regimes");
    }
}
