"""Intervals, tests and robustness checks for comparisons between the two interviews.

The comparisons here are small (21 passages against 24), and the design has one text per
stage, so a difference between the pre- and post-meeting interview is a difference between
two texts: two speakers, two sets of questions, a preview against a report. Nothing here
estimates an effect of the meetings.

The formulas come from maintained libraries, not from this module:
- Wilson 95% intervals for a share: `statsmodels.stats.proportion.proportion_confint`;
- Newcombe 95% intervals for a difference of two shares:
  `statsmodels.stats.proportion.confint_proportions_2indep(method="newcomb")`;
- Fisher's exact test: `scipy.stats.fisher_exact`; Holm's correction across themes:
  `statsmodels.stats.multitest.multipletests(method="holm")`.

scipy.stats and statsmodels are imported inside the functions that use them: together they
take about a second to import, and the notebooks that compute no interval never pay it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .analysis import (
    PARTNER_KINDS,
    STAGES,
    codebook,
    join_passage_ids,
    kappa_from_counts,
    partner_coverage,
    passages_with_stage,
    theme_shift,
)
from .memo import per_dataset

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset

UNITS = ["passages", "words", "theme codes", "answers only"]
#: The seed of every bootstrap in this module, so that re-running gives the same intervals.
SEED = 58


# --- intervals and tests on counts --------------------------------------------------------


def wilson(k, n) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95% interval (low, high) of the share k/n, element-wise."""
    from statsmodels.stats.proportion import proportion_confint  # imported where used: see the module doc

    lo, hi = proportion_confint(np.asarray(k), np.asarray(n), alpha=0.05, method="wilson")
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


def newcombe(k_post, n_post, k_pre, n_pre, *, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe interval (low, high) of k_post/n_post - k_pre/n_pre, element-wise, at
    confidence 1 - alpha (95% by default)."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    lo, hi = confint_proportions_2indep(
        np.asarray(k_post),
        np.asarray(n_post),
        np.asarray(k_pre),
        np.asarray(n_pre),
        method="newcomb",
        compare="diff",
        alpha=alpha,
    )
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


def fisher_p(k_pre, n_pre, k_post, n_post) -> np.ndarray:
    """Two-sided Fisher exact p of each 2x2 table (with/without the code, pre/post)."""
    from scipy.stats import fisher_exact

    return np.array(
        [
            fisher_exact([[a, n - a], [b, m - b]]).pvalue
            for a, n, b, m in zip(k_pre, n_pre, k_post, n_post, strict=True)
        ],
        dtype=float,
    )


def holm(p) -> np.ndarray:
    """Holm-adjusted p-values of a family of tests (Holm 1979): the i-th smallest of m p-values
    times (m - i + 1), made non-decreasing in that order, capped at 1.

    Written out rather than taken from statsmodels' `multipletests`, which gives the same values
    (`tests/test_stats.py` checks it) but runs a full garbage collection on every call: 0.05 to
    0.1 s each, about a quarter of notebook 01's run (`docs/performance.md`)."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    steps = p[order] * np.arange(len(p), 0, -1)
    adjusted = np.empty_like(p)
    adjusted[order] = np.minimum(np.maximum.accumulate(steps), 1.0)
    return adjusted


def count_text(k: int, n: int) -> str:
    """A share as its counts: "4 of 24"."""
    return f"{int(k)} of {int(n)}"


def bonferroni_level(n_tests: int, alpha: float = 0.05) -> float:
    """The confidence of an interval adjusted for `n_tests` comparisons: 1 - alpha / n_tests
    (Bonferroni; 0.9964 for 14). An interval at this level excludes zero only where the
    difference would survive Holm's first step, the step that decides the smallest p."""
    return 1 - alpha / max(int(n_tests), 1)


