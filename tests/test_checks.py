"""Checks across tables (`amm58.checks`): one broken link per test, on a copy of the real package."""

from __future__ import annotations

from test_cli import run

from amm58 import validate
from amm58.checks import RULES


def found(path):
    """Each problem as (file, line, column, value, rule)."""
    return [(p.file, p.line, p.column, p.value, p.rule) for p in validate(path)]


def test_the_real_package_passes_every_check(data_dir):
    assert validate(data_dir) == []


def test_a_deleted_reconciliation_row_is_reported_at_the_lone_pass_row(make_copy):
    copy = make_copy()  # reconciliation row 1 is (pre_08, regional_issues): pass b only, included
    copy.edit_rows("reconciliation.csv", lambda records: records.pop(1))
    assert found(copy.path) == [
        ("coding_passes.csv", 127, "passage_id,theme_id", "pre_08, regional_issues", "reconciliation-missing"),
        ("passage_themes.csv", 19, "passage_id,theme_id", "pre_08, regional_issues", "reconciled-codes"),
    ]


def test_a_reconciliation_flag_that_contradicts_the_passes(make_copy):
    copy = make_copy()
    line = copy.set_cell("reconciliation.csv", 0, "in_pass_a", "true")
    assert found(copy.path) == [("reconciliation.csv", line, "in_pass_a", "true", "reconciliation-flags")]


def test_a_reconciliation_row_where_the_passes_agree(make_copy):
    copy = make_copy()
    copy.edit_rows(
        "reconciliation.csv",
        lambda records: records.append(["pre_01", "fta", "false", "true", "false", "x", "false", "x"]),
    )
    assert found(copy.path) == [
        ("reconciliation.csv", 6, "passage_id,theme_id", "pre_01, fta", "reconciliation-without-disagreement")
    ]


def test_a_code_both_passes_gave_missing_from_passage_themes(make_copy):
    copy = make_copy()  # passage_themes line 2 is (pre_01, vietnam_role), which both passes gave
    assert copy.rows("passage_themes.csv")[1] == ["pre_01", "vietnam_role"]
    copy.edit_rows("passage_themes.csv", lambda records: records.pop(1))
    assert found(copy.path) == [
        ("coding_passes.csv", 2, "passage_id,theme_id", "pre_01, vietnam_role", "reconciled-codes")
    ]


def test_a_code_no_pass_gave_in_passage_themes(make_copy):
    copy = make_copy()
    copy.edit_rows("passage_themes.csv", lambda records: records.append(["pre_01", "fta"]))
    assert found(copy.path) == [("passage_themes.csv", 111, "passage_id,theme_id", "pre_01, fta", "reconciled-codes")]


def test_rows_of_a_third_pass_are_ignored(make_copy):
    copy = make_copy()
    copy.edit_descriptor(
        lambda d: next(r for r in d["resources"] if r["name"] == "coding_passes")["schema"]["fields"][0][
            "constraints"
        ].update(enum=["a", "b", "c"])
    )
    copy.edit_rows("coding_passes.csv", lambda records: records.append(["c", "pre_01", "fta"]))
    assert found(copy.path) == []


def test_a_seq_outside_one_to_n(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 4, "seq", "30")
    assert found(copy.path) == [("passages.csv", line, "seq", "30", "passage-seq")]


def test_a_repeated_seq(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 4, "seq", "4")
    assert found(copy.path) == [("passages.csv", line, "seq", "4", "passage-seq")]


def test_an_answer_linked_to_a_question_of_another_source(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 4, "question_id", "post_01")
    assert found(copy.path) == [("passages.csv", line, "question_id", "post_01", "question-link")]


def test_an_answer_linked_to_an_answer_and_a_question_with_a_link(make_copy):
    copy = make_copy()
    answer = copy.set_cell("passages.csv", 4, "question_id", "pre_04")
    question = copy.set_cell("passages.csv", 2, "question_id", "pre_03")
    assert found(copy.path) == [
        ("passages.csv", question, "question_id", "pre_03", "question-link"),
        ("passages.csv", answer, "question_id", "pre_04", "question-link"),
    ]


def test_a_passage_without_term_counts(make_copy):
    copy = make_copy()
    copy.edit_rows("passage_terms.csv", lambda records: records.__setitem__(slice(1, None), [
        r for r in records[1:] if r[0] != "pre_05"
    ]))  # fmt: skip
    assert found(copy.path) == [("passages.csv", 6, "passage_id", "pre_05", "passage-terms-missing")]


def test_a_meeting_whose_cited_passage_its_link_table_does_not_list(make_copy):
    copy = make_copy()  # meetings line 2: amm58 cites post_14
    copy.edit_rows("meeting_passages.csv", lambda records: records.remove(["amm58", "post_14"]))
    assert found(copy.path) == [("meetings.csv", 2, "passage_id", "post_14", "primary-passage-link")]


def test_an_agreement_partner_whose_cited_passage_is_not_a_mention(make_copy):
    copy = make_copy()
    line = copy.set_cell("agreement_partners.csv", 0, "passage_id", "post_24")
    assert found(copy.path) == [("agreement_partners.csv", line, "passage_id", "post_24", "primary-passage-link")]


def test_an_agreement_status_other_than_its_passage_gives(make_copy):
    copy = make_copy()  # agreements line 2: acafta, negotiating, cites pre_06
    line = copy.set_cell("agreements.csv", 0, "status", "signed")
    assert found(copy.path) == [("agreements.csv", line, "status", "signed", "agreement-status")]


def test_an_agenda_item_whose_post_passage_is_pre_meeting(make_copy):
    copy = make_copy()
    line = copy.set_cell("agenda.csv", 0, "post_passage_id", "pre_05")
    assert found(copy.path) == [("agenda.csv", line, "post_passage_id", "pre_05", "agenda-stage")]


def test_an_agenda_item_whose_match_does_not_fit_its_passages_and_level(make_copy):
    copy = make_copy()
    records = copy.rows("agenda.csv")
    row = next(i for i, r in enumerate(records[1:]) if r[records[0].index("match")] == "not mentioned again")
    line = copy.set_cell("agenda.csv", row, "post_passage_id", "post_02")
    copy.set_cell("agenda.csv", row, "outcome_level", "mentioned again")
    assert found(copy.path) == [
        ("agenda.csv", line, "outcome_level", "mentioned again", "agenda-outcome"),
        ("agenda.csv", line, "post_passage_id", "post_02", "agenda-outcome"),
    ]


def test_checks_wait_for_valid_tables(make_copy):
    copy = make_copy()
    copy.edit_rows("reconciliation.csv", lambda records: records.pop(1))
    copy.set_cell("themes.csv", 0, "core", "yes")
    assert [p.rule for p in validate(copy.path)] == ["type"]


def test_every_check_rule_has_a_test():
    tested = {
        "reconciled-codes", "reconciliation-missing", "reconciliation-flags", "reconciliation-without-disagreement",
        "passage-seq", "question-link", "passage-terms-missing", "primary-passage-link", "agreement-status",
        "agenda-stage", "agenda-outcome",
    }  # fmt: skip
    assert tested == set(RULES)


def test_the_command_line_reports_a_broken_link_without_traceback(make_copy):
    copy = make_copy()
    copy.edit_rows("reconciliation.csv", lambda records: records.pop(2))  # (pre_17, community_vision), dropped
    result = run("validate", str(copy.path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Dataset invalid: 1 problem(s) in {copy.path}",
        "coding_passes.csv, line 40, column passage_id,theme_id: only pass a gave (pre_17, community_vision); "
        "reconciliation.csv has no row for this disagreement (rule: reconciliation-missing)",
    ]
