"""`ita ingest` and `ita load`: a batch into the warehouse, with a progress bar, `ita status`'s
progress file and a closing summary.

Its own module, so that only these commands import the extraction machinery (pdfplumber, PDFium,
pythainlp, the worker pool): the `ita` group loads a command's module when the command runs.
"""
from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import click

from extractors.model import ExtractedDocument
from pipeline.cli_output import db_option
from pipeline.ingest import IngestSummary, find_files, load_staging
from pipeline.ingest import ingest as run_ingest
from pipeline.limits import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, OCR_PAGE_SECONDS, Limits
from pipeline.progress import ProgressFile
from pipeline.ray_engine import RayMissing
from pipeline.staging import staged
from warehouse.load import WarehouseError
from warehouse.staged_files import default_staging

CREATE_DB = db_option("DuckDB warehouse file (created when missing).")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@CREATE_DB
@click.option("--force", is_flag=True, help="Re-extract files already in the warehouse.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any file named is not ok, including files "
                                             "loaded by an earlier run (their recorded status counts).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: one per core).")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="OCR (Tesseract tha+eng) pages with no text layer or untrustworthy text (auto), every PDF "
                   "page (always) or none (never: scanned pages are recorded as partial).")
@click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_TIMEOUT, show_default=True,
              help=f"Seconds one file may take, plus {OCR_PAGE_SECONDS:g} s for each page it OCRs; a file over it "
                   "is stopped and recorded as failed, and the batch goes on.")
@click.option("--max-memory", type=click.IntRange(min=64), default=DEFAULT_MAX_MEMORY_MB, show_default=True,
              metavar="MB", help="Resident memory one file may take, in MB; a file over it is stopped and recorded "
                                 "as failed, and the batch goes on.")
@click.option("--executor", type=click.Choice(["process", "ray"]), default="process", show_default=True,
              help="Where files are extracted: worker processes on this machine, or Ray tasks (a local Ray "
                   "instance with --workers CPUs, or the cluster at --address), which stage each document as "
                   "Parquet before it is loaded. Ray: pip install 'thai-ita[ray]'.")
@click.option("--address", default=None, metavar="ADDRESS",
              help="With --executor ray: the Ray cluster to run on (ray://HEAD:10001, or HEAD:6379 on a cluster "
                   "machine); default a local Ray instance.")
