package org.spinel.experiments.datasets;

import java.util.Arrays;

import org.spinel.neurons.ParameterException;

/**
 * A set of N grey-scale images of {@code rows × cols} pixels with integer class labels, stored compactly as one
 * flat {@code byte[]} of N·rows·cols unsigned pixels (image-major, then row-major: pixel {@code p = r·cols + c}
 * of image {@code i} is at {@code i·rows·cols + p}) and one {@code int[]} of labels. Immutable: factories copy
 * their inputs and accessors copy their outputs, except the bulk {@code copy...Into} methods that fill the
 * caller's arrays without allocating.
 *
 * <p>Intensities are {@code pixel / 255} in [0, 1].
 */
public final class LabeledImages {
    private final byte[] pixels;
    private final int[] labels;
    private final int rows, cols, pixelsPerImage;
    private final String source;

    private LabeledImages(byte[] pixels, int[] labels, int rows, int cols, String source) {
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.pixelsPerImage = rows * cols;
        this.source = source;
    }

    /**
     * Copies the arrays into a new set.
     *
     * @param pixels N·rows·cols unsigned pixels, image-major
     * @param labels N labels, each &ge; 0
     * @param rows   image height (&ge; 1)
     * @param cols   image width (&ge; 1)
     * @param source where the data came from (files, generator), for manifests and messages
     */
    public static LabeledImages of(byte[] pixels, int[] labels, int rows, int cols, String source) {
        return wrap(pixels.clone(), labels.clone(), rows, cols, source);
    }

    /** As {@link #of} but takes ownership of the arrays (no copy); for loaders. */
    static LabeledImages wrap(byte[] pixels, int[] labels, int rows, int cols, String source) {
        if (rows < 1 || cols < 1) {
            throw new ParameterException("images: rows × cols = " + rows + " × " + cols + ": expected sizes >= 1");
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new ParameterException("images: " + labels.length + " labels of " + rows + " × " + cols
                    + " images need " + (long) labels.length * rows * cols + " pixels, found " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new ParameterException("images: label[" + i + "] = " + labels[i] + ": expected a class >= 0");
            }
        }
        return new LabeledImages(pixels, labels, rows, cols, source == null ? "" : source);
    }

    /** The number of images N. */
    public int size() {
        return labels.length;
    }

    /** Image height. */
    public int rows() {
        return rows;
    }

    /** Image width. */
    public int cols() {
        return cols;
    }

    /** rows·cols. */
    public int pixelsPerImage() {
        return pixelsPerImage;
    }

    /** Where the data came from (e.g. the IDX files), possibly with the slice or split applied. */
    public String source() {
        return source;
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Pixel {@code p} (row-major) of image {@code i}, in [0, 255]. */
    public int pixel(int i, int p) {
        checkPixel(p);
        return pixels[i * pixelsPerImage + p] & 0xff;
    }

    /** Pixel {@code p} of image {@code i} as an intensity {@code pixel/255} in [0, 1]. */
    public float intensity(int i, int p) {
        return pixel(i, p) / 255f;
    }

    /** Copies the pixels of image {@code i} (unsigned bytes) into {@code out[offset ..]}. */
    public void copyPixelsInto(int i, byte[] out, int offset) {
        System.arraycopy(pixels, index(i), out, offset, pixelsPerImage);
    }

    /** Writes the intensities {@code pixel/255} of image {@code i} into {@code out[offset ..]}; allocates nothing. */
    public void copyIntensitiesInto(int i, float[] out, int offset) {
        int base = index(i);
        for (int p = 0; p < pixelsPerImage; p++) {
            out[offset + p] = (pixels[base + p] & 0xff) / 255f;
        }
    }

    /** A copy of all pixels (N·rows·cols unsigned bytes, image-major). */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** All intensities as one flat N·rows·cols array in [0, 1]. */
    public float[] intensities() {
        float[] out = new float[pixels.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (pixels[k] & 0xff) / 255f;
        }
        return out;
    }

    /** The number of classes, max label + 1 (0 when empty). */
    public int classCount() {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return max + 1;
    }

    /** How many images each class has (length {@link #classCount()}). */
    public int[] classCounts() {
        int[] counts = new int[classCount()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** Images {@code from .. from+count−1}, e.g. a small set for a test, or the last 10 000 as NALSM's validation. */
    public LabeledImages slice(int from, int count) {
        if (from < 0 || count < 0 || (long) from + count > size()) {
            throw new ParameterException("slice(from = " + from + ", count = " + count + ") of " + size()
                    + " images: expected 0 <= from, 0 <= count, from + count <= " + size());
        }
        return new LabeledImages(Arrays.copyOfRange(pixels, from * pixelsPerImage, (from + count) * pixelsPerImage),
                Arrays.copyOfRange(labels, from, from + count), rows, cols,
                source + " [" + from + ", " + (from + count) + ")");
    }

    /** The images at {@code indices}, in that order (repetitions allowed). */
    public LabeledImages select(int[] indices) {
        return select(indices, source + " (selection of " + indices.length + ")");
    }

    LabeledImages select(int[] indices, String newSource) {
        byte[] px = new byte[indices.length * pixelsPerImage];
        int[] lb = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, index(indices[k]), px, k * pixelsPerImage, pixelsPerImage);
            lb[k] = labels[indices[k]];
        }
        return new LabeledImages(px, lb, rows, cols, newSource);
    }

    private int index(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("image " + i + " of " + labels.length);
        }
        return i * pixelsPerImage;
    }

    private void checkPixel(int p) {
        if (p < 0 || p >= pixelsPerImage) {
            throw new IndexOutOfBoundsException("pixel " + p + " of " + pixelsPerImage);
        }
    }

    @Override
    public String toString() {
        return size() + " images of " + rows + " × " + cols + (source.isEmpty() ? "" : " from " + source);
    }
}
