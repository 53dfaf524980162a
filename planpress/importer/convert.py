"""Word blocks -> a draft plan: sections, themes, typed tables, risks, glossary, groups.

Headings become sections, and a heading whose text is a numbered list becomes a theme of
commitments. Tables become typed tables (header rows, merged cells, a Total row), or a
risk register, a glossary or a list of members when their columns say so. Nothing is
dropped: what has no place of its own stays as Markdown, with a comment saying what it
could be. The `Report` says what became what, and what a person must do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from planpress.importer.emit import Noted, note
from planpress.importer.word import Block, Cell, Grid, Heading, Para, Picture, WordDocument
from planpress.plan.figures import SUMMABLE, CellKind, read_value
from planpress.plan.model import Table
from planpress.plan.tables import STATED_TOTAL, read_grid

NEEDS_PERSON = "import: needs a person"
MAX_TITLE_WORDS = 14
"""A numbered item longer than this keeps its first sentence as the commitment's title."""


_KINDS = {
    "section": "sections",
    "theme": "themes",
    "commitment": "commitments",
    "table": "tables",
    "risk": "risks",
    "group": "groups",
    "glossary term": "glossary terms",
    "footnote": "footnotes",
    "paragraph that could be a measure (kept as text)": "paragraphs that could be measures (kept as text)",
    "figure (alt text to write)": "figures (alt text to write)",
    "picture left out (only sections hold figures)": "pictures left out (only sections hold figures)",
}


@dataclass
class Report:
    """What the import made of the document, for the person who carries on."""

    made: dict[str, int] = field(default_factory=dict)
    todo: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        assert what in _KINDS, what
        self.made[what] = self.made.get(what, 0) + n

    def lines(self) -> list[str]:
        made = ", ".join(
            f"{self.made[one]} {one if self.made[one] == 1 else many}"
            for one, many in _KINDS.items()
            if self.made.get(one)
        )
        return [f"Made: {made or 'nothing'}.", *(f"To do: {item}" for item in self.todo)]


@dataclass
class Facts:
    """What the person running the import knows that a Word document rarely says in one place."""

    slug: str
    title: str | None = None
    area: str | None = None
    period: tuple[int, int] | None = None


@dataclass
class _Node:
    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def slugify(text: str, limit: int = 48) -> str:
    """An id from text: `Annual Health Checks (AHC)` -> `annual-health-checks-ahc`."""
    words = re.findall(r"[a-z0-9]+", plain(text).lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "part"


def plain(markdown: str) -> str:
    """Markdown as plain text, for fields that are not Markdown (titles, terms, names)."""
    text = re.sub(r"\[\^\w+\]", "", markdown)
    text = re.sub(r"\[((?:\\.|[^\]])*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "")
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*(?:[-\u2013/]|to)\s*((?:19|20)?\d\d)\b")
_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+((?:19|20)\d\d)\b"
)
_NUMBERED_FIGURE = re.compile(r"\d[\d,.]*\s?%|£\s?\d|\b\d{2,}\b")
_TARGET_WORDS = re.compile(r"\b(target|trajectory|reduce|increase|by (?:19|20)\d\d|per cent|rate)\b", re.I)


def find_period(text: str) -> tuple[int, int] | None:
    """`2021-24`, `2019-2020`, `2021 to 2024` -> (2021, 2024)."""
    for match in _PERIOD.finditer(text):
        start, end = int(match.group(1)), match.group(2)
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if start < end_year <= start + 10:
            return start, end_year
    return None


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, text: str) -> str:
        base = slugify(text)
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate


