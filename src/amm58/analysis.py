"""Pure analysis helpers: a `Dataset` (or its DataFrames) in, a tidy DataFrame out.

No I/O, no plotting, no globals that change. Every count that a chart shows comes with the
passage identifiers behind it (a `passage_ids` column, comma-separated, in reading order), so a
reader can go from any bar back to the passages with `evidence()`.

The helpers are plain pandas: tables are joined with `merge`, counted with `groupby`,
`value_counts` and `crosstab`, and completed with `reindex` (zeros included). A few small
named steps are shared: `passages_with_stage` (each passage with its source and stage),
`coded_passages` (the reconciled theme codes with their passages), `codebook` (the themes in
codebook order) and `join_passage_ids` (passage ids joined in reading order). Nothing is
cached: the same dataset gives the same result on every call.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .data import quote, shorten
from .memo import per_dataset

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset

STAGES = ["pre-meeting", "post-meeting"]

#: How far along an agreement is, by the status the interviews give it.
PROGRESS = {
    "adopted": "reported done",
    "signed": "reported done",
    "existing": "reported done",
    "in implementation": "under way",
    "negotiating": "under way",
    "upgrading": "under way",
    "in progress": "under way",
    "to be signed": "planned or proposed",
    "to be completed": "planned or proposed",
    "to be developed": "planned or proposed",
    "proposed": "planned or proposed",
    "not stated": "status not stated",
}
PROGRESS_ORDER = ["reported done", "under way", "planned or proposed", "status not stated"]
ROLE_ORDER = ["co-chair", "head of delegation", "attended", "not stated"]
PARTNER_KINDS = ["dialogue partner", "candidate member", "other state", "group"]


# --- small shared pieces -------------------------------------------------------------------


def _str(s: pd.Series) -> pd.Series:
    """A column as Python-object strings, missing values None (for the columns shown as objects)."""
    return s.astype(object).where(s.notna(), None)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """A table with its text and category columns as plain `str` columns, as results show them."""
    text = df.select_dtypes(include=["string", "category"]).columns
    return df.astype(dict.fromkeys(text, str))


def _rank(values: pd.Series, order: Iterable) -> pd.Series:
    """Each value's position in ``order`` (a sort key for an order that is not alphabetical)."""
    return values.map({v: i for i, v in enumerate(order)})


def _period(start: pd.Series, end: pd.Series) -> list[str]:
    """'2025' for a one-year period, else '2024–2027'."""
    return [f"{a}" if a == b else f"{a}–{b}" for a, b in zip(start, end, strict=True)]


def _passage_key(pid: str) -> tuple:
    """Sort key of a passage id: by source, then number (`pre_02` before `pre_10`), then the id."""
    head, _, tail = pid.rpartition("_")
    return ((head, int(tail)) if tail.isdigit() else (pid, 0)), pid


def join_passage_ids(ids: Iterable[str]) -> str:
    """The distinct passage ids, joined with ',' in reading order ('' when there are none)."""
    return ",".join(sorted(set(ids), key=_passage_key))


