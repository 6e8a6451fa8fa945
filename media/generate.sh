#!/usr/bin/env bash
# Demo media generator for classplayer.
#
#   media/generate.sh [--out DIR] [--jobs N] [PLAYLIST.json...]
#
# Reads each playlist with jq and makes every media file it references:
#   - video clips  (segments[].media.clip, segments[].variants[].media.clip):
#       H.264 (libx264, yuv420p, BT.709 limited range, +faststart) + AAC stereo 48 kHz, MP4,
#       1280x720, 30 fps: the demonstration of clips/NAME.mp4 is drawn from its pose keyframes,
#       media/demonstrations/NAME.json (docs/demonstration-format.md), by classplayer-demonstrate
#       (built from media/demonstrator/), on a background colour of the clip's own. No words: the
#       player's overlay shows the title, start position and instructions.
#         loop "rep":  exactly rep_s long (the demonstration must say so, and its hold marks must
#                      be the playlist's hold_from_s and dose.hold_s.use);
#         loop "hold": as long as the demonstration's loop (10 s for the shipped ones).
#       Both loop with no seam. Before drawing, the motion is checked against the motion rules
#       (motion-rules.json beside the playlist's conditions file) for the tags of every segment
#       or variant that plays the clip: a demonstration that shows what its tags rule out is
#       refused, naming the keyframe and the joint. A clip with no demonstration is the clinic's
#       own footage: never made or remade here (an error only when it is missing).
#       A quiet chord (about -28 dBFS RMS) plays under it, seamless across the loop.
#   - voice cues   (every object with string .audio and .text, e.g. segments[].cues[],
#       breathing.cues.in/out): Festival with the HTS voice cmu_us_slt_arctic_hts (Debian's
#       festvox-us-slt-hts) at a calm pace where installed, else espeak-ng (en-gb, 140 wpm); to
#       OGG Vorbis, mono, 44.1 kHz. The voice used is printed, and a change of voice remakes them.
#   - the safety card chime (.safety_card.chime): a soft two-tone chime, OGG Vorbis.
#   - DIR/clips/colours.tsv: "clips/NAME.mp4<TAB>#RRGGBB" for every clip (the background).
#
# Default playlists: every playlists/*.json beside this folder except conditions.json and
# motion-rules.json.
# Default output: the playlist's "media_root", resolved relative to the playlist file.
# Incremental: a file is made only when missing, older than its playlist or this script, or
# (clips) older than its demonstration or the motion rules, drawn by other drawing code, or of
# another background colour; (cues) spoken by another voice. What made each file is noted
# beside it (.NAME.made). Files are written to a temporary name and then moved into place, so
# an interrupted run never leaves a half file, and the next run makes only what is missing.
set -euo pipefail

SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
SCRIPT_DIR=$(dirname "$SCRIPT")
PROG=generate.sh

VW=1280 VH=720 FPS=30
VOICE=en-gb VOICE_WPM=140   # espeak-ng, where Festival's HTS voice is not installed
HTS_VOICE=cmu_us_slt_arctic_hts HTS_RATE=0.9   # hts_engine's -r: 0.9 is a tenth slower, calm
CUE_RATE=44100
CHIME_S=1.2

die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }
# awk for the arithmetic bash cannot do (floats).
calc() { awk "BEGIN { printf \"%s\", $1 }" /dev/null; }
fmt() { awk -v v="$1" 'BEGIN { s = sprintf("%.4f", v); sub(/0+$/, "", s); sub(/\.$/, "", s); print s }'; }

# ----------------------------------------------------------------------------------------------
# Workers: one file each. Called by xargs as "generate.sh --worker JOBDIR".
# JOBDIR/job.env holds the settings (shell-quoted); text goes in files next to it.
# ----------------------------------------------------------------------------------------------

# The temporary output file next to the real one (same extension, so ffmpeg picks the muxer);
# removed if the worker stops early for any reason.
TMP_OUT=""
tmp_name() {
  TMP_OUT="$OUT_DIR/$(dirname "$REL")/.$(basename "$REL").$$.tmp.${REL##*.}"
  mkdir -p "$(dirname "$TMP_OUT")"
  trap 'rm -f "$TMP_OUT"' EXIT
  trap 'exit 255' INT TERM HUP   # 255 makes xargs stop starting new jobs
}

# Beside a file just put in place: what made it (see "made_by" below), itself written atomically.
note_made() {
  local note
  note="$OUT_DIR/$(dirname "$REL")/.$(basename "$REL").made"
  TMP_OUT="$note.$$.tmp"   # the file itself is in place: the exit trap now tidies the note's
  printf '%s\n' "$1" >"$TMP_OUT" && mv -f "$TMP_OUT" "$note"
}

