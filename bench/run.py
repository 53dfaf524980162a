"""Benchmark of planpress builds against plain MkDocs, at several numbers of plans (issue 9).

    .venv/bin/python bench/run.py [--sizes 10 100 500] [--out bench/results.json]

For each N it makes a temporary project of N synthetic plans, derived from the sample
plans in plans/ (each with an easy read version), and times, each in a fresh process:

- `planpress`: `planpress build` of both sites, checks on;
- `no-checks`: the same with `extra.planpress.checks: false` in both configs;
- `mkdocs`: plain MkDocs (same theme, config and pages, no planpress plugin) building
  both sites from the Markdown pages that `planpress.site.write_pages` wrote beforehand;
- `warm`: `planpress build` again with its cache (`.planpress-cache/`) filled, after one
  plan was edited (every other build here starts with no cache).

It also times how long `planpress serve` takes to show an edited commitment title, prints
one table and the issue's targets, and writes everything as JSON. See bench/README.md.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from planpress.cache import CACHE_FOLDER
from planpress.plan.source import YamlFloat, YamlInt, read_yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = 9
COPIED = ("mkdocs.yml", "mkdocs.easyread.yml", "docs", "overrides")
LIBRARY = ("words.yml", "pictures.yml", "pictures")
EASY_READ_CONFIG = "mkdocs.easyread.yml"
NO_CHECKS = ("mkdocs.nochecks.yml", "mkdocs.easyread.nochecks.yml")
ONE_PROCESS_CONFIG = "mkdocs.oneprocess.yml"
PLAIN = ("mkdocs.plain.yml", "mkdocs.plain.easyread.yml")
PLAIN_DOCS = "plain-docs"
WARM = "warm"
VARIANTS = ("planpress", "no-checks", "mkdocs", WARM)
ONE_PROCESS = "one-process"
"""Optional: `no-checks` with the easy read site built after the standard one in the same
process (the plugin's `parallel: false`), as plain MkDocs builds them."""

TARGETS = {
    "overhead": 0.25,  # planpress without checks vs plain MkDocs, same pages
    "checks": 0.10,  # planpress with checks vs without
    "linearity": 1.2,  # seconds per plan at N=500 vs N=100
    "peak_mib": 1024.0,  # peak memory of `planpress build` at N=500
    "serve_seconds": 2.0,  # an edit visible in `planpress serve`
}

# --- synthetic plans -------------------------------------------------------------------

# Keys whose string values are identifiers, numbers or codes: never rewritten.
ID_KEYS = frozenset(
    {
        "id",
        "slug",
        "about",
        "see_also",
        "commitments",
        "accept",
        "version",
        "plan_version",
        "plan",
        "picture",
        "picture_file",
        "openmoji",
        "file",
        "status",
        "direction",
        "year",
        "period",
        "unit",
        "superseded_by",
        "url",
        "date",
        "published",
        "start",
        "end",
        "type",
        "rule",
    }
)
# Keys of prose whose sentences are shuffled (the rest only get the new place names).
PROSE_KEYS = frozenset(
    {"summary", "body", "explanation", "description", "notes", "change_summary", "text", "reason"}
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]*[A-Z0-9])")  # noqa: RUF001 (curly quotes open sentences)
NOT_PROSE = re.compile(r"^\s*([-*+|#<>]|\d+[.)]\s|```)")
PREFIXES = [
    "Ash",
    "Brook",
    "Cole",
    "Elm",
    "Fern",
    "Glen",
    "Hay",
    "Kings",
    "Lark",
    "Marsh",
    "Oak",
    "Pen",
    "Red",
    "Stan",
    "Thorn",
    "Wey",
    "Wood",
    "Ald",
    "Bram",
    "Carl",
    "Dun",
    "East",
    "Fair",
    "Green",
    "Hol",
    "Lang",
    "Mill",
    "New",
    "West",
    "Win",
]
SUFFIXES = [
    "ford",
    "ham",
    "bury",
    "field",
    "ton",
    "wick",
    "ley",
    "mouth",
    "stead",
    "wood",
    "combe",
    "dale",
    "port",
    "well",
    "worth",
]


