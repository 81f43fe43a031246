"""`ita sql`: any SQL against the warehouse, printed or exported like every other table."""
from __future__ import annotations

import click

from pipeline.cli_output import READ_DB, Output, emit, fetch, output_options
from warehouse.reading import QueryError


@click.command()
@click.argument("query")
@READ_DB
@output_options
def sql(query: str, db: str, output: Output) -> None:
    """Run a SQL query against the warehouse (read-only) and print the result.

    --parquet is written by DuckDB from the query itself, so lists, maps and dates keep their types;
    --csv and --xlsx hold lists and maps as JSON arrays and objects.
    """
    try:
        if output.parquet:
            import pandas as pd

            from warehouse.queries import sql_to_parquet

            emit(pd.DataFrame(), output, parquet_writer=lambda path: sql_to_parquet(db, query, path))
            return
        table = fetch(db, query, [], output)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    emit(table, output)
