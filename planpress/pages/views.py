"""What each page of a plan shows, worked out from the model: the view data of the templates.

Links between pages, backlinks (the commitments that cite a principle), commitments
grouped by year, the rows of tables and the SVG of charts are computed here, in Python,
so that templates only lay them out. Addresses are fixed because board papers link to
them: a theme's page is `plans/<slug>/themes/<theme-id>/`, and items carry the anchors
`#commitment-<id>`, `#principle-<n>`, `#outcome-<n>`, `#measure-<id>` and `#risk-<id>`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from planpress.pages import charts
from planpress.pages.markup import render_inline
from planpress.plan.figures import CellKind, format_money
from planpress.plan.load import LoadedPlan
from planpress.plan.model import (
    Commitment,
    DeliverableGroup,
    Direction,
    Figure,
    Finance,
    GlossaryEntry,
    Measure,
    Person,
    Plan,
    Progress,
    Rag,
    RelatedDocument,
    Risk,
    RiskKind,
    Section,
    Status,
    Table,
    Theme,
)
from planpress.plan.source import YamlPath
from planpress.plan.tables import finance_totals, item_total, read_grid
from planpress.plan.versions import FieldChange, PlanFamily, all_changes

if TYPE_CHECKING:
    from planpress.checks.run import Report
    from planpress.easyread.sources import EasyReadVersion

PLANS_FOLDER = "plans"

PROGRESS_LABELS: dict[Progress | None, str] = {
    None: "Not stated in the plan",
    Progress.NOT_STARTED: "Not started",
    Progress.ON_TRACK: "On track",
    Progress.AT_RISK: "At risk",
    Progress.OFF_TRACK: "Off track",
    Progress.COMPLETE: "Complete",
}
STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.CONSULTATION: "Out for consultation",
    Status.SUBMITTED: "Submitted for assurance",
    Status.ASSURED: "Assured",
    Status.APPROVED: "Approved",
    Status.SUPERSEDED: "Superseded",
}
RAG_LABELS = {Rag.RED: "Red", Rag.AMBER: "Amber", Rag.YELLOW: "Yellow", Rag.GREEN: "Green"}
DIRECTION_LABELS = {
    Direction.HIGHER_IS_BETTER: "Higher is better",
    Direction.LOWER_IS_BETTER: "Lower is better",
}


@dataclass(frozen=True)
class Link:
    """A link as a template shows it: words and an address relative to the page."""

    text: str
    href: str
    note: str = ""


# --- addresses ---------------------------------------------------------------


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL of a page's Markdown path, relative to the site root (MkDocs' rules)."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_href(
    from_path: str, to_path: str, anchor: str | None = None, directory_urls: bool = True
) -> str:
    """The address of `to_path#anchor` as written on the page `from_path`."""
    fragment = f"#{anchor}" if anchor else ""
    if from_path == to_path and fragment:
        return fragment
    source = page_url(from_path, directory_urls)
    target = page_url(to_path, directory_urls)
    base = source if source.endswith("/") or source == "" else posixpath.dirname(source) + "/"
    base_dir = base.rstrip("/") or "."
    if target.endswith("/") or target == "":
        relative = posixpath.relpath(target.rstrip("/") or ".", base_dir)
        href = "./" if relative == "." else relative + "/"
    else:
        href = posixpath.relpath(target, base_dir)
    return href + fragment


def asset_href(page_path: str, asset_path: str, directory_urls: bool = True) -> str:
    """The address of a file of the site (a picture, a document) as written on a page."""
    url = page_url(page_path, directory_urls)
    base = url if url.endswith("/") or url == "" else posixpath.dirname(url) + "/"
    return posixpath.relpath(asset_path, base.rstrip("/") or ".")


# --- the pages of a plan -----------------------------------------------------

READABILITY_TITLE = "How readable is this plan"
BOARD_SUMMARY = "board-summary"
"""The name of every version's board summary page: `plans/<slug>/board-summary/`."""


