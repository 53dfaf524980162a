"""The pages of either site from a project folder, for any engine.

MkDocs' `planpress` plugin adds these pages as generated files; an engine that runs no
plugins (Zensical) gets them written to a folder by `write_pages` before it starts. Both
share everything here: loading the whole project with every problem reported at once,
the quality gate, the pages and pictures, and the menu entries for them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from planpress.cache import Cache, key, project_cache
from planpress.checks.gate import GateSettings, SiteGate
from planpress.easyread.sources import LoadedEasyRead
from planpress.pages.easyread import (
    EASY_READ_FOLDER,
    Asset,
    EasyReadLayout,
    easy_read_href,
    library_assets,
    render_easyread_index,
    render_easyread_pages,
    render_pictures_page,
)
from planpress.pages.escape import engine_text
from planpress.pages.feeds import FEED_PATH, JSON_NAME, atom_feed, plan_json
from planpress.pages.pdf import Printer, pdf_of
from planpress.pages.render import (
    EasyReadLink,
    Page,
    PrintDocument,
    make_environment,
    render_changes_page,
    render_index_page,
    render_plan_pages,
)
from planpress.pages.views import PLANS_FOLDER, PlanLayout, PlanPlace, page_url, plan_order
from planpress.plan.load import LoadedPlan
from planpress.plan.versions import PlanFamily
from planpress.project import Project, load_project
from planpress.rebuilds import Rebuilds, remember

INDEX_PATH = f"{PLANS_FOLDER}/index.md"
EASY_READ_CONFIG = "mkdocs.easyread.yml"
"""Beside mkdocs.yml: the easy read site, built into its folder (`easy-read/`) of the standard one."""
ASSETS_FOLDER = "assets/planpress"
"""Where each engine puts planpress's stylesheets in a site."""
STYLESHEETS = {"standard": ["planpress.css"], "easy-read": ["planpress.css", "easy-read.css"]}
"""planpress's stylesheets for each site, in the order they load."""
MANIFEST = ".planpress-pages"
"""In a folder `write_pages` fills: the pages it wrote last time, so stale ones go."""


@dataclass(frozen=True)
class SiteFolders:
    """Where a project keeps its sources; files are named relative to `root` in messages."""

    root: Path
    plans: Path
    easyread: Path
    overrides: Path | None


@dataclass
class SiteContent:
    """What one build of one site is made of: its pages, its pictures, and its checks."""

    pages: list[Page]
    assets: list[Asset]
    gate: SiteGate | None


def prepare_site(
    folders: SiteFolders,
    settings: GateSettings,
    directory_urls: bool = True,
    site_url: str | None = None,
    site_name: str = "",
    images_from_source: bool = False,
    rebuilds: Rebuilds | None = None,
) -> SiteContent:
    """Load the project (raising `SourceError` with every problem), check it, render it.

    `images_from_source`: the engine reads an image's address in a page as relative to the
    page's Markdown file (Zensical), not to the built page (MkDocs). `rebuilds`: what a
    preview kept from its last rebuild, taken back where the sources are unchanged.

    The standard site's text is checked before its pages are made, because each plan's
    "How readable is this plan" page shows what the checks found.
    """
    project = load_project(folders.plans, folders.easyread, folders.root, rebuilds)
    cache = project_cache(folders.root)
    if rebuilds is None or not rebuilds.builds:
        cache.prune()
    env = make_environment(folders.overrides, rebuilds.templates if rebuilds is not None else None)
    gate = SiteGate(settings, directory_urls, cache=cache, rebuilds=rebuilds) if settings.enabled else None
    if settings.site == "easy-read":
        return _easy_read_site(project, env, gate, directory_urls, images_from_source, cache, rebuilds)
    if gate is not None:
        gate.check_plans(project.families)
    templates = _templates_digest(folders.overrides)
    pages = standard_pages(
        project, env, gate, directory_urls, site_url, images_from_source, rebuilds, cache, templates
    )
    assets = []
    for family in project.families:
        assets += remember(
            rebuilds, f"assets:{family.slug}", (), _family_inputs(family), partial(_family_assets, family)
        )
    assets.append(Asset(FEED_PATH, content=atom_feed(project.families, site_name, site_url, directory_urls)))
    return SiteContent(pages, assets + printed(pages, cache, rebuilds), gate)


