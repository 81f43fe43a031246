"""Installing the package gives every documented command, and `make demo` keeps the user's warehouse."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib

import pytest
from click.testing import CliRunner

from conftest import ROOT
from pipeline.cli import main

# What the documented commands import: --xlsx/--parquet, `ita plan` .xlsx/.docx, `ita report`, tables, places.
NEEDED = ("openpyxl", "pyarrow", "python-docx", "plotly", "fontpkg-sarabun", "rich", "geothai")


def test_what_documented_commands_need_is_a_dependency_not_an_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {dep.split(">")[0].split("=")[0].split("[")[0].strip() for dep in project["dependencies"]}
    assert set(NEEDED) <= names


@pytest.mark.parametrize("module, args", [
    ("plotly", ["report", "--out", "{tmp}/r.html"]),
    ("openpyxl", ["sql", "SELECT 1 AS x", "--xlsx", "{tmp}/x.xlsx"]),
])
def test_a_missing_optional_part_is_one_line_with_the_install_command(sample_db, tmp_path, monkeypatch, module, args):
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now fails as if it were not installed
    result = CliRunner().invoke(main, [a.format(tmp=tmp_path) for a in args] + ["--db", str(sample_db)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert f"pip install {module}" in result.output


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_demo_never_deletes_the_warehouse():
    plan = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "ita ingest" in plan
    assert not [line for line in plan.splitlines() if line.lstrip().startswith("rm ") and "duckdb" in line]
