"""The rules planpress checks, their defaults per profile, and the settings that tune them.

The defaults and sources are those of `EASY-READ.md`. Two profiles: `easy-read` (the easy
read site, strict: errors stop the build) and `plain` (the standard site, advisory:
warnings and a report). Every threshold can be changed in `mkdocs.yml` under
`extra.planpress.rules`; a rule id or setting that does not exist there is an error,
because a misspelt setting would otherwise leave the default silently in force.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "off"]
Profile = Literal["easy-read", "plain"]
PROFILES: tuple[Profile, ...] = ("easy-read", "plain")


@dataclass(frozen=True)
class RuleDefault:
    """How a rule behaves in one profile unless a project says otherwise."""

    severity: Severity
    limits: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One check: what it looks for, where the rule comes from, its defaults per profile."""

    id: str
    summary: str
    source: str
    defaults: dict[Profile, RuleDefault]


def _both(severity: Severity, **limits: float) -> dict[Profile, RuleDefault]:
    return {p: RuleDefault(severity, dict(limits)) for p in PROFILES}


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule(
            "sentence-length",
            "Words in a sentence.",
            "DH 2010; GOV.UK accessible formats; readabilityguidelines.co.uk",
            {
                "easy-read": RuleDefault("error", {"max": 15}),
                "plain": RuleDefault("warning", {"max": 25}),
            },
        ),
        Rule(
            "ideas-per-sentence",
            "One idea per sentence: joining words (and, but, because, which, so) and commas.",
            "GOV.UK accessible formats; W3C COGA",
            {
                "easy-read": RuleDefault("warning", {"max_joining_words": 1, "max_commas": 1}),
                "plain": RuleDefault("off", {"max_joining_words": 3, "max_commas": 3}),
            },
        ),
        Rule(
            "sentences-per-point",
            "Sentences in an easy read point.",
            "Photosymbols",
            {
                "easy-read": RuleDefault("error", {"max": 3, "warn_at": 3}),
                "plain": RuleDefault("off", {"max": 3, "warn_at": 3}),
            },
        ),
        Rule(
            "acronyms",
            "Acronyms and initials must be explained: in the word bank (easy read) or the glossary.",
            "Inclusion Europe; GOV.UK A to Z; WCAG 2.2 SC 3.1.4",
            {"easy-read": RuleDefault("error"), "plain": RuleDefault("warning")},
        ),
        Rule(
            "rare-words",
            "Words people rarely meet in everyday English, not explained in the word bank.",
            "W3C COGA (use common words); wordfreq",
            {
                "easy-read": RuleDefault("warning", {"min_zipf": 3.8}),
                "plain": RuleDefault("off", {"min_zipf": 3.0}),
            },
        ),
        Rule(
            "plain-words",
            "Plan words that have an everyday word ('receive': 'get', 'ensure': 'make sure').",
            "Plain English Campaign, A to Z of alternative words; GOV.UK words to avoid",
            {"easy-read": RuleDefault("error"), "plain": RuleDefault("off")},
        ),
        Rule(
            "hard-words",
            "Hard words in a sentence that the word bank does not explain: rare words, long "
            "words (`syllables` or more, rarer than `long_zipf`) and abstract nouns "
            "(-tion, -ment, -ity... rarer than `abstract_zipf`). More than `max` stops a sentence.",
            "Mencap, Am I making myself clear?; W3C COGA (use common words); Inclusion Europe",
            {
                "easy-read": RuleDefault(
                    "error",
                    {"max": 1, "syllables": 4, "long_zipf": 5.3, "abstract_zipf": 5.0, "min_zipf": 3.8},
                ),
                "plain": RuleDefault(
                    "off", {"max": 1, "syllables": 4, "long_zipf": 5.3, "abstract_zipf": 5.0, "min_zipf": 3.8}
                ),
            },
        ),
        Rule(
            "numbers",
            "Numbers as digits; big numbers and percentages need an everyday explanation.",
            "GOV.UK; CAN-ASC 3.1",
            {
                "easy-read": RuleDefault("error", {"max_digits": 3}),
                "plain": RuleDefault("off", {"max_digits": 3}),
            },
        ),
        Rule(
            "passive-voice",
            "Say who does what: active sentences.",
            "GOV.UK accessible formats; write-good",
            {"easy-read": RuleDefault("error"), "plain": RuleDefault("off")},
        ),
        Rule(
            "contractions-symbols",
            "No contractions, 'e.g.', 'etc.', or symbols such as & / ~.",
            "Norfolk easy read guide",
            {"easy-read": RuleDefault("warning"), "plain": RuleDefault("off")},
        ),
        Rule(
            "emphasis",
            "No italics, underlining or block capitals.",
            "DH 2010; Dudley easy read guide; GOV.UK style",
            {"easy-read": RuleDefault("error"), "plain": RuleDefault("warning")},
        ),
        Rule(
            "reading-level",
            "Flesch-Kincaid grade of a page (textstat): an error above `max`, a warning above `warn_above`.",
            "Norfolk (Hemingway grade 4-6); GOV.UK reading age 9; WCAG 2.2 SC 3.1.5",
            {
                "easy-read": RuleDefault("error", {"max": 6, "warn_above": 4}),
                "plain": RuleDefault("warning", {"max": 99, "warn_above": 9}),
            },
        ),
        Rule(
            "document-length",
            "Printed pages of an easy read version (estimated: 5 points to an A4 page).",
            "GOV.UK accessible formats; DH 2010",
            {
                "easy-read": RuleDefault("error", {"max": 24, "warn_at": 20}),
                "plain": RuleDefault("off", {"max": 24, "warn_at": 20}),
            },
        ),
        Rule(
            "draft-text",
            "A point still marked 'DRAFT:' (as `planpress easyread draft` writes them) is not written yet.",
            "Easy read practice: written by people, checked by people",
            {"easy-read": RuleDefault("error"), "plain": RuleDefault("off")},
        ),
        Rule(
            "picture-per-point",
            "A picture beside every easy read point.",
            "DH 2010; Photosymbols; Dudley",
            {"easy-read": RuleDefault("error"), "plain": RuleDefault("off")},
        ),
        Rule(
            "numbers-match",
            "A number in an easy read point is one of the plan's: in what the point is `about:`, "
            "or a target or figure of a measure that tracks it ('7 out of 10' matches 70).",
            "Never invent facts: easy read says what the plan says",
            {"easy-read": RuleDefault("warning"), "plain": RuleDefault("off")},
        ),
        Rule(
            "picture-fit",
            "A point's picture shows what the point says: its words share a meaning with the "
            "picture's `tags:`, and say none of its `not_for:`.",
            "DH 2010 (pictures that help people understand); Photosymbols",
            {"easy-read": RuleDefault("warning"), "plain": RuleDefault("off")},
        ),
        Rule(
            "picture-reuse",
            "One picture for one idea: a picture standing for more than `max_ideas` different "
            "ideas in one easy read version stops meaning any of them. What its `tags:` fit is "
            "one idea; each thing it is used for that they do not fit is another.",
            "Photosymbols; CHANGE (use the same picture for the same thing)",
            {
                "easy-read": RuleDefault("warning", {"max_ideas": 1}),
                "plain": RuleDefault("off", {"max_ideas": 1}),
            },
        ),
        Rule(
            "checking-record",
            "An easy read version says who with a learning disability checked it.",
            "Easy read practice",
            {"easy-read": RuleDefault("warning"), "plain": RuleDefault("off")},
        ),
        Rule(
            "alt-missing",
            "Every image has an alt attribute.",
            "WCAG 1.1.1; axe image-alt; HTML_CodeSniffer H37",
            _both("error"),
        ),
        Rule("alt-whitespace", "Alt text that is only spaces.", "axe alt-space-value", _both("error")),
        Rule(
            "alt-empty",
            'Empty alt (alt="") only on images marked decorative.',
            "GOV.UK; HTML_CodeSniffer H67.2",
            _both("error"),
        ),
        Rule(
            "alt-filename",
            "Alt text that is a file name.",
            "WAVE alt_suspicious; axe issue 3685",
            _both("error"),
        ),
        Rule(
            "alt-redundant-words",
            "Alt text that starts 'image of', 'picture of'... or ends 'image'/'graphic'.",
            "WAVE; GOV.UK",
            _both("error"),
        ),
        Rule(
            "alt-placeholder",
            "Alt text that is only a placeholder word such as 'image' or 'logo'.",
            "WAVE",
            _both("error"),
        ),
        Rule(
            "alt-length",
            "Alt text longer than `max` characters: long descriptions belong in the text.",
            "GOV.WALES; AChecker",
            _both("warning", max=125),
        ),
        Rule(
            "alt-repeats-text",
            "Alt text that repeats the text beside it.",
            "axe image-redundant-alt",
            _both("error"),
        ),
        Rule(
            "stated-total",
            "A total the plan states is the sum of its parts (tables and finance). Checked when "
            "the plan is read; accept it only to keep a total as it was published.",
            "planpress: numbers keep their exact values",
            _both("error"),
        ),
        Rule(
            "outside-period",
            "A dated timeline entry falls outside the plan's period.",
            "planpress",
            _both("warning"),
        ),
        Rule(
            "chart-text",
            'A chart (inline SVG) has role="img", a <title>, a <desc> and a data table after it.',
            "WCAG 1.1.1",
            _both("error"),
        ),
    ]
}


