"""The key-findings sentences on the tiny hand-made dataset of `tests/tiny.py`.

The numbers in the expected sentences are worked out by hand from the rows in `tiny.py`.
"""

from __future__ import annotations

import pytest
from tiny import tiny, tiny_dataset

from amm58 import Dataset
from amm58 import findings as F
from amm58 import stats as S


@pytest.fixture
def ds() -> Dataset:
    return tiny()


def test_all_names_one_function_per_notebook():
    assert list(F.ALL) == [
        "00_dataset_tour",
        "01_themes",
        "02_trade_and_agreements",
        "03_partner_coverage",
        "04_vietnam_roles",
        "05_before_and_after",
        "06_method_check",
    ]


def test_method_check_says_plainly_when_there_are_no_term_counts(ds):
    assert (
        "The dataset has no term counts yet (run `python -m amm58 curate-terms`), so no log-odds are computed."
        in F.method_check(ds)
    )


@pytest.mark.parametrize("name", list(F.ALL))
def test_each_findings_function_returns_a_list_of_sentences(ds, name):
    lines = F.ALL[name](ds)
    assert isinstance(lines, list)
    assert lines
    assert all(isinstance(line, str) and line for line in lines)
    assert all(line.endswith(".") for line in lines)


def test_tour(ds):
    # kappa(ta) = 1/6 with 1 of the 3 passages either pass coded agreed on; tb: 2 of 2 (Wilson low 2/(2+z^2) = 0.34).
    # The bootstrap interval is checked against statsmodels in test_stats.py; here it is only formatted.
    ki = S.kappa_intervals(ds).set_index("theme_id")
    assert F.tour(ds) == [
        "The dataset codes 5 passages: 3 passages (80 words) from the pre-meeting interview (Ann); "
        "2 passages (62 words) from the post-meeting interview (Bob).",
        "The codebook has 2 themes, 1 of them core; the published coding assigns 4 passage-theme codes.",
        # 3 of 5 decisions agree on ta, 5 of 5 on tb.
        "Passes a and b agree on 8 of 10 passage-theme decisions (80%); 2 disagreements were reconciled.",
        f"Cohen's kappa per theme is lowest for Theme A: 0.17 (bootstrap 95% interval {ki.kappa_lo['ta']:.2f} to "
        f"{ki.kappa_hi['ta']:.2f}; the passes agree on 1 of the 3 passages either coded); "
        "1 of 2 themes have a kappa of 1.00.",
        "Kappa rests on few positives: 2 of 2 themes were coded in 5 passages or fewer by either pass, where even "
        "perfect agreement leaves a wide interval (Theme B: 2 of 2 agreed, Wilson 95% CI 34–100%), so the "
        "reliability figures are weak evidence.",
        *F.blind_checks(ds),  # spelt out in test_blind_checks.py
        "The fact tables hold 3 meetings, 3 agreements and plans, 2 roles of Vietnam, 4 timeline events and "
        "2 slogans and messages; every row cites a passage.",
        "3 entities are known under 6 spellings, 1 of them typos kept as aliases.",
    ]


