#!/usr/bin/env bash
# libopus (Debian's opusenc) on the signal OpusBenchmark encodes: two tones whose pitch and level change
# every 20 ms frame, 48 kHz mono and stereo, 32 kb/s, 20 ms frames, complexity 5 and 10. Prints the real-time factor (seconds of audio per CPU second) to set beside
# OpusBenchmark's figures from the same run. opusenc tunes for OPUS_APPLICATION_AUDIO, so compare it with
# the benchmark's application=AUDIO rows.
set -euo pipefail
command -v opusenc >/dev/null || { echo "opusenc not found (Debian package opus-tools)" >&2; exit 1; }
seconds=${SECONDS_OF_AUDIO:-120}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for channels in 1 2; do
  python3 - "$dir/in$channels.wav" "$seconds" "$channels" <<'PY'
import math, struct, sys, wave
path, seconds, channels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with wave.open(path, "wb") as w:
    w.setnchannels(channels); w.setsampwidth(2); w.setframerate(48000)
    frames = bytearray()
    for f in range(seconds * 50):
        g = f % 50  # the benchmark cycles through one second of 50 frames
        level = 0.5 + 0.5 * math.sin(g / 4.0)
        for i in range(960):
            t = (g * 960 + i) / 48000.0
            v = int((6000 * math.sin(2 * math.pi * (180 + 3 * g) * t) + 2000 * math.sin(2 * math.pi * 1300 * t)) * level)
            frames += struct.pack("<h", v) * channels
    w.writeframes(bytes(frames))
PY
  for complexity in 5 10; do
    start=$(date +%s%N)
    cpu=$( { /usr/bin/time -f "%U %S" opusenc --quiet --bitrate 32 --framesize 20 --comp "$complexity" \
        "$dir/in$channels.wav" "$dir/out.opus"; } 2>&1 | tail -1)
    end=$(date +%s%N)
    awk -v s="$seconds" -v c="$cpu" -v ch="$channels" -v cx="$complexity" -v wall="$(( (end - start) / 1000000 ))" \
      'BEGIN { split(c, t, " "); cputime = t[1] + t[2];
               printf "libopus opusenc  channels=%d complexity=%d  %.1f us per 20 ms frame  %.0fx real time (wall %d ms)\n",
                      ch, cx, cputime / (s * 50) * 1e6, s / cputime, wall }'
  done
done
