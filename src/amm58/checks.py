"""Checks across tables: the links between tables that no single table and no key shows.

`validate` (and so every `load_dataset`) runs these once every table is valid on its own, types and
keys included: a link can't be judged between rows that are themselves broken. Each finding names
the file and line of the row to look at, the column, the value, a rule of its own (one of
:data:`RULES`) and a message that names the other table. A rule whose tables are not in the package
(a package with another descriptor) is skipped.

Rules:

- ``reconciled-codes``: ``passage_themes`` holds exactly the themes both coding passes gave a passage,
  plus those ``reconciliation`` includes.
- ``reconciliation-missing``: every disagreement between passes ``a`` and ``b`` has a reconciliation row
  (the primary key allows no second one).
- ``reconciliation-flags``: a reconciliation row's ``in_pass_a`` and ``in_pass_b`` are what the passes
  gave.
- ``reconciliation-without-disagreement``: no reconciliation row where the passes agree.
- ``passage-seq``: each source's passages are numbered 1..n, once each.
- ``question-link``: an answer names a question of its own source that comes before it; other
  passages name none.
- ``passage-terms-missing``: once ``passage_terms`` has rows, every passage has some (every passage
  has words, and `curate-terms` or `draft` counts them).
- ``primary-passage-link``: the passage a meeting, agreement or role cites is among its link table's
  passages (``meeting_passages``, ``agreement_passages``, ``role_passages``), and so is the passage a
  meeting participant or an agreement partner cites.
- ``agreement-status``: an agreement's status is the status ``agreement_passages`` gives for the
  passage the agreement cites.
- ``agenda-stage``: an agenda item's ``pre_passage_id`` is a passage of a pre-meeting source and its
  ``post_passage_id`` one of a post-meeting source.
- ``agenda-outcome``: ``match`` fits the passages (``matched``: both; ``not mentioned again``: pre
  only; ``new``: post only) and the outcome level (``not mentioned`` exactly for ``not mentioned
  again``), as the codebook's table says.

Only passes ``a`` and ``b`` are compared; rows of any other pass are ignored here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd

#: Every rule name a check across tables can give.
RULES: tuple[str, ...] = (
    "reconciled-codes", "reconciliation-missing", "reconciliation-flags", "reconciliation-without-disagreement",
    "passage-seq", "question-link", "passage-terms-missing", "primary-passage-link", "agreement-status",
    "agenda-stage", "agenda-outcome",
)  # fmt: skip

#: (file, line, column, value, rule, message): what `amm58.data.Problem` is made of.
Finding = tuple[str, int | None, str | None, str | None, str, str]

PAIR = ["passage_id", "theme_id"]


class Tables:
    """The tables as read, each valid on its own: ``t.frame(name)`` holds every cell as the string in
    the file (missing: ""; not to be modified), ``t.line(name, row)`` is the line of a row and
    ``t.file(name)`` its file."""

    def __init__(self, frames: Mapping[str, pd.DataFrame], lines: Mapping[str, np.ndarray], files: Mapping[str, str]):
        self._frames, self._lines, self._files = frames, lines, files

    def has(self, *names: str) -> bool:
        return all(n in self._frames for n in names)

    def frame(self, name: str) -> pd.DataFrame:
        return self._frames[name]

    def line(self, name: str, row: int) -> int:
        return int(self._lines[name][row])

    def file(self, name: str) -> str:
        return self._files[name]


def check_links(tables: Tables) -> list[Finding]:
    """Every finding of every rule whose tables are present."""
    found: list[Finding] = []
    for check in (_coding, _passages, _passage_terms, _primary_links, _agreement_status, _agenda):
        found += list(check(tables))
    return found


def _pair_rows(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Each (passage_id, theme_id) of a table (or of a selection of its rows), with the row of
    the table it first appears on."""
    rows: dict[tuple[str, str], int] = {}
    for row, pair in zip(frame.index, frame[PAIR].itertuples(index=False, name=None), strict=True):
        rows.setdefault(pair, int(row))
    return rows


