"""What the checks found, as JSON for CI and as a readable HTML page for people.

Both are made from the verdicts of the builds (`planpress.quality.Verdict`): per site,
per page its scores, its findings with the source line of each, and every acceptance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import jinja2

from planpress import __version__
from planpress.checks.findings import Finding
from planpress.checks.gate import Verdict


def _finding(finding: Finding) -> dict[str, Any]:
    where = finding.location
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "text": finding.text,
        "file": where.file if where else None,
        "line": where.line if where else None,
        "column": where.column if where else None,
        "page": finding.page,
        "accepted": finding.accepted,
    }


def report_data(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    """The whole report as plain data (what `--json` prints)."""
    sites = []
    for verdict in verdicts:
        report = verdict.report
        pages = []
        for page in sorted(report.pages.values(), key=lambda p: p.url):
            scores = page.scores
            pages.append(
                {
                    "url": page.url,
                    "title": page.title,
                    "source": str(page.source) if page.source else None,
                    "scores": None
                    if scores is None
                    else {
                        "words": scores.words,
                        "sentences": scores.sentences,
                        "flesch_kincaid_grade": round(scores.flesch_kincaid_grade, 2),
                        "flesch_reading_ease": round(scores.flesch_reading_ease, 2),
                    },
                    "findings": [_finding(f) for f in page.findings],
                }
            )
        sites.append(
            {
                "site": verdict.site,
                "passed": verdict.passed,
                "errors": len(report.errors()),
                "warnings": len(report.warnings()),
                "accepted": len(report.accepted()),
                "pages": pages,
                "elsewhere": [_finding(f) for f in report.unplaced],
            }
        )
    return {
        "planpress": __version__,
        "passed": all(v.passed for v in verdicts),
        "sites": sites,
    }


def report_html(verdicts: Sequence[Verdict]) -> str:
    """A standalone HTML page: a summary, then each page with its scores and findings."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("planpress.checks", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    data = report_data(verdicts)
    made = dt.datetime.now(dt.UTC).strftime("%d %B %Y, %H:%M UTC")
    return env.get_template("report/report.html.jinja").render(data=data, made=made)
