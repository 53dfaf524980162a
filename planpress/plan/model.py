"""The plan model: one pydantic schema for everything a plan holds.

The YAML a communications officer writes maps one-to-one onto these classes, so the
field names here are the words they type. Unknown keys are errors (`extra="forbid"`):
a misspelt key would otherwise drop its value without a word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from planpress.checks.rules import RULES, suggest_rule
from planpress.plan.figures import read_money
from planpress.plan.source import SourceLocation

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REFERENCE = re.compile(r"\]\(#(table|figure|section|measure):([a-z0-9]+(?:-[a-z0-9]+)*)\)")
"""A cross-reference in a Markdown field, `[the population table](#table:population)`."""
PLAN_YEAR_PATTERN = r"^\d{4}/\d{2}$"


def scalar_as_text(value: Any) -> Any:
    """Let `version: 2.10` or a table cell `10` stand as text, keeping what was typed."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return getattr(value, "source_text", str(value))
    return value


def _strip(value: str) -> str:
    return value.strip()


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty: write some text here, or remove the line")
    return value


Text = Annotated[str, BeforeValidator(scalar_as_text), AfterValidator(_not_blank)]
"""One line or paragraph of plain text."""

Markdown = Annotated[str, BeforeValidator(scalar_as_text), AfterValidator(_not_blank)]
"""Text that may use Markdown (lists, bold, links). Sanitised when rendered."""

MAX_ID_LENGTH = 60
"""Ids and slugs name folders and files of the site: file systems refuse names over 255 bytes."""


def _short_id(value: str) -> str:
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(
            f"is {len(value)} characters long: an id is part of web addresses and file names, "
            f"so keep it to {MAX_ID_LENGTH} or fewer"
        )
    return value


Id = Annotated[
    str,
    BeforeValidator(scalar_as_text),
    AfterValidator(_strip),
    AfterValidator(_short_id),
    Field(
        pattern=ID_PATTERN,
        description="Lower-case letters, digits and single hyphens, e.g. `annual-health-checks`. "
        "Used in web addresses: keep it the same across versions.",
    ),
]

PlanYear = Annotated[
    str,
    BeforeValidator(scalar_as_text),
    Field(
        pattern=PLAN_YEAR_PATTERN,
        description="A financial year of the plan, written like `2021/22`.",
    ),
]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError("is not a web address: it must start with https:// or http://")
    return value


Url = Annotated[str, AfterValidator(_http_url)]


def _money(value: Any) -> Any:
    """`£412,000`, `£1.3m` or `412000` as an exact amount of pounds."""
    if isinstance(value, bool) or value is None or isinstance(value, Decimal):
        return value
    text = scalar_as_text(value)
    amount = read_money(text) if isinstance(text, str) else None
    if amount is None:
        raise ValueError("is not an amount of money: write it like £412,000, £1.3m or £12.50")
    return amount


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    Field(description="An amount in pounds, as written: `£412,000`, `£1.3m`, `£12.50` or `412000`."),
]


class Located(BaseModel):
    """Base of every model object: knows the YAML file and line it came from."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    _location: SourceLocation | None = PrivateAttr(default=None)
    _path: tuple[str | int, ...] = PrivateAttr(default=())

    @property
    def location(self) -> SourceLocation | None:
        """Where this object starts in its YAML file (set by the loader)."""
        return self._location

    @property
    def path(self) -> tuple[str | int, ...]:
        """The object's place in the plan, e.g. `('themes', 2, 'commitments', 0)`."""
        return self._path


def _known_rule(value: str) -> str:
    if value not in RULES:
        raise ValueError(f"is not a planpress rule{suggest_rule(value)}")
    return value


RuleId = Annotated[str, AfterValidator(_known_rule)]


class Acceptable(Located):
    """Something whose reading-rule findings an author can accept on purpose, with a reason."""

    accept: list[RuleId] = Field(
        default_factory=list,
        description="Rule ids whose findings here are accepted on purpose, e.g. `[sentence-length]`.",
    )
    reason: Text | None = Field(
        default=None, description="Why the findings are accepted. Required with `accept`."
    )

    @model_validator(mode="after")
    def _reason_given(self) -> Acceptable:
        if self.accept and self.reason is None:
            raise ValueError("`accept:` needs a `reason:` saying why the finding is accepted")
        return self


