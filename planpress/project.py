"""A whole project: every plan, every easy read version, and the shared easy read library.

Everything that reads a project (the `check` command, the site builds) loads it here, so
all of them see the same problems, and every problem in every file is reported together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planpress.easyread.sources import (
    PICTURES_FOLDER,
    EasyReadLibrary,
    LoadedEasyRead,
    load_easyread,
    load_library,
)
from planpress.plan.files import source_files
from planpress.plan.load import LoadedPlan, find_plan_files, load_plan
from planpress.plan.model import MAX_ID_LENGTH
from planpress.plan.source import Problem, SourceError, display_name
from planpress.plan.validation import sort_problems
from planpress.plan.versions import PlanFamily, plan_families

LIBRARY_FILES = {"words.yml", "pictures.yml"}


class Loader:
    """How a project's files are read: each on its own, as `planpress check` does."""

    def plan(self, path: Path, name: str | None, folder: Path | None) -> LoadedPlan:
        return load_plan(path, name, folder)

    def library(self, folder: Path, root: Path | None) -> EasyReadLibrary:
        return load_library(folder, root)

    def easyread(
        self,
        path: Path,
        library: EasyReadLibrary,
        plans: Mapping[str, LoadedPlan],
        root: Path | None,
        versions: Mapping[tuple[str, str], LoadedPlan],
    ) -> LoadedEasyRead:
        return load_easyread(path, library, plans, root, versions)


@dataclass(frozen=True)
class Project:
    """Everything a site is built from, all of it valid."""

    plans: list[LoadedPlan]
    """Every version of every plan."""
    easyread: list[LoadedEasyRead]
    library: EasyReadLibrary | None
    families: list[PlanFamily] = field(default_factory=list)
    """The plans by slug, each with its versions and its live version."""

    def __post_init__(self) -> None:
        if not self.families:
            self.families.extend(plan_families(self.plans))

    def easyread_for(self, plan: LoadedPlan) -> LoadedEasyRead | None:
        """The easy read version of this version of a plan, if it has one."""
        return next((e for e in self.easyread if e.plan is plan), None)


VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
RESERVED_VERSIONS = frozenset(
    {
        "index",
        "themes",
        "principles",
        "outcomes",
        "grid",
        "measures",
        "risks",
        "tables",
        "glossary",
        "readability",
        "changes",
        "plan.json",
    }
)
"""Names of a plan's own pages: a version is published at `/plans/<slug>/<version>/` beside them."""


def load_plans(
    files: list[Path], root: Path | None = None, folder: Path | None = None, loader: Loader | None = None
) -> tuple[list[LoadedPlan], list[Problem]]:
    """Load every plan file, collecting all problems; each slug and version once.

    A plan can have several versions, each a file with the same slug and its own
    `version:`; each is published at its own address, so one slug and version in two
    files would publish over each other. Files are named relative to `root` in messages;
    `folder` is the plans folder, which every file a plan names must be inside.
    """
    loader = loader or Loader()
    loaded: list[LoadedPlan] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded.append(loader.plan(file, display_name(file, root), folder))
        except SourceError as error:
            problems.extend(error.problems)
    owners: dict[tuple[str, str], LoadedPlan] = {}
    for item in loaded:
        plan = item.plan
        key = (plan.slug, plan.version)
        if (
            not VERSION_NAME.match(plan.version)
            or plan.version in RESERVED_VERSIONS
            or len(plan.version) > MAX_ID_LENGTH
        ):
            problems.append(
                Problem(
                    item.source.value(("version",)),
                    f"'{plan.version}' cannot be a version: it is part of the version's web address, "
                    f"so use up to {MAX_ID_LENGTH} letters, digits, dots and dashes, such as 2021-03",
                    "version",
                )
            )
        if key in owners:
            problems.append(
                Problem(
                    item.source.value(("version",)),
                    f"plan '{plan.slug}' version '{plan.version}' is also in {owners[key].source.file}: "
                    "give each version of a plan its own `version:`",
                    "version",
                )
            )
        owners.setdefault(key, item)
    return loaded, problems


def load_easyread_folder(
    folder: Path, plans: list[LoadedPlan], root: Path | None = None, loader: Loader | None = None
) -> tuple[EasyReadLibrary | None, list[LoadedEasyRead], list[Problem]]:
    """The library and every easy read version in `folder`, checked against `plans`."""
    loader = loader or Loader()
    try:
        library = loader.library(folder, root)
    except SourceError as error:
        return None, [], error.problems
    families = {f.slug: f for f in plan_families(plans)}
    live = {slug: f.live for slug, f in families.items()}
    every = {(p.plan.slug, p.plan.version): p for p in plans}
    versions: list[LoadedEasyRead] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    for file in source_files(folder, frozenset({".yml"})):
        if (file.parent == folder and file.name in LIBRARY_FILES) or PICTURES_FOLDER in file.relative_to(
            folder
        ).parts:
            continue
        try:
            version = loader.easyread(file, library, live, root, every)
        except SourceError as error:
            problems.extend(error.problems)
            continue
        key = (version.plan.plan.slug, version.plan.plan.version)
        if key in seen:
            problems.append(
                Problem(
                    version.source.value(("plan",)),
                    f"version '{key[1]}' of plan '{key[0]}' already has an easy read version in {seen[key]}",
                    "plan",
                )
            )
            continue
        seen[key] = version.source.file
        if version.version.what_is_new and families[key[0]].previous(version.plan) is None:
            problems.append(
                Problem(
                    version.source.key(("what_is_new",)),
                    "these points go on 'What is new in this plan', which is only made when the plan has "
                    "an earlier version: this one has none, so nobody would see them. Remove "
                    "`what_is_new:`, or add the plan's earlier version to plans/",
                    "what_is_new",
                )
            )
            continue
        versions.append(version)
    return library, versions, problems


def load_project(
    plans_dir: Path, easyread_dir: Path | None, root: Path | None = None, loader: Loader | None = None
) -> Project:
    """Load and check everything; raise `SourceError` with every problem in every file.

    `root` is the project folder: files are named relative to it in messages and reports.
    `loader` reads each file (`planpress.rebuilds.Rebuilds` takes back unchanged ones).
    """
    if not plans_dir.is_dir():
        raise SourceError([Problem.about_file(plans_dir, "the plans folder does not exist")])
    plans, problems = load_plans(find_plan_files([plans_dir]), root, plans_dir, loader)
    library: EasyReadLibrary | None = None
    versions: list[LoadedEasyRead] = []
    if easyread_dir is not None and easyread_dir.is_dir():
        library, versions, more = load_easyread_folder(easyread_dir, plans, root, loader)
        problems += more
    if problems:
        raise SourceError(sort_problems(problems))
    return Project(plans, versions, library)
