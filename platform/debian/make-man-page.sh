#!/usr/bin/env bash
# Writes classplayer(1) from the player's own help, so the man page says what that binary accepts:
#   platform/debian/make-man-page.sh BUILD/classplayer OUT.1.gz
# help2man makes NAME, SYNOPSIS and OPTIONS from `classplayer --help`; every command's --help
# (plan, check, play, ..., and fleet's own commands) follows as COMMANDS, found in the help
# itself rather than listed here, so a new command is never left out. FILES and SEE ALSO say
# where the package puts things. Run by the build (platform/debian/package.cmake).
set -euo pipefail
bin=$(readlink -f "$1")
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The help's usage lines name the program as it was called: call it by its installed name.
ln -s "$bin" "$work/classplayer"
export PATH="$work:$PATH" LC_ALL=C.UTF-8

# The commands under a (sub)command: CLI11 lists them under "Subcommands:", two spaces in.
commands() {
  classplayer "$@" --help | awk '/^[A-Za-z]+:$/ { inside = (tolower($0) == "subcommands:"); next }
                                 inside && /^  [a-z]/ { print $1 }'
}
# A command's help as roff: each option a tagged paragraph (name, then its words, wrapped to the
# reader's width), headings ("Options:") in bold, the rest as paragraphs. CLI11 writes an option
# two spaces in and its words from column 31 (its column width is 30); a name too long for that
# column stands alone and its words follow on the next line, 30 spaces in.
# Text is escaped: backslashes, hyphens kept as hyphen-minus, no line read as a request.
as_roff() {
  awk 'function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); return "\\&" s }
       function continued(s) { return s ~ /^                              [^ ]/ }
       { line[NR] = $0 }
       END {
         for (i = 1; i <= NR; i++) {
           l = line[i]
           if (l == "") continue
           if (l ~ /^[A-Za-z]+:$/) { printf ".PP\n\\fB%s\\fR\n", l; continue }
           if (continued(l)) { sub(/^ +/, "", l); print esc(l); continue }
           if (l ~ /^  [^ ]/) {
             name = substr(l, 3); words = ""
             if (!continued(line[i + 1]) && length(l) > 30) { name = substr(l, 3, 28); words = substr(l, 31) }
             sub(/ +$/, "", name)
             printf ".TP\n\\fB%s\\fR\n", esc(name)
             if (words != "") print esc(words)
             continue
           }
           printf ".PP\n%s\n", esc(l)
         }
       }'
}

{
  printf '[COMMANDS]\n'
  printf 'With no command, \\fBclassplayer\\fR opens the home menu (as \\fBclassplayer home\\fR).\n'
  for command in $(commands); do
    printf '.SS "classplayer %s"\n' "$command"
    classplayer "$command" --help | as_roff
    for sub in $(commands "$command"); do
      printf '.SS "classplayer %s %s"\n' "$command" "$sub"
      classplayer "$command" "$sub" --help | as_roff
    done
  done
  cat <<'EOF'
[EXIT STATUS]
0 the class ran; 1 the playlist or a file is invalid (the message names the file and the JSON
path); 2 a usage error.
[FILES]
.TP
.I /usr/share/classplayer/playlists/
The shipped classes, \fIconditions.json\fR and \fImotion-rules.json\fR.
.TP
.I /usr/share/classplayer/media/
The classes' demo media; \fBclassplayer-make-media\fR makes it again.
.TP
.I /etc/classplayer/kiosk.json
The kiosk's config (\fBplay \-\-kiosk\fR, the classplayer.service unit).
.TP
.I /etc/classplayer/bindings.conf, ~/.config/classplayer/bindings.conf
Remote key bindings, when present.
.TP
.I ~/.local/state/classplayer/
The session record (\fIhistory.sqlite3\fR), the resume point and the last choices.
[SEE ALSO]
The playlist format: \fI/usr/share/doc/classplayer/docs/playlist-format.md\fR;
the README and the other documents in \fI/usr/share/doc/classplayer/\fR.
EOF
} >"$work/commands.h2m"

help2man --no-info --section 1 \
  --name "plays guided exercise classes, adapted to a person's conditions" \
  --include "$work/commands.h2m" --output "$work/classplayer.1" classplayer
gzip -9n <"$work/classplayer.1" >"$out.tmp"
mv -f "$out.tmp" "$out"