run_ffmpeg() { # log rel-name args...
  local log=$1 rel=$2; shift 2
  if ! ffmpeg -nostdin -hide_banner -loglevel error -y "$@" 2>"$log"; then
    printf '%s: error: ffmpeg failed making %s:\n' "$PROG" "$rel" >&2
    tail -n 20 "$log" | sed 's/^/    /' >&2
    return 1
  fi
  if [[ -s $log ]]; then # errors printed but exit 0: treat as a failure too
    printf '%s: error: ffmpeg reported errors making %s:\n' "$PROG" "$rel" >&2
    tail -n 20 "$log" | sed 's/^/    /' >&2
    return 1
  fi
}

# The music bed: a soft chord of sines, each swelling slowly. Every frequency is a whole number
# of cycles per clip, and the swells are one cycle per clip, so the loop point is seamless.
music_expr() { # length channel(0|1)
  awk -v L="$1" -v ch="$2" 'BEGIN {
    split("196 246.94 293.66 392", f, " ")          # G major: G3 B3 D4 G4
    amp = 0.038; pi = 3.14159265358979
    e = ""
    for (i = 1; i <= 4; i++) {
      k = int(f[i] * L + 0.5)                        # whole cycles in the clip
      ph = (i - 1) * pi / 2 + ch * pi / 3            # stagger the swells; L and R differ a little
      term = sprintf("%.5f*(0.78+0.22*cos(2*PI*t/%s+%.4f))*sin(2*PI*%d*t/%s)", amp * (i == 4 ? 0.6 : 1), L, ph, k, L)
      e = e (i > 1 ? "+" : "") term
    }
    print e
  }'
}

worker_clip() {
  local dir=$1
  tmp_name
  local tmp=$TMP_OUT L=$LENGTH

  # Every segment or variant that plays the clip: what the figure does must be allowed by its tags.
  local tags where
  while IFS=$'\t' read -r tags where; do
    local status=0
    "$DEMONSTRATE" check "$DEMO" --tags "$tags" --rules "$RULES" --used-by "$where" 2>"$dir/check.log" || status=$?
    if ((status == 1)); then
      printf '%s: error: %s is refused, not drawn:\n' "$PROG" "$DEMO" >&2
    elif ((status != 0)); then
      printf '%s: error: %s could not be checked (classplayer-demonstrate exit %d):\n' "$PROG" "$DEMO" "$status" >&2
    fi
    if ((status != 0)); then
      sed 's/^/    /' "$dir/check.log" >&2
      exit 1
    fi
  done <"$dir/users"

  # The figure's frames (raw BGRA) straight into the encoder, converted to BT.709 YUV there.
  local g="[0:v]scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,setsar=1[v];"
  g+="aevalsrc=exprs='$(music_expr "$L" 0)|$(music_expr "$L" 1)':s=48000:d=${L}[a]"
  if ! "$DEMONSTRATE" frames "$DEMO" --background "$COLOUR" 2>"$dir/frames.log" |
       run_ffmpeg "$dir/ffmpeg.log" "$REL" -f rawvideo -pix_fmt bgra -s "${VW}x${VH}" -framerate "$FPS" -i pipe:0 \
         -filter_complex "$g" -map '[v]' -map '[a]' \
         -c:v libx264 -preset veryfast -crf 20 -profile:v high -level:v 4.0 -g "$FPS" -pix_fmt yuv420p \
         -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv -r "$FPS" \
         -c:a aac -b:a 128k -ar 48000 -ac 2 -t "$L" -movflags +faststart "$tmp"; then
    if [[ -s $dir/frames.log ]]; then
      printf '%s: error: classplayer-demonstrate could not draw %s:\n' "$PROG" "$DEMO" >&2
      sed 's/^/    /' "$dir/frames.log" >&2
    fi
    exit 1
  fi
  mv -f "$tmp" "$OUT_DIR/$REL"
  note_made "$DRAWING_ID $COLOUR"
  printf 'generated %s  (%s s, %s, from %s)\n' "$OUT_DIR/$REL" "$L" "$COLOUR" "demonstrations/$(basename "$DEMO")"
}

