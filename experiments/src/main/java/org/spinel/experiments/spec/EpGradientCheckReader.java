package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.List;

import org.spinel.plasticity.ep.EpEstimator;
import org.spinel.plasticity.ep.RateActivation;
import org.spinel.plasticity.ep.RelaxationPhases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Reads the {@code protocol} block of type {@code ep-gradient-check} into an {@link EpGradientCheckSpec}. Defaults are
 * the spec's toy (learning-rules §3; ../shared/bench/ep_fmnist.py --grad-check): 6-4-4-4, σ(4z − 2), a 4-class
 * readout, init N(0, 0.5²), T1 = T2 = 100 with tolerance 0 (every step), the |β| of the reference table and the
 * estimators classic, centred, holomorphic N = 8 and N = 30.
 */
public final class EpGradientCheckReader {
    private static final double[] BETAS = {0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.58, 0.8, 1.0, 1.5, 2.0};

    private EpGradientCheckReader() {
    }

    /** @return the spec, or null after a problem */
    public static EpGradientCheckSpec read(Obj p, Problems problems) {
        int before = problems.size();
        Obj n = p.object("network", true);
        if (n == null) {
            n = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("network"), problems);
            p.resolved().set("network", n.resolved());
        }
        List<JsonNode> items = n.has("sizes") ? n.array("sizes", false) : List.of();
        int[] sizes = items.isEmpty() && !n.has("sizes") ? new int[] {6, 4, 4, 4} : new int[items.size()];
        ArrayNode rs = n.resolvedArray("sizes");
        for (int i = 0; i < items.size(); i++) {
            JsonNode v = items.get(i);
            if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 4096) {
                problems.add(n.at("sizes") + "/" + i, v, "a layer size, an integer in [1, 4096]");
            } else {
                sizes[i] = v.asInt();
            }
        }
        if (sizes.length < 2) {
            problems.add(n.at("sizes"), n.raw("sizes"), "the input size then at least one dynamic layer");
        }
        for (int s : sizes) {
            rs.add(s);
        }
        int classes = n.intValue("classes", sizes.length > 0 ? sizes[sizes.length - 1] : 4, 2, 4096, 2);
        String act = n.string("activation", "sigmoid", RateActivation.ids().toArray(String[]::new));
        double std = n.quantity("initStd", Dimension.DIMENSIONLESS, 0.5, Double.MIN_VALUE, Double.POSITIVE_INFINITY);
        n.finish();
        Obj ph = p.object("phases", true);
        if (ph == null) {
            ph = new Obj(ExperimentReader.MAPPER.createObjectNode(), p.at("phases"), problems);
            p.resolved().set("phases", ph.resolved());
        }
        int t1 = EpTrainReader.steps(ph, "T1", 100, "free", problems);
        int t2 = EpTrainReader.steps(ph, "T2", 100, "nudged", problems);
        double tol = ph.quantity("tolerance", Dimension.DIMENSIONLESS, 0.0, 0, Double.POSITIVE_INFINITY);
        ph.finish();
        double threshold = p.quantity("convergenceThreshold", Dimension.DIMENSIONLESS, 1e-5, Double.MIN_VALUE,
                Double.POSITIVE_INFINITY);
        double[] betas = BETAS.clone();
        if (p.has("betas")) {
            List<JsonNode> bs = p.array("betas", false);
            betas = new double[bs.size()];
            if (bs.isEmpty()) {
                problems.add(p.at("betas"), p.raw("betas"), "at least one |beta|");
            }
            for (int i = 0; i < bs.size(); i++) {
                JsonNode v = bs.get(i);
                if (!v.isNumber() || !(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
                    problems.add(p.at("betas") + "/" + i, v, "|beta| > 0 (finite): the nudge strength");
                } else {
                    betas[i] = v.asDouble();
                }
            }
        }
        ArrayNode rb = p.resolvedArray("betas");
        for (double b : betas) {
            rb.add(b);
        }
        List<EpEstimator> estimators = new ArrayList<>();
        List<JsonNode> es = p.has("estimators") ? p.array("estimators", false) : List.of(
                ExperimentReader.MAPPER.createObjectNode().put("kind", "classic"),
                ExperimentReader.MAPPER.createObjectNode().put("kind", "centred"),
                ExperimentReader.MAPPER.createObjectNode().put("kind", "holomorphic").put("N", 8),
                ExperimentReader.MAPPER.createObjectNode().put("kind", "holomorphic").put("N", 30));
        ArrayNode re = p.resolvedArray("estimators");
        RateActivation activation = act == null ? null : RateActivation.byId(act);
        for (int i = 0; i < es.size(); i++) {
            Obj o = new Obj(es.get(i), p.at("estimators") + "/" + i, problems);
            re.add(o.resolved());
            EpEstimator e = EpTrainReader.estimatorKind(o, activation, problems);
            o.finish();
            if (e != null) {
                estimators.add(e);
            }
        }
        if (es.isEmpty()) {
            problems.add(p.at("estimators"), p.raw("estimators"), "at least one estimator");
        }
        if (problems.size() != before || activation == null) {
            return null;
        }
        return new EpGradientCheckSpec(sizes, classes, activation, std, new RelaxationPhases(t1, t2, tol), threshold,
                betas, List.copyOf(estimators));
    }
}
