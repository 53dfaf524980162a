"""`planpress serve` with MkDocs: each rebuild writes only the pages an edit changed.

A site of the preview is built into the folder it is served from. Its first build, and
any build after a change to the settings, templates or hand-written pages, or one that
changes the menu or the set of pages, makes everything into a new folder and puts it in
place whole. Any other build is MkDocs' "dirty" build, told exactly which files changed:
each generated page and file is compared (by a hash) with what the last good build
wrote, and only the changed ones are made again; the pages left alone keep their titles
(for their neighbours' links), their findings (for the checks' verdict) and their
entries in the search index. A failed build writes nothing and keeps nothing, so the
last good site stays up and the next build compares with it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planpress.checks.run import Report
from planpress.pages.easyread import EASY_READ_FOLDER
from planpress.preview import Echo
from planpress.publish import BuildResult, new_build_folder, replace_site
from planpress.rebuilds import Rebuilds

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

SEARCH_INDEX = "search/search_index.json"
"""Where the search plugin writes the index, which a dirty build would fill with the pages it made only."""


@dataclass
class SitePreview:
    """One site of a preview: the folder it is served from, and what its last good build left there."""

    folder: Path
    rebuilds: Rebuilds = field(default_factory=Rebuilds)
    full: bool = True
    """The next build makes everything: the first one, and after a change that reaches every page."""
    written: dict[str, str] = field(default_factory=dict)
    """Each generated file the last good build wrote, with a hash of what it wrote."""
    nav: Any = None
    titles: dict[str, str] = field(default_factory=dict)
    """Each page's title, by its source file: a page built again links to its neighbours by title."""
    findings: dict[str, Report] = field(default_factory=dict)
    """What the checks of the built pages found, by page address."""
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """The search index's entries, by page address."""
    easy_read: SitePreview | None = None
    """The easy read site's preview, which the standard site's build brings along."""

    def start(self, config: MkDocsConfig, nav: Any, paths: frozenset[str]) -> SiteBuild:
        """This build: dirty into the served folder, or whole into a new one beside it."""
        incremental = not self.full and nav == self.nav and paths == frozenset(self.written)
        building = None
        if not incremental:
            building = new_build_folder(self.folder)
            config.site_dir = str(building)
        else:
            config.site_dir = str(self.folder)
        return SiteBuild(self, incremental, nav, building)


@dataclass
class SiteBuild:
    """One build of a previewed site, from the plugin's `on_config` to its `on_post_build`."""

    preview: SitePreview
    incremental: bool
    nav: Any
    building: Path | None
    """The new folder of a whole build, which replaces the served one when it succeeds."""
    digests: dict[str, str] = field(default_factory=dict)
    built: set[str] = field(default_factory=set)
    """The addresses of the pages made again."""
    found: dict[str, Report] = field(default_factory=dict)

    def changed(self, path: str, data: str | bytes | None, source: Path | None) -> bool:
        """Whether the generated file at `path` differs from what the last good build wrote."""
        if data is not None:
            digest = hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
        else:
            assert source is not None
            stat = source.stat()
            digest = f"{source}:{stat.st_size}:{stat.st_mtime_ns}"
        self.digests[path] = digest
        return not self.incremental or self.preview.written.get(path) != digest

    def keep_titles(self, files: Files) -> None:
        """Pages left alone are not read, so MkDocs would not know their titles: give them
        those of the last build, which made them from the same source."""
        if not self.incremental:
            return
        for file in files.documentation_pages():
            title = self.preview.titles.get(file.src_uri)
            if file.page is not None and title is not None and not file.is_modified():
                file.page.title = title

    def page_checked(self, url: str, found: Report | None) -> None:
        self.built.add(url)
        if found is not None:
            self.found[url] = found

    def kept_findings(self) -> list[Report]:
        """What the checks found last time in the pages left alone."""
        if not self.incremental:
            return []
        return [found for url, found in self.preview.findings.items() if url not in self.built]

    def finish(self, config: MkDocsConfig, files: Files) -> None:
        """The build succeeded: complete its search index, put it in place, and keep what the next one compares with."""
        preview = self.preview
        site = Path(config.site_dir)
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        index = site / SEARCH_INDEX
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            made: dict[str, list[dict[str, Any]]] = {}
            for entry in data["docs"]:
                made.setdefault(str(entry["location"]).split("#")[0], []).append(entry)
            kept = preview.search if self.incremental else {}
            search = {
                page.url: made.get(page.url, []) if page.url in self.built else kept.get(page.url, [])
                for page in pages
            }
            if self.incremental:
                data["docs"] = [entry for entries in search.values() for entry in entries]
                index.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
            preview.search = search
        titles = dict(preview.titles) if self.incremental else {}
        titles.update((page.file.src_uri, page.title) for page in pages if page.title is not None)
        if self.building is not None:
            replace_site(self.building, preview.folder)
            self.building = None
        config.site_dir = str(preview.folder)
        findings = {**preview.findings, **self.found} if self.incremental else dict(self.found)
        preview.written, preview.nav, preview.titles, preview.findings = (
            self.digests,
            self.nav,
            titles,
            findings,
        )
        preview.full = False
        preview.rebuilds.builds += 1

    def discard(self) -> None:
        """The build failed: drop a whole build's folder; the served one is as it was."""
        if self.building is not None:
            shutil.rmtree(self.building, ignore_errors=True)
            self.building = None


SOURCES = ("plans", "easyread")
"""Folders whose files reach only the pages made from them: a change there is compared page by page."""
PAGES = ("docs",)
"""Hand-written pages: a change there remakes every page (the menu may change), with what is kept."""


class MkDocsPreview:
    """Both sites of a preview, each in its own folder, rebuilt where an edit changed them."""

    def __init__(self, config_file: Path, folder: Path) -> None:
        self.config_file = config_file
        self.standard = folder / "site"
        self.easy_read = folder / EASY_READ_FOLDER
        self.site = self._new()

    def _new(self) -> SitePreview:
        return SitePreview(self.standard, easy_read=SitePreview(self.easy_read))

    def build(self, changed: frozenset[Path], echo: Echo) -> BuildResult:
        from planpress.engines.mkdocs.build import build_preview, mkdocs_logging

        reaches = {_reach(self.config_file.parent, path) for path in changed}
        if "settings" in reaches:  # mkdocs.yml, the easy read site's settings, the templates
            self.site = self._new()
        elif "pages" in reaches:
            self.site.full = True
            if self.site.easy_read is not None:
                self.site.easy_read.full = True
        start = time.monotonic()
        with mkdocs_logging(echo, logging.WARNING) as handler:
            verdicts = build_preview(self.config_file, self.site)
        pages = sum(1 for _ in self.standard.rglob("index.html")) + sum(
            1 for _ in self.easy_read.rglob("index.html")
        )
        return BuildResult(self.standard, time.monotonic() - start, pages, handler.warnings, "", verdicts)


def _reach(root: Path, path: Path) -> str:
    """What a change to `path` reaches: `sources` (the pages made from it), `pages`, or `settings` (everything)."""
    parts = path.relative_to(root).parts if path.is_relative_to(root) else ()
    if parts and parts[0] in SOURCES:
        return "sources"
    if parts and parts[0] in PAGES:
        return "pages"
    return "settings"
