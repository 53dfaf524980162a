"""`planpress serve`, for every engine: a preview of both sites that follows the author.

The preview watches the project's sources, has its engine's builder rebuild the sites
when one changes (told which files changed, so it can make again only what they reach),
and serves the last good build: the standard site at `/`, the easy read site at
`/easy-read/`, each from its own folder. Pages it serves (never the built files) get a
small script: the browser reloads itself after each good build, and shows the problems
of a failed one, each with its file:line, in a banner above the last good page.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from planpress.pages.easyread import EASY_READ_FOLDER
from planpress.publish import BuildFailed, BuildResult
from planpress.settings import ConfigError, read_config
from planpress.site import EASY_READ_CONFIG

Echo = Callable[[str], None]


class Builder(Protocol):
    """An engine's builds of a preview: where each site is served from, and a rebuild."""

    standard: Path
    easy_read: Path

    def build(self, changed: frozenset[Path], echo: Echo) -> BuildResult:
        """Build both sites (`changed`: the files changed since the last build, none the
        first time); `BuildFailed` leaves the served sites as they were."""
        ...


WATCHED = ("plans", "easyread", "docs", "overrides")
"""Folders whose files a change of rebuilds, as well as the two settings files."""
WATCH_INTERVAL = 0.25
"""Seconds between two looks for changed files."""
STATUS_PATH = "/.planpress/status"
"""Where the served pages ask whether a newer build is there, and how the last one went."""
RELOAD_SCRIPT = """<script>(function () {
  var seen = null;
  function banner(problems) {
    var box = document.getElementById("planpress-problems");
    if (!problems.length) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "planpress-problems";
      box.setAttribute("role", "alert");
      box.setAttribute("tabindex", "0");  // scrolls by keyboard when the problems are long
      box.style.cssText = "padding:0.75em 1em;background:#fff3cd;max-height:40vh;overflow:auto;" +
        "color:#1a1a1a;border-bottom:3px solid #d4351c;font:0.875rem/1.4 monospace;white-space:pre-wrap;overflow-wrap:anywhere";
      document.body.prepend(box);
    }
    box.textContent = "This page is the last good build. The newest one stopped:\\n" + problems.join("\\n");
  }
  function look() {
    fetch("STATUS_PATH", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.build !== seen) { location.reload(); return; }
      seen = s.build;
      banner(s.problems);
    }).catch(function () {}).then(function () { setTimeout(look, 250); });
  }
  look();
})();</script>""".replace("STATUS_PATH", STATUS_PATH)
"""Asks `STATUS_PATH` for news four times a second: reloads after a good build, shows a failed one's problems."""


@dataclass
class _Status:
    """What the served pages ask for: which good build is up, and what stopped the last one."""

    build: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "problems": self.problems}).encode("utf-8")


def serve(
    config_file: Path,
    builder: Callable[[Path, Path], Builder],
    dev_addr: str | None = None,
    *,
    open_in_browser: bool = False,
    echo: Echo = print,
) -> None:
    """Build both sites with `builder(config_file, folder)`, serve them, and rebuild them
    whenever a source changes, until Ctrl-C. A build that fails leaves the last good one up."""
    config_file = config_file.resolve()
    try:
        configured = str(read_config(config_file).get("dev_addr") or "")
    except ConfigError as error:
        raise BuildFailed(str(error)) from None
    host, port = _address(dev_addr or configured)
    os.environ.setdefault("SITE_URL", f"http://{host}:{port}/")
    status = _Status()
    folder = Path(tempfile.mkdtemp(prefix="planpress-serve-"))
    try:
        sites = builder(config_file, folder)
        seen = _snapshot(config_file.parent)  # before building: an edit made meanwhile comes next
        _rebuild(sites, frozenset(), status, echo)
        server = ThreadingHTTPServer((host, port), _handler(sites, status))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://{host}:{port}/"
        echo(f"Serving both sites at {url} (the easy read one at {url}easy-read/): Ctrl-C to stop")
        if open_in_browser:
            webbrowser.open(url)
        while True:
            time.sleep(WATCH_INTERVAL)
            now = _snapshot(config_file.parent)
            if now != seen:
                changed = frozenset(Path(p) for p in now.keys() | seen.keys() if now.get(p) != seen.get(p))
                seen = now
                echo(f"{_changed(changed, config_file.parent)} changed: building both sites again")
                _rebuild(sites, changed, status, echo)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _address(dev_addr: str) -> tuple[str, int]:
    host, _, port = (dev_addr or "127.0.0.1:8000").rpartition(":")
    if not port.isdigit() or not host:
        raise BuildFailed(f"'{dev_addr}' is not an address to serve at: give IP:PORT, e.g. 127.0.0.1:8000")
    return host, int(port)


