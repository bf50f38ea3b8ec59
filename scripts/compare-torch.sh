#!/usr/bin/env bash
# siren bench and the PyTorch reference (benchmarks/torch/siren_ref.py) on the same cases, in the
# same minute, as a table of ratios. Needs: apt-get install -y python3-torch python3-numpy python3-scipy
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ref="$root/benchmarks/torch/siren_ref.py"
[ -f "$ref" ] || { echo "compare-torch: $ref not found" >&2; exit 2; }
steps="${STEPS:-10}"
ours="$("$root/siren" bench --json --steps "$steps" --render-seconds "${RENDER_SECONDS:-5}")"
torch() { /usr/bin/python3 "$ref" bench --hidden 256 --layers 3 "$@" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p'; }
t1="$(torch --in 1 --batch 8192 --loss value --steps "$steps")"
t2="$(torch --in 1 --batch 65536 --loss value --steps "$((steps / 2 > 3 ? steps / 2 : 3))")"
t3="$(torch --in 2 --batch 8192 --loss laplacian --steps "$((steps / 2 > 3 ? steps / 2 : 3))")"
# one audio-segment net (1->64x2->1, 11025 points); PyTorch trains 32 of them one after another
t4="$(/usr/bin/python3 "$ref" bench --hidden 64 --layers 2 --in 1 --batch 11025 --loss value --steps "$steps" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')"
OURS="$ours" T1="$t1" T2="$t2" T3="$t3" T4="$t4" /usr/bin/python3 - <<'PY'
import json, os
r = json.loads(os.environ["OURS"])
torch = {"value-8192": float(os.environ["T1"]), "value-65536": float(os.environ["T2"]), "laplacian-8192": float(os.environ["T3"])}
print(f"sgemm on this machine: {r['sgemm_gflops']:.1f} GFLOP/s")
print(f"{'case':<16} {'siren4j ms':>11} {'PyTorch ms':>11} {'speed-up':>9} {'GFLOP/s':>8} {'of sgemm':>9}")
for c in r["cases"]:
    t = torch[c["name"]]
    print(f"{c['name']:<16} {c['ms_per_step']:>11.1f} {t:>11.1f} {t / c['ms_per_step']:>8.2f}x {c['gflops']:>8.1f} {100 * c['gflops'] / r['sgemm_gflops']:>8.0f}%")
if "many_models" in r:
    m, t = r["many_models"], 32 * float(os.environ["T4"])
    print(f"{'models-64x32':<16} {m['ms_per_round_together']:>11.1f} {t:>11.1f} {t / m['ms_per_round_together']:>8.2f}x {m['gflops_together']:>8.1f} {100 * m['sgemm_fraction_together']:>8.0f}%"
          f"   (one by one here: {m['ms_per_round_one_by_one']:.1f} ms, {100 * m['sgemm_fraction_one_by_one']:.0f}% of sgemm)")
if "render" in r:
    print(f"render at 48 kHz: {r['render']['realtime_factor']:.1f}x real time (GEMM bound at this sgemm rate: {r['render']['gemm_bound_realtime_factor']:.1f}x)")
PY
