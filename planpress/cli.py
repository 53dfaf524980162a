"""The `planpress` command: one clean line per problem, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from planpress import __version__
from planpress.load import LoadedPlan, find_plan_files, load_plan
from planpress.schema import plan_json_schema
from planpress.source import Problem, SourceError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="planpress")
def cli() -> None:
    """Publish health and care plans as a standard website and an easy read website."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Check plan files (default: every .yml file under plans/).

    Reports every problem as file:line:column with what to change, and exits with
    status 1 if there is any.
    """
    targets = list(paths) or [Path("plans")]
    for target in targets:
        if not target.exists():
            raise click.UsageError(f"'{target}' does not exist: give a plan file or a folder of plans")
    files = find_plan_files(targets)
    if not files:
        raise click.UsageError(f"no plan files (.yml) found in {', '.join(map(str, targets))}")
    _, problems = check_plans(files)
    for problem in problems:
        click.echo(str(problem))
    bad_files = len({p.location.file for p in problems})
    noun = "plan" if len(files) == 1 else "plans"
    if problems:
        click.echo(
            f"\nChecked {len(files)} {noun}: {bad_files} with problems, "
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in all.",
            err=True,
        )
        sys.exit(1)
    click.echo(f"Checked {len(files)} {noun}: all valid.", err=True)


def check_plans(files: list[Path]) -> tuple[list[LoadedPlan], list[Problem]]:
    """Load every file, collecting all problems, and check slugs are unique across plans."""
    loaded: list[LoadedPlan] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded.append(load_plan(file))
        except SourceError as error:
            problems.extend(error.problems)
    owners: dict[tuple[str, str], LoadedPlan] = {}
    for item in loaded:
        key = (item.plan.slug, item.plan.version)
        if key in owners:
            problems.append(
                Problem(
                    item.source.value(("slug",)),
                    f"plan '{item.plan.slug}' version '{item.plan.version}' is also in "
                    f"{owners[key].file}: each plan version needs its own slug or version",
                    "slug",
                )
            )
        owners.setdefault(key, item)
    return loaded, problems


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of a plan file, for editors that autocomplete YAML."""
    text = json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
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
