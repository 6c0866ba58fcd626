"""A second data package for the tests: the real one plus a short third interview.

`build_third_package(dest)` copies the repository's `data/` to `dest`, drafts the interview in
`fixtures/third_interview.txt` (written for the tests, in our own words) as source `third` at the
post-meeting stage with `amm58.draft.draft_source`, as `python -m amm58 draft` does, then fills in the
curator's part from the small CSVs in `fixtures/third/`: the source's fields the text does not give,
speakers and summaries, two coding passes (two disagreements), their reconciliation, the reconciled
codes, Canada and Japan as passage entities, one meeting and one agreement mention, and the review of
the three pairs where the keyword dictionary and the hand coding disagree.

The third source has 7 passages (a lead, a caption, two questions, three answers; the portrait, menus,
headline, date line, tag words, thank-you line and footer are left out), 10 reconciled codes over 5
themes (partners 5, vietnam_role 2, centrality, fta and mekong 1 each).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd

from amm58.draft import draft_source

TESTS = Path(__file__).resolve().parent
REPO_DATA = TESTS.parent / "data"
TEXT = TESTS / "fixtures" / "third_interview.txt"
CURATED = TESTS / "fixtures" / "third"
SOURCE_ID = "third"


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))


def _fill(table: Path, key: str, values: Path) -> None:
    """Set the cells that `values` gives (matched on `key`) in `table`."""
    frame, new = _read(table).set_index(key), _read(values).set_index(key)
    frame.update(new)
    _write(frame.reset_index(), table)


def build_third_package(dest: Path) -> Path:
    """The real data package plus the third interview, drafted and curated, in `dest` (created)."""
    dest = Path(dest)
    shutil.copytree(REPO_DATA, dest)
    draft_source(TEXT, SOURCE_ID, "post-meeting", dest)
    _fill(dest / "sources.csv", "source_id", CURATED / "sources.csv")
    _fill(dest / "passages.csv", "passage_id", CURATED / "passages.csv")
    for name in ["coding_passes", "reconciliation", "passage_themes", "passage_entities", "meeting_passages",
                 "agreement_passages", "dictionary_review"]:  # fmt: skip
        _write(pd.concat([_read(dest / f"{name}.csv"), _read(CURATED / f"{name}.csv")]), dest / f"{name}.csv")
    return dest
