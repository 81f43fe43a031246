"""`ita catalog import|show|learn` and `ita check`: the catalog as users extend it, and one document up close.

Registered on the main group by pipeline/cli.py. The functions above the click commands gather data
(DataFrames and dicts, testable without a terminal); the commands parse options, call them, print,
and turn every expected failure into a ClickException that says what to do.
"""
from __future__ import annotations

from pathlib import Path

import click
import duckdb
import numpy as np
import pandas as pd

from corpus.catalog import year_items
from pipeline.cli_output import READ_DB, YEAR, Output, emit, output_options
from pipeline.ingest import sha256_of
from warehouse.catalog_table import (MIN_AGENCIES, ActiveCatalog, CatalogFileError, active_catalog,
                                     import_catalog_file, learn_catalog, printed_citations, proposals_csv,
                                     stored_catalog_version, user_catalog_dir, warehouse_catalog)
from warehouse.load import WarehouseError, connect

SHOW_COLUMNS = ["ita_year_be", "tool", "indicator_no", "code", "text", "source", "confidence", "concept_id"]
# How a citation was resolved -> why a person should look at it (methods of corpus.match.match_questions).
REVIEW_METHODS = {"review": "evidence undecided", "no-catalog": "no catalog item for the year",
                  "borrowed-year": "wording of the framework neighbour's year", "finding": "resolved from the finding only",
                  "none": "nothing to resolve"}
MIN_TRUSTED_SCORE = 80.0  # corpus.match.CODE_SCORE: below it, even the matcher's own evidence was weak
SOURCE_WIDTH = 40  # characters of a source shown in a table
_DOC_PREFIX_MIN = 6  # hex digits of a doc_id a user must give; fewer match too many documents


def _emit(frame: pd.DataFrame, output: Output) -> None:
    """Print as every command does; a table for people shows only the first source, shortened,
    since catalog sources are long lists of URLs (CSV, JSON and the files keep them whole)."""
    if "source" in frame and output.to_screen:
        frame = frame.assign(source=frame["source"].str.split(";").str[0].str.slice(0, SOURCE_WIDTH))
    emit(frame, output)


def _open(db: str) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only, or a ClickException saying how to create it."""
    if not Path(db).exists():
        raise click.ClickException(f"no warehouse at {db}: run `ita ingest FILES --db {db}` first (or pass --db)")
    try:
        return connect(db, read_only=True)
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc


def _active() -> ActiveCatalog:
    try:
        return active_catalog()
    except CatalogFileError as exc:
        raise click.ClickException(str(exc)) from exc


# --- ita check: data ----------------------------------------------------------------------------------

def find_document(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    """The doc_id a user means by `ref`: a file on disk (by its bytes), a path or file name as
    ingested, a path's ending, or a doc_id prefix. Ambiguity is an error listing the candidates."""
    if Path(ref).is_file():
        doc_id = sha256_of(Path(ref))
        if con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone():
            return doc_id
        raise click.ClickException(f"{ref} is not in this warehouse (no document has its content): "
                                   f"ingest it with `ita ingest {ref}`")
    exact = con.execute("SELECT doc_id, path FROM documents WHERE doc_id = lower(?) OR path = ?", [ref, ref]).fetchall()
    near = exact or con.execute(
        "SELECT doc_id, path FROM documents WHERE file_name = ? OR suffix(path, '/' || ?) "
        "OR (length(?) >= ? AND starts_with(doc_id, lower(?))) ORDER BY path",
        [ref, ref, ref, _DOC_PREFIX_MIN, ref]).fetchall()
    if len(near) == 1:
        return near[0][0]
    if not near:
        raise click.ClickException(f"no document matches {ref!r}: give a file, a path or file name as ingested, or "
                                   f"at least {_DOC_PREFIX_MIN} characters of a doc_id "
                                   "(`ita sql \"SELECT doc_id, path FROM documents\"` lists them)")
    listing = "\n".join(f"  {doc_id[:12]}  {path}" for doc_id, path in near[:10])
    raise click.ClickException(f"{len(near)} documents match {ref!r}; give a doc_id prefix instead:\n{listing}")


