#!/usr/bin/env python3
"""The spectrum of the uncentred second moment E[xxᵀ] of permuted-Fashion-MNIST input activity (docs/reproductions/
hlop.md): x = 1 for every pixel of intensity above the latency code's threshold 0.2 (a pixel spikes once or not at all
in hlop-pfmnist.json's latency code; a permutation changes no eigenvalue), over the first N training images. Prints one
JSON line: eigenvalues at the ranks HLOP's input-layer schedule cuts at, the relative gap there and the energy captured
by the top rows, and the Hebbian steps Oja's rule needs to separate direction 80 from 81 at the spec's eta 0.001
(1 / (eta (λ80 − λ81))) against the steps it gets per task (5 iterations per Hebbian batch of 64).
Usage: bench/hlop_spectrum.py [N]   (default 20000; needs python3-numpy and dataset-fashion-mnist)"""
import gzip, json, os, struct, sys
import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
f = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte"
f = f if os.path.exists(f) else f + ".gz"
with (gzip.open if f.endswith(".gz") else open)(f, "rb") as h:
    _, count, rows, cols = struct.unpack(">IIII", h.read(16))
    x = np.frombuffer(h.read(), dtype=np.uint8).reshape(count, rows * cols)[:n]
a = (x / 255.0 > 0.2).astype(np.float64)
w = np.linalg.eigvalsh(a.T @ a / len(a))[::-1]
eta, steps_per_task = 0.001, 5 * (n // 64)
print(json.dumps({"bench": "hlop-spectrum", "images": n, "command": "bench/hlop_spectrum.py " + str(n),
                  "eigenvalues": {str(k): round(float(w[k - 1]), 5) for k in (1, 10, 40, 80, 81, 120, 200, 440, 441)},
                  "relative_gap_80": round(float((w[79] - w[80]) / w[79]), 4),
                  "energy_top80": round(float(w[:80].sum() / w.sum()), 4),
                  "energy_top440": round(float(w[:440].sum() / w.sum()), 4),
                  "oja_steps_to_separate_80_81": round(1 / (eta * float(w[79] - w[80]))),
                  "hebbian_steps_per_task": steps_per_task}))
