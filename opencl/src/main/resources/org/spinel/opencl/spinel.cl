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

// The smallest key of one step, kept in *slot (0 = none) with compare-and-swap (base 64-bit atomics only): the
// report of the lowest index does not depend on which work item came first.
inline void keep_min_key(__global long* slot, long key) {
    long cur = *slot;
    while (cur == 0L || key < cur) {
        long prev = atom_cmpxchg(slot, cur, key);
        if (prev == cur) {
            return;
        }
        cur = prev;
    }
}

// The first non-finite state of a population (or of a FusedLif network, i = global index): err[0] = its step + 1
// (0 = none; the first flagged step stays), err[1] = 1 + (i << 3 | var << 2 | kind) of the lowest neuron flagged in that
// step (var: index of the state variable in the model; kind: 0 NaN, 1 +Inf, 2 -Inf), so that the host names the same
// neuron, variable and value as the Java backend, which stops at the first one in index order.
inline void flag_non_finite(__global long* err, long step, long i, int var, double value) {
    long s = atom_cmpxchg(&err[0], 0L, step + 1);
    if (s != 0L && s != step + 1) {
        return;
    }
    long kind = isnan(value) ? 0 : (value > 0 ? 1 : 2);
    keep_min_key(&err[1], 1 + ((i << 3) | ((long) var << 2) | kind));
}

// A plastic weight beyond the projection's fixed-point limit (or NaN) after an STDP update: err[0] = the first such
// step + 1, err[1] = (synapse << 32 | the float's bits) of the lowest synapse flagged in that step (never 0: a flagged
// weight is not +0).
inline void flag_weight(__global long* err, long step, int s, float w) {
    long f = atom_cmpxchg(&err[0], 0L, step + 1);
    if (f != 0L && f != step + 1) {
        return;
    }
    keep_min_key(&err[1], ((long) s << 32) | (long) as_uint(w));
}

// This step's fixed-point arrivals of one ring slot entry, added to x (and the entry cleared).
inline double add_arrivals(double x, __global long* ring, size_t q) {
    long a = ring[q];
    ring[q] = 0;
    return a != 0 ? x + (double) a / FIX_SCALE : x;
}

// Neurons per work item of the vectorised LIF CUBA step (LIF_CHUNK in OpenClSimulation).
#define LIF_CHUNK 128

// One LIF CUBA neuron's step (the scalar form of lif_cuba_step's lanes, the same operations): returns 1 on a spike.
inline int lif_cuba_one(int i, __global double* v, __global double* ge, __global double* gi, __global int* ref,
        __global long* ringE, __global long* ringI, size_t k, double in,
        double pvv, double pve, double pvi, double pee, double pii, double c0, double vt, double vr, double cI,
        int refSteps, long step, __global long* err) {
    double e = add_arrivals(ge[i], ringE, k), g = add_arrivals(gi[i], ringI, k);
    double vn = c0 + pvv * v[i] + cI * in + pve * e + pvi * g;
    ge[i] = e * pee;
    gi[i] = g * pii;
    int r = ref[i];
    if (r > 0) {
        ref[i] = r - 1;
        v[i] = vr;
        return 0;
    }
    if (isnan(vn) || vn == INFINITY) {
        flag_non_finite(err, step, i, 0, vn);
    }
    if (vn > vt) {
        v[i] = vr;
        ref[i] = refSteps;
        return 1;
    }
    v[i] = vn;
    return 0;
}

