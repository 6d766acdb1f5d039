// Spinel OpenCL kernels: current-based LIF (exact propagators computed on the host, as in LifCurrentNeuron) and
// event delivery into per-target ring buffers of 64-bit fixed-point sums (2^-32 units), so that the sum of the
// synaptic inputs of a step does not depend on the order in which work items add them.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#pragma OPENCL FP_CONTRACT OFF

#define FIX_SCALE 4294967296.0

// A spike of neuron i in this step: the spike list (for delivery), the counter and, if recorded, the buffer the host
// reads back.
inline void emit_spike(int i, long step, __global int* spikes, __global int* spikeCount, __global long* totals,
        int record, __global int* recNeuron, __global long* recStep, __global int* recCount) {
    spikes[atomic_inc(spikeCount)] = i;
    atom_inc(&totals[0]);
    if (record) {
        int p = atomic_inc(recCount);
        recNeuron[p] = i;
        recStep[p] = step;
    }
}

// The first non-finite state of a population: its step (+1, 0 = none) and neuron.
inline void flag_non_finite(__global long* err, long step, int i) {
    if (atom_cmpxchg(&err[0], 0L, step + 1) == 0L) {
        err[1] = i;
    }
}

// This step's fixed-point arrivals of one ring slot entry, added to x (and the entry cleared).
inline double add_arrivals(double x, __global long* ring, size_t q) {
    long a = ring[q];
    ring[q] = 0;
    return a != 0 ? x + (double) a / FIX_SCALE : x;
}

// One step of one population. Arrivals of this step (ring slot) are added first, then the exact update, the
// refractory clamp, the threshold; spikes go to this step's list, to the recording buffer and to the counters.
__kernel void lif_cuba_step(__global double* v, __global double* ge, __global double* gi, __global int* ref,
        __global long* ringE, __global long* ringI, const int slot, const int n,
        const double pvv, const double pve, const double pvi, const double pee, const double pii, const double c0,
        const double vt, const double vr, const double cI, const int refSteps,
        __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* totals, __global long* err, __global double* input) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    double in = input[i];
    input[i] = 0.0;
    size_t k = (size_t) slot * n + i;
    double e = add_arrivals(ge[i], ringE, k), g = add_arrivals(gi[i], ringI, k);
    double vn = c0 + pvv * v[i] + cI * in + pve * e + pvi * g;
    ge[i] = e * pee;
    gi[i] = g * pii;
    int r = ref[i];
    if (r > 0) {
        ref[i] = r - 1;
        v[i] = vr;
        return;
    }
    if (vn > vt) {
        if (isinf(vn)) {
            flag_non_finite(err, step, i);
        }
        v[i] = vr;
        ref[i] = refSteps;
        emit_spike(i, step, spikes, spikeCount, totals, record, recNeuron, recStep, recCount);
    } else if (!(vn > -INFINITY)) {
        flag_non_finite(err, step, i);
        v[i] = vn;
    } else {
        v[i] = vn;
    }
}

// Discrete-time LIF of surrogate-gradient layers (DiscreteLifNeuron), with the Java kernel's operations in its order.
// This step's arrivals (the one-step deliveries of the previous step's spikes) complete I_t = alpha I_{t-1} + ...;
// S_t = step(U_t - th); U_{t+1} = (beta U_t + I_t)(1 - S_t) (zero), beta U_t + I_t - th S_t (subtract) or
// beta U_t + I_t (non-spiking); the stored current becomes alpha I_t plus the step's external drive.
__kernel void lif_discrete_step(__global double* u, __global double* cur, __global long* ring, const int slot,
        const int n, const double a, const double b, const double th, const int spiking, const int zero,
        const int atThreshold, __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* totals, __global long* err, __global double* input) {
    int k = get_global_id(0);
    if (k >= n) {
        return;
    }
    double in = input[k];
    input[k] = 0.0;
    double ik = add_arrivals(cur[k], ring, (size_t) slot * n + k);
    double uk = u[k];
    double pre = b * uk + ik;
    double r = 0.0, un = pre;
    if (spiking) {
        double x = uk - th;
        r = (atThreshold ? x >= 0.0 : x > 0.0) ? 1.0 : 0.0;
        un = zero ? pre * (1.0 - r) : pre - th * r;
    }
    double inext = a * ik;
    if (in != 0.0) {
        inext += in;
    }
    if (!(fabs(un) < INFINITY) || !(fabs(inext) < INFINITY)) {
        flag_non_finite(err, step, k);
    }
    u[k] = un;
    cur[k] = inext;
    if (r != 0.0) {
        emit_spike(k, step, spikes, spikeCount, totals, record, recNeuron, recStep, recCount);
    }
}