worker_cue() {
  local dir=$1
  tmp_name
  local tmp=$TMP_OUT
  local level=""
  if [[ $VOICE_ENGINE == festival ]]; then
    # The HTS voice speaks more quietly than espeak-ng: brought to the same loudness (EBU R128).
    level="loudnorm=I=-19:TP=-2:LRA=7,"
    if ! text2wave -eval "(voice_$HTS_VOICE)" -eval "(set! hts_engine_params (append hts_engine_params '((\"-r\" $HTS_RATE))))" \
         "$dir/text.txt" -o "$dir/speech.wav" >"$dir/voice.log" 2>&1 || [[ ! -s $dir/speech.wav ]]; then
      printf '%s: error: festival (text2wave) failed making %s:\n' "$PROG" "$REL" >&2
      sed 's/^/    /' "$dir/voice.log" >&2
      exit 1
    fi
  elif ! espeak-ng -v "$VOICE" -s "$VOICE_WPM" -f "$dir/text.txt" -w "$dir/speech.wav" 2>"$dir/voice.log" \
     || [[ ! -s $dir/speech.wav ]]; then
    printf '%s: error: espeak-ng failed making %s:\n' "$PROG" "$REL" >&2
    sed 's/^/    /' "$dir/voice.log" >&2
    exit 1
  fi
  run_ffmpeg "$dir/ffmpeg.log" "$REL" -i "$dir/speech.wav" -af "${level}aresample=$CUE_RATE" \
    -ac 1 -ar "$CUE_RATE" -c:a libvorbis -q:a 4 "$tmp" || exit 1
  mv -f "$tmp" "$OUT_DIR/$REL"
  note_made "$VOICE_ID"
  printf 'generated %s  ("%s")\n' "$OUT_DIR/$REL" "$(cat "$dir/text.txt")"
}

worker_chime() {
  local dir=$1
  tmp_name
  local tmp=$TMP_OUT
  # Two soft tones (E5 then A5, 0.25 s apart), each a sine plus a quiet octave, 8 ms attack,
  # exponential decay; a short fade at the very end so it stops cleanly.
  local tone1="0.30*min(t/0.008,1)*exp(-4.5*t)*(sin(2*PI*659.25*t)+0.12*sin(2*PI*1318.5*t))"
  local tone2="gte(t,0.25)*0.26*min((t-0.25)/0.008,1)*exp(-4.5*(t-0.25))*(sin(2*PI*880*(t-0.25))+0.12*sin(2*PI*1760*(t-0.25)))"
  run_ffmpeg "$dir/ffmpeg.log" "$REL" \
    -filter_complex "aevalsrc=exprs='$tone1+$tone2':s=48000:d=$CHIME_S,afade=t=out:st=$(calc "$CHIME_S - 0.15"):d=0.15[a]" \
    -map '[a]' -ac 1 -ar 48000 -c:a libvorbis -q:a 5 "$tmp" || exit 1
  mv -f "$tmp" "$OUT_DIR/$REL"
  printf 'generated %s  (chime, %s s)\n' "$OUT_DIR/$REL" "$CHIME_S"
}

if [[ ${1:-} == --worker ]]; then
  JOB_DIR=$2
  # Held (shared, inherited by ffmpeg) until this worker and everything it started have ended:
  # the main script, stopped, waits on it so that it never returns while a worker still tidies.
  exec 9<"${JOB_DIR%/*}/workers.lock"
  flock -s 9
  # shellcheck source=/dev/null
  source "$JOB_DIR/job.env"
  case $MODE in
    clip) worker_clip "$JOB_DIR" ;;
    cue) worker_cue "$JOB_DIR" ;;
    chime) worker_chime "$JOB_DIR" ;;
    *) die "unknown job mode '$MODE'" ;;
  esac
  exit 0
fi

