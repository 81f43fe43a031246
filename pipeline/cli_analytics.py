"""The `ita` commands that analyse the warehouse: weaknesses, compare, peers, plan, report.

A thin click layer over `warehouse.queries`, `warehouse.plans` and `warehouse.report`: parse
options, call one function, print its table with `pipeline.cli_output.emit` (or say where a file
went), and turn the library's errors into messages that say what to do. `pipeline.cli` registers them.
The library is imported by the command that uses it: `ita weaknesses` prints its usual table from
one query (`warehouse.weakness_sql`) without `warehouse.queries` and the pandas it imports.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli_output import AGENCY_TYPE, READ_DB, YEAR, Output, emit, fetch, output_options
from warehouse.reading import QueryError, Rows
from warehouse.weakness_sql import BY, parse_years, selection_hint, weakness_span, weakness_sql

if TYPE_CHECKING:
    import pandas as pd

PLAN_FORMATS = (".xlsx", ".docx", ".md", ".html", ".csv")
# Columns of `ita weaknesses` for programs (files, JSON), not the screen: the printed wording beside the
# catalog's, ids, and the denominator (pct_agencies already uses it).
WEAKNESS_FILE_ONLY = ("example_wording", "concept_id", "agencies_in_selection", "concept")


def _run(func: Callable, *args, **kwargs):
    """Call the library; its errors (a plan's `PlanError` is one) already say what to do, so they become
    the command's message."""
    try:
        return func(*args, **kwargs)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@READ_DB
@click.option("--year", type=YEAR, help="One ITA assessment year (BE), e.g. 2567.")
@click.option("--years", help="A range of ITA years, e.g. 2565-2567: one row per question with each year's "
                              "share of agencies and the change (a trend).")
@click.option("--by", type=click.Choice((*BY, "score")), default="item", show_default=True,
              help="Count per catalog item (year + code), concept (the same question across years), "
                   "indicator or tool; or 'score': rank items by their mean printed per-question score and "
                   "the share of agencies below 85 (reports that print every item's score).")
@click.option("--province", help="Only agencies of this province (จังหวัด, without the word).")
@click.option("--agency-type", type=AGENCY_TYPE, help="Only this agency type: องค์การบริหารส่วนตำบล or its short "
                                                     "form อบต. (ทต., ทม., ทน., อบจ. likewise).")
@click.option("--limit", type=int, default=20, show_default=True, help="How many rows to show.")
@output_options
def weaknesses(db: str, year: int | None, years: str | None, by: str, province: str | None,
               agency_type: str | None, limit: int, output: Output) -> None:
    """ITA questions cited by the most agencies, in plans' rows and analyses' weak questions.

    Counts are of agencies (a plan ingested as PDF and as text counts once), with their share of the
    agencies of the selection that have a document for that ITA year. Use --by concept with --years
    for trends: question codes change meaning between years, concepts do not. --by score ranks the
    items by the scores reports print for every question (weakest first) instead of by citations.
    """
    if by == "score" and years:
        raise click.UsageError("--by score ranks one year's items: use --year instead of --years")
    table = _run(_weakness_table, db, year, years, by, province, agency_type, limit, output)
    if table.empty:
        hint = _run(selection_hint, db, year=year, agency_type=agency_type, province=province,
                    years=parse_years(years) if years else None)
        if hint:
            click.echo(f"nothing found: {hint}", err=True)
    emit(table, output, screen_drop=WEAKNESS_FILE_ONLY)


def _weakness_table(db: str, year: int | None, years: str | None, by: str, province: str | None,
                    agency_type: str | None, limit: int, output: Output) -> Rows | pd.DataFrame:
    """The table `ita weaknesses` prints. Counted per item, concept or tool it is one query, fetched as
    the output needs it (for the screen, without pandas); scores per item (`--by score`, whose SQL the
    catalog's frameworks build), indicators named from the catalog and trends come from the library."""
    if by == "score":
        from warehouse.question_queries import weakest_questions

        return weakest_questions(db, year=year, agency_type=agency_type, province=province, limit=limit)
    if by == "indicator" or years:
        from warehouse import queries

        return queries.weaknesses(db, year=year, province=province, agency_type=agency_type, limit=limit, by=by,
                                  years=years)
    return fetch(db, *weakness_sql(weakness_span(year, None), province, agency_type, by), output).head(limit)


@click.command()
@click.argument("agency")
@READ_DB
@click.option("--year", type=YEAR, help="ITA year (BE) to compare; default: the agency's latest year with scores.")
@output_options
def compare(agency: str, db: str, year: int | None, output: Output) -> None:
    """An agency's ITA scores beside its peers', indicator by indicator, where it lags most first.

    AGENCY is a name (full, abbreviated such as อบต.X, or a unique part) or an agency_id. Peers are
    agencies of the same type with scores that year, or only those of its province when there are
    at least five; each row gives the peer median, quartiles, the agency's percentile and its gap.
    """
    from warehouse import queries

    frame = _run(queries.compare, db, agency, year=year)
    if output.to_screen:
        click.echo(f"peer group: {frame.attrs.get('peer_group', '')}", err=True)
    emit(frame.drop(columns="peer_group"), output)


@click.command()
@click.argument("agency")
@READ_DB
@click.option("--limit", type=int, default=10, show_default=True, help="How many agencies to show.")
@output_options
def peers(agency: str, db: str, limit: int, output: Output) -> None:
    """Agencies whose weaknesses are most like AGENCY's: the ones whose plans are worth reading.

    Similarity is Jaccard (shared / all cited questions, as concepts across years) with cosine on
    how many years each was cited; agencies of the same type are listed first.
    """
    from warehouse import queries

    emit(_run(queries.peers, db, agency, limit=limit), output, screen_drop=("shared_concepts",))


@click.command()
@click.option("--agency", required=True, help="The agency the plan is for: a name, อบต.X-style short name or "
                                              "agency_id (an agency not in the warehouse needs --weak).")
@READ_DB
@click.option("--year", "fiscal_year", type=YEAR,
              help="Fiscal year (BE) of the plan; default: the year after the ITA results it answers.")
@click.option("--weak", help="The weak ITA items, comma-separated, e.g. e12,i19; default: from the agency's "
                             "latest analysis, else its last plan.")
@click.option("--peers", "n_peers", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many of the most similar agencies' measures each item draws on.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Output file: .xlsx (to edit), .docx (to submit, A4 landscape), .md, .html or .csv.")
@click.option("--sources", type=click.Choice(["appendix", "separate", "none"]), default="appendix",
              show_default=True, help="Where a .docx puts the ที่มา: an appendix, FILE.sources.docx, or nowhere.")
def plan(agency: str, db: str, fiscal_year: int | None, weak: str | None, n_peers: int, out: str,
         sources: str) -> None:
    """Draft an agency's integrity measures plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) from peers.

    One row per weak ITA question, grouped under the seven NACC issues, in the official columns
    (ประเด็น, ข้อคำถาม ITA, ข้อค้นพบ, ขั้นตอน/วิธีการปฏิบัติ, ระยะเวลาดำเนินการ, หน่วยงานผู้รับผิดชอบ). Steps are the
    ones the most agencies wrote for that question, preferring those after which scores rose; each is
    listed with its source agencies and documents under ที่มา. Review and edit before submitting.
    """
    from warehouse.plans import draft_plan

    if Path(out).suffix.lower() not in PLAN_FORMATS:
        raise click.BadParameter(f"use one of {', '.join(PLAN_FORMATS)}", param_hint="--out")
    drafted = _run(draft_plan, db, agency, fiscal_year=fiscal_year, weak=weak, peers=n_peers)
    path = drafted.write(out, sources)
    for note in drafted.notes:
        click.echo(f"note: {note}", err=True)
    steps = sum(len(r.steps) for r in drafted.rows)
    click.echo(f"{drafted.title} - {drafted.agency.name}: {len(drafted.rows)} rows, {steps} steps "
               f"(weak items from {drafted.weak_source}) -> {path}")


@click.command()
@READ_DB
@click.option("--year", type=YEAR, help="ITA year (BE) of the report; default: the latest year in the warehouse.")
@click.option("--out", default="report.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (one file, works offline).")
def report(db: str, year: int | None, out: str) -> None:
    """Write one self-contained HTML report: common weaknesses, score distributions, trends, grades.

    Charts (plotly, drawn by the browser so Thai renders correctly) come with the tables behind them;
    plotly.js and the Sarabun font are inside the file, so it opens offline on any machine.
    """
    from warehouse.report import build_report

    path = _run(build_report, db, year=year, out=out)
    click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


@click.command()
@click.argument("agency")
@READ_DB
def agency(agency: str, db: str) -> None:
    """One agency on one screen: its documents, scores by ITA year (overall, grade, IIT/EIT/OIT and the
    ten indicators), the questions its analyses name as weak, and its measures rows.

    AGENCY is an agency_id, the full name, an abbreviated name (อบต.X, ทต.X) or a part of a name that
    only one agency has. For files, use the Python function warehouse.agency_view.agency_view.
    """
    from warehouse.agency_view import agency_view

    view = _run(agency_view, db, agency)
    a = view.agency
    click.secho(f"{a.name}  ({a.agency_type}, {a.province or 'จังหวัด ?'})  id {a.agency_id}", bold=True)
    for title, frame in (("เอกสาร (documents)", view.documents), ("คะแนน ITA (scores by year)", view.scores),
                         ("ข้อคำถามที่ควรปรับปรุง (weak questions)", view.weak_questions),
                         ("มาตรการ (measures)", view.measures)):
        click.secho(f"\n{title}", bold=True)
        emit(frame)


COMMANDS = (weaknesses, compare, peers, plan, report, agency)
