#!/usr/bin/env bash
# scripts/init-trial.sh [CORPUS] [WORK] [OUTER] [QUALITY] -- the starting points for segment nets that published work
# suggests, against the paper's init, fitted with the same counted preset (default normal) on held-out clips:
# a Reptile-learned init (OUTER steps, default 600) and WINNER's noise (examples' InitTrial says how each is made).
# Training audio, made here from Debian packages, 44.1 kHz mono: sonic-pi-samples' drum_*, elec_*, guit_*, loop_* and
# perc_* files except the ones the shared corpus uses (guit_harmonics, loop_amen, and loop_amen_full, the same break),
# and espeak-ng speech of sentences other than the corpus one. Held out: gt_bach, gt_counting, the corpus' piano and
# drums (scripts/protocol/make_corpus.sh CORPUS first), an ALSA voice. ~15 min on 2 cores.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${1:-/tmp/siren_audio/corpus}; WORK=${2:-/tmp/siren-init-trial}; OUTER=${3:-600}; QUALITY=${4:-normal}
SPI=/usr/share/sonic-pi/samples
if ! command -v sox >/dev/null || ! command -v espeak-ng >/dev/null || [ ! -d "$SPI" ] || [ ! -d /usr/share/sounds/alsa ]; then
  echo "init-trial: installing sox, sonic-pi-samples, espeak-ng and alsa-utils (Debian packages)" >&2
  apt-get install -y sox libsox-fmt-all sonic-pi-samples espeak-ng alsa-utils >/dev/null
fi
rm -rf "$WORK"; mkdir -p "$WORK/train"
for f in "$SPI"/drum_*.flac "$SPI"/elec_*.flac "$SPI"/guit_*.flac "$SPI"/loop_*.flac "$SPI"/perc_*.flac; do
  b=$(basename "$f" .flac)
  case "$b" in guit_harmonics|loop_amen|loop_amen_full) continue ;; esac
  sox "$f" -b 32 -e floating-point "$WORK/train/$b.wav" remix - rate -v 44100
done
i=0
while IFS= read -r sentence; do
  for voice in en en-us+f3 en+m3; do
    i=$((i + 1))
    espeak-ng -v "$voice" -s 160 -w "$WORK/speech.wav" "$sentence"
    sox "$WORK/speech.wav" -b 32 -e floating-point "$WORK/train/speech_$i.wav" rate -v 44100
  done
done <<'TEXT'
Sound is a wave of pressure travelling through the air.
Please call Stella and ask her to bring these things with her from the store.
Six spoons of fresh snow peas, five thick slabs of blue cheese.
We also need a small plastic snake and a big toy frog for the kids.
She can scoop these things into three red bags, and we will go meet her Wednesday at the train station.
TEXT
sox /usr/share/sounds/alsa/Front_Left.wav -b 32 -e floating-point "$WORK/front_left_44100.wav" rate -v 44100
(cd "$HERE" && mvn -q -B -o -DskipTests -pl examples -am package 2>/dev/null || mvn -q -B -DskipTests -pl examples -am package)
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" OMP_WAIT_POLICY=PASSIVE
DATA="${DATA:-$HERE/../shared/data}" # the paper's gt_bach.wav and gt_counting.wav (the SIREN authors' data/ folder)
java --add-modules jdk.incubator.vector -cp "$HERE/examples/target/siren4j-examples-0.1.0-SNAPSHOT.jar:$HERE/cli/target/siren-cli.jar:$HERE/cli/target/lib/*" \
  org.siren4j.examples.InitTrial "$WORK/train" "$OUTER" "$QUALITY" \
  "$DATA/gt_bach.wav:0.5:0.5" "$DATA/gt_counting.wav:1.0:0.5" "$CORPUS/clean/piano_44100.wav:0.5:0.5" \
  "$CORPUS/clean/drums_44100.wav:0.2:0.5" "$WORK/front_left_44100.wav:0.2:0.5" \
  2> >(grep -v '^WARNING: Using incubator modules' >&2)
