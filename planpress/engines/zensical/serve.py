"""Preview both sites built by Zensical: `planpress serve --engine zensical`.

Zensical's own server watches one Zensical project, and planpress's pipeline (the pages
made from YAML, the easy read site, the checks) runs before Zensical does. So the
preview (`planpress.preview`) has this builder rebuild both sites whole with
`build.build_site` when a source changes (Zensical's builds are quick), and serves the
last good build.
"""

from __future__ import annotations

from pathlib import Path

from planpress.engines.zensical.build import build_site
from planpress.pages.easyread import EASY_READ_FOLDER
from planpress.preview import Echo
from planpress.publish import BuildResult


class ZensicalPreview:
    """Both sites, built whole into `site/` of the preview's folder, the easy read one inside it."""

    def __init__(self, config_file: Path, folder: Path) -> None:
        self.config_file = config_file
        self.standard = folder / "site"
        self.easy_read = self.standard / EASY_READ_FOLDER

    def build(self, changed: frozenset[Path], echo: Echo) -> BuildResult:
        return build_site(self.config_file, self.standard, strict=False, echo=echo)