@dataclass(frozen=True)
class PlanLayout:
    """Which pages a plan has and where each of its items is shown."""

    plan: Plan
    directory_urls: bool = True
    readability: bool = False
    """Whether the plan gets a "How readable is this plan" page (when the checks ran)."""
    version: str | None = None
    """Set for the copy of a version at its own address, `plans/<slug>/<version>/`."""
    history: bool = False
    """Whether the plan has earlier versions: its live pages then include "What changed"."""

    @property
    def live_folder(self) -> str:
        return f"{PLANS_FOLDER}/{self.plan.slug}"

    @property
    def folder(self) -> str:
        return f"{self.live_folder}/{self.version}" if self.version else self.live_folder

    def document(self, document: RelatedDocument) -> str:
        """Where a related document's file is published: in the version's `files/` folder."""
        return f"{self.folder}/files/{PurePosixPath(document.file or '').name}"

    def figure(self, figure: Figure) -> str:
        """Where a figure's picture is published: in the version's `figures/` folder, named by its id."""
        return f"{self.folder}/figures/{figure.id}{PurePosixPath(figure.file).suffix.lower()}"

    @property
    def changes(self) -> str:
        """The plan's "What changed" page: one for all its versions, beside the live pages."""
        return f"{self.live_folder}/changes.md"

    @property
    def overview(self) -> str:
        return f"{self.folder}/index.md"

    def theme(self, theme: Theme) -> str:
        return f"{self.folder}/themes/{theme.id}.md"

    def own_page(self, section: Section) -> bool:
        """Whether a section is a page of its own (`page`, or the plan's `section_pages`)."""
        return section.page if section.page is not None else self.plan.section_pages

    def section(self, section: Section) -> str:
        """The page that shows a section: its own, or the overview."""
        return f"{self.folder}/sections/{section.id}.md" if self.own_page(section) else self.overview

    def optional(self, name: str) -> str:
        return f"{self.folder}/{name}.md"

    @property
    def has_grid(self) -> bool:
        return bool(self.plan.principles or self.plan.outcomes) and any(
            c.principles or c.outcomes for c in self.plan.commitments()
        )

    def extra_pages(self) -> list[tuple[str, str]]:
        """(name, title) of the pages after the themes, only those with content."""
        plan = self.plan
        wanted = [
            ("principles", "Principles", bool(plan.principles)),
            ("outcomes", "Outcomes", bool(plan.outcomes)),
            ("grid", "Commitments by principle and outcome", self.has_grid),
            ("measures", "Measures", bool(plan.measures)),
            ("risks", "Risks", bool(plan.risks)),
            ("tables", "Tables", bool(plan.tables)),
            ("finance", "Money", bool(plan.finance)),
            ("glossary", "Glossary", bool(plan.glossary)),
            ("readability", READABILITY_TITLE, self.readability),
            (BOARD_SUMMARY, "Board summary", True),
        ]
        return [(name, title) for name, title, present in wanted if present]

    def pages(self) -> list[tuple[str, str]]:
        """(path, title) of every page of the plan, in reading order."""
        found = [(self.overview, self.plan.name)]
        found += [(self.section(s), s.title) for s in self.plan.sections if self.own_page(s)]
        found += [(self.theme(t), t.title) for t in self.plan.themes]
        found += [(self.optional(name), title) for name, title in self.extra_pages()]
        return found

    def page_for(self, path: YamlPath) -> str:
        """The page that shows the value at `path` of the plan's YAML, for check reports."""
        if len(path) >= 2 and path[0] == "themes" and isinstance(path[1], int):
            return self.theme(self.plan.themes[path[1]])
        if len(path) >= 2 and path[0] == "sections" and isinstance(path[1], int):
            return self.section(self.plan.sections[path[1]])
        if path and path[0] in {name for name, _ in self.extra_pages()}:
            return self.optional(str(path[0]))
        return self.overview

    def commitment_page(self) -> dict[str, str]:
        return {c.id: self.theme(t) for t in self.plan.themes for c in t.commitments}

    def href(self, from_path: str, to_path: str, anchor: str | None = None) -> str:
        return relative_href(from_path, to_path, anchor, self.directory_urls)


def commitment_label(commitment: Commitment, plan: Plan | None = None) -> str:
    """How a commitment is named in headings and links: `3. Title` when it has a number;
    `Title (2021/22)` when `plan` sets work of the same title in other years too, so that
    its links say which year each leads to (WCAG 2.4.4)."""
    label = f"{commitment.number}. {commitment.title}" if commitment.number else commitment.title
    if plan is None or not commitment.year or commitment.year in label:
        return label
    same = [c for c in plan.commitments() if c.title == commitment.title]
    return f"{label} ({commitment.year})" if len(same) > 1 else label


def format_date(value: dt.date | None) -> str:
    """`25 March 2021`, as GOV.UK writes dates."""
    return "" if value is None else f"{value.day} {value:%B %Y}"


def period_label(plan: Plan) -> str:
    """`2021/22 to 2023/24`, or the single year."""
    years = plan.period.years
    if not years:
        return plan.period.label
    return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def lead_text(lead: Person) -> str:
    """`Name (Role), Organisation` with whatever parts are given; "to be confirmed" when it is."""
    person = lead.name or ""
    if lead.role:
        person = f"{person} ({lead.role})" if person else lead.role
    named = ", ".join(part for part in (person, lead.organisation) if part)
    if lead.to_be_confirmed:
        return f"{named}: to be confirmed" if named else "To be confirmed"
    return named


def person_text(person: Person) -> str:
    """Who holds a named role (the role is its label): `Name, Organisation`, or "To be confirmed"."""
    return lead_text(person.model_copy(update={"role": None})) or "Not named in the plan"


def plain_excerpt(markdown: str, limit: int = 80) -> str:
    """A Markdown field as short plain text, for link names and descriptions."""
    text = re.sub(r"<[^>]+>", "", render_inline(markdown))
    text = " ".join(html.unescape(text).split())
    return text if len(text) <= limit else text[: limit - 3].rsplit(" ", 1)[0] + "..."


def glossary_abbreviations(plan: Plan) -> dict[str, str]:
    """Term -> expansion for every glossary entry that has an expansion."""
    return {g.term: g.expansion for g in plan.glossary if g.expansion}


# --- view data ---------------------------------------------------------------


@dataclass(frozen=True)
class GroupView:
    """Deliverables one organisation (or heading, or year) owns."""

    title: str
    group: DeliverableGroup
    lead: str


@dataclass(frozen=True)
class TimelineView:
    when: str
    what: str | None