def _family_assets(family: PlanFamily) -> list[Asset]:
    """Each published version's JSON, related documents and figures."""
    assets = []
    for loaded, folder in _published(family):
        assets.append(Asset(f"{folder}/{JSON_NAME}", content=plan_json(loaded.plan)))
        for document in loaded.plan.related_documents:
            if document.file:
                name = PurePosixPath(document.file).name
                assets.append(Asset(f"{folder}/files/{name}", source=loaded.document_file(document)))
        copy = folder != f"{PLANS_FOLDER}/{family.slug}"
        layout = PlanLayout(loaded.plan, version=loaded.plan.version if copy else None)
        for section in loaded.plan.sections:
            for figure in section.figures:
                assets.append(Asset(layout.figure(figure), source=loaded.figure_file(figure)))
    return assets


def _family_inputs(family: PlanFamily) -> tuple[LoadedPlan, ...]:
    """What a plan's pages are made of: its versions, the live one first."""
    return (family.live, *family.versions)


def printed(pages: Sequence[Page], cache: Cache, rebuilds: Rebuilds | None = None) -> list[Asset]:
    """The PDFs of the pages that have one (board summaries, easy read versions), each
    copied from the cache's file where it is kept (a preview's `rebuilds` know it already,
    for a page they took back)."""
    assets = []
    with Printer() as printer:
        for page in pages:
            if page.printable:
                make = partial(_pdf_of, page.printable, cache, printer)  # unpacked only if it is made
                made = remember(rebuilds, f"pdf:{page.printable.path}", (), (page,), make)
                if isinstance(made, Path) and not made.is_file():  # the cache was emptied meanwhile
                    made = make()
                path = page.printable.path
                assets.append(
                    Asset(path, source=made) if isinstance(made, Path) else Asset(path, content=made)
                )
    return assets


def _pdf_of(document: PrintDocument, cache: Cache, printer: Printer) -> Path | bytes:
    return pdf_of(document.html, document.one_page, cache, printer)


def _published(family: PlanFamily) -> list[tuple[LoadedPlan, str]]:
    """Each version's pages and where: the live one at the plan's address, then every
    version (the live one too) at its own, which never changes."""
    base = f"{PLANS_FOLDER}/{family.slug}"
    return [(family.live, base), *((v, f"{base}/{v.plan.version}") for v in family.versions)]


def standard_pages(
    project: Project,
    env: jinja2.Environment,
    gate: SiteGate | None = None,
    directory_urls: bool = True,
    site_url: str | None = None,
    images_from_source: bool = False,
    rebuilds: Rebuilds | None = None,
    cache: Cache | None = None,
    templates: str = "",
) -> list[Page]:
    """The plans index and every page of every version of every plan, each linked to its
    easy read version (`images_from_source`: see `render_site`). Each plan's pages are
    kept in `cache`, named by a hash of all they are made from (`templates`: of the
    project's own templates), and taken from it while that is unchanged."""
    by_live = {id(f.live): f for f in project.families}
    families = [by_live[id(p)] for p in plan_order([f.live for f in project.families])]
    slugs = tuple(f.slug for f in families)
    pages = [render_index_page([f.live for f in families], env, directory_urls)]
    for family in families:
        easy_read = tuple(project.easyread_for(loaded) for loaded in family.versions)
        pages += remember(
            rebuilds,
            f"pages:{family.slug}",
            slugs,
            (*_family_inputs(family), *easy_read),
            partial(
                _cached_pages,
                cache or Cache(None),
                (
                    templates,
                    json.dumps([slugs, directory_urls, site_url, images_from_source]),
                    repr(gate.checks) if gate is not None else "no checks",
                    *(part for loaded in family.versions for part in _source_parts(loaded)),
                    *(part for version in easy_read for part in _source_parts(version)),
                ),
                partial(
                    _family_pages,
                    project,
                    family,
                    env,
                    gate,
                    directory_urls,
                    site_url,
                    images_from_source,
                    slugs,
                ),
            ),
        )
    return pages


def _templates_digest(overrides: Path | None) -> str:
    """A hash of the project's own templates, by their names inside `overrides/` (so a
    copy of the project elsewhere has the same) and contents."""
    if overrides is None:
        return ""
    files = sorted(p for p in overrides.rglob("*") if p.is_file())
    return key(*(part for p in files for part in (p.relative_to(overrides).as_posix(), p.read_bytes())))


