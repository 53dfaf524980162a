"""A project's settings, read once and typed: what every engine and `planpress check` build from.

They live in `extra.planpress` of mkdocs.yml (mkdocs.easyread.yml sets `site: easy-read`),
where MkDocs and Zensical both keep `extra` as it is, so one file serves every engine:

    extra:
      planpress:
        site: standard          # or easy-read
        plans: plans            # the folder of plan files, next to mkdocs.yml
        easyread: easyread      # easy read versions, word bank and pictures
        checks: true            # false: build without the quality gate
        easy_read_config: mkdocs.easyread.yml   # built into easy-read/ alongside the standard site
        rules:                  # change a profile's defaults (EASY-READ.md)
          plain: {sentence-length: {max: 30}}
          easy-read: {}

A setting that does not exist is an error, like a misspelt rule: a typo never quietly
builds with the default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planpress.checks.gate import GateSettings, gate_settings
from planpress.checks.rules import SettingsError
from planpress.site import EASY_READ_CONFIG, SiteFolders

FOLDER_SETTINGS = {"plans": "plans", "easyread": "easyread", "easy_read_config": EASY_READ_CONFIG}
"""The settings that name a file or folder next to mkdocs.yml, with their defaults."""
SETTINGS = frozenset({"site", "checks", "rules", *FOLDER_SETTINGS})


@dataclass(frozen=True)
class Settings:
    """One site's settings: its checks, where its sources are, and its easy read site's config."""

    gate: GateSettings
    folders: SiteFolders
    easy_read_config: Path | None
    """The easy read site's settings, built along with this one: only for the standard
    site, and only when the file is there."""


def project_settings(
    config: Mapping[str, Any], root: Path, *, site: str | None = None, overrides: Path | None = None
) -> Settings:
    """Read `extra.planpress` of a site's settings (`config`, as loaded); `site` forces the
    site's kind. `SettingsError` lists every mistake, each with where it is."""
    extra = config.get("extra") or {}
    found = extra.get("planpress") if isinstance(extra, Mapping) else None
    if found is None:
        found = {}
    if not isinstance(found, Mapping):
        raise SettingsError(["extra.planpress: give planpress's settings as a mapping (setting: value)"])
    problems = [
        f"extra.planpress.{key}: '{key}' is not a planpress setting: use {', '.join(sorted(SETTINGS))}"
        for key in found
        if key not in SETTINGS
    ]
    named: dict[str, str] = {}
    for key, default in FOLDER_SETTINGS.items():
        value = found.get(key, default)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"extra.planpress.{key}: give a file or folder name next to mkdocs.yml")
        else:
            named[key] = value
    try:
        gate = gate_settings({**found, "site": site} if site is not None else found)
    except SettingsError as error:
        problems.extend(error.problems)
    if problems:
        raise SettingsError(problems)
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, Mapping) else None
    folders = SiteFolders(
        root,
        root / named["plans"],
        root / named["easyread"],
        overrides or (root / str(custom_dir) if custom_dir else root / "overrides"),
    )
    easy_read = root / named["easy_read_config"]
    return Settings(gate, folders, easy_read if gate.site == "standard" and easy_read.is_file() else None)


class ConfigError(ValueError):
    """A settings file that cannot be read as YAML settings; the message says why, in one line."""


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's YAML: plain data and `!ENV [NAME, default]`."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = (
            [str(v) for v in values[:-1]] or [str(values[0])],
            values[-1] if len(values) > 1 else None,
        )
    return next((os.environ[name] for name in names if name in os.environ), default)


_EnvLoader.add_constructor("!ENV", _env)


def read_config(config_file: Path) -> dict[str, Any]:
    """A site's settings file as data, with `INHERIT:` merged in (lists replaced, as MkDocs
    does), for what reads it without an engine (`planpress check`, Zensical's build)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_EnvLoader)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"{config_file.name} cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file.name} must be a mapping of settings")
    parent = data.pop("INHERIT", None)
    if parent:
        return _merge(read_config(config_file.parent / str(parent)), data)
    return dict(data)


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = (
            _merge(merged[key], value)
            if isinstance(value, dict) and isinstance(merged.get(key), dict)
            else value
        )
    return merged
