"""Text from YAML -> safe HTML for the pages: Markdown fields, plain text and abbreviations.

Plan files are written by many people and copied from documents; the site must never
publish what a field smuggles in. Every Markdown field is rendered with Python-Markdown and
then cleaned with nh3 against an allow-list: no scripts, no event handlers, no styles, and
links only to http, https and mailto addresses. Plain text is escaped. Both then get the
plan's glossary terms marked up as `<abbr title>`, because raw HTML that the page's
Markdown holds is out of reach of the `abbr` extension.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping

import markdown  # type: ignore[import-untyped]  # no stubs: types-Markdown is not a dependency
import nh3
from markupsafe import Markup

from planpress.plan.model import REFERENCE

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "code", "blockquote", "abbr"}
    | {"h2", "h3", "h4", "h5", "h6", "sub", "sup", "del", "hr"}
)
"""What a Markdown field may produce. No h1 (the page's own), and an h2 only where the
template asks for headings from level 2 (see `_shift_headings`); no images (alt text comes
from the picture library or a figure's `alt`), no tables."""

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_EMPTY_LINK = re.compile(r"<a(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.DOTALL)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_SINGLE_PARAGRAPH = re.compile(r"^<p>((?:(?!<p>|</p>).)*)</p>$", re.DOTALL)


def clean_html(fragment: str) -> str:
    """Keep only allow-listed tags and attributes; drop unsafe links' addresses, not their words."""
    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _EMPTY_LINK.sub(r"\1", cleaned)


_converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
"""One converter for every field: building one per call costs more than the conversion."""


@functools.lru_cache(maxsize=32768)
def render_markdown(text: str, heading_level: int = 3) -> str:
    """A Markdown field as clean HTML; its `#` headings start at `heading_level`.

    Remembered: the live version's pages are published twice (at the plan's address and
    at the version's), and a refresh repeats most of the text before it."""
    rendered = _converter.reset().convert(text)
    return clean_html(_shift_headings(rendered, heading_level))


def render_inline(text: str) -> str:
    """A short Markdown field (a list item, a timeline entry) without a wrapping paragraph."""
    rendered = render_markdown(text).strip()
    match = _SINGLE_PARAGRAPH.match(rendered)
    return match.group(1) if match else rendered


def _shift_headings(rendered: str, level: int) -> str:
    """A field's top heading becomes `<h{level}>` and the rest keep their steps below it.

    So a field never outranks the page's own headings, and a `###` written under the
    page's `h2` stays an `h3` (a fixed shift made it an `h5`, and skipped levels)."""
    found = [int(m.group(2)) for m in _HEADING.finditer(rendered) if not m.group(1)]
    if not found:
        return rendered
    shift = max(level, 1) - min(found)

    def replace(match: re.Match[str]) -> str:
        return f"<{match.group(1)}h{min(int(match.group(2)) + shift, 6)}"

    return _HEADING.sub(replace, rendered)


@functools.lru_cache(maxsize=256)
def _abbreviation_marker(terms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regular expression for every term, longest first (`LD&A` before `LD`), and each
    term's title. Made once per glossary: every field of a plan's pages is marked with it."""
    ordered = sorted((term for term, _ in terms), key=lambda t: (-len(t), t))
    alternatives = "|".join(re.escape(html.escape(t, quote=False)) for t in ordered)
    titles = {html.escape(term, quote=False): html.escape(title) for term, title in terms}
    return re.compile(rf"(?<![\w&])({alternatives})(?!\w)"), titles


def mark_abbreviations(fragment: str, abbreviations: Mapping[str, str]) -> str:
    """Wrap each glossary term in the text of clean HTML in `<abbr title="expansion">`.

    Works on text between tags only, and never inside `<abbr>`, `<code>` or an attribute.
    The HTML must be well-formed (nh3's output, or escaped text).
    """
    if not abbreviations:
        return fragment
    pattern, titles = _abbreviation_marker(tuple(abbreviations.items()))
    out: list[str] = []
    skip_depth = 0
    for part in _TAG_OR_TEXT.split(fragment):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if name in ("abbr", "code"):
                skip_depth += -1 if part.startswith("</") else 1
            out.append(part)
        elif skip_depth > 0 or not part:
            out.append(part)
        else:
            out.append(pattern.sub(lambda m: f'<abbr title="{titles[m.group(1)]}">{m.group(1)}</abbr>', part))
    return "".join(out)


def markdown_html(text: str, abbreviations: Mapping[str, str], heading_level: int = 3) -> Markup:
    """Markdown field -> clean HTML with abbreviations marked: the `markdown` filter."""
    return Markup(mark_abbreviations(render_markdown(text, heading_level), abbreviations))


def inline_html(text: str, abbreviations: Mapping[str, str]) -> Markup:
    """Short Markdown field -> clean inline HTML with abbreviations marked."""
    return Markup(mark_abbreviations(render_inline(text), abbreviations))


def text_html(text: str, abbreviations: Mapping[str, str]) -> Markup:
    """Plain text -> escaped HTML with abbreviations marked: the `text` filter."""
    return Markup(mark_abbreviations(html.escape(text, quote=False), abbreviations))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")


def markdown_text(text: str) -> Markup:
    """Plain text placed in a Markdown line (a heading): nothing in it acts as Markdown or HTML."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def abbreviation_lines(abbreviations: Mapping[str, str]) -> str:
    """`*[TERM]: expansion` lines for the Markdown `abbr` extension (headings and Markdown text)."""
    return "\n".join(f"*[{term}]: {' '.join(title.split())}" for term, title in sorted(abbreviations.items()))


_ABBR = re.compile(r'<abbr title="([^"]*)">')


def mark_repeated_abbreviations(page_html: str) -> str:
    """A built page's HTML with each glossary term underlined at its first use only: later
    `<abbr>`s of the same term get `pp-abbr-again` (still explained when pointed at), so
    that a page using "LeDeR" eight times is not underlined eight times."""
    seen: set[str] = set()

    def mark(match: re.Match[str]) -> str:
        title = match.group(1)
        if title in seen:
            return f'<abbr class="pp-abbr-again" title="{title}">'
        seen.add(title)
        return match.group(0)

    return _ABBR.sub(mark, page_html)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that is safe anywhere in HTML too: every character but
    letters, digits, spaces and `,.` is written as a CSS escape (`\\2014 `)."""
    return (
        '"'
        + "".join(c if c.isascii() and (c.isalnum() or c in " ,.") else f"\\{ord(c):x} " for c in text)
        + '"'
    )


_REFERENCE_URL = "https://planpress.invalid/ref/"
"""Where a cross-reference points while nh3 cleans the field (it lets no relative address
through); replaced by the real address after."""
_REFERENCE_HREF = re.compile(
    r'href="https://planpress\.invalid/ref/(\w+)/([a-z0-9-]+)"(?: rel="noopener noreferrer")?'
)
_REFERENCE_LINK = re.compile(r'<a href="https://planpress\.invalid/ref/[^"]*"[^>]*>(.*?)</a>', re.DOTALL)

Resolve = Callable[[str, str], str]
"""The address, from the page being made, of a plan's item: (kind, id) -> href."""


def with_references(text: str, render: Callable[[str], Markup], resolve: Resolve | None) -> Markup:
    """A field with its cross-references (`[the table](#table:population)`) made links to
    the page and anchor of the item; with no `resolve` (a page outside the plan's), their words."""
    if "](#" not in text:
        return render(text)
    marked = REFERENCE.sub(lambda m: f"]({_REFERENCE_URL}{m[1]}/{m[2]})", text)
    rendered = str(render(marked))
    if resolve is None:
        return Markup(_REFERENCE_LINK.sub(r"\1", rendered))
    return Markup(_REFERENCE_HREF.sub(lambda m: f'href="{html.escape(resolve(m[1], m[2]))}"', rendered))
