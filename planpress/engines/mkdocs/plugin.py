"""The `planpress` MkDocs plugin: a thin adapter over `planpress.site` and `planpress.checks`.

`on_config` reads the settings (`planpress.settings`), loads the whole project (all
problems at once; each logged as one line, `file:line:col: path: message`, then the build
stops without a traceback), checks it and renders its pages; `on_files` adds them as
generated files (nothing is written into `docs/`); `on_page_content` checks each page's
HTML once; `on_env`, before anything is written, lists what the checks found and stops
the build if they found errors; `on_post_page` and `on_post_template` repair the theme's
own markup (`planpress.engines.material`); `on_post_build` brings the easy read site
along. Everything a build knows is on the plugin instance, which MkDocs makes anew each
time it loads mkdocs.yml: one build, one instance. `planpress serve` gives it a
`preview` (`preview.py`): then it builds into the served folder and makes again only the
pages an edit changed.

In mkdocs.yml (planpress's own settings are in `extra.planpress`, see `planpress.settings`):

    plugins:
      - search
      - planpress:
          parallel: true   # false: build the easy read site after the standard one, in this process
"""

from __future__ import annotations

import logging
import shutil
from importlib.resources import files as package_files
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from planpress.checks.gate import FINDING_DETAIL, FINDINGS_LOGGER, Verdict, markdown_source
from planpress.checks.rules import SettingsError
from planpress.engines.material import repair_theme_html
from planpress.engines.mkdocs.build import (
    PLANPRESS_LOGGER,
    EasyReadJob,
    build_easy_read_inside,
    discard_easy_read_build,
    finish_easy_read_build,
    parallel_builds,
    start_easy_read_build,
    start_easy_read_preview,
    wait_for_easy_read,
)
from planpress.engines.mkdocs.preview import SiteBuild, SitePreview
from planpress.pages.easyread import Asset
from planpress.pages.markup import mark_repeated_abbreviations
from planpress.pages.render import Page, packed, unpacked
from planpress.plan.source import SourceError
from planpress.publish import new_build_folder, replace_site
from planpress.settings import Settings, project_settings
from planpress.site import (
    ASSETS_FOLDER,
    SETTINGS_FAILED,
    STYLESHEETS,
    SiteContent,
    checks_failed,
    expand_nav,
    prepare_site,
    sources_failed,
)

log = logging.getLogger(PLANPRESS_LOGGER)
findings_log = logging.getLogger(FINDINGS_LOGGER)


class PlanpressConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's own options: how MkDocs builds, not what is built."""

    parallel = c.Type(bool, default=True)
    """Build the easy read site in a second process while this one builds the standard site
    (on a machine with more than one core)."""


