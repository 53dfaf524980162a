"""Versions of a plan: which one is live, and what changed from one to the next.

Boards approve a version at a meeting and their papers link to it; later the plan is
refreshed. Every version keeps its own address, `/plans/<slug>/<version>/`, and
`/plans/<slug>/` shows the live one: the latest approved version. A draft or a version
out for consultation never replaces it. The differences between versions are worked out
from the data, field by field, so a board sees exactly what it is asked to approve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from planpress.plan.load import LoadedPlan
from planpress.plan.model import LIVE_STATUSES, Commitment, Measure, Plan, Progress


@dataclass(frozen=True)
class PlanFamily:
    """Every version of one plan, oldest first, and the one published as live."""

    slug: str
    versions: list[LoadedPlan]
    live: LoadedPlan

    @property
    def has_history(self) -> bool:
        return len(self.versions) > 1

    def previous(self, loaded: LoadedPlan) -> LoadedPlan | None:
        index = self.versions.index(loaded)
        return self.versions[index - 1] if index > 0 else None

    def is_newer_than_live(self, loaded: LoadedPlan) -> bool:
        return self.versions.index(loaded) > self.versions.index(self.live)


def version_date(plan: Plan) -> dt.date | None:
    """When a version came out: approved, else published."""
    if plan.approval is not None:
        return plan.approval.date
    return plan.published


def _order(loaded: LoadedPlan) -> tuple[dt.date, str]:
    return (version_date(loaded.plan) or dt.date.min, loaded.plan.version)


def plan_families(plans: Iterable[LoadedPlan]) -> list[PlanFamily]:
    """Group versions by slug, oldest first; the live one is the latest approved version.

    A plan with no approved version yet (a draft, or one out for consultation) is shown
    at its address as it is, with its banner: there is nothing else to show there.
    """
    by_slug: dict[str, list[LoadedPlan]] = {}
    for loaded in plans:
        by_slug.setdefault(loaded.plan.slug, []).append(loaded)
    families = []
    for slug, versions in by_slug.items():
        versions.sort(key=_order)
        approved = [v for v in versions if v.plan.status in LIVE_STATUSES]
        live = approved[-1] if approved else versions[-1]
        families.append(PlanFamily(slug, versions, live))
    return families


# --- what changed --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of one item, before and after: values as people read them."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class CommitmentChange:
    commitment: Commitment
    fields: list[FieldChange]


@dataclass(frozen=True)
class ProgressChange:
    commitment: Commitment
    before: Progress | None
    after: Progress | None


@dataclass(frozen=True)
class FigureChange:
    """A figure of a measure in one period: added, removed or changed."""

    measure: Measure
    period: str
    kind: str
    """`target`, `actual` or `projection`."""
    before: float | None
    after: float | None


@dataclass(frozen=True)
class VersionChanges:
    """Everything that differs between a version and the one before it."""

    old: LoadedPlan
    new: LoadedPlan
    added: list[Commitment] = field(default_factory=list)
    removed: list[Commitment] = field(default_factory=list)
    changed: list[CommitmentChange] = field(default_factory=list)
    progress: list[ProgressChange] = field(default_factory=list)
    measures_added: list[Measure] = field(default_factory=list)
    measures_removed: list[Measure] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.progress
            or self.measures_added
            or self.measures_removed
            or self.figures
        )

    @property
    def completed(self) -> list[Commitment]:
        return [p.commitment for p in self.progress if p.after == Progress.COMPLETE]


COMMITMENT_FIELDS = {
    "number": "Number",
    "title": "Title",
    "year": "Plan year",
    "summary": "Summary",
    "objectives": "Objectives",
    "deliverables": "What will be delivered",
    "deliverable_groups": "What each organisation will deliver",
    "timeline": "Timeline",
    "leads": "Leads",
    "status_note": "Progress note",
    "principles": "Principles it serves",
    "outcomes": "Outcomes it works towards",
    "see_also": "See also",
}
"""The fields compared, as the site names them. Progress is reported apart."""


def changes_between(old: LoadedPlan, new: LoadedPlan) -> VersionChanges:
    """The differences in the data between two versions of a plan."""
    before = {c.id: c for c in old.plan.commitments()}
    after = {c.id: c for c in new.plan.commitments()}
    changes = VersionChanges(
        old,
        new,
        added=[c for i, c in after.items() if i not in before],
        removed=[c for i, c in before.items() if i not in after],
    )
    for cid, commitment in after.items():
        if cid not in before:
            continue
        previous = before[cid]
        fields = [
            FieldChange(label, describe(getattr(previous, name)), describe(getattr(commitment, name)))
            for name, label in COMMITMENT_FIELDS.items()
            if _comparable(getattr(previous, name)) != _comparable(getattr(commitment, name))
        ]
        if fields:
            changes.changed.append(CommitmentChange(commitment, fields))
        if previous.status != commitment.status:
            changes.progress.append(ProgressChange(commitment, previous.status, commitment.status))
    old_measures = {m.id: m for m in old.plan.measures}
    new_measures = {m.id: m for m in new.plan.measures}
    changes.measures_added.extend(m for i, m in new_measures.items() if i not in old_measures)
    changes.measures_removed.extend(m for i, m in old_measures.items() if i not in new_measures)
    for mid, measure in new_measures.items():
        if mid in old_measures:
            changes.figures.extend(_figure_changes(old_measures[mid], measure))
    return changes


def _figure_changes(old: Measure, new: Measure) -> list[FigureChange]:
    before = {p.period: p for p in old.points}
    after = {p.period: p for p in new.points}
    found = []
    for period in [*after, *(p for p in before if p not in after)]:
        for kind in ("target", "actual", "projection"):
            was = getattr(before[period], kind) if period in before else None
            now = getattr(after[period], kind) if period in after else None
            if was != now:
                found.append(FigureChange(new, period, kind, was, now))
    return found


def _comparable(value: Any) -> Any:
    """A value without where it was written: moving a line in the file changes nothing."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def describe(value: Any) -> str:
    """A field's value as a person reads it in a list of changes."""
    text = _describe_data(_comparable(value))
    return text or "(none)"


def _describe_data(data: Any) -> str:
    if isinstance(data, dict):
        return ", ".join(_describe_data(v) for v in data.values() if v not in (None, [], ""))
    if isinstance(data, list):
        return "; ".join(_describe_data(v) for v in data)
    return "" if data is None else str(data)


def all_changes(family: PlanFamily) -> list[VersionChanges]:
    """Each version against the one before it, newest first."""
    versions: Sequence[LoadedPlan] = family.versions
    return [changes_between(versions[i - 1], versions[i]) for i in range(len(versions) - 1, 0, -1)]
