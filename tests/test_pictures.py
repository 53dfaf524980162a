"""Pictures that show the point: the library's meanings against a point's words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planpress.checks.pictures import PictureIndex, ideas_of, picture_findings
from planpress.checks.readability import word_forms
from planpress.checks.rules import settings_for
from planpress.easyread.sources import EasyReadLibrary, load_library

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def library() -> EasyReadLibrary:
    return load_library(ROOT / "easyread", ROOT)


@pytest.fixture(scope="module")
def index(library: EasyReadLibrary) -> PictureIndex:
    return PictureIndex(library)


def findings(index: PictureIndex, library: EasyReadLibrary, text: str, picture: str) -> list[str]:
    found = library.picture(picture)
    assert found is not None
    return [f.message for f in picture_findings(text, found, index, settings_for("easy-read"))]


def test_the_library_has_at_least_200_pictures_each_with_a_meaning(library: EasyReadLibrary) -> None:
    pictures = library.pictures.pictures
    assert len(pictures) >= 200
    assert all(p.tags and p.alt for p in pictures)


def test_word_forms_match_plurals_and_verb_endings() -> None:
    assert word_forms("homes") & word_forms("home")
    assert word_forms("living") & word_forms("live")
    assert word_forms("stopped") & word_forms("stop")
    assert word_forms("studies") & word_forms("study")
    assert not word_forms("cars") & word_forms("care")


@pytest.mark.parametrize(
    ("text", "picture", "said", "better"),
    [
        ("We will give them a **key worker**.", "key", "'key worker'", "named-worker"),
        ("Teams will work together.", "link", "'work together'", "group"),
        ("We want 7 out of 10 people to have a check.", "target", "'out of 10'", "numbers"),
        ("Your health record will show if you have a learning disability.", "flag", "'record'", "folder"),
        ("LeDeR looks at why people with a learning disability died.", "books", "'died'", "search"),
        ("People with a learning disability die too young.", "heart", "'die'", "headstone"),
        ("We tell you about groups near you.", "map", "'near you'", "local-place"),
    ],
)
def test_misleading_pictures_are_found_with_a_better_one(
    index: PictureIndex, library: EasyReadLibrary, text: str, picture: str, said: str, better: str
) -> None:
    [message] = findings(index, library, text, picture)
    assert f"must not stand for {said}, it misleads" in message
    assert f"'{better}'" in message.split("try", 1)[1]


def test_a_picture_that_shares_nothing_with_its_point_gets_suggestions(
    index: PictureIndex, library: EasyReadLibrary
) -> None:
    [message] = findings(index, library, "We need more nurses.", "handshake")
    assert message.startswith(
        "the picture 'handshake' means agree, agreed, agreement, deal: this point says none"
    )
    assert "try 'nurse'" in message


def test_a_picture_that_fits_gets_no_finding_even_beside_a_not_for_word(
    index: PictureIndex, library: EasyReadLibrary
) -> None:
    assert (
        findings(index, library, "Staff will get **training** about learning disability.", "learning") == []
    )
    assert findings(index, library, "We want you to live near your home.", "home") == []


def test_uses_the_tags_do_not_fit_are_ideas_of_their_own(
    index: PictureIndex, library: EasyReadLibrary
) -> None:
    handshake = library.picture("handshake")
    assert handshake is not None
    texts = [
        "We agree what to do.",
        "We made an agreement.",
        "You should get help before your diagnosis.",
        "We will help bosses give jobs to disabled people.",
    ]
    uses = [(t, index.fit(t, handshake)) for t in texts]
    assert ideas_of(uses) == [[0, 1], [2], [3]]


def test_pictures_suggest_prints_ranked_pictures() -> None:
    command = [sys.executable, "-m", "planpress", "pictures", "suggest", "Some children have a key worker."]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == "1. named-worker: An identity card with a photo and a name (means key worker)"
    result = subprocess.run([*command[:-1], "zzz qqq"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "No picture in the library shares a meaning" in result.stderr