# ----------------------------------------------------------------------------------------------
# Main: read playlists, work out what is missing or stale, run the jobs.
# ----------------------------------------------------------------------------------------------
usage() {
  cat <<EOF
usage: media/generate.sh [--out DIR] [--jobs N] [PLAYLIST.json...]

Generates every clip, voice cue and chime the playlists reference (see media/README.md).
  --out DIR   write into DIR instead of each playlist's media_root
  --jobs N    parallel jobs (default 2)
Default playlists: $SCRIPT_DIR/../playlists/*.json except conditions.json and motion-rules.json.
EOF
}

out_override="" jobs=2
playlists=()
while (($#)); do
  case $1 in
    --out) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; out_override=$2; shift 2 ;;
    --out=*) out_override=${1#--out=}; shift ;;
    --jobs|-j) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; jobs=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; playlists+=("$@"); break ;;
    -*) printf '%s: unknown option %s\n' "$PROG" "$1" >&2; usage >&2; exit 2 ;;
    *) playlists+=("$1"); shift ;;
  esac
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive number, got '$jobs'"

# --- tools ---
need_tool() { # command package
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found: install the Debian package '$2' (sudo apt-get install $2, or platform/setup-debian.sh)"
}
need_tool jq jq
need_tool ffmpeg ffmpeg
need_tool awk mawk
need_tool md5sum coreutils
need_tool xargs findutils
ff_encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null || true)
ff_filters=$(ffmpeg -hide_banner -filters 2>/dev/null || true)
for e in libx264 aac libvorbis; do
  grep -qw "$e" <<<"$ff_encoders" || die "this ffmpeg has no '$e' encoder: install Debian's 'ffmpeg' package"
done
for f in aevalsrc loudnorm; do
  grep -qw "$f" <<<"$ff_filters" || die "this ffmpeg has no '$f' filter: install Debian's 'ffmpeg' package"
done

# The voice: Festival's HTS voice where it is installed (a natural voice, offline), else espeak-ng.
if command -v text2wave >/dev/null 2>&1 && [[ -d /usr/share/festival/voices/us/$HTS_VOICE ]]; then
  VOICE_ENGINE=festival VOICE_ID="festival $HTS_VOICE, rate $HTS_RATE"
else
  need_tool espeak-ng espeak-ng
  VOICE_ENGINE=espeak VOICE_ID="espeak-ng $VOICE, $VOICE_WPM wpm"
  warn "Festival's HTS voice is not installed (apt-get install festival festvox-us-slt-hts): cues are spoken by espeak-ng"
fi
export VOICE_ENGINE

# The demonstrator: named by the build (CLASSPLAYER_DEMONSTRATE), else this tree's build, else
# the installed one. Looked for only when a clip is to be drawn.
find_demonstrator() {
  local c
  for c in "${CLASSPLAYER_DEMONSTRATE:-}" "$SCRIPT_DIR/../build/media/demonstrator/classplayer-demonstrate" \
           "$(command -v classplayer-demonstrate 2>/dev/null || true)"; do
    if [[ -n $c && -x $c ]]; then readlink -f "$c"; return 0; fi
  done
  return 1
}
DEMONSTRATE=$(find_demonstrator || true)
export DEMONSTRATE   # the workers are this script again, started by xargs

if ((${#playlists[@]} == 0)); then
  shopt -s nullglob
  for f in "$SCRIPT_DIR"/../playlists/*.json; do
    [[ $(basename "$f") == conditions.json || $(basename "$f") == motion-rules.json ]] && continue
    playlists+=("$(readlink -f "$f")")
  done
  shopt -u nullglob
  ((${#playlists[@]})) || die "no playlists found in $SCRIPT_DIR/../playlists"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/classplayer-media.XXXXXX")
: >"$WORK/workers.lock"
trap 'rm -rf "$WORK"' EXIT
# Ctrl-C or a shutdown reaches the workers too (one process group), and xargs ends at once; each
# worker then removes its half-made file. Return only once they all have (at most 30 s).
trap 'flock -x -w 30 "$WORK/workers.lock" true; exit 130' INT TERM HUP

# jq: one line of shell assignments (@sh-quoted) per media reference.
JQ_PROGRAM='
def clean: tostring | gsub("[\\t\\n\\r]+"; " ") | gsub("^ +| +$"; "");
def num: if type == "number" then tostring else "" end;
def where: map(if type == "number" then "[\(.)]" else ".\(.)" end) | join("");
def clipline($where; $m; $dose; $tags):
  "kind=clip where=\($where|@sh) rel=\($m.clip|@sh) loop=\($m.loop // "" | tostring | @sh)"
  + " rep_s=\($m.rep_s|num|@sh) hold_from=\($m.hold_from_s|num|@sh) hold_s=\($dose.hold_s.use|num|@sh)"
  + " tags=\($tags // [] | map(tostring) | join(",") | @sh)";
(
  (.segments // []) | to_entries[] | .key as $i | .value as $s
  | ( select(($s.media.clip? | type) == "string")
      | clipline("segments[\($i)].media"; $s.media; $s.dose; $s.tags) ),
    ( ($s.variants // []) | to_entries[] | .key as $j | .value as $v
      | select(($v.media.clip? | type) == "string")
      | clipline("segments[\($i)].variants[\($j)].media"; $v.media; ($v.dose // $s.dose); $v.tags) )
),
( paths(type == "object" and ((.audio? | type) == "string")) as $p | getpath($p)
  | "kind=cue where=\($p|where|@sh) rel=\(.audio|@sh) text=\(.text // "" | clean | @sh)" ),
( paths(type == "object" and ((.chime? | type) == "string")) as $p | getpath($p)
  | "kind=chime where=\($p|where|@sh) rel=\(.chime|@sh)" )
'

# --- background colours ---
# Deterministic from the clip's file name: a Park-Miller generator seeded by md5(name) draws hue,
# saturation and value until the colour
#   (a) is dark and saturated (luma <= 97 of 255, so white text reads),
#   (b) decodes to nearly the same RGB whether a player uses the BT.709 matrix (right: the clips
#       are tagged BT.709) or BT.601 (within 6 per channel), and
#   (c) differs by >= 40 in some channel from every colour already given out in the folder.
# Clips are assigned in sorted order, after the kept entries of other playlists; (b) and (c)
# relax step by step when the folder gets crowded.
# Input lines: "keep NAME #rrggbb" or "NAME SEED". Output: "NAME #rrggbb".
pick_colours() {
  awk '
  function lcg() { seed = (seed * 48271) % 2147483647; return seed / 2147483647 }
  function abs(x) { return x < 0 ? -x : x }
  function rnd(x) { return int(x + (x < 0 ? -0.5 : 0.5)) }
  function clamp(x) { return x < 0 ? 0 : (x > 255 ? 255 : x) }
  function max3(a, b, c) { return a > b ? (a > c ? a : c) : (b > c ? b : c) }
  function hsv(h, s, v,   c, x, m, r, g, b, hp) {
    c = v * s; hp = h / 60; x = c * (1 - abs(hp % 2 - 1)); m = v - c
    if (hp < 1) { r = c; g = x; b = 0 } else if (hp < 2) { r = x; g = c; b = 0 }
    else if (hp < 3) { r = 0; g = c; b = x } else if (hp < 4) { r = 0; g = x; b = c }
    else if (hp < 5) { r = x; g = 0; b = c } else { r = c; g = 0; b = x }
    R = int((r + m) * 255 + 0.5); G = int((g + m) * 255 + 0.5); B = int((b + m) * 255 + 0.5)
  }
  # encode with BT.709 (limited range), decode with BT.601: the worst channel error
  function mismatch(r, g, b,   y, Y, Cb, Cr, yy, cbb, crr, r2, g2, b2) {
    y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
    Y = rnd(16 + 219 * y); Cb = rnd(128 + 224 * (b / 255 - y) / 1.8556); Cr = rnd(128 + 224 * (r / 255 - y) / 1.5748)
    yy = (Y - 16) / 219; cbb = (Cb - 128) / 224; crr = (Cr - 128) / 224
    r2 = yy + 1.402 * crr; b2 = yy + 1.772 * cbb; g2 = (yy - 0.299 * r2 - 0.114 * b2) / 0.587
    return max3(abs(clamp(rnd(r2 * 255)) - r), abs(clamp(rnd(g2 * 255)) - g), abs(clamp(rnd(b2 * 255)) - b))
  }
  function far(r, g, b, d,   i) {
    for (i = 1; i <= n; i++)
      if (max3(abs(r - ur[i]), abs(g - ug[i]), abs(b - ub[i])) < d) return 0
    return 1
  }
  function hex2(x) { return substr("0123456789abcdef", int(x / 16) + 1, 1) substr("0123456789abcdef", x % 16 + 1, 1) }
  function hexval(s,   i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
  $1 == "keep" { n++; ur[n] = hexval(substr($3, 2, 2)); ug[n] = hexval(substr($3, 4, 2)); ub[n] = hexval(substr($3, 6, 2)); next }
  {
    seed = $2 % 2147483647; if (seed == 0) seed = 1; found = 0
    # relax step by step: (distance, mismatch) = (40,6) (34,6) (34,8) (28,8) (28,10) (0,10) (0,any)
    split("40 34 34 28 28 0 0", dl, " "); split("6 6 8 8 10 10 255", ml, " ")
    for (pass = 1; pass <= 7 && !found; pass++) {
      d = dl[pass] + 0; mm = ml[pass] + 0
      for (try = 0; try < 3000; try++) {
        hsv(lcg() * 360, 0.45 + 0.30 * lcg(), 0.28 + 0.22 * lcg())
        if ((pass == 7 || 0.2126 * R + 0.7152 * G + 0.0722 * B <= 97) && mismatch(R, G, B) <= mm && far(R, G, B, d)) { found = 1; break }
      }
    }
    n++; ur[n] = R; ug[n] = G; ub[n] = B
    printf "%s #%s%s%s\n", $1, hex2(R), hex2(G), hex2(B)
  }'
}

declare -A job_kind=() job_src=() job_text=() job_where=() job_dir=() job_sig=() job_demo=() job_rules=() job_out=() outdirs=()
declare -a job_order=()
total_refs=0

check_rel() { # rel playlist where
  local r=$1
  [[ -n $r ]] || die "$2: $3: empty file name"
  [[ $r != /* ]] || die "$2: $3: '$r' must be relative to the media root"
  [[ "/$r/" != *"/../"* && "/$r/" != *"/./"* && $r != *[[:space:]]* ]] \
    || die "$2: $3: '$r' must not contain spaces or '.' / '..' parts"
}

for pl in "${playlists[@]}"; do
  [[ -r $pl ]] || die "cannot read playlist '$pl'"
  pl=$(readlink -f "$pl")
  jq -e 'type == "object"' "$pl" >/dev/null 2>"$WORK/jq.err" \
    || die "$pl: not a JSON object: $(head -c 300 "$WORK/jq.err")"
  if ! jq -e '.segments | type == "array"' "$pl" >/dev/null; then
    warn "$pl has no segments array, skipped"
    continue
  fi
  # The playlist's own media root holds the demonstrations (source), wherever --out writes.
  root=$(jq -r '.media_root // "."' "$pl")
  if [[ $root == /* ]]; then src_root=$(readlink -m "$root"); else src_root=$(readlink -m "$(dirname "$pl")/$root"); fi
  out=$src_root
  [[ -n $out_override ]] && out=$(readlink -m "$out_override")
  conditions=$(jq -r '.conditions // "conditions.json" | tostring' "$pl")
  [[ $conditions == /* ]] || conditions="$(dirname "$pl")/$conditions"
  rules=$(readlink -m "$(dirname "$conditions")/motion-rules.json")
  outdirs[$out]=1
  jq -r "$JQ_PROGRAM" "$pl" >"$WORK/refs.sh" 2>"$WORK/jq.err" || die "$pl: jq failed: $(cat "$WORK/jq.err")"
  while IFS= read -r line; do
    kind="" where="" rel="" loop="" rep_s="" hold_from="" hold_s="" text="" tags=""
    eval "$line"
    check_rel "$rel" "$pl" "$where"
    total_refs=$((total_refs + 1))
    key="$out/$rel"
    if [[ -n ${job_kind[$key]:-} ]]; then
      # A shared file is generated once; it must be the same kind and (cues) say the same thing.
      [[ ${job_kind[$key]} == "$kind" ]] \
        || die "$pl: $where: $rel is used both as a ${job_kind[$key]} (${job_where[$key]}) and as a $kind"
      if [[ $kind == cue && ${job_text[$key]} != "$text" ]]; then
        die "$pl: $where: $rel is shared by cues with different text: '${job_text[$key]}' (${job_where[$key]}) and '$text'"
      fi
      if [[ $kind == clip && ${job_sig[$key]} != "$loop|$rep_s|$hold_from|$hold_s" ]]; then
        die "$pl: $where: $rel is shared by segments with different timing (loop|rep_s|hold_from_s|hold_s: ${job_sig[$key]} at ${job_where[$key]}, $loop|$rep_s|$hold_from|$hold_s here)"
      fi
      [[ $pl -nt ${job_src[$key]} ]] && job_src[$key]=$pl   # compare with the newest user
      [[ $kind == clip ]] && printf '%s\t%s\n' "$tags" "${pl##*/} \$.$where" >>"${job_dir[$key]}/users"
      continue
    fi
    jd="$WORK/job${#job_order[@]}"
    mkdir -p "$jd"
    job_kind[$key]=$kind job_src[$key]=$pl job_where[$key]="$pl: $where" job_text[$key]=$text job_dir[$key]=$jd
    job_sig[$key]="$loop|$rep_s|$hold_from|$hold_s" job_out[$key]=$out
    job_order+=("$key")
    printf 'MODE=%q\nOUT_DIR=%q\nREL=%q\n' "$kind" "$out" "$rel" >"$jd/job.env"
    case $kind in
      clip)
        case $loop in
          rep)
            [[ $rep_s =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v r="$rep_s" 'BEGIN { exit !(r > 0 && r <= 600) }' \
              || die "$pl: $where.rep_s: loop \"rep\" needs a positive rep_s (got '${rep_s}')"
            if [[ -n $hold_from && -n $hold_s ]]; then
              if ! awk -v a="$hold_from" -v h="$hold_s" -v r="$rep_s" 'BEGIN { exit !(a > 0 && h > 0 && a + h < r) }'; then
                warn "$pl: $where: hold window [$hold_from, $hold_from + $hold_s) does not fit in rep_s $rep_s; clip made without a hold"
                hold_from="" hold_s=""
              fi
            else
              hold_from="" hold_s=""   # a hold needs both media.hold_from_s and dose.hold_s.use
            fi
            ;;
          hold) rep_s="" hold_from="" hold_s="" ;;
          *) die "$pl: $where.loop: expected \"rep\" or \"hold\", got '$loop'" ;;
        esac
        stem=${rel##*/}
        demo="$src_root/demonstrations/${stem%.*}.json"
        printf '%s\t%s\n' "$tags" "${pl##*/} \$.$where" >"$jd/users"
        if [[ -f $demo ]]; then
          job_demo[$key]=$demo job_rules[$key]=$rules
          # Checked against the demonstration after this loop, all in one jq and one awk.
          printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$demo" "$loop" "$rep_s" "$hold_from" "$hold_s" >>"$WORK/demo-uses.tsv"
        else
          job_demo[$key]=""   # the clinic's own footage: never drawn here
          echo 0 >"$jd/length"
        fi
        ;;
      cue)
        [[ -n $text ]] || die "$pl: $where: cue $rel has no text to speak"
        printf '%s' "$text" >"$jd/text.txt" ;;
      chime) ;;
    esac
  done <"$WORK/refs.sh"