class PlanpressPlugin(BasePlugin[PlanpressConfig]):  # type: ignore[no-untyped-call]
    """Both sites' build, from `on_config` to `on_post_build`, with its state on the instance."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.content: SiteContent | None = None
        self.generated: dict[str, Page] = {}
        self.easy_read_job: EasyReadJob | None = None
        self.verdicts: list[Verdict] = []
        """What the checks of this build found: this site's, then its easy read site's."""
        self.aside = True
        """Build beside `site_dir` and publish a good build whole (see `_build_aside`);
        planpress's own builds choose their folders, and set it to False."""
        self.publish_to: Path | None = None
        """Where a build by MkDocs' own command goes once it has succeeded; it is made beside it."""
        self.building: Path | None = None
        self.preview: SitePreview | None = None
        """Set by `planpress serve` before it builds: the site is a preview, rebuilt where an edit changed it."""
        self.preview_build: SiteBuild | None = None
        self.files: Files | None = None
        self.packed_html: dict[str, bytes] = {}
        """Each page's HTML from when MkDocs makes it until it writes the page (`on_page_content`)."""

    # --- MkDocs' own commands build beside site/ too -------------------------------------
    #
    # No `on_startup` or `on_shutdown` here: MkDocs keeps a plugin that has them for every
    # later build in the process, and a build's state must not outlive it.

    def _build_aside(self, config: MkDocsConfig) -> None:
        """`mkdocs build` empties `site/` before it starts and writes into it page by page, so
        a build that fails (a plan the checks stop, a strict-mode warning) would leave a site
        half made or empty. Build beside it instead, and publish only a build that succeeded:
        like `planpress build`, every way to build keeps the last good site whole."""
        if not self.aside:
            return
        target = Path(config.site_dir).resolve()
        self.publish_to = target
        self.building = new_build_folder(target)
        config.site_dir = str(self.building)

    def _publish(self, config: MkDocsConfig) -> None:
        building, target = self.building, self.publish_to
        if building is None or target is None:
            return
        if config.strict and _strict_warnings():
            return  # MkDocs stops the build next: on_build_error drops what was made
        replace_site(building, target)
        self.building = None
        config.site_dir = str(target)  # for gh-deploy, which publishes config.site_dir next

    def _discard_scratch(self) -> None:
        building, self.building = self.building, None
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)

    # --- the pipeline -------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        custom_dir = config.theme.custom_dir
        try:
            settings = project_settings(config, root, overrides=Path(custom_dir) if custom_dir else None)
        except SettingsError as error:
            for problem in error.problems:
                log.error(f"{Path(config.config_file_path).name}: {problem}")
            raise Abort(SETTINGS_FAILED) from None
        gate = settings.gate
        self.easy_read_job = None
        easy_read = self.preview.easy_read if self.preview is not None else None
        if self.preview is None:
            self._build_aside(config)
        if settings.easy_read_config is not None and self._parallel():
            # Built by a second process while this one prepares and builds the standard site.
            strict = bool(config.strict)
            if self.preview is None:
                self.easy_read_job = start_easy_read_build(
                    settings.easy_read_config, strict, Path(config.site_dir)
                )
            elif easy_read is not None:  # `planpress serve`: rebuilt in its own folder
                self.easy_read_job = start_easy_read_preview(settings.easy_read_config, strict, easy_read)
        try:
            content = prepare_site(
                settings.folders,
                gate,
                config.use_directory_urls,
                config.site_url,
                config.site_name,
                rebuilds=self.preview.rebuilds if self.preview is not None else None,
            )
        except SourceError as error:
            for source_problem in error.problems:
                log.error(str(source_problem))
            raise Abort(sources_failed(len(error.problems))) from None
        self.settings, self.content = settings, content
        self.generated = {p.path: p for p in content.pages}
        config.nav = expand_nav(config.nav, content.pages)
        if self.preview is not None:
            paths = {p.path for p in content.pages} | {a.path for a in content.assets}
            paths |= {f"{ASSETS_FOLDER}/{name}" for name in STYLESHEETS[gate.site]}
            self.preview_build = self.preview.start(config, config.nav, frozenset(paths))
        config.extra_css = [f"{ASSETS_FOLDER}/{name}" for name in STYLESHEETS[gate.site]] + [
            css for css in config.extra_css if not css.startswith(ASSETS_FOLDER)
        ]
        return config

    def _parallel(self) -> bool:
        """Whether a second process builds the easy read site while this one builds the standard one."""
        return self.config.parallel and parallel_builds()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        content, settings = self.content, self.settings
        assert content is not None and settings is not None
        # Page templates in overrides/ are for planpress, not files of the site.
        for file in [f for f in files if f.src_uri.endswith(".jinja") and not f.is_documentation_page()]:
            files.remove(file)
        for page in content.pages:
            if files.get_file_from_path(page.path) is not None:
                raise Abort(
                    f"planpress: {config.docs_dir}/{page.path} is a hand-written page where planpress puts "
                    "a generated one: rename or remove it"
                )
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(self._generated(config, page.path, page, None, inclusion))
        for asset in content.assets:
            files.append(
                self._generated(config, asset.path, asset if asset.source is None else None, asset.source)
            )
        stylesheets = package_files("planpress.pages") / "assets"
        for name in STYLESHEETS[settings.gate.site]:
            data = (stylesheets / name).read_bytes()
            files.append(self._generated(config, f"{ASSETS_FOLDER}/{name}", data, None))
        return files

    def _generated(
        self,
        config: MkDocsConfig,
        path: str,
        data: bytes | Page | Asset | None,
        source: Path | None,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> File:
        """A file planpress made (a page, an asset it made, bytes) or copies from `source`;
        in a preview, one that says whether it changed since the last good build."""
        if data is not None:
            file = _Generated.generated(config, path, content=b"", inclusion=inclusion)
            assert isinstance(file, _Generated)
            file.made = data
        else:
            file = _Generated.generated(config, path, abs_src_path=str(source), inclusion=inclusion)
            assert isinstance(file, _Generated)
        if self.preview_build is not None:
            # What planpress made, by its packed bytes: the same content packs the same.
            kept = (
                data.packed_markdown
                if isinstance(data, Page)
                else data.packed_content
                if isinstance(data, Asset)
                else data
            )
            file.changed = self.preview_build.changed(path, kept, source)
        return file

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.preview_build is not None:
            self.preview_build.keep_titles(files)
        return nav

    @event_priority(-100)  # last: other plugins see the page's HTML before it is packed
    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        content, settings = self.content, self.settings
        if content is not None and content.gate is not None and settings is not None:
            generated = self.generated.get(page.file.src_uri)
            if generated is not None:
                found = content.gate.check_page(html, page.url, page.title or "", generated.source)
            else:
                source = markdown_source(Path(config.docs_dir), page.file.src_uri, settings.folders.root)
                found = content.gate.check_page(
                    html, page.url, page.title or "", source, page.file.content_string
                )
            if self.preview_build is not None:
                self.preview_build.page_checked(page.url, found)
        elif self.preview_build is not None:
            self.preview_build.page_checked(page.url, None)
        # MkDocs makes every page's HTML before it writes the first: keep it packed until
        # then (`on_page_context`), and the Markdown it came from not at all.
        self.packed_html[page.file.src_uri] = packed(mark_repeated_abbreviations(html))
        page.markdown = ""  # not None: MkDocs gives a page with no Markdown no title
        return ""

    @event_priority(100)  # first: the search plugin and the theme read the page's HTML
    def on_page_context(
        self, context: TemplateContext, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        kept = self.packed_html.pop(page.file.src_uri, None)
        if kept is not None:
            page.content = unpacked(kept)
        return context

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        content = self.content
        self.files = files
        if self.preview is not None:
            env.bytecode_cache = self.preview.rebuilds.templates
        if content is None or content.gate is None:
            return env
        if self.preview_build is not None:
            for found in self.preview_build.kept_findings():
                content.gate.add(found)
        verdict = content.gate.verdict()
        self.verdicts.append(verdict)
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
            raise Abort(checks_failed(len(verdict.report.errors())))
        return env

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        page.content = None  # written: its HTML is not needed again
        return repair_theme_html(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return repair_theme_html(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        # The standard site brings its easy read site along: one build, one serve, both sites.
        if self.preview_build is not None:
            self._finish_preview(config)
            return
        job, self.easy_read_job = self.easy_read_job, None
        easy_read = self.settings.easy_read_config if self.settings is not None else None
        if job is not None:
            finish_easy_read_build(job, Path(config.site_dir), self.verdicts)
        elif easy_read is not None:
            build_easy_read_inside(config, easy_read, self.verdicts)
        self._publish(config)

    def _finish_preview(self, config: MkDocsConfig) -> None:
        """The easy read site of the preview too, then this site into its place."""
        assert self.preview is not None and self.preview_build is not None and self.files is not None
        job, self.easy_read_job = self.easy_read_job, None
        easy_read = self.preview.easy_read
        easy_read_config = self.settings.easy_read_config if self.settings is not None else None
        if job is not None:
            wait_for_easy_read(job, self.verdicts)
        elif easy_read is not None and easy_read_config is not None:
            build_easy_read_inside(config, easy_read_config, self.verdicts, easy_read)
        if easy_read is not None:
            easy_read.full = False
        self.preview_build.finish(config, self.files)
        self.preview_build = None

    def on_build_error(self, error: Exception) -> None:
        if self.preview_build is not None:
            self.preview_build.discard()
            self.preview_build = None
        job, self.easy_read_job = self.easy_read_job, None
        if job is not None and self.preview is not None:
            job.result()  # the easy read preview's folder is served: the worker keeps it whole
        elif job is not None:
            discard_easy_read_build(job)
        self._discard_scratch()


class _Generated(File):
    """A generated file; in a preview's dirty build, made again only if it `changed`. What
    planpress `made` is unpacked only when MkDocs reads or writes it."""

    changed = True
    made: bytes | Page | Asset | None = None

    @property
    def _content(self) -> str | bytes | None:
        made = self.made
        if isinstance(made, Page):
            return made.markdown
        return made.data() if isinstance(made, Asset) else made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self.made = value.encode("utf-8") if isinstance(value, str) else value

    def is_modified(self) -> bool:
        return self.changed


def _strict_warnings() -> bool:
    """Whether MkDocs has counted a warning in strict mode, which makes it stop after `on_post_build`."""
    from mkdocs.utils import CountHandler

    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