class Converter:
    """One document's conversion: call `plan()` once."""

    def __init__(self, document: WordDocument, facts: Facts) -> None:
        self.document = document
        self.facts = facts
        self.report = Report()
        self.ids = _Ids()
        self.sections: list[Any] = []
        self.themes: list[Any] = []
        self.tables: list[Any] = []
        self.risks: list[Any] = []
        self.glossary: list[Any] = []
        self.groups: list[Any] = []
        self.footnote_numbers: dict[str, int] = {}
        self._listed: set[str] = set()
        self.contact: str | None = None
        self.doc_date: dt.date | None = None
        self.front_notes: list[str] = []
        self.empty_sections: list[str] = []
        self.uncaptioned: list[str] = []
        """Comments on the opening text (the summary): pictures, figures that could be measures."""
        self.figures: list[Any] | None = None
        """The figures of the section being made; None where figures have no place (themes)."""
        self.picture_files: dict[str, bytes] = {}
        """Pictures to write beside the plan, by their path relative to it."""

    # The plan as a whole

    def plan(self) -> dict[str, Any]:
        front, nodes = self._tree(self.document.blocks)
        title = self.facts.title or self.document.title
        if title is None and not front and nodes and nodes[0].heading.level == 1:
            first = nodes.pop(0)  # a document that starts with its title as a Heading 1
            title, front, nodes = first.heading.text, first.blocks, [*first.children, *nodes]
        intro = self._front_matter(front)
        for node in nodes:
            self._top(node)
        everything = " ".join([title or "", *(p.text for p in self.document.blocks if isinstance(p, Para))])
        period = self.facts.period or find_period(title or "")
        guessed = find_period(everything) if period is None else None
        data: dict[str, Any] = {}
        data["slug"] = self.facts.slug
        if title:
            data["title"] = title
        else:
            data["title"] = note(
                self.facts.slug, f"{NEEDS_PERSON}: the document has no Title; write the plan's title"
            )
            self.report.todo.append("the document has no Title paragraph: write the plan's `title`")
        data["partnership"] = note(
            {"name": self._todo_text("the partnership's name", "partnership.name")},
            f"{NEEDS_PERSON}: who owns the plan, and its member organisations under `members:`",
        )
        data["area"] = self.facts.area or self._todo_text("the area the plan covers", "area")
        if guessed is not None:
            period = guessed
            data["period"] = note(
                {"start": period[0], "end": period[1]},
                f"{NEEDS_PERSON}: the title gives no plan years; these are the first years the text "
                "names: check them",
            )
            self.report.todo.append("the plan years were read from the text, not the title: check `period`")
        elif period is None:
            this_year = dt.date.today().year
            period = (this_year, this_year + 1)
            data["period"] = note(
                {"start": period[0], "end": period[1]},
                f"{NEEDS_PERSON}: no plan years were found in the document; these are this year's",
            )
            self.report.todo.append("no plan period found: check `period`")
        else:
            data["period"] = {"start": period[0], "end": period[1]}
        version = f"{self.doc_date:%Y-%m}" if self.doc_date else f"{dt.date.today():%Y-%m}"
        data["version"] = note(
            version,
            "import: the version's name: the document's date"
            if self.doc_date
            else "import: the version's name, from the day of the import: change it if the plan has one",
        )
        data["status"] = note("draft", "import: a draft until the plan is approved (see PLAN-FORMAT.md)")
        data["lead_contact"] = {
            "name": self.contact or self._todo_text("the lead contact's name", "lead_contact")
        }
        if intro:
            data["summary"] = note(
                intro, "import: the document's opening text: shorten it into a summary", *self.front_notes
            )
        else:
            data["summary"] = self._todo_text("a few sentences on what the plan is for", "summary")
        self._todo_list(self.uncaptioned, "table(s) had no caption: write one for", "")
        self._todo_list(self.empty_sections, "section(s) had no text under their heading:", "\u201c")
        for key, items in (
            ("sections", self.sections),
            ("themes", self.themes),
            ("groups", self.groups),
            ("risks", self.risks),
            ("tables", self.tables),
            ("glossary", self.glossary),
        ):
            if items:
                data[key] = items
        return data

    def _todo_list(self, names: list[str], what: str, quote: str) -> None:
        """One line of the report for many things of a kind, naming the first five."""
        if names:
            close = "\u201d" if quote else ""
            named = ", ".join(f"{quote}{name}{close}" for name in names[:5])
            more = f" and {len(names) - 5} more" if len(names) > 5 else ""
            self.report.todo.append(f"{len(names)} {what} {named}{more}")

    def _todo_text(self, what: str, where: str) -> str:
        self.report.todo.append(f"write {what} in `{where}` (not found in the document)")
        return f"TODO: {what}"

    def _tree(self, blocks: list[Block]) -> tuple[list[Block], list[_Node]]:
        """Blocks before the first heading, and the headings as a tree of their levels."""
        front: list[Block] = []
        roots: list[_Node] = []
        stack: list[_Node] = []
        for block in blocks:
            if isinstance(block, Heading):
                node = _Node(block)
                while stack and stack[-1].heading.level >= block.level:
                    stack.pop()
                (stack[-1].children if stack else roots).append(node)
                stack.append(node)
            elif stack:
                stack[-1].blocks.append(block)
            else:
                front.append(block)
        return front, roots

    def _front_matter(self, blocks: list[Block]) -> str:
        """The opening blocks: facts for the top-level fields (`Lead contact`, `Date`), and
        the opening text, which stays in full."""
        for block in blocks:
            if isinstance(block, Para):
                self._fact_line(plain(block.text))
        texts: list[str] = []
        notes: list[str] = []
        self._body(blocks, texts, notes)
        self.front_notes = notes
        return "\n\n".join(t for t in texts if t)

    def _fact_line(self, text: str) -> None:
        if match := re.match(r"^(Lead contact|Contact|Date|Area|ICS)\s*[:\t]\s*(.+)$", text, re.I):
            self._fact(match.group(1), match.group(2))

    def _facts_table(self, grid: Grid) -> None:
        """A two-column table of labels and values (`Lead contact | Mark Harris`); it stays a table too."""
        if any(len(row) != 2 for row in grid.rows) or not grid.rows:
            return
        labels = [plain(row[0].text).rstrip(":") for row in grid.rows]
        known = [
            label for label in labels if re.match(r"^(Lead contact|Contact|Date|Area|ICS)$", label, re.I)
        ]
        if len(known) != len(labels):
            return
        for label, row in zip(labels, grid.rows, strict=True):
            self._fact(label, plain(row[1].text))

    def _fact(self, label: str, value: str) -> None:
        """A fact the plan's top-level fields need; the text stays where it is as well."""
        label = label.lower()
        if label in ("lead contact", "contact") and value and not self.contact:
            self.contact = value
        elif label == "date" and (match := _MONTH_YEAR.search(value)) and not self.doc_date:
            month = dt.datetime.strptime(match.group(1), "%B").month
            self.doc_date = dt.date(int(match.group(2)), month, 1)
        elif label in ("area", "ics") and value and not self.facts.area:
            self.facts.area = value

    # Headings

    def _top(self, node: _Node) -> None:
        if self._is_theme(node):
            self._theme(node)
            return
        body: list[str] = []
        notes: list[str] = []
        self.figures = []
        self._body(node.blocks, body, notes)
        for child in node.children:
            self._child(child, body, notes, 3)
        figures, self.figures = self.figures, None
        self._section(node.heading.text, body, notes, figures)

    def _child(self, node: _Node, body: list[str], notes: list[str], depth: int) -> None:
        """A heading inside a section: a theme when it holds numbered commitments, else Markdown."""
        if self._is_theme(node):
            self._theme(node)
            return
        body.append(f"{'#' * min(depth, 6)} {_escape_heading(node.heading.text)}")
        self._body(node.blocks, body, notes)
        for child in node.children:
            self._child(child, body, notes, depth + 1)

    def _section(self, title: str, body: list[str], notes: list[str], figures: list[Any]) -> None:
        text = "\n\n".join(part for part in body if part)
        if not text:
            text = "(No text under this heading in the Word document.)"
            notes.append(
                f"{NEEDS_PERSON}: this heading had no text of its own: write some, or remove the section"
            )
            self.empty_sections.append(title)
        section: dict[str, Any] = {"id": self.ids.make(title), "title": title, "body": text}
        if figures:
            section["figures"] = figures
        self.sections.append(note(section, *notes))
        self.report.count("section")

    def _is_theme(self, node: _Node) -> bool:
        top = [b for b in node.blocks if isinstance(b, Para) and b.kind == "item" and b.level == 0]
        return len(top) >= 2 and all(b.ordered for b in top)

    def _theme(self, node: _Node) -> None:
        outer, self.figures = self.figures, None
        summary: list[str] = []
        notes: list[str] = []
        commitments: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        count = 0
        for block in node.blocks:
            if isinstance(block, Para) and block.kind == "item" and block.level == 0:
                count += 1
                current = self._commitment(block, block.number or count)
                commitments.append(current)
            elif isinstance(block, Para) and block.kind == "item" and current is not None:
                current.setdefault("deliverables", []).append(self._markdown(block.text))
            elif current is not None and isinstance(block, Para):
                extra = self._para_markdown(block, notes)
                current["summary"] = f"{current['summary']}\n\n{extra}" if "summary" in current else extra
            else:
                self._place(block, None, summary, notes)
        for child in node.children:
            self._child(child, summary, notes, 3)
        theme: dict[str, Any] = {"id": self.ids.make(node.heading.text), "title": node.heading.text}
        if summary:
            theme["summary"] = "\n\n".join(summary)
        theme["commitments"] = commitments
        self.figures = outer
        self.themes.append(note(theme, *notes))
        self.report.count("theme")
        self.report.count("commitment", len(commitments))

    def _commitment(self, item: Para, number: int) -> dict[str, Any]:
        text = self._markdown(item.text)
        title, rest = _title_and_rest(text)
        commitment: dict[str, Any] = {"id": self.ids.make(title), "number": number, "title": title}
        if rest:
            commitment["summary"] = rest
        return commitment

    # Blocks inside a heading

    def _body(self, blocks: list[Block], body: list[str], notes: list[str]) -> None:
        items: list[Para] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if isinstance(block, Para) and block.kind == "item":
                items.append(block)
                i += 1
                continue
            if items:
                body.append(self._list(items))
                items = []
            if isinstance(block, Para) and block.kind == "caption" and i + 1 < len(blocks):
                following = blocks[i + 1]
                if isinstance(following, Grid):
                    i += self._grids(blocks, i + 1, plain(block.text), body, notes) + 1
                    continue
            if isinstance(block, Picture):
                after = blocks[i + 1] if i + 1 < len(blocks) else None
                caption = plain(after.text) if isinstance(after, Para) and after.kind == "caption" else None
                self._picture(block, caption, notes)
                i += 2 if caption else 1
                continue
            if isinstance(block, Grid):
                after = blocks[i + 1] if i + 1 < len(blocks) else None
                if isinstance(after, Para) and after.kind == "caption":  # a caption below its table
                    i += self._grids(blocks, i, plain(after.text), body, notes) + 1
                else:
                    i += self._grids(blocks, i, None, body, notes)
                continue
            self._place(block, None, body, notes)
            i += 1
        if items:
            body.append(self._list(items))
        self._footnotes_of(body)

    def _grids(
        self, blocks: list[Block], start: int, caption: str | None, body: list[str], notes: list[str]
    ) -> int:
        """The table at `start`, joined with the tables that continue it (one table split
        across pages is two tables in Word); returns how many blocks it used."""
        grid = blocks[start]
        assert isinstance(grid, Grid)
        rows = list(grid.rows)
        used = 1
        joined = 0
        while start + used < len(blocks) and isinstance(blocks[start + used], Grid):
            more = blocks[start + used]
            assert isinstance(more, Grid)
            if _width(more.rows[0]) != _width(rows[0]):
                break
            same_header = [c.text for c in more.rows[0]] == [c.text for c in rows[0]]
            if not same_header and not _figures_in(more.rows[0]):
                break  # a table of its own, with its own header, that happens to follow
            rows += more.rows[max(grid.header_rows, 1) :] if same_header else more.rows
            used += 1
            joined += 1
        table_notes = (
            [f"import: joined from {joined + 1} tables in the document (a table split across pages)"]
            if joined
            else []
        )
        self._place(Grid(rows, grid.header_rows), caption, body, notes, table_notes)
        return used

    def _place(
        self,
        block: Block,
        caption: str | None,
        body: list[str],
        notes: list[str],
        table_notes: list[str] | None = None,
    ) -> None:
        if isinstance(block, Grid):
            self._table(block, caption, body, notes, table_notes or [])
        elif isinstance(block, Picture):
            self._picture(block, caption, notes)
        elif isinstance(block, Heading):
            body.append(f"### {_escape_heading(block.text)}")
        else:
            body.append(self._para_markdown(block, notes))

    def _picture(self, picture: Picture, caption: str | None, notes: list[str]) -> None:
        """A figure of the section, with a `TODO` alt text that fails the alt text rule
        until a person writes it; where figures have no place, a comment."""
        said = (
            f"Word's alt text was \u201c{picture.alt}\u201d" if picture.alt else "Word had no alt text for it"
        )
        if self.figures is None:
            notes.append(
                f"{NEEDS_PERSON}: a picture was here in the document ({picture.name}; {said}): only a "
                "section can hold figures: move it to one, or describe what it shows in the text"
            )
            self.report.count("picture left out (only sections hold figures)")
            self.report.todo.append(
                f"picture {picture.name} was outside any section: place it or describe it"
            )
            return
        path = f"files/{self.facts.slug}/{picture.name}"
        self.picture_files[path] = self.document.pictures[picture.name]
        figure: dict[str, Any] = {"id": self.ids.make(f"figure {caption or picture.name}"), "file": path}
        figure["caption"] = caption or "TODO: what the picture is"
        figure["alt"] = "TODO"
        figure["long_description"] = "TODO: everything the picture shows, in words."
        self.figures.append(
            note(
                figure,
                f"{NEEDS_PERSON}: write the alt text and the long description ({said}); the build "
                "stops on `alt: TODO`" + ("" if caption else "; and the caption: the document had none"),
            )
        )
        self.report.count("figure (alt text to write)")
        self.report.todo.append(f"figure {figure['id']}: write its alt text and long description")

    def _para_markdown(self, para: Para, notes: list[str]) -> str:
        text = self._markdown(para.text)
        if para.kind == "quote":
            return "\n".join(f"> {line}" for line in text.split("\n"))
        if para.kind == "caption":
            return f"*{text}*"
        if _NUMBERED_FIGURE.search(plain(text)) and _TARGET_WORDS.search(text):
            notes.append(f"import: kept as text, could be a measure: \u201c{_clip(plain(text))}\u201d")
            self.report.count("paragraph that could be a measure (kept as text)")
        return text

    def _list(self, items: list[Para]) -> str:
        lines = []
        counters: dict[int, int] = {}
        for item in items:
            counters[item.level] = counters.get(item.level, 0) + 1
            for deeper in [k for k in counters if k > item.level]:
                del counters[deeper]
            marker = f"{item.number or counters[item.level]}." if item.ordered else "-"
            indent = "    " * item.level
            lines.append(f"{indent}{marker} {self._markdown(item.text)}")
        return "\n".join(lines)

    def _markdown(self, text: str) -> str:
        """Footnote references as `[n]`, numbered in the order they appear."""

        def number(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in self.document.footnotes:
                return ""
            self.footnote_numbers.setdefault(key, len(self.footnote_numbers) + 1)
            return f"<sup>{self.footnote_numbers[key]}</sup>"

        return re.sub(r"\[\^(\w+)\]", number, text)

    def _footnotes_of(self, body: list[str]) -> None:
        """The notes the body refers to, listed under it (planpress's Markdown has no footnotes)."""
        text = "\n".join(body)
        cited = [
            (n, key)
            for key, n in self.footnote_numbers.items()
            if f"<sup>{n}</sup>" in text and key not in self._listed
        ]
        if cited:
            lines = [f"{n}. {self.document.footnotes[key]}" for n, key in sorted(cited)]
            body.append("Notes:\n\n" + "\n".join(lines))
            self._listed.update(key for _, key in cited)
            self.report.count("footnote", len(cited))

    # Tables

    def _table(
        self, grid: Grid, caption: str | None, body: list[str], notes: list[str], table_notes: list[str]
    ) -> None:
        self._facts_table(grid)
        header, groups, rows, merged = _header_and_rows(grid)
        names = [plain(h) for h in header]
        if where := self._special_table(names, rows, caption):
            body.append(where)
            return
        blank_headers = [i for i, name in enumerate(names) if not name]
        for i in blank_headers:
            names[i] = f"Column {i + 1}"
        table_id = self.ids.make(caption or f"table {len(self.tables) + 1}")
        data: dict[str, Any] = {"id": table_id}
        extra_notes = list(table_notes)
        if caption:
            data["caption"] = caption
        else:
            data["caption"] = f"Table {len(self.tables) + 1}"
            extra_notes.append(
                f"{NEEDS_PERSON}: the table had no caption in the document: write what it shows"
            )
            self.uncaptioned.append(table_id)
        if blank_headers:
            extra_notes.append(
                f"{NEEDS_PERSON}: columns with no heading in the document are called Column N: name them"
            )
        data["header"] = names
        if groups:
            data["header_groups"] = groups
        if merged:
            extra_notes.append(
                "import: cells merged across columns in the document are written once, then ''"
            )
        cells, notes_md = self._cells(rows)
        data["rows"] = cells
        if cells and re.match(r"^(grand\s+)?totals?\b", plain(cells[-1][0]), re.I) and len(cells) > 1:
            data["total_row"] = True
        if len(names) > 2 and re.match(r"^totals?$", names[-1], re.I):
            data["total_column"] = True
        if notes_md:
            data["footnotes"] = notes_md
            extra_notes.append(
                "import: the footnote marks in the cells were left out; the notes are in `footnotes`"
            )
            self.report.count("footnote", len(notes_md))
        self._check_totals(data, extra_notes)
        if not cells:
            data["empty"] = "The table in the Word document had no rows below its header."
            extra_notes.append(f"{NEEDS_PERSON}: the table had only a header")
        self.tables.append(note(data, *extra_notes))
        self.report.count("table")
        body.append(f"The table \u201c{data['caption']}\u201d is in this plan's tables.")

    def _cells(self, rows: list[list[str]]) -> tuple[list[list[str]], list[str]]:
        """Cells as plain text; footnotes marked in them become the table's footnotes."""
        keys: list[str] = []
        for row in rows:
            for text in row:
                keys += [
                    k
                    for k in re.findall(r"\[\^(\w+)\]", text)
                    if k in self.document.footnotes and k not in keys
                ]
        return [[plain(text) for text in row] for row in rows], [self.document.footnotes[k] for k in keys]

    def _check_totals(self, data: dict[str, Any], notes: list[str]) -> None:
        """Keep a published total that does not add up as published, and say so; drop a
        total that has nothing to add up."""
        if not (data.get("total_row") or data.get("total_column")):
            return
        try:
            table = Table.model_validate({k: v.value if isinstance(v, Noted) else v for k, v in data.items()})
        except ValidationError:
            data.pop("total_row", None)
            data.pop("total_column", None)
            return
        grid = read_grid(table)
        if not any(grid.summable(c) for c in range(len(table.header))):
            data.pop("total_row", None)
            data.pop("total_column", None)
            return
        if grid.mismatches:
            data["accept"] = [STATED_TOTAL]
            data["reason"] = "Imported from Word: the totals are as published. Check them against the parts."
            first = grid.mismatches[0]
            notes.append(
                f"{NEEDS_PERSON}: {len(grid.mismatches)} stated total(s) do not add up, e.g. "
                f"{first.stated} where the parts make {first.computed}: correct them or keep the accept"
            )
            self.report.todo.append(
                f"table {data['id']}: {len(grid.mismatches)} stated total(s) do not add up"
            )

    def _special_table(self, names: list[str], rows: list[list[str]], caption: str | None) -> str | None:
        """A risk register, a glossary or a list of members, when its columns say so: then
        where the section's readers find it."""
        lower = [n.lower() for n in names]
        if any("risk" in n for n in lower) and any(
            re.search(r"rating|mitigat|likelihood|impact|rag|owner", n) for n in lower
        ):
            self._risks(names, rows)
            return "These risks are in this plan's risk register."
        if (
            len(names) == 2
            and re.search(r"term|acronym|abbreviation|word", lower[0])
            and re.search(r"mean|definition|stands|description|explanation|full", lower[1])
        ):
            self._glossary(rows)
            return "These words and what they mean are in this plan's glossary."
        if (
            any(re.search(r"\b(name|member)\b", n) for n in lower)
            and any(re.search(r"role|organisation|organization|representing|title", n) for n in lower)
            and len(names) <= 4
        ):
            name = self._group(names, rows, caption)
            return f"The members of the \u201c{name}\u201d are listed with this plan's groups."
        return None

    def _risks(self, names: list[str], rows: list[list[str]]) -> None:
        lower = [n.lower() for n in names]

        def column(pattern: str) -> int | None:
            return next((i for i, n in enumerate(lower) if re.search(pattern, n)), None)

        description = column(r"risk|description") or 0
        roles = {
            "cause": column(r"cause"),
            "effect": column(r"effect|consequence"),
            "mitigation": column(r"mitigat|action|control"),
            "owner": column(r"owner|lead"),
        }
        before = column(r"before|inherent|initial|current|rating|rag")
        after = column(r"after|residual|target")
        if after == before:
            after = None
        used = {description, before, after, *[v for v in roles.values() if v is not None]}
        for row in rows:
            if not row[description]:
                continue
            risk: dict[str, Any] = {
                "id": self.ids.make(f"risk {row[description]}"),
                "description": row[description],
            }
            extras = [f"**{names[i]}:** {row[i]}" for i in range(len(names)) if i not in used and row[i]]
            for key, index in roles.items():
                if index is not None and row[index]:
                    risk[key] = row[index]
            for key, index in (("rating_before", before), ("rating_after", after)):
                rating = _rag(row[index]) if index is not None else None
                if rating:
                    risk[key] = rating
                elif index is not None and row[index]:
                    extras.append(f"**{names[index]}:** {row[index]}")
            if extras:
                risk["description"] = "\n\n".join([row[description], *extras])
            self.risks.append(risk)
            self.report.count("risk")

    def _glossary(self, rows: list[list[str]]) -> None:
        seen = {plain(entry["term"]) for entry in self.glossary}
        for term, meaning in ((r[0], r[1]) for r in rows):
            if not term or not meaning or term in seen:
                continue
            seen.add(term)
            key = (
                "expansion"
                if len(meaning.split()) <= 10 and "." not in meaning.rstrip(".")
                else "explanation"
            )
            self.glossary.append({"term": term, key: meaning})
            self.report.count("glossary term")

    def _group(self, names: list[str], rows: list[list[str]], caption: str | None) -> str:
        lower = [n.lower() for n in names]
        fields = {}
        for i, n in enumerate(lower):
            if re.search(r"organisation|organization|representing", n):
                fields[i] = "organisation"
            elif re.search(r"role|title", n):
                fields[i] = "role"
            elif re.search(r"name|member", n):
                fields[i] = "name"
        members = []
        for row in rows:
            member: dict[str, Any] = {}
            for i, key in fields.items():
                value = row[i]
                if re.fullmatch(r"(tbc|tba|to be confirmed|vacant)\.?", value, re.I):
                    member["to_be_confirmed"] = True
                elif value:
                    member[key] = value
            if member:
                members.append(member)
        name = caption or "Members"
        group: dict[str, Any] = {"id": self.ids.make(name), "name": name, "members": members}
        notes = [] if caption else [f"{NEEDS_PERSON}: the table had no caption: name the group"]
        self.groups.append(note(group, *notes))
        self.report.count("group")
        return name


def _title_and_rest(text: str) -> tuple[str, str]:
    """A commitment's title (plain text) and the rest of its item as its summary."""
    if match := re.match(r"^\*\*(.+?)\*\*\s*[-\u2013:.]?\s*(.*)$", text, re.S):
        return plain(match.group(1)).rstrip(":"), match.group(2).strip()
    words = plain(text).split()
    if len(words) <= MAX_TITLE_WORDS:
        return plain(text), ""
    sentence = re.match(r"^(.+?[.;:])\s+(.+)$", text, re.S)
    if sentence and len(plain(sentence.group(1)).split()) <= 2 * MAX_TITLE_WORDS:
        return plain(sentence.group(1)).rstrip(".;:"), sentence.group(2)
    return " ".join(words[:MAX_TITLE_WORDS]) + " \u2026", text


def _figures_in(row: list[Cell]) -> bool:
    """Whether a row holds figures, so is data rather than a header."""
    return any(read_value(plain(c.text)).kind in SUMMABLE | {CellKind.PERCENT} for c in row)


def _width(row: list[Cell]) -> int:
    return sum(c.span for c in row)


def _header_and_rows(grid: Grid) -> tuple[list[str], list[dict[str, Any]], list[list[str]], bool]:
    """The header (the lower header row), its groups (the upper one), the body rows with
    merged cells spread over their columns, and whether any body cell spanned columns."""
    width = max(_width(row) for row in grid.rows)
    spread: list[list[Cell]] = []
    for row in grid.rows:
        cells: list[Cell] = []
        for cell in row:
            cells.append(cell)
            cells += [Cell("", 1, cell.merged_above, cell.merged_down)] * (cell.span - 1)
        cells += [Cell("")] * (width - len(cells))
        spread.append(cells)
    header_rows = grid.header_rows or 1
    if header_rows == 1 and len(grid.rows) > 2 and any(c.span > 1 for c in grid.rows[0]):
        header_rows = 2  # an upper row of merged headings over a lower one
    header_rows = min(header_rows, len(spread))
    groups: list[dict[str, Any]] = []
    if header_rows >= 2:
        upper, lower = grid.rows[0], spread[header_rows - 1]
        header = [c.text for c in lower]
        column = 0
        for cell in upper:
            if cell.span == 1 and (cell.merged_down or not lower[column].text):
                header[column] = header[column] or cell.text
                groups.append({"span": 1})
            elif cell.text:
                groups.append({"title": plain(cell.text), "span": cell.span})
            else:
                groups.append({"span": cell.span})
            column += cell.span
        if all("title" not in g for g in groups):
            groups = []
    else:
        header = [c.text for c in spread[0]]
    body: list[list[str]] = []
    merged = False
    for r, row in enumerate(spread[header_rows:]):
        values = []
        for c, cell in enumerate(row):
            if cell.merged_above and body:
                above = body[-1][c]
                values.append(above if not re.search(r"\d", above) else "")
            else:
                values.append(cell.text)
        merged = merged or any(cell.span > 1 for cell in grid.rows[header_rows + r])
        body.append(values)
    return header, groups, body, merged


def _rag(text: str) -> str | None:
    word = text.strip().lower()
    for rating in ("red", "amber", "yellow", "green"):
        if word in (rating, rating[0]) or word.startswith(rating):
            return rating
    return None


def _escape_heading(text: str) -> str:
    return re.sub(r"([\\`*_<>\[\]#])", r"\\\1", text)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
