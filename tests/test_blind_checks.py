"""The blind checks of the coding: pass c, the blind reconciliation, the agenda coded twice.

Expected values are worked out by hand from the rows of `tests/tiny.py` (its docstring gives the
codings) and, for the data rules, from the real package.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_data_layer import has, problems_of
from tiny import CODING_PASSES, MEETING_PASSAGES, VIETNAM_ROLES, tiny_dataset

from amm58 import Dataset, load_dataset
from amm58 import analysis as A
from amm58 import findings as F
from amm58 import stats as S

#: tiny.py's meeting_passages, plus s1_02 for m1: the passage a participant row then cites for m1.
M1_ALSO_IN_S1_02 = MEETING_PASSAGES + "m1,s1_02\n"


@pytest.fixture
def ds(tmp_path) -> Dataset:
    return tiny_dataset(tmp_path)


def records(df):
    return df.to_dict("records")


# --- pass c against the other codings ------------------------------------------------------


def test_codes_of_reads_a_pass_or_the_reconciled_coding(ds):
    assert records(S.codes_of(ds, "c")) == [
        {"passage_id": "s1_02", "theme_id": "ta"},
        {"passage_id": "s1_03", "theme_id": "ta"},
        {"passage_id": "s1_03", "theme_id": "tb"},
    ]
    assert len(S.codes_of(ds, S.RECONCILED)) == 4
    with pytest.raises(ValueError, match="coding_passes.csv has no pass 'd'"):
        S.codes_of(ds, "d")


def test_pair_cells_counts_the_two_by_two_table_per_theme(ds):
    # tb: c codes s1_03; the reconciled codes s1_03 and s2_02.
    assert records(S.pair_cells(ds, "c", S.RECONCILED)) == [
        {"theme_id": "ta", "tp": 2, "fp": 0, "fn": 0, "tn": 3},
        {"theme_id": "tb", "tp": 1, "fp": 1, "fn": 0, "tn": 3},
    ]
    assert records(S.agreement_cells(ds)) == records(S.pair_cells(ds, "a", "b"))


def test_pass_comparison_gives_kappa_and_positives_for_each_pair(ds):
    out = S.pass_comparison(ds, n_boot=200)
    assert list(out.pair) == ["c against a"] * 2 + ["c against b"] * 2 + ["c against reconciled"] * 2
    # ta: c equals a and the reconciled codes; against b p_o = 0.6, p_e = 0.52 -> 1/6. tb: 6/11 against each.
    assert list(out.kappa) == pytest.approx([1, 6 / 11, 1 / 6, 6 / 11, 1, 6 / 11])
    assert list(out.n_pos_first) == [2, 1, 2, 1, 2, 1]
    assert list(out.n_pos_second) == [2, 2, 2, 2, 2, 2]
    assert list(out.n_both) == [2, 1, 1, 1, 2, 1]
    assert list(out.n_either) == [2, 2, 3, 2, 2, 2]
    # each pair's bootstrap is the one kappa_intervals draws for that pair
    ki = S.kappa_intervals(ds, first="c", second="b", n_boot=200)
    assert list(out.kappa_lo[2:4]) == list(ki.kappa_lo)


def test_kappa_intervals_defaults_to_passes_a_and_b(ds):
    assert list(S.kappa_intervals(ds, n_boot=50).kappa) == pytest.approx([1 / 6, 1])


def test_case_note_agreement_splits_decisions_by_case_note(ds):
    out = S.case_note_agreement(ds)
    assert list(out.group) == ["settled by a case note", "other decisions"]
    assert list(out.n_decisions) == [1, 9]
    assert list(out.n_agree) == [0, 9]
    assert list(out.disagreements) == ["s2_02/tb", ""]
    # Wilson 0 of 1: 0 to 1/(1 + 1.96^2) = 0.7935
    assert out.share_hi.iloc[0] == pytest.approx(0.793451, abs=1e-6)


def test_reconciliation_check_flags_a_changed_decision(ds):
    assert records(A.reconciliation_check(ds)) == [
        dict(
            passage_id="s1_03",
            theme_id="ta",
            in_pass_a=True,
            in_pass_b=False,
            included=True,
            blind_included=True,
            changed=False,
        ),
        dict(
            passage_id="s2_01",
            theme_id="ta",
            in_pass_a=False,
            in_pass_b=True,
            included=False,
            blind_included=True,
            changed=True,
        ),
    ]


def test_blind_checks_sentences(ds):
    pc = S.pass_comparison(ds).set_index(["second", "theme_id"])
    lo, hi = pc.loc[(S.RECONCILED, "tb"), "kappa_lo"], pc.loc[(S.RECONCILED, "tb"), "kappa_hi"]
    assert F.blind_checks(ds) == [
        "Pass c, coded blind on 2026-12-07 from the general rules and the passages' texts alone, has a kappa of "
        "1.00 on 1 of 2 themes against pass a, 0 against pass b and 1 against the reconciled codes; its lowest "
        f"against the reconciled codes is Theme B: 0.55 (bootstrap 95% interval {lo:.2f} to {hi:.2f}; 1 of the 2 "
        "passages either coded agreed).",
        "Pass c differs from the reconciled codes on 1 of 10 passage-theme decisions: 1 of the 1 a case note "
        "settles (s2_02/tb) and 0 of the 9 other decisions.",
        "A blind reconciler, told neither which pass coded what nor the first decision, decided 1 of the 2 "
        "disagreements of passes a and b as the pass-a coder had; it decided s2_01/ta otherwise.",
    ]


def test_blind_checks_are_silent_without_a_pass_c(tmp_path):
    # passes a and b as they are, so that passage_themes and reconciliation still follow from them
    passes = "".join(line for line in CODING_PASSES.splitlines(keepends=True) if not line.startswith("c,"))
    assert F.blind_checks(tiny_dataset(tmp_path, coding_passes=passes)) == []


# --- the agenda coded twice ----------------------------------------------------------------


def test_weighted_kappa_by_hand():
    # levels r < m < n; a = m n r r, b = m m r m: observed weighted disagreement (0 + 1/2 + 0 + 1/2)/4 = 1/4,
    # expected 3/8 from the margins, so kappa = 1 - (1/4)/(3/8) = 1/3.
    assert S.weighted_kappa(list("mnrr"), list("mmrm"), list("rmn")) == pytest.approx(1 / 3)
    assert np.isnan(S.weighted_kappa(list("rr"), list("rr"), list("rmn")))


def test_linear_kappa_of_tables_matches_statsmodels_on_a_stack():
    from statsmodels.stats.inter_rater import cohens_kappa

    tables = np.random.default_rng(1).integers(0, 6, size=(20, 3, 3))
    expected = [cohens_kappa(t, wt="linear", return_results=False) for t in tables]
    assert list(S.linear_kappa_of_tables(tables)) == pytest.approx(expected)


def test_agenda_agreement_counts_and_weighted_kappa(ds):
    out = S.agenda_agreement(ds, n_boot=500)
    assert (out.n_items, out.n_agree, out.n_adjacent, out.n_far) == (4, 2, 2, 0)
    assert out.kappa_linear == pytest.approx(1 / 3)
    assert out.kappa_lo <= out.kappa_linear <= out.kappa_hi
    assert S.agenda_agreement(ds, n_boot=500).equals(out)  # seeded


def test_agenda_levels_compared(ds):
    assert records(A.agenda_levels_compared(ds)[["item_id", "level_a", "level_b", "gap"]]) == [
        dict(item_id="i4", level_a="reported achieved", level_b="mentioned again", gap=1),
        dict(item_id="i1", level_a="mentioned again", level_b="mentioned again", gap=0),
        dict(item_id="i2", level_a="not mentioned", level_b="mentioned again", gap=1),
        dict(item_id="i3", level_a="reported achieved", level_b="reported achieved", gap=0),
    ]


def test_agenda_split_comparison(ds):
    assert records(A.agenda_split_comparison(ds)) == [
        dict(item_id="i1", label="Sign the Xland FTA", n_a=1, n_b=1, split_ids="b01", correspondence="one to one"),
        dict(
            item_id="i2",
            label="Develop the plan",
            n_a=1,
            n_b=2,
            split_ids="b03,b04",
            correspondence="split further by b",
        ),
        dict(item_id="i4", label="Hold the Xland meeting", n_a=1, n_b=1, split_ids="b02", correspondence="one to one"),
        dict(item_id="", label="Mark the anniversary", n_a=0, n_b=1, split_ids="b05", correspondence="only in b"),
    ]


def test_achieved_by_actor(ds):
    assert records(A.achieved_by_actor(ds)) == [
        dict(actor="Vietnam", n_items=1, labels="Hold the Xland meeting", item_ids="i4"),
        dict(actor="ASEAN or partners", n_items=0, labels="", item_ids=""),
    ]
    assert list(A.achieved_by_actor(ds, planned_only=False).n_items) == [1, 1]


def test_agenda_agreement_sentences(ds):
    ag = S.agenda_agreement(ds)
    assert F.agenda_agreement_sentences(ds) == [
        "A second coder, blind to the first coding, gave the same outcome level to 2 of 4 agenda items and one "
        "level apart to 2 (Hold the Xland meeting: reported achieved against mentioned again and Develop the plan: "
        f"not mentioned against mentioned again): linearly weighted kappa 0.33 (bootstrap 95% interval "
        f"{ag.kappa_lo:.2f} to {ag.kappa_hi:.2f}).",
        "Splitting the pre-meeting interview by the written rule, the second coder found 5 items against 3: 3 of "
        "the first coding's items have a counterpart, 1 of them split into 2 (Develop the plan), and 1 of the "
        "second coder's items has none (Mark the anniversary), so the denominator of the agenda counts depends on "
        "the split.",
    ]


# --- the caveats of §4 -----------------------------------------------------------------------


def test_most_linked_partner_says_how_many_links_one_passage_gives(tmp_path):
    # Xland's two links (g1 and m1) both cited from s1_02, which meeting_passages then lists for m1
    parts = "meeting_id,entity_id,passage_id\nm1,ex,s1_02\n"
    agree = "agreement_id,entity_id,passage_id\ng1,ex,s1_02\ng2,ey,s2_02\n"
    ds = tiny_dataset(tmp_path, meeting_participants=parts, agreement_partners=agree, meeting_passages=M1_ALSO_IN_S1_02)
    assert F.partners(ds)[-1] == (
        "The tables link 2 partners to 3 meetings and agreements in 3 links; the most linked is Xland (2 links), "
        "but 2 of Xland's come from one passage, s1_02."
    )


def test_cochair_count_names_the_meetings_the_pre_meeting_interview_never_names(tmp_path):
    # r2 (co-chair of m1) is mentioned, and cited, only after the meetings; m1 is only in a post-meeting
    # passage (as in tiny.py)
    roles = "role_id,passage_id\nr1,s1_02\nr2,s2_02\n"
    ds = tiny_dataset(
        tmp_path,
        role_passages=roles,
        vietnam_roles=VIETNAM_ROLES.replace(",p1,2025,2025,s1_02,", ",p1,2025,2025,s2_02,"),
    )
    assert (
        "Before the meetings 0 co-chairmanships were announced; afterwards 1 were reported, 1 of them (AX FMM) of "
        "meetings the pre-meeting interview does not name at all, so the rise compares two texts, not "
        "announcements with results."
    ) in F.roles(ds)


def test_reported_done_count_says_how_many_were_done_before_the_meetings(tmp_path):
    # g2 also signed in the pre-meeting s1_03; g1 and g3 keep the passages they cite
    passages = (
        "agreement_id,passage_id,status\ng1,s1_02,to be signed\ng2,s1_03,signed\ng2,s2_02,signed\n"
        "g3,s1_03,to be developed\n"
    )
    ds = tiny_dataset(tmp_path, agreement_passages=passages)
    assert F.trade(ds)[0] == (
        "The interviews mention 3 agreements, plans and initiatives: 1 reported done, 0 under way, 2 planned or "
        "proposed and 0 status not stated; 1 of the 1 reported done are already done in the pre-meeting interview, "
        "before the meetings (Yland accession)."
    )


# --- the data rules of the new tables and columns ---------------------------------------------


def test_real_package_holds_the_three_passes_and_the_blind_steps():
    ds = load_dataset()
    assert ds.coding_passes.pass_id.value_counts().sort_index().to_dict() == {"a": 108, "b": 108, "c": 107}
    log = ds.coding_log.set_index("step_id")
    assert str(log.loc["c", "made_on"].date()) == "2026-12-07"
    assert log.loc["c", "blind"] == "yes"
    assert log.loc["reconciliation", "blind"] == "no"
    assert len(ds.case_note_passages) == 30
    assert ds.themes.general_rules.notna().all()
    assert set(ds.agenda.actor) == {"Vietnam", "ASEAN or partners"}


def test_a_fourth_pass_id_is_not_in_the_enum(make_copy):
    copy = make_copy()
    line = copy.set_cell("coding_passes.csv", 1, "pass_id", "d")
    assert has(problems_of(copy.path), file="coding_passes.csv", line=line, column="pass_id", rule="enum", value="d")


def test_agenda_actor_must_be_one_of_two(make_copy):
    copy = make_copy()
    line = copy.set_cell("agenda.csv", 1, "actor", "Malaysia")
    assert has(problems_of(copy.path), file="agenda.csv", line=line, column="actor", rule="enum", value="Malaysia")


def test_case_note_passage_must_exist(make_copy):
    copy = make_copy()
    line = copy.set_cell("case_note_passages.csv", 1, "passage_id", "pre_99")
    assert has(
        problems_of(copy.path),
        file="case_note_passages.csv",
        line=line,
        column="passage_id",
        rule="foreign-key",
        value="pre_99",
    )


def test_second_coder_level_needs_a_known_item_and_a_rule(make_copy):
    copy = make_copy()
    line = copy.set_cell("agenda_levels_b.csv", 1, "item_id", "no_such_item")
    line_rule = copy.set_cell("agenda_levels_b.csv", 2, "rule", "")
    problems = problems_of(copy.path)
    assert has(problems, file="agenda_levels_b.csv", line=line, column="item_id", rule="foreign-key")
    assert has(problems, file="agenda_levels_b.csv", line=line_rule, column="rule", rule="required", value="")


def test_blind_decision_is_a_boolean(make_copy):
    copy = make_copy()
    line = copy.set_cell("reconciliation.csv", 1, "blind_included", "yes")
    assert has(problems_of(copy.path), file="reconciliation.csv", line=line, column="blind_included", rule="type")


def test_links_text_under_the_figure_carries_the_one_passage_caveat(tmp_path):
    from amm58 import prose as P

    parts = "meeting_id,entity_id,passage_id\nm1,ex,s1_02\n"
    agree = "agreement_id,entity_id,passage_id\ng1,ex,s1_02\ng2,ey,s2_02\n"
    ds = tiny_dataset(tmp_path, meeting_participants=parts, agreement_partners=agree, meeting_passages=M1_ALSO_IN_S1_02)
    assert P.links_text(ds) == (
        "Of the 3 links, Xland has 2 (1 agreements or plans, 1 meetings), 2 of them from one passage (s1_02), which "
        "counted once would leave it 1 and not the most; Yland has 1. Two partners have one or two links."
    )


def test_progress_text_under_the_figure_carries_the_done_before_caveat(tmp_path):
    from amm58 import prose as P

    # g2 also signed in the pre-meeting s1_03; g1 and g3 keep the passages they cite
    passages = (
        "agreement_id,passage_id,status\ng1,s1_02,to be signed\ng2,s1_03,signed\ng2,s2_02,signed\n"
        "g3,s1_03,to be developed\n"
    )
    ds = tiny_dataset(tmp_path, agreement_passages=passages)
    assert P.progress_text(ds) == (
        "FTAs are the most frequent kind (1 of 3), and 1 of 1 is planned or proposed. The 1 reported done are "
        "1 signed (accession instruments); 1 of the 1 reported done are already done in the pre-meeting interview, "
        "before the meetings (Yland accession). The other FTAs are planned or proposed (1)."
    )
