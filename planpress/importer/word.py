"""Word's own structure, read with python-docx: the blocks a plan is made from.

A Word plan's meaning is in its styles (Title, Heading 1-3, List Bullet, Caption, Quote),
its numbering, its tables' header rows and merged cells, and its runs (bold, links,
footnote references). This module turns a .docx into a flat list of those blocks, in
document order, with inline formatting already written as Markdown. What each block
becomes in a plan is decided in `convert.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_MANUAL_NUMBER = re.compile(r"^(?:\((\d{1,3})\)|(\d{1,3}(?:\.\d{1,3})+)\.?|(\d{1,3})[.)])\s+(?=[^\W\d])")
"""`1. `, `1) `, `(2) `, `2.3 `: numbering typed as text instead of Word's own."""

_BULLET_CHARS = "\u2022\u25cf\u25aa\u25a0\u25e6\u25cb\u2013-*\u00b7"


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    """A paragraph of text, already Markdown (`**bold**`, `[links](...)`)."""

    text: str
    kind: str = "text"
    """`text`, `quote`, `caption` or `item` (of a list)."""
    level: int = 0
    ordered: bool = False
    number: int | None = None
    """An item's number when the document typed it (manual numbering)."""


@dataclass
class Cell:
    text: str
    span: int = 1
    merged_above: bool = False
    """A `vMerge` continuation: the cell above runs down into it."""
    merged_down: bool = False


@dataclass
class Grid:
    """A Word table: its rows of cells, and how many rows Word marks as repeated headers."""

    rows: list[list[Cell]]
    header_rows: int


@dataclass
class Picture:
    name: str
    alt: str


Block = Heading | Para | Grid | Picture


@dataclass
class WordDocument:
    title: str | None
    blocks: list[Block]
    footnotes: dict[str, str] = field(default_factory=dict)
    """Footnote text by Word's id; references in the text are written `[^id]`."""
    pictures: dict[str, bytes] = field(default_factory=dict)


class NotAWordDocument(Exception):
    """The file is not a .docx python-docx can open."""


