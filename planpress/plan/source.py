"""Read a YAML file into plain Python data, remembering where every value came from.

We compose the YAML into nodes and build the values ourselves rather than let a YAML
library construct them: that is what lets us refuse duplicate keys (which PyYAML and
ruamel would keep silently, losing data), refuse every tag that is not plain data,
stop "billion laughs" alias bombs early, and keep a file:line:column for each value.

Composing is libyaml's (through PyYAML's C loader), 25 times faster than a pure Python
parser: a region's hundreds of plans are read on every build. Plain scalars are resolved
by YAML 1.2's core schema, so `no`, `on` and `NO` stay text (YAML 1.1 made them false).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A plan of 300 commitments is about 300 KB; anything near 2 MB is a mistake."""

MAX_VALUES = 200_000
"""Values built from one file, aliases expanded: bounds alias bombs."""

MAX_DEPTH = 60
"""Nesting depth of mappings and lists: plans need about ten."""

EXPANSION_ALLOWANCE = 100_000
"""Characters of text that aliases may add beyond twice the file's own size: an alias
repeats a value without writing it out, and a few long ones repeated many times make a
page of many megabytes from a small file (bounded with the count of values above)."""

CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Not text: a terminal acts on them, and one of them makes XML (the site's feed) unreadable."""


def show_controls(text: str) -> str:
    """Control characters written as `\\x1b`, so a message quoting a value is safe to print."""
    return CONTROL_CHARACTER.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


YamlPath = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


try:  # libyaml, which PyYAML's wheels include
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - a PyYAML built without it is slower, not wrong
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]


class _Loader(_Parser):
    """Composes nodes; resolves plain scalars by the YAML 1.2 core schema."""

    yaml_implicit_resolvers = {}  # noqa: RUF012 (PyYAML keeps resolvers per class)


for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
    (
        "timestamp",
        r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        "0123456789",
    ),
]:
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


def _yaml_1_2_int(written: str) -> int:
    """`010` is ten, `0o10` is eight (YAML 1.1 read `010` as eight)."""
    return int(written, 0) if written.startswith(("0o", "0x")) else int(written, 10)


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A place in a source file, 1-based like an editor shows it."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source file, ready to show to the person who wrote it."""

    location: SourceLocation
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return show_controls(f"{self.location}: {where}{self.message}")

    @classmethod
    def about_file(cls, path: Path, message: str) -> Problem:
        """A problem with a file or folder as a whole."""
        return cls(SourceLocation(str(path), 1, 1), message)


class SourceError(Exception):
    """A file could not be read as YAML data at all; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class YamlInt(int):
    """An int that remembers how it was written, so `1.10` used as text stays `1.10`."""

    source_text: str


class YamlFloat(float):
    """A float that remembers how it was written."""

    source_text: str


@dataclass
class SourceMap:
    """Where each value and each key of one file stands.

    Each place is kept as one number, its line and column packed (`place`), not as a
    `SourceLocation`: a plan has a place for every value and key, thousands of them, and
    every plan of a project is held at once."""

    file: str
    values: dict[YamlPath, int] = field(default_factory=dict)
    keys: dict[YamlPath, int] = field(default_factory=dict)

    def value(self, path: YamlPath) -> SourceLocation:
        """The value at `path`, or the nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return self.location(found)
        return SourceLocation(self.file, 1, 1)

    def key(self, path: YamlPath) -> SourceLocation:
        """The key that names `path`, falling back to its value."""
        found = self.keys.get(path)
        return self.location(found) if found is not None else self.value(path)

    def location(self, place: int) -> SourceLocation:
        return SourceLocation(self.file, place >> _COLUMN_BITS, place & _COLUMN_MASK)


_COLUMN_BITS = 20
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def place(line: int, column: int) -> int:
    """A line and column (1-based) as one number, for `SourceMap` (a longer line's
    columns show as its last one)."""
    return line << _COLUMN_BITS | min(column, _COLUMN_MASK)


@dataclass(frozen=True)
class SourceDocument:
    """A file's data with the map of where each part of it stands."""

    data: Any
    source: SourceMap