@dataclass(frozen=True)
class CommitmentView:
    """Everything the commitment card shows, with links worked out for its page."""

    commitment: Commitment
    label: str
    anchor: str
    level: int
    source: str
    progress: str
    progress_label: str
    leads: list[str]
    timeline: list[TimelineView]
    groups: list[GroupView]
    principles: list[Link]
    outcomes: list[Link]
    measures: list[Link]
    risks: list[Link]
    see_also: list[Link]
    theme: str

    @property
    def sub_level(self) -> int:
        return self.level + 1


@dataclass(frozen=True)
class YearGroup:
    """Commitments of one plan year on a theme page (`year` None: for the whole plan)."""

    heading: str | None
    anchor: str | None
    commitments: list[CommitmentView]


@dataclass(frozen=True)
class NumberedView:
    """A principle or outcome with the commitments that cite it (its backlinks)."""

    number: int
    title: str
    description: str | None
    anchor: str
    label: str
    source: str
    cited_by: list[Link]


@dataclass(frozen=True)
class Cell:
    """A table cell; `header` cells are row headers."""

    text: str
    header: bool = False
    css: str = ""


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    anchor: str
    source: str
    chart: Markup
    caption_id: str
    columns: list[str]
    rows: list[list[Cell]]
    direction: str
    commitments: list[Link]
    benchmarks: list[tuple[str, str]]
    """(name, figure with its period and source) of each figure to compare with."""


@dataclass(frozen=True)
class RiskView:
    risk: Risk
    label: str
    """`Risk 3`, `Issue 1`: numbered within its kind."""
    anchor: str
    source: str
    before: tuple[str, str] | None
    after: tuple[str, str] | None
    commitments: list[Link]


@dataclass(frozen=True)
class RiskColumns:
    """Which optional columns the risk table needs: only those some risk fills in."""

    ratings_before: bool
    ratings_after: bool
    mitigation: bool
    owner: bool
    heading: str
    """`Risk`, or `Entry` when the log also holds assumptions, issues, dependencies or constraints."""


@dataclass(frozen=True)
class HeaderCell:
    """A column heading; `scope` is `col`, or `colgroup` for a heading over several columns."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"


@dataclass(frozen=True)
class TableRow:
    cells: list[Cell]
    total: bool = False


@dataclass(frozen=True)
class TableView:
    """A plan's table as shown: header rows, typed cells in one form, totals and their notes."""

    table: Table
    anchor: str
    source: str
    caption_id: str
    header_rows: list[list[HeaderCell]]
    column_groups: list[int]
    rows: list[TableRow]
    as_at: str
    worked_out: bool
    """Some total cells were blank in the plan and show the total planpress worked out."""
    published_totals: list[str]
    """Stated totals kept as published although they do not add up (accepted, with a reason)."""


@dataclass(frozen=True)
class FigureView:
    """A figure as shown: its picture's address, where it and its alt text come from, and
    the table that holds its figures, if it names one."""

    figure: Figure
    anchor: str
    src: str
    source: str
    alt_source: str
    table: Link | None


@dataclass(frozen=True)
class GridColumn:
    short: str
    full: str
    href: str


@dataclass(frozen=True)
class GridRow:
    link: Link
    cells: list[bool]


@dataclass(frozen=True)
class GridGroup:
    theme: str
    rows: list[GridRow]


@dataclass
class PlanContext:
    """What every page of one plan shares: the plan, its layout and its glossary."""

    loaded: LoadedPlan
    layout: PlanLayout
    abbreviations: dict[str, str]
    plan_slugs: frozenset[str]
    measures_of: dict[str, list[Measure]] = field(default_factory=dict)
    risks_of: dict[str, list[tuple[str, Risk]]] = field(default_factory=dict)
    report: Report | None = None
    """What the checks found in the plan's text, for its "How readable" page."""
    easy_read: EasyReadVersion | None = None
    easy_read_link: Any = None
    """`render.EasyReadLink` of the plan's easy read version: every page links to it."""
    place: PlanPlace | None = None
    images_from_source: bool = False
    """The engine reads an image's address as relative to the page's Markdown file (Zensical)."""

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    def source(self, obj: Any, fallback: tuple[str | int, ...] = ()) -> str:
        location = getattr(obj, "location", None)
        return str(location or self.loaded.source.value(fallback))


def _theme_of(plan: Plan) -> dict[str, Theme]:
    return {c.id: t for t in plan.themes for c in t.commitments}


def commitment_links(
    ctx: PlanContext, page: str, ids: Iterable[str], from_theme: Theme | None = None
) -> list[Link]:
    """Links to commitments by id, from `page`, naming their theme when that helps.

    The theme is left out when it is `from_theme` (the page's own) or the plan's only one.
    """
    where = ctx.layout.commitment_page()
    themes = _theme_of(ctx.plan)
    by_id = {c.id: c for c in ctx.plan.commitments()}
    return [
        Link(
            commitment_label(by_id[i], ctx.plan),
            ctx.layout.href(page, where[i], by_id[i].anchor),
            "" if themes[i] is from_theme or len(ctx.plan.themes) == 1 else themes[i].title,
        )
        for i in ids
        if i in by_id
    ]


