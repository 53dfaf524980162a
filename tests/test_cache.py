"""The build cache (`.planpress-cache/`): a warm build makes the same site as a cold one,
damaged entries are made again, and a changed plan gets new PDFs and findings.

The project is the samples with the kitchen-sink plan, built for real with `planpress build`
(both sites, checks on): once cold, then warm after some entries were damaged on purpose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from planpress.cache import CACHE_FOLDER, Cache, key

from .sitebuild import EASY_READ_EXTRAS, ENV, SAMPLE_EXTRAS, make_project, planpress_build


def _entries(project: Path) -> dict[Path, int]:
    """Every cache entry and its inode: a rewritten entry (os.replace) gets a new one."""
    folder = project / CACHE_FOLDER
    return {p.relative_to(folder): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class CachedBuilds:
    project: Path
    cold: dict[str, bytes]
    warm: dict[str, bytes]
    damaged: set[Path]
    before: dict[Path, int]
    after: dict[Path, int]


@pytest.fixture(scope="module")
def cached_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CachedBuilds]:
    project = make_project(
        tmp_path_factory.mktemp("cache") / "project", SAMPLE_EXTRAS, extra_easyread=EASY_READ_EXTRAS
    )
    first = planpress_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    cold = _files(project / "site")
    before = _entries(project)
    # Damage one entry of each kind three ways: cut short, a changed byte, not ours at all.
    folder = project / CACHE_FOLDER
    damaged: set[Path] = set()
    for kind in ("pdf", "findings"):
        entries = sorted(p for p in before if p.parts[0] == kind)
        assert len(entries) >= 3, f"expected cache entries of kind {kind}: {sorted(before)}"
        cut, flipped, foreign = (folder / e for e in entries[:3])
        cut.write_bytes(cut.read_bytes()[:100])
        data = bytearray(flipped.read_bytes())
        data[-1] ^= 1
        flipped.write_bytes(bytes(data))
        foreign.write_bytes(b"not a cache entry")
        damaged.update(entries[:3])
    before = _entries(project)
    second = planpress_build(project)
    assert second.returncode == 0, second.stdout + second.stderr
    yield CachedBuilds(project, cold, _files(project / "site"), damaged, before, _entries(project))


def test_warm_build_is_byte_identical(cached_builds: CachedBuilds) -> None:
    cold, warm = cached_builds.cold, cached_builds.warm
    assert sorted(warm) == sorted(cold)
    assert any(name.endswith(".pdf") for name in cold)
    different = [name for name in cold if cold[name] != warm[name]]
    assert different == []


def test_warm_build_reads_entries_and_remakes_damaged_ones(cached_builds: CachedBuilds) -> None:
    before, after = cached_builds.before, cached_builds.after
    assert set(after) == set(before)
    rewritten = {entry for entry in before if after[entry] != before[entry]}
    assert rewritten == cached_builds.damaged
    folder = cached_builds.project / CACHE_FOLDER
    for entry in cached_builds.damaged:
        assert Cache(folder).get(entry.parts[0], entry.name.rsplit("-", 1)[0]) is not None


def test_cache_stays_inside_the_project(cached_builds: CachedBuilds) -> None:
    project = cached_builds.project
    assert (project / CACHE_FOLDER).is_dir()
    root = Path(__file__).resolve().parents[1]
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert f"{CACHE_FOLDER}/" in ignored


@pytest.mark.slow
def test_edited_plan_gets_new_pdf_and_findings(cached_builds: CachedBuilds, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(cached_builds.project, project)
    plan = project / "plans" / "kitchen-sink.yml"
    text = plan.read_text(encoding="utf-8")
    marker = "Retitled for the cache test"
    before = _entries(project)
    edited = text.replace("\nshort_title: Kitchen sink plan\n", f"\nshort_title: {marker}\n", 1)
    assert edited != text, "the kitchen-sink plan's short title changed: update this test"
    plan.write_text(edited, encoding="utf-8")
    built = planpress_build(project)
    assert built.returncode == 0, built.stdout + built.stderr
    after = _entries(project)
    new = set(after) - set(before)
    assert {entry.parts[0] for entry in new} == {"pdf", "findings", "pages"}
    assert len([entry for entry in new if entry.parts[0] == "pages"]) == 1  # the other plans' pages were kept
    site = project / "site"
    summaries = sorted(site.glob("plans/*/*board-summary.pdf"))
    assert any(marker in _pdf_text(p) for p in summaries if p.parent.name == "kitchen-sink")
    for other in summaries:
        if other.parent.name != "kitchen-sink":
            assert other.read_bytes() == cached_builds.cold[other.relative_to(site).as_posix()], other


def _pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(path.read_bytes())).pages)


def test_cache_ignores_what_it_cannot_read(tmp_path: Path) -> None:
    cache = Cache(tmp_path / CACHE_FOLDER)
    name = key("test", b"some input")
    assert cache.get("pdf", name) is None
    entry = cache.put("pdf", name, b"made")
    assert entry is not None and entry.is_relative_to(tmp_path / CACHE_FOLDER)
    assert cache.get("pdf", name) == b"made" and cache.path("pdf", name) == entry
    assert entry.read_bytes() == b"made"  # the content alone: a build copies PDFs from it
    entry.write_bytes(b"made, then damaged")
    assert cache.get("pdf", name) is None and cache.path("pdf", name) is None
    assert Cache(None).get("pdf", name) is None
    kept = cache.put("pdf", name, b"made")
    unused = cache.put("pdf", key("test", b"other input"), b"not used lately")
    assert kept is not None and unused is not None
    month_ago = time.time() - 31 * 86400
    os.utime(kept, (month_ago, month_ago))
    os.utime(unused, (month_ago, month_ago))
    assert cache.get("pdf", name) == b"made"  # a build used it: it stays
    cache.prune()
    assert kept.is_file() and not unused.exists()
    assert Cache(None).put("pdf", name, b"kept nowhere") is None
    assert key("a", "bc") != key("ab", "c")


WORD_LISTS = """
import sys
from pathlib import Path
import textstat.backend.utils as textstat
from planpress.checks.readability import page_scores
from planpress.checks.syllables import table
from planpress.engines.mkdocs.build import build_site

def loaded():
    sizes = (table, textstat.get_cmudict, textstat.get_pyphen)
    return [f.cache_info().currsize for f in sizes] + ["wordfreq" in sys.modules]

result = build_site(Path(sys.argv[1]), Path(sys.argv[2]), echo=lambda line: None)
print([(v.site, len(v.report.pages)) for v in result.verdicts], loaded())
page_scores(["A text to score."])
print(loaded())
"""
"""Builds a project in one process, then says what the checks loaded: the syllable table,
textstat's cmudict and pyphen, wordfreq (then the same after one text is scored)."""


def test_warm_build_loads_no_word_list(cached_builds: CachedBuilds, tmp_path: Path) -> None:
    """Every finding of the samples is in the cache: neither site loads a word list."""
    project = cached_builds.project
    config = project / "mkdocs.oneprocess.yml"
    config.write_text(
        'INHERIT: mkdocs.yml\nplugins: [{"search": {"lang": "en"}}, {"planpress": {"parallel": false}}]\n',
        encoding="utf-8",
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", WORD_LISTS, str(config), str(tmp_path / "site")],
            cwd=project,
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        config.unlink()
    assert done.returncode == 0, done.stdout + done.stderr
    after_build, after_scoring = done.stdout.splitlines()[-2:]
    assert after_build.startswith("[('standard', ") and "('easy-read', " in after_build
    assert after_build.endswith("[0, 0, 0, False]")
    assert after_scoring == "[1, 0, 0, False]"
