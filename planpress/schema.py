"""JSON Schemas of the source files, so editors can autocomplete and underline mistakes."""

from __future__ import annotations

from typing import Any

from planpress.easyread.sources import EasyReadVersion, PictureLibrary, WordBank
from planpress.plan.model import Located, Plan
from planpress.plan.tables import WORKED_OUT_SCHEMA

SCHEMA_BASE = "https://planpress.example/schema/"

SCHEMAS: dict[str, type[Located]] = {
    "plan": Plan,
    "easyread": EasyReadVersion,
    "words": WordBank,
    "pictures": PictureLibrary,
}
"""Each kind of source file, by the name of its schema file `schema/<kind>.schema.json`."""


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind of source file, as committed in `schema/`."""
    schema = SCHEMAS[kind].model_json_schema(mode="validation")
    if kind == "plan":
        schema["properties"]["worked_out"] = WORKED_OUT_SCHEMA
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        **schema,
    }
