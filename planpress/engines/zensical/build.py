"""Build both sites with Zensical, Material for MkDocs' successor, which runs no plugins.

Zensical reads `mkdocs.yml`, but runs neither MkDocs plugins nor hooks: so the pipeline
runs here, in the order MkDocs runs planpress's plugin. For each site (standard, then easy read): load and check
the project, render its pages (`prepare_site`), write them with the hand-written pages
into a scratch folder with a config that lists them in the menu, have Zensical build
that, then run the checks of the built HTML (`check_built_site`) exactly as the MkDocs
plugin does. The two sites are put together in a new folder beside `site/`, which replaces
it only if everything passed: the last good site stays up otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import yaml

from planpress.checks.built import check_built_site
from planpress.checks.gate import Verdict
from planpress.checks.rules import SettingsError
from planpress.engines.material import repair_theme_html
from planpress.pages.easyread import EASY_READ_FOLDER
from planpress.plan.files import source_files
from planpress.plan.source import SourceError
from planpress.publish import BuildFailed, BuildResult, new_build_folder, replace_site
from planpress.settings import ConfigError, Settings, project_settings, read_config
from planpress.site import (
    ASSETS_FOLDER,
    SETTINGS_FAILED,
    STYLESHEETS,
    SiteContent,
    checks_failed,
    expand_nav,
    prepare_site,
    sources_failed,
    write_pages,
)

Echo = Callable[[str], None]

SHARED_OVERRIDES = ("main.html", "partials/footer.html", "partials/path.html")
"""The project's theme overrides whose Material original is the same in Zensical: they are
used as they are. Those that differ have Zensical versions in this package's overrides/."""
ENGINE_ONLY = frozenset({"hooks", "INHERIT", "watch", "validation", "exclude_docs", "dev_addr"})
"""MkDocs settings that mean nothing to the generated Zensical project."""
OWN_OVERRIDES = ("partials/language.html", "partials/nav-item.html", "partials/palette.html")
"""This engine's versions of the project's Material overrides, made from Zensical's own."""
OWN_STYLESHEET = "zensical.css"
"""Repairs to Zensical's theme (this package's assets/), loaded after planpress's own."""
MKDOCS_ONLY_PLUGINS = frozenset({"planpress"})
"""Plugins of mkdocs.yml that Zensical does not run: planpress's pipeline runs here instead."""


@dataclass(frozen=True)
class _Site:
    kind: str
    settings: dict[str, Any]
    out: Path


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    echo: Echo = print,
    verbose: bool = False,
) -> BuildResult:
    """Build the standard site of `config_file` and its easy read site with Zensical.

    Raises `BuildFailed`, leaving `site_dir` as it was, if anything goes wrong in either."""
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise BuildFailed(f"{config_file} does not exist: run planpress where mkdocs.yml is, or give -f")
    start = time.monotonic()
    root = config_file.parent
    standard = _read(config_file)
    target = (site_dir or root / str(standard.get("site_dir", "site"))).resolve()
    easy_read = _settings(config_file, standard, "standard", echo).easy_read_config
    building = new_build_folder(target)
    sites = [_Site("standard", standard, building)]
    if easy_read is not None:
        sites.append(_Site("easy-read", _read(easy_read), building / EASY_READ_FOLDER))
    verdicts: list[Verdict] = []
    try:
        # Every source is loaded and its text checked before anything is built: a problem
        # shows at once, not after the other site's build.
        prepared = [(site, _prepare(site, config_file, echo, verdicts)) for site in sites]
        with tempfile.TemporaryDirectory(prefix=".planpress-zensical-", dir=root) as scratch:
            for site, content in prepared:
                _build_one(site, content, root, Path(scratch) / site.kind, strict, echo, verbose, verdicts)
    except BuildFailed as error:
        shutil.rmtree(building, ignore_errors=True)
        raise BuildFailed(error.reason, verdicts) from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    replace_site(building, target)
    pages = sum(1 for _ in target.rglob("index.html"))
    seconds = time.monotonic() - start
    return BuildResult(target, seconds, pages, [], str(standard.get("site_url") or ""), verdicts)


