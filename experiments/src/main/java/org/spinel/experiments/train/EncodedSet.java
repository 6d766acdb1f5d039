package org.spinel.experiments.train;

import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.datasets.encoding.BernoulliEncoder;
import org.spinel.experiments.datasets.encoding.LatencyEncoder;
import org.spinel.experiments.datasets.encoding.PoissonEncoder;
import org.spinel.experiments.spec.TrainSpec;
import org.spinel.networks.RandomStreams;
import org.spinel.plasticity.sg.SampleInput;

/**
 * One part of a dataset (train, validation or test) encoded as network inputs. The sparse codes (latency, rate,
 * Bernoulli) are encoded once, before training, into one {@link SampleInput} per image, so an epoch allocates
 * nothing per sample. The dense current code (the pixel intensities injected at every step) is encoded once too
 * when its events fit into a quarter of the heap, and image by image on demand otherwise.
 *
 * <p>Random codes draw image {@code i} from the stream {@code train/encoder/<part>/<i>} of the experiment seed
 * ({@link RandomStreams}), where i is the image's index in the dataset file, so an image has the same spikes
 * whatever the split, the slice or the thread count, and in every epoch.
 */
public final class EncodedSet {
    private final LabeledImages images;
    private final int[] originalIndex;
    private final String part;
    private final TrainSpec.Encoder code;
    private final int steps;
    private final double dtMs;
    private final RandomStreams streams;
    private final LatencyEncoder latency;
    private final PoissonEncoder rate;
    private final BernoulliEncoder bernoulli;
    private final SampleInput[] cached;
    private final int[] labels;
    private final int[] scratchSteps;
    private final float[] scratchProb;
    private final double[] scratchDense;

    /**
     * @param images        the images of this part
     * @param originalIndex each image's index in its dataset file (for the per-image random streams)
     * @param part          "train" or "test" (the file the images come from)
     * @param code          the encoder settings
     * @param bernoulli     the Bernoulli encoder fitted on the training images (type "bernoulli"), else null
     */
    public EncodedSet(LabeledImages images, int[] originalIndex, String part, TrainSpec.Encoder code, int steps, double dtMs,
            long seed, BernoulliEncoder bernoulli) {
        this.images = images;
        this.originalIndex = originalIndex;
        this.part = part;
        this.code = code;
        this.steps = steps;
        this.dtMs = dtMs;
        this.streams = new RandomStreams(seed);
        this.latency = code.type().equals("latency")
                ? new LatencyEncoder(code.tauEffMs() / dtMs, code.threshold(), steps, code.rounding()) : null;
        this.rate = code.type().equals("rate") ? new PoissonEncoder(code.maxRateHz(), dtMs) : null;
        this.bernoulli = bernoulli;
        this.labels = images.labels();
        int np = images.pixelsPerImage();
        scratchSteps = new int[np];
        scratchProb = new float[np];
        scratchDense = code.type().equals("current") ? new double[np * steps] : null;
        boolean eager = true;
        if (code.type().equals("current")) {
            long nonZero = 0;
            for (int i = 0; i < images.size(); i++) {
                for (int p = 0; p < np; p++) {
                    if (images.pixel(i, p) != 0) {
                        nonZero++;
                    }
                }
            }
            long bytes = nonZero * steps * (Integer.BYTES + Double.BYTES);
            eager = bytes <= Runtime.getRuntime().maxMemory() / 4;
        }
        cached = eager ? new SampleInput[images.size()] : null;
        if (eager) {
            for (int i = 0; i < cached.length; i++) {
                cached[i] = encode(i);
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** The label of image i. */
    public int label(int i) {
        return labels[i];
    }

    /** Whether every image is encoded once and kept. */
    public boolean cached() {
        return cached != null;
    }

    /** The input of image i (kept, or encoded now for a dense code too large to keep). */
    public SampleInput input(int i) {
        return cached != null ? cached[i] : encode(i);
    }

    private SampleInput encode(int i) {
        int np = images.pixelsPerImage();
        switch (code.type()) {
            case "latency" -> {
                int n = latency.encode(images, i, scratchSteps);
                int[] units = new int[n], at = new int[n];
                for (int p = 0, k = 0; p < np; p++) {
                    if (scratchSteps[p] >= 0) {
                        units[k] = p;
                        at[k++] = scratchSteps[p];
                    }
                }
                return SampleInput.ofSpikes(np, steps, units, at);
            }
            case "rate", "bernoulli" -> {
                if (rate != null) {
                    rate.probabilities(images, i, scratchProb);
                } else {
                    bernoulli.probabilities(images, i, scratchProb);
                }
                var ev = BernoulliEncoder.sample(scratchProb, steps,
                        streams.stream("train/encoder/" + part + "/" + originalIndex[i]));
                return SampleInput.ofSpikes(np, steps, ev.units(), ev.steps());
            }
            case "current" -> {
                for (int p = 0; p < np; p++) {
                    double x = images.pixel(i, p) / 255.0 * code.gain();
                    for (int t = 0; t < steps; t++) {
                        scratchDense[t * np + p] = x;
                    }
                }
                return SampleInput.ofDense(np, steps, scratchDense);
            }
            default -> throw new IllegalStateException("encoder " + code.type());
        }
    }

    /** The step in ms (for messages). */
    public double dtMs() {
        return dtMs;
    }
}