def test_themes(ds):
    # Wilson 2 of 3: 21-94%; 1 of 2: 9-91%. Newcombe for ta, 0/2 - 2/3: -0.667 - (0.939 - 0.667) = -0.938 and
    # -0.667 + sqrt(0.658^2 + (0.667 - 0.208)^2) = +0.135. Fisher: ta 0.4, tb 1.0; Holm 0.8, 1.0.
    assert F.themes(ds) == [
        "In the pre-meeting interview (Ann) the most frequent theme is Theme A: 2 of 3 passages (67%; 95% CI 21–94%).",
        "In the post-meeting interview (Bob) the most frequent theme is Theme B: 1 of 2 passages (50%; 95% CI 9–91%).",
        "No core theme shows a clear difference between the two texts: Theme A 2 of 3 against 0 of 2 "
        "(-66.7 points, 95% CI -93.9 to +13.5).",
        # Newcombe at 97.5%, ta: -95.0 to +20.1; Holm 0.8 (see test_stats.py)
        "A clear difference needs both the interval adjusted for the 2 comparisons (97.5%, Bonferroni) to exclude "
        "zero and Holm's adjusted Fisher p to be below 0.05; the unadjusted 95% intervals decide nothing. No "
        "difference is clear, and the adjusted interval and Holm's p agree on every theme.",
        # the bootstrap share of codes cannot leave its side with so few passages (test_stats.py)
        "Counted by passages, words, share of theme codes and answers only, with intervals adjusted as above, "
        "Theme A (theme codes) and Theme B (theme codes): clear under some units only. 2 of 2 themes keep the sign "
        "of their difference under all four units, which without a clear interval is no evidence of a direction.",
        # pass b: ta 1 of 3 against 1 of 2; pass c: ta 2 of 3 against 0 of 2 (as pass a), tb 1 of 3 against
        # 0 of 2; no term counts, so the dictionary codes nothing
        "Under pass a, pass b, pass c, the reconciled codes and the dictionary the conclusion is the same: no theme "
        "shows a clear difference (unadjusted intervals that exclude zero: 0 under pass a, 0 under pass b, 0 under "
        "pass c, 0 under the reconciled codes and 0 under the dictionary).",
        # 0 of 3 against 2 of 2: Fisher p 0.1, times 2 themes 0.2; no count of 2 passages can be clear
        "With 3 against 2 passages and 2 themes, no difference from 0 of 3 is clear; a theme whose true share rose "
        "from 10% to 30% would be called clear with probability 0.00 (exact, over every pair of counts; 0.00 for a "
        "single unadjusted comparison). The intervals treat the passages as a sample: they describe passages of "
        "these two texts, not diplomats, interviews or meetings.",
        "The themes that most often share a passage are Theme A and Theme B: 1 of 5 passages, against 0.8 expected "
        "if the two were independent (lift 1.25).",
    ]


def test_trade(ds):
    assert F.trade(ds) == [
        "The interviews mention 3 agreements, plans and initiatives: 1 reported done, 0 under way, "
        "2 planned or proposed and 0 status not stated.",
        "Only 1 of the 3 agreements, plans and initiatives is reported as signed: Yland accession.",
        # AXFTA is to be signed before; the post-meeting passage gives it a status ("in progress").
        "1 agreement was set out before the meetings as to be signed (AXFTA); the post-meeting interview "
        "reports no signature for 0 of 1.",
        "1 FTA rows name 1 partners: none in both interviews, none only in the post-meeting interview.",
        "1 of the 3 are intra-ASEAN, 1 ASEAN-partner and 1 concern states outside both.",
    ]


def test_trade_counts_unreported_signatures(tmp_path):
    passages = "agreement_id,passage_id,status\ng1,s1_02,to be signed\ng2,s2_02,signed\ng3,s1_03,to be developed\n"
    lines = F.trade(tiny_dataset(tmp_path, agreement_passages=passages))
    assert lines[2] == (
        "1 agreement was set out before the meetings as to be signed (AXFTA); the post-meeting "
        "interview reports no signature for 1 of 1."
    )


def test_partners(ds):
    assert F.partners(ds) == [
        "2 partner states, candidate members, other states and groups appear; the most often named is Xland "
        "(2 passages).",
        "Named only in the pre-meeting interview (Ann): none.",
        "Named only in the post-meeting interview (Bob): Yland.",
        "Partners are named most often in the context of FTA (1), meeting (1) and treaty (1).",
        # partner_links: Xland to g1 and m1, Yland to g2
        "The tables link 2 partners to 3 meetings and agreements in 3 links; the most linked is Xland (2 links).",
    ]


