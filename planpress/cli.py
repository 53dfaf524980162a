"""The `planpress` command: one clean line per problem, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from planpress import __version__
from planpress.load import find_plan_files
from planpress.project import load_easyread_folder, load_plans
from planpress.schema import SCHEMAS, json_schema
from planpress.validation import sort_problems


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="planpress")
def cli() -> None:
    """Publish health and care plans as a standard website and an easy read website."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--easyread",
    "easyread_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also check the easy read versions, word bank and pictures in this folder "
    "(default without PATHS: easyread/).",
)
def check(paths: tuple[Path, ...], easyread_dir: Path | None) -> None:
    """Check plans (default: plans/ and easyread/).

    PATHS are plan files or folders of them. Reports every problem as
    file:line:column with what to change, and exits with status 1 if there is any.
    """
    targets = list(paths) or [Path("plans")]
    if not paths and easyread_dir is None and Path("easyread").is_dir():
        easyread_dir = Path("easyread")
    for target in targets:
        if not target.exists():
            raise click.UsageError(f"'{target}' does not exist: give a plan file or a folder of plans")
    files = find_plan_files(targets)
    if not files:
        raise click.UsageError(f"no plan files (.yml) found in {', '.join(map(str, targets))}")
    plans, problems = load_plans(files)
    checked = f"{len(files)} plan{'s' if len(files) != 1 else ''}"
    if easyread_dir is not None:
        _, versions, more = load_easyread_folder(easyread_dir, plans)
        problems += more
        checked += f" and {len(versions)} easy read version{'s' if len(versions) != 1 else ''}"
    for problem in sort_problems(problems):
        click.echo(str(problem))
    if problems:
        bad_files = len({p.location.file for p in problems})
        click.echo(
            f"\nChecked {checked}: {bad_files} file{'s' if bad_files != 1 else ''} with problems, "
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in all.",
            err=True,
        )
        sys.exit(1)
    click.echo(f"Checked {checked}: all valid.", err=True)


@cli.command()
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)), default="plan")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
@click.option(
    "--all-to",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every schema into this folder as KIND.schema.json (e.g. schema/).",
)
def schema(kind: str, output: Path | None, all_to: Path | None) -> None:
    """Print the JSON Schema of a kind of source file (plan, easyread, words, pictures).

    Editors that read `# yaml-language-server: $schema=...` use it to autocomplete.
    """
    if all_to is not None:
        all_to.mkdir(parents=True, exist_ok=True)
        for name in SCHEMAS:
            _write_schema(name, all_to / f"{name}.schema.json")
        return
    if output is None:
        click.echo(_schema_text(kind), nl=False)
    else:
        _write_schema(kind, output)


def _schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def _write_schema(kind: str, output: Path) -> None:
    output.write_text(_schema_text(kind), encoding="utf-8")
    click.echo(f"Wrote {output}", err=True)


def main() -> None:
    """Entry point: a bug in planpress itself still ends with one readable line."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:
        click.echo(
            f"planpress stopped on an internal error ({type(error).__name__}: {error}). "
            "This is a bug in planpress, not in your plan: please report it.",
            err=True,
        )
        sys.exit(2)
