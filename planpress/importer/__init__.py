"""From Word to a plan file: `planpress import plan.docx -o plans/<slug>.yml`.

A stage before `planpress.plan`: it reads a Word document (`word.py`), decides what each
part becomes (`convert.py`) and writes plan YAML with comments where a person is needed
(`emit.py`). The plan stage knows nothing of it; the file it writes is checked by the
plan loader like any other, before it is kept.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from planpress.importer.convert import Converter, Facts, Report
from planpress.importer.emit import comment_lines, dump
from planpress.importer.word import NotAWordDocument, read_word
from planpress.plan.load import load_plan
from planpress.plan.source import SourceError

__all__ = ["Facts", "ImportFailed", "Imported", "NotAWordDocument", "import_word"]


class ImportFailed(Exception):
    """The import made a file the plan loader refuses: a bug of the importer, reported plainly."""


@dataclass(frozen=True)
class Imported:
    output: Path
    report: Report


def import_word(source: Path, output: Path, facts: Facts) -> Imported:
    """Read `source`, write the draft plan to `output` (replacing it) once it validates, and
    its pictures into `files/<slug>/` beside it."""
    document = read_word(source)
    converter = Converter(document, facts)
    data = converter.plan()
    header = [
        "# yaml-language-server: $schema=../schema/plan.schema.json",
        *comment_lines(
            f"Imported from {source.name} by `planpress import` on {dt.date.today():%-d %B %Y}. "
            "Comments that start `import:` say what the import did or could not do; search for "
            "`needs a person` and `TODO` first. Run `planpress check` after every change."
        ),
    ]
    text = "\n".join(header) + "\n" + dump(data)
    output.parent.mkdir(parents=True, exist_ok=True)
    for relative, content in converter.picture_files.items():
        picture = output.parent / relative
        picture.parent.mkdir(parents=True, exist_ok=True)
        picture.write_bytes(content)
    handle, scratch = tempfile.mkstemp(suffix=".yml", prefix=".import-", dir=output.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        try:
            load_plan(Path(scratch), display_name=str(output))
        except SourceError as error:
            raise ImportFailed("; ".join(map(str, error.problems[:3]))) from None
        os.replace(scratch, output)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
    return Imported(output, converter.report)
