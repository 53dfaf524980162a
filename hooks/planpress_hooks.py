"""MkDocs hooks for both sites: a thin adapter over `planpress.site` and `planpress.checks.gate`.

`on_config` loads the whole project (all problems at once; each logged as one line,
`file:line:col: path: message`, then the build stops without a traceback), checks it and
renders its pages; `on_files` adds them as generated files (nothing is written into
`docs/`); `on_page_content` checks each page's HTML once; `on_env`, before anything is
written, lists what the checks found and stops the build if they found errors;
`on_post_page` and `on_post_template` repair the theme's own markup
(`planpress.engines.mkdocs.theme`).

Settings, all optional, in mkdocs.yml (mkdocs.easyread.yml sets `site: easy-read`):

    extra:
      planpress:
        site: standard          # or easy-read
        plans: plans            # the folder of plan files, next to mkdocs.yml
        easyread: easyread      # easy read versions, word bank and pictures
        checks: true            # false: build without the quality gate
        easy_read_config: mkdocs.easyread.yml   # built into easy-read/ alongside the standard site
        rules:                  # change a profile's defaults (EASY-READ.md)
          plain: {sentence-length: {max: 30}}
          easy-read: {}
"""

from __future__ import annotations

import logging
import shutil
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from planpress.checks.gate import (
    FINDING_DETAIL,
    FINDINGS_LOGGER,
    gate_settings,
    markdown_source,
    record_verdict,
)
from planpress.checks.rules import SettingsError
from planpress.engines.mkdocs.build import (
    EasyReadJob,
    build_easy_read_inside,
    discard_easy_read_build,
    finish_easy_read_build,
    new_build_folder,
    parallel_builds,
    replace_site,
    start_easy_read_build,
)
from planpress.engines.mkdocs.theme import repair_theme_html
from planpress.pages.markup import mark_repeated_abbreviations
from planpress.pages.render import Page
from planpress.plan.source import SourceError
from planpress.site import (
    ASSETS_FOLDER,
    EASY_READ_CONFIG,
    SETTINGS_FAILED,
    STYLESHEETS,
    SiteContent,
    SiteFolders,
    checks_failed,
    expand_nav,
    prepare_site,
    sources_failed,
)

log = logging.getLogger("mkdocs.plugins.planpress")
findings_log = logging.getLogger(FINDINGS_LOGGER)


class _Build:
    """The build under way, from `on_config` to `on_env`."""

    content: SiteContent | None = None
    generated: dict[str, Page] = {}  # noqa: RUF012 (one build at a time)
    root: Path = Path()
    site: str = "standard"
    easy_read_config: Path | None = None
    easy_read_job: EasyReadJob | None = None
    command: str | None = None
    """`build` or `gh-deploy` when MkDocs' own command runs the build (not `planpress build`)."""
    publish_to: Path | None = None
    """Where a build by MkDocs' own command goes once it has succeeded; it is made beside it."""
    building: Path | None = None


_build = _Build()


def _settings(config: MkDocsConfig) -> dict[str, Any]:
    extra: Any = config.extra or {}
    found = extra.get("planpress") or {}
    if not isinstance(found, dict):
        raise Abort("extra.planpress in mkdocs.yml must be a mapping of settings")
    return found


def on_startup(*, command: str, dirty: bool) -> None:
    _build.command = command


def on_shutdown() -> None:
    _discard_scratch()


def _build_aside(config: MkDocsConfig) -> None:
    """`mkdocs build` empties `site/` before it starts and writes into it page by page, so
    a build that fails (a plan the checks stop, a strict-mode warning) would leave a site
    half made or empty. Build beside it instead, and publish only a build that succeeded:
    like `planpress build`, every way to build keeps the last good site whole."""
    if _build.command not in ("build", "gh-deploy"):
        return
    target = Path(config.site_dir).resolve()
    _build.publish_to = target
    _build.building = new_build_folder(target)
    config.site_dir = str(_build.building)


def _publish(config: MkDocsConfig) -> None:
    building, target = _build.building, _build.publish_to
    if building is None or target is None:
        return
    if config.strict and _strict_warnings():
        return  # MkDocs stops the build next: on_shutdown drops what was made
    replace_site(building, target)
    _build.building = None
    config.site_dir = str(target)  # for gh-deploy, which publishes config.site_dir next


