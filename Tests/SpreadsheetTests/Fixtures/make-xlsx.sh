#!/bin/sh
# Regenerates the binary fixtures (needs libreoffice-calc and python3): cd to this folder and run it.
set -e; soffice --headless --convert-to xlsx realisasi.fods formula.fods >/dev/null && python3 make-handmade.py && head -c 3000 realisasi.xlsx > truncated.xlsx