def _coding(t: Tables) -> Iterator[Finding]:
    """reconciled-codes, reconciliation-missing, reconciliation-flags, reconciliation-without-disagreement.
    (Dicts of (passage, theme) pairs rather than merges: these run on every load.)"""
    if not t.has("coding_passes", "reconciliation", "passage_themes"):
        return
    passes, rec, coded = t.frame("coding_passes"), t.frame("reconciliation"), t.frame("passage_themes")
    rec_file, passes_file, coded_file = t.file("reconciliation"), t.file("coding_passes"), t.file("passage_themes")
    in_a, in_b = (_pair_rows(passes[passes.pass_id == p]) for p in ("a", "b"))
    only = {pair: ("a", row) for pair, row in in_a.items() if pair not in in_b}
    only |= {pair: ("b", row) for pair, row in in_b.items() if pair not in in_a}
    reconciled = _pair_rows(rec)

    for row, r in enumerate(rec.itertuples(index=False)):
        pair, line = (r.passage_id, r.theme_id), t.line("reconciliation", row)
        if pair not in only:
            gave = "both passes gave it" if pair in in_a else "neither pass gave it"
            yield (
                rec_file,
                line,
                "passage_id,theme_id",
                f"{r.passage_id}, {r.theme_id}",
                "reconciliation-without-disagreement",
                f"({r.passage_id}, {r.theme_id}) is reconciled but the passes agree on it: {gave} in {passes_file}",
            )
            continue
        for col, gave in (("in_pass_a", only[pair][0] == "a"), ("in_pass_b", only[pair][0] == "b")):
            if (getattr(r, col).lower() in ("true", "1")) != gave:
                yield (
                    rec_file,
                    line,
                    col,
                    getattr(r, col),
                    "reconciliation-flags",
                    f"({r.passage_id}, {r.theme_id}): {col} says {getattr(r, col).lower()} but pass {col[-1]} "
                    f"{'gave' if gave else 'did not give'} it in {passes_file}",
                )

    for (passage_id, theme_id), (which, row) in only.items():
        if (passage_id, theme_id) not in reconciled:
            yield (
                passes_file,
                t.line("coding_passes", row),
                "passage_id,theme_id",
                f"{passage_id}, {theme_id}",
                "reconciliation-missing",
                f"only pass {which} gave ({passage_id}, {theme_id}); {rec_file} has no row for this disagreement",
            )

    # the reconciled codes: what both passes gave, then what the reconciliation includes
    expected = {pair: ("both passes gave it", "coding_passes", row) for pair, row in in_a.items() if pair in in_b}
    for row, r in enumerate(rec.itertuples(index=False)):
        if r.included.lower() in ("true", "1"):
            expected.setdefault((r.passage_id, r.theme_id), (f"{rec_file} includes it", "reconciliation", row))
    got = _pair_rows(coded)
    for (passage_id, theme_id), row in got.items():
        if (passage_id, theme_id) not in expected:
            yield (
                coded_file,
                t.line("passage_themes", row),
                "passage_id,theme_id",
                f"{passage_id}, {theme_id}",
                "reconciled-codes",
                f"({passage_id}, {theme_id}) is coded but neither did both passes give it nor does "
                f"{rec_file} include it",
            )
    for (passage_id, theme_id), (why, file, row) in expected.items():
        if (passage_id, theme_id) not in got:
            yield (
                t.file(file),
                t.line(file, row),
                "passage_id,theme_id",
                f"{passage_id}, {theme_id}",
                "reconciled-codes",
                f"({passage_id}, {theme_id}): {why}, but {coded_file} lacks it",
            )


def _passages(t: Tables) -> Iterator[Finding]:
    """passage-seq and question-link."""
    if not t.has("passages"):
        return
    p = t.frame("passages").reset_index(names="row_")
    file = t.file("passages")
    p["seq_"] = p.seq.astype(int)
    p["n_"] = p.groupby("source_id").passage_id.transform("size")
    p["dup_"] = p.duplicated(["source_id", "seq_"])
    for r in p[(p.seq_ > p.n_) | p.dup_].itertuples():
        why = "repeats an earlier seq of" if r.dup_ else f"is outside 1..{r.n_}, the passages of"
        yield (
            file,
            t.line("passages", r.row_),
            "seq",
            r.seq,
            "passage-seq",
            f"seq {r.seq} of {r.passage_id} {why} source {r.source_id!r}",
        )
    questions = p[["passage_id", "source_id", "kind", "seq_"]].rename(columns=lambda c: f"q{c}")
    links = p.merge(questions, left_on="question_id", right_on="qpassage_id", how="left")
    answer, named = links.kind == "answer", links.question_id != ""
    fits = (links.qkind == "question") & (links.qsource_id == links.source_id) & (links.qseq_ < links.seq_)
    for r in links[(~answer & named) | (answer & ~(named & fits))].itertuples():
        line = t.line("passages", r.row_)
        if r.kind != "answer":
            yield (
                file,
                line,
                "question_id",
                r.question_id,
                "question-link",
                f"{r.passage_id} is a {r.kind}; only an answer links to a question",
            )
        elif not r.question_id:
            yield (file, line, "question_id", "", "question-link", f"answer {r.passage_id} names no question")
        else:
            yield (
                file,
                line,
                "question_id",
                r.question_id,
                "question-link",
                f"answer {r.passage_id} links to {r.question_id}, which is a {r.qkind} of source "
                f"{r.qsource_id!r} at seq {int(r.qseq_)}, not an earlier question of source {r.source_id!r}",
            )


