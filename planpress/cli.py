"""The `planpress` command: one clean line per problem, never a traceback."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from planpress import __version__
from planpress.checks.rules import CheckSettings, SettingsError, settings_for
from planpress.easyread.sources import EasyReadLibrary, LoadedEasyRead
from planpress.plan.load import find_plan_files
from planpress.plan.validation import sort_problems
from planpress.project import load_easyread_folder, load_plans
from planpress.schema import SCHEMAS, json_schema

ENGINES = ["mkdocs", "zensical"]
REPORTS_FOLDER = "reports"
"""Beside mkdocs.yml: what the last build's checks found (not part of the site)."""


engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="mkdocs",
    show_default=True,
    help="Which engine builds the pages: MkDocs Material, or its successor Zensical. Same pages, same checks.",
)


def easyread_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`--easyread`, the folder of the word bank and pictures, as the commands that read it take it."""
    return click.option(
        "--easyread",
        "easyread_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("easyread"),
        show_default=True,
        help=help_text,
    )


def config_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`-f/--config-file`, as every command that works on the sites takes it."""
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("mkdocs.yml"),
        show_default=True,
        help=help_text,
    )


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
    help="With PATHS: also check the easy read versions, word bank and pictures in this folder.",
)
@config_option("Without PATHS: the standard site's settings (mkdocs.easyread.yml beside it is checked too).")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a readable HTML report: per page its scores, findings and acceptances.",
)
@click.option("--json", "as_json", is_flag=True, help="Print every finding as JSON on stdout (for CI).")
def check(
    paths: tuple[Path, ...],
    easyread_dir: Path | None,
    config_file: Path,
    report_file: Path | None,
    as_json: bool,
) -> None:
    """Check the plans, their easy read versions and both sites, without publishing anything.

    Without PATHS: every source file, then every check of a build of both sites (reading
    level, easy read rules, alt text), run on a copy that is thrown away. With PATHS (plan
    files or folders of them): only whether those files are valid, which is quick.

    Reports every problem as file:line:column with what to change, and exits with
    status 1 if there is any error.
    """
    if not paths and not config_file.is_file() and Path("plans").is_dir():
        # A folder of plans without site settings: all that can be checked is the sources.
        paths = (Path("plans"),)
        easyread_dir = easyread_dir or (Path("easyread") if Path("easyread").is_dir() else None)
    if paths:
        _check_files(paths, easyread_dir)
        return
    if not config_file.is_file():
        raise click.UsageError(
            f"'{config_file}' does not exist: run planpress where mkdocs.yml is, or give plan files to check"
        )
    from planpress.checks.report import report_data, report_html
    from planpress.engines.mkdocs.build import check_sites

    result = check_sites(config_file, echo=lambda line: click.echo(line, err=True))
    if report_file is not None and result.verdicts:
        report_file.write_text(report_html(result.verdicts), encoding="utf-8")
        click.echo(f"Wrote the report to {report_file}", err=True)
    if as_json:
        click.echo(json.dumps(report_data(result.verdicts), indent=2, ensure_ascii=False))
    if result.failure is not None:
        click.echo(f"\n{result.failure}", err=True)
        sys.exit(1)
    click.echo("Checked both sites: no errors.", err=True)


def _check_files(paths: tuple[Path, ...], easyread_dir: Path | None) -> None:
    for target in paths:
        if not target.exists():
            raise click.UsageError(f"'{target}' does not exist: give a plan file or a folder of plans")
    # Easy read sources live in the folder that holds the word bank: check that folder, and
    # the plans it explains (plans/ when no plan is named).
    plan_paths = []
    for target in paths:
        folder = target if target.is_dir() else target.parent
        if (folder / "words.yml").is_file():
            easyread_dir = folder
        else:
            plan_paths.append(target)
    if not plan_paths and Path("plans").is_dir():
        plan_paths.append(Path("plans"))
    files = find_plan_files(plan_paths)
    if not files:
        raise click.UsageError(f"no plan files (.yml) found in {', '.join(map(str, paths))}")
    plans, problems = load_plans(files)
    checked = f"{len(files)} plan{'s' if len(files) != 1 else ''}"
    library = None
    versions: list[LoadedEasyRead] = []
    if easyread_dir is not None:
        library, versions, more = load_easyread_folder(easyread_dir, plans)
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
    if library is not None:
        named = {t.resolve() for t in paths if t.is_file()}
        chosen = [v for v in versions if not named or v.file.resolve() in named]
        _check_easyread_text(chosen, library, checked)
        return
    click.echo(f"Checked {checked}: all valid.", err=True)


