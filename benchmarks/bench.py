"""Benchmarks: ``python benchmarks/bench.py [DATA_DIR]`` prints one ``name: value`` per line.

Every headline figure is a ratio (or an exponent) measured side by side in the same run, so it
means the same on a slow and a fast machine, and is printed with its target; absolute seconds
follow as context lines.

* ``load_vs_frictionless_1x`` and ``load_vs_frictionless_100x``: ``load_dataset()`` (reading
  and full validation) against ``frictionless.validate()`` of the same package, both in this
  process after the imports: the real ``data/`` and a synthetic package 100 times its size
  (``amm58.synthetic``). Both tools' verdicts are printed, so a reader sees that they agree.
* ``suite_vs_required``: strict nbval over every notebook in ``notebooks/``, serially, against
  the same command over as many notebooks that do only what each notebook cannot skip: import
  pandas and pyplot, import amm58 and ``load_dataset()`` the real package (pandera validation
  included) and, in the notebooks that call ``stats.``, import the scipy and statsmodels
  modules behind their intervals and tests. It is what the analysis, tables and figures add.
  Context lines, in the same rotation: ``suite_vs_floor`` and ``required_vs_floor``, against as
  many trivial notebooks that only import pandas and pyplot.
* ``scale_exponent``: the slope of log(time) against log(size) for ``load_dataset()`` plus
  every analysis, method and stats helper the notebooks call (``HELPERS``, with the notebooks'
  arguments), on synthetic packages 1, 10 and 100 times the real one (and 1000 with ``--full``,
  which takes several minutes more).

Context lines follow the figures: the absolute seconds (``scale_1000x_seconds`` with ``--full``),
the local exponent between the two largest scales, and the cost of the ``findings`` sentences
at 10x and 100x (they are not in the scale workload: see docs/performance.md). Each ratio's
``_spread`` line gives the lowest and highest ratio of the single rounds, so a reader sees how
far one run of the script can move it. ``--only NAME`` runs one benchmark
(``load_vs_frictionless``, ``suite_vs_required`` or ``scale``); ``--breakdown SCALE`` prints the
seconds of each step of the scale workload at one scale, slowest first.

Each benchmark is a function returning a dict of named results; add new ones to
``BENCHMARKS`` and their targets to ``TARGETS``. Timings are the best of several rounds after a
warm-up, the contenders taking turns within a round so that a burst of load on the machine hits
them alike. The rounds are as few as the spread allows, so that ``make bench`` ends in about
five minutes on a 2-core machine: seven for the 1x load, two for the 100x load (frictionless
takes seconds there), two for the notebook suites, and five, three and two at the scales
(one at 1000x with ``--full``).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from amm58 import analysis as A
from amm58 import findings as F
from amm58 import method as M
from amm58 import stats as S
from amm58.data import DEFAULT_DATA_DIR, DatasetError, load_dataset
from amm58.synthetic import write_synthetic

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
REPEATS = 7
SCALES = (1, 10, 100)
#: With ``--full``: the 1000x package too (a minute or more a run since the method issue's
#: bootstraps and permutations, so not in the default run that must end in five minutes).
FULL_SCALES = (1, 10, 100, 1000)
SCALE_REPEATS = {1: 5, 10: 3, 100: 2, 1000: 1}  # rounds per scale
FINDINGS_SCALES = (10, 100)


def round_times(*funcs: Callable[[], object], repeats: int = REPEATS, warmup: bool = True) -> list[list[float]]:
    """Wall-clock seconds of ``repeats`` rounds in which each function is called once, after
    one warm-up call each: one list per function, one entry per round.

    The functions take turns, so a burst of load on the machine hits them alike.
    """
    if warmup:
        for func in funcs:
            func()
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeats):
        for func, runs in zip(funcs, times, strict=True):
            start = time.perf_counter()
            func()
            runs.append(time.perf_counter() - start)
    return times


def best_times(*funcs: Callable[[], object], repeats: int = REPEATS, warmup: bool = True) -> list[float]:
    """Best wall-clock seconds of each function over ``round_times``' rounds."""
    return [min(runs) for runs in round_times(*funcs, repeats=repeats, warmup=warmup)]


def ratio(numerator: list[float], denominator: list[float]) -> tuple[float, str]:
    """The ratio of the two contenders' best times, and the spread of the single rounds'
    ratios as ``"lowest-highest"``."""
    rounds = [a / b for a, b in zip(numerator, denominator, strict=True)]
    return min(numerator) / min(denominator), f"{min(rounds):.3f}-{max(rounds):.3f}"


