"""Build and preview both sites with MkDocs, for the `planpress build`, `check` and `serve` commands.

The `planpress` plugin (`plugin.py`) runs the pipeline inside MkDocs' build; this module
starts MkDocs, builds the easy read site alongside (in a second process when it can), and
publishes the result (`planpress.publish`). MkDocs' messages are shown as plain lines;
planpress's own problems are already `file:line:col: path: message` and are shown as they are.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planpress.checks.gate import FINDING_DETAIL, FINDINGS_LOGGER, Verdict
from planpress.children import answer_each, start_child
from planpress.pages.easyread import EASY_READ_FOLDER
from planpress.publish import BuildFailed, BuildResult, new_build_folder, replace_site, scratch_prefix
from planpress.settings import ConfigError, read_config

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from planpress.engines.mkdocs.preview import SitePreview

Echo = Callable[[str], None]

PLANPRESS_LOGGER = "mkdocs.plugins.planpress"


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
def mkdocs_logging(echo: Echo, level: int) -> Iterator[_LineHandler]:
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
    with mkdocs_logging(echo, level) as handler:
        config = load_config_file(config_file, strict)
        target = (site_dir or Path(config.site_dir)).resolve()
        building = new_build_folder(target)
        try:
            verdicts = _build_into(config, building)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    replace_site(building, target)
    pages = sum(1 for _ in target.rglob("index.html"))
    seconds = time.monotonic() - start
    return BuildResult(target, seconds, pages, handler.warnings, config.site_url or "", verdicts)


def build_easy_read_inside(
    config: MkDocsConfig, easy_read_file: Path, verdicts: list[Verdict], preview: SitePreview | None = None
) -> None:
    """Build the easy read site into its folder of the standard site just built (a
    preview's: into its own folder, what changed only), adding its checks' verdict to
    `verdicts`.

    Called by the standard site's plugin after it is built, so that one `mkdocs build`,
    `planpress build` or `planpress serve` makes both sites.
    """
    from mkdocs.exceptions import Abort

    try:
        if preview is not None:
            verdicts.extend(build_preview(easy_read_file, preview, config.strict))
        else:
            verdicts.extend(
                _build_at(easy_read_file, Path(config.site_dir) / EASY_READ_FOLDER, config.strict)
            )
    except BuildFailed as error:
        verdicts.extend(error.verdicts)
        raise Abort(error.reason) from None


def _build_at(config_file: Path, site_dir: Path, strict: bool) -> list[Verdict]:
    """Build the site of `config_file` into `site_dir`; `BuildFailed` if it cannot be built."""
    return _build_into(load_config_file(config_file, strict), site_dir)


# --- the easy read site in a second process ---------------------------------------------
#
# MkDocs builds one page at a time, and a machine has two cores or more: the easy read
# site is built by a worker process while this one builds the standard site. The worker is
# a plain `python -c` process (nothing of the caller's main module is imported again), it
# takes jobs on its stdin and answers on its stdout, both pickled, and it stays up between
# the rebuilds of `planpress serve`, warm. Its log lines and the verdict of its checks come
# back here, so what people see is what a build in one process shows. It exits when its
# stdin closes: when this process ends, however it ends.


def parallel_builds() -> bool:
    """Whether this machine can build the two sites at once."""
    return (os.cpu_count() or 1) > 1


@dataclass(frozen=True)
class _Outcome:
    log: list[tuple[str, int, str]]
    verdicts: list[Verdict]
    failure: str | None


@dataclass(frozen=True)
class _Job:
    """Build the site of `config_file` into `folder`; for a preview (`planpress serve`),
    only what changed since the worker's last build there, unless `full`."""

    config_file: str
    folder: str
    strict: bool
    preview: bool = False
    full: bool = False


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
        self.process = start_child(__name__, "worker_main")

    def start(self, job: _Job) -> EasyReadJob:
        """Send the worker a job; it answers when the site is built."""
        assert self.process.stdin is not None
        pickle.dump(job, self.process.stdin)
        self.process.stdin.flush()
        return EasyReadJob(self, Path(job.folder))

    def answer(self) -> _Outcome:
        assert self.process.stdout is not None
        try:
            outcome: _Outcome = pickle.load(self.process.stdout)
        except (EOFError, pickle.UnpicklingError):
            _stop_worker()
            return _Outcome([], [], "the easy read site's build stopped unexpectedly: build again")
        return outcome


_worker: _Worker | None = None
"""The one worker of this process: it outlives each build's plugin (MkDocs makes a new one
each time `planpress serve` reloads mkdocs.yml), so the rebuilds find it warm."""


def _stop_worker() -> None:
    global _worker
    if _worker is not None:
        _worker.process.kill()
        _worker.process.wait()
        _worker = None


def start_easy_read_build(easy_read_file: Path, strict: bool, beside: Path) -> EasyReadJob:
    """Start building the easy read site into a new folder next to `beside` (the standard
    site's folder, which MkDocs empties at the start of its build)."""
    beside.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(
        tempfile.mkdtemp(prefix=scratch_prefix(Path(EASY_READ_FOLDER), "building"), dir=beside.parent)
    )
    return _send(_Job(str(easy_read_file), str(folder), strict))


def start_easy_read_preview(easy_read_file: Path, strict: bool, preview: SitePreview) -> EasyReadJob:
    """Start rebuilding a preview's easy read site in its folder: the worker keeps what it
    needs to make again only what changed (all of it when `preview.full`)."""
    return _send(_Job(str(easy_read_file), str(preview.folder), strict, preview=True, full=preview.full))


def _send(job: _Job) -> EasyReadJob:
    global _worker
    if _worker is None or _worker.process.poll() is not None:
        _worker = _Worker()
    try:
        return _worker.start(job)
    except OSError:  # the worker died between builds: start another
        _stop_worker()
        _worker = _Worker()
        return _worker.start(job)


def finish_easy_read_build(job: EasyReadJob, site_dir: Path, verdicts: list[Verdict]) -> None:
    """Wait for the worker; show its messages; add its checks' verdict to `verdicts`; put
    its site into `site_dir/easy-read/`.

    Raises MkDocs' `Abort` when the easy read build failed: the whole build fails."""
    try:
        wait_for_easy_read(job, verdicts)
    except BaseException:
        shutil.rmtree(job.folder, ignore_errors=True)
        raise
    target = site_dir / EASY_READ_FOLDER
    if target.exists():
        shutil.rmtree(target)
    job.folder.chmod(0o755)
    job.folder.rename(target)


def wait_for_easy_read(job: EasyReadJob, verdicts: list[Verdict]) -> None:
    """Wait for the worker; show its messages; add its checks' verdict to `verdicts`;
    raise MkDocs' `Abort` if its build failed."""
    from mkdocs.exceptions import Abort

    outcome = job.result()
    for name, level, message in outcome.log:
        logging.getLogger(name).log(level, message)
    verdicts.extend(outcome.verdicts)
    if outcome.failure is not None:
        raise Abort(outcome.failure)


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
    """The worker: build each site asked for on stdin; answer on stdout; stop at its end
    (`planpress.children.answer_each`)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from planpress.engines.mkdocs.preview import SitePreview

    previews: dict[str, SitePreview] = {}
    """The sites of a preview this worker rebuilds, by folder, with what their last build kept."""

    def build(job: _Job) -> _Outcome:
        preview = None
        if job.preview:
            if job.full or job.folder not in previews:
                previews[job.folder] = SitePreview(Path(job.folder))
            preview = previews[job.folder]
        return _build_one(Path(job.config_file), Path(job.folder), job.strict, preview)

    unanswered: _Job | None = answer_each(build)
    if unanswered is not None and not unanswered.preview:  # the caller has gone: nobody to publish it
        shutil.rmtree(unanswered.folder, ignore_errors=True)


def _build_one(config_file: Path, folder: Path, strict: bool, preview: SitePreview | None) -> _Outcome:
    collect = _Collect()
    failure = None
    verdicts: list[Verdict] = []
    with _logging_to(collect, logging.INFO):
        try:
            if preview is None:
                verdicts = _build_at(config_file, folder, strict)
            else:
                verdicts = build_preview(config_file, preview, strict)
        except BuildFailed as error:
            failure, verdicts = error.reason, error.verdicts
        except Exception as error:  # shown as one line where the build is reported: no traceback
            failure = f"the easy read site's build stopped: {type(error).__name__}: {error}"
    return _Outcome(collect.records, verdicts, failure)


def load_config_file(config_file: Path, strict: bool = False) -> MkDocsConfig:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _refuse_old_hooks(config_file)
    try:
        return load_config(config_file=str(config_file), strict=strict)
    except (Abort, ConfigurationError) as error:
        raise BuildFailed(f"{config_file.name} is not valid: {error.format_message().strip()}") from None


OLD_HOOKS = "planpress_hooks.py"
"""The hooks file through which MkDocs ran planpress before it became a plugin."""


def _refuse_old_hooks(config_file: Path) -> None:
    """A project from before planpress was a plugin names its old hooks file, which uses
    planpress's insides as they were: say how to move on, rather than fail inside it."""
    try:
        hooks = read_config(config_file).get("hooks") or []
    except ConfigError:
        return  # MkDocs says what is wrong with the file
    old = [str(h) for h in hooks if str(h).endswith(OLD_HOOKS)] if isinstance(hooks, list) else []
    if old:
        raise BuildFailed(
            f"{config_file.name}: planpress is an MkDocs plugin now, not a hooks file: in "
            f"{config_file.name}, remove '- {old[0]}' from 'hooks:' and add '- planpress' under "
            f"'plugins:' (after '- search'), then delete {old[0]}"
        )


def build_preview(config_file: Path, preview: SitePreview, strict: bool = False) -> list[Verdict]:
    """Rebuild one site of a preview in its folder, making again only what changed
    (`planpress.engines.mkdocs.preview`); `BuildFailed` if it cannot be built."""
    from planpress.engines.mkdocs.plugin import PlanpressPlugin

    config = load_config_file(config_file, strict)
    if not isinstance(config.plugins.get("planpress"), PlanpressPlugin):
        raise BuildFailed(f"{config_file.name}: add '- planpress' under 'plugins:' to build plans")
    builds = logging.getLogger("mkdocs.commands.build")
    builds.addFilter(_not_dirty_warning)
    try:
        return _build_into(config, preview.folder, preview)
    finally:
        builds.removeFilter(_not_dirty_warning)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave the menu wrong: a preview's is told
    exactly what changed, and builds everything when the menu does."""
    return not record.getMessage().startswith("A 'dirty' build")


def _build_into(config: MkDocsConfig, folder: Path, preview: SitePreview | None = None) -> list[Verdict]:
    """Build `config` into `folder` (a `preview`'s: what changed only): the verdicts of its
    checks, or `BuildFailed` with them."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from planpress.engines.mkdocs.plugin import PlanpressPlugin

    plugin = config.plugins.get("planpress")
    if isinstance(plugin, PlanpressPlugin):
        plugin.aside, plugin.preview = False, preview
    config["site_dir"] = str(folder)
    try:
        build(config, dirty=preview is not None)
    except MkDocsException as error:
        reason = error.format_message().strip() or "the build stopped"
        raise BuildFailed(reason, _verdicts_of(config)) from None
    return _verdicts_of(config)


def _verdicts_of(config: MkDocsConfig) -> list[Verdict]:
    """What the checks found in a build of `config` (none if the plugin is not in it)."""
    from planpress.engines.mkdocs.plugin import PlanpressPlugin

    plugin = config.plugins.get("planpress")
    return list(plugin.verdicts) if isinstance(plugin, PlanpressPlugin) else []


@dataclass(frozen=True)
class CheckResult:
    """The checks of both sites, run by building them into a folder that is thrown away."""

    verdicts: list[Verdict]
    failure: str | None
    """Why the build stopped, when it did (a source problem, or errors of the checks)."""


def check_sites(config_file: Path, *, echo: Echo = print) -> CheckResult:
    """Run every check of both sites, exactly as a build does, without touching `site/`."""
    with tempfile.TemporaryDirectory(prefix="planpress-check-") as folder:
        try:
            result = build_site(config_file, Path(folder) / "site", strict=True, echo=echo, details=True)
        except BuildFailed as error:
            return CheckResult(error.verdicts, error.reason)
    return CheckResult(result.verdicts, None)