// Delivery of one projection. The spike count lives on the device, so the host launches a fixed, small number of
// work items that stride over this step's spike list (launching one per presynaptic neuron would make every step
// pay for the whole population even when a handful of neurons spiked).
__kernel void deliver(__global const int* spikes, __global const int* spikeCount, __global const int* rowStart,
        __global const int* target, __global const float* w, __global const short* delay, const int uniformDelay,
        __global long* ring, const int slots, const int nPost, const long step, __global long* events) {
    int count = spikeCount[0];
    long done = 0;
    for (int k = get_global_id(0); k < count; k += get_global_size(0)) {
        int j = spikes[k];
        int s0 = rowStart[j], s1 = rowStart[j + 1];
        for (int s = s0; s < s1; s++) {
            int d = uniformDelay > 0 ? uniformDelay : (int) delay[s];
            size_t slot = (size_t) ((step + d) % slots);
            atom_add(&ring[slot * nPost + target[s]], (long) rint((double) w[s] * FIX_SCALE));
        }
        done += s1 - s0;
    }
    if (done != 0) {
        atom_add(&events[0], done);
    }
}

// Conductance-based LIF (LifConductanceNeuron): exponential Euler for v with the conductances of the step start,
// exact decay of the conductances; a refractory neuron keeps v (set to vReset at its spike).
__kernel void lif_coba_step(__global double* v, __global double* ge, __global double* gi, __global int* ref,
        __global long* ringE, __global long* ringI, const int slot, const int n,
        const double pee, const double pii, const double k, const double gLeL, const double gl, const double ee,
        const double ei, const double vt, const double vr, const int refSteps,
        __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* totals, __global long* err, __global double* input) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    double in = input[i];
    input[i] = 0.0;
    size_t q = (size_t) slot * n + i;
    double e = add_arrivals(ge[i], ringE, q), g = add_arrivals(gi[i], ringI, q);
    ge[i] = e * pee;
    gi[i] = g * pii;
    int r = ref[i];
    if (r > 0) {
        ref[i] = r - 1;
        return;
    }
    double gt = gl + e + g;
    double vInf = (gLeL + e * ee + g * ei + in) / gt;
    double vn = vInf + (v[i] - vInf) * exp(k * gt);
    if (vn > vt) {
        if (isinf(vn)) {
            flag_non_finite(err, step, i);
        }
        v[i] = vr;
        ref[i] = refSteps;
        emit_spike(i, step, spikes, spikeCount, totals, record, recNeuron, recStep, recCount);
    } else {
        if (!(vn > -INFINITY)) {
            flag_non_finite(err, step, i);
        }
        v[i] = vn;
    }
}

// A state monitor's sample at the start of a step: the variable plus this step's arrivals (when it is a synaptic
// target), as the Java backend records after arrivals and before the update.
__kernel void sample(__global const double* var, __global const long* ring, const int slot, const int n,
        const int addRing, __global const int* idx, const int m, __global double* out, const int row) {
    int c = get_global_id(0);
    if (c >= m) {
        return;
    }
    int i = idx[c];
    double x = var[i];
    if (addRing) {
        long a = ring[(size_t) slot * n + i];
        if (a != 0) {
            x = x + (double) a / FIX_SCALE;
        }
    }
    out[(size_t) row * m + c] = x;
}

// A source's spikes of one step, generated on the host (SourceGenerator) and uploaded per chunk.
__kernel void source_step(__global const int* chunkNeurons, const int base, const int count, __global int* spikes,
        __global int* spikeCount) {
    int k = get_global_id(0);
    if (k == 0) {
        spikeCount[0] = count;
    }
    if (k < count) {
        spikes[k] = chunkNeurons[base + k];
    }
}

// Chialvo map (ChialvoNeuron): x' = x^2 e^(y-x) + k0 + I, y' = a y - b x + c; a spike is an upward crossing of th.
__kernel void chialvo_step(__global double* xs, __global double* ys, __global double* input, const int n,
        const double a, const double b, const double c, const double k0, const double th,
        __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* totals, __global long* err) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    double in = input[i];
    input[i] = 0.0;
    double x = xs[i], y = ys[i];
    double xn = x * x * exp(y - x) + k0 + in;
    double yn = a * y - b * x + c;
    if (!(fabs(xn) < INFINITY) || !(fabs(yn) < INFINITY)) {
        flag_non_finite(err, step, i);
    }
    xs[i] = xn;
    ys[i] = yn;
    if (x < th && xn >= th) {
        emit_spike(i, step, spikes, spikeCount, totals, record, recNeuron, recStep, recCount);
    }
}

// An injected current: value added to the input of every neuron (idx null: all) in this step.
__kernel void add_current(__global double* input, __global const int* idx, const int useIdx, const int m,
        const double value) {
    int c = get_global_id(0);
    if (c >= m) {
        return;
    }
    input[useIdx ? idx[c] : c] += value;
}

