"""The JSON Schema of a plan file, so editors can autocomplete and underline mistakes."""

from __future__ import annotations

from typing import Any

from planpress.model import Plan

SCHEMA_ID = "https://planpress.example/schema/plan.schema.json"


def plan_json_schema() -> dict[str, Any]:
    """The schema of `plans/*.yml`, as committed in `schema/plan.schema.json`."""
    schema = Plan.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
