"""PDFs of planpress's own printable HTML (`render.PrintDocument`), made with WeasyPrint.

Made from planpress's HTML, not from an engine's output, so that MkDocs' build and a
folder written for another engine carry the same PDF. Each PDF is tagged (PDF/UA-1, as far
as WeasyPrint goes) and has the document's title and language, for screen readers. The
PDF of an unchanged document is made once and kept in the project's cache (`pdf_of`);
most of a build's PDFs are made by a helper process (`Printer`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import pickle
import re
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from planpress.cache import Cache, file_digest, key
from planpress.children import answer_each, start_child

if TYPE_CHECKING:
    import weasyprint

PRINT_CSS = "print.css"

# WeasyPrint reports each CSS rule it does not know on its own logger, per document.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


@functools.cache
def _stylesheet() -> weasyprint.CSS:
    import weasyprint

    return weasyprint.CSS(string=(files("planpress.pages") / "assets" / PRINT_CSS).read_text("utf-8"))


ONE_PAGE_SIZES = (9.0, 8.5, 8.0, 7.5)
"""Text sizes (pt) a one-page document is tried at, largest first; 7.5pt is the least."""


_FILE_URL = re.compile(r"""file://[^"'\s<>)]+""")


IN_PROCESS = 4
"""PDFs a `Printer` makes in its own process before it starts a helper: a preview after an
edit makes one or two, and starting a helper takes longer than that (about a second)."""
HELPER_DOCUMENTS = 25
"""Documents a helper makes before a new one takes over (about 25 MiB, given back as it ends)."""


class Printer:
    """Makes one build's PDFs: the first `IN_PROCESS` itself, the rest in a helper process.

    WeasyPrint keeps about 1 MiB of C memory (Pango's and fontconfig's) for each document it
    lays out, which no garbage collection gives back (WeasyPrint issue 2130): at 500 plans
    the build's peak fell from 1,655 to 1,369 MiB. A helper gives it back when it ends, every
    `HELPER_DOCUMENTS` documents. Each document is laid out with fonts of its own either
    way, so a PDF is the same, byte for byte, wherever it was made. Use it in a `with`: the
    helper ends with it."""

    def __init__(self, in_process: int = IN_PROCESS, per_helper: int = HELPER_DOCUMENTS) -> None:
        self.in_process = in_process
        self.per_helper = per_helper
        self.made = 0
        self.helper: _Helper | None = None

    def make(self, html: str, one_page: bool) -> bytes:
        """`make_pdf`, here or in the helper."""
        self.made += 1
        if self.made <= self.in_process:
            return make_pdf(html, one_page)
        if self.helper is not None and self.helper.made >= self.per_helper:
            self.helper.stop()
            self.helper = None
        if self.helper is None:
            self.helper = _Helper()
        made = self.helper.make(html, one_page)
        if made is None:  # the helper died (it was killed): make this one here
            self.helper = None
            return make_pdf(html, one_page)
        return made

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        if self.helper is not None:
            self.helper.stop(now=error is not None)  # Ctrl-C: not after the PDF it is making
            self.helper = None


class _Helper:
    """A process that makes each PDF sent on its stdin (`planpress.children`)."""

    def __init__(self) -> None:
        self.process = start_child(__name__, "helper_main")
        self.made = 0

    def make(self, html: str, one_page: bool) -> bytes | None:
        """The PDF, or None if the helper has gone; WeasyPrint's own errors are raised here."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            pickle.dump((html, one_page), stdin)
            stdin.flush()
            answer: bytes | BaseException = pickle.load(stdout)
        except (BrokenPipeError, EOFError, pickle.UnpicklingError):
            self.stop()
            return None
        self.made += 1
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def stop(self, now: bool = False) -> None:
        """Close its stdin, which ends it, and wait; `now`: kill it."""
        if now:
            self.process.kill()
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        self.process.wait()


def helper_main() -> None:
    """The helper: a PDF for each (html, one_page) on stdin, or the error that stopped it,
    on stdout (`planpress.children.answer_each`)."""
    answer_each(_answer)


def _answer(job: tuple[str, bool]) -> bytes | Exception:
    try:
        return make_pdf(*job)
    except Exception as error:  # raised again in the caller, as if it had made the PDF
        return error


def pdf_of(html: str, one_page: bool, cache: Cache, printer: Printer) -> Path | bytes:
    """`make_pdf`, from the cache when the same HTML (and every picture it reads, by
    content) was made into a PDF before: the cache's file, so that a build copies it
    rather than holding every PDF in memory (the PDF itself only when nothing is cached)."""
    pictures = sorted({Path(unquote(urlsplit(url).path)) for url in _FILE_URL.findall(html)})
    name = key("pdf", html, str(one_page), file_digest(pictures))
    kept = cache.path("pdf", name)
    if kept is not None:
        return kept
    made = printer.make(html, one_page)
    return cache.put("pdf", name, made) or made


def make_pdf(html: str, one_page: bool = False) -> bytes:
    """The PDF of one printable document; `one_page`: at the largest text size that fits
    one page (or the smallest). Only pictures on disk and `data:` addresses are read: a
    build never goes out to the web for a PDF.

    WeasyPrint is imported here, when a PDF is made: it takes about 40 MiB, which a build
    whose PDFs are all in the cache does not need."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    options: dict[str, Any] = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}
    sizes = ONE_PAGE_SIZES if one_page else (None,)
    for size in sizes:
        sheets = [_stylesheet()]
        if size is not None:
            sheets.append(weasyprint.CSS(string=f"body.pp-pdf {{ font-size: {size}pt }}"))
        rendered = document.render(stylesheets=sheets, **options)
        if len(rendered.pages) == 1 or size == sizes[-1]:
            break
    pdf: bytes = rendered.write_pdf(**options)
    return pdf
