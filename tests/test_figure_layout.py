"""Every figure the notebooks draw has a clean text layout (`plots.layout_problems`).

Each numbered notebook is run in-process, cell by cell, in the `notebooks/` folder, the way
Jupyter runs it: IPython magics (`%...`, `!...`) are skipped, each cell's body is executed and
its last expression evaluated. Every matplotlib `Figure` a cell returns (also inside a list,
tuple or dict) or leaves in the namespace is collected and checked. The parameter cell reads
`AMM58_DATA_DIR`, so the test follows the data the notebooks are pointed at. Nothing here
names a figure or a notebook cell: edited and new notebooks are checked the same way.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from amm58 import plots  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NUMBERED = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _python(source: str) -> str:
    """A cell's source without IPython magics and shell escapes (comments out those lines)."""
    return "\n".join("# " + line if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _figures_in(value, seen: dict[int, Figure]) -> None:
    if isinstance(value, Figure):
        seen.setdefault(id(value), value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _figures_in(v, seen)
    elif isinstance(value, dict):
        for v in value.values():
            _figures_in(v, seen)


def run_notebook(path: Path) -> list[tuple[str, Figure]]:
    """Execute a notebook's code cells in one namespace; return (where, figure) per figure."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    ns: dict = {"__name__": "__main__"}
    found: list[tuple[str, Figure]] = []
    ids: set[int] = set()
    for k, cell in enumerate(c for c in cells if c["cell_type"] == "code"):
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        tree = ast.parse(_python(src), filename=f"{path.name}[{k}]")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"{path.name}[{k}]", "exec"), ns)
        seen: dict[int, Figure] = {}
        if last is not None:
            _figures_in(eval(compile(ast.Expression(last.value), f"{path.name}[{k}]", "eval"), ns), seen)
        for name, value in list(ns.items()):
            if not name.startswith("_"):
                _figures_in(value, seen)
        tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith("figure:")]
        for fig in seen.values():
            if id(fig) not in ids:
                ids.add(id(fig))
                found.append((f"code cell {k + 1}" + (f" ({tags[0]})" if tags else ""), fig))
    return found


@pytest.mark.parametrize("notebook", NUMBERED, ids=[p.stem for p in NUMBERED])
def test_every_figure_of_the_notebook_is_laid_out_cleanly(notebook, monkeypatch):
    monkeypatch.chdir(notebook.parent)
    figures = run_notebook(notebook)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tagged = sum(any(t.startswith("figure:") for t in c.get("metadata", {}).get("tags", [])) for c in cells)
    assert len(figures) >= tagged  # every cell tagged as a figure gave one
    problems = {where: plots.layout_problems(fig) for where, fig in figures}
    assert {w: p for w, p in problems.items() if p} == {}


@pytest.mark.parametrize("notebook", NUMBERED, ids=[p.stem for p in NUMBERED])
def test_every_figure_is_900_px_wide_with_legible_text(notebook, monkeypatch):
    """Shown at 900 px (the landing page), every figure is drawn at that width, so its text
    keeps its size: no text below 7.5 pt (matrix cells), nothing else below 8 pt."""
    monkeypatch.chdir(notebook.parent)
    for where, fig in run_notebook(notebook):
        assert fig.get_figwidth() * fig.dpi == pytest.approx(plots.WIDTH * plots.DPI), where
        fig.canvas.draw()
        sizes = [
            (t.get_fontsize(), t.get_text()) for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
        ]
        assert min(size for size, _ in sizes) >= 7.5, where
        small = [text for size, text in sizes if size < 8 and not _is_cell(text)]
        assert small == [], where


def _is_cell(text: str) -> bool:
    """A matrix cell label: a count, or "observed/expected"."""
    return all(part.replace(".", "", 1).isdigit() for part in text.split("/"))


def test_the_runner_finds_returned_and_stored_figures(tmp_path, monkeypatch):
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "# T", "metadata": {}},
            {"cell_type": "code", "source": "%matplotlib inline\nfrom amm58 import plots\nx = 1", "metadata": {}},
            {
                "cell_type": "code",
                "metadata": {"tags": ["figure:one"]},
                "source": [
                    "fig, ax = plots.new_figure(2.0)\n",
                    "plots.decorate(fig, ax, title='One', note='Source: x.')",
                ],
            },
            {"cell_type": "code", "metadata": {}, "source": "kept = [plots.new_figure(2.0)[0]]\nx + 1"},
        ]
    }
    path = tmp_path / "01_t.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = run_notebook(path)
    assert [w for w, _ in found] == ["code cell 2 (figure:one)", "code cell 3"]
    assert plots.layout_problems(found[0][1]) == []
