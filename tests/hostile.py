"""Hostile text in every free-text field of a project, and a scan of what the build made.

`poison_project` puts a payload into every string of every source file that still
validates with it there: it tries them all, and puts back the original wherever the
loader refuses the payload (an id, a date, a picture's id, an enumerated value). Nothing
lists the fields by hand, so a field added to the format later is poisoned too.

`scan_site` reads every `.html`, `.xml` and `.json` file of a built site with real parsers
and reports every element, attribute or address that a payload could have made.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml
from selectolax.lexbor import LexborHTMLParser

from planpress.plan.source import (
    Problem,
    SourceError,
    YamlFloat,
    YamlInt,
    YamlPath,
    describe_path,
    read_yaml,
)
from planpress.project import load_project

EVALUATED = "86415"
"""What `{{ 12345*7 }}` gives if a template ever evaluates a field."""

PAYLOAD = (
    "Hostile <script>alert(1)</script> <svg onload=alert(1)> <img src=x onerror=alert(1)> "
    "\"><b onmouseover=alert(1)>b</b> ' onfocus='alert(1) [link](javascript:alert(1)) "
    '<a href="javascript:alert(1)">a</a> <a href="data:text/html,<script>alert(1)</script>">d</a> '
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; "
    "]]><injected-cdata/> {{ 12345*7 }} {% raw %}{{ 1 }}{% endraw %} "
    "</title></textarea></script><iframe src=javascript:alert(1)></iframe> "
    "*[Hostile]: <img src=x onerror=alert(1)>"
)
URL_PAYLOAD = "https://example.org/\"><svg/onload=alert(1)>'onmouseover='alert(1)"
EMAIL_PAYLOAD = 'a"><svg/onload=alert(1)>@example.org'
PHONE_PAYLOAD = "0123 <svg onload=alert(1)> javascript:alert(1)"

DANGEROUS_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "injected-cdata", "svg-x"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
SAFE_DATA_URLS = ("data:image/svg+xml", "data:image/png")


def payload_for(original: str) -> str:
    """A payload that passes the field's own format where it has one (addresses, emails)."""
    if original.startswith(("http://", "https://")):
        return URL_PAYLOAD
    if "@" in original and " " not in original:
        return EMAIL_PAYLOAD
    if original.replace(" ", "").lstrip("+").isdigit():
        return PHONE_PAYLOAD
    return PAYLOAD


@dataclass
class Poisoned:
    """What `poison_project` did: every path it poisoned, per file."""

    fields: dict[str, list[str]]

    @property
    def count(self) -> int:
        return sum(len(paths) for paths in self.fields.values())


def _plain(value: Any) -> Any:
    """The loader's data as PyYAML can write it (its numbers remember how they were typed)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, dt.date)):
        return value
    return value  # numbers stay as the loader read them: written back as they were typed


class _QuotedDumper(yaml.SafeDumper):
    """Writes every string in quotes: PyYAML's YAML 1.1 rules would leave `23E9` (an
    OpenMoji code) plain, which planpress's YAML 1.2 loader reads as a number."""


_QuotedDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)


def _as_typed(dumper: yaml.SafeDumper, value: YamlInt | YamlFloat) -> yaml.ScalarNode:
    """A number written back as its author typed it (`1,238`, `23E9`), with its type."""
    tag = "int" if isinstance(value, YamlInt) else "float"
    return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", value.source_text)


_QuotedDumper.add_representer(YamlInt, _as_typed)
_QuotedDumper.add_representer(YamlFloat, _as_typed)


def _strings(data: Any, path: YamlPath = ()) -> Iterator[YamlPath]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))
    elif isinstance(data, str):
        yield path


