"""The quality gate of one site build: every check, one report, and whether to publish.

The rules live in `planpress.checks.run`; this module runs them in the order a build needs,
for any engine. An adapter (`hooks/planpress_hooks.py` for MkDocs) calls `check_plans` or
`check_easyread` once the sources are loaded, `check_page` with the rendered content of
each page, and `verdict` before anything is written: errors stop the build, so a plan
people cannot read is never published.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from selectolax.lexbor import LexborHTMLParser

from planpress.cache import Cache, file_digest, key
from planpress.checks.findings import Finding
from planpress.checks.readability import PageScores, TextContext
from planpress.checks.rules import PROFILES, CheckSettings, SettingsError, settings_for
from planpress.checks.run import (
    PageReport,
    Report,
    check_easyread,
    check_html,
    check_html_text,
    check_library,
    check_plan,
)
from planpress.easyread.sources import EasyReadLibrary, LoadedEasyRead
from planpress.pages.easyread import EasyReadLayout
from planpress.pages.views import PlanLayout, page_url
from planpress.plan.load import LoadedPlan
from planpress.plan.source import SourceLocation
from planpress.plan.versions import PlanFamily
from planpress.rebuilds import Rebuilds, remember

SiteKind = Literal["standard", "easy-read"]
FINDINGS_LOGGER = "planpress.checks"
"""Findings are logged here, outside MkDocs' loggers: a warning of the checks is advice,
and must not stop a `--strict` build the way a broken link does."""
FINDING_DETAIL = logging.INFO + 5
"""The level of each finding's own line when a build passes: between MkDocs' progress
(INFO) and warnings, so a build shows the summary and `--verbose` or `planpress check`
every line."""
SITE_PROFILE: dict[SiteKind, str] = {"standard": "plain", "easy-read": "easy-read"}


@dataclass(frozen=True)
class GateSettings:
    """How one site is checked: its kind, whether checks run, and every rule's setting."""

    site: SiteKind
    enabled: bool
    checks: CheckSettings


def gate_settings(planpress: Any) -> GateSettings:
    """Read `extra.planpress` of mkdocs.yml; `SettingsError` lists every mistake in it.

    `site:` says which site this is (`standard` or `easy-read`), `checks: false` builds
    without the quality gate (for benchmarks), and `rules:` changes a profile's defaults:
    `rules: {plain: {sentence-length: {max: 30}}, easy-read: {...}}`.
    """
    settings = planpress if isinstance(planpress, Mapping) else {}
    site = settings.get("site", "standard")
    if site not in SITE_PROFILE:
        raise SettingsError([f"extra.planpress.site: '{site}' is not a site: use 'standard' or 'easy-read'"])
    enabled = settings.get("checks", True)
    if not isinstance(enabled, bool):
        raise SettingsError([f"extra.planpress.checks: {enabled!r} is not true or false"])
    rules = settings.get("rules") or {}
    if not isinstance(rules, Mapping) or any(key not in PROFILES for key in rules):
        unknown = [str(k) for k in rules] if isinstance(rules, Mapping) else []
        raise SettingsError(
            [
                "extra.planpress.rules: give the settings of each profile under its name, "
                f"'plain' or 'easy-read' (found: {', '.join(unknown) or repr(rules)})"
            ]
        )
    profile = SITE_PROFILE[site]
    try:
        checks = settings_for(profile, rules.get(profile))
    except SettingsError as error:
        where = f"extra.planpress.rules.{profile}"
        raise SettingsError([where + p.removeprefix("rules") for p in error.problems]) from None
    return GateSettings(site, enabled, checks)


