"""`ita agencies` and `ita agencies merge`: the agency register, listed and fixed by hand."""
from __future__ import annotations

import click

from pipeline.cli_output import READ_DB, Output, emit, output_options
from warehouse.agencies import AgencyRegisterError, list_agencies, merge_agencies, open_for_merge, resolve_ids
from warehouse.agency_types import short_agency_type
from warehouse.reading import QueryError, open_read

SCREEN_DROP = ("agency_id", "doc_types", "fiscal_years")


@click.group("agencies", invoke_without_command=True)
@READ_DB
@output_options
@click.pass_context
def agencies(ctx: click.Context, db: str, output: Output) -> None:
    """The agency register: every agency with its type, district and province, its documents, ITA and
    fiscal years, and the name variants its documents printed.

    District and province come from the documents, completed from the gazetteer when the name
    identifies one place. Two rows that are one agency are joined with `ita agencies merge A B`.
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        con = open_read(db)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        frame = list_agencies(con)
    finally:
        con.close()
    if output.to_screen:
        unplaced = int(frame["province"].isna().sum())
        click.echo(f"{len(frame)} agencies, {unplaced} without a province", err=True)
        if not output.wide:  # the name first: short type, no ids or fiscal years (--wide, files and JSON have them)
            frame = frame.assign(agency_type=frame["agency_type"].map(short_agency_type))
    emit(frame, output, screen_drop=() if output.wide else SCREEN_DROP)


@agencies.command("merge")
@click.argument("keep")
@click.argument("other")
@READ_DB
def merge(keep: str, other: str, db: str) -> None:
    """Join two agencies that are one: every document of OTHER moves to KEEP, OTHER's name becomes
    one of KEEP's name variants, its district and province fill KEEP's where missing, OTHER is removed.

    KEEP and OTHER are agency_ids (as `ita agencies --wide` shows them), full names or unique parts.
    """
    try:
        con = open_for_merge(db)
    except AgencyRegisterError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        keep_id, other_id = resolve_ids(con, [keep, other])
        moved = merge_agencies(con, keep_id, other_id)
        name = con.execute("SELECT name, province FROM agencies WHERE agency_id = ?", [keep_id]).fetchone()
    except (AgencyRegisterError, QueryError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        con.close()
    click.echo(f"merged {other_id} into {keep_id} ({name[0]}, {name[1] or 'province unknown'}): "
               f"{moved} document(s) moved")