// Eight LIF CUBA neurons i..i+7 (the lanes of lif_cuba_one's operations) given their arrivals of this step (ae, ai:
// fixed-point) and input: the state is updated in place; returns the spike mask.
inline long8 lif_cuba_lanes(int i, __global double* v, __global double* ge, __global double* gi, __global int* ref,
        long8 ae, long8 ai, double8 in, double pvv, double pve, double pvi, double pee, double pii, double c0,
        double vt, double vr, double cI, int refSteps, long step, __global long* err) {
        double8 e0 = vload8(0, ge + i), g0 = vload8(0, gi + i);
        double8 e = ae != 0 ? e0 + convert_double8(ae) / FIX_SCALE : e0;
        double8 g = ai != 0 ? g0 + convert_double8(ai) / FIX_SCALE : g0;
        double8 vn = c0 + pvv * vload8(0, v + i) + cI * in + pve * e + pvi * g;
        vstore8(e * pee, 0, ge + i);
        vstore8(g * pii, 0, gi + i);
        int8 r = vload8(0, ref + i);
        long8 refr = convert_long8(r > 0);
        long8 spk = (vn > vt) & ~refr;
        long8 nf = (isnan(vn) | (vn == INFINITY)) & ~refr;
        if (any(nf)) {
            long t[8];
            double x[8];
            vstore8(nf, 0, t);
            vstore8(vn, 0, x);
            for (int l = 0; l < 8; l++) {
                if (t[l]) {
                    flag_non_finite(err, step, i + l, 0, x[l]);
                    break;
                }
            }
        }
        vstore8(refr != 0 || spk != 0 ? (double8) (vr) : vn, 0, v + i);
        vstore8(r > 0 ? r - 1 : (convert_int8(spk) != 0 ? (int8) (refSteps) : r), 0, ref + i);
        return spk;
}

// One step of one population (work item w: neurons w*LIF_CHUNK.. in double8 lanes, the tail one by one). Arrivals of
// this step (ring slot) are added first, then the exact update, the refractory clamp, the threshold; the item's
// spikes go to this step's list, the recording buffer and the counters with one atomic each.
__kernel void lif_cuba_step(__global double* v, __global double* ge, __global double* gi, __global int* ref,
        __global long* ringE, __global long* ringI, const int slot, const int n,
        const double pvv, const double pve, const double pvi, const double pee, const double pii, const double c0,
        const double vt, const double vr, const double cI, const int refSteps,
        __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* totals, __global long* err, __global double* input, const int useInput) {
    int i0 = get_global_id(0) * LIF_CHUNK;
    if (i0 >= n) {
        return;
    }
    int i1 = min(n, i0 + LIF_CHUNK);
    int fired[LIF_CHUNK];
    int cnt = 0;
    size_t base = (size_t) slot * n;
    int i = i0;
    for (; i + 8 <= i1; i += 8) {
        double8 in = (double8) (0.0);
        if (useInput) {
            in = vload8(0, input + i);
            vstore8((double8) (0.0), 0, input + i);
        }
        long8 ae = vload8(0, ringE + base + i), ai = vload8(0, ringI + base + i);
        vstore8((long8) (0), 0, ringE + base + i);
        vstore8((long8) (0), 0, ringI + base + i);
        long8 spk = lif_cuba_lanes(i, v, ge, gi, ref, ae, ai, in, pvv, pve, pvi, pee, pii, c0, vt, vr, cI, refSteps,
                step, err);
        if (any(spk)) {
            long t[8];
            vstore8(spk, 0, t);
            for (int l = 0; l < 8; l++) {
                if (t[l]) {
                    fired[cnt++] = i + l;
                }
            }
        }
    }
    for (; i < i1; i++) {
        double in = 0.0;
        if (useInput) {
            in = input[i];
            input[i] = 0.0;
        }
        if (lif_cuba_one(i, v, ge, gi, ref, ringE, ringI, base + i, in, pvv, pve, pvi, pee, pii, c0, vt, vr, cI,
                refSteps, step, err)) {
            fired[cnt++] = i;
        }
    }
    if (cnt > 0) {
        int b0 = atomic_add(spikeCount, cnt);
        for (int p = 0; p < cnt; p++) {
            spikes[b0 + p] = fired[p];
        }
        atom_add(&totals[0], (long) cnt);
        if (record) {
            int rb = atomic_add(recCount, cnt);
            for (int p = 0; p < cnt; p++) {
                recNeuron[rb + p] = fired[p];
                recStep[rb + p] = step;
            }
        }
    }
}