def describe_path(path: YamlPath) -> str:
    """`('themes', 2, 'status')` -> `themes[2].status`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def read_yaml(path: Path, display_name: str | None = None) -> SourceDocument:
    """Read one YAML file safely; raise `SourceError` with every problem found."""
    name = display_name or str(path)
    start = SourceLocation(name, 1, 1)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SourceError([Problem(start, f"cannot read the file: {error.strerror}")]) from None
    if size > MAX_FILE_BYTES:
        raise SourceError(
            [
                Problem(
                    start,
                    f"the file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB): split it, or check it is the right file",
                )
            ]
        )
    raw = path.read_bytes()
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> SourceDocument:
    """Parse YAML bytes into data with positions; see `read_yaml`."""
    text = _decode(raw, name)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise SourceError(
            [Problem(SourceLocation(name, 1, 1), "the file is empty: it needs the plan's fields")]
        )
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except ReaderError as error:
        raise SourceError([_reader_problem(error, name, text)]) from None
    except MarkedYAMLError as error:
        raise SourceError([_syntax_problem(error, name, text)]) from None
    except YAMLError as error:
        raise SourceError([Problem(SourceLocation(name, 1, 1), f"YAML syntax error: {error}")]) from None
    except RecursionError:
        raise SourceError(
            [Problem(SourceLocation(name, 1, 1), "the file is nested too deeply to read")]
        ) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        raise SourceError(
            [Problem(SourceLocation(name, 1, 1), "the file is empty: it needs the plan's fields")]
        )
    if len(documents) > 1:
        second = documents[1].start_mark
        raise SourceError(
            [
                Problem(
                    SourceLocation(name, second.line + 1, second.column + 1),
                    "the file holds more than one YAML document (a second '---'): put one plan in each file",
                )
            ]
        )
    builder = _Builder(name, SafeConstructor(), 2 * len(text) + EXPANSION_ALLOWANCE)
    data = builder.build(documents[0], ())
    if builder.problems:
        raise SourceError(builder.problems)
    return SourceDocument(data, builder.source)


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:8192]:
        raise SourceError(
            [
                Problem(
                    SourceLocation(name, 1, 1),
                    "this is not a text file (it holds binary data): a plan is a YAML text file",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            [
                Problem(
                    SourceLocation(name, line, column),
                    f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}): save it as "
                    "UTF-8 (in most editors: Save As, Encoding, UTF-8)",
                )
            ]
        ) from None


def _reader_problem(error: ReaderError, name: str, text: str) -> Problem:
    """A character YAML does not allow in a file (a control character), where it is."""
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
    return Problem(
        SourceLocation(name, line, column),
        f"the character U+{code:04X} is not text (a control character): delete it; it often "
        "comes in with text copied from another program",
    )


def _syntax_problem(error: MarkedYAMLError, name: str, text: str) -> Problem:
    """Say the common mistakes in words a person can act on, not the parser's."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = error.problem or "the text is not valid YAML"
    at = text[mark.index] if mark is not None and mark.index < len(text) else ""
    if "mapping values are not allowed" in what:
        message = "a value holds ': ' (a colon and a space), which starts a new field: put the whole value in quotes"
    elif at == "\t":
        message = "a tab character: indent with spaces, not tabs"
    elif "did not find expected key" in what or "expected <block end>" in what:
        message = (
            "this line does not fit with the lines above it: check its indentation and that "
            "every opening quote above it is closed"
        )
    elif "could not find expected ':'" in what:
        message = "a line without ':': each line needs `key: value`, or a list item `- value`"
    else:
        message = what + (f" ({error.context})" if error.context else "")
    return Problem(SourceLocation(name, line, column), f"YAML syntax error: {message}")


