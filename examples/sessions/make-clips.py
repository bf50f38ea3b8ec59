#!/usr/bin/python3
"""Writes the example session's clips (deterministic; needs python3-numpy and python3-soundfile):
a noisy sung vowel for siren.denoise, a short phrase for siren.resample, a plucked tone for siren.sampler,
and an 8 kHz bell for an "apply -> new clip" at the session rate."""
import numpy as np, soundfile as sf

rng = np.random.default_rng(7)

def harmonic(f0, seconds, rate, decay=0.0, partials=8, vibrato=0.0):
    t = np.arange(int(seconds * rate)) / rate
    phase = 2 * np.pi * f0 * (t + vibrato / (2 * np.pi * 5) * np.sin(2 * np.pi * 5 * t))
    x = sum(np.sin(h * phase) / h ** 1.3 * np.exp(-decay * h * t) for h in range(1, partials + 1))
    env = np.minimum(1, t / 0.02) * np.minimum(1, (seconds - t) / 0.05)
    return x * env

rate = 24000
vowel = 0.25 * harmonic(196, 1.0, rate, partials=10, vibrato=0.01)
sf.write("clips/vowel-noisy.wav", (vowel + 0.03 * rng.standard_normal(vowel.size)).astype(np.float32), rate, subtype="PCM_16")
phrase = np.concatenate([0.3 * harmonic(f, 0.1, rate, decay=4) for f in (330, 392, 440, 523)])
sf.write("clips/phrase.wav", phrase.astype(np.float32), rate, subtype="PCM_16")
sf.write("clips/pluck.wav", (0.4 * harmonic(220, 0.25, 22050, decay=6, partials=6)).astype(np.float32), 22050, subtype="PCM_16")
sf.write("clips/bell-8k.wav", (0.3 * harmonic(660, 0.5, 8000, decay=3, partials=4)).astype(np.float32), 8000, subtype="PCM_16")
