#!/usr/bin/env bash
# Install the Debian packages the product and its tests use, if they are not there yet:
# a CJK font (generated PDFs, screenshots), poppler (page images), the GL and GLib libraries that
# OpenCV (the OCR of scanned pages) links against and, with --tests, Debian's Chromium (the
# end-to-end test drives the chat page in it; Playwright never downloads a browser), LibreOffice
# (office-made PDFs and Word files for the parser's tests; the product reads .doc through it where
# it is installed), Tesseract with its simplified-Chinese model (bench/ocr.py's comparison) and
# PostgreSQL (the store tests start a server of their own from its programs, as the postgres user).
# Needs root (CI and the dev machines are root); elsewhere it says what to install and goes on.
set -euo pipefail
need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
ldconfig -p | grep -q 'libGL.so.1 ' || need+=(libgl1)
ldconfig -p | grep -q 'libglib-2.0.so.0 ' || need+=(libglib2.0-0)
if [ "${1:-}" = "--tests" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # LibreOffice prints test reports to PDF the way an office suite does (Word/WPS exports).
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
  [ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need+=(tesseract-ocr tesseract-ocr-chi-sim)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "please install: ${need[*]} (apt-get install ${need[*]})" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
