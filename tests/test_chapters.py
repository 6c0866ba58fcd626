"""The chapter sentences and discussions of `amm58.chapters`, on the tiny package of `tests/tiny.py`.

Expected values are worked out by hand from the rows of `tiny.py`.
"""

from __future__ import annotations

import pytest
from tiny import tiny

from amm58 import Dataset
from amm58 import chapters as C
from amm58 import findings as F


@pytest.fixture
def ds() -> Dataset:
    return tiny()


def test_text_shows_as_markdown_and_prints_plainly():
    t = C.Text("**A** sentence.")
    assert t._repr_markdown_() == "**A** sentence."
    assert repr(t) == "**A** sentence."


def test_table_sentences_of_the_tour(ds):
    assert C.sources_note(ds) == (
        "Of the citation fields outlet, date and URL, the pre-meeting interview (Ann) gives 3 of 3 and the "
        "post-meeting interview (Bob) gives 0 of 3."
    )
    # summaries: 8 + 11 + 7 + 7 + 10 = 43 words over 5 passages (8.6); paragraphs 142 words over 5 (28.4)
    assert C.passages_note(ds).startswith("A stored summary runs to 9 words on average, against 28 in the paragraph")
    assert C.tables_note(ds) == "The package holds 28 tables with 83 rows; the largest is `coding_passes` (11 rows)."
    assert C.case_notes_note(ds).startswith(
        "1 of the 2 themes carry case notes, which settle 1 passage-theme decisions in 1 passages;"
    )
    assert C.reconciliation_note(ds) == (
        "The pass-a coder kept 1 of the 2 disputed codes (0 of them pass b's); the blind reconciler's decisions "
        "change 1 of them: s2_01/ta."
    )
    assert C.spellings_note(ds) == (
        "3 of the 3 entities appear under more than one spelling; 1 of the 6 spellings are typos, kept as aliases."
    )
    assert C.evidence_note(ds, "s2", "tb").startswith(
        "The bar of Theme B in the post-meeting interview (Bob) counts these 1 of its 2 passages;"
    )
    assert C.pass_c_note(ds) == F.blind_checks(ds)[0]
    assert C.case_note_split_note(ds) == F.blind_checks(ds)[1]


def test_pass_c_table_has_kappa_and_positives_per_pair(ds):
    out = C.pass_c_table(ds)
    assert list(out.columns) == [
        "label",
        "n_pos_c",
        "c against a: kappa (95% interval)",
        "c against a: positives agreed",
        "c against b: kappa (95% interval)",
        "c against b: positives agreed",
        "c against reconciled: kappa (95% interval)",
        "c against reconciled: positives agreed",
    ]
    assert list(out.n_pos_c) == [2, 1]
    assert list(out["c against b: positives agreed"]) == ["1 of 3", "1 of 2"]
    assert out["c against a: kappa (95% interval)"].iloc[0] == "1.00 (1.00 to 1.00)"
    assert out["c against reconciled: kappa (95% interval)"].iloc[1].startswith("0.55 (")


def test_table_sentences_of_themes_and_agenda(ds):
    assert C.theme_table_note(ds) == (
        "The largest theme is Theme A in the pre-meeting interview (Ann) (2 of 3) and Theme B in the post-meeting "
        "interview (Bob) (1 of 2); 1 of the 2 themes appears in one interview only."
    )
    assert C.core_evidence_note(ds) == (
        "The 1 core themes rest on 2 distinct passages: 2 in the pre-meeting interview (Ann) and 0 in the "
        "post-meeting interview (Bob)."
    )
    assert C.agenda_table_note(ds) == (
        "The post-meeting interview mentions 2 of the 3 planned items again and reports an outcome for 1 of them, "
        "1 of which are Vietnam's own acts."
    )
    assert C.achieved_note(ds).startswith(
        "Counting the new items too, 2 items are reported achieved: 1 of Vietnam's own acts and 1 ASEAN or partner "
        "outcomes; of the pre-meeting items, 1 and 0."
    )
    assert C.levels_note(ds) == F.agenda_agreement_sentences(ds)[0]
    assert C.split_note(ds) == F.agenda_agreement_sentences(ds)[1]
    # g1: to be signed before, in progress after
    assert C.both_stages_note(ds) == (
        "1 of the 3 agreements, plans and initiatives are mentioned in both interviews; 1 of them with a different "
        "status after the meetings than before."
    )


def test_table_sentences_of_the_method_check(ds):
    assert C.dictionary_note(ds) == "The dictionary has no terms for the 1 core themes."
    assert C.disagreements_note(ds) == (
        "4 passage-theme pairs disagree: 0 where only the dictionary codes and 4 where only the hand coding does; "
        "0 have a reviewed reason."
    )


@pytest.mark.parametrize(
    "name",
    [
        "discussion_tour",
        "discussion_themes",
        "discussion_trade",
        "discussion_partners",
        "discussion_roles",
        "discussion_before_after",
        "discussion_method",
    ],
)
def test_each_discussion_says_what_it_shows_cannot_show_and_what_would_settle_it(ds, name):
    text = getattr(C, name)(ds)
    parts = text.split("\n\n")
    assert [p.split("**")[1] for p in parts] == [
        "What this chapter shows.",
        "What it cannot show.",
        "What would settle it.",
    ]


def test_discussion_of_the_tour_carries_the_blind_pass(ds):
    assert F.blind_checks(ds)[1] in C.discussion_tour(ds)
    assert C.discussion_tour(ds).startswith(
        "**What this chapter shows.** The corpus is 5 passages coded on 2 themes. Passes a and b agree on 8 of 10 "
        "decisions, but both applied case notes fitted to these passages, so that figure is close to circular."
    )
