"""Exports keep types: every public table through `ita sql --parquet/--csv/--xlsx` and back with pandas."""
from __future__ import annotations

import io
import json
import math
from datetime import date, datetime

import duckdb
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main

PUBLIC_TABLES = ("documents", "agencies", "measures", "measure_questions", "scores", "question_scores",
                 "weak_questions", "catalog_questions", "text_quality")


def _cell(value: object) -> object:
    """One comparison form for a cell read from any of the formats."""
    if isinstance(value, str) and value[:1] in "[{" and value[-1:] in "]}":
        value = json.loads(value)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict):  # a MAP: DuckDB gives a dict, pyarrow a list of (key, value) tuples
        value = [list(kv) for kv in value.items()]
    if isinstance(value, (list, tuple)):
        return [_cell(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.isoformat()[:19].removesuffix("T00:00:00")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (np.integer, np.floating, int, float)):
        return round(float(value), 6)
    text = str(value)
    try:
        return _cell(pd.Timestamp(text)) if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text
    except ValueError:
        return text


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return sorted((tuple(_cell(v) for v in row) for row in frame.itertuples(index=False)), key=repr)


@pytest.mark.parametrize("table", PUBLIC_TABLES)
def test_every_public_table_round_trips_through_parquet_csv_and_xlsx(sample_db, tmp_path, table):
    runner = CliRunner()
    query = f"SELECT * FROM {table}"
    with duckdb.connect(str(sample_db), read_only=True) as con:
        want = con.execute(query).df()
        types = con.execute(f"DESCRIBE {query}").df()[["column_name", "column_type"]]
    assert len(want), f"{table} is empty in the sample warehouse"
    list_columns = [c for c, t in zip(types["column_name"], types["column_type"]) if "[]" in t or "MAP" in t]

    pq, xl = tmp_path / f"{table}.parquet", tmp_path / f"{table}.xlsx"
    for flag, path in (("--parquet", pq), ("--xlsx", xl)):
        result = runner.invoke(main, ["sql", query, "--db", str(sample_db), flag, str(path)])
        assert result.exit_code == 0, result.output
    csv = runner.invoke(main, ["sql", query, "--db", str(sample_db), "--csv"])
    assert csv.exit_code == 0, csv.output

    # Parquet: DuckDB's own types in the file (lists, maps, dates), and the same values in pandas
    with duckdb.connect() as con:
        got_types = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{pq}')").df()[["column_name", "column_type"]]
    assert got_types.to_dict("records") == types.to_dict("records")
    from_parquet = pd.read_parquet(pq)
    from_csv = pd.read_csv(io.StringIO(csv.output))
    from_xlsx = pd.read_excel(xl)
    for name, got in (("parquet", from_parquet), ("csv", from_csv), ("xlsx", from_xlsx)):
        assert list(got.columns) == list(want.columns), name
        assert _rows(got) == _rows(want), f"{table} via {name}"
    for column in list_columns:  # lists come back as lists from every format
        for got in (from_csv, from_xlsx):
            decoded = got[column].dropna().map(json.loads)
            assert decoded.map(lambda v: isinstance(v, (list, dict))).all(), column
    for column in want.columns:  # numbers stay numbers
        if pd.api.types.is_numeric_dtype(want[column]) and not pd.api.types.is_bool_dtype(want[column]):
            for got in (from_parquet, from_csv, from_xlsx):
                assert got[column].isna().all() or pd.api.types.is_numeric_dtype(got[column]), column


def test_xlsx_is_ready_to_filter(sample_db, tmp_path):
    from openpyxl import load_workbook

    xl = tmp_path / "m.xlsx"
    CliRunner().invoke(main, ["sql", "SELECT measure_id, steps, responsible FROM measures", "--db", str(sample_db),
                              "--xlsx", str(xl)])
    sheet = load_workbook(xl).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:C")
    assert sheet.column_dimensions["B"].width > 20  # steps are long: the column is widened
    assert "\n" not in sheet["C2"].value and json.loads(sheet["C2"].value)


def test_xlsx_keeps_a_timestamps_second(sample_db, tmp_path):
    """Excel stores milliseconds and rounds the rest: a run at 17:16:44.9996 must not read back as 17:16:45."""
    xl = tmp_path / "t.xlsx"
    result = CliRunner().invoke(main, ["sql", "SELECT TIMESTAMP '2026-12-07 17:16:44.999600' AS ingested_at",
                                       "--db", str(sample_db), "--xlsx", str(xl)])
    assert result.exit_code == 0, result.output
    assert pd.read_excel(xl)["ingested_at"][0].floor("s") == pd.Timestamp("2026-12-07 17:16:44")


def test_a_failed_export_says_why_and_leaves_no_file(sample_db, tmp_path):
    target = tmp_path / "no such dir" / "m.parquet"
    result = CliRunner().invoke(main, ["sql", "SELECT * FROM measures", "--db", str(sample_db), "--parquet", str(target)])
    assert result.exit_code == 1 and "Traceback" not in result.output and "cannot write" in result.output
    assert not target.exists() and not list(tmp_path.rglob("*.parquet"))
    bad = CliRunner().invoke(main, ["sql", "SELECT nope FROM measures", "--db", str(sample_db),
                                    "--parquet", str(tmp_path / "x.parquet")])
    assert bad.exit_code == 1 and "nope" in bad.output and not (tmp_path / "x.parquet").exists()


def test_command_tables_export_to_parquet(sample_db, tmp_path):
    out = tmp_path / "w.parquet"
    result = CliRunner().invoke(main, ["weaknesses", "--db", str(sample_db), "--parquet", str(out)])
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(out)) > 0