def commitment_view(
    ctx: PlanContext, page: str, theme: Theme, commitment: Commitment, level: int
) -> CommitmentView:
    """The card of one commitment as shown on its theme's page."""
    plan = ctx.plan
    layout = ctx.layout
    principles = [
        Link(f"Principle {n}: {p.title}", layout.href(page, layout.optional("principles"), p.id))
        for n in commitment.principles
        if (p := plan.principle(n)) is not None
    ]
    outcomes = [
        Link(f"Outcome {n}: {o.title}", layout.href(page, layout.optional("outcomes"), o.id))
        for n in commitment.outcomes
        if (o := plan.outcome(n)) is not None
    ]
    measures = [
        Link(m.title, layout.href(page, layout.optional("measures"), f"measure-{m.id}"))
        for m in ctx.measures_of.get(commitment.id, [])
    ]
    risks = [
        Link(
            f"{label}: {plain_excerpt(r.description, 70)}",
            layout.href(page, layout.optional("risks"), f"risk-{r.id}"),
        )
        for label, r in ctx.risks_of.get(commitment.id, [])
    ]
    groups = []
    for group in commitment.deliverable_groups:
        year = group.year if group.year != commitment.year else None
        title = ", ".join(part for part in (group.organisation, group.heading, year) if part)
        groups.append(GroupView(title or "Deliverables", group, lead_text(group.lead) if group.lead else ""))
    timeline = [
        TimelineView(format_date(e.when) if isinstance(e.when, dt.date) else str(e.when), e.what)
        for e in commitment.timeline
    ]
    return CommitmentView(
        commitment=commitment,
        label=commitment_label(commitment, ctx.plan),
        anchor=commitment.anchor,
        level=level,
        source=ctx.source(commitment),
        progress=commitment.status.value if commitment.status else "not-stated",
        progress_label=PROGRESS_LABELS[commitment.status],
        leads=[lead_text(lead) for lead in commitment.leads],
        timeline=timeline,
        groups=groups,
        principles=principles,
        outcomes=outcomes,
        measures=measures,
        risks=risks,
        see_also=commitment_links(ctx, page, commitment.see_also, theme),
        theme=theme.title,
    )


def year_groups(ctx: PlanContext, page: str, theme: Theme) -> list[YearGroup]:
    """A theme's commitments by plan year; no year headings when there is only one group."""
    grouped = theme.commitments_by_year(ctx.plan.period.years)
    headed = len(grouped) > 1 or (
        len(grouped) == 1 and grouped[0][0] is not None and len(ctx.plan.period.years) > 1
    )
    level = 3 if headed else 2
    result = []
    for year, commitments in grouped:
        heading = (year if year else "For the whole plan") if headed else None
        anchor = (f"year-{year.replace('/', '-')}" if year else "year-all") if headed else None
        views = [commitment_view(ctx, page, theme, c, level) for c in commitments]
        result.append(YearGroup(heading, anchor, views))
    return result


def numbered_views(ctx: PlanContext, page: str, kind: str) -> list[NumberedView]:
    """Principles or outcomes, each with every commitment that cites it."""
    plan = ctx.plan
    items = plan.principles if kind == "principle" else plan.outcomes
    views = []
    for item in items:
        citing = (
            plan.commitments_citing_principle(item.number)
            if kind == "principle"
            else plan.commitments_citing_outcome(item.number)
        )
        views.append(
            NumberedView(
                number=item.number,
                title=item.title,
                description=item.description,
                anchor=item.id,
                label=f"{kind.capitalize()} {item.number}: {item.title}",
                source=ctx.source(item),
                cited_by=commitment_links(ctx, page, [c.id for c in citing]),
            )
        )
    return views


def grid_view(ctx: PlanContext, page: str) -> tuple[list[GridColumn], list[GridColumn], list[GridGroup]]:
    """Rows of commitments against columns of principles then outcomes."""
    plan = ctx.plan
    layout = ctx.layout
    principles = [
        GridColumn(
            f"P{p.number}",
            f"Principle {p.number}: {p.title}",
            layout.href(page, layout.optional("principles"), p.id),
        )
        for p in plan.principles
    ]
    outcomes = [
        GridColumn(
            f"O{o.number}",
            f"Outcome {o.number}: {o.title}",
            layout.href(page, layout.optional("outcomes"), o.id),
        )
        for o in plan.outcomes
    ]
    groups = []
    for theme in plan.themes:
        rows = []
        for commitment in theme.commitments:
            link = Link(
                commitment_label(commitment, plan), layout.href(page, layout.theme(theme), commitment.anchor)
            )
            cells = [p.number in commitment.principles for p in plan.principles]
            cells += [o.number in commitment.outcomes for o in plan.outcomes]
            rows.append(GridRow(link, cells))
        if rows:
            groups.append(GridGroup(theme.title, rows))
    return principles, outcomes, groups