def _source_parts(loaded: LoadedPlan | LoadedEasyRead | None) -> tuple[str | bytes, ...]:
    """A source file's name and bytes, for a cache key."""
    if loaded is None:
        return ("-",)
    return (loaded.source.file, loaded.file.read_bytes())


def _cached_pages(cache: Cache, parts: tuple[str | bytes, ...], make: Callable[[], list[Page]]) -> list[Page]:
    """One plan's pages from the cache, or made now and kept there."""
    name = key("plan-pages", *parts)
    stored = cache.get("pages", name)
    pages = _pages_from(stored) if stored is not None else None
    if pages is None:
        pages = make()
        cache.put("pages", name, json.dumps([page.kept() for page in pages]).encode("utf-8"))
    return pages


def _pages_from(data: bytes) -> list[Page] | None:
    """Pages kept by `_cached_pages`, or None if the entry is not that (they are made again)."""
    try:
        return [Page.from_kept(kept) for kept in json.loads(data)]
    except (ValueError, KeyError, TypeError):
        return None


def _family_pages(
    project: Project,
    family: PlanFamily,
    env: jinja2.Environment,
    gate: SiteGate | None,
    directory_urls: bool,
    site_url: str | None,
    images_from_source: bool,
    slugs: tuple[str, ...],
) -> list[Page]:
    """Every page of every version of one plan, and its changes page."""
    pages: list[Page] = []
    live_link = None
    for loaded, folder in _published(family):
        copy = folder != f"{PLANS_FOLDER}/{family.slug}"
        version = project.easyread_for(loaded)
        link = None
        if version is not None:
            easy = EasyReadLayout.in_family(version, family, directory_urls)
            plan_layout = PlanLayout(
                loaded.plan, directory_urls, version=loaded.plan.version if copy else None
            )

            def href(path: str, easy: EasyReadLayout = easy, plan_layout: PlanLayout = plan_layout) -> str:
                return easy_read_href(easy, plan_layout, path)

            link = EasyReadLink(version.version, href)
            if not copy:
                live_link = link
        pages += render_plan_pages(
            loaded,
            env,
            easy_read=link,
            plan_slugs=list(slugs),
            directory_urls=directory_urls,
            report=gate.report if gate else None,
            place=PlanPlace(family, copy, site_url),
            images_from_source=images_from_source,
        )
    if family.has_history:
        pages.append(render_changes_page(family, env, directory_urls, site_url, live_link))
    return pages


def _easy_read_site(
    project: Project,
    env: jinja2.Environment,
    gate: SiteGate | None,
    directory_urls: bool,
    images_from_source: bool,
    cache: Cache,
    rebuilds: Rebuilds | None = None,
) -> SiteContent:
    library = project.library
    live = [v for v in project.easyread if _is_live(project, v)]
    pages = [render_easyread_index(live, env, directory_urls, library, images_from_source)]
    if library is not None:
        pictures_page = remember(
            rebuilds,
            "pictures",
            (),
            (library,),
            partial(render_pictures_page, library, env, directory_urls, images_from_source),
        )
        pages.append(pictures_page)
        if gate is not None:
            # A list for authors choosing pictures, not text for readers: no reading level.
            gate.generated.add(page_url(pictures_page.path, directory_urls))
    assets = {a.path: a for a in library_assets(library)} if library else {}
    family_of = {f.slug: f for f in project.families}
    layouts: dict[int, EasyReadLayout] = {}
    for version in project.easyread:
        if library is None:
            break
        family = family_of[version.plan.plan.slug]
        made = remember(
            rebuilds,
            f"easy-read:{version.source.file}",
            (),
            (version, library, *_family_inputs(family)),
            partial(render_easyread_pages, version, library, env, directory_urls, family, images_from_source),
        )
        pages += made.pages
        assets.update((a.path, a) for a in made.assets)
        layouts[id(version)] = made.layout
    if gate is not None:
        gate.check_easyread(project.easyread, library, layouts)
    return SiteContent(pages, list(assets.values()) + printed(pages, cache, rebuilds), gate)


def _is_live(project: Project, version: LoadedEasyRead) -> bool:
    return any(f.live is version.plan for f in project.families)