DATA_RULES = frozenset({"stated-total"})
"""Rules the loader applies to a plan's data: no site setting changes them."""


def suggest_rule(rule_id: str) -> str:
    close = difflib.get_close_matches(rule_id, list(RULES), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True)
class RuleSetting:
    """A rule as it runs in one build: its severity and limits."""

    severity: Severity
    limits: dict[str, float]

    def limit(self, name: str) -> float:
        return self.limits[name]


class SettingsError(ValueError):
    """`extra.planpress` in mkdocs.yml names a rule or setting that does not exist."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CheckSettings:
    """The profile of a site and every rule's setting in it."""

    profile: Profile
    rules: dict[str, RuleSetting]

    def rule(self, rule_id: str) -> RuleSetting:
        return self.rules[rule_id]

    def on(self, rule_id: str) -> bool:
        return self.rules[rule_id].severity != "off"


def settings_for(profile: str, overrides: Any = None) -> CheckSettings:
    """The defaults of `profile` with a project's overrides; `SettingsError` lists every mistake.

    `overrides` is the `rules:` mapping of mkdocs.yml: `{rule-id: {severity: ..., max: ...}}`.
    """
    problems: list[str] = []
    if profile not in PROFILES:
        raise SettingsError([f"profile: '{profile}' is not a profile: use 'easy-read' or 'plain'"])
    chosen: Profile = "easy-read" if profile == "easy-read" else "plain"
    rules = {
        rid: RuleSetting(r.defaults[chosen].severity, dict(r.defaults[chosen].limits))
        for rid, r in RULES.items()
    }
    if overrides is None:
        overrides = {}
    if not isinstance(overrides, dict):
        raise SettingsError(["rules: expected a mapping of rule ids to settings"])
    for rule_id, given in overrides.items():
        if rule_id not in RULES:
            problems.append(f"rules: '{rule_id}' is not a planpress rule{suggest_rule(str(rule_id))}")
            continue
        if rule_id in DATA_RULES:
            problems.append(
                f"rules.{rule_id}: this checks a plan's figures and cannot be switched off: accept a "
                "finding where it arises, with `accept:` and a `reason`"
            )
            continue
        if isinstance(given, str):
            given = {"severity": given}
        if not isinstance(given, dict):
            problems.append(f"rules.{rule_id}: expected `severity: error|warning|off` and limits")
            continue
        current = rules[rule_id]
        severity = given.get("severity", current.severity)
        if severity not in ("error", "warning", "off"):
            problems.append(
                f"rules.{rule_id}.severity: '{severity}' is not one of 'error', 'warning' or 'off'"
            )
            severity = current.severity
        limits = dict(current.limits)
        for key, value in given.items():
            if key == "severity":
                continue
            if key not in limits:
                allowed = ", ".join(["severity", *limits])
                problems.append(
                    f"rules.{rule_id}: '{key}' is not a setting of this rule (its settings: {allowed})"
                )
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                problems.append(f"rules.{rule_id}.{key}: {value!r} is not a number of 0 or more")
            else:
                limits[key] = float(value)
        rules[rule_id] = RuleSetting(severity, limits)
    if problems:
        raise SettingsError(problems)
    return CheckSettings(chosen, rules)
