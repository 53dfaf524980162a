"""Files that source files name: each must be a file inside the folder it belongs to.

A plan's related documents and an easy read version's pictures are copied into the
public site. Whoever can edit a plan file must not be able to publish anything else from
the machine that builds it (`/etc/passwd`, `/proc/self/environ` with the build's secrets,
a file beside the project): a reference is refused when it is an absolute path, when its
`..` parts leave the folder, or when it is a link whose target lies outside. Checking and
building both resolve references here, so they always agree.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath


class FileReferenceError(ValueError):
    """A file reference that cannot be used; the message says why and what to do."""


def resolve_file(reference: str, base: Path, folder: Path, folder_name: str, near: str = "") -> Path:
    """The real path of the file `reference` names (relative to `base`), inside `folder`.

    `folder_name` is how the author knows the folder (`plans/`, `easyread/pictures/`);
    `near` says where relative names are looked for (default: in that folder).
    Raises `FileReferenceError` with a message for the author.
    """
    written = reference.strip()
    if (
        PurePosixPath(written).is_absolute()
        or PureWindowsPath(written).is_absolute()
        or written.startswith("~")
    ):
        raise FileReferenceError(
            f"'{reference}' is an absolute path: only files inside {folder_name} are published, "
            f"so copy the file into {folder_name} and name it from there"
        )
    real = (base / written).resolve()
    inside = folder.resolve()
    if not real.is_relative_to(inside):
        raise FileReferenceError(
            f"'{reference}' leads outside {folder_name} (through '..' or a link): only files inside "
            f"{folder_name} are published, so copy the file into {folder_name}"
        )
    if not real.is_file():
        raise FileReferenceError(f"the file '{reference}' does not exist {near or 'in ' + folder_name}")
    return real


def site_path(real: Path, folder: Path) -> str:
    """Where a resolved file goes in the site: its place inside `folder`, with `/`."""
    return real.relative_to(folder.resolve()).as_posix()


def source_files(folder: Path, suffixes: frozenset[str]) -> list[Path]:
    """Files with one of `suffixes` below `folder`, sorted, without following links to
    folders (a link to `/` would read the whole machine)."""
    return sorted(
        Path(current) / name
        for current, _, names in os.walk(folder)
        for name in names
        if PurePosixPath(name).suffix in suffixes
    )
