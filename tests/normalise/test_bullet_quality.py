"""Quality floor on CNN highlights: the default beats Lead-3 on the held-back half (slow)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_default_beats_lead3_on_held_back_articles() -> None:
    spec = importlib.util.spec_from_file_location("bench_bullets", REPO / "bench" / "bullets.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_bullets"] = bench
    spec.loader.exec_module(bench)
    rows = bench.load()[bench.HELD][:200]
    from crawler.normalise import ExtractiveGenerator

    result = bench.evaluate(bench.reference_tool(), rows, ExtractiveGenerator())
    default, lead = result["default"], result["lead3"]
    assert default["R1"] >= lead["R1"] + 1.0
    assert default["RL"] >= lead["RL"] + 1.0
    assert result["cpu_ms"] < 20
    assert 3 <= default["bullets"] <= 5
