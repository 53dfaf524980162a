"""A skeleton easy read version of a plan, for a person to rewrite: `planpress easyread draft`.

The writing stays human. The draft saves the scaffolding: a page per theme, a point per
commitment linked to it with `about:`, the pictures that fit its words best, and the hard
words of the plan that the word bank explains or does not explain yet. Every point's
text is the plan's own title, marked "DRAFT:", and the draft-text rule stops the build on
it until a person has rewritten it in easy words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from planpress.checks.pictures import PictureIndex
from planpress.checks.readability import ACRONYM, WORD, hard_word, plain_text, word_forms, words
from planpress.checks.rules import settings_for
from planpress.checks.run import DRAFT_MARK, plan_names
from planpress.easyread.sources import EasyReadLibrary
from planpress.plan.model import Commitment, Plan

FALLBACK_PICTURE = "plan"
"""The picture of a point no library picture fits: the picture-fit rule asks for a better one."""


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as `text` (JSON strings are YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _comment(text: str, width: int = 88) -> list[str]:
    """`text` as YAML comment lines of at most `width` characters."""
    lines: list[str] = []
    line = ""
    for word in " ".join(text.split()).split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [f"# {line}" for line in [*lines, line] if line]


def _texts(commitment: Commitment) -> list[str]:
    return [
        commitment.title,
        commitment.summary or "",
        *commitment.objectives,
        *commitment.deliverables,
        *(item for group in commitment.deliverable_groups for item in group.items),
    ]


def hard_words_in(
    texts: Iterable[str], library: EasyReadLibrary, names: frozenset[str]
) -> tuple[list[str], list[str]]:
    """The word bank's words said in `texts`, and the hard words there it does not explain."""
    text = " ".join(plain_text(t) for t in texts)
    said = [word_forms(w) for w in words(text)]
    explained: list[str] = []
    for entry in library.words.words:
        for spelling in entry.spellings:
            needs = [word_forms(w) for w in spelling.split()]
            if any(
                all(need & said[start + i] for i, need in enumerate(needs))
                for start in range(len(said) - len(needs) + 1)
            ):
                explained.append(entry.word)
                break
    bank = library.spellings()
    limits = settings_for("easy-read").rule("hard-words").limits
    missing: dict[str, None] = {}
    for match in ACRONYM.finditer(text):
        key = match.group(1).casefold()
        if key not in bank and key not in names:
            missing.setdefault(match.group(1))
    for word in WORD.findall(text):
        key = re.sub(r"['\u2019]s$", "", word.casefold())
        if len(key) < 4 or word.isupper() or key in bank or key in names or word[0].isupper():
            continue
        if hard_word(key, limits):
            missing.setdefault(key)
    return explained, list(missing)


def draft_easyread(
    plan: Plan, library: EasyReadLibrary, schema: str = "../schema/easyread.schema.json"
) -> str:
    """The YAML of a draft easy read version of `plan`, with comments for its writer."""
    index = PictureIndex(library)
    names = plan_names(plan)
    every = [t for c in plan.commitments() for t in _texts(c)]
    explained, missing = hard_words_in(every, library, names)
    out = [
        f"# yaml-language-server: $schema={schema}",
        "#",
        *_comment(
            f"A draft easy read version of '{plan.title}', made by `planpress easyread draft`. "
            f"Each point's text is the plan's own title, marked '{DRAFT_MARK}': the build stops "
            "on it until a person rewrites it in easy words (1 to 3 short sentences). Choose the "
            "points that matter most to people; a plan's easy read is at most 24 printed pages. "
            "When people with a learning disability have checked it, add `checked_by:`."
        ),
        "#",
        *_comment(
            "Hard words of the plan that the word bank explains (put them in bold): "
            + (", ".join(explained) or "none")
        ),
        *_comment(
            "Hard words of the plan the word bank does not explain yet (say them in everyday "
            "words, or add them to easyread/words.yml): " + (", ".join(missing) or "none")
        ),
        "",
        f"plan: {plan.slug}",
        f"title: {_quoted(f'{DRAFT_MARK} {plan.title}, in easy read')}",
        f"written_by: {_quoted(f'{DRAFT_MARK} who wrote this easy read version')}",
        "",
        "pages:",
    ]
    for theme in plan.themes:
        out += [f"  - id: {theme.id}", f"    title: {_quoted(theme.title)}", f"    about: {theme.id}"]
        points = theme.commitments
        if not points:
            out += ["    points:", f"      - text: {_quoted(f'{DRAFT_MARK} {theme.title}')}"]
            out += [f"        picture: {_best(index, theme.title)}"]
            continue
        out.append("    points:")
        for commitment in points:
            texts = _texts(commitment)
            fits = index.suggest(f"{commitment.title} {commitment.summary or ''}", 3)
            picture = fits[0].picture.id if fits else FALLBACK_PICTURE
            said, hard = hard_words_in(texts, library, names)
            if commitment.summary:
                out += [
                    "      " + line for line in _comment(f"The plan says: {plain_text(commitment.summary)}")
                ]
            if said or hard:
                out += [
                    "      " + line
                    for line in _comment(
                        f"Word bank words here: {', '.join(said) or 'none'}. "
                        f"Hard words not in it: {', '.join(hard) or 'none'}."
                    )
                ]
            if len(fits) > 1:
                out += [
                    "      " + line
                    for line in _comment(
                        f"Other pictures that fit: {', '.join(f.picture.id for f in fits[1:])}."
                    )
                ]
            out += [
                f"      - text: {_quoted(f'{DRAFT_MARK} {commitment.title}')}",
                f"        picture: {picture}",
                f"        about: {commitment.id}",
            ]
    return "\n".join(out) + "\n"


def _best(index: PictureIndex, text: str) -> str:
    fits = index.suggest(text, 1)
    return fits[0].picture.id if fits else FALLBACK_PICTURE
