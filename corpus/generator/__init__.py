"""Layout-variant generator: many varied, realistic ITA documents with exact answer keys.

    from corpus.generator import generate, render
    doc, gold, features = generate(10000)
    render(doc, "office", "g10000.office.pdf")

The generator imports nothing from extractors/ or pipeline/ (tests check it), so its answer keys
cannot share the extractor's mistakes. See corpus/generator/__main__.py for the CLI.
"""
from __future__ import annotations

from pathlib import Path
from typing import Union

from corpus.generator.model import Document

STYLES = ("office", "legacy", "borderless", "text", "scan")


def generate(seed: int) -> tuple[Document, dict, dict]:
    """(document model, gold dict, features dict) for a seed; deterministic."""
    from corpus.generator.document import generate_document
    from corpus.generator.gold import gold

    doc = generate_document(seed)
    return doc, gold(doc), dict(doc.features)


def render(doc: Document, style: str, path: Union[str, Path]) -> dict:
    """Write one producer style of a document; returns layout facts (pages, splits)."""
    path = str(path)
    if style == "text":
        from corpus.generator.textexport import render_text
        render_text(doc, path)
        return {}
    if style == "scan":
        from corpus.generator.scan import render_scan
        return render_scan(doc, path)
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    from corpus.generator.pdf import render_pdf
    return render_pdf(doc, style, path)


def file_name(seed: int, style: str) -> str:
    return f"g{seed}.{style}.txt" if style == "text" else f"g{seed}.{style}.pdf"