# --- load against frictionless ---------------------------------------------------------

LOAD_SCALES = {1: REPEATS, 100: 2}  # scale -> rounds (frictionless takes 7-8 s a run at 100x)


def frictionless_valid(data_dir: Path) -> bool:
    """``frictionless.validate()`` of the package in ``data_dir``: is it valid?"""
    import frictionless

    return bool(frictionless.validate(str(data_dir / "datapackage.json")).valid)


def load_valid(data_dir: Path) -> bool:
    """``load_dataset()`` of the package in ``data_dir``: does it load (is it valid)?"""
    try:
        load_dataset(data_dir)
    except DatasetError:
        return False
    return True


def bench_load_vs_frictionless(data_dir: Path) -> dict[str, object]:
    """Validated load against ``frictionless.validate()`` of the same package, at 1x and 100x."""
    import frictionless  # noqa: F401  (imported before any timing)

    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="amm58-load-") as tmp:
        for scale, repeats in LOAD_SCALES.items():
            folder = (
                data_dir if scale == 1 else write_synthetic(Path(tmp) / f"x{scale}", scale, seed=0, data_dir=data_dir)
            )
            load, fric = round_times(
                lambda f=folder: load_valid(f), lambda f=folder: frictionless_valid(f), repeats=repeats
            )
            value, spread = ratio(load, fric)
            results[f"load_vs_frictionless_{scale}x"] = value
            results[f"load_vs_frictionless_{scale}x_spread"] = spread
            results[f"load_dataset_{scale}x_seconds"] = min(load)
            results[f"frictionless_{scale}x_seconds"] = min(fric)
            results[f"load_dataset_{scale}x_valid"] = load_valid(folder)
            results[f"frictionless_{scale}x_valid"] = frictionless_valid(folder)
    return results


# --- the notebook suite against its floor -----------------------------------------------

FLOOR_CELLS = ["import pandas", "import matplotlib.pyplot"]
#: What every notebook must do before it shows anything: import the package and load (read
#: and validate) the data package.
LOAD_CELL = "from amm58 import load_dataset\n\nds = load_dataset({data_dir!r})"
#: What a notebook that shows intervals or tests (it calls ``stats.``) imports on top.
STATS_LIBS_CELL = "import scipy.stats\nimport statsmodels.stats.multitest\nimport statsmodels.stats.proportion"


def write_notebooks(folder: Path, cells: list[list[str]]) -> list[Path]:
    """One notebook per entry of ``cells`` (its code cells), in ``folder``.

    Their cells print nothing, so the committed outputs (none) are what nbval expects and
    they need no execution beforehand.
    """
    import nbformat

    paths = []
    for i, sources in enumerate(cells):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
        path = folder / f"{i:02d}_bench.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def write_floor_notebooks(folder: Path, n: int) -> list[Path]:
    """``n`` trivial notebooks that only import pandas and pyplot."""
    return write_notebooks(folder, [FLOOR_CELLS] * n)


def write_required_notebooks(folder: Path, notebooks: list[Path], data_dir: Path) -> list[Path]:
    """One notebook per notebook of ``notebooks`` doing only what it cannot skip: the floor's
    imports, importing amm58 and loading the package, and, where the notebook calls
    ``stats.``, importing the scipy and statsmodels modules that compute its intervals."""
    load = LOAD_CELL.format(data_dir=str(data_dir.resolve()))
    return write_notebooks(
        folder, [FLOOR_CELLS + [load] + ([STATS_LIBS_CELL] if calls_stats(path) else []) for path in notebooks]
    )


def calls_stats(notebook: Path) -> bool:
    """Does a code cell of the notebook call a function of ``amm58.stats``?"""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return any(re.search(r"\bstats\.\w+\(", "".join(c["source"])) for c in cells if c["cell_type"] == "code")


def nbval_seconds(paths: list[Path]) -> float:
    """Wall-clock seconds of strict nbval over ``paths``, serially (no addopts, no xdist)."""
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "-q",
        *map(str, paths),
    ]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"nbval failed ({' '.join(cmd)}):\n{done.stdout[-3000:]}")
    return seconds