def measure_view(ctx: PlanContext, page: str, index: int, measure: Measure) -> MeasureView:
    """A measure's chart and the table of every figure in it: targets (or ranges),
    projections, actual values and the values per area; or the plan's word that there are
    no figures yet."""
    unit = measure.unit
    points = measure.points
    unit_words = measure.unit_label
    areas = list(dict.fromkeys(area for p in points for area in p.areas))
    has_target = any(p.target is not None or p.target_range is not None for p in points)
    has_projection = any(p.projection is not None for p in points)
    has_actual = any(p.actual is not None for p in points)
    has_note = any(p.note for p in points)
    columns = ["Period"]
    columns += [f"Target ({unit_words})"] if has_target else []
    columns += [f"Projection ({unit_words})"] if has_projection else []
    columns += [f"Actual{', all areas' if areas else ''} ({unit_words})"] if has_actual else []
    columns += areas
    columns += ["Note"] if has_note else []
    rows = []
    for point in points:
        row = [Cell(point.period, header=True)]
        if has_target:
            target = point.target_range
            text = (
                f"{charts.format_cell(target.low, unit)} to {charts.format_cell(target.high, unit)}"
                if target is not None
                else charts.format_cell(point.target, unit)
            )
            row.append(Cell(text, css="pp-number"))
        if has_projection:
            row.append(Cell(charts.format_cell(point.projection, unit), css="pp-number"))
        if has_actual:
            row.append(Cell(charts.format_cell(point.actual, unit), css="pp-number"))
        row += [Cell(charts.format_cell(point.areas.get(area), unit), css="pp-number") for area in areas]
        if has_note:
            row.append(Cell(point.note or ""))
        rows.append(row)
    anchor = f"measure-{measure.id}"
    charted = any(p.target is not None or p.actual is not None for p in points)
    benchmarks = [
        (
            b.name,
            charts.format_quantity(b.value, unit_words)
            + "".join(f"; {part}" for part in (b.period, b.source and f"source: {b.source}") if part),
        )
        for b in measure.benchmarks
    ]
    return MeasureView(
        measure=measure,
        anchor=anchor,
        source=ctx.source(measure, ("measures", index)),
        chart=Markup(charts.measure_chart(measure, f"chart-{measure.id}")) if charted else Markup(""),
        caption_id=f"{anchor}-caption",
        columns=columns,
        rows=rows,
        direction=DIRECTION_LABELS.get(measure.direction, "") if measure.direction else "",
        commitments=commitment_links(ctx, page, measure.commitments),
        benchmarks=benchmarks,
    )


def risk_views(ctx: PlanContext, page: str) -> tuple[list[RiskView], RiskColumns]:
    def rating(value: Rag | None) -> tuple[str, str] | None:
        return (value.value, RAG_LABELS[value]) if value else None

    risks = ctx.plan.risks
    labels = risk_labels(ctx.plan)
    views = [
        RiskView(
            risk=risk,
            label=labels[risk.id],
            anchor=f"risk-{risk.id}",
            source=ctx.source(risk, ("risks", n - 1)),
            before=rating(risk.rating_before),
            after=rating(risk.rating_after),
            commitments=commitment_links(ctx, page, risk.commitments),
        )
        for n, risk in enumerate(risks, start=1)
    ]
    columns = RiskColumns(
        ratings_before=any(r.rating_before for r in risks),
        ratings_after=any(r.rating_after for r in risks),
        mitigation=any(r.mitigation for r in risks),
        owner=any(r.owner for r in risks),
        heading="Risk" if all(r.kind == RiskKind.RISK for r in risks) else "Entry",
    )
    return views, columns


def _header_rows(table: Table) -> tuple[list[list[HeaderCell]], list[int]]:
    """One row of headings, or two when the table has header groups (with their column groups)."""
    if not table.header_groups:
        return [[HeaderCell(h) for h in table.header]], []
    upper: list[HeaderCell] = []
    lower: list[HeaderCell] = []
    column = 0
    for group in table.header_groups:
        headings = table.header[column : column + group.span]
        column += group.span
        if group.title is None:
            upper.extend(HeaderCell(h, rowspan=2) for h in headings)
        else:
            upper.append(HeaderCell(group.title, colspan=group.span, scope="colgroup"))
            lower.extend(HeaderCell(h) for h in headings)
    return [upper, lower], [g.span for g in table.header_groups]


def reference_href(layout: PlanLayout, page: str, kind: str, item_id: str) -> str:
    """The address, from `page`, of the table, figure, section or measure a cross-reference
    names (the loader has checked that it exists)."""
    plan = layout.plan
    if kind == "table":
        return layout.href(page, layout.optional("tables"), f"table-{item_id}")
    if kind == "measure":
        return layout.href(page, layout.optional("measures"), f"measure-{item_id}")
    for section in plan.sections:
        if kind == "section" and section.id == item_id:
            return layout.href(page, layout.section(section), section.id)
        if kind == "figure" and any(f.id == item_id for f in section.figures):
            return layout.href(page, layout.section(section), f"figure-{item_id}")
    raise KeyError(f"{kind}:{item_id}")


def figure_views(ctx: PlanContext, page: str, section: int) -> list[FigureView]:
    """The figures of one section, for the page `page` that shows it."""
    layout, source = ctx.layout, ctx.loaded.source
    tables = {t.id: t for t in ctx.plan.tables}
    views = []
    for i, figure in enumerate(ctx.plan.sections[section].figures):
        here: YamlPath = ("sections", section, "figures", i)
        table = tables.get(figure.table or "")
        views.append(
            FigureView(
                figure,
                figure.anchor,
                asset_href(page, layout.figure(figure), layout.directory_urls and not ctx.images_from_source),
                ctx.source(figure, here),
                str(source.value((*here, "alt"))),
                Link(table.caption, layout.href(page, layout.optional("tables"), f"table-{table.id}"))
                if table
                else None,
            )
        )
    return views


