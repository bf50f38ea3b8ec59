#!/usr/bin/env bash
# scripts/playback-protocol.sh [CORPUS] [FROM] [SECONDS] [QUALITY] -- the SIREN plugins' playback (siren.resample at speeds
# 0.5 / 1 / 2 and applied at 2x the rate, siren.sampler at its root key and an octave either side; QUALITY: the plugins'
# fit quality, high (their default) or normal)
# against an ideal band-limited resampling (a 512-tap Kaiser-windowed sinc), on every clip of the corpus
# (scripts/protocol/make_corpus.sh CORPUS first): an excerpt of SECONDS (default 0.5) from FROM (default 0.25 s).
# Prints a tab-separated row per clip and path (SNR over the whole band and over its lower 90%, the resampling protocol's
# SNR_PB), then the worst path per clip.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-/tmp/siren_audio/corpus}; FROM=${2:-0.25}; SECONDS_=${3:-0.5}; QUALITY=${4:-high}
"$HERE/siren" --version > /dev/null # builds the CLI when its sources changed
args=()
for f in "$CORPUS"/clean/*.wav; do args+=("$f" "$FROM" "$SECONDS_"); done
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" OMP_WAIT_POLICY=PASSIVE
java --add-modules jdk.incubator.vector -cp "$HERE/cli/target/siren-cli.jar:$HERE/cli/target/lib/*" org.siren4j.plugins.host.PlaybackQuality --quality "$QUALITY" "${args[@]}" \
  2> >(grep -v '^WARNING: Using incubator modules' >&2) | tee /dev/stderr \
  | awk -F'\t' 'NR > 1 { if (!($1 in worst) || $6 < worst[$1]) worst[$1] = $6; if (!($1 in pb) || $7 < pb[$1]) pb[$1] = $7 }
               END { for (c in worst) printf "worst\t%s\t%s dB\tpassband %s dB\n", c, worst[c], pb[c] }' | sort
