#!/bin/sh
# Makes the small media corpus the media tests play: make-corpus.sh OUTDIR
#
# Every clip is generated with ffmpeg's lavfi sources, so nothing binary is committed and
# the corpus can be rebuilt anywhere ffmpeg (5.1 or newer) is installed. Clips are 2-3 s and
# small so the whole corpus builds in a few seconds on two cores. A stamp holding this
# script's checksum makes reruns free until the script changes.
#
# Reference sources: testsrc2 (moving pattern, so inter frames really predict), sine (a
# tone, so audio is non-silent), color (a flat colour for the pixel check).
set -eu

out=${1:?usage: make-corpus.sh OUTDIR}
mkdir -p "$out"
stamp="$out/.corpus-stamp"
sum=$(cksum < "$0")
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
  exit 0
fi
rm -f "$stamp"

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
x264="-c:v libx264 -preset ultrafast -g 30"
aac="-c:a aac -b:a 96k"
cd "$out"

# --- Good clips ------------------------------------------------------------------------

# Reference: H.264 + AAC, 320x240, 30 fps, 3 s, 48 kHz stereo; moov in front (+faststart).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=48000:d=3 \
   $x264 -pix_fmt yuv420p $aac -ac 2 -movflags +faststart h264_aac_320x240_30fps.mp4

# HEVC + AAC in MP4 (hvc1 tag, as Apple devices write it).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=48000:d=3 \
   -c:v libx265 -preset ultrafast -x265-params log-level=error -tag:v hvc1 -pix_fmt yuv420p \
   $aac -ac 2 hevc_aac.mp4

# VP9 + Opus in WebM.
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=48000:d=3 \
   -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 500k -pix_fmt yuv420p \
   -c:a libopus -b:a 64k -ac 2 vp9_opus.webm

# 60 fps at 1280x720 (also the clip the decode-rate measurement uses), 2 s.
ff -f lavfi -i testsrc2=s=1280x720:r=60:d=2 -f lavfi -i sine=f=440:r=48000:d=2 \
   $x264 -g 60 -pix_fmt yuv420p $aac -ac 2 h264_720p_60fps.mp4

# 25 fps at an odd size (318x242: chroma planes 159 wide, not a multiple of 16), 3 s.
ff -f lavfi -i testsrc2=s=318x242:r=25:d=3 -f lavfi -i sine=f=440:r=48000:d=3 \
   $x264 -g 25 -pix_fmt yuv420p $aac -ac 2 odd_318x242_25fps.mp4

# Variable frame rate: 90 frames whose timestamps are (N + 0.3*sin(N))/30 s, so intervals
# vary between 0.4 and 1.6 thirtieths of a second. -fps_mode passthrough keeps them, and the
# millisecond time bases (settb, -enc_time_base) stop the encoder rounding them back onto a
# 1/30 s grid (which it does by default, making duplicates). MKV stores milliseconds.
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=48000:d=3 \
   -vf "settb=1/1000,setpts='(N+0.3*sin(N))/30/TB'" -fps_mode passthrough -enc_time_base:v 1/1000 \
   $x264 -pix_fmt yuv420p $aac -ac 2 vfr.mkv

# Portrait phone clip: 320x240 coded, display matrix "rotate 90 degrees clockwise" (what
# ffprobe prints as "rotation of -90.00 degrees", as phones write it). FFmpeg 5.1 has no
# -display_rotation, and its "rotate" metadata only becomes a display matrix on stream copy,
# with the angle taken counter-clockwise; hence a remux with rotate=270.
ff -f lavfi -i testsrc2=s=320x240:r=30:d=2 -f lavfi -i sine=f=440:r=48000:d=2 \
   $x264 -pix_fmt yuv420p $aac -ac 2 rotated_src.mp4
ff -i rotated_src.mp4 -c copy -metadata:s:v:0 rotate=270 rotated_90cw.mp4
rm -f rotated_src.mp4

# 10-bit: H.264 High 10, yuv420p10le (comes out converted to 8-bit IYUV).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=2 -f lavfi -i sine=f=440:r=48000:d=2 \
   $x264 -pix_fmt yuv420p10le $aac -ac 2 h264_10bit.mp4

# 4:2:2: H.264 High 4:2:2 (comes out converted to IYUV).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=2 -f lavfi -i sine=f=440:r=48000:d=2 \
   $x264 -pix_fmt yuv422p $aac -ac 2 h264_yuv422p.mp4

# Mono 22.05 kHz audio (resampled to 48 kHz stereo on output).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=22050:d=3 \
   $x264 -pix_fmt yuv420p $aac -ac 1 -ar 22050 mono_22050.mp4

