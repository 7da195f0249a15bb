#!/usr/bin/env bash
# Looks at an LKIP HTML file the way a reader does, in headless Chromium (Debian's `chromium`):
#   OUT/screen.png   the screen layout at 1280 px
#   OUT/print.png    the print layout (its @media print rules, at A4 width: 794 px), first 3 pages' height
# and prints one line per word that a table cell breaks across two lines ("broken: TEXT"), codes excepted
# (`td.code` may break anywhere; a break after a hyphen is allowed), then "words broken: N". Exit 0 when N is 0, 1 otherwise.
# Usage: bash ops/report-check.sh REPORT.html OUT
set -euo pipefail
html=$(realpath "$1")
out=$(realpath -m "$2")
mkdir -p "$out"
command -v chromium >/dev/null || { echo "chromium is missing: apt-get install chromium" >&2; exit 2; }
profile=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$profile" "$work"' EXIT
flags=(--headless --no-sandbox --disable-gpu --user-data-dir="$profile" --no-first-run --hide-scrollbars
  --disable-dev-shm-usage --virtual-time-budget=5000)
chromium "${flags[@]}" --screenshot="$out/screen.png" --window-size=1280,2600 "file://$html" 2>/dev/null
# The print layout on screen: the print rules made unconditional, at the width of an A4 page.
sed 's/@media print/@media all/' "$html" > "$work/print.html"
chromium "${flags[@]}" --screenshot="$out/print.png" --window-size=794,3400 "file://$work/print.html" 2>/dev/null
# Each word of each table cell, measured: a word split over two lines has two boxes.
check='<script>
addEventListener("load", () => {
  const broken = [];
  for (const cell of document.querySelectorAll("table td:not(.code), table th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A break after a hyphen (rata-rata) is where a reader expects one; inside a word it is not.
      const re = /[^\s-]+/g;
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  const pre = document.createElement("pre");
  pre.id = "word-check";
  pre.textContent = broken.map(w => "broken: " + w).join("\n") + "\nwords broken: " + broken.length;
  document.body.appendChild(pre);
});
</script>'
for layout in screen print; do
  if [ "$layout" = screen ]; then src="$html"; width=1280; else src="$work/print.html"; width=794; fi
  { cat "$src"; printf '%s\n' "$check"; } > "$work/check-$layout.html"
  chromium "${flags[@]}" --window-size="$width,2600" --dump-dom "file://$work/check-$layout.html" 2>/dev/null \
    | sed -n '/<pre id="word-check">/,/<\/pre>/p' | sed 's/<[^>]*>//g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' \
    | sed "s/^/$layout /" > "$work/$layout.txt"
  cat "$work/$layout.txt"
done
# A page whose check never ran (a script error, a blocked script) has no count: that is no pass.
for layout in screen print; do
  grep -q "words broken:" "$work/$layout.txt" || { echo "the $layout check did not run" >&2; exit 2; }
done
total=$(awk '/words broken:/ {n += $NF} END {print n + 0}' "$work/screen.txt" "$work/print.txt")
echo "words broken: $total (screen and print); screenshots in $out"
[ "$total" = 0 ]
