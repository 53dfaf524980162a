"""Repairs to the HTML that Material for MkDocs, and Zensical after it, write outside the
blocks a theme override can reach (base.html's menu and search toggles, the table of
contents' label), applied to every built page by either engine so that the Nu HTML checker
and axe find nothing on any page.

Each repair is small and says which finding it removes; planpress's own markup is never
touched.
"""

from __future__ import annotations

import re

TOGGLE_NAMES = {"__drawer": "Menu", "__search": "Search", "__toc": "Table of contents"}
"""Material's hidden checkboxes that open the menu, the search box and the table of
contents, and the names they are given (they are labelled only by icons)."""

_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_ID = re.compile(r'\bid="([^"]*)"')
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')


def _repair_checkbox(match: re.Match[str]) -> str:
    tag = match.group(0)
    # Nu: `autocomplete` is not allowed on a checkbox (Material adds it for Firefox).
    tag = tag.replace(' autocomplete="off"', "")
    found = _ID.search(tag)
    name = TOGGLE_NAMES.get(found.group(1)) if found else None
    if name and "aria-label" not in tag:
        # A form control needs a name (WCAG 4.1.2); an icon gives it none.
        tag = tag[:-1].rstrip("/ ") + f' aria-label="{name}">'
    return tag


_HIDDEN_OVERLAY = '<label class="md-overlay" for="__drawer" aria-hidden="true">'
"""Zensical's overlay that closes the menu: Nu refuses `aria-hidden` on the label of a
control (Material writes it without)."""


def repair_theme_html(html: str) -> str:
    """The page with the theme's findings repaired (see the module's docstring)."""
    html = _CHECKBOX.sub(_repair_checkbox, html)
    html = html.replace(_HIDDEN_OVERLAY, '<label class="md-overlay" for="__drawer">')
    if 'id="__toc"' not in html:
        # Nu: a label's `for` must name a control; a page outside the menu (an older
        # version's copy) has the table of contents' label but not its checkbox.
        html = _TOC_LABEL.sub(r"\1", html)
    return html
