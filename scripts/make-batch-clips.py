#!/usr/bin/env python3
"""The batch figures' folder: N clips of 2 s at 8 kHz (decaying harmonic tones), 16-bit WAV.
Usage: make-batch-clips.py OUTDIR [N]   (needs numpy and soundfile: /usr/bin/python3 on the team's machines)"""
import os
import sys

import numpy as np
import soundfile as sf

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
os.makedirs(out, exist_ok=True)
rate, rng = 8000, np.random.default_rng(0)
t = np.arange(2 * rate) / rate
for i in range(n):
    f0 = 110 * 2 ** (rng.integers(0, 30) / 12)
    x = sum(0.3 / (h + 1) * np.sin(2 * np.pi * f0 * (h + 1) * t + rng.uniform(0, 6)) for h in range(5)) * np.exp(-t * rng.uniform(0.5, 3))
    sf.write(os.path.join(out, "clip%03d.wav" % i), x.astype("float32"), rate, subtype="PCM_16")
