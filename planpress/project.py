"""A whole project: every plan, every easy read version, and the shared easy read library.

Everything that reads a project (the `check` command, the site builds) loads it here, so
all of them see the same problems, and every problem in every file is reported together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planpress.easyread import EasyReadLibrary, LoadedEasyRead, load_easyread, load_library
from planpress.load import LoadedPlan, find_plan_files, load_plan
from planpress.source import Problem, SourceError, display_name
from planpress.validation import sort_problems

LIBRARY_FILES = {"words.yml", "pictures.yml"}


@dataclass(frozen=True)
class Project:
    """Everything a site is built from, all of it valid."""

    plans: list[LoadedPlan]
    easyread: list[LoadedEasyRead]
    library: EasyReadLibrary | None

    def easyread_for(self, slug: str) -> LoadedEasyRead | None:
        return next((e for e in self.easyread if e.plan.plan.slug == slug), None)


def load_plans(files: list[Path], root: Path | None = None) -> tuple[list[LoadedPlan], list[Problem]]:
    """Load every plan file, collecting all problems; each slug once.

    A slug is the plan's web address: two files with one slug would publish over each
    other. Files are named relative to `root` in messages.
    """
    loaded: list[LoadedPlan] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded.append(load_plan(file, display_name(file, root)))
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
    return loaded, problems


def load_easyread_folder(
    folder: Path, plans: list[LoadedPlan], root: Path | None = None
) -> tuple[EasyReadLibrary | None, list[LoadedEasyRead], list[Problem]]:
    """The library and every easy read version in `folder`, checked against `plans`."""
    try:
        library = load_library(folder, root)
    except SourceError as error:
        return None, [], error.problems
    by_slug = {p.plan.slug: p for p in plans}
    versions: list[LoadedEasyRead] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file in sorted(folder.glob("*.yml")):
        if file.name in LIBRARY_FILES:
            continue
        try:
            version = load_easyread(file, library, by_slug, root)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        slug = version.version.plan
        if slug in seen:
            problems.append(
                Problem(
                    version.source.value(("plan",)),
                    f"plan '{slug}' already has an easy read version in {seen[slug]}",
                    "plan",
                )
            )
            continue
        seen[slug] = version.source.file
        versions.append(version)
    return library, versions, problems


def load_project(plans_dir: Path, easyread_dir: Path | None, root: Path | None = None) -> Project:
    """Load and check everything; raise `SourceError` with every problem in every file.

    `root` is the project folder: files are named relative to it in messages and reports.
    """
    if not plans_dir.is_dir():
        raise SourceError([Problem.about_file(plans_dir, "the plans folder does not exist")])
    plans, problems = load_plans(find_plan_files([plans_dir]), root)
    library: EasyReadLibrary | None = None
    versions: list[LoadedEasyRead] = []
    if easyread_dir is not None and easyread_dir.is_dir():
        library, versions, more = load_easyread_folder(easyread_dir, plans, root)
        problems += more
    if problems:
        raise SourceError(sort_problems(problems))
    return Project(plans, versions, library)
