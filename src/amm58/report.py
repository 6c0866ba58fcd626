"""Executing the notebooks and building the browsable report.

`build_report()` runs every numbered notebook in order, each in a fresh kernel, and writes the
executed notebooks, one offline HTML page per notebook, every figure as a PNG with a stable
name, and a landing page with each notebook's key findings and main figure. Executing is done
with nbclient; rendering with nbconvert. Everything written is deterministic, so re-running on
an unchanged tree changes nothing in git.

Alt text of the figures, on the landing page and the notebook pages (`figure_alt()`), first that
applies:

1. the PNG output's metadata `{"image/png": {"alt": "..."}}`, which
   `amm58.display.show_figure(fig, alt=...)` writes when the cell runs, so the alt text is
   computed from the data like the figure's title (`amm58.prose`);
2. the figure cell's metadata `alt` (a static string; in JupyterLab: the cell's property
   inspector, "Cell Metadata": `{"alt": "..."}`), for a figure whose alt states no number;
3. the `title="..."` argument of the plot call in the cell's source, when it is a string
   literal, read with `ast`, never run;
4. "Figure NN_name of <notebook title>".
"""

from __future__ import annotations

import ast
import base64
import copy
import html
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO / "notebooks"
REPORTS_DIR = REPO / "reports"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DATA_ENV = "AMM58_DATA_DIR"  # read by each notebook's parameter cell
NOTEBOOK_NAME = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
FIGURE_NAME = re.compile(r"^\d\d_[A-Za-z0-9_.-]+\.png$")  # as `_figure_outputs` names a figure
FIGURE_TAG = "figure:"  # a code cell tagged "figure:NAME" writes its PNG as NN_NAME.png
ALT_KEY = "alt"  # a figure cell's metadata key for the landing page's alt text
THUMB_WIDTH = 900  # px: the figures are 900 px wide, shown at full size (CSS scales them down)
CODE_STYLE = "xcode"  # Pygments style of the pages' code: every token at least 5.07:1 on its white background


class ReportError(RuntimeError):
    """A notebook failed to execute; the message names the notebook and the cell."""


@dataclass
class NotebookResult:
    """What building one notebook produced."""

    name: str
    title: str
    seconds: float
    html_path: Path
    figures: list[Path] = field(default_factory=list)
    alts: dict[str, str] = field(default_factory=dict)  # figure file name -> alt text