class _Dumper(yaml.SafeDumper):
    """Writes back what planpress read: its numbers keep their own types."""


_Dumper.add_representer(YamlInt, yaml.SafeDumper.represent_int)
_Dumper.add_representer(YamlFloat, yaml.SafeDumper.represent_float)


def load_yaml(path: Path) -> Any:
    return read_yaml(path).data


def dump_yaml(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def place_name(rng: random.Random) -> str:
    return rng.choice(PREFIXES) + rng.choice(SUFFIXES)


def area_names(area: str, rng: random.Random) -> dict[str, str]:
    """New names for the area and each capitalised word of it (Leicestershire -> Elmfordshire)."""
    mapping: dict[str, str] = {}
    for word in dict.fromkeys(re.findall(r"[A-Z][A-Za-z]{3,}", area)):
        stem = word.removesuffix("shire")
        new = mapping.get(stem) or place_name(rng)
        mapping[stem] = new
        mapping[word] = new + ("shire" if word.endswith("shire") else "")
    return mapping


def new_slug(slug: str, mapping: dict[str, str]) -> str:
    """The template's slug with the new place names (a prefix if it names none)."""
    result = slug
    for old, new in mapping.items():
        result = re.sub(rf"(?<![a-z]){slugify(old)}(?![a-z])", slugify(new), result)
    if result == slug and mapping:
        result = f"{slugify(next(iter(mapping.values())))}-{slug}"
    return result


def substitute(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b"
    )
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def shuffle_sentences(text: str, rng: random.Random) -> str:
    """Shuffle the sentences of each plain paragraph; lists, headings and tables stay as they are."""
    paragraphs = re.split(r"\n\s*\n", text)
    out = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        if any(NOT_PROSE.match(line) for line in lines):
            out.append(paragraph)
            continue
        sentences = SENTENCE_END.split(" ".join(line.strip() for line in lines).strip())
        if len(sentences) > 1 and all(s.endswith((".", "!", "?")) for s in sentences):
            rng.shuffle(sentences)
        out.append(" ".join(sentences))
    ending = "\n" if text.endswith("\n") else ""
    return "\n\n".join(out).rstrip("\n") + ending


def rewrite(node: Any, mapping: dict[str, str], rng: random.Random, key: str = "") -> Any:
    """A copy of a plan's (or easy read version's) data with new names and shuffled prose."""
    if isinstance(node, dict):
        return {k: rewrite(v, mapping, rng, str(k)) for k, v in node.items()}
    if isinstance(node, list):
        return [rewrite(item, mapping, rng, key) for item in node]
    if isinstance(node, str) and key not in ID_KEYS:
        text = substitute(node, mapping)
        return shuffle_sentences(text, rng) if key in PROSE_KEYS else text
    return node


@dataclass
class Template:
    """A sample plan: every version of one slug, and its easy read version if it has one."""

    slug: str
    versions: list[tuple[str, dict[str, Any]]]  # (file name relative to plans/, data)
    area: str
    theme_ids: list[str]  # of its live version
    commitment_ids: list[str]
    easyread: dict[str, Any] | None


def load_templates(root: Path) -> tuple[list[Template], list[dict[str, Any]]]:
    sys.path.insert(0, str(root))
    from planpress.plan.load import find_plan_files
    from planpress.plan.versions import plan_families
    from planpress.project import load_plans

    files = find_plan_files([root / "plans"])
    loaded, problems = load_plans(files, root)
    if problems:
        raise SystemExit("the sample plans have problems:\n" + "\n".join(map(str, problems)))
    easyread: dict[str, dict[str, Any]] = {}
    for file in sorted((root / "easyread").glob("*.yml")):
        if file.name not in LIBRARY:
            data = load_yaml(file)
            if isinstance(data, dict) and "plan" in data:
                easyread[str(data["plan"])] = data
    templates = []
    for family in plan_families(loaded):
        live = family.live.plan
        versions = []
        for version in family.versions:
            relative = version.file.resolve().relative_to((root / "plans").resolve())
            versions.append((str(relative), load_yaml(version.file)))
        templates.append(
            Template(
                family.slug,
                versions,
                live.area,
                [t.id for t in live.themes],
                [c.id for c in live.commitments()],
                easyread.get(family.slug),
            )
        )
    templates.sort(key=lambda t: t.slug)
    return templates, list(easyread.values())


def minimal_easyread(slug: str, area: str, template: Template, library: Path) -> dict[str, Any]:
    """A small valid easy read version, when the samples have none: short sentences, library
    pictures, bold words only from the word bank."""
    pictures = [p["id"] for p in load_yaml(library / "pictures.yml").get("pictures", [])]
    words = {w["word"].casefold() for w in load_yaml(library / "words.yml").get("words", [])}

    def picture(wanted: str, n: int) -> str:
        return wanted if wanted in pictures else pictures[n % len(pictures)]

    def word(text: str) -> str:
        return f"**{text}**" if text.casefold() in words else text

    about = template.theme_ids[0] if template.theme_ids else None
    page: dict[str, Any] = {"id": "about-this-plan", "title": "About this plan", "points": []}
    if about:
        page["about"] = about
    page["points"] = [
        {"text": f"This {word('plan')} is for people in {area}.", "picture": picture("plan", 0)},
        {"text": "It says how we will help you.", "picture": picture("handshake", 1)},
        {"text": f"We want more people to have a {word('health check')}.", "picture": picture("doctor", 2)},
    ]
    return {
        "plan": slug,
        "title": f"Our plan for {area}",
        "written_by": "the planpress benchmark",
        "pages": [page],
        "who_to_contact": [{"text": "Ask your doctor about this plan.", "picture": picture("phone", 3)}],
    }


def derived_easyread(
    sample: dict[str, Any],
    template: Template,
    source: Template | None,
    slug: str,
    area: str,
    mapping: dict[str, str],
    rng: random.Random,
) -> dict[str, Any]:
    """The sample easy read version for this plan: new names, sentences and points shuffled,
    `about:` pointed at this plan's themes and commitments, and a short title (the easy
    read plans index lists every title, and must stay at an easy reading level)."""
    data: dict[str, Any] = rewrite(copy.deepcopy(sample), mapping, rng)
    data["plan"] = slug
    data["title"] = f"Our plan for {area}"
    if source is not template:
        data.pop("plan_version", None)
    themes, commitments = template.theme_ids, template.commitment_ids
    targets = set(themes) | set(commitments)

    def point_at(about: str | None, n: int, choices: list[str]) -> str | None:
        if about is None or about in targets or not choices:
            return about if (about is None or about in targets) else None
        return choices[n % len(choices)]

    for p, page in enumerate(data.get("pages", [])):
        if "about" in page:
            page["about"] = point_at(page["about"], p, themes or commitments)
            if page["about"] is None:
                del page["about"]
        points = page.get("points", [])
        for i, point in enumerate(points):
            if "about" in point:
                point["about"] = point_at(point["about"], p + i, commitments or themes)
                if point["about"] is None:
                    del point["about"]
        rng.shuffle(points)
    return data


def make_project(root: Path, target: Path, n: int, seed: int = SEED) -> dict[str, Any]:
    """A project of `n` synthetic plans in `target`; returns facts about it (and one plan to edit)."""
    templates, samples = load_templates(root)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / name)
    (target / "easyread").mkdir()
    for name in LIBRARY:
        source = root / "easyread" / name
        if source.is_dir():
            shutil.copytree(source, target / "easyread" / name)
        elif source.is_file():
            shutil.copy2(source, target / "easyread" / name)
    plan_files = 0
    editable: dict[str, Any] | None = None
    for i in range(n):
        template = templates[i % len(templates)]
        rng = random.Random(f"{seed}-{i}")
        mapping = area_names(template.area, rng)
        area = substitute(template.area, mapping)
        slug = f"{new_slug(template.slug, mapping)}-{i:04d}"
        short_area = next(iter(mapping.values()), area)
        for relative, data in template.versions:
            plan = rewrite(data, mapping, rng)
            plan["slug"] = slug
            name = f"{slug}.yml" if len(template.versions) == 1 else f"{slug}/{Path(relative).name}"
            dump_yaml(plan, target / "plans" / name)
            plan_files += 1
            if editable is None and len(template.versions) == 1 and plan.get("themes"):
                theme = plan["themes"][0]
                if theme.get("commitments"):
                    editable = {
                        "file": f"plans/{name}",
                        "slug": slug,
                        "theme": theme["id"],
                        "title": theme["commitments"][0]["title"],
                    }
        sample = template.easyread or (samples[i % len(samples)] if samples else None)
        if sample is not None:
            origin = next((t for t in templates if t.easyread is sample), None)
            easy = derived_easyread(sample, template, origin, slug, short_area, mapping, rng)
        else:
            easy = minimal_easyread(slug, short_area, template, target / "easyread")
        dump_yaml(easy, target / "easyread" / f"{slug}.yml")
    return {"plans": n, "plan_files": plan_files, "templates": [t.slug for t in templates], "edit": editable}


