#!/usr/bin/env bash
# restore-protocol.sh CLEAN_DIR... [-- WORK]
#
# The restoration protocol: for every WAV in the CLEAN_DIRs, damaged copies made reproducibly (scripts/restore/damage.py:
# the first 3 s, mono, peak 0.5, 16-bit; 20 clicks a second; clipping at 30% and 50% of the peak; 5 dropouts a second of
# 1-20 ms), then `siren restore` (its report also scores the ar and linear ablations on the same detection), ffmpeg's
# adeclick (clicks) and adeclip (clipping), each scored against the clean excerpt (SNR, dB). Prints a row per clip and
# damage and the means per damage type; WORK (default /tmp/siren_restore) keeps the files.
#
# Needs Debian's /usr/bin/python3 with python3-numpy and python3-soundfile, and ffmpeg (apt-get install ffmpeg) for its
# columns. Example: scripts/restore-protocol.sh /tmp/siren_audio/corpus/clean ../shared/data
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=(); work=/tmp/siren_restore
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then work=$2; shift 2; else dirs+=("$1"); shift; fi
done
[ ${#dirs[@]} -gt 0 ] || { echo "usage: $0 CLEAN_DIR... [-- WORK]" >&2; exit 2; }
SIREN=${SIREN:-./siren}
PY=/usr/bin/python3
DMG=scripts/restore/damage.py
have_ffmpeg=1; command -v ffmpeg >/dev/null || { have_ffmpeg=0; echo "ffmpeg not found (apt-get install ffmpeg): its columns stay empty" >&2; }
mkdir -p "$work/damaged" "$work/out"
printf "%-22s %-9s %7s %7s %7s %7s %7s %9s\n" clip damage input siren ar linear ffmpeg "s/audio-s"
for d in "${dirs[@]}"; do
  for f in "$d"/*.wav; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .wav)
    $PY "$DMG" make "$f" "$work/damaged" --seed 1
    clean="$work/damaged/${name}_clean.wav"
    for dmg in clicks clip30 clip50 dropouts; do
      in="$work/damaged/${name}_${dmg}.wav"; out="$work/out/${name}_${dmg}.wav"
      $SIREN restore "$in" -o "$out" --clean "$clean" -q >/dev/null
      read -r input siren ar linear speed < <($PY -c "import json,sys; r=json.load(open(sys.argv[1])); s=r['snr_db']; print(s['input'], s['siren'], s['ar'], s['linear'], r['seconds_per_audio_second'])" "$out.json")
      ff="-"
      if [ $have_ffmpeg = 1 ] && [ $dmg != dropouts ]; then
        filter=adeclick; [ $dmg = clicks ] || filter=adeclip
        ffmpeg -v error -y -i "$in" -af $filter "$work/out/${name}_${dmg}_ffmpeg.wav"
        ff=$($PY "$DMG" score "$clean" "$work/out/${name}_${dmg}_ffmpeg.wav")
      fi
      printf "%-22s %-9s %7.2f %7.2f %7.2f %7.2f %7s %9.2f\n" "$name" "$dmg" "$input" "$siren" "$ar" "$linear" "$ff" "$speed" | tee -a "$work/rows.txt"
    done
  done
done
echo
$PY - "$work/rows.txt" <<'PY'
import sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    rows[p[1]].append([float(v) if v != '-' else float('nan') for v in p[2:]])
print(f"{'mean':<22} {'damage':<9} {'input':>7} {'siren':>7} {'ar':>7} {'linear':>7} {'ffmpeg':>7} {'s/audio-s':>9}")
for dmg, r in rows.items():
    m = [sum(c) / len(c) for c in zip(*r)]
    print(f"{'(' + str(len(r)) + ' clips)':<22} {dmg:<9} " + " ".join(f"{v:7.2f}" for v in m[:5]) + f" {m[5]:9.2f}")
PY
rm -f "$work/rows.txt"