def _read(config_file: Path) -> dict[str, Any]:
    try:
        return read_config(config_file)
    except ConfigError as error:
        raise BuildFailed(str(error)) from None


def _settings(config_file: Path, settings: dict[str, Any], kind: str, echo: Echo) -> Settings:
    try:
        return project_settings(settings, config_file.parent, site=kind)
    except SettingsError as error:
        for problem in error.problems:
            echo(f"{config_file.name}: {problem}")
        raise BuildFailed(SETTINGS_FAILED) from None


def _prepare(site: _Site, config_file: Path, echo: Echo, verdicts: list[Verdict]) -> SiteContent:
    """One site's pages and the checks of its sources (which stop it here on an error)."""
    settings = site.settings
    project = _settings(config_file, settings, site.kind, echo)
    directory_urls = bool(settings.get("use_directory_urls", True))
    try:
        content = prepare_site(
            project.folders,
            project.gate,
            directory_urls,
            settings.get("site_url"),
            str(settings.get("site_name", "")),
            images_from_source=True,
        )
    except SourceError as error:
        for source_problem in error.problems:
            echo(str(source_problem))
        count = len(error.problems)
        raise BuildFailed(sources_failed(count)) from None
    if content.gate is not None and content.gate.report.errors():
        _report(content.gate.verdict(), echo, verdicts)
    return content


def _build_one(
    site: _Site,
    content: SiteContent,
    root: Path,
    scratch: Path,
    strict: bool,
    echo: Echo,
    verbose: bool,
    verdicts: list[Verdict],
) -> None:
    """Zensical builds one site from the pages written to `scratch`; then its HTML is checked."""
    settings = site.settings
    directory_urls = bool(settings.get("use_directory_urls", True))
    docs = root / str(settings.get("docs_dir", "docs"))
    hand_written = _hand_written(docs, site.kind)
    generated_docs = scratch / "docs"
    _copy_docs(docs, generated_docs, site.kind)
    write_pages(content.pages, generated_docs, content.assets)
    _write_stylesheets(generated_docs, site.kind)
    built = scratch / "site"  # Zensical builds only inside the folder of its config
    config = _engine_config(settings, content, generated_docs, built, scratch, root, site.kind)
    config_file = scratch / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _run_zensical(config_file, strict, echo)
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        repaired = repair_theme_html(html)
        if repaired != html:
            page.write_text(repaired, encoding="utf-8")
    if content.gate is not None:
        check_built_site(content.gate, built, content.pages, docs, hand_written, root, directory_urls)
        _report(content.gate.verdict(), echo, verdicts, verbose)
    if site.out.exists():
        shutil.rmtree(site.out)
    shutil.move(built, site.out)


def _hand_written(docs: Path, kind: str) -> list[str]:
    """The hand-written pages of a site, inside its docs folder."""
    if not docs.is_dir():
        return []
    pages = [p.relative_to(docs).as_posix() for p in source_files(docs, frozenset({".md"}))]
    return [p for p in pages if not (kind == "standard" and p.startswith(f"{EASY_READ_FOLDER}/"))]


def _copy_docs(docs: Path, into: Path, kind: str) -> None:
    """The hand-written pages and their files; the standard site leaves out
    `docs/easy-read/`, the easy read site's own docs folder (as mkdocs.yml's exclude_docs)."""
    into.mkdir(parents=True, exist_ok=True)
    if not docs.is_dir():
        return
    for entry in sorted(docs.iterdir()):
        if kind == "standard" and entry.name == EASY_READ_FOLDER:
            continue
        if entry.is_dir():
            shutil.copytree(entry, into / entry.name, ignore=shutil.ignore_patterns("*.jinja"))
        elif entry.suffix != ".jinja":
            shutil.copy2(entry, into / entry.name)