def bench_suite_vs_required(data_dir: Path, repeats: int = 2) -> dict[str, object]:
    """Strict nbval over every notebook against the same over as many notebooks that do only
    what each notebook cannot skip (`write_required_notebooks`): what the analysis, tables and
    figures add. As context, both against as many trivial notebooks (`write_floor_notebooks`)."""
    notebooks = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="amm58-floor-") as tmp:
        (Path(tmp) / "floor").mkdir()
        (Path(tmp) / "required").mkdir()
        floor = write_floor_notebooks(Path(tmp) / "floor", len(notebooks))
        required = write_required_notebooks(Path(tmp) / "required", notebooks, data_dir)
        suite, floor_s, required_s = round_times(
            lambda: nbval_seconds(notebooks),
            lambda: nbval_seconds(floor),
            lambda: nbval_seconds(required),
            repeats=repeats,
            warmup=False,
        )
    suite_vs_required, required_spread = ratio(suite, required_s)
    suite_vs_floor, floor_spread = ratio(suite, floor_s)
    return {
        "suite_vs_required": suite_vs_required,
        "suite_vs_required_spread": required_spread,
        "suite_vs_floor": suite_vs_floor,
        "suite_vs_floor_spread": floor_spread,
        "required_vs_floor": ratio(required_s, floor_s)[0],
        "suite_seconds": min(suite),
        "floor_seconds": min(floor_s),
        "required_seconds": min(required_s),
        "notebooks": len(notebooks),
        "notebooks_calling_stats": sum(map(calls_stats, notebooks)),
    }


# --- scale ---------------------------------------------------------------------------------


def _evidence_ids(counts: pd.DataFrame) -> str:
    """The passage ids behind the largest bar of the theme chart (a `theme_counts` frame)."""
    return counts.sort_values("n_passages", ascending=False, kind="stable").passage_ids.iloc[0]


def _themes_shown(ds) -> list[str]:
    """The themes notebook 01 shows the evidence of (the first four core themes if renamed)."""
    wanted = ["solidarity", "centrality", "fta", "digital_economy"]
    known = set(ds.themes["theme_id"].astype(str))
    if set(wanted) <= known:
        return wanted
    return list(ds.themes.sort_values("sort_order")["theme_id"].astype(str))[:4]


#: Every analysis, method and stats call of the notebooks, notebook by notebook, with the
#: notebooks' arguments. Each takes the dataset and the results so far (``theme_table`` and
#: ``evidence`` read ``theme_counts``, ``method.confusion_table`` the dictionary agreement).
HELPERS: dict[str, Callable[[object, dict], object]] = {
    # 00 dataset tour
    "passages_per_source": lambda ds, done: A.passages_per_source(ds),
    "stats.kappa_intervals": lambda ds, done: S.kappa_intervals(ds),
    "stats.pass_comparison": lambda ds, done: S.pass_comparison(ds),  # via chapters.pass_c_table
    "stats.case_note_agreement": lambda ds, done: S.case_note_agreement(ds),
    "variant_spellings": lambda ds, done: A.variant_spellings(ds),
    "theme_counts": lambda ds, done: A.theme_counts(ds),
    "evidence": lambda ds, done: A.evidence(ds, _evidence_ids(done["theme_counts"])),
    # 01 themes
    "theme_table": lambda ds, done: A.theme_table(done["theme_counts"]),
    "stats.theme_comparison": lambda ds, done: S.theme_comparison(ds),
    "stats.partner_comparison": lambda ds, done: S.partner_comparison(ds),
    "stats.robustness": lambda ds, done: S.robustness(ds),
    "stats.bonferroni_level": lambda ds, done: S.bonferroni_level(len(done["stats.theme_comparison"])),
    "stats.design_sensitivity": lambda ds, done: S.design_sensitivity(ds),
    "stats.coding_sensitivity": lambda ds, done: S.coding_sensitivity(ds),
    "stats.cooccurrence_vs_chance": lambda ds, done: S.cooccurrence_vs_chance(ds),
    "theme_cooccurrence": lambda ds, done: A.theme_cooccurrence(ds),
    "codebook": lambda ds, done: A.codebook(ds),  # the theme order of the figures of 01 and 05
    "theme_positions": lambda ds, done: A.theme_positions(ds, core_only=True),
    "theme_evidence": lambda ds, done: [A.theme_evidence(ds, t) for t in _themes_shown(ds)],
    # 02 trade and agreements
    "progress_counts": lambda ds, done: A.progress_counts(ds, by="kind"),
    "fta_partners": lambda ds, done: A.fta_partners(ds),
    "agreement_status_by_stage": lambda ds, done: A.agreement_status_by_stage(ds),
    "agreement_progress": lambda ds, done: A.agreement_progress(ds),
    # 03 partner coverage
    "partner_coverage": lambda ds, done: A.partner_coverage(ds, kinds=A.PARTNER_KINDS),
    "partner_contexts": lambda ds, done: A.partner_contexts(ds),
    "partner_links": lambda ds, done: A.partner_links(ds),
    "coverage_by_kind": lambda ds, done: A.coverage_by_kind(ds),
    "passages_per_stage": lambda ds, done: A.passages_per_stage(ds),  # the partner chart's denominators
    # 04 Vietnam's roles
    "role_timeline": lambda ds, done: A.role_timeline(ds, start=2021, end=2031),
    "roles_announced_reported": lambda ds, done: A.roles_announced_reported(ds),
    "meetings_by_role": lambda ds, done: A.meetings_by_role(ds),
    "message_attribution": lambda ds, done: A.message_attribution(ds),
    # 05 before and after (it also calls stats.theme_comparison and agreement_status_by_stage)
    "agenda_outcomes": lambda ds, done: A.agenda_outcomes(ds),
    "agenda_levels_compared": lambda ds, done: A.agenda_levels_compared(ds),
    "stats.agenda_agreement": lambda ds, done: S.agenda_agreement(ds),
    "agenda_split_comparison": lambda ds, done: A.agenda_split_comparison(ds),
    "achieved_by_actor": lambda ds, done: A.achieved_by_actor(ds),
    # 06 method check
    "method.dictionary_agreement": lambda ds, done: M.dictionary_agreement(ds, core_only=False),
    "method.dictionary_intervals": lambda ds, done: M.dictionary_intervals(done["method.dictionary_agreement"]),
    "method.confusion_table": lambda ds, done: M.confusion_table(done["method.dictionary_agreement"], "fta"),
    "method.dictionary_disagreements": lambda ds, done: M.dictionary_disagreements(ds, core_only=False),
    "method.stage_term_counts": lambda ds, done: M.stage_term_counts(ds),
    "method.distinctive_terms": lambda ds, done: M.distinctive_terms(ds, top=10, min_count=3, n_draws=M.N_DRAWS),
    "method.prior_sensitivity": lambda ds, done: M.prior_sensitivity(ds),
    "method.shown_prior_null": lambda ds, done: M.shown_prior_null(ds),  # the word ranking's note
    "method.length_and_density": lambda ds, done: M.length_and_density(ds),
    "stats.codes_and_length": lambda ds, done: S.codes_and_length(ds),
}