class Status(StrEnum):
    """Where a plan is in its life."""

    DRAFT = "draft"
    CONSULTATION = "consultation"
    SUBMITTED = "submitted"
    ASSURED = "assured"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


LIVE_STATUSES = frozenset({Status.APPROVED, Status.ASSURED, Status.SUPERSEDED})
"""A version in one of these states has been decided on: it can be the live version."""


class Progress(StrEnum):
    """How delivery of a commitment is going."""

    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    COMPLETE = "complete"


class Rag(StrEnum):
    """A red / amber / (yellow /) green rating: some registers have a yellow step."""

    RED = "red"
    AMBER = "amber"
    YELLOW = "yellow"
    GREEN = "green"


class RiskKind(StrEnum):
    """What an entry of the risk log is: registers keep risks, assumptions, issues,
    dependencies and constraints side by side (RAID logs)."""

    RISK = "risk"
    ASSUMPTION = "assumption"
    ISSUE = "issue"
    DEPENDENCY = "dependency"
    CONSTRAINT = "constraint"


class Direction(StrEnum):
    """Whether a measure improves as it goes up or down."""

    HIGHER_IS_BETTER = "higher-is-better"
    LOWER_IS_BETTER = "lower-is-better"


class Organisation(Located):
    """A member of the partnership."""

    name: Text
    short_name: Text | None = Field(default=None, description="e.g. `BCP Council`.")
    url: Url | None = None


class Partnership(Located):
    """Who owns the plan."""

    name: Text = Field(description="e.g. `Our Dorset` or `Transforming Care Partnership`.")
    members: list[Organisation] = Field(default_factory=list)


class Period(Located):
    """The financial years the plan covers: `start: 2021, end: 2024` is 2021/22 to 2023/24."""

    start: int = Field(ge=1990, le=2100, description="Year the first financial year starts.")
    end: int = Field(ge=1990, le=2100, description="Year the last financial year ends.")

    @property
    def years(self) -> list[str]:
        """The plan's financial years, e.g. `['2021/22', '2022/23', '2023/24']`."""
        return [f"{y}/{(y + 1) % 100:02d}" for y in range(self.start, self.end)]

    @property
    def label(self) -> str:
        return f"{self.start} to {self.end}"


class Approval(Located):
    """Which body approved (or assured) this version, when, what it decided, and where it is minuted."""

    body: Text = Field(description="e.g. `Dorset Health and Wellbeing Board`.")
    date: dt.date
    decision: Text | None = Field(
        default=None, description="What the body decided, e.g. `Approved with conditions`."
    )
    rating: Text | None = Field(default=None, description="The rating it gave, e.g. `Amber`.")
    minute: Text | None = Field(default=None, description="Minute reference, e.g. `HWB 45/21`.")
    url: Url | None = Field(default=None, description="Link to the meeting papers or minutes.")


class Person(Located):
    """Someone in a named role or a group: any of name, role and organisation, or "to be confirmed"."""

    name: Text | None = None
    role: Text | None = Field(default=None, description="e.g. `Senior responsible owner`.")
    organisation: Text | None = None
    to_be_confirmed: bool = Field(
        default=False, description="`true` while the plan says who it is is still to be confirmed."
    )


class Lead(Person):
    """Who leads a commitment: a person, an organisation, or both; or "to be confirmed"."""


class Group(Located):
    """A board or group of the plan's governance, with its members."""

    id: Id
    name: Text = Field(description="e.g. `Transforming Care Partnership Board`.")
    description: Markdown | None = None
    members: list[Person] = Field(default_factory=list)


class BoardPapers(Located):
    """The cover sheet of the board paper that brings this version to a board: the fields
    a board's report template asks for, shown at the head of the version's board summary."""

    meeting: Text = Field(description="The board and meeting, e.g. `BCP Health and Wellbeing Board`.")
    date: dt.date = Field(description="The date of the meeting, e.g. `2019-09-25`.")
    author: Text = Field(description="Who wrote the paper: names and roles, as the cover sheet gives them.")
    purpose: Markdown = Field(description="Why the paper comes to the board: its executive summary.")
    recommendations: list[Markdown] = Field(
        min_length=1, description="What the board is recommended to do, one item each."
    )
    decisions_sought: list[Markdown] = Field(
        default_factory=list, description="The decisions the board is asked to take, one item each."
    )


