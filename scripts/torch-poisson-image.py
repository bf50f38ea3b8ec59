#!/usr/bin/python3
"""PyTorch run of `siren solve poisson-image`'s default, for a comparison on the same machine: the same picture
preparation (centred square, box means to SIZE), network (2->128x3->1, w0 30, the paper's init, from
benchmarks/torch/siren_ref.py), Adam at 3e-4 on a cosine to 2% per stage, full batch, a third of the
budget on the Sobel gradient and the rest on differences of neighbours at their midpoints, the best PSNR kept
(constant fitted, as `siren` scores it). Usage: torch-poisson-image.py PICTURE [SIZE] [SECONDS] [--sobel-only]
Needs python3-torch, python3-numpy, python3-scipy, python3-pil.
"""
import math, os, sys, time
import numpy as np
import torch
from PIL import Image
import scipy.ndimage as ndi

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "benchmarks", "torch"))
from siren_ref import SirenMLP, gradient  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
sobel_only = "--sobel-only" in sys.argv
n = int(args[1]) if len(args) > 1 else 128
budget = float(args[2]) if len(args) > 2 else 270.0
torch.set_num_threads(2)
torch.manual_seed(0)

img = np.asarray(Image.open(args[0]).convert("L"), dtype=np.float64) / 255
side = min(img.shape)
sq = img[(img.shape[0] - side) // 2:][:side, (img.shape[1] - side) // 2:][:, :side]
f = side // n
pic = sq[:n * f, :n * f].reshape(n, f, n, f).mean(axis=(1, 3))
truth = 2 * pic[::-1] - 1                      # rows y ascending: row 0 is the picture's bottom row
h = 2 / (n - 1)
xs = -1 + h * np.arange(n)
X, Y = np.meshgrid(xs, xs)                     # X[i, j] = x_j, Y[i, j] = y_i
pixels = torch.tensor(np.stack([X.ravel(), Y.ravel()], 1), dtype=torch.float32)
sx = ndi.sobel(truth, axis=1, mode="reflect") / (8 * h)   # along x (columns), smoothed across
sy = ndi.sobel(truth, axis=0, mode="reflect") / (8 * h)
sobel = torch.tensor(np.stack([sx.ravel(), sy.ravel()], 1), dtype=torch.float32)
mx = torch.tensor(np.stack([((X[:, :-1] + X[:, 1:]) / 2).ravel(), Y[:, :-1].ravel()], 1), dtype=torch.float32)
gx = torch.tensor(((truth[:, 1:] - truth[:, :-1]) / h).ravel(), dtype=torch.float32)
my = torch.tensor(np.stack([X[:-1, :].ravel(), ((Y[:-1, :] + Y[1:, :]) / 2).ravel()], 1), dtype=torch.float32)
gy = torch.tensor(((truth[1:, :] - truth[:-1, :]) / h).ravel(), dtype=torch.float32)


def psnr(model):
    with torch.no_grad():
        u = model(pixels).view(n, n).double().numpy()
    u = u + (truth - u).mean()
    p = np.clip(0.5 * u + 0.5, 0, 1)
    return 10 * math.log10(1 / np.mean((p - (0.5 * truth + 0.5)) ** 2))


def loss_sobel(model):
    x = pixels.clone().requires_grad_(True)
    g = gradient(model(x), x)
    return ((g[:, 0] - sobel[:, 0]) ** 2).mean() + ((g[:, 1] - sobel[:, 1]) ** 2).mean()


def loss_difference(model):
    a = mx.clone().requires_grad_(True)
    b = my.clone().requires_grad_(True)
    return ((gradient(model(a), a)[:, 0] - gx) ** 2).mean() + ((gradient(model(b), b)[:, 1] - gy) ** 2).mean()


model = SirenMLP(2, 128, 3, 1, w0_first=30.0, w0_hidden=30.0)
best, best_state, steps = -1.0, None, 0
stages = [("sobel", loss_sobel, budget)] if sobel_only else [("sobel", loss_sobel, budget / 3), ("difference", loss_difference, 2 * budget / 3)]
t_all = time.perf_counter()
for name, loss_fn, seconds in stages:
    if best_state is not None:
        model.load_state_dict(best_state)
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    t0, k = time.perf_counter(), 0
    while True:
        frac = (time.perf_counter() - t0) / seconds
        if frac >= 1:
            break
        for g in opt.param_groups:
            g["lr"] = 3e-4 * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * frac)))
        loss = loss_fn(model)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        k += 1
        steps += 1
        if k % 100 == 0:
            p = psnr(model)
            if p > best:
                best, best_state = p, {kk: v.clone() for kk, v in model.state_dict().items()}
            print(f"{name} step {k} ({time.perf_counter() - t_all:.0f} s): loss {loss.item():.4e}, PSNR {p:.2f} dB", flush=True)
    p = psnr(model)
    if p > best:
        best, best_state = p, {kk: v.clone() for kk, v in model.state_dict().items()}
total = time.perf_counter() - t_all
print(f"FINAL steps={steps} seconds={total:.1f} ms_per_step={1e3 * total / steps:.1f} psnr_db={best:.3f}")
