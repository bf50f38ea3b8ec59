#!/usr/bin/env bash
# scripts/resample-protocol.sh [CORPUS] [WORK] [OUT] -- siren resample on the resampling protocol
# (scripts/protocol: run its resample_anchor.sh first), scored by anchor.py exactly like the baselines.
# Extra arguments after the three folders go to `siren resample` (e.g. --quality high). FACTORS=2,3 by default.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-/tmp/siren_audio/corpus}; WORK=${2:-/tmp/siren_audio/work}; OUT=${3:-/tmp/siren_audio/siren}
shift $(( $# < 3 ? $# : 3 )) || true
ANCHOR=$HERE/scripts/protocol/anchor.py
mkdir -p "$OUT"
printf 'clip\tk\tfit_snr_db\tfit_seconds\taudio_seconds\tsnr_bl\tsnr_pb\tlsd_bl\tsnr_fb\n'
for f in "$CORPUS"/clean/*.wav; do
  clip=$(basename "$f" .wav); rate=${clip##*_}
  for k in ${FACTORS:-2 3}; do
    low=$(ls "$WORK"/resample/"${clip}"_d"${k}"_low*.wav 2>/dev/null | grep -v f32 | head -1) || true
    [ -n "$low" ] || continue
    est=$OUT/${clip}_d${k}.wav
    "${SIREN:-$HERE/siren}" resample "$low" -o "$est" --rate "$rate" -q "$@" > /dev/null
    score=$(/usr/bin/python3 "$ANCHOR" score-resample "$CORPUS" "$WORK" "$clip" "$k" "$est")
    rep=$est.json
    fit=$(/usr/bin/python3 -c "import json,sys; r=json.load(open('$rep')); print(f\"{r['fit']['snr_db']:.2f}\t{r['fit']['seconds']:.1f}\")")
    secs=$(/usr/bin/python3 -c "import soundfile as sf; i=sf.info('$low'); print(f'{i.frames/i.samplerate:.2f}')")
    v() { echo "$score" | tr '\t' '\n' | grep "^$1=" | cut -d= -f2; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$clip" "$k" "$fit" "$secs" "$(v snr_bl)" "$(v snr_pb)" "$(v lsd_bl)" "$(v snr_fb)"
  done
done