// NALSM's Euler LIF (NalsmLifNeuron.step, the same operations in its order): this step's arrivals complete u (target
// "u", ring E) and x (target "x", ring I); v += dt/tau_u u [+ dt I_ext] + x - dt/tau_v v; u *= exp(-dt/tau_u); x = 0;
// a refractory neuron integrates but cannot spike; a spike (v >= threshold) resets v and starts the refractory count.
__kernel void lif_nalsm_step(__global double* v, __global double* u, __global double* x, __global int* ref,
        __global long* ringE, __global long* ringI, const int slot, const int n,
        const double dt, const double cV, const double cU, const double pU, const double vt, const double vr,
        const int refSteps, __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* totals, __global long* err, __global double* input, const int useInput) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    size_t k = (size_t) slot * n + i;
    double ui = add_arrivals(u[i], ringE, k), xi = add_arrivals(x[i], ringI, k);
    double vi = v[i];
    double drive = cU * ui;
    if (useInput) {
        drive += dt * input[i];
        input[i] = 0.0;
    }
    double vn = vi + drive + xi - cV * vi;
    u[i] = ui * pU;
    x[i] = 0;
    int r = ref[i];
    if (r > 0) {
        ref[i] = r - 1;
        if (isnan(vn)) {
            flag_non_finite(err, step, i, 0, vn);
        }
    } else if (vn >= vt) {
        if (vn == INFINITY) {
            flag_non_finite(err, step, i, 0, vn);
        }
        emit_spike(i, step, spikes, spikeCount, totals, record, recNeuron, recStep, recCount);
        vn = vr;
        ref[i] = refSteps;
    } else if (isnan(vn)) {
        flag_non_finite(err, step, i, 0, vn);
    }
    v[i] = vn;
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
    if (!(fabs(un) < INFINITY)) {
        flag_non_finite(err, step, k, 0, un);
    } else if (!(fabs(inext) < INFINITY)) {
        flag_non_finite(err, step, k, 1, inext);
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
            flag_non_finite(err, step, i, 0, vn);
        }
        v[i] = vr;
        ref[i] = refSteps;
        emit_spike(i, step, spikes, spikeCount, totals, record, recNeuron, recStep, recCount);
    } else {
        if (!(vn > -INFINITY)) {
            flag_non_finite(err, step, i, 0, vn);
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
    if (!(fabs(xn) < INFINITY)) {
        flag_non_finite(err, step, i, 0, xn);
    } else if (!(fabs(yn) < INFINITY)) {
        flag_non_finite(err, step, i, 1, yn);
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

// STDP (StdpRule), presynaptic side (gp, gd: the modulators' potentiation and depression gains of this step, 1
// without modulators; dw = gp * potentiation + gd * depression, as on the Java backend) (work items stride over the spike list, as in deliver): for each spike of this step,
// the post-before-pre update of its row's synapses from the postsynaptic traces (decayed lazily): depression, or
// potentiation when the presynaptic neurons are inhibitory (mirrored window); then the presynaptic trace update.
// Rows are disjoint: no races.
__kernel void stdp_pre(__global const int* spikes, __global const int* spikeCount, __global const int* rowStart,
        __global const int* target, __global float* w, __global const double* xPost, __global const long* tPost,
        __global double* xPre, __global long* tPre, const double aPlus, const double aMinus, const double kMinus,
        const double kPlus, const int multiplicative, const double wMin, const double wMax, const int allToAll,
        const int bounded, const double lo, const double hi, const double increment, const int inhibitory,
        const long step, const double gp, const double gd, const double wLimit, __global long* wErr) {
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
                dw = gp * (aPlus * f * trace) + gd * 0.0;
            } else {
                double f = multiplicative ? (double) w[s] - wMin : 1.0;
                dw = gp * 0.0 + gd * (-aMinus * f * trace);
            }
            double nw = (double) w[s] + dw;
            if (bounded) {
                nw = nw < lo ? lo : (nw > hi ? hi : nw);
            }
            float fw = (float) nw;
            w[s] = fw;
            if (!(fabs((double) fw) <= wLimit)) {
                flag_weight(wErr, step, s, fw);
            }
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
        const double increment, const int inhibitory, const int ignoreSimultaneous, const long step, const double gp,
        const double gd, const double wLimit, __global long* wErr) {
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
                dw = gp * 0.0 + gd * (-aMinus * f * trace);
            } else {
                double f = multiplicative ? wMax - (double) w[s] : 1.0;
                dw = gp * (aPlus * f * trace) + gd * 0.0;
            }
            double nw = (double) w[s] + dw;
            if (bounded) {
                nw = nw < lo ? lo : (nw > hi ? hi : nw);
            }
            float fw = (float) nw;
            w[s] = fw;
            if (!(fabs((double) fw) <= wLimit)) {
                flag_weight(wErr, step, s, fw);
            }
        }
    }
    double decayed = xPost[i] == 0 ? 0 : xPost[i] * exp(kMinus * (double) (step - tPost[i]));
    xPost[i] = allToAll ? decayed + increment : increment;
    tPost[i] = step;
    }
}

