"""Quality floor: extraction over the shared corpus must not score below the pinned baseline.

The baseline (``bench/baselines/extraction.json``) holds the overall and per-language figures of
``bench/extraction.py``; lowering one is a deliberate change made in the same commit.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "bench" / "baselines" / "extraction.json"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extraction", REPO / "bench" / "extraction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def measured() -> dict:
    bench = _bench()
    corpus = bench.corpus_dir()
    assert corpus.is_dir(), f"corpus not found at {corpus} (set NEWSARCHIVE_CORPUS)"
    return bench.evaluate(corpus)


@pytest.mark.slow
def test_overall_figures_stay_above_the_floor(measured: dict) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert measured["documents"] == baseline["documents"]
    drops = {
        m: (measured["overall"][m], floor)
        for m, floor in baseline["overall"].items()
        if measured["overall"][m] < floor
    }
    assert not drops, f"quality dropped below the baseline (measured, floor): {drops}"


@pytest.mark.slow
def test_per_language_figures_stay_above_the_floor(measured: dict) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    drops = {
        (lang, m): (measured["by_language"][lang][m], floor)
        for lang, figures in baseline["by_language"].items()
        for m, floor in figures.items()
        if measured["by_language"].get(lang, {}).get(m, 0.0) < floor
    }
    assert not drops, f"per-language quality dropped below the baseline (measured, floor): {drops}"
