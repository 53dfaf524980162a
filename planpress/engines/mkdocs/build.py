"""Build and preview the standard site with MkDocs, for the `planpress build` and `serve` commands.

A build goes to a new folder beside `site/` and replaces `site/` only when it succeeded:
a plan with a mistake never takes the published site down, and whatever was there stays
until a good build replaces it. MkDocs' messages are shown as plain lines; planpress's
own problems are already `file:line:col: path: message` and are shown as they are.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from planpress.checks.gate import FINDING_DETAIL, FINDINGS_LOGGER, Verdict, record_verdict, take_verdicts
from planpress.pages.easyread import EASY_READ_FOLDER
from planpress.site import EASY_READ_CONFIG

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

Echo = Callable[[str], None]

PLANPRESS_LOGGER = "mkdocs.plugins.planpress"
WATCHED = ("plans", "easyread", "docs", "overrides")
WATCH_INTERVAL = 0.25
"""Seconds between two looks for changed files while serving."""
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
    site_url: str = ""
    """The address the site was built for (`site_url`, from SITE_URL): link boxes, QR
    codes, the feed and the sitemap give addresses under it."""

    def local_address(self) -> bool:
        """True when the site was built for this computer, not for publishing."""
        host = urlsplit(self.site_url).hostname or ""
        return host in ("", "localhost", "127.0.0.1", "::1", "0.0.0.0")


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
    with _logging_to(handler, level):
        yield handler


@contextmanager
def _logging_to(handler: logging.Handler, level: int) -> Iterator[None]:
    """MkDocs' messages and the checks' findings go to `handler` only, while it lasts."""
    loggers = [logging.getLogger("mkdocs"), logging.getLogger(FINDINGS_LOGGER)]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(min(level, logging.INFO))
        logger.propagate = False
    try:
        yield
    finally:
        for logger, (old_level, old_propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            logger.propagate = old_propagate


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    *,
    strict: bool = True,
    echo: Echo = print,
    verbose: bool = False,
    details: bool = False,
) -> BuildResult:
    """Build the site of `config_file` into `site_dir` (default: its `site_dir` setting);
    its hooks build the easy read site of `mkdocs.easyread.yml` into its folder inside.
    `details` shows every finding's line, `verbose` MkDocs' progress too.

    Raises `BuildFailed` and leaves `site_dir` as it was if anything goes wrong in either.
    """
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise BuildFailed(f"{config_file} does not exist: run planpress where mkdocs.yml is, or give -f")
    start = time.monotonic()
    level = logging.INFO if verbose else FINDING_DETAIL if details else logging.WARNING
    with _mkdocs_logging(echo, level) as handler:
        config = load_config_file(config_file, strict)
        target = (site_dir or Path(config.site_dir)).resolve()
        building = new_build_folder(target)
        try:
            _build_into(config, building)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    replace_site(building, target)
    pages = sum(1 for _ in target.rglob("index.html"))
    return BuildResult(target, time.monotonic() - start, pages, handler.warnings, config.site_url or "")


def build_easy_read_inside(config: MkDocsConfig, easy_read_file: Path) -> None:
    """Build the easy read site into its folder of the standard site just built.

    Called by the standard site's hooks after it is built, so that one `mkdocs build`,
    `planpress build` or `planpress serve` (with its live reload) makes both sites.
    """
    from mkdocs.exceptions import Abort

    try:
        _build_at(easy_read_file, Path(config.site_dir) / EASY_READ_FOLDER, config.strict)
    except BuildFailed as error:
        raise Abort(error.reason) from None


def _build_at(config_file: Path, site_dir: Path, strict: bool) -> None:
    """Build the site of `config_file` into `site_dir`; `BuildFailed` if the file is not valid."""
    from mkdocs.commands.build import build

    config = load_config_file(config_file, strict)
    config["site_dir"] = str(site_dir)
    build(config, dirty=False)


# --- the easy read site in a second process ---------------------------------------------
#
# MkDocs builds one page at a time, and a machine has two cores or more: the easy read
# site is built by a worker process while this one builds the standard site. The worker is
# a plain `python -c` process (nothing of the caller's main module is imported again), it
# takes jobs on its stdin and answers on its stdout, both pickled, and it stays up between
# the rebuilds of `planpress serve`, warm. Its log lines and the verdict of its checks come
# back here, so what people see is what a build in one process shows. It exits when its
# stdin closes: when this process ends, however it ends.

PARALLEL_SETTING = "PLANPRESS_PARALLEL"
"""`0` builds the easy read site after the standard one, in the same process."""


def parallel_builds() -> bool:
    return os.environ.get(PARALLEL_SETTING, "1") != "0" and (os.cpu_count() or 1) > 1


@dataclass(frozen=True)
class _Outcome:
    log: list[tuple[str, int, str]]
    verdicts: list[Verdict]
    failure: str | None


@dataclass
class EasyReadJob:
    """An easy read site being built by the worker into `folder`."""

    worker: _Worker
    folder: Path
    outcome: _Outcome | None = None

    def result(self) -> _Outcome:
        if self.outcome is None:
            self.outcome = self.worker.answer()
        return self.outcome


class _Worker:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from planpress.engines.mkdocs.build import worker_main; worker_main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def start(self, config_file: Path, folder: Path, strict: bool) -> EasyReadJob:
        assert self.process.stdin is not None
        pickle.dump((str(config_file), str(folder), strict), self.process.stdin)
        self.process.stdin.flush()
        return EasyReadJob(self, folder)

    def answer(self) -> _Outcome:
        assert self.process.stdout is not None
        try:
            outcome: _Outcome = pickle.load(self.process.stdout)
        except (EOFError, pickle.UnpicklingError):
            _stop_worker()
            return _Outcome([], [], "the easy read site's build stopped unexpectedly: build again")
        return outcome


_worker: _Worker | None = None


def _stop_worker() -> None:
    global _worker
    if _worker is not None:
        _worker.process.kill()
        _worker.process.wait()
        _worker = None


def start_easy_read_build(easy_read_file: Path, strict: bool, beside: Path) -> EasyReadJob:
    """Start building the easy read site into a new folder next to `beside` (the standard
    site's folder, which MkDocs empties at the start of its build)."""
    global _worker
    if _worker is None or _worker.process.poll() is not None:
        _worker = _Worker()
    beside.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(
        tempfile.mkdtemp(prefix=_scratch_prefix(Path(EASY_READ_FOLDER), "building"), dir=beside.parent)
    )
    try:
        return _worker.start(easy_read_file, folder, strict)
    except OSError:  # the worker died between builds: start another
        _stop_worker()
        _worker = _Worker()
        return _worker.start(easy_read_file, folder, strict)


def finish_easy_read_build(job: EasyReadJob, site_dir: Path) -> None:
    """Wait for the worker; show its messages; put its site into `site_dir/easy-read/`.

    Raises MkDocs' `Abort` when the easy read build failed: the whole build fails."""
    from mkdocs.exceptions import Abort

    outcome = job.result()
    for name, level, message in outcome.log:
        logging.getLogger(name).log(level, message)
    for verdict in outcome.verdicts:
        record_verdict(verdict)
    if outcome.failure is not None:
        shutil.rmtree(job.folder, ignore_errors=True)
        raise Abort(outcome.failure)
    target = site_dir / EASY_READ_FOLDER
    if target.exists():
        shutil.rmtree(target)
    job.folder.chmod(0o755)
    job.folder.rename(target)


def discard_easy_read_build(job: EasyReadJob) -> None:
    """The standard site failed: wait for the worker, and drop what it made."""
    job.result()
    shutil.rmtree(job.folder, ignore_errors=True)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def worker_main() -> None:
    """The worker: build each site asked for on stdin; answer on stdout; stop at its end.

    Ctrl-C reaches every process of the terminal: the worker leaves it to its caller,
    whose end closes the worker's stdin, and it ends quietly then."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, not into the answers
    jobs = sys.stdin.buffer
    while True:
        try:
            config_file, site_dir, strict = pickle.load(jobs)
        except (EOFError, pickle.UnpicklingError, OSError):
            return
        outcome = _build_one(Path(config_file), site_dir, strict)
        try:
            pickle.dump(outcome, answers)
            answers.flush()
        except (BrokenPipeError, OSError):  # the caller has gone: nobody to answer
            shutil.rmtree(site_dir, ignore_errors=True)
            return


def _build_one(config_file: Path, site_dir: str, strict: bool) -> _Outcome:
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    failure = None
    take_verdicts()
    with _logging_to(collect, logging.INFO):
        try:
            _build_at(config_file, Path(site_dir), strict)
        except BuildFailed as error:
            failure = error.reason
        except MkDocsException as error:
            failure = error.format_message().strip() or "the easy read site's build stopped"
        except Exception as error:  # shown as one line where the build is reported: no traceback
            failure = f"the easy read site's build stopped: {type(error).__name__}: {error}"
    return _Outcome(collect.records, take_verdicts(), failure)


def load_config_file(config_file: Path, strict: bool = False) -> MkDocsConfig:
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
            build_site(config_file, Path(folder) / "site", strict=True, echo=echo, details=True)
        except BuildFailed as error:
            return CheckResult(take_verdicts(), error.reason)
    return CheckResult(take_verdicts(), None)


def _scratch_prefix(target: Path, kind: str) -> str:
    """`.site-building-<pid>-`: the process that made a scratch folder is in its name, so
    a later build can tell the folders of a killed build from those of a running one."""
    return f".{target.name}-{kind}-{os.getpid()}-"


def new_build_folder(target: Path) -> Path:
    """An empty folder beside `target` to build into, readable by a web server; the
    scratch folders that killed builds left there are removed first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(target.parent)
    building = Path(tempfile.mkdtemp(prefix=_scratch_prefix(target, "building"), dir=target.parent))
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
        old = target.with_name(_scratch_prefix(target, "old") + uuid.uuid4().hex[:8])
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
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    config_file = config_file.resolve()
    root = config_file.parent
    watch = [str(root / name) for name in WATCHED if (root / name).is_dir()]
    if (root / EASY_READ_CONFIG).is_file():
        watch.append(str(root / EASY_READ_CONFIG))
    # MkDocs looks for changed files every half second and offers no setting for it: a
    # quarter-second look makes an edit show sooner (stat-ing a few thousand files is cheap).
    mkdocs_serve.LiveReloadServer = functools.partial(  # type: ignore[attr-defined, assignment]
        LiveReloadServer, polling_interval=WATCH_INTERVAL
    )
    try:
        with _mkdocs_logging(echo, logging.INFO):
            mkdocs_serve.serve(
                config_file=str(config_file),
                livereload=True,
                watch=watch,
                open_in_browser=open_in_browser,
                dev_addr=dev_addr,  # None: mkdocs.yml's dev_addr (load_config drops None)
            )
    finally:
        mkdocs_serve.LiveReloadServer = LiveReloadServer  # type: ignore[attr-defined]
