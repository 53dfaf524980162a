"""Random damage to a valid plan gives a valid plan or clear problems, never an exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planpress.plan.load import LoadedPlan, load_plan
from planpress.plan.source import SourceError, parse_yaml

MINIMAL = Path(__file__).parent / "good" / "minimal.yml"
LINES = MINIMAL.read_text().splitlines(keepends=True)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)


def load_text(tmp: Path, text: str | bytes) -> LoadedPlan | SourceError:
    path = tmp / "plan.yml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(text)
    try:
        return load_plan(path)
    except SourceError as error:
        return error


def assert_clear(result: LoadedPlan | SourceError, line_count: int) -> None:
    if isinstance(result, SourceError):
        assert result.problems
        for problem in result.problems:
            assert problem.message and "Traceback" not in problem.message
            assert 1 <= problem.location.line <= line_count + 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index=st.integers(0, len(LINES) - 1),
    action=st.sampled_from(["delete", "replace", "duplicate", "indent", "dedent", "insert"]),
    junk=st.text(max_size=40),
)
def test_line_mutations(tmp_path: Path, index: int, action: str, junk: str) -> None:
    lines = list(LINES)
    if action == "delete":
        del lines[index]
    elif action == "replace":
        lines[index] = junk + "\n"
    elif action == "duplicate":
        lines.insert(index, lines[index])
    elif action == "indent":
        lines[index] = "  " + lines[index]
    elif action == "dedent":
        lines[index] = lines[index].lstrip()
    else:
        lines[index] = lines[index].rstrip("\n") + junk + "\n"
    text = "".join(lines)
    assert_clear(load_text(tmp_path, text.encode("utf-8", errors="replace")), text.count("\n"))


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_of(value, (*prefix, index))
    return found


DATA = parse_yaml(MINIMAL.read_bytes(), "minimal.yml").data
PATHS = paths_of(DATA)[1:]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PATHS),
    action=st.sampled_from(["set", "delete", "add-key"]),
    value=values,
    key=st.text(max_size=12),
)
def test_value_mutations(tmp_path: Path, path: tuple[Any, ...], action: str, value: Any, key: str) -> None:
    data = json.loads(json.dumps(DATA, default=str))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "set":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][key] = value
    text = json.dumps(data, indent=1, default=str)  # JSON is YAML: one line per value
    assert_clear(load_text(tmp_path, text), text.count("\n"))
