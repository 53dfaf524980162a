"""MkDocs hooks for the standard site: a thin adapter over `planpress.site`.

`on_config` loads every plan (all problems at once; each logged as one line,
`file:line:col: path: message`, then the build stops without a traceback) and opens the
`plans/index.md` menu entry into every plan's pages. `on_files` adds the pages as
generated files: nothing is written into `docs/`.

Settings, all optional, in mkdocs.yml:

    extra:
      planpress:
        plans: plans            # the folder of plan files, next to mkdocs.yml
        easy_read_site: false   # true: link each plan to its easy read version
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from planpress.render import Page
from planpress.site import collect_site_pages, expand_nav
from planpress.source import SourceError

log = logging.getLogger("mkdocs.plugins.planpress")

_pages: list[Page] = []
"""The pages of the build under way, from `on_config` to `on_files`."""


def _settings(config: MkDocsConfig) -> dict[str, Any]:
    extra: Any = config.extra or {}
    found = extra.get("planpress") or {}
    if not isinstance(found, dict):
        raise Abort("extra.planpress in mkdocs.yml must be a mapping of settings")
    return found


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    settings = _settings(config)
    custom_dir = config.theme.custom_dir
    override_dir = Path(custom_dir) if custom_dir else root / "overrides"
    plans_dir = root / str(settings.get("plans", "plans"))
    try:
        pages = collect_site_pages(
            plans_dir,
            override_dir,
            root=root,
            easy_read=bool(settings.get("easy_read_site", False)),
            easyread_dir=root / str(settings.get("easyread", "easyread")),
            directory_urls=config.use_directory_urls,
        )
    except SourceError as error:
        for problem in error.problems:
            log.error(str(problem))
        count = len(error.problems)
        raise Abort(
            f"planpress: {count} problem{'s' if count != 1 else ''} in the plan files, listed above. "
            "Nothing was built: fix them and build again (`planpress check` lists them too)."
        ) from None
    _pages[:] = pages
    config.nav = expand_nav(config.nav, pages)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Page templates in overrides/ are for planpress, not files of the site.
    for file in [f for f in files if f.src_uri.endswith(".jinja") and not f.is_documentation_page()]:
        files.remove(file)
    for page in _pages:
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            raise Abort(
                f"planpress: docs/{page.path} is a hand-written page where planpress puts a generated "
                "one: rename or remove it"
            )
        files.append(File.generated(config, page.path, content=page.markdown))
    return files
