# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Sourced by the screenshot scripts, from the repository's root, with the script's arguments: the build's two
# programs ($app, $cli; BUILD_DIR is the first argument, build/ci by default), the output folder ($out) and a
# scratch folder ($work) removed on exit. A script with processes of its own to stop sets its own trap after.
build=$(realpath "${1:-build/ci}")
app="$build/app/pulsemap/pulsemap"
cli="$build/app/pulsemap-cli/pulsemap-cli"
out=docs/screenshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
