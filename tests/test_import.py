"""`planpress import`: Word documents built here with python-docx become plan files that
`planpress check` accepts, keeping their headings, tables and numbers (measured)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import pytest
import segno
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from planpress.plan.load import load_plan
from planpress.plan.source import read_yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path("/work/shared/seeds")

# Shared helpers (the lead may lift these into conftest.py): a Word document written with
# python-docx, remembering what it holds so that the import can be measured against it.


@dataclass
class WordPlan:
    """A .docx being written, and what was put in it."""

    document: Document = field(default_factory=docx.Document)
    headings: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    """Each table's body rows as one logical table (a table split in two counts once)."""
    texts: list[str] = field(default_factory=list)
    """Every piece of text, for counting its numbers."""
    footnotes: list[str] = field(default_factory=list)

    def title(self, text: str) -> None:
        self.document.add_paragraph(text, style="Title")
        self.headings.append(text)
        self.texts.append(text)

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level)
        self.headings.append(text)
        self.texts.append(text)

    def para(self, text: str, style: str | None = None) -> Paragraph:
        """A paragraph; `**bold**` in `text` becomes a bold run."""
        paragraph = self.document.add_paragraph(style=style)
        for i, piece in enumerate(re.split(r"\*\*", text)):
            if piece:
                paragraph.add_run(piece).bold = i % 2 == 1
        self.texts.append(text.replace("**", ""))
        return paragraph

    def spacing(self) -> None:
        """An empty paragraph, as people use for space."""
        self.document.add_paragraph("")

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def link(self, before: str, label: str, url: str) -> None:
        paragraph = self.para(before)
        r_id = self.document.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = label
        run.append(text)
        link.append(run)
        paragraph._p.append(link)
        self.texts.append(label)

    def footnote(self, before: str, note: str) -> None:
        """A paragraph ending in a footnote reference, and the note in the footnotes part."""
        paragraph = self.para(before)
        number = len(self.footnotes) + 1
        self.footnotes.append(note)
        run = paragraph.add_run()
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(number))
        run._r.append(reference)
        self.texts.append(note)

    def table(
        self,
        rows: list[list[str]],
        header_rows: int = 1,
        caption: str | None = None,
        spans: dict[tuple[int, int], int] | None = None,
        down: dict[tuple[int, int], int] | None = None,
        logical: bool = True,
    ) -> WordTable:
        """A table; `spans` merges (row, column) across columns, `down` across rows."""
        if caption:
            self.para(caption, style="Caption")
        table: WordTable = self.document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    table.cell(r, c).text = value
            if r < header_rows:
                tr_pr = table.rows[r]._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
        for (r, c), span in (spans or {}).items():
            table.cell(r, c).merge(table.cell(r, c + span - 1))
        for (r, c), span in (down or {}).items():
            table.cell(r, c).merge(table.cell(r + span - 1, c))
        body = [[v for v in row] for row in rows[header_rows:]]
        if logical:
            self.tables.append(body)
        else:
            self.tables[-1].extend(body)
        self.texts += [v for row in rows for v in row]
        return table

    def picture(self, description: str) -> None:
        image = io.BytesIO()
        segno.make("planpress").save(image, kind="png", scale=4)
        image.seek(0)
        self.document.add_picture(image)
        self.document.inline_shapes[-1]._inline.docPr.set("descr", description)

    def save(self, path: Path) -> Path:
        if self.footnotes:
            self._footnotes_part()
        self.document.save(str(path))
        return path

    def _footnotes_part(self) -> None:
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:t xml:space="preserve">{_xml(text)}</w:t></w:r></w:p></w:footnote>'
            for n, text in enumerate(self.footnotes, start=1)
        )
        blob = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f"{notes}</w:footnotes>"
        ).encode()
        package = self.document.part.package
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, package)
        self.document.part.relate_to(part, RT.FOOTNOTES)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unwrapped(text: str) -> str:
    """A plan file with its comments joined into one line each, as a person reads them."""
    return re.sub(r"\n\s*# (?!import:)", " ", text)