# --- configs of the three variants ---------------------------------------------------------


def write_configs(project: Path, plain: bool = True) -> dict[str, Any]:
    """`no-checks` configs, and for `mkdocs` the pages on disk and configs without planpress."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.path.insert(0, str(ROOT))
    from importlib.resources import files as package_files

    from mkdocs.config import load_config

    from planpress.checks.gate import gate_settings
    from planpress.settings import read_config
    from planpress.site import SiteFolders, expand_nav, prepare_site, write_pages

    standard, easy = NO_CHECKS
    (project / standard).write_text(
        f"INHERIT: mkdocs.yml\nextra:\n  planpress:\n    checks: false\n    easy_read_config: {easy}\n",
        encoding="utf-8",
    )
    (project / easy).write_text(
        f"INHERIT: {EASY_READ_CONFIG}\nextra:\n  planpress:\n    site: easy-read\n    checks: false\n",
        encoding="utf-8",
    )
    others = [p for p in read_config(project / "mkdocs.yml").get("plugins", []) if p != "planpress"]
    one_process = [*others, {"planpress": {"parallel": False}}]
    (project / ONE_PROCESS_CONFIG).write_text(
        f"INHERIT: {standard}\nplugins: {json.dumps(one_process)}\n", encoding="utf-8"
    )

    if not plain:
        return {"generated_pages": None}
    docs = project / PLAIN_DOCS
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(project / "docs", docs)
    stylesheets = package_files("planpress.pages") / "assets"
    folders = SiteFolders(project, project / "plans", project / "easyread", project / "overrides")
    pages = 0
    for config_name, plain_name, folder in (
        ("mkdocs.yml", PLAIN[0], docs),
        (EASY_READ_CONFIG, PLAIN[1], None),
    ):
        config = load_config(config_file=str(project / config_name))
        site = (config.extra.get("planpress") or {}).get("site", "standard")
        if folder is None:
            folder = docs / Path(config.docs_dir).relative_to(project / "docs")
        content = prepare_site(
            folders,
            gate_settings({"site": site, "checks": False}),
            config.use_directory_urls,
            config.site_url,
            config.site_name,
        )
        write_pages(content.pages, folder, content.assets)
        (folder / ".planpress-pages").unlink(missing_ok=True)
        names = ["planpress.css"] + (["easy-read.css"] if site == "easy-read" else [])
        for name in names:
            (folder / "assets" / "planpress").mkdir(parents=True, exist_ok=True)
            (folder / "assets" / "planpress" / name).write_bytes((stylesheets / name).read_bytes())
        overrides = {
            "docs_dir": str(folder.relative_to(project)),
            "plugins": others,
            "nav": expand_nav(config.nav, content.pages),
            # planpress adds these pages as not in the menu; plain MkDocs is told so here.
            "not_in_nav": "\n".join(not_in_nav_patterns(content.pages)),
            "extra_css": [f"assets/planpress/{n}" for n in names]
            + [c for c in config.extra_css if not c.startswith("assets/planpress")],
        }
        # JSON is YAML: one key a line.
        lines = [f"INHERIT: {config_name}"]
        lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in overrides.items()]
        (project / plain_name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        pages += len(content.pages)
    return {"generated_pages": pages}


def not_in_nav_patterns(pages: list[Any]) -> list[str]:
    """`not_in_nav` patterns for the pages planpress keeps out of the menu: the widest folder
    holding no page of the menu (a version's copy, `plans/<slug>/<version>/`), else the page."""
    shown = [p.path for p in pages if p.in_nav]
    patterns: set[str] = set()
    for page in pages:
        if page.in_nav:
            continue
        parts = page.path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth]) + "/"
            if not any(path.startswith(folder) for path in shown):
                patterns.add(f"/{folder}")
                break
        else:
            patterns.add(f"/{page.path}")
    return sorted(patterns)


