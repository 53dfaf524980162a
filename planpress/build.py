"""Build and preview the standard site with MkDocs, for the `planpress build` and `serve` commands.

A build goes to a new folder beside `site/` and replaces `site/` only when it succeeded:
a plan with a mistake never takes the published site down, and whatever was there stays
until a good build replaces it. MkDocs' messages are shown as plain lines; planpress's
own problems are already `file:line:col: path: message` and are shown as they are.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

Echo = Callable[[str], None]

PLANPRESS_LOGGER = "mkdocs.plugins.planpress"
WATCHED = ("plans", "easyread", "docs", "overrides")
"""Folders a preview rebuilds on (when they exist), as well as mkdocs.yml."""


class BuildFailed(Exception):
    """The site could not be built; `reason` says why in one line (details were shown)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class BuildResult:
    """A finished build: where it went, how long it took, what MkDocs warned about."""

    site_dir: Path
    seconds: float
    pages: int
    warnings: list[str] = field(default_factory=list)


class _LineHandler(logging.Handler):
    """MkDocs' log records as one plain line each; planpress's problems exactly as written."""

    def __init__(self, echo: Echo, level: int) -> None:
        super().__init__(level)
        self.echo = echo
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().strip().split("\n")) if record.msg else ""
        if not message:
            return
        if record.name == PLANPRESS_LOGGER and record.levelno >= logging.ERROR:
            self.echo(message)
            return
        if record.levelno >= logging.WARNING:
            self.warnings.append(message)
            self.echo(f"{record.levelname}: {message}")
        else:
            self.echo(message)


@contextmanager
def _mkdocs_logging(echo: Echo, level: int) -> Iterator[_LineHandler]:
    logger = logging.getLogger("mkdocs")
    handler = _LineHandler(echo, level)
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.INFO))
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    echo: Echo = print,
    verbose: bool = False,
) -> BuildResult:
    """Build the site of `config_file` into `site_dir` (default: its `site_dir` setting).

    Raises `BuildFailed` and leaves `site_dir` as it was if anything goes wrong.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    config_file = config_file.resolve()
    if not config_file.is_file():
        raise BuildFailed(f"{config_file} does not exist: run planpress where mkdocs.yml is, or give -f")
    start = time.monotonic()
    with _mkdocs_logging(echo, logging.INFO if verbose else logging.WARNING) as handler:
        try:
            config = load_config(config_file=str(config_file), strict=strict)
        except (Abort, ConfigurationError) as error:
            raise BuildFailed(f"mkdocs.yml is not valid: {error.format_message().strip()}") from None
        target = (site_dir or Path(config.site_dir)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
        building.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        config["site_dir"] = str(building)
        try:
            build(config)
        except MkDocsException as error:
            shutil.rmtree(building, ignore_errors=True)
            raise BuildFailed(error.format_message().strip() or "the build stopped") from None
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    _replace(building, target)
    pages = sum(1 for _ in target.rglob("index.html"))
    return BuildResult(target, time.monotonic() - start, pages, handler.warnings)


def _replace(new: Path, target: Path) -> None:
    """Put the new build where the old one was, in two renames."""
    old: Path | None = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{uuid.uuid4().hex[:8]}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(
    config_file: Path,
    dev_addr: str | None = None,
    *,
    open_in_browser: bool = False,
    echo: Echo = print,
) -> None:
    """Preview the site, rebuilding it when a plan, easy read file, page or template changes."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve

    config_file = config_file.resolve()
    root = config_file.parent
    watch = [str(root / name) for name in WATCHED if (root / name).is_dir()]
    with _mkdocs_logging(echo, logging.INFO):
        serve(
            config_file=str(config_file),
            livereload=True,
            watch=watch,
            open_in_browser=open_in_browser,
            dev_addr=dev_addr,  # None: mkdocs.yml's dev_addr (load_config drops None)
        )