class Contact(Located):
    """A person to contact about the plan."""

    name: Text
    role: Text | None = None
    organisation: Text | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: Text | None = None


class RelatedDocument(Located):
    """Another document the plan builds on: a web address or a file beside the plan."""

    title: Text
    url: Url | None = None
    file: Text | None = Field(
        default=None, description="Path relative to the plan file, e.g. `files/strategy.pdf`."
    )
    note: Text | None = None


FIGURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
"""The picture files a figure can show: those every browser shows in an `<img>`."""


class Figure(Located):
    """A picture in a section (a map, a structure chart, a graphic of the template), with
    its alt text and what it shows in words, so nobody needs to see it to read the plan."""

    id: Id
    file: Text = Field(
        description="The picture, relative to the plan file: `files/map.png` (PNG, JPEG, GIF, WebP or SVG)."
    )
    caption: Text = Field(description="Shown under the picture, e.g. `Map of Dorset's localities`.")
    alt: Text = Field(
        description="What the picture shows, in a sentence, for people who cannot see it. "
        "Checked by the alt text rules."
    )
    long_description: Markdown | None = Field(
        default=None,
        description="Everything the picture tells, in words: shown under it. "
        "Needed unless `table` names a table that holds its figures.",
    )
    table: Id | None = Field(
        default=None, description="The id of a table in `tables:` that holds the figures the picture shows."
    )
    source: Text | None = Field(default=None, description="Where the picture comes from.")

    @property
    def anchor(self) -> str:
        return f"figure-{self.id}"


class Section(Acceptable):
    """A part of the plan told in prose: "Our area", "Co-production", "Vision"..."""

    id: Id
    title: Text
    body: Markdown
    figures: list[Figure] = Field(
        default_factory=list, description="Pictures shown after the section's text, each with words."
    )
    page: bool | None = Field(
        default=None,
        description="`true`: the section is a page of its own; `false`: on the overview. "
        "Left out: as the plan's `section_pages` says.",
    )


class Principle(Acceptable):
    """A numbered principle that commitments cite."""

    number: int = Field(ge=1)
    title: Text
    description: Markdown | None = None

    @property
    def id(self) -> str:
        return f"principle-{self.number}"


class Outcome(Acceptable):
    """A numbered outcome that commitments work towards."""

    number: int = Field(ge=1)
    title: Text
    description: Markdown | None = None

    @property
    def id(self) -> str:
        return f"outcome-{self.number}"


class DeliverableGroup(Located):
    """Deliverables one organisation owns, optionally for one year (Dorset's council blocks)."""

    organisation: Text | None = None
    year: PlanYear | None = None
    heading: Text | None = Field(
        default=None, description="What the group is about; shown after the organisation, if there is one."
    )
    text: Markdown | None = Field(default=None, description="Prose before the list.")
    items: list[Markdown] = Field(default_factory=list)
    lead: Lead | None = None


class TimelineEntry(Located):
    """When something happens: free text ("Ongoing", "May 2021") or a real date."""

    when: dt.date | Text = Field(description="`Ongoing`, `May 2021`, `Q3 2021/22` or `2021-05-31`.")
    what: Markdown | None = None


def _timeline_shorthand(value: Any) -> Any:
    """Accept `- Ongoing` as well as `- when: Ongoing`."""
    if isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool):
        return {"when": value}
    return value


class Commitment(Acceptable):
    """One thing the plan commits to do: an objective with its delivery, leads and timeline."""

    id: Id
    number: int | None = Field(default=None, ge=1, description="As numbered in the plan.")
    title: Text
    year: PlanYear | None = Field(default=None, description="Plan year, e.g. `2021/22`.")
    summary: Markdown | None = None
    objectives: list[Markdown] = Field(default_factory=list)
    deliverables: list[Markdown] = Field(
        default_factory=list, description='"How and what will be delivered".'
    )
    deliverable_groups: list[DeliverableGroup] = Field(default_factory=list)
    timeline: list[Annotated[TimelineEntry, BeforeValidator(_timeline_shorthand)]] = Field(
        default_factory=list
    )
    leads: list[Lead] = Field(default_factory=list)
    status: Progress | None = Field(
        default=None, description="Progress as the plan states it. Left out: no progress is shown."
    )
    status_note: Markdown | None = None
    principles: list[int] = Field(default_factory=list, description="Principle numbers.")
    outcomes: list[int] = Field(default_factory=list, description="Outcome numbers.")
    see_also: list[Id] = Field(default_factory=list, description="Ids of related commitments.")

    @property
    def anchor(self) -> str:
        return f"commitment-{self.id}"


