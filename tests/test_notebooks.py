"""The committed notebooks: hygiene rules, deterministic re-execution, and a run on an
extended dataset. (nbval, run by `make test` with `--nbval`, re-executes each notebook and
compares its outputs with the committed ones; these tests check what nbval does not.)"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from amm58 import findings, load_dataset, report

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
REPORTS = REPO / "reports"
EXPECTED = [
    "00_dataset_tour",
    "01_themes",
    "02_trade_and_agreements",
    "03_partner_coverage",
    "04_vietnam_roles",
    "05_before_and_after",
    "06_method_check",
]
ABSOLUTE_PATH = re.compile(r"(/root/|/home/\w+|/tmp/|/Users/\w+|/work/|/mnt/|[A-Z]:\\\\)")
MEMORY_ADDRESS = re.compile(r" at 0x[0-9a-f]{6,}")
ALLOWED_MIME = {"text/plain", "text/html", "text/markdown", "image/png"}  # Markdown: `display.markdown`


def committed(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def output_texts(nb) -> list[list[str]]:
    """Per code cell, the text of each output (stream text, text/plain, text/html)."""
    out = []
    for c in code_cells(nb):
        texts = []
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream":
                texts.append(o["text"])
            for mime in ("text/plain", "text/html"):
                if mime in o.get("data", {}):
                    texts.append(o["data"][mime])
        out.append(texts)
    return out


def test_the_notebook_sequence_is_complete_and_numbered():
    assert [p.stem for p in report.list_notebooks(NOTEBOOKS)] == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
class TestHygiene:
    def test_executed_top_to_bottom_with_counts_one_to_n(self, name):
        counts = [c.execution_count for c in code_cells(committed(name))]
        assert counts == list(range(1, len(counts) + 1))

    def test_no_errors_no_stderr_no_foreign_mime_types(self, name):
        for i, c in enumerate(code_cells(committed(name)), 1):
            for o in c.outputs:
                assert o.output_type != "error", f"cell {i}"
                assert not (o.output_type == "stream" and o.name == "stderr"), f"cell {i} writes to stderr"
                assert set(o.get("data", {})) <= ALLOWED_MIME, f"cell {i}: {set(o.get('data', {}))}"

    def test_no_machine_paths_or_memory_addresses_in_outputs(self, name):
        for i, texts in enumerate(output_texts(committed(name)), 1):
            for t in texts:
                assert not ABSOLUTE_PATH.search(t), f"cell {i} shows a machine path"
                assert not MEMORY_ADDRESS.search(t), f"cell {i} shows a memory address"

    def test_small_enough_for_github_and_python3_kernel(self, name):
        path = NOTEBOOKS / f"{name}.ipynb"
        assert path.stat().st_size < 1_000_000
        assert committed(name).metadata.kernelspec.name == "python3"

    def test_reads_like_a_chapter(self, name):
        nb = committed(name)
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
        headings = [
            line
            for c in nb.cells
            if c.cell_type == "markdown"
            for line in c.source.splitlines()
            if line.startswith("## ")
        ]
        assert headings[0] == "## Key findings"
        assert headings[-2:] == ["## Method and caveats", "## Discussion"]
        params = [c for c in code_cells(nb) if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1 and "AMM58_DATA_DIR" in params[0].source

    def test_every_tagged_figure_cell_shows_one_png(self, name):
        for c in code_cells(committed(name)):
            if any(t.startswith(report.FIGURE_TAG) for t in c.metadata.get("tags", [])):
                pngs = [o for o in c.outputs if "image/png" in o.get("data", {})]
                assert len(pngs) == 1


def test_the_committed_report_is_the_committed_notebooks_rendered(tmp_path):
    """`reports/` is exactly what the committed notebooks render to, byte for byte: HTML pages,
    figures and landing page, no file more or less. Rendering does not execute: strict nbval
    (with PNGs compared, see tests/conftest.py) already shows that executing the notebooks
    in a fresh kernel reproduces every committed output, so `make report` leaves git clean."""
    out = tmp_path / "reports"
    report.render_report(out_dir=out, log=lambda s: None, findings=findings.by_notebook(load_dataset()))
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    kept = sorted(p.relative_to(REPORTS).as_posix() for p in REPORTS.rglob("*") if p.is_file())
    assert built == kept
    for rel in built:
        assert (out / rel).read_bytes() == (REPORTS / rel).read_bytes(), f"reports/{rel} is stale"


def test_nbval_compares_the_figures_too(request):
    """tests/conftest.py makes strict nbval compare PNG outputs (nbval skips them by default)."""
    nbval_files = {item.parent for item in request.session.items if item.parent.__class__.__name__ == "IPyNbFile"}
    if not nbval_files:
        pytest.skip("no notebook collected in this run (run with the notebooks, as make test does)")
    assert all("image/png" not in f.skip_compare for f in nbval_files)


def test_a_notebook_is_written_exactly_as_nbformat_writes_it():
    """What `build_report` writes back is `nbformat.writes(nb) + newline`; the committed files are
    in that form, so re-executing them changes no byte when the outputs match (as nbval shows)."""
    for name in EXPECTED:
        text = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
        assert text == nbformat.writes(nbformat.reads(text, as_version=4)) + "\n", name


def _append_rows(path: Path, rows: list[dict]) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        fields = next(csv.reader(f))
    with path.open("a", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        for r in rows:
            w.writerow(r)


def extended_copy(tmp_path: Path) -> Path:
    """The real dataset plus a synthetic third interview (post-meeting, two passages)."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    _append_rows(
        data / "sources.csv",
        [
            dict(
                source_id="synthetic",
                title="A synthetic third interview",
                interviewee="Test Person",
                stage="post-meeting",
                language="en",
            )
        ],
    )
    _append_rows(
        data / "passages.csv",
        [
            dict(
                passage_id="synthetic_01",
                source_id="synthetic",
                seq=1,
                kind="question",
                speaker="interviewer",
                locator="What did the meetings achieve",
                summary="Asks about outcomes.",
                n_words=6,
            ),
            dict(
                passage_id="synthetic_02",
                source_id="synthetic",
                seq=2,
                kind="answer",
                speaker="Test Person",
                question_id="synthetic_01",
                locator="Solidarity and trade came first",
                summary="Says solidarity and an FTA with Canada mattered most.",
                n_words=12,
            ),
        ],
    )
    _append_rows(
        data / "passage_themes.csv",
        [dict(passage_id="synthetic_02", theme_id="solidarity"), dict(passage_id="synthetic_02", theme_id="fta")],
    )
    _append_rows(
        data / "coding_passes.csv",
        [dict(pass_id=p, passage_id="synthetic_02", theme_id=t) for p in "ab" for t in ("solidarity", "fta")],
    )
    _append_rows(data / "passage_entities.csv", [dict(passage_id="synthetic_02", entity_id="canada", context="FTA")])
    # every passage has term counts (a check across tables asks for it); none of these is a dictionary term
    _append_rows(
        data / "passage_terms.csv",
        [
            dict(passage_id="synthetic_01", term="achieve", count=1),
            dict(passage_id="synthetic_02", term="came", count=1),
            dict(passage_id="synthetic_02", term="first", count=1),
        ],
    )
    return data


