"""What every `ita` command shares: the --db option and how a result table is printed or exported.

One module, so that `pipeline.cli` and the command modules it registers (`cli_analytics`,
`cli_catalog`, `cli_status`, ...) all import it at load time without importing each other. The
table on screen is `pipeline.cli_table`'s; the files are written by `pipeline.cli_exports`, which
keeps types and needs pandas, so it is imported only when a file or CSV/JSON is asked for.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli_table import render
from warehouse.agency_types import full_agency_type
from warehouse.reading import Rows, run_sql, run_sql_rows

if TYPE_CHECKING:
    import pandas as pd


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


def fetch(db: str | Path, query: str, params: list, output: Output) -> Rows | pd.DataFrame:
    """A query's result as `output` needs it: DuckDB's rows for the screen (no pandas to import), a
    DataFrame for files, CSV and JSON. Raises `QueryError`."""
    return run_sql_rows(db, query, params) if output.to_screen else run_sql(db, query, params)


def emit(table: Rows | pd.DataFrame, output: Output = Output(), parquet_writer: Callable[[str], int] | None = None,
         screen_drop: tuple[str, ...] = ()) -> None:
    """Print a table for a person (`Rows` or a DataFrame), for a program (CSV/JSON), or write it to a file
    (a DataFrame: `fetch` gives one for these outputs).

    `parquet_writer(path) -> rows` writes the Parquet file from the warehouse itself when the
    command has a query (`ita sql`), so DuckDB's own types (MAP, DATE) reach the file unchanged.
    `screen_drop` names columns a person does not need on screen (files and JSON keep them)."""
    if output.to_screen:
        click.echo(render(table, wide=output.wide, drop=screen_drop), nl=False)
        return
    if isinstance(table, Rows):
        raise TypeError("files, CSV and JSON are written from a DataFrame: get the table with `fetch`")
    from pipeline import cli_exports as exports

    if output.parquet:
        rows = parquet_writer(output.parquet) if parquet_writer else exports.write_parquet(table, output.parquet)
        click.echo(f"wrote {rows} rows to {output.parquet}", err=True)
    if output.xlsx:
        exports.write_xlsx(table, output.xlsx)
        click.echo(f"wrote {len(table)} rows to {output.xlsx}", err=True)
    if output.parquet or output.xlsx:
        return
    if output.csv:
        click.echo(exports.to_csv(table), nl=False)
    elif output.json:
        click.echo(table.to_json(orient="records", force_ascii=False, date_format="iso"))