// ---------------------------------------------------------------- Chialvo ring-star, fused (RingStencil)
// One launch per map iteration updates every ring node: the stencil coupling (hub term, then one term per ring
// offset, in RingStencil's order) read from xin, the map, the spike test, written to xout (x is double-buffered; y is
// updated in place, as a ring node reads only its own y). Work item w owns the RING_CHUNK consecutive ring positions
// from w * RING_CHUNK and processes them eight at a time in double8 arithmetic (the same operations per lane as the
// scalar form; a vector that straddles the ring's wrap gathers its neighbours lane by lane, the ring's last partial
// vector runs lane by lane). It leaves the sum of (x_j - x_hub) over its nodes in partial[w] (a fixed order, so the
// hub's sum does not depend on scheduling) and its spike count in itemSpikes[w]; when spikes are recorded or
// delivered it reserves their places in the spike list with one atomic. chialvo_ring_hub then updates the hub
// (or, when a single work item owns the whole ring, that item does: one launch per iteration).
#define RING_CHUNK 128

// exp of one value through the eight-lane exp, so that the hub, the ring's tail and the vectorised ring nodes round
// alike (a runtime's scalar and vector exp may differ in the last bit; on the synchronous manifold all nodes must
// stay bit-equal).
inline double exp_lane(double v) {
    return exp((double8) (v)).s0;
}

// The hub's update of the fused ring-star step, given s = the sum of (x_j - x_hub) over the ring.
inline void ring_hub_update(__global const double* xin, __global double* xout, __global double* ys,
        __global double* input, int useInput, int hub, double s, double spokeW,
        double a, double b, double c, double k0, double th,
        __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, int record, long step,
        __global long* totals, __global long* err, int list) {
    double in = 0.0 + spokeW * s;
    if (useInput) {
        in = input[hub] + spokeW * s;
        input[hub] = 0.0;
    }
    double x = xin[hub], y = ys[hub];
    double xn = x * x * exp_lane(y - x) + k0 + in;
    double yn = a * y - b * x + c;
    if (!(fabs(xn) < INFINITY)) {
        flag_non_finite(err, step, hub, 0, xn);
    } else if (!(fabs(yn) < INFINITY)) {
        flag_non_finite(err, step, hub, 1, yn);
    }
    xout[hub] = xn;
    ys[hub] = yn;
    if (x < th && xn >= th) {
        if (list) {
            emit_spike(hub, step, spikes, spikeCount, totals, record, recNeuron, recStep, recCount);
        } else {
            atom_inc(&totals[0]);
        }
    }
}

