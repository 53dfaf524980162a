"""Serve a built site on 127.0.0.1 and look at its pages the way people and their tools do.

axe-core and the Nu HTML checker come from the npm registry (package.json), Chromium from
Debian: nothing is downloaded while the tests run.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from planpress.pages.easyread import EASY_READ_FOLDER, MORE_PAGE, NEW_PAGE
from planpress.pages.views import PLANS_FOLDER

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "tests" / "artifacts"
"""Screenshots, printed PDFs and the run's counts, for people to look at (not committed)."""
SUMMARY: dict[str, dict[str, Any]] = {}
"""What the run tested, by check: written to ARTIFACTS/browser-summary.json at the end."""
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


def page_kinds(folder: Path) -> dict[str, str]:
    """The first page, in address order, of each kind of page of a built site, by kind:
    checking one page of each kind finds what a template gets wrong, in a fraction of the
    time every page takes (`-m slow` checks every page)."""
    kinds: dict[str, str] = {}
    for path in html_pages(folder):
        kinds.setdefault(page_kind(folder, path), path)
    return kinds


def page_kind(folder: Path, path: str) -> str:
    """A page's address with the names of plans, versions and items left out: pages of a
    kind differ only there. Left out are the folder after `plans/`; in it, a version's folder
    (a page of its own with pages inside); a folder in a folder without a page of its own
    (`themes/<theme>/`); and an easy read plan's pages but the two planpress names (find
    out more, what is new). Every other folder names its kind (`board-summary/`), so a new
    template's pages make a new kind without a list to update."""
    if not path.endswith("/"):
        return path
    parts = path.removesuffix("/").split("/")
    kind = []
    for i, name in enumerate(parts):
        here, parent = folder.joinpath(*parts[: i + 1]), folder.joinpath(*parts[:i])
        in_plan = i >= 2 and parts[i - 2] == PLANS_FOLDER
        if i >= 1 and parts[i - 1] == PLANS_FOLDER:
            kind.append("<plan>")
        elif in_plan and (here / "index.html").is_file() and any(here.glob("*/index.html")):
            kind.append("<version>")
        elif not (parent / "index.html").is_file():
            kind.append("<item>")
        elif in_plan and parts[0] == EASY_READ_FOLDER and name not in (MORE_PAGE, NEW_PAGE):
            kind.append("<page>")
        else:
            kind.append(name)
    return "/".join(kind) + "/"


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


