"""Publishing a build, for every engine: build beside the site, then replace it whole.

A build goes to a new folder beside `site/` and replaces `site/` only when it succeeded:
a plan with a mistake never takes the published site down, and whatever was there stays
until a good build replaces it. Scratch folders carry their process's id, so a later build
removes those that a killed build left, and never those of a build still running.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from planpress.checks.gate import Verdict


class BuildFailed(Exception):
    """The site could not be built; `reason` says why in one line (details were shown)."""

    def __init__(self, reason: str, verdicts: Sequence[Verdict] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.verdicts = list(verdicts)
        """What the checks found before the build stopped (none if it stopped first)."""


@dataclass(frozen=True)
class BuildResult:
    """A finished build: where it went, how long it took, what the engine warned about,
    and the verdict of the checks on each site."""

    site_dir: Path
    seconds: float
    pages: int
    warnings: list[str] = field(default_factory=list)
    site_url: str = ""
    """The address the site was built for (`site_url`, from SITE_URL): link boxes, QR
    codes, the feed and the sitemap give addresses under it."""
    verdicts: list[Verdict] = field(default_factory=list)

    def local_address(self) -> bool:
        """True when the site was built for this computer, not for publishing."""
        host = urlsplit(self.site_url).hostname or ""
        return host in ("", "localhost", "127.0.0.1", "::1", "0.0.0.0")


def scratch_prefix(target: Path, kind: str) -> str:
    """`.site-building-<pid>-`: the process that made a scratch folder is in its name, so
    a later build can tell the folders of a killed build from those of a running one."""
    return f".{target.name}-{kind}-{os.getpid()}-"


def new_build_folder(target: Path) -> Path:
    """An empty folder beside `target` to build into, readable by a web server; the
    scratch folders that killed builds left there are removed first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(target.parent)
    building = Path(tempfile.mkdtemp(prefix=scratch_prefix(target, "building"), dir=target.parent))
    building.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    return building


_SCRATCH = re.compile(r"^\.[^/]+-(?:building|old)-(\d+)-[^/]+$")


def remove_stale_builds(folder: Path) -> None:
    """Remove scratch folders (`.site-building-*`, `.site-old-*`, `.easy-read-building-*`)
    whose process has ended: a build killed by a signal or a power cut leaves them."""
    for entry in folder.iterdir() if folder.is_dir() else ():
        match = _SCRATCH.match(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink() or _alive(int(match.group(1))):
            continue
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to clean up
        return True
    return True


def replace_site(new: Path, target: Path) -> None:
    """Put the new build where the old one was, in two renames."""
    old: Path | None = None
    if target.exists():
        old = target.with_name(scratch_prefix(target, "old") + uuid.uuid4().hex[:8])
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