def _short_tag(tag: str) -> str:
    """Show a tag the way it was typed: `!!python/object`, not its full URI."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _tag_of(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


class _Builder:
    """Turns composed nodes into plain data, checking each node once."""

    def __init__(self, name: str, constructor: SafeConstructor, max_characters: int) -> None:
        self.source = SourceMap(name)
        self.problems: list[Problem] = []
        self.count = 0
        self.characters = 0
        self.max_characters = max_characters
        self.constructor = constructor

    def place(self, node: Node) -> int:
        mark = node.start_mark
        return place(mark.line + 1, mark.column + 1)

    def location(self, node: Node) -> SourceLocation:
        return self.source.location(self.place(node))

    def problem(self, node: Node, path: YamlPath, message: str) -> None:
        self.problems.append(Problem(self.location(node), message, describe_path(path)))

    def build(self, node: Node, path: YamlPath, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise SourceError(
                [
                    Problem(
                        self.location(node),
                        f"the file expands to more than {MAX_VALUES:,} values (too many "
                        "aliases '*'): write the values out instead of repeating aliases",
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise SourceError(
                [
                    Problem(
                        self.location(node),
                        f"the file is nested more than {MAX_DEPTH} levels deep (or an alias "
                        "'*' refers to itself): plans need no more than about ten levels",
                    )
                ]
            )
        self.source.values.setdefault(path, self.place(node))
        tag = _tag_of(node)
        if tag not in _PLAIN_TAGS and tag != "tag:yaml.org,2002:merge":
            self.problem(
                node,
                path,
                f"the tag '{_short_tag(tag)}' is not allowed: plans hold plain text, numbers, "
                "dates, lists and mappings only (remove the '!' part)",
            )
            return None
        if isinstance(node, MappingNode):
            return self.build_mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.build_scalar(node, path)

    def build_mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if _tag_of(key_node) == "tag:yaml.org,2002:merge":
                self.problem(
                    key_node,
                    path,
                    "merge keys '<<' are not supported: write the fields out in full",
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = self.build_scalar(key_node, path)
            if not isinstance(key, str):
                self.problem(
                    key_node,
                    path,
                    f"the key {key_node.value!r} must be a word, not a number, date or "
                    "true/false: put it in quotes if it really is a name",
                )
                continue
            child = (*path, key)
            if key in first_seen:
                first = self.source.location(first_seen[key])
                self.problem(
                    key_node,
                    child,
                    f"duplicate key '{key}': it is already given on line {first.line}. "
                    "YAML would keep only the last one: remove or merge one of them",
                )
                continue
            first_seen[key] = self.source.keys[child] = self.place(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def build_scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        try:
            if _tag_of(node) == "tag:yaml.org,2002:int":
                value = _yaml_1_2_int(str(node.value))
            else:
                value = self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError) as error:
            if _tag_of(node) == "tag:yaml.org,2002:timestamp":
                self.problem(
                    node,
                    path,
                    f"'{node.value}' is not a real date: check the day and month "
                    "(dates are written YYYY-MM-DD)",
                )
            else:
                self.problem(node, path, f"cannot read the value '{node.value}': {error}")
            return None
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, str):
            self.check_text(node, path, value)
        if isinstance(value, int):
            number = YamlInt(value)
            number.source_text = str(node.value)
            return number
        if isinstance(value, float):
            real = YamlFloat(value)
            real.source_text = str(node.value)
            return real
        if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date()
        return value

    def check_text(self, node: ScalarNode, path: YamlPath, value: str) -> None:
        """Refuse control characters; stop when aliases have made the text far larger than the file."""
        self.characters += len(value)
        if self.characters > self.max_characters:
            raise SourceError(
                [
                    Problem(
                        self.location(node),
                        f"the file's aliases '*' repeat its text into more than {self.max_characters:,} "
                        "characters, far more than the file holds: write the values out instead of "
                        "repeating long ones with aliases",
                    )
                ]
            )
        found = CONTROL_CHARACTER.search(value)
        if found is not None:
            self.problem(
                node,
                path,
                f"the text holds the character U+{ord(found.group()):04X}, which is not text (a control "
                "character): delete it; it often comes in with text copied from another program",
            )


def display_name(file: Path, root: Path | None) -> str:
    """A file as its author knows it: relative to the project folder when it is inside it."""
    if root is None:
        return str(file)
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(file)
