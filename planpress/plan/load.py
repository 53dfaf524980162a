"""Load a plan file: YAML -> validated `Plan`, or every problem with its file:line:column.

Validation runs in two passes. Pydantic checks the shape (fields, types, values) and
reports all of it at once; only a plan whose shape is right goes on to the checks that
look across the plan (ids, cross-references, years, dates, files), because those need a
whole model to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from planpress.plan.figures import CellKind, read_value
from planpress.plan.files import FileReferenceError, resolve_file, source_files
from planpress.plan.model import (
    FIGURE_SUFFIXES,
    LIVE_STATUSES,
    REFERENCE,
    Figure,
    Finance,
    Measure,
    Person,
    Plan,
    RelatedDocument,
    Table,
)
from planpress.plan.source import (
    Problem,
    SourceError,
    SourceLocation,
    SourceMap,
    YamlPath,
    describe_path,
    read_yaml,
)
from planpress.plan.tables import STATED_TOTAL, finance_totals, read_grid
from planpress.plan.validation import sort_problems, suggest, validate_document

At = Callable[[YamlPath, str], Problem]
"""Makes a problem at a place in the plan."""


PLANS_FOLDER_NAME = "plans"
PLAN_SUFFIXES = frozenset({".yml", ".yaml"})


@dataclass(frozen=True)
class LoadedPlan:
    """A valid plan with the file it came from and where each of its values stands."""

    plan: Plan
    file: Path
    source: SourceMap
    folder: Path
    """The plans folder: the files the plan names must be inside it."""

    def document_file(self, document: RelatedDocument) -> Path:
        """Where a related document's file is (checked when the plan was loaded)."""
        return self.own_file(document.file or "")

    def figure_file(self, figure: Figure) -> Path:
        """Where a figure's picture is (checked when the plan was loaded)."""
        return self.own_file(figure.file)

    def own_file(self, reference: str) -> Path:
        """A file the plan names, relative to the plan file and inside the plans folder."""
        return resolve_file(
            reference, self.file.parent, self.folder, f"{self.folder.name}/", "next to this plan"
        )


def plans_folder_of(path: Path) -> Path:
    """The folder a plan file's own files must stay in: the nearest `plans/` above it, or
    the folder it is in."""
    where = Path(os.path.abspath(path))  # the link's own place, not its target's
    for parent in where.parents:
        if parent.name == PLANS_FOLDER_NAME:
            return parent
    return where.parent


def load_plan(path: Path, display_name: str | None = None, folder: Path | None = None) -> LoadedPlan:
    """Read and validate one plan file; raise `SourceError` listing every problem.

    `folder` is the plans folder (default: see `plans_folder_of`): the plan file and every
    file it names must be inside it."""
    folder = folder or plans_folder_of(path)
    name = display_name or str(path)
    try:
        resolve_file(path.name, path.parent, folder, f"{folder.name}/")
    except FileReferenceError as error:
        raise SourceError(
            [Problem(SourceLocation(name, 1, 1), f"this plan file cannot be read: {error}")]
        ) from None
    document = read_yaml(path, display_name)
    plan = validate_document(document, Plan, "a plan", "`slug: ...`, `title: ...`")
    loaded = LoadedPlan(plan, path, document.source, folder)
    problems = list(check_references(loaded))
    if problems:
        raise SourceError(sort_problems(problems))
    return loaded


