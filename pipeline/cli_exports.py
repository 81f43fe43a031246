"""Result tables as files and text that keep their types: Parquet, Excel and CSV.

Analysts open these in pandas and Excel, so a list stays a list: Parquet is written by DuckDB
(`COPY ... TO`, lists and maps as Parquet lists and maps), and CSV and Excel cells hold lists and
maps as JSON (`["กองคลัง", "สำนักปลัด"]`), which `json.loads` turns back into lists. A file is written
next to its target and renamed into place (`warehouse.exports`), so a failed export leaves no 0-byte file.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click
import duckdb
import numpy as np
import pandas as pd

from warehouse.exports import ExportError, atomic_write, copy_to_parquet

XLSX_MAX_WIDTH = 60  # characters: wider columns are cut on screen, the cell keeps its text
INSTALL_XLSX = "Excel export needs openpyxl: run `pip install openpyxl` (or reinstall thai-ita)"


def _is_listlike(value: object) -> bool:
    return isinstance(value, (list, tuple, np.ndarray, dict))


def _plain(value: object) -> object:
    """A cell as JSON-able Python: numpy arrays and scalars, dates and NaN made plain."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def as_json_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns holding lists or maps -> JSON text (None stays empty); other columns unchanged."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(_is_listlike).any():
            out[column] = out[column].map(
                lambda v: json.dumps(_plain(v), ensure_ascii=False) if _is_listlike(v) else v)
    return out


def to_csv(frame: pd.DataFrame) -> str:
    return as_json_cells(frame).to_csv(index=False)


def write_parquet(frame: pd.DataFrame, path: str | Path) -> int:
    """A command's DataFrame to Parquet, written by DuckDB; a column of only NULLs becomes VARCHAR and
    a column of maps (dicts) JSON text, since neither has a Parquet type DuckDB can infer from pandas."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, dict)).any():
            frame[column] = frame[column].map(lambda v: json.dumps(_plain(v), ensure_ascii=False)
                                              if isinstance(v, dict) else v)
    con = duckdb.connect()
    try:
        con.register("result", frame)
        kinds = con.execute("DESCRIBE SELECT * FROM result").fetchall()
        select = ", ".join(f'CAST("{name}" AS VARCHAR) AS "{name}"' if kind == '"NULL"' else f'"{name}"'
                           for name, kind, *_ in kinds)
        return copy_to_parquet(con, f"SELECT {select} FROM result", path)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        con.close()


def write_xlsx(frame: pd.DataFrame, path: str | Path) -> None:
    """An Excel sheet a person can work in: frozen header, auto-filter, column widths, lists as JSON."""
    try:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.utils import get_column_letter
    except ImportError as exc:
        raise click.ClickException(INSTALL_XLSX) from exc
    sheet_frame = as_json_cells(frame)
    for column in sheet_frame.columns:
        if pd.api.types.is_datetime64_any_dtype(sheet_frame[column]):
            # Excel keeps milliseconds and rounds the rest: 17:16:44.9996 would come back as 17:16:45,
            # a second the run never saw. Cutting to the millisecond keeps the second exact.
            sheet_frame[column] = sheet_frame[column].dt.floor("ms")
        elif sheet_frame[column].dtype == object:  # control characters Excel refuses (a PDF's stray \x0b)
            sheet_frame[column] = sheet_frame[column].map(
                lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            sheet_frame.to_excel(writer, index=False, sheet_name="result")
            sheet = writer.sheets["result"]
            sheet.freeze_panes = "A2"
            if len(sheet_frame.columns):
                sheet.auto_filter.ref = sheet.dimensions
            for i, column in enumerate(sheet_frame.columns, start=1):
                longest = max([len(str(column))] + [len(str(v)) for v in sheet_frame[column].head(500) if v is not None])
                sheet.column_dimensions[get_column_letter(i)].width = min(XLSX_MAX_WIDTH, longest + 2)

    try:
        atomic_write(path, write)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