def _check_easyread_text(versions: list[LoadedEasyRead], library: EasyReadLibrary, checked: str) -> None:
    """The easy read rules a build runs on these versions' own text, as the build would.

    Rules on the rendered pages (alt text, layout) need a build: `planpress check` runs them."""
    from planpress.checks.run import Report, check_easyread, check_library

    settings = _easy_read_settings()
    report = Report()
    for version in versions:
        check_easyread(version, library, settings, lambda _path: None, report)
    check_library(library, settings, report)
    order = {"error": 0, "warning": 1}
    for finding in sorted(report.findings(), key=lambda f: (order[f.severity], str(f.location))):
        if finding.accepted is None:
            click.echo(str(finding))
    errors, warnings = len(report.errors()), len(report.warnings())
    summary = f"valid, {errors} error{'s' if errors != 1 else ''} and {warnings} warning{'s' if warnings != 1 else ''} of the easy read rules"
    click.echo(f"\nChecked {checked}: {summary}.", err=True)
    if errors:
        click.echo("The build stops on these errors: fix them and check again.", err=True)
        sys.exit(1)


def _easy_read_settings() -> CheckSettings:
    """The easy read site's rules as its build uses them: from mkdocs.easyread.yml if it is here."""
    from planpress.settings import ConfigError, project_settings, read_config
    from planpress.site import EASY_READ_CONFIG

    config = Path(EASY_READ_CONFIG)
    if not config.is_file():
        return settings_for("easy-read")
    try:
        return project_settings(read_config(config), Path("."), site="easy-read").gate.checks
    except (ConfigError, SettingsError) as error:
        raise click.UsageError(f"{config}: {error}") from None


@cli.group()
def easyread() -> None:
    """Easy read versions: start one from a plan."""


@easyread.command("draft")
@click.argument("plan_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@easyread_option("The folder with the word bank and pictures; the draft is written there.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the draft (default: EASYREAD/<plan slug>.yml). Never overwrites a file.",
)
def easyread_draft(plan_file: Path, easyread_dir: Path, output: Path | None) -> None:
    """Write a skeleton easy read version of PLAN_FILE for a person to rewrite.

    A page per theme, a point per commitment (linked with `about:`), the pictures that fit
    best, and the plan's hard words that the word bank explains or not. Every point's text
    is marked DRAFT: the build stops on it until it is rewritten in easy words.
    """
    from planpress.easyread.draft import draft_easyread
    from planpress.easyread.sources import load_library
    from planpress.plan.load import load_plan
    from planpress.plan.source import SourceError

    try:
        plan = load_plan(plan_file).plan
        library = load_library(easyread_dir)
    except SourceError as error:
        for problem in error.problems:
            click.echo(str(problem))
        sys.exit(1)
    target = output or easyread_dir / f"{plan.slug}.yml"
    if target.exists():
        raise click.UsageError(f"'{target}' already exists: give another file with -o, or move it away first")
    target.write_text(draft_easyread(plan, library), encoding="utf-8")
    click.echo(
        f"Wrote a draft easy read version of {plan.slug} to {target}: rewrite each DRAFT point.", err=True
    )


def _period(value: str | None) -> tuple[int, int] | None:
    """`2021-24` or `2021-2024` as (2021, 2024), for --period."""
    from planpress.importer.convert import find_period

    if value is None:
        return None
    period = find_period(value)
    if period is None:
        raise click.BadParameter(f"'{value}' is not a plan period: write it like 2021-24 or 2021-2024")
    return period