def find_plan_files(paths: list[Path]) -> list[Path]:
    """Plan files named directly, or found below folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        found.extend(source_files(path, PLAN_SUFFIXES) if path.is_dir() else [path])
    return found


# --- checks across the plan ------------------------------------------------------


def check_references(loaded: LoadedPlan) -> Iterator[Problem]:
    """Ids, numbers, cross-references, years, dates and files that only a whole plan shows."""
    plan, source = loaded.plan, loaded.source

    def at(path: YamlPath, message: str) -> Problem:
        return Problem(source.value(path), message, describe_path(path))

    yield from _check_ids(plan, at)
    years = plan.period.years
    if plan.period.end <= plan.period.start:
        yield at(
            ("period", "end"),
            f"the plan ends ({plan.period.end}) before it starts ({plan.period.start}): "
            "`end` is the year the last financial year ends",
        )
        return
    principles = {p.number for p in plan.principles}
    outcomes = {o.number for o in plan.outcomes}
    commitment_ids = [c.id for c in plan.commitments()]
    for t, theme in enumerate(plan.themes):
        for c, commitment in enumerate(theme.commitments):
            here: YamlPath = ("themes", t, "commitments", c)
            if commitment.year is not None and commitment.year not in years:
                yield at((*here, "year"), _year_message(commitment.year, years))
            for g, group in enumerate(commitment.deliverable_groups):
                if group.year is not None and group.year not in years:
                    yield at((*here, "deliverable_groups", g, "year"), _year_message(group.year, years))
                if not group.items and not group.text:
                    yield at((*here, "deliverable_groups", g), "a deliverable group needs `items` or `text`")
            for i, number in enumerate(commitment.principles):
                if number not in principles:
                    yield at((*here, "principles", i), _number_message("principle", number, principles))
            for i, number in enumerate(commitment.outcomes):
                if number not in outcomes:
                    yield at((*here, "outcomes", i), _number_message("outcome", number, outcomes))
            for i, ref in enumerate(commitment.see_also):
                yield from _commitment_ref(at, (*here, "see_also", i), ref, commitment_ids)
            for i, lead in enumerate(commitment.leads):
                if lead.name is None and lead.organisation is None and not lead.to_be_confirmed:
                    yield at(
                        (*here, "leads", i),
                        "a lead needs a `name`, an `organisation`, or both (or `to_be_confirmed: true`)",
                    )
    for m, measure in enumerate(plan.measures):
        for i, ref in enumerate(measure.commitments):
            yield from _commitment_ref(at, ("measures", m, "commitments", i), ref, commitment_ids)
        yield from check_measure(measure, ("measures", m), at)
    for r, risk in enumerate(plan.risks):
        for name in ("rating_before", "rating_after"):
            rating = getattr(risk, name)
            if plan.rating_scale and rating is not None and rating not in plan.rating_scale:
                scale = ", ".join(str(x) for x in plan.rating_scale)
                yield at(("risks", r, name), f"'{rating}' is not in the plan's `rating_scale` ({scale})")
        for i, ref in enumerate(risk.commitments):
            yield from _commitment_ref(at, ("risks", r, "commitments", i), ref, commitment_ids)
    for t, table in enumerate(plan.tables):
        yield from check_table(table, ("tables", t), at)
    table_ids = [t.id for t in plan.tables]
    for s, section in enumerate(plan.sections):
        for i, figure in enumerate(section.figures):
            yield from check_figure(loaded, figure, ("sections", s, "figures", i), at, table_ids)
    for f, finance in enumerate(plan.finance):
        yield from check_finance(finance, ("finance", f), at, years, commitment_ids)
    seen_terms: dict[str, int] = {}
    for g, entry in enumerate(plan.glossary):
        key = entry.term.casefold()
        if key in seen_terms:
            yield at(
                ("glossary", g, "term"),
                f"'{entry.term}' is already in the glossary (entry {seen_terms[key]})",
            )
        seen_terms.setdefault(key, g)
        if entry.expansion is None and entry.explanation is None:
            yield at(("glossary", g), "a glossary entry needs an `expansion`, an `explanation`, or both")
    for d, document in enumerate(plan.related_documents):
        if (document.url is None) == (document.file is None):
            yield at(
                ("related_documents", d), "a related document needs either a `url` or a `file` (one of them)"
            )
        elif document.file is not None:
            try:
                loaded.document_file(document)
            except FileReferenceError as error:
                yield at(("related_documents", d, "file"), str(error))
    yield from _check_status(plan, at)
    yield from _check_cross_references(plan, at)


def _check_cross_references(plan: Plan, at: At) -> Iterator[Problem]:
    """Every `[words](#table:id)` (or `figure:`, `section:`, `measure:`) names an item of the plan."""
    ids = {
        "table": [t.id for t in plan.tables],
        "figure": [f.id for s in plan.sections for f in s.figures],
        "section": [s.id for s in plan.sections],
        "measure": [m.id for m in plan.measures],
    }
    for path, text in _strings(plan, ()):
        for match in REFERENCE.finditer(text):
            kind, ref = match[1], match[2]
            if ref not in ids[kind]:
                yield at(path, f"'#{kind}:{ref}' points at no {kind} of this plan{suggest(ref, ids[kind])}")


def _strings(node: object, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    """Every text of a model object, with its place in the plan."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _strings(getattr(node, name), (*path, name))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _strings(item, (*path, i))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _strings(item, (*path, key))
    elif isinstance(node, str):
        yield path, node


