package org.spinel.experiments.spec;

import java.util.List;

import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.LifConductanceNeuron;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.NeuronModel;

/**
 * The neuron models an experiment can name in {@code populations[i].model.type}, each read field by field into its
 * Java builder (defaults are the builder's: read from the default model, never repeated here).
 */
public final class ModelCatalog {
    /** Model type names. */
    public static final List<String> TYPES = List.of("lif-cuba", "lif-coba", "chialvo");
    private static final double POS = Double.MIN_VALUE, INF = Double.POSITIVE_INFINITY, NEG = Double.NEGATIVE_INFINITY;

    private ModelCatalog() {
    }

    /** Reads {@code model} ({"type": ..., parameters...}); null after a problem. */
    public static NeuronModel read(Obj o, Problems problems) {
        String type = o.string("type", null, TYPES.toArray(String[]::new));
        if (type == null) {
            o.allow("tauM", "tauE", "tauI", "vRest", "vThreshold", "vReset", "tRef", "cm", "gL", "eL", "eE", "eI", "a", "b",
                    "c", "k0", "threshold", "x0", "y0");
            return null;
        }
        int before = problems.size();
        NeuronModel m;
        try {
            m = switch (type) {
                case "lif-cuba" -> {
                    LifCurrentNeuron d = LifCurrentNeuron.cuba();
                    yield LifCurrentNeuron.builder()
                            .tauM(o.quantity("tauM", Dimension.TIME, d.tauM(), POS, INF))
                            .tauE(o.quantity("tauE", Dimension.TIME, d.tauE(), POS, INF))
                            .tauI(o.quantity("tauI", Dimension.TIME, d.tauI(), POS, INF))
                            .vRest(o.quantity("vRest", Dimension.VOLTAGE, d.vRest(), NEG, INF))
                            .vThreshold(o.quantity("vThreshold", Dimension.VOLTAGE, d.vThreshold(), NEG, INF))
                            .vReset(o.quantity("vReset", Dimension.VOLTAGE, d.vReset(), NEG, INF))
                            .tRef(o.quantity("tRef", Dimension.TIME, d.tRef(), 0, INF))
                            .cm(o.quantity("cm", Dimension.CAPACITANCE, d.cm(), POS, INF))
                            .build();
                }
                case "lif-coba" -> {
                    LifConductanceNeuron d = LifConductanceNeuron.coba();
                    yield LifConductanceNeuron.builder()
                            .gL(o.quantity("gL", Dimension.CONDUCTANCE, d.gL(), POS, INF))
                            .tauM(o.quantity("tauM", Dimension.TIME, d.tauM(), POS, INF))
                            .tauE(o.quantity("tauE", Dimension.TIME, d.tauE(), POS, INF))
                            .tauI(o.quantity("tauI", Dimension.TIME, d.tauI(), POS, INF))
                            .eL(o.quantity("eL", Dimension.VOLTAGE, d.eL(), NEG, INF))
                            .eE(o.quantity("eE", Dimension.VOLTAGE, d.eE(), NEG, INF))
                            .eI(o.quantity("eI", Dimension.VOLTAGE, d.eI(), NEG, INF))
                            .vThreshold(o.quantity("vThreshold", Dimension.VOLTAGE, d.vThreshold(), NEG, INF))
                            .vReset(o.quantity("vReset", Dimension.VOLTAGE, d.vReset(), NEG, INF))
                            .tRef(o.quantity("tRef", Dimension.TIME, d.tRef(), 0, INF))
                            .build();
                }
                default -> {
                    ChialvoNeuron d = ChialvoNeuron.builder().build();
                    yield ChialvoNeuron.builder()
                            .a(o.quantity("a", Dimension.DIMENSIONLESS, d.a(), NEG, INF))
                            .b(o.quantity("b", Dimension.DIMENSIONLESS, d.b(), NEG, INF))
                            .c(o.quantity("c", Dimension.DIMENSIONLESS, d.c(), NEG, INF))
                            .k0(o.quantity("k0", Dimension.DIMENSIONLESS, d.k0(), NEG, INF))
                            .threshold(o.quantity("threshold", Dimension.DIMENSIONLESS, d.threshold(), NEG, INF))
                            .x0(o.quantity("x0", Dimension.DIMENSIONLESS, d.initialValue(ChialvoNeuron.X), NEG, INF))
                            .y0(o.quantity("y0", Dimension.DIMENSIONLESS, d.initialValue(ChialvoNeuron.Y), NEG, INF))
                            .build();
                }
            };
        } catch (IllegalArgumentException e) {
            if (problems.size() == before) { // a cross-parameter rule of the model (e.g. vReset below vThreshold)
                problems.addText(o.pointer(), "invalid parameters", e.getMessage());
            }
            return null;
        }
        return problems.size() == before ? m : null;
    }
}
