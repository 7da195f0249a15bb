#!/usr/bin/env bash
# A whole-government budget import against the reference bulk load, as issue-style figures: ROWS lines of OPDS OPDs
# generated once as CSV and as XLSX (amounts as numeric cells), then ROUNDS rounds of: the reference `psql \copy` of
# the CSV (the copy-ref script given, its median of three), `kinerja bench import` of the CSV and of the XLSX. Each
# round prints the rates, the ratios (CSV to the reference, XLSX to the CSV) and the import's peak memory.
# Usage: ops/bench-import.sh URL COPY_REF_SCRIPT [ROWS] [OPDS] [ROUNDS] [KINERJA_BINARY]
set -euo pipefail
url=${1:?usage: ops/bench-import.sh URL COPY_REF_SCRIPT [ROWS] [OPDS] [ROUNDS] [KINERJA_BINARY]}
copyref=${2:?usage: ops/bench-import.sh URL COPY_REF_SCRIPT [ROWS] [OPDS] [ROUNDS] [KINERJA_BINARY]}
rows=${3:-1000000}
opds=${4:-50}
rounds=${5:-3}
kinerja=${6:-.build/release/kinerja}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
csv="$dir/apbd-$rows.csv"
xlsx="$dir/apbd-$rows.xlsx"
"$kinerja" bench import --generate "$csv" --rows "$rows" --opds "$opds"
"$kinerja" bench import --generate "$xlsx" --rows "$rows" --opds "$opds"
echo "files: $(du -h "$csv" | cut -f1) CSV, $(du -h "$xlsx" | cut -f1) XLSX; $rows rows, $opds OPDs"
field() { sed -n "s/.*\"$1\" *: *\([0-9.]*\).*/\1/p" | head -1; }
for round in $(seq 1 "$rounds"); do
  ref=$(bash "$copyref" "$url" "$csv" | sed -n 's/^copy rows\/s: //p')
  csvjson=$("$kinerja" bench import --file "$csv" --json --database-url "$url")
  xlsxjson=$("$kinerja" bench import --file "$xlsx" --json --database-url "$url")
  c=$(echo "$csvjson" | tr -d '\n' | field rows_per_s)
  x=$(echo "$xlsxjson" | tr -d '\n' | field rows_per_s)
  cm=$(echo "$csvjson" | tr -d '\n' | field peak_rss_mb)
  xm=$(echo "$xlsxjson" | tr -d '\n' | field peak_rss_mb)
  awk -v r="$round" -v ref="$ref" -v c="$c" -v x="$x" -v cm="$cm" -v xm="$xm" 'BEGIN {
    printf "round %d: copy-ref %d rows/s; CSV %.0f rows/s (%.2f x copy-ref, peak %.0f MB); XLSX %.0f rows/s (%.2f x CSV, peak %.0f MB)\n",
      r, ref, c, c / ref, cm, x, x / c, xm }'
done
