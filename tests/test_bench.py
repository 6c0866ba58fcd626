"""`make bench` times every helper the notebooks call (`benchmarks/bench.py`, `HELPERS`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_times_every_helper_the_notebooks_call():
    bench = load_bench()
    called = bench.notebook_helpers()
    assert "stats.theme_comparison" in called and "theme_counts" in called
    assert sorted(called - set(bench.HELPERS)) == []
