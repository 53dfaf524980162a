"""Random damage to a valid plan gives a valid plan or clear problems, never an exception."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planpress.cli import cli
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


# --- the samples through `planpress check`, at volume ----------------------------------
#
# Each case damages one sample file (a plan, a version of one, or an easy read version) and
# runs `planpress check` on it as an author would. The fast slice runs in every test run;
# `pytest -m slow tests/test_mutations.py` runs 6,000 cases (README: "Slow tests").

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "plans").rglob("*.yml")) + sorted(
    p for p in (ROOT / "easyread").glob("*.yml") if p.name not in ("words.yml", "pictures.yml")
)
ODD_TEXT = [
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # byte order mark in the middle
    "\u2028",  # line separator
    "\x00",
    "\x1b[2J",
    "\x85",  # next line (C1)
    "\ud800",  # a lone surrogate: not UTF-8 at all once written
    "e\u0301\u0301\u0301",  # stacked combining accents
    "\U0001f3e5\u200d\U0001f469",  # emoji with a joiner
    "\uff1a ",  # full-width colon
    "&lt;script&gt;",
    "{{ 7*7 }}",
    "*x",
    "&a !!str",
    "'\"",
    "\t",
]


def _damage(text: str, action: str, where: float, junk: str) -> bytes:
    lines = text.splitlines(keepends=True)
    index = min(int(where * len(lines)), len(lines) - 1)
    if action == "delete-line":
        del lines[index]
    elif action == "indent":
        lines[index] = "   " + lines[index]
    elif action == "dedent":
        lines[index] = lines[index].lstrip(" ")
    elif action == "tab":
        lines[index] = "\t" + lines[index].lstrip(" ")
    elif action == "odd-text":
        line = lines[index]
        cut = min(int(where * 997) % max(len(line), 1), len(line))
        lines[index] = line[:cut] + junk + line[cut:]
    elif action == "retype":
        key, sep, _ = lines[index].partition(": ")
        if sep:
            lines[index] = f"{key}: {junk}\n"
    elif action == "truncate":
        return text.encode("utf-8")[: int(where * len(text.encode("utf-8")))]
    return "".join(lines).encode("utf-8", errors="surrogatepass")


def _check_damaged(tmp: Path, seed: Path, damaged: bytes) -> None:
    runner = CliRunner()
    if seed.parent.name == "easyread":
        folder = tmp / "easyread"
        if not folder.is_dir():
            shutil.copytree(ROOT / "easyread", folder)
        (folder / seed.name).write_bytes(damaged)
        args = ["check", str(ROOT / "plans"), "--easyread", str(folder)]
    else:
        target = tmp / "plans" / seed.relative_to(ROOT / "plans")
        target.parent.mkdir(parents=True, exist_ok=True)
        files = seed.parent / "files"
        if files.is_dir() and not (target.parent / "files").exists():
            shutil.copytree(files, target.parent / "files")
        target.write_bytes(damaged)
        args = ["check", str(target)]
    result = runner.invoke(cli, args)
    if seed.parent.name == "easyread":
        (tmp / "easyread" / seed.name).write_bytes(seed.read_bytes())
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


ACTIONS = ["delete-line", "indent", "dedent", "tab", "odd-text", "retype", "truncate"]
junk_text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=20), values.map(json.dumps))


def _sample_mutations(examples: int) -> Any:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        seed=st.sampled_from(SEEDS),
        action=st.sampled_from(ACTIONS),
        where=st.floats(0, 1, exclude_max=True),
        junk=junk_text,
    )
    def run(tmp_path: Path, seed: Path, action: str, where: float, junk: str) -> None:
        _check_damaged(tmp_path, seed, _damage(seed.read_text(encoding="utf-8"), action, where, junk))

    return run


test_sample_mutations = _sample_mutations(60)
test_sample_mutations_at_volume = pytest.mark.slow(_sample_mutations(6000))
