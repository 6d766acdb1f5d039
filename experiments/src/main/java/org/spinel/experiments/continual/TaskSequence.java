package org.spinel.experiments.continual;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.datasets.LabeledImages;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.networks.RandomStreams;

/**
 * The images of each task of a continual run, built from one dataset's training and test images.
 *
 * <ul>
 *   <li><b>permuted</b>: task t sees every image with its pixels reordered by a fixed permutation π_t
 *       ({@code out[p] = in[π_t(p)]}), drawn by a Fisher–Yates shuffle from the stream
 *       {@code continual/permutation/<t>} of the experiment seed; task 0 is the identity when
 *       {@code identityFirst}. All tasks share the labels and the head.</li>
 *   <li><b>split</b>: task t sees the images whose label is one of its classes; labels keep their dataset values
 *       (one output unit per class). Task-incremental runs mask the logits of the other tasks' classes.</li>
 * </ul>
 * Each task keeps at most {@code trainPerTask} / {@code testPerTask} images, the first ones in file order.
 */
final class TaskSequence {
    /**
     * One task: its training and test images with each image's index in its dataset file (the key of its random
     * encoder stream), and the classes its head ranges over (null: all, a shared head).
     */
    record Task(LabeledImages train, int[] trainIndex, LabeledImages test, int[] testIndex, boolean[] classMask) {
    }

    private TaskSequence() {
    }

    /**
     * @param outputs the readout's units (the length of a class mask)
     * @throws ExperimentException naming the field (a class the dataset does not have, or has no images of)
     */
    static List<Task> build(ContinualSpec.Tasks spec, LabeledImages train, LabeledImages test, int outputs,
            long seed, String dataset) {
        List<Task> out = new ArrayList<>();
        if (spec.type().equals("permuted")) {
            RandomStreams streams = new RandomStreams(seed);
            LabeledImages tr = first(train, spec.trainPerTask()), te = first(test, spec.testPerTask());
            int np = train.pixelsPerImage();
            for (int t = 0; t < spec.count(); t++) {
                int[] perm = new int[np];
                for (int p = 0; p < np; p++) {
                    perm[p] = p;
                }
                if (t > 0 || !spec.identityFirst()) {
                    UniformRandomProvider rng = streams.stream("continual/permutation/" + t);
                    for (int i = np - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int x = perm[i];
                        perm[i] = perm[j];
                        perm[j] = x;
                    }
                }
                out.add(new Task(permute(tr, perm, t), identity(tr.size()), permute(te, perm, t),
                        identity(te.size()), null));
            }
            return out;
        }
        int classes = Math.max(train.classCount(), test.classCount());
        int[] trainCounts = train.classCounts(), testCounts = test.classCounts();
        List<ValidationError> problems = new ArrayList<>();
        for (int g = 0; g < spec.classes().size(); g++) {
            int[] cs = spec.classes().get(g);
            for (int k = 0; k < cs.length; k++) {
                String at = "/protocol/tasks/classes/" + g + "/" + k;
                if (cs[k] >= classes) {
                    problems.add(new ValidationError(at, Integer.toString(cs[k]), "a class of " + dataset + " (0.."
                            + (classes - 1) + ")"));
                } else if (cs[k] >= outputs) {
                    problems.add(new ValidationError(at, Integer.toString(cs[k]), "a class below the readout's "
                            + outputs + " units"));
                } else if (count(trainCounts, cs[k]) == 0 || count(testCounts, cs[k]) == 0) {
                    problems.add(new ValidationError(at, Integer.toString(cs[k]), "a class with training and test "
                            + "images in the slice of " + dataset + " read (" + count(trainCounts, cs[k])
                            + " training, " + count(testCounts, cs[k]) + " test images of it)"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ExperimentException(problems);
        }
        for (int[] cs : spec.classes()) {
            boolean[] in = new boolean[Math.max(outputs, classes)];
            for (int c : cs) {
                in[c] = true;
            }
            boolean[] mask = spec.taskIncremental() ? java.util.Arrays.copyOf(in, outputs) : null;
            int[] tri = select(train, in, spec.trainPerTask()), tei = select(test, in, spec.testPerTask());
            out.add(new Task(train.select(tri), tri, test.select(tei), tei, mask));
        }
        return out;
    }

    private static int count(int[] counts, int c) {
        return c < counts.length ? counts[c] : 0;
    }

    private static LabeledImages first(LabeledImages images, int n) {
        return n > 0 && n < images.size() ? images.slice(0, n) : images;
    }

    private static LabeledImages permute(LabeledImages images, int[] perm, int task) {
        if (task == 0 && isIdentity(perm)) {
            return images;
        }
        int np = images.pixelsPerImage(), n = images.size();
        byte[] src = images.pixels(), dst = new byte[src.length];
        for (int i = 0; i < n; i++) {
            int base = i * np;
            for (int p = 0; p < np; p++) {
                dst[base + p] = src[base + perm[p]];
            }
        }
        return LabeledImages.of(dst, images.labels(), images.rows(), images.cols(), images.source() + " (permutation "
                + task + ")");
    }

    private static boolean isIdentity(int[] perm) {
        for (int p = 0; p < perm.length; p++) {
            if (perm[p] != p) {
                return false;
            }
        }
        return true;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** The indices of the first {@code max} images (all for -1) of the given classes, in file order. */
    private static int[] select(LabeledImages images, boolean[] classes, int max) {
        int n = 0;
        int[] idx = new int[images.size()];
        for (int i = 0; i < images.size() && (max < 0 || n < max); i++) {
            int l = images.label(i);
            if (l < classes.length && classes[l]) {
                idx[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(idx, n);
    }
}
