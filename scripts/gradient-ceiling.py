#!/usr/bin/python3
"""The best PSNR any fit of a stencil's derivatives at the pixels can give (solve poisson-image --from gradient).

A network whose own derivative matches a stencil's output at the pixels recovers the picture seen through
that stencil's frequency response H (relative to the exact derivative i k): per frequency the least-squares
answer is U (kx Hx + ky Hy) / (kx^2 + ky^2). The picture is evenly reflected (the stencils reflect at the
edges), box-resampled as the command does. Usage: gradient-ceiling.py PICTURE [SIZE ...]
Needs python3-numpy and python3-pil.
"""
import sys
import numpy as np
from PIL import Image

img = np.asarray(Image.open(sys.argv[1]).convert("L"), dtype=np.float64) / 255
for n in [int(a) for a in sys.argv[2:]] or [128, 256]:
    side = min(img.shape)
    sq = img[(img.shape[0] - side) // 2:][:side, (img.shape[1] - side) // 2:][:, :side]
    f = side // n
    im = sq[:n * f, :n * f].reshape(n, f, n, f).mean(axis=(1, 3))
    t = 2 * im - 1
    e = np.concatenate([t, t[::-1]], 0)
    e = np.concatenate([e, e[:, ::-1]], 1)
    h = 2 / (n - 1)
    k = 2 * np.pi * np.fft.fftfreq(2 * n, d=h)
    ky, kx = np.meshgrid(k, k, indexing="ij")
    spectrum = np.fft.fft2(e)
    stencils = {
        "sobel": (np.sin(kx * h) / h * (1 + np.cos(ky * h)) / 2, np.sin(ky * h) / h * (1 + np.cos(kx * h)) / 2),
        "central": (np.sin(kx * h) / h, np.sin(ky * h) / h),
        "difference (midpoints)": (2 * np.sin(kx * h / 2) / h, 2 * np.sin(ky * h / 2) / h),
    }
    for name, (hx, hy) in stencils.items():
        den = kx ** 2 + ky ** 2
        den[0, 0] = 1
        g = (kx * hx + ky * hy) / den
        g[0, 0] = 1
        r = np.real(np.fft.ifft2(spectrum * g))[:n, :n]
        r += (t - r).mean()
        mse = np.mean((np.clip(r * 0.5 + 0.5, 0, 1) - im) ** 2)
        print(f"{n}^2 {name:24s} ceiling {10 * np.log10(1 / mse):6.2f} dB")