# --- what every engine says when a build stops ----------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


SETTINGS_FAILED = "planpress: the settings above in mkdocs.yml are not valid. Nothing was built."


def sources_failed(count: int) -> str:
    """Why a build stopped on the source files' problems (listed before this line)."""
    return (
        f"planpress: {_plural(count, 'problem')} in the source files, listed above. "
        "Nothing was built: fix them and build again (`planpress check` lists them too)."
    )


def checks_failed(count: int) -> str:
    """Why a build stopped on the checks' errors (listed before this line)."""
    return (
        f"planpress: {_plural(count, 'error')} found by the checks, listed above. "
        "Nothing was published: fix them, or accept one on purpose with `accept: [rule]` and `reason:`."
    )


# --- menus -------------------------------------------------------------------


def plans_nav(pages: Sequence[Page]) -> list[Any]:
    """Menu entries for the plans: the index, then a section per plan with its pages.

    The format is MkDocs' `nav` (Zensical reads the same); engines show a menu entry's
    name as HTML, so each plain-text title is escaped. Each plan's overview comes
    first in its section, so with `navigation.indexes` it is the section's own page.
    """
    entries: list[Any] = []
    sections: dict[str, list[Any]] = {}
    for page in pages:
        if not page.in_nav:
            continue
        if page.path == INDEX_PATH:
            entries.insert(0, page.path)
            continue
        parts = page.path.split("/")
        if len(parts) < 3 or parts[0] != PLANS_FOLDER:
            continue
        folder = parts[1]
        if folder not in sections:
            sections[folder] = []
            entries.append({engine_text(page.title): sections[folder]})
        sections[folder].append(
            page.path if page.path.endswith("/index.md") else {engine_text(page.title): page.path}
        )
    return entries


def expand_nav(nav: list[Any] | None, pages: Sequence[Page]) -> list[Any] | None:
    """A project's `nav` with its `plans/index.md` entry opened into every plan's pages.

    No `nav` (None): the engine builds the menu from the folders. A `nav` without the
    plans index gets a "Plans" section at the end.
    """
    if nav is None:
        return None
    plans = plans_nav(pages)
    found = False
    result: list[Any] = []
    for item in nav:
        if item == INDEX_PATH:
            result.append({"Plans": plans})
            found = True
        elif isinstance(item, dict) and len(item) == 1 and next(iter(item.values())) == INDEX_PATH:
            result.append({next(iter(item)): plans})
            found = True
        else:
            result.append(item)
    if not found:
        result.append({"Plans": plans})
    return result


# --- writing pages to a folder (engines without plugins) -------------------------


def write_pages(pages: Sequence[Page], folder: Path, assets: Sequence[Asset] = ()) -> list[Path]:
    """Write the pages (and pictures) under `folder`; remove those written last time that are gone.

    Files whose content has not changed are left alone, so a watching server rebuilds
    only when something did change. Returns the files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.is_file() else set()
    written: list[Path] = []
    current = set()
    contents = [(p.path, p.markdown.encode("utf-8")) for p in pages]
    contents += [(a.path, a.data()) for a in assets]
    for path, data in contents:
        target = _inside(folder, path)
        current.add(path)
        if target.is_file() and _digest(target.read_bytes()) == _digest(data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        written.append(target)
    for stale in sorted(previous - current - {""}):
        try:
            gone = _inside(folder, stale)
        except ValueError:  # a manifest edited by hand: never delete outside the folder
            continue
        if gone.is_file():
            gone.unlink()
    manifest.write_text("\n".join(sorted(current)), encoding="utf-8")
    return written


def _inside(folder: Path, path: str) -> Path:
    """`folder / path`, refusing any path that would write or delete outside `folder`."""
    target = folder / path
    parts = PurePosixPath(path).parts
    if (
        PurePosixPath(path).is_absolute()
        or ".." in parts
        or not target.resolve().is_relative_to(folder.resolve())
    ):
        raise ValueError(f"'{path}' is not a place inside {folder}")
    return target


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = [
    "EASY_READ_FOLDER",
    "Page",
    "SiteContent",
    "SiteFolders",
    "expand_nav",
    "plans_nav",
    "prepare_site",
    "standard_pages",
    "write_pages",
]
