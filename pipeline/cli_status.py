"""`ita status`: the warehouse across all runs, for a person deciding what to do next."""
from __future__ import annotations

import click

from pipeline.cli_output import READ_DB, Output, emit, output_options
from pipeline.cli_table import cell_text
from pipeline.extract import EXTRACTOR_VERSION
from pipeline.progress import read_progress
from warehouse.reading import QueryError
from warehouse.staged_files import default_staging
from warehouse.status import warehouse_status


@click.command("status")
@READ_DB
@click.option("--all", "every_file", is_flag=True, help="List every file, not only those that are not ok.")
@output_options
def status(db: str, every_file: bool, output: Output) -> None:
    """The warehouse at a glance: files by status across all runs with their reasons, documents and
    agencies per type and ITA year, damaged pages, and what to do next (each with its command).

    While `ita ingest` or `ita load` writes to the warehouse (no other process can open it then), the
    batch's progress is shown instead: files done by status, pages, pages/s, documents staged.

    --csv, --json, --parquet and --xlsx export the file list (with --all, every file).
    """
    batch = read_progress(db)
    try:
        state = warehouse_status(db, EXTRACTOR_VERSION, every_file, default_staging(db))
    except QueryError as exc:
        if batch and batch.running:
            click.secho("ingest in progress (the warehouse opens when it ends)", bold=True)
            for line in batch.lines():
                click.echo(line)
            return
        raise click.ClickException(str(exc)) from exc
    if not output.to_screen:
        emit(state.files, output)
        return
    click.secho("ไฟล์ตามสถานะ (files by status)", bold=True)
    emit(state.by_status, output)
    click.secho("\nเอกสารและหน่วยงานตามประเภทและปี ITA (documents and agencies by type and ITA year)", bold=True)
    emit(state.coverage, output)
    click.secho(f"\nไฟล์ที่ต้องตรวจสอบ (files {'' if every_file else 'not ok '}with their reasons)", bold=True)
    for row in state.files.itertuples():  # a reason is read whole, so each file gets its own lines
        click.echo(f"{row.status:<8} {row.path}  ({cell_text(row.doc_type)})")
        if isinstance(row.error, str) and row.error:
            click.echo(f"         {row.error}")
    if state.files.empty:
        click.echo("(none)")
    click.secho(f"\nหน้าที่ข้อความเสียหาย (damaged pages): {state.damaged_pages} "
                f"in {state.damaged_documents} document(s)", bold=True)
    if batch:
        click.secho("\nการนำเข้าล่าสุด (last batch)", bold=True)
        for line in batch.lines():
            click.echo(line)
    click.secho("\nสิ่งที่ควรทำต่อ (what to do next)", bold=True)
    for step in state.next_steps:
        click.echo(f"- {step}")