# 5.1 audio (six different tones), AAC in MKV (downmixed to stereo on output).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 \
   -f lavfi -i "aevalsrc=sin(300*2*PI*t)|sin(400*2*PI*t)|sin(500*2*PI*t)|sin(60*2*PI*t)|sin(600*2*PI*t)|sin(700*2*PI*t):c=5.1:s=48000:d=3" \
   $x264 -pix_fmt yuv420p $aac surround_51.mkv

# Sound that ends before the picture: 1 s of tone under 3 s of video (a clip trimmed carelessly).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:d=1 $x264 -pix_fmt yuv420p $aac short_audio.mp4
# No audio track at all.
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 $x264 -pix_fmt yuv420p no_audio.mp4
# Anamorphic: 360x240 coded with square-pixel content stretched by a sample aspect ratio of
# 32:27, so it is meant to be seen 16:9 (as DVD and broadcast widescreen are stored).
ff -f lavfi -i testsrc2=s=360x240:r=30:d=2 -vf setsar=32/27 $x264 -pix_fmt yuv420p anamorphic_16x9.mp4

# A "voice cue" an hour long in 320 KB (Vorbis silence): decoded whole it would take 690 MB.
ff -f lavfi -i anullsrc=r=8000:cl=mono -t 3600 -c:a libvorbis -q:a 0 hour_of_silence.ogg

# Larger than 8K (8704x4352), one grey frame: refused before a picture is decoded.
ff -f lavfi -i color=c=gray:s=8704x4352:r=1:d=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p over_8k.mp4

# Two recordings joined end to end (MPEG-TS, cat): 6 s of picture whose timestamps span 25 hours.
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=d=3 $x264 -pix_fmt yuv420p $aac -output_ts_offset 5000 joined_a.ts
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=d=3 $x264 -pix_fmt yuv420p $aac joined_b.ts
cat joined_a.ts joined_b.ts >joined_recordings.ts && rm joined_a.ts joined_b.ts

# Audio only: AAC in M4A, 44.1 kHz stereo, 3 s.
ff -f lavfi -i sine=f=440:r=44100:d=3 $aac -ac 2 audio_only.m4a

# A flat colour #3366cc for the pixel check: BT.601 limited range Y'CbCr ~ (100, 180, 98).
ff -f lavfi -i color=c=0x3366cc:s=320x240:r=30:d=1 $x264 -qp 0 -pix_fmt yuv420p solid_3366cc.mp4

# The same colour coded as 10-bit 4:2:0: must come out as 8-bit IYUV with the same values.
ff -f lavfi -i color=c=0x3366cc:s=320x240:r=30:d=1 $x264 -qp 0 -pix_fmt yuv420p10le solid_3366cc_10bit.mp4

# 4K (3840x2160) MPEG-4 Part 2, 10 frames, no audio: a clip larger than a 1080p board's
# screen, in a codec libavcodec can decode at half size (lowres). Intra only, so it is quick.
ff -f lavfi -i testsrc2=s=3840x2160:r=25:d=0.4 -c:v mpeg4 -q:v 10 -g 1 -pix_fmt yuv420p mpeg4_4k.mp4

# --- Broken files ----------------------------------------------------------------------
# (A missing file is a path the tests use that is never created: missing.mp4.)

# Empty: zero bytes.
: > empty.mp4

# Not a video: a text file with a video extension.
printf 'This is a text file, not a video.\nIt only pretends to be one by its name.\n' > not_a_video.mp4

# Truncated: the first 30% of a faststart MP4 (index in front, so the first frames decode).
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=48000:d=3 \
   $x264 -pix_fmt yuv420p $aac -ac 2 -movflags +faststart truncated_src.mp4
size=$(wc -c < truncated_src.mp4)
head -c $((size * 30 / 100)) truncated_src.mp4 > truncated.mp4
rm -f truncated_src.mp4

# Corrupt in the middle: a 3 s MKV with 4 KiB at 45% of the file overwritten by noise.
# The noise is deterministic (anoisesrc with a fixed seed) so failures reproduce.
ff -f lavfi -i testsrc2=s=320x240:r=30:d=3 -f lavfi -i sine=f=440:r=48000:d=3 \
   $x264 -pix_fmt yuv420p $aac -ac 2 corrupt_middle.mkv
ff -f lavfi -i anoisesrc=seed=42:r=8000:d=1 -f s16le -ac 1 noise.raw
size=$(wc -c < corrupt_middle.mkv)
dd if=noise.raw of=corrupt_middle.mkv bs=1 seek=$((size * 45 / 100)) count=4096 conv=notrunc 2>/dev/null
rm -f noise.raw

# Video that is all noise: the reference remuxed with the noise bitstream filter damaging
# every other byte of every video packet (its seed is fixed). No picture decodes; the audio
# is intact.
ff -i h264_aac_320x240_30fps.mp4 -c copy -bsf:v noise=amount=2 video_noise.mkv

echo "$sum" > "$stamp"