// x at ring positions r+o .. r+o+7 (mod m): one load, or lane by lane across the wrap.
inline double8 ring_load8(__global const double* x, int lo, int m, int j) {
    if (j + 7 < m) {
        return vload8(0, x + lo + j);
    }
    if (j >= m) {
        return vload8(0, x + lo + j - m);
    }
    double t[8];
    for (int l = 0; l < 8; l++) {
        int q = j + l;
        t[l] = x[lo + (q >= m ? q - m : q)];
    }
    return vload8(0, t);
}

__kernel void chialvo_ring_step(__global const double* xin, __global double* xout, __global double* ys,
        __global double* input, const int useInput, const int hub, const int lo, const int m,
        __constant int* offs, __constant double* ws, const int k, const double hubW,
        const double a, const double b, const double c, const double k0, const double th,
        __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* itemSpikes, __global long* err, __global double* partial, const int list,
        const double spokeW, const int hubHere, __global long* totals) {
    int w = get_global_id(0);
    int r0 = w * RING_CHUNK;
    if (r0 >= m) {
        return;
    }
    int r1 = min(m, r0 + RING_CHUNK);
    double xh = hub >= 0 ? xin[hub] : 0.0;
    double8 dsum = (double8) (0.0);
    double dtail = 0.0;
    double8 bad = (double8) (0.0);
    long8 spikes8 = (long8) (0);
    int cnt = 0, tail = 0;
    int fired[RING_CHUNK];
    int r = r0;
    for (; r + 8 <= r1; r += 8) {
        int i = lo + r;
        double8 xi = vload8(0, xin + i), yi = vload8(0, ys + i);
        double8 acc = (double8) (0.0);
        if (hub >= 0) {
            acc += hubW * (xh - xi);
            dsum += xi - xh;
        }
        for (int q = 0; q < k; q++) {
            acc += ws[q] * (ring_load8(xin, lo, m, r + offs[q]) - xi);
        }
        double8 in = 0.0 + acc;
        if (useInput) {
            in = vload8(0, input + i) + acc;
            vstore8((double8) (0.0), 0, input + i);
        }
        double8 xn = xi * xi * exp(yi - xi) + k0 + in;
        double8 yn = a * yi - b * xi + c;
        bad += (xn + yn) * 0.0; // NaN from here on if either is not finite (or their sum overflows)
        vstore8(xn, 0, xout + i);
        vstore8(yn, 0, ys + i);
        long8 spk = (xi < th) & (xn >= th);
        spikes8 -= spk;
        if (list && any(spk)) {
            long t[8];
            vstore8(spk, 0, t);
            for (int l = 0; l < 8; l++) {
                if (t[l]) {
                    fired[cnt++] = i + l;
                }
            }
        }
    }
    for (; r < r1; r++) {
        int i = lo + r;
        double xi = xin[i], yi = ys[i];
        double acc = 0.0;
        if (hub >= 0) {
            acc += hubW * (xh - xi);
            dtail += xi - xh;
        }
        for (int q = 0; q < k; q++) {
            int j = r + offs[q];
            acc += ws[q] * (xin[lo + (j >= m ? j - m : j)] - xi);
        }
        double in = 0.0 + acc;
        if (useInput) {
            in = input[i] + acc;
            input[i] = 0.0;
        }
        double xn = xi * xi * exp_lane(yi - xi) + k0 + in;
        double yn = a * yi - b * xi + c;
        if (!(fabs(xn) < INFINITY)) {
            flag_non_finite(err, step, i, 0, xn);
        } else if (!(fabs(yn) < INFINITY)) {
            flag_non_finite(err, step, i, 1, yn);
        }
        xout[i] = xn;
        ys[i] = yn;
        if (xi < th && xn >= th) {
            tail++;
            if (list) {
                fired[cnt++] = i;
            }
        }
    }
    if (any(!isfinite(bad))) {
        // the first non-finite node of the vectorised part, found again from what was written
        for (int q = r0; q < r1; q++) {
            double xq = xout[lo + q], yq = ys[lo + q];
            if (!(fabs(xq) < INFINITY)) {
                flag_non_finite(err, step, lo + q, 0, xq);
                break;
            }
            if (!(fabs(yq) < INFINITY)) {
                flag_non_finite(err, step, lo + q, 1, yq);
                break;
            }
        }
    }
    double part = (((dsum.s0 + dsum.s1) + (dsum.s2 + dsum.s3)) + ((dsum.s4 + dsum.s5) + (dsum.s6 + dsum.s7))) + dtail;
    partial[w] = part;
    if (hubHere) {
        // the whole ring is this item's: the hub's sum is complete here (0.0 + part, as the hub kernel's sum)
        ring_hub_update(xin, xout, ys, input, useInput, hub, 0.0 + part, spokeW, a, b, c, k0, th, spikes, spikeCount,
                recNeuron, recStep, recCount, record, step, totals, err, list);
    }
    itemSpikes[w] += tail + (((spikes8.s0 + spikes8.s1) + (spikes8.s2 + spikes8.s3))
            + ((spikes8.s4 + spikes8.s5) + (spikes8.s6 + spikes8.s7)));
    if (cnt > 0 && list) {
        int base = atomic_add(spikeCount, cnt);
        for (int p = 0; p < cnt; p++) {
            spikes[base + p] = fired[p];
        }
        if (record) {
            int rb = atomic_add(recCount, cnt);
            for (int p = 0; p < cnt; p++) {
                recNeuron[rb + p] = fired[p];
                recStep[rb + p] = step;
            }
        }
    }
}

