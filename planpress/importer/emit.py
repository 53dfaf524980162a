"""Plan YAML written for people to edit, with comments where a person is needed.

PyYAML cannot write comments, and its YAML 1.1 rules would leave some strings plain that
planpress's YAML 1.2 loader reads as numbers or dates (`2019-20` stays text only quoted).
So every string is written quoted (a JSON string is a YAML string), or as a `|-` block
when it has several lines; numbers and booleans are written bare. `Noted` attaches
comment lines to a value; they are written above its key or list item.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

INDENT = "  "


@dataclass
class Noted:
    """A value with comment lines for the person who edits the file."""

    value: Any
    notes: list[str]


def note(value: Any, *notes: str) -> Any:
    """`value` with these comments, or `value` itself when there are none."""
    chosen = [n for n in notes if n]
    return Noted(value, chosen) if chosen else value


def comment_lines(text: str, indent: str = "", width: int = 96) -> list[str]:
    """`text` as `# ` lines of at most `width` characters."""
    lines: list[str] = []
    line = ""
    for word in " ".join(text.split()).split(" "):
        if line and len(indent) + 2 + len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [f"{indent}# {part}" for part in [*lines, line] if part]


def dump(data: dict[str, Any]) -> str:
    """The whole document."""
    return "".join(f"{line}\n" for line in _mapping(data, ""))


def _notes(value: Any, indent: str) -> tuple[Any, list[str]]:
    if isinstance(value, Noted):
        return value.value, [line for n in value.notes for line in comment_lines(n, indent)]
    return value, []


def _mapping(data: dict[str, Any], indent: str) -> list[str]:
    lines: list[str] = []
    for key, raw in data.items():
        value, notes = _notes(raw, indent)
        lines += notes
        lines += _entry(f"{indent}{key}:", value, indent)
    return lines


def _entry(head: str, value: Any, indent: str) -> list[str]:
    """`head` (`key:` or `- `) followed by `value`, on its line or the lines below."""
    if isinstance(value, dict):
        if not value:
            return [f"{head} {{}}"]
        return [head, *_mapping(value, indent + INDENT)]
    if isinstance(value, list):
        if not value:
            return [f"{head} []"]
        if all(_inline(v) for v in value) and len(value) <= 12:
            flow = f"{head} [{', '.join(_scalar(v) for v in value)}]"
            if len(flow) <= 110:
                return [flow]
        return [head, *_sequence(value, indent + INDENT)]
    if isinstance(value, str) and "\n" in value and _block_safe(value):
        inner = indent + INDENT
        return [f"{head} |-", *[f"{inner}{line}" if line else "" for line in value.split("\n")]]
    return [f"{head} {_scalar(value)}"]


def _sequence(items: list[Any], indent: str) -> list[str]:
    lines: list[str] = []
    for raw in items:
        value, notes = _notes(raw, indent)
        lines += notes
        if isinstance(value, dict) and value:
            body = _mapping(value, indent + INDENT)
            lines.append(f"{indent}- {body[0].lstrip()}")
            lines += body[1:]
        else:
            entry = _entry(f"{indent}-", value, indent)
            lines += entry
    return lines


def _inline(value: Any) -> bool:
    return not isinstance(value, (dict, list, Noted)) and not (isinstance(value, str) and "\n" in value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "null"
    return json.dumps(str(value), ensure_ascii=False)


def _block_safe(text: str) -> bool:
    """A `|-` block reads back exactly: no leading spaces on the first line, no trailing
    spaces, no tabs or control characters, no blank line at the end."""
    return (
        not text[:1].isspace()
        and not text.endswith("\n")
        and not re.search(r"[ \t]\n|[ \t]$|\t|[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]", text)
    )