@dataclass
class SiteGate:
    """The checks of one build of one site, and what they found."""

    settings: GateSettings
    directory_urls: bool = True
    report: Report = field(default_factory=Report)
    generated: set[str] = field(default_factory=set)
    """Pages made from YAML: their scores come from the YAML text, already computed."""
    library: EasyReadLibrary | None = None
    cache: Cache = field(default_factory=lambda: Cache(None))
    """Each plan version's text findings, by its file's content: an unchanged plan is not checked again."""
    rebuilds: Rebuilds | None = None
    """A preview's: the findings of each plan version and easy read version, taken back
    while it (and the library) are unchanged."""
    _context: TextContext | None = None

    @property
    def checks(self) -> CheckSettings:
        return self.settings.checks

    @property
    def context(self) -> TextContext:
        """How the text rules read hand-written pages: the word bank counts as explained."""
        if self._context is None:
            bank = self.library.spellings() if self.library is not None else frozenset()
            self._context = TextContext(self.checks, explained=bank, word_bank=bank)
        return self._context

    def _page_context(self, html: str) -> TextContext:
        """On an easy read site, a hand-written page explains a word-bank word only if it
        does so itself, in its hard words box (`.pp-er-words dt`), as a generated page does."""
        if self.library is None:
            return self.context
        explained = {dt.text(strip=True).casefold() for dt in LexborHTMLParser(html).css(".pp-er-words dt")}
        return replace(self.context, explained=self.context.explained & frozenset(explained))

    def check_plans(self, families: Sequence[PlanFamily]) -> None:
        """The plain-profile text rules over every version of every plan, once each.

        A version is checked where it is mainly read: the live one at the plan's address,
        the others at their own. The live version's copy at its own address shows the
        same text, so it shares those results rather than repeating every finding.
        """
        for family in families:
            for loaded in family.versions:
                live = loaded is family.live
                layout = PlanLayout(
                    loaded.plan, self.directory_urls, version=None if live else loaded.plan.version
                )
                titles = {page_url(path, self.directory_urls): title for path, title in layout.pages()}
                self.generated.update(titles)

                def page_of(path: tuple[str | int, ...], layout: PlanLayout = layout) -> str:
                    return page_url(layout.page_for(path), self.directory_urls)

                self.add(
                    remember(
                        self.rebuilds,
                        f"plan-findings:{loaded.source.file}",
                        live,
                        (loaded,),
                        partial(self._check_plan, loaded, page_of, titles, live),
                    )
                )
                if live:
                    copy = PlanLayout(loaded.plan, self.directory_urls, version=loaded.plan.version)
                    self.generated.update(page_url(path, self.directory_urls) for path, _ in copy.pages())

    def _check_plan(self, loaded: LoadedPlan, page_of: Any, titles: dict[str, str], live: bool) -> Report:
        return self._cached(
            lambda found: check_plan(loaded, self.checks, page_of, found, titles),
            "plan-findings",
            loaded.file.read_bytes(),
            loaded.source.file,
            str(live),
            json.dumps(titles),
        )

    def _cached(self, check: Callable[[Report], None], *parts: str | bytes) -> Report:
        """`check` into a report of its own, kept in the cache under the name of `parts`
        (with the rule settings): what was checked before, with the same inputs, is
        neither checked again nor loads any word list."""
        name = key(*parts, repr(self.checks), str(self.directory_urls))
        stored = self.cache.get("findings", name)
        found = _report_from(stored) if stored is not None else None
        if found is None:
            found = Report()
            check(found)
            self.cache.put("findings", name, _report_json(found))
        return found

    def add(self, found: Report) -> None:
        """Findings made apart (cached, or a page's from the last rebuild of a preview) into this build's report."""
        for url, page in found.pages.items():
            into = self.report.page(url, page.title, page.source)
            into.findings.extend(page.findings)
            if page.scores is not None:
                into.scores = page.scores
        self.report.unplaced.extend(found.unplaced)

    def check_easyread(
        self,
        versions: Sequence[LoadedEasyRead],
        library: EasyReadLibrary | None,
        layouts: Mapping[int, EasyReadLayout],
    ) -> None:
        """The easy read rules over every version, and the word bank's own meanings.

        `layouts` gives each version's pages (by the version's `id`): which page shows
        each place in its YAML.
        """
        self.library = library
        if library is None:
            return
        sources = file_digest([library.folder / "words.yml", library.folder / "pictures.yml"])
        for version in versions:
            layout = layouts[id(version)]
            found = remember(
                self.rebuilds,
                f"easy-read-findings:{version.source.file}",
                (),
                (version, library, layout),
                partial(self._check_version, version, library, layout, sources),
            )
            # Every page a finding or score is on shows the version's own text: scored already.
            self.generated.update(found.pages)
            self.add(found)
        self.add(
            remember(
                self.rebuilds,
                "library-findings",
                (),
                (library,),
                partial(self._check_library, library, sources),
            )
        )

    def _check_version(
        self, version: LoadedEasyRead, library: EasyReadLibrary, layout: EasyReadLayout, sources: str
    ) -> Report:
        """What the easy read rules find in one version (`sources`: the library's files' hash)."""

        def page_of(path: tuple[str | int, ...]) -> str:
            return page_url(layout.page_for(path), self.directory_urls)

        return self._cached(
            partial(check_easyread, version, library, self.checks, page_of),
            "easyread-findings",
            sources,
            file_digest([version.file, version.plan.file]),
            version.source.file,
            version.plan.source.file,
            json.dumps([page_of(path) for path in _layout_paths(version)]),
        )

    def _check_library(self, library: EasyReadLibrary, sources: str) -> Report:
        return self._cached(
            partial(check_library, library, self.checks),
            "library-findings",
            sources,
            library.words_source.file,
        )

    def check_page(
        self,
        html: str,
        url: str,
        title: str,
        source: SourceLocation | None,
        markdown: str | None = None,
    ) -> Report:
        """Rules on one page's rendered content. `markdown` is a hand-written page's text,
        so a finding there points at its line. Returns what they found (added to the build's
        report too), which a preview gives back when the page is not built again."""
        score_page = url not in self.generated
        if markdown is None and not score_page:
            # No text rule runs on it (images and layout only): quicker made than looked up.
            found = Report()
            self._check_page(html, url, title, source, markdown, found, score_page)
        else:
            context = self._page_context(html) if markdown is not None else None
            found = self._cached(
                lambda into: self._check_page(html, url, title, source, markdown, into, score_page, context),
                "page-findings",
                html,
                url,
                title,
                str(source),
                markdown or "",
                str(score_page),
                json.dumps([sorted(context.explained), sorted(context.word_bank)] if context else None),
            )
        self.add(found)
        return found

    def _check_page(
        self,
        html: str,
        url: str,
        title: str,
        source: SourceLocation | None,
        markdown: str | None,
        report: Report,
        score_page: bool,
        context: TextContext | None = None,
    ) -> None:
        """The rules of `check_page` into `report`; `context` is how a hand-written page's
        text is read (`_page_context`)."""
        locate = _locator(markdown, source.file) if markdown is not None and source else None
        if locate is not None and context is not None:
            for finding in check_html_text(html, context):
                report.add(finding.at(locate(finding.text) or source, url))
        check_html(
            html,
            url,
            self.checks,
            report,
            title=title,
            fallback=source,
            score_page=score_page,
            locate=locate,
        )

    def verdict(self) -> Verdict:
        return Verdict(self.settings.site, self.report)


