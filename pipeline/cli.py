"""The `ita` command: a thin click layer over library functions (each returns data or a path).

Each command lives in a module the group imports only when that command runs (click's lazy
subcommands): `ita weaknesses` needs DuckDB, not pdfplumber, PDFium, pythainlp and the worker pool,
and importing those took longer than its query (2 s against 0.2 s on 10,000 documents).
`ita --help` loads every module, so it lists every command with its help.
"""
from __future__ import annotations

import importlib

import click

# Command name -> "module:object"; modules load on first use.
COMMANDS = {
    "ingest": "pipeline.cli_ingest:ingest",
    "load": "pipeline.cli_ingest:load",
    "sql": "pipeline.cli_sql:sql",
    "catalog": "pipeline.cli_catalog:catalog",
    "check": "pipeline.cli_catalog:check",
    "status": "pipeline.cli_status:status",
    "agencies": "pipeline.cli_agencies:agencies",
    "weaknesses": "pipeline.cli_analytics:weaknesses",
    "compare": "pipeline.cli_analytics:compare",
    "peers": "pipeline.cli_analytics:peers",
    "plan": "pipeline.cli_analytics:plan",
    "report": "pipeline.cli_analytics:report",
    "agency": "pipeline.cli_analytics:agency",
}
# The module a command imports -> the package that installs it (the names differ for some).
PACKAGES = {"docx": "python-docx", "fontpkg_sarabun": "fontpkg-sarabun", "yaml": "pyyaml"}


class ItaGroup(click.Group):
    """The `ita` group: commands imported when used; a part of the install that is missing is one line
    saying how to install it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        return getattr(importlib.import_module(module), name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ModuleNotFoundError as exc:
            module = (exc.name or "").split(".")[0] or "a module"
            package = PACKAGES.get(module, module)
            raise click.ClickException(f"this command needs the Python package {package}, which is not installed: "
                                       f"run `pip install {package}` (or reinstall thai-ita)") from exc


@click.group(cls=ItaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thai-ita")
def main() -> None:
    """Extract Thai ITA documents (measures plans, reports, score analyses) into a DuckDB warehouse.

    \b
    Typical use:
      ita ingest pdfs/ --db ita.duckdb      read every PDF under pdfs/
      ita weaknesses --year 2566            questions cited by the most agencies
      ita sql "SELECT * FROM measures LIMIT 5"
    """


if __name__ == "__main__":
    main()
