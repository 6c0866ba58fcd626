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

from .analysis import (STAGES, _count, _plain, _rank, codebook, kappa_from_counts, passages_with_stage, source_order,
                       with_passages)

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset


def _term_hits(passage_terms: pd.DataFrame, theme_terms: pd.DataFrame) -> pd.DataFrame:
    """One row per (passage_id, theme_id, term) where a passage contains one of the theme's
    dictionary terms. Only the term rows of dictionary terms are joined: only those can match."""
    passage_terms = passage_terms[passage_terms["term"].isin(theme_terms["term"])]
    pt = _plain(passage_terms[["passage_id", "term"]])
    return pt.merge(_plain(theme_terms[["theme_id", "term"]]), on="term").drop_duplicates()


def dictionary_coding(passage_terms: pd.DataFrame, theme_terms: pd.DataFrame) -> pd.DataFrame:
    """Dictionary codes: one row per (passage_id, theme_id) where the passage contains at least
    one of the theme's terms, with `matched_terms` (the terms found, sorted, comma-joined).
    Sorted by passage_id, theme_id."""
    return _matched_terms(_term_hits(passage_terms, theme_terms))


def _matched_terms(hits: pd.DataFrame) -> pd.DataFrame:
    """One row per (passage_id, theme_id) of the term hits ``hits``, sorted by both:
    matched_terms (its terms, sorted, comma-joined)."""
    by_pair = hits.sort_values("term").groupby(["passage_id", "theme_id"]).term
    return by_pair.agg(",".join).rename("matched_terms").reset_index()


def _hand_and_dictionary(ds: "Dataset") -> pd.DataFrame:
    """One row per (passage_id, theme_id) that the hand or the dictionary codes, sorted by
    both: hand and dictionary (which of the two code it)."""
    hand = _plain(ds.passage_themes[["passage_id", "theme_id"]])
    dic = _term_hits(ds.passage_terms, ds.theme_terms)[["passage_id", "theme_id"]].drop_duplicates()
    pairs = hand.merge(dic, how="outer", on=["passage_id", "theme_id"], indicator=True)
    pairs["hand"] = pairs["_merge"] != "right_only"
    pairs["dictionary"] = pairs.pop("_merge") != "left_only"
    return pairs


def dictionary_agreement(ds: "Dataset", *, core_only: bool = True) -> pd.DataFrame:
    """How well the dictionary recovers the hand coding, per theme.

    One row per theme (codebook order): label, core, n_terms, tp (both code it), fp
    (dictionary only), fn (hand only), tn (neither), precision (tp / (tp + fp); NaN when the
    dictionary never codes it), recall (tp / (tp + fn)), kappa (Cohen's, over all passages).
    """
    pairs = _hand_and_dictionary(ds)
    out = codebook(ds, core_only)[["theme_id", "label", "core"]]
    out["n_terms"] = _count(ds.theme_terms["theme_id"].astype(str), out.theme_id)
    out["tp"] = _count(pairs.theme_id[pairs.hand & pairs.dictionary], out.theme_id)
    out["fp"] = _count(pairs.theme_id[~pairs.hand], out.theme_id)
    out["fn"] = _count(pairs.theme_id[~pairs.dictionary], out.theme_id)
    out["tn"] = len(ds.passages) - out.tp - out.fp - out.fn
    out["precision"] = out.tp / (out.tp + out.fp)
    out["recall"] = out.tp / (out.tp + out.fn)
    out["kappa"] = [kappa_from_counts(t.tp, t.fp, t.fn, t.tn) for t in out.itertuples()]
    return out


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
    pairs = _hand_and_dictionary(ds).merge(codebook(ds, core_only)[["theme_id", "sort_order"]], on="theme_id")
    pairs = pairs[pairs.hand != pairs.dictionary]
    matched = _matched_terms(_term_hits(ds.passage_terms, ds.theme_terms).merge(pairs[["passage_id", "theme_id"]]))
    pairs = pairs.merge(matched, how="left", on=["passage_id", "theme_id"]).fillna({"matched_terms": ""})
    passages = _plain(ds.passages[["passage_id", "source_id", "summary"]]).assign(_o=np.arange(len(ds.passages)))
    review = _plain(ds.dictionary_review[["passage_id", "theme_id", "reason"]])
    out = pairs.merge(passages, on="passage_id").merge(review, how="left", on=["passage_id", "theme_id"])
    out["reason"] = out["reason"].fillna("")
    out["_s"] = _rank(out.source_id, source_order(ds.sources))
    out = out.sort_values(["_s", "_o", "sort_order"])
    out = out[["passage_id", "theme_id", "hand", "dictionary", "matched_terms", "summary", "reason"]]
    return out.astype({k: object for k in ("passage_id", "theme_id", "summary", "reason")}).reset_index(drop=True)


def stage_term_counts(ds: "Dataset") -> pd.DataFrame:
    """Term counts per interview stage: one row per term, columns `pre-meeting` and
    `post-meeting` (0 where absent). Sorted by term. Rows whose passage or interview stage is
    unknown are left out."""
    pt = with_passages(ds.passage_terms[["passage_id", "term", "count"]], ds)
    pt = pt[pt.stage.isin(STAGES)].astype({"count": int})
    wide = pt.pivot_table(index="term", columns="stage", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=STAGES, fill_value=0).rename_axis(columns=None)
    return wide.reset_index()


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
    p = passages_with_stage(ds)
    p["codes"] = _count(ds.passage_themes["passage_id"].astype(str), p.passage_id)
    g = p.groupby("source_id").agg(
        n_passages=("n_words", "size"), n_words=("n_words", "sum"), mean_words=("n_words", "mean"),
        median_words=("n_words", "median"), codes=("codes", "sum"), themes_per_passage=("codes", "mean"))
    g = g.reindex([s for s in source_order(ds.sources) if s in g.index])
    g["codes_per_100_words"] = 100 * g["codes"] / g["n_words"]
    return g.reset_index()
