"""Alt text rules, on the HTML a page really has: the rules of axe-core and then some.

axe's `image-alt` only asks that an alt exists; people who use screen readers also
suffer alt texts that are file names, "image of ...", a lone placeholder word, far too
long, or the caption again. Each verdict here names its rule so a project can tune it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from planpress.checks.findings import Finding, excerpt
from planpress.checks.rules import CheckSettings

FILE_NAME = re.compile(
    r"^\S*\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?|avif|ico)$|^(?:img|image|dsc|dscn|pxl|screenshot)[-_ ]?\d+",
    re.IGNORECASE,
)
REDUNDANT_START = re.compile(
    r"^(?:an?\s+|the\s+)?(?:image|picture|graphic|photo|photograph|icon|illustration)\s+of\b", re.IGNORECASE
)
REDUNDANT_END = re.compile(r"\b(?:image|graphic)\.?$", re.IGNORECASE)
PLACEHOLDERS = {
    "image", "picture", "graphic", "photo", "logo", "chart", "icon", "img", "spacer", "*",
    "alt", "placeholder", "untitled", "blank", "graph", "figure", "diagram", "map",
    "todo", "tbc", "tbd", "fixme", "xxx", "alt text", "to do", "to be confirmed",
}  # fmt: skip


@dataclass(frozen=True)
class AltVerdict:
    """One rule an alt text breaks, with how to fix it."""

    rule: str
    message: str


def judge_alt(alt: str | None, decorative: bool, beside: str, settings: CheckSettings) -> list[AltVerdict]:
    """What is wrong with one image's alt text, given the text beside the image."""
    found: list[AltVerdict] = []
    if alt is None:
        return [
            AltVerdict("alt-missing", 'add alt text that says what the image shows (or alt="" if decorative)')
        ]
    if alt == "":
        if decorative:
            return []
        return [
            AltVerdict(
                "alt-empty",
                "empty alt text: describe the image, or mark it decorative in the source if it adds nothing",
            )
        ]
    text = " ".join(alt.split())
    if not text:
        return [AltVerdict("alt-whitespace", "the alt text is only spaces: describe the image")]
    if FILE_NAME.search(text):
        found.append(AltVerdict("alt-filename", "the alt text is a file name: say what the image shows"))
    if text.strip(" .").casefold() in PLACEHOLDERS:
        found.append(AltVerdict("alt-placeholder", f"'{text}' says nothing: say what the image shows"))
    elif REDUNDANT_START.search(text) or REDUNDANT_END.search(text):
        found.append(
            AltVerdict(
                "alt-redundant-words",
                "screen readers already say it is an image: remove 'image of', 'picture of' or 'graphic'",
            )
        )
    limit = settings.rule("alt-length").limit("max")
    if len(text) > limit:
        found.append(
            AltVerdict(
                "alt-length",
                f"the alt text is {len(text)} characters, at most {limit:g}: put the long description in the text",
            )
        )
    if beside and _same(text, beside):
        message = (
            "the alt text repeats the sentence beside the picture: describe what the picture shows"
            if settings.profile == "easy-read"
            else 'the alt text repeats the text beside it: describe the image, or use alt="" if it adds nothing'
        )
        found.append(AltVerdict("alt-repeats-text", message))
    return [v for v in found if settings.on(v.rule)]


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^\w]+", " ", s).strip().casefold()

    return norm(a) == norm(b)


def _decorative(img: LexborNode) -> bool:
    attrs = img.attributes
    classes = (attrs.get("class") or "").split()
    return (
        "decorative" in classes
        or attrs.get("role") in ("presentation", "none")
        or attrs.get("aria-hidden") == "true"
    )


def _beside(node: LexborNode) -> str:
    """The text an image sits with: its figure caption, link or easy read point."""
    for ancestor in _ancestors(node):
        if ancestor.tag in ("figure", "a", "button") or "pp-point" in (
            ancestor.attributes.get("class") or ""
        ):
            caption = ancestor.css_first("figcaption, .pp-point__text")
            return (caption or ancestor).text(separator=" ", strip=True)
    return ""


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        yield parent
        parent = parent.parent


def source_of(node: LexborNode) -> str | None:
    """The `data-pp-source="file:line:col"` of the node or the nearest element that has one."""
    for candidate in (node, *_ancestors(node)):
        found = candidate.attributes.get("data-pp-source")
        if found:
            return found
    return None


def check_images(tree: LexborHTMLParser, settings: CheckSettings) -> Iterator[tuple[LexborNode, Finding]]:
    """Findings for every `<img>` and inline `<svg>` in the page's content."""
    for img in tree.css("img"):
        alt = img.attributes.get("alt")
        for verdict in judge_alt(alt, _decorative(img), _beside(img), settings):
            shown = alt if alt else (img.attributes.get("src") or "")
            yield img, _finding(settings, verdict, shown)
    for svg in tree.css("svg"):
        yield from ((svg, f) for f in _check_svg(svg, settings))


def _check_svg(svg: LexborNode, settings: CheckSettings) -> Iterator[Finding]:
    attrs = svg.attributes
    if attrs.get("aria-hidden") == "true" or attrs.get("role") in ("presentation", "none"):
        return
    if svg.parent is not None and any(a.tag == "svg" for a in _ancestors(svg)):
        return
    label = attrs.get("aria-label") or ""
    title = svg.css_first("title")
    if "pp-chart" in (attrs.get("class") or ""):
        missing = [
            what
            for what, ok in (
                ('role="img"', attrs.get("role") == "img"),
                ("<title>", title is not None and bool(title.text(strip=True))),
                ("<desc>", svg.css_first("desc") is not None),
                ("a data table after it", _table_follows(svg)),
            )
            if not ok
        ]
        if missing and settings.on("chart-text"):
            yield _finding(
                settings,
                AltVerdict("chart-text", f"the chart needs {', '.join(missing)}"),
                title.text(strip=True) if title else "",
            )
        return
    name = label or (title.text(strip=True) if title else "")
    if name:
        for verdict in judge_alt(name, False, "", settings):
            yield _finding(settings, verdict, name)
    elif (attrs.get("role") == "img" or _in_content(svg)) and settings.on("alt-missing"):
        yield _finding(
            settings,
            AltVerdict(
                "alt-missing", 'the picture (svg) needs role="img" and a <title>, or aria-hidden="true"'
            ),
            "",
        )


def _in_content(node: LexborNode) -> bool:
    """Theme icons inside links and buttons are named by their link; content SVGs are not."""
    return not any(a.tag in ("a", "button", "label", "header", "nav", "footer") for a in _ancestors(node))


def _table_follows(svg: LexborNode) -> bool:
    for ancestor in (svg, *_ancestors(svg)):
        sibling = ancestor.next
        while sibling is not None:
            if sibling.tag == "table" or (sibling.tag != "-text" and sibling.css_first("table") is not None):
                return True
            if sibling.tag not in ("-text", "-comment"):
                break
            sibling = sibling.next
    return False


def _finding(settings: CheckSettings, verdict: AltVerdict, text: str) -> Finding:
    severity = settings.rule(verdict.rule).severity
    return Finding(
        verdict.rule, "warning" if severity == "warning" else "error", verdict.message, excerpt(text)
    )
