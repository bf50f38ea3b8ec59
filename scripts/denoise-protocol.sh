#!/usr/bin/env bash
# scripts/denoise-protocol.sh [CORPUS] [WORK] [OUT] -- siren denoise (no noise profile) and its ablation (--no-siren)
# on the denoising protocol (scripts/protocol: run its denoise_anchor.sh first), scored by anchor.py
# like the baselines. Extra arguments after the three folders go to `siren denoise`. SNRS="5 10 20" by default.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-/tmp/siren_audio/corpus}; WORK=${2:-/tmp/siren_audio/work}; OUT=${3:-/tmp/siren_audio/siren_denoise}
shift $(( $# < 3 ? $# : 3 )) || true
ANCHOR=$HERE/scripts/protocol/anchor.py
SIREN=${SIREN:-$HERE/siren}
mkdir -p "$OUT"
printf 'clip\tsnr_in\tsiren_snr\tsiren_si_sdr\tsiren_seconds\tablation_snr\tablation_si_sdr\n'
for f in "$CORPUS"/clean/*.wav; do
  clip=$(basename "$f" .wav)
  for snr in ${SNRS:-5 10 20}; do
    noisy=$WORK/denoise/${clip}_snr$(printf %02d "$snr").wav
    [ -f "$noisy" ] || continue
    "$SIREN" denoise "$noisy" -o "$OUT/${clip}_snr${snr}.wav" -q "$@" > /dev/null
    "$SIREN" denoise "$noisy" -o "$OUT/${clip}_snr${snr}_nosiren.wav" --no-siren -q "$@" > /dev/null
    a=$(/usr/bin/python3 "$ANCHOR" score-denoise "$CORPUS" "$clip" "$OUT/${clip}_snr${snr}.wav")
    b=$(/usr/bin/python3 "$ANCHOR" score-denoise "$CORPUS" "$clip" "$OUT/${clip}_snr${snr}_nosiren.wav")
    v() { echo "$1" | tr '\t' '\n' | grep "^$2=" | cut -d= -f2; }
    secs=$(/usr/bin/python3 -c "import json; print(json.load(open('$OUT/${clip}_snr${snr}.wav.json'))['seconds'])")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$clip" "$snr" "$(v "$a" snr)" "$(v "$a" si_sdr)" "$secs" "$(v "$b" snr)" "$(v "$b" si_sdr)"
  done
done