@dataclass(frozen=True)
class Verdict:
    """What a build's checks concluded: errors stop it, warnings and acceptances are listed."""

    site: SiteKind
    report: Report

    @property
    def passed(self) -> bool:
        return not self.report.errors()

    def summary(self) -> str:
        errors = len(self.report.errors())
        warnings = len(self.report.warnings())
        accepted = len(self.report.accepted())
        name = "easy read site" if self.site == "easy-read" else "standard site"
        return (
            f"planpress checks of the {name}: {_count(errors, 'error')}, {_count(warnings, 'warning')}, "
            f"{_count(accepted, 'accepted finding')} on {_count(len(self.report.pages), 'page')}"
        )

    def lines(self, accepted: bool = True) -> list[str]:
        """Every finding, errors first, as `file:line:col: severity [rule] message`.

        `accepted=False` leaves out those accepted in the source (a build log shows what
        needs doing; the report lists everything)."""
        order = {"error": 0, "warning": 1}
        findings = sorted(
            (f for f in self.report.findings() if accepted or f.accepted is None),
            key=lambda f: (f.accepted is not None, order[f.severity], _place(f)),
        )
        return [_line(f) for f in findings]

    def by_file_and_rule(self) -> list[str]:
        """What needs doing, in a few lines: per source file, the count of each rule's
        findings, files with errors first (then by how many findings they have)."""
        counts: dict[str, dict[tuple[int, str], int]] = {}
        for finding in self.report.findings():
            if finding.accepted is not None:
                continue
            file = finding.location.file if finding.location else "(hand-written pages)"
            key = (0 if finding.severity == "error" else 1, finding.rule)
            counts.setdefault(file, {})
            counts[file][key] = counts[file].get(key, 0) + 1

        def order(item: tuple[str, dict[tuple[int, str], int]]) -> tuple[int, int, str]:
            file, rules = item
            return (min(severity for severity, _ in rules), -sum(rules.values()), file)

        lines = []
        for file, rules in sorted(counts.items(), key=order):
            parts = [
                f"{rule} {n}{' (errors)' if severity == 0 else ''}"
                for (severity, rule), n in sorted(rules.items(), key=lambda r: (r[0][0], -r[1], r[0][1]))
            ]
            errors = sum(n for (severity, _), n in rules.items() if severity == 0)
            warnings = sum(rules.values()) - errors
            total = ", ".join(
                t
                for t in (
                    _count(errors, "error") if errors else "",
                    _count(warnings, "warning") if warnings else "",
                )
                if t
            )
            lines.append(f"  {file}: {total}: {', '.join(parts)}")
        return lines


