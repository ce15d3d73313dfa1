#!/bin/sh
# VP8 real-time encoding, PureRTC against libvpx, on the same pictures in one run: writes the benchmark's two
# raw clips (640x480 for 1 Mb/s and 1280x720 for 2.5 Mb/s, 90 frames at 30 fps each), runs Vp8EncodeBenchmark
# on them, times `vpxenc --rt --cpu-used=8 --threads=1 --end-usage=cbr` on each, and prints frames per second of
# both with their ratio, then the mean PSNR and bitrate of both streams (PSNR computed in Java on what a viewer
# sees: a dropped picture counts as the one shown before it).
# Needs vpx-tools (vpxenc) and the benchmarks jar:
#   mvn -B -q -pl benchmarks -am package -DskipTests
# Usage: benchmarks/vp8-encode-vs-libvpx.sh [JMH options, default: -f 1 -wi 3 -i 5 -w 2s -r 2s]
set -eu
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
java=${JAVA:-java}
bench=io.purertc.bench.Vp8EncodeBenchmark
[ -f "$jar" ] || { echo "build $jar first: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
command -v vpxenc >/dev/null || { echo "vpxenc not found (Debian package vpx-tools)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$java" -cp "$jar" "$bench" clips "$dir"
if [ $# -eq 0 ]; then set -- -f 1 -wi 3 -i 5 -w 2s -r 2s; fi
"$java" -jar "$jar" Vp8EncodeBenchmark -p yuvDir="$dir" -rf csv -rff "$dir/jmh.csv" "$@"
repeats=${VPXENC_REPEATS:-3}
printf '\n%-16s %12s %12s %8s %22s %22s\n' stream "purertc fps" "libvpx fps" ratio "purertc dB, kb/s" \
    "libvpx dB, kb/s"
for stream in 640x480@1000 1280x720@2500; do
    size=${stream%@*}
    kbps=${stream#*@}
    clip="$dir/clip-$size.yuv"
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$repeats" ]; do
        vpxenc --codec=vp8 --ivf -q --rt --cpu-used=8 --threads=1 --end-usage=cbr --target-bitrate="$kbps" \
            --fps=30/1 -w "${size%x*}" -h "${size#*x}" --i420 -o "$dir/libvpx.ivf" "$clip" 2>/dev/null
        i=$((i + 1))
    done
    end=$(date +%s%N)
    libvpx=$(awk -v r="$repeats" -v ns=$((end - start)) 'BEGIN { printf "%.1f", 90 * r / (ns / 1e9) }')
    ours=$(awk -F, -v s="$stream" '{ gsub(/["\r]/, ""); for (i = 8; i <= NF; i++) if ($i == s) printf "%.1f", $5 }' \
        "$dir/jmh.csv")
    ratio=$(awk -v a="$ours" -v b="$libvpx" 'BEGIN { printf "%.3f", a / b }')
    "$java" -cp "$jar" "$bench" encode "$stream" "$dir" "$dir/ours.ivf"
    ourq=$("$java" -cp "$jar" "$bench" quality "$stream" "$dir" "$dir/ours.ivf")
    libq=$("$java" -cp "$jar" "$bench" quality "$stream" "$dir" "$dir/libvpx.ivf")
    printf '%-16s %12s %12s %8s %22s %22s\n' "$stream" "$ours" "$libvpx" "$ratio" "$ourq" "$libq"
done
echo "(ratio = purertc / libvpx; libvpx timed over $repeats runs of vpxenc, process start-up included)"