def list_notebooks(nb_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The numbered notebooks (`NN_name.ipynb`) of a folder, in order."""
    return sorted(p for p in Path(nb_dir).iterdir() if NOTEBOOK_NAME.match(p.name))


@contextmanager
def _data_dir_env(data_dir: Path | None) -> Iterator[None]:
    """Point the notebooks' parameter cell at `data_dir` for the kernels started inside."""
    old = os.environ.get(DATA_ENV)
    if data_dir is not None:
        os.environ[DATA_ENV] = str(Path(data_dir).resolve())
    else:
        os.environ.pop(DATA_ENV, None)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(DATA_ENV, None)
        else:
            os.environ[DATA_ENV] = old


def execute_notebook(path: Path, *, data_dir: Path | None = None, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute a notebook top to bottom in a fresh `python3` kernel, in the notebook's folder.

    Returns the executed notebook (the file is not written). Raises `ReportError` naming the
    notebook, the failing cell's number and the error when a cell fails.
    """
    import tempfile

    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    # Local IPC sockets instead of TCP: nothing listens on the network, and the kernel has no
    # reason to print its warning about unencrypted TCP.
    with tempfile.TemporaryDirectory(prefix="amm58-kernel-") as sockets, _data_dir_env(data_dir):
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(Path(path).parent)}},
        )
        try:
            client.execute()
        except CellExecutionError as err:
            cell_no = _failed_cell(nb)
            raise ReportError(f"{Path(path).name}: code cell {cell_no} failed: {err.ename}: {err.evalue}") from None
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=False)
    return nb


def _failed_cell(nb: nbformat.NotebookNode) -> int | None:
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, c in enumerate(code, 1):
        if any(o.get("output_type") == "error" for o in c.get("outputs", [])):
            return i
    return None


def notebook_title(nb: nbformat.NotebookNode) -> str:
    """The notebook's `# Title` (its first level-one Markdown heading)."""
    for c in nb.cells:
        if c.cell_type == "markdown":
            for line in c.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def _figure_outputs(nb: nbformat.NotebookNode, stem: str):
    """Each PNG output of an executed notebook, in order, as (file name, its code cell, the
    output). A code cell tagged `figure:NAME` names its first figure `NN_NAME.png` (NN:
    the notebook's number); any other figure is named by its position (`NN_figure_K.png`)."""
    prefix, k = stem.split("_", 1)[0], 0
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        pngs = [o for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        tags = [t[len(FIGURE_TAG) :] for t in c.get("metadata", {}).get("tags", []) if t.startswith(FIGURE_TAG)]
        for j, png in enumerate(pngs):
            k += 1
            yield f"{prefix}_{tags[0] if tags and j == 0 else f'figure_{k}'}.png", c, png


def figures(nb: nbformat.NotebookNode, stem: str) -> list[tuple[str, bytes]]:
    """The PNG figures of an executed notebook, as (file name, bytes), named as
    `_figure_outputs` names them."""
    return [(name, base64.b64decode(out["data"]["image/png"])) for name, _, out in _figure_outputs(nb, stem)]


def _title_argument(source: str) -> str | None:
    """The string literal passed as `title=` in the first call of `source` that has one."""
    try:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return None
    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    for call in calls:
        for kw in call.keywords:
            if kw.arg == "title" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                return kw.value.value
    return None


def figure_alt(
    cell: nbformat.NotebookNode, *, name: str, notebook_title: str, output: nbformat.NotebookNode | None = None
) -> str:
    """The alt text of a figure cell's image: the alt in its PNG `output`'s metadata, else the
    cell's `alt` metadata, else the `title=` string of its plot call, else a generic "Figure
    NAME of NOTEBOOK" (see the module docstring). `output` defaults to the cell's first PNG."""
    if output is None:
        output = next((o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})), {})
    for alt in (output.get("metadata", {}).get("image/png", {}).get(ALT_KEY), cell.get("metadata", {}).get(ALT_KEY)):
        if isinstance(alt, str) and alt.strip():
            return " ".join(alt.split())
    title = _title_argument(cell.get("source", ""))
    if title and title.strip():
        return " ".join(title.split())
    return f"Figure {name.removesuffix('.png')} of {notebook_title}".strip()


def figure_alts(nb: nbformat.NotebookNode, stem: str) -> dict[str, str]:
    """Alt text per figure file name, for the figures `figures()` names."""
    title = notebook_title(nb)
    return {
        name: figure_alt(c, name=name, notebook_title=title, output=out) for name, c, out in _figure_outputs(nb, stem)
    }


def to_html(nb: nbformat.NotebookNode, *, stem: str) -> str:
    """Render an executed notebook as a self-contained offline HTML page (images embedded).

    `stem` is the notebook's file name without `.ipynb` (`NN_name`). Each figure's image has the
    alt text `figure_alts(nb, stem)` gives it (the landing page's, stating the finding), where
    nbconvert would write "No description has been provided for this image". The page has no
    execution prompts (`In [n]:`, `Out[n]:`: nbconvert's are grey on white, below WCAG 2.1 AA's
    contrast of 4.5:1, and a reader of the report does not need them), and its code is coloured
    with the Pygments style `CODE_STYLE`, every token colour of which meets 4.5:1 on the style's
    background (see `style_contrasts()`).
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    exporter = HTMLExporter(
        template_name="amm58_offline",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        embed_images=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        config=Config({"CSSHTMLHeaderPreprocessor": {"style": CODE_STYLE}}),
    )
    nb = copy.deepcopy(nb)  # the alt text goes into the outputs' metadata of a copy
    title = notebook_title(nb)
    for name, cell, output in _figure_outputs(nb, stem):
        alt = figure_alt(cell, name=name, notebook_title=title, output=output)
        output.setdefault("metadata", {}).setdefault("image/png", {})[ALT_KEY] = alt
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1's contrast ratio of two colours (any form matplotlib reads, e.g. "#408080"):
    (L1 + 0.05) / (L2 + 0.05) of their relative luminances, lighter first; 1 to 21."""
    from matplotlib.colors import to_rgb

    def luminance(colour: str) -> float:
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def style_contrasts(style: str = CODE_STYLE) -> dict[str, float]:
    """The contrast ratio of each token colour of a Pygments style against its background (the
    token's own, else the style's): token name ("Comment.Single") -> ratio. A token without a
    colour of its own or inherited is left out (it would take the page's text colour)."""
    from pygments.styles import get_style_by_name

    cls = get_style_by_name(style)
    return {
        str(token).removeprefix("Token.") or "Token": contrast_ratio(
            f"#{spec['color']}", f"#{spec['bgcolor']}" if spec["bgcolor"] else cls.background_color
        )
        for token, spec in cls
        if spec["color"]
    }


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write only when the content differs, so an unchanged rebuild leaves files untouched."""
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def render_notebook(nb: nbformat.NotebookNode, stem: str, out_dir: Path, *, seconds: float = 0.0) -> NotebookResult:
    """Write one executed notebook's HTML page and figure PNGs into `out_dir` (no execution).

    Writes `html/STEM.html` and `figures/NN_NAME.png` (named as `figures()` names them), each
    only when its bytes change.
    """
    html_path = Path(out_dir) / "html" / (stem + ".html")
    _write_if_changed(html_path, to_html(nb, stem=stem).encode("utf-8"))
    figs = []
    for name, png in figures(nb, stem):
        figs.append(Path(out_dir) / "figures" / name)
        _write_if_changed(figs[-1], png)
    return NotebookResult(stem, notebook_title(nb), seconds, html_path, figs, figure_alts(nb, stem))


def _finish_site(
    results: list[NotebookResult],
    out_dir: Path,
    findings: Callable[[str], list[str]] | None,
    log: Callable[[str], None],
) -> None:
    """Remove figure PNGs no notebook draws any more, and write the landing page."""
    written = {f for r in results for f in r.figures}
    numbers = {r.name[:2] for r in results}
    for stale in sorted((Path(out_dir) / "figures").glob("*.png")):
        # only a figure these notebooks would have named (NN_name.png), never another file
        if stale not in written and FIGURE_NAME.match(stale.name) and stale.name[:2] in numbers:
            stale.unlink()
            log(f"removed {stale.name}: no notebook draws it any more")
    page = index_html(results, out_dir=Path(out_dir), findings=findings)
    _write_if_changed(Path(out_dir) / "index.html", page.encode("utf-8"))
    log(f"report: {Path(out_dir) / 'index.html'}")


def build_report(
    *,
    nb_dir: Path = NOTEBOOKS_DIR,
    out_dir: Path = REPORTS_DIR,
    data_dir: Path | None = None,
    write_notebooks_to: Path | None = None,
    log: Callable[[str], None] = print,
    findings: Callable[[str], list[str]] | None = None,
) -> list[NotebookResult]:
    """Execute every numbered notebook in order and write the report into `out_dir`.

    Writes `html/NN_name.html`, `figures/*.png` and `index.html` under `out_dir` (and removes a
    figure PNG named like these notebooks' figures, `NN_name.png`, that no notebook draws any
    more; other files are left alone), and the executed notebooks into `write_notebooks_to`
    (default: back into `nb_dir`). Nothing else is written. `findings(stem)`
    gives the key findings shown on the landing page. Logs one line per notebook with its time.
    """
    nbs = list_notebooks(nb_dir)
    if not nbs:
        raise ReportError(f"no numbered notebooks in {nb_dir}")
    nb_out = Path(write_notebooks_to) if write_notebooks_to is not None else Path(nb_dir)
    results = []
    for i, path in enumerate(nbs, 1):
        t0 = time.perf_counter()
        nb = execute_notebook(path, data_dir=data_dir)
        _write_if_changed(nb_out / path.name, (nbformat.writes(nb) + "\n").encode("utf-8"))
        result = render_notebook(nb, path.stem, out_dir)
        result.seconds = time.perf_counter() - t0
        results.append(result)
        log(f"[{i}/{len(nbs)}] {path.name}: {len(result.figures)} figure(s), {result.seconds:.1f} s")
    _finish_site(results, out_dir, findings, log)
    return results


def render_report(
    *,
    nb_dir: Path = NOTEBOOKS_DIR,
    out_dir: Path = REPORTS_DIR,
    log: Callable[[str], None] = print,
    findings: Callable[[str], list[str]] | None = None,
) -> list[NotebookResult]:
    """Write the report from the executed notebooks in `nb_dir` as they are, without running
    them: the same files as `build_report`, which executes them first."""
    nbs = list_notebooks(nb_dir)
    if not nbs:
        raise ReportError(f"no numbered notebooks in {nb_dir}")
    results = [render_notebook(nbformat.read(path, as_version=4), path.stem, out_dir) for path in nbs]
    _finish_site(results, out_dir, findings, log)
    return results


def index_html(
    results: list[NotebookResult], *, out_dir: Path, findings: Callable[[str], list[str]] | None = None
) -> str:
    """The landing page: title, and per notebook its findings, main figure and a link.

    The main figure (the notebook's first) is shown at its full width of 900 px (scaled down
    only on narrow screens) and links to the PNG; its alt text is `NotebookResult.alts`
    (see `figure_alt()`).
    """
    e = html.escape
    parts = []
    for r in results:
        items = "".join(f"<li>{e(s)}</li>" for s in (findings(r.name) if findings else []))
        thumb = ""
        if r.figures:
            rel = r.figures[0].relative_to(out_dir).as_posix()
            alt = r.alts.get(r.figures[0].name) or f"Figure {r.figures[0].stem} of {r.title}"
            thumb = (
                f'<p><a href="{e(rel)}"><img src="{e(rel)}" alt="{e(alt)}" width="{THUMB_WIDTH}" '
                f'style="max-width:100%;height:auto"></a></p>'
            )
        link = r.html_path.relative_to(out_dir).as_posix()
        parts.append(
            f'<section><h2><a href="{e(link)}">{e(r.title)}</a></h2>'
            f"<h3>Key findings</h3><ul>{items}</ul>{thumb}"
            f'<p><a href="{e(link)}">Read the notebook</a> · <code>notebooks/{e(r.name)}.ipynb</code></p>'
            f"</section>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>amm58: AMM-58 in two interviews</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222;
       line-height: 1.45; }}
h1 {{ margin-bottom: 0.2em; }} .lead {{ color: #444; }}
section {{ border-top: 1px solid #ddd; padding: 0.8em 0; }}
img {{ border: 1px solid #eee; display: block; }}
h3 {{ margin: 0.2em 0; font-size: 1em; }} li {{ margin: 0.25em 0; }}
</style>
</head>
<body>
<h1>amm58: AMM-58 in two interviews</h1>
<p class="lead">What two Vietnamese diplomats said before and after the 58th ASEAN Foreign Ministers' Meeting
(Kuala Lumpur, 8–11 July 2025), read through a hand-coded dataset. Each section below is one notebook: its key
findings, computed from the data, and its main figure (click it for the full-size image).</p>
{"".join(parts)}
<footer><p>Data: CC BY 4.0. Code: MIT. Built by <code>make report</code>.</p></footer>
</body>
</html>
"""