def run_axe(page: Any, url_path: str, rules_run: set[str] | None = None) -> list[AxeViolation]:
    """axe-core with the WCAG 2.0/2.1/2.2 A and AA tags and best practice, on the open page.

    The ids of the rules axe ran (passed, failed, incomplete or not applicable) are added
    to `rules_run` when it is given.
    """
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    if rules_run is not None:
        for kind in ("passes", "violations", "incomplete", "inapplicable"):
            rules_run.update(rule["id"] for rule in result[kind])
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
    """Why the page scrolls sideways: the elements past its right edge that no scrolling box
    holds (a wide table may scroll inside its own box), or the page's width when the
    elements that widen it sit inside such a box but escape it (absolutely positioned)."""
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
              return wide.length ? wide.slice(0, 5) : ['the page, ' + document.documentElement.scrollWidth + ' px wide'];
            }"""
        )
    )


def squeezed_cells(page: Any) -> list[str]:
    """Table cells of the open page narrower than one of their words: the word breaks
    across lines ("Dor / set"). Each word is measured as a range; two boxes mean it broke."""
    return list(
        page.evaluate(
            """() => {
              const squeezed = [], range = document.createRange();
              for (const cell of document.querySelectorAll('td, th')) {
                if (!cell.getClientRects().length || cell.closest('.pp-visually-hidden')) continue;
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                  const text = walker.currentNode, words = /\\S+/g;
                  if (text.parentElement.closest('.pp-visually-hidden')) continue;
                  for (let m; (m = words.exec(text.data));) {
                    range.setStart(text, m.index);
                    range.setEnd(text, m.index + m[0].length);
                    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                    if (lines.size > 1) squeezed.push(cell.tagName.toLowerCase() + ' "' + m[0] + '" (' + Math.round(cell.getBoundingClientRect().width) + ' px wide)');
                  }
                }
              }
              return squeezed.slice(0, 5);
            }"""
        )
    )


DESCRIBE_JS = """el => {
  const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().replace(/\\s+/g, ' ');
  const cls = el.classList.length ? '.' + [...el.classList].filter(c => c !== 'focus-visible').join('.') : '';
  const href = el.getAttribute('href');
  return el.tagName.toLowerCase() + cls + (text ? ' "' + text.slice(0, 50) + '"' : '') + (href ? ' (' + href + ')' : '');
}"""
"""A short name for an element in a failure message: tag, classes, text, link address."""


@dataclass(frozen=True)
class TabStop:
    name: str
    in_article: bool
    visible_focus: bool
    focused_style: str


def remember_unfocused(page: Any) -> None:
    """Note how every element of the open page looks with nothing focused (see `focused`)."""
    page.evaluate(
        """() => {
          const look = el => { const s = getComputedStyle(el);
            return 'outline: ' + [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' ') +
                   '; box-shadow: ' + s.boxShadow; };
          window.__ppLook = look;
          window.__ppUnfocused = new Map([...document.querySelectorAll('*')].map(el => [el, look(el)]));
          window.__ppReached = new Set();
        }"""
    )


def focused(page: Any) -> TabStop | None:
    """The element that has focus, and whether its focus shows: it has some size, and its
    outline (any style but none, wider than 0) or box shadow is there and differs from how
    it looked unfocused (`remember_unfocused`). None when nothing in the page has focus."""
    stop = page.evaluate(
        f"""() => {{
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return null;
          const style = getComputedStyle(el), box = el.getBoundingClientRect();
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          const shadow = style.boxShadow !== 'none';
          const look = window.__ppLook(el);
          const changed = look !== window.__ppUnfocused.get(el);
          const repeat = window.__ppReached.has(el);
          window.__ppReached.add(el);
          return {{name: ({DESCRIBE_JS})(el), inArticle: !!el.closest('article'), repeat, look,
                   visible: box.width > 0 && box.height > 0 && (outline || shadow) && changed}};
        }}"""
    )
    if stop is None or stop["repeat"]:
        return None
    return TabStop(stop["name"], stop["inArticle"], stop["visible"], stop["look"])


def tab_through(page: Any, limit: int = 400) -> tuple[list[TabStop], list[str]]:
    """Press Tab from the top of the open page until focus leaves it (or comes round again).

    Returns each element focused, in order (see `focused`), and the links and buttons of
    the main content (`article`) that Tab never reached.
    """
    remember_unfocused(page)
    stops: list[TabStop] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None:
            break
        stops.append(stop)
    missed = page.evaluate(
        f"""() => {{
          const wanted = 'a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button], [role=link]';
          return [...document.querySelectorAll('article')].flatMap(a => [...a.querySelectorAll(wanted)])
            .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
            .filter(el => !window.__ppReached.has(el)).map({DESCRIBE_JS});
        }}"""
    )
    return stops, list(missed)


def points_out_of_order(page: Any) -> list[str]:
    """Easy read points of the open page whose picture is not on the left of their words."""
    return list(
        page.evaluate(
            f"""() => [...document.querySelectorAll('.pp-point')].flatMap(point => {{
              const picture = point.querySelector('.pp-point__picture'), text = point.querySelector('.pp-point__text');
              if (!picture || !text) return [({DESCRIBE_JS})(point) + ': no picture or no words'];
              const p = picture.getBoundingClientRect(), t = text.getBoundingClientRect();
              if (p.width > 0 && p.right <= t.left + 1 && Math.abs(p.top - t.top) < 2) return [];
              return [({DESCRIBE_JS})(point) + ': picture at ' + Math.round(p.left) + ',' + Math.round(p.top) +
                      ', words at ' + Math.round(t.left) + ',' + Math.round(t.top)];
            }})"""
        )
    )


MARK_SPLITTABLE_JS = """([selector, whole]) => {
  const describe = __DESCRIBE__;
  const marked = [...document.querySelectorAll(selector)].filter(el => !el.closest('thead'));
  return marked.map((el, i) => {
    const href = 'pp-marker:' + encodeURIComponent(selector) + '/' + i;
    let name = describe(el).slice(0, 80);
    if (whole) {
      // The element itself becomes a link: a box the size of the element, on every page it is on.
      const link = document.createElement('a');
      for (const attribute of el.attributes) link.setAttribute(attribute.name, attribute.value);
      const style = getComputedStyle(el);
      for (const property of ['display', 'break-inside', 'word-break', 'overflow-wrap', 'color', 'text-decoration'])
        link.style.setProperty(property, style.getPropertyValue(property));
      link.href = href;
      link.append(...el.childNodes);
      el.replaceWith(link);
    } else {
      // Each run of text in it becomes a link: a box on every line it is on. A table's
      // caption goes with its first row.
      const parts = [el], table = el.closest('table');
      if (el.tagName === 'TR' && table?.caption && [...table.rows].find(row => !row.closest('thead')) === el) {
        parts.unshift(table.caption);
        name += ' (with its caption)';
      }
      const texts = [];
      for (const part of parts) {
        const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) if (walker.currentNode.data.trim()) texts.push(walker.currentNode);
      }
      for (const text of texts) {
        const link = document.createElement('a');
        link.href = href;
        link.style.cssText = 'color: inherit; text-decoration: inherit; word-break: inherit; overflow-wrap: inherit; font: inherit';
        text.replaceWith(link);
        link.append(text);
      }
    }
    return [href, name];
  });
}""".replace("__DESCRIBE__", DESCRIBE_JS)
"""Make each element that must not be split across printed pages findable in a PDF: returns
(marker address, element) pairs.

Chromium writes a link annotation for each piece of a link on each page it is printed on,
so an element whose marker shows on two pages was split. `whole` elements (an easy read
point: picture and words) become links themselves; table rows can't, so each run of text
in a row becomes one (a row split below its last line of text is not found, nor seen).
A table's first row shares its marker with the table's caption: they go on one page.
The markers must not move anything: compare the other links of the page with the PDF
printed without markers (`pdf_links`).
"""


def pdf_links(pdf: bytes) -> list[tuple[int, str, tuple[float, ...]]]:
    """The web links of a PDF, read with pypdf: (page number, address, rectangle). Links
    inside the page (`#...`) print as destinations, not addresses, and are not listed."""
    links = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            action = annotation.get("/A")
            if action is not None and "/URI" in action:
                rectangle = tuple(round(float(v), 2) for v in annotation["/Rect"])
                links.append((number, str(action["/URI"]), rectangle))
    return links


def pdf_page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)
