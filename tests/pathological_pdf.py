"""A one-page PDF that keeps a PDF parser busy for minutes: the kind of file the per-file time limit
is for (issue 18: a 3.4 MB page with 1.5 million text operators held `ita ingest` over 2 minutes).

Written with plain bytes so the test needs no PDF library; the content stream is Flate-compressed,
as real producers do, so the file is small while the parser still meets every operator.
"""
from __future__ import annotations

import zlib
from pathlib import Path


def write_pathological_pdf(path: Path, operators: int = 1_500_000) -> Path:
    """A valid one-page PDF whose page draws `operators` text-showing operators, one glyph each."""
    ops = b"".join(b"%d %d Td (%c) Tj\n" % (i % 7 - 3, (i % 5) - 2, 65 + i % 26) for i in range(operators // 2))
    content = zlib.compress(b"BT /F1 6 Tf 100 700 Td\n" + ops + b"ET\n")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