def document_summary(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict:
    """The document's row with its agency, plus its row count and the warehouse's catalog version."""
    frame = con.execute("SELECT d.*, a.name AS agency_name, a.agency_type, a.district, a.province, "
                        "(SELECT count(*) FROM measures m WHERE m.doc_id = d.doc_id) AS n_rows "
                        "FROM documents d LEFT JOIN agencies a USING (agency_id) WHERE d.doc_id = ?", [doc_id]).df()
    summary = frame.iloc[0].to_dict()
    summary["warehouse_catalog_version"] = stored_catalog_version(con)
    return summary


def page_quality(con: duckdb.DuckDBPyConnection, doc_id: str) -> pd.DataFrame:
    """Pages with damage flags or not trusted: the pages whose text may be wrong."""
    return con.execute("SELECT page, flags, trusted FROM text_quality WHERE doc_id = ? "
                       "AND (len(flags) > 0 OR NOT trusted) ORDER BY page", [doc_id]).df()


def document_citations(con: duckdb.DuckDBPyConnection, doc_id: str) -> pd.DataFrame:
    """Every cited question of the document's rows, its resolution, the catalog wording it resolved
    to, and `review`: why a person should look at it ("" when nothing stands out)."""
    cited = con.execute(
        "SELECT m.row_no, m.page_first AS page, q.position, q.code_raw, q.code, q.catalog_code, q.catalog_year_be, "
        "q.match_score, q.match_method, q.code_conflict, q.question_text "
        "FROM measure_questions q JOIN measures m USING (measure_id) WHERE q.doc_id = ? "
        "ORDER BY m.row_no, q.position", [doc_id]).df()
    items = warehouse_catalog(con)[["ita_year_be", "code", "text"]].rename(
        columns={"ita_year_be": "catalog_year_be", "code": "catalog_code", "text": "catalog_text"})
    cited = cited.astype({"catalog_year_be": "Int64"}).merge(
        items.astype({"catalog_year_be": "Int64"}), on=["catalog_year_be", "catalog_code"], how="left")
    return cited.assign(review=cited.apply(_review, axis=1))


def _review(row: pd.Series) -> str:
    reasons = []
    if pd.notna(row["code_conflict"]) and bool(row["code_conflict"]):
        reasons.append("printed code and wording disagree")
    if row["match_method"] in REVIEW_METHODS:
        reasons.append(REVIEW_METHODS[row["match_method"]])
    if pd.notna(row["match_score"]) and row["match_score"] < MIN_TRUSTED_SCORE:
        reasons.append(f"score below {MIN_TRUSTED_SCORE:.0f}")
    return "; ".join(reasons)


def document_weak_questions(con: duckdb.DuckDBPyConnection, doc_id: str, ita_year_be: int | None) -> pd.DataFrame:
    """Weak questions an analysis names, with the catalog wording of their item in the analysed year."""
    weak = con.execute("SELECT code, catalog_code, question_text, recommendation FROM weak_questions "
                       "WHERE doc_id = ?", [doc_id]).df()
    if weak.empty or ita_year_be is None:
        return weak.assign(catalog_text=None)
    items = year_items(warehouse_catalog(con), int(ita_year_be))
    wording = dict(zip(items["code"], items["text"]))
    return weak.assign(catalog_text=weak["catalog_code"].fillna(weak["code"]).map(wording))


# --- ita check: printing ------------------------------------------------------------------------------

def _value(value: object) -> str:
    """A field for a person: '-' for nothing, lists joined."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(map(str, value)) or "-"
    if value is None or pd.isna(value):
        return "-"
    return str(value)


def _when(stamp: object) -> str:
    return "-" if stamp is None or pd.isna(stamp) else pd.Timestamp(stamp).strftime("%Y-%m-%d %H:%M UTC")


def _echo_summary(doc: dict) -> None:
    where = [_value(doc[key]) for key in ("agency_type", "district", "province")]
    agency = f"{_value(doc['agency_name'])} ({' / '.join(where)})"
    catalog = _value(doc.get("catalog_version"))
    if doc.get("catalog_version") and doc["catalog_version"] != doc["warehouse_catalog_version"]:
        catalog += (f" (the warehouse now holds {doc['warehouse_catalog_version']}: "
                    "`ita ingest FILE --force` re-matches the document)")
    fields = [("doc_id", doc["doc_id"]), ("path", doc["path"]), ("type", doc["doc_type"]), ("agency", agency),
              ("years", f"fiscal {_value(doc['fiscal_year_be'])}, ITA {_value(doc['ita_year_be'])}"),
              ("status", doc["status"]), ("error", doc["error"]), ("warnings", doc["warnings"]),
              ("pages", f"{_value(doc['n_pages'])} (text from {_value(doc['text_source'])}), {doc['n_rows']} measure rows"),
              ("extracted", f"{_when(doc['ingested_at'])} by extractor {_value(doc['extractor_version'])}"),
              ("catalog", catalog)]
    click.echo(doc["file_name"])
    for label, value in fields:
        click.echo(f"  {label:<10} {_value(value)}")


def _echo_quality(quality: pd.DataFrame, n_pages: object) -> None:
    click.echo(f"\nText quality: {len(quality)} of {_value(n_pages)} pages with damage flags or untrusted text")
    for page in quality.itertuples():
        click.echo(f"  page {page.page:<3} {_value(page.flags)}{'' if page.trusted else '  (not trusted)'}")


def _echo_citations(cited: pd.DataFrame, flagged_only: bool) -> None:
    flagged = cited[cited["review"] != ""]
    click.echo(f"\nCitations: {len(cited)}, {cited['catalog_code'].notna().sum()} resolved, {len(flagged)} to review")
    for row in (flagged if flagged_only else cited).itertuples():
        printed = row.code_raw if row.code_raw == row.code or pd.isna(row.code) else f"{row.code_raw} → {row.code}"
        target = (f"{row.catalog_code} ({row.catalog_year_be})" if pd.notna(row.catalog_code) else "no item")
        score = "-" if pd.isna(row.match_score) else f"{row.match_score:.1f}"
        mark = "!" if row.review else " "
        click.echo(f"{mark} row {row.row_no} p.{_value(row.page)}  {_value(printed)} → {target}  "
                   f"score {score}  {row.match_method}" + (f"  [{row.review}]" if row.review else ""))
        click.echo(f"      printed  {_value(row.question_text)}")
        click.echo(f"      catalog  {_value(row.catalog_text)}")


def _echo_weak(weak: pd.DataFrame) -> None:
    if weak.empty:
        return
    click.echo(f"\nWeak questions named: {len(weak)}")
    for row in weak.itertuples():
        click.echo(f"  {_value(row.code)} → {_value(row.catalog_code)}")
        click.echo(f"      printed  {_value(row.question_text)}")
        click.echo(f"      catalog  {_value(row.catalog_text)}")


# --- commands -------------------------------------------------------------------------------------------

@click.group("catalog")
def catalog() -> None:
    """The ITA question catalog that cited codes are resolved against: show it, add your own items,
    and learn the wordings it lacks from the documents in a warehouse.

    \b
    User catalog files live in $ITA_CATALOG_DIR (default ~/.config/ita/catalog/); they add items
    or replace shipped ones of the same year and code. A warehouse copies the catalog into its
    `catalog_questions` table the next time it is opened for writing (e.g. by `ita ingest`).
    """


@catalog.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Validate a catalog CSV and add it to your user catalog.

    FILE needs the columns ita_year_be (Buddhist era), code (i/e/o + number) and text; tool,
    indicator_no, indicator_name, sub_indicator and source are optional. Its items add to the
    shipped catalog or replace the shipped wording of the same year and code. A file of the same
    name in the user catalog is replaced. Documents already ingested keep their matches until
    re-ingested with `ita ingest --force`.
    """
    try:
        imported = import_catalog_file(file)
    except CatalogFileError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"imported {imported.items} items ({imported.items - imported.overrides} new, "
               f"{imported.overrides} replacing shipped wording) to {imported.path}")
    click.echo("matching uses them from now on; `ita ingest FILES --force` re-matches documents already loaded", err=True)


