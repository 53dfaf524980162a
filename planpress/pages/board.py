"""A plan's board summary, worked out from the model: one page for a board member with five
minutes.

It says where the plan stands (status, approval, the board paper's cover sheet), how its
commitments are going (counted by the progress the plan states, and by theme), what
changed since the last version a board approved, which risks are rated red or amber, and
how the measures compare with their trajectories. Only what the plan states is counted: a
commitment whose progress the plan does not give is "progress not stated", never "not
started". The template only lays this out, on the site and in the summary's PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from planpress.pages import charts
from planpress.pages.views import (
    PROGRESS_LABELS,
    RAG_LABELS,
    STATUS_LABELS,
    PlanContext,
    commitment_label,
    format_date,
    period_label,
    plain_excerpt,
)
from planpress.plan.load import LoadedPlan
from planpress.plan.model import (
    BoardPapers,
    Commitment,
    Direction,
    Measure,
    Plan,
    Progress,
    Rag,
    Risk,
    Status,
)
from planpress.plan.versions import PlanFamily, VersionChanges, changes_between

NOT_STATED = "not-stated"
NOT_STATED_LABEL = "Progress not stated"
PROGRESS_ORDER = [
    Progress.COMPLETE,
    Progress.ON_TRACK,
    Progress.AT_RISK,
    Progress.OFF_TRACK,
    Progress.NOT_STARTED,
]
"""Done first, then going well, then in trouble: the order a board reads a delivery report."""


def stated_progress(commitment: Commitment) -> Progress | None:
    """The progress the plan gives for a commitment, or None when its file says none."""
    return commitment.status if "status" in commitment.model_fields_set else None


def progress_label(commitment: Commitment) -> str:
    stated = stated_progress(commitment)
    return PROGRESS_LABELS[stated] if stated else NOT_STATED_LABEL


@dataclass(frozen=True)
class ProgressCount:
    """How many commitments have one stated progress (`key` `not-stated`: none stated)."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ThemeCounts:
    title: str
    total: int
    counts: list[int]
    """One number per column of `BoardSummaryView.progress`, in its order."""


@dataclass(frozen=True)
class ChangeGroup:
    """One kind of change since the version compared with, e.g. "Commitments added"."""

    title: str
    items: list[str]


@dataclass(frozen=True)
class RiskLine:
    number: int
    anchor: str
    description: str
    rating: str
    rating_key: str
    owner: str


@dataclass(frozen=True)
class MeasureLine:
    """A measure's latest actual figure against its target for the same period."""

    title: str
    anchor: str
    period: str
    target: str
    actual: str
    verdict: str
    """`Better than the target`, `Worse than the target`, `On the target`, or ""."""


@dataclass(frozen=True)
class BoardSummaryView:
    plan_name: str
    version: str
    approval: str
    """The status in words, with who approved this version and when."""
    period: str
    review_by: str
    board_papers: BoardPapers | None
    board_date: str
    total: int
    progress: list[ProgressCount]
    themes: list[ThemeCounts]
    compared_with: str
    """Which version the changes are against, in words; "" for a plan's first version."""
    change_summary: str | None
    changes: list[ChangeGroup]
    risks: list[RiskLine]
    risks_total: int
    risks_rated: int
    measures: list[MeasureLine]
    measures_without_actuals: list[str]


def board_summary_view(ctx: PlanContext) -> BoardSummaryView:
    plan = ctx.plan
    commitments = plan.commitments()
    keys = [p for p in PROGRESS_ORDER if any(stated_progress(c) == p for c in commitments)]
    columns: list[Progress | None] = [*keys]
    if any(stated_progress(c) is None for c in commitments):
        columns.append(None)

    def count(items: list[Commitment], key: Progress | None) -> int:
        return sum(1 for c in items if stated_progress(c) == key)

    progress = [
        ProgressCount(
            key.value if key else NOT_STATED,
            PROGRESS_LABELS[key] if key else NOT_STATED_LABEL,
            count(commitments, key),
        )
        for key in columns
    ]
    themes = [
        ThemeCounts(t.title, len(t.commitments), [count(t.commitments, key) for key in columns])
        for t in plan.themes
    ]
    family = ctx.place.family if ctx.place is not None else None
    compared, changes = _changes_since_approved(family, ctx.loaded)
    board = plan.board_papers
    lines = [(m, _measure_line(m)) for m in plan.measures]
    return BoardSummaryView(
        plan_name=plan.name,
        version=plan.version,
        approval=_approval(plan),
        period=period_label(plan),
        review_by=format_date(plan.review_by),
        board_papers=board,
        board_date=format_date(board.date) if board else "",
        total=len(commitments),
        progress=progress,
        themes=themes,
        compared_with=compared,
        change_summary=plan.change_summary,
        changes=_change_groups(changes) if changes is not None else [],
        risks=_red_and_amber(plan.risks),
        risks_total=len(plan.risks),
        risks_rated=sum(1 for r in plan.risks if _rating(r) is not None),
        measures=[line for _, line in lines if line is not None],
        measures_without_actuals=[m.title for m, line in lines if line is None],
    )


