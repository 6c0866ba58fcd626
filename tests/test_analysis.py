"""Unit tests of the pure analysis helpers on the tiny hand-made dataset of `tests/tiny.py`.

Every expected value is worked out by hand from the rows in `tiny.py`, never by calling the
helper under test.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from tiny import SOURCES, tiny, tiny_dataset

from amm58 import Dataset
from amm58 import analysis as A


@pytest.fixture
def ds() -> Dataset:
    return tiny()


def records(df: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """Rows as plain dicts (optionally only some columns), for exact comparison."""
    if columns is not None:
        df = df[columns]
    return df.to_dict("records")


# --- the dataset at a glance --------------------------------------------------------------


def test_tiny_dataset_loads_every_resource(ds):
    assert len(ds.tables) == 28
    assert len(ds.passages) == 5
    assert len(ds.passage_themes) == 4
    assert len(ds.coding_passes) == 11


def test_source_order_puts_pre_meeting_first(ds):
    assert A.source_order(ds.sources) == ["s1", "s2"]


def test_source_order_keeps_the_table_order_of_a_stage_with_an_undated_source(tmp_path):
    # Table order: s2 (post), s4 (pre, undated), s3 (pre, 2025-07-05), s1 (pre, 2025-07-01).
    lines = SOURCES.splitlines()
    text = (
        "\n".join(
            [
                lines[0],
                lines[2],
                "s4,Fourth,,,Dee,,,pre-meeting,,en,",
                "s3,Third,,2025-07-05,Cy,,,pre-meeting,,en,",
                lines[1],
            ]
        )
        + "\n"
    )
    d = tiny_dataset(tmp_path, sources=text)
    assert A.source_order(d.sources) == ["s4", "s3", "s1", "s2"]
    dated = text.replace("s4,Fourth,,,", "s4,Fourth,,2025-07-03,")  # every pre-meeting source dated: by date
    assert A.source_order(tiny_dataset(tmp_path / "dated", sources=dated).sources) == ["s1", "s4", "s3", "s2"]


def test_source_order_accepts_a_plain_frame():
    sources = pd.DataFrame(
        {
            "source_id": ["b", "a", "c"],
            "stage": ["post-meeting", "pre-meeting", "pre-meeting"],
            "published": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-02-01"]),
        }
    )
    assert A.source_order(sources) == ["c", "a", "b"]


def test_passages_per_source_counts_passages_and_words_by_kind(ds):
    out = A.passages_per_source(ds)
    assert list(out.columns) == ["source_id", "stage", "kind", "n_passages", "n_words"]
    assert records(out) == [
        {"source_id": "s1", "stage": "pre-meeting", "kind": "question", "n_passages": 1, "n_words": 10},
        {"source_id": "s1", "stage": "pre-meeting", "kind": "answer", "n_passages": 2, "n_words": 70},
        {"source_id": "s2", "stage": "post-meeting", "kind": "question", "n_passages": 1, "n_words": 12},
        {"source_id": "s2", "stage": "post-meeting", "kind": "answer", "n_passages": 1, "n_words": 50},
    ]


def test_passages_per_stage_counts_every_passage_of_each_stage_in_reading_order(ds):
    out = A.passages_per_stage(ds)
    assert out == {"pre-meeting": 3, "post-meeting": 2} and list(out) == ["pre-meeting", "post-meeting"]


def test_passages_with_stage_adds_each_source_stage(ds):
    out = A.passages_with_stage(ds)
    assert list(out.columns) == ["passage_id", "source_id", "stage", "seq", "kind", "n_words"]
    assert records(out, ["passage_id", "stage", "seq", "n_words"]) == [
        {"passage_id": "s1_01", "stage": "pre-meeting", "seq": 1, "n_words": 10},
        {"passage_id": "s1_02", "stage": "pre-meeting", "seq": 2, "n_words": 40},
        {"passage_id": "s1_03", "stage": "pre-meeting", "seq": 3, "n_words": 30},
        {"passage_id": "s2_01", "stage": "post-meeting", "seq": 1, "n_words": 12},
        {"passage_id": "s2_02", "stage": "post-meeting", "seq": 2, "n_words": 50},
    ]


def test_with_passages_adds_source_stage_and_seq_to_a_link_table(ds):
    assert records(A.with_passages(ds.role_passages, ds)) == [
        {"role_id": "r1", "passage_id": "s1_02", "source_id": "s1", "stage": "pre-meeting", "seq": 2},
        {"role_id": "r2", "passage_id": "s1_02", "source_id": "s1", "stage": "pre-meeting", "seq": 2},
        {"role_id": "r2", "passage_id": "s2_02", "source_id": "s2", "stage": "post-meeting", "seq": 2},
    ]


def test_coded_passages_one_row_per_code(ds):
    assert records(A.coded_passages(ds), ["passage_id", "theme_id", "stage"]) == [
        {"passage_id": "s1_02", "theme_id": "ta", "stage": "pre-meeting"},
        {"passage_id": "s1_03", "theme_id": "ta", "stage": "pre-meeting"},
        {"passage_id": "s1_03", "theme_id": "tb", "stage": "pre-meeting"},
        {"passage_id": "s2_02", "theme_id": "tb", "stage": "post-meeting"},
    ]


def test_codebook_in_sort_order_and_core_only(ds):
    assert records(A.codebook(ds)) == [
        {"theme_id": "ta", "label": "Theme A", "core": True, "sort_order": 1},
        {"theme_id": "tb", "label": "Theme B", "core": False, "sort_order": 2},
    ]
    assert list(A.codebook(ds, core_only=True).theme_id) == ["ta"]


def test_join_passage_ids_in_reading_order():
    assert (
        A.join_passage_ids(["pre_10", "pre_02", "post_1", "pre_10", "pre_b", "pre_2"])
        == "post_1,pre_02,pre_2,pre_10,pre_b"
    )
    assert A.join_passage_ids([]) == ""


def test_passage_ids_by_joins_each_group_as_join_passage_ids_does():
    rows = pd.DataFrame(
        {"g": ["x", "x", "y", "x", "y", "x"], "passage_id": ["pre_10", "pre_02", "post_1", "pre_10", "pre_b", "post_1"]}
    )
    got = A.passage_ids_by(rows, ["g"])
    assert got.to_dict() == {"x": "post_1,pre_02,pre_10", "y": "post_1,pre_b"}
    two = A.passage_ids_by(rows.assign(h=[1, 2, 1, 1, 1, 2]), ["g", "h"])
    assert two.to_dict() == {("x", 1): "pre_10", ("x", 2): "post_1,pre_02", ("y", 1): "post_1,pre_b"}


# --- reliability ---------------------------------------------------------------------------


def test_cohen_kappa_worked_example_is_one_sixth():
    # p_o = 3/5 = 0.6; p_e = 0.4*0.4 + 0.6*0.6 = 0.52; kappa = 0.08 / 0.48.
    a = pd.Series([False, True, True, False, False])
    b = pd.Series([False, True, False, True, False])
    assert A.cohen_kappa(a, b) == pytest.approx(1 / 6)


def test_cohen_kappa_accepts_zero_one_codings():
    assert A.cohen_kappa(pd.Series([0, 1, 1, 0, 0]), pd.Series([0, 1, 0, 1, 0])) == pytest.approx(1 / 6)


def test_cohen_kappa_perfect_agreement_is_one():
    a = pd.Series([False, False, True, False, True])
    assert A.cohen_kappa(a, a.copy()) == pytest.approx(1.0)


def test_cohen_kappa_complete_disagreement_is_minus_one():
    # p_o = 0; pa = pb = 0.5 so p_e = 0.5; kappa = -0.5 / 0.5.
    a = pd.Series([True, False, True, False])
    assert A.cohen_kappa(a, ~a) == pytest.approx(-1.0)


@pytest.mark.parametrize("value", [True, False])
def test_cohen_kappa_is_nan_when_both_coders_give_one_constant_value(value):
    a = pd.Series([value] * 4)
    assert math.isnan(A.cohen_kappa(a, a.copy()))


def test_cohen_kappa_is_zero_when_each_coder_is_constant_but_different():
    # pa = 1, pb = 0: p_e = 0, p_o = 0, kappa = 0.
    assert A.cohen_kappa(pd.Series([True] * 3), pd.Series([False] * 3)) == 0.0


def test_cohen_kappa_rejects_length_mismatch():
    with pytest.raises(ValueError):
        A.cohen_kappa(pd.Series([True, False]), pd.Series([True, False, True]))


def test_cohen_kappa_rejects_empty_codings():
    with pytest.raises(ValueError):
        A.cohen_kappa(pd.Series([], dtype=bool), pd.Series([], dtype=bool))


def test_kappa_from_counts_worked_example_and_undefined_case():
    # The worked example of cohen_kappa as a 2x2 table: tp=1, fp=1, fn=1, tn=2.
    assert A.kappa_from_counts(1, 1, 1, 2) == pytest.approx(1 / 6)
    assert math.isnan(A.kappa_from_counts(0, 0, 0, 4))


def test_coding_agreement_per_theme(ds):
    out = A.coding_agreement(ds)
    assert list(out.columns) == [
        "theme_id",
        "label",
        "core",
        "n_pass_a",
        "n_pass_b",
        "n_both",
        "n_disagree",
        "agreement",
        "kappa",
    ]
    assert records(out, ["theme_id", "label", "core", "n_pass_a", "n_pass_b", "n_both", "n_disagree"]) == [
        {
            "theme_id": "ta",
            "label": "Theme A",
            "core": True,
            "n_pass_a": 2,
            "n_pass_b": 2,
            "n_both": 1,
            "n_disagree": 2,
        },
        {
            "theme_id": "tb",
            "label": "Theme B",
            "core": False,
            "n_pass_a": 2,
            "n_pass_b": 2,
            "n_both": 2,
            "n_disagree": 0,
        },
    ]
    assert list(out["agreement"]) == pytest.approx([0.6, 1.0])
    assert list(out["kappa"]) == pytest.approx([1 / 6, 1.0])


def test_coding_agreement_kappa_is_nan_for_a_theme_neither_pass_uses(tmp_path):
    themes = (
        "theme_id,label,core,sort_order,definition,general_rules,case_notes\n"
        "ta,Theme A,true,1,A.,Code A.,\ntb,Theme B,false,2,B.,Code B.,\ntc,Theme C,false,3,C.,Code C.,\n"
    )
    out = A.coding_agreement(tiny_dataset(tmp_path, themes=themes))
    tc = out.set_index("theme_id").loc["tc"]
    assert (tc.n_pass_a, tc.n_pass_b, tc.n_both, tc.n_disagree, tc.agreement) == (0, 0, 0, 0, 1.0)
    assert math.isnan(tc.kappa)


# --- evidence ----------------------------------------------------------------------------


def test_evidence_returns_passages_in_reading_order(ds):
    out = A.evidence(ds, ["s2_02", "s1_01"])
    assert list(out.columns) == ["passage_id", "source_id", "seq", "kind", "locator", "summary"]
    assert records(out, ["passage_id", "source_id", "seq", "kind", "locator"]) == [
        {
            "passage_id": "s1_01",
            "source_id": "s1",
            "seq": 1,
            "kind": "question",
            "locator": "What will the meeting bring",
        },
        {"passage_id": "s2_02", "source_id": "s2", "seq": 2, "kind": "answer", "locator": "The meeting achieved"},
    ]
    assert out.loc[0, "summary"] == "The paper asks what the meeting will bring."


def test_evidence_accepts_a_comma_separated_string(ds):
    out = A.evidence(ds, "s1_03,s2_01,s1_02")
    assert list(out["passage_id"]) == ["s1_02", "s1_03", "s2_01"]


def test_evidence_of_an_empty_string_is_empty(ds):
    out = A.evidence(ds, "")
    assert len(out) == 0
    assert list(out.columns) == ["passage_id", "source_id", "seq", "kind", "locator", "summary"]


def test_evidence_rejects_unknown_passage_ids(ds):
    with pytest.raises(KeyError, match="s9_01"):
        A.evidence(ds, ["s1_01", "s9_01"])


# --- themes ------------------------------------------------------------------------------


def test_theme_counts_gives_counts_and_shares_with_zero_rows(ds):
    out = A.theme_counts(ds)
    assert list(out.columns) == [
        "source_id",
        "stage",
        "theme_id",
        "label",
        "core",
        "n_passages",
        "n_source_passages",
        "share",
        "passage_ids",
    ]
    assert records(out.drop(columns="share")) == [
        {
            "source_id": "s1",
            "stage": "pre-meeting",
            "theme_id": "ta",
            "label": "Theme A",
            "core": True,
            "n_passages": 2,
            "n_source_passages": 3,
            "passage_ids": "s1_02,s1_03",
        },
        {
            "source_id": "s1",
            "stage": "pre-meeting",
            "theme_id": "tb",
            "label": "Theme B",
            "core": False,
            "n_passages": 1,
            "n_source_passages": 3,
            "passage_ids": "s1_03",
        },
        {
            "source_id": "s2",
            "stage": "post-meeting",
            "theme_id": "ta",
            "label": "Theme A",
            "core": True,
            "n_passages": 0,
            "n_source_passages": 2,
            "passage_ids": "",
        },
        {
            "source_id": "s2",
            "stage": "post-meeting",
            "theme_id": "tb",
            "label": "Theme B",
            "core": False,
            "n_passages": 1,
            "n_source_passages": 2,
            "passage_ids": "s2_02",
        },
    ]
    assert list(out["share"]) == pytest.approx([2 / 3, 1 / 3, 0.0, 1 / 2])
    assert all(isinstance(x, str) for x in out["passage_ids"])


def test_theme_counts_core_only_keeps_core_themes(ds):
    out = A.theme_counts(ds, core_only=True)
    assert list(zip(out.source_id, out.theme_id, out.n_passages, strict=True)) == [("s1", "ta", 2), ("s2", "ta", 0)]


def test_theme_counts_passage_ids_lead_back_to_the_evidence(ds):
    out = A.theme_counts(ds)
    row = out[(out.source_id == "s1") & (out.theme_id == "ta")].iloc[0]
    assert list(A.evidence(ds, row.passage_ids)["passage_id"]) == ["s1_02", "s1_03"]


def test_theme_table_is_wide_by_source(ds):
    out = A.theme_table(A.theme_counts(ds))
    assert list(out.columns) == ["theme", "core", "n_s1", "n_s2", "share_s1", "share_s2"]
    assert records(out) == [
        {"theme": "Theme A", "core": True, "n_s1": 2, "n_s2": 0, "share_s1": 0.667, "share_s2": 0.0},
        {"theme": "Theme B", "core": False, "n_s1": 1, "n_s2": 1, "share_s1": 0.333, "share_s2": 0.5},
    ]


def test_theme_shift_in_percentage_points(ds):
    out = A.theme_shift(ds)
    assert list(out.columns) == ["theme_id", "label", "core", "n_pre", "n_post", "share_pre", "share_post", "shift_pts"]
    assert records(out, ["theme_id", "label", "core", "n_pre", "n_post"]) == [
        {"theme_id": "ta", "label": "Theme A", "core": True, "n_pre": 2, "n_post": 0},
        {"theme_id": "tb", "label": "Theme B", "core": False, "n_pre": 1, "n_post": 1},
    ]
    assert list(out["share_pre"]) == pytest.approx([2 / 3, 1 / 3])
    assert list(out["share_post"]) == pytest.approx([0.0, 1 / 2])
    assert list(out["shift_pts"]) == pytest.approx([-66.66666666666667, 16.666666666666664])


def test_theme_shift_core_only(ds):
    out = A.theme_shift(ds, core_only=True)
    assert list(out["theme_id"]) == ["ta"]


def test_theme_cooccurrence_counts_pairs_and_diagonal(ds):
    out = A.theme_cooccurrence(ds)
    assert list(out.columns) == ["theme_a", "theme_b", "label_a", "label_b", "n_passages", "passage_ids"]
    assert records(out) == [
        {
            "theme_a": "ta",
            "theme_b": "ta",
            "label_a": "Theme A",
            "label_b": "Theme A",
            "n_passages": 2,
            "passage_ids": "s1_02,s1_03",
        },
        {
            "theme_a": "ta",
            "theme_b": "tb",
            "label_a": "Theme A",
            "label_b": "Theme B",
            "n_passages": 1,
            "passage_ids": "s1_03",
        },
        {
            "theme_a": "tb",
            "theme_b": "ta",
            "label_a": "Theme B",
            "label_b": "Theme A",
            "n_passages": 1,
            "passage_ids": "s1_03",
        },
        {
            "theme_a": "tb",
            "theme_b": "tb",
            "label_a": "Theme B",
            "label_b": "Theme B",
            "n_passages": 2,
            "passage_ids": "s1_03,s2_02",
        },
    ]


def test_theme_cooccurrence_core_only(ds):
    out = A.theme_cooccurrence(ds, core_only=True)
    assert records(out, ["theme_a", "theme_b", "n_passages"]) == [{"theme_a": "ta", "theme_b": "ta", "n_passages": 2}]


def test_theme_positions_core_only_by_default(ds):
    out = A.theme_positions(ds)
    assert list(out.columns) == ["passage_id", "source_id", "seq", "position", "theme_id", "label"]
    assert list(out["passage_id"]) == ["s1_02", "s1_03"]
    # (seq - 0.5) / 3 passages in s1.
    assert list(out["position"]) == pytest.approx([1.5 / 3, 2.5 / 3])


def test_theme_positions_all_themes(ds):
    out = A.theme_positions(ds, core_only=False)
    assert records(out, ["passage_id", "source_id", "seq", "theme_id", "label"]) == [
        {"passage_id": "s1_02", "source_id": "s1", "seq": 2, "theme_id": "ta", "label": "Theme A"},
        {"passage_id": "s1_03", "source_id": "s1", "seq": 3, "theme_id": "ta", "label": "Theme A"},
        {"passage_id": "s1_03", "source_id": "s1", "seq": 3, "theme_id": "tb", "label": "Theme B"},
        {"passage_id": "s2_02", "source_id": "s2", "seq": 2, "theme_id": "tb", "label": "Theme B"},
    ]
    assert list(out["position"]) == pytest.approx([0.5, 2.5 / 3, 2.5 / 3, 0.75])


def test_theme_evidence_lists_coded_passages(ds):
    assert list(A.theme_evidence(ds, "ta")["passage_id"]) == ["s1_02", "s1_03"]
    assert list(A.theme_evidence(ds, "tb")["passage_id"]) == ["s1_03", "s2_02"]


def test_theme_evidence_in_one_source(ds):
    assert list(A.theme_evidence(ds, "tb", "s2")["passage_id"]) == ["s2_02"]
    assert len(A.theme_evidence(ds, "ta", "s2")) == 0


def test_theme_evidence_rejects_unknown_theme(ds):
    with pytest.raises(KeyError, match="tz"):
        A.theme_evidence(ds, "tz")


def test_variant_spellings_leaves_out_plain_names(ds):
    out = A.variant_spellings(ds)
    assert records(out) == [
        {"alias": "Vietnamese", "alias_kind": "adjective", "entity": "Vietnam", "note": ""},
        {"alias": "XL", "alias_kind": "abbreviation", "entity": "Xland", "note": ""},
        {"alias": "Ylnad", "alias_kind": "typo", "entity": "Yland", "note": "In s2_02."},
    ]


# --- agreements and trade ------------------------------------------------------------------


def test_agreement_progress_classes_and_order(ds):
    out = A.agreement_progress(ds)
    assert records(out) == [
        {
            "agreement_id": "g2",
            "short_name": "Yland accession",
            "kind": "accession instrument",
            "scope": "ASEAN-other",
            "status": "signed",
            "progress": "reported done",
            "passage_id": "s2_02",
        },
        {
            "agreement_id": "g1",
            "short_name": "AXFTA",
            "kind": "FTA",
            "scope": "ASEAN-partner",
            "status": "to be signed",
            "progress": "planned or proposed",
            "passage_id": "s1_02",
        },
        {
            "agreement_id": "g3",
            "short_name": "Plan 2026-2030",
            "kind": "plan",
            "scope": "intra-ASEAN",
            "status": "to be developed",
            "progress": "planned or proposed",
            "passage_id": "s1_03",
        },
    ]


def test_agreement_progress_rejects_a_status_without_class(ds):
    agreements = ds.agreements.copy()
    agreements["status"] = agreements["status"].astype(object)
    agreements.loc[0, "status"] = "lost"
    broken = Dataset(tables={**ds.tables, "agreements": agreements})
    with pytest.raises(ValueError, match="lost"):
        A.agreement_progress(broken)


def test_progress_counts_by_kind(ds):
    assert records(A.progress_counts(ds)) == [
        {"progress": "reported done", "kind": "accession instrument", "n_agreements": 1, "agreement_ids": "g2"},
        {"progress": "planned or proposed", "kind": "FTA", "n_agreements": 1, "agreement_ids": "g1"},
        {"progress": "planned or proposed", "kind": "plan", "n_agreements": 1, "agreement_ids": "g3"},
    ]


def test_progress_counts_by_scope(ds):
    assert records(A.progress_counts(ds, by="scope")) == [
        {"progress": "reported done", "scope": "ASEAN-other", "n_agreements": 1, "agreement_ids": "g2"},
        {"progress": "planned or proposed", "scope": "ASEAN-partner", "n_agreements": 1, "agreement_ids": "g1"},
        {"progress": "planned or proposed", "scope": "intra-ASEAN", "n_agreements": 1, "agreement_ids": "g3"},
    ]


def test_progress_counts_groups_agreements_of_one_class(tmp_path):
    agreements = (
        "agreement_id,name,short_name,kind,scope,status,start_year,end_year,parent_id,passage_id,note\n"
        "g1,One,One,FTA,ASEAN-partner,to be signed,,,,s1_02,\n"
        "g3,Three,Three,FTA,ASEAN-partner,proposed,,,,s1_03,\n"
        "g2,Two,Two,FTA,ASEAN-partner,negotiating,,,,s2_02,\n"
    )
    d = tiny_dataset(
        tmp_path,
        agreements=agreements,
        agreement_partners="agreement_id,entity_id,passage_id\n",
        agreement_passages=(  # each agreement's own passage, with its status (checked across tables)
            "agreement_id,passage_id,status\ng1,s1_02,to be signed\ng3,s1_03,proposed\ng2,s2_02,negotiating\n"
        ),
        timeline="event_id,label,kind,start_year,end_year,agreement_id,entity_id,passage_id,note\n",
    )
    assert records(A.progress_counts(d)) == [
        {"progress": "under way", "kind": "FTA", "n_agreements": 1, "agreement_ids": "g2"},
        {"progress": "planned or proposed", "kind": "FTA", "n_agreements": 2, "agreement_ids": "g1,g3"},
    ]


def test_progress_counts_rejects_other_by(ds):
    with pytest.raises(ValueError):
        A.progress_counts(ds, by="name")


def test_fta_partners(ds):
    assert records(A.fta_partners(ds)) == [
        {
            "agreement_id": "g1",
            "short_name": "AXFTA",
            "status": "to be signed",
            "entity_id": "ex",
            "partner": "Xland",
            "stage": "pre-meeting",
            "passage_id": "s1_02",
        },
    ]


def test_agreement_status_by_stage(ds):
    assert records(A.agreement_status_by_stage(ds)) == [
        {
            "agreement_id": "g1",
            "short_name": "AXFTA",
            "kind": "FTA",
            "status_pre": "to be signed",
            "status_post": "in progress",
            "passage_ids": "s1_02,s2_02",
        },
        {
            "agreement_id": "g2",
            "short_name": "Yland accession",
            "kind": "accession instrument",
            "status_pre": "",
            "status_post": "signed",
            "passage_ids": "s2_02",
        },
        {
            "agreement_id": "g3",
            "short_name": "Plan 2026-2030",
            "kind": "plan",
            "status_pre": "to be developed",
            "status_post": "",
            "passage_ids": "s1_03",
        },
    ]


def test_agreement_status_by_stage_joins_several_statuses(tmp_path):
    passages = (  # g2 and g3 keep the mentions their own rows cite
        "agreement_id,passage_id,status\ng1,s1_02,to be signed\ng1,s1_03,negotiating\ng1,s2_02,in progress\n"
        "g2,s2_02,signed\ng3,s1_03,to be developed\n"
    )
    out = A.agreement_status_by_stage(tiny_dataset(tmp_path, agreement_passages=passages))
    g1 = out.set_index("agreement_id").loc["g1"]
    assert (g1.status_pre, g1.status_post, g1.passage_ids) == (
        "negotiating; to be signed",
        "in progress",
        "s1_02,s1_03,s2_02",
    )


# --- partners ----------------------------------------------------------------------------


def test_partner_coverage_all_kinds(ds):
    assert records(A.partner_coverage(ds)) == [
        {
            "entity_id": "ex",
            "name": "Xland",
            "kind": "dialogue partner",
            "source_id": "s1",
            "stage": "pre-meeting",
            "n_passages": 1,
            "passage_ids": "s1_02",
        },
        {
            "entity_id": "ex",
            "name": "Xland",
            "kind": "dialogue partner",
            "source_id": "s2",
            "stage": "post-meeting",
            "n_passages": 1,
            "passage_ids": "s2_02",
        },
        {
            "entity_id": "vn",
            "name": "Vietnam",
            "kind": "ASEAN member",
            "source_id": "s1",
            "stage": "pre-meeting",
            "n_passages": 1,
            "passage_ids": "s1_02",
        },
        {
            "entity_id": "ey",
            "name": "Yland",
            "kind": "other state",
            "source_id": "s2",
            "stage": "post-meeting",
            "n_passages": 1,
            "passage_ids": "s2_02",
        },
    ]


def test_partner_coverage_limited_to_partner_kinds(ds):
    out = A.partner_coverage(ds, kinds=A.PARTNER_KINDS)
    assert list(zip(out.name, out.source_id, out.stage, strict=True)) == [
        ("Xland", "s1", "pre-meeting"),
        ("Xland", "s2", "post-meeting"),
        ("Yland", "s2", "post-meeting"),
    ]


def test_partner_contexts(ds):
    assert records(A.partner_contexts(ds)) == [
        {
            "entity_id": "ex",
            "name": "Xland",
            "kind": "dialogue partner",
            "context": "meeting",
            "n_passages": 1,
            "passage_ids": "s1_02",
        },
        {
            "entity_id": "ex",
            "name": "Xland",
            "kind": "dialogue partner",
            "context": "FTA",
            "n_passages": 1,
            "passage_ids": "s2_02",
        },
        {
            "entity_id": "ey",
            "name": "Yland",
            "kind": "other state",
            "context": "treaty",
            "n_passages": 1,
            "passage_ids": "s2_02",
        },
    ]


def test_partner_contexts_every_kind(ds):
    out = A.partner_contexts(ds, kinds=None)
    assert list(zip(out.name, out.context, strict=True)) == [
        ("Vietnam", "participation"),
        ("Xland", "meeting"),
        ("Xland", "FTA"),
        ("Yland", "treaty"),
    ]


def test_coverage_by_kind_includes_zero_rows(ds):
    out = A.coverage_by_kind(ds)
    kinds = ["ASEAN member", "candidate member", "dialogue partner", "other state", "organisation", "group", "place"]
    assert list(zip(out.kind, out.source_id, strict=True)) == [(k, s) for k in kinds for s in ("s1", "s2")]
    nonzero = {(r.kind, r.source_id): (r.n_entities, r.n_mentions) for r in out.itertuples() if r.n_mentions}
    assert nonzero == {
        ("ASEAN member", "s1"): (1, 1),
        ("dialogue partner", "s1"): (1, 1),
        ("dialogue partner", "s2"): (1, 1),
        ("other state", "s2"): (1, 1),
    }


def test_coverage_by_kind_counts_a_passage_entity_pair_once(tmp_path):
    # Xland is named twice in s2_02 (FTA and treaty contexts): one mention, one entity.
    pe = "passage_id,entity_id,context\ns2_02,ex,FTA\ns2_02,ex,treaty\ns2_01,ex,meeting\n"
    out = A.coverage_by_kind(tiny_dataset(tmp_path, passage_entities=pe)).set_index(["kind", "source_id"])
    assert tuple(out.loc[("dialogue partner", "s2")]) == (1, 2)
    assert tuple(out.loc[("dialogue partner", "s1")]) == (0, 0)


def test_partner_links_come_only_from_link_tables(ds):
    out = A.partner_links(ds)
    assert records(out) == [
        {
            "entity_id": "ex",
            "name": "Xland",
            "target_type": "agreement",
            "target_id": "g1",
            "target_label": "AXFTA",
            "passage_id": "s1_02",
        },
        {
            "entity_id": "ex",
            "name": "Xland",
            "target_type": "meeting",
            "target_id": "m1",
            "target_label": "AX FMM",
            "passage_id": "s2_02",
        },
        {
            "entity_id": "ey",
            "name": "Yland",
            "target_type": "agreement",
            "target_id": "g2",
            "target_label": "Yland accession",
            "passage_id": "s2_02",
        },
    ]
    # s1_02 names Xland and is the passage of meeting m2, but no link table ties them.
    assert "m2" not in set(out.target_id)


def test_partner_links_by_kind(tmp_path):
    mp = "meeting_id,entity_id,passage_id\nm1,ex,s2_02\nm2,vn,s1_02\n"
    d = tiny_dataset(tmp_path, meeting_participants=mp)
    out = A.partner_links(d, kinds=["ASEAN member"])
    assert records(out) == [
        {
            "entity_id": "vn",
            "name": "Vietnam",
            "target_type": "meeting",
            "target_id": "m2",
            "target_label": "AMM-58",
            "passage_id": "s1_02",
        }
    ]


# --- Vietnam's roles -------------------------------------------------------------------


def test_role_timeline_default_window(ds):
    out = A.role_timeline(ds)
    assert list(out.columns) == ["label", "category", "period", "start_year", "end_year", "clipped", "passage_id"]
    # Roles first, by start year.
    assert records(out.iloc[:2]) == [
        {
            "label": "Coordinator: ASEAN-Xland relations",
            "category": "role",
            "period": "2024–2027",
            "start_year": 2024,
            "end_year": 2027,
            "clipped": False,
            "passage_id": "s1_02",
        },
        {
            "label": "Co-chair: AX FMM",
            "category": "role",
            "period": "2025",
            "start_year": 2025,
            "end_year": 2025,
            "clipped": False,
            "passage_id": "s1_02",
        },
    ]
    # Then the events, by start year. (Ties of start year are ordered by end year in the code but by
    # label in the docstring, so the order of the two 2025 events is not asserted.)
    events = out.iloc[2:]
    assert list(events.start_year) == [2025, 2025, 2026]
    assert {r["label"]: r for r in records(events)} == {
        "Xland relations anniversary": {
            "label": "Xland relations anniversary",
            "category": "anniversary",
            "period": "2025",
            "start_year": 2025,
            "end_year": 2025,
            "clipped": False,
            "passage_id": "s1_02",
        },
        # The 2025-2045 vision runs past 2031: clipped, but the period keeps the true years.
        "Long-term vision": {
            "label": "Long-term vision",
            "category": "vision",
            "period": "2025–2045",
            "start_year": 2025,
            "end_year": 2031,
            "clipped": True,
            "passage_id": "s1_03",
        },
        "Plan 2026-2030": {
            "label": "Plan 2026-2030",
            "category": "plan",
            "period": "2026–2030",
            "start_year": 2026,
            "end_year": 2030,
            "clipped": False,
            "passage_id": "s1_03",
        },
    }
    # "Vision 2045" has no start year: a single-year bar at 2045, outside the window.
    assert "Vision 2045" not in set(out.label)


def test_role_timeline_clips_at_both_ends(ds):
    out = A.role_timeline(ds, start=2025, end=2028).set_index("label")
    assert out.loc["Coordinator: ASEAN-Xland relations", ["period", "start_year", "end_year", "clipped"]].tolist() == [
        "2024–2027",
        2025,
        2027,
        True,
    ]
    assert out.loc["Plan 2026-2030", ["period", "start_year", "end_year", "clipped"]].tolist() == [
        "2026–2030",
        2026,
        2028,
        True,
    ]
    assert out.loc["Co-chair: AX FMM", "clipped"] == False  # noqa: E712
    assert len(out) == 5


def test_role_timeline_event_without_start_year_shows_its_end_year(ds):
    out = A.role_timeline(ds, start=2021, end=2050).set_index("label")
    assert out.loc["Vision 2045", ["category", "period", "start_year", "end_year", "clipped"]].tolist() == [
        "vision",
        "2045",
        2045,
        2045,
        False,
    ]
    assert out.loc["Long-term vision", ["period", "end_year", "clipped"]].tolist() == ["2025–2045", 2045, False]


def test_role_timeline_drops_bars_outside_the_window(ds):
    out = A.role_timeline(ds, start=2028, end=2031)
    assert sorted(out.label) == ["Long-term vision", "Plan 2026-2030"]
    assert list(out.clipped) == [True, True]
    assert list(out.start_year) == [2028, 2028]


def test_roles_announced_reported(ds):
    assert records(A.roles_announced_reported(ds)) == [
        {
            "role": "coordinator",
            "counterpart": "ASEAN-Xland relations",
            "period": "2024–2027",
            "pre": True,
            "post": False,
            "passage_ids": "s1_02",
        },
        {
            "role": "co-chair",
            "counterpart": "AX FMM",
            "period": "2025",
            "pre": True,
            "post": True,
            "passage_ids": "s1_02,s2_02",
        },
    ]


def test_meetings_by_role_skips_roles_that_do_not_occur(ds):
    assert records(A.meetings_by_role(ds)) == [
        {"vietnam_role": "co-chair", "n_meetings": 1, "meetings": "AX FMM", "passage_ids": "s2_02"},
        {"vietnam_role": "attended", "n_meetings": 1, "meetings": "AMM-58", "passage_ids": "s1_02"},
        {"vietnam_role": "not stated", "n_meetings": 1, "meetings": "Summit", "passage_ids": "s1_03"},
    ]


def test_meetings_by_role_joins_meeting_names(tmp_path):
    from tiny import MEETINGS

    meetings = MEETINGS.replace(",not stated,s1_03,", ",attended,s1_03,")
    out = A.meetings_by_role(tiny_dataset(tmp_path, meetings=meetings))
    assert records(out) == [
        {"vietnam_role": "co-chair", "n_meetings": 1, "meetings": "AX FMM", "passage_ids": "s2_02"},
        {"vietnam_role": "attended", "n_meetings": 2, "meetings": "AMM-58; Summit", "passage_ids": "s1_02,s1_03"},
    ]


def test_message_attribution_in_reading_order_with_blanks(ds):
    assert records(A.message_attribution(ds)) == [
        {
            "text": "A beacon of peace",
            "kind": "message",
            "owner": "Vietnam",
            "speaker": "",
            "forum": "",
            "passage_id": "s1_03",
        },
        {
            "text": "Together we rise",
            "kind": "slogan",
            "owner": "Vietnam",
            "speaker": "Person One",
            "forum": "AMM-58",
            "passage_id": "s2_02",
        },
    ]


# --- before and after ------------------------------------------------------------------


def test_agenda_outcomes_order_and_blanks(ds):
    assert records(A.agenda_outcomes(ds)) == [
        {
            "item_id": "i4",
            "label": "Hold the Xland meeting",
            "theme": "Theme A",
            "match": "matched",
            "outcome_level": "reported achieved",
            "pre_passage_id": "s1_02",
            "post_passage_id": "s2_02",
            "outcome": "Held.",
        },
        {
            "item_id": "i1",
            "label": "Sign the Xland FTA",
            "theme": "Theme A",
            "match": "matched",
            "outcome_level": "mentioned again",
            "pre_passage_id": "s1_02",
            "post_passage_id": "s2_02",
            "outcome": "Reported as in progress.",
        },
        {
            "item_id": "i2",
            "label": "Develop the plan",
            "theme": "Theme A",
            "match": "not mentioned again",
            "outcome_level": "not mentioned",
            "pre_passage_id": "s1_03",
            "post_passage_id": "",
            "outcome": "",
        },
        {
            "item_id": "i3",
            "label": "Yland accession",
            "theme": "Theme B",
            "match": "new",
            "outcome_level": "reported achieved",
            "pre_passage_id": "",
            "post_passage_id": "s2_02",
            "outcome": "Yland acceded.",
        },
    ]


def test_agenda_summary(ds):
    assert records(A.agenda_summary(ds)) == [
        {"theme_id": "ta", "theme": "Theme A", "match": "matched", "n_items": 2, "item_ids": "i1,i4"},
        {"theme_id": "ta", "theme": "Theme A", "match": "not mentioned again", "n_items": 1, "item_ids": "i2"},
        {"theme_id": "tb", "theme": "Theme B", "match": "new", "n_items": 1, "item_ids": "i3"},
    ]


# --- purity ------------------------------------------------------------------------------

HELPERS = [
    A.passages_per_source,
    A.coding_agreement,
    A.theme_counts,
    A.theme_shift,
    A.theme_cooccurrence,
    A.theme_positions,
    A.variant_spellings,
    A.agreement_progress,
    A.progress_counts,
    A.fta_partners,
    A.agreement_status_by_stage,
    A.partner_coverage,
    A.partner_contexts,
    A.coverage_by_kind,
    A.partner_links,
    A.role_timeline,
    A.roles_announced_reported,
    A.meetings_by_role,
    A.message_attribution,
    A.agenda_outcomes,
    A.agenda_summary,
    A.agenda_levels_compared,
    A.agenda_split_comparison,
    A.achieved_by_actor,
    A.reconciliation_check,
    lambda d: A.evidence(d, "s2_02,s1_01"),
    lambda d: A.theme_evidence(d, "ta"),
    lambda d: A.source_order(d.sources),
    lambda d: A.theme_table(A.theme_counts(d)),
]


def test_helpers_do_not_modify_their_input(ds):
    before = {name: table.copy(deep=True) for name, table in ds.tables.items()}
    for helper in HELPERS:
        helper(ds)
    assert list(ds.tables) == list(before)
    for name, table in before.items():
        pd.testing.assert_frame_equal(ds.tables[name], table, obj=name)


def test_theme_table_does_not_modify_counts(ds):
    counts = A.theme_counts(ds)
    copy = counts.copy(deep=True)
    A.theme_table(counts)
    pd.testing.assert_frame_equal(counts, copy)
