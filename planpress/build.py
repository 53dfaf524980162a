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
from typing import TYPE_CHECKING

from planpress.easyread_pages import EASY_READ_FOLDER
from planpress.quality import FINDINGS_LOGGER, Verdict, take_verdicts

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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
        if record.name == FINDINGS_LOGGER or (
            record.name == PLANPRESS_LOGGER and record.levelno >= logging.ERROR
        ):
            self.echo(message)
            return
        if record.levelno >= logging.WARNING:
            self.warnings.append(message)
            self.echo(f"{record.levelname}: {message}")
        else:
            self.echo(message)


@contextmanager
def _mkdocs_logging(echo: Echo, level: int) -> Iterator[_LineHandler]:
    handler = _LineHandler(echo, level)
    loggers = [logging.getLogger("mkdocs"), logging.getLogger(FINDINGS_LOGGER)]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(min(level, logging.INFO))
        logger.propagate = False
    try:
        yield handler
    finally:
        for logger, (old_level, old_propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            logger.propagate = old_propagate


EASY_READ_CONFIG = "mkdocs.easyread.yml"
"""Beside mkdocs.yml: the easy read site, built into its folder (`easy-read/`) of the standard one."""


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    echo: Echo = print,
    verbose: bool = False,
) -> BuildResult:
    """Build the site of `config_file` into `site_dir` (default: its `site_dir` setting);
    its hooks build the easy read site of `mkdocs.easyread.yml` into its folder inside.

    Raises `BuildFailed` and leaves `site_dir` as it was if anything goes wrong in either.
    """
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise BuildFailed(f"{config_file} does not exist: run planpress where mkdocs.yml is, or give -f")
    start = time.monotonic()
    with _mkdocs_logging(echo, logging.INFO if verbose else logging.WARNING) as handler:
        config = _load(config_file, strict)
        target = (site_dir or Path(config.site_dir)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
        building.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        try:
            _build_into(config, building)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    _replace(building, target)
    pages = sum(1 for _ in target.rglob("index.html"))
    return BuildResult(target, time.monotonic() - start, pages, handler.warnings)


def build_easy_read_inside(config: MkDocsConfig, easy_read_file: Path) -> None:
    """Build the easy read site into its folder of the standard site just built.

    Called by the standard site's hooks after it is built, so that one `mkdocs build`,
    `planpress build` or `planpress serve` (with its live reload) makes both sites.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        easy = load_config(config_file=str(easy_read_file), strict=config.strict)
    except (Abort, ConfigurationError) as error:
        raise Abort(f"{easy_read_file.name} is not valid: {error.format_message().strip()}") from None
    easy["site_dir"] = str(Path(config.site_dir) / EASY_READ_FOLDER)
    from mkdocs.commands.build import build

    build(easy, dirty=False)


def _load(config_file: Path, strict: bool) -> MkDocsConfig:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        return load_config(config_file=str(config_file), strict=strict)
    except (Abort, ConfigurationError) as error:
        raise BuildFailed(f"{config_file.name} is not valid: {error.format_message().strip()}") from None


def _build_into(config: MkDocsConfig, folder: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config["site_dir"] = str(folder)
    try:
        build(config)
    except MkDocsException as error:
        raise BuildFailed(error.format_message().strip() or "the build stopped") from None


@dataclass(frozen=True)
class CheckResult:
    """The checks of both sites, run by building them into a folder that is thrown away."""

    verdicts: list[Verdict]
    failure: str | None
    """Why the build stopped, when it did (a source problem, or errors of the checks)."""


def check_sites(config_file: Path, *, echo: Echo = print) -> CheckResult:
    """Run every check of both sites, exactly as a build does, without touching `site/`."""
    take_verdicts()
    with tempfile.TemporaryDirectory(prefix="planpress-check-") as folder:
        try:
            build_site(config_file, Path(folder) / "site", strict=True, echo=echo)
        except BuildFailed as error:
            return CheckResult(take_verdicts(), error.reason)
    return CheckResult(take_verdicts(), None)


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
    """Preview both sites, rebuilding them when a plan, easy read file, page or template changes."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve

    config_file = config_file.resolve()
    root = config_file.parent
    watch = [str(root / name) for name in WATCHED if (root / name).is_dir()]
    if (root / EASY_READ_CONFIG).is_file():
        watch.append(str(root / EASY_READ_CONFIG))
    with _mkdocs_logging(echo, logging.INFO):
        serve(
            config_file=str(config_file),
            livereload=True,
            watch=watch,
            open_in_browser=open_in_browser,
            dev_addr=dev_addr,  # None: mkdocs.yml's dev_addr (load_config drops None)
        )