def _approval(plan: Plan) -> str:
    """`Approved by <body> on <date> (minute <ref>).`, or the status when none is recorded."""
    approval = plan.approval
    if approval is None:
        return f"{STATUS_LABELS[plan.status]}: not approved."
    minute = f" (minute {approval.minute})" if approval.minute else ""
    said = f"Approved by {approval.body} on {format_date(approval.date)}{minute}."
    return said if plan.status == Status.APPROVED else f"{STATUS_LABELS[plan.status]}. {said}"


def _changes_since_approved(
    family: PlanFamily | None, loaded: LoadedPlan
) -> tuple[str, VersionChanges | None]:
    """The changes since the latest approved version before this one or, when no earlier
    version was approved, since the version just before it (saying so)."""
    if family is None or loaded not in family.versions:
        return "", None
    earlier = family.versions[: family.versions.index(loaded)]
    if not earlier:
        return "", None
    approved = [v for v in earlier if v.plan.status in (Status.APPROVED, Status.SUPERSEDED)]
    if approved:
        old = approved[-1]
        assert old.plan.approval is not None  # validation requires it of approved versions
        words = (
            f"Compared with version {old.plan.version}, approved by {old.plan.approval.body} "
            f"on {format_date(old.plan.approval.date)}."
        )
    else:
        old = earlier[-1]
        words = (
            f"No earlier version was approved. Compared with version {old.plan.version} "
            f"({STATUS_LABELS[old.plan.status].lower()})."
        )
    return words, changes_between(old, loaded)


def _change_groups(changes: VersionChanges) -> list[ChangeGroup]:
    before = {c.id: c for c in changes.old.plan.commitments()}
    progress = []
    for commitment in changes.new.plan.commitments():
        old = before.get(commitment.id)
        if old is not None and stated_progress(old) != stated_progress(commitment):
            progress.append(
                f"{commitment_label(commitment)}: {progress_label(old)} to {progress_label(commitment)}"
            )
    figures = sorted({f.measure.title: None for f in changes.figures})
    groups = [
        ChangeGroup("Commitments added", [commitment_label(c) for c in changes.added]),
        ChangeGroup("Commitments dropped", [commitment_label(c) for c in changes.removed]),
        ChangeGroup("Progress", progress),
        ChangeGroup("Commitments changed", [commitment_label(c.commitment) for c in changes.changed]),
        ChangeGroup("Measures added", [m.title for m in changes.measures_added]),
        ChangeGroup("Measures dropped", [m.title for m in changes.measures_removed]),
        ChangeGroup("Figures changed", figures),
    ]
    return [g for g in groups if g.items]


def _rating(risk: Risk) -> Rag | None:
    """The risk's rating now: after mitigation when the plan gives it, else before."""
    return risk.rating_after or risk.rating_before


def _red_and_amber(risks: list[Risk]) -> list[RiskLine]:
    lines = [
        RiskLine(
            n,
            f"risk-{risk.id}",
            plain_excerpt(risk.description, 160),
            RAG_LABELS[rating],
            rating.value,
            risk.owner or "",
        )
        for n, risk in enumerate(risks, start=1)
        if (rating := _rating(risk)) in (Rag.RED, Rag.AMBER)
    ]
    return sorted(lines, key=lambda line: (line.rating_key != Rag.RED.value, line.number))


def _measure_line(measure: Measure) -> MeasureLine | None:
    """The latest period with an actual figure, against that period's target."""
    point = next((p for p in reversed(measure.points) if p.actual is not None), None)
    if point is None or point.actual is None:
        return None
    unit = measure.unit
    verdict = ""
    if point.target is not None and measure.direction is not None:
        if point.actual == point.target:
            verdict = "On the target"
        else:
            better = (point.actual > point.target) == (measure.direction == Direction.HIGHER_IS_BETTER)
            verdict = "Better than the target" if better else "Worse than the target"
    return MeasureLine(
        measure.title,
        f"measure-{measure.id}",
        point.period,
        charts.format_quantity(point.target, unit) if point.target is not None else "No target",
        charts.format_quantity(point.actual, unit),
        verdict,
    )