@cli.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan file to write, e.g. plans/my-plan.yml (default: plans/<name of the .docx>.yml).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it is there.")
@click.option("--title", help="The plan's title, if the document's Title is not it.")
@click.option("--area", help="The place the plan covers, e.g. Dorset.")
@click.option("--period", help="The plan's years, e.g. 2021-24 (read from the title when left out).")
def import_command(
    source: Path, output: Path | None, force: bool, title: str | None, area: str | None, period: str | None
) -> None:
    """Turn a Word plan (.docx) into a draft plan file that `planpress check` accepts.

    Headings become sections (themes where a heading holds a numbered list), tables become
    typed tables, risk registers, glossaries or groups; what has no place of its own is kept
    as text with an `# import:` comment. Ends with what became what, and what needs a person.
    """
    import time

    from planpress.importer import Facts, ImportFailed, NotAWordDocument, import_word
    from planpress.importer.convert import slugify

    if not source.is_file():
        raise click.ClickException(f"'{source}' does not exist: give the path of a Word document (.docx)")
    if source.suffix.lower() != ".docx":
        raise click.ClickException(
            f"'{source}' is not a .docx file: open it in Word and save it as a Word Document (.docx) first"
        )
    target = output or Path("plans") / f"{slugify(source.stem)}.yml"
    if target.exists() and not force:
        raise click.ClickException(
            f"'{target}' already exists: give another file with -o, or add --force to replace it"
        )
    started = time.perf_counter()
    facts = Facts(slugify(target.stem, 60), title, area, _period(period))
    try:
        imported = import_word(source, target, facts)
    except NotAWordDocument:
        raise click.ClickException(
            f"'{source}' cannot be read as a Word document: open it in Word and save it as .docx again"
        ) from None
    except ImportFailed as error:
        raise click.ClickException(
            f"{source}: the import made a plan that does not validate ({error}). "
            "This is a bug in planpress import: please report it with the document."
        ) from None
    click.echo(f"Wrote {target} from {source} in {time.perf_counter() - started:.1f} s.", err=True)
    for line in imported.report.lines():
        click.echo(line, err=True)
    click.echo(f"Then run: planpress check {target}", err=True)


@cli.command("new")
@click.argument("slug")
@click.option("--title", help="The plan's full title.")
@click.option("--area", help="The place the plan covers, e.g. Dorset.")
@click.option("--period", help="The plan's years, e.g. 2021-24.")
@click.option(
    "--plans",
    "plans_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("plans"),
    show_default=True,
    help="The folder of plan files.",
)
@easyread_option("The folder with the word bank and pictures.")
def new_command(
    slug: str, title: str | None, area: str | None, period: str | None, plans_dir: Path, easyread_dir: Path
) -> None:
    """Start a plan: a commented plan file PLANS/SLUG.yml and an easy read version
    EASYREAD/SLUG.yml that `planpress check` accepts as they are.

    Asks for the title, area and years when run in a terminal without them.
    """
    import re

    from planpress.easyread.sources import load_library
    from planpress.new import NewPlan, easyread_file, plan_file
    from planpress.plan.source import SourceError

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or len(slug) > 60:
        raise click.ClickException(
            f"'{slug}' cannot be a plan's slug: use lower-case letters, digits and hyphens, "
            "e.g. dorset-ld-autism-2021-24"
        )
    plan_target, easyread_target = plans_dir / f"{slug}.yml", easyread_dir / f"{slug}.yml"
    for target in (plan_target, easyread_target):
        if target.exists():
            raise click.ClickException(
                f"'{target}' already exists: choose another slug, or move it away first"
            )
    asking = sys.stdin.isatty()
    missing = [
        name for name, value in (("--title", title), ("--area", area), ("--period", period)) if not value
    ]
    if missing and not asking:
        raise click.ClickException(
            f"give {', '.join(missing)} (or run planpress new in a terminal to be asked)"
        )
    title = title or click.prompt("The plan's full title")
    area = area or click.prompt("The place it covers (e.g. Dorset)")
    years = _period(period or click.prompt("Its years (e.g. 2021-24)"))
    assert years is not None
    try:
        library = load_library(easyread_dir)
    except SourceError as error:
        for problem in error.problems:
            click.echo(str(problem))
        sys.exit(1)
    new = NewPlan(slug, title, area, *years)
    plans_dir.mkdir(parents=True, exist_ok=True)
    plan_target.write_text(plan_file(new), encoding="utf-8")
    easyread_target.write_text(easyread_file(new, library), encoding="utf-8")
    click.echo(
        f"Wrote {plan_target} and {easyread_target}: replace each TODO, then run planpress check.", err=True
    )


