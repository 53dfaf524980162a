"""Each reading rule triggered and not triggered, on a corpus of short texts."""

from __future__ import annotations

import pytest
import textstat

from planpress.checks.readability import (
    TextContext,
    check_page_level,
    check_text,
    page_scores,
    plain_text,
    printed_pages,
    sentences,
)
from planpress.checks.rules import SettingsError, settings_for

EASY = TextContext(
    settings_for("easy-read"),
    names=frozenset({"dorset", "bournemouth", "poole", "jo", "o'connell"}),
    explained=frozenset({"nhs"}),
    word_bank=frozenset({"autism", "commissioning"}),
)
PLAIN = TextContext(settings_for("plain"), explained=frozenset({"cetr"}))


def rules(text: str, context: TextContext = EASY) -> list[str]:
    return [f.rule for f in check_text(text, context)]


# (text, rules it must trigger in the easy read profile; [] = none)
EASY_CASES = [
    ("We will help you live at home.", []),
    (
        "We will help more people with a learning disability to live in their own homes near family.",
        ["sentence-length"],
    ),
    ("We will help you and your family, and your friends, but not today.", ["ideas-per-sentence"]),
    ("We want you to be well and happy.", []),
    ("The CCG pays for your care.", ["acronyms"]),
    ("The NHS pays for your care.", []),
    ("Jo O'Connell works in Dorset and Poole.", []),
    ("The organisation will change its behaviour and colour.", []),
    ("We will do a trajectory.", ["rare-words"]),
    ("We will talk about autism.", []),
    ("There are three teams.", ["numbers"]),
    ("There are 3 teams.", []),
    ("About 70% of people had a check.", ["numbers"]),
    ("The register has 4,860 people on it.", ["numbers"]),
    ("The register has about 5 thousand people on it.", []),
    ("The register has about five thousand people on it.", ["numbers"]),
    ("This plan runs until 2024.", []),
    ("Phone us on 01234 567890.", []),
    ("Your care plan is checked by a nurse.", ["passive-voice"]),
    ("I am worried about my care.", []),
    ("We don't want you to wait.", ["contractions-symbols"]),
    ("Bring things you need, e.g. your glasses.", ["contractions-symbols"]),
    ("You & your family matter.", ["contractions-symbols"]),
    ("Dorset's plan is for you.", []),
    ("We will *always* listen.", ["emphasis"]),
    ("We will <u>always</u> listen.", ["emphasis"]),
    ("WE WILL ALWAYS LISTEN to you.", ["emphasis"]),
    ("We will **always** listen.", []),
]


@pytest.mark.parametrize(("text", "expected"), EASY_CASES)
def test_easy_read_rules(text: str, expected: list[str]) -> None:
    assert sorted(set(rules(text))) == sorted(expected)


def test_plain_profile_is_advisory_and_looser() -> None:
    long = " ".join(["word"] * 20) + "."
    assert rules(long, PLAIN) == []
    findings = check_text(" ".join(["word"] * 26) + ".", PLAIN)
    assert [(f.rule, f.severity) for f in findings] == [("sentence-length", "warning")]
    assert findings[0].message == "split this sentence: 26 words, at most 25"


def test_plain_acronyms_pass_when_in_glossary_or_expanded() -> None:
    assert rules("A CETR happens every year.", PLAIN) == []
    assert rules("A Care and Treatment Review (CTR) happens.", PLAIN) == []
    assert rules("A CTR happens every year.", PLAIN) == ["acronyms"]


def test_message_points_at_the_fix() -> None:
    [finding] = check_text(
        "We will help more people with a learning disability to live in their own homes near family.", EASY
    )
    assert finding.message == "split this sentence: 17 words, at most 15"
    assert finding.severity == "error"


def test_sentences_split_lists_and_full_stops() -> None:
    text = plain_text("We will help. You can ask.\n\n- First item\n- Second **item**\n")
    assert sentences(text) == ["We will help.", "You can ask.", "First item", "Second item"]


def test_page_scores_equal_textstat() -> None:
    text = "We will help you to live at home. You can choose who supports you. We will listen to you."
    scores = page_scores([text])
    assert scores.flesch_kincaid_grade == textstat.flesch_kincaid_grade(text)
    assert scores.flesch_reading_ease == textstat.flesch_reading_ease(text)
    assert scores.words == textstat.lexicon_count(text) == 19


def test_reading_level_gates_the_page() -> None:
    hard = page_scores(
        [
            "Commissioners will operationalise multidisciplinary interventions facilitating community integration."
        ]
    )
    [finding] = check_page_level(hard, settings_for("easy-read"), "this page")
    assert finding.rule == "reading-level" and finding.severity == "error"
    easy = page_scores(["We will help you. You can live at home."])
    assert check_page_level(easy, settings_for("easy-read"), "this page") == []


def test_printed_pages_estimate() -> None:
    assert printed_pages([5, 6], hard_words=9) == 2 + 1 + 2 + 2


def test_settings_overrides_and_mistakes() -> None:
    settings = settings_for("easy-read", {"sentence-length": {"max": 12}, "passive-voice": "off"})
    assert settings.rule("sentence-length").limit("max") == 12
    assert not settings.on("passive-voice")
    with pytest.raises(SettingsError) as caught:
        settings_for(
            "easy-read", {"sentence-lenght": {"max": 12}, "numbers": {"maxx": 2, "severity": "loud"}}
        )
    assert caught.value.problems == [
        "rules: 'sentence-lenght' is not a planpress rule (did you mean 'sentence-length'?)",
        "rules.numbers.severity: 'loud' is not one of 'error', 'warning' or 'off'",
        "rules.numbers: 'maxx' is not a setting of this rule (its settings: severity, max_digits)",
    ]
    with pytest.raises(SettingsError):
        settings_for("easy", None)


def test_a_grade_just_over_the_limit_is_not_shown_as_the_limit() -> None:
    from dataclasses import replace

    scores = replace(page_scores(["We will help you."]), flesch_kincaid_grade=9.04)
    [finding] = check_page_level(scores, settings_for("plain"), "this page")
    assert "Flesch-Kincaid grade 9.1, aim for 9 or below" in finding.message