def passage_ids_by(rows: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The distinct passage ids of each group of ``rows`` (grouped by ``keys``), joined with ','
    in reading order, as `join_passage_ids` joins one group: one entry per group, indexed by
    the keys. The rows are sorted into reading order once and each group's ids summed as
    strings, which is many times faster than joining group by group."""
    ids = rows[keys + ["passage_id"]].drop_duplicates()
    rank = {pid: i for i, pid in enumerate(sorted(ids.passage_id.unique(), key=_passage_key))}
    ids = ids.assign(_r=ids.passage_id.map(rank)).sort_values("_r", kind="stable")
    joined = (ids.passage_id + ",").groupby([ids[k] for k in keys]).sum()
    return joined.str[:-1].astype(rows.passage_id.dtype)


def source_order(sources: pd.DataFrame) -> list[str]:
    """Source ids in reading order: pre-meeting before post-meeting; within a stage, by published date
    when every source of the stage has one, else in the order of the table (an undated source keeps
    its place in sources.csv rather than sorting after the dated ones)."""
    s = sources.assign(_stage=pd.Categorical(_str(sources["stage"]), STAGES, ordered=True), _file=range(len(sources)))
    undated = s["published"].isna().groupby(s["_stage"], observed=True).transform("any")
    s = s.assign(_date=s["published"].mask(undated))
    s = s.sort_values(["_stage", "_date", "_file"], na_position="last", kind="stable")
    return [str(x) for x in s["source_id"]]


@per_dataset
def passages_with_stage(ds: Dataset) -> pd.DataFrame:
    """One row per passage, in table order: passage_id, source_id, stage (of its source), seq,
    kind, n_words; text as `str`, numbers as int."""
    p = _plain(ds.passages[["passage_id", "source_id", "seq", "kind", "n_words"]])
    p = p.merge(_plain(ds.sources[["source_id", "stage"]]), on="source_id", how="left")
    return p.astype({"seq": int, "n_words": int})[["passage_id", "source_id", "stage", "seq", "kind", "n_words"]]


def with_passages(links: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """The rows of a link table (anything with a passage_id) whose passage exists, in table
    order, with text as `str` and the passage's source_id, stage and seq added."""
    p = passages_with_stage(ds)[["passage_id", "source_id", "stage", "seq"]]
    return _plain(links).merge(p, on="passage_id")


def coded_passages(ds: Dataset) -> pd.DataFrame:
    """One row per reconciled code (passage, theme), in table order: passage_id, theme_id,
    source_id, stage, seq."""
    return with_passages(ds.passage_themes, ds)


@per_dataset
def codebook(ds: Dataset, core_only: bool = False) -> pd.DataFrame:
    """One row per theme in codebook order (only the core themes when asked): theme_id, label,
    core, sort_order."""
    th = ds.themes.sort_values("sort_order")
    if core_only:
        th = th[th["core"].astype(bool)]
    th = _plain(th[["theme_id", "label", "core", "sort_order"]]).astype({"core": bool, "sort_order": int})
    return th.reset_index(drop=True)


def _count(values: pd.Series, keys: Iterable) -> np.ndarray:
    """How often each of ``keys`` occurs in ``values`` (0 when it does not)."""
    return values.value_counts().reindex(keys, fill_value=0).to_numpy()


# --- the dataset at a glance ---------------------------------------------------------------


def passages_per_stage(ds: Dataset) -> dict[str, int]:
    """How many passages each stage's interviews hold: {stage: passages}, stages in reading
    order (the denominators of a chart that counts passages per stage)."""
    counts = passages_with_stage(ds).stage.value_counts()
    return {stage: int(counts[stage]) for stage in STAGES if stage in counts}


def passages_per_source(ds: Dataset) -> pd.DataFrame:
    """Passages and words per interview and kind of passage.

    One row per (source_id, kind) that occurs: stage, n_passages, n_words. Sources in reading
    order, kinds in codebook order (lead, question, answer, caption).
    """
    p = passages_with_stage(ds)
    g = (
        p.groupby(["source_id", "stage", "kind"], sort=False)
        .agg(n_passages=("passage_id", "size"), n_words=("n_words", "sum"))
        .reset_index()
    )
    g["_s"] = _rank(g["source_id"], source_order(ds.sources))
    g["_k"] = _rank(g["kind"], ds.passages["kind"].cat.categories)
    return g.sort_values(["_s", "_k"]).drop(columns=["_s", "_k"]).reset_index(drop=True)


def kappa_from_counts(tp, fp, fn, tn):
    """Cohen's kappa from a 2x2 table of two boolean codings: tp (both code the unit), fp
    (only the second), fn (only the first), tn (neither). NaN when chance agreement is 1.
    Numbers give a float; arrays of counts (e.g. one per bootstrap resample) an array."""
    tp, fp, fn, tn = (np.asarray(x, dtype=float) for x in (tp, fp, fn, tn))
    n = tp + fp + fn + tn
    p_o = (tp + tn) / n
    pa, pb = (tp + fn) / n, (tp + fp) / n
    p_e = pa * pb + (1 - pa) * (1 - pb)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.where(p_e < 1, (p_o - p_e) / (1 - p_e), np.nan)
    return float(k) if k.ndim == 0 else k


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa for two boolean codings of the same units.

    Returns NaN when chance agreement is 1 (both coders gave the same single value to every
    unit), where kappa is undefined.
    """
    a = a.astype(bool).to_numpy()
    b = b.astype(bool).to_numpy()
    if len(a) != len(b) or len(a) == 0:
        raise ValueError("cohen_kappa needs two codings of the same, non-empty set of units")
    return kappa_from_counts(int((a & b).sum()), int((~a & b).sum()), int((a & ~b).sum()), int((~a & ~b).sum()))


@per_dataset
def coding_agreement(ds: Dataset) -> pd.DataFrame:
    """Agreement between the two independent coding passes, per theme.

    One row per theme (codebook order): label, core, n_pass_a and n_pass_b (passages each pass
    coded with the theme), n_both, n_disagree, agreement (share of all passages on which the
    passes agree) and kappa (Cohen's, over all passages; NaN where undefined).
    """
    codes = _plain(ds.coding_passes).merge(_plain(ds.passages[["passage_id"]]), on="passage_id")
    a, b = codes[codes.pass_id == "a"], codes[codes.pass_id == "b"]
    both = a.merge(b, on=["passage_id", "theme_id"])
    out = codebook(ds)[["theme_id", "label", "core"]]
    out["n_pass_a"] = _count(a.theme_id, out.theme_id)
    out["n_pass_b"] = _count(b.theme_id, out.theme_id)
    out["n_both"] = _count(both.theme_id, out.theme_id)
    out["n_disagree"] = out.n_pass_a + out.n_pass_b - 2 * out.n_both
    n = len(ds.passages)
    out["agreement"] = (n - out.n_disagree) / n
    only_a, only_b = out.n_pass_a - out.n_both, out.n_pass_b - out.n_both
    neither = n - out.n_both - only_a - only_b
    out["kappa"] = kappa_from_counts(out.n_both, only_b, only_a, neither)
    return out


def evidence(ds: Dataset, passage_ids: Iterable[str] | str) -> pd.DataFrame:
    """The passages behind a number: one row per passage, in reading order.

    Columns: passage_id, source_id, seq, kind, locator, summary. `passage_ids` is a list or a
    comma-separated string as found in the `passage_ids` column of the count helpers.
    """
    if isinstance(passage_ids, str):
        passage_ids = [x for x in passage_ids.split(",") if x]
    wanted = set(passage_ids)
    unknown = wanted - set(ds.passages["passage_id"])
    if unknown:
        raise KeyError(f"unknown passage_id(s): {shorten(sorted(unknown), 200)}")
    p = ds.passages[ds.passages["passage_id"].isin(wanted)]
    out = pd.DataFrame({k: _str(p[k]) for k in ("passage_id", "source_id", "kind", "locator", "summary")})
    out.insert(2, "seq", p["seq"].astype(int).to_numpy())
    out["_s"] = _rank(out["source_id"], source_order(ds.sources))
    return out.sort_values(["_s", "seq"]).drop(columns="_s").reset_index(drop=True)


# --- themes ------------------------------------------------------------------------------


@per_dataset
def theme_counts(ds: Dataset, *, core_only: bool = False) -> pd.DataFrame:
    """Passages per theme per interview, as counts and shares.

    One row per (source_id, theme_id), zeros included: stage, label, core, n_passages,
    n_source_passages, share (n_passages / n_source_passages, 0..1), passage_ids. Sorted by
    source (reading order) then codebook order.
    """
    themes, sources = codebook(ds, core_only), source_order(ds.sources)
    if themes.empty or not sources:
        return pd.DataFrame([])
    p = passages_with_stage(ds)
    grid = pd.MultiIndex.from_product([sources, themes.theme_id], names=["source_id", "theme_id"])
    coded = coded_passages(ds)
    cells = coded.groupby(["source_id", "theme_id"]).passage_id
    out = grid.to_frame(index=False)
    out.insert(1, "stage", out.source_id.map(p.drop_duplicates("source_id").set_index("source_id").stage))
    out = out.merge(themes[["theme_id", "label", "core"]], on="theme_id", how="left")
    out["n_passages"] = cells.nunique().reindex(grid, fill_value=0).to_numpy()
    out["n_source_passages"] = _count(p.source_id, out.source_id)
    out["share"] = (out.n_passages / out.n_source_passages).where(out.n_source_passages > 0)
    out["passage_ids"] = passage_ids_by(coded, ["source_id", "theme_id"]).reindex(grid, fill_value="").to_numpy()
    return out


def theme_table(counts: pd.DataFrame) -> pd.DataFrame:
    """`theme_counts()` as a wide table for reading: one row per theme (codebook order), with
    `n_<source>` and `share_<source>` columns per source in reading order."""
    themes, sources = counts["label"].unique(), counts["source_id"].unique()
    wide = counts.pivot(index="label", columns="source_id", values=["n_passages", "share"]).reindex(themes)
    core = counts.drop_duplicates("label").set_index("label")["core"].reindex(themes)
    n = wide["n_passages"].reindex(columns=sources).astype(int).add_prefix("n_")
    share = wide["share"].reindex(columns=sources).astype(float).round(3).add_prefix("share_")
    return pd.concat([core, n, share], axis=1).rename_axis(index="theme", columns=None).reset_index()


@per_dataset
def theme_shift(ds: Dataset, *, core_only: bool = False) -> pd.DataFrame:
    """How theme emphasis shifted from before the meetings to after.

    One row per theme (codebook order): label, core, n_pre, n_post, share_pre and share_post
    (share of the passages of all pre- or post-meeting sources that carry the theme) and
    shift_pts (share_post - share_pre, in percentage points).
    """
    coded = coded_passages(ds)
    out = codebook(ds, core_only)[["theme_id", "label", "core"]]
    n = pd.crosstab(coded.theme_id, coded.stage).reindex(index=out.theme_id, columns=STAGES, fill_value=0)
    n_stage = passages_with_stage(ds).stage.value_counts().reindex(STAGES, fill_value=0)
    share = n / n_stage
    out["n_pre"], out["n_post"] = n[STAGES[0]].to_numpy(), n[STAGES[1]].to_numpy()
    out["share_pre"], out["share_post"] = share[STAGES[0]].to_numpy(), share[STAGES[1]].to_numpy()
    out["shift_pts"] = 100 * (out.share_post - out.share_pre)
    return out


def theme_cooccurrence(ds: Dataset, *, core_only: bool = False) -> pd.DataFrame:
    """Which themes occur in the same passage.

    One row per ordered pair (theme_a, theme_b) of themes, both orders and the diagonal
    included (the diagonal counts passages with the theme at all): label_a, label_b,
    n_passages, passage_ids. Pairs in codebook order.
    """
    themes = codebook(ds, core_only)
    coded = coded_passages(ds)[["passage_id", "theme_id"]]
    pairs = coded.merge(coded, on="passage_id", suffixes=("_a", "_b"))
    cells = pairs.groupby(["theme_id_a", "theme_id_b"]).passage_id
    grid = pd.MultiIndex.from_product([themes.theme_id, themes.theme_id], names=["theme_a", "theme_b"])
    out = grid.to_frame(index=False)
    label = themes.set_index("theme_id").label
    out["label_a"], out["label_b"] = out.theme_a.map(label), out.theme_b.map(label)
    out["n_passages"] = cells.nunique().reindex(grid, fill_value=0).to_numpy()
    out["passage_ids"] = passage_ids_by(pairs, ["theme_id_a", "theme_id_b"]).reindex(grid, fill_value="").to_numpy()
    return out


def theme_positions(ds: Dataset, *, core_only: bool = True) -> pd.DataFrame:
    """Where in each interview the themes occur.

    One row per coded (passage, theme): source_id, seq, position (the passage's place in its
    interview from 0 to 1: (seq - 0.5) / passages in the source), theme_id, label. Sorted by
    source, theme order, seq.
    """
    themes = codebook(ds, core_only)
    coded = coded_passages(ds).merge(themes, on="theme_id")
    n_source = ds.passages["source_id"].astype(str).value_counts()
    coded["position"] = (coded.seq - 0.5) / coded.source_id.map(n_source)
    coded["_s"] = _rank(coded.source_id, source_order(ds.sources))
    out = coded.sort_values(["_s", "sort_order", "seq"])[
        ["passage_id", "source_id", "seq", "position", "theme_id", "label"]
    ]
    return out.astype({k: object for k in ("passage_id", "source_id", "theme_id", "label")}).reset_index(drop=True)


def theme_evidence(ds: Dataset, theme_id: str, source_id: str | None = None) -> pd.DataFrame:
    """The passages coded with a theme (optionally in one interview): one row per passage, in
    reading order, as `evidence()` gives them."""
    if theme_id not in set(ds.themes["theme_id"]):
        raise KeyError(f"unknown theme_id: {quote(theme_id)}")
    codes = ds.passage_themes
    out = evidence(ds, codes.loc[codes["theme_id"] == theme_id, "passage_id"])
    return out if source_id is None else out[out.source_id == source_id].reset_index(drop=True)


def variant_spellings(ds: Dataset) -> pd.DataFrame:
    """The spellings that differ from an entity's canonical name: abbreviations, formal names,
    adjectives, variants and typos. One row per alias: alias, alias_kind, entity (name), note.
    Sorted by entity, then alias kind and alias."""
    al = ds.aliases.merge(ds.entities[["entity_id", "name"]], on="entity_id")
    out = pd.DataFrame(
        {"alias": _str(al.alias), "alias_kind": _str(al.alias_kind), "entity": _str(al.name), "note": _str(al.note)}
    ).fillna("")
    out = out[out.alias_kind != "name"]
    out["_k"] = _rank(out.alias_kind, ds.aliases["alias_kind"].cat.categories)
    return out.sort_values(["entity", "_k", "alias"]).drop(columns="_k").reset_index(drop=True)


# --- agreements and trade --------------------------------------------------------------


def agreement_progress(ds: Dataset) -> pd.DataFrame:
    """Each agreement, plan or initiative with its status and how far along that puts it.

    One row per agreement: short_name, kind, scope, status, progress (reported done, under
    way, planned or proposed, status not stated), passage_id. Sorted by progress, kind, name.
    """
    a = ds.agreements
    out = pd.DataFrame({k: _str(a[k]) for k in ("agreement_id", "short_name", "kind", "scope", "status", "passage_id")})
    out["progress"] = out["status"].map(PROGRESS)
    if out["progress"].isna().any():
        unclassed = sorted(set(out.loc[out.progress.isna(), "status"]))
        raise ValueError(f"status without a progress class: {shorten(unclassed, 200)}")
    out["_p"] = _rank(out["progress"], PROGRESS_ORDER)
    out = out.sort_values(["_p", "kind", "short_name"]).drop(columns="_p")
    return out[["agreement_id", "short_name", "kind", "scope", "status", "progress", "passage_id"]].reset_index(
        drop=True
    )


def progress_counts(ds: Dataset, by: str = "kind") -> pd.DataFrame:
    """Agreements per progress class and `by` (kind or scope).

    One row per (progress, by-value) that occurs: n_agreements, agreement_ids. Sorted by
    progress order then the by-value.
    """
    if by not in ("kind", "scope", "status"):
        raise ValueError("by must be 'kind', 'scope' or 'status'")
    ap = agreement_progress(ds)
    g = (
        ap.groupby(["progress", by], sort=False)
        .agg(n_agreements=("agreement_id", "size"), agreement_ids=("agreement_id", lambda s: ",".join(sorted(s))))
        .reset_index()
    )
    g["_p"] = _rank(g["progress"], PROGRESS_ORDER)
    return g.sort_values(["_p", by]).drop(columns="_p").reset_index(drop=True)


def fta_partners(ds: Dataset) -> pd.DataFrame:
    """The partners of each free trade agreement, as the interviews name them.

    One row per (FTA, partner): short_name, status, entity_id, partner, stage (of the passage
    that links them), passage_id. Sorted by partner, then agreement.
    """
    a = ds.agreements[_str(ds.agreements["kind"]) == "FTA"]
    ap = ds.agreement_partners.merge(a[["agreement_id", "short_name", "status"]], on="agreement_id")
    ap = ap.merge(ds.entities[["entity_id", "name"]], on="entity_id")
    ap = ap.merge(ds.passages[["passage_id", "source_id"]], on="passage_id").merge(
        ds.sources[["source_id", "stage"]], on="source_id"
    )
    out = pd.DataFrame(
        {
            "agreement_id": _str(ap.agreement_id),
            "short_name": _str(ap.short_name),
            "status": _str(ap.status),
            "entity_id": _str(ap.entity_id),
            "partner": _str(ap.name),
            "stage": _str(ap.stage),
            "passage_id": _str(ap.passage_id),
        }
    )
    return out.sort_values(["partner", "agreement_id"]).reset_index(drop=True)


def agreement_status_by_stage(ds: Dataset) -> pd.DataFrame:
    """The status each interview stage gives each agreement (from every mention).

    One row per agreement: short_name, kind, status_pre and status_post (the statuses the
    passages of that stage give, joined with '; ', empty when the stage does not mention it),
    passage_ids. Sorted by kind, name.
    """
    mentions = with_passages(ds.agreement_passages, ds)
    distinct = mentions[["agreement_id", "stage", "status"]].drop_duplicates().sort_values("status")
    statuses = (
        (distinct.status + "; ")
        .groupby([distinct.agreement_id, distinct.stage])
        .sum()
        .str[:-2]
        .unstack()
        .reindex(columns=STAGES)
    )  # each group's distinct statuses, sorted, summed as strings
    out = _plain(ds.agreements[["agreement_id", "short_name", "kind"]])
    out["status_pre"] = out.agreement_id.map(statuses[STAGES[0]]).fillna("")
    out["status_post"] = out.agreement_id.map(statuses[STAGES[1]]).fillna("")
    out["passage_ids"] = out.agreement_id.map(passage_ids_by(mentions, ["agreement_id"])).fillna("")
    return out.sort_values(["kind", "short_name"]).reset_index(drop=True)


# --- partners ----------------------------------------------------------------------------


def _mentions_grouped(ds: Dataset, kinds: Iterable[str] | None, by: str) -> pd.DataFrame:
    """One row per (entity_id, name, kind, ``by``) among the mentions of entities of ``kinds``
    (every kind when None), ``by`` being source_id or context: n_passages (distinct passages),
    passage_ids. Sorted by those four keys."""
    entities = _plain(ds.entities[["entity_id", "name", "kind"]])
    if kinds is not None:
        entities = entities[entities.kind.isin(list(kinds))]
    mentions = with_passages(ds.passage_entities, ds).merge(entities, on="entity_id")
    g = mentions.groupby(["entity_id", "name", "kind", by]).passage_id
    ids = passage_ids_by(mentions, ["entity_id", "name", "kind", by]).rename("passage_ids")
    return pd.concat([g.nunique().rename("n_passages"), ids], axis=1).reset_index()


def partner_coverage(ds: Dataset, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """How many passages of each interview name each entity.

    One row per (entity, source) with at least one mention: entity_id, name, kind, source_id,
    stage (of the source), n_passages, passage_ids. `kinds` limits the entity kinds (default:
    every kind). Sorted by total passages descending, then name, then source order.
    """
    g = _mentions_grouped(ds, kinds, "source_id")
    g = g.merge(_plain(ds.sources[["source_id", "stage"]]), on="source_id", how="left")
    total = g.groupby("entity_id")["n_passages"].transform("sum")
    g = g.assign(_t=-total, _s=_rank(g.source_id, source_order(ds.sources))).sort_values(["_t", "name", "_s"])
    columns = ["entity_id", "name", "kind", "source_id", "stage", "n_passages", "passage_ids"]
    return g[columns].reset_index(drop=True)


def partner_contexts(ds: Dataset, kinds: Iterable[str] | None = PARTNER_KINDS) -> pd.DataFrame:
    """In which contexts each entity is named.

    One row per (entity, context) that occurs: name, kind, n_passages, passage_ids. Sorted by
    name then context (codebook order). Defaults to partners and other states and groups.
    """
    g = _mentions_grouped(ds, kinds, "context")
    g["_c"] = _rank(g.context, ds.passage_entities["context"].cat.categories)
    return g.sort_values(["name", "_c"]).drop(columns="_c").reset_index(drop=True)


def coverage_by_kind(ds: Dataset) -> pd.DataFrame:
    """Entities and mentions per kind of entity and interview.

    One row per (kind, source_id), zeros included: n_entities (distinct entities named),
    n_mentions (passage-entity pairs). Kinds in codebook order, sources in reading order.
    """
    kinds, sources = [str(k) for k in ds.entities["kind"].cat.categories], source_order(ds.sources)
    if not kinds or not sources:
        return pd.DataFrame([])
    mentions = with_passages(ds.passage_entities, ds).merge(_plain(ds.entities[["entity_id", "kind"]]), on="entity_id")
    cells = mentions.drop_duplicates(["passage_id", "entity_id"]).groupby(["kind", "source_id"])
    grid = pd.MultiIndex.from_product([kinds, sources], names=["kind", "source_id"])
    out = grid.to_frame(index=False)
    out["n_entities"] = cells.entity_id.nunique().reindex(grid, fill_value=0).to_numpy()
    out["n_mentions"] = cells.size().reindex(grid, fill_value=0).to_numpy()
    return out


def partner_links(ds: Dataset, kinds: Iterable[str] = PARTNER_KINDS) -> pd.DataFrame:
    """Links between partners and the meetings and agreements that connect them.

    Built only from curated link tables, never from co-occurrence in a paragraph (a paragraph
    about two meetings would otherwise tie each partner to both). One row per (entity, target):
    name, target_type (meeting or agreement), target_id, target_label, passage_id (the passage
    that states the link). Sorted by name, target_type, target_id.
    """
    ent = ds.entities[_str(ds.entities["kind"]).isin(list(kinds))]
    ent = pd.DataFrame({"entity_id": _str(ent.entity_id), "name": _str(ent.name)})
    mp = ds.meeting_participants.merge(ds.meetings[["meeting_id", "short_name"]], on="meeting_id")
    ap = ds.agreement_partners.merge(ds.agreements[["agreement_id", "short_name"]], on="agreement_id")
    links = pd.concat(
        [
            pd.DataFrame(
                {
                    "entity_id": _str(mp.entity_id),
                    "target_type": "meeting",
                    "target_id": _str(mp.meeting_id),
                    "target_label": _str(mp.short_name),
                    "passage_id": _str(mp.passage_id),
                }
            ),
            pd.DataFrame(
                {
                    "entity_id": _str(ap.entity_id),
                    "target_type": "agreement",
                    "target_id": _str(ap.agreement_id),
                    "target_label": _str(ap.short_name),
                    "passage_id": _str(ap.passage_id),
                }
            ),
        ],
        ignore_index=True,
    )
    out = links.merge(ent, on="entity_id").sort_values(["name", "target_type", "target_id"])
    return out[["entity_id", "name", "target_type", "target_id", "target_label", "passage_id"]].reset_index(drop=True)


# --- Vietnam's roles ---------------------------------------------------------------------


def role_timeline(ds: Dataset, start: int = 2021, end: int = 2031) -> pd.DataFrame:
    """Vietnam's roles beside the plans, visions and anniversaries, on one time axis.

    One row per bar: label, category (role, plan, vision, anniversary, accession, meeting,
    milestone), period (the true years, e.g. '2024–2027'; an event without a start year shows
    its end year), start_year, end_year (clipped to [start, end]), clipped (True when the
    period runs past the window), passage_id.
    Roles first, then the timeline events, each sorted by (clipped) start year, end year, label.
    """
    r = ds.vietnam_roles
    roles = pd.DataFrame(
        {
            "label": _str(r.role).str.capitalize() + ": " + _str(r.counterpart),
            "category": "role",
            "start_year": r.start_year.astype(int),
            "end_year": r.end_year.astype(int),
            "passage_id": _str(r.passage_id),
        }
    )
    t = ds.timeline
    ev = pd.DataFrame(
        {
            "label": _str(t.label),
            "category": _str(t.kind),
            "start_year": t.start_year.fillna(t.end_year).astype(int),
            "end_year": t.end_year.astype(int),
            "passage_id": _str(t.passage_id),
        }
    )
    out = []
    for df in (roles, ev):
        df = df[(df.end_year >= start) & (df.start_year <= end)].copy()
        df["period"] = _period(df.start_year, df.end_year)
        df["clipped"] = (df.start_year < start) | (df.end_year > end)
        df["start_year"] = df.start_year.clip(lower=start)
        df["end_year"] = df.end_year.clip(upper=end)
        out.append(df.sort_values(["start_year", "end_year", "label"]))
    return pd.concat(out, ignore_index=True)[
        ["label", "category", "period", "start_year", "end_year", "clipped", "passage_id"]
    ]


def roles_announced_reported(ds: Dataset) -> pd.DataFrame:
    """Which of Vietnam's roles each interview mentions: announced before, reported after.

    One row per role: role, counterpart, period, pre (mentioned in a pre-meeting passage),
    post (mentioned in a post-meeting passage), passage_ids. Sorted by role order, counterpart.
    """
    mentions = with_passages(ds.role_passages, ds)
    r = _plain(ds.vietnam_roles)
    out = r[["role", "counterpart"]].assign(period=_period(r.start_year, r.end_year))
    out["pre"] = r.role_id.isin(mentions.role_id[mentions.stage == STAGES[0]])
    out["post"] = r.role_id.isin(mentions.role_id[mentions.stage == STAGES[1]])
    out["passage_ids"] = r.role_id.map(passage_ids_by(mentions, ["role_id"])).fillna("")
    out["_r"] = _rank(out.role, ds.vietnam_roles["role"].cat.categories)
    return out.sort_values(["_r", "counterpart"]).drop(columns="_r").reset_index(drop=True)


def meetings_by_role(ds: Dataset) -> pd.DataFrame:
    """Meetings grouped by Vietnam's role in them.

    One row per role that occurs (co-chair, head of delegation, attended, not stated):
    n_meetings, meetings (short names, '; '-joined), passage_ids (the passages that state the
    role). Sorted in that role order.
    """
    m = _plain(ds.meetings[["short_name", "vietnam_role", "passage_id"]]).sort_values("short_name")
    g = m.groupby("vietnam_role").agg(
        n_meetings=("short_name", "size"),
        meetings=("short_name", "; ".join),
        passage_ids=("passage_id", join_passage_ids),
    )
    return g.reindex([r for r in ROLE_ORDER if r in g.index]).rename_axis("vietnam_role").reset_index()


def message_attribution(ds: Dataset) -> pd.DataFrame:
    """Each slogan, motto or message with its owner, speaker and forum.

    One row per message: text, kind, owner (state), speaker (person; empty when not stated),
    forum (meeting short name; empty when not stated), passage_id. Sorted in reading order of
    the passages (sources in reading order), then text.
    """
    m = ds.messages.merge(
        ds.entities[["entity_id", "name"]].rename(columns={"entity_id": "owner_id", "name": "owner"}),
        on="owner_id",
        how="left",
    )
    m = m.merge(
        ds.people[["person_id", "name"]].rename(columns={"person_id": "speaker_id", "name": "speaker"}),
        on="speaker_id",
        how="left",
    )
    m = m.merge(
        ds.meetings[["meeting_id", "short_name"]].rename(columns={"short_name": "forum"}), on="meeting_id", how="left"
    )
    out = pd.DataFrame({k: _str(m[k]) for k in ("text", "kind", "owner", "speaker", "forum", "passage_id")})
    out = out.fillna("")
    out["_k"] = _rank(out.passage_id, evidence(ds, out.passage_id).passage_id)
    return out.sort_values(["_k", "text"]).drop(columns="_k").reset_index(drop=True)


# --- before and after --------------------------------------------------------------------

MATCH_ORDER = ["matched", "not mentioned again", "new"]
#: What the post-meeting interview reports of an agenda item (`agenda.outcome_level`).
OUTCOME_LEVELS = ["reported achieved", "mentioned again", "not mentioned"]


def agenda_outcomes(ds: Dataset) -> pd.DataFrame:
    """The pre-meeting agenda against the post-meeting report, item by item.

    One row per agenda item: label, theme (label), match (matched, not mentioned again, new),
    outcome_level (reported achieved, mentioned again, not mentioned), pre_passage_id,
    post_passage_id, outcome. Sorted by match order, outcome level, theme order, label.
    """
    a = ds.agenda.merge(
        ds.themes[["theme_id", "label", "sort_order"]].rename(columns={"label": "theme"}), on="theme_id"
    )
    cols = ("item_id", "label", "theme", "match", "outcome_level", "pre_passage_id", "post_passage_id", "outcome")
    out = pd.DataFrame({k: _str(a[k]) for k in cols}).fillna("")
    out["_m"] = _rank(out.match, MATCH_ORDER)
    out["_l"] = _rank(out.outcome_level, OUTCOME_LEVELS)
    out["_t"] = a["sort_order"].astype(int).to_numpy()
    return out.sort_values(["_m", "_l", "_t", "label"]).drop(columns=["_m", "_l", "_t"]).reset_index(drop=True)


def agenda_summary(ds: Dataset) -> pd.DataFrame:
    """Agenda items per theme and match.

    One row per (theme, match) that occurs: theme_id, theme (label), n_items, item_ids. Sorted by
    theme order then match order.
    """
    a = ds.agenda.merge(
        ds.themes[["theme_id", "label", "sort_order"]].rename(columns={"label": "theme"}), on="theme_id"
    )
    df = pd.DataFrame(
        {
            "theme_id": _str(a.theme_id),
            "theme": _str(a.theme),
            "match": _str(a.match),
            "item_id": _str(a.item_id),
            "_t": a.sort_order.astype(int).to_numpy(),
        }
    )
    g = (
        df.groupby(["_t", "theme_id", "theme", "match"])
        .agg(n_items=("item_id", "size"), item_ids=("item_id", lambda s: ",".join(sorted(s))))
        .reset_index()
    )
    g["_m"] = _rank(g.match, MATCH_ORDER)
    return g.sort_values(["_t", "_m"]).drop(columns=["_t", "_m"]).reset_index(drop=True)


#: Who performs an agenda item's act (`agenda.actor`), in display order.
ACTORS = ["Vietnam", "ASEAN or partners"]


def achieved_by_actor(ds: Dataset, *, planned_only: bool = True) -> pd.DataFrame:
    """The items reported achieved, split by who performs the act: Vietnam's own acts against ASEAN
    or partner outcomes.

    One row per actor (`ACTORS` order, zeros included): n_items (items reported achieved), labels
    ('; '-joined, in `agenda_outcomes` order), item_ids. With `planned_only`, only the items the
    pre-meeting interview set out (`match` other than new) count.
    """
    a = agenda_outcomes(ds).merge(_plain(ds.agenda[["item_id", "actor"]]), on="item_id")
    done = a[a.outcome_level == "reported achieved"]
    if planned_only:
        done = done[done.match != "new"]
    g = done.groupby("actor", sort=False).agg(
        n_items=("item_id", "size"), labels=("label", "; ".join), item_ids=("item_id", ",".join)
    )
    g = g.reindex(ACTORS).fillna({"n_items": 0, "labels": "", "item_ids": ""}).astype({"n_items": int})
    return g.rename_axis("actor").reset_index()


def agenda_levels_compared(ds: Dataset) -> pd.DataFrame:
    """The outcome level of each agenda item as the first coder (`agenda`) and a second, blind coder
    (`agenda_levels_b`) gave it.

    One row per item both coded, in `agenda_outcomes` order: item_id, label, match, level_a,
    level_b, gap (levels apart, 0 to 2, in `OUTCOME_LEVELS` order), post_passage_ids_b.
    """
    a = agenda_outcomes(ds)[["item_id", "label", "match", "outcome_level"]].rename(columns={"outcome_level": "level_a"})
    b = _plain(ds.agenda_levels_b[["item_id", "outcome_level", "post_passage_ids"]]).rename(
        columns={"outcome_level": "level_b", "post_passage_ids": "post_passage_ids_b"}
    )
    out = a.merge(b, on="item_id")
    rank = {level: i for i, level in enumerate(OUTCOME_LEVELS)}
    out["gap"] = (out.level_a.map(rank) - out.level_b.map(rank)).abs().astype(int)
    out["post_passage_ids_b"] = out.post_passage_ids_b.fillna("")
    return out[["item_id", "label", "match", "level_a", "level_b", "gap", "post_passage_ids_b"]]


def agenda_split_comparison(ds: Dataset) -> pd.DataFrame:
    """How a second, blind coder's split of the pre-meeting agenda (`agenda_split_b`) maps onto the
    first coding's items (`agenda` rows with `match` other than new).

    One row per first-coding item, then one per second-coder item with no counterpart: item_id
    (empty for the latter), label (the first coding's label, else the second coder's), n_a (1 for
    a first-coding item, 0 otherwise), n_b (second-coder items under it), split_ids, and
    correspondence: "one to one", "split further by b" (n_b > 1), "only in a" (n_b = 0) or
    "only in b".
    """
    a = _plain(ds.agenda[ds.agenda.match.astype(str) != "new"][["item_id", "label"]])
    b = _plain(ds.agenda_split_b[["split_id", "label", "item_id"]])
    per = (
        b.dropna(subset=["item_id"]).groupby("item_id").agg(n_b=("split_id", "size"), split_ids=("split_id", ",".join))
    )
    out = a.merge(per, on="item_id", how="left").fillna({"n_b": 0, "split_ids": ""}).assign(n_a=1)
    only_b = b[b.item_id.isna()].assign(item_id="", n_a=0, n_b=1).rename(columns={"split_id": "split_ids"})
    out = pd.concat([out, only_b], ignore_index=True).astype({"n_a": int, "n_b": int})
    out["correspondence"] = np.select(
        [out.n_a == 0, out.n_b == 0, out.n_b > 1], ["only in b", "only in a", "split further by b"], "one to one"
    )
    return out[["item_id", "label", "n_a", "n_b", "split_ids", "correspondence"]]


def reconciliation_check(ds: Dataset) -> pd.DataFrame:
    """The first reconciliation (by the pass-a coder, not blind) against the blind one.

    One row per disagreement of passes a and b (file order): passage_id, theme_id, in_pass_a,
    in_pass_b, included (first decision), blind_included, changed (the blind decision differs).
    """
    r = ds.reconciliation
    out = pd.DataFrame({k: _str(r[k]) for k in ("passage_id", "theme_id")})
    for k in ("in_pass_a", "in_pass_b", "included", "blind_included"):
        out[k] = r[k].astype(bool).to_numpy()
    out["changed"] = out.included != out.blind_included
    return out
