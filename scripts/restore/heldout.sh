#!/usr/bin/env bash
# heldout.sh OUTDIR: clean clips the restoration thresholds were never set on, from Debian packages (sonic-pi-samples,
# alsa-utils, espeak-ng) like the shared corpus but other recordings: a choir, a guitar chord, a tabla loop, a glass hum,
# another sentence of the ALSA speaker, and espeak-ng's female voice (synthetic speech, whose glottal pulses are sharp).
# 16-bit mono, peak -6 dBFS, at most 3 s. Then: scripts/restore-protocol.sh OUTDIR -- /tmp/siren_restore_heldout
set -euo pipefail
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
SPI=/usr/share/sonic-pi/samples ALSA=/usr/share/sounds/alsa
fmt=(-b 16 -e signed-integer -c 1)
sox -R -D "$SPI/ambi_choir.flac" "${fmt[@]}" "$out/choir_44100.wav" remix - trim 0 3 gain -n -6
sox -R -D "$SPI/guit_em9.flac" "${fmt[@]}" "$out/guitar_em9_44100.wav" remix - trim 0 3 gain -n -6
sox -R -D "$SPI/loop_tabla.flac" "${fmt[@]}" "$out/tabla_44100.wav" remix - trim 0 3 gain -n -6
sox -R -D "$SPI/ambi_glass_hum.flac" "${fmt[@]}" "$out/glass_hum_44100.wav" remix - trim 0 3 gain -n -6
sox -R -D "$ALSA/Rear_Left.wav" "${fmt[@]}" "$out/speech_rear_48000.wav" remix - trim 0 3 gain -n -6
tmp=$(mktemp --suffix .wav)
espeak-ng -v en+f3 -s 150 -w "$tmp" "Pack my box with five dozen liquor jugs, said the restorer."
sox -R -D "$tmp" "${fmt[@]}" "$out/speech_espeak_f_22050.wav" trim 0 3 gain -n -6
rm -f "$tmp"
