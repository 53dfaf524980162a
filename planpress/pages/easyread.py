"""Easy read version -> Markdown pages of the easy read site. Pure: no MkDocs, no files written.

Each version becomes a folder, `plans/<slug>/`: a front page (what this is, who wrote
it, who checked it, and the contents), a page per easy read page (one point per row,
the picture beside the words, and the hard words of that page explained), and a last
page with "Find out more", "Who to contact" and every hard word. Every page links to
the matching page of the standard version, and the standard pages link back here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from planpress.easyread.sources import (
    OPENMOJI_SOURCE,
    EasyReadLibrary,
    EasyReadPage,
    EasyReadPoint,
    LoadedEasyRead,
    Picture,
    bold_words,
    points_of,
)
from planpress.pages.markup import css_string
from planpress.pages.render import (
    Page,
    PrintDocument,
    packed,
    phone_href,
    render_template,
    set_fields,
    unpacked_bytes,
)
from planpress.pages.views import (
    PLANS_FOLDER,
    Link,
    PlanLayout,
    VersionNotice,
    asset_href,
    format_date,
    relative_href,
)
from planpress.plan.files import site_path as site_path_of
from planpress.plan.load import LoadedPlan
from planpress.plan.model import Contact, Measure, Section, Table, TableRow
from planpress.plan.source import YamlPath
from planpress.plan.versions import PlanFamily, changes_between, version_date

EASY_READ_FOLDER = "easy-read"
"""Where the easy read site sits inside the standard one: `/easy-read/`."""
PICTURES_FOLDER = "pictures"
MORE_PAGE = "find-out-more"
NEW_PAGE = "what-is-new"
NEW_PAGE_TITLE = "What is new in this plan"
RESERVED_PAGE_IDS = frozenset({"index", MORE_PAGE, NEW_PAGE})


@dataclass(frozen=True, init=False)
class Asset:
    """A file the site needs as it is (a picture, a plan's JSON), and where it goes in the
    site: copied from `source`, or made by planpress (its content kept `packed`)."""

    path: str
    source: Path | None = None
    packed_content: bytes | None = field(default=None, repr=False)

    def __init__(self, path: str, source: Path | None = None, content: bytes | None = None) -> None:
        packed_content = packed(content) if content is not None else None
        set_fields(self, path=path, source=source, packed_content=packed_content)

    def data(self) -> bytes:
        if self.packed_content is not None:
            return unpacked_bytes(self.packed_content)
        return self.data_path().read_bytes()

    def data_path(self) -> Path:
        """The file it is copied from (only assets made from a file have one)."""
        assert self.source is not None
        return self.source


@dataclass(frozen=True)
class EasyReadLayout:
    """Which pages an easy read version has, and which of them explains each plan item."""

    loaded: LoadedEasyRead
    directory_urls: bool = True
    version: str | None = None
    """Set when this explains an earlier version of the plan: it is kept at its own address."""
    has_new: bool = False
    """The plan had a version before this one: a "What is new in this plan" page says how it changed."""

    @classmethod
    def in_family(
        cls, loaded: LoadedEasyRead, family: PlanFamily | None, directory_urls: bool = True
    ) -> EasyReadLayout:
        """The layout of an easy read version among its plan's versions: at the plan's
        address when it explains the live one, and with "What is new" when the plan it
        explains had a version before."""
        live = family is None or loaded.plan is family.live
        return cls(
            loaded,
            directory_urls,
            None if live else loaded.plan.plan.version,
            has_new=family is not None and family.previous(loaded.plan) is not None,
        )

    @property
    def slug(self) -> str:
        return self.loaded.plan.plan.slug

    @property
    def live_folder(self) -> str:
        return f"{PLANS_FOLDER}/{self.slug}"

    @property
    def folder(self) -> str:
        return f"{self.live_folder}/{self.version}" if self.version else self.live_folder

    @property
    def front(self) -> str:
        return f"{self.folder}/index.md"

    @property
    def more(self) -> str:
        return f"{self.folder}/{MORE_PAGE}.md"

    @property
    def new(self) -> str:
        return f"{self.folder}/{NEW_PAGE}.md"

    def page(self, page: EasyReadPage) -> str:
        return f"{self.folder}/{page.id}.md"

    def page_for(self, path: YamlPath) -> str:
        """The page that shows the value at `path` of the version's YAML."""
        pages = self.loaded.version.pages
        if len(path) >= 2 and path[0] == "pages" and isinstance(path[1], int):
            return self.page(pages[path[1]])
        if path and path[0] in ("find_out_more", "who_to_contact", "contact"):
            return self.more
        if path and path[0] == "what_is_new" and self.has_new:
            return self.new
        return self.front

    def explaining(self, ids: Iterable[str]) -> str:
        """The first page about any of `ids` (a theme or its commitments), else the front page."""
        wanted = set(ids)
        for page in self.loaded.version.pages:
            if page.about in wanted or any(p.about in wanted for p in page.points):
                return self.page(page)
        return self.front


def easy_read_href(layout: EasyReadLayout, plan: PlanLayout, standard_path: str) -> str:
    """From a standard page to the easy read page that explains the same part of the plan."""
    target = layout.front
    for theme in plan.plan.themes:
        if plan.theme(theme) == standard_path:
            target = layout.explaining([theme.id, *(c.id for c in theme.commitments)])
    if standard_path == plan.changes and layout.has_new:
        target = layout.new
    for kind, items in (("principles", plan.plan.principles), ("outcomes", plan.plan.outcomes)):
        if items and standard_path == plan.optional(kind):
            target = layout.explaining([item.id for item in items])
    return relative_href(standard_path, f"{EASY_READ_FOLDER}/{target}", None, plan.directory_urls)


def standard_href(layout: EasyReadLayout, plan: PlanLayout, easy_path: str, about: str | None) -> str:
    """From an easy read page to the standard page (and commitment) it explains."""
    target, anchor = (plan.changes, None) if easy_path == layout.new else (plan.overview, None)
    where = plan.commitment_page()
    commitments = {c.id: c for c in plan.plan.commitments()}
    themes = {t.id: t for t in plan.plan.themes}
    numbered = {p.id: "principles" for p in plan.plan.principles}
    numbered |= {o.id: "outcomes" for o in plan.plan.outcomes}
    if about in themes:
        target = plan.theme(themes[about])
    elif about in commitments:
        target, anchor = where[about], commitments[about].anchor
    elif about in numbered:
        target, anchor = plan.optional(numbered[about]), about
    elif about is not None:
        item = plan.plan.about_items().get(about)
        if isinstance(item, Measure):
            target, anchor = plan.optional("measures"), f"measure-{item.id}"
        elif isinstance(item, Section):
            target, anchor = plan.section(item), item.id
        elif isinstance(item, (Table, TableRow)):
            table = item if isinstance(item, Table) else item.table
            target, anchor = plan.optional("tables"), f"table-{table.id}"
    return relative_href(easy_path, f"../{target}", anchor, plan.directory_urls)


def library_picture(library: EasyReadLibrary, picture: Picture) -> tuple[str, Path]:
    """Where a library picture goes in the site, and where its file is."""
    source = library.picture_path(picture)
    return f"{PICTURES_FOLDER}/{picture.id}{source.suffix}", source


def library_assets(library: EasyReadLibrary) -> list[Asset]:
    """Every picture of the library: hand-written pages may show any of them."""
    return [Asset(*library_picture(library, p)) for p in library.pictures.pictures]


# --- views -------------------------------------------------------------------


@dataclass(frozen=True)
class HardWord:
    word: str
    meaning: str


@dataclass(frozen=True)
class PointView:
    point: EasyReadPoint
    picture_href: str
    alt: str
    source: str
    words: list[HardWord] = field(default_factory=list)
    """For print only: the point's hard words, explained beside it on the printed page."""


class _Pictures:
    """The pictures the pages use, each copied once into the site."""

    def __init__(self, library: EasyReadLibrary, from_source: bool = False) -> None:
        self.library = library
        self.from_source = from_source
        self.assets: dict[str, Asset] = {}

    def href(self, page_path: str, site_path: str, directory_urls: bool) -> str:
        """The picture's address from a page. Engines differ: MkDocs leaves an image's
        `src` in a page's HTML as it is (relative to the built page), Zensical reads it as
        relative to the page's Markdown file, as it reads Markdown links (`from_source`)."""
        return asset_href(page_path, site_path, directory_urls and not self.from_source)

    def named(self, name: str, page_path: str, directory_urls: bool) -> str | None:
        """The address, from `page_path`, of the library's picture `name` (None when a
        project's own library has no picture of that name)."""
        picture = self.library.picture(name)
        if picture is None:
            return None
        site_path, source = library_picture(self.library, picture)
        self.assets.setdefault(site_path, Asset(site_path, source))
        return self.href(page_path, site_path, directory_urls)

    def asset(self, point: EasyReadPoint) -> tuple[str, str]:
        """(site path, alt text) of the point's picture."""
        if point.picture_file:
            source = self.library.own_picture(point.picture_file)
            site_path = f"{PICTURES_FOLDER}/own/{site_path_of(source, self.library.pictures_folder)}"
            alt = point.alt or ""
        else:
            picture = self.library.picture(point.picture or "")
            if picture is None:  # load_easyread reports this; kept safe for callers that skip it
                raise ValueError(f"no picture '{point.picture}' in the library")
            site_path, source = library_picture(self.library, picture)
            alt = point.alt or picture.alt
        self.assets.setdefault(site_path, Asset(site_path, source))
        return site_path, alt


def _points(
    loaded: LoadedEasyRead,
    items: Sequence[tuple[YamlPath, EasyReadPoint]],
    page_path: str | None,
    pictures: _Pictures,
    directory_urls: bool = True,
) -> list[PointView]:
    """The points as `page_path` shows them; with `page_path` None, as the PDF prints them:
    the picture read from its file, and each point's hard words beside it."""
    views = []
    for path, point in items:
        site_path, alt = pictures.asset(point)
        source = str(loaded.source.value(path))
        if page_path is None:
            picture = pictures.assets[site_path].data_path()
            words = _hard_words(pictures.library, [point])
            views.append(PointView(point, picture.resolve().as_uri(), alt, source, words))
        else:
            views.append(PointView(point, pictures.href(page_path, site_path, directory_urls), alt, source))
    return views


def _hard_words(library: EasyReadLibrary, points: Iterable[EasyReadPoint]) -> list[HardWord]:
    found: dict[str, HardWord] = {}
    for point in points:
        for text in bold_words(point.text):
            word = library.word(text)
            if word is not None and word.word not in found:
                found[word.word] = HardWord(word.word, word.meaning)
    return list(found.values())


def counted_changes(
    previous: LoadedPlan, loaded: LoadedEasyRead, library: EasyReadLibrary
) -> list[tuple[YamlPath, EasyReadPoint]]:
    """The changes planpress can say in easy words itself: when, and how many things were
    added, finished and stopped. Each needs its picture in the library, or is left out."""
    changes = changes_between(previous, loaded.plan)
    when = version_date(loaded.plan.plan)
    added, finished, stopped = len(changes.added), len(changes.completed), len(changes.removed)
    said = [
        (f"This plan changed in {when:%B %Y}." if when else "This plan has changed.", "calendar"),
        (f"We added {_things(added, 'new thing')} to the plan." if added else "", "new"),
        (f"We finished {_things(finished, 'thing')}." if finished else "", "tick"),
        (f"We stopped {_things(stopped, 'thing')}." if stopped else "", "stop"),
    ]
    return [
        (("what_is_new",), EasyReadPoint(text=text, picture=picture))
        for text, picture in said
        if text and library.picture(picture) is not None
    ]


def _things(count: int, noun: str) -> str:
    return f"1 {noun}" if count == 1 else f"{count} {noun}s"


# --- rendering ---------------------------------------------------------------


@dataclass(frozen=True)
class PrintedPart:
    """One part of an easy read version's PDF: a page's points, with its contact if any."""

    title: str
    points: list[PointView]
    contact: Contact | None = None
    phone_href: str = ""


@dataclass(frozen=True)
class EasyReadPages:
    pages: list[Page]
    assets: list[Asset]
    layout: EasyReadLayout


def render_easyread_pages(
    loaded: LoadedEasyRead,
    library: EasyReadLibrary,
    env: jinja2.Environment,
    directory_urls: bool = True,
    family: PlanFamily | None = None,
    images_from_source: bool = False,
) -> EasyReadPages:
    """Every page of one easy read version, and the pictures they show (`images_from_source`:
    see `_Pictures.href`).

    The easy read version of the live plan is at `plans/<slug>/`; one of an earlier
    version of the plan stays at `plans/<slug>/<version>/`, with a banner saying so.
    """
    version = loaded.version
    layout = EasyReadLayout.in_family(loaded, family, directory_urls)
    live, plan_version = layout.version is None, layout.version
    previous = family.previous(loaded.plan) if family is not None and layout.has_new else None
    plan_layout = PlanLayout(
        loaded.plan.plan,
        directory_urls,
        version=plan_version,
        history=family is not None and family.has_history,
    )
    pictures = _Pictures(library, images_from_source)
    checked = version.checked_by

    def common(path: str, title: str, about: str | None) -> dict[str, Any]:
        return {
            "page": {"path": path, "title": title},
            "print_header": css_string(f"{version.title} ({loaded.plan.plan.area})"),
            "version": version,
            "plan": loaded.plan.plan,
            "standard_href": standard_href(layout, plan_layout, path, about),
            "front": Link(version.title, relative_href(path, layout.front, None, directory_urls)),
            "version_notice": None
            if live
            else VersionNotice(
                "This is an older easy read version. The plan has changed since.",
                Link(
                    "Go to the new easy read version",
                    relative_href(path, f"{layout.live_folder}/index.md", None, directory_urls),
                ),
            ),
        }

    pdf_path = f"{layout.folder}/{layout.slug}{'-' + plan_version if plan_version else ''}-easy-read.pdf"
    front_values = common(layout.front, version.title, None) | {
        "pdf_href": asset_href(layout.front, pdf_path, directory_urls),
        "checked": checked,
        "checked_on": format_date(checked.date) if checked else "",
        # Each entry shows the picture of its page's first point (the words say the rest).
        "contents": [
            (
                Link(p.title, relative_href(layout.front, layout.page(p), None, directory_urls)),
                pictures.href(layout.front, pictures.asset(p.points[0])[0], directory_urls),
            )
            for p in version.pages
        ]
        + (
            [
                (
                    Link(NEW_PAGE_TITLE, relative_href(layout.front, layout.new, None, directory_urls)),
                    pictures.named("new", layout.front, directory_urls),
                )
            ]
            if previous
            else []
        )
        + [
            (
                Link("Find out more", relative_href(layout.front, layout.more, None, directory_urls)),
                pictures.named("search", layout.front, directory_urls),
            )
        ],
        "source": str(loaded.source.value(())),
    }
    pages = [
        Page(
            layout.front,
            render_template(env, "easyread-front.md.jinja", front_values),
            version.title,
            version.location,
        )
    ]
    all_pages = [*version.pages]
    printed: list[PrintedPart] = []
    for index, page in enumerate(all_pages):
        path = layout.page(page)
        items = [(("pages", index, "points", i), point) for i, point in enumerate(page.points)]
        printed.append(PrintedPart(page.title, _points(loaded, items, None, pictures)))
        next_page = all_pages[index + 1] if index + 1 < len(all_pages) else None
        values = common(
            path, page.title, page.about or next((p.about for p in page.points if p.about), None)
        ) | {
            "title": page.title,
            "points": _points(loaded, items, path, pictures, directory_urls),
            "hard_words": _hard_words(library, page.points),
            "source": str(loaded.source.value(("pages", index))),
            "next": Link(
                next_page.title if next_page else "Find out more",
                relative_href(
                    path, layout.page(next_page) if next_page else layout.more, None, directory_urls
                ),
            ),
        }
        pages.append(
            Page(path, render_template(env, "easyread-page.md.jinja", values), page.title, page.location)
        )
    tail = [(path, point) for path, point in points_of(version) if path[0] != "pages"]
    if previous is not None:
        new_items = counted_changes(previous, loaded, library) + [t for t in tail if t[0][0] == "what_is_new"]
        printed.append(PrintedPart(NEW_PAGE_TITLE, _points(loaded, new_items, None, pictures)))
        new_values = common(layout.new, NEW_PAGE_TITLE, None) | {
            "points": _points(loaded, new_items, layout.new, pictures, directory_urls),
            "hard_words": _hard_words(library, version.what_is_new),
            "source": str(loaded.source.value(("what_is_new",))),
        }
        pages.append(
            Page(
                layout.new,
                render_template(env, "easyread-new.md.jinja", new_values),
                NEW_PAGE_TITLE,
                version.location,
            )
        )
    contact = version.contact or loaded.plan.plan.lead_contact
    more_items = [t for t in tail if t[0][0] == "find_out_more"]
    contact_items = [t for t in tail if t[0][0] == "who_to_contact"]
    printed.append(PrintedPart("Find out more", _points(loaded, more_items, None, pictures)))
    printed.append(
        PrintedPart(
            "Who to contact", _points(loaded, contact_items, None, pictures), contact, phone_href(contact)
        )
    )
    more_values = common(layout.more, "Find out more", None) | {
        "find_out_more": _points(loaded, more_items, layout.more, pictures, directory_urls),
        "who_to_contact": _points(loaded, contact_items, layout.more, pictures, directory_urls),
        "contact": contact,
        "phone_href": phone_href(contact),
        "hard_words": sorted(
            _hard_words(library, (p for _, p in points_of(version))), key=lambda w: w.word.casefold()
        ),
        "source": str(loaded.source.value(("find_out_more",))),
    }
    pages.append(
        Page(
            layout.more,
            render_template(env, "easyread-more.md.jinja", more_values),
            "Find out more",
            version.location,
        )
    )
    print_values = front_values | {
        "document_title": f"{version.title}: easy read",
        "running_title": version.title,
        "description": f"An easy read version of {loaded.plan.plan.name}.",
        "standard_href": "",
        "parts": printed,
    }
    printable = PrintDocument(pdf_path, render_template(env, "pdf/easyread.html.jinja", print_values))
    pages[0] = pages[0].but(printable=printable)
    return EasyReadPages(pages, list(pictures.assets.values()), layout)


def render_easyread_index(
    versions: Sequence[LoadedEasyRead],
    env: jinja2.Environment,
    directory_urls: bool = True,
    library: EasyReadLibrary | None = None,
    images_from_source: bool = False,
) -> Page:
    """`plans/index.md` of the easy read site: every plan that has an easy read version,
    each with the picture of its first point (`images_from_source`: see `_Pictures.href`)."""
    path = f"{PLANS_FOLDER}/index.md"
    pictures = _Pictures(library, images_from_source) if library else None
    entries = [
        (
            Link(
                v.version.title,
                relative_href(path, EasyReadLayout(v).front, None, directory_urls),
                v.plan.plan.area,
            ),
            pictures.href(path, pictures.asset(v.version.pages[0].points[0])[0], directory_urls)
            if pictures and v.version.pages
            else None,
        )
        for v in sorted(versions, key=lambda v: (v.plan.plan.area.casefold(), v.version.title.casefold()))
    ]
    values = {"page": {"path": path, "title": "Plans"}, "entries": entries}
    return Page(path, render_template(env, "easyread-index.md.jinja", values), "Plans", None)


def _meaning_order(meaning: str) -> tuple[int, str]:
    """Numbers in number order ("2" before "10"), then words in alphabetical order."""
    digits = re.match(r"\d+", meaning)
    return (int(digits.group()), meaning) if digits else (10**9, meaning)


def render_pictures_page(
    library: EasyReadLibrary,
    env: jinja2.Environment,
    directory_urls: bool = True,
    images_from_source: bool = False,
) -> Page:
    """`pictures.md`: every picture by what it means, what it must not stand for, and whose it
    is (OpenMoji asks for credit). For authors choosing a picture: linked, not in the menu."""
    path = "pictures.md"
    pictures = _Pictures(library, images_from_source)
    rows = []
    meanings: dict[str, list[str]] = {}
    for picture in library.pictures.pictures:
        site_path, _ = library_picture(library, picture)
        rows.append(
            {
                "picture": picture,
                "href": pictures.href(path, site_path, directory_urls),
                "licence": picture.licence or ("CC BY-SA 4.0" if picture.openmoji else ""),
                "source": picture.source or (OPENMOJI_SOURCE if picture.openmoji else ""),
            }
        )
        for tag in picture.tags:
            meanings.setdefault(tag.casefold(), []).append(picture.id)
    by_letter: dict[str, list[tuple[str, list[str]]]] = {}
    for meaning in sorted(meanings, key=_meaning_order):
        letter = meaning[0].upper() if meaning[0].isalpha() else "0-9"
        by_letter.setdefault(letter, []).append((meaning, meanings[meaning]))
    values = {"page": {"path": path, "title": "Pictures"}, "rows": rows, "by_letter": by_letter}
    # Linked from the home page, not in the menu: a licence list is not what readers came for.
    return Page(
        path, render_template(env, "easyread-pictures.md.jinja", values), "Pictures", None, in_nav=False
    )
