#!/usr/bin/env python3
"""Single-neuron spike times in Brian 2 for the refractory convention (Spinel issue 19; the test is
networks' BackendConformance, which compares every backend with the closed form and with this script's output,
bench/results/brian2_refractory.json).

Case "cuba-constant": Spinel's lif-cuba without synaptic input, tauM 20 ms, vRest = vReset = -60 mV,
vThreshold -50 mV, cm 250 pF, refractory 2 ms, a constant 600 pA from v = -60 mV; exact integration.
Case "coba-step": Spinel's lif-coba defaults (gL 10 nS, tauM 20 ms so C = 200 pF, eL = vReset = -60 mV,
vThreshold -50 mV, eE 0 mV, eI -80 mV, tauE 5 ms, tauI 10 ms, refractory 5 ms) with ge = gi = 0 and a step
current of 600 pA for 20 ms <= t < 70 ms (a TimedArray sampled at the start of each step); exponential Euler,
exact here because the equation is linear in v with coefficients constant over a step.
Both: dt 0.1 ms, 100 ms, threshold v > vThreshold, reset v = vReset, refractory "(unless refractory)" on v.

Usage: /usr/bin/python3 bench/brian2_refractory.py [--target numpy|cython] > bench/results/brian2_refractory.json
"""
import argparse
import json

ap = argparse.ArgumentParser()
ap.add_argument('--target', choices=['numpy', 'cython'], default='numpy')
args = ap.parse_args()

import brian2  # noqa: E402
from brian2 import (NeuronGroup, SpikeMonitor, TimedArray, defaultclock, ms, mV, nS, pA, pF, prefs,  # noqa: E402
                    run, start_scope)

prefs.codegen.target = args.target
prefs.logging.file_log = False
DT = 0.1 * ms
DURATION = 100 * ms


def spikes(mon):
    times = [float(t / ms) for t in mon.t]
    return times, [int(round(t / 0.1)) for t in times]


def cuba_constant():
    start_scope()
    defaultclock.dt = DT
    taum, vrest, vt, vr, cap, tref, current = 20 * ms, -60 * mV, -50 * mV, -60 * mV, 250 * pF, 2 * ms, 600 * pA
    g = NeuronGroup(1, 'dv/dt = (vrest - v) / taum + current / cap : volt (unless refractory)',
                    threshold='v > vt', reset='v = vr', refractory=tref, method='exact')
    g.v = vr
    mon = SpikeMonitor(g)
    run(DURATION)
    t, steps = spikes(mon)
    return {'model': 'lif-cuba', 'tauM_ms': 20, 'vRest_mV': -60, 'vThreshold_mV': -50, 'vReset_mV': -60,
            'cm_pF': 250, 'tRef_ms': 2, 'current_pA': 600, 'v0_mV': -60, 'method': 'exact',
            'spike_times_ms': t, 'spike_steps': steps}


def coba_step():
    start_scope()
    defaultclock.dt = DT
    gl, taum, el, ee, ei, vt, vr = 10 * nS, 20 * ms, -60 * mV, 0 * mV, -80 * mV, -50 * mV, -60 * mV
    taue, taui, tref = 5 * ms, 10 * ms, 5 * ms
    cap = gl * taum
    values = [600.0 if 200 <= k < 700 else 0.0 for k in range(1000)]
    stim = TimedArray(values * pA, dt=DT)  # noqa: F841 (used by the equations)
    eqs = '''dv/dt = (gl * (el - v) + ge * (ee - v) + gi * (ei - v) + stim(t)) / cap : volt (unless refractory)
             dge/dt = -ge / taue : siemens
             dgi/dt = -gi / taui : siemens'''
    g = NeuronGroup(1, eqs, threshold='v > vt', reset='v = vr', refractory=tref, method='exponential_euler')
    g.v = el
    mon = SpikeMonitor(g)
    run(DURATION)
    t, steps = spikes(mon)
    return {'model': 'lif-coba', 'gL_nS': 10, 'tauM_ms': 20, 'eL_mV': -60, 'vThreshold_mV': -50, 'vReset_mV': -60,
            'tRef_ms': 5, 'current_pA': 600, 'current_on_ms': [20, 70], 'v0_mV': -60, 'method': 'exponential_euler',
            'spike_times_ms': t, 'spike_steps': steps}


print(json.dumps({'brian2': brian2.__version__, 'target': args.target, 'dt_ms': 0.1, 'duration_ms': 100,
                  'cases': {'cuba-constant': cuba_constant(), 'coba-step': coba_step()}}, indent=1))