// Diffusive coupling (CouplingGraph): pairwise terms w (x_j - x_i), then triangle terms w (x_j + x_k - 2 x_i), in
// the same order as the Java backend; x is the state at the start of the step (the update runs afterwards).
__kernel void coupling(__global const double* x, __global const int* edgeStart, __global const int* edgeSource,
        __global const double* edgeWeight, __global const int* triStart, __global const int* triJ,
        __global const int* triK, __global const double* triWeight, __global double* input, const int n) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    double xi = x[i], sum = 0;
    for (int k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
        sum += edgeWeight[k] * (x[edgeSource[k]] - xi);
    }
    for (int k = triStart[i]; k < triStart[i + 1]; k++) {
        sum += triWeight[k] * (x[triJ[k]] + x[triK[k]] - 2 * xi);
    }
    input[i] += sum;
}

// STDP (StdpRule), presynaptic side (work items stride over the spike list, as in deliver): for each spike of this step,
// the post-before-pre update of its row's synapses from the postsynaptic traces (decayed lazily): depression, or
// potentiation when the presynaptic neurons are inhibitory (mirrored window); then the presynaptic trace update.
// Rows are disjoint: no races.
__kernel void stdp_pre(__global const int* spikes, __global const int* spikeCount, __global const int* rowStart,
        __global const int* target, __global float* w, __global const double* xPost, __global const long* tPost,
        __global double* xPre, __global long* tPre, const double aPlus, const double aMinus, const double kMinus,
        const double kPlus, const int multiplicative, const double wMin, const double wMax, const int allToAll,
        const int bounded, const double lo, const double hi, const double increment, const int inhibitory,
        const long step) {
    int count = spikeCount[0];
    for (int k = get_global_id(0); k < count; k += get_global_size(0)) {
    int j = spikes[k];
    for (int s = rowStart[j]; s < rowStart[j + 1]; s++) {
        int i = target[s];
        double x = xPost[i];
        if (x != 0) {
            double trace = x * exp(kMinus * (double) (step - tPost[i]));
            double dw;
            if (inhibitory) {
                double f = multiplicative ? wMax - (double) w[s] : 1.0;
                dw = 1.0 * (aPlus * f * trace) + 1.0 * 0.0;
            } else {
                double f = multiplicative ? (double) w[s] - wMin : 1.0;
                dw = 1.0 * 0.0 + 1.0 * (-aMinus * f * trace);
            }
            double nw = (double) w[s] + dw;
            if (bounded) {
                nw = nw < lo ? lo : (nw > hi ? hi : nw);
            }
            w[s] = (float) nw;
        }
    }
    double decayed = xPre[j] == 0 ? 0 : xPre[j] * exp(kPlus * (double) (step - tPre[j]));
    xPre[j] = allToAll ? decayed + increment : increment;
    tPre[j] = step;
    }
}

// STDP, postsynaptic side: for each postsynaptic spike of this step, the pre-before-post update of its incoming
// synapses from the presynaptic traces (which include this step's presynaptic spikes, removed again when
// simultaneous spikes are ignored): potentiation, or depression for inhibitory presynaptic neurons; then the
// postsynaptic trace update.
__kernel void stdp_post(__global const int* spikes, __global const int* spikeCount, __global const int* inStart,
        __global const int* inSyn, __global const int* source, __global float* w, __global const double* xPre,
        __global const long* tPre, __global double* xPost, __global long* tPost, const double aPlus,
        const double aMinus, const double kPlus, const double kMinus, const int multiplicative, const double wMin,
        const double wMax, const int allToAll, const int bounded, const double lo, const double hi,
        const double increment, const int inhibitory, const int ignoreSimultaneous, const long step) {
    int count = spikeCount[0];
    for (int k = get_global_id(0); k < count; k += get_global_size(0)) {
    int i = spikes[k];
    for (int q = inStart[i]; q < inStart[i + 1]; q++) {
        int s = inSyn[q];
        int j = source[s];
        double x = xPre[j];
        if (x != 0) {
            double trace = ignoreSimultaneous && tPre[j] == step ? x - increment
                    : x * exp(kPlus * (double) (step - tPre[j]));
            if (trace == 0 && ignoreSimultaneous) {
                continue;
            }
            double dw;
            if (inhibitory) {
                double f = multiplicative ? (double) w[s] - wMin : 1.0;
                dw = 1.0 * 0.0 + 1.0 * (-aMinus * f * trace);
            } else {
                double f = multiplicative ? wMax - (double) w[s] : 1.0;
                dw = 1.0 * (aPlus * f * trace) + 1.0 * 0.0;
            }
            double nw = (double) w[s] + dw;
            if (bounded) {
                nw = nw < lo ? lo : (nw > hi ? hi : nw);
            }
            w[s] = (float) nw;
        }
    }
    double decayed = xPost[i] == 0 ? 0 : xPost[i] * exp(kMinus * (double) (step - tPost[i]));
    xPost[i] = allToAll ? decayed + increment : increment;
    tPost[i] = step;
    }
}