#: The modules whose calls in the notebooks must all be in ``HELPERS`` (analysis calls unprefixed).
HELPER_MODULES = ("analysis", "method", "stats")


def notebook_helpers() -> set[str]:
    """The names of the analysis, method and stats functions that the notebooks call."""
    called = set()
    for path in NOTEBOOKS.glob("0*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                for module in HELPER_MODULES:
                    prefix = "" if module == "analysis" else f"{module}."
                    called |= {prefix + f for f in re.findall(rf"\b{module}\.(\w+)\(", src)}
    return called


def check_coverage() -> None:
    """Fail loudly when a notebook calls a helper this benchmark does not time."""
    missing = notebook_helpers() - set(HELPERS)
    if missing:
        raise SystemExit(f"bench.py: add these notebook helpers to HELPERS: {sorted(missing)}")


def run_helpers(ds) -> dict[str, object]:
    """Every helper of ``HELPERS`` on ``ds``, in order; their results by name."""
    done: dict[str, object] = {}
    for name, helper in HELPERS.items():
        done[name] = helper(ds, done)
    return done


def workload(data_dir: Path) -> object:
    """What the notebooks compute: a validated load and every helper they call."""
    ds = load_dataset(data_dir)
    return run_helpers(ds)


def findings_workload(data_dir: Path) -> object:
    """The key-findings sentences of every notebook (``findings.ALL``) on a loaded dataset."""
    ds = load_dataset(data_dir)
    return [find(ds) for find in F.ALL.values()]


def bench_scale(data_dir: Path, scales: tuple[int, ...] = SCALES) -> dict[str, float]:
    """The workload on synthetic packages 1x..100x the real one (``FULL_SCALES``, to 1000x, with
    ``--full``): the exponent, and the seconds at each scale."""
    check_coverage()
    results: dict[str, float] = {}
    seconds = []
    with tempfile.TemporaryDirectory(prefix="amm58-scale-") as tmp:
        for scale in scales:
            folder = write_synthetic(Path(tmp) / f"x{scale}", scale, seed=0, data_dir=data_dir)
            (work,) = best_times(lambda f=folder: workload(f), repeats=SCALE_REPEATS[scale])
            seconds.append(work)
            results[f"scale_{scale}x_seconds"] = work
            if scale in FINDINGS_SCALES:  # context only: findings are not in the workload (see docs)
                (findings_s,) = best_times(lambda f=folder: findings_workload(f), repeats=3)
                results[f"findings_{scale}x_seconds"] = findings_s
    slope = np.polyfit(np.log(scales), np.log(seconds), 1)[0]
    top = scales[-1]
    lo, hi = FINDINGS_SCALES
    return {
        "scale_exponent": float(slope),
        f"scale_exponent_{scales[-2]}x_{top}x": float(np.log(seconds[-1] / seconds[-2]) / np.log(top / scales[-2])),
        **results,
        f"findings_exponent_{lo}x_{hi}x": float(
            np.log(results[f"findings_{hi}x_seconds"] / results[f"findings_{lo}x_seconds"]) / np.log(hi / lo)
        ),
    }


BENCHMARKS: list[Callable[[Path], dict[str, object]]] = [
    bench_load_vs_frictionless,
    bench_suite_vs_required,
    bench_scale,
]

#: The upper limit of each headline figure (every other line is context).
TARGETS: dict[str, float] = {
    "load_vs_frictionless_1x": 0.3,
    "load_vs_frictionless_100x": 0.3,
    "suite_vs_required": 1.5,
    "scale_exponent": 1.1,
}


def format_line(name: str, value: object) -> str:
    """``name: value``, numbers to four significant digits, with the target of a headline figure
    and ``MISSED`` when the value is above it."""
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    if name in TARGETS:
        text += f" (target <= {TARGETS[name]:g})" + (" MISSED" if value > TARGETS[name] else "")
    return f"{name}: {text}"


def breakdown(data_dir: Path, scale: int) -> dict[str, float]:
    """Seconds of ``load_dataset()`` and of each helper of ``HELPERS``, one after another, on a
    synthetic package ``scale`` times the real one, after one warm-up pass (one run each)."""
    with tempfile.TemporaryDirectory(prefix="amm58-breakdown-") as tmp:
        folder = write_synthetic(Path(tmp) / f"x{scale}", scale, seed=0, data_dir=data_dir)
        workload(folder)
        start = time.perf_counter()
        ds = load_dataset(folder)
        seconds, done = {"load_dataset": time.perf_counter() - start}, {}
        for name, helper in HELPERS.items():
            start = time.perf_counter()
            done[name] = helper(ds, done)
            seconds[name] = time.perf_counter() - start
    return seconds


def build_parser() -> argparse.ArgumentParser:
    names = ", ".join(b.__name__.removeprefix("bench_") for b in BENCHMARKS)
    parser = argparse.ArgumentParser(
        prog="benchmarks/bench.py",
        description="Run every benchmark and print its results, one `name: value` per line, targets beside them.",
    )
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR, metavar="DATA_DIR",
                        help="the data package to benchmark (default: the repository's data/)")  # fmt: skip
    parser.add_argument("--only", metavar="NAME", help=f"run one benchmark ({names})")
    parser.add_argument("--full", action="store_true", help="take the scale benchmark to 1000x (minutes more)")
    parser.add_argument("--breakdown", metavar="SCALE", type=int,
                        help="print the scale workload's seconds at SCALE, step by step, slowest first")  # fmt: skip
    return parser


def main(argv: list[str]) -> int:
    """Run the benchmarks that `argv` asks for (`build_parser`) and print their results."""
    args = build_parser().parse_args(argv)
    if args.breakdown is not None:
        seconds = breakdown(args.data_dir, args.breakdown)
        for name, value in sorted(seconds.items(), key=lambda item: -item[1]):
            print(format_line(name, value), flush=True)
        print(format_line("total", sum(seconds.values())), flush=True)
        return 0
    benches = BENCHMARKS
    if args.full:
        benches = [functools.partial(bench_scale, scales=FULL_SCALES) if b is bench_scale else b for b in BENCHMARKS]
    if args.only:
        benches = [b for b in benches if getattr(b, "func", b).__name__ == f"bench_{args.only}"]
        if not benches:
            build_parser().error(f"no benchmark {args.only!r}")
    print(f"cpus: {os.cpu_count()}", flush=True)
    print(f"python: {sys.version.split()[0]}", flush=True)
    start = time.perf_counter()
    for bench in benches:
        for name, value in bench(args.data_dir).items():
            print(format_line(name, value), flush=True)
    print(format_line("bench_seconds", time.perf_counter() - start), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
