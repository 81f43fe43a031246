"""The `text` producer style: the TAB-separated text export that corpus/render.py parses and
extractors/sources/text.py reads (or, for some documents, Markdown pipe tables as OCR tools write).

Merged cells appear as text in their first row and empty below; a page break inside a table ends
the block, and the next block repeats the header or (when the document does not repeat it) starts
straight with the continued rows.
"""
from __future__ import annotations

from typing import Optional

from corpus.generator.model import Cell, Document, PageBreak, Paragraph, Table


def _cell(c: Optional[Cell], header: bool = False) -> str:
    if c is None:
        return ""
    t = c.text.replace("\t", " ").replace("\n", " ")
    if c.bold and not header and t and not t.startswith("<b>"):
        t = f"<b>{t}</b>"
    return t


def _rows(grid, ncols: int, header: bool = False) -> list[list[str]]:
    out = []
    for row in grid:
        cells = [_cell(c, header) for c in row] + [""] * (ncols - len(row))
        out.append(cells)
    return out


def _fmt(rows: list[list[str]], markdown: bool, n_header: int) -> str:
    if not markdown:
        return "\n".join("\t".join(r) for r in rows)
    lines = []
    for i, r in enumerate(rows):
        lines.append("| " + " | ".join(x.replace("|", "/") for x in r) + " |")
        if i == n_header - 1:
            lines.append("|" + "|".join("---" for _ in r) + "|")
    return "\n".join(lines)


def table_text(tb: Table, markdown: bool) -> list[str]:
    ncols = len(tb.widths)
    head = _rows(tb.header, ncols, header=True)
    body = _rows(tb.body, ncols)
    blocks = []
    cur = list(head)
    n_header = len(head)
    for i, r in enumerate(body):
        if i in tb.breaks and i > 0:
            blocks.append(_fmt(cur, markdown, n_header))
            cur = list(head) if tb.repeat_header else []
            n_header = len(head) if tb.repeat_header else 0
        cur.append(r)
    blocks.append(_fmt(cur, markdown, n_header))
    return blocks


def render_text(doc: Document, path=None, markdown: Optional[bool] = None) -> str:
    if markdown is None:
        markdown = bool(doc.features.get("text_markdown"))
    out: list[str] = []
    para_run: list[str] = []

    def flush():
        if para_run:
            out.append("\n".join(para_run))
            para_run.clear()

    for b in doc.blocks:
        if isinstance(b, Paragraph):
            t = b.text.replace("\n", " ")
            if b.bold and not t.startswith("<b>"):
                t = f"<b>{t}</b>" if not markdown else f"**{t}**"
            para_run.append(t)
        elif isinstance(b, Table):
            flush()
            out.extend(table_text(b, markdown))
        elif isinstance(b, PageBreak):
            flush()
    flush()
    text = "\n\n".join(out) + "\n"
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return text