def _get(data: Any, path: YamlPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: YamlPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def poison_project(project: Path, files: list[Path], rounds: int = 12) -> Poisoned:
    """Put a payload in every string of `files` that the loader accepts there.

    Each round loads the whole project and puts back the original value of every field a
    problem names (or of every field under the object it names). Raises AssertionError if
    the project does not validate after `rounds`."""
    documents = {}
    originals: dict[Path, dict[YamlPath, str]] = {}
    for file in files:
        data = _plain(read_yaml(file).data)
        documents[file] = data
        originals[file] = {path: _get(data, path) for path in _strings(data)}
        for path, value in originals[file].items():
            _set(data, path, payload_for(value))
    names = {file.relative_to(project).as_posix(): file for file in files}
    problems: list[Problem] = []
    for _ in range(rounds):
        for file, data in documents.items():
            file.write_text(
                yaml.dump(data, Dumper=_QuotedDumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        try:
            load_project(project / "plans", project / "easyread", project)
        except SourceError as error:
            problems = error.problems
        else:
            return Poisoned(
                {
                    name: [
                        describe_path(p) for p, v in originals[file].items() if _get(documents[file], p) != v
                    ]
                    for name, file in names.items()
                }
            )
        for problem in problems:
            named = names.get(problem.location.file)
            if named is None:
                continue
            file = named
            restored = _restorable(file, originals[file], problem)
            for path in restored:
                _set(documents[file], path, originals[file][path])
    raise AssertionError("the poisoned project does not load:\n" + "\n".join(map(str, problems)))


def _restorable(file: Path, originals: dict[YamlPath, str], problem: Problem) -> list[YamlPath]:
    """The poisoned strings a problem is about: those under the path it names, or under
    the nearest object above it that holds strings (a total that no column can make up
    is about the table's cells), or on the line it names."""
    parent = problem.path
    while True:
        found = [path for path in originals if _under(describe_path(path), parent)]
        if found or not parent:
            break
        parent = parent.rsplit(".", 1)[0] if "." in parent.rsplit("]", 1)[-1] else parent.rsplit("[", 1)[0]
    return found or [path for path in originals if _same_line(file, path, problem)]


def _under(path: str, parent: str) -> bool:
    return bool(parent) and (path == parent or path.startswith((f"{parent}.", f"{parent}[")))


def _same_line(file: Path, path: YamlPath, problem: Problem) -> bool:
    """Problems without a path (cross-references) still name a line: the value written there."""
    if problem.path:
        return False
    source = read_yaml(file).source
    return source.value(path).line == problem.location.line


# --- the scan -----------------------------------------------------------------


def _html_findings(text: str, where: str) -> Iterator[str]:
    tree = LexborHTMLParser(text)
    root = tree.root
    if root is None:
        return
    for node in root.traverse(include_text=False):
        tag = node.tag or ""
        if tag in DANGEROUS_ELEMENTS:
            yield f"{where}: a <{tag}> element"
        if tag == "script" and "alert(" in (node.text(deep=True) or ""):
            yield f"{where}: a script that a payload wrote"
        if tag == "meta" and (node.attributes.get("http-equiv") or "").lower() == "refresh":
            yield f"{where}: a meta refresh"
        for name, value in node.attributes.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                yield f"{where}: an event handler attribute {name}={value!r} on <{tag}>"
            if lowered in ("srcdoc", "style") and value and "alert(" in value:
                yield f"{where}: {name}={value!r} on <{tag}>"
            if lowered in URL_ATTRIBUTES and value:
                address = "".join(value.split()).lower()
                if address.startswith(("javascript:", "vbscript:")) or (
                    address.startswith("data:") and not address.startswith(SAFE_DATA_URLS)
                ):
                    yield f"{where}: {name}={value!r} on <{tag}>"


def _xml_findings(text: bytes, where: str) -> Iterator[str]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        yield f"{where}: not well-formed XML ({error})"
        return
    for element in root.iter():
        if "injected" in element.tag:
            yield f"{where}: an element <{element.tag}> that a payload wrote"
        if element.get("type") == "html" and element.text:
            yield from _html_findings(element.text, f"{where} <{element.tag}>")


def _json_strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_strings(value)
    elif isinstance(data, str):
        yield data


def _json_findings(text: bytes, where: str, as_html: bool) -> Iterator[str]:
    try:
        data = json.loads(text)
    except ValueError as error:
        yield f"{where}: not valid JSON ({error})"
        return
    if as_html:  # the search index: the theme shows its titles and texts as HTML
        for value in _json_strings(data):
            if "<" in value:
                yield from _html_findings(value, f"{where} (search entry)")


def scan_site(site: Path) -> tuple[list[str], dict[str, int]]:
    """Every finding in the built site, and how many files of each kind were read."""
    findings: list[str] = []
    counts = {"html": 0, "xml": 0, "json": 0}
    scanners: dict[str, Callable[[Path, str], Iterator[str]]] = {
        ".html": lambda f, w: _html_findings(f.read_text(encoding="utf-8"), w),
        ".xml": lambda f, w: _xml_findings(f.read_bytes(), w),
        ".json": lambda f, w: _json_findings(f.read_bytes(), w, f.name == "search_index.json"),
    }
    for file in sorted(site.rglob("*")):
        scanner = scanners.get(file.suffix)
        if scanner is None or not file.is_file():
            continue
        counts[file.suffix.lstrip(".")] += 1
        where = file.relative_to(site).as_posix()
        findings += scanner(file, where)
        if EVALUATED in file.read_text(encoding="utf-8", errors="replace"):
            findings.append(f"{where}: a template evaluated a field ({EVALUATED})")
    return findings, counts
