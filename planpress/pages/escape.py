"""The one boundary where plain text leaves planpress for an engine or a machine-read file.

Engines treat a page's title as HTML: MkDocs Material (and Zensical, which shares its
templates) writes it unescaped into the menu, the header, `<title>`, the footer and the
search index, and a front matter `description` unescaped into `<meta content="...">`.
planpress's titles and descriptions are plain text that an author typed, so every such
value is escaped here, once, whichever engine builds the pages. Page bodies are escaped
by the templates (Jinja's autoescape and the `text`, `md` and `markdown` filters).

Control characters never reach here from a plan (the loader refuses them); hand-written
pages and settings can still hold them, so they are dropped on the way out.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

from planpress.plan.source import CONTROL_CHARACTER


def plain_line(text: str) -> str:
    """Text on one line, without control characters: what a title or summary shows."""
    return " ".join(CONTROL_CHARACTER.sub("", text).split())


def engine_text(text: str) -> str:
    """Plain text as the engine's templates want it: HTML, with every `<`, `&` and quote escaped."""
    return html.escape(plain_line(text), quote=True)


def front_matter(text: str) -> Markup:
    """A value for a page's front matter (`title:`, `description:`): escaped for HTML, then
    written as a JSON string, which is valid YAML and cannot end the value early."""
    return Markup(json.dumps(engine_text(text), ensure_ascii=False))


_CSS_STRING = re.compile(r'^"[A-Za-z0-9 ,.\\]*"$')


def css_front_matter(css: str) -> Markup:
    """A front matter value that a theme writes into a `<style>` element: only a CSS string
    made by `planpress.pages.markup.css_string` (letters, digits, spaces, `,.` and CSS
    escapes), which is safe there as it is; HTML escaping would break it."""
    if not _CSS_STRING.match(css):
        raise ValueError(f"not a CSS string made by css_string: {css!r}")
    return Markup(json.dumps(css))


def xml_text(text: str) -> str:
    """Text for an XML element: ElementTree escapes `<` and `&`, but writes control
    characters as they are, which makes the whole file unreadable."""
    return CONTROL_CHARACTER.sub("", text)