def plain_build(project: Path, site_dir: Path, configs: list[str]) -> None:
    """Run in the measured process: plain MkDocs, both sites in one process as planpress does
    (the standard site, then the easy read one into its `easy-read/` folder)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    os.chdir(project)
    for n, name in enumerate(configs):
        config = load_config(config_file=str(project / name), strict=True)
        config["site_dir"] = str(site_dir if n == 0 else site_dir / "easy-read")
        build(config)


# --- measuring ----------------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            parent = psutil.Process(pid)
            return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])
        except psutil.Error:
            return 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


@dataclass
class Run:
    n: int
    variant: str
    seconds: float
    peak_mib: float
    ok: bool
    log: str

    @property
    def per_plan(self) -> float:
        return self.seconds / self.n


def measure(
    command: list[str], cwd: Path, log: Path, n: int, variant: str, env: dict[str, str] | None = None
) -> Run:
    """Wall time and peak memory of one command in a fresh process.

    Peak memory is the larger of: the process tree's resident memory sampled every 20 ms,
    and the kernel's peak (ru_maxrss) of the largest process of the tree.
    """
    peak = 0
    done = threading.Event()
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(process.pid))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    peak = max(peak, usage.ru_maxrss * 1024)
    return Run(n, variant, seconds, peak / 2**20, process.returncode == 0, str(log))


def planpress_command() -> list[str]:
    script = Path(sys.executable).parent / "planpress"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "planpress"]


def edit_plan(project: Path, edit: dict[str, Any], title: str) -> None:
    """Give the editable plan's first commitment a new title (as an author would)."""
    plan_file = project / edit["file"]
    data = load_yaml(plan_file)
    data["themes"][0]["commitments"][0]["title"] = title
    dump_yaml(data, plan_file)


