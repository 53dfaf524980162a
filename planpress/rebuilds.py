"""What one process keeps between the rebuilds of a preview, so an edit costs one plan's work.

`planpress serve` rebuilds the sites each time a source changes, and an author changes one
file at a time. A `Rebuilds` remembers, in memory, what the last rebuild made from each
source: the plan it loaded from a file's bytes, the pages, files and check findings it
made of each plan, and the compiled templates; the next rebuild takes back whatever is made from the same
inputs, and does again only what an edit changed. Everything is keyed by the inputs
themselves (a file's bytes, or the very objects a page was made from), never by a time
stamp, so what is taken back is exactly what would be made again. One `Rebuilds` serves
one site's settings and templates: a preview starts a new one when mkdocs.yml or
`overrides/` changes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache

from planpress.easyread.sources import EasyReadLibrary, LoadedEasyRead, load_easyread, load_library
from planpress.plan.files import FileReferenceError
from planpress.plan.load import LoadedPlan, load_plan
from planpress.project import LIBRARY_FILES, Loader

Made = TypeVar("Made")


@dataclass
class _Plan:
    data: bytes
    loaded: LoadedPlan
    files: tuple[str, ...] | None


@dataclass
class _EasyRead:
    data: bytes
    library: EasyReadLibrary
    loaded: LoadedEasyRead


@dataclass
class _Output:
    key: Hashable
    inputs: tuple[object, ...]
    made: Any


@dataclass
class Rebuilds(Loader):
    """The loaded sources and made pages of the last rebuild, taken back when unchanged."""

    plans: dict[tuple[Path, str | None, Path | None], _Plan] = field(default_factory=dict)
    easyreads: dict[tuple[Path, Path | None], _EasyRead] = field(default_factory=dict)
    libraries: dict[Path, tuple[str, EasyReadLibrary]] = field(default_factory=dict)
    outputs: dict[str, _Output] = field(default_factory=dict)
    templates: CompiledTemplates = field(default_factory=lambda: CompiledTemplates())
    """Every Jinja template compiled so far (planpress's and the theme's)."""
    builds: int = 0
    """Rebuilds made so far with what is kept here (0: none yet, the next one makes everything)."""

    def plan(self, path: Path, name: str | None, folder: Path | None) -> LoadedPlan:
        """The plan loaded from the same bytes last time, if the files it names (figures,
        documents) are as they were then, or the file loaded now."""
        data = path.read_bytes()
        kept = self.plans.get((path, name, folder))
        if kept is not None and kept.data == data and kept.files == _named_files(kept.loaded):
            return kept.loaded
        loaded = load_plan(path, name, folder)
        self.plans[(path, name, folder)] = _Plan(data, loaded, _named_files(loaded))
        return loaded

    def library(self, folder: Path, root: Path | None) -> EasyReadLibrary:
        """The library loaded last time, unless a file of the easy read folder other than
        an easy read version has changed (the word bank, the pictures list, a picture)."""
        state = _library_state(folder)
        kept = self.libraries.get(folder)
        if kept is not None and kept[0] == state:
            return kept[1]
        library = load_library(folder, root)
        self.libraries[folder] = (state, library)
        return library

    def easyread(
        self,
        path: Path,
        library: EasyReadLibrary,
        plans: Mapping[str, LoadedPlan],
        root: Path | None,
        versions: Mapping[tuple[str, str], LoadedPlan],
    ) -> LoadedEasyRead:
        """The version loaded last time from the same bytes, with the same library, for the
        very plan version it explained (checked against nothing else), or loaded now."""
        data = path.read_bytes()
        kept = self.easyreads.get((path, root))
        if kept is not None and kept.data == data and kept.library is library:
            explained = kept.loaded.plan.plan
            if versions.get((explained.slug, explained.version)) is kept.loaded.plan and (
                kept.loaded.version.plan_version is not None or plans.get(explained.slug) is kept.loaded.plan
            ):
                return kept.loaded
        loaded = load_easyread(path, library, plans, root, versions)
        self.easyreads[(path, root)] = _EasyRead(data, library, loaded)
        return loaded

    def output(self, name: str, key: Hashable, inputs: Sequence[object], make: Callable[[], Made]) -> Made:
        """What `make` made last time for `name` from an equal `key` and the very same
        `inputs` objects (loaded sources, which `plan` and `easyread` give back unchanged),
        or what it makes now."""
        kept = self.outputs.get(name)
        if (
            kept is not None
            and kept.key == key
            and len(kept.inputs) == len(inputs)
            and all(a is b for a, b in zip(kept.inputs, inputs, strict=True))
        ):
            made: Made = kept.made
            return made
        made = make()
        self.outputs[name] = _Output(key, tuple(inputs), made)
        return made


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by an earlier rebuild: compiling them again takes longer than
    the pages of one plan. Jinja checks each against its template's source."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.kept.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


def remember(
    rebuilds: Rebuilds | None, name: str, key: Hashable, inputs: Sequence[object], make: Callable[[], Made]
) -> Made:
    """`make()`, or what a preview's `rebuilds` kept of it (see `Rebuilds.output`)."""
    return make() if rebuilds is None else rebuilds.output(name, key, inputs, make)


def _named_files(loaded: LoadedPlan) -> tuple[str, ...] | None:
    """Each file a plan names, with its size and time (None if one cannot be found)."""
    plan = loaded.plan
    try:
        paths = [loaded.figure_file(f) for s in plan.sections for f in s.figures]
        paths += [loaded.document_file(d) for d in plan.related_documents if d.file]
        return tuple(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths)
    except (OSError, FileReferenceError):
        return None


def _library_state(folder: Path) -> str:
    """A hash of every file of the easy read folder that is not an easy read version's
    own file: its name, size and time, or its bytes for the two library files."""
    digest = hashlib.sha256()
    for current, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = Path(current) / name
            digest.update(str(path).encode())
            if path.parent == folder and name in LIBRARY_FILES:
                digest.update(path.read_bytes())
            elif path.suffix != ".yml":
                stat = path.stat()
                digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()