def _changed(paths: frozenset[Path], root: Path) -> str:
    names = sorted(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in paths)
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _rebuild(sites: Builder, changed: frozenset[Path], status: _Status, echo: Echo) -> None:
    """Build both sites; on success the served pages reload, otherwise they show why not."""
    lines: list[str] = []

    def show(line: str) -> None:
        lines.append(line)
        echo(line)

    try:
        result = sites.build(changed, show)
    except BuildFailed as error:
        echo(f"{error.reason} The last good build is still served.")
        problems = [line for line in lines if _is_problem(line)] or [error.reason]
        with status.lock:
            status.problems = problems
        return
    echo(f"Built {result.pages} pages in {result.seconds:.1f} s.")
    with status.lock:
        status.build += 1
        status.problems = []


def _is_problem(line: str) -> bool:
    """A line that names a file and line (`plans/x.yml:12:3: ...`), or an error of the checks."""
    if line.startswith("planpress: "):
        return True
    parts = line.split(": ", 1)[0].split(":")
    return len(parts) >= 2 and parts[1].isdigit()


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every watched file with its time and size: a change to any of them is a new snapshot."""
    found: dict[str, tuple[int, int]] = {}
    for name in (*WATCHED, "mkdocs.yml", EASY_READ_CONFIG):
        for path in _files(root / name):
            try:
                stat = path.stat()
            except OSError:
                continue
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from (p for p in path.rglob("*") if p.is_file())


def _handler(sites: Builder, status: _Status) -> type[SimpleHTTPRequestHandler]:
    easy_read = f"/{EASY_READ_FOLDER}/"

    class Handler(SimpleHTTPRequestHandler):
        """The built sites as files; each HTML page with the reload script; the build's status."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(sites.standard), **kwargs)

        def translate_path(self, path: str) -> str:
            """The easy read site's addresses from its own folder, the rest from the standard site's."""
            address = path.split("?", 1)[0].split("#", 1)[0]
            if address.startswith(easy_read) or address == easy_read.rstrip("/"):
                self.directory = str(sites.easy_read)
                path = "/" + path[len(easy_read) :]
            else:
                self.directory = str(sites.standard)
            return super().translate_path(path)

        def do_GET(self) -> None:
            if self.path.split("?")[0] == STATUS_PATH:
                self._send(status.as_json(), "application/json")
                return
            page = self._page()
            if page is None:
                super().do_GET()
                return
            text = page.read_text(encoding="utf-8")
            at = text.rfind("</body>")
            served = text[:at] + RELOAD_SCRIPT + text[at:] if at >= 0 else text + RELOAD_SCRIPT
            self._send(served.encode("utf-8"), "text/html; charset=utf-8")

        def _page(self) -> Path | None:
            """The HTML file this request is for, if it is one."""
            local = Path(self.translate_path(self.path))
            if local.is_dir():
                if not self.path.split("?")[0].endswith("/"):
                    return None  # the parent class redirects to the address with a slash
                local = local / "index.html"
            return local if local.suffix == ".html" and local.is_file() else None

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Requests are not worth a line each in the author's terminal."""

    return Handler
