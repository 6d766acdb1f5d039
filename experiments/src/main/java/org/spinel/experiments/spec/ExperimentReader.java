package org.spinel.experiments.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.spinel.networks.CurrentProfile;
import org.spinel.networks.Network;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.plasticity.PlasticityPipeline;
import org.spinel.networks.topology.LiquidLattice;
import org.spinel.networks.coupling.CouplingGraph;
import org.spinel.networks.topology.RingStarTopology;
import org.spinel.networks.topology.Topology;
import org.spinel.networks.topology.ValueDistribution;
import org.spinel.plasticity.sg.LayerConfig;
import org.spinel.plasticity.sg.SurrogateGradientNetwork;
import org.spinel.plasticity.train.MiniBatchTrainer;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.Protocols;
import org.spinel.neurons.NeuronModel;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and validates a JSON experiment (format: docs/experiment-format.md, schema:
 * {@code /org/spinel/experiments/experiment.schema.json}) into an {@link Experiment}. Every problem is collected
 * with its JSON pointer and reported at once; references (populations, variables, lattices) are checked before
 * anything is built. A manifest written by a run ({@code {"manifest": ..., "experiment": {...}}}) is accepted too.
 */
public final class ExperimentReader {
    /** Shared mapper (duplicate keys and content after the document rejected). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final double INF = Double.POSITIVE_INFINITY;

    private final Problems problems = new Problems();
    private final List<Consumer<Network.Builder>> calls = new ArrayList<>();
    /** name → model (null for sources), size. */
    private final Map<String, NeuronModel> models = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    /** source name → type. */
    private final Map<String, String> sourceTypes = new HashMap<>();
    private final Map<String, LiquidLattice> lattices = new HashMap<>();
    private final java.util.Set<String> badLattices = new java.util.HashSet<>();
    private final Map<String, String> latticeOf = new HashMap<>();
    private final Map<String, String> latticeType = new HashMap<>();
    private long seed;
    /** The run's steps (-1 when /dt or /duration is invalid). */
    private long steps = -1;
    /** The time step, ms (NaN when /dt is invalid). */
    private double dt = Double.NaN;

    private ExperimentReader() {
    }

