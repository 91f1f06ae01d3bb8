#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Rewrites the generated seeds of the file-format fuzz targets from real writers:
#   fuzz_campaign_open    a small real campaign (make_fuzz_campaign, i.e. CampaignStore)
#   fuzz_campaign_header  the same file, and variants a check must refuse
#   fuzz_geoip            the small MMDB fixtures of tests/fixtures/make_mmdb.pl, one per schema
# The other corpora are hand-written text. Run after a format change, then commit tests/fuzz/corpus.
#
#   tests/fuzz/make_seed_corpus.sh BUILD_DIR     (a build with PULSEMAP_FUZZ, e.g. build/asan-ubsan)
set -eu

build=${1:?usage: $0 BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --build "$build" --target make_fuzz_campaign >/dev/null
maker=$(find "$build" -type f -name make_fuzz_campaign -perm -u+x | head -n 1)
[ -n "$maker" ] || { echo "$0: make_fuzz_campaign not found in $build" >&2; exit 1; }
ASAN_OPTIONS=detect_leaks=0 "$maker" "$work/campaign.pulsemap"

mkdir -p "$corpus/fuzz_campaign_open" "$corpus/fuzz_campaign_header" "$corpus/fuzz_geoip"
cp "$work/campaign.pulsemap" "$corpus/fuzz_campaign_open/campaign"

# Header seeds: the real file (the size check needs all of it), then one change each check looks at.
cp "$work/campaign.pulsemap" "$corpus/fuzz_campaign_header/campaign"
patch_byte() { # FILE OFFSET BYTE (decimal)
    printf '%b' "$(printf '\\%03o' "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
cp "$corpus/fuzz_campaign_header/campaign" "$corpus/fuzz_campaign_header/newer_schema"
patch_byte "$corpus/fuzz_campaign_header/newer_schema" 63 2
cp "$corpus/fuzz_campaign_header/campaign" "$corpus/fuzz_campaign_header/no_schema"
patch_byte "$corpus/fuzz_campaign_header/no_schema" 63 0
cp "$corpus/fuzz_campaign_header/campaign" "$corpus/fuzz_campaign_header/other_application"
patch_byte "$corpus/fuzz_campaign_header/other_application" 71 0
cp "$corpus/fuzz_campaign_header/campaign" "$corpus/fuzz_campaign_header/page_size_65536"
patch_byte "$corpus/fuzz_campaign_header/page_size_65536" 16 0
patch_byte "$corpus/fuzz_campaign_header/page_size_65536" 17 1
printf 'SQLite format 3' >"$corpus/fuzz_campaign_header/magic_only"

perl "$here/../fixtures/make_mmdb.pl" "$work/mmdb" >/dev/null
for name in city-maxmind city-dbip city-flat city-strings country; do
    cp "$work/mmdb/$name.mmdb" "$corpus/fuzz_geoip/$name"
done
echo "seeds written under $corpus"