@catalog.command("show")
@click.option("--year", type=YEAR, help="Only items of this ITA year (BE), e.g. 2567.")
@click.option("--tool", type=click.Choice(["IIT", "EIT", "OIT"], case_sensitive=False),
              help="Only items of this tool: IIT (internal), EIT (external) or OIT (open data).")
@output_options
def show_command(year: int | None, tool: str | None, output: Output) -> None:
    """Print the catalog matching uses: the shipped items with your user catalog files applied.

    The source column says where each wording comes from (user:FILE for your own items) and
    confidence whether it was seen for that year or inferred from a neighbouring year.
    """
    current = _active()
    items = current.items
    if year is not None:
        items = items[items["ita_year_be"] == year]
    if tool:
        items = items[items["tool"] == tool.upper()]
    if items.empty and year is not None:
        years = ", ".join(map(str, sorted(current.items["ita_year_be"].unique())))
        raise click.ClickException(f"the catalog has no items for {year}{' ' + tool.upper() if tool else ''}; "
                                   f"it covers {years} (add items with `ita catalog import FILE.csv`)")
    files = ", ".join(path.name for path in current.files) or "none"
    click.echo(f"catalog {current.version}: {len(items)} items shown; user files in {user_catalog_dir()}: {files}",
               err=True)
    _emit(items[SHOW_COLUMNS], output)


