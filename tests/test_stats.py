"""Intervals, tests and robustness checks (`amm58.stats`) on the tiny dataset of `tests/tiny.py`.

Worked by hand from tiny.py: the pre-meeting interview s1 has 3 passages (words 10, 40, 30;
answers s1_02, s1_03), the post-meeting one s2 has 2 (words 12, 50; answer s2_02). Theme ta is
on s1_02 and s1_03; tb on s1_03 and s2_02.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import pearsonr, rankdata, spearmanr
from statsmodels.stats.inter_rater import cohens_kappa
from tiny import header, tiny_dataset

from amm58 import stats


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
    assert out.columns.tolist() == ["theme_id", "label", *stats.UNITS, "direction"]
    assert out.direction.tolist() == ["fall under all four", "rise under all four"]


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
