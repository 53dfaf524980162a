"""Load a plan file: YAML -> validated `Plan`, or every problem with its file:line:column.

Validation runs in two passes. Pydantic checks the shape (fields, types, values) and
reports all of it at once; only a plan whose shape is right goes on to the checks that
look across the plan (ids, cross-references, years, dates, files), because those need a
whole model to look at.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from planpress.model import ID_PATTERN, PLAN_YEAR_PATTERN, Located, Plan
from planpress.source import (
    Problem,
    SourceError,
    SourceMap,
    YamlPath,
    describe_path,
    read_yaml,
)

At = Callable[[YamlPath, str], Problem]
"""Makes a problem at a place in the plan."""


@dataclass(frozen=True)
class LoadedPlan:
    """A valid plan with the file it came from and where each of its values stands."""

    plan: Plan
    file: Path
    source: SourceMap


def load_plan(path: Path, display_name: str | None = None) -> LoadedPlan:
    """Read and validate one plan file; raise `SourceError` listing every problem."""
    document = read_yaml(path, display_name)
    data, source = document.data, document.source
    if not isinstance(data, dict):
        raise SourceError(
            [
                Problem(
                    source.value(()),
                    f"the file holds {_describe(data)}, but a plan is a set of fields "
                    "(`slug: ...`, `title: ...`) starting at the left margin",
                )
            ]
        )
    try:
        plan = Plan.model_validate(data)
    except ValidationError as error:
        raise SourceError(_shape_problems(error, data, source)) from None
    problems = list(check_references(plan, source, path.parent))
    if problems:
        raise SourceError(sorted(problems, key=lambda p: (p.location.line, p.location.column)))
    _attach_locations(plan, (), source)
    return LoadedPlan(plan, path, source)


def find_plan_files(paths: list[Path]) -> list[Path]:
    """Plan files named directly, or found below folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yml", ".yaml"}))
        else:
            found.append(path)
    return found


# --- shape problems, from pydantic -------------------------------------------------


def _shape_problems(error: ValidationError, data: Any, source: SourceMap) -> list[Problem]:
    by_path: dict[YamlPath, list[tuple[ErrorDetails, YamlPath]]] = {}
    for detail in error.errors(include_url=False):
        path = _data_path(detail["loc"], data, detail["type"])
        by_path.setdefault(path, []).append((detail, path))
    problems = []
    for path, details in by_path.items():
        messages = list(dict.fromkeys(_message(d, p) for d, p in details))
        message = messages[0] if len(messages) == 1 else " or ".join(messages)
        detail = details[0][0]
        if detail["type"] == "extra_forbidden":
            location = source.key(path)
        elif detail["type"] == "missing":
            location = source.value(path[:-1])
        else:
            location = source.value(path)
        problems.append(Problem(location, message, describe_path(path)))
    return sorted(problems, key=lambda p: (p.location.line, p.location.column, p.path))


def _data_path(loc: tuple[str | int, ...], data: Any, kind: str) -> YamlPath:
    """Drop pydantic's union and validator labels so only the data's own keys remain."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        in_mapping = isinstance(current, dict) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_mapping or in_list:
            path.append(part)
            current = current[part]
        elif last and kind == "missing" and isinstance(part, str):
            path.append(part)
    return tuple(path)


def _model_at(path: YamlPath) -> type[BaseModel] | None:
    """The model class that holds the mapping at `path`, following list items."""
    current: Any = Plan
    for part in path:
        if isinstance(part, int):
            current = _item_type(current)
            continue
        model = _find_model(current)
        if model is None or part not in model.model_fields:
            return None
        current = model.model_fields[part].annotation
    return _find_model(current)


def _item_type(annotation: Any) -> Any:
    for arg in _type_args(annotation):
        if typing.get_origin(arg) is list:
            return typing.get_args(arg)[0]
    return None


def _type_args(annotation: Any) -> Iterator[Any]:
    """The annotation and everything inside Optional/Union/Annotated wrappers."""
    yield annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            yield from _type_args(arg)


def _find_model(annotation: Any) -> type[BaseModel] | None:
    for arg in _type_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def slugify(text: str) -> str:
    """Suggest an id for text that is not one: `Annual Health Checks` -> `annual-health-checks`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {getattr(value, 'source_text', value)}"
    text = str(value)
    return f"'{text[:60]}...'" if len(text) > 60 else f"'{text}'"


