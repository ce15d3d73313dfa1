#!/bin/sh
# VP8 decoding speed, PureRTC against libvpx, on the same files in one run: builds the two benchmark streams
# with vpxenc (640x480 1 Mb/s and 1280x720 2.5 Mb/s, 90 frames each), runs Vp8DecodeBenchmark on them, times
# `vpxdec --threads=1 --i420 -o /dev/null` on each, and prints frames per second for both and their ratio.
# Needs vpx-tools (vpxenc, vpxdec) and the benchmarks jar:
#   mvn -B -q -pl benchmarks -am package -DskipTests
# Usage: benchmarks/vp8-decode-vs-libvpx.sh [JMH options, default: -f 1 -wi 3 -i 5 -w 2s -r 2s]
set -eu
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
java=${JAVA:-java}
[ -f "$jar" ] || { echo "build $jar first: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$java" -cp "$jar" io.purertc.bench.Vp8DecodeBenchmark "$dir" > /dev/null
if [ $# -eq 0 ]; then set -- -f 1 -wi 3 -i 5 -w 2s -r 2s; fi
"$java" -jar "$jar" Vp8DecodeBenchmark -p ivfDir="$dir" -rf csv -rff "$dir/jmh.csv" "$@"
repeats=${VPXDEC_REPEATS:-10}
printf '\n%-16s %12s %12s %8s\n' stream "purertc fps" "libvpx fps" ratio
for stream in 640x480@1000 1280x720@2500; do
    file="$dir/vp8-$(echo "$stream" | tr @ -).ivf"
    frames=$(vpxdec --threads=1 --md5 --i420 -o %1 "$file" | wc -l)
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$repeats" ]; do
        vpxdec --threads=1 --i420 -o /dev/null "$file"
        i=$((i + 1))
    done
    end=$(date +%s%N)
    libvpx=$(awk -v f="$frames" -v r="$repeats" -v ns=$((end - start)) 'BEGIN { printf "%.1f", f * r / (ns / 1e9) }')
    ours=$(awk -F, -v s="$stream" '{ gsub(/["\r]/, "") } $NF == s { printf "%.1f", $5 }' "$dir/jmh.csv")
    ratio=$(awk -v a="$ours" -v b="$libvpx" 'BEGIN { printf "%.3f", a / b }')
    printf '%-16s %12s %12s %8s\n' "$stream" "$ours" "$libvpx" "$ratio"
done
echo "(ratio = purertc / libvpx; libvpx timed over $repeats runs of vpxdec, process start-up included)"
