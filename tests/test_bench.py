"""The benchmark (bench/run.py) at N = 10, as a smoke test: it runs, and every build in it
succeeds. Its timings are not checked here: they belong to bench/results.json. Slow: it
builds ten plans three ways and serves them, so it runs with `./run slow`, not in CI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .sitebuild import ENV, ROOT


@pytest.mark.slow  # about two minutes of CI: run with `./run slow`
def test_the_benchmark_runs_at_ten_plans(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "10", "--out", str(out)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads(out.read_text())
    runs = {run["variant"]: run for run in results["runs"]}
    assert sorted(runs) == ["mkdocs", "no-checks", "planpress", "warm"]
    assert all(run["ok"] and run["seconds"] > 0 and run["peak_mib"] > 0 for run in runs.values())
    assert results["projects"]["10"]["plans"] == 10
    [serve] = results["serve"]
    assert serve["plans"] == 3 and len(serve["edits"]) == 3 and all(serve["edits"])
    assert {t["target"] for t in results["targets"]} >= {"overhead N=10", "checks N=10", "serve N=3"}
