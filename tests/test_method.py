"""The method check helpers, on the tiny dataset with a two-term dictionary; expected values
worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from tiny import tiny_dataset

from amm58 import method as M

THEME_TERMS = "theme_id,term,note\nta,alpha,Indicates A.\ntb,beta,Indicates B.\n"
# dictionary: ta in s1_02 and s2_01; tb in s1_03 and s2_02. Hand: ta in s1_02, s1_03; tb in s1_03, s2_02.
# every passage has term counts (a check across tables asks for it): s1_01's is "ask", not in the dictionary
PASSAGE_TERMS = (
    "passage_id,term,count\ns1_01,ask,1\ns1_02,alpha,1\ns1_02,other,2\ns1_03,beta,1\ns2_01,alpha,2\ns2_02,beta,3\n"
)
REVIEW = "passage_id,theme_id,reason\ns2_01,ta,The question only mentions alpha.\n"


@pytest.fixture
def ds(tmp_path):
    return tiny_dataset(tmp_path, theme_terms=THEME_TERMS, passage_terms=PASSAGE_TERMS, dictionary_review=REVIEW)


def test_dictionary_coding_codes_a_passage_with_any_term_of_a_theme(ds):
    got = M.dictionary_coding(ds.passage_terms, ds.theme_terms)
    assert list(got.itertuples(index=False, name=None)) == [
        ("s1_02", "ta", "alpha"),
        ("s1_03", "tb", "beta"),
        ("s2_01", "ta", "alpha"),
        ("s2_02", "tb", "beta"),
    ]


def test_dictionary_agreement_counts_confusion_precision_recall_kappa(ds):
    got = M.dictionary_agreement(ds, core_only=False).set_index("theme_id")
    a = got.loc["ta"]
    assert (a.tp, a.fp, a.fn, a.tn, a.n_terms) == (1, 1, 1, 2, 1)
    assert (a.precision, a.recall) == (0.5, 0.5)
    assert a.kappa == pytest.approx(1 / 6)  # p_o = 0.6, p_e = 0.52
    b = got.loc["tb"]
    assert (b.tp, b.fp, b.fn, b.tn, b.kappa) == (2, 0, 0, 3, 1.0)
    assert list(M.dictionary_agreement(ds, core_only=True).theme_id) == ["ta"]


def test_dictionary_intervals_add_bootstrap_kappa_and_wilson_agreement(ds):
    got = M.dictionary_intervals(M.dictionary_agreement(ds, core_only=False)).set_index("theme_id")
    b = got.loc["tb"]  # never disagree: every resample gives 1, the interval collapses
    assert (b.n_both, b.n_either, b.kappa_lo, b.kappa_hi) == (2, 2, 1.0, 1.0)
    assert (round(b.agreed_lo, 3), b.agreed_hi) == (0.342, 1.0)  # Wilson 95% of 2 of 2
    a = got.loc["ta"]
    assert (a.n_both, a.n_either) == (1, 3)
    assert a.kappa_lo < a.kappa < a.kappa_hi
    again = M.dictionary_intervals(M.dictionary_agreement(ds, core_only=False))
    assert again.kappa_lo.tolist() == got.kappa_lo.tolist()  # seeded: the same every run


def test_confusion_table_lays_out_hand_against_dictionary(ds):
    t = M.confusion_table(M.dictionary_agreement(ds), "ta")
    assert t.to_dict() == {
        "dictionary: coded": {"hand: coded": 1, "hand: not coded": 1},
        "dictionary: not coded": {"hand: coded": 1, "hand: not coded": 2},
    }


def test_disagreements_in_reading_order_with_reviewed_reasons(ds):
    got = M.dictionary_disagreements(ds)
    assert list(
        got[["passage_id", "theme_id", "hand", "dictionary", "matched_terms", "reason"]].itertuples(
            index=False, name=None
        )
    ) == [
        ("s1_03", "ta", True, False, "", ""),
        ("s2_01", "ta", False, True, "alpha", "The question only mentions alpha."),
    ]


def test_fightin_words_matches_the_hand_computed_log_odds_with_a_flat_prior():
    # flat prior alpha = 1 per term, alpha_0 = 2; n_a = n_b = 2.
    # x: log-odds in a log(3/1), in b log(1/3); delta = -2 log 3; variance = 1/3 + 1/1; z = delta / sqrt(4/3)
    got = M.fightin_words(pd.Series({"x": 2, "y": 0}), pd.Series({"x": 0, "y": 2}), alpha=1.0)
    assert list(got.term) == ["y", "x"]
    x = got.set_index("term").loc["x"]
    assert (x.count_a, x.count_b) == (2, 0)
    assert x.delta == pytest.approx(-2 * math.log(3))
    assert x.z == pytest.approx(-2 * math.log(3) / math.sqrt(4 / 3))
    assert got.set_index("term").loc["y", "z"] == pytest.approx(2 * math.log(3) / math.sqrt(4 / 3))


def test_fightin_words_breaks_ties_by_total_count_then_alphabetically():
    got = M.fightin_words(pd.Series({"p": 1, "q": 2, "r": 1}), pd.Series({"p": 1, "q": 2, "r": 1}))
    assert got.z.tolist() == [0.0, 0.0, 0.0]
    assert got.term.tolist() == ["q", "p", "r"]


def test_fightin_words_rejects_an_empty_prior():
    with pytest.raises(ValueError, match="no mass"):
        M.fightin_words(pd.Series({"x": 1}), pd.Series({"x": 1}), prior=pd.Series({"x": 0}))


def test_stage_term_counts_count_the_answers_only_by_default(ds):
    # s2_01 is a question: its two "alpha" are left out
    got = M.stage_term_counts(ds)
    assert got.to_dict("list") == {
        "term": ["alpha", "beta", "other"],
        "pre-meeting": [1, 1, 2],
        "post-meeting": [0, 3, 0],
    }
    every = M.stage_term_counts(ds, kinds=None)  # the question s1_01 adds "ask"
    assert every.to_dict("list") == {
        "term": ["alpha", "ask", "beta", "other"],
        "pre-meeting": [1, 1, 1, 2],
        "post-meeting": [2, 0, 3, 0],
    }


def test_distinctive_terms_rank_the_answers_and_flag_terms_past_196(ds):
    # alpha = 0.5 over 3 terms, n_pre = 4, n_post = 3 (answers only). beta: delta = log(3.5/1) - log(1.5/4),
    # variance 1/1.5 + 1/3.5; other: delta = log(0.5/4) - log(2.5/3), variance 1/2.5 + 1/0.5.
    got = M.distinctive_terms(ds, top=1, min_count=2)
    assert list(got.term) == ["beta", "other"]
    assert list(got.side) == ["post-meeting", "pre-meeting"]
    beta = (math.log(3.5) - math.log(1.5 / 4)) / math.sqrt(1 / 1.5 + 1 / 3.5)
    other = (math.log(0.5 / 4) - math.log(2.5 / 3)) / math.sqrt(1 / 2.5 + 1 / 0.5)
    assert got.z.tolist() == pytest.approx([beta, other])
    assert got.past_196.tolist() == [True, False]


def test_prior_sensitivity_counts_terms_past_196_at_each_strength(ds):
    got = M.prior_sensitivity(ds, alphas=[0.5, 5.0], min_count=2)
    assert got.alpha.tolist() == [0.5, 5.0]
    assert got.n_terms.tolist() == [2, 2]
    assert got.n_past_196.tolist()[0] == 1  # beta, z = 2.29
    assert (got.top_post[0], got.top_pre[0]) == ("beta", "other")
    # a stronger prior shrinks every z: beta falls below 1.96
    assert got.n_past_196.tolist()[1] == 0
    # the permutation null of each prior (worked out in the test of `permutation_null`)
    assert got.expected_past_196.tolist() == pytest.approx([2 / 3, 0.0])
    assert got.p_perm.tolist() == pytest.approx([2 / 3, 1.0])
    assert "expected_by_chance" not in got


# The answers of the tiny dataset: s1_02 {alpha 1, other 2} and s1_03 {beta 1} before, s2_02 {beta 3}
# after. Keeping one post-meeting passage, they split three ways; with min_count 2, beta and other are
# ranked. At alpha 0.5 (alpha_0 = 1.5 over the three terms), z of (beta, other):
def _z(ya, na, yb, nb, a=0.5, a0=1.5):
    delta = math.log((yb + a) / (nb + a0 - yb - a)) - math.log((ya + a) / (na + a0 - ya - a))
    return delta / math.sqrt(1 / (ya + a) + 1 / (yb + a))


SPLITS = {  # the post-meeting passage: (z of beta, z of other)
    "s2_02": (_z(1, 4, 3, 3), _z(2, 4, 0, 3)),  # the real split: 2.29 and -1.22
    "s1_02": (_z(4, 4, 0, 3), _z(0, 4, 2, 3)),  # -2.40 and 1.63
    "s1_03": (_z(3, 6, 1, 1), _z(2, 6, 0, 1)),  # 0.55 and -0.45
}


def test_the_hand_worked_splits_give_one_one_and_no_term_past_196():
    assert [sum(abs(z) > 1.96 for z in zs) for zs in SPLITS.values()] == [1, 1, 0]


def test_passage_splits_list_every_split_when_there_are_few():
    splits, exact = M.passage_splits([False, False, True], n_draws=2000)
    assert exact
    assert splits.astype(int).tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_passage_splits_draw_seeded_shuffles_that_keep_the_group_sizes():
    labels = [False] * 5 + [True] * 4
    splits, exact = M.passage_splits(labels, n_draws=50, seed=3)
    again, _ = M.passage_splits(labels, n_draws=50, seed=3)
    assert not exact and splits.shape == (50, 9)
    assert (splits.sum(axis=1) == 4).all()
    assert (splits == again).all()
    assert not (splits == M.passage_splits(labels, n_draws=50, seed=4)[0]).all()


def test_permutation_null_gives_the_exact_expected_count_percentile_and_p(ds):
    got = M.permutation_null(ds, alphas=[0.5], min_count=2).iloc[0]
    assert (got.n_terms, got.n_past_196, got.n_splits, got.exact) == (2, 1, 3, True)
    assert (got.n_passages_pre, got.n_passages_post) == (2, 1)
    assert got.expected_past_196 == pytest.approx(2 / 3)  # counts 1, 1, 0
    assert got.p95_past_196 == 1
    assert got.p_perm == pytest.approx(2 / 3)  # two of three splits pass at least one term


def test_permutation_null_with_random_draws_adds_one_to_both_counts(ds):
    # two draws (fewer than the three splits): P = (1 + draws with at least 1 past) / (1 + 2)
    got = M.permutation_null(ds, alphas=[0.5], min_count=2, n_draws=2, seed=1).iloc[0]
    assert (got.n_splits, got.exact) == (2, False)
    splits, _ = M.passage_splits([False, False, True], n_draws=2, seed=1)
    passing = [int(not row[1]) for row in splits]  # only the split that sends s1_03 (index 1) after passes none
    assert got.expected_past_196 == pytest.approx(sum(passing) / 2)
    assert got.p_perm == pytest.approx((1 + sum(passing)) / 3)


def test_term_permutation_p_is_the_share_of_splits_with_a_z_as_large(ds):
    got = M.term_permutation_p(ds, alpha=0.5, min_count=2)
    assert got.term.tolist() == ["beta", "other"]
    assert got.z.tolist() == pytest.approx([SPLITS["s2_02"][0], SPLITS["s2_02"][1]])
    # beta: |z| 2.29 against 2.29, 2.40, 0.55; other: 1.22 against 1.22, 1.63, 0.45
    assert got.p_perm.tolist() == pytest.approx([2 / 3, 2 / 3])


def test_distinctive_terms_carry_the_permutation_p_when_asked(ds):
    got = M.distinctive_terms(ds, top=1, min_count=2, n_draws=2000)
    assert got.p_perm.tolist() == pytest.approx([2 / 3, 2 / 3])
    assert "p_perm" not in M.distinctive_terms(ds, top=1, min_count=2)


def test_answer_term_matrix_has_a_row_per_answer_and_the_stage_in_the_index(ds):
    got = M.answer_term_matrix(ds)
    assert got.index.tolist() == [("s1_02", "pre-meeting"), ("s1_03", "pre-meeting"), ("s2_02", "post-meeting")]
    assert got.to_dict("list") == {"alpha": [1, 0, 0], "beta": [0, 1, 3], "other": [2, 0, 0]}


def test_the_dictionary_matches_the_words_of_a_whole_name():
    pt = pd.DataFrame(
        {"passage_id": ["p1", "p1", "p2"], "term": ["timor_leste", "timor", "republic_of_korea"], "count": [2, 1, 1]}
    )
    assert M.passage_words(pt).to_dict("list") == {
        "passage_id": ["p1", "p1", "p2", "p2"],
        "term": ["leste", "timor", "korea", "republic"],
        "count": [2, 3, 1, 1],
    }
    tt = pd.DataFrame({"theme_id": ["t", "k"], "term": ["timor", "korea"]})
    got = M.dictionary_coding(pt, tt)
    assert list(got.itertuples(index=False, name=None)) == [("p1", "t", "timor"), ("p2", "k", "korea")]


def test_length_and_density_per_interview(ds):
    got = M.length_and_density(ds)
    assert got.source_id.tolist() == ["s1", "s2"]
    s1, s2 = got.iloc[0], got.iloc[1]
    assert (s1.n_passages, s1.n_words, s1.median_words, s1.codes) == (3, 80, 30.0, 3)
    assert s1.mean_words == pytest.approx(80 / 3)
    assert (s1.themes_per_passage, s1.codes_per_100_words) == (1.0, 3.75)
    assert (s2.n_passages, s2.n_words, s2.mean_words, s2.codes, s2.themes_per_passage) == (2, 62, 31.0, 1, 0.5)
    assert s2.codes_per_100_words == pytest.approx(100 / 62)


def test_distinctive_terms_is_empty_without_term_counts(tmp_path):
    assert M.distinctive_terms(tiny_dataset(tmp_path)).empty


def test_shown_prior_null_is_the_prior_sensitivity_row_at_the_default_prior(ds):
    shown = M.shown_prior_null(ds)
    row = M.prior_sensitivity(ds).set_index("alpha").loc[M.DEFAULT_ALPHA]
    cols = ["n_terms", "n_past_196", "expected_past_196", "p95_past_196", "p_perm"]
    assert shown[cols].tolist() == row[cols].tolist()
    assert shown.alpha == M.DEFAULT_ALPHA