def _strict_warnings() -> bool:
    """Whether MkDocs has counted a warning in strict mode, which makes it stop after `on_post_build`."""
    from mkdocs.utils import CountHandler

    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def _discard_scratch() -> None:
    building, _build.building = _build.building, None
    if building is not None:
        shutil.rmtree(building, ignore_errors=True)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    settings = _settings(config)
    try:
        gate = gate_settings(settings)
    except SettingsError as error:
        for problem in error.problems:
            log.error(f"{Path(config.config_file_path).name}: {problem}")
        raise Abort(SETTINGS_FAILED) from None
    custom_dir = config.theme.custom_dir
    folders = SiteFolders(
        root,
        root / str(settings.get("plans", "plans")),
        root / str(settings.get("easyread", "easyread")),
        Path(custom_dir) if custom_dir else root / "overrides",
    )
    try:
        content = prepare_site(folders, gate, config.use_directory_urls, config.site_url, config.site_name)
    except SourceError as error:
        for source_problem in error.problems:
            log.error(str(source_problem))
        count = len(error.problems)
        raise Abort(sources_failed(count)) from None
    _build.content, _build.root, _build.site = content, root, gate.site
    _build.generated = {p.path: p for p in content.pages}
    _build_aside(config)
    easy_read = root / str(settings.get("easy_read_config", EASY_READ_CONFIG))
    _build.easy_read_config = easy_read if gate.site == "standard" and easy_read.is_file() else None
    _build.easy_read_job = None
    if _build.easy_read_config is not None and parallel_builds():
        # Built by a second process while this one builds the standard site.
        _build.easy_read_job = start_easy_read_build(
            _build.easy_read_config, bool(config.strict), Path(config.site_dir)
        )
    config.nav = expand_nav(config.nav, content.pages)
    config.extra_css = [f"{ASSETS_FOLDER}/{name}" for name in STYLESHEETS[gate.site]] + [
        c for c in config.extra_css if not c.startswith(ASSETS_FOLDER)
    ]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    content = _build.content
    assert content is not None
    # Page templates in overrides/ are for planpress, not files of the site.
    for file in [f for f in files if f.src_uri.endswith(".jinja") and not f.is_documentation_page()]:
        files.remove(file)
    for page in content.pages:
        if files.get_file_from_path(page.path) is not None:
            raise Abort(
                f"planpress: {config.docs_dir}/{page.path} is a hand-written page where planpress puts a "
                "generated one: rename or remove it"
            )
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
    for asset in content.assets:
        if asset.source is not None:
            files.append(File.generated(config, asset.path, abs_src_path=str(asset.source)))
        else:
            files.append(File.generated(config, asset.path, content=asset.data()))
    stylesheets = package_files("planpress.pages") / "assets"
    for name in STYLESHEETS[_build.site]:
        files.append(
            File.generated(config, f"{ASSETS_FOLDER}/{name}", content=(stylesheets / name).read_bytes())
        )
    return files


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    content = _build.content
    if content is not None and content.gate is not None:
        generated = _build.generated.get(page.file.src_uri)
        if generated is not None:
            content.gate.check_page(html, page.url, page.title or "", generated.source)
        else:
            source = markdown_source(Path(config.docs_dir), page.file.src_uri, _build.root)
            content.gate.check_page(html, page.url, page.title or "", source, page.file.content_string)
    return mark_repeated_abbreviations(html)


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    return repair_theme_html(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return repair_theme_html(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config: MkDocsConfig) -> None:
    # The standard site brings its easy read site along: one build, one serve, both sites.
    job, _build.easy_read_job = _build.easy_read_job, None
    if job is not None:
        finish_easy_read_build(job, Path(config.site_dir))
    elif _build.site == "standard" and _build.easy_read_config is not None:
        build_easy_read_inside(config, _build.easy_read_config)
    _publish(config)


def on_build_error(error: Exception) -> None:
    job, _build.easy_read_job = _build.easy_read_job, None
    if job is not None:
        discard_easy_read_build(job)
    _discard_scratch()


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    content = _build.content
    if content is None or content.gate is None:
        return env
    verdict = content.gate.verdict()
    record_verdict(verdict)
    # A passing build shows what needs doing per file and rule; each finding's own line
    # shows with --verbose (and in `planpress check`). A failing one lists them all.
    detail = FINDING_DETAIL if verdict.passed else logging.WARNING
    for line in verdict.lines(accepted=False):
        findings_log.log(detail, line)
    if verdict.passed and verdict.report.findings():
        for line in verdict.by_file_and_rule():
            findings_log.warning(line)
    findings_log.warning(verdict.summary())
    if not verdict.passed:
        count = len(verdict.report.errors())
        raise Abort(checks_failed(count))
    return env