def _write_stylesheets(docs: Path, kind: str) -> None:
    folder = docs / ASSETS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stylesheets = package_files("planpress.pages") / "assets"
    for name in STYLESHEETS[kind]:
        (folder / name).write_bytes((stylesheets / name).read_bytes())
    own = package_files("planpress.engines.zensical") / "assets" / OWN_STYLESHEET
    (folder / OWN_STYLESHEET).write_bytes(own.read_bytes())
    own = package_files("planpress.engines.zensical") / "assets" / OWN_STYLESHEET
    (folder / OWN_STYLESHEET).write_bytes(own.read_bytes())


def _engine_config(
    settings: dict[str, Any],
    content: SiteContent,
    docs: Path,
    out: Path,
    scratch: Path,
    root: Path,
    kind: str,
) -> dict[str, Any]:
    """The settings Zensical builds one site with: the project's, with the generated
    pages in the menu, planpress's stylesheets, and theme overrides it understands."""
    config = {k: v for k, v in settings.items() if k not in ENGINE_ONLY}
    if "plugins" in settings:
        config["plugins"] = [p for p in settings["plugins"] if _plugin_name(p) not in MKDOCS_ONLY_PLUGINS]
    config["docs_dir"] = docs.relative_to(scratch).as_posix()  # Zensical wants them relative
    config["site_dir"] = out.relative_to(scratch).as_posix()
    nav = expand_nav(settings.get("nav"), content.pages)
    if nav is not None:
        config["nav"] = nav
    config["extra_css"] = [f"{ASSETS_FOLDER}/{name}" for name in (*STYLESHEETS[kind], OWN_STYLESHEET)] + [
        c for c in settings.get("extra_css", []) if not str(c).startswith(ASSETS_FOLDER)
    ]
    extra = dict(config.get("extra") or {})
    extra.pop("planpress", None)
    config["extra"] = extra
    theme = dict(config.get("theme") or {})
    overrides = _theme_overrides(root / str(theme.get("custom_dir", "overrides")), scratch)
    theme["custom_dir"] = overrides.relative_to(scratch).as_posix()
    config["theme"] = theme
    return config


def _plugin_name(entry: Any) -> str:
    """`- search` or `- search: {options}`: the plugin's name."""
    return str(next(iter(entry))) if isinstance(entry, dict) and entry else str(entry)


def _theme_overrides(project_overrides: Path, scratch: Path) -> Path:
    """A theme folder for Zensical: this engine's own partials, and the project's that
    apply to Zensical as they are (`SHARED_OVERRIDES`)."""
    folder = scratch / "overrides"
    own = package_files("planpress.engines.zensical") / "overrides"
    for name in SHARED_OVERRIDES:
        source = project_overrides / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    for name in OWN_OVERRIDES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((own / name).read_bytes())
    return folder


def _run_zensical(config_file: Path, strict: bool, echo: Echo) -> None:
    command = [sys.executable, "-m", "zensical", "build", "-f", str(config_file)]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, cwd=config_file.parent, capture_output=True, text=True, check=False)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    shown = [line for line in lines if not line.startswith(("Build started", "Build finished", "No issues"))]
    for line in shown:
        echo(f"zensical: {line}")
    if result.returncode != 0:
        raise BuildFailed(f"Zensical could not build the site (exit status {result.returncode}): see above")


def _report(verdict: Verdict, echo: Echo, verdicts: list[Verdict], verbose: bool = False) -> None:
    """As the MkDocs plugin shows it: every finding when the checks failed (or `verbose`),
    otherwise what needs doing per file and rule; then the summary."""
    verdicts.append(verdict)
    if verbose or not verdict.passed:
        lines = verdict.lines(accepted=False)
    else:
        lines = verdict.by_file_and_rule() if verdict.report.findings() else []
    for line in lines:
        echo(line)
    echo(verdict.summary())
    if not verdict.passed:
        count = len(verdict.report.errors())
        raise BuildFailed(checks_failed(count))
