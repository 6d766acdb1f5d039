package org.spinel.plasticity.train;

/**
 * One named weight block of a {@link TrainableModel}: a dense {@code pre × post} matrix stored row-major,
 * {@code weights[j·post + i]} from presynaptic unit {@code j} to postsynaptic unit {@code i} (the CSR order of an
 * all-to-all projection, the layout a {@link org.spinel.networks.plasticity.Projector} sees).
 *
 * @param name    unique within the model; the key of checkpoints and of JSON settings (no {@code '/'})
 * @param role    what the block connects
 * @param pre     presynaptic units (rows)
 * @param post    postsynaptic units (columns)
 * @param weights the live weights, owned by the model: the trainer updates them in place
 */
public record WeightBlock(String name, BlockRole role, int pre, int post, double[] weights) {
    /** Validates the name, the shape and the array's length. */
    public WeightBlock {
        if (name == null || name.isBlank() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("weight block name " + (name == null ? "null" : "\"" + name + "\"")
                    + ": expected a non-blank name without '/'");
        }
        if (role == null) {
            throw new IllegalArgumentException("weight block \"" + name + "\": expected a role");
        }
        if (pre < 1 || post < 1) {
            throw new IllegalArgumentException("weight block \"" + name + "\" of " + pre + " x " + post
                    + ": expected at least one unit on each side");
        }
        if (weights == null || weights.length != (long) pre * post) {
            throw new IllegalArgumentException("weight block \"" + name + "\": " + (weights == null ? "no array"
                    : weights.length + " weights") + ", expected pre x post = " + (long) pre * post);
        }
    }

    /** Number of weights, {@code pre·post}. */
    public int size() {
        return weights.length;
    }

    /** {@code "name (role, pre x post)"}, as error messages name a block. */
    public String describe() {
        return "\"" + name + "\" (" + role.name().toLowerCase().replace('_', '-') + ", " + pre + " x " + post + ")";
    }
}
