"""Plan -> Markdown pages of the standard site. Pure: no MkDocs, no files written.

Each plan becomes a folder of pages, `plans/<slug>/`: an overview, a page per theme, and
pages for principles, outcomes, measures, risks, tables and the glossary when the plan has
them. Everything a page shows that takes thought (links between pages, backlinks,
commitments grouped by year, charts) is worked out in `planpress.pages.views`; the templates in
`planpress/pages/templates/` only lay it out, so a project can replace one without re-doing
the logic. Any engine that reads Markdown (MkDocs, Zensical) can build the pages.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import segno
from markupsafe import Markup

from planpress.checks.run import Report
from planpress.easyread.sources import EasyReadVersion
from planpress.pages.board import board_summary_view
from planpress.pages.escape import css_front_matter, front_matter
from planpress.pages.markup import (
    Resolve,
    abbreviation_lines,
    inline_html,
    markdown_html,
    markdown_text,
    text_html,
    with_references,
)
from planpress.pages.views import (
    BOARD_SUMMARY,
    PLANS_FOLDER,
    RAG_LABELS,
    STATUS_LABELS,
    Link,
    PlanContext,
    PlanLayout,
    PlanPlace,
    PlanRow,
    absolute_url,
    asset_href,
    changes_views,
    figure_views,
    finance_views,
    format_date,
    glossary_abbreviations,
    glossary_entries,
    grid_view,
    measure_view,
    measures_by_commitment,
    numbered_views,
    period_label,
    person_text,
    plain_excerpt,
    plan_order,
    readability_view,
    reference_href,
    relative_href,
    risk_views,
    risks_by_commitment,
    robots,
    superseded_link,
    table_views,
    version_notice,
    word_changes,
    year_groups,
)
from planpress.plan.load import LoadedPlan
from planpress.plan.model import Contact, Status, Theme
from planpress.plan.source import SourceLocation
from planpress.plan.versions import PlanFamily


@dataclass(frozen=True)
class EasyReadLink:
    """A plan's easy read version, and the address of its page matching a standard page."""

    version: EasyReadVersion
    href: Callable[[str], str]


def packed(text: str | bytes) -> bytes:
    """Text kept compressed (zlib at its fastest: about a fifth of the size). A site's pages
    are all made before an engine reads the first, and at 500 plans their Markdown and
    printable HTML would otherwise hold hundreds of MiB until the build ends."""
    return zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, 1)


def unpacked(data: bytes) -> str:
    return unpacked_bytes(data).decode("utf-8")


def unpacked_bytes(data: bytes) -> bytes:
    return zlib.decompress(data)


def set_fields(instance: object, **values: Any) -> None:
    """Set the fields of a frozen dataclass, from its own `__init__`."""
    for name, value in values.items():
        object.__setattr__(instance, name, value)


@dataclass(frozen=True, init=False)
class PrintDocument:
    """A PDF the site offers beside a page, as planpress's own HTML (kept `packed`): any
    engine's build makes the same PDF from it (`planpress.pages.pdf`)."""

    path: str
    """Where the PDF goes in the site, e.g. `plans/<slug>/<slug>-board-summary.pdf`."""
    packed_html: bytes = field(repr=False)
    one_page: bool = False
    """Made smaller, within limits, until it fits on one page (a board summary)."""

    def __init__(self, path: str, html: str, one_page: bool = False) -> None:
        set_fields(self, path=path, packed_html=packed(html), one_page=one_page)

    @property
    def html(self) -> str:
        return unpacked(self.packed_html)

    def kept(self) -> dict[str, Any]:
        """As plain data, which `PrintDocument(**kept)` makes again (for the build cache)."""
        return {"path": self.path, "html": self.html, "one_page": self.one_page}


