"""Serve a built site on 127.0.0.1 and look at its pages the way people and their tools do.

axe-core and the Nu HTML checker come from the npm registry (package.json), Chromium from
Debian: nothing is downloaded while the tests run.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("Chromium is not installed: run ./run test, which installs Debian's chromium")
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a port the OS picks; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def html_pages(folder: Path) -> list[str]:
    """Every HTML page of a built site, as URL paths (`plans/x/` for `plans/x/index.html`)."""
    pages = []
    for file in sorted(folder.rglob("*.html")):
        relative = file.relative_to(folder).as_posix()
        if relative == "404.html":
            pages.append(relative)
        elif relative.endswith("index.html"):
            pages.append(relative.removesuffix("index.html"))
        else:
            pages.append(relative)
    return pages


@dataclass(frozen=True)
class AxeViolation:
    page: str
    rule: str
    impact: str
    help: str
    target: str
    fix: str

    def __str__(self) -> str:
        return f"{self.page}: [{self.rule}, {self.impact}] {self.help} at {self.target}: {self.fix}"


def run_axe(page: Any, url_path: str) -> list[AxeViolation]:
    """axe-core with the WCAG 2.0/2.1/2.2 A and AA tags and best practice, on the open page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            found.append(
                AxeViolation(
                    url_path,
                    violation["id"],
                    str(violation.get("impact")),
                    violation["help"],
                    " ".join(map(str, node["target"])),
                    node.get("failureSummary", "").replace("\n", " "),
                )
            )
    return found


def run_vnu(folder: Path) -> list[str]:
    """The W3C Nu HTML checker over every page at once: its errors, one line each."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).as_posix().split(str(folder))[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        f" ({m.get('extract', '').strip()[:80]})"
        for m in messages
        if m.get("type") == "error"
    ]


def horizontal_overflow(page: Any) -> list[str]:
    """Elements that make the page scroll sideways (tables may scroll inside their own box)."""
    return list(
        page.evaluate(
            """() => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width + 1) return [];
              const wide = [];
              for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
                  let scroller = el.parentElement, inside = false;
                  while (scroller) {
                    const o = getComputedStyle(scroller).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
                    scroller = scroller.parentElement;
                  }
                  if (!inside) wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' right=' + Math.round(box.right));
                }
              }
              return wide.slice(0, 5);
            }"""
        )
    )
