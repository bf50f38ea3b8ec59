#!/usr/bin/env python3
"""Damaged copies of clean WAVs for the restoration protocol, made reproducibly (seeded), and their scores.

    damage.py make CLEAN.wav OUTDIR [--seed N] [--seconds 3]
        OUTDIR/NAME_clean.wav       the excerpt (first S seconds, mono, peak 0.5, 16-bit)
        OUTDIR/NAME_clicks.wav      20 clicks a second, each 4-40 samples of Hann-shaped random-sign impulses up to 0.5
        OUTDIR/NAME_clip30.wav      clipped at 30% of the peak (and clip50 at 50%)
        OUTDIR/NAME_dropouts.wav    5 dropouts a second, runs of 1-20 ms of zeros
    damage.py score CLEAN.wav EST.wav   prints the SNR (dB, lag 0) of EST against CLEAN

Debian's /usr/bin/python3 with python3-numpy and python3-soundfile.
"""
import sys, zlib, pathlib
import numpy as np
import soundfile as sf


def excerpt(path, seconds):
    x, rate = sf.read(path, always_2d=True)
    x = x.mean(axis=1)[: int(round(seconds * rate))]
    peak = np.abs(x).max()
    return (x / peak * 0.5 if peak > 0 else x), rate


def q16(x):
    return np.clip(np.round(x * 32768), -32768, 32767) / 32768


def make(clean, outdir, seed, seconds):
    x, rate = excerpt(clean, seconds)
    x = q16(x)
    name = pathlib.Path(clean).stem
    out = pathlib.Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    # each damage its own stream, seeded by the seed and the clip's name: the same files on every machine
    rng = lambda kind: np.random.default_rng([seed, zlib.crc32(name.encode()), zlib.crc32(kind.encode())])
    write = lambda tag, y: sf.write(out / f"{name}_{tag}.wav", q16(y), rate, subtype="PCM_16")
    write("clean", x)
    r = rng("clicks")
    y = x.copy()
    for _ in range(int(round(20 * len(x) / rate))):
        n = int(r.integers(4, 41))
        at = int(r.integers(0, len(x) - n))
        y[at:at + n] += np.hanning(n + 2)[1:-1] * r.uniform(-0.5, 0.5) * np.sign(r.standard_normal(n))
    write("clicks", y)
    for pct in (30, 50):
        level = pct / 100 * np.abs(x).max()
        write(f"clip{pct}", np.clip(x, -level, level))
    r = rng("dropouts")
    y = x.copy()
    for _ in range(int(round(5 * len(x) / rate))):
        n = int(round(r.uniform(0.001, 0.020) * rate))
        at = int(r.integers(0, len(x) - n))
        y[at:at + n] = 0
    write("dropouts", y)


def score(clean, est):
    c, _ = sf.read(clean, always_2d=True)
    e, _ = sf.read(est, always_2d=True)
    c, e = c.mean(axis=1), e.mean(axis=1)
    n = min(len(c), len(e))
    err = np.sum((c[:n] - e[:n]) ** 2) + np.sum(c[n:] ** 2)
    print(f"{10 * np.log10(np.sum(c ** 2) / max(err, 1e-300)):.2f}")


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) >= 3 and a[0] == "make":
        opt = dict(zip(a[3::2], a[4::2]))
        make(a[1], a[2], int(opt.get("--seed", 1)), float(opt.get("--seconds", 3)))
    elif len(a) == 3 and a[0] == "score":
        score(a[1], a[2])
    else:
        sys.exit(__doc__)