class Theme(Acceptable):
    """A group of commitments: Dorset's "LTP commitments", LLR's priorities."""

    id: Id
    title: Text
    summary: Markdown | None = None
    commitments: list[Commitment] = Field(default_factory=list)

    def commitments_by_year(self, years: list[str]) -> list[tuple[str | None, list[Commitment]]]:
        """Commitments in plan-year order; those with no year come first, under `None`."""
        groups: list[tuple[str | None, list[Commitment]]] = []
        for year in [None, *years]:
            chosen = [c for c in self.commitments if c.year == year]
            if chosen:
                groups.append((year, chosen))
        return groups


_RANGE = re.compile(r"^\s*(-?\d[\d,]*(?:\.\d+)?)\s*(?:-|\u2013|to)\s*(-?\d[\d,]*(?:\.\d+)?)\s*$")


def _range(value: Any) -> Any:
    """`10-15`, `10 to 15` or `{low: 10, high: 15}` as a low and a high figure."""
    if isinstance(value, str):
        match = _RANGE.match(value)
        if match is None:
            raise ValueError("is not a range: write it like 10-15 or 10 to 15")
        return {"low": float(match.group(1).replace(",", "")), "high": float(match.group(2).replace(",", ""))}
    return value


class Range(Located):
    """A figure the plan gives as a range, e.g. a target of 10 to 15 per million."""

    low: float
    high: float

    @model_validator(mode="after")
    def _in_order(self) -> Range:
        if self.low > self.high:
            raise ValueError(
                f"the range starts at {self.low:g} but ends lower, at {self.high:g}: write the low figure first"
            )
        return self


class MeasurePoint(Located):
    """One period of a measure: a target (or a target range), an actual value, a projection,
    and the values per area that the actual value is the total of."""

    period: Text = Field(description="e.g. `2021/22`, `Q1 2021/22`, `Sep 2021`.")
    target: float | None = None
    target_range: Annotated[Range, BeforeValidator(_range)] | None = Field(
        default=None, description="A target given as a range, `10-15`: instead of `target`."
    )
    actual: float | None = None
    projection: float | None = Field(
        default=None, description="What the plan expects for the period (a forecast), apart from its target."
    )
    areas: dict[Annotated[str, AfterValidator(_not_blank)], float] = Field(
        default_factory=dict,
        description="Values per area for the period, e.g. `Leicester: 12`; `actual` is the total of all areas.",
    )
    note: Text | None = None


class Benchmark(Located):
    """A figure to compare a measure with: a national or regional average, a peer's value."""

    name: Text = Field(description="e.g. `National average` or `East Midlands`.")
    value: float
    period: Text | None = Field(default=None, description="The period the figure is for, e.g. `2020/21`.")
    source: Text | None = Field(default=None, description="Where the figure comes from.")


class Measure(Acceptable):
    """A series of figures: a trajectory, a target, monthly counts, a rate per population."""

    id: Id
    title: Text
    unit: Text = Field(description="e.g. `people`, `health checks`, `%`.")
    per: int | None = Field(
        default=None, ge=1, description="The figures are rates per this many people, e.g. `1000000`."
    )
    population: Text | None = Field(
        default=None,
        description="Who the rate is of, with `per`, e.g. `adults`: shown as per 1,000,000 adults.",
    )
    description: Markdown | None = None
    direction: Direction | None = None
    source: Text | None = Field(default=None, description="Where the figures come from.")
    commitments: list[Id] = Field(default_factory=list, description="Commitments it tracks.")
    areas_add_up: bool = Field(
        default=False,
        description="The points' `areas` add up to their `actual` (counts, not rates): the totals are checked.",
    )
    benchmarks: list[Benchmark] = Field(
        default_factory=list, description="Figures to compare with, e.g. the national average."
    )
    points: list[MeasurePoint] = Field(
        default_factory=list, description="The figures, one per period. None yet: say why in `no_figures`."
    )
    no_figures: Markdown | None = Field(
        default=None,
        description="For an indicator defined before any data exists: what the plan says about "
        'when figures will come. Shown under "No figures yet".',
    )

    @property
    def unit_label(self) -> str:
        """The unit as a reader reads it: `%`, `people`, or `inpatients per 1,000,000 adults`."""
        unit = "%" if self.unit.strip() == "%" else self.unit
        if self.per is None:
            return unit
        return " ".join(w for w in (unit, f"per {self.per:,}", self.population or "") if w)