def run_warm(project: Path, n: int, edit: dict[str, Any], repeat: int) -> Run:
    """`planpress build` with a filled cache, after one plan was edited; the plan is put
    back afterwards (a serve run may use this project next)."""
    command = [*planpress_command(), "build", "-f", "mkdocs.yml", "-d", str(project / "site-warm")]
    plan_file = project / edit["file"]
    original = plan_file.read_bytes()
    best: Run | None = None
    try:
        for attempt in range(repeat):
            # Fill the cache with what this very build makes (untimed): another variant
            # may have left it without the checks' findings.
            subprocess.run(command, cwd=project, capture_output=True, check=True)
            edit_plan(project, edit, f"Warm build edit {attempt + 1} of the title")
            run = measure(command, project, project / f"{WARM}-{attempt}.log", n, WARM)
            if not run.ok:
                tail = Path(run.log).read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                raise SystemExit(f"warm build of N={n} failed (log {run.log}):\n" + "\n".join(tail))
            if best is None or run.seconds < best.seconds:
                best = run
    finally:
        plan_file.write_bytes(original)
    assert best is not None
    return best


def run_variant(project: Path, n: int, variant: str, repeat: int) -> Run:
    """A cold build of one variant: the project's cache is removed before each run."""
    site = project / f"site-{variant}"
    if variant == "planpress":
        command = [*planpress_command(), "build", "-f", "mkdocs.yml", "-d", str(site)]
    elif variant in ("no-checks", ONE_PROCESS):
        config = NO_CHECKS[0] if variant == "no-checks" else ONE_PROCESS_CONFIG
        command = [*planpress_command(), "build", "-f", config, "-d", str(site)]
    else:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "_plain-build",
            str(project),
            str(site),
            *PLAIN,
        ]
    best: Run | None = None
    for attempt in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(project / CACHE_FOLDER, ignore_errors=True)
        run = measure(command, project, project / f"{variant}-{attempt}.log", n, variant)
        if not run.ok:
            tail = Path(run.log).read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            raise SystemExit(f"{variant} build of N={n} failed (log {run.log}):\n" + "\n".join(tail))
        if best is None or run.seconds < best.seconds:
            best = run
    assert best is not None
    return best