def table_view(ctx: PlanContext, index: int, table: Table) -> TableView:
    """Cells in one form (`1,238`, `£412,000`, `43.4%`), row headers on the chosen column."""
    grid = read_grid(table)
    figures = {CellKind.NUMBER, CellKind.MONEY, CellKind.PERCENT}
    rows = []
    for r, values in enumerate(grid.values):
        cells = []
        for c, value in enumerate(values):
            text = grid.filled.get((r, c), value.shown())
            header = c == grid.row_header and bool(text)
            css = "pp-number" if grid.kinds[c] in figures and not header else ""
            cells.append(Cell(text, header=header, css=css))
        rows.append(TableRow(cells, total=table.total_row and r == len(grid.values) - 1))
    published = [
        f"Row {m.row + 1}, column '{table.header[m.column]}': the plan states {m.stated}, "
        f"but {m.parts} add up to {m.computed}."
        for m in grid.mismatches
    ]
    as_at = format_date(table.as_at) if isinstance(table.as_at, dt.date) else (table.as_at or "")
    header_rows, column_groups = _header_rows(table)
    return TableView(
        table=table,
        anchor=f"table-{table.id}",
        source=ctx.source(table, ("tables", index)),
        caption_id=f"table-{table.id}-caption",
        header_rows=header_rows,
        column_groups=column_groups,
        rows=rows,
        as_at=as_at,
        worked_out=bool(grid.filled),
        published_totals=published,
    )


@dataclass(frozen=True)
class FinanceRow:
    """One item of a finance block: its amounts per column and who pays."""

    what: str
    source: str
    amounts: list[str]
    total: str
    funding_source: str
    match_funding: str
    commitments: list[Link]
    note: str


@dataclass(frozen=True)
class FinanceView:
    """A finance block as a table: items by plan year, with the totals worked out."""

    finance: Finance
    anchor: str
    source: str
    caption_id: str
    columns: list[str]
    rows: list[FinanceRow]
    totals: list[str]
    overall: str
    match_total: str
    stated: str
    """The total the plan states: "" when it states none."""
    differs: bool
    has_sources: bool
    has_match: bool
    has_commitments: bool


def finance_views(ctx: PlanContext, page: str) -> list[FinanceView]:
    """Every finance block: amounts per plan year (and for the whole plan), totals per year and overall."""
    views = []
    for f, finance in enumerate(ctx.plan.finance):
        totals = finance_totals(finance)
        years = [y for y in ctx.plan.period.years if y in totals.by_year]
        undated = any(i.amount is not None and i.year is None for i in finance.items)
        columns = [*years, *(["Not tied to a year"] if undated else [])]
        rows = []
        for i, item in enumerate(finance.items):
            by_year = dict(item.amounts)
            if item.amount is not None and item.year is not None:
                by_year[item.year] = item.amount
            amounts = [format_money(by_year[y]) if y in by_year else "" for y in years]
            if undated:
                amounts.append(
                    format_money(item.amount) if item.amount is not None and item.year is None else ""
                )
            match = format_money(item.match_funding) if item.match_funding is not None else ""
            if match and item.match_funding_source:
                match = f"{match} from {item.match_funding_source}"
            rows.append(
                FinanceRow(
                    what=item.what,
                    source=ctx.source(item, ("finance", f, "items", i)),
                    amounts=amounts,
                    total=format_money(item_total(item.amount, item.amounts)),
                    funding_source=item.funding_source or "",
                    match_funding=match,
                    commitments=commitment_links(ctx, page, item.commitments),
                    note=item.note or "",
                )
            )
        column_totals = [format_money(totals.by_year[y]) for y in years]
        column_totals += [format_money(totals.undated)] if undated else []
        views.append(
            FinanceView(
                finance=finance,
                anchor=f"finance-{finance.id}",
                source=ctx.source(finance, ("finance", f)),
                caption_id=f"finance-{finance.id}-caption",
                columns=columns,
                rows=rows,
                totals=column_totals,
                overall=format_money(totals.overall),
                match_total=format_money(totals.match_funding) if any(r.match_funding for r in rows) else "",
                stated=format_money(finance.total) if finance.total is not None else "",
                differs=finance.total is not None and finance.total != totals.overall,
                has_sources=any(r.funding_source for r in rows),
                has_match=any(r.match_funding for r in rows),
                has_commitments=any(r.commitments for r in rows),
            )
        )
    return views


def table_views(ctx: PlanContext) -> list[TableView]:
    return [table_view(ctx, i, table) for i, table in enumerate(ctx.plan.tables)]


def glossary_entries(ctx: PlanContext) -> list[tuple[GlossaryEntry, str, str]]:
    """(entry, anchor, source) in alphabetical order; anchors like `term-ahc`, each once."""
    entries = []
    used: set[str] = set()
    for entry in sorted(ctx.plan.glossary, key=lambda g: g.term.casefold()):
        base = "term-" + (re.sub(r"[^a-z0-9]+", "-", entry.term.casefold()).strip("-") or "x")
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        entries.append((entry, anchor, ctx.source(entry)))
    return entries


def superseded_link(ctx: PlanContext, page: str) -> Link | None:
    """The plan that replaces this one: another plan on the site, or a web address."""
    target = ctx.plan.superseded_by
    if target is None:
        return None
    if target.startswith(("https://", "http://")):
        return Link(target, target)
    if target in ctx.plan_slugs:
        return Link(target, ctx.layout.href(page, f"{PLANS_FOLDER}/{target}/index.md"))
    return Link(target, "")


