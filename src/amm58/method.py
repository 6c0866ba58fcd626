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

from .analysis import _first_rows, _join_ranked, _shared_codes, _str, _unique_ints, kappa_from_counts, source_order

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


#: The columns `_dictionary_pairs` reads: its result is kept while they are unchanged.
_PAIR_COLUMNS = [("passage_themes", "passage_id"), ("passage_themes", "theme_id"), ("passage_terms", "passage_id"),
                 ("passage_terms", "term"), ("theme_terms", "theme_id"), ("theme_terms", "term"), ("themes", "theme_id")]


def _dictionary_pairs(ds: "Dataset") -> dict[str, np.ndarray]:
    """`_compute_dictionary_pairs`, once per dataset (`Dataset.derive`): the agreement, the
    confusion table and the disagreements of notebook 06 all start from it."""
    return ds.derive("dictionary_pairs", _PAIR_COLUMNS, lambda: (_compute_dictionary_pairs(ds),))[0]


def _compute_dictionary_pairs(ds: "Dataset") -> dict[str, np.ndarray]:
    """Hand and dictionary codes as integer (passage, theme) pairs, in shared code spaces.

    Returns arrays: ``hand`` and ``dictionary`` (sorted distinct pair keys, passage code *
    n_themes + theme code), ``hit_pair``/``hit_term`` (one entry per distinct (passage, theme,
    term) hit, sorted: its pair key and its term's position in ``terms``, the terms in
    alphabetical order), ``n_themes``, and the code spaces ``passage_ids``
    and ``theme_ids`` (distinct values by code). Equal identifiers get equal codes; only
    distinct values are hashed.
    """
    (hand_p, term_p), passage_ids = _shared_codes(ds, ("passage_themes", "passage_id"), ("passage_terms", "passage_id"))
    (hand_t, dict_t, theme_t), theme_ids = _shared_codes(
        ds, ("passage_themes", "theme_id"), ("theme_terms", "theme_id"), ("themes", "theme_id"))
    n_t = max(len(theme_ids), 1)
    ok = (hand_p >= 0) & (hand_t >= 0)
    hand = _unique_ints(hand_p[ok] * n_t + hand_t[ok])
    # Dictionary terms by their code among passage_terms' terms; -1: a term no passage uses.
    term_codes, terms = ds.factorize("passage_terms", "term")
    tt_terms = ds.theme_terms["term"].to_numpy(dtype=object, na_value=None)
    tt_pos = pd.Index(terms, dtype=object).get_indexer(pd.Index(tt_terms, dtype=object))
    keep = (tt_pos >= 0) & (dict_t >= 0)
    tt_pos, tt_theme = tt_pos[keep], dict_t[keep]
    order = np.argsort(tt_pos, kind="stable")  # the themes of each term, as slices
    tt_pos, tt_theme = tt_pos[order], tt_theme[order]
    first = np.searchsorted(tt_pos, np.arange(len(terms)))
    n_of = np.searchsorted(tt_pos, np.arange(len(terms)), side="right") - first
    rows = np.flatnonzero((term_codes >= 0) & (term_p >= 0))
    rows = rows[n_of[term_codes[rows]] > 0]
    q = term_codes[rows]
    reps = n_of[q]
    within = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    hit_theme = tt_theme[np.repeat(first[q], reps) + within]
    hit_pair = np.repeat(term_p[rows], reps) * n_t + hit_theme
    alphabetical = np.array(sorted(range(len(terms)), key=terms.__getitem__), dtype=np.int64)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[alphabetical] = np.arange(len(terms))
    hit_term = rank[np.repeat(q, reps)]
    hits = _unique_ints(hit_pair * max(len(terms), 1) + hit_term)  # distinct (pair, term), sorted
    hit_pair, hit_term = hits // max(len(terms), 1), hits % max(len(terms), 1)
    terms = terms[alphabetical]
    dic = _unique_ints(hit_pair)
    hand_in_dic, dic_in_hand = _in_sorted(hand, dic), _in_sorted(dic, hand)
    # The pairs on which the codings differ, sorted, each flagged with the coding that has it.
    differ = np.concatenate([hand[~hand_in_dic], dic[~dic_in_hand]])
    from_hand = np.repeat([True, False], [int((~hand_in_dic).sum()), int((~dic_in_hand).sum())])
    order = np.argsort(differ, kind="stable")
    per_theme = lambda keys: np.bincount(keys % n_t, minlength=n_t)  # noqa: E731 - pairs per theme code
    out = {"hand": hand, "dictionary": dic, "hit_pair": hit_pair, "hit_term": hit_term,
           "terms": terms, "n_themes": n_t, "passage_ids": passage_ids, "theme_ids": theme_ids,
           "tp_per_theme": per_theme(hand[hand_in_dic]), "hand_per_theme": per_theme(hand),
           "dictionary_per_theme": per_theme(dic), "differ": differ[order], "differ_hand": from_hand[order]}
    for value in out.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False  # kept and shared by `_dictionary_pairs`
    return out


