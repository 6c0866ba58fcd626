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
    assert got.expected_by_chance.tolist() == [0.1, 0.1]
    assert (got.top_post[0], got.top_pre[0]) == ("beta", "other")
    # a stronger prior shrinks every z: beta falls below 1.96
    assert got.n_past_196.tolist()[1] == 0


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
