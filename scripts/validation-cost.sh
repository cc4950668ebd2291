#!/usr/bin/env bash
# What the ingest's integrity scan (docs/ingest-validation.md) costs against the encode it runs before: CPU seconds
# (user + sys, /usr/bin/time) and wall seconds of the scan's exact ffmpeg command, of the content check's decode and
# of the ladder's x264 encodes (the pipeline's settings: veryfast, capped CRF 23, 4 s GOP, 720p to 240p, to null),
# on the pipeline benchmark's source (60 s 1280x720 30 fps testsrc2 + sine, x264 ultrafast crf 12). Three rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
require_ffmpeg
[ -x /usr/bin/time ] || apt_install time

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$work/source.mp4"
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30:duration=60 -f lavfi -i sine=duration=60 \
  -c:v libx264 -preset ultrafast -crf 12 -pix_fmt yuv420p -c:a aac "$src"

cpu() { /usr/bin/time -f "%U %S %e" -o "$work/t" "$@" >/dev/null 2>"$work/err"; awk '{printf "%6.2f %6.2f", $1 + $2, $3}' "$work/t"; }
rung() {
  echo "-map 0:v:0 -an -vf scale=$1:$2:flags=bicubic,fps=30 -c:v libx264 -preset veryfast -pix_fmt yuv420p -crf 23" \
    "-maxrate $3k -bufsize $(($3 * 2))k -g 120 -keyint_min 120 -sc_threshold 0 -force_key_frames expr:gte(t,n_forced*4) -f null -"
}
echo "CPU s and wall s per round: integrity scan | content-check decode | ladder encode"
for round in 1 2 3; do
  scan=$(cpu ffmpeg -nostdin -hide_banner -v error -i "$src" -map 0:v:0 -c:v copy -map '0:a:0?' -c:a pcm_s16le -f framecrc -)
  decode=$(cpu ffmpeg -nostdin -hide_banner -v error -i "$src" -map 0:v:0 -an \
    -vf "freezedetect=n=-60dB:d=5,scale=w='max(2,trunc(iw/8)*2)':h='max(2,trunc(ih/8)*2)':flags=neighbor,blackdetect=d=5:pix_th=0.10" -f null -)
  # shellcheck disable=SC2046
  encode=$(cpu ffmpeg -nostdin -hide_banner -v error -i "$src" $(rung 1280 720 3000) $(rung 854 480 1500) $(rung 640 360 800) $(rung 426 240 400))
  echo "round $round: $scan | $decode | $encode"
done
