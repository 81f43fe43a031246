#!/usr/bin/env bash
# LibreOffice Writer, for the test that renders a drafted plan (.docx) to PDF and counts its pages
# (tests/test_plan_documents.py). Idempotent: installs only when soffice is missing, and only as root;
# otherwise prints what to install. Never fails the caller: without it that one test skips and says why.
set -uo pipefail

if command -v soffice >/dev/null 2>&1; then
    echo "LibreOffice: ready ($(soffice --version 2>/dev/null | head -n 1))"
    exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "LibreOffice: installing libreoffice-writer"
    if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer >/dev/null; then
        echo "LibreOffice: ready"
        exit 0
    fi
    echo "LibreOffice: apt-get install failed; the plan rendering test will skip" >&2
    exit 0
fi
echo "LibreOffice is not installed: the plan rendering test will skip. To run it: sudo apt-get install libreoffice-writer"
exit 0
