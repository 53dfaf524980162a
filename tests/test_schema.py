"""The committed JSON Schema matches the model, and every sample plan points editors at it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # no stubs pinned
from click.testing import CliRunner

from planpress.cli import cli
from planpress.schema import SCHEMAS, json_schema

ROOT = Path(__file__).parent.parent


def test_committed_schemas_are_current() -> None:
    for kind in SCHEMAS:
        committed = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text())
        assert committed == json_schema(kind), "run: planpress schema --all-to schema/"


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["additionalProperties"] is False


def test_sample_plans_point_at_the_schema() -> None:
    plans = sorted((ROOT / "plans").rglob("*.yml"))
    assert plans
    for plan in plans:
        schema = "../" * (len(plan.relative_to(ROOT / "plans").parts)) + "schema/plan.schema.json"
        assert plan.read_text().startswith(f"# yaml-language-server: $schema={schema}\n")


def test_every_plan_field_is_documented() -> None:
    """Editors show these descriptions; the format guide lists every field."""
    guide = (ROOT / "PLAN-FORMAT.md").read_text()
    schema = json_schema("plan")
    for name, definition in [("Plan", schema), *schema["$defs"].items()]:
        assert definition.get("description"), f"{name} has no docstring"
        for field in definition.get("properties", {}):
            assert f"`{field}`" in guide, f"{name}.{field} is not in PLAN-FORMAT.md"


def test_every_easy_read_field_is_documented() -> None:
    guide = (ROOT / "PLAN-FORMAT.md").read_text().split("## Easy read versions", 1)[1]
    for kind in ("easyread", "words", "pictures"):
        schema = json_schema(kind)
        for name, definition in [(kind, schema), *schema.get("$defs", {}).items()]:
            for field in definition.get("properties", {}):
                if name == "Contact" or field in ("accept", "reason"):
                    continue  # listed with `contact`, and in "Accepting a reading finding"
                assert f"`{field}`" in guide, f"{kind}: {name}.{field} is not in PLAN-FORMAT.md"


def test_plan_json_holds_the_worked_out_totals_and_fits_the_schema() -> None:
    """A stated total that disagrees (kept as published) shows both figures; a blank one the sum."""
    from planpress.pages.feeds import plan_json
    from planpress.plan.load import load_plan

    plan = load_plan(ROOT / "tests" / "site-plans" / "kitchen-sink.yml").plan
    data = json.loads(plan_json(plan))
    jsonschema.validate(data, json_schema("plan"))
    population = data["worked_out"]["tables"]["population"]
    assert {"row": 2, "column": 3, "stated": "4,262", "computed": "2,262"} in population
    assert {"row": 2, "column": 2, "stated": None, "computed": "2,240"} in population
    assert data["worked_out"]["finance"]["transformation-bid"] == {
        "by_year": {"2021/22": "400000", "2022/23": "340000"},
        "undated": "500000",
        "overall": "1240000",
        "match_funding": "50000",
        "stated": "1300000",
    }
