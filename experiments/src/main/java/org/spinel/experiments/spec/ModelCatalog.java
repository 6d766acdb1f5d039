package org.spinel.experiments.spec;

import java.util.List;

import org.spinel.neurons.ChialvoNeuron;
import org.spinel.neurons.DiscreteLifNeuron;
import org.spinel.neurons.LifConductanceNeuron;
import org.spinel.neurons.LifCurrentNeuron;
import org.spinel.neurons.NalsmLifNeuron;
import org.spinel.neurons.NeuronModel;

/**
 * The neuron models an experiment can name in {@code populations[i].model.type}, each read field by field into its
 * Java builder (defaults are the builder's: read from the default model, never repeated here).
 */
public final class ModelCatalog {
    /** Model type names. */
    public static final List<String> TYPES = List.of("lif-cuba", "lif-coba", "lif-discrete", "chialvo", "lif-nalsm");
    private static final double POS = Double.MIN_VALUE, INF = Double.POSITIVE_INFINITY, NEG = Double.NEGATIVE_INFINITY;

    private ModelCatalog() {
    }

    /** A dimensionless scalar parameter, or its default when the field holds a per-neuron array. */
    private static double scalar(Obj o, String field, double def) {
        return o.raw(field).isArray() ? def : o.quantity(field, Dimension.DIMENSIONLESS, def, NEG, INF);
    }

    /** A per-neuron array of finite numbers in {@code field}, or null when the field is not an array. */
    private static double[] perNeuron(Obj o, String field, Problems problems) {
        var node = o.raw(field);
        if (!node.isArray()) {
            return null;
        }
        o.allow(field);
        double[] v = new double[node.size()];
        boolean ok = node.size() > 0;
        if (!ok) {
            problems.add(o.at(field), node, "a number or a non-empty array with one number per neuron");
        }
        for (int i = 0; i < v.length; i++) {
            var e = node.get(i);
            if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                problems.add(o.at(field) + "/" + i, e, "a finite number");
                ok = false;
            } else {
                v[i] = e.asDouble();
            }
        }
        if (ok) {
            o.resolved().set(field, node.deepCopy());
        }
        return ok ? v : null;
    }

    /** Reads {@code model} ({"type": ..., parameters...}); null after a problem. */
    public static NeuronModel read(Obj o, Problems problems) {
        String type = o.string("type", null, TYPES.toArray(String[]::new));
        if (type == null) {
            o.allow("tauM", "tauE", "tauI", "vRest", "vThreshold", "vReset", "tRef", "cm", "gL", "eL", "eE", "eI", "a", "b",
                    "c", "k0", "threshold", "x0", "y0", "tauV", "tauU", "tauMem", "tauSyn", "reset", "spiking",
                    "spikeAtThreshold");
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
                case "lif-nalsm" -> {
                    NalsmLifNeuron d = NalsmLifNeuron.nalsm();
                    yield NalsmLifNeuron.builder()
                            .tauV(o.quantity("tauV", Dimension.TIME, d.tauV(), POS, INF))
                            .tauU(o.quantity("tauU", Dimension.TIME, d.tauU(), POS, INF))
                            .vThreshold(o.quantity("vThreshold", Dimension.DIMENSIONLESS, d.vThreshold(), NEG, INF))
                            .vReset(o.quantity("vReset", Dimension.DIMENSIONLESS, d.vReset(), NEG, INF))
                            .tRef(o.quantity("tRef", Dimension.TIME, d.tRef(), 0, INF))
                            .build();
                }
                case "lif-discrete" -> {
                    DiscreteLifNeuron d = DiscreteLifNeuron.builder().build();
                    String reset = o.string("reset", d.reset().name().toLowerCase(java.util.Locale.ROOT), "zero",
                            "subtract");
                    yield DiscreteLifNeuron.builder()
                            .tauMem(o.quantity("tauMem", Dimension.TIME, d.tauMem(), POS, INF))
                            .tauSyn(o.quantity("tauSyn", Dimension.TIME, d.tauSyn(), POS, INF))
                            .threshold(o.quantity("threshold", Dimension.DIMENSIONLESS, d.threshold(), NEG, INF))
                            .reset("subtract".equals(reset) ? DiscreteLifNeuron.Reset.SUBTRACT : DiscreteLifNeuron.Reset.ZERO)
                            .spiking(o.bool("spiking", d.spiking()))
                            .spikeAtThreshold(o.bool("spikeAtThreshold", d.spikeAtThreshold()))
                            .build();
                }
                default -> {
                    ChialvoNeuron d = ChialvoNeuron.builder().build();
                    ChialvoNeuron.Builder cb = ChialvoNeuron.builder();
                    for (String f : ChialvoNeuron.PER_NEURON) {
                        double[] v = perNeuron(o, f, problems);
                        if (v != null) {
                            cb.perNeuron(f, v);
                        }
                    }
                    yield cb
                            .a(scalar(o, "a", d.a()))
                            .b(scalar(o, "b", d.b()))
                            .c(scalar(o, "c", d.c()))
                            .k0(scalar(o, "k0", d.k0()))
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