@dataclass(frozen=True, init=False)
class Page:
    """One Markdown page of the site, ready for an engine to build (its text kept `packed`)."""

    path: str
    """Where it sits in the docs tree, e.g. `plans/<slug>/index.md`."""
    packed_markdown: bytes = field(repr=False)
    title: str
    source: SourceLocation | None
    """The YAML it mainly comes from: checks report page-level findings there."""
    in_nav: bool = True
    """False for pages reached by link only, such as the copies at a version's own address."""
    printable: PrintDocument | None = None
    """The PDF made of this page (a board summary, an easy read version), if it has one."""

    def __init__(
        self,
        path: str,
        markdown: str,
        title: str,
        source: SourceLocation | None,
        in_nav: bool = True,
        printable: PrintDocument | None = None,
    ) -> None:
        set_fields(
            self,
            path=path,
            packed_markdown=packed(markdown),
            title=title,
            source=source,
            in_nav=in_nav,
            printable=printable,
        )

    @property
    def markdown(self) -> str:
        return unpacked(self.packed_markdown)

    def but(
        self, markdown: str | None = None, in_nav: bool | None = None, printable: PrintDocument | None = None
    ) -> Page:
        """The same page with some of it changed."""
        return Page(
            self.path,
            self.markdown if markdown is None else markdown,
            self.title,
            self.source,
            self.in_nav if in_nav is None else in_nav,
            self.printable if printable is None else printable,
        )

    def kept(self) -> dict[str, Any]:
        """As plain data, which `Page.from_kept` makes again (for the build cache)."""
        return {
            "path": self.path,
            "markdown": self.markdown,
            "title": self.title,
            "source": asdict(self.source) if self.source is not None else None,
            "in_nav": self.in_nav,
            "printable": self.printable.kept() if self.printable is not None else None,
        }

    @classmethod
    def from_kept(cls, kept: dict[str, Any]) -> Page:
        """A page `kept` before (KeyError or TypeError if `kept` is not one)."""
        source, printable = kept["source"], kept["printable"]
        return cls(
            kept["path"],
            kept["markdown"],
            kept["title"],
            SourceLocation(**source) if source is not None else None,
            kept["in_nav"],
            PrintDocument(**printable) if printable is not None else None,
        )


# --- Jinja -------------------------------------------------------------------


