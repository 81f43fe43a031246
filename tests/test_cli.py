"""The `ita` command as a user drives it: help, idempotent ingest, SQL and exports, weaknesses."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pandas as pd
from click.testing import CliRunner

from conftest import ROOT, SAMPLE_PDFS
from pipeline.cli import main


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command and subcommand, as the group lists them (`ita`'s are imported when asked for)."""
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        out.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, f"{prefix}{name} "))
    return out


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["--help"]).exit_code == 0
    for name, cmd in _commands(main):
        result = runner.invoke(main, [*name.split(), "--help"])
        assert result.exit_code == 0, name
        assert cmd.help and len(cmd.help) > 40, f"`ita {name}` needs a real help text"
        assert f"ita {name}" in readme, f"`ita {name}` is not documented in the README"
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"option {param.name} of `ita {name}` has no help"


def test_console_script_is_installed():
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "ita"), "--help"], capture_output=True, text=True) \
        if (ROOT / ".venv" / "bin" / "ita").exists() else \
        subprocess.run([sys.executable, "-m", "pipeline.cli", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "ingest" in out.stdout


def test_second_ingest_is_a_no_op_unless_forced(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    pdf = str(SAMPLE_PDFS / "plan_tambon.office.pdf")
    first = runner.invoke(main, ["ingest", pdf, "--db", db, "-q"])
    assert "1 ok" in first.output
    again = runner.invoke(main, ["ingest", pdf, pdf, "--db", db, "-q"])
    assert "1 already loaded" in again.output and "0 ok" in again.output
    forced = runner.invoke(main, ["ingest", pdf, "--db", db, "-q", "--force"])
    assert "1 ok" in forced.output
    rows = runner.invoke(main, ["sql", "SELECT count(*) AS n FROM measures", "--db", db, "--json"])
    assert json.loads(rows.output) == [{"n": 9}]


def test_sql_outputs_and_exports(sample_db, tmp_path):
    runner = CliRunner()
    q = "SELECT file_name, status FROM documents ORDER BY file_name LIMIT 3"
    csv = runner.invoke(main, ["sql", q, "--db", str(sample_db), "--csv"])
    assert csv.exit_code == 0 and csv.output.splitlines()[0] == "file_name,status"
    pq = tmp_path / "docs.parquet"
    xl = tmp_path / "docs.xlsx"
    assert runner.invoke(main, ["sql", q, "--db", str(sample_db), "--parquet", str(pq)]).exit_code == 0
    assert runner.invoke(main, ["sql", q, "--db", str(sample_db), "--xlsx", str(xl)]).exit_code == 0
    assert len(pd.read_parquet(pq)) == 3 and list(pd.read_excel(xl).columns) == ["file_name", "status"]
    bad = runner.invoke(main, ["sql", "SELECT nope FROM documents", "--db", str(sample_db)])
    assert bad.exit_code == 1 and "nope" in bad.output
    missing = runner.invoke(main, ["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "ita ingest" in missing.output


def test_weaknesses_counts_agencies(sample_db):
    result = CliRunner().invoke(main, ["weaknesses", "--db", str(sample_db), "--json", "--limit", "100"])
    rows = json.loads(result.output)
    assert rows, result.output
    # each sample plan is ingested in 3 styles + text, but is one agency: counts are agencies, not files
    assert max(r["agencies"] for r in rows) <= 5
    by_code = {(r["ita_year_be"], r["code"]): r for r in rows}
    assert by_code[(2567, "e12")]["agencies"] >= 1
    year = CliRunner().invoke(main, ["weaknesses", "--db", str(sample_db), "--json", "--year", "2568"])
    assert all(r["ita_year_be"] == 2568 for r in json.loads(year.output))


def test_weaknesses_by_score_ranks_the_lowest_item_scores_first(sample_db):
    rows = json.loads(CliRunner().invoke(main, ["weaknesses", "--db", str(sample_db), "--by", "score", "--json"]).output)
    assert rows and rows == sorted(rows, key=lambda r: (r["mean_score"]))[: len(rows)]
    assert all(0 <= r["pct_below_85"] <= 100 for r in rows)


def test_agency_view_shows_documents_scores_weak_questions_and_measures(sample_db):
    from conftest import expected

    name = expected("analysis_municipality")["agency"]["name"]
    result = CliRunner().invoke(main, ["agency", name, "--db", str(sample_db)])
    assert result.exit_code == 0, result.output
    for heading in ("เอกสาร", "คะแนน ITA", "ข้อคำถามที่ควรปรับปรุง", "มาตรการ"):
        assert heading in result.output
    assert "88.22" in result.output  # the 2567 overall score of the sample analysis
    unknown = CliRunner().invoke(main, ["agency", "ไม่มีหน่วยงานนี้", "--db", str(sample_db)])
    assert unknown.exit_code == 1 and "Closest names" in unknown.output


def test_report_period_is_recorded_for_reports(sample_db):
    import duckdb

    con = duckdb.connect(str(sample_db), read_only=True)
    periods = dict(con.execute("SELECT doc_type, any_value(report_period) FROM documents GROUP BY 1").fetchall())
    assert periods["measures_report"] == "annual" and periods["measures"] is None


def _display_widths(text: str) -> list[int]:
    from rich.cells import cell_len

    return [cell_len(line) for line in text.splitlines()]


def test_tables_fit_the_terminal_and_wide_prints_them_whole(sample_db):
    from conftest import expected

    runner = CliRunner()
    name = expected("plan_tambon")["agency"]["name"]
    for args in (["weaknesses", "--limit", "10"], ["agency", name]):
        fitted = runner.invoke(main, [*args, "--db", str(sample_db)], env={"COLUMNS": "120"})
        assert fitted.exit_code == 0, fitted.output
        assert max(_display_widths(fitted.output)) <= 120, args
        assert "…" in fitted.output  # long Thai wordings are cut by display width, marked with an ellipsis
        for empty in ("NaN", "<NA>", "None", "nan"):
            assert empty not in fitted.output.split(), (args, empty)
    wide = runner.invoke(main, ["weaknesses", "--limit", "10", "--db", str(sample_db), "--wide"], env={"COLUMNS": "120"})
    assert max(_display_widths(wide.output)) > 120 and "…" not in wide.output
    header = wide.output.splitlines()[0].split()
    assert "wording" in header and "example_wording" not in header and len(header) == len(set(header))


def test_render_cuts_thai_by_display_width_not_code_points():
    from rich.cells import cell_len

    from pipeline.cli_table import render

    wording = "หน่วยงานของท่านมีการนำผลการประเมินไปปรับปรุงการทำงานเพื่อป้องกันการทุจริตในหน่วยงานมากน้อยเพียงใด" * 2
    frame = pd.DataFrame({"code": ["i28", "e1"], "wording": [wording, None], "steps": [["ก", "ข"], []]})
    text = render(frame, width=60)
    lines = text.splitlines()
    assert all(cell_len(line) <= 60 for line in lines) and max(map(cell_len, lines)) >= 55
    assert "…  ก, ข" in lines[1]  # the wording is cut, the short column after it stays whole
    assert lines[2].split()[1:] == ["-", "-"]  # None and an empty list show as one empty mark


def test_a_table_reads_alike_from_duckdbs_rows_and_from_a_dataframe(sample_db):
    """`ita weaknesses` and `ita sql` print DuckDB's rows, the other commands DataFrames: the same result
    reads the same either way (DECIMAL as its float, dates, lists and lists of lists, maps, NULLs, numbers
    right-justified)."""
    from pipeline.cli_table import render
    from warehouse.reading import run_sql, run_sql_rows

    kinds = ("SELECT 1::INTEGER AS i, NULL::INTEGER AS n, 2.675::DOUBLE AS f, 37.50::DECIMAL(5,2) AS d, true AS b, "
             "DATE '2024-01-02' AS day, TIMESTAMP '2024-01-02 03:04:05' AS ts, [1.5, 2.25] AS l, MAP(['a'], [1]) AS m, "
             "'' AS e, 'x' AS s, 'x' AS s2, [[1, 2], [3]] AS nested UNION ALL SELECT NULL, 5, NULL, 0.125, NULL, NULL, "
             "TIMESTAMP '2024-01-02', [], NULL, NULL, 'y', 'y', NULL ORDER BY s")
    tables = ("documents", "measures", "weak_questions", "v_agency_scores", "v_agency_weaknesses")
    for query in (kinds, *(f"SELECT * FROM {t} ORDER BY ALL" for t in tables)):
        rows = run_sql_rows(sample_db, query)
        assert not rows.empty, query
        for wide in (False, True):
            assert render(rows, wide=wide, width=160) == render(run_sql(sample_db, query), wide=wide, width=160), query


def test_years_and_agency_types_as_users_type_them(sample_db):
    runner = CliRunner()
    db = ["--db", str(sample_db)]
    ce = runner.invoke(main, ["weaknesses", "--year", "2024", *db])
    assert ce.exit_code == 2 and "did you mean 2567?" in ce.output
    assert "did you mean 2567?" in runner.invoke(main, ["weaknesses", "--years", "2024-2025", *db]).output
    assert "did you mean 2566?" in runner.invoke(main, ["report", "--year", "2023", *db]).output
    empty = runner.invoke(main, ["weaknesses", "--year", "2570", *db])
    assert empty.exit_code == 0 and "years in the warehouse: 2567, 2568" in empty.output
    full = runner.invoke(main, ["weaknesses", "--agency-type", "องค์การบริหารส่วนตำบล", "--json", *db])
    for short in ("อบต.", "อบต"):
        got = runner.invoke(main, ["weaknesses", "--agency-type", short, "--json", *db])
        assert got.exit_code == 0 and json.loads(got.output) == json.loads(full.output) != []
    unknown = runner.invoke(main, ["weaknesses", "--agency-type", "สำนักงานเขต", *db])
    assert "no agency type 'สำนักงานเขต'; the warehouse has:" in unknown.output
    by_score = runner.invoke(main, ["weaknesses", "--by", "score", "--province", "ไม่มีจังหวัดนี้", *db])
    assert by_score.exit_code == 0 and "no province 'ไม่มีจังหวัดนี้'" in by_score.output


CONCEPT_ID = r"\b(?:iit|eit|oit):\d{4}:[ieo]\d+"


def test_people_see_the_code_of_a_year_never_a_concept_id(sample_db, tmp_path):
    import re

    from conftest import expected

    runner = CliRunner()
    db = ["--db", str(sample_db)]
    peers = runner.invoke(main, ["peers", expected("plan_tambon")["agency"]["name"], *db], env={"COLUMNS": "160"})
    assert peers.exit_code == 0 and re.search(r"\b25\d\d [ieo]\d+\b", peers.output), peers.output
    trend = runner.invoke(main, ["weaknesses", "--by", "concept", "--years", "2567-2568", *db], env={"COLUMNS": "160"})
    assert trend.output.split()[0] == "item" and re.search(r"\b2568 [ieo]\d+\b", trend.output)
    for output in (peers.output, trend.output):
        assert not re.search(CONCEPT_ID, output)
    as_json = json.loads(runner.invoke(main, ["peers", expected("plan_tambon")["agency"]["name"], *db, "--json"]).output)
    assert all(re.fullmatch(CONCEPT_ID + "|[ieo]\\d+", c) for r in as_json for c in r["shared_concepts"])


def test_the_report_speaks_thai_and_uses_year_codes(sample_db, tmp_path):
    import re

    out = tmp_path / "r.html"
    assert CliRunner().invoke(main, ["report", "--db", str(sample_db), "--out", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page)
    assert headers and all(re.search("[\u0e01-\u0e4e]", h) for h in headers), sorted(set(headers))
    body = page.split("</script>")[-1]  # the page after the inlined plotly.js
    assert not re.search(CONCEPT_ID, body)
    assert re.search(r"2568 [ieo]\d+", body)  # the trend names concepts by their latest year's code


def test_ray_options_without_the_ray_executor_are_refused_in_one_line(tmp_path):
    """--address without --executor ray would silently run on this machine: the user is told instead."""
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", str(tmp_path / "w.duckdb"),
                                       "--address", "ray://head:10001"])
    assert result.exit_code == 2 and "--executor ray" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "w.duckdb").exists()


def test_weaknesses_on_screen_imports_neither_extraction_machinery_nor_pandas(sample_db):
    """`ita weaknesses` imports its own command's modules only: importing the PDF readers and the worker
    pool took longer than its query (the group loads a command's module when the command runs), and so
    did pandas with numpy and pyarrow, and the catalog with pythainlp: its table goes from DuckDB's rows
    to the screen."""
    code = ("import sys\nfrom pipeline.cli import main\n"
            "try:\n    main(['weaknesses', '--db', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code, str(sample_db)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    *table, modules = done.stdout.splitlines()
    assert table[0].split()[:3] == ["ita_year_be", "code", "agencies"] and len(table) > 2  # it ran
    imported = set(modules.split())
    assert not imported & {"pandas", "numpy", "pyarrow", "pythainlp", "corpus", "extractors", "rapidfuzz"}, imported
    assert not imported & {"pdfplumber", "pdfminer", "pypdfium2", "pebble", "geothai", "PIL", "cv2"}, imported
