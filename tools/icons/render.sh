#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Renders the application icon's PNG sizes (hicolor theme) from its SVG source with rsvg-convert
# (Debian package librsvg2-bin). The PNGs are committed so a build needs no SVG renderer; run this
# after editing the SVG and commit the result.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
icons="$here/packaging/linux/icons"
svg="$icons/org.pulsemap.Pulsemap.svg"
command -v rsvg-convert >/dev/null || { echo "render.sh: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 16 22 24 32 48 64 128 256; do
    mkdir -p "$icons/${size}x${size}"
    rsvg-convert --width "$size" --height "$size" --output "$icons/${size}x${size}/org.pulsemap.Pulsemap.png" "$svg"
done
echo "render.sh: rendered $(ls "$icons"/*/org.pulsemap.Pulsemap.png | wc -l) PNGs into $icons"