@click.option("--staging", type=click.Path(file_okay=False), default=None,
              help="With --executor ray: the folder documents are staged in, one Parquet file each (default "
                   "DB.staging; on a cluster, a folder every machine mounts at the same path).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
@click.option("--verbose", "-v", is_flag=True, help="Print one line per file as it is loaded (status, pages, rows, reason).")
def ingest(paths: tuple[str, ...], db: str, force: bool, strict: bool, workers: int | None, ocr: str,
           timeout: float, max_memory: int, executor: str, address: str | None, staging: str | None,
           quiet: bool, verbose: bool) -> None:
    """Read PDFs (and .txt/.md exports) into the warehouse.

    PATHS are files, folders (searched recursively for .pdf/.txt/.md) or glob patterns. A file already
    loaded by this extractor version is skipped, so an interrupted run can simply be run again. Every
    file ends as a row in `documents` with status ok, partial or failed and a one-line reason.
    """
    if executor != "ray" and (address or staging):
        raise click.UsageError("--address and --staging apply to --executor ray only: add --executor ray, "
                               "or leave them out")
    try:
        total = len(find_files(paths))
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    ray_staging = (Path(staging) if staging else default_staging(db)) if executor == "ray" else None
    batch = ProgressFile(db, total, shlex.join(["ingest", *paths, "--db", db]), ray_staging)
    summary = _with_progress(total, quiet, verbose, batch, lambda progress, summary: run_ingest(
        paths, db, force=force, workers=workers, progress=progress, ocr=ocr, summary=summary,
        limits=Limits(timeout, max_memory), executor=executor, address=address,
        staging=Path(staging) if staging else None))
    _echo_summary(summary, db, verbose)
    if summary.interrupted:
        click.echo("interrupted: the files above are loaded; run the same command again to finish the rest", err=True)
        sys.exit(130)
    recorded_not_ok = [path for path, status, _ in summary.recorded if status != "ok"]
    if strict and (summary.status["failed"] or summary.status["partial"] or recorded_not_ok):
        sys.exit(1)


@click.command()
@click.argument("staging", type=click.Path(exists=True, file_okay=False))
@CREATE_DB
@click.option("--force", is_flag=True, help="Load documents the warehouse already has as staged.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
@click.option("--verbose", "-v", is_flag=True, help="Print one line per document as it is loaded.")
def load(staging: str, db: str, force: bool, quiet: bool, verbose: bool) -> None:
    """Load the documents staged in STAGING (Parquet, one file per document, written by
    `ita ingest --executor ray`) into the warehouse, each in its own transaction.

    Staged files alone rebuild a warehouse: `ita load ita.duckdb.staging --db new.duckdb`. A document the
    warehouse already has as staged is skipped, so an interrupted load is simply run again.
    """
    total = sum(1 for _ in staged(Path(staging)))
    batch = ProgressFile(db, total, shlex.join(["load", staging, "--db", db]))
    summary = _with_progress(total, quiet, verbose, batch, lambda progress, summary: load_staging(
        Path(staging), db, force=force, progress=progress, summary=summary))
    _echo_summary(summary, db, verbose)
    if summary.interrupted:
        click.echo("interrupted: the documents above are loaded; run the same command again to finish", err=True)
        sys.exit(130)


def _with_progress(total: int, quiet: bool, verbose: bool, batch: ProgressFile,
                   run: Callable[[Callable[[ExtractedDocument], None], IngestSummary], object]) -> IngestSummary:
    """Run `run(progress, summary)` under a progress bar (and -v lines), its counts kept in `batch` for
    `ita status`; Ctrl-C keeps the summary so far."""
    summary = IngestSummary()
    pages = [0]
    with click.progressbar(length=total, label="ingesting", show_pos=True, file=sys.stderr,
                           item_show_func=lambda s: s, hidden=quiet) as bar:
        def progress(doc: ExtractedDocument) -> None:
            pages[0] += doc.n_pages
            if verbose:
                click.echo(_file_line(doc), err=True)
            bar.update(1, f"{pages[0]} pages  {doc.file_name[:40]}")
            batch.update(summary)

        try:
            run(progress, summary)
        except (WarehouseError, RayMissing) as exc:
            raise click.ClickException(str(exc)) from exc
        except KeyboardInterrupt:  # the summary so far, and how to finish, follow
            summary.interrupted = True
        finally:
            batch.close()
    return summary


def _file_line(doc: ExtractedDocument) -> str:
    """One file in -v: its status, pages, rows and reason (for a file loaded before, its recorded reason)."""
    if doc.status == "skipped":
        return f"{'loaded':<8} {'':>3}  {'':>3}       {doc.path}" + (f"  (recorded: {doc.error})" if doc.error else "")
    return f"{doc.status:<8} {doc.n_pages:>3}p {len(doc.rows):>3} rows  {doc.path}" + (f"  ({doc.error})" if doc.error else "")


def _echo_summary(summary: IngestSummary, db: str, verbose: bool) -> None:
    """The closing summary; failures are listed unless -v already printed them, unsupported files named."""
    s = summary.status
    click.echo(f"{summary.files} files: {s['ok']} ok, {s['partial']} partial, {s['failed']} failed, "
               f"{summary.skipped} already loaded; {summary.pages} pages, {summary.rows} measure rows -> {db}")
    if summary.unsupported:
        shown = ", ".join(Path(p).name for p in summary.unsupported[:5])
        more = f" and {len(summary.unsupported) - 5} more" if len(summary.unsupported) > 5 else ""
        click.echo(f"  {len(summary.unsupported)} file(s) skipped, not PDF/.txt/.md: {shown}{more} "
                   "(save them as PDF to ingest them)", err=True)
    if summary.damaged_pages:
        click.echo(f"  {summary.damaged_pages} page(s) with damaged Thai text: "
                   f"ita sql \"SELECT * FROM text_quality WHERE NOT trusted\"", err=True)
    earlier = [(path, reason) for path, status, reason in summary.recorded if status != "ok"]
    if earlier:
        click.echo(f"  {len(earlier)} file(s) loaded before are not ok: `ita status --db {db}` lists them with reasons",
                   err=True)
    if verbose:
        return
    for path, reason in summary.failures[:20]:
        click.echo(f"  {path}: {reason}", err=True)
    if len(summary.failures) > 20:
        click.echo(f"  ... and {len(summary.failures) - 20} more: `ita status --db {db}`", err=True)
