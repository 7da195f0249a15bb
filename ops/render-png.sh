#!/bin/sh
# Renders an LKIP HTML file to a PNG (one A4-sized screenshot at 150 dpi-ish: 1240 x 1754 px) with headless
# Chromium from Debian's packages, and to a PDF next to it (OUT.pdf) to check the A4 page breaks.
# Usage: ops/render-png.sh REPORT.html OUT.png
set -eu
if [ "$#" -ne 2 ]; then
    echo "usage: $0 REPORT.html OUT.png" >&2
    exit 2
fi
html=$(realpath "$1")
out=$(realpath -m "$2")
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update && apt-get install -y chromium
fi
# A throwaway profile so no state leaks between runs; the report is self-contained, so no network is needed.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags="--headless --no-sandbox --disable-gpu --user-data-dir=$profile --no-first-run --hide-scrollbars"
# shellcheck disable=SC2086 # flags is a word list on purpose
chromium $flags --screenshot="$out" --window-size=1240,1754 "file://$html"
# shellcheck disable=SC2086
chromium $flags --no-pdf-header-footer --print-to-pdf="${out%.png}.pdf" "file://$html"
echo "wrote $out and ${out%.png}.pdf"
