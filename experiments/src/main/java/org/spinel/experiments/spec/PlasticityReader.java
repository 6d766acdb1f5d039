package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import org.spinel.networks.plasticity.Modulator;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.plasticity.Projector;
import org.spinel.networks.plasticity.WeightBounds;
import org.spinel.plasticity.AstrocyteModulator;
import org.spinel.plasticity.StdpRule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads {@code projections[i].plasticity}: {@code {"rule": {...}, "modulators": [...], "bounds": {...},
 * "projector": {...}, "application": ...}} into a {@link PlasticityPipeline} (rule → modulators → projector →
 * bounds). Rules: {@code stdp} ({@link StdpRule}, NALSM options included). Modulators: {@code astrocyte}
 * ({@link AstrocyteModulator}), whose feeds must name populations or sources of the experiment. Projectors: see
 * {@link ProjectorReader} (only with {@code "application": "per-trial"}).
 */
public final class PlasticityReader {
    private static final double INF = Double.POSITIVE_INFINITY, NEG = Double.NEGATIVE_INFINITY;
    /** Modulator type names. */
    public static final String[] MODULATORS = {"astrocyte"};

    private PlasticityReader() {
    }

    /**
     * @param weightDim dimension of the projection's weights (the target variable's unit)
     * @param names     the populations and sources of the experiment (what a modulator may be fed by)
     * @param nPre      size of the projection's presynaptic population or source (a projector's vector length), or
     *                  -1 if unknown
     */
    public static PlasticityPipeline read(Obj o, Dimension weightDim, Collection<String> names, int nPre,
            Problems problems) {
        int before = problems.size();
        Obj r = o.object("rule", false);
        String type = r.string("type", null, "stdp");
        StdpRule rule = null;
        if (type != null) {
            StdpRule d = StdpRule.builder().build();
            try {
                rule = StdpRule.builder()
                        .aPlus(r.quantity("aPlus", weightDim, d.aPlus(), 0, INF))
                        .aMinus(r.quantity("aMinus", weightDim, d.aMinus(), 0, INF))
                        .tauPlus(r.quantity("tauPlus", Dimension.TIME, d.tauPlus(), Double.MIN_VALUE, INF))
                        .tauMinus(r.quantity("tauMinus", Dimension.TIME, d.tauMinus(), Double.MIN_VALUE, INF))
                        .pairing("nearest".equals(r.string("pairing", "all-to-all", "all-to-all", "nearest"))
                                ? StdpRule.Pairing.NEAREST : StdpRule.Pairing.ALL_TO_ALL)
                        .weightDependence("multiplicative".equals(r.string("weightDependence", "additive", "additive",
                                "multiplicative")) ? StdpRule.WeightDependence.MULTIPLICATIVE
                                        : StdpRule.WeightDependence.ADDITIVE)
                        .range(r.quantity("wMin", weightDim, d.wMin(), NEG, INF), r.quantity("wMax", weightDim, d.wMax(), NEG, INF))
                        .traceIncrement(r.quantity("traceIncrement", Dimension.DIMENSIONLESS, d.traceIncrement(),
                                Double.MIN_VALUE, INF))
                        .simultaneous("ignored".equals(r.string("simultaneous", "causal", "causal", "ignored"))
                                ? StdpRule.Simultaneous.IGNORED : StdpRule.Simultaneous.CAUSAL)
                        .presynaptic("inhibitory".equals(r.string("presynaptic", "excitatory", "excitatory", "inhibitory"))
                                ? StdpRule.Presynaptic.INHIBITORY : StdpRule.Presynaptic.EXCITATORY)
                        .build();
            } catch (IllegalArgumentException e) {
                if (problems.size() == before) {
                    problems.addText(r.pointer(), "invalid rule", e.getMessage());
                }
            }
        } else {
            r.allow("aPlus", "aMinus", "tauPlus", "tauMinus", "pairing", "weightDependence", "wMin", "wMax",
                    "traceIncrement", "simultaneous", "presynaptic");
        }
        r.finish();
        List<Modulator> modulators = readModulators(o, names, problems);
        WeightBounds bounds = WeightBounds.none();
        Obj b = o.object("bounds", true);
        if (b != null) {
            String bt = b.string("type", "hard", "none", "hard");
            if ("hard".equals(bt)) {
                double lo = b.quantity("min", weightDim, null, NEG, INF), hi = b.quantity("max", weightDim, null, NEG, INF);
                if (lo > hi) {
                    problems.add(b.at("max"), b.raw("max"), "a value >= min");
                } else if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
                    bounds = WeightBounds.hard(lo, hi);
                }
            }
            b.finish();
        }
        Obj po = o.object("projector", true);
        Projector projector = po == null ? null : ProjectorReader.read(po, nPre, problems);
        String app = o.string("application", "online", "online", "per-trial");
        if (po != null && "online".equals(app)) {
            problems.addText(o.at("projector"), "a projector on an online pipeline", "\"application\": \"per-trial\" "
                    + "(a projector maps the accumulated update of a whole trial), or no projector");
        }
        o.finish();
        if (problems.size() != before || rule == null) {
            return null;
        }
        return new PlasticityPipeline(rule, modulators, projector, bounds,
                "per-trial".equals(app) ? PlasticityPipeline.Application.PER_TRIAL : PlasticityPipeline.Application.ONLINE);
    }

    /** {@code modulators}: an array of {@code {"type": "astrocyte", ...}}. */
    private static List<Modulator> readModulators(Obj o, Collection<String> names, Problems problems) {
        List<Modulator> out = new ArrayList<>();
        List<JsonNode> items = o.array("modulators", true);
        ArrayNode resolved = o.resolvedArray("modulators");
        for (int k = 0; k < items.size(); k++) {
            Obj m = new Obj(items.get(k), o.at("modulators") + "/" + k, problems);
            resolved.add(m.resolved());
            int before = problems.size();
            String type = m.string("type", null, MODULATORS);
            if (type == null) {
                m.allow("name", "feeds", "tau", "weight", "bias", "initial", "density", "decay");
                m.finish();
                continue;
            }
            AstrocyteModulator d = AstrocyteModulator.builder().feed("x", 1).build();
            AstrocyteModulator.Builder a = AstrocyteModulator.builder();
            String name = m.string("name", d.name());
            if (name != null) {
                a.name(name);
            }
            readFeeds(m, names, a, problems);
            a.tau(m.quantity("tau", Dimension.TIME, d.tau(), Double.MIN_VALUE, INF));
            a.weight(m.quantity("weight", Dimension.DIMENSIONLESS, d.weight(), NEG, INF));
            double bias = m.quantity("bias", Dimension.DIMENSIONLESS, d.bias(), NEG, INF);
            a.bias(bias);
            if (bias <= 0 && !m.has("initial")) {
                problems.add(m.at("initial"), m.raw("initial"), "A₋(0) > 0 (required when bias <= 0: the depression gain "
                        + "is A₋(t)/A₋(0))");
            } else {
                a.initial(m.quantity("initial", Dimension.DIMENSIONLESS, Double.isNaN(bias) ? d.initial() : bias,
                        Double.MIN_VALUE, INF));
            }
            a.density(m.quantity("density", Dimension.DIMENSIONLESS, d.density(), Double.MIN_VALUE, 1));
            a.decay(m.quantity("decay", Dimension.DIMENSIONLESS, d.decay(), Double.MIN_VALUE, 1));
            m.finish();
            if (problems.size() != before) {
                continue;
            }
            try {
                out.add(a.build());
            } catch (IllegalArgumentException e) {
                problems.addText(m.pointer(), "invalid modulator", e.getMessage());
            }
        }
        return out;
    }

    private static void readFeeds(Obj m, Collection<String> names, AstrocyteModulator.Builder a, Problems problems) {
        JsonNode f = m.raw("feeds");
        String expected = "an object of population or source names to signs, e.g. {\"E\": 1, \"I\": 1, \"input\": -1}";
        if (!f.isObject() || f.isEmpty()) {
            problems.add(m.at("feeds"), f, expected + " (required, at least one)");
            return;
        }
        ObjectNode copy = m.resolved().putObject("feeds");
        Iterator<String> it = f.fieldNames();
        while (it.hasNext()) {
            String feed = it.next();
            JsonNode v = f.get(feed);
            String at = m.at("feeds") + "/" + feed.replace("~", "~0").replace("/", "~1");
            if (!names.contains(feed)) {
                String near = Problems.nearest(feed, names);
                problems.addText(at, "unknown population \"" + feed + "\"", "the name of a population or source "
                        + names + (near != null ? " (did you mean \"" + near + "\"?)" : ""));
            } else if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() == 0) {
                problems.add(at, v, "a non-zero number: the sign of the feed (usually 1 or -1)");
            } else {
                a.feed(feed, v.asDouble());
                copy.put(feed, v.asDouble());
            }
        }
    }
}