def make_environment(
    override_dir: Path | None = None, compiled: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """Templates from the project's `overrides/` first, then planpress's own.

    A project replaces one page template or one component by putting a file of the same
    name in its overrides folder: `overrides/components/commitment.md.jinja`. `compiled`
    keeps templates compiled by an earlier build (a preview's rebuilds).
    """
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None and override_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.PackageLoader("planpress.pages", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat each include again
        bytecode_cache=compiled,
    )
    env.filters.update(
        markdown=_markdown_filter,
        inline=_inline_filter,
        text=_text_filter,
        md=markdown_text,
        date=format_date,
        yaml=front_matter,
        css_front_matter=css_front_matter,
        word_changes=lambda change: word_changes(change.before, change.after),
    )
    return env


def _abbreviations(context: jinja2.runtime.Context) -> Mapping[str, str]:
    found = context.get("abbreviations")
    return found if isinstance(found, Mapping) else {}


@jinja2.pass_context
def _markdown_filter(context: jinja2.runtime.Context, value: str, heading_level: int = 3) -> Markup:
    """`{{ field | markdown }}`: a Markdown field as sanitised HTML, its cross-references linked."""
    abbreviations = _abbreviations(context)
    return with_references(
        value, lambda text: markdown_html(text, abbreviations, heading_level), _references(context)
    )


@jinja2.pass_context
def _inline_filter(context: jinja2.runtime.Context, value: str) -> Markup:
    """`{{ item | inline }}`: a short Markdown field without its paragraph."""
    abbreviations = _abbreviations(context)
    return with_references(value, lambda text: inline_html(text, abbreviations), _references(context))


def _references(context: jinja2.runtime.Context) -> Resolve | None:
    found = context.get("references")
    return found if callable(found) else None


@jinja2.pass_context
def _text_filter(context: jinja2.runtime.Context, value: Any) -> Markup:
    """`{{ name | text }}`: plain text, escaped, with glossary terms marked."""
    return text_html(str(value), _abbreviations(context))


# --- rendering ---------------------------------------------------------------


def render_plan_pages(
    loaded: LoadedPlan,
    env: jinja2.Environment,
    *,
    easy_read: EasyReadLink | None = None,
    plan_slugs: Iterable[str] = (),
    directory_urls: bool = True,
    report: Report | None = None,
    place: PlanPlace | None = None,
    images_from_source: bool = False,
) -> list[Page]:
    """Every page of one version of a plan, in reading order.

    `place` says where among the plan's versions: the live version at `plans/<slug>/`,
    or a version at its own address `plans/<slug>/<version>/` (with a banner saying so).

    `easy_read` links each page to the matching page of the plan's easy read version.
    `plan_slugs` are the other plans on the site, so that "superseded by" can link to the
    plan that replaces this one. `report` holds what the checks found in the plan's text:
    with it, the plan gets a "How readable is this plan" page.
    """
    plan = loaded.plan
    layout = PlanLayout(
        plan,
        directory_urls,
        readability=report is not None,
        version=plan.version if place is not None and place.copy else None,
        history=place is not None and place.family.has_history,
    )
    ctx = PlanContext(
        loaded,
        layout,
        glossary_abbreviations(plan),
        frozenset(plan_slugs),
        measures_of=measures_by_commitment(plan),
        risks_of=risks_by_commitment(plan),
        report=report,
        easy_read=easy_read.version if easy_read else None,
        easy_read_link=easy_read,
        place=place,
        images_from_source=images_from_source,
    )
    pages = [_overview(ctx, env)]
    pages += [_section_page(ctx, env, i) for i, s in enumerate(plan.sections) if layout.own_page(s)]
    pages += [_theme_page(ctx, env, theme, i) for i, theme in enumerate(plan.themes)]
    for name, title in layout.extra_pages():
        pages.append(_EXTRA_PAGES[name](ctx, env, layout.optional(name), title))
    hidden = robots(ctx)
    if hidden:
        pages = [p.but(p.markdown.replace("---\n", f"---\nrobots: {hidden}\n", 1)) for p in pages]
    if layout.version:
        # A version's own copy is for links from board papers: the site's search and menu
        # lead to the live plan, so a search does not list each page once per version.
        pages = [
            p.but(p.markdown.replace("---\n", "---\nsearch:\n  exclude: true\n", 1), in_nav=False)
            for p in pages
        ]
    return pages


def _common(ctx: PlanContext, path: str, title: str) -> dict[str, Any]:
    """What every page template of a plan gets."""
    plan = ctx.plan
    layout = ctx.layout
    return {
        "plan": plan,
        "page": {"path": path, "title": title},
        "abbreviations": ctx.abbreviations,
        "abbreviation_lines": abbreviation_lines(ctx.abbreviations),
        "overview": Link(plan.name, layout.href(path, layout.overview)),
        "status": plan.status.value,
        "status_label": STATUS_LABELS[plan.status],
        "plan_source": ctx.source(plan),
        "easy_read_href": ctx.easy_read_link.href(path) if ctx.easy_read_link else None,
        "version_notice": version_notice(ctx, path),
        "references": functools.partial(reference_href, ctx.layout, path),
    }


def render_template(env: jinja2.Environment, template: str, values: Mapping[str, Any]) -> str:
    """One template with its values, as a tidy Markdown page."""
    text = env.get_template(template).render(**values)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _overview(ctx: PlanContext, env: jinja2.Environment) -> Page:
    plan = ctx.plan
    layout = ctx.layout
    path = layout.overview
    contents = [
        Link(s.title, layout.href(path, layout.section(s))) for s in plan.sections if layout.own_page(s)
    ]
    for theme in plan.themes:
        count = len(theme.commitments)
        note = f"{count} commitment{'s' if count != 1 else ''}" if count else ""
        contents.append(Link(theme.title, layout.href(path, layout.theme(theme)), note))
    contents += [
        Link(title, layout.href(path, layout.optional(name))) for name, title in layout.extra_pages()
    ]
    if layout.history:
        contents.append(Link("What changed between versions", layout.href(path, layout.changes)))
    contact = plan.lead_contact
    values = _common(ctx, path, plan.name) | {
        "description": plain_excerpt(plan.summary, 300),
        "period": period_label(plan),
        "published": format_date(plan.published),
        "last_reviewed": format_date(plan.last_reviewed),
        "review_by": format_date(plan.review_by),
        "approval_date": format_date(plan.approval.date) if plan.approval else "",
        "superseded_by": superseded_link(ctx, path),
        "approvals": (
            [(a, format_date(a.date)) for a in plan.decisions]
            if plan.approvals or any(a.decision or a.rating for a in plan.decisions)
            else []
        ),
        "person_text": person_text,
        "contents": contents,
        "contact": contact,
        "phone_href": phone_href(contact),
        "sections": [
            (s, ctx.source(s, ("sections", i)), figure_views(ctx, path, i))
            for i, s in enumerate(plan.sections)
            if not layout.own_page(s)
        ],
        "documents": [
            (d, d.url or asset_href(path, layout.document(d), layout.directory_urls), _file_kind(d.file))
            for d in plan.related_documents
        ],
        "links": _link_box(ctx),
    }
    return Page(path, render_template(env, "plan-overview.md.jinja", values), plan.name, plan.location)


def _file_kind(file: str | None) -> str:
    """`PDF file`, said after a link to a file so that nobody opens one unawares."""
    suffix = PurePosixPath(file).suffix.lstrip(".").upper() if file else ""
    return f"{suffix} file" if suffix else ("file" if file else "")


def phone_href(contact: Contact) -> str:
    """A `tel:` link phones can dial: digits and a leading +, nothing else."""
    return "tel:" + re.sub(r"[^\d+]", "", contact.phone) if contact.phone else ""


def _link_box(ctx: PlanContext, page: str = "index.md") -> dict[str, str] | None:
    """The addresses of one of the plan's pages to paste into a board paper (the live
    version's and this version's), and a QR code of this version's."""
    place = ctx.place
    if place is None:
        return None
    layout = ctx.layout
    live_url = absolute_url(place.site_url, f"{layout.live_folder}/{page}", layout.directory_urls)
    version_url = absolute_url(
        place.site_url, f"{layout.live_folder}/{ctx.plan.version}/{page}", layout.directory_urls
    )
    qr = segno.make(version_url, error="m").svg_data_uri(scale=3, border=2) if place.site_url else ""
    live = place.family.live.plan
    if live.status not in (Status.APPROVED, Status.SUPERSEDED):
        live_label = (
            "The plan's address: no version is approved yet, so it shows the newest "
            f"({STATUS_LABELS[live.status].lower()})"
        )
    elif live is ctx.plan:
        live_label = "The live version (always the latest approved; now this one)"
    else:
        live_label = f"The live version (always the latest approved; now version {live.version})"
    return {
        "live_url": live_url,
        "live_label": live_label,
        "version_url": version_url,
        "qr": qr,
        "version": ctx.plan.version,
    }


def _section_page(ctx: PlanContext, env: jinja2.Environment, index: int) -> Page:
    """A section of a long plan on a page of its own, with its figures."""
    section = ctx.plan.sections[index]
    path = ctx.layout.section(section)
    values = _common(ctx, path, section.title) | {
        "section": section,
        "section_source": ctx.source(section, ("sections", index)),
        "figures": figure_views(ctx, path, index),
        "description": plain_excerpt(section.body, 300),
    }
    return Page(path, render_template(env, "plan-section.md.jinja", values), section.title, section.location)


def _theme_page(ctx: PlanContext, env: jinja2.Environment, theme: Theme, index: int) -> Page:
    path = ctx.layout.theme(theme)
    values = _common(ctx, path, theme.title) | {
        "theme": theme,
        "theme_source": ctx.source(theme, ("themes", index)),
        "groups": year_groups(ctx, path, theme),
    }
    return Page(path, render_template(env, "plan-theme.md.jinja", values), theme.title, theme.location)


PageMaker = Callable[[PlanContext, jinja2.Environment, str, str], Page]
"""Renders one of a plan's pages after its themes: (context, env, path, title) -> page."""


def _numbered_page(kind: str) -> PageMaker:
    """The principles page or the outcomes page: the same shape, different words."""

    def render(ctx: PlanContext, env: jinja2.Environment, path: str, title: str) -> Page:
        values = _common(ctx, path, title) | {
            "items": numbered_views(ctx, path, kind),
            "grid": Link(
                "Commitments by principle and outcome", ctx.layout.href(path, ctx.layout.optional("grid"))
            )
            if ctx.layout.has_grid
            else None,
        }
        folder = "principles" if kind == "principle" else "outcomes"
        source = ctx.loaded.source.value((folder,))
        return Page(path, render_template(env, f"plan-{folder}.md.jinja", values), title, source)

    return render


def _grid_page(ctx: PlanContext, env: jinja2.Environment, path: str, title: str) -> Page:
    principles, outcomes, groups = grid_view(ctx, path)
    values = _common(ctx, path, title) | {"principles": principles, "outcomes": outcomes, "groups": groups}
    source = ctx.loaded.source.value(("principles",) if ctx.plan.principles else ("outcomes",))
    return Page(path, render_template(env, "plan-grid.md.jinja", values), title, source)


def _listing_page(
    field: str, template: str, views: Callable[[PlanContext, str], dict[str, Any]]
) -> PageMaker:
    """A page that lists one part of the plan (measures, risks, tables, glossary)."""

    def render(ctx: PlanContext, env: jinja2.Environment, path: str, title: str) -> Page:
        values = _common(ctx, path, title) | views(ctx, path)
        return Page(path, render_template(env, template, values), title, ctx.loaded.source.value((field,)))

    return render


def _measure_values(ctx: PlanContext, path: str) -> dict[str, Any]:
    return {"measures": [measure_view(ctx, path, i, m) for i, m in enumerate(ctx.plan.measures)]}


def _risk_values(ctx: PlanContext, path: str) -> dict[str, Any]:
    views, columns = risk_views(ctx, path)
    plan = ctx.plan
    return {
        "risks": views,
        "columns": columns,
        "risks_as_at": format_date(plan.risks_as_at),
        "scale": ", ".join(RAG_LABELS[r] for r in plan.rating_scale),
    }


def _readability_page(ctx: PlanContext, env: jinja2.Environment, path: str, title: str) -> Page:
    values = _common(ctx, path, title) | {
        "reading": readability_view(ctx, path),
    }
    return Page(path, render_template(env, "plan-readability.md.jinja", values), title, ctx.plan.location)


def _board_summary_page(ctx: PlanContext, env: jinja2.Environment, path: str, title: str) -> Page:
    """The board summary, and its PDF: the same view and the same component in both."""
    plan = ctx.plan
    layout = ctx.layout
    name = f"{plan.slug}-{plan.version}" if layout.version else plan.slug
    pdf_path = f"{layout.folder}/{name}-board-summary.pdf"
    values = _common(ctx, path, title) | {
        "description": f"The board summary of {plan.name}, version {plan.version}, on one page.",
        "board": board_summary_view(ctx),
        "links": _link_box(ctx, f"{BOARD_SUMMARY}.md"),
        "pdf_href": asset_href(path, pdf_path, layout.directory_urls),
    }
    printable = PrintDocument(
        pdf_path,
        render_template(
            env,
            "pdf/board-summary.html.jinja",
            values
            | {
                "document_title": f"Board summary: {plan.title}, version {plan.version}",
                "running_title": plan.name,
            },
        ),
        one_page=True,
    )
    markdown = render_template(env, "plan-board-summary.md.jinja", values)
    return Page(path, markdown, title, plan.location, printable=printable)


_EXTRA_PAGES: dict[str, PageMaker] = {
    "principles": _numbered_page("principle"),
    "outcomes": _numbered_page("outcome"),
    "grid": _grid_page,
    "measures": _listing_page("measures", "plan-measures.md.jinja", _measure_values),
    "risks": _listing_page("risks", "plan-risks.md.jinja", _risk_values),
    "tables": _listing_page("tables", "plan-tables.md.jinja", lambda ctx, _: {"tables": table_views(ctx)}),
    "finance": _listing_page(
        "finance", "plan-finance.md.jinja", lambda ctx, path: {"blocks": finance_views(ctx, path)}
    ),
    "glossary": _listing_page(
        "glossary", "plan-glossary.md.jinja", lambda ctx, _: {"entries": glossary_entries(ctx)}
    ),
    "readability": _readability_page,
    BOARD_SUMMARY: _board_summary_page,
}


def render_index_page(
    plans: Sequence[LoadedPlan], env: jinja2.Environment, directory_urls: bool = True
) -> Page:
    """`plans/index.md`: every plan with its area, period, status and last review."""
    path = f"{PLANS_FOLDER}/index.md"
    rows = [
        PlanRow(
            link=Link(p.plan.name, relative_href(path, PlanLayout(p.plan).overview, None, directory_urls)),
            area=p.plan.area,
            period=period_label(p.plan),
            status=p.plan.status.value,
            status_label=STATUS_LABELS[p.plan.status],
            last_reviewed=format_date(p.plan.last_reviewed),
            source=str(p.plan.location or ""),
        )
        for p in plan_order(plans)
    ]
    text = render_template(
        env, "plans-index.md.jinja", {"rows": rows, "page": {"path": path, "title": "Plans"}}
    )
    return Page(path, text, "Plans", None)


def render_changes_page(
    family: PlanFamily,
    env: jinja2.Environment,
    directory_urls: bool = True,
    site_url: str | None = None,
    easy_read: EasyReadLink | None = None,
) -> Page:
    """`plans/<slug>/changes.md`: every version against the one before it; `easy_read`
    links it to "What is new in this plan" of the live version's easy read."""
    live = family.live
    place = PlanPlace(family, copy=False, site_url=site_url)
    layout = PlanLayout(live.plan, directory_urls, history=True)
    ctx = PlanContext(
        live, layout, glossary_abbreviations(live.plan), frozenset(), place=place, easy_read_link=easy_read
    )
    path = layout.changes
    title = "What changed between versions"
    values = _common(ctx, path, title) | {"versions": changes_views(family, path, directory_urls)}
    return Page(path, render_template(env, "plan-changes.md.jinja", values), title, live.plan.location)
