#!/bin/sh
# Regenerates rka-2020.xlsx (the XLSX form of rka-2020.csv: title rows, merged two-row header, a JUMLAH row with
# SUM formulas) from its source rka-2020.fods. Needs libreoffice-calc: cd to this folder and run it.
set -e; soffice --headless --convert-to xlsx rka-2020.fods >/dev/null