def read_word(path: Path) -> WordDocument:
    """Every block of the document's body, in order."""
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise NotAWordDocument(str(error)) from None
    reader = _Reader(document)
    return reader.read()


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.title: str | None = None
        self.blocks: list[Block] = []
        self.pictures: dict[str, bytes] = {}
        self.formats = _numbering_formats(document)
        self.footnotes = _footnotes(document)
        self.style_names = {style.style_id: style.name or "" for style in document.styles}
        """python-docx looks a paragraph's style up slowly: by id, once per document."""

    def read(self) -> WordDocument:
        for item in self.document.iter_inner_content():
            if isinstance(item, WordTable):
                self.blocks.append(self._grid(item))
            else:
                self._paragraph(item)
        used = {m for b in self.blocks if isinstance(b, Para) for m in re.findall(r"\[\^(\w+)\]", b.text)}
        used |= {
            m
            for b in self.blocks
            if isinstance(b, Grid)
            for row in b.rows
            for c in row
            for m in re.findall(r"\[\^(\w+)\]", c.text)
        }
        notes = {k: v for k, v in self.footnotes.items() if k in used}
        return WordDocument(self.title, self.blocks, notes, self.pictures)

    def _paragraph(self, paragraph: Paragraph) -> None:
        for picture in self._pictures(paragraph):
            self.blocks.append(picture)
        text = self._inline(paragraph)
        if not text.strip():
            return  # empty paragraphs used as spacing
        style_ids = paragraph._p.xpath("./w:pPr/w:pStyle/@w:val")
        style = self.style_names.get(str(style_ids[0]), "") if style_ids else ""
        plain = " ".join(paragraph.text.split())
        if style == "Title":
            if self.title is None:
                self.title = plain
            else:
                self.blocks.append(Heading(1, plain))
            return
        if match := re.match(r"^Heading (\d)$", style or ""):
            self.blocks.append(Heading(int(match.group(1)), plain))
            return
        if style == "Caption":
            self.blocks.append(Para(text, "caption"))
            return
        if style in ("Quote", "Intense Quote"):
            self.blocks.append(Para(text, "quote"))
            return
        item = self._list_item(paragraph, style, text)
        self.blocks.append(item)

    def _list_item(self, paragraph: Paragraph, style: str, text: str) -> Para:
        """A list item from its style, Word's numbering, or numbering typed as text."""
        if match := re.match(r"^List (Bullet|Number)(?: (\d))?$", style):
            level = int(match.group(2) or 1) - 1
            return Para(text, "item", level, match.group(1) == "Number")
        num_ids = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if num_ids:
            levels = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            level = int(levels[0]) if levels else 0
            fmt = self.formats.get((str(num_ids[0]), level), "bullet")
            if fmt != "none":
                return Para(text, "item", level, fmt != "bullet")
        if text[0] in _BULLET_CHARS and len(text) > 2 and text[1] == " ":
            return Para(text[2:].strip(), "item", 0, False)
        if match := _MANUAL_NUMBER.match(text):
            parts = next(g for g in match.groups() if g).split(".")
            return Para(text[match.end() :], "item", len(parts) - 1, True, int(parts[-1]))
        return Para(text)

    def _inline(self, paragraph: Paragraph) -> str:
        """The paragraph's runs as Markdown: bold, links, footnote references."""
        pieces: list[str] = []
        for item in paragraph.iter_inner_content():
            if isinstance(item, Hyperlink):
                label = "".join(run.text for run in item.runs).strip()
                address = item.url
                if label and address.startswith(("http://", "https://", "mailto:")):
                    pieces.append(f"[{_escape(label)}]({address})")
                else:
                    pieces.append(_escape(label))
            else:
                pieces.append(self._run(item))
        return _join_bold("".join(pieces)).strip()

    def _run(self, run: Run) -> str:
        text = _escape(run.text)
        for reference in run._r.findall(qn("w:footnoteReference")):
            text += f"[^{reference.get(qn('w:id'))}]"
        if run.bold and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            tail = text[len(text.rstrip()) :]
            return f"{lead}**{text.strip()}**{tail}"
        return text

    def _pictures(self, paragraph: Paragraph) -> list[Picture]:
        found: list[Picture] = []
        for drawing in paragraph._p.xpath(".//w:drawing"):
            blips = drawing.xpath(".//a:blip/@r:embed")
            described = drawing.xpath(".//wp:docPr/@descr")
            named = drawing.xpath(".//wp:docPr/@name")
            if not blips:
                continue
            part: Any = self.document.part.related_parts.get(str(blips[0]))
            if part is None:
                continue
            name = Path(str(part.partname)).name
            self.pictures[name] = part.blob
            found.append(Picture(name, str(described[0]) if described else (str(named[0]) if named else "")))
        return found

    def _grid(self, table: WordTable) -> Grid:
        rows: list[list[Cell]] = []
        header_rows = 0
        counting = True
        for tr in table._tbl.tr_lst:
            is_header = bool(tr.xpath("./w:trPr/w:tblHeader"))
            if counting and is_header:
                header_rows += 1
            else:
                counting = False
            cells: list[Cell] = []
            for tc in tr.tc_lst:
                merge = tc.vMerge
                texts = [self._inline(Paragraph(p, table)) for p in tc.p_lst]
                cells.append(
                    Cell(
                        " ".join(t for t in texts if t),
                        tc.grid_span,
                        merged_above=merge == "continue",
                        merged_down=merge == "restart",
                    )
                )
            rows.append(cells)
        return Grid(rows, header_rows)


def _escape(text: str) -> str:
    """Characters Markdown would read as formatting, kept as typed."""
    return re.sub(r"([\\`*_<>\[\]])", r"\\\1", text)


def _join_bold(text: str) -> str:
    """`**a** **b**` (one bold phrase split across runs) as `**a b**`."""
    return re.sub(r"\*\*(\s*)\*\*", r"\1", text)


def _numbering_formats(document: Document) -> dict[tuple[str, int], str]:
    """Word's numbering definitions: for each (numId, level), `bullet`, `decimal`, ..."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for definition in numbering.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in definition.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            levels[int(lvl.get(qn("w:ilvl")))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        abstract[str(definition.get(qn("w:abstractNumId")))] = levels
    formats: dict[tuple[str, int], str] = {}
    for num in numbering.findall(qn("w:num")):
        link = num.find(qn("w:abstractNumId"))
        if link is None:
            continue
        for level, fmt in abstract.get(str(link.get(qn("w:val"))), {}).items():
            formats[(str(num.get(qn("w:numId"))), level)] = fmt
    return formats


def _footnotes(document: Document) -> dict[str, str]:
    """The footnotes part's notes by id (python-docx has no API for them yet)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            root = parse_xml(rel.target_part.blob)
            notes: dict[str, str] = {}
            for note in root.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join("".join(t.text or "" for t in note.iter(qn("w:t"))).split())
                if text:
                    notes[str(note.get(qn("w:id")))] = _escape(text)
            return notes
    return {}