def check_table(table: Table, here: YamlPath, at: At) -> Iterator[Problem]:
    """Rows that fit the header, cells that fit their column, and totals that add up."""
    width = len(table.header)
    bad_rows = False
    for r, row in enumerate(table.rows):
        if len(row) != width:
            bad_rows = True
            yield at(
                (*here, "rows", r),
                f"this row has {len(row)} cells but the header has {width}: use '' for an empty cell",
            )
    if not table.rows and table.empty is None:
        yield at(
            here,
            "a table needs `rows`; when it has none, say why in `empty:` (it is shown instead of the table)",
        )
    if table.rows and table.empty is not None:
        yield at((*here, "empty"), "`empty:` is for a table with no rows: remove it, or the rows")
    if table.header_groups and sum(g.span for g in table.header_groups) != width:
        spans = sum(g.span for g in table.header_groups)
        yield at(
            (*here, "header_groups"),
            f"the header groups span {spans} columns but the header has {width}: "
            "give every column one group (`span: 1` with no `title` where it needs none)",
        )
    if table.column_types and len(table.column_types) != width:
        yield at(
            (*here, "column_types"),
            f"{len(table.column_types)} column types for {width} columns: give one type per column",
        )
        return
    if isinstance(table.row_header, str) and table.row_header not in table.header:
        yield at(
            (*here, "row_header"),
            f"'{table.row_header}' is not a heading of this table{suggest(table.row_header, table.header)}",
        )
        return
    if table.total_row and len(table.rows) < 2:
        yield at((*here, "total_row"), "a total row needs at least one row above it to add up")
        return
    if bad_rows or not table.rows:
        return
    grid = read_grid(table)
    if isinstance(table.row_header, str):
        column = table.header.index(table.row_header)
        for r, values in enumerate(grid.values):
            if values[column].kind == CellKind.EMPTY:
                yield at(
                    (*here, "rows", r, column),
                    f"this row has no name in the column '{table.row_header}' (its row header): name the row",
                )
    for r, values in enumerate(grid.values):
        for c, value in enumerate(values):
            if not table.column_types or value.kind in (CellKind.EMPTY, grid.kinds[c]):
                continue
            if grid.kinds[c] == CellKind.NUMBER and value.kind == CellKind.TEXT and c == grid.row_header:
                continue
            yield at(
                (*here, "rows", r, c),
                f"'{value.typed}' is not {_KIND_WORDS[grid.kinds[c]]}, as the column '{table.header[c]}' "
                "is declared in `column_types`: correct the cell, or the column's type",
            )
    if (table.total_row or table.total_column) and not any(grid.summable(c) for c in range(width)):
        yield at(
            (*here, "total_row" if table.total_row else "total_column"),
            "this table has no column of numbers or amounts to add up: remove the total, or "
            "declare the columns' types in `column_types`",
        )
    if table.total_row:
        last = len(grid.values) - 1
        for c, total in enumerate(grid.values[last]):
            if grid.summable(c) and total.kind not in (CellKind.EMPTY, grid.kinds[c]):
                yield at(
                    (*here, "rows", last, c),
                    f"the total '{total.typed}' is not {_KIND_WORDS[grid.kinds[c]]} like the cells above it: "
                    "write the figure, or leave it '' for planpress to work it out",
                )
    if STATED_TOTAL not in table.accept:
        for mismatch in grid.mismatches:
            yield at((*here, "rows", mismatch.row, mismatch.column), mismatch.message())


_KIND_WORDS = {
    CellKind.NUMBER: "a number (like 1,238)",
    CellKind.MONEY: "an amount of money (like £412,000)",
    CellKind.PERCENT: "a percentage (like 43.4%)",
    CellKind.DATE: "a date (like April 2016 or 2016-04-30)",
    CellKind.TEXT: "text",
    CellKind.EMPTY: "empty",
}


