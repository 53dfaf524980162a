"""Whether a point's picture shows what the point says.

Each library picture lists what it means (`tags:`) and what it must not be used for
(`not_for:`). A point's words, read with the same tokeniser as the reading rules, are
compared with those meanings: a picture that shares none of them with its point, or one
the library says must not stand for what the point says (a key for a key worker), is
reported with the library pictures that fit the words best. Matching is on word forms
("homes", "home"; "living", "live"), not on meaning, so an author can always fix a
finding by adding the idea to the picture's `tags:` when the picture does show it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from planpress.checks.findings import Finding, FindingSeverity, excerpt
from planpress.checks.readability import plain_text, word_forms, words
from planpress.checks.rules import CheckSettings
from planpress.easyread.sources import EasyReadLibrary, Picture

STOP_WORDS = frozenset(
    {
     "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
     "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get",
     "gets", "got", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how", "i",
     "if", "in", "into", "is", "it", "its", "let", "lot", "lots", "make", "makes", "many", "may",
     "me", "more", "most", "much", "must", "my", "no", "not", "now", "of", "on", "one", "or",
     "other", "our", "out", "over", "people", "person", "she", "should", "so", "some", "than",
     "that", "the", "their", "them", "then", "there", "these", "they", "thing", "things", "this",
     "those", "to", "too", "up", "us", "very", "was", "we", "well", "were", "what", "when", "where",
     "which", "who", "will", "with", "would", "you", "your", "yours", "help", "helps", "helped",
     "helping", "want", "wants", "need", "needs", "say", "says", "use", "used", "way", "ways",
    }
)  # fmt: skip
"""Words nearly every easy read point uses: they say nothing about which picture fits."""


def meaning_words(text: str) -> list[frozenset[str]]:
    """Every word of a text as its forms (Markdown allowed), tokenised as the reading rules do."""
    return [word_forms(w) for w in words(plain_text(text))]


@dataclass(frozen=True)
class Meaning:
    """One of a picture's meanings (`home`, `work together`) as the word forms it needs."""

    label: str
    needs: tuple[frozenset[str], ...]

    @property
    def counts(self) -> bool:
        """A meaning made only of words every point uses ("more") would fit every point."""
        return any(not need & STOP_WORDS for need in self.needs)

    def said_in(self, forms: frozenset[str]) -> bool:
        return self.counts and all(need & forms for need in self.needs)


def _meanings(labels: Iterable[str]) -> tuple[Meaning, ...]:
    return tuple(Meaning(label, tuple(meaning_words(label))) for label in labels)


@dataclass(frozen=True)
class Fit:
    """How a picture fits a text: the meanings both share, the `not_for` ideas the text says."""

    picture: Picture
    shared: tuple[str, ...]
    misused_for: tuple[str, ...]
    score: float


class PictureIndex:
    """The library's pictures with their meanings, ready to compare with points."""

    def __init__(self, library: EasyReadLibrary) -> None:
        self.pictures = list(library.pictures.pictures)
        self._tags = {p.id: _meanings(p.tags) for p in self.pictures}
        self._not_for = {p.id: _meanings(p.not_for) for p in self.pictures}
        having: dict[str, int] = {}
        for meanings in self._tags.values():
            for form in {min(need) for m in meanings for need in m.needs if not need & STOP_WORDS}:
                having[form] = having.get(form, 0) + 1
        total = max(len(self.pictures), 1)
        # A meaning few pictures share says more about which picture fits than a common one.
        self._weight = {form: math.log(1 + total / n) for form, n in having.items()}

    def fit(self, text: str, picture: Picture) -> Fit:
        """What `picture` shares with `text`. Words of a `not_for:` idea the text says do not
        count ("key" in "key worker"); if nothing else is shared, the picture misleads."""
        said = meaning_words(text)
        every = frozenset().union(*said)
        misused = [m for m in self._not_for.get(picture.id, ()) if m.said_in(every)]
        taken = frozenset().union(*(need for m in misused for need in m.needs))
        rest = frozenset().union(*(forms for forms in said if not forms & taken))
        meanings = [m for m in self._tags.get(picture.id, ()) if m.said_in(rest)]
        counted = {min(need) for m in meanings for need in m.needs if not need & STOP_WORDS}
        return Fit(
            picture,
            tuple(m.label for m in meanings),
            () if meanings else tuple(m.label for m in misused),
            sum(self._weight.get(f, 0.0) for f in counted),
        )

    def suggest(self, text: str, count: int = 3, leave_out: str | None = None) -> list[Fit]:
        """The pictures that fit `text` best, best first; none the library says not to use."""
        fits = [self.fit(text, p) for p in self.pictures if p.id != leave_out]
        good = [f for f in fits if f.shared and not f.misused_for]
        return sorted(good, key=lambda f: -f.score)[:count]


def _try(fits: list[Fit]) -> str:
    if not fits:
        return (
            "no library picture shares its words: choose one by meaning on the easy read site's Pictures page"
        )
    names = [f"'{f.picture.id}'" for f in fits]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"try {listed}"


def picture_findings(
    text: str, picture: Picture, index: PictureIndex, settings: CheckSettings
) -> Iterator[Finding]:
    """The picture-fit rule on one point: misleading or meaningless pictures, with better ones."""
    if not settings.on("picture-fit"):
        return
    severity: FindingSeverity = "warning" if settings.rule("picture-fit").severity == "warning" else "error"
    fit = index.fit(text, picture)
    if fit.misused_for:
        yield Finding(
            "picture-fit",
            severity,
            f"the picture '{picture.id}' ({picture.alt.lower()}) must not stand for "
            f"'{fit.misused_for[0]}', it misleads: {_try(index.suggest(text, leave_out=picture.id))}",
            excerpt(text),
            subject=picture.id,
        )
    elif not fit.shared:
        yield Finding(
            "picture-fit",
            severity,
            f"the picture '{picture.id}' means {', '.join(picture.tags[:4])}: this point says none of "
            f"that; {_try(index.suggest(text, leave_out=picture.id))} (or add what the picture "
            "shows here to its `tags:` in easyread/pictures.yml)",
            excerpt(text),
            subject=picture.id,
        )


def ideas_of(uses: list[tuple[str, Fit]]) -> list[list[int]]:
    """The uses of one picture (text, fit) grouped by idea, by index.

    The picture's `tags:` are one meaning: every use they fit is one idea. A use they do
    not fit stands for another idea, the same as another such use only if both say the
    same word, so a picture used for three things it does not show is three ideas.
    """
    fitting = [i for i, (_, fit) in enumerate(uses) if fit.shared]
    groups: list[tuple[set[str], list[int]]] = []
    for i, (text, fit) in enumerate(uses):
        if fit.shared:
            continue
        said = {min(f) for f in meaning_words(text) if not f & STOP_WORDS}
        joined = [g for g in groups if g[0] & said]
        merged: tuple[set[str], list[int]] = (said, [i])
        for group in joined:
            merged[0].update(group[0])
            merged[1].extend(group[1])
            groups.remove(group)
        groups.append(merged)
    return ([fitting] if fitting else []) + sorted(sorted(g[1]) for g in groups)