def test_roles(ds):
    assert F.roles(ds) == [
        "Coordinator: 1 (ASEAN-Xland relations; 2024–2027).",
        "Co-chair: 1 (AX FMM; 2025).",
        "Before the meetings 1 co-chairmanships were announced; afterwards 1 were reported.",
        "Meetings by Vietnam's role: co-chair 1, attended 1 and not stated 1.",
        "2 slogans and messages are attributed: 'A beacon of peace' (Vietnam) and "
        "'Together we rise' (Person One, AMM-58).",
    ]


def test_before_after(ds):
    # planned items: i4 reported achieved, i1 mentioned again, i2 not mentioned; new: i3, reported achieved.
    assert F.before_after(ds) == [
        "Of the 3 agenda items the pre-meeting interview set out, the post-meeting interview reports 1 achieved "
        "(1 of them Vietnam's own act, 0 ASEAN or partner outcomes), mentions 1 again without an outcome and does "
        "not mention 1.",
        "The post-meeting account adds 1 item the pre-meeting interview did not set out (1 of them reported achieved).",
        "Not mentioned again: Develop the plan.",
        *F.agenda_agreement_sentences(ds),  # spelt out in test_blind_checks.py
        "No theme's share of passages differs clearly between the two texts: after Holm's correction across the "
        "2 themes the smallest p is 0.80.",
    ]


def test_confound_sentence_calls_it_a_difference_between_two_texts():
    assert "a difference between two texts, not an effect of the meetings" in F.CONFOUND


def test_as_text_bullets_one_sentence_per_line():
    assert F.as_text(["First.", "Second."]) == "- First.\n- Second."
    assert F.as_text(["Only."]) == "- Only."
    assert F.as_text([]) == ""


def test_tour_names_an_undefined_kappa_and_needs_no_perfect_theme(tmp_path):
    # Neither pass codes tb (kappa undefined); on ta they never agree (a: s1_02, b: s1_03).
    passes = "pass_id,passage_id,theme_id\na,s1_02,ta\nb,s1_03,ta\n"
    reconciliation = (
        "passage_id,theme_id,in_pass_a,in_pass_b,included,reason,blind_included,blind_reason\n"
        "s1_02,ta,true,false,true,Kept.,true,Kept.\ns1_03,ta,false,true,true,Kept.,true,Kept.\n"
    )
    themes = "passage_id,theme_id\ns1_02,ta\ns1_03,ta\n"  # what the passes and the reconciliation give
    lines = F.tour(tiny_dataset(tmp_path, coding_passes=passes, reconciliation=reconciliation, passage_themes=themes))
    assert any(line.endswith("and 1 have no kappa (no positives): Theme B.") for line in lines)
    assert (
        "Kappa rests on few positives: 2 of 2 themes were coded in 5 passages or fewer by either pass, where "
        "even perfect agreement leaves a wide interval, so the reliability figures are weak evidence."
    ) in lines


def test_word_ranking_sets_the_count_past_196_against_every_split_of_the_answers(tmp_path):
    # the term counts of test_method.py: beta (1 vs 3) is the only term used three times; the three answers
    # split three ways, and beta passes 1.96 in two of them (z 2.29, -2.40, 0.55 at the prior of 0.5)
    from test_method import PASSAGE_TERMS, THEME_TERMS

    ds = tiny_dataset(tmp_path, theme_terms=THEME_TERMS, passage_terms=PASSAGE_TERMS)
    assert F.word_ranking(ds)[0] == (
        "Ranked by weighted log-odds over the answers only (flat prior, 0.5 pseudo-counts per term; names and "
        "hyphenated words counted whole), 1 of 1 terms pass |z| > 1.96. Shuffling the 3 answer passages between "
        "the two texts (2 and 1, all 3 splits) gives 0.7 on average (95th percentile 1), so the observed count is "
        "within what chance gives (permutation P = 0.667)."
    )
    assert F.word_ranking_title(ds) == ("1 of 1 word passes the 5% line, no more than chance produces (up to 1)")