    /** Parses a file (JSON syntax errors become a problem with line and column). */
    public static Experiment read(Path file, Map<String, String> overrides) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ExperimentException(List.of(new ValidationError("", "no file " + file, "an experiment JSON file")));
        } catch (IOException e) {
            throw new ExperimentException(List.of(new ValidationError("", "unreadable file " + file + " (" + e.getMessage()
                    + ")", "a readable experiment JSON file")));
        }
        return read(parseJson(decodeUtf8(bytes, file.toString()), file.toString()), overrides);
    }

    /** The text of a UTF-8 file; anything else is an {@link ExperimentException} naming the first bad byte's offset. */
    static String decodeUtf8(byte[] bytes, String source) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            throw new ExperimentException(List.of(new ValidationError("", "a file that is not valid UTF-8: " + source
                    + " has the byte 0x" + String.format("%02X", bytes[at] & 0xFF) + " at byte offset " + at
                    + lineAndColumn(bytes, at), "an experiment JSON file in UTF-8")));
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte-order mark is not content
    }

    /** " (line L, column C)" of a byte offset, counting lines by '\n'. */
    private static String lineAndColumn(byte[] bytes, int at) {
        int line = 1, start = 0;
        for (int k = 0; k < at; k++) {
            if (bytes[k] == '\n') {
                line++;
                start = k + 1;
            }
        }
        return " (line " + line + ", byte " + (at - start + 1) + " of the line)";
    }

    /**
     * Parses JSON text: exactly one JSON value, then nothing but white space. A syntax error, or anything after the
     * value, becomes an {@link ExperimentException} with line and column.
     */
    public static JsonNode parseJson(String text, String source) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            JsonNode n = MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(p);
            if (n == null || n.isMissingNode()) {
                throw new ExperimentException(List.of(new ValidationError("", "an empty document in " + source,
                        "a JSON object")));
            }
            JsonLocation end = p.currentLocation();
            int at = (int) end.getCharOffset();
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at < text.length()) {
                int line = 1, column = 1;
                for (int k = 0; k < at; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                        column = 1;
                    } else {
                        column++;
                    }
                }
                throw new ExperimentException(List.of(new ValidationError("", "content after the end of the JSON "
                        + "document in " + source + " at line " + line + ", column " + column + " (the document ends "
                        + "at line " + end.getLineNr() + ", column " + end.getColumnNr() + ")",
                        "one JSON object and nothing after it but white space")));
            }
            return n;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ExperimentException(List.of(new ValidationError("", "malformed JSON in " + source
                    + (loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "") + ": "
                    + e.getOriginalMessage(), "valid JSON")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a String does not fail
        }
    }

    /** Validates a document (after applying {@code --set} overrides: JSON pointer → JSON or plain text value). */
    public static Experiment read(JsonNode document, Map<String, String> overrides) {
        JsonNode doc = document.deepCopy();
        if (doc.isObject() && doc.has("experiment") && doc.has("manifest")) {
            doc = doc.get("experiment").deepCopy(); // re-running a manifest
        }
        Problems pre = new Problems();
        for (var e : overrides.entrySet()) {
            Overrides.set(doc, e.getKey(), e.getValue(), pre);
        }
        pre.throwIfAny();
        try {
            Experiment e = new ExperimentReader().readRoot(doc);
            if (e.quick()) {
                // --quick's reductions go into the document, so the resolved experiment (and a manifest's re-run) has
                // them.
                Map<String, JsonNode> reductions = Protocols.get(e.protocol()).quickReductions(e);
                if (!reductions.isEmpty()) {
                    for (var r : reductions.entrySet()) {
                        Overrides.setNode(doc, r.getKey(), r.getValue(), pre);
                    }
                    pre.throwIfAny();
                    e = new ExperimentReader().readRoot(doc);
                }
            }
            return e;
        } catch (ExperimentException e) {
            if (overrides.isEmpty()) {
                throw e;
            }
            // A value from --set is checked exactly as the document's own; the message says where it came from.
            List<ValidationError> errors = new ArrayList<>();
            for (ValidationError err : e.errors()) {
                String from = null;
                for (String ptr : overrides.keySet()) {
                    if (err.pointer().equals(ptr) || err.pointer().startsWith(ptr + "/")) {
                        from = ptr;
                    }
                }
                errors.add(from == null ? err : new ValidationError(err.pointer(), err.found() + " (from the command line: "
                        + from + "=" + overrides.get(from) + ")", err.expected()));
            }
            throw new ExperimentException(errors);
        }
    }

    private Experiment readRoot(JsonNode doc) {
        Obj root = new Obj(doc, "", problems);
        if (!doc.isObject()) {
            problems.throwIfAny();
        }
        String name = root.string("name", null);
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            problems.add(root.at("name"), root.raw("name"), "a name of letters, digits, '.', '_' or '-'");
        }
        String description = root.string("description", "");
        seed = root.integer("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
        boolean quick = root.bool("quick", false);
        Protocol<?> owner = doc.path("protocol").isObject()
                ? Protocols.find(doc.path("protocol").path("type").asText("")) : null;
        if (owner != null && owner.ownsNetwork()) {
            return readOwnNetwork(root, doc, name, description, quick, owner);
        }
        double dt = root.quantity("dt", Dimension.TIME, 0.1, Double.MIN_VALUE, INF);
        this.dt = dt; // NaN after a problem: the checks that need it are skipped (one mistake, one message)
        double duration = root.quantity("duration", Dimension.TIME, null, 0, INF);
        steps = TimeSteps.whole(duration, dt, root.at("duration"), root.raw("duration"), "a duration", problems);
        if (steps < 0) {
            duration = Double.NaN;
        }
        String backend = root.string("backend", "java", "java", "opencl", "auto");
        int threads = root.intValue("threads", 1, 1, 1024, 1);
        readLattices(root);
        readPopulations(root);
        readSources(root);
        readProjections(root, dt);
        readCouplings(root);
        readCurrents(root);
        readMonitors(root);
        Obj protocol = root.object("protocol", true);
        String protocolType = "simulate";
        Object settings = null;
        if (protocol == null) {
            protocol = new Obj(MAPPER.createObjectNode().put("type", "simulate"), root.at("protocol"), problems);
            root.resolved().set("protocol", protocol.resolved());
        }
        protocolType = protocol.string("type", "simulate", Protocols.names().toArray(String[]::new));
        Protocol<?> p = Protocols.find(protocolType);
        if (p != null) {
            settings = p.read(new ProtocolInput(protocol, doc, problems, models, sizes, sourceTypes, dt, duration,
                    backend));
        }
        protocol.finish();
        Experiment.Outputs outputs = readOutputs(root);
        root.allow("sweep");
        root.finish(); // before the sweep, whose variants would repeat the document's own unknown fields
        Experiment.SweepSpec sweep = readSweep(root, doc);
        if (problems.isEmpty()) {
            protocolFootprint(settings, quick);
        }
        MemoryEstimate memory = problems.isEmpty() ? footprint.check(problems, "simulate".equals(protocolType))
                : null;
        problems.throwIfAny();
        return new Experiment(name, description, seed, dt, duration, backend, threads, quick, protocolType, settings,
                outputs, sweep, root.resolved(), List.copyOf(calls), memory);
    }

    /**
     * An experiment whose protocol {@link Protocol#ownsNetwork() owns its network} (as {@code train} does: the network
     * is {@code /protocol/network}), so the engine's network parts must be absent; the protocol's reader sets the time
     * step and the presentation's duration ({@link ProtocolInput#timeBase}), and the top-level {@code dt} and
     * {@code duration} (filled in from them) must agree with them when given.
     */
    private Experiment readOwnNetwork(Obj root, JsonNode doc, String name, String description, boolean quick,
            Protocol<?> owner) {
        boolean dtGiven = root.has("dt"), durationGiven = root.has("duration");
        // dt and duration are filled in later; placeholders keep their place in the resolved document.
        double dtTop = dtGiven ? root.quantity("dt", Dimension.TIME, null, Double.MIN_VALUE, INF) : Double.NaN;
        if (!dtGiven) {
            root.resolved().put("dt", Double.NaN);
        }
        double durTop = durationGiven ? root.quantity("duration", Dimension.TIME, null, 0, INF) : Double.NaN;
        if (!durationGiven) {
            root.resolved().put("duration", Double.NaN);
        }
        // A protocol with its own network (train: the CPU trainer) uses the backend for its engine parts (train: the
        // engine check of the trained network, unless /protocol/engineCheck/backend says otherwise).
        String backend = root.string("backend", "java", "java", "opencl", "auto");
        int threads = root.intValue("threads", 1, 1, 1024, 1);
        for (String f : List.of("lattices", "populations", "sources", "projections", "couplings", "currents",
                "monitors")) {
            JsonNode v = root.raw(f);
            if (!v.isMissingNode() && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                problems.add(root.at(f), v, "nothing: the " + owner.name() + " protocol's network is "
                        + "/protocol/network; leave " + f + " out");
            }
        }
        Obj protocol = root.object("protocol", false);
        protocol.string("type", null, Protocols.names().toArray(String[]::new));
        ProtocolInput in = new ProtocolInput(protocol, doc, problems, Map.of(), Map.of(), Map.of(), Double.NaN,
                Double.NaN, backend);
        Object settings = owner.read(in);
        protocol.finish();
        boolean timed = settings != null && !Double.isNaN(in.dt());
        double dt = timed ? in.dt() : 1, duration = timed ? in.durationMs() : 0;
        if (timed && dtGiven && !Double.isNaN(dtTop) && Math.abs(dtTop - dt) > 1e-12 * dt) {
            problems.add(root.at("dt"), root.raw("dt"), dt + " ms (the protocol's dt) or nothing: the "
                    + owner.name() + " protocol's step is /protocol/dt");
        }
        if (timed && durationGiven && !Double.isNaN(durTop) && Math.abs(durTop - duration) > 1e-9 * duration) {
            problems.add(root.at("duration"), root.raw("duration"), duration + " ms (steps × dt of the protocol) or "
                    + "nothing: one sample is presented for /protocol/steps steps");
        }
        if (settings != null && !timed) { // no time base (ep-train: a presentation is one relaxation, in steps)
            if (dtGiven && !Double.isNaN(dtTop) && dtTop != 1 && !problems.hasAt(root.at("dt"))) {
                problems.add(root.at("dt"), root.raw("dt"), "nothing (or 1 ms, the resolved placeholder): the "
                        + owner.name() + " protocol has no time base, its relaxations count steps");
            }
            if (durationGiven && !Double.isNaN(durTop) && durTop != 0 && !problems.hasAt(root.at("duration"))) {
                problems.add(root.at("duration"), root.raw("duration"), "nothing (or 0, the resolved placeholder): "
                        + "the " + owner.name() + " protocol has no time base, its relaxations count steps");
            }
        }
        root.resolved().put("dt", dt);
        root.resolved().put("duration", duration);
        Experiment.Outputs outputs = readOutputs(root);
        root.allow("sweep");
        root.finish(); // before the sweep, whose variants would repeat the document's own unknown fields
        Experiment.SweepSpec sweep = readSweep(root, doc);
        if (settings instanceof TrainSpec t) {
            trainFootprint(t);
        }
        MemoryEstimate memory = problems.isEmpty() ? footprint.check(problems, false) : null;
        problems.throwIfAny();
        return new Experiment(name, description, seed, dt, duration, backend, threads, quick, owner.name(), settings,
                outputs, sweep, root.resolved(), List.of(), memory);
    }

    /**
     * The certain buffers of the engine protocols that keep a table of their results: lsm-classification's feature
     * matrices (a float per sample and liquid neuron, the sample counts exact: more than the dataset holds is an
     * error), map-scan's orbit (a double per measured iteration and node, at least one thread's) and its scan table
     * (per grid point and initial condition at least a label and a reference to an object of measures: 20 bytes).
     */
    private void protocolFootprint(Object settings, boolean quick) {
        if (settings instanceof LsmClassificationSpec l) {
            LsmClassificationSpec s = quick ? l.shortened() : l;
            double neurons = 0;
            for (String p : s.liquid()) {
                neurons += Math.max(0, sizes.getOrDefault(p, 0));
            }
            double samples = (double) s.dataset().train() + s.dataset().validation() + s.dataset().test();
            footprint.add("/protocol/dataset/train", 4.0 * samples * neurons, "the feature matrices ("
                    + (long) samples + " samples × " + (long) neurons + " liquid neurons)");
        } else if (settings instanceof MapScanSpec m) {
            double nodes = Math.max(0, sizes.getOrDefault(m.population(), 0)), points = 1;
            for (MapScanSpec.Axis a : m.axes()) {
                points *= a.values().length;
            }
            double ics = m.basins() != null ? m.basins().size() : m.initialConditions();
            footprint.add("/protocol/iterations", 8.0 * m.measured() * nodes, "the orbit of " + m.measured()
                    + " measured iterations × " + (long) nodes + " nodes");
            footprint.add("/protocol/axes", 20.0 * points * ics, "the scan table (" + (long) points + " points × "
                    + (long) ics + " initial conditions)");
        }
    }

    /**
     * The train protocol's certain buffers: the network's weights (a double each) and the trainer's
     * {@link MiniBatchTrainer#CHUNKS} BPTT workspaces ({@link SurrogateGradientNetwork#workspaceBytes}: states and
     * adjoints of every step and unit, events, weight gradients). MNIST and Fashion-MNIST images have 784 pixels, the
     * input count when the document leaves it to the dataset.
     */
    private void trainFootprint(TrainSpec t) {
        int inputs = t.inputs() > 0 ? t.inputs() : 784;
        List<LayerConfig> layers = t.layerConfigs();
        double weights = 0;
        long units = 0;
        for (int l = 0; l < layers.size(); l++) {
            double n = layers.get(l).size(), in = l == 0 ? inputs : layers.get(l - 1).size();
            weights += n * in + (layers.get(l).recurrent() ? n * n : 0);
            units += layers.get(l).size();
        }
        footprint.add("/protocol/network/layers", 8.0 * weights, "the network's " + (long) weights + " weights");
        int chunks = MiniBatchTrainer.CHUNKS;
        footprint.add("/protocol/steps", chunks * SurrogateGradientNetwork.workspaceBytes(inputs, layers, t.steps()),
                "the trainer's " + chunks + " BPTT workspaces (each " + t.steps() + " steps × " + units
                        + " units, with the weight gradients)");
    }

    // ------------------------------------------------------------------ parts

    private void readLattices(Obj root) {
        ArrayNode out = root.resolvedArray("lattices");
        List<JsonNode> items = root.array("lattices", true);
        RandomStreams streams = new RandomStreams(seed);
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), root.at("lattices") + "/" + i, problems);
            out.add(o.resolved());
            String n = o.string("name", null);
            List<JsonNode> shape = o.array("shape", false);
            int[] dims = new int[3];
            int before = problems.size();
            if (shape.size() != 3) {
                problems.add(o.at("shape"), o.raw("shape"), "three integers [nx, ny, nz] >= 1");
            } else {
                for (int k = 0; k < 3; k++) {
                    JsonNode s = shape.get(k);
                    if (!s.isIntegralNumber() || !s.canConvertToInt() || s.asInt() < 1) {
                        problems.add(o.at("shape") + "/" + k, s, "an integer in [1, " + MAX_ARRAY + "]");
                    }
                    dims[k] = s.asInt();
                }
                o.resolved().set("shape", o.raw("shape").deepCopy());
            }
            double fe = o.quantity("excitatoryFraction", Dimension.DIMENSIONLESS, 0.8, 0, 1);
            o.finish();
            long sites = (long) dims[0] * dims[1] * dims[2];
            if (problems.size() == before && sites > MAX_ARRAY) {
                problems.add(o.at("shape"), o.raw("shape"), "a lattice of at most " + MAX_ARRAY + " sites (this one has "
                        + sites + ")");
            } else if (problems.size() == before && 48.0 * sites > Runtime.getRuntime().maxMemory()) {
                // The lattice is placed now, while the document is read: refuse what cannot fit before allocating.
                problems.add(o.at("shape"), o.raw("shape"), "a lattice whose " + sites + " sites (at least 48 bytes "
                        + "each) fit in the Java heap of " + HeapFootprint.gib(Runtime.getRuntime().maxMemory())
                        + " (SPINEL_JAVA_OPTS=\"-Xmx<size>\" gives the JVM more)");
            }
            if (problems.size() != before && n != null) {
                badLattices.add(n);
            }
            if (n != null && problems.size() == before && !Double.isNaN(fe)) {
                if (lattices.containsKey(n)) {
                    problems.add(o.at("name"), o.raw("name"), "a name not used by another lattice");
                }
                lattices.put(n, new LiquidLattice(dims[0], dims[1], dims[2], fe, streams.stream("lattice/" + n)));
            }
        }
    }

    private void readPopulations(Obj root) {
        ArrayNode out = root.resolvedArray("populations");
        List<JsonNode> items = root.array("populations", false);
        if (items.isEmpty() && root.has("populations")) {
            problems.add(root.at("populations"), root.raw("populations"), "at least one population");
        }
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), root.at("populations") + "/" + i, problems);
            out.add(o.resolved());
            String name = uniqueName(o);
            Integer size = null;
            Obj lat = o.object("lattice", true);
            if (lat != null) {
                String ln = lat.string("name", null);
                String lt = lat.string("type", null, "E", "I");
                lat.finish();
                if (ln != null && badLattices.contains(ln)) {
                    lat.allow("type"); // an invalid lattice, reported where it is defined
                } else if (ln != null && !lattices.containsKey(ln)) {
                    problems.add(lat.at("name"), lat.raw("name"), "the name of a lattice in /lattices " + lattices.keySet());
                } else if (ln != null && lt != null) {
                    LiquidLattice l = lattices.get(ln);
                    size = lt.equals("E") ? l.sizeE() : l.sizeI();
                    if (name != null) {
                        latticeOf.put(name, ln);
                        latticeType.put(name, lt);
                    }
                    if (size == 0) {
                        problems.add(lat.at("type"), lat.raw("type"), "a type with at least one site in lattice \"" + ln + "\"");
                    }
                }
            }
            if (lat == null || o.has("size")) {
                Long s = o.integer("size", null, 1, MAX_ARRAY);
                if (s != null && size != null && s.intValue() != size) {
                    problems.add(o.at("size"), o.raw("size"), size + " (the lattice's number of sites of this type)");
                }
                if (s != null) {
                    size = s.intValue();
                }
            } else {
                o.resolved().put("size", size);
            }
            Obj mo = o.object("model", false);
            NeuronModel model = ModelCatalog.read(mo, problems);
            mo.finish();
            JsonNode tRef = mo.raw("tRef");
            if (model != null && (tRef.isNumber() || tRef.isTextual())) {
                // The refractory period is counted in steps.
                if (TimeSteps.whole(Quantity.parse(tRef, Dimension.TIME, mo.at("tRef"), new Problems()), dt,
                        mo.at("tRef"), tRef, "a refractory period", problems) < 0 && !Double.isNaN(dt)) {
                    model = null;
                }
            }
            if (model instanceof org.spinel.neurons.ChialvoNeuron ch && size != null && ch.perNeuronCount() >= 0
                    && ch.perNeuronCount() != size) {
                for (String f : org.spinel.neurons.ChialvoNeuron.PER_NEURON) {
                    if (mo.raw(f).isArray()) {
                        problems.add(mo.at(f), mo.raw(f), "one value per neuron: an array of " + size
                                + " numbers (the population's size)");
                    }
                }
                model = null;
            }
            Map<String, ValueDistribution> init = new LinkedHashMap<>();
            Obj io = o.object("init", true);
            if (io != null) {
                var it = items.get(i).path("init").fieldNames();
                while (it.hasNext()) {
                    String var = it.next();
                    if (model == null) {
                        io.allow(var); // the model is invalid (reported): its variables and units are unknown
                        continue;
                    }
                    if (!model.stateVariables().contains(var)) {
                        io.allow(var);
                        problems.add(io.at(var), io.raw(var), "a state variable of " + model.name() + " "
                                + model.stateVariables());
                        continue;
                    }
                    Dimension dim = model == null ? Dimension.DIMENSIONLESS
                            : Dimension.ofUnit(model.stateUnits().get(model.stateVariables().indexOf(var)));
                    ValueDistribution d = io.raw(var).isArray() ? Distributions.readPerNeuron(io, var, dim, size, problems)
                            : Distributions.read(io, var, dim, null, Double.NEGATIVE_INFINITY, INF, problems);
                    if (d != null) {
                        init.put(var, d);
                    }
                }
                io.finish();
            }
            o.finish();
            if (name != null && size != null && model != null) {
                models.put(name, model);
                sizes.put(name, size);
                final int n = size;
                final NeuronModel md = model;
                calls.add(b -> b.population(name, n, md, init));
                footprint.add(o.at(o.has("size") ? "size" : "lattice"), (double) n * (8.0 * md.stateVariables().size()
                        + 8), "population \"" + name + "\" (" + n + " neurons)");
            } else if (name != null) {
                badPopulations.add(name);
                sizes.put(name, size == null ? -1 : size);
            }
        }
    }

    private void readSources(Obj root) {
        ArrayNode out = root.resolvedArray("sources");
        List<JsonNode> items = root.array("sources", true);
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), root.at("sources") + "/" + i, problems);
            out.add(o.resolved());
            String name = uniqueName(o);
            String type = o.string("type", null, "poisson", "spike-array", "external");
            int size = o.intValue("size", null, 1, (int) MAX_ARRAY, -1);
            if (name != null && type != null) {
                sourceTypes.put(name, type);
            }
            if ("poisson".equals(type)) {
                double rate = o.quantity("rate", Dimension.FREQUENCY, null, 0, INF);
                o.finish();
                if (name != null && size > 0 && !Double.isNaN(rate)) {
                    calls.add(b -> b.poissonSource(name, size, rate));
                }
            } else if ("external".equals(type)) {
                o.finish(); // spikes fed at run time by the protocol (lsm-classification's input code)
                if (name != null && size > 0) {
                    calls.add(b -> b.externalSource(name, size));
                }
            } else if ("spike-array".equals(type)) {
                List<JsonNode> ns = o.array("neurons", false), ts = o.array("times", false);
                int[] neurons = new int[ns.size()];
                double[] times = new double[ts.size()];
                if (ns.size() != ts.size()) {
                    problems.add(o.at("times"), o.raw("times"), ns.size() + " times (one per entry of neurons)");
                }
                int before = problems.size();
                for (int k = 0; k < ns.size(); k++) {
                    JsonNode v = ns.get(k);
                    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0 || (size > 0 && v.asInt() >= size)) {
                        problems.add(o.at("neurons") + "/" + k, v, "a neuron index in [0, " + (size - 1) + "]");
                    }
                    neurons[k] = v.asInt();
                }
                for (int k = 0; k < ts.size(); k++) {
                    times[k] = Quantity.parse(ts.get(k), Dimension.TIME, o.at("times") + "/" + k, problems);
                    if (!(times[k] >= 0) && !Double.isNaN(times[k])) {
                        problems.add(o.at("times") + "/" + k, ts.get(k), "a time >= 0");
                    } else {
                        TimeSteps.whole(times[k], dt, o.at("times") + "/" + k, ts.get(k), "a spike time", problems);
                    }
                }
                o.resolved().set("neurons", o.raw("neurons").deepCopy());
                ArrayNode rt = o.resolved().putArray("times");
                for (double t : times) {
                    rt.add(t);
                }
                o.finish();
                if (name != null && size > 0 && problems.size() == before) {
                    calls.add(b -> b.spikeSource(name, size, neurons, times));
                }
            } else {
                o.allow("rate", "neurons", "times");
                o.finish();
            }
            if (name != null) {
                models.put(name, null);
                if (size > 0) {
                    footprint.add(o.at("size"), 8.0 * size, "source \"" + name + "\" (" + size + " units)");
                }
                sizes.put(name, size);
            }
        }
    }

    private void readProjections(Obj root, double dt) {
        ArrayNode out = root.resolvedArray("projections");
        List<JsonNode> items = root.array("projections", true);
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), root.at("projections") + "/" + i, problems);
            out.add(o.resolved());
            int before = problems.size();
            String name = uniqueName(o);
            String pre = reference(o, "pre", true);
            String post = reference(o, "post", false);
            NeuronModel postModel = post == null ? null : models.get(post);
            String target;
            if (postModel != null) {
                target = o.string("target", postModel.synapticTargets().get(0),
                        postModel.synapticTargets().toArray(String[]::new));
            } else {
                target = o.string("target", "");
            }
            Dimension wdim = postModel == null || target == null || !postModel.stateVariables().contains(target)
                    ? Dimension.DIMENSIONLESS
                    : Dimension.ofUnit(postModel.stateUnits().get(postModel.stateVariables().indexOf(target)));
            if (postModel != null && "I".equals(target) && !postModel.stateVariables().contains("I")) {
                wdim = Dimension.DIMENSIONLESS; // Chialvo's input I is dimensionless
            }
            int nPre = pre == null ? -1 : sizes.getOrDefault(pre, -1);
            Obj to = o.object("topology", false);
            final int nPost = post == null ? -1 : sizes.getOrDefault(post, -1);
            Topology topo = TopologyReader.read(to, nPre, t -> liquid(t, pre, post),
                    t -> totalNumber(t, pre, post, nPre, nPost), problems);
            if (topo != null && nPre > 0 && nPost > 0) {
                expectedSynapses(to, nPre, nPost);
            }
            // Without a valid post population the weight's unit is unknown: the weight and the plasticity's
            // amplitudes are not checked (the cause is reported where the population is defined or named).
            Problems wp = post == null ? new Problems() : problems;
            Obj wo = post == null ? new Obj(items.get(i), o.pointer(), wp) : o;
            o.allow("weight", "plasticity");
            ValueDistribution w = Distributions.read(wo, "weight", wdim, null, Double.NEGATIVE_INFINITY, INF, wp);
            if (w == null && !o.has("weight")) {
                problems.add(o.at("weight"), o.raw("weight"), wdim.label() + " or a distribution (required)");
            }
            ValueDistribution d = Distributions.read(o, "delay", Dimension.TIME, dt,
                    Double.isNaN(dt) ? Double.MIN_VALUE : dt, INF, problems);
            JsonNode delayRaw = o.raw("delay");
            if (d != null && !delayRaw.isMissingNode() && !delayRaw.isNull() && !delayRaw.isObject()) {
                // A constant delay must be whole steps; a distribution's draws are rounded (documented).
                long steps = TimeSteps.whole(Quantity.parse(delayRaw, Dimension.TIME, o.at("delay"), new Problems()), dt,
                        o.at("delay"), delayRaw, "a delay", problems);
                if (steps > MAX_DELAY_STEPS) {
                    problems.add(o.at("delay"), delayRaw, "a delay of at most " + MAX_DELAY_STEPS + " steps ("
                            + TimeSteps.format(MAX_DELAY_STEPS * dt) + " ms at dt = " + TimeSteps.format(dt) + " ms)");
                }
            } else if (d != null && delayRaw.isObject() && !Double.isNaN(dt)) {
                for (String bound : List.of("high", "value", "magnitude")) {
                    double x = Quantity.parse(delayRaw.path(bound), Dimension.TIME, "", new Problems());
                    if (Math.rint(x / dt) > MAX_DELAY_STEPS) {
                        problems.add(o.at("delay") + "/" + bound, delayRaw.path(bound), "at most " + MAX_DELAY_STEPS
                                + " steps (" + TimeSteps.format(MAX_DELAY_STEPS * dt) + " ms at dt = "
                                + TimeSteps.format(dt) + " ms): the engine's delays are 16-bit step counts");
                    }
                }
            }
            PlasticityPipeline pipe = null;
            Obj po = wo.object("plasticity", true);
            if (po != null) {
                java.util.Set<String> names = new java.util.LinkedHashSet<>(models.keySet());
                names.addAll(sizes.keySet());
                pipe = PlasticityReader.read(po, wdim, names, nPre, wp);
                String topoAt = o.at("topology"); // a topology already reported: the projector is no second mistake
                boolean topologyWrong = problems.list().stream().anyMatch(e -> e.pointer().equals(topoAt)
                        || e.pointer().startsWith(topoAt + "/"));
                if (pipe != null && pipe.projector() != null && !pipe.projector().supportsSparse()
                        && !topologyWrong && !denseTopology(o.raw("topology"))) {
                    wp.addText(po.at("projector"), "projector " + pipe.projector().describe() + " on a "
                            + o.raw("topology").path("type").asText("") + " projection", "a dense projection: topology "
                            + "{\"type\": \"all-to-all\", \"autapses\": true} (without autapses the pairs i → i are "
                            + "left out), since this projector does not define how it restricts to existing synapses");
                }
            }
            o.finish();
            if (problems.size() == before && name != null) {
                final PlasticityPipeline p = pipe;
                final String tgt = target;
                calls.add(b -> b.projection(name, pre, post, pb -> {
                    pb.target(tgt).topology(topo).weight(w).delay(d);
                    if (p != null) {
                        pb.plasticity(p);
                    }
                }));
            }
        }
    }

    /** Whether a topology object makes every pre → post pair a synapse (the dense layout a projector acts on). */
    private static boolean denseTopology(JsonNode t) {
        return "all-to-all".equals(t.path("type").asText()) && t.path("autapses").asBoolean(false);
    }

        private Topology liquid(Obj t, String pre, String post) {
        double c = t.quantity("c", Dimension.DIMENSIONLESS, null, 0, 1);
        double lambda = t.quantity("lambda", Dimension.DIMENSIONLESS, 3.0, Double.MIN_VALUE, INF);
        String ln = pre == null ? null : latticeOf.get(pre);
        if (pre != null && post != null && (ln == null || !ln.equals(latticeOf.get(post)))) {
            problems.addText(t.pointer(), "pre \"" + pre + "\" and post \"" + post + "\"",
                    "two populations placed on the same lattice (population field \"lattice\")");
            return null;
        }
        if (pre == null || post == null || ln == null || Double.isNaN(c) || Double.isNaN(lambda)) {
            return null; // an invalid pre or post was reported where it is defined or named
        }
        return lattices.get(ln).between(latticeType.get(pre), latticeType.get(post), c, lambda);
    }

    /**
     * {@code fixed-total-number}: exactly {@code n} (or ⌊nPre·nPost·fraction⌋) distinct pairs; projections naming the
     * same {@code group} (same pre, nPost summed over them in document order) share one draw, so NALSM's input →
     * liquid count ⌊N_liquid·784·0.15⌋ is exact over the E and I populations together (nalsm.md "Liquid").
     */
    private Topology totalNumber(Obj t, String pre, String post, int nPre, int nPost) {
        boolean hasN = t.has("n"), hasF = t.has("fraction");
        if (hasN == hasF) {
            problems.add(t.pointer(), t.raw(hasN ? "n" : "fraction"), "exactly one of \"n\" (a number of synapses) or "
                    + "\"fraction\" (of all pre-post pairs)");
            t.allow("n", "fraction", "group");
            return null;
        }
        Long nGiven = hasN ? t.integer("n", null, 0, Integer.MAX_VALUE) : null;
        long n = nGiven == null ? -1 : nGiven;
        double fraction = hasF ? t.quantity("fraction", Dimension.DIMENSIONLESS, null, 0, 1) : Double.NaN;
        String group = t.has("group") ? t.string("group", null) : null;
        if (pre == null || nPre < 1 || nPost < 1 || (hasN && n < 0) || (hasF && Double.isNaN(fraction))) {
            return null;
        }
        if (group == null) {
            long count = hasN ? n : org.spinel.networks.topology.FixedTotalNumber.ofFraction(nPre, nPost, fraction);
            return new org.spinel.networks.topology.FixedTotalNumber(count, !pre.equals(post)); // no autapses
        }
        SharedTotal g = totalGroups.computeIfAbsent(group, k -> new SharedTotal(k, pre, nPre, hasN ? n : -1, fraction));
        if (!g.pre.equals(pre)) {
            problems.add(t.at("group"), t.raw("group"), "a group whose projections share their pre population (group \""
                    + group + "\" is from \"" + g.pre + "\")");
            return null;
        }
        if (g.n != (hasN ? n : -1) || Double.compare(g.fraction, fraction) != 0) {
            problems.add(t.pointer(), t.raw(hasN ? "n" : "fraction"), "the same n or fraction as the other projections of "
                    + "group \"" + group + "\"");
            return null;
        }
        return g.member(nPost);
    }

    private final Map<String, SharedTotal> totalGroups = new LinkedHashMap<>();

    /** One draw of a fixed total number of pairs over several post populations, made on first use. */
    private final class SharedTotal {
        final String name, pre;
        final int nPre;
        final long n;
        final double fraction;
        final List<Integer> postSizes = new ArrayList<>();
        Topology[] shares;

        SharedTotal(String name, String pre, int nPre, long n, double fraction) {
            this.name = name;
            this.pre = pre;
            this.nPre = nPre;
            this.n = n;
            this.fraction = fraction;
        }

        Topology member(int nPost) {
            final int k = postSizes.size();
            postSizes.add(nPost);
            return new Topology() {
                @Override
                public org.spinel.networks.topology.SynapsePairs connect(int a, int b,
                        org.apache.commons.rng.UniformRandomProvider rng) {
                    return share(k).connect(a, b, rng);
                }

                @Override
                public String describe() {
                    return "fixed-total-number(group " + name + ", share " + k + ")";
                }
            };
        }

        synchronized Topology share(int k) {
            if (shares == null) {
                int[] ps = postSizes.stream().mapToInt(Integer::intValue).toArray();
                long total = n >= 0 ? n
                        : org.spinel.networks.topology.FixedTotalNumber.ofFraction(nPre, java.util.Arrays.stream(ps).sum(),
                                fraction);
                shares = org.spinel.networks.topology.FixedTotalNumber.across(nPre, ps, total,
                        new RandomStreams(seed).stream("topology-group/" + name));
            }
            return shares[k];
        }
    }

    /**
     * Adds the expected synapse count of a projection whose count follows from its sizes and parameters to the
     * footprint (at least 16 bytes a synapse: pair, weight, delay and CSR index), and refuses more synapses than one
     * Java array can index.
     */
    private void expectedSynapses(Obj t, int nPre, int nPost) {
        Problems quiet = new Problems();
        double n = switch (t.raw("type").asText("")) {
            case "all-to-all" -> (double) nPre * nPost;
            case "one-to-one" -> Math.min(nPre, nPost);
            case "fixed-probability" -> Quantity.parse(t.raw("p"), Dimension.DIMENSIONLESS, "", quiet) * nPre * nPost;
            case "fixed-in-degree" -> t.raw("k").asDouble() * nPost;
            case "fixed-total-number" -> t.has("n") ? t.raw("n").asDouble()
                    : Quantity.parse(t.raw("fraction"), Dimension.DIMENSIONLESS, "", quiet) * nPre * nPost;
            default -> 0;
        };
        if (!(n >= 0) || !quiet.isEmpty()) {
            return;
        }
        String type = t.raw("type").asText("");
        if (type.equals("one-to-one") && nPre != nPost) {
            problems.add(t.at("type"), t.raw("type"), "a topology for these sizes: one-to-one needs pre and post of "
                    + "the same size (" + nPre + " pre, " + nPost + " post neurons)");
            return;
        }
        if (type.equals("fixed-in-degree") && !t.raw("withReplacement").asBoolean(false)) {
            int available = nPre == nPost && !t.raw("autapses").asBoolean(false) ? nPre - 1 : nPre;
            if (t.raw("k").asLong() > available) {
                problems.add(t.at("k"), t.raw("k"), "an in-degree of at most " + available + " (the distinct "
                        + "presynaptic neurons available without replacement)");
                return;
            }
        }
        if (n > MAX_ARRAY - 16) {
            problems.addText(t.pointer(), "about " + (long) Math.rint(n) + " synapses (" + nPre + " pre × "
                    + nPost + " post neurons)", "at most " + (MAX_ARRAY - 16) + " synapses in one projection (Java "
                    + "arrays are int-indexed): fewer neurons or a sparser topology");
            return;
        }
        footprint.add(t.pointer(), 16.0 * n, "projection " + t.pointer() + " (about " + (long) Math.rint(n)
                + " synapses)");
    }

    /** The longest synaptic delay, in steps (the engine stores delays as 16-bit step counts). */
    static final long MAX_DELAY_STEPS = Short.MAX_VALUE;

    /** The longest Java array (a little under 2^31 elements on common VMs). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final HeapFootprint footprint = new HeapFootprint();

    private void readCouplings(Obj root) {
        ArrayNode out = root.resolvedArray("couplings");
        List<JsonNode> items = root.array("couplings", true);
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), root.at("couplings") + "/" + i, problems);
            out.add(o.resolved());
            int before = problems.size();
            String name = uniqueName(o);
            String pop = reference(o, "population", false);
            NeuronModel m = pop == null ? null : models.get(pop);
            String var = m == null ? o.string("variable", null)
                    : o.string("variable", m.stateVariables().get(0), m.stateVariables().toArray(String[]::new));
            Obj g = o.object("graph", false);
            String type = g.string("type", null, "ring-star", "explicit");
            int n = pop == null ? -1 : sizes.getOrDefault(pop, -1);
            java.util.function.Supplier<CouplingGraph> graph = null;
            if ("explicit".equals(type)) {
                graph = explicitCoupling(g, n);
            } else if (type != null) {
                int range = g.intValue("range", 1, 1, Integer.MAX_VALUE, 1);
                double mu = g.quantity("mu", Dimension.DIMENSIONLESS, 0.0, Double.NEGATIVE_INFINITY, INF);
                double sigma = g.quantity("sigma", Dimension.DIMENSIONLESS, 0.0, Double.NEGATIVE_INFINITY, INF);
                double s2h = g.quantity("sigma2Hub", Dimension.DIMENSIONLESS, 0.0, Double.NEGATIVE_INFINITY, INF);
                double s2r = g.quantity("sigma2Ring", Dimension.DIMENSIONLESS, 0.0, Double.NEGATIVE_INFINITY, INF);
                if (n > 0 && (n < 4 || 2 * range > n - 1)) {
                    problems.add(g.at("range"), g.raw("range"), "a ring range R with 2R <= N - 1 = " + (n - 1)
                            + " and at least 4 nodes (population \"" + pop + "\" has " + n + ")");
                }
                graph = () -> new RingStarTopology(n, range).coupling(mu, sigma, s2h, s2r);
            }
            g.finish();
            o.finish();
            if (problems.size() == before && name != null && m != null && graph != null) {
                var gr = graph;
                calls.add(b -> b.coupling(name, pop, var, gr.get()));
            }
        }
    }

    /**
     * A coupling given as data: {@code edges} [[i, j, w], ...] (undirected: w·(x_j − x_i) at i and w·(x_i − x_j) at
     * j), {@code directedEdges} [[target, source, w], ...], {@code triangles} [[i, j, k, w], ...] and the
     * normalisations {@code edgeNormalization} / {@code triangleNormalization}: "none", "by-degree" or a positive
     * divisor (e.g. 2R).
     */
    private java.util.function.Supplier<CouplingGraph> explicitCoupling(Obj g, int n) {
        int before = problems.size();
        List<double[]> edges = tuples(g, "edges", 3, n), directed = tuples(g, "directedEdges", 3, n),
                tris = tuples(g, "triangles", 4, n);
        CouplingGraph.Normalization en = normalization(g, "edgeNormalization"),
                tn = normalization(g, "triangleNormalization");
        if (n > 0 && n < 2) {
            problems.add(g.pointer(), g.raw("type"), "a coupled population of at least 2 nodes (it has " + n + ")");
        }
        if (problems.size() != before || n < 2) {
            return null;
        }
        return () -> {
            CouplingGraph.Builder b = CouplingGraph.builder(n).edgeNormalization(en).triangleNormalization(tn);
            for (double[] e : edges) {
                b.edge((int) e[0], (int) e[1], e[2]);
            }
            for (double[] e : directed) {
                b.directedEdge((int) e[0], (int) e[1], e[2]);
            }
            for (double[] t : tris) {
                b.triangle((int) t[0], (int) t[1], (int) t[2], t[3]);
            }
            return b.build();
        };
    }

    /** Rows of {@code width} numbers: node indices in [0, n) (distinct within a row), then a finite weight. */
    private List<double[]> tuples(Obj g, String field, int width, int n) {
        List<double[]> out = new ArrayList<>();
        if (!g.has(field)) {
            return out;
        }
        List<JsonNode> rows = g.array(field, true);
        g.resolved().set(field, g.raw(field).deepCopy());
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = rows.get(r);
            String at = g.at(field) + "/" + r;
            if (!row.isArray() || row.size() != width) {
                problems.add(at, row, "an array of " + (width - 1) + " node indices and a weight");
                continue;
            }
            double[] t = new double[width];
            boolean ok = true;
            for (int c = 0; c < width - 1; c++) {
                JsonNode v = row.get(c);
                if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0 || (n > 0 && v.asInt() >= n)) {
                    problems.add(at + "/" + c, v, "a node index in [0, " + (n > 0 ? n - 1 : "N - 1") + "]");
                    ok = false;
                    continue;
                }
                t[c] = v.asInt();
                for (int d = 0; d < c; d++) {
                    if (t[d] == t[c]) {
                        problems.add(at + "/" + c, v, "a node other than " + (int) t[d] + " (the row's nodes must differ)");
                        ok = false;
                    }
                }
            }
            JsonNode w = row.get(width - 1);
            if (!w.isNumber() || !Double.isFinite(w.asDouble())) {
                problems.add(at + "/" + (width - 1), w, "a finite coupling weight");
                ok = false;
            }
            t[width - 1] = w.asDouble();
            if (ok) {
                out.add(t);
            }
        }
        return out;
    }

    private CouplingGraph.Normalization normalization(Obj g, String field) {
        JsonNode v = g.raw(field);
        if (v.isMissingNode() || v.isNull()) {
            g.resolved().put(field, "none");
            return CouplingGraph.Normalization.NONE;
        }
        if (v.isNumber()) {
            double d = g.quantity(field, Dimension.DIMENSIONLESS, null, Double.MIN_VALUE, INF);
            return Double.isNaN(d) ? CouplingGraph.Normalization.NONE : CouplingGraph.Normalization.constant(d);
        }
        String s = g.string(field, "none", "none", "by-degree");
        return "by-degree".equals(s) ? CouplingGraph.Normalization.BY_DEGREE : CouplingGraph.Normalization.NONE;
    }

    private void readCurrents(Obj root) {
        ArrayNode out = root.resolvedArray("currents");
        List<JsonNode> items = root.array("currents", true);
        for (int i = 0; i < items.size(); i++) {
            Obj o = new Obj(items.get(i), root.at("currents") + "/" + i, problems);
            out.add(o.resolved());
            int before = problems.size();
            String name = uniqueName(o);
            String pop = reference(o, "population", false);
            NeuronModel m = pop == null ? null : models.get(pop);
            Dimension dim = m == null ? Dimension.CURRENT : Dimension.ofUnit(m.inputUnit());
            // Without a valid population the values' unit is unknown: they are not checked (the cause is reported).
            Problems vp = m == null ? new Problems() : problems;
            Obj vo = m == null ? new Obj(items.get(i), o.pointer(), vp) : o;
            o.allow("value", "values");
            int[] neurons = indices(o, "neurons", pop);
            String type = o.string("type", "constant", "constant", "step", "array");
            CurrentProfile profile = null;
            if ("constant".equals(type)) {
                double v = vo.quantity("value", dim, null, Double.NEGATIVE_INFINITY, INF);
                profile = Double.isNaN(v) ? null : CurrentProfile.constant(v);
            } else if ("step".equals(type)) {
                double v = vo.quantity("value", dim, null, Double.NEGATIVE_INFINITY, INF);
                double start = o.quantity("start", Dimension.TIME, 0.0, 0, INF);
                double stop = o.has("stop") ? o.quantity("stop", Dimension.TIME, null, 0, INF) : INF; // absent: never
                if (start >= stop) {
                    problems.add(o.at("stop"), o.raw("stop"), "a time > start (" + TimeSteps.format(start) + " ms)");
                }
                TimeSteps.whole(start, dt, o.at("start"), o.raw("start"), "a start time", problems);
                if (stop < INF) {
                    TimeSteps.whole(stop, dt, o.at("stop"), o.raw("stop"), "a stop time", problems);
                }
                profile = Double.isNaN(v + start + stop) || !(start < stop) ? null : CurrentProfile.step(v, start, stop);
            } else if ("array".equals(type)) {
                List<JsonNode> vs = o.array("values", false);
                double[] values = new double[vs.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = Quantity.parse(vs.get(k), dim, o.at("values") + "/" + k, vp);
                }
                ArrayNode rv = o.resolved().putArray("values");
                for (double v : values) {
                    rv.add(v);
                }
                double bin = o.quantity("bin", Dimension.TIME, null, Double.MIN_VALUE, INF);
                TimeSteps.whole(bin, dt, o.at("bin"), o.raw("bin"), "a bin", problems);
                profile = problems.size() == before ? CurrentProfile.array(values, bin) : null;
            } else {
                o.allow("value", "start", "stop", "values", "bin");
            }
            o.finish();
            if (problems.size() == before && name != null && m != null && profile != null) {
                final CurrentProfile p = profile;
                calls.add(b -> b.current(name, pop, neurons, p));
            }
        }
    }

    private void readMonitors(Obj root) {
        Obj o = root.object("monitors", true);
        if (o == null) {
            for (var e : models.entrySet()) {
                if (e.getValue() != null) {
                    calls.add(b -> b.recordSpikes(e.getKey()));
                }
            }
            ObjectNode r = root.resolved().putObject("monitors");
            ArrayNode s = r.putArray("spikes");
            models.forEach((k, v) -> {
                if (v != null) {
                    s.add(k);
                }
            });
            r.putArray("rates");
            r.putArray("state");
            return;
        }
        List<JsonNode> spikes = o.array("spikes", true);
        ArrayNode rs = o.resolvedArray("spikes");
        for (int k = 0; k < spikes.size(); k++) {
            JsonNode v = spikes.get(k);
            String ptr = o.at("spikes") + "/" + k;
            if (v.isTextual() && badPopulations.contains(v.asText())) {
                continue; // an invalid population, reported where it is defined
            }
            if (!v.isTextual() || !models.containsKey(v.asText())) {
                problems.add(ptr, v, "the name of a population or source " + models.keySet()
                        + (badPopulations.isEmpty() ? "" : " or " + badPopulations)
                        + nearestHint(v.isTextual() ? v.asText() : ""));
                continue;
            }
            String p = v.asText();
            rs.add(p);
            calls.add(b -> b.recordSpikes(p));
        }
        List<JsonNode> rates = o.array("rates", true);
        ArrayNode rr = o.resolvedArray("rates");
        for (int k = 0; k < rates.size(); k++) {
            Obj r = new Obj(rates.get(k), o.at("rates") + "/" + k, problems);
            rr.add(r.resolved());
            String p = reference(r, "population", true);
            // Default 1 ms, or the nearest whole number of steps (at least one) when dt does not divide 1 ms.
            double defBin = Double.isNaN(dt) || TimeSteps.whole(1.0, dt, "", null, "", new Problems()) >= 0 ? 1.0
                    : Math.max(1, Math.rint(1.0 / dt)) * dt;
            double bin = r.quantity("bin", Dimension.TIME, defBin, Double.MIN_VALUE, INF);
            if (r.has("bin")) {
                TimeSteps.whole(bin, dt, r.at("bin"), r.raw("bin"), "a bin", problems);
            }
            r.finish();
            if (p != null && !Double.isNaN(bin)) {
                calls.add(b -> b.recordRate(p, bin));
                if (steps >= 0) { // one count per bin, in a growing long[]
                    footprint.addMonitor(r.pointer(), 8.0 * (steps / Math.max(1, Math.rint(bin / dt)) + 1), "rate monitor "
                            + r.pointer() + " (" + steps + " steps)");
                }
            }
        }
        List<JsonNode> state = o.array("state", true);
        ArrayNode rst = o.resolvedArray("state");
        for (int k = 0; k < state.size(); k++) {
            Obj r = new Obj(state.get(k), o.at("state") + "/" + k, problems);
            rst.add(r.resolved());
            int before = problems.size();
            String p = reference(r, "population", false);
            NeuronModel m = p == null ? null : models.get(p);
            String var = m == null ? r.string("variable", null)
                    : r.string("variable", null, m.stateVariables().toArray(String[]::new));
            int[] neurons = indices(r, "neurons", p);
            int stride = r.intValue("stride", 1, 1, Integer.MAX_VALUE, 1);
            r.finish();
            if (problems.size() == before && p != null && var != null) {
                calls.add(b -> b.recordState(p, var, neurons, stride));
                if (steps >= 0) { // a row of the recorded neurons every stride steps
                    int cols = neurons != null ? neurons.length : sizes.getOrDefault(p, 0);
                    footprint.addMonitor(r.pointer(), (steps / (double) stride + 1) * (8.0 * cols + 24), "state monitor "
                            + r.pointer() + " (" + (steps / stride + 1) + " rows of " + cols + " neurons)");
                }
            }
        }
        o.finish();
    }

    private Experiment.Outputs readOutputs(Obj root) {
        Obj o = root.object("outputs", true);
        if (o == null) {
            ObjectNode r = root.resolved().putObject("outputs");
            r.putArray("formats").add("csv").add("npy").add("hdf5");
            r.put("plots", true);
            return new Experiment.Outputs(true, true, true, true);
        }
        boolean csv = true, npy = true, hdf5 = true;
        if (o.has("formats")) {
            csv = npy = hdf5 = false;
            List<JsonNode> fs = o.array("formats", false);
            ArrayNode rf = o.resolvedArray("formats");
            for (int k = 0; k < fs.size(); k++) {
                String f = fs.get(k).asText("");
                switch (fs.get(k).isTextual() ? f : "") {
                    case "csv" -> csv = true;
                    case "npy" -> npy = true;
                    case "hdf5" -> hdf5 = true;
                    default -> {
                        problems.add(o.at("formats") + "/" + k, fs.get(k), "one of [csv, npy, hdf5]");
                        continue;
                    }
                }
                rf.add(f);
            }
        } else {
            o.resolvedArray("formats").add("csv").add("npy").add("hdf5");
        }
        boolean plots = o.bool("plots", true);
        o.finish();
        return new Experiment.Outputs(csv, npy, hdf5, plots);
    }

    /** Whether a sweep may set {@code pointer}: a JSON pointer into the experiment, not into /sweep, not /seed. */
    private static boolean sweepable(String pointer) {
        return pointer.startsWith("/") && !pointer.startsWith("/sweep") && !pointer.equals("/seed");
    }

    private Experiment.SweepSpec readSweep(Obj root, JsonNode doc) {
        Obj o = root.object("sweep", true);
        if (o == null) {
            return null;
        }
        List<Experiment.Axis> axes = new ArrayList<>();
        List<JsonNode> grid = o.array("grid", true);
        ArrayNode rg = o.resolvedArray("grid");
        for (int k = 0; k < grid.size(); k++) {
            Obj a = new Obj(grid.get(k), o.at("grid") + "/" + k, problems);
            rg.add(a.resolved());
            String path = a.string("path", null);
            List<JsonNode> values = a.array("values", false);
            if (a.has("values") && values.isEmpty()) {
                problems.add(a.at("values"), a.raw("values"), "at least one value");
            }
            a.resolved().set("values", a.raw("values").deepCopy());
            List<Experiment.Link> linked = new ArrayList<>();
            if (a.has("linked")) {
                List<JsonNode> ls = a.array("linked", false);
                ArrayNode rl = a.resolvedArray("linked");
                for (int l = 0; l < ls.size(); l++) {
                    Obj lo = new Obj(ls.get(l), a.at("linked") + "/" + l, problems);
                    rl.add(lo.resolved());
                    String lp = lo.string("path", null);
                    double scale = lo.quantity("scale", Dimension.DIMENSIONLESS, 1.0, Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY);
                    lo.finish();
                    if (lp != null && !sweepable(lp)) {
                        problems.add(lo.at("path"), lo.raw("path"), "a JSON pointer into the experiment (not /sweep or /seed)");
                    } else if (lp != null && (lp.equals(path) || linked.stream().anyMatch(x -> x.path().equals(lp)))) {
                        problems.add(lo.at("path"), lo.raw("path"), "a pointer that this axis does not set already");
                    } else if (lp != null && !Double.isNaN(scale)) {
                        linked.add(new Experiment.Link(lp, scale));
                    }
                }
                for (int v = 0; v < values.size() && !ls.isEmpty(); v++) {
                    if (!values.get(v).isNumber()) {
                        problems.add(a.at("values") + "/" + v, values.get(v), "a number (an axis with \"linked\" "
                                + "pointers sets each of them to scale × value)");
                    }
                }
            }
            a.finish();
            if (path != null) {
                if (!sweepable(path)) {
                    problems.add(a.at("path"), a.raw("path"), "a JSON pointer into the experiment such as "
                            + "\"/projections/0/weight\" (not /sweep; sweep seeds with \"seeds\")");
                } else if (!values.isEmpty()) {
                    Experiment.Axis axis = new Experiment.Axis(path, values, linked);
                    // Each value must give a valid experiment: check them now, before anything runs.
                    for (int v = 0; v < values.size(); v++) {
                        if (!linked.isEmpty() && !values.get(v).isNumber()) {
                            continue; // reported above
                        }
                        JsonNode variant = doc.deepCopy();
                        ((ObjectNode) variant).remove("sweep");
                        Problems vp = new Problems();
                        axis.assignments(values.get(v)).forEach((p, x) -> Overrides.setNode(variant, p, x, vp));
                        if (vp.isEmpty()) {
                            try {
                                new ExperimentReader().readRoot(variant);
                            } catch (ExperimentException e) {
                                e.errors().forEach(err -> vp.addText(err.pointer(), err.found(), err.expected()));
                            }
                        }
                        for (ValidationError err : vp.list()) {
                            if (problems.list().contains(err)) {
                                continue; // a problem of the document itself, reported once where it is
                            }
                            problems.addText(a.at("values") + "/" + v, err.found() + " at " + err.pointer(), err.expected());
                        }
                    }
                }
                axes.add(new Experiment.Axis(path, values, linked));
            }
        }
        List<Long> seeds = new ArrayList<>();
        if (o.has("seeds")) {
            List<JsonNode> ss = o.array("seeds", false);
            ArrayNode rs = o.resolvedArray("seeds");
            for (int k = 0; k < ss.size(); k++) {
                if (!ss.get(k).isIntegralNumber() || !ss.get(k).canConvertToLong()) {
                    problems.add(o.at("seeds") + "/" + k, ss.get(k), "an integer seed");
                } else {
                    seeds.add(ss.get(k).asLong());
                    rs.add(ss.get(k).asLong());
                }
            }
            if (ss.isEmpty()) {
                problems.add(o.at("seeds"), o.raw("seeds"), "at least one seed");
            }
        } else {
            seeds.add(seed);
            o.resolvedArray("seeds").add(seed);
        }
        int parallel = o.intValue("parallel", Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 1, 1024, 1);
        Experiment.Summary summary = null;
        Obj so = o.object("summary", true);
        if (so != null) {
            String x = so.string("x", null), y = so.string("y", null);
            String series = so.has("series") ? so.string("series", null) : null;
            summary = new Experiment.Summary(x, y, series, so.bool("logX", false));
            so.finish();
        }
        o.finish();
        return new Experiment.SweepSpec(axes, seeds, parallel, summary);
    }

    // ------------------------------------------------------------------ helpers

    private String uniqueName(Obj o) {
        String n = o.string("name", null);
        if (n == null) {
            return null;
        }
        if (!n.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            problems.add(o.at("name"), o.raw("name"), "a name starting with a letter or '_', then letters, digits, '_', '.', '-'");
            return null;
        }
        if (usedNames.contains(n)) {
            problems.add(o.at("name"), o.raw("name"), "a name not used by another population, source, projection, "
                    + "coupling or current");
            return null;
        }
        usedNames.add(n);
        return n;
    }

    private final java.util.Set<String> usedNames = new java.util.HashSet<>();

    /** A reference to a population ({@code sourceOk}: or a source); null after a problem. */
    private String reference(Obj o, String field, boolean sourceOk) {
        String n = o.string(field, null);
        if (n == null || badPopulations.contains(n)) {
            return null; // a bad population was reported where it is defined
        }
        if (!models.containsKey(n) || (!sourceOk && models.get(n) == null)) {
            List<String> valid = new ArrayList<>(models.entrySet().stream().filter(e -> sourceOk || e.getValue() != null)
                    .map(Map.Entry::getKey).toList());
            valid.addAll(badPopulations);
            problems.add(o.at(field), o.raw(field), "the name of a " + (sourceOk ? "population or source " : "population ")
                    + valid + nearestHint(n, valid));
            return null;
        }
        return n;
    }

    private final java.util.Set<String> badPopulations = new java.util.HashSet<>();

    private String nearestHint(String n) {
        return nearestHint(n, models.keySet());
    }

    private static String nearestHint(String n, java.util.Collection<String> valid) {
        String near = Problems.nearest(n, valid);
        return near != null ? " (did you mean \"" + near + "\"?)" : "";
    }

    /** Optional neuron index list; null = all. */
    private int[] indices(Obj o, String field, String pop) {
        if (!o.has(field)) {
            return null;
        }
        List<JsonNode> ns = o.array(field, false);
        int size = pop == null ? -1 : sizes.getOrDefault(pop, -1);
        int[] out = new int[ns.size()];
        for (int k = 0; k < ns.size(); k++) {
            JsonNode v = ns.get(k);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0 || (size > 0 && v.asInt() >= size)) {
                problems.add(o.at(field) + "/" + k, v, "a neuron index in [0, " + (size > 0 ? size - 1 : "size - 1") + "]");
            }
            out[k] = v.asInt();
        }
        o.resolved().set(field, o.raw(field).deepCopy());
        return out;
    }
}
