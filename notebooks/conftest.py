"""nbval's settings for these notebooks (run by `make test` with `--nbval`, strict).

nbval compares every text and HTML output of a re-executed notebook with the committed one,
but by default skips images. Here it compares the PNG figures too, byte for byte (their
base64 text), so one strict nbval run shows that executing the notebooks reproduces every
committed output, figures included; `tests/test_notebooks.py` then only renders the report
from the committed notebooks, without executing them again.
"""

from __future__ import annotations


def pytest_collection_modifyitems(items):
    for item in items:
        notebook = item.parent
        skipped = getattr(notebook, "skip_compare", None)
        if skipped is not None and "image/png" in skipped:
            notebook.skip_compare = tuple(key for key in skipped if key != "image/png")
