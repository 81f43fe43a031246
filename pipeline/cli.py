"""The `ita` command: a thin click layer over library functions (each returns data or a path)."""
from __future__ import annotations

import sys

import click
import pandas as pd

from extractors.model import ExtractedDocument
from pipeline.ingest import ingest as run_ingest
from warehouse import queries
from warehouse.load import WarehouseError

DB_OPTION = click.option("--db", default="ita.duckdb", show_default=True, type=click.Path(dir_okay=False),
                         help="DuckDB warehouse file (created when missing).")


def _output_options(func):
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thai-ita")
def main() -> None:
    """Extract Thai ITA documents (measures plans, reports, score analyses) into a DuckDB warehouse.

    \b
    Typical use:
      ita ingest pdfs/ --db ita.duckdb      read every PDF under pdfs/
      ita weaknesses --year 2566            questions cited by the most agencies
      ita sql "SELECT * FROM measures LIMIT 5"
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--force", is_flag=True, help="Re-extract files already in the warehouse.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any file failed or is partial.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: one per core).")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="OCR (Tesseract tha+eng) pages with no text layer or untrustworthy text (auto), every PDF "
                   "page (always) or none (never: scanned pages are recorded as partial).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
@click.option("--verbose", "-v", is_flag=True, help="Print one line per file as it is loaded (status, pages, rows, reason).")
def ingest(paths: tuple[str, ...], db: str, force: bool, strict: bool, workers: int | None, ocr: str,
           quiet: bool, verbose: bool) -> None:
    """Read PDFs (and .txt/.md exports) into the warehouse.

    PATHS are files, folders (searched recursively for .pdf/.txt/.md) or glob patterns. A file already
    loaded by this extractor version is skipped, so an interrupted run can simply be run again. Every
    file ends as a row in `documents` with status ok, partial or failed and a one-line reason.
    """
    from pipeline.ingest import find_files

    try:
        total = len(find_files(paths))
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    pages = [0]
    with click.progressbar(length=total, label="ingesting", show_pos=True, file=sys.stderr,
                           item_show_func=lambda s: s) as bar:
        def progress(doc: ExtractedDocument) -> None:
            pages[0] += doc.n_pages
            if verbose:
                click.echo(f"{doc.status:<8} {doc.n_pages:>3}p {len(doc.rows):>3} rows  {doc.path}"
                           + (f"  ({doc.error})" if doc.error else ""), err=True)
            if not quiet:
                bar.update(1, f"{pages[0]} pages  {doc.file_name[:40]}")

        try:
            summary = run_ingest(paths, db, force=force, workers=workers, progress=progress, ocr=ocr)
        except WarehouseError as exc:
            raise click.ClickException(str(exc)) from exc
    s = summary.status
    click.echo(f"{summary.files} files: {s['ok']} ok, {s['partial']} partial, {s['failed']} failed, "
               f"{summary.skipped} already loaded; {summary.pages} pages, {summary.rows} measure rows -> {db}")
    if summary.damaged_pages:
        click.echo(f"  {summary.damaged_pages} page(s) with damaged Thai text: "
                   f"ita sql \"SELECT * FROM text_quality WHERE NOT trusted\"", err=True)
    for path, reason in summary.failures[:20]:
        click.echo(f"  {path}: {reason}", err=True)
    if len(summary.failures) > 20:
        click.echo(f"  ... and {len(summary.failures) - 20} more: "
                   f"ita sql \"SELECT path, status, error FROM documents WHERE status <> 'ok'\"", err=True)
    if strict and (s["failed"] or s["partial"]):
        sys.exit(1)


@main.command()
@click.argument("query")
@DB_OPTION
@_output_options
def sql(query: str, db: str, as_csv: bool, as_json: bool, parquet: str | None, xlsx: str | None) -> None:
    """Run a SQL query against the warehouse and print the result."""
    try:
        frame = queries.run_sql(db, query)
    except queries.QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    emit(frame, as_csv, as_json, parquet, xlsx)


from pipeline.cli_analytics import COMMANDS as ANALYTICS_COMMANDS  # noqa: E402  (they use emit from here)
from pipeline.cli_catalog import catalog, check  # noqa: E402  (cli_catalog uses emit from this module)

main.add_command(catalog)
main.add_command(check)
for _command in ANALYTICS_COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