// The hub of the fused ring-star step (one work item): spokeW times the partials' sum (a fixed order). Not
// launched when the ring is one work item's (chialvo_ring_step then updates the hub itself).
__kernel void chialvo_ring_hub(__global const double* xin, __global double* xout, __global double* ys,
        __global double* input, const int useInput, const int hub, const int groups, const double spokeW,
        __global const double* partial,
        const double a, const double b, const double c, const double k0, const double th,
        __global int* spikes, __global int* spikeCount,
        __global int* recNeuron, __global long* recStep, __global int* recCount, const int record, const long step,
        __global long* totals, __global long* err, const int list) {
    if (get_global_id(0) != 0) {
        return;
    }
    // four interleaved sums (the last groups into the first), combined as (s0 + s1) + (s2 + s3): a fixed order
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int g = 0;
    for (; g + 3 < groups; g += 4) {
        s0 += partial[g];
        s1 += partial[g + 1];
        s2 += partial[g + 2];
        s3 += partial[g + 3];
    }
    for (; g < groups; g++) {
        s0 += partial[g];
    }
    double s = (s0 + s1) + (s2 + s3);
    ring_hub_update(xin, xout, ys, input, useInput, hub, s, spokeW, a, b, c, k0, th, spikes, spikeCount, recNeuron,
            recStep, recCount, record, step, totals, err, list);
}