@pytest.fixture(scope="session")
def third_package(tmp_path_factory):
    """A second package: the real one plus a short third interview (`tests/third_interview.py`:
    drafted from its text with `amm58.draft`, coded in two passes, reconciled), loaded."""
    from third_interview import build_third_package

    data = build_third_package(tmp_path_factory.mktemp("third") / "data")
    return data, load_dataset(data)


def execute_in_one_kernel(names: list[str], data_dir: Path) -> dict[str, nbformat.NotebookNode]:
    """Each notebook executed top to bottom on `data_dir`, one after another in one `python3`
    kernel whose namespace is reset (`%reset -f`) before each notebook, so a notebook sees none
    of the previous one's names; modules stay imported, which saves a kernel start and the
    imports per notebook. (nbval runs each notebook in a fresh kernel on the real package.)"""
    import tempfile

    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    executed = {}
    with tempfile.TemporaryDirectory(prefix="amm58-kernel-") as sockets, report._data_dir_env(data_dir):
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        try:
            for name in names:
                nb = committed(name)
                nb.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
                client = NotebookClient(
                    nb, km=km, timeout=600, record_timing=False, resources={"metadata": {"path": str(NOTEBOOKS)}}
                )
                try:
                    client.execute()
                except CellExecutionError as err:
                    raise report.ReportError(f"{name}.ipynb: {err.ename}: {err.evalue}") from None
                nb.cells.pop(0)
                executed[name] = nb
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=False)
    return executed


