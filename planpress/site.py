"""The standard site's pages from a project folder, for any engine.

MkDocs adds these pages in a hook (`hooks/planpress_hooks.py`); an engine that runs no
hooks (Zensical) gets them written to a folder by `write_pages` before it starts. Both
share everything here: loading every plan with all its problems reported at once, the
pages, and the menu entries for them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from planpress.load import LoadedPlan, find_plan_files, load_plan
from planpress.project import load_easyread_folder
from planpress.render import Page, make_environment, render_index_page, render_plan_pages
from planpress.source import Problem, SourceError
from planpress.validation import sort_problems
from planpress.views import PLANS_FOLDER, PlanLayout, plan_order

INDEX_PATH = f"{PLANS_FOLDER}/index.md"
MANIFEST = ".planpress-pages"
"""In a folder `write_pages` fills: the pages it wrote last time, so stale ones go."""


def load_site_plans(plans_dir: Path, root: Path | None = None) -> list[LoadedPlan]:
    """Every plan in `plans_dir`, named relative to `root` in messages and `data-pp-source`.

    Raises `SourceError` with every problem in every file. Each slug once: a slug is the
    plan's web address, so two files with one slug would publish over each other.
    """
    if not plans_dir.is_dir():
        raise SourceError([Problem.about_file(plans_dir, "the plans folder does not exist")])
    base = root if root is not None else plans_dir.parent
    loaded: list[LoadedPlan] = []
    problems: list[Problem] = []
    for file in find_plan_files([plans_dir]):
        try:
            loaded.append(load_plan(file, _display_name(file, base)))
        except SourceError as error:
            problems.extend(error.problems)
    owners: dict[str, LoadedPlan] = {}
    for item in loaded:
        slug = item.plan.slug
        if slug in owners:
            problems.append(
                Problem(
                    item.source.value(("slug",)),
                    f"the slug '{slug}' is also used by {owners[slug].source.file}: each plan on "
                    "the site needs its own slug (it is the plan's web address)",
                    "slug",
                )
            )
        owners.setdefault(slug, item)
    if problems:
        raise SourceError(sort_problems(problems))
    return loaded


def _display_name(file: Path, base: Path) -> str:
    try:
        return file.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(file)


def easy_read_slugs(easyread_dir: Path, plans: Sequence[LoadedPlan]) -> set[str]:
    """Plans that have a valid easy read version (its problems are the easy read build's)."""
    if not easyread_dir.is_dir():
        return set()
    _, versions, _ = load_easyread_folder(easyread_dir, list(plans))
    return {v.plan.plan.slug for v in versions}


def collect_site_pages(
    plans_dir: Path,
    override_dir: Path | None,
    *,
    root: Path | None = None,
    easy_read: Collection[str] | bool = False,
    easyread_dir: Path | None = None,
    directory_urls: bool = True,
) -> list[Page]:
    """The plans index and every page of every plan; `SourceError` lists every problem.

    `easy_read` names the plans whose overview links to their easy read version; `True`
    means every plan that has a valid version in `easyread_dir` (default: `easyread/`
    beside the plans folder).
    """
    plans = plan_order(load_site_plans(plans_dir, root))
    env = make_environment(override_dir)
    if easy_read is True:
        linked = easy_read_slugs(easyread_dir or plans_dir.parent / "easyread", plans)
    elif easy_read is False:
        linked = set()
    else:
        linked = set(easy_read)
    slugs = [p.plan.slug for p in plans]
    pages = [render_index_page(plans, env, directory_urls)]
    for loaded in plans:
        pages += render_plan_pages(
            loaded,
            env,
            easy_read=loaded.plan.slug in linked,
            plan_slugs=slugs,
            directory_urls=directory_urls,
        )
    return pages


# --- menus -------------------------------------------------------------------


def plans_nav(pages: Sequence[Page]) -> list[Any]:
    """Menu entries for the plans: the index, then a section per plan with its pages.

    The format is MkDocs' `nav` (Zensical reads the same). Each plan's overview comes
    first in its section, so with `navigation.indexes` it is the section's own page.
    """
    entries: list[Any] = []
    sections: dict[str, list[Any]] = {}
    for page in pages:
        if page.path == INDEX_PATH:
            entries.insert(0, page.path)
            continue
        parts = page.path.split("/")
        if len(parts) < 3 or parts[0] != PLANS_FOLDER:
            continue
        folder = parts[1]
        if folder not in sections:
            sections[folder] = []
            entries.append({page.title: sections[folder]})
        sections[folder].append(page.path if page.path.endswith("/index.md") else {page.title: page.path})
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


# --- writing pages to a folder (engines without hooks) -------------------------


def write_pages(pages: Sequence[Page], folder: Path) -> list[Path]:
    """Write the pages under `folder`; remove pages written last time that are gone now.

    Files whose content has not changed are left alone, so a watching server rebuilds
    only when something did change. Returns the files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.is_file() else set()
    written: list[Path] = []
    current = set()
    for page in pages:
        target = folder / page.path
        current.add(page.path)
        data = page.markdown.encode("utf-8")
        if target.is_file() and _digest(target.read_bytes()) == _digest(data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        written.append(target)
    for stale in sorted(previous - current - {""}):
        path = folder / stale
        if path.is_file():
            path.unlink()
    manifest.write_text("\n".join(sorted(current)), encoding="utf-8")
    return written


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = [
    "Page",
    "PlanLayout",
    "collect_site_pages",
    "easy_read_slugs",
    "expand_nav",
    "load_site_plans",
    "plans_nav",
    "write_pages",
]
