package org.spinel.experiments.datasets;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: its dimensions ({@code d₀ × d₁ × …}, d₀ usually the item count)
 * and its data in row-major order. Returned by {@link IdxReader}; the caller owns the data array.
 */
public final class IdxArray {
    private final int[] dimensions;
    private final byte[] data;

    /**
     * @param dimensions sizes, each &ge; 0
     * @param data       the row-major data, length the product of the sizes (unsigned bytes); not copied
     */
    public IdxArray(int[] dimensions, byte[] data) {
        long n = 1;
        for (int d : dimensions) {
            if (d < 0) {
                throw new IllegalArgumentException("IDX dimensions " + Arrays.toString(dimensions)
                        + ": expected sizes >= 0");
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("IDX dimensions " + Arrays.toString(dimensions) + " hold " + n
                    + " values but the data has " + data.length);
        }
        this.dimensions = dimensions.clone();
        this.data = data;
    }

    /** The number of dimensions. */
    public int rank() {
        return dimensions.length;
    }

    /** Size of dimension {@code k}. */
    public int dimension(int k) {
        return dimensions[k];
    }

    /** A copy of the sizes. */
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** The data as unsigned bytes in row-major order: the backing array itself, not a copy. */
    public byte[] data() {
        return data;
    }

    /** Value {@code i} (row-major) as an int in [0, 255]. */
    public int unsigned(int i) {
        return data[i] & 0xff;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("IDX ubyte ");
        for (int k = 0; k < dimensions.length; k++) {
            b.append(k == 0 ? "" : " × ").append(dimensions[k]);
        }
        return b.toString();
    }
}
