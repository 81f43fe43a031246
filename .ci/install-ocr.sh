#!/usr/bin/env bash
# OCR for scanned PDFs: Tesseract with its Thai model, and the Thai fonts that scanned Thai digits
# are matched against (extractors/sources/thai_digits.py). Idempotent: installs only what is missing,
# and only as root; otherwise prints what to install. Never fails the caller: without OCR, scanned
# pages are recorded as partial with the same hint.
set -uo pipefail

PACKAGES=(tesseract-ocr tesseract-ocr-tha fonts-thai-tlwg)

missing=()
if ! command -v tesseract >/dev/null 2>&1; then
    missing+=(tesseract-ocr tesseract-ocr-tha)
elif ! tesseract --list-langs 2>/dev/null | grep -qx tha; then
    missing+=(tesseract-ocr-tha)
fi
[ -f /usr/share/fonts/truetype/tlwg/Laksaman.ttf ] || missing+=(fonts-thai-tlwg)

if [ ${#missing[@]} -eq 0 ]; then
    echo "OCR: ready ($(tesseract --version 2>&1 | head -n 1), Thai data and fonts present)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "OCR: installing ${missing[*]}"
    if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; then
        echo "OCR: ready ($(tesseract --version 2>&1 | head -n 1))"
        exit 0
    fi
    echo "OCR: apt-get install failed; scanned pages will be recorded as partial" >&2
    exit 0
fi

echo "OCR is not set up: scanned PDFs will be recorded as partial. To read them, install:"
echo "    sudo apt-get install ${PACKAGES[*]}"
exit 0
