package org.spinel.results.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Continual-learning metrics of an accuracy matrix {@code A[j][i]}: the accuracy on task {@code i} after training
 * task {@code j} (T × T, tasks in training order; entries above the diagonal, tasks not yet trained, are used only
 * by {@link #forwardTransfer}). Works on any matrix, including one imported from another library
 * ({@link #read}).
 *
 * <ul>
 *   <li>ACC = (1/T) Σ_i A[T−1][i] and BWT = (1/(T−1)) Σ_{i&lt;T−1} (A[T−1][i] − A[i][i]); FWT =
 *       (1/(T−1)) Σ_{i&gt;0} (A[i−1][i] − b_i) with b_i the accuracy of a model trained on nothing (or at random
 *       initialisation) on task i (Lopez-Paz &amp; Ranzato, "Gradient Episodic Memory for Continual Learning", NeurIPS
 *       2017, Eqs. 2–4);</li>
 *   <li>forgetting = (1/(T−1)) Σ_{i&lt;T−1} max_{l&lt;T−1} (A[l][i] − A[T−1][i]) over the rows {@code l ≥ i}
 *       (Chaudhry et al., "Riemannian Walk for Incremental Learning", ECCV 2018, Eqs. 5–6);</li>
 *   <li>average incremental accuracy = (1/T) Σ_j (1/(j+1)) Σ_{i≤j} A[j][i] (Rebuffi et al., iCaRL, CVPR 2017).</li>
 * </ul>
 * With one task, BWT, FWT and forgetting are 0 (no earlier task).
 */
public final class ContinualMetrics {
    private ContinualMetrics() {
    }

    /** Checks that {@code a} is square, non-empty and finite on and below the diagonal; returns T. */
    private static int tasks(double[][] a) {
        int t = a.length;
        if (t == 0) {
            throw new IllegalArgumentException("accuracy matrix with no tasks");
        }
        for (int j = 0; j < t; j++) {
            if (a[j].length != t) {
                throw new IllegalArgumentException("accuracy matrix row " + j + " has " + a[j].length
                        + " entries: expected " + t + " (a square T × T matrix)");
            }
            for (int i = 0; i <= j; i++) {
                if (!Double.isFinite(a[j][i])) {
                    throw new IllegalArgumentException("accuracy matrix entry [" + j + "][" + i + "] = " + a[j][i]
                            + ": expected a finite accuracy on and below the diagonal");
                }
            }
        }
        return t;
    }

    /** ACC: mean accuracy over all tasks after the last one. */
    public static double averageAccuracy(double[][] a) {
        int t = tasks(a);
        double s = 0;
        for (int i = 0; i < t; i++) {
            s += a[t - 1][i];
        }
        return s / t;
    }

    /** BWT: mean change of each earlier task's accuracy from just after it was trained to the end (negative: forgetting). */
    public static double backwardTransfer(double[][] a) {
        int t = tasks(a);
        if (t == 1) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < t - 1; i++) {
            s += a[t - 1][i] - a[i][i];
        }
        return s / (t - 1);
    }

    /**
     * FWT: mean accuracy on each task before it was trained, above the baseline {@code b} (length T; b_0 unused).
     *
     * @throws IllegalArgumentException if an entry just above the diagonal is not finite
     */
    public static double forwardTransfer(double[][] a, double[] b) {
        int t = tasks(a);
        if (b.length != t) {
            throw new IllegalArgumentException(b.length + " baseline accuracies for " + t + " tasks");
        }
        if (t == 1) {
            return 0;
        }
        double s = 0;
        for (int i = 1; i < t; i++) {
            if (!Double.isFinite(a[i - 1][i])) {
                throw new IllegalArgumentException("accuracy matrix entry [" + (i - 1) + "][" + i + "] = "
                        + a[i - 1][i] + ": forward transfer needs each task evaluated before it is trained");
            }
            s += a[i - 1][i] - b[i];
        }
        return s / (t - 1);
    }

    /** Forgetting (Chaudhry et al. 2018): mean over earlier tasks of the largest drop from an earlier row to the last. */
    public static double forgetting(double[][] a) {
        int t = tasks(a);
        if (t == 1) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < t - 1; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int l = i; l < t - 1; l++) {
                best = Math.max(best, a[l][i]);
            }
            s += best - a[t - 1][i];
        }
        return s / (t - 1);
    }

    /** Average incremental accuracy: the mean over rows j of the mean accuracy on the tasks 0..j seen so far. */
    public static double averageIncrementalAccuracy(double[][] a) {
        int t = tasks(a);
        double s = 0;
        for (int j = 0; j < t; j++) {
            double r = 0;
            for (int i = 0; i <= j; i++) {
                r += a[j][i];
            }
            s += r / (j + 1);
        }
        return s / t;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads an accuracy matrix: a {@code .npy} file (2-D, float64 or float32, little or big endian, C or Fortran
     * order) or a CSV file (one row per line, comma separated; a first line or first column that is not numeric is
     * taken as a header or row label and skipped, and so is a numeric first column when the rows have one value more
     * than there are rows (an accuracy matrix is square); empty cells and {@code nan} read as NaN).
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when it holds no 2-D numeric matrix
     */
    public static double[][] read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase();
        return name.endsWith(".npy") ? readNpy(file) : readCsv(file);
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fi])(\\d)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)");

    private static double[][] readNpy(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 10 || all[0] != (byte) 0x93 || all[1] != 'N' || all[2] != 'U' || all[3] != 'M'
                || all[4] != 'P' || all[5] != 'Y') {
            throw new IllegalArgumentException(file + ": not an NPY file (no \\x93NUMPY magic)");
        }
        int major = all[6];
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen, start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else {
            headerLen = bb.getInt(8);
            start = 12;
        }
        String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), o = ORDER.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new IllegalArgumentException(file + ": NPY header " + header.trim() + ": expected a 2-D float64, "
                    + "float32 or integer array");
        }
        boolean big = d.group(1).equals(">");
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        if (!(kind == 'f' && (width == 4 || width == 8) || kind == 'i' && (width == 4 || width == 8))) {
            throw new IllegalArgumentException(file + ": dtype " + d.group() + ": expected float32/64 or int32/64");
        }
        boolean fortran = o.group(1).equals("True");
        int rows = Integer.parseInt(s.group(1)), cols = Integer.parseInt(s.group(2));
        ByteBuffer data = ByteBuffer.wrap(all, start + headerLen, all.length - start - headerLen)
                .order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).slice()
                .order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if ((long) rows * cols * width > data.remaining()) {
            throw new IllegalArgumentException(file + ": " + rows + " × " + cols + " values of " + width
                    + " bytes but only " + data.remaining() + " data bytes");
        }
        double[][] a = new double[rows][cols];
        for (int k = 0; k < rows * cols; k++) {
            int at = k * width;
            double v = kind == 'f' ? (width == 8 ? data.getDouble(at) : data.getFloat(at))
                    : (width == 8 ? data.getLong(at) : data.getInt(at));
            int r = fortran ? k % rows : k / cols, c = fortran ? k / rows : k % cols;
            a[r][c] = v;
        }
        return a;
    }

    private static double[][] readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<double[]> rows = new ArrayList<>();
        boolean labelColumn = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (rows.isEmpty() && !numeric(cells[cells.length - 1])) {
                continue; // header line
            }
            if (rows.isEmpty()) {
                labelColumn = !numeric(cells[0]);
            }
            int from = labelColumn ? 1 : 0;
            double[] row = new double[cells.length - from];
            for (int c = from; c < cells.length; c++) {
                String v = cells[c].strip();
                if (!numeric(v)) {
                    throw new IllegalArgumentException(file + " line " + (n + 1) + " column " + (c + 1) + ": \"" + v
                            + "\": expected a number");
                }
                row[c - from] = v.isEmpty() || v.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(v);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no numeric rows");
        }
        double[][] a = rows.toArray(double[][]::new);
        if (!labelColumn && a[0].length == a.length + 1) {
            // one column more than rows: the first is a row label (e.g. the task just trained), the matrix is square
            for (int r = 0; r < a.length; r++) {
                a[r] = java.util.Arrays.copyOfRange(a[r], 1, a[r].length);
            }
        }
        return a;
    }

    private static boolean numeric(String v) {
        String s = v.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return true;
        }
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