def _in_sorted(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Boolean array: is each of ``values`` in ``sorted_keys`` (sorted ascending)?"""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[pos] == values


def dictionary_agreement(ds: "Dataset", *, core_only: bool = True) -> pd.DataFrame:
    """How well the dictionary recovers the hand coding, per theme.

    One row per theme (codebook order): label, core, n_terms, tp (both code it), fp
    (dictionary only), fn (hand only), tn (neither), precision (tp / (tp + fp); NaN when the
    dictionary never codes it), recall (tp / (tp + fn)), kappa (Cohen's, over all passages).
    """
    d = _dictionary_pairs(ds)
    tp_of, hand_of, dic_of = d["tp_per_theme"], d["hand_per_theme"], d["dictionary_per_theme"]
    code_of = {t: i for i, t in enumerate(d["theme_ids"].tolist())}
    n = len(ds.passages)
    th = ds.themes.sort_values("sort_order")
    if core_only:
        th = th[th["core"].astype(bool)]
    n_terms = _str(ds.theme_terms["theme_id"]).value_counts()
    rows = []
    for t in th.itertuples():
        tid = str(t.theme_id)
        j = code_of.get(tid)
        tp, fp, fn = (0, 0, 0) if j is None else (int(tp_of[j]), int(dic_of[j] - tp_of[j]), int(hand_of[j] - tp_of[j]))
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
    d = _dictionary_pairs(ds)
    n_t = d["n_themes"]
    differ, differ_hand = d["differ"], d["differ_hand"]
    if core_only:
        core = set(_str(ds.themes.loc[ds.themes["core"].astype(bool), "theme_id"]))
        wanted = np.isin(differ % n_t, [i for i, t in enumerate(d["theme_ids"].tolist()) if t in core])
        differ, differ_hand = differ[wanted], differ_hand[wanted]
    # matched terms of the differing pairs only, joined in alphabetical order
    sel = _in_sorted(d["hit_pair"], differ)
    matched = _join_ranked(np.searchsorted(differ, d["hit_pair"][sel]), len(differ), d["hit_term"][sel], d["terms"])
    g = pd.DataFrame({"passage_id": d["passage_ids"][differ // n_t], "theme_id": d["theme_ids"][differ % n_t],
                      "hand": differ_hand, "dictionary": ~differ_hand, "matched_terms": matched})
    row = _first_rows(ds, "passages", "passage_id", g["passage_id"])
    g = g[row >= 0].reset_index(drop=True)  # as an inner join with the passages table
    row = row[row >= 0]
    src = {s: i for i, s in enumerate(source_order(ds.sources))}
    g["summary"] = pd.Series(ds.passages["summary"].to_numpy(dtype=object, na_value=None)[row], dtype=object)
    g["_s"] = pd.Series(ds.passages["source_id"].to_numpy(dtype=object, na_value=None)[row], dtype=object).map(src).to_numpy()
    g["_o"] = row
    rv = pd.DataFrame({k: _str(ds.dictionary_review[k]) for k in ("passage_id", "theme_id", "reason")})
    th = {t: i for i, t in enumerate(_str(ds.themes.sort_values("sort_order")["theme_id"]))}
    out = g.merge(rv, how="left", on=["passage_id", "theme_id"])
    out["reason"] = out["reason"].fillna("")
    out["_t"] = out.theme_id.map(th)
    out = out.sort_values(["_s", "_o", "_t"])
    return out[["passage_id", "theme_id", "hand", "dictionary", "matched_terms", "summary", "reason"]].reset_index(drop=True)


def stage_term_counts(ds: "Dataset") -> pd.DataFrame:
    """Term counts per interview stage: one row per term, columns `pre-meeting` and
    `post-meeting` (0 where absent). Sorted by term. Rows whose passage or interview stage is
    unknown are left out.

    Counted on integer codes: the passage of each row by `Dataset.lookup`, its term by
    `Dataset.factorize`, so no term or passage string is hashed per row."""
    stages = ["pre-meeting", "post-meeting"]
    source = ds.lookup("passages", "source_id", "sources", "source_id")
    source_stage = pd.Index(stages).get_indexer(_str(ds.sources["stage"]))
    passage_stage = np.append(np.where(source >= 0, np.append(source_stage, -1)[source], -1), -1)
    stage = passage_stage[ds.lookup("passage_terms", "passage_id", "passages", "passage_id")]
    term_codes, terms = ds.factorize("passage_terms", "term")
    known = (stage >= 0) & (term_codes >= 0)
    count = ds.passage_terms["count"].to_numpy(dtype=np.int64)[known]  # raises on a missing count
    cell = term_codes[known] * len(stages) + stage[known]
    totals = np.bincount(cell, weights=count, minlength=len(terms) * len(stages)).reshape(len(terms), len(stages))
    listed = np.zeros(len(terms), dtype=bool)
    listed[term_codes[known]] = True
    order = sorted(np.flatnonzero(listed).tolist(), key=terms.__getitem__)
    out = pd.DataFrame({"term": pd.Series(terms[order], dtype="str")})
    for j, st in enumerate(stages):
        out[st] = totals[order, j].astype(int)
    return out


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
    source, sources = ds.factorize("passages", "source_id")
    coded = ds.lookup("passage_themes", "passage_id", "passages", "passage_id")
    p = pd.DataFrame({"source": source, "n_words": ds.passages["n_words"].astype(int).to_numpy(),
                      "codes": np.bincount(coded[coded >= 0], minlength=len(source))})
    g = p[p.source >= 0].groupby("source").agg(
        n_passages=("n_words", "size"), n_words=("n_words", "sum"), mean_words=("n_words", "mean"),
        median_words=("n_words", "median"), codes=("codes", "sum"), themes_per_passage=("codes", "mean"))
    g.index = pd.Index(sources[g.index.to_numpy()], dtype=object, name="source_id")
    g = g.reindex([s for s in source_order(ds.sources) if s in g.index])
    g["codes_per_100_words"] = 100 * g["codes"] / g["n_words"]
    out = g.reset_index().astype({"n_passages": int, "n_words": int, "codes": int, "mean_words": float,
                                  "median_words": float, "themes_per_passage": float, "codes_per_100_words": float})
    return out.reset_index(drop=True)