@cli.group()
def pictures() -> None:
    """The easy read picture library: find the pictures that fit what a point says."""


@pictures.command("suggest")
@click.argument("text")
@easyread_option("The folder with pictures.yml.")
@click.option("-n", "count", type=click.IntRange(1, 50), default=5, show_default=True, help="How many.")
def pictures_suggest(text: str, easyread_dir: Path, count: int) -> None:
    """Print the library pictures that best fit TEXT, best first, with the meanings they share.

    The picture-fit rule suggests pictures the same way.
    """
    from planpress.checks.pictures import PictureIndex
    from planpress.easyread.sources import load_library
    from planpress.plan.source import SourceError

    try:
        library = load_library(easyread_dir)
    except SourceError as error:
        for problem in error.problems:
            click.echo(str(problem))
        sys.exit(1)
    fits = PictureIndex(library).suggest(text, count)
    if not fits:
        click.echo("No picture in the library shares a meaning with these words.", err=True)
        sys.exit(1)
    for rank, fit in enumerate(fits, start=1):
        click.echo(f"{rank}. {fit.picture.id}: {fit.picture.alt} (means {', '.join(fit.shared)})")


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


@cli.command("build")
@config_option("The standard site's MkDocs settings (mkdocs.easyread.yml beside it comes along).")
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to put the site (default: site_dir of mkdocs.yml, usually site/).",
)
@click.option("--strict/--no-strict", default=True, show_default=True, help="Stop on any engine warning.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Show every finding of the checks, and MkDocs' progress messages."
)
@click.option("--json", "as_json", is_flag=True, help="Print every finding as JSON on stdout (for CI).")
@engine_option
def build_command(
    config_file: Path, site_dir: Path | None, strict: bool, verbose: bool, as_json: bool, engine: str
) -> None:
    """Build both sites: the standard one into site/, the easy read one into site/easy-read/.

    The site is built in a new folder and replaces site/ only if the build succeeds: a
    plan with a mistake leaves the last good site in place. Problems are listed as
    file:line:column, and the exit status is 1. When the build passes, the checks'
    warnings are summed up per file and rule; every one of them is written to
    reports/findings.txt and reports/checks.html beside mkdocs.yml.
    """
    from planpress.checks.report import report_data, report_html
    from planpress.engines.mkdocs.build import build_site
    from planpress.publish import BuildFailed

    try:
        if engine == "zensical":
            from planpress.engines.zensical.build import build_site as build_with_zensical

            result = build_with_zensical(
                config_file, site_dir, strict=strict, echo=click.echo, verbose=verbose
            )
        else:
            result = build_site(config_file, site_dir, strict=strict, echo=click.echo, verbose=verbose)
    except BuildFailed as error:
        click.echo(f"\n{error.reason}", err=True)
        click.echo("The site was not changed.", err=True)
        sys.exit(1)
    verdicts = result.verdicts
    if as_json:
        click.echo(json.dumps(report_data(verdicts), indent=2, ensure_ascii=False))
    if verdicts:
        reports = config_file.resolve().parent / REPORTS_FOLDER
        reports.mkdir(exist_ok=True)
        lines = [line for verdict in verdicts for line in verdict.lines()]
        (reports / "findings.txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        (reports / "checks.html").write_text(report_html(verdicts), encoding="utf-8")
        click.echo(
            f"Every finding, one a line: {REPORTS_FOLDER}/findings.txt (or build with --verbose); "
            f"to read, page by page: {REPORTS_FOLDER}/checks.html",
            err=True,
        )
    click.echo(f"Built {result.pages} pages into {result.site_dir} in {result.seconds:.1f} s.", err=True)
    if result.local_address():
        click.echo(
            f"warning: SITE_URL is not set, so the sites were built for this computer: the link "
            f"boxes, QR codes, feed and sitemap give {result.site_url or 'no address'}, which works "
            "nowhere else. To publish, build with the site's address: "
            "SITE_URL=https://plans.example.org/ planpress build",
            err=True,
        )


@cli.command("serve")
@config_option("The standard site's MkDocs settings (mkdocs.easyread.yml beside it comes along).")
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Where to serve (default 127.0.0.1:8000).")
@click.option("-o", "--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
@engine_option
def serve_command(config_file: Path, dev_addr: str | None, open_in_browser: bool, engine: str) -> None:
    """Preview both sites (the easy read one at /easy-read/), rebuilt whenever a plan,
    easy read file, page or template changes.

    Watches plans/, easyread/, docs/, overrides/, mkdocs.yml and mkdocs.easyread.yml;
    the browser reloads by itself after each rebuild.
    """
    from mkdocs.exceptions import MkDocsException

    from planpress.publish import BuildFailed

    if not config_file.is_file():
        raise click.UsageError(
            f"'{config_file}' does not exist: run planpress where mkdocs.yml is, or give -f"
        )
    from planpress.preview import Builder, serve

    builder: Callable[[Path, Path], Builder]
    if engine == "zensical":
        from planpress.engines.zensical.serve import ZensicalPreview as builder
    else:
        from planpress.engines.mkdocs.preview import MkDocsPreview as builder
    try:
        serve(config_file, builder, dev_addr, open_in_browser=open_in_browser, echo=click.echo)
    except MkDocsException as error:
        click.echo(f"\n{error.format_message().strip()}", err=True)
        sys.exit(1)
    except BuildFailed as error:
        click.echo(f"\n{error.reason}", err=True)
        sys.exit(1)


@cli.command("write-pages")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--site", "site", type=click.Choice(["standard", "easy-read"]), default="standard", show_default=True
)
@click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True
)
@click.option("--site-url", help="The address the site is published at, for full links and QR codes.")
def write_pages_command(folder: Path, site: str, root: Path, site_url: str | None) -> None:
    """Write one site's generated pages and files into FOLDER, for an engine that runs no
    MkDocs hooks (Zensical): copy docs/ there too, and point its docs_dir at FOLDER.

    Only pages that changed are rewritten, and pages that are gone are removed, so a
    watching engine rebuilds just what changed. The checks of the HTML need the hooks:
    run `planpress check` for them.
    """
    from planpress.checks.gate import gate_settings
    from planpress.plan.source import SourceError
    from planpress.site import SiteFolders, prepare_site, write_pages

    folders = SiteFolders(root, root / "plans", root / "easyread", root / "overrides")
    try:
        content = prepare_site(folders, gate_settings({"site": site, "checks": False}), site_url=site_url)
    except SourceError as error:
        for problem in error.problems:
            click.echo(str(problem))
        sys.exit(1)
    written = write_pages(content.pages, folder, content.assets)
    click.echo(f"Wrote {len(written)} changed files of {len(content.pages)} pages into {folder}.", err=True)


def _stopped() -> None:
    click.echo("\nStopped. Nothing was published: the last good site is as it was.", err=True)
    sys.exit(130)


def main() -> None:
    """Entry point: a bug in planpress itself still ends with one readable line."""
    try:
        cli.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl-C (click turns it into Abort at prompts)
        _stopped()
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except SystemExit:
        raise
    except Exception as error:
        click.echo(
            f"planpress stopped on an internal error ({type(error).__name__}: {error}). "
            "This is a bug in planpress, not in your plan: please report it.",
            err=True,
        )
        sys.exit(2)
