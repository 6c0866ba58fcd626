"""The method check: does a keyword dictionary recover the hand coding, and which words set
the two interviews apart? Pure functions, DataFrames in, tidy DataFrames out.

- Dictionary coding: a passage carries a theme when it contains any of the theme's indicator
  terms (`theme_terms`), counted in `passage_terms`.
- Agreement with the reconciled hand coding per theme: confusion counts, precision, recall,
  Cohen's kappa.
- Weighted log-odds ratios with a Dirichlet prior (Monroe, Colaresi and Quinn, "Fightin'
  Words", Political Analysis 16(4), 2008), with z-scores, over the answers only, as a
  descriptive ranking, with its sensitivity to the prior's strength. The ranking counts terms
  (names and hyphenated words whole: "new_zealand"); the dictionary matches words.
- A permutation null for the ranking: the answer passages are shuffled between the two texts
  (group sizes kept), and each draw is ranked again, so the benchmark is the number of terms
  past |z| 1.96 that a random split of these very passages gives, not 5% of the terms (most
  terms, used a few times, cannot reach 1.96 however their counts split).
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .analysis import STAGES, _count, _plain, _rank, codebook, kappa_from_counts, passages_with_stage, source_order
from .memo import per_dataset
from .stats import SEED

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset


def passage_words(passage_terms: pd.DataFrame) -> pd.DataFrame:
    """The word counts behind `passage_terms`: each term split into its words (`terms.words`:
    "new_zealand" gives "new" and "zealand"), so that a name or a hyphenated word counts for each
    of its words. One row per (passage_id, term) with `term` a single word and `count` summed,
    sorted by both. These are the counts that splitting at every hyphen and space would give."""
    from .terms import words

    pt = _plain(passage_terms[["passage_id", "term", "count"]]).astype({"count": int})
    pt["term"] = pt["term"].map(words)
    pt = pt.explode("term").dropna(subset=["term"])
    return pt.groupby(["passage_id", "term"], as_index=False)["count"].sum()


def _term_hits(passage_terms: pd.DataFrame, theme_terms: pd.DataFrame) -> pd.DataFrame:
    """One row per (passage_id, theme_id, term) where a passage contains one of the theme's
    dictionary terms. The dictionary matches words (`passage_words`): its "timor" matches the
    term "timor_leste". Only the rows of dictionary words are joined: only those can match."""
    passage_terms = passage_words(passage_terms)
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
    hits = hits.sort_values("term")
    joined = (hits.term + ",").groupby([hits.passage_id, hits.theme_id]).sum().str[:-1]  # a string sum joins fast
    return joined.astype(hits.term.dtype).rename("matched_terms").reset_index()


def _hand_and_dictionary(ds: Dataset) -> pd.DataFrame:
    """One row per (passage_id, theme_id) that the hand or the dictionary codes, sorted by
    both: hand and dictionary (which of the two code it)."""
    hand = _plain(ds.passage_themes[["passage_id", "theme_id"]])
    dic = _term_hits(ds.passage_terms, ds.theme_terms)[["passage_id", "theme_id"]].drop_duplicates()
    pairs = hand.merge(dic, how="outer", on=["passage_id", "theme_id"], indicator=True)
    pairs["hand"] = pairs["_merge"] != "right_only"
    pairs["dictionary"] = pairs.pop("_merge") != "left_only"
    return pairs


def dictionary_agreement(ds: Dataset, *, core_only: bool = True) -> pd.DataFrame:
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
    out["kappa"] = kappa_from_counts(out.tp, out.fp, out.fn, out.tn)
    return out


def dictionary_intervals(agreement: pd.DataFrame, *, n_boot: int = 2000, seed: int = SEED) -> pd.DataFrame:
    """`dictionary_agreement` with the intervals of `stats.kappa_intervals`: kappa_lo and
    kappa_hi, the 2.5 and 97.5 percentiles of kappa over `n_boot` resamples of the passages
    (`stats.resample_cells`, one generator seeded with `seed` drawing the themes in order;
    undefined resamples left out); n_both (tp), n_either (tp + fp + fn: passages either side
    coded), and the Wilson 95% interval of n_both / n_either (agreed_lo, agreed_hi)."""
    from .stats import resample_cells, wilson

    rng, bounds = np.random.default_rng(seed), []
    for c in agreement[["tp", "fp", "fn", "tn"]].itertuples(index=False):
        boot = kappa_from_counts(*resample_cells(list(c), n_boot, rng).T)
        defined = boot[~np.isnan(boot)]
        bounds.append(np.percentile(defined, [2.5, 97.5]) if len(defined) else (np.nan, np.nan))
    out = agreement.assign(n_both=agreement.tp, n_either=agreement.tp + agreement.fp + agreement.fn)
    out[["kappa_lo", "kappa_hi"]] = np.asarray(bounds, dtype=float).reshape(-1, 2)
    lo, hi = wilson(out.n_both, out.n_either.where(out.n_either > 0, np.nan))
    return out.assign(agreed_lo=lo, agreed_hi=hi)


def confusion_table(agreement: pd.DataFrame, theme_id: str) -> pd.DataFrame:
    """The 2x2 confusion table of one theme from `dictionary_agreement()`: rows hand coding
    (coded, not coded), columns dictionary (coded, not coded), cells passage counts."""
    r = agreement.set_index("theme_id").loc[theme_id]
    return pd.DataFrame(
        {"dictionary: coded": [int(r.tp), int(r.fp)], "dictionary: not coded": [int(r.fn), int(r.tn)]},
        index=pd.Index(["hand: coded", "hand: not coded"], name=str(r.label)),
    )


def dictionary_disagreements(ds: Dataset, *, core_only: bool = True) -> pd.DataFrame:
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


#: Per-term pseudo-counts of the flat Dirichlet prior that `prior_sensitivity` compares.
PRIOR_ALPHAS = [0.01, 0.1, 0.5, 1.0, 5.0]
#: The prior of the ranking the notebook shows: half a pseudo-count per term.
DEFAULT_ALPHA = 0.5
#: The kinds of passage whose words are the interviewee's own: questions, captions (and their
#: photo credits) and the lead are the editor's.
ANSWER_KINDS = ("answer",)


def stage_term_counts(ds: Dataset, *, kinds: tuple[str, ...] | None = ANSWER_KINDS) -> pd.DataFrame:
    """Term counts per interview stage, over the passages of the given kinds (default: answers
    only; None for every passage). One row per term used in them, columns `pre-meeting` and
    `post-meeting` (0 where absent), sorted by term."""
    passages = passages_with_stage(ds).query("stage in @STAGES")
    if kinds is not None:
        passages = passages.query("kind in @kinds")
    pt = _plain(ds.passage_terms[["passage_id", "term", "count"]]).merge(
        passages[["passage_id", "stage"]], on="passage_id"
    )
    pt = pt.astype({"count": int})
    wide = pt.pivot_table(index="term", columns="stage", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=STAGES, fill_value=0).rename_axis(columns=None)
    return wide.reset_index()


def fightin_words(
    counts_a: pd.Series, counts_b: pd.Series, *, alpha: float = DEFAULT_ALPHA, prior: pd.Series | None = None
) -> pd.DataFrame:
    """Weighted log-odds ratios with a Dirichlet prior (Monroe, Colaresi and Quinn 2008, eq. 16-22).

    `counts_a` and `counts_b` are term counts (indexed by term) of the two texts. The prior
    gives each term alpha_w pseudo-counts: `alpha` for every term (a flat prior, the default:
    the repository has no background corpus, and the two texts are not used as their own
    prior), or, with `prior` (a background corpus's counts), `alpha` times the number of terms
    shared out in proportion to it. The log-odds of w in text i is log((y_iw + alpha_w) /
    (n_i + alpha_0 - y_iw - alpha_w)); delta is text b's minus text a's, its variance about
    1/(y_aw + alpha_w) + 1/(y_bw + alpha_w), and z = delta / sqrt(variance); positive z: more
    typical of b. One row per term: count_a, count_b, delta, z. Sorted by z descending; ties
    by the larger total count, then alphabetically.
    """
    terms = counts_a.index.union(counts_b.index)
    ya = counts_a.reindex(terms, fill_value=0).astype(float)
    yb = counts_b.reindex(terms, fill_value=0).astype(float)
    aw = pd.Series(float(alpha), index=terms)
    if prior is not None:
        base = prior.reindex(terms, fill_value=0).astype(float)
        if base.sum() <= 0:
            raise ValueError("the prior has no mass")
        aw = base / base.sum() * alpha * len(terms)
    delta, z = log_odds_z(ya.to_numpy(), yb.to_numpy(), aw.to_numpy())
    out = pd.DataFrame(
        {
            "term": terms,
            "count_a": ya.astype(int).to_numpy(),
            "count_b": yb.astype(int).to_numpy(),
            "delta": delta,
            "z": z,
        }
    )
    out["_total"] = out.count_a + out.count_b
    out = out.sort_values(["z", "_total", "term"], ascending=[False, False, True])
    return out.drop(columns="_total").reset_index(drop=True)


def log_odds_z(ya: np.ndarray, yb: np.ndarray, aw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Delta and z of `fightin_words` for counts `ya`, `yb` (one entry per term, or one row per
    draw and a column per term) and per-term pseudo-counts `aw`: the formula in one place."""
    a0 = aw.sum()
    na, nb = ya.sum(axis=-1, keepdims=True), yb.sum(axis=-1, keepdims=True)
    delta = np.log((yb + aw) / (nb + a0 - yb - aw)) - np.log((ya + aw) / (na + a0 - ya - aw))
    return delta, delta / np.sqrt(1 / (ya + aw) + 1 / (yb + aw))


def _ranked(counts: pd.DataFrame, alpha: float, min_count: int) -> pd.DataFrame:
    """`fightin_words` of `stage_term_counts` (pre as a, post as b) among terms used `min_count` times or more."""
    sc = counts.set_index("term")
    fw = fightin_words(sc["pre-meeting"], sc["post-meeting"], alpha=alpha)
    return fw[(fw.count_a + fw.count_b) >= min_count].rename(columns={"count_a": "count_pre", "count_b": "count_post"})


def distinctive_terms(
    ds: Dataset,
    *,
    top: int = 10,
    min_count: int = 3,
    alpha: float = DEFAULT_ALPHA,
    n_draws: int | None = None,
    seed: int = SEED,
) -> pd.DataFrame:
    """A descriptive ranking of the answers' words: the `top` highest and lowest z of
    `fightin_words()` (pre as a, post as b, flat prior `alpha`) among terms used at least
    `min_count` times in the answers. One row per term: count_pre, count_post, delta, z, side
    ('post-meeting' or 'pre-meeting'), past_196 (|z| > 1.96), and p_perm, the term's
    permutation p (`term_permutation_p`; left out when `n_draws` is None, the default, as the
    draws take a moment). Sorted as `fightin_words`. Empty when the dataset has no term counts."""
    cols = ["term", "count_pre", "count_post", "delta", "z", "side", "past_196"]
    if ds.passage_terms.empty:
        return pd.DataFrame(columns=cols + ([] if n_draws is None else ["p_perm"]))
    fw = _ranked(stage_term_counts(ds), alpha, min_count)
    pick = pd.concat([fw.head(top), fw.tail(top)]).drop_duplicates("term")
    pick["side"] = np.where(pick.z > 0, "post-meeting", "pre-meeting")
    pick["past_196"] = pick.z.abs() > 1.96
    pick = pick[cols].reset_index(drop=True)
    if n_draws is None:
        return pick
    p = term_permutation_p(ds, alpha=alpha, min_count=min_count, n_draws=n_draws, seed=seed)
    return pick.merge(p[["term", "p_perm"]], on="term", how="left")


# --- the permutation null of the ranking ----------------------------------------------------

#: Random splits of the answer passages drawn for the permutation null.
N_DRAWS = 2000


def answer_term_matrix(ds: Dataset, *, kinds: tuple[str, ...] = ANSWER_KINDS) -> pd.DataFrame:
    """Term counts of each passage of the given kinds (default: the answers) in the two texts.

    One row per passage, in reading order, indexed by (passage_id, stage) (the stage is in the
    index because "stage" is also a word of the texts); one column per term used in them
    (sorted), 0 where the passage does not use it. A passage without terms keeps its row of
    zeros: it still counts in its text's group size."""
    passages = passages_with_stage(ds).query("stage in @STAGES and kind in @kinds")
    pt = _plain(ds.passage_terms[["passage_id", "term", "count"]]).astype({"count": int})
    pt = pt[pt.passage_id.isin(passages.passage_id)]
    wide = pt.pivot_table(index="passage_id", columns="term", values="count", aggfunc="sum", fill_value=0)
    wide = wide.reindex(passages.passage_id, fill_value=0).rename_axis(columns=None)
    return wide.set_index(pd.MultiIndex.from_frame(passages[["passage_id", "stage"]].astype(str)))


def passage_splits(is_post: np.ndarray, *, n_draws: int = N_DRAWS, seed: int = SEED) -> tuple[np.ndarray, bool]:
    """The splits of the passages into the two texts that the permutation null compares, the
    group sizes kept: a (n_splits, n_passages) boolean array (True: the passage goes to the
    post-meeting text), and whether it is exact. When the passages can be split in no more than
    `n_draws` ways, every split is listed once (exact); otherwise `n_draws` random shuffles of
    the labels `is_post`, drawn by one generator seeded with `seed`."""
    is_post = np.asarray(is_post, dtype=bool)
    n, k = len(is_post), int(is_post.sum())
    if math.comb(n, k) <= n_draws:
        splits = np.zeros((math.comb(n, k), n), dtype=bool)
        for row, post in enumerate(itertools.combinations(range(n), k)):
            splits[row, list(post)] = True
        return splits, True
    rng = np.random.default_rng(seed)
    return np.array([rng.permutation(is_post) for _ in range(n_draws)]), False


@per_dataset
def _split_counts(ds: Dataset, n_draws: int, seed: int):
    """The answers' terms and term counts (`answer_term_matrix`), which passages are
    post-meeting, and for every split of `passage_splits` (a row per split) each term's
    post-meeting and pre-meeting counts, with whether the splits are exact.

    Kept per dataset (`memo.per_dataset`; the arrays are read-only, so every caller shares
    them): the word ranking's title, subtitle, alt text, sentences and tables all ask for the
    same splits."""
    m = answer_term_matrix(ds)
    counts = m.to_numpy(dtype=float)
    is_post = m.index.get_level_values("stage") == "post-meeting"
    splits, exact = passage_splits(is_post, n_draws=n_draws, seed=seed)
    # each split's post-meeting counts: the split's 0/1 row times the passages' counts (in
    # blocks of 250 splits, to keep memory small on large packages); pre = all - post
    post = np.vstack([block.astype(float) @ counts for block in np.array_split(splits, -(-len(splits) // 250))])
    arrays = counts, is_post, counts.sum(axis=0) - post, post
    for a in arrays:
        a.flags.writeable = False  # shared by every caller
    return m.columns, *arrays, exact


def _permutation_z(ds: Dataset, alphas, min_count: int, n_draws: int, seed: int):
    """The ranked terms, and for each alpha the observed z (one per ranked term) and the z of
    every split of `passage_splits` (a row per split), with whether the splits are exact.
    A term's total count does not change when the passages are shuffled, so the ranked terms
    (used `min_count` times or more) are the same in every split."""
    terms, counts, is_post, pre, post, exact = _split_counts(ds, n_draws, seed)
    ranked = counts.sum(axis=0) >= min_count
    z = {}
    for alpha in alphas:
        aw = np.full(len(terms), float(alpha))
        observed = log_odds_z(counts[~is_post].sum(axis=0), counts[is_post].sum(axis=0), aw)[1]
        null = log_odds_z(pre, post, aw)[1]
        z[alpha] = (observed[ranked], null[:, ranked])
    return list(terms[ranked]), z, exact


def _p_value(null_at_least: np.ndarray, exact: bool) -> np.ndarray:
    """A permutation p from, per statistic, how many splits were at least as extreme: their
    share when the splits are exact (the observed split is one of them), else (1 + b) / (1 + m)
    for b of m random draws (Phipson and Smyth 2010: a random draw never gives p = 0)."""
    m = null_at_least.shape[0]
    b = null_at_least.sum(axis=0)
    return b / m if exact else (1 + b) / (1 + m)


def permutation_null(
    ds: Dataset,
    *,
    alphas: list[float] = PRIOR_ALPHAS,
    min_count: int = 3,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
) -> pd.DataFrame:
    """How many terms pass |z| 1.96 when the answer passages are split between the texts at
    random, against how many pass in the real split.

    The answer passages are shuffled between the two texts, each keeping its number of
    passages (`passage_splits`: every split when there are few, else `n_draws` seeded
    draws), and the terms are ranked again in each split. One row per alpha (the prior's
    pseudo-counts per term): n_terms ranked; n_past_196, observed; expected_past_196, its mean
    over the splits; p95_past_196, its 95th percentile (the smallest count that 95% of the
    splits do not exceed); p_perm, the permutation P of a count at least as high as the
    observed one (`_p_value`); n_splits; exact (whether every split was listed);
    n_passages_pre and n_passages_post, the group sizes kept."""
    terms, z, exact = _permutation_z(ds, alphas, min_count, n_draws, seed)
    is_post = _split_counts(ds, n_draws, seed)[2]
    rows = []
    for alpha, (observed, null) in z.items():
        n_obs = int((np.abs(observed) > 1.96).sum())
        n_null = (np.abs(null) > 1.96).sum(axis=1)
        rows.append(
            {
                "alpha": alpha,
                "n_terms": len(terms),
                "n_past_196": n_obs,
                "expected_past_196": float(n_null.mean()),
                "p95_past_196": int(np.quantile(n_null, 0.95, method="inverted_cdf")),
                "p_perm": float(_p_value((n_null >= n_obs)[:, None], exact)[0]),
                "n_splits": len(n_null),
                "exact": exact,
                "n_passages_pre": int((~is_post).sum()),
                "n_passages_post": int(is_post.sum()),
            }
        )
    return pd.DataFrame(rows)


def shown_prior_null(ds: Dataset) -> pd.Series:
    """The permutation null at the prior the notebooks show (`DEFAULT_ALPHA`): the one row of
    `permutation_null` that the word ranking's title, subtitle, alt text and sentence state."""
    return permutation_null(ds, alphas=[DEFAULT_ALPHA]).iloc[0]


def term_permutation_p(
    ds: Dataset,
    *,
    alpha: float = DEFAULT_ALPHA,
    min_count: int = 3,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
) -> pd.DataFrame:
    """Each ranked term's permutation p: how often a random split of the answer passages
    (`passage_splits`) gives the term a |z| at least as large as the real split does.

    One row per term used `min_count` times or more in the answers: term, z (observed, prior
    `alpha`), p_perm (two-sided, `_p_value`). Sorted by z descending, then term."""
    terms, z, exact = _permutation_z(ds, [alpha], min_count, n_draws, seed)
    observed, null = z[alpha]
    at_least = np.abs(null) >= np.abs(observed) - 1e-9  # a tolerance: equal splits give equal z up to rounding
    out = pd.DataFrame({"term": terms, "z": observed, "p_perm": _p_value(at_least, exact)})
    return out.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


def prior_sensitivity(
    ds: Dataset,
    *,
    alphas: list[float] = PRIOR_ALPHAS,
    min_count: int = 3,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
) -> pd.DataFrame:
    """How the ranking depends on the prior's strength. One row per alpha (pseudo-counts per
    term): n_terms ranked, n_past_196 (terms with |z| > 1.96), of them n_post and n_pre (by
    side); the permutation null of `permutation_null` (expected_past_196, p95_past_196,
    p_perm); top_post and top_pre (the first term of each side)."""
    counts, rows = stage_term_counts(ds), []
    for alpha in alphas:
        fw = _ranked(counts, alpha, min_count)
        rows.append(
            {
                "alpha": alpha,
                "n_terms": len(fw),
                "n_past_196": int((fw.z.abs() > 1.96).sum()),
                "n_post": int((fw.z > 1.96).sum()),
                "n_pre": int((fw.z < -1.96).sum()),
                "top_post": fw.term.iloc[0] if len(fw) else "",
                "top_pre": fw.term.iloc[-1] if len(fw) else "",
            }
        )
    out = pd.DataFrame(rows)
    null = permutation_null(ds, alphas=alphas, min_count=min_count, n_draws=n_draws, seed=seed)
    out = out.merge(null[["alpha", "expected_past_196", "p95_past_196", "p_perm"]], on="alpha")
    cols = ["alpha", "n_terms", "n_past_196", "n_post", "n_pre", "expected_past_196", "p95_past_196", "p_perm"]
    return out[[*cols, "top_post", "top_pre"]]


def length_and_density(ds: Dataset) -> pd.DataFrame:
    """Passage length and theme density per interview.

    One row per source (reading order): n_passages, n_words, mean_words and median_words per
    passage, codes (passage-theme codes), themes_per_passage, codes_per_100_words.
    """
    p = passages_with_stage(ds)
    p["codes"] = _count(ds.passage_themes["passage_id"].astype(str), p.passage_id)
    g = p.groupby("source_id").agg(
        n_passages=("n_words", "size"),
        n_words=("n_words", "sum"),
        mean_words=("n_words", "mean"),
        median_words=("n_words", "median"),
        codes=("codes", "sum"),
        themes_per_passage=("codes", "mean"),
    )
    g = g.reindex([s for s in source_order(ds.sources) if s in g.index])
    g["codes_per_100_words"] = 100 * g["codes"] / g["n_words"]
    return g.reset_index()
