"""The method check: does a keyword dictionary recover the hand coding, and which words set
the two interviews apart? Pure functions, DataFrames in, tidy DataFrames out.

- Dictionary coding: a passage carries a theme when it contains any of the theme's indicator
  terms (`theme_terms`), counted in `passage_terms`.
- Agreement with the reconciled hand coding per theme: confusion counts, precision, recall,
  Cohen's kappa.
- Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi and Quinn,
  "Fightin' Words", Political Analysis 16(4), 2008), with z-scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .analysis import _str, kappa_from_counts, source_order

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset


def _term_hits(passage_terms: pd.DataFrame, theme_terms: pd.DataFrame) -> pd.DataFrame:
    """(passage_id, theme_id, term) for every dictionary term a passage contains, de-duplicated.
    Term rows are filtered to dictionary terms before conversion: only those can match."""
    tt = pd.DataFrame({"theme_id": _str(theme_terms["theme_id"]), "term": _str(theme_terms["term"])})
    passage_terms = passage_terms[passage_terms["term"].isin(set(tt["term"]))]
    pt = pd.DataFrame({"passage_id": _str(passage_terms["passage_id"]), "term": _str(passage_terms["term"])})
    return pt.merge(tt, on="term")[["passage_id", "theme_id", "term"]].drop_duplicates()


def dictionary_coding(passage_terms: pd.DataFrame, theme_terms: pd.DataFrame) -> pd.DataFrame:
    """Dictionary codes: one row per (passage_id, theme_id) where the passage contains at least
    one of the theme's terms, with `matched_terms` (the terms found, sorted, comma-joined).
    Sorted by passage_id, theme_id."""
    hits = _term_hits(passage_terms, theme_terms).sort_values(["passage_id", "theme_id", "term"])
    keys = hits[["passage_id", "theme_id"]].to_numpy()
    found = hits["term"].to_numpy()
    if not len(keys):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ("passage_id", "theme_id", "matched_terms")})
    # group boundaries of the sorted (passage, theme) pairs; joining slices avoids a Series per group
    starts = np.flatnonzero(np.r_[True, (keys[1:] != keys[:-1]).any(axis=1)])
    ends = np.r_[starts[1:], len(keys)]
    return pd.DataFrame({"passage_id": keys[starts, 0], "theme_id": keys[starts, 1],
                         "matched_terms": [",".join(found[a:b]) for a, b in zip(starts, ends)]})


def _coded_pairs(ds: "Dataset") -> pd.DataFrame:
    """Every (passage, theme) pair that either coding gives, with hand (bool), dictionary
    (bool) and matched_terms. Pairs that neither gives are not listed (they are agreements)."""
    hand = pd.DataFrame({k: _str(ds.passage_themes[k]) for k in ("passage_id", "theme_id")}).assign(hand=True)
    dic = dictionary_coding(ds.passage_terms, ds.theme_terms).assign(dictionary=True)
    g = hand.merge(dic, how="outer", on=["passage_id", "theme_id"])
    g["hand"] = g["hand"].astype("boolean").fillna(False).astype(bool)
    g["dictionary"] = g["dictionary"].astype("boolean").fillna(False).astype(bool)
    g["matched_terms"] = g["matched_terms"].fillna("")
    return g


def dictionary_agreement(ds: "Dataset", *, core_only: bool = True) -> pd.DataFrame:
    """How well the dictionary recovers the hand coding, per theme.

    One row per theme (codebook order): label, core, n_terms, tp (both code it), fp
    (dictionary only), fn (hand only), tn (neither), precision (tp / (tp + fp); NaN when the
    dictionary never codes it), recall (tp / (tp + fn)), kappa (Cohen's, over all passages).
    """
    hand = pd.DataFrame({k: _str(ds.passage_themes[k]) for k in ("passage_id", "theme_id")}).drop_duplicates()
    pairs = _term_hits(ds.passage_terms, ds.theme_terms)[["passage_id", "theme_id"]].drop_duplicates()
    both = hand.merge(pairs, how="outer", on=["passage_id", "theme_id"], indicator=True)
    cells = pd.crosstab(both["theme_id"], both["_merge"].astype(str))
    n = len(ds.passages)
    th = ds.themes.sort_values("sort_order")
    if core_only:
        th = th[th["core"].astype(bool)]
    n_terms = _str(ds.theme_terms["theme_id"]).value_counts()
    rows = []
    for t in th.itertuples():
        tid = str(t.theme_id)
        get = (lambda c: int(cells.at[tid, c]) if tid in cells.index and c in cells.columns else 0)
        tp, fp, fn = get("both"), get("right_only"), get("left_only")
        tn = n - tp - fp - fn
        rows.append({"theme_id": tid, "label": str(t.label), "core": bool(t.core),
                     "n_terms": int(n_terms.get(tid, 0)), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "precision": tp / (tp + fp) if tp + fp else float("nan"),
                     "recall": tp / (tp + fn) if tp + fn else float("nan"),
                     "kappa": kappa_from_counts(tp, fp, fn, tn)})
    return pd.DataFrame(rows)


def confusion_table(agreement: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    """The 2x2 confusion table of one theme from `dictionary_agreement()`: rows hand coding
    (coded, not coded), columns dictionary (coded, not coded), cells passage counts."""
    r = agreement.set_index("theme_id").loc[theme_id]
    return pd.DataFrame({"dictionary: coded": [int(r.tp), int(r.fp)], "dictionary: not coded": [int(r.fn), int(r.tn)]},
                        index=pd.Index(["hand: coded", "hand: not coded"], name=str(r.label)))


def dictionary_disagreements(ds: "Dataset", *, core_only: bool = True) -> pd.DataFrame:
    """The (passage, theme) pairs where dictionary and hand coding differ.

    One row per pair: passage_id, theme_id, hand, dictionary, matched_terms, summary, and the
    reason from `dictionary_review` (empty when not reviewed). In reading order, then theme.
    """
    g = _coded_pairs(ds)
    if core_only:
        core = set(_str(ds.themes.loc[ds.themes["core"].astype(bool), "theme_id"]))
        g = g[g.theme_id.isin(core)]
    d = g[g.hand != g.dictionary]
    p = pd.DataFrame({"passage_id": _str(ds.passages["passage_id"]), "summary": _str(ds.passages["summary"]),
                      "_o": range(len(ds.passages))})
    src = {s: i for i, s in enumerate(source_order(ds.sources))}
    p["_s"] = _str(ds.passages["source_id"]).map(src).to_numpy()
    rv = pd.DataFrame({k: _str(ds.dictionary_review[k]) for k in ("passage_id", "theme_id", "reason")})
    th = {t: i for i, t in enumerate(_str(ds.themes.sort_values("sort_order")["theme_id"]))}
    out = d.merge(p, on="passage_id").merge(rv, how="left", on=["passage_id", "theme_id"])
    out["reason"] = out["reason"].fillna("")
    out["_t"] = out.theme_id.map(th)
    out = out.sort_values(["_s", "_o", "_t"])
    return out[["passage_id", "theme_id", "hand", "dictionary", "matched_terms", "summary", "reason"]].reset_index(drop=True)


def stage_term_counts(ds: "Dataset") -> pd.DataFrame:
    """Term counts per interview stage: one row per term, columns `pre-meeting` and
    `post-meeting` (0 where absent). Sorted by term."""
    stage_of_source = pd.Series(_str(ds.sources["stage"]).to_numpy(), index=_str(ds.sources["source_id"]))
    stage_of_passage = _str(ds.passages["source_id"]).map(stage_of_source)
    stage_of_passage.index = _str(ds.passages["passage_id"])
    pt = ds.passage_terms
    stage = pt["passage_id"].map(stage_of_passage)
    wide = pt["count"].astype("int64").groupby([pt["term"], stage]).sum().unstack(fill_value=0)
    wide = wide.reindex(columns=["pre-meeting", "post-meeting"], fill_value=0).astype(int)
    wide.columns.name = None
    wide.index = wide.index.astype(object)
    wide.index.name = "term"
    return wide.reset_index().sort_values("term").reset_index(drop=True)


def fightin_words(counts_a: pd.Series, counts_b: pd.Series, prior: pd.Series | None = None,
                  prior_scale: float = 1.0) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe et al. 2008, eq. 16-22).

    `counts_a` and `counts_b` are term counts (indexed by term) of the two texts; `prior` the
    counts of a background corpus (default: the two texts pooled), scaled so that the prior's
    total is `prior_scale` times the pooled corpus size. For term w with prior alpha_w
    (total alpha_0), the log-odds of w in text i is log((y_iw + alpha_w) / (n_i + alpha_0 -
    y_iw - alpha_w)); `delta` is text b's minus text a's, its variance is approximately
    1/(y_aw + alpha_w) + 1/(y_bw + alpha_w), and `z` = delta / sqrt(variance). Positive z: more
    typical of b. One row per term: count_a, count_b, delta, z. Sorted by z descending, term.
    """
    terms = counts_a.index.union(counts_b.index)
    ya = counts_a.reindex(terms, fill_value=0).astype(float)
    yb = counts_b.reindex(terms, fill_value=0).astype(float)
    base = (ya + yb) if prior is None else prior.reindex(terms, fill_value=0).astype(float)
    if base.sum() <= 0:
        raise ValueError("the prior has no mass")
    alpha = base / base.sum() * prior_scale * (ya.sum() + yb.sum())
    a0 = alpha.sum()
    na, nb = ya.sum(), yb.sum()
    la = np.log((ya + alpha) / (na + a0 - ya - alpha))
    lb = np.log((yb + alpha) / (nb + a0 - yb - alpha))
    delta = lb - la
    var = 1 / (ya + alpha) + 1 / (yb + alpha)
    out = pd.DataFrame({"term": terms, "count_a": ya.astype(int).to_numpy(), "count_b": yb.astype(int).to_numpy(),
                        "delta": delta.to_numpy(), "z": (delta / np.sqrt(var)).to_numpy()})
    return out.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


def distinctive_terms(ds: "Dataset", *, top: int = 10, min_count: int = 3) -> pd.DataFrame:
    """The terms that most set the post-meeting interview apart from the pre-meeting one, and
    vice versa: the `top` highest and lowest z of `fightin_words()` (pre as a, post as b) among
    terms used at least `min_count` times in all. One row per term: count_pre, count_post,
    delta, z, side ('post-meeting' or 'pre-meeting'). Sorted by z descending. Empty when the
    dataset has no term counts."""
    sc = stage_term_counts(ds).set_index("term")
    if sc.empty:
        return pd.DataFrame(columns=["term", "count_pre", "count_post", "delta", "z", "side"])
    fw = fightin_words(sc["pre-meeting"], sc["post-meeting"])
    fw = fw[(fw.count_a + fw.count_b) >= min_count]
    pick = pd.concat([fw.head(top), fw.tail(top)]).drop_duplicates("term")
    pick = pick.rename(columns={"count_a": "count_pre", "count_b": "count_post"})
    pick["side"] = np.where(pick.z > 0, "post-meeting", "pre-meeting")
    return pick.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


def length_and_density(ds: "Dataset") -> pd.DataFrame:
    """Passage length and theme density per interview.

    One row per source (reading order): n_passages, n_words, mean_words and median_words per
    passage, codes (passage-theme codes), themes_per_passage, codes_per_100_words.
    """
    p = pd.DataFrame({"passage_id": _str(ds.passages["passage_id"]), "source_id": _str(ds.passages["source_id"]),
                      "n_words": ds.passages["n_words"].astype(int)})
    codes = _str(ds.passage_themes["passage_id"]).value_counts()
    p["codes"] = p.passage_id.map(codes).fillna(0).astype(int)
    g = p.groupby("source_id").agg(n_passages=("passage_id", "size"), n_words=("n_words", "sum"),
                                   mean_words=("n_words", "mean"), median_words=("n_words", "median"),
                                   codes=("codes", "sum"), themes_per_passage=("codes", "mean"))
    g = g.reindex([s for s in source_order(ds.sources) if s in g.index])
    g["codes_per_100_words"] = 100 * g["codes"] / g["n_words"]
    out = g.reset_index().astype({"n_passages": int, "n_words": int, "codes": int, "mean_words": float,
                                  "median_words": float, "themes_per_passage": float, "codes_per_100_words": float})
    return out.reset_index(drop=True)
