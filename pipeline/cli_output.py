"""What every `ita` command shares: the --db option and how a result table is printed or exported.

One module, so that `pipeline.cli` and the command modules it registers (`cli_analytics`,
`cli_catalog`, `cli_status`, ...) all import it at load time without importing each other. The
table layout itself is rich's (display width of Thai, cutting with "…"); the files are written by
`pipeline.exports`, which keeps types.
"""
from __future__ import annotations

import functools
import io
import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass

import click
import numpy as np
import pandas as pd
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from pipeline import cli_exports as exports
from warehouse.agency_types import full_agency_type

EMPTY = "-"  # the one way a person sees "no value" (never NaN, <NA>, None or nan)
WIDE_WIDTH = 100_000  # --wide: a console this wide never cuts a cell
FALLBACK_COLUMNS = 120  # when the output is not a terminal and COLUMNS is unset
MIN_COLUMN = 6  # a column is never cut narrower than this, nor narrower than its header (up to MAX_HEADER)
MAX_HEADER = 14


def db_option(help_text: str) -> Callable:
    """--db FILE, defaulting to ita.duckdb in the working directory; `help_text` says what the command does with it."""
    return click.option("--db", default="ita.duckdb", show_default=True, type=click.Path(dir_okay=False),
                        help=help_text)


READ_DB = db_option("DuckDB warehouse file (made by `ita ingest`).")


class BuddhistYear(click.ParamType):
    """A year option in the Buddhist era, as ITA documents print it; a Christian-era year (2024) is
    refused with the year it probably means (2567) rather than finding nothing."""

    name = "YEAR"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            year = value
        else:
            try:
                year = int(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a year: give a Buddhist-era year such as 2567", param, ctx)
        if year < 2400:
            self.fail(f"{year} looks like a Christian-era year: did you mean {year + 543}? "
                      "ITA years are Buddhist era (พ.ศ.)", param, ctx)
        return year


YEAR = BuddhistYear()


class AgencyType(click.ParamType):
    """--agency-type: the full word or its short form (อบต., ทต., ทม., ทน., อบจ., กทม.)."""

    name = "TYPE"

    def convert(self, value, param, ctx) -> str:
        return full_agency_type(value)


AGENCY_TYPE = AgencyType()


@dataclass(frozen=True)
class Output:
    """Where a command's table goes: the screen (fitted to the terminal unless `wide`), CSV or JSON on
    stdout, or a Parquet / Excel file."""

    csv: bool = False
    json: bool = False
    parquet: str | None = None
    xlsx: str | None = None
    wide: bool = False

    @property
    def to_screen(self) -> bool:
        return not (self.csv or self.json or self.parquet or self.xlsx)


def output_options(func: Callable) -> Callable:
    """--csv / --json / --parquet / --xlsx / --wide, handed to the command as one `output: Output`:
    every table a command prints is one flag away from a file."""
    @functools.wraps(func)
    def wrapper(*args, as_csv: bool, as_json: bool, parquet: str | None, xlsx: str | None, wide: bool, **kwargs):
        return func(*args, output=Output(as_csv, as_json, parquet, xlsx, wide), **kwargs)

    for option in reversed((
        click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table (lists as JSON arrays)."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON records instead of a table."),
        click.option("--parquet", type=click.Path(dir_okay=False), help="Write the result to a Parquet file."),
        click.option("--xlsx", type=click.Path(dir_okay=False),
                     help="Write the result to an Excel file (frozen header, filters, lists as JSON arrays)."),
        click.option("--wide", is_flag=True, help="Do not fit the table to the terminal: print every cell whole."),
    )):
        wrapper = option(wrapper)
    return wrapper


def emit(frame: pd.DataFrame, output: Output = Output(), parquet_writer: Callable[[str], int] | None = None,
         screen_drop: tuple[str, ...] = ()) -> None:
    """Print a DataFrame for a person (a table), for a program (CSV/JSON), or write it to a file.

    `parquet_writer(path) -> rows` writes the Parquet file from the warehouse itself when the
    command has a query (`ita sql`), so DuckDB's own types (MAP, DATE) reach the file unchanged.
    `screen_drop` names columns a person does not need on screen (files and JSON keep them)."""
    if output.parquet:
        rows = parquet_writer(output.parquet) if parquet_writer else exports.write_parquet(frame, output.parquet)
        click.echo(f"wrote {rows} rows to {output.parquet}", err=True)
    if output.xlsx:
        exports.write_xlsx(frame, output.xlsx)
        click.echo(f"wrote {len(frame)} rows to {output.xlsx}", err=True)
    if output.parquet or output.xlsx:
        return
    if output.csv:
        click.echo(exports.to_csv(frame), nl=False)
    elif output.json:
        click.echo(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    else:
        click.echo(render(frame.drop(columns=list(screen_drop), errors="ignore"), wide=output.wide), nl=False)


def terminal_width() -> int:
    """The terminal's width ($COLUMNS first, as shells and CliRunner set it)."""
    return shutil.get_terminal_size((FALLBACK_COLUMNS, 24)).columns


def render(frame: pd.DataFrame, wide: bool = False, width: int | None = None) -> str:
    """A table for a person: fitted to the terminal (long cells cut by display width, "…"), a column
    that repeats another dropped, empty values as `EMPTY`, lists joined with ", "."""
    if frame.empty:
        return "(no rows)\n"
    frame = _without_repeated_columns(frame)
    cells = [[cell_text(v) for v in frame[column]] for column in frame.columns]
    headers = [str(c) for c in frame.columns]
    widths = None if wide else _fit([max([cell_len(h)] + [cell_len(v) for v in col]) for h, col in zip(headers, cells)],
                                     [max(min(cell_len(h), MAX_HEADER), MIN_COLUMN) for h in headers], width or terminal_width())
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, show_edge=False, padding=(0, 1))
    for i, (header, column) in enumerate(zip(headers, frame.columns)):
        numeric = pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])
        table.add_column(header, justify="right" if numeric else "left", no_wrap=True, overflow="ellipsis",
                         width=widths[i] if widths else None)
    for row in zip(*cells):
        table.add_row(*row)
    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDE_WIDTH if wide else (width or terminal_width()), color_system=None,
                      highlight=False, emoji=False, markup=False, legacy_windows=False)
    console.print(table, crop=not wide)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


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


def cell_text(value: object) -> str:
    """One cell as a person reads it: lists joined, floats without noise, nothing shown as `EMPTY`."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell_text(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(cell_text(v) for v in value) or EMPTY
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return EMPTY
    if isinstance(value, (float, np.floating)):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.strftime("%Y-%m-%d %H:%M")
    text = str(value).replace("\n", " ")
    return text if text.strip() else EMPTY


def _without_repeated_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop a text column whose every cell equals an earlier one's (a wording and its example wording);
    numbers that happen to agree (agencies, in_analyses) are different facts and stay."""
    keep: list[str] = []
    texts: list[pd.Series] = []
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
            keep.append(column)
            continue
        shown = frame[column].map(cell_text)
        if not any(shown.equals(t) for t in texts):
            keep.append(column)
            texts.append(shown)
    return frame[keep]
