#!/usr/bin/env python3
"""Writes experiments/examples/stdp-hlop-engine.json (STDP + HLOP on an engine per-trial projection).

The input is a spike-array source of 8 neurons, trials of 10 ms (dt 0.5 ms): in task 0 (trials 0-39) only neurons
0-3 fire, in task 1 (trials 40-49) all 8; each active neuron fires 1-5 spikes per trial at times drawn uniformly on
the trial's steps (1 ms from either edge), from random.Random(11). Run: python3 bench/gen_stdp_hlop_engine.py
"""
import json
import random
import re

DT, TRIAL, TASK0, TASK1, PRE = 0.5, 10.0, 40, 10, 8
rng = random.Random(11)
spikes = []
for t in range(TASK0 + TASK1):
    active = 4 if t < TASK0 else PRE
    for n in range(active):
        steps = set()
        for _ in range(rng.randint(1, 5)):
            steps.add(rng.randint(2, int(TRIAL / DT) - 2))
        for s in steps:
            spikes.append((round(t * TRIAL + s * DT, 1), n))
spikes.sort()
doc = {
    "name": "stdp-hlop-engine",
    "description": "STDP + HLOP on an engine per-trial projection (issue 21; spec learning-rules §2), composed by "
    "configuration only: an 8-neuron spike-array input drives 4 current-based LIF neurons (a constant 1000 pA drive "
    "keeps them firing) through an all-to-all STDP projection whose updates are accumulated over each 10 ms trial "
    "and applied by the simulate protocol's trials (project -> bounds -> observe). Task 0 (trials 1-40): only inputs "
    "0-3 fire; HLOP's 4 subspace neurons learn the span of those trials' spike counts. After trial 40 a task "
    "boundary freezes them; in task 1 (trials 41-50, every input firing) STDP's updates are projected onto the "
    "complement, so the weights from inputs 0-3 (the responses to task 0's activity) stay nearly as they were while "
    "those from inputs 4-7 learn. Outputs: weights_inOut_task0.npy / _task1.npy (the weights at the boundary and at "
    "the end) and metrics.plasticity.inOut.weight_change_per_task. Spike times: bench/gen_stdp_hlop_engine.py. "
    "HLOP: batch 4 activities, 50 iterations, eta 0.02 (with the spec's 5 iterations 40 trials are too few for "
    "Oja's rule to converge). Quick run (the whole run: 1000 steps), over task 1: the weights from inputs 0-3 change "
    "by 0.0011 x those from inputs 4-7 (0.0010 vs 0.891); plain STDP (--set "
    "'/projections/0/plasticity/projector=null') 0.87 x; the exact oracle (--set "
    "'/projections/0/plasticity/projector={\"type\": \"oracle\", \"rowsPerTask\": 4}') 0 (ExamplesTest).",
    "seed": 7,
    "dt": "0.5 ms",
    "duration": "%g ms" % ((TASK0 + TASK1) * TRIAL),
    "backend": "java",
    "sources": [{"name": "input", "type": "spike-array", "size": PRE,
                 "neurons": [n for _, n in spikes], "times": [t for t, _ in spikes]}],
    "populations": [{"name": "out", "size": 4, "model": {"type": "lif-cuba"}}],
    "currents": [{"name": "drive", "population": "out", "type": "constant", "value": 1000}],
    "projections": [{"name": "inOut", "pre": "input", "post": "out", "target": "ge",
                     "topology": {"type": "all-to-all", "autapses": True},
                     "weight": {"dist": "uniform", "low": 0.5, "high": 2},
                     "plasticity": {"rule": {"type": "stdp", "aPlus": 0.05, "aMinus": 0.05, "tauPlus": "10 ms",
                                             "tauMinus": "10 ms"},
                                    "projector": {"type": "hlop", "rowsPerTask": 4, "batch": 4, "iterations": 50,
                                                  "learningRate": 0.02, "seed": 3},
                                    "application": "per-trial"}}],
    "monitors": {"spikes": ["input", "out"]},
    "protocol": {"type": "simulate", "trial": "%g ms" % TRIAL, "endTaskAfter": [TASK0]},
}
with open("experiments/examples/stdp-hlop-engine.json", "w") as f:
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    # number lists on one line each
    text = re.sub(r"\[\s*([-0-9.,\s]+?)\s*\]", lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]",
                  text)
    f.write(text + "\n")
