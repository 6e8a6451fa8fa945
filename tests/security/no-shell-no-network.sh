#!/usr/bin/env bash
# The player never runs a shell or another program and never opens a network connection: none of
# the calls that would do it is imported by the binary (all our code is linked into it, so a new
# system() or socket() anywhere shows up here). Library-side doors are checked by name too:
# SDL_OpenURL (runs xdg-open), avformat_network_init / avio_open (URLs outside open_container).
#   no-shell-no-network.sh BINARY
set -euo pipefail
binary=$1
imports=$(nm --dynamic --undefined-only "$binary" | awk '{ print $NF }' | sed 's/@.*//' | sort -u)
# Sanity: the listing really is the player's imports, so an empty or failed nm cannot pass.
for expected in avformat_open_input SDL_CreateRenderer Mix_OpenAudioDevice; do
  grep -qx "$expected" <<<"$imports" || { echo "FAIL: $expected not among the imports of $binary: nm listing is wrong"; exit 1; }
done
forbidden=(system popen execl execle execlp execv execve execvp execvpe fexecve posix_spawn posix_spawnp fork vfork
           clone wordexp socket connect getaddrinfo gethostbyname gethostbyname_r
           SDL_OpenURL avformat_network_init avio_open avio_open2)
found=0
for name in "${forbidden[@]}"; do
  if grep -qx "$name" <<<"$imports"; then echo "FAIL: $binary imports $name"; found=1; fi
done
((found == 0)) && echo "ok: $(wc -l <<<"$imports") imports, none of: ${forbidden[*]}"
exit $found