def measures_by_commitment(plan: Plan) -> dict[str, list[Measure]]:
    """Commitment id -> the measures that track it."""
    found: dict[str, list[Measure]] = {}
    for measure in plan.measures:
        for commitment_id in measure.commitments:
            found.setdefault(commitment_id, []).append(measure)
    return found


def risk_labels(plan: Plan) -> dict[str, str]:
    """Risk id -> `Risk 3`, `Assumption 1`, `Issue 2`: each kind numbered on its own."""
    counts: dict[RiskKind, int] = {}
    labels = {}
    for risk in plan.risks:
        counts[risk.kind] = counts.get(risk.kind, 0) + 1
        labels[risk.id] = f"{risk.kind.value.capitalize()} {counts[risk.kind]}"
    return labels


def risks_by_commitment(plan: Plan) -> dict[str, list[tuple[str, Risk]]]:
    """Commitment id -> (label, risk) of the risks to it."""
    labels = risk_labels(plan)
    found: dict[str, list[tuple[str, Risk]]] = {}
    for risk in plan.risks:
        for commitment_id in risk.commitments:
            found.setdefault(commitment_id, []).append((labels[risk.id], risk))
    return found


@dataclass(frozen=True)
class PlanRow:
    """One row of the plans index."""

    link: Link
    area: str
    period: str
    status: str
    status_label: str
    last_reviewed: str
    source: str


def plan_order(plans: Sequence[LoadedPlan]) -> list[LoadedPlan]:
    """Plans by area, newest first within an area: the order of the index and the menu."""
    return sorted(plans, key=lambda p: (p.plan.area.casefold(), -p.plan.period.start, p.plan.name.casefold()))


# --- how readable the plan is ------------------------------------------------


@dataclass(frozen=True)
class ReadingRow:
    """One page of the plan on its "How readable" page."""

    link: Link
    words: int
    words_per_sentence: str
    grade: str
    ease: str
    warnings: int
    accepted: int


@dataclass(frozen=True)
class ReadabilityView:
    rows: list[ReadingRow]
    unexplained: list[str]
    """Acronyms the plan uses that neither its glossary nor its text explains."""
    glossary: Link | None
    terms: int
    checked_by: str
    """Who checked the easy read version and when, or "" when nobody has yet."""


def readability_view(ctx: PlanContext, path: str) -> ReadabilityView:
    """Reading level per page, acronyms left unexplained, and the easy read version's state."""
    report = ctx.report
    layout = ctx.layout
    rows: list[ReadingRow] = []
    unexplained: dict[str, None] = {}
    shared = ctx.place is not None and ctx.place.copy and ctx.loaded is ctx.place.family.live
    for page_path, title in layout.pages():
        at = f"{layout.live_folder}/{page_path.removeprefix(layout.folder + '/')}" if shared else page_path
        found = report.pages.get(page_url(at, layout.directory_urls)) if report else None
        if found is None or found.scores is None or found.scores.words == 0:
            continue
        scores = found.scores
        rows.append(
            ReadingRow(
                Link(title, layout.href(path, page_path)),
                scores.words,
                f"{scores.words_per_sentence:.0f}",
                f"{scores.flesch_kincaid_grade:.1f}",
                f"{scores.flesch_reading_ease:.0f}",
                sum(1 for f in found.findings if f.accepted is None),
                sum(1 for f in found.findings if f.accepted is not None),
            )
        )
        for finding in found.findings:
            if finding.rule == "acronyms" and finding.subject and finding.accepted is None:
                unexplained[finding.subject] = None
    glossary = Link("Glossary", layout.href(path, layout.optional("glossary"))) if ctx.plan.glossary else None
    checked = ctx.easy_read.checked_by if ctx.easy_read else None
    checked_by = (
        ", ".join(part for part in (checked.group, format_date(checked.date), checked.note) if part)
        if checked
        else ""
    )
    return ReadabilityView(rows, sorted(unexplained), glossary, len(ctx.plan.glossary), checked_by)


# --- versions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanPlace:
    """Where one version's pages are published, among the plan's other versions."""

    family: PlanFamily
    copy: bool
    """True for the pages at the version's own address, `plans/<slug>/<version>/`."""
    site_url: str | None = None


@dataclass(frozen=True)
class VersionNotice:
    """What a reader of a page that is not the live plan needs to know, and where to go."""

    text: str
    live: Link


def absolute_url(site_url: str | None, path: str, directory_urls: bool = True) -> str:
    """The address to paste into a board paper: full when the site's address is known."""
    url = page_url(path, directory_urls)
    return f"{site_url.rstrip('/')}/{url}" if site_url else f"/{url}"