class Risk(Acceptable):
    """A risk to delivery (or an assumption, issue, dependency or constraint), with its ratings."""

    id: Id
    kind: RiskKind = Field(
        default=RiskKind.RISK, description="`risk`, `assumption`, `issue`, `dependency` or `constraint`."
    )
    description: Markdown
    cause: Markdown | None = None
    effect: Markdown | None = None
    rating_before: Rag | None = None
    rating_after: Rag | None = None
    mitigation: Markdown | None = None
    owner: Text | None = None
    commitments: list[Id] = Field(default_factory=list)


class ColumnType(StrEnum):
    """What a table column holds, when the author declares it."""

    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"


class HeaderGroup(Located):
    """A heading over several columns (a merged cell of the upper header row)."""

    title: Text | None = Field(default=None, description="Leave out over columns that need no group.")
    span: int = Field(default=1, ge=1, description="How many columns it stands over.")


def _cell_text(value: Any) -> Any:
    """A cell as the author typed it: `1,238`, `£412,000`, `43.4%`, `April 2016`, a date, text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return scalar_as_text(value)


TableCell = Annotated[str, BeforeValidator(_cell_text)]


class Table(Acceptable):
    """Any other table in the plan: membership, sign-off, figures, with totals checked."""

    id: Id
    caption: Text
    header: list[Text] = Field(min_length=1, description="The column headings (the lower row).")
    header_groups: list[HeaderGroup] = Field(
        default_factory=list, description="An upper header row of headings over several columns."
    )
    column_types: list[ColumnType] = Field(
        default_factory=list,
        description="What each column holds: text, number, money, percent or date. Read from the cells when left out.",
    )
    row_header: Text | Literal[False] | None = Field(
        default=None,
        description="The heading of the column that names the rows; `false` for none. "
        "Left out: the first column, unless it holds only figures.",
    )
    rows: list[list[TableCell]] = Field(default_factory=list)
    total_row: bool = Field(default=False, description="The last row holds the totals of the rows above.")
    total_column: bool = Field(
        default=False, description="The last column holds the total of the figures in its row."
    )
    empty: Markdown | None = Field(
        default=None, description="For a table with no rows: why, e.g. `No children were in inpatient care`."
    )
    notes: Markdown | None = None
    footnotes: list[Markdown] = Field(default_factory=list, description="Numbered notes under the table.")
    source: Text | None = Field(default=None, description="Where the figures come from.")
    as_at: dt.date | Text | None = Field(
        default=None, description="When the figures are from: `2021-03-31` or `March 2021`."
    )


@dataclass(frozen=True)
class TableRow:
    """One row of a table, as an easy read point's `about:` names it (`population-row-2`)."""

    table: Table
    index: int
    """From 0: `population-row-2` is index 1."""

    @property
    def cells(self) -> list[str]:
        return self.table.rows[self.index]


class FinanceItem(Located):
    """One line of a finance block: what the money is for, how much, when, and from whom."""

    what: Text
    amount: Money | None = Field(default=None, description="The amount, for one year or the whole plan.")
    year: PlanYear | None = Field(default=None, description="The plan year of `amount`.")
    amounts: dict[PlanYear, Money] = Field(
        default_factory=dict, description="Amounts per plan year, e.g. `2021/22: £200,000`."
    )
    funding_source: Text | None = Field(default=None, description="Who pays, e.g. `NHS England`.")
    match_funding: Money | None = Field(default=None, description="Money partners add to it.")
    match_funding_source: Text | None = None
    commitments: list[Id] = Field(default_factory=list, description="Ids of the commitments it pays for.")
    note: Text | None = None


