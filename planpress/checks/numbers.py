"""Numbers in an easy read point must be the plan's: the numbers-match rule.

A point that says what a part of the plan says (`about:`) may only use that part's
numbers: those in its text, and the targets and figures of the measures that track it.
Easy read writes numbers its own way, so "7 out of 10" matches 70 (%), "about 5 thousand"
matches 4,860, and years match any year the plan names. "1" is left alone: easy read says
"1 team" or "1 phone number" where a plan does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planpress.checks.findings import Finding, FindingSeverity, excerpt
from planpress.checks.readability import PHONE, plain_text
from planpress.checks.rules import CheckSettings
from planpress.plan.model import Measure, Plan

NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")
OUT_OF = re.compile(r"\b(\d+) out of (\d+)\b")
SCALED = re.compile(r"\b(\d+(?:\.\d+)?) (thousand|million)\b", re.IGNORECASE)
FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d\d)/(\d\d)\b")
SCALES = {"thousand": 1_000, "million": 1_000_000}
WORD_VALUES = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORD = re.compile(rf"\b({'|'.join(WORD_VALUES)})\b", re.IGNORECASE)
ROUGHLY = 0.1
"""How far "about 5 thousand" may be from the plan's figure, as a share of it."""


@dataclass(frozen=True)
class Said:
    """A number as a point says it, and the values of the plan's that it may stand for."""

    text: str
    value: float
    tolerance: float = 0.0
    year: bool = False

    def matches(self, known: set[float]) -> bool:
        return any(abs(self.value - k) <= self.tolerance for k in known)


def numbers_said(text: str) -> list[Said]:
    """The numbers a point says, with "7 out of 10" as 70 and "5 thousand" as 5,000."""
    text = NUMBER_WORD.sub(lambda m: str(WORD_VALUES[m.group(1).lower()]), PHONE.sub(" ", plain_text(text)))
    said: list[Said] = []
    taken: list[tuple[int, int]] = []
    for match in OUT_OF.finditer(text):
        part, whole = int(match.group(1)), int(match.group(2))
        if whole:
            # "nearly 2 out of 10" is any share that rounds to 2 tenths.
            said.append(Said(match.group(0), 100 * part / whole, 50 / whole))
            taken.append(match.span())
    for match in SCALED.finditer(text):
        value = float(match.group(1)) * SCALES[match.group(2).lower()]
        said.append(Said(match.group(0), value, value * ROUGHLY))
        taken.append(match.span())
    for match in NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        value = float(match.group(1).replace(",", "") + (f".{match.group(2)}" if match.group(2) else ""))
        if value == 1:
            continue
        said.append(Said(match.group(0), value, year=1900 <= value <= 2100 and match.group(2) is None))
    return said


def numbers_in(text: str) -> set[float]:
    """Every number a plan text states ("seventy" too), and the years of its financial years
    (2023/24: 2024)."""
    text = NUMBER_WORD.sub(lambda m: str(WORD_VALUES[m.group(1).lower()]), text)
    found = {
        float(m.group(1).replace(",", "") + (f".{m.group(2)}" if m.group(2) else ""))
        for m in NUMBER.finditer(text)
    }
    found |= {float(m.group(1)[:2] + m.group(2)) for m in FINANCIAL_YEAR.finditer(text)}
    return found


def known_numbers(plan: Plan, about: str, texts: list[str]) -> set[float]:
    """The numbers of the part of the plan `about` names: its `texts`, and its measures."""
    known: set[float] = set()
    for text in texts:
        known |= numbers_in(text)
    commitments = {about}
    theme = next((t for t in plan.themes if t.id == about), None)
    if theme is not None:
        commitments |= {c.id for c in theme.commitments}
    for measure in plan.measures:
        if commitments & set(measure.commitments) or measure.id == about:
            known |= measure_numbers(measure)
    return known


def measure_numbers(measure: Measure) -> set[float]:
    """Every figure of a measure: targets and their ranges, projections, actual values,
    values per area, benchmarks, the population of a rate, and numbers in its words."""
    known: set[float] = set()
    for point in measure.points:
        ranges = (point.target_range.low, point.target_range.high) if point.target_range else ()
        figures = (point.target, point.actual, point.projection, *ranges, *point.areas.values())
        known |= {v for v in figures if v is not None}
        known |= numbers_in(f"{point.period} {point.note or ''}")
    known |= {b.value for b in measure.benchmarks}
    known |= {float(measure.per)} if measure.per else set()
    known |= numbers_in(f"{measure.title} {measure.description or ''} {measure.no_figures or ''}")
    return known


def number_findings(
    text: str, known: set[float], years: set[float], about: str, settings: CheckSettings
) -> Iterator[Finding]:
    """A finding for each number of a point that is not one of the plan's."""
    if not settings.on("numbers-match"):
        return
    severity: FindingSeverity = "warning" if settings.rule("numbers-match").severity == "warning" else "error"
    for said in numbers_said(text):
        if said.matches(years if said.year else known):
            continue
        yield Finding(
            "numbers-match",
            severity,
            f"'{said.text}' is not a number of what this point is about ('{about}'): "
            "check it against the plan, or point `about:` at the part that says it",
            excerpt(text),
            subject=said.text,
        )