# --- serve ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, timeout: float, process: subprocess.Popen[bytes]) -> float | None:
    """Seconds until the page at `url` contains `text` (polled every 20 ms), or None."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            return None
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def time_serve(project: Path, edit: dict[str, Any], edits: int = 3) -> dict[str, Any]:
    """Start `planpress serve`, then change a commitment title `edits` times and time each
    until the served page shows it."""
    from html import escape

    port = free_port()
    url = f"http://127.0.0.1:{port}/plans/{edit['slug']}/themes/{edit['theme']}/"
    log = project / "serve.log"
    result: dict[str, Any] = {"url": url, "log": str(log), "edits": []}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [*planpress_command(), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            result["startup_seconds"] = wait_for(url, escape(edit["title"], quote=False), 900, process)
            if result["startup_seconds"] is None:
                raise SystemExit(f"planpress serve did not serve {url} (log {log})")
            plan_file = project / edit["file"]
            original = plan_file.read_bytes()
            for attempt in range(edits):
                time.sleep(1.5)  # let the watcher settle after the last rebuild
                title = f"Benchmark edit {attempt + 1} of the title"
                edit_plan(project, edit, title)
                seconds = wait_for(url, title, 120, process)
                result["edits"].append(seconds)
            plan_file.write_bytes(original)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    times = [t for t in result["edits"] if t is not None]
    result["seconds"] = max(times) if len(times) == len(result["edits"]) else None
    result["median_seconds"] = sorted(times)[len(times) // 2] if times else None
    return result


# --- profile --------------------------------------------------------------------------------


def profile_build(project: Path, top: int = 15) -> dict[str, Any]:
    """`python -m cProfile -m planpress build` in the project; the top cumulative entries of
    planpress, mkdocs and material."""
    output = project / "build.prof"
    site = project / "site-profile"
    shutil.rmtree(site, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(output),
        "-m",
        "planpress",
        "build",
        "-d",
        str(site),
    ]
    with open(project / "profile.log", "wb") as out:
        start = time.perf_counter()
        subprocess.run(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, check=True)
        seconds = time.perf_counter() - start
    stats = pstats.Stats(str(output))
    total = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (file, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        owner = _owner(file)
        if owner:
            rows.append(
                {
                    "function": f"{owner}:{_short(file)}:{line}({name})",
                    "calls": calls,
                    "tottime": round(tottime, 3),
                    "cumtime": round(cumtime, 3),
                    "share": round(cumtime / total, 3),
                }
            )
    rows.sort(key=lambda r: r["cumtime"], reverse=True)
    by_tottime = sorted(rows, key=lambda r: r["tottime"], reverse=True)
    return {
        "file": str(output),
        "seconds": round(seconds, 2),
        "total_cumtime": round(total, 3),
        "top_cumulative": rows[:top],
        "top_own_time": by_tottime[:top],
    }


def _owner(file: str) -> str | None:
    parts = Path(file).parts
    for owner in ("planpress", "mkdocs", "material"):
        if owner in parts:
            return owner
    return None


def _short(file: str) -> str:
    parts = Path(file).parts
    for owner in ("planpress", "mkdocs", "material"):
        if owner in parts:
            return "/".join(parts[parts.index(owner) + 1 :])
    return file


# --- report ---------------------------------------------------------------------------------


def ratio(a: float, b: float) -> float:
    return a / b - 1


def targets(runs: list[Run], serves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    at = {(r.n, r.variant): r for r in runs}
    sizes = sorted({r.n for r in runs})
    largest = sizes[-1]
    found: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, unit: str, note: str) -> None:
        met = None if value is None else value <= limit if name != "peak_mib" else value < limit
        found.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": met, "note": note})

    comparisons = [
        # (target, limit, variant, against, what it compares)
        (
            "overhead",
            "overhead",
            "no-checks",
            "mkdocs",
            "planpress build without checks vs plain MkDocs on the same pages",
        ),
        (
            "overhead in one process",
            "overhead",
            ONE_PROCESS,
            "mkdocs",
            "as `overhead`, with both sites built one after the other in one process",
        ),
        ("checks", "checks", "planpress", "no-checks", "planpress build with checks vs without"),
    ]
    for n in sizes:
        for name, limit, variant, against, note in comparisons:
            run, base = at.get((n, variant)), at.get((n, against))
            if run and base:
                add(f"{name} N={n}", ratio(run.seconds, base.seconds), TARGETS[limit], "ratio", note)
    if 100 in sizes and 500 in sizes:
        small, big = at[(100, "planpress")], at[(500, "planpress")]
        add(
            "linearity 100->500",
            big.per_plan / small.per_plan,
            TARGETS["linearity"],
            "x",
            "seconds per plan at N=500 / at N=100",
        )
    elif len(sizes) > 1:
        small, big = at[(sizes[-2], "planpress")], at[(largest, "planpress")]
        add(
            f"linearity {sizes[-2]}->{largest}",
            big.per_plan / small.per_plan,
            TARGETS["linearity"],
            "x",
            "the issue asks for 100->500; these are the two largest sizes run",
        )
    full = at[(largest, "planpress")]
    add(
        f"peak memory N={largest}",
        full.peak_mib,
        TARGETS["peak_mib"],
        "MiB",
        "planpress build" + ("" if largest == 500 else "; the issue asks at N=500"),
    )
    for serve in serves:
        add(
            f"serve N={serve['plans']}",
            serve.get("seconds"),
            TARGETS["serve_seconds"],
            "s",
            "an edited commitment title visible in planpress serve (slowest of the edits)",
        )
    for item in found:
        item["target"] = item["target"].replace("peak memory", "peak_mib")
    return found


def print_report(runs: list[Run], found: list[dict[str, Any]], serves: list[dict[str, Any]]) -> None:
    print(f"\n{'N':>5}  {'variant':<10} {'seconds':>9} {'s/plan':>8} {'peak MiB':>9}")
    for run in runs:
        print(f"{run.n:>5}  {run.variant:<10} {run.seconds:>9.2f} {run.per_plan:>8.3f} {run.peak_mib:>9.0f}")
    for serve in serves:
        edits = ", ".join("-" if t is None else f"{t:.2f}" for t in serve["edits"])
        print(
            f"\nserve N={serve['plans']}: first page after {serve['startup_seconds']:.1f} s; "
            f"edits visible after {edits} s"
        )
    print("\ntargets:")
    for item in found:
        value = item["value"]
        if value is None:
            shown = "n/a"
        elif item["unit"] == "ratio":
            shown = f"{value:+.1%} (limit {item['limit']:+.0%})"
        elif item["unit"] == "MiB":
            shown = f"{value:.0f} MiB (limit < {item['limit']:.0f})"
        else:
            shown = f"{value:.2f}{item['unit']} (limit {item['limit']}{item['unit']})"
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[item["met"]]
        print(f"  {item['target']:<22} {shown:<32} {verdict}")


def environment() -> dict[str, Any]:
    from importlib.metadata import version

    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "planpress": version("planpress"),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "commit": commit or None,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_plain-build"]:
        plain_build(Path(argv[1]), Path(argv[2]), argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 500], help="numbers of plans")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json", help="JSON results")
    parser.add_argument("--variants", nargs="+", choices=[*VARIANTS, ONE_PROCESS], default=list(VARIANTS))
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build; the fastest counts")
    parser.add_argument("--no-serve", action="store_true", help="skip the `planpress serve` timing")
    parser.add_argument(
        "--serve-size",
        type=int,
        nargs="+",
        default=[3],
        help="plans in each project served, one serve run per size (3: one of each sample)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile `planpress build` at the largest N")
    parser.add_argument(
        "--workdir", type=Path, help="where to make the projects (default: a temporary folder)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the projects, logs and profile")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--fail-on-targets", action="store_true", help="exit status 1 if a target is missed")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="planpress-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"environment": environment(), "sizes": args.sizes, "projects": {}}
    runs: list[Run] = []
    serves: list[dict[str, Any]] = []
    try:
        for n in sorted(set(args.sizes)):
            project = workdir / f"plans-{n}"
            started = time.perf_counter()
            facts = make_project(ROOT, project, n, args.seed)
            facts.update(write_configs(project, plain="mkdocs" in args.variants))
            facts["setup_seconds"] = round(time.perf_counter() - started, 2)
            results["projects"][str(n)] = facts
            print(
                f"N={n}: {facts['plan_files']} plan files, {facts['generated_pages']} generated pages "
                f"(set up in {facts['setup_seconds']} s)",
                flush=True,
            )
            for variant in args.variants:
                if variant == WARM:
                    if facts.get("edit") is None:
                        print("  warm: no single-file plan with a commitment to edit; skipped")
                        continue
                    run = run_warm(project, n, facts["edit"], args.repeat)
                else:
                    run = run_variant(project, n, variant, args.repeat)
                runs.append(run)
                print(f"  {variant:<10} {run.seconds:8.2f} s  {run.peak_mib:6.0f} MiB", flush=True)
            results["runs"] = [asdict(r) | {"per_plan": r.per_plan} for r in runs]
            args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        for size in [] if args.no_serve else sorted(set(args.serve_size)):
            project = workdir / f"plans-{size}"
            facts = results["projects"].get(str(size)) or make_project(ROOT, project, size, args.seed)
            if facts.get("edit") is None:
                print(f"serve N={size}: no single-file plan with a commitment to edit; skipped")
                continue
            print(f"serve N={size}...", flush=True)
            serve = time_serve(project, facts["edit"])
            serve["plans"] = size
            serves.append(serve)
            results["serve"] = serves
        if args.profile:
            project = workdir / f"plans-{max(args.sizes)}"
            print(f"profiling planpress build at N={max(args.sizes)}...", flush=True)
            results["profile"] = profile_build(project)
            results["profile"]["plans"] = max(args.sizes)
        found = targets(runs, serves) if runs else []
        results["targets"] = found
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print_report(runs, found, serves)
        if args.profile:
            print(
                f"\nprofile (N={max(args.sizes)}, {results['profile']['seconds']} s under cProfile), "
                "top cumulative of planpress/mkdocs/material:"
            )
            for row in results["profile"]["top_cumulative"]:
                print(f"  {row['cumtime']:8.2f} s {row['share']:6.1%}  {row['function']}")
        print(f"\nwrote {args.out}")
        if args.fail_on_targets and any(item["met"] is False for item in found):
            return 1
    finally:
        if args.keep or args.workdir:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
