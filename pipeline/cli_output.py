"""What every `ita` command shares: the --db option and how a result table is printed or exported.

One module, so that `pipeline.cli` and the command modules it registers (`cli_analytics`,
`cli_catalog`) all import it at load time without importing each other.
"""
from __future__ import annotations

from collections.abc import Callable

import click
import pandas as pd


def db_option(help_text: str) -> Callable:
    """--db FILE, defaulting to ita.duckdb in the working directory; `help_text` says what the command does with it."""
    return click.option("--db", default="ita.duckdb", show_default=True, type=click.Path(dir_okay=False),
                        help=help_text)


READ_DB = db_option("DuckDB warehouse file (made by `ita ingest`).")


def output_options(func: Callable) -> Callable:
    """--csv / --json / --parquet / --xlsx: every table a command prints is one flag away from a file."""
    func = click.option("--xlsx", type=click.Path(dir_okay=False), help="Write the result to an Excel file.")(func)
    func = click.option("--parquet", type=click.Path(dir_okay=False), help="Write the result to a Parquet file.")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Print JSON records instead of a table.")(func)
    func = click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")(func)
    return func


def emit(frame: pd.DataFrame, as_csv: bool = False, as_json: bool = False, parquet: str | None = None,
         xlsx: str | None = None) -> None:
    """Print a DataFrame for a person (table), for a program (CSV/JSON), or write it to a file."""
    if parquet:
        frame.to_parquet(parquet, index=False)
        click.echo(f"wrote {len(frame)} rows to {parquet}", err=True)
    if xlsx:
        try:
            frame.to_excel(xlsx, index=False)
        except ImportError as exc:
            raise click.ClickException("Excel export needs openpyxl: pip install openpyxl") from exc
        click.echo(f"wrote {len(frame)} rows to {xlsx}", err=True)
    if parquet or xlsx:
        return
    if as_csv:
        click.echo(frame.to_csv(index=False), nl=False)
    elif as_json:
        click.echo(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    elif frame.empty:
        click.echo("(no rows)")
    else:
        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                               "display.max_colwidth", 70):
            click.echo(frame.to_string(index=False))