def _layout_paths(version: LoadedEasyRead) -> list[tuple[str | int, ...]]:
    """A path of each page an easy read version can have: their addresses are in its key."""
    pages: list[tuple[str | int, ...]] = [("pages", p) for p in range(len(version.version.pages))]
    return [(), *pages, ("find_out_more",), ("what_is_new",)]


def _report_json(report: Report) -> bytes:
    """A report as JSON for the cache (every value is a string, a number or None)."""
    return json.dumps(
        {
            "pages": [asdict(page) for page in report.pages.values()],
            "unplaced": [asdict(f) for f in report.unplaced],
        }
    ).encode("utf-8")


def _report_from(data: bytes) -> Report | None:
    """A report kept by `_report_json`, or None if the entry is not one (it is then made again)."""
    try:
        kept = json.loads(data)
        report = Report()
        for page in kept["pages"]:
            scores = page["scores"]
            report.pages[page["url"]] = PageReport(
                page["url"],
                page["title"],
                _location(page["source"]),
                PageScores(**scores) if scores is not None else None,
                [_finding(f) for f in page["findings"]],
            )
        report.unplaced = [_finding(f) for f in kept["unplaced"]]
    except (ValueError, KeyError, TypeError):
        return None
    return report


def _finding(kept: dict[str, Any]) -> Finding:
    return Finding(**{**kept, "location": _location(kept["location"])})


def _location(kept: dict[str, Any] | None) -> SourceLocation | None:
    return SourceLocation(**kept) if kept is not None else None


def _line(finding: Finding) -> str:
    if finding.accepted is not None:
        return f"{finding} [accepted: {finding.accepted}]"
    return str(finding)


def _place(finding: Finding) -> tuple[str, int, int]:
    where = finding.location
    return (where.file, where.line, where.column) if where else ("", 0, 0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _locator(markdown: str, file: str) -> Any:
    """Finds the line of a hand-written page where an offending text (an image's alt or
    source) is written, so a finding points there rather than at the top of the file."""
    lines = markdown.splitlines()

    def locate(text: str) -> SourceLocation | None:
        needle = text.strip().removesuffix("...")
        if not needle:
            return None
        for number, line in enumerate(lines, start=1):
            column = line.find(needle)
            if column >= 0:
                return SourceLocation(file, number, column + 1)
        words = re.findall(r"[\w.-]{4,}", needle)
        for number, line in enumerate(lines, start=1):
            if words and all(w in line for w in words[:3]):
                return SourceLocation(file, number, 1)
        return None

    return locate


def markdown_source(docs_dir: Path, src_uri: str, root: Path) -> SourceLocation:
    """Where a hand-written page is, named as its author knows it (`docs/about.md`)."""
    path = docs_dir / src_uri
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    return SourceLocation(shown, 1, 1)