// ---------------------------------------------------------------- LIF CUBA networks, one launch per step (FusedLif)
// Every population is LIF CUBA and every projection static: the whole step is one launch of `parts` work items.
// Neurons have global indices (each population at its offset, padded); item p owns, in every population k, the
// neurons own[k (parts+1) + p] .. own[k (parts+1) + p + 1] and every synapse that targets them: cut[g (parts+1) + p]
// .. cut[g (parts+1) + p + 1] are the synapses of presynaptic neuron g onto item p's neurons (tgt = 2 g' + target:
// 0 excitatory ring, 1 inhibitory; the ring interleaves them, slot-major). A launch (1) delivers the spikes of the
// previous step (every item's list, in item order) into the item's own ring entries, without atomics, as 64-bit
// fixed-point sums (the same arithmetic as `deliver`: exact, so the order does not matter), then (2) updates the
// item's neurons exactly as lif_cuba_step (the same lanes), writing its spikes to its own segment of this step's list
// (double-buffered by step parity). No global synchronisation inside a step is needed: an item reads and writes only
// the ring entries of its own neurons, and the spike lists of the previous step are complete at the launch boundary.
__kernel void lif_cuba_net_step(__global double* v, __global double* ge, __global double* gi, __global int* ref,
        __global long* ring, const int slots, const int ntot, __constant double* pp, __constant int* pinfo,
        const int pops, __global const int* own, __global const int* seg, const int parts,
        __global const int* cut, __global const int* tgt, __global const float* w, __global const short* delay,
        const int uniformDelay, __global int* spk, __global int* spkCount, const int deliverPrev, const int doUpdate,
        const long step, __global int* recNeuron, __global long* recStep, __global int* recCount,
        __global long* itemSpikes, __global long* itemEvents, __global long* err) {
    int p = get_global_id(0);
    if (p >= parts) {
        return;
    }
    size_t nt2 = 2 * (size_t) ntot;
    if (deliverPrev) {
        int prev = (int) ((step - 1) & 1);
        long events = 0;
        __global long* slotU = ring + (size_t) ((step - 1 + uniformDelay) % slots) * nt2;
        for (int q = 0; q < parts; q++) {
            int c = spkCount[prev * parts + q];
            __global const int* list = spk + (size_t) prev * ntot + seg[q];
            for (int e = 0; e < c; e++) {
                size_t cb = (size_t) list[e] * (parts + 1) + p;
                int s0 = cut[cb], s1 = cut[cb + 1];
                if (uniformDelay > 0) {
                    for (int s = s0; s < s1; s++) {
                        slotU[tgt[s]] += (long) rint((double) w[s] * FIX_SCALE);
                    }
                } else {
                    for (int s = s0; s < s1; s++) {
                        ring[(size_t) ((step - 1 + delay[s]) % slots) * nt2 + tgt[s]]
                                += (long) rint((double) w[s] * FIX_SCALE);
                    }
                }
                events += s1 - s0;
            }
        }
        itemEvents[p] += events;
    }
    if (!doUpdate) {
        return;
    }
    int par = (int) (step & 1);
    __global int* out = spk + (size_t) par * ntot + seg[p];
    size_t sb = (size_t) (step % slots) * nt2;
    int cnt = 0;
    for (int k = 0; k < pops; k++) {
        int lo = own[k * (parts + 1) + p], hi = own[k * (parts + 1) + p + 1];
        double pvv = pp[9 * k], pve = pp[9 * k + 1], pvi = pp[9 * k + 2], pee = pp[9 * k + 3], pii = pp[9 * k + 4];
        double c0 = pp[9 * k + 5], vt = pp[9 * k + 6], vr = pp[9 * k + 7], cI = pp[9 * k + 8];
        int refSteps = pinfo[2 * k], record = pinfo[2 * k + 1];
        int first = cnt;
        int i = lo;
        for (; i + 8 <= hi; i += 8) {
            __global long* a = ring + sb + 2 * (size_t) i;
            long16 ab = vload16(0, a);
            vstore16((long16) (0), 0, a);
            long8 fired = lif_cuba_lanes(i, v, ge, gi, ref, ab.even, ab.odd, (double8) (0.0), pvv, pve, pvi, pee,
                    pii, c0, vt, vr, cI, refSteps, step, err);
            if (any(fired)) {
                long t[8];
                vstore8(fired, 0, t);
                for (int l = 0; l < 8; l++) {
                    if (t[l]) {
                        out[cnt++] = i + l;
                    }
                }
            }
        }
        for (; i < hi; i++) {
            if (lif_cuba_one(i, v, ge, gi, ref, ring, ring + 1, sb + 2 * (size_t) i, 0.0, pvv, pve, pvi, pee, pii, c0,
                    vt, vr, cI, refSteps, step, err)) {
                out[cnt++] = i;
            }
        }
        if (record && cnt > first) {
            int rb = atomic_add(recCount, cnt - first);
            for (int q = first; q < cnt; q++) {
                recNeuron[rb + q - first] = out[q];
                recStep[rb + q - first] = step;
            }
        }
    }
    spkCount[par * parts + p] = cnt;
    itemSpikes[p] += cnt;
}
