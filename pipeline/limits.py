"""How much time and memory one file may take, and how a file over either is told to the user.

A national batch meets files no one can read in reasonable time (one page with 1.5 million text
operators kept pdfminer busy for minutes): without a bound, one such file stops thousands. A file
over its bound is stopped and recorded as `failed` with a reason naming the flag that allows more.
Scanned pages are slow by nature (Tesseract, about 5 s of CPU a page), so a file's time grows by an
allowance for each page it OCRs: the bound catches damage, not scans.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT = 300.0  # seconds per file, before its OCR pages' allowance
DEFAULT_MAX_MEMORY_MB = 2048
OCR_PAGE_SECONDS = 60.0  # added to a file's time for each page it OCRs: ~10x what a page takes here


@dataclass(frozen=True)
class Limits:
    """Per-file bounds: seconds (plus `ocr_page_seconds` per OCR'd page) and resident memory in MB."""

    timeout: float = DEFAULT_TIMEOUT
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    ocr_page_seconds: float = OCR_PAGE_SECONDS

    def seconds_for(self, ocr_pages: int) -> float:
        """The time a file may take once it is known to OCR `ocr_pages` pages."""
        return self.timeout + ocr_pages * self.ocr_page_seconds

    def timeout_reason(self, ocr_pages: int) -> str:
        allowed = f"{self.seconds_for(ocr_pages):g} s"
        if ocr_pages:
            allowed += f" ({self.timeout:g} s and {self.ocr_page_seconds:g} s for each of {ocr_pages} OCR page(s))"
        return (f"took more than {allowed}: the file may be damaged or unusually complex; "
                "--timeout to allow more")

    def memory_reason(self) -> str:
        return (f"needed more than {self.max_memory_mb} MB of memory: the file may be damaged or unusually "
                "large; --max-memory to allow more")


def crash_reason(detail: str) -> str:
    """A worker that died on a file (a crash in a PDF library's native code, killed by the system)."""
    return (f"the process reading the file died ({detail}): a PDF library crashed on it or it was killed; "
            "re-run it alone with `ita ingest FILE -v`, and report it if it dies again")


def resident_mb(pid: int) -> float | None:
    """Resident memory of a live process in MB (Linux /proc), None when it is gone or unreadable.

    Resident memory, not address space: the PDF and table libraries reserve over 1 GB of address
    space they never touch, so an address-space cap (RLIMIT_AS) would fail every file."""
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return None
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