def compare_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Add intervals and tests to a table of pre/post counts.

    Takes one row per compared item with k_pre, n_pre (units with the item, units in all)
    and k_post, n_post. Returns the same rows with share_pre, share_pre_lo, share_pre_hi,
    share_post (and _lo, _hi) as 0..1 Wilson intervals; shift_pts, shift_lo_pts,
    shift_hi_pts (the unadjusted Newcombe 95% interval, in percentage points);
    shift_lo_adj_pts, shift_hi_adj_pts (the Newcombe interval adjusted for the number of rows,
    at `bonferroni_level`); p_fisher, p_holm (Holm across all rows); interval_excludes_zero
    (unadjusted) and adjusted_excludes_zero; clear_difference, True only where the adjusted
    interval excludes zero and the Holm-adjusted p is below 0.05, so that no difference is
    called clear whose drawn (adjusted) interval covers zero; and tests_agree, whether the
    adjusted interval and Holm's p reach the same verdict (with 14 themes, one unadjusted 95%
    interval in fourteen may exclude zero by chance alone, so the unadjusted interval decides
    nothing).
    """
    out = df.copy()
    for stage in ("pre", "post"):
        k, n = out[f"k_{stage}"].to_numpy(), out[f"n_{stage}"].to_numpy()
        out[f"share_{stage}"] = k / n
        out[f"share_{stage}_lo"], out[f"share_{stage}_hi"] = wilson(k, n)
    out["shift_pts"] = 100 * (out["share_post"] - out["share_pre"])
    lo, hi = newcombe(out.k_post, out.n_post, out.k_pre, out.n_pre)
    out["shift_lo_pts"], out["shift_hi_pts"] = 100 * lo, 100 * hi
    level = bonferroni_level(len(out))
    lo, hi = newcombe(out.k_post, out.n_post, out.k_pre, out.n_pre, alpha=1 - level)
    out["shift_lo_adj_pts"], out["shift_hi_adj_pts"] = 100 * lo, 100 * hi
    out["p_fisher"] = fisher_p(out.k_pre, out.n_pre, out.k_post, out.n_post)
    out["p_holm"] = holm(out["p_fisher"])
    out["interval_excludes_zero"] = (out["shift_lo_pts"] > 0) | (out["shift_hi_pts"] < 0)
    out["adjusted_excludes_zero"] = (out["shift_lo_adj_pts"] > 0) | (out["shift_hi_adj_pts"] < 0)
    out["clear_difference"] = out["adjusted_excludes_zero"] & (out["p_holm"] < 0.05)
    out["tests_agree"] = out["adjusted_excludes_zero"] == (out["p_holm"] < 0.05)
    return out


# --- what these sizes can detect -----------------------------------------------------------

#: The true shares of a theme, before and after, whose chance of being called clear
#: `design_sensitivity` reports.
POWER_SHARES = (0.10, 0.30)


def is_clear(k_pre, n_pre, k_post, n_post, n_tests: int, alpha: float = 0.05) -> np.ndarray:
    """Whether each difference k_pre/n_pre against k_post/n_post would be called clear as
    `compare_counts` calls it when it is the smallest p of `n_tests` comparisons: Fisher's p
    times n_tests (Holm's first step) below alpha, and the Newcombe interval at
    `bonferroni_level(n_tests)` excluding zero. Element-wise."""
    k_pre, n_pre, k_post, n_post = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(x)) for x in (k_pre, n_pre, k_post, n_post))
    )
    lo, hi = newcombe(k_post, n_post, k_pre, n_pre, alpha=1 - bonferroni_level(n_tests, alpha))
    clear = (lo > 0) | (hi < 0)
    # Fisher's test only where the interval already excludes zero: both must hold, and the
    # exact test is the slow one.
    p = fisher_p(k_pre[clear], n_pre[clear], k_post[clear], n_post[clear])
    clear[clear] = np.minimum(1, n_tests * p) < alpha
    return clear


def _first_clear(k_pre: int, n_pre: int, candidates, n_post: int, n_tests: int, alpha: float) -> int | None:
    """The first k_post of `candidates` (ordered away from independence) whose table against
    k_pre of n_pre is clear (`is_clear`), or None. The adjusted interval is computed for all
    candidates at once; the slow exact test is called only from the first candidate whose
    interval excludes zero, until the first clear table."""
    candidates = np.asarray(list(candidates), dtype=int)
    if not len(candidates):
        return None
    lo, hi = newcombe(candidates, n_post, k_pre, n_pre, alpha=1 - bonferroni_level(n_tests, alpha))
    excludes = np.flatnonzero((lo > 0) | (hi < 0))
    for k in candidates[excludes[0] :] if len(excludes) else []:
        if is_clear(k_pre, n_pre, int(k), n_post, n_tests, alpha)[0]:
            return int(k)
    return None


def minimum_detectable(n_pre: int, n_post: int, n_tests: int, alpha: float = 0.05) -> int | None:
    """The smallest k for which 0 of `n_pre` against k of `n_post` is a clear difference
    (`is_clear`), or None when even n_post of n_post is not. A larger k only moves the table
    further from 0 of n_pre, so the first clear k is the answer."""
    return _first_clear(0, n_pre, range(1, n_post + 1), n_post, n_tests, alpha)


#: The probability left out at each end of the binomial laws when `power_clear` sums over the
#: counts (the power is exact to about this).
POWER_TAIL = 1e-9


def power_clear(
    share_pre: float, share_post: float, n_pre: int, n_post: int, n_tests: int, alpha: float = 0.05
) -> float:
    """The chance that a theme with true shares `share_pre` and `share_post` is called clear
    (`is_clear`) with n_pre and n_post passages, summing the binomial probability of every
    pair of counts (k_pre, k_post) whose table is clear. It assumes the theme's p is the
    smallest of the n_tests (Holm's first step), so it is an upper bound when other themes
    differ too.

    For each k_pre the clear tables are two tails of k_post, k_post <= a and k_post >= b: the
    further k_post is from k_pre's share, the clearer the table. So each tail's edge is found by
    walking outwards from the middle (`_first_clear`), and its probability is the binomial
    tail. Counts k_pre with less than `POWER_TAIL` probability at either end are left out,
    which keeps the sum exact to about that and the work small for large n."""
    from scipy.stats import binom

    pre, post = binom(n_pre, share_pre), binom(n_post, share_post)
    low, high = int(post.ppf(POWER_TAIL)), int(post.isf(POWER_TAIL))  # k_post beyond these: negligible
    total = 0.0
    for k_pre in range(int(pre.ppf(POWER_TAIL)), int(pre.isf(POWER_TAIL)) + 1):
        middle = round(k_pre / n_pre * n_post)
        b = _first_clear(k_pre, n_pre, range(middle + 1, high + 1), n_post, n_tests, alpha)
        a = _first_clear(k_pre, n_pre, range(middle - 1, low - 1, -1), n_post, n_tests, alpha)
        tails = (post.cdf(a) if a is not None else 0.0) + (post.sf(b - 1) if b is not None else 0.0)
        total += pre.pmf(k_pre) * tails
    return float(total)


@per_dataset
def design_sensitivity(ds: Dataset, *, shares: tuple[float, float] = POWER_SHARES) -> pd.Series:
    """What the theme comparison can detect at the real group sizes. One record: n_pre,
    n_post (passages), n_tests (themes compared), level (of the adjusted interval),
    mdd_k (`minimum_detectable`: the smallest k of n_post against 0 of n_pre that is clear),
    mdd_pts (that difference in points), share_pre and share_post (`shares`), power
    (`power_clear` for them with n_tests themes) and power_single (the same for one comparison
    alone, unadjusted)."""
    tc = theme_comparison(ds)
    n_pre, n_post, m = int(tc.n_pre.iloc[0]), int(tc.n_post.iloc[0]), len(tc)
    k = minimum_detectable(n_pre, n_post, m)
    return pd.Series(
        {
            "n_pre": n_pre,
            "n_post": n_post,
            "n_tests": m,
            "level": bonferroni_level(m),
            "mdd_k": k,
            "mdd_pts": np.nan if k is None else 100 * k / n_post,
            "share_pre": shares[0],
            "share_post": shares[1],
            "power": power_clear(shares[0], shares[1], n_pre, n_post, m),
            "power_single": power_clear(shares[0], shares[1], n_pre, n_post, 1),
        }
    )


# --- the theme comparison ------------------------------------------------------------------


def _themes(ds: Dataset, core_only: bool) -> pd.DataFrame:
    return codebook(ds, core_only)[["theme_id", "label", "core"]]


def _coded(ds: Dataset) -> pd.DataFrame:
    """One row per (passage, theme) of the reconciled coding, with the passage's stage, kind and words."""
    return ds.passage_themes[["passage_id", "theme_id"]].astype(str).merge(passages_with_stage(ds), on="passage_id")


def _per_stage(values: pd.Series, themes: pd.DataFrame) -> pd.DataFrame:
    """A (theme_id, stage) Series as one row per theme, with pre and post columns, zeros filled."""
    grid = pd.MultiIndex.from_product([themes["theme_id"], STAGES], names=["theme_id", "stage"])
    wide = values.reindex(grid, fill_value=0).unstack("stage")
    return wide[STAGES].set_axis(["pre", "post"], axis=1).reset_index()


@per_dataset
def theme_comparison(ds: Dataset, *, core_only: bool = False) -> pd.DataFrame:
    """Each theme's share of passages before against after, with intervals and tests.

    One row per theme (codebook order): theme_id, label, core; k_pre of n_pre passages (and
    k_post of n_post) carry the theme (the counts of `analysis.theme_shift`); then the columns of
    `compare_counts`: Wilson
    intervals of both shares, the Newcombe interval of the shift in points, Fisher's p,
    Holm's p across the themes shown, and clear_difference.
    """
    n = passages_with_stage(ds).stage.value_counts()
    counts = theme_shift(ds, core_only=core_only).rename(columns={"n_pre": "k_pre", "n_post": "k_post"})
    counts = counts.assign(n_pre=int(n.get("pre-meeting", 0)), n_post=int(n.get("post-meeting", 0)))
    cols = ["theme_id", "label", "core", "k_pre", "n_pre", "k_post", "n_post"]
    return compare_counts(counts[cols].reset_index(drop=True))


# --- coding sensitivity: the comparison under each coding ---------------------------------


def partner_comparison(ds: Dataset) -> pd.DataFrame:
    """Per partner (index: name, sorted), the passages of each stage naming it against the
    stage's passages, with the intervals and tests of `compare_counts` (its shift_pts and the
    adjusted interval shift_lo_adj_pts, shift_hi_adj_pts are the coverage chart's difference
    column)."""
    cov = partner_coverage(ds, kinds=PARTNER_KINDS)
    n = passages_with_stage(ds).stage.value_counts().reindex(list(STAGES), fill_value=0)
    per = cov.pivot_table(
        index="name", columns="stage", values="n_passages", aggfunc="sum", fill_value=0, observed=True
    ).reindex(columns=list(STAGES), fill_value=0)
    k = {"k_pre": per[STAGES[0]], "n_pre": n[STAGES[0]], "k_post": per[STAGES[1]]}
    return compare_counts(pd.DataFrame({**k, "n_post": n[STAGES[1]]}))


def codings(ds: Dataset) -> dict[str, pd.DataFrame]:
    """The theme codings the comparison can be made under, by name: "pass a", "pass b" (and
    any further pass of `coding_passes`, such as a blind pass c, in pass_id order), "reconciled"
    (`passage_themes`) and "dictionary" (`method.dictionary_coding`). Each a table of
    (passage_id, theme_id) rows."""
    from .method import dictionary_coding

    passes = ds.coding_passes.astype({"pass_id": str, "passage_id": str, "theme_id": str})
    out = {f"pass {pid}": rows[["passage_id", "theme_id"]] for pid, rows in passes.groupby("pass_id")}
    out["reconciled"] = ds.passage_themes[["passage_id", "theme_id"]].astype(str)
    out["dictionary"] = dictionary_coding(ds.passage_terms, ds.theme_terms)[["passage_id", "theme_id"]].astype(str)
    return out


def comparison_from_codes(ds: Dataset, codes: pd.DataFrame, *, core_only: bool = False) -> pd.DataFrame:
    """`theme_comparison` under another coding: `codes` holds (passage_id, theme_id) rows.
    One row per theme (codebook order), with the columns of `compare_counts`."""
    themes = _themes(ds, core_only)
    passages = passages_with_stage(ds)
    coded = codes[["passage_id", "theme_id"]].astype(str).drop_duplicates().merge(passages, on="passage_id")
    k = _per_stage(coded.groupby(["theme_id", "stage"]).size(), themes).rename(
        columns={"pre": "k_pre", "post": "k_post"}
    )
    n = passages.stage.value_counts()
    out = themes.merge(k, on="theme_id").assign(
        n_pre=int(n.get("pre-meeting", 0)), n_post=int(n.get("post-meeting", 0))
    )
    return compare_counts(out[["theme_id", "label", "core", "k_pre", "n_pre", "k_post", "n_post"]])


@per_dataset
def coding_sensitivity(ds: Dataset, codes: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The theme comparison under each coding of `codes` (default `codings(ds)`; a new pass
    plugs in as one more entry). One row per (coding, theme), codings in the order given,
    themes in codebook order: label, k_pre, n_pre, k_post, n_post, shift_pts, the unadjusted
    and adjusted intervals, p_holm, clear_difference."""
    codes = codings(ds) if codes is None else codes
    cols = [
        "theme_id",
        "label",
        "k_pre",
        "n_pre",
        "k_post",
        "n_post",
        "shift_pts",
        "shift_lo_pts",
        "shift_hi_pts",
        "shift_lo_adj_pts",
        "shift_hi_adj_pts",
        "p_holm",
        "clear_difference",
    ]
    parts = [comparison_from_codes(ds, c)[cols].assign(coding=name) for name, c in codes.items()]
    return pd.concat(parts)[["coding", *cols]].reset_index(drop=True)


# --- robustness: the shift under four units ------------------------------------------------


def shift_by_unit(ds: Dataset, *, core_only: bool = False) -> pd.DataFrame:
    """Each theme's pre and post share under four units of counting.

    One row per (theme_id, unit), themes in codebook order, units in `UNITS` order:
    - passages: share of the stage's passages that carry the theme (the headline unit);
    - words: share of the stage's words that lie in passages carrying the theme;
    - theme codes: the theme's share of all theme codes given in the stage;
    - answers only: share of the stage's answer passages that carry the theme.
    Columns: label, share_pre, share_post, shift_pts.
    """
    themes = _themes(ds, core_only)
    passages, coded = passages_with_stage(ds), _coded(ds)
    answers, coded_answers = passages.kind == "answer", coded.kind == "answer"
    units = {
        "passages": (coded.groupby(["theme_id", "stage"]).size(), passages.groupby("stage").size()),
        "words": (coded.groupby(["theme_id", "stage"]).n_words.sum(), passages.groupby("stage").n_words.sum()),
        "theme codes": (coded.groupby(["theme_id", "stage"]).size(), coded.groupby("stage").size()),
        "answers only": (
            coded[coded_answers].groupby(["theme_id", "stage"]).size(),
            passages[answers].groupby("stage").size(),
        ),
    }
    rows = []
    for unit, (part, whole) in units.items():
        wide = _per_stage(part, themes)
        wide["share_pre"] = wide.pre / whole.get("pre-meeting", np.nan)
        wide["share_post"] = wide.post / whole.get("post-meeting", np.nan)
        rows.append(wide.assign(unit=unit))
    out = pd.concat(rows).merge(themes[["theme_id", "label"]], on="theme_id")
    out["shift_pts"] = 100 * (out.share_post - out.share_pre).astype(float)
    out["unit"] = pd.Categorical(out.unit, UNITS, ordered=True)
    out["theme_id"] = pd.Categorical(out.theme_id, themes.theme_id, ordered=True)
    out = out.sort_values(["theme_id", "unit"]).astype({"theme_id": "string", "unit": "string"})
    cols = ["theme_id", "label", "unit", "share_pre", "share_post", "shift_pts"]
    return out[cols].reset_index(drop=True)


def _bootstrap_unit_shifts(ds: Dataset, themes: pd.DataFrame, n_boot: int, seed: int) -> dict[str, np.ndarray]:
    """Bootstrap shifts, in points, under the two units that are ratios of sums (words and
    theme codes): each stage's passages are drawn with replacement, keeping the stage's size
    (one generator seeded with `seed`). Returns {unit: (n_boot, n_themes) array}.

    A resample is stored as how often it draws each passage (one multinomial draw), so its sums
    are a product with the passages' values, and the resamples are made in blocks of 500 to
    keep memory small on large packages."""
    passages = passages_with_stage(ds).reset_index(drop=True)
    coded = _coded(ds).assign(one=1).pivot_table(index="passage_id", columns="theme_id", values="one", fill_value=0)
    coded = coded.reindex(index=passages.passage_id, columns=themes.theme_id, fill_value=0).to_numpy(float)
    words = passages.n_words.to_numpy(float)
    rng, shares = np.random.default_rng(seed), {}
    for stage in STAGES:
        rows = np.flatnonzero(passages.stage.to_numpy() == stage)
        c, w = coded[rows], words[rows]
        sums = {"words": [], "all words": [], "theme codes": [], "all codes": []}
        for size in [500] * (n_boot // 500) + ([n_boot % 500] if n_boot % 500 else []):
            times = rng.multinomial(len(rows), np.full(len(rows), 1 / len(rows)), size=size)  # (size, passages)
            sums["words"].append(times @ (c * w[:, None]))
            sums["all words"].append(times @ w)
            sums["theme codes"].append(times @ c)
            sums["all codes"].append(times @ c.sum(axis=1))
        s = {k: np.concatenate(v) for k, v in sums.items()}
        with np.errstate(invalid="ignore"):  # a resample without codes has no share of codes: NaN, left out
            shares[stage] = {
                "words": s["words"] / s["all words"][:, None],
                "theme codes": s["theme codes"] / s["all codes"][:, None],
            }
    return {unit: 100 * (shares[STAGES[1]][unit] - shares[STAGES[0]][unit]) for unit in ("words", "theme codes")}


@per_dataset
def shift_intervals_by_unit(
    ds: Dataset, *, core_only: bool = False, n_boot: int = 4_000, seed: int = SEED
) -> pd.DataFrame:
    """Each theme's shift under the four units of `shift_by_unit`, with an interval adjusted
    for the number of themes (at `bonferroni_level`, as the headline's clear difference).

    One row per (theme_id, unit), as `shift_by_unit`: label, unit, shift_pts, shift_lo_adj_pts,
    shift_hi_adj_pts, interval (how it was made), excludes_zero. Passages and answers only are
    counts of passages: their interval is Newcombe's. Words and theme codes are ratios of
    sums: their interval is the percentile interval of `n_boot` bootstrap resamples of each
    stage's passages (`_bootstrap_unit_shifts`, seeded; resamples where a share is undefined,
    with no codes at all, are left out)."""
    themes = _themes(ds, core_only)
    long = shift_by_unit(ds, core_only=core_only)
    level = bonferroni_level(len(themes))
    boot = _bootstrap_unit_shifts(ds, themes, n_boot, seed)
    passages, coded = passages_with_stage(ds), _coded(ds)
    counts = {
        "passages": (coded.groupby(["theme_id", "stage"]).size(), passages.groupby("stage").size()),
        "answers only": (
            coded[coded.kind == "answer"].groupby(["theme_id", "stage"]).size(),
            passages[passages.kind == "answer"].groupby("stage").size(),
        ),
    }
    parts = []
    for unit in UNITS:
        rows = long[long.unit == unit].reset_index(drop=True)
        if unit in counts:
            k, n = _per_stage(counts[unit][0], themes), counts[unit][1]
            lo, hi = newcombe(k.post, n.get("post-meeting", 0), k.pre, n.get("pre-meeting", 0), alpha=1 - level)
            rows["shift_lo_adj_pts"], rows["shift_hi_adj_pts"] = 100 * lo, 100 * hi
            rows["interval"] = "Newcombe"
        else:
            q = np.nanpercentile(boot[unit], [50 * (1 - level), 100 - 50 * (1 - level)], axis=0)
            rows["shift_lo_adj_pts"], rows["shift_hi_adj_pts"] = q[0], q[1]
            rows["interval"] = f"bootstrap percentile ({n_boot:,} resamples of passages)"
        parts.append(rows)
    out = pd.concat(parts)
    out["theme_id"] = pd.Categorical(out.theme_id, themes.theme_id, ordered=True)
    out["unit"] = pd.Categorical(out.unit, UNITS, ordered=True)
    out = out.sort_values(["theme_id", "unit"]).astype({"theme_id": "string", "unit": "string"})
    out["excludes_zero"] = (out.shift_lo_adj_pts > 0) | (out.shift_hi_adj_pts < 0)
    cols = [
        "theme_id",
        "label",
        "unit",
        "shift_pts",
        "shift_lo_adj_pts",
        "shift_hi_adj_pts",
        "interval",
        "excludes_zero",
    ]
    return out[cols].reset_index(drop=True)


@per_dataset
def robustness(ds: Dataset, *, core_only: bool = False) -> pd.DataFrame:
    """Does each theme's difference hold under every unit, by its interval and not by its sign?

    One row per theme (codebook order): label, the shift in points under each unit of
    `UNITS` (one column each); direction, by sign alone ("rise under all four", "fall under
    all four" or "depends on the unit"); clear_units, the units whose adjusted interval
    (`shift_intervals_by_unit`) excludes zero, comma-joined; and verdict, by interval: "clear
    rise under all four", "clear fall under all four", "no clear difference under any unit"
    or "clear under some units only". A sign that holds without a clear interval is no
    evidence of a direction: 2 of 21 against 2 of 24 is a fall of 1.2 points by sign alone.
    """
    long = shift_by_unit(ds, core_only=core_only)
    wide = long.pivot_table(index=["theme_id", "label"], columns="unit", values="shift_pts", sort=False)
    wide = wide[UNITS].reset_index().rename_axis(columns=None)
    signs = np.sign(wide[UNITS])
    wide["direction"] = np.select(
        [(signs > 0).all(axis=1), (signs < 0).all(axis=1)],
        ["rise under all four", "fall under all four"],
        "depends on the unit",
    )
    iv = shift_intervals_by_unit(ds, core_only=core_only)
    clear = iv[iv.excludes_zero]
    units = clear.groupby("theme_id", sort=False).unit.agg(", ".join)
    rises = clear[clear.shift_lo_adj_pts > 0].groupby("theme_id").size()
    falls = clear[clear.shift_hi_adj_pts < 0].groupby("theme_id").size()
    n = len(UNITS)
    wide["clear_units"] = [units.get(t, "") for t in wide.theme_id]
    wide["verdict"] = np.select(
        [
            wide.theme_id.map(rises).fillna(0) == n,
            wide.theme_id.map(falls).fillna(0) == n,
            wide.clear_units == "",
        ],
        ["clear rise under all four", "clear fall under all four", "no clear difference under any unit"],
        "clear under some units only",
    )
    return wide


# --- co-occurrence against chance -----------------------------------------------------------


def cooccurrence_vs_chance(ds: Dataset, *, core_only: bool = False) -> pd.DataFrame:
    """How often two themes share a passage, against what independence would give.

    One row per pair of distinct themes (theme_a before theme_b in codebook order): label_a,
    label_b; n_a and n_b (passages with each theme), n_total (all passages); observed
    (passages with both); expected = n_a * n_b / n_total; lift = observed / expected; phi
    (the correlation of the two 0/1 codes across passages); and passage_ids (the passages
    with both, in reading order).
    """
    themes = _themes(ds, core_only).reset_index(drop=True).assign(rank=lambda t: t.index)
    coded = ds.passage_themes[["passage_id", "theme_id"]].astype(str).drop_duplicates()
    codes = coded.assign(coded=1).pivot(index="passage_id", columns="theme_id", values="coded")
    in_order = join_passage_ids(ds.passages.passage_id.astype(str)).split(",")
    codes = codes.reindex(index=in_order, columns=themes.theme_id).fillna(0).astype(int)
    pairs = themes.merge(themes, how="cross", suffixes=("_a", "_b")).query("rank_a < rank_b")
    a, b = codes[pairs.theme_id_a].to_numpy(), codes[pairs.theme_id_b].to_numpy()
    out = pd.DataFrame(
        {
            "theme_a": pairs.theme_id_a,
            "theme_b": pairs.theme_id_b,
            "label_a": pairs.label_a,
            "label_b": pairs.label_b,
            "n_a": a.sum(axis=0),
            "n_b": b.sum(axis=0),
            "n_total": len(codes),
            "observed": (a & b).sum(axis=0),
        }
    )
    out["expected"] = out.n_a * out.n_b / out.n_total
    out["lift"] = out.observed / out.expected
    out["phi"] = [
        np.corrcoef(a[:, i], b[:, i])[0, 1] if a[:, i].std() and b[:, i].std() else np.nan for i in range(len(out))
    ]
    ids = codes.index.to_numpy()
    out["passage_ids"] = [",".join(ids[(a & b)[:, i].astype(bool)]) for i in range(len(out))]  # in reading order
    return out


# --- reliability: kappa with a bootstrap interval -------------------------------------------


#: The name of the reconciled coding (`passage_themes`) beside the passes of `coding_passes`.
RECONCILED = "reconciled"
#: The comparisons that test the third, blind pass: against each earlier pass and the reconciled codes.
BLIND_PAIRS = (("c", "a"), ("c", "b"), ("c", RECONCILED))


def codes_of(ds: Dataset, coding: str) -> pd.DataFrame:
    """The (passage_id, theme_id) pairs one coding gives, as plain strings: a pass of
    `coding_passes` ("a", "b", "c") or the reconciled coding (`RECONCILED`). Raises ValueError
    naming the coding when the data has no such pass."""
    if coding == RECONCILED:
        codes = ds.passage_themes
    else:
        codes = ds.coding_passes[ds.coding_passes.pass_id.astype(str) == coding]
        if codes.empty:
            raise ValueError(f"coding_passes.csv has no pass {coding!r}")
    return codes[["passage_id", "theme_id"]].astype(str).drop_duplicates().reset_index(drop=True)


def _per_theme(codes: pd.DataFrame, themes: pd.Series) -> pd.Series:
    """Passages per theme of a (passage_id, theme_id) table, in the order of `themes`, zeros included."""
    return codes.theme_id.value_counts().reindex(themes, fill_value=0)


def pair_cells(ds: Dataset, first: str, second: str) -> pd.DataFrame:
    """The 2x2 table of two codings per theme (`codes_of` names). One row per theme (codebook order):
    tp (passages both code with it), fp (only `second`), fn (only `first`), tn (neither)."""
    f, s = codes_of(ds, first), codes_of(ds, second)
    themes = codebook(ds).theme_id.astype(str)
    n_f, n_s = _per_theme(f, themes), _per_theme(s, themes)
    tp = _per_theme(f.merge(s, on=["passage_id", "theme_id"]), themes)
    cells = pd.DataFrame({"tp": tp, "fp": n_s - tp, "fn": n_f - tp})
    cells["tn"] = len(ds.passages) - cells.tp - cells.fp - cells.fn
    return cells.rename_axis("theme_id").reset_index()


def agreement_cells(ds: Dataset, first: str = "a", second: str = "b") -> pd.DataFrame:
    """The 2x2 table of two coding passes per theme (`pair_cells`; by default passes a and b). One
    row per theme (codebook order): tp (passages both code with it), fp (only `second`), fn (only
    `first`), tn (neither)."""
    return pair_cells(ds, first, second)


def resample_cells(cells, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap resamples of one theme's 2x2 table: a (n_boot, 4) array of tp, fp, fn, tn.

    Drawing the passages with replacement and counting them by cell is one multinomial draw
    of all passages over the four cells' shares, so the passages need not be drawn one by one."""
    cells = np.asarray(cells, dtype=float)
    return rng.multinomial(int(cells.sum()), cells / cells.sum(), size=n_boot)


@per_dataset
def kappa_intervals(
    ds: Dataset, *, first: str = "a", second: str = "b", n_boot: int = 2000, seed: int = SEED
) -> pd.DataFrame:
    """Agreement of two codings per theme (by default passes a and b; any `codes_of` names), with a
    bootstrap interval over passages.

    One row per theme (codebook order): label, core; n_pos_a, n_pos_b (passages the `first` and the
    `second` coding coded), n_both, n_either (passages either pass coded); positive_agreement = n_both /
    n_either with its Wilson interval (positive_agreement_lo, _hi); kappa (NaN when
    undefined); kappa_lo, kappa_hi, the 2.5 and 97.5 percentiles of kappa over `n_boot`
    resamples of the passages (`resample_cells`, one generator seeded with `seed` drawing
    the themes in codebook order; resamples where kappa is undefined are left out);
    n_boot_defined, the resamples where it was defined. Where the passes never disagree,
    every resample gives 1 and the bootstrap interval collapses to 1-1: it cannot show the
    uncertainty of a few positives, and the Wilson interval of positive_agreement does.
    """
    cells, rng, rows = agreement_cells(ds, first, second), np.random.default_rng(seed), []
    for c in cells.itertuples():
        boot = kappa_from_counts(*resample_cells([c.tp, c.fp, c.fn, c.tn], n_boot, rng).T)
        defined = boot[~np.isnan(boot)]
        lo, hi = np.percentile(defined, [2.5, 97.5]) if len(defined) else (np.nan, np.nan)
        rows.append(
            {
                "theme_id": c.theme_id,
                "n_pos_a": c.tp + c.fn,
                "n_pos_b": c.tp + c.fp,
                "n_both": c.tp,
                "kappa": kappa_from_counts(c.tp, c.fp, c.fn, c.tn),
                "kappa_lo": float(lo),
                "kappa_hi": float(hi),
                "n_boot_defined": len(defined),
            }
        )
    out = _themes(ds, False).merge(pd.DataFrame(rows), on="theme_id")
    out.insert(6, "n_either", out.n_pos_a + out.n_pos_b - out.n_both)
    out.insert(7, "positive_agreement", out.n_both / out.n_either)
    lo, hi = wilson(out.n_both, out.n_either.where(out.n_either > 0, np.nan))
    out.insert(8, "positive_agreement_lo", lo)
    out.insert(9, "positive_agreement_hi", hi)
    return out.reset_index(drop=True)


def pass_comparison(ds: Dataset, pairs=BLIND_PAIRS, *, n_boot: int = 2000, seed: int = SEED) -> pd.DataFrame:
    """Kappa of several pairs of codings per theme, each with its bootstrap interval and positives.

    One row per (pair, theme), pairs in the order given, themes in codebook order: first, second
    (`codes_of` names), pair ("c against a"), theme_id, label, core; n_pos_first, n_pos_second,
    n_both, n_either, positive_agreement (with its Wilson interval _lo, _hi), kappa, kappa_lo,
    kappa_hi and n_boot_defined as in `kappa_intervals` (each pair's bootstrap seeded with `seed`).
    """
    rows = []
    for first, second in pairs:
        ki = kappa_intervals(ds, first=first, second=second, n_boot=n_boot, seed=seed)
        ki = ki.rename(columns={"n_pos_a": "n_pos_first", "n_pos_b": "n_pos_second"})
        rows.append(ki.assign(first=first, second=second, pair=f"{first} against {second}"))
    out = pd.concat(rows, ignore_index=True)
    return out[["first", "second", "pair", *[c for c in out.columns if c not in ("first", "second", "pair")]]]


def case_note_agreement(ds: Dataset, coding: str = "c") -> pd.DataFrame:
    """Does a coding agree with the reconciled codes more where a case note settled the decision?

    Splits every (passage, theme) decision into those a case note settles (`case_note_passages`)
    and the rest. One row per group ("settled by a case note", "other decisions"): n_decisions,
    n_agree (decisions where `coding` and the reconciled codes agree), share_agree, share_lo,
    share_hi (Wilson 95%), and disagreements (the "passage_id/theme_id" pairs where they differ,
    in file order of the passages, then codebook order; empty when none).
    """
    both = codes_of(ds, coding).merge(codes_of(ds, RECONCILED), how="outer", indicator=True)
    differ = both[both._merge != "both"][["passage_id", "theme_id"]]
    notes = ds.case_note_passages[["passage_id", "theme_id"]].astype(str).drop_duplicates()
    differ = differ.merge(notes.assign(by_note=True), how="left", on=["passage_id", "theme_id"])
    differ["by_note"] = differ.by_note.eq(True)
    order = {p: i for i, p in enumerate(ds.passages.passage_id.astype(str))}
    rank = {th: i for i, th in enumerate(codebook(ds).theme_id.astype(str))}
    differ = differ.assign(_p=differ.passage_id.map(order), _t=differ.theme_id.map(rank)).sort_values(["_p", "_t"])
    differ["pair"] = differ.passage_id + "/" + differ.theme_id
    n_all = len(ds.passages) * len(ds.themes)
    rows = []
    for group, by_note, n in (
        ("settled by a case note", True, len(notes)),
        ("other decisions", False, n_all - len(notes)),
    ):
        off = differ[differ.by_note == by_note]
        rows.append({"group": group, "n_decisions": n, "n_agree": n - len(off), "disagreements": ", ".join(off.pair)})
    out = pd.DataFrame(rows)
    out = out[out.n_decisions > 0].reset_index(drop=True)
    out.insert(3, "share_agree", out.n_agree / out.n_decisions)
    lo, hi = wilson(out.n_agree, out.n_decisions)
    out.insert(4, "share_lo", lo)
    out.insert(5, "share_hi", hi)
    return out


# --- the agenda coded twice: weighted kappa on the ordered outcome levels ---------------------------


def level_table(first, second, levels) -> np.ndarray:
    """The square table of two codings of ordered levels: rows the first coding's level, columns the
    second's, both in `levels` order, empty levels included."""
    return pd.crosstab(
        pd.Categorical(first, categories=levels), pd.Categorical(second, categories=levels), dropna=False
    ).to_numpy()


def linear_kappa_of_tables(tables) -> np.ndarray:
    """Linearly weighted kappa of one or many square tables (shape (k, k) or (n, k, k)): one minus
    the weighted disagreement observed over the weighted disagreement expected from the margins,
    with weights |i - j|. NaN where no disagreement is expected. The same formula as statsmodels'
    `cohens_kappa(wt="linear")`, for a whole stack of bootstrap tables at once."""
    t = np.asarray(tables, dtype=float)
    k = t.shape[-1]
    w = np.abs(np.subtract.outer(np.arange(k), np.arange(k)))
    n = t.sum(axis=(-2, -1))
    expected = t.sum(axis=-1)[..., :, None] * t.sum(axis=-2)[..., None, :] / n[..., None, None]
    observed_w, expected_w = (w * t).sum(axis=(-2, -1)), (w * expected).sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected_w > 0, 1 - observed_w / expected_w, np.nan)


def weighted_kappa(first, second, levels) -> float:
    """Cohen's kappa with linear weights for two codings of ordered levels (statsmodels'
    `cohens_kappa(wt="linear")`): with three levels, a disagreement by one level counts half as
    much as one by two. NaN when the margins leave no disagreement to expect."""
    from statsmodels.stats.inter_rater import cohens_kappa

    table = level_table(first, second, levels)
    if np.isnan(linear_kappa_of_tables(table)):
        return float("nan")
    return float(cohens_kappa(table, wt="linear", return_results=False))


def agenda_agreement(ds: Dataset, *, n_boot: int = 2000, seed: int = SEED) -> pd.Series:
    """Agreement of the two codings of the agenda's outcome levels (`agenda.outcome_level`, the first
    coder, against `agenda_levels_b`, a second, blind coder), over the items both coded.

    One record: n_items, n_agree (same level), n_adjacent (one level apart), n_far (two or more apart);
    kappa_linear (`weighted_kappa`, levels in `analysis.OUTCOME_LEVELS` order); kappa_lo and
    kappa_hi, the 2.5 and 97.5 percentiles of the weighted kappa over `n_boot` resamples of the
    items (drawn as one multinomial over the table's cells, like `resample_cells`, from a generator
    seeded with `seed`; resamples where kappa is undefined are left out); n_boot_defined.
    """
    from .analysis import OUTCOME_LEVELS

    both = (
        ds.agenda[["item_id", "outcome_level"]]
        .astype(str)
        .merge(ds.agenda_levels_b[["item_id", "outcome_level"]].astype(str), on="item_id", suffixes=("_a", "_b"))
    )
    table = level_table(both.outcome_level_a, both.outcome_level_b, OUTCOME_LEVELS)
    k, n = len(OUTCOME_LEVELS), int(table.sum())
    gaps = np.abs(np.subtract.outer(np.arange(k), np.arange(k)))
    boot = np.empty(0)
    if n:
        draws = np.random.default_rng(seed).multinomial(n, table.ravel() / n, size=n_boot)
        boot = linear_kappa_of_tables(draws.reshape(n_boot, k, k))
    defined = boot[~np.isnan(boot)]
    lo, hi = np.percentile(defined, [2.5, 97.5]) if len(defined) else (np.nan, np.nan)
    return pd.Series(
        {
            "n_items": n,
            "n_agree": int(table[gaps == 0].sum()),
            "n_adjacent": int(table[gaps == 1].sum()),
            "n_far": int(table[gaps >= 2].sum()),
            "kappa_linear": weighted_kappa(both.outcome_level_a, both.outcome_level_b, OUTCOME_LEVELS)
            if n
            else float("nan"),
            "kappa_lo": float(lo),
            "kappa_hi": float(hi),
            "n_boot_defined": len(defined),
        }
    )


# --- codes and passage length -------------------------------------------------------------


def codes_and_length(ds: Dataset) -> pd.Series:
    """Do longer passages carry more theme codes? One record: n (passages), rho (Spearman's rank
    correlation of codes per passage with words per passage), p (its two-sided p-value), rho_lo
    and rho_hi (95% interval: scipy's Fisher-z interval of the Pearson correlation of the ranks,
    which is what Spearman's rho is; an approximation, slightly narrow for rank data)."""
    from scipy.stats import pearsonr, rankdata, spearmanr

    p = passages_with_stage(ds)
    codes = ds.passage_themes.passage_id.astype(str).value_counts().reindex(p.passage_id, fill_value=0)
    res = spearmanr(codes.to_numpy(), p.n_words.to_numpy())
    ci = pearsonr(rankdata(codes.to_numpy()), rankdata(p.n_words.to_numpy())).confidence_interval(0.95)
    return pd.Series(
        {
            "n": len(p),
            "rho": float(res.statistic),
            "p": float(res.pvalue),
            "rho_lo": float(ci.low),
            "rho_hi": float(ci.high),
        }
    )
