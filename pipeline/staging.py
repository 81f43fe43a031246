"""Extracted documents as Parquet files in a staging folder: one file per document, one row per file.

Workers on other machines cannot write to the DuckDB file (one writer, one machine), so each writes
its document here and one loader moves staged documents into the warehouse, each in its own
transaction. A file appears whole or not at all (written aside, then renamed), so a crash of a worker
or of the loader loses nothing: a re-run loads what was staged and extracts only the rest. The
staging folder alone rebuilds a warehouse (`ita load`).

A file is `DOC_ID.parquet` (the SHA-256 of the source; `warehouse.staged_files` names them), one row:
the document's fields, its rows,
scores and pages as nested lists (a row's extra columns as [key, value] pairs), and the extractor
version that read it. DuckDB reads the folder as it is:
`SELECT path, status, len(rows) FROM 'STAGING/*.parquet'`.
"""
from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.model import ExtractedDocument
from extractors.question_scores import QuestionScore
from warehouse.staged_files import staged_ids, staged_path


def write_staged(doc: ExtractedDocument, folder: Path, extractor_version: str) -> Path:
    """Write `doc` to `folder/DOC_ID.parquet` atomically; return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    record = _plain(doc) | {"extractor_version": extractor_version}
    path = staged_path(folder, doc.doc_id)
    aside = folder / f".{doc.doc_id}.{os.getpid()}.tmp"
    pq.write_table(pa.Table.from_pylist([record]), aside)
    os.replace(aside, path)
    return path


def read_staged(path: Path) -> tuple[ExtractedDocument, str]:
    """The document in a staged file, and the extractor version that read it."""
    record = pq.read_table(path).to_pylist()[0]
    version = record.pop("extractor_version")
    return _build(ExtractedDocument, record), version


def staged(folder: Path) -> Iterator[Path]:
    """Staged document files, as the folder lists them (files still being written are never listed)."""
    for doc_id in staged_ids(folder):
        yield staged_path(folder, doc_id)


def _plain(value: object) -> object:
    """Dataclasses to dicts, tuples to lists, dicts to [key, value] pairs: what Parquet holds as is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return [[k, v] for k, v in value.items()]
    return value


_HINTS: dict[type, dict[str, object]] = {}


def _build(kind: object, value: object) -> object:
    """`_plain` undone, led by the dataclasses' type hints."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _build(next(a for a in typing.get_args(kind) if a is not type(None)), value)
    if dataclasses.is_dataclass(kind):
        hints = _HINTS.get(kind) or _HINTS.setdefault(
            kind, typing.get_type_hints(kind, localns={"QuestionScore": QuestionScore}))
        return kind(**{name: _build(hints[name], v) for name, v in value.items()})
    if origin is list:
        return [_build(typing.get_args(kind)[0], v) for v in value]
    if origin is tuple:
        return tuple(_build(typing.get_args(kind)[0], v) for v in value)
    if origin is dict:
        return {k: v for k, v in value}
    if kind is date or kind is float or kind is int or kind is str or kind is bool:
        return value
    raise TypeError(f"cannot read a staged {kind}")
