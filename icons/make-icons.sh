#!/usr/bin/env bash
# Makes every icon size from icons/source.png (1024x1024). Needs imagemagick and icnsutils.
set -euo pipefail
cd "$(dirname "$0")"
for s in 16 32 48 128 256 512; do convert source.png -resize ${s}x${s} -depth 8 PNG32:tmp-${s}.png; done
cp tmp-32.png 32x32.png; cp tmp-128.png 128x128.png; cp tmp-256.png 128x128@2x.png; cp tmp-512.png icon.png
convert tmp-256.png tmp-128.png tmp-48.png tmp-32.png tmp-16.png icon.ico
png2icns icon.icns tmp-16.png tmp-32.png tmp-128.png tmp-256.png tmp-512.png >/dev/null
cp tmp-32.png tray.png
rm -f tmp-*.png