def version_notice(ctx: PlanContext, page: str) -> VersionNotice | None:
    """The banner of every page of a version other than the live one at the live address."""
    place = ctx.place
    if place is None:
        return None
    family = place.family
    plan = ctx.plan
    layout = ctx.layout
    live_page = f"{layout.live_folder}/{page.removeprefix(layout.folder + '/')}"
    live = Link("Go to the live version", layout.href(page, live_page if place.copy else layout.overview))
    if ctx.loaded is family.live:
        if not place.copy:
            return None
        return VersionNotice(
            f"This is version {plan.version} of this plan, at its own address: it will stay here "
            "when the plan is refreshed. It is the live version now.",
            live,
        )
    if family.is_newer_than_live(ctx.loaded):
        kind = {
            Status.DRAFT: "a draft",
            Status.SUBMITTED: "submitted for assurance, not yet assured",
        }.get(plan.status, "a proposal out for consultation")
        return VersionNotice(
            f"This is version {plan.version}: {kind}. It has not replaced the live version of this plan.",
            live,
        )
    if plan.approval is not None:
        return VersionNotice(
            f"This is the version approved by {plan.approval.body} on {format_date(plan.approval.date)}. "
            "A newer version has replaced it.",
            live,
        )
    return VersionNotice(f"This is an earlier version of this plan, version {plan.version}.", live)


def robots(ctx: PlanContext) -> str | None:
    """Search engines should send people to the live plan, not to copies, drafts or proposals."""
    if ctx.place is not None and ctx.place.copy:
        return "noindex"
    if ctx.plan.status in (Status.DRAFT, Status.CONSULTATION, Status.SUBMITTED):
        return "noindex"
    return None


@dataclass(frozen=True)
class WordChange:
    """A run of words of a field that changed: `same` in both, `removed` or `added`."""

    kind: str
    text: str


def word_changes(before: str, after: str, context: int = 6) -> list[WordChange]:
    """What changed between two values, word by word, so that "9" -> "8" stands out in a
    long sentence: runs of unchanged words longer than twice `context` keep `context`
    words at each side of a change, with "…" for the rest (the full values are beside)."""
    old, new = before.split(), after.split()
    parts: list[WordChange] = []
    blocks = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for index, (tag, a1, a2, b1, b2) in enumerate(blocks):
        if tag == "equal":
            words = old[a1:a2]
            keep_start = index > 0
            keep_end = index < len(blocks) - 1
            if len(words) > 2 * context:
                head = " ".join(words[:context]) if keep_start else ""
                tail = " ".join(words[-context:]) if keep_end else ""
                words = [w for w in (head, "…", tail) if w]
            parts.append(WordChange("same", " ".join(words)))
            continue
        if a2 > a1:
            parts.append(WordChange("removed", " ".join(old[a1:a2])))
        if b2 > b1:
            parts.append(WordChange("added", " ".join(new[b1:b2])))
    return parts


@dataclass(frozen=True)
class ChangeLine:
    """One difference, as the "What changed" page lists it."""

    link: Link
    detail: str = ""
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class VersionChangesView:
    title: str
    anchor: str
    approved: str
    summary: str | None
    new: Link
    old: Link
    sections: list[tuple[str, list[ChangeLine]]]
    empty: bool


def changes_views(family: PlanFamily, path: str, directory_urls: bool = True) -> list[VersionChangesView]:
    """Each version against the one before it, newest first, with links into both versions."""
    views = []
    for changes in all_changes(family):
        new = PlanLayout(changes.new.plan, directory_urls, version=changes.new.plan.version)
        old = PlanLayout(changes.old.plan, directory_urls, version=changes.old.plan.version)

        def link(layout: PlanLayout, commitment: Commitment) -> Link:
            target = layout.commitment_page()[commitment.id]
            return Link(
                commitment_label(commitment, layout.plan), layout.href(path, target, commitment.anchor)
            )

        def measure_link(layout: PlanLayout, measure: Measure) -> Link:
            return Link(
                measure.title, layout.href(path, layout.optional("measures"), f"measure-{measure.id}")
            )

        figures = [
            ChangeLine(
                measure_link(new, f.measure),
                f"{f.period}, {f.kind}: {_figure(f.before)} to {_figure(f.after)}",
            )
            for f in changes.figures
        ]
        sections = [
            ("Commitments added", [ChangeLine(link(new, c)) for c in changes.added]),
            ("Commitments dropped", [ChangeLine(link(old, c)) for c in changes.removed]),
            (
                "Progress",
                [
                    ChangeLine(
                        link(new, p.commitment), f"{PROGRESS_LABELS[p.before]} to {PROGRESS_LABELS[p.after]}"
                    )
                    for p in changes.progress
                ],
            ),
            (
                "Commitments changed",
                [ChangeLine(link(new, c.commitment), "", c.fields) for c in changes.changed],
            ),
            ("Measures added", [ChangeLine(measure_link(new, m)) for m in changes.measures_added]),
            ("Measures dropped", [ChangeLine(measure_link(old, m)) for m in changes.measures_removed]),
            ("Figures changed", figures),
        ]
        plan = changes.new.plan
        approval = plan.approval
        views.append(
            VersionChangesView(
                title=f"Version {plan.version} compared with version {changes.old.plan.version}",
                anchor=f"version-{plan.version}",
                approved=(
                    f"Approved by {approval.body} on {format_date(approval.date)}."
                    if approval is not None
                    else f"Status: {STATUS_LABELS[plan.status]}."
                ),
                summary=plan.change_summary,
                new=Link(f"Read version {plan.version}", new.href(path, new.overview)),
                old=Link(f"Read version {changes.old.plan.version}", old.href(path, old.overview)),
                sections=[(title, lines) for title, lines in sections if lines],
                empty=changes.empty,
            )
        )
    return views


def _figure(value: float | None) -> str:
    return "none" if value is None else charts.format_number(value)
