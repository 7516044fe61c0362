#!/usr/bin/env bash
# Regenerates client/styles/fonts/reaction-emoji.woff2: the six reaction emoji cut from Debian's
# Noto Color Emoji (12 KB instead of 11 MB), for phones and desktops without a colour emoji font.
# Needs apt (the .deb is downloaded, not installed), python3-fonttools and python3-brotli. Keep the code points in
# step with REACTION_EMOJI in client/state/reactions.ts and the unicode-range in activities.css.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download fonts-noto-color-emoji >/dev/null && dpkg-deb -x fonts-noto-color-emoji_*.deb x)
/usr/bin/python3 -m fontTools.subset "$work/x/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf" \
  --unicodes=U+1F44D,U+1F44F,U+2764,U+FE0F,U+1F602,U+1F62E,U+2753 --layout-features='*' --flavor=woff2 \
  --output-file=client/styles/fonts/reaction-emoji.woff2
ls -l client/styles/fonts/reaction-emoji.woff2