def _passage_terms(t: Tables) -> Iterator[Finding]:
    """passage-terms-missing."""
    if not t.has("passages", "passage_terms"):
        return
    counted = t.frame("passage_terms").passage_id.unique()
    if not len(counted):
        return
    p = t.frame("passages")
    for row, pid in p.passage_id[~p.passage_id.isin(counted)].items():
        yield (
            t.file("passages"),
            t.line("passages", row),
            "passage_id",
            pid,
            "passage-terms-missing",
            f"{pid} has no rows in {t.file('passage_terms')}: run curate-terms for source {p.source_id[row]!r}",
        )


#: (fact table, its key columns, the link table that lists every passage mentioning the thing).
_LINKED = [
    ("meetings", ["meeting_id"], "meeting_passages"),
    ("agreements", ["agreement_id"], "agreement_passages"),
    ("vietnam_roles", ["role_id"], "role_passages"),
    ("meeting_participants", ["meeting_id"], "meeting_passages"),
    ("agreement_partners", ["agreement_id"], "agreement_passages"),
]


def _primary_links(t: Tables) -> Iterator[Finding]:
    """primary-passage-link. (Sets of key tuples rather than merges: these run on every load.)"""
    for fact, keys, link in _LINKED:
        if not t.has(fact, link):
            continue
        cols = [*keys, "passage_id"]
        listed = set(t.frame(link)[cols].itertuples(index=False, name=None))
        for row, cited in enumerate(t.frame(fact)[cols].itertuples(index=False, name=None)):
            if cited not in listed:
                *key, passage_id = cited
                yield (
                    t.file(fact),
                    t.line(fact, row),
                    "passage_id",
                    passage_id,
                    "primary-passage-link",
                    f"{keys[0]} {', '.join(key)} cites {passage_id}, which {t.file(link)} does not list for it",
                )


def _agreement_status(t: Tables) -> Iterator[Finding]:
    """agreement-status."""
    if not t.has("agreements", "agreement_passages"):
        return
    a = t.frame("agreements").reset_index(names="row_")
    m = a.merge(t.frame("agreement_passages"), on=["agreement_id", "passage_id"], suffixes=("", "_link"))
    for r in m[m.status != m.status_link].itertuples():
        yield (
            t.file("agreements"),
            t.line("agreements", r.row_),
            "status",
            r.status,
            "agreement-status",
            f"{r.agreement_id} has status {r.status!r} but {t.file('agreement_passages')} gives "
            f"{r.status_link!r} for the passage it cites, {r.passage_id}",
        )


_MATCH = {  # match: (pre passage present, post passage present, allowed outcome levels)
    "matched": (True, True, {"reported achieved", "mentioned again"}),
    "not mentioned again": (True, False, {"not mentioned"}),
    "new": (False, True, {"reported achieved", "mentioned again"}),
}


def _agenda(t: Tables) -> Iterator[Finding]:
    """agenda-stage and agenda-outcome."""
    if not t.has("agenda", "passages", "sources"):
        return
    stage = t.frame("passages").merge(t.frame("sources")[["source_id", "stage"]], on="source_id")
    stage = stage.set_index("passage_id").stage
    g, file = t.frame("agenda").reset_index(names="row_"), t.file("agenda")
    for col, want in (("pre_passage_id", "pre-meeting"), ("post_passage_id", "post-meeting")):
        got = g[col].map(stage)
        bad = got.notna() & (got != want)
        for row, pid, where in zip(g.row_[bad], g[col][bad], got[bad], strict=True):
            yield (
                file,
                t.line("agenda", row),
                col,
                pid,
                "agenda-stage",
                f"{col} {pid} is a passage of a {where} source, not of a {want} one",
            )
    for match, (pre, post, levels) in _MATCH.items():
        items = g[g["match"] == match]
        for col, want in (("pre_passage_id", pre), ("post_passage_id", post)):
            for r in items[(items[col] != "") != want].itertuples():
                yield (
                    file,
                    t.line("agenda", r.row_),
                    col,
                    getattr(r, col),
                    "agenda-outcome",
                    f"an item with match {match!r} {'needs' if want else 'has no'} {col}",
                )
        for r in items[~items.outcome_level.isin(levels)].itertuples():
            yield (
                file,
                t.line("agenda", r.row_),
                "outcome_level",
                r.outcome_level,
                "agenda-outcome",
                f"an item with match {match!r} has outcome level {' or '.join(sorted(levels))}, "
                f"not {r.outcome_level!r}",
            )
