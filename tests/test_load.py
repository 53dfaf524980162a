"""The loader: every bad input gives its exact message at its exact line, never a traceback."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planpress.cli import cli
from planpress.plan.load import load_plan
from planpress.plan.source import MAX_FILE_BYTES, parse_yaml

from .sitebuild import problems_of

HERE = Path(__file__).parent
BAD = HERE / "bad"
MINIMAL = HERE / "good" / "minimal.yml"

# Each bad file, and every problem it must produce: "line:column: path: message".
EXPECTED: dict[str, list[str]] = {
    "accept-unknown-rule.yml": [
        "48:18: themes[0].commitments[0].accept[0]: 'sentence-lenght' is not a planpress rule (did you mean 'sentence-length'?)",
    ],
    "accept-without-reason.yml": [
        "35:9: themes[0].commitments[0]: `accept:` needs a `reason:` saying why the finding is accepted",
    ],
    "approved-without-approval.yml": [
        "14:9: status: a plan with status 'approved' needs an `approval` (body, date, minute)",
    ],
    "bad-email.yml": [
        "23:10: lead_contact.email: 'sam.jones at example.org' is not an email address",
    ],
    "bad-id.yml": [
        "35:13: themes[0].commitments[0].id: 'Health Checks' is not a valid id: use lower-case letters, digits and hyphens, for example 'health-checks'",
    ],
    "bad-status.yml": [
        "45:17: themes[0].commitments[0].status: 'ontrack' is not one of 'not-started', 'on-track', 'at-risk', 'off-track' or 'complete' (did you mean 'on-track'?)",
    ],
    "bad-url.yml": [
        "27:10: related_documents[0].url: 'www.example.org/strategy' is not a web address: it must start with https:// or http://",
    ],
    "bad-year.yml": [
        "37:15: themes[0].commitments[0].year: '2021-22' is not a plan year: write it like '2021/22'",
    ],
    "billion-laughs.yml": [
        "1:50: the file's aliases '*' repeat its text into more than 100,684 characters, far more than the file holds: write the values out instead of repeating long ones with aliases",
    ],
    "binary.yml": [
        "1:1: this is not a text file (it holds binary data): a plan is a YAML text file",
    ],
    "board-papers.yml": [
        "20:3: board_papers.recommendations: 'recommendations' is required but missing: add a line `recommendations: ...`",
        "24:3: board_papers.decision_sought: unknown field 'decision_sought' (did you mean 'decisions_sought'?): it would be ignored, so it is an error",
    ],
    "bool-as-text.yml": [
        "9:7: area: expected text, found true/false (put it in quotes if it is text)",
    ],
    "colon-in-value.yml": [
        "24:16: YAML syntax error: a value holds ': ' (a colon and a space), which starts a new field: put the whole value in quotes",
    ],
    "control-character.yml": [
        "4:8: title: the text holds the character U+001B, which is not text (a control character): delete it; it often comes in with text copied from another program",
    ],
    "file-outside.yml": [
        "27:11: related_documents[0].file: '../../../../../../etc/passwd' leads outside bad/ (through '..' or a link): only files inside bad/ are published, so copy the file into bad/",
        "29:11: related_documents[1].file: '/proc/self/environ' is an absolute path: only files inside bad/ are published, so copy the file into bad/ and name it from there",
        "31:11: related_documents[2].file: 'C:\\\\Windows\\\\win.ini' is an absolute path: only files inside bad/ are published, so copy the file into bad/ and name it from there",
    ],
    "long-id.yml": [
        "35:9: themes[0].id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 300 characters long: an id is part of web addresses and file names, so keep it to 60 or fewer",
    ],
    "raw-control-character.yml": [
        "24:29: the character U+0007 is not text (a control character): delete it; it often comes in with text copied from another program",
    ],
    "custom-tag.yml": [
        "9:7: area: the tag '!include' is not allowed: plans hold plain text, numbers, dates, lists and mappings only (remove the '!' part)",
    ],
    "date-format.yml": [
        "19:12: published: expected a date written YYYY-MM-DD (for example 2021-03-31), found '01/04/2021'",
    ],
    "deep-nesting.yml": [
        "1:67: the file is nested more than 60 levels deep (or an alias '*' refers to itself): plans need no more than about ten levels",
    ],
    "duplicate-id.yml": [
        "35:13: themes[0].commitments[0].id: the id 'health-checks' is already used by themes[0] (line 32): ids must be unique in a plan",
    ],
    "duplicate-key.yml": [
        "10:1: area: duplicate key 'area': it is already given on line 9. YAML would keep only the last one: remove or merge one of them",
    ],
    "empty.yml": [
        "1:1: the file is empty: it needs the plan's fields",
    ],
    "impossible-date.yml": [
        "19:12: published: '2021-02-30' is not a real date: check the day and month (dates are written YYYY-MM-DD)",
    ],
    "latin-1.yml": [
        "2:11: the file is not UTF-8 text (byte 0xe9): save it as UTF-8 (in most editors: Save As, Encoding, UTF-8)",
    ],
    "list-items-not-fields.yml": [
        "28:5: principles[1]: expected a set of fields (indented `name: value` lines), found 'Equal pay'",
    ],
    "many-problems.yml": [
        "3:1: title: 'title' is required but missing: add a line `title: ...`",
        "4:1: colour: unknown field 'colour' (the fields here are: slug, title, short_title, partnership, area, period, version, status, approval, approvals, superseded_by, change_summary, board_papers, published, last_reviewed, review_by, lead_contact, roles, groups, summary, related_documents, sections, section_pages, principles, outcomes, themes, measures, risks, risks_as_at, rating_scale, tables, finance, glossary, accept, reason): it would be ignored, so it is an error",
        "9:7: area: expected text, found a list",
        "17:9: approval.date: expected a date written YYYY-MM-DD (for example 2021-03-31), found 'next week'",
        "45:17: themes[0].commitments[0].status: 'done' is not one of 'not-started', 'on-track', 'at-risk', 'off-track' or 'complete'",
    ],
    "merge-key.yml": [
        "23:3: lead_contact: merge keys '<<' are not supported: write the fields out in full",
    ],
    "missing-commitment.yml": [
        "48:20: themes[0].commitments[0].see_also[0]: no commitment has the id 'health-check' (did you mean 'health-checks'?)",
    ],
    "missing-field.yml": [
        "3:1: title: 'title' is required but missing: add a line `title: ...`",
    ],
    "missing-file.yml": [
        "27:11: related_documents[0].file: the file 'files/strategy.pdf' does not exist next to this plan",
    ],
    "missing-outcome.yml": [
        "47:20: themes[0].commitments[0].outcomes[0]: outcome 2 does not exist: the plan's outcomes are only 1",
    ],
    "missing-principle.yml": [
        "46:25: themes[0].commitments[0].principles[1]: principle 13 does not exist: the plan's principles are only 1",
    ],
    "only-comments.yml": [
        "1:1: the file is empty: it needs the plan's fields",
    ],
    "period-backwards.yml": [
        "12:8: period.end: the plan ends (2021) before it starts (2023): `end` is the year the last financial year ends",
    ],
    "person-empty.yml": [
        "54:5: roles[1]: give a `name`, `role` or `organisation` (or `to_be_confirmed: true`)",
        "60:9: groups[0].members[1]: give a `name`, `role` or `organisation` (or `to_be_confirmed: true`)",
    ],
    "python-tag.yml": [
        "9:7: area: the tag '!!python/object/apply:os.system' is not allowed: plans hold plain text, numbers, dates, lists and mappings only (remove the '!' part)",
    ],
    "rating-outside-scale.yml": [
        "55:20: risks[0].rating_before: 'yellow' is not in the plan's `rating_scale` (red, amber, green)",
    ],
    "recursive-alias.yml": [
        "1:7: the file is nested more than 60 levels deep (or an alias '*' refers to itself): plans need no more than about ten levels",
    ],
    "syntax-error.yml": [
        "13:11: YAML syntax error: this line does not fit with the lines above it: check its indentation and that every opening quote above it is closed",
    ],
    "tab-indent.yml": [
        "6:1: YAML syntax error: a tab character: indent with spaces, not tabs",
    ],
    "top-level-list.yml": [
        "1:1: the file holds a list, but a plan is a set of fields (`slug: ...`, `title: ...`) starting at the left margin",
    ],
    "top-level-text.yml": [
        "1:1: the file holds 'This is a plan about health.', but a plan is a set of fields (`slug: ...`, `title: ...`) starting at the left margin",
    ],
    "two-documents.yml": [
        "49:1: the file holds more than one YAML document (a second '---'): put one plan in each file",
    ],
    "unknown-key.yml": [
        "3:1: title: 'title' is required but missing: add a line `title: ...`",
        "4:1: titel: unknown field 'titel' (did you mean 'title'?): it would be ignored, so it is an error",
    ],
    "unknown-nested-key.yml": [
        "45:9: themes[0].commitments[0].staus: unknown field 'staus' (did you mean 'status'?): it would be ignored, so it is an error",
    ],
    "wrong-type.yml": [
        "5:3: title: expected text, found a list",
    ],
    "table-total-wrong.yml": [
        "59:26: tables[0].rows[2][2]: the stated total 1,100 is not the sum of the rows above in the column '2017', which is 1,000: correct it, or, to keep the total as published, add `accept: [stated-total]` and a `reason` to the table",
    ],
    "table-row-total-wrong.yml": [
        "57:29: tables[0].rows[0][3]: the stated total 258 is not the sum of the figures in row 1, which is 250: correct it, or, to keep the total as published, add `accept: [stated-total]` and a `reason` to the table",
    ],
    "table-row-header-typo.yml": [
        "56:17: tables[0].row_header: 'Items' is not a heading of this table (did you mean 'Item'?)",
    ],
    "table-structure.yml": [
        "58:7: tables[0].header_groups: the header groups span 3 columns but the header has 2: give every column one group (`span: 1` with no `title` where it needs none)",
        "62:10: tables[0].rows[1][0]: this row has no name in the column 'Item' (its row header): name the row",
        "62:14: tables[0].rows[1][1]: 'lots' is not an amount of money (like £412,000), as the column 'Cost' is declared in `column_types`: correct the cell, or the column's type",
        "63:5: tables[1]: a table needs `rows`; when it has none, say why in `empty:` (it is shown instead of the table)",
    ],
    "finance-total-wrong.yml": [
        "54:12: finance[0].total: the stated total £1,300,000 is not the sum of the items, which is £1,240,000: correct it, or, to keep the total as published, add `accept: [stated-total]` and a `reason`",
        "59:20: finance[0].items[0].amounts.2023/24: '2023/24' is not a year of this plan (its years are 2021/22, 2022/23) (did you mean '2022/23'?)",
        "60:23: finance[0].items[0].commitments[0]: no commitment has the id 'health-check' (did you mean 'health-checks'?)",
        "63:9: finance[0].items[2]: a finance item needs an `amount` or `amounts` per year",
    ],
    "finance-bad-amount.yml": [
        "56:17: finance[0].items[0].amount: 'a lot' is not an amount of money: write it like £412,000, £1.3m or £12.50",
    ],
    "year-outside-period.yml": [
        "37:15: themes[0].commitments[0].year: '2023/24' is not a year of this plan (its years are 2021/22, 2022/23) (did you mean '2022/23'?)",
    ],
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_exact_messages(name: str) -> None:
    assert problems_of(BAD / name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_reports_file_line_column_and_fails(name: str) -> None:
    result = CliRunner().invoke(cli, ["check", str(BAD / name)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stdout.splitlines()
    assert lines == [f"{BAD / name}:{message}" for message in EXPECTED[name]]


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yml"
    line = "# " + "x" * 98 + "\n"
    big.write_text(MINIMAL.read_text() + line * (5 * 1024 * 1024 // len(line)))
    assert big.stat().st_size > MAX_FILE_BYTES
    assert problems_of(big) == [
        "1:1: the file is too large (5.0 MB; the limit is 2 MB): split it, or check it is the right file"
    ]


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.yml")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_folder_with_no_plans(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "no plan files" in result.output


VERSION_LINE = next(
    i for i, line in enumerate(MINIMAL.read_text().splitlines(), 1) if line.startswith("version:")
)


def test_same_slug_and_version_in_two_files(tmp_path: Path) -> None:
    for name in ("one.yml", "two.yml"):
        (tmp_path / name).write_text(MINIMAL.read_text())
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'two.yml'}:{VERSION_LINE}:10: version: plan 'minimal-plan' version '2021-03' is also in "
        f"{tmp_path / 'one.yml'}: give each version of a plan its own `version:`" in result.output
    )


def test_all_problems_of_several_files_in_one_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(BAD / "bad-status.yml"), str(BAD / "bad-id.yml")])
    assert result.exit_code == 1
    assert "Checked 2 plans: 2 files with problems, 2 problems in all." in result.output


def test_minimal_plan_loads_with_locations() -> None:
    loaded = load_plan(MINIMAL)
    plan = loaded.plan
    assert plan.slug == "minimal-plan"
    assert plan.version == "2021-03"
    assert plan.approval is not None and plan.approval.date == dt.date(2021, 3, 25)
    commitment = plan.themes[0].commitments[0]
    assert commitment.location is not None
    assert (commitment.location.line, commitment.location.column) == (35, 9)
    assert commitment.path == ("themes", 0, "commitments", 0)
    assert loaded.source.value(("themes", 0, "commitments", 0, "objectives", 0)).line == 39
    assert commitment.timeline[0].when == "Ongoing"


def test_numbers_used_as_text_keep_what_was_typed(tmp_path: Path) -> None:
    text = (
        MINIMAL.read_text()
        .replace('version: "2021-03"', "version: 1.10")
        .replace("minute: HWB 12/21", "minute: 045")
    )
    (tmp_path / "plan.yml").write_text(text)
    plan = load_plan(tmp_path / "plan.yml").plan
    assert plan.version == "1.10"
    assert plan.approval is not None and plan.approval.minute == "045"


def test_yaml_1_2_keeps_norway_and_yes_as_text(tmp_path: Path) -> None:
    text = (
        MINIMAL.read_text().replace("area: Testshire", "area: NO").replace("name: Test Council", "name: yes")
    )
    (tmp_path / "plan.yml").write_text(text)
    plan = load_plan(tmp_path / "plan.yml").plan
    assert plan.area == "NO"
    assert plan.partnership.members[0].name == "yes"


def test_check_command_without_arguments_reads_plans_folder(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yml").write_text(MINIMAL.read_text())
    result = subprocess.run(
        [sys.executable, "-m", "planpress", "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Checked 1 plan: all valid." in result.stderr


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"),
        ("On", "On"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("010", 10),
        ("0o10", 8),
        ("1_000", "1_000"),
        ("1:30", "1:30"),
        ("2.5", 2.5),
        (".inf", float("inf")),
        ("2021-03-31", dt.date(2021, 3, 31)),
        ("'2021-03-31'", "2021-03-31"),
    ],
)
def test_plain_values_are_read_by_yaml_1_2_rules(written: str, value: object) -> None:
    """YAML 1.1 read `no` as false and `1:30` as 90: a plan's text must stay text."""
    assert parse_yaml(f"value: {written}\n".encode(), "x.yml").data == {"value": value}
