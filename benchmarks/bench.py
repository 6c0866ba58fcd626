"""Benchmarks: ``python benchmarks/bench.py [DATA_DIR]`` prints one ``name: value`` per line.

Each benchmark is a function returning a dict of named results; add new ones
to ``BENCHMARKS``.  Timings are the best of ``REPEATS`` runs after a warm-up.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Callable

import pandas as pd

from amm58.data import DEFAULT_DATA_DIR, load_dataset

REPEATS = 7


def best_times(*funcs: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    """Best wall-clock seconds of ``repeats`` calls of each function, after one warm-up call each.

    The functions take turns, so a burst of load on the machine hits them alike.
    """
    for func in funcs:
        func()
    times = [[] for _ in funcs]
    for _ in range(repeats):
        for func, runs in zip(funcs, times):
            start = time.perf_counter()
            func()
            runs.append(time.perf_counter() - start)
    return [min(runs) for runs in times]


def csv_paths(data_dir: Path) -> list[Path]:
    """The CSV files the descriptor lists, in descriptor order."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    return [data_dir / r["path"] for r in descriptor["resources"]]


def bench_load_vs_read_csv(data_dir: Path) -> dict[str, float]:
    """Full validated load against a bare ``pd.read_csv`` of the same files."""
    paths = csv_paths(data_dir)

    def read_all() -> list[pd.DataFrame]:
        return [pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8") for p in paths]

    load, read = best_times(lambda: load_dataset(data_dir), read_all)
    return {
        "load_vs_read_csv": load / read,
        "load_dataset_seconds": load,
        "read_csv_seconds": read,
    }


BENCHMARKS: list[Callable[[Path], dict[str, float]]] = [bench_load_vs_read_csv]


def main(argv: list[str]) -> int:
    """Run every benchmark and print its results, one per line."""
    data_dir = Path(argv[0]) if argv else DEFAULT_DATA_DIR
    for bench in BENCHMARKS:
        for name, value in bench(data_dir).items():
            print(f"{name}: {value:.4g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
