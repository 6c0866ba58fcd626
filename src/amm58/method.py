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

from .analysis import _str, cohen_kappa, source_order

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset


def dictionary_coding(passage_terms: pd.DataFrame, theme_terms: pd.DataFrame) -> pd.DataFrame:
    """Dictionary codes: one row per (passage_id, theme_id) where the passage contains at least
    one of the theme's terms, with `matched_terms` (the terms found, sorted, comma-joined).
    Sorted by passage_id, theme_id."""
    pt = pd.DataFrame({"passage_id": _str(passage_terms["passage_id"]), "term": _str(passage_terms["term"])})
    tt = pd.DataFrame({"theme_id": _str(theme_terms["theme_id"]), "term": _str(theme_terms["term"])})
    hits = pt.merge(tt, on="term")
    out = (hits.groupby(["passage_id", "theme_id"])["term"].apply(lambda s: ",".join(sorted(set(s))))
           .rename("matched_terms").reset_index())
    return out.sort_values(["passage_id", "theme_id"]).reset_index(drop=True)


def _hand_and_dictionary(ds: "Dataset") -> pd.DataFrame:
    """Every (passage, theme) pair with hand (bool), dictionary (bool) and matched_terms."""
    pids = _str(ds.passages["passage_id"])
    th = ds.themes.sort_values("sort_order")
    grid = pd.MultiIndex.from_product([pids, _str(th["theme_id"])], names=["passage_id", "theme_id"]).to_frame(index=False)
    hand = pd.DataFrame({k: _str(ds.passage_themes[k]) for k in ("passage_id", "theme_id")}).assign(hand=True)
    dic = dictionary_coding(ds.passage_terms, ds.theme_terms).assign(dictionary=True)
    g = grid.merge(hand, how="left", on=["passage_id", "theme_id"]).merge(dic, how="left", on=["passage_id", "theme_id"])
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
    g = _hand_and_dictionary(ds)
    th = ds.themes.sort_values("sort_order")
    if core_only:
        th = th[th["core"].astype(bool)]
    n_terms = _str(ds.theme_terms["theme_id"]).value_counts()
    rows = []
    for t in th.itertuples():
        x = g[g.theme_id == str(t.theme_id)]
        tp = int((x.hand & x.dictionary).sum())
        fp = int((~x.hand & x.dictionary).sum())
        fn = int((x.hand & ~x.dictionary).sum())
        tn = int((~x.hand & ~x.dictionary).sum())
        rows.append({"theme_id": str(t.theme_id), "label": str(t.label), "core": bool(t.core),
                     "n_terms": int(n_terms.get(str(t.theme_id), 0)), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "precision": tp / (tp + fp) if tp + fp else float("nan"),
                     "recall": tp / (tp + fn) if tp + fn else float("nan"),
                     "kappa": cohen_kappa(x.hand, x.dictionary)})
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
    g = _hand_and_dictionary(ds)
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
    pt = ds.passage_terms.merge(ds.passages[["passage_id", "source_id"]], on="passage_id")
    pt = pt.merge(ds.sources[["source_id", "stage"]], on="source_id")
    df = pd.DataFrame({"term": _str(pt["term"]), "stage": _str(pt["stage"]), "count": pt["count"].astype(int)})
    wide = df.pivot_table(index="term", columns="stage", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=["pre-meeting", "post-meeting"], fill_value=0)
    wide.columns.name = None
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
    rows = []
    for sid in source_order(ds.sources):
        x = p[p.source_id == sid]
        rows.append({"source_id": sid, "n_passages": len(x), "n_words": int(x.n_words.sum()),
                     "mean_words": float(x.n_words.mean()), "median_words": float(x.n_words.median()),
                     "codes": int(x.codes.sum()), "themes_per_passage": float(x.codes.mean()),
                     "codes_per_100_words": float(100 * x.codes.sum() / x.n_words.sum())})
    return pd.DataFrame(rows)