def _message(detail: ErrorDetails, path: YamlPath) -> str:
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    field = path[-1] if path else "plan"
    if kind == "missing":
        return f"'{field}' is required but missing: add a line `{field}: ...`"
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        choices = list(model.model_fields) if model else []
        hint = _suggest(str(field), choices)
        if not hint and choices:
            hint = f" (the fields here are: {', '.join(choices)})"
        return f"unknown field '{field}'{hint}: it would be ignored, so it is an error"
    if kind == "enum":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{_describe(value)} is not one of {ctx.get('expected')}{_suggest(str(value), allowed)}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == ID_PATTERN:
            return (
                f"{_describe(value)} is not a valid id: use lower-case letters, digits and "
                f"hyphens, for example '{slugify(str(value))}'"
            )
        if pattern == PLAN_YEAR_PATTERN:
            return f"{_describe(value)} is not a plan year: write it like '2021/22'"
        if field == "email":
            return f"{_describe(value)} is not an email address"
        return f"{_describe(value)} does not have the expected form"
    if kind in {"string_type", "str_type"}:
        return f"expected text, found {_describe(value)}" + (
            " (put it in quotes if it is text)" if isinstance(value, bool) else ""
        )
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, found {_describe(value)}"
    if kind in {"float_type", "float_parsing"}:
        return f"expected a number, found {_describe(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date written YYYY-MM-DD (for example 2021-03-31), found {_describe(value)}"
    if kind == "list_type":
        return f"expected a list (each item on its own line, starting with '- '), found {_describe(value)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a set of fields (indented `name: value` lines), found {_describe(value)}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = next(iter(ctx.values()), "")
        word = "at least" if kind.startswith("greater") else "at most"
        return f"{_describe(value)} is out of range: it must be {word} {bound}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "value_error":
        reason = str(detail["msg"]).removeprefix("Value error, ")
        return f"{_describe(value)} {reason}" if reason.startswith("is ") else reason
    return str(detail["msg"])


# --- checks across the plan ------------------------------------------------------


def check_references(plan: Plan, source: SourceMap, base: Path) -> Iterator[Problem]:
    """Ids, numbers, cross-references, years, dates and files that only a whole plan shows."""

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
                if lead.name is None and lead.organisation is None:
                    yield at((*here, "leads", i), "a lead needs a `name`, an `organisation`, or both")
    for m, measure in enumerate(plan.measures):
        for i, ref in enumerate(measure.commitments):
            yield from _commitment_ref(at, ("measures", m, "commitments", i), ref, commitment_ids)
        seen: set[str] = set()
        for p, point in enumerate(measure.points):
            if point.period in seen:
                yield at(
                    ("measures", m, "points", p, "period"),
                    f"the period '{point.period}' is given twice in this measure",
                )
            seen.add(point.period)
            if point.target is None and point.actual is None:
                yield at(("measures", m, "points", p), "a point needs a `target`, an `actual`, or both")
    for r, risk in enumerate(plan.risks):
        for i, ref in enumerate(risk.commitments):
            yield from _commitment_ref(at, ("risks", r, "commitments", i), ref, commitment_ids)
    for t, table in enumerate(plan.tables):
        for r, row in enumerate(table.rows):
            if len(row) != len(table.header):
                yield at(
                    ("tables", t, "rows", r),
                    f"this row has {len(row)} cells but the header has {len(table.header)}: "
                    "use '' for an empty cell",
                )
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
        elif document.file is not None and not (base / document.file).is_file():
            yield at(
                ("related_documents", d, "file"),
                f"the file '{document.file}' does not exist next to this plan",
            )
    yield from _check_status(plan, at)


def _check_ids(plan: Plan, at: At) -> Iterator[Problem]:
    """Every addressable item's id is unique in the plan: each becomes a web anchor."""
    seen: dict[str, str] = {}
    items: list[tuple[YamlPath, str]] = [(("sections", i, "id"), s.id) for i, s in enumerate(plan.sections)]
    for t, theme in enumerate(plan.themes):
        items.append((("themes", t, "id"), theme.id))
        items.extend((("themes", t, "commitments", c, "id"), x.id) for c, x in enumerate(theme.commitments))
    items += [(("measures", i, "id"), m.id) for i, m in enumerate(plan.measures)]
    items += [(("risks", i, "id"), r.id) for i, r in enumerate(plan.risks)]
    items += [(("tables", i, "id"), x.id) for i, x in enumerate(plan.tables)]
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
    if plan.status.value in {"approved", "superseded"} and plan.approval is None:
        yield at(
            ("status",), f"a plan with status '{plan.status.value}' needs an `approval` (body, date, minute)"
        )
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
    return f"'{year}' is not a year of this plan (its years are {allowed}){_suggest(year, years)}"


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
        yield at(path, f"no commitment has the id '{ref}'{_suggest(ref, ids)}")


# --- locations ---------------------------------------------------------------------


def _attach_locations(node: Any, path: YamlPath, source: SourceMap) -> None:
    """Give every model object its YAML location, so later checks can point at lines."""
    if isinstance(node, Located):
        node._location = source.value(path)
        node._path = path
        for name in type(node).model_fields:
            _attach_locations(getattr(node, name), (*path, name), source)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _attach_locations(item, (*path, index), source)
