"""Run the reading rules over a plan and its easy read version, and keep a report.

Text rules run on the model, so each finding points at the YAML line that caused it.
Rules that need the rendered page (alt text, pictures beside points, page scores of
hand-written pages) run on the HTML, inside the build, once per page: `check_html`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from planpress.checks.alttext import check_images, source_of
from planpress.checks.findings import Finding, FindingSeverity, excerpt
from planpress.checks.numbers import known_numbers, number_findings, numbers_in
from planpress.checks.pictures import Fit, PictureIndex, ideas_of, picture_findings
from planpress.checks.readability import (
    PageScores,
    TextContext,
    check_page_level,
    check_text,
    name_words,
    page_scores,
    plain_text,
    printed_pages,
    sentences,
)
from planpress.checks.rules import CheckSettings
from planpress.easyread.sources import EasyReadLibrary, EasyReadVersion, LoadedEasyRead, bold_words, points_of
from planpress.plan.figures import format_money, read_value
from planpress.plan.load import LoadedPlan
from planpress.plan.model import Acceptable, Located, Plan, Table, TableRow
from planpress.plan.source import SourceLocation, SourceMap, YamlPath
from planpress.plan.tables import STATED_TOTAL, finance_totals, read_grid

CHECKED_FIELDS = {
    "title", "summary", "body", "description", "objectives", "deliverables", "items", "text",
    "status_note", "what", "cause", "effect", "mitigation", "notes", "explanation", "caption",
}  # fmt: skip
"""Fields whose words readers read as sentences. Names, ids and figures are not checked."""

NAME_FIELDS = {"name", "short_name", "organisation", "area", "owner", "written_by", "group"}

Use = tuple[SourceLocation, str, Fit, tuple[Acceptable, ...]]
"""Where a picture is used, the text beside it, how it fits, and who may accept a finding."""

DRAFT_MARK = "DRAFT:"
"""How `planpress easyread draft` marks the text a person still has to write."""

PageOf = Callable[[YamlPath], str | None]
"""Gives the URL of the page that shows the value at a path, for reports."""


@dataclass
class PageReport:
    """What the checks found on one page."""

    url: str
    title: str
    source: SourceLocation | None = None
    scores: PageScores | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    """Everything the checks found in one build or one `planpress check`."""

    pages: dict[str, PageReport] = field(default_factory=dict)
    unplaced: list[Finding] = field(default_factory=list)

    def page(self, url: str, title: str = "", source: SourceLocation | None = None) -> PageReport:
        report = self.pages.setdefault(url, PageReport(url, title, source))
        report.title = report.title or title
        report.source = report.source or source
        return report

    def add(self, finding: Finding) -> None:
        if finding.page is None:
            self.unplaced.append(finding)
        else:
            self.page(finding.page).findings.append(finding)

    def findings(self) -> list[Finding]:
        return [f for p in self.pages.values() for f in p.findings] + self.unplaced

    def errors(self) -> list[Finding]:
        return [f for f in self.findings() if f.severity == "error" and f.accepted is None]

    def warnings(self) -> list[Finding]:
        return [f for f in self.findings() if f.severity == "warning" and f.accepted is None]

    def accepted(self) -> list[Finding]:
        return [f for f in self.findings() if f.accepted is not None]


def plan_names(plan: Plan, extra: list[str] | None = None) -> frozenset[str]:
    """Proper names in the plan (people, organisations, places), as casefolded words."""
    found: set[str] = set()
    for value in _walk_fields(plan, NAME_FIELDS):
        found.update(name_words(value))
    for text in extra or []:
        found.update(name_words(text))
    return frozenset(found)


def _walk_fields(node: Any, names: set[str]) -> Iterator[str]:
    if isinstance(node, Located):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in names and isinstance(value, str):
                yield value
            else:
                yield from _walk_fields(value, names)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_fields(item, names)


def texts_of(node: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str, tuple[Acceptable, ...]]]:
    """Every checked text below `node`, with its path and the objects that may accept findings."""
    yield from _texts(node, path, ())


def _texts(
    node: Any, path: YamlPath, owners: tuple[Acceptable, ...]
) -> Iterator[tuple[YamlPath, str, tuple[Acceptable, ...]]]:
    if isinstance(node, Located):
        if isinstance(node, Acceptable):
            owners = (*owners, node)
        for name in type(node).model_fields:
            value = getattr(node, name)
            here = (*path, name)
            if name in CHECKED_FIELDS and isinstance(value, str):
                yield here, value, owners
            elif (
                name in CHECKED_FIELDS and isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                yield from (((*here, i), v, owners) for i, v in enumerate(value))
            else:
                yield from _texts(value, here, owners)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _texts(item, (*path, index), owners)


def _accept(finding: Finding, owners: tuple[Acceptable, ...]) -> Finding:
    for owner in reversed(owners):
        if finding.rule in owner.accept and owner.reason:
            return finding.accept(owner.reason)
    return finding


def check_plan(
    loaded: LoadedPlan,
    settings: CheckSettings,
    page_of: PageOf,
    report: Report,
    titles: Mapping[str, str] | None = None,
) -> None:
    """The plain-profile text rules over every text field of a plan, and each page's scores.

    A page's scores are those of the plan's own words on it (not of the site's labels), so
    that authors see the reading level of what they wrote; `titles` names the pages.
    """
    plan = loaded.plan
    context = TextContext(
        settings,
        names=plan_names(plan),
        explained=frozenset(g.term.casefold() for g in plan.glossary),
    )
    on_page: dict[str, list[str]] = {}
    for path, text, owners in texts_of(plan):
        location = loaded.source.value(path)
        page = page_of(path)
        if page is not None:
            on_page.setdefault(page, []).append(text)
        for finding in check_text(text, context):
            report.add(_accept(finding.at(location, page), owners))
    for finding, path, owners in _period_findings(plan, settings):
        report.add(_accept(finding.at(loaded.source.value(path), page_of(path)), owners))
    for finding, path in _accepted_totals(plan):
        report.add(finding.at(loaded.source.value(path), page_of(path)))
    for page, texts in on_page.items():
        page_report = report.page(page, (titles or {}).get(page, ""))
        page_report.scores = page_scores(texts)
        for finding in check_page_level(page_report.scores, settings, "the plan's text on this page"):
            report.add(_accept(finding.at(loaded.plan.location, page), (plan,)))


def _period_findings(
    plan: Plan, settings: CheckSettings
) -> Iterator[tuple[Finding, YamlPath, tuple[Acceptable, ...]]]:
    """Dated timeline entries (`2025-05-31`, `May 2025`) outside the plan's period."""
    if not settings.on("outside-period"):
        return
    severity: FindingSeverity = "error" if settings.rule("outside-period").severity == "error" else "warning"
    first, last = dt.date(plan.period.start, 4, 1), dt.date(plan.period.end, 3, 31)
    for t, theme in enumerate(plan.themes):
        for c, commitment in enumerate(theme.commitments):
            for e, entry in enumerate(commitment.timeline):
                value = read_value(entry.when.isoformat() if isinstance(entry.when, dt.date) else entry.when)
                if value.date is None:
                    continue
                ends = _month_end(value.date) if value.month_only else value.date
                if ends < first or value.date > last:
                    yield (
                        Finding(
                            "outside-period",
                            severity,
                            f"this date is outside the plan's period (1 April {plan.period.start} to "
                            f"31 March {plan.period.end}): check the date, or the plan's `period`",
                            value.shown(),
                        ),
                        ("themes", t, "commitments", c, "timeline", e, "when"),
                        (plan, theme, commitment),
                    )


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _accepted_totals(plan: Plan) -> Iterator[tuple[Finding, YamlPath]]:
    """Stated totals kept as published although they do not add up: the report lists each acceptance."""
    for t, table in enumerate(plan.tables):
        if STATED_TOTAL in table.accept and table.reason:
            for m in read_grid(table).mismatches:
                finding = Finding(STATED_TOTAL, "error", m.message(), m.stated).accept(table.reason)
                yield finding, ("tables", t, "rows", m.row, m.column)
    for f, finance in enumerate(plan.finance):
        if STATED_TOTAL in finance.accept and finance.reason and finance.total is not None:
            computed = finance_totals(finance).overall
            if computed != finance.total:
                message = (
                    f"the stated total {format_money(finance.total)} is not the sum of the items, "
                    f"which is {format_money(computed)}"
                )
                finding = Finding(STATED_TOTAL, "error", message, format_money(finance.total))
                yield finding.accept(finance.reason), ("finance", f, "total")


def check_easyread(
    loaded: LoadedEasyRead, library: EasyReadLibrary, settings: CheckSettings, page_of: PageOf, report: Report
) -> None:
    """The easy read rules over every point of a version, page by page."""
    version = loaded.version
    source = loaded.source
    names = plan_names(loaded.plan.plan, [version.written_by])
    bank = library.spellings()
    groups = _point_groups(version)
    index = PictureIndex(library)
    plan = loaded.plan.plan
    years = plan_years(plan)
    uses: dict[str, list[Use]] = {}
    counts: list[int] = []
    for group_path, title, points, owners in groups:
        page = page_of(group_path)
        explained = frozenset(w.casefold() for _, p in points for w in bold_words(p.text)) & bank
        context = TextContext(settings, names=names, explained=explained, word_bank=bank)
        counts.append(len(points))
        for path, point in points:
            point_owners = (*owners, point)
            location = source.value((*path, "text"))
            for finding in check_text(point.text, context):
                report.add(_accept(finding.at(location, page), point_owners))
            for finding in _point_rules(point.text, settings):
                report.add(_accept(finding.at(location, page), point_owners))
            if point.about is not None:
                known = known_numbers(plan, point.about, about_texts(plan, point.about))
                for finding in number_findings(point.text, known, years, point.about, settings):
                    report.add(_accept(finding.at(location, page), point_owners))
            picture = library.picture(point.picture) if point.picture else None
            if picture is not None:
                where = source.value((*path, "picture"))
                for finding in picture_findings(point.text, picture, index, settings):
                    report.add(_accept(finding.at(where, page), point_owners))
                uses.setdefault(picture.id, []).append(
                    (where, point.text, index.fit(point.text, picture), point_owners)
                )
        if page is not None:
            scores = page_scores([p.text for _, p in points])
            page_report = report.page(page, title, source.value(group_path))
            page_report.scores = scores
            for finding in check_page_level(scores, settings, f"the page '{title}'"):
                report.add(_accept(finding.at(source.value(group_path), page), owners))
    for finding in _version_rules(version, library, settings, counts):
        report.add(_accept(finding.at(source.value(()), page_of(())), (version,)))
    if settings.on("picture-reuse"):
        for picture_id, found in uses.items():
            for finding, where, owners in _reuse(picture_id, found, settings):
                report.add(_accept(finding.at(where, page_of(())), owners))


def _reuse(
    picture_id: str,
    uses: list[Use],
    settings: CheckSettings,
) -> Iterator[tuple[Finding, SourceLocation, tuple[Acceptable, ...]]]:
    """One finding, at the first use of the idea too many, when a picture stands for too many."""
    rule = settings.rule("picture-reuse")
    ideas = ideas_of([(text, fit) for _, text, fit, _ in uses])
    if len(ideas) <= rule.limit("max_ideas"):
        return
    said = []
    for idea in ideas:
        fit = uses[idea[0]][2]
        what = f"'{fit.shared[0]}'" if fit.shared else f'"{excerpt(uses[idea[0]][1], 40)}"'
        lines = ", ".join(str(uses[i][0].line) for i in idea)
        said.append(f"{what} (line{'s' if len(idea) > 1 else ''} {lines})")
    where, _, _, owners = uses[ideas[-1][0]]
    yield (
        Finding(
            "picture-reuse",
            "warning" if rule.severity == "warning" else "error",
            f"the picture '{picture_id}' stands for {len(ideas)} different ideas here: {'; '.join(said)}. "
            f"Give each idea a picture of its own",
            picture_id,
            subject=picture_id,
        ),
        where,
        owners,
    )


def about_texts(plan: Plan, about: str) -> list[str]:
    """The texts of the part of the plan an `about:` names (a theme with its commitments, a
    table with its cells, one row of a table)."""
    node = plan.about_items().get(about)
    if node is None:
        return []
    if isinstance(node, TableRow):
        return list(node.cells)
    if isinstance(node, Table):
        return [node.caption, *node.header, *(cell for row in node.rows for cell in row), node.notes or ""]
    year = getattr(node, "year", None)
    return [text for _, text, _ in texts_of(node)] + ([str(year)] if year else [])


def plan_years(plan: Plan) -> set[float]:
    """Every year a plan names, and those of its period: the years a point may say."""
    found = {n for _, text, _ in texts_of(plan) for n in numbers_in(text) if 1900 <= n <= 2100}
    found |= {float(y) for y in range(plan.period.start, plan.period.end + 1)}
    for measure in plan.measures:
        found |= {n for p in measure.points for n in numbers_in(p.period) if 1900 <= n <= 2100}
    return found


def check_library(library: EasyReadLibrary, settings: CheckSettings, report: Report) -> None:
    """The word bank's meanings are shown on easy read pages, so they follow the same rules."""
    context = TextContext(settings, word_bank=library.spellings(), explained=library.spellings())
    for w, word in enumerate(library.words.words):
        for finding in check_text(word.meaning, context):
            report.add(finding.at(library.words_source.value(("words", w, "meaning"))))


def _point_groups(
    version: EasyReadVersion,
) -> list[tuple[YamlPath, str, list[tuple[YamlPath, Any]], tuple[Acceptable, ...]]]:
    """Points grouped as they are shown: each page, then "find out more" and "who to contact"."""
    groups: list[tuple[YamlPath, str, list[tuple[YamlPath, Any]], tuple[Acceptable, ...]]] = []
    for p, page in enumerate(version.pages):
        points: list[tuple[YamlPath, Any]] = [
            (("pages", p, "points", i), point) for i, point in enumerate(page.points)
        ]
        groups.append((("pages", p), page.title, points, (version, page)))
    tail = [(path, point) for path, point in points_of(version) if path[0] != "pages"]
    if tail:
        groups.append((("find_out_more",), "Find out more", tail, (version,)))
    return groups


def _point_rules(text: str, settings: CheckSettings) -> Iterator[Finding]:
    if settings.on("draft-text") and plain_text(text).lstrip().startswith(DRAFT_MARK):
        yield Finding(
            "draft-text",
            "warning" if settings.rule("draft-text").severity == "warning" else "error",
            f"this point is still a draft: rewrite it in easy words, then take away '{DRAFT_MARK}'",
            excerpt(text),
        )
    if not settings.on("sentences-per-point"):
        return
    rule = settings.rule("sentences-per-point")
    count = len(sentences(plain_text(text)))
    severity: FindingSeverity = "warning" if rule.severity == "warning" else "error"
    if count > rule.limit("max"):
        yield Finding(
            "sentences-per-point",
            severity,
            f"this point has {count} sentences, at most {rule.limit('max'):g}: make it 2 points",
            excerpt(text),
        )
    elif count >= rule.limit("warn_at"):
        yield Finding(
            "sentences-per-point",
            "warning",
            f"this point has {count} sentences: one idea per point is easier",
            excerpt(text),
        )


def _version_rules(
    version: EasyReadVersion, library: EasyReadLibrary, settings: CheckSettings, counts: list[int]
) -> Iterator[Finding]:
    if settings.on("document-length"):
        rule = settings.rule("document-length")
        # One entry of the hard words list per word bank entry: "carer" and "carers" are one.
        hard = {
            (found.word if (found := library.word(w)) else w).casefold()
            for _, p in points_of(version)
            for w in bold_words(p.text)
        }
        pages = printed_pages(counts, len(hard))
        if pages > rule.limit("max"):
            yield Finding(
                "document-length",
                "warning" if rule.severity == "warning" else "error",
                f"this easy read version would print on about {pages} pages, at most {rule.limit('max'):g}: "
                "keep to what matters most to people",
                version.title,
            )
        elif pages >= rule.limit("warn_at"):
            yield Finding(
                "document-length",
                "warning",
                f"this easy read version would print on about {pages} pages: aim for fewer than {rule.limit('warn_at'):g}",
                version.title,
            )
    if settings.on("checking-record") and version.checked_by is None:
        yield Finding(
            "checking-record",
            "warning" if settings.rule("checking-record").severity == "warning" else "error",
            "not yet checked by people with a learning disability: add `checked_by:` (group, date) once it has been",
            version.title,
        )


def check_html(
    html: str,
    url: str,
    settings: CheckSettings,
    report: Report,
    title: str = "",
    fallback: SourceLocation | None = None,
    score_page: bool = True,
    locate: Callable[[str], SourceLocation | None] | None = None,
) -> None:
    """Rules on the rendered content of one page: images, charts, layout, and its scores.

    Elements rendered from YAML carry `data-pp-source="file:line:col"`; anything else
    is reported at `fallback` (the page's Markdown file), or where `locate` finds the
    offending text in it.
    """
    tree = LexborHTMLParser(html)
    page = report.page(url, title, fallback)
    for node, finding in check_images(tree, settings):
        where = _parse_location(source_of(node)) or (locate(finding.text) if locate else None) or fallback
        report.add(finding.at(where, url))
    if settings.profile == "easy-read":
        for finding, node_source in _layout_findings(tree, settings):
            report.add(finding.at(_parse_location(node_source) or fallback, url))
    if score_page and page.scores is None:
        body = tree.body
        text = body.text(separator="\n", strip=True) if body is not None else ""
        page.scores = page_scores([text])
        for finding in check_page_level(page.scores, settings, "this page"):
            report.add(finding.at(fallback, url))


TEXT_BLOCKS = "p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, figcaption"


def check_html_text(html: str, context: TextContext) -> Iterator[Finding]:
    """The text rules over a hand-written page, block by block (its Markdown has no model)."""
    tree = LexborHTMLParser(html)
    for node in tree.css(TEXT_BLOCKS):
        if len(node.css(TEXT_BLOCKS)) > 1:  # the node itself matches too
            continue  # a list item holding paragraphs: its blocks are checked themselves
        text = node.text(separator=" ", strip=True)
        if text:
            yield from check_text(text, context)


def _layout_findings(tree: LexborHTMLParser, settings: CheckSettings) -> Iterator[tuple[Finding, str | None]]:
    if settings.on("picture-per-point"):
        for point in tree.css(".pp-point"):
            if point.css_first("img, svg") is None:
                text = point.text(separator=" ", strip=True)
                yield (
                    Finding(
                        "picture-per-point",
                        "error",
                        "this point has no picture beside it: add `picture:`",
                        excerpt(text),
                    ),
                    source_of(point),
                )
    if settings.on("emphasis"):
        for node in tree.css("em, i, u"):
            severity: FindingSeverity = (
                "warning" if settings.rule("emphasis").severity == "warning" else "error"
            )
            yield (
                Finding(
                    "emphasis",
                    severity,
                    f"no <{node.tag}>: italics and underlining are hard to read",
                    excerpt(node.text()),
                ),
                source_of(node),
            )


def _parse_location(text: str | None) -> SourceLocation | None:
    if not text:
        return None
    match = re.match(r"^(.*):(\d+):(\d+)$", text)
    if match is None:
        return None
    return SourceLocation(match.group(1), int(match.group(2)), int(match.group(3)))


def data_source(source: SourceMap, path: YamlPath) -> str:
    """The `data-pp-source` value that ties an element to its YAML line."""
    return str(source.value(path))