done

((${#job_order[@]})) || { echo "media: the playlists reference no media files"; exit 0; }

# Each drawn clip's demonstration must keep the playlist's timing: a rep clip exactly rep_s, its
# hold where the playlist counts it, or the voice and the counter would run out of step with the
# figure. (classplayer check says the same, with the JSON paths.)
if [[ -s $WORK/demo-uses.tsv ]]; then
  cut -f2 "$WORK/demo-uses.tsv" | sort -u | tr '\n' '\0' |
    xargs -0 jq -r '[input_filename, (.length_s | numbers | tostring), (.hold.from_s // "" | tostring), (.hold.to_s // "" | tostring)] | @tsv' \
    >"$WORK/demo-timing.tsv" 2>"$WORK/jq.err" || die "a demonstration is not readable JSON: $(head -c 300 "$WORK/jq.err")"
  awk -F'\t' '
    function same(a, b) { return a - b < 1e-6 && b - a < 1e-6 }
    NR == FNR { len[$1] = $2; from[$1] = $3; to[$1] = $4; next }
    {
      d = $2; loop = $3; rep = $4; hf = $5; hs = $6
      if (!(d in len) || len[d] == "") { print d ": $.length_s: missing (a number of seconds)"; bad = 1; next }
      if (loop == "rep" && !same(len[d], rep)) { print d ": $.length_s is " len[d] " s, but the playlist'"'"'s rep_s is " rep " s: a rep clip is exactly one rep"; bad = 1 }
      if (loop == "rep" && hf != "" && !(from[d] != "" && same(from[d], hf) && same(to[d], hf + hs))) {
        print d ": $.hold must be from " hf " to " hf + hs " s (the playlist'"'"'s hold_from_s and dose hold), not [" from[d] ", " to[d] "]"; bad = 1 }
      if (loop == "rep" && hf == "" && from[d] != "") { print d ": $.hold marks a hold, but the playlist has none for this clip"; bad = 1 }
      printf "%s\t%s\n", $1, len[d] > "/dev/fd/3"
    }
    END { exit bad }' "$WORK/demo-timing.tsv" "$WORK/demo-uses.tsv" 3>"$WORK/demo-lengths.tsv" >"$WORK/timing.err" ||
    die "$(cat "$WORK/timing.err")"
  while IFS=$'\t' read -r key length; do
    echo "$length" >"${job_dir[$key]}/length"
    printf 'LENGTH=%q\nDEMO=%q\nRULES=%q\n' "$length" "${job_demo[$key]}" "${job_rules[$key]}" >>"${job_dir[$key]}/job.env"
  done <"$WORK/demo-lengths.tsv"
fi

# --- background colours, one set per output folder ---
declare -A colour_of=()
for out in "${!outdirs[@]}"; do
  tsv="$out/clips/colours.tsv"
  unset old here; declare -A old=() here=()
  if [[ -r $tsv ]]; then
    while IFS=$'\t' read -r n col; do
      [[ -n $n && $col =~ ^#[0-9a-fA-F]{6}$ ]] && old[$n]=$col
    done <"$tsv"
  fi
  names=()
  for key in "${job_order[@]}"; do
    [[ ${job_kind[$key]} == clip && $key == "$out/"* ]] && names+=("${key#"$out/"}")
  done
  ((${#names[@]})) || continue
  for n in "${names[@]}"; do here[$n]=1; done
  # Clips of playlists not in this run that share the folder keep their entries (and colours).
  kept=()
  for n in "${!old[@]}"; do
    [[ -z ${here[$n]:-} && -e $out/$n ]] && kept+=("$n")
  done
  {
    for n in "${kept[@]}"; do printf 'keep %s %s\n' "$n" "${old[$n]}"; done
    printf '%s\n' "${names[@]}" | LC_ALL=C sort | while IFS= read -r n; do
      h=$(printf '%s' "$n" | md5sum)
      printf '%s %d\n' "$n" "$(( 16#${h:0:7} + 1 ))"
    done
  } >"$WORK/colour-in"
  while read -r n col; do
    colour_of["$out/$n"]=$col
    printf 'COLOUR=%q\n' "$col" >>"${job_dir["$out/$n"]}/job.env"
  done < <(pick_colours <"$WORK/colour-in")
  {
    for n in "${kept[@]}"; do printf '%s\t%s\n' "$n" "${old[$n]}"; done
    for n in "${names[@]}"; do printf '%s\t%s\n' "$n" "${colour_of["$out/$n"]}"; done
  } | LC_ALL=C sort >"$WORK/colours-$(printf '%s' "$out" | md5sum | cut -c1-12).tsv"
done

# --- what needs making ---
clip_jobs=() other_jobs=()
up_to_date=0
# Cues are remade when the voice changes (Festival installed since, say): the stamp names it.
# Each made file has a note beside it of what made it (.NAME.made: the drawing code and the
# background colour for a clip, the voice for a cue), written once the file is in place: a file
# made by other drawing code, on another colour or by another voice is made again, and a run
# stopped part-way loses only the files it was making.
DRAWING_ID=""
[[ -n $DEMONSTRATE ]] && DRAWING_ID=$("$DEMONSTRATE" drawing-id)
export DRAWING_ID VOICE_ID
made_by() { # in bash alone: a second run reads 46 of these and should take well under a second
  local note="${1%/*}/.${1##*/}.made"
  if [[ -r $note ]]; then printf '%s' "$(<"$note")"; fi
}
for key in "${job_order[@]}"; do
  stale=0
  case ${job_kind[$key]} in
    clip)
      if [[ -z ${job_demo[$key]} ]]; then
        # Filmed by the clinic: used as it is, and only missing is an error.
        [[ -s $key ]] || die "${job_where[$key]}: $(basename "$key") is missing, and there is no demonstration to draw it from (write demonstrations/$(basename "${key%.*}").json in the media root: docs/demonstration-format.md), nor a filmed clip"
      else
        [[ -n $DEMONSTRATE ]] || die "classplayer-demonstrate not found, needed to draw $(basename "$key"): build it (cmake --build build --target classplayer-demonstrate), or set CLASSPLAYER_DEMONSTRATE"
        [[ -r ${job_rules[$key]} ]] || die "${job_rules[$key]}: the motion rules are missing (they say what each tag allows a demonstration to show)"
        if [[ ! -s $key || $key -ot ${job_src[$key]} || $key -ot $SCRIPT || $key -ot ${job_demo[$key]} ||
              $key -ot ${job_rules[$key]} || $(made_by "$key") != "$DRAWING_ID ${colour_of[$key]}" ]]; then
          stale=1
        fi
      fi ;;
    cue)
      if [[ ! -s $key || $key -ot ${job_src[$key]} || $key -ot $SCRIPT || $(made_by "$key") != "$VOICE_ID" ]]; then stale=1; fi ;;
    *)
      if [[ ! -s $key || $key -ot ${job_src[$key]} || $key -ot $SCRIPT ]]; then stale=1; fi ;;
  esac
  if ((stale)); then
    if [[ ${job_kind[$key]} == clip ]]; then
      clip_jobs+=("$(cat "${job_dir[$key]}/length") ${job_dir[$key]}")
    else
      other_jobs+=("${job_dir[$key]}")
    fi
  else
    up_to_date=$((up_to_date + 1))
  fi
done

for out in "${!outdirs[@]}"; do
  mkdir -p "$out"
  # Leftovers of a run that was killed hard (a normal interrupt removes its own).
  find "$out" -maxdepth 3 -type f -name '.*.[0-9]*.tmp.*' -mmin +30 -delete 2>/dev/null || true
done

todo=$(( ${#clip_jobs[@]} + ${#other_jobs[@]} ))
status=0
if ((todo)); then
  echo "media: making $todo of ${#job_order[@]} files ($jobs at a time)"
  # Longest clips first so the two workers finish together; then cues and the chime.
  {
    if ((${#clip_jobs[@]})); then
      printf '%s\n' "${clip_jobs[@]}" | sort -t' ' -k1,1 -g -r | cut -d' ' -f2- | tr '\n' '\0'
    fi
    if ((${#other_jobs[@]})); then printf '%s\0' "${other_jobs[@]}"; fi
  } | xargs -0 -n 1 -P "$jobs" "$SCRIPT" --worker || status=$?
fi

if ((status != 0)); then
  # colours.tsv is left as it was: a clip that failed may still have its old colour on disk,
  # and the old entry makes the next run remake it.
  die "some files could not be made (see the messages above); re-run to retry them"
fi

# colours.tsv is rewritten only when its content changes (keeps reruns from touching files).
for out in "${!outdirs[@]}"; do
  new="$WORK/colours-$(printf '%s' "$out" | md5sum | cut -c1-12).tsv"
  [[ -f $new ]] || continue
  if ! cmp -s "$new" "$out/clips/colours.tsv" 2>/dev/null; then
    mkdir -p "$out/clips"
    cp "$new" "$out/clips/.colours.tsv.$$.tmp.tsv" && mv -f "$out/clips/.colours.tsv.$$.tmp.tsv" "$out/clips/colours.tsv"
    echo "generated $out/clips/colours.tsv"
  fi
done

echo "media: voice cues spoken by $VOICE_ID"
if ((todo)); then
  echo "media: $todo files generated, $up_to_date up to date (${#job_order[@]} referenced by $total_refs uses)"
else
  echo "media: 0 files generated, all ${#job_order[@]} up to date"
fi