def run_planpress(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planpress", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def strings(data: Any) -> Iterator[str]:
    """Every string and number of loaded YAML data."""
    if isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
    elif data is not None and not isinstance(data, bool):
        yield getattr(data, "source_text", str(data))


def _unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def headings_of(data: dict[str, Any]) -> set[str]:
    """What a plan file holds as headings: its title, its sections' and themes' titles, and
    the Markdown headings (`### ...`) in their text."""
    found = {data["title"]}
    for part in [*data.get("sections", []), *data.get("themes", [])]:
        found.add(part["title"])
        for text in (part.get("body", ""), part.get("summary", "")):
            found |= {_unescaped(m) for m in re.findall(r"(?m)^#{2,6} (.+)$", text)}
    return {" ".join(h.split()) for h in found}


NUMBER = re.compile(r"\d+(?:[,.]\d+)*")


@dataclass
class Measured:
    headings: float
    tables: float
    numbers: float
    seconds: float
    """The import itself, as the command reports it."""
    wall: float
    """The whole command, with Python's start-up."""
    counts: tuple[int, int, int]
    """How many headings, tables and numbers the document has."""

    def line(self, name: str) -> str:
        return (
            f"{name}: headings kept {self.headings:.0%}, tables kept as tables {self.tables:.0%}, "
            f"numbers kept {self.numbers:.1%} (of {self.counts[0]} headings, {self.counts[1]} tables, "
            f"{self.counts[2]} numbers), import {self.seconds:.1f} s ({self.wall:.1f} s for the command)"
        )


def measure(word: WordPlan, plan_file: Path, seconds: float, wall: float) -> Measured:
    """What share of the document's headings, tables and numbers the plan file holds."""
    data = read_yaml(plan_file).data
    everything = "\n".join(_unescaped(s) for s in strings(data))
    kept_headings = sum(1 for h in word.headings if " ".join(h.split()) in headings_of(data))
    structured = [
        " ".join(_unescaped(s).split()).casefold()
        for key in ("tables", "risks", "glossary", "groups")
        for s in strings(data.get(key))
    ]
    cells = set(structured)
    joined = "\n".join(structured)

    def kept(table: list[list[str]]) -> bool:
        for row in table:
            values = [" ".join(v.split()).casefold() for v in row if v.strip()]
            if values and all(v in cells or v in joined for v in values):
                return True
        return False

    kept_tables = sum(1 for t in word.tables if kept(t))
    wanted = Counter(NUMBER.findall("\n".join(word.texts)))
    found = Counter(NUMBER.findall(everything))
    kept_numbers = sum(min(n, found[token]) for token, n in wanted.items())
    return Measured(
        kept_headings / max(len(word.headings), 1),
        kept_tables / max(len(word.tables), 1) if word.tables else 1.0,
        kept_numbers / max(sum(wanted.values()), 1),
        seconds,
        wall,
        (len(word.headings), len(word.tables), sum(wanted.values())),
    )


def import_and_check(word: WordPlan, tmp_path: Path, name: str, *more: str) -> tuple[Path, Measured, str]:
    """Import the document into a project of its own and check the plan file as it is."""
    project = tmp_path / "project"
    (project / "plans").mkdir(parents=True, exist_ok=True)
    source = word.save(tmp_path / f"{name}.docx")
    started = time.perf_counter()
    result = run_planpress("import", str(source), "-o", f"plans/{name}.yml", *more, cwd=project)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    plan_file = project / "plans" / f"{name}.yml"
    check = run_planpress("check", f"plans/{name}.yml", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    reported = re.search(r" in ([\d.]+) s\.", result.stderr)
    assert reported, result.stderr
    measured = measure(word, plan_file, float(reported.group(1)), seconds)
    print(measured.line(name))
    return plan_file, measured, result.stderr


# Documents


def small_plan() -> WordPlan:
    """A small plan with every structure the import reads."""
    word = WordPlan()
    word.title("Testshire learning disability plan 2021-24")
    word.para("This plan says how **Testshire Council** and the NHS will improve lives of 4,851 people.")
    word.para("Lead contact: Sam Jones")
    word.heading("Our area")
    word.para("The population of Testshire is 750,000 and will be just under 800,000 by 2024.")
    word.link("Read the strategy on ", "the council website", "https://example.org/strategy")
    word.footnote("There are 80 GP practices across 18 networks.", "GP register as at 9 March 2021.")
    word.heading("Co-production", 2)
    word.para("People with lived experience chair these groups:")
    word.para("the Health Action group", style="List Bullet")
    word.para("its two sub-groups", style="List Bullet 2")
    word.para("the Partnership Board", style="List Bullet")
    word.para("Nothing about us without us.", style="Quote")
    word.heading("How we work", 3)
    word.para("We meet 4 times a year.")
    word.heading("Our priorities")
    word.para("We will do these things.")
    word.para(
        "**Annual health checks** - 75% of people on the register get a health check.", style="List Number"
    )
    word.para("Train 30 GP practices", style="List Bullet 2")
    word.para("Fewer people in hospital", style="List Number")
    word.para("Halve the 24 inpatients by March 2024", style="List Bullet 2")
    word.heading("Figures")
    word.table(
        [
            ["Area", "Adults known to services", ""],
            ["", "2016", "2017"],
            ["North", "1,238", "1,250"],
            ["South", "980", "990"],
            ["Total", "2,218", "2,240"],
        ],
        header_rows=2,
        caption="Adults known to services, by area",
        spans={(0, 1): 2},
        down={(0, 0): 2},
    )
    word.table(
        [["Item", "Amount", "Share"], ["Keyworkers", "£412,000", "43.4%"], ["Crisis beds", "£1.3m", "56.6%"]],
        caption="Funding in April 2021",
    )
    word.picture("A map of Testshire's three areas")
    word.heading("Risks")
    word.table(
        [
            ["Risk", "Rating", "Mitigation", "Owner"],
            ["Not enough trained staff", "Red", "A workforce plan by 2022", "HR lead"],
            ["Too few homes", "Amber", "Work with 3 housing providers", "Housing lead"],
        ],
        caption="Risk register",
    )
    word.heading("Who is on the board")
    word.table(
        [
            ["Name", "Role", "Organisation"],
            ["Sam Jones", "Chair", "Testshire Council"],
            ["TBC", "Clinical lead", "NHS Testshire"],
        ],
        caption="Learning Disability Partnership Board",
    )
    word.heading("Words we use")
    word.table(
        [
            ["Term", "Meaning"],
            ["AHC", "Annual Health Check"],
            ["CETR", "Care, Education and Treatment Review"],
        ],
        caption="Glossary",
    )
    return word


def awkward_plan() -> WordPlan:
    """Real-world layout: merged cells, a table split across pages, numbering typed as
    text, empty paragraphs for spacing, no Title style, no captions."""
    word = WordPlan()
    word.heading("Joint commissioning plan 2019-2020")
    word.spacing()
    word.spacing()
    word.para("Our plan for 2019-20 builds on the strategy for 2019-2022.")
    word.spacing()
    word.heading("Key principles")
    word.spacing()
    word.para("1. Changing culture to assert equal rights")
    word.spacing()
    word.para("2. Building the right community services, with 12 new homes")
    word.para("2.1 Six homes in Corby")
    word.para("3) Reducing over-prescribing of anti-psychotic medication by 15%")
    word.heading("Placements by area")
    word.table(
        [
            ["Area", "Type", "2018", "2019"],
            ["North", "Residential", "41", "38"],
            ["", "Supported living", "120", "131"],
            ["South", "Residential", "57", "52"],
            ["Both areas, all types of placement", "", "218", "221"],
        ],
        down={(1, 0): 2},
        spans={(4, 0): 2},
    )
    word.spacing()
    word.heading("Spending by year")
    word.table(
        [["Year", "Budget", "Spent"], ["2016/17", "£2.1m", "£2,050,000"], ["2017/18", "£2.2m", "£2,310,500"]],
        caption="Spending on placements",
    )
    word.page_break()
    word.table([["Year", "Budget", "Spent"], ["2018/19", "£2.4m", "£2,395,000"]], logical=False)
    word.page_break()  # continued again, this time without its header
    word.table(
        [["2019/20", "£2.5m", "£2,410,000"], ["Total", "£9.2m", "£9,165,500"]], header_rows=0, logical=False
    )
    word.table([["Team", "Leader", "Members"], ["North", "Ali Khan", "Five people"]])  # a table of its own
    word.spacing()
    word.heading("Next steps")
    word.para("\u2022 Review the plan in March 2020")
    word.para("\u2022 Report to the board 2 times")
    return word


def test_a_small_plan_becomes_a_plan_that_checks(tmp_path: Path) -> None:
    word = small_plan()
    plan_file, measured, report = import_and_check(word, tmp_path, "small")
    assert measured.headings == 1 and measured.tables == 1 and measured.numbers == 1
    plan = load_plan(plan_file).plan
    assert plan.title == "Testshire learning disability plan 2021-24"
    assert (plan.period.start, plan.period.end) == (2021, 2024)
    assert plan.status == "draft" and plan.lead_contact.name == "Sam Jones"
    assert "**Testshire Council**" in plan.summary
    area = plan.sections[0]
    assert area.title == "Our area"
    assert "[the council website](https://example.org/strategy)" in area.body
    assert "networks.<sup>1</sup>" in area.body and "1. GP register as at 9 March 2021." in area.body
    assert "### Co-production" in area.body and "#### How we work" in area.body
    assert "- the Health Action group\n    - its two sub-groups\n- the Partnership Board" in area.body
    assert "> Nothing about us without us." in area.body
    (theme,) = plan.themes
    assert theme.title == "Our priorities" and theme.summary == "We will do these things."
    first, second = theme.commitments
    assert (first.number, first.title) == (1, "Annual health checks")
    assert first.summary == "75% of people on the register get a health check."
    assert first.deliverables == ["Train 30 GP practices"]
    assert (second.number, second.title) == (2, "Fewer people in hospital")
    figures, money = plan.tables
    assert figures.caption == "Adults known to services, by area"
    assert figures.header == ["Area", "2016", "2017"]
    assert [(g.title, g.span) for g in figures.header_groups] == [(None, 1), ("Adults known to services", 2)]
    assert figures.total_row and figures.rows[-1] == ["Total", "2,218", "2,240"]
    assert figures.accept == []  # its totals add up
    assert money.rows == [["Keyworkers", "£412,000", "43.4%"], ["Crisis beds", "£1.3m", "56.6%"]]
    (red, amber) = plan.risks
    assert (red.description, red.rating_before, red.mitigation, red.owner) == (
        "Not enough trained staff",
        "red",
        "A workforce plan by 2022",
        "HR lead",
    )
    assert amber.rating_before == "amber"
    (board,) = plan.groups
    assert board.name == "Learning Disability Partnership Board"
    assert [(m.name, m.role, m.to_be_confirmed) for m in board.members] == [
        ("Sam Jones", "Chair", False),
        (None, "Clinical lead", True),
    ]
    assert [(g.term, g.expansion) for g in plan.glossary] == [
        ("AHC", "Annual Health Check"),
        ("CETR", "Care, Education and Treatment Review"),
    ]
    (figure,) = plan.sections[1].figures
    assert (figure.file, figure.alt) == ("files/small/image1.png", "TODO")
    assert (plan_file.parent / figure.file).read_bytes()[:4] == b"\x89PNG"
    text = unwrapped(plan_file.read_text(encoding="utf-8"))
    assert (
        "# import: needs a person: write the alt text and the long description (Word's alt text was "
        "\u201cA map of Testshire's three areas\u201d); the build stops on `alt: TODO`"
    ) in text
    assert (
        "Made: 5 sections, 1 theme, 2 commitments, 2 tables, 2 risks, 1 group, 2 glossary terms, 1 footnote, "
        "1 paragraph that could be a measure (kept as text), 1 figure (alt text to write)."
    ) in report
    assert "To do: write the partnership's name in `partnership.name`" in report


def test_an_awkward_document_keeps_its_structure(tmp_path: Path) -> None:
    word = awkward_plan()
    plan_file, measured, report = import_and_check(word, tmp_path, "awkward", "--area", "Northamptonshire")
    assert measured.headings == 1 and measured.tables == 1 and measured.numbers >= 0.95
    plan = load_plan(plan_file).plan
    assert plan.title == "Joint commissioning plan 2019-2020" and plan.area == "Northamptonshire"
    assert (plan.period.start, plan.period.end) == (2019, 2020)
    (theme,) = plan.themes
    assert [(c.number, c.title) for c in theme.commitments] == [
        (1, "Changing culture to assert equal rights"),
        (2, "Building the right community services, with 12 new homes"),
        (3, "Reducing over-prescribing of anti-psychotic medication by 15%"),
    ]
    assert theme.commitments[1].deliverables == ["Six homes in Corby"]
    placements, spending, teams = plan.tables
    assert placements.rows[1] == ["North", "Supported living", "120", "131"]  # merged down: named again
    assert placements.rows[3] == ["Both areas, all types of placement", "", "218", "221"]
    assert spending.rows == [
        ["2016/17", "£2.1m", "£2,050,000"],
        ["2017/18", "£2.2m", "£2,310,500"],
        ["2018/19", "£2.4m", "£2,395,000"],
        ["2019/20", "£2.5m", "£2,410,000"],
        ["Total", "£9.2m", "£9,165,500"],
    ]
    assert spending.total_row and spending.accept == []
    text = unwrapped(plan_file.read_text(encoding="utf-8"))
    assert "# import: joined from 3 tables in the document (a table split across pages)" in text
    assert teams.header == ["Team", "Leader", "Members"] and teams.rows == [
        ["North", "Ali Khan", "Five people"]
    ]
    assert "# import: needs a person: the table had no caption in the document" in text
    next_steps = plan.sections[-1]
    assert next_steps.body == "- Review the plan in March 2020\n- Report to the board 2 times"
    assert "To do: 2 table(s) had no caption: write one for table-1, table-3" in report


def test_a_stated_total_that_does_not_add_up_is_kept_as_published_and_flagged(tmp_path: Path) -> None:
    word = WordPlan()
    word.title("Population plan 2016-19")
    word.heading("Population")
    word.table(
        [["Area", "2016"], ["North", "1,000"], ["South", "1,000"], ["Total", "4,000"]],
        caption="People by area",
    )
    plan_file, _, report = import_and_check(word, tmp_path, "totals")
    (table,) = load_plan(plan_file).plan.tables
    assert table.total_row and table.accept == ["stated-total"]
    assert "stated total(s) do not add up, e.g. 4,000 where the parts make 2,000" in unwrapped(
        plan_file.read_text()
    )
    assert "To do: table people-by-area: 1 stated total(s) do not add up" in report


def seed_document(seed: Path) -> WordPlan:
    """A Word document with a seed's structure: its headings, lists, tables and text."""
    word = WordPlan()
    named = re.match(r"^(.*?)-(\d{4}-\d{2,4})$", seed.stem)
    assert named, seed.stem
    word.title(f"{named.group(1).replace('-', ' ').capitalize()} {named.group(2)}")
    rows: list[list[str]] = []

    def flush() -> None:
        if len(rows) >= 2:
            width = max(len(r) for r in rows)
            word.table([r + [""] * (width - len(r)) for r in rows], caption=f"Table {len(word.tables) + 1}")
        elif rows:
            word.para(" ".join(rows[0]))
        rows.clear()

    lines = seed.read_text(encoding="utf-8").splitlines()
    headed = any(line.startswith("#") for line in lines)
    for n, raw in enumerate(lines):
        line = re.sub(r"<[^>]+>", " ", raw).replace("\u2022", " ").rstrip()
        if "\t" in line or (line.startswith("|") and line.endswith("|")):
            cells = [" ".join(c.split()) for c in re.split(r"\t|\|", line.strip("|"))]
            if all(re.fullmatch(r":?-{3,}:?", c) or not c for c in cells):
                continue
            rows.append(cells)
            continue
        flush()
        text = " ".join(line.split())
        if not text or text in ("-", "*"):
            continue
        if not headed and _looks_like_heading(lines, n):
            word.heading(text, 2)  # a seed without Markdown headings: its short lines set apart
        elif match := re.match(r"^(#{1,6})\s+(.*)$", line.strip()):
            heading = match.group(2).replace("**", "").strip(" *")
            if heading:
                word.heading(heading, min(len(match.group(1)), 3))
        elif match := re.match(r"^(\s*)[-*]\s+(.*)$", line):
            level = min(len(match.group(1)) // 2, 2)
            word.para(match.group(2), style="List Bullet" + (f" {level + 1}" if level else ""))
        else:
            word.para(text)
    flush()
    return word


def _looks_like_heading(lines: list[str], n: int) -> bool:
    text = lines[n].strip()
    apart = (n == 0 or not lines[n - 1].strip()) and (n + 1 == len(lines) or not lines[n + 1].strip())
    return (
        apart
        and 1 <= len(text.split()) <= 8
        and text[:1].isupper()
        and not re.search(r"[.,:;]$|\t|^[-*|#]", text)
    )


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_the_seeds_import_keeping_their_headings_tables_and_numbers(tmp_path: Path, seed: Path) -> None:
    word = seed_document(seed)
    _, measured, _ = import_and_check(word, tmp_path, seed.stem)
    assert measured.headings >= 0.9 and measured.tables >= 0.9 and measured.numbers >= 0.95


def test_errors_are_one_line_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    missing = run_planpress("import", "missing.docx", cwd=tmp_path)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert "'missing.docx' does not exist: give the path of a Word document (.docx)" in missing.stderr
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    pdf = run_planpress("import", "plan.pdf", cwd=tmp_path)
    assert "is not a .docx file: open it in Word and save it as a Word Document (.docx) first" in pdf.stderr
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    broken = run_planpress("import", "broken.docx", cwd=tmp_path)
    assert "cannot be read as a Word document: open it in Word and save it as .docx again" in broken.stderr
    small_plan().save(tmp_path / "small.docx")
    first = run_planpress("import", "small.docx", cwd=tmp_path)
    assert first.returncode == 0 and (tmp_path / "plans" / "small.yml").is_file(), first.stderr
    again = run_planpress("import", "small.docx", cwd=tmp_path)
    assert again.returncode != 0 and "Traceback" not in again.stderr
    assert (
        "'plans/small.yml' already exists: give another file with -o, or add --force to replace it"
        in again.stderr
    )
    forced = run_planpress("import", "small.docx", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    bad_period = run_planpress("import", "small.docx", "--force", "--period", "soon", cwd=tmp_path)
    assert "'soon' is not a plan period: write it like 2021-24 or 2021-2024" in bad_period.stderr


@pytest.mark.slow
def test_an_imported_plan_builds_once_a_person_writes_its_alt_text(tmp_path: Path) -> None:
    """The build stops on the figure's `alt: TODO` at its line; written, the site is built."""
    from tests.sitebuild import make_project, planpress_build

    project = make_project(tmp_path / "site", sample_plans=False)
    small_plan().save(project / "small.docx")
    made = run_planpress(
        "import", "small.docx", "-o", "plans/testshire-ld-2021-24.yml", "--area", "Testshire", cwd=project
    )
    assert made.returncode == 0, made.stderr
    plan_file = project / "plans" / "testshire-ld-2021-24.yml"
    text = plan_file.read_text(encoding="utf-8")
    alt_line = text.splitlines().index('        alt: "TODO"') + 1
    stopped = planpress_build(project)
    assert stopped.returncode == 1
    assert (
        f"plans/testshire-ld-2021-24.yml:{alt_line}:14: error [alt-placeholder] 'TODO' says nothing"
        in stopped.stdout
    )
    plan_file.write_text(
        text.replace('alt: "TODO"', 'alt: "A map of Testshire with its North, South and East areas"')
        .replace('"TODO: what the picture is"', '"The three areas of Testshire"')
        .replace(
            '"TODO: everything the picture shows, in words."',
            '"Testshire has three areas: North, South and East. North is the largest."',
        ),
        encoding="utf-8",
    )
    built = planpress_build(project)
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site" / "plans" / "testshire-ld-2021-24"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'alt="A map of Testshire with its North, South and East areas"' in page
    assert "<figcaption" in page and "The three areas of Testshire" in page
    assert "Adults known to services, by area" in (site / "tables" / "index.html").read_text(encoding="utf-8")
    assert "Not enough trained staff" in (site / "risks" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/strategy" rel="noopener noreferrer">the council website</a>' in page


def test_text_that_yaml_or_markdown_would_misread_comes_back_as_typed(tmp_path: Path) -> None:
    """Quotes, `: `, `#`, numbers and dates as text, template syntax and markup survive the
    YAML (every string quoted) and stay text in Markdown (escaped)."""
    hostile = 'Note: "this" # not a comment {{ 12345*7 }} <script>alert(1)</script> *not bold* 23E9'
    word = WordPlan()
    word.title('Plan 2021-24: the "hard" one # 1')
    word.heading("Yes: no")
    word.para(hostile)
    word.para("- 2019-20\n---\n  indented")
    word.table([["Code", "When"], ["23E9", "2021-03-31"], ["0012", "yes"]], caption="Codes: odd ones")
    plan_file, _, _ = import_and_check(word, tmp_path, "hostile")
    plan = load_plan(plan_file).plan
    assert plan.title == 'Plan 2021-24: the "hard" one # 1'
    (section,) = plan.sections
    assert section.title == "Yes: no"
    assert (
        'Note: "this" # not a comment {{ 12345\\*7 }} \\<script\\>alert(1)\\</script\\> \\*not bold\\* 23E9'
        in section.body
    )
    (table,) = plan.tables
    assert table.caption == "Codes: odd ones"
    assert table.rows == [["23E9", "2021-03-31"], ["0012", "yes"]]