@pytest.fixture(scope="session")
def on_third_package(third_package) -> dict[str, nbformat.NotebookNode]:
    """Every notebook executed on the second package (`execute_in_one_kernel`)."""
    return execute_in_one_kernel(EXPECTED, third_package[0])


@pytest.fixture(scope="session")
def changed_prose(third_package):
    """Per `amm58.prose` helper whose sentence or alt text the third interview changes (each
    called as the notebooks call it, `test_prose.helpers`): (text on the real package, text on
    the second). Figure titles, subtitles, notes, panel headings and method notes are drawn, not
    printed: `test_prose` checks their values on a package with a third interview, and
    `test_computed_prose` that every figure takes its title from a helper."""
    from test_prose import helpers

    real, third = helpers(load_dataset()), helpers(third_package[1])
    drawn = ("_title", "_subtitle", "_labels", "_note", "_header", "_method")
    pairs = {name: (real[name](), third[name]()) for name in third if not name.endswith(drawn)}
    return {name: (old, new) for name, (old, new) in pairs.items() if old != new}


def computed_texts(nb) -> str:
    """Every output of `nb` that a helper computed from the data, one per line: key findings and
    other printed sentences, Markdown built by `amm58.prose`/`findings`, each figure's alt text."""
    out = []
    for c in code_cells(nb):
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append(o["text"])
            if "text/markdown" in o.get("data", {}):
                out.append(o["data"]["text/markdown"])
            alt = o.get("metadata", {}).get("image/png", {}).get("alt")
            if alt:
                out.append(alt)
    return "\n".join(out)


def test_every_changed_prose_text_is_shown_by_a_committed_notebook(changed_prose):
    shown = "\n".join(computed_texts(committed(name)) for name in EXPECTED)
    assert len(changed_prose) >= 20
    assert [name for name, (old, _) in changed_prose.items() if old not in shown] == []


@pytest.mark.parametrize("name", EXPECTED)
def test_the_notebook_recomputes_its_sentences_on_a_package_with_a_third_interview(
    name, third_package, on_third_package, changed_prose
):
    """Executed on the second package (its namespace fresh, its figures' layout checked as they
    are drawn), the notebook shows every prose text the third interview changes in place of the
    real package's, and the key findings `amm58.findings` computes on that package."""
    data, ds = third_package
    text = computed_texts(on_third_package[name])
    before = computed_texts(committed(name))
    for helper, (old, new) in changed_prose.items():
        if old in before:
            assert new in text, f"{helper}: not recomputed"
            assert old not in text, f"{helper}: the real package's text is still shown"
    for sentence in findings.ALL[name](ds):
        assert sentence in text, sentence
    if name == "00_dataset_tour":  # the counts include the third interview's 7 passages
        assert len(ds.passages) == 52 and "The dataset codes 52 passages" in text
        assert "7 passages" in text and "Le Minh Anh" in text
    if name == "01_themes":
        assert "post-meeting (31 passages)" in text  # 24 + 7, in the theme-shift figure's alt text