class Finance(Acceptable):
    """Money in the plan: a bid, a budget, investment lines, with their totals worked out."""

    id: Id
    title: Text
    description: Markdown | None = None
    source: Text | None = None
    items: list[FinanceItem] = Field(min_length=1)
    total: Money | None = Field(
        default=None, description="The total the plan states: checked against the items."
    )


class GlossaryEntry(Located):
    """An acronym or term, with its expansion and an explanation in plain words."""

    term: Text = Field(description="As written in the plan, e.g. `CETR`.")
    expansion: Text | None = Field(default=None, description="e.g. `Care, Education and Treatment Review`.")
    explanation: Markdown | None = None


class Plan(Acceptable):
    """One version of one plan, as published."""

    slug: Id = Field(description="Short name used in the plan's web address.")
    title: Text
    short_title: Text | None = None
    partnership: Partnership
    area: Text
    period: Period
    version: Text = Field(description="e.g. `2021-03` or `1.2`.")
    status: Status
    approval: Approval | None = Field(
        default=None, description="The decision that made this version approved or assured."
    )
    approvals: list[Approval] = Field(
        default_factory=list, description="Further bodies' decisions on this version, each with its date."
    )
    superseded_by: Text | None = Field(
        default=None, description="Slug or web address of the plan that replaces this one."
    )
    change_summary: Markdown | None = Field(
        default=None,
        description="What changed since the previous version, in a few sentences, for the boards that approve it.",
    )
    board_papers: BoardPapers | None = Field(
        default=None, description="The cover sheet of the paper that brings this version to a board."
    )
    published: dt.date | None = None
    last_reviewed: dt.date | None = None
    review_by: dt.date | None = None
    lead_contact: Contact
    roles: list[Person] = Field(
        default_factory=list, description="Named roles: senior responsible owner, deputy, finance lead..."
    )
    groups: list[Group] = Field(default_factory=list, description="Boards and groups, with their members.")
    summary: Markdown
    related_documents: list[RelatedDocument] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    section_pages: bool = Field(
        default=False,
        description="`true`: every section is a page of its own, in the menu after the overview "
        "(for a long plan); a section's `page` overrides it.",
    )
    principles: list[Principle] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    risks_as_at: dt.date | None = Field(default=None, description="The date of the risk register.")
    rating_scale: list[Rag] = Field(
        default_factory=list,
        description="The ratings the plan's risk register uses, worst first, e.g. `[red, amber, yellow, green]`.",
    )
    tables: list[Table] = Field(default_factory=list)
    finance: list[Finance] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)

    @property
    def name(self) -> str:
        return self.short_title or self.title

    @property
    def decisions(self) -> list[Approval]:
        """Every approval of this version, in date order."""
        return sorted([*([self.approval] if self.approval else []), *self.approvals], key=lambda a: a.date)

    def commitments(self) -> list[Commitment]:
        return [c for theme in self.themes for c in theme.commitments]

    def about_items(self) -> dict[str, Located | TableRow]:
        """What an easy read `about:` can name, by id: themes, commitments, principles,
        outcomes, measures, sections, tables, and a table's rows as `<table id>-row-<n>`."""
        found: dict[str, Located | TableRow] = {t.id: t for t in self.themes}
        found |= {c.id: c for c in self.commitments()}
        found |= {p.id: p for p in self.principles} | {o.id: o for o in self.outcomes}
        found |= {m.id: m for m in self.measures} | {s.id: s for s in self.sections}
        for table in self.tables:
            found[table.id] = table
            found |= {f"{table.id}-row-{r + 1}": TableRow(table, r) for r in range(len(table.rows))}
        return found

    def principle(self, number: int) -> Principle | None:
        return next((p for p in self.principles if p.number == number), None)

    def outcome(self, number: int) -> Outcome | None:
        return next((o for o in self.outcomes if o.number == number), None)

    def commitments_citing_principle(self, number: int) -> list[Commitment]:
        return [c for c in self.commitments() if number in c.principles]

    def commitments_citing_outcome(self, number: int) -> list[Commitment]:
        return [c for c in self.commitments() if number in c.outcomes]
