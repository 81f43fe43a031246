"""A result table as a person reads it on a terminal: fitted to its width, every cell plain text.

The layout is rich's (display width of Thai, cutting with "…"). A table comes as DuckDB gave it
(`warehouse.reading.Rows`, so that `ita weaknesses` and `ita sql` print without importing pandas,
which took longer than their query) or as a DataFrame (the commands that compute theirs); both
become the same columns of texts, so every command's table reads alike.
"""
from __future__ import annotations

import io
import math
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

import duckdb
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from warehouse.reading import Rows

if TYPE_CHECKING:
    import pandas as pd

EMPTY = "-"  # the one way a person sees "no value" (never NaN, <NA>, None or nan)
WIDE_WIDTH = 100_000  # --wide: a console this wide never cuts a cell
FALLBACK_COLUMNS = 120  # when the output is not a terminal and COLUMNS is unset
MIN_COLUMN = 6  # a column is never cut narrower than this, nor narrower than its header (up to MAX_HEADER)
MAX_HEADER = 14


@dataclass(frozen=True)
class Column:
    """A column as the screen shows it: its header, its cells' texts, and whether it holds numbers
    (right-justified unless they are truth values) or truth values; neither is dropped for repeating
    another column, since numbers that agree (agencies, in_analyses) are different facts."""

    header: str
    cells: list[str]
    numeric: bool = False
    boolean: bool = False


def render(table: Rows | pd.DataFrame, wide: bool = False, width: int | None = None,
           drop: Iterable[str] = ()) -> str:
    """A table for a person: fitted to the terminal (long cells cut by display width, "…"), the
    columns in `drop` and a column that repeats another left out, empty values as `EMPTY`, lists
    joined with ", "."""
    dropped = set(drop)
    columns = [c for c in _columns(table) if c.header not in dropped]
    if not columns or not columns[0].cells:
        return "(no rows)\n"
    columns = _without_repeated_columns(columns)
    headers = [c.header for c in columns]
    widths = None if wide else _fit([max([cell_len(c.header)] + [cell_len(v) for v in c.cells]) for c in columns],
                                     [max(min(cell_len(h), MAX_HEADER), MIN_COLUMN) for h in headers],
                                     width or terminal_width())
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    for i, column in enumerate(columns):
        table.add_column(column.header, justify="right" if column.numeric and not column.boolean else "left",
                         no_wrap=True, overflow="ellipsis", width=widths[i] if widths else None)
    for row in zip(*(c.cells for c in columns)):
        table.add_row(*row)
    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDE_WIDTH if wide else (width or terminal_width()), color_system=None,
                      highlight=False, emoji=False, markup=False, legacy_windows=False)
    console.print(table, crop=not wide)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def terminal_width() -> int:
    """The terminal's width ($COLUMNS first, as shells and CliRunner set it)."""
    return shutil.get_terminal_size((FALLBACK_COLUMNS, 24)).columns


_MISSING = frozenset({"NAType", "NaTType"})  # pandas' missing values, told apart without importing pandas


def cell_text(value: object) -> str:
    """One cell as a person reads it: lists joined, numbers without noise, nothing shown as `EMPTY`.
    numpy arrays and scalars (a DataFrame's cells, nested or not) read as the Python values DuckDB gives."""
    if value is None or type(value).__name__ in _MISSING:
        return EMPTY
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell_text(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value) or EMPTY
    if value is None or (isinstance(value, float) and math.isnan(value)):  # None again: a numpy None scalar
        return EMPTY
    if isinstance(value, (float, Decimal)):  # DuckDB's DECIMAL (round(x, 1)) reads as the float pandas made of it
        return f"{float(value):.2f}".rstrip("0").rstrip(".")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == time() else value.strftime("%Y-%m-%d %H:%M")
    text = str(value).replace("\n", " ")
    return text if text.strip() else EMPTY


def _columns(table: Rows | pd.DataFrame) -> list[Column]:
    if not isinstance(table, Rows):
        return _frame_columns(table)
    return [Column(str(name), [cell_text(row[i]) for row in table.rows], kind == duckdb.NUMBER,
                   kind == duckdb.sqltypes.BOOLEAN)
            for i, (name, kind) in enumerate(zip(table.columns, table.types))]


def _frame_columns(frame: pd.DataFrame) -> list[Column]:
    """A DataFrame's columns, read as the same query's rows would (`cell_text` takes numpy's values;
    pandas' missing values are `EMPTY`)."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype  # a DataFrame's own library, loaded with it

    def texts(series: pd.Series) -> list[str]:
        return [EMPTY if missing else cell_text(value) for value, missing in zip(series.tolist(), series.isna().tolist())]

    return [Column(str(name), texts(frame[name]), is_numeric_dtype(frame[name]), is_bool_dtype(frame[name]))
            for name in frame.columns]


def _fit(natural: list[int], floor: list[int], width: int) -> list[int]:
    """Column widths that fit `width`: the widest columns give way first (down to their floor), so
    codes and numbers stay whole and long wordings are cut."""
    budget = width - 2 * (len(natural) - 1)  # one space of padding on each side between columns
    if sum(natural) <= budget:
        return natural
    low, high = 0, max(natural)
    while low < high:  # the largest cap c with sum(min(n, max(f, c))) <= budget
        cap = (low + high + 1) // 2
        if sum(min(n, max(f, cap)) for n, f in zip(natural, floor)) <= budget:
            low = cap
        else:
            high = cap - 1
    return [min(n, max(f, low)) for n, f in zip(natural, floor)]


def _without_repeated_columns(columns: list[Column]) -> list[Column]:
    """Drop a text column whose every cell equals an earlier one's (a wording and its example wording)."""
    keep: list[Column] = []
    for column in columns:
        if column.numeric or column.boolean or not any(column.cells == k.cells for k in keep
                                                       if not (k.numeric or k.boolean)):
            keep.append(column)
    return keep