def check_measure(measure: Measure, here: YamlPath, at: At) -> Iterator[Problem]:
    """Points with a figure each, once per period, areas that add up, or why there are none yet."""
    if not measure.points and measure.no_figures is None:
        yield at(
            here,
            "a measure needs `points`; when it has no figures yet, say why in `no_figures:` "
            '(it is shown under "No figures yet")',
        )
    if measure.points and measure.no_figures is not None:
        yield at(
            (*here, "no_figures"), "`no_figures:` is for a measure with no points: remove it, or the points"
        )
    if measure.population is not None and measure.per is None:
        yield at(
            (*here, "population"), "`population:` goes with `per:`, the number of people the rate is per"
        )
    seen: set[str] = set()
    for p, point in enumerate(measure.points):
        where: YamlPath = (*here, "points", p)
        if point.period in seen:
            yield at((*where, "period"), f"the period '{point.period}' is given twice in this measure")
        seen.add(point.period)
        figures = (point.target, point.target_range, point.actual, point.projection)
        if all(f is None for f in figures) and not point.areas:
            yield at(
                where, "a point needs a `target` (or `target_range`), an `actual`, a `projection` or `areas`"
            )
        if point.target is not None and point.target_range is not None:
            yield at((*where, "target_range"), "give either one `target` or a `target_range`, not both")
        if measure.areas_add_up and point.areas and STATED_TOTAL not in measure.accept:
            summed = sum(point.areas.values())
            if point.actual is None:
                yield at((*where, "areas"), "`areas_add_up` needs the total of the areas in `actual`")
            elif abs(summed - point.actual) > 1e-9 * max(1.0, abs(summed)):
                yield at(
                    (*where, "actual"),
                    f"the stated total {point.actual:,g} is not the sum of the areas, which is {summed:,g}: "
                    "correct it, or, to keep the total as published, add `accept: [stated-total]` and a "
                    "`reason` to the measure",
                )


def check_figure(
    loaded: LoadedPlan, figure: Figure, here: YamlPath, at: At, table_ids: list[str]
) -> Iterator[Problem]:
    """A picture file inside the plans folder that browsers show, and its content in words."""
    try:
        real = loaded.figure_file(figure)
    except FileReferenceError as error:
        yield at((*here, "file"), str(error))
    else:
        if real.suffix.lower() not in FIGURE_SUFFIXES:
            kinds = ", ".join(sorted(FIGURE_SUFFIXES))
            yield at(
                (*here, "file"),
                f"'{figure.file}' is not a picture every browser shows: save it as one of {kinds}",
            )
    if figure.table is not None and figure.table not in table_ids:
        yield at((*here, "table"), f"no table has the id '{figure.table}'{suggest(figure.table, table_ids)}")
    if figure.long_description is None and figure.table is None:
        yield at(
            here,
            "a figure needs a `long_description` saying in words everything the picture shows, "
            "or `table:` naming the table that holds its figures",
        )


def check_finance(
    finance: Finance, here: YamlPath, at: At, years: list[str], commitment_ids: list[str]
) -> Iterator[Problem]:
    """Years of the plan, linked commitments that exist, and a stated total that adds up."""
    for i, item in enumerate(finance.items):
        where: YamlPath = (*here, "items", i)
        if item.amount is None and not item.amounts:
            yield at(where, "a finance item needs an `amount` or `amounts` per year")
        if item.amount is not None and item.amounts:
            yield at((*where, "amounts"), "give either one `amount` or `amounts` per year, not both")
        if item.year is not None and item.year not in years:
            yield at((*where, "year"), _year_message(item.year, years))
        for year in item.amounts:
            if year not in years:
                yield at((*where, "amounts", year), _year_message(year, years))
        for c, ref in enumerate(item.commitments):
            yield from _commitment_ref(at, (*where, "commitments", c), ref, commitment_ids)
    if finance.total is not None and STATED_TOTAL not in finance.accept:
        computed = finance_totals(finance).overall
        if computed != finance.total:
            stated, summed = (read_value(f"£{n}").shown() for n in (finance.total, computed))
            yield at(
                (*here, "total"),
                f"the stated total {stated} is not the sum of the items, which is {summed}: correct it, "
                "or, to keep the total as published, add `accept: [stated-total]` and a `reason`",
            )


