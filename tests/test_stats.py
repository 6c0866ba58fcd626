"""Intervals, tests and robustness checks (`amm58.stats`) on the tiny dataset of `tests/tiny.py`.

Worked by hand from tiny.py: the pre-meeting interview s1 has 3 passages (words 10, 40, 30;
answers s1_02, s1_03), the post-meeting one s2 has 2 (words 12, 50; answer s2_02). Theme ta is
on s1_02 and s1_03; tb on s1_03 and s2_02.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom, hypergeom, pearsonr, rankdata, spearmanr
from statsmodels.stats.inter_rater import cohens_kappa
from statsmodels.stats.proportion import confint_proportions_2indep
from tiny import header, tiny_dataset

from amm58 import load_dataset, stats


@pytest.fixture
def ds(tmp_path):
    return tiny_dataset(tmp_path)


def test_wilson_of_zero_of_two_runs_from_zero_to_z2_over_n_plus_z2():
    lo, hi = stats.wilson([0], [2])
    z2 = 1.959963984540054**2
    assert lo[0] == 0.0
    assert hi[0] == pytest.approx(z2 / (2 + z2))


def test_theme_comparison_gives_counts_shares_and_fisher_by_hand(ds):
    out = stats.theme_comparison(ds)
    assert out.theme_id.tolist() == ["ta", "tb"]
    assert out[["k_pre", "n_pre", "k_post", "n_post"]].values.tolist() == [[2, 3, 0, 2], [1, 3, 1, 2]]
    assert out.shift_pts.tolist() == pytest.approx([-200 / 3, 100 / 6])
    # ta: hypergeometric P(k=2)=0.3, P(k=0)=0.1, P(k=1)=0.6 -> two-sided 0.4; tb: P(k=1) is the mode -> 1
    assert out.p_fisher.tolist() == pytest.approx([0.4, 1.0])
    assert out.p_holm.tolist() == pytest.approx([0.8, 1.0])
    assert out.clear_difference.tolist() == [False, False]


def test_newcombe_interval_brackets_the_shift_and_comes_from_statsmodels(ds):
    out = stats.theme_comparison(ds)
    assert (out.shift_lo_pts < out.shift_pts).all() and (out.shift_pts < out.shift_hi_pts).all()
    assert out.share_post_lo[0] == 0.0  # 0 of 2


def test_holm_by_hand_and_as_statsmodels_gives_it():
    # m = 4: sorted 0.01, 0.02, 0.03, 0.5 times 4, 3, 2, 1 = 0.04, 0.06, 0.06, 0.5 (already rising)
    assert stats.holm([0.03, 0.5, 0.01, 0.02]).tolist() == pytest.approx([0.06, 0.5, 0.04, 0.06])
    assert stats.holm([0.4, 0.3]).tolist() == [0.6, 0.6]  # 0.3 x 2 = 0.6, then max(0.6, 0.4) = 0.6
    assert stats.holm([0.9, 0.8, 0.7]).tolist() == [1.0, 1.0, 1.0]  # capped at 1
    assert stats.holm([]).tolist() == []
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(7)
    for m in (1, 2, 5, 14, 40):
        p = rng.uniform(0, 0.2, m).round(3)  # rounding makes ties
        assert stats.holm(p) == pytest.approx(multipletests(p, method="holm")[1], abs=1e-12)


def test_clear_difference_needs_the_interval_and_holm():
    counts = pd.DataFrame({"k_pre": [0, 5], "n_pre": [40, 40], "k_post": [30, 6], "n_post": [40, 40]})
    out = stats.compare_counts(counts)
    assert out.interval_excludes_zero.tolist() == [True, False]
    assert out.clear_difference.tolist() == [True, False]
    assert out.p_holm[0] < 0.05


def test_shift_by_unit_counts_passages_words_codes_and_answers(ds):
    out = stats.shift_by_unit(ds)
    ta = out[out.theme_id == "ta"].set_index("unit")
    tb = out[out.theme_id == "tb"].set_index("unit")
    assert list(ta.index) == stats.UNITS
    assert ta.share_pre.tolist() == pytest.approx([2 / 3, 70 / 80, 2 / 3, 1.0])
    assert ta.share_post.tolist() == pytest.approx([0, 0, 0, 0])
    assert tb.share_pre.tolist() == pytest.approx([1 / 3, 30 / 80, 1 / 3, 0.5])
    assert tb.share_post.tolist() == pytest.approx([0.5, 50 / 62, 1.0, 1.0])


def test_robustness_names_the_direction_that_holds_under_every_unit(ds):
    out = stats.robustness(ds)
    assert out.columns.tolist() == ["theme_id", "label", *stats.UNITS, "direction", "clear_units", "verdict"]
    assert out.direction.tolist() == ["fall under all four", "rise under all four"]
    # With 3 and 2 passages no Newcombe interval excludes zero. The share of codes can't leave its side in any
    # bootstrap resample: ta is at least half the codes of any pre-meeting resample with codes (s1_02 {ta},
    # s1_03 {ta, tb}) and none after; tb is every code of a post-meeting resample with codes, at most half before.
    assert out.clear_units.tolist() == ["theme codes", "theme codes"]
    assert out.verdict.tolist() == ["clear under some units only"] * 2


def test_robustness_does_not_call_timor_lestes_two_of_21_against_two_of_24_a_fall():
    rb = stats.robustness(load_dataset()).set_index("theme_id").loc["enlargement"]
    assert rb.direction == "fall under all four"  # by sign alone
    assert rb.verdict == "no clear difference under any unit"


def test_shift_intervals_by_unit_use_newcombe_for_counts_and_a_seeded_bootstrap_for_ratios(ds):
    out = stats.shift_intervals_by_unit(ds, n_boot=500, seed=1)
    again = stats.shift_intervals_by_unit(ds, n_boot=500, seed=1)
    pd.testing.assert_frame_equal(out, again)
    ta = out[out.theme_id == "ta"].set_index("unit")
    # passages: 2 of 3 against 0 of 2, Newcombe at 1 - 0.05 / 2
    lo, hi = confint_proportions_2indep(0, 2, 2, 3, method="newcomb", compare="diff", alpha=0.025)
    assert (ta.loc["passages", "shift_lo_adj_pts"], ta.loc["passages", "shift_hi_adj_pts"]) == pytest.approx(
        (100 * lo, 100 * hi)
    )
    assert ta.loc["passages", "interval"] == "Newcombe"
    assert ta.loc["words", "interval"] == "bootstrap percentile (500 resamples of passages)"
    # ta has no post-meeting passage: every resample's word share after is 0, before at most 1
    assert ta.loc["words", "shift_lo_adj_pts"] >= -100 and ta.loc["words", "shift_hi_adj_pts"] <= 0


def test_adjusted_interval_is_newcombe_at_the_bonferroni_level(ds):
    out = stats.theme_comparison(ds)
    assert stats.bonferroni_level(2) == 0.975
    lo, hi = confint_proportions_2indep(0, 2, 2, 3, method="newcomb", compare="diff", alpha=0.025)
    assert (out.shift_lo_adj_pts[0], out.shift_hi_adj_pts[0]) == pytest.approx((100 * lo, 100 * hi))
    assert out.shift_lo_adj_pts[0] < out.shift_lo_pts[0]  # wider than the unadjusted one


def test_an_unadjusted_interval_that_excludes_zero_is_not_a_clear_difference():
    # Rules and multilateralism: 0 of 21 against 5 of 24, among 14 themes (13 without a difference)
    counts = pd.DataFrame({"k_pre": [0] + [2] * 13, "n_pre": [21] * 14, "k_post": [5] + [2] * 13, "n_post": [24] * 14})
    out = stats.compare_counts(counts).iloc[0]
    assert out.interval_excludes_zero and not out.adjusted_excludes_zero
    assert out.p_holm == pytest.approx(min(1, 14 * out.p_fisher))
    assert (out.clear_difference, out.tests_agree) == (False, True)


def _fisher_zero_against_k(n_pre: int, k: int, n_post: int) -> float:
    """Two-sided Fisher p of 0 of n_pre against k of n_post, from the hypergeometric law: the
    tables as likely as the observed one or less (independent of scipy's fisher_exact)."""
    law = hypergeom(n_pre + n_post, k, n_pre)  # passages before among the k with the theme
    pmf = law.pmf(np.arange(k + 1))
    return float(pmf[pmf <= law.pmf(0) * (1 + 1e-7)].sum())


def _clear_by_hand(k_pre, n_pre, k_post, n_post, m) -> bool:
    lo, hi = confint_proportions_2indep(k_post, n_post, k_pre, n_pre, method="newcomb", compare="diff", alpha=0.05 / m)
    if not (lo > 0 or hi < 0):
        return False
    law = hypergeom(n_pre + n_post, k_pre + k_post, n_pre)
    pmf = law.pmf(np.arange(k_pre + k_post + 1))
    return min(1, m * pmf[pmf <= law.pmf(k_pre) * (1 + 1e-7)].sum()) < 0.05


def test_minimum_detectable_difference_at_21_against_24_with_14_themes_is_9():
    assert stats.minimum_detectable(21, 24, 14) == 9
    assert 14 * _fisher_zero_against_k(21, 8, 24) >= 0.05 > 14 * _fisher_zero_against_k(21, 9, 24)
    assert stats.minimum_detectable(21, 24, 1) == 6
    assert stats.minimum_detectable(3, 2, 2) is None


def test_power_for_10_to_30_percent_matches_an_independent_enumeration():
    by_hand = sum(
        binom.pmf(a, 21, 0.1) * binom.pmf(b, 24, 0.3)
        for a in range(22)
        for b in range(25)
        if _clear_by_hand(a, 21, b, 24, 14)
    )
    got = stats.power_clear(0.1, 0.3, 21, 24, 14)
    # power_clear leaves out counts with less than POWER_TAIL (1e-9) probability at either end
    assert got == pytest.approx(by_hand, abs=1e-8)
    assert round(got, 4) == 0.0525
    assert round(stats.power_clear(0.1, 0.3, 21, 24, 1), 4) == 0.2897


def test_coding_sensitivity_compares_each_pass_the_reconciled_codes_and_the_dictionary(ds):
    out = stats.coding_sensitivity(ds)
    assert list(dict.fromkeys(out.coding)) == ["pass a", "pass b", "pass c", "reconciled", "dictionary"]
    ta = out[out.theme_id == "ta"].set_index("coding")
    # pass b codes ta on s1_02 (before) and the question s2_01 (after); pass c, like pass a, on s1_02 and
    # s1_03 (both before); the tiny package has no term counts
    assert ta[["k_pre", "k_post"]].values.tolist() == [[2, 0], [1, 1], [2, 0], [2, 0], [0, 0]]
    assert not out.clear_difference.any()


def test_coding_sensitivity_takes_any_further_coding_by_name(ds):
    codes = {"pass c": pd.DataFrame({"passage_id": ["s2_02"], "theme_id": ["ta"]})}
    out = stats.coding_sensitivity(ds, codes)
    assert out.coding.unique().tolist() == ["pass c"]
    assert out[["theme_id", "k_pre", "k_post"]].values.tolist() == [["ta", 0, 1], ["tb", 0, 0]]


def coded_by_both_passes(themes: str) -> dict[str, str]:
    """Overrides that make `themes` (passage_themes CSV text) the codes both passes gave, unreconciled."""
    rows = themes.splitlines()[1:]
    passes = "pass_id,passage_id,theme_id\n" + "".join(f"{p},{row}\n" for p in "ab" for row in rows)
    return {"passage_themes": themes, "coding_passes": passes, "reconciliation": header("reconciliation")}


def test_robustness_flags_a_shift_whose_sign_depends_on_the_unit(tmp_path):
    # tb moved from s1_03 to the question s1_01 (10 words): 1 of 3 passages and 10 of 80 words
    # before, against 1 of 2 and 50 of 62 after: a rise under every unit.
    themes = "passage_id,theme_id\ns1_01,tb\ns1_02,ta\ns1_03,ta\ns2_02,tb\n"
    out = stats.robustness(tiny_dataset(tmp_path, **coded_by_both_passes(themes))).set_index("theme_id")
    assert out.loc["tb", "passages"] == pytest.approx(100 * (1 / 2 - 1 / 3))
    assert out.loc["tb", "words"] == pytest.approx(100 * (50 / 62 - 10 / 80))
    assert out.loc["tb", "direction"] == "rise under all four"
    themes = "passage_id,theme_id\ns1_01,tb\ns1_03,tb\ns1_02,ta\ns2_02,tb\n"
    out = stats.robustness(tiny_dataset(tmp_path / "b", **coded_by_both_passes(themes))).set_index("theme_id")
    # passages: 1/2 - 2/3 < 0; words: 50/62 - 40/80 > 0
    assert out.loc["tb", "passages"] < 0 < out.loc["tb", "words"]
    assert out.loc["tb", "direction"] == "depends on the unit"


def test_cooccurrence_compares_observed_with_expected_under_independence(ds):
    out = stats.cooccurrence_vs_chance(ds)
    row = out.iloc[0]
    assert len(out) == 1
    assert (row.theme_a, row.theme_b, row.n_a, row.n_b, row.n_total, row.observed) == ("ta", "tb", 2, 2, 5, 1)
    assert row.expected == pytest.approx(0.8)
    assert row.lift == pytest.approx(1.25)
    assert row.phi == pytest.approx(1 / 6)
    assert row.passage_ids == "s1_03"


def test_kappa_intervals_give_kappa_positives_and_agreement_on_positives(ds):
    out = stats.kappa_intervals(ds, n_boot=200)
    assert out.theme_id.tolist() == ["ta", "tb"]
    assert out.kappa.tolist() == pytest.approx([1 / 6, 1.0])
    assert out[["n_pos_a", "n_pos_b", "n_both", "n_either"]].values.tolist() == [[2, 2, 1, 3], [2, 2, 2, 2]]
    assert out.positive_agreement.tolist() == pytest.approx([1 / 3, 1.0])
    # perfect agreement: every resample gives 1, so the bootstrap interval collapses
    assert (out.kappa_lo[1], out.kappa_hi[1]) == (1.0, 1.0)
    assert out.positive_agreement_lo[1] < 1.0


def test_agreement_cells_give_each_themes_two_by_two_table(ds):
    # (ta, tb) per passage: s1_01 (tn, tn), s1_02 (tp, tn), s1_03 (fn, tp), s2_01 (fp, tn), s2_02 (tn, tp)
    got = stats.agreement_cells(ds)
    assert got.columns.tolist() == ["theme_id", "tp", "fp", "fn", "tn"]
    assert got.values.tolist() == [["ta", 1, 1, 1, 2], ["tb", 2, 0, 0, 3]]


def test_resample_cells_draw_every_passage_over_the_cells_seeded():
    first = stats.resample_cells([1, 1, 1, 2], 7, np.random.default_rng(3))
    assert first.shape == (7, 4)
    assert first.sum(axis=1).tolist() == [5] * 7
    np.testing.assert_array_equal(first, stats.resample_cells([1, 1, 1, 2], 7, np.random.default_rng(3)))
    assert stats.resample_cells([0, 0, 4, 0], 3, np.random.default_rng(3)).tolist() == [[0, 0, 4, 0]] * 3


def test_kappa_bootstrap_is_seeded_and_matches_statsmodels_on_each_resample(ds):
    first, again = stats.kappa_intervals(ds, n_boot=50), stats.kappa_intervals(ds, n_boot=50)
    pd.testing.assert_frame_equal(first, again)
    # theme ta is drawn first: tp 1, fp 1, fn 1, tn 2 over the 5 passages
    kappas = []
    for tp, fp, fn, tn in np.random.default_rng(stats.SEED).multinomial(5, [0.2, 0.2, 0.2, 0.4], size=50):
        table = np.array([[tn, fp], [fn, tp]])  # rows: pass a, columns: pass b
        if table.sum(axis=0).min() and table.sum(axis=1).min():
            kappas.append(cohens_kappa(table).kappa)
        elif fp + fn == 0:
            continue  # undefined: both passes give one value to every passage drawn
        else:
            kappas.append(0.0)
    lo, hi = np.percentile(kappas, [2.5, 97.5])
    assert first.kappa_lo[0] == pytest.approx(lo)
    assert first.kappa_hi[0] == pytest.approx(hi)
    assert first.n_boot_defined[0] == len(kappas)


def test_codes_and_length_is_spearman_with_scipys_interval_of_the_ranks(ds):
    # codes per passage (s1_01..s2_02): 0, 1, 2, 0, 1; words: 10, 40, 30, 12, 50
    got = stats.codes_and_length(ds)
    codes, words = np.array([0, 1, 2, 0, 1]), np.array([10, 40, 30, 12, 50])
    assert got.n == 5
    assert got.rho == pytest.approx(spearmanr(codes, words).statistic)
    ci = pearsonr(rankdata(codes), rankdata(words)).confidence_interval(0.95)
    assert (got.rho_lo, got.rho_hi) == pytest.approx((ci.low, ci.high))
    # ranks: codes 1.5, 3.5, 5, 1.5, 3.5; words 1, 4, 3, 2, 5 -> Pearson of the ranks
    rc, rw = np.array([1.5, 3.5, 5, 1.5, 3.5]), np.array([1, 4, 3, 2, 5])
    assert got.rho == pytest.approx(np.corrcoef(rc, rw)[0, 1])