@catalog.command("learn")
@READ_DB
@click.option("--min-agencies", type=click.IntRange(min=1), default=MIN_AGENCIES, show_default=True,
              help="Distinct agencies that must print the consensus wording for it to be proposed.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the proposals as a user catalog CSV, to review and then `ita catalog import`.")
@output_options
def learn_command(db: str, min_agencies: int, out: Path | None, output: Output) -> None:
    """Propose catalog wordings from what the agencies in a warehouse print.

    For each ITA year and printed code, the printed wordings are clustered (rapidfuzz) and the
    medoid of the biggest cluster is the consensus, when a majority of the citing agencies and at
    least --min-agencies print it. kind "new": the catalog has no item under that code for the year
    or its framework neighbour. kind "contradiction": the catalog has one, but the consensus is a
    different question. closest_code names the catalog item most like the proposal: a high
    closest_similarity under another code means agencies misprint the code rather than a gap.
    """
    con = _open(db)
    try:
        citations = printed_citations(con)
    finally:
        con.close()
    proposals = learn_catalog(citations, _active().items, min_agencies)
    kinds = proposals["kind"].value_counts()
    click.echo(f"{len(proposals)} proposals ({kinds.get('new', 0)} new, {kinds.get('contradiction', 0)} "
               f"contradictions) from {len(citations)} printed citations of {citations['agency'].nunique()} agencies",
               err=True)
    if out:
        written = proposals_csv(proposals, out)
        left = len(proposals) - written
        click.echo(f"wrote {written} proposals to {out}; review them, then `ita catalog import {out}`"
                   + (f" ({left} left out: their wording is another item of the year under a misprinted code, "
                      "see closest_code)" if left else ""), err=True)
    _emit(proposals, output)


@click.command("check")
@click.argument("doc")
@READ_DB
@click.option("--flagged", is_flag=True, help="List only the citations that need a look (conflicts, undecided, weak scores).")
def check(doc: str, db: str, flagged: bool) -> None:
    """Show one document as extracted, for a person to review.

    DOC is the file itself, its path or file name as ingested, or a doc_id prefix. Prints the
    document's metadata, status and error, the pages whose text is damaged, and every cited ITA
    question: the code as printed, normalised and resolved (catalog code and year, score, method,
    conflict), with the catalog wording under the printed wording. Lines marked ! need a look.
    """
    con = _open(db)
    try:
        doc_id = find_document(con, doc)
        summary = document_summary(con, doc_id)
        quality = page_quality(con, doc_id)
        cited = document_citations(con, doc_id)
        weak = document_weak_questions(con, doc_id, summary["ita_year_be"] if pd.notna(summary["ita_year_be"]) else None)
    except CatalogFileError as exc:  # a warehouse never synced falls back to the user catalog files
        raise click.ClickException(str(exc)) from exc
    finally:
        con.close()
    _echo_summary(summary)
    _echo_quality(quality, summary["n_pages"])
    _echo_citations(cited, flagged)
    _echo_weak(weak)