def _check_ids(plan: Plan, at: At) -> Iterator[Problem]:
    """Every addressable item's id is unique in the plan: each becomes a web anchor."""
    seen: dict[str, str] = {}
    items: list[tuple[YamlPath, str]] = [(("sections", i, "id"), s.id) for i, s in enumerate(plan.sections)]
    for i, section in enumerate(plan.sections):
        items += [(("sections", i, "figures", f, "id"), x.id) for f, x in enumerate(section.figures)]
    for t, theme in enumerate(plan.themes):
        items.append((("themes", t, "id"), theme.id))
        items.extend((("themes", t, "commitments", c, "id"), x.id) for c, x in enumerate(theme.commitments))
    items += [(("measures", i, "id"), m.id) for i, m in enumerate(plan.measures)]
    items += [(("risks", i, "id"), r.id) for i, r in enumerate(plan.risks)]
    items += [(("tables", i, "id"), x.id) for i, x in enumerate(plan.tables)]
    items += [(("finance", i, "id"), x.id) for i, x in enumerate(plan.finance)]
    items += [(("groups", i, "id"), x.id) for i, x in enumerate(plan.groups)]
    for path, item_id in items:
        if item_id in seen:
            yield at(
                path, f"the id '{item_id}' is already used by {seen[item_id]}: ids must be unique in a plan"
            )
        else:
            seen[item_id] = f"{describe_path(path[:-1])} (line {at(path, '').location.line})"
    numbered = {
        "principles": [p.number for p in plan.principles],
        "outcomes": [o.number for o in plan.outcomes],
    }
    for kind, numbers in numbered.items():
        for i, number in enumerate(numbers):
            if number in numbers[:i]:
                yield at((kind, i, "number"), f"number {number} is used twice in {kind}")


def _check_status(plan: Plan, at: At) -> Iterator[Problem]:
    if plan.status in LIVE_STATUSES and plan.approval is None:
        yield at(
            ("status",), f"a plan with status '{plan.status.value}' needs an `approval` (body, date, minute)"
        )
    people: list[tuple[YamlPath, Person]] = [(("roles", i), p) for i, p in enumerate(plan.roles)]
    for g, group in enumerate(plan.groups):
        people += [(("groups", g, "members", i), p) for i, p in enumerate(group.members)]
    for where, person in people:
        if not (person.name or person.role or person.organisation or person.to_be_confirmed):
            yield at(where, "give a `name`, `role` or `organisation` (or `to_be_confirmed: true`)")
    if plan.status.value == "superseded" and plan.superseded_by is None:
        yield at(
            ("status",),
            "a superseded plan needs `superseded_by`: the slug or web address of the plan that replaces it",
        )
    if plan.published and plan.review_by and plan.review_by < plan.published:
        yield at(
            ("review_by",),
            f"the review date {plan.review_by} is before the publication date {plan.published}",
        )
    if plan.published and plan.last_reviewed and plan.last_reviewed < plan.published:
        yield at(
            ("last_reviewed",),
            f"the last review {plan.last_reviewed} is before the publication date {plan.published}",
        )


def _year_message(year: str, years: list[str]) -> str:
    allowed = ", ".join(years) if years else "none"
    return f"'{year}' is not a year of this plan (its years are {allowed}){suggest(year, years)}"


def _number_message(kind: str, number: int, numbers: set[int]) -> str:
    if not numbers:
        return f"{kind} {number} does not exist: the plan lists no {kind}s"
    low, high = min(numbers), max(numbers)
    if len(numbers) == high - low + 1:
        listed = f"{low} to {high}" if high > low else f"only {low}"
    else:
        listed = ", ".join(map(str, sorted(numbers)))
    return f"{kind} {number} does not exist: the plan's {kind}s are {listed}"


def _commitment_ref(at: At, path: YamlPath, ref: str, ids: list[str]) -> Iterator[Problem]:
    if ref not in ids:
        yield at(path, f"no commitment has the id '{ref}'{suggest(ref, ids)}")
