"""`python -m amm58 draft`: splitting a capture by the unit rules, appending draft rows, refusing
without writing; and the third-interview package built with it. Every text here is the tests' own."""

from __future__ import annotations

import pandas as pd
import pytest
from third_interview import build_third_package

from amm58 import load_dataset, method, validate
from amm58.__main__ import main
from amm58.draft import DraftError, compare_with_curated, draft_source, split_capture

CAPTURE = """Site name - menu
Big news: Ambassador
A short standfirst about the meeting and its aims.
Outlet05/06/2025
TAG
Minister attends the meeting. (Photo: X)
![]() |
| Ambassador Ann, portrait |
What happened?
It went well.
"Quoted answer."
TAG
| A second caption, as a table row |
Why does it matter?
Thank you for asking: because of trade, and of the region's growth!
Thank you, Ambassador!
Source: https://example.org/a
Related story one.
"""


def kinds(text: str) -> list[tuple[str, str, int | None]]:
    return [(p.kind, p.text, p.question_seq) for p in split_capture(text).passages]


def test_split_keeps_lead_questions_answers_and_event_captions_in_reading_order():
    assert kinds(CAPTURE) == [
        ("lead", "A short standfirst about the meeting and its aims.", None),
        ("caption", "Minister attends the meeting. (Photo: X)", None),
        ("question", "What happened?", None),
        ("answer", "It went well.", 3),
        ("answer", '"Quoted answer."', 3),
        ("caption", "A second caption, as a table row", None),
        ("question", "Why does it matter?", None),
        ("answer", "Thank you for asking: because of trade, and of the region's growth!", 7),
    ]


def test_split_reads_the_headline_url_and_date_line_but_stores_them_only_in_the_source_row():
    capture = split_capture(CAPTURE)
    assert (capture.title, capture.url, capture.date_text) == (
        "Big news: Ambassador",
        "https://example.org/a",
        "05/06/2025",
    )


def test_without_a_lead_the_headline_is_the_longest_line_before_the_first_question():
    capture = split_capture("A headline of five words\nLatest\nWhat now?\nThis.\n")
    assert capture.title == "A headline of five words"
    assert [p.kind for p in capture.passages] == ["question", "answer"]


def test_without_a_thank_you_line_no_caption_is_a_portrait():
    assert [p.kind for p in split_capture("Q?\n| Ambassador Ann |\nA.\n").passages] == ["question", "caption", "answer"]


def package(tmp_path, make_copy):
    """A copy of the real package and the test capture saved beside it."""
    copy = make_copy()
    text = tmp_path / "capture.txt"
    text.write_text(CAPTURE, encoding="utf-8")
    return copy, text


def test_draft_appends_the_source_passages_and_term_counts(tmp_path, make_copy):
    copy, text = package(tmp_path, make_copy)
    result = draft_source(text, "new", "pre-meeting", copy.path)
    assert copy.rows("sources.csv")[-1] == [
        "new", "Big news: Ambassador", "", "", "", "", "https://example.org/a", "pre-meeting", "", "en", ""
    ]  # fmt: skip
    assert copy.rows("passages.csv")[-8:] == [
        ["new_01", "new", "1", "lead", "editor", "", "A short standfirst about the meeting", "", "9", ""],
        ["new_02", "new", "2", "caption", "editor", "", "Minister attends the meeting. (Photo: X)", "", "6", ""],
        ["new_03", "new", "3", "question", "interviewer", "", "What happened?", "", "2", ""],
        ["new_04", "new", "4", "answer", "", "new_03", "It went well.", "", "3", ""],
        ["new_05", "new", "5", "answer", "", "new_03", '"Quoted answer."', "", "2", ""],
        ["new_06", "new", "6", "caption", "editor", "", "A second caption, as a table", "", "7", ""],
        ["new_07", "new", "7", "question", "interviewer", "", "Why does it matter?", "", "4", ""],
        ["new_08", "new", "8", "answer", "", "new_07", "Thank you for asking: because of", "", "12", ""],
    ]
    terms = [r for r in copy.rows("passage_terms.csv") if r[0].startswith("new_")]
    assert terms[:3] == [["new_01", "aims", "1"], ["new_01", "meeting", "1"], ["new_01", "short", "1"]]
    assert len(terms) == result.n_term_rows == 24  # 4+5+1+2+2+4+1+5, stop words out
    # the first five words of the real package's term file are unchanged; the new rows come last
    assert copy.rows("passage_terms.csv")[1] == make_copy().rows("passage_terms.csv")[1]


def test_the_draft_stores_no_word_of_a_passage_beyond_its_locator(tmp_path, make_copy):
    copy, text = package(tmp_path, make_copy)
    draft_source(text, "new", "pre-meeting", copy.path)
    stored = ",".join(",".join(r) for f in ["sources.csv", "passages.csv"] for r in copy.rows(f) if "new" in r)
    assert "A short standfirst about the meeting," in stored  # the locator, then the next cell
    assert "aims" not in stored and "table row" not in stored  # the words after the six of a locator


def test_validation_lists_what_the_curator_has_still_to_write(tmp_path, make_copy):
    copy, text = package(tmp_path, make_copy)
    draft_source(text, "new", "pre-meeting", copy.path)
    problems = validate(copy.path)
    assert {(p.file, p.column, p.rule) for p in problems} == {
        ("sources.csv", "interviewee", "required"),
        ("passages.csv", "summary", "required"),
        ("passages.csv", "speaker", "required"),
    }
    assert len(problems) == 1 + 8 + 3  # the source, eight summaries, three answers' speaker


def test_an_existing_source_id_is_refused_and_nothing_changes(tmp_path, make_copy):
    copy, text = package(tmp_path, make_copy)
    before = {f.name: f.read_bytes() for f in copy.path.iterdir()}
    with pytest.raises(DraftError, match=rf"data folder {copy.path}: source 'pre' already exists in sources.csv"):
        draft_source(text, "pre", "pre-meeting", copy.path)
    assert {f.name: f.read_bytes() for f in copy.path.iterdir()} == before


def test_a_passage_id_in_use_is_refused_and_nothing_changes(tmp_path, make_copy):
    copy, text = package(tmp_path, make_copy)
    copy.set_cell("passages.csv", 0, "passage_id", "new_01")
    before = {f.name: f.read_bytes() for f in copy.path.iterdir()}
    with pytest.raises(DraftError, match=r"passage id\(s\) new_01 already exist in passages.csv"):
        draft_source(text, "new", "pre-meeting", copy.path)
    assert {f.name: f.read_bytes() for f in copy.path.iterdir()} == before


def test_the_command_names_the_folder_and_prints_the_next_steps(tmp_path, make_copy, capsys):
    copy, text = package(tmp_path, make_copy)
    args = ["draft", str(text), "--source-id", "new", "--stage", "post-meeting", "--data-dir", str(copy.path)]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"drafted source 'new' in {copy.path}: 8 passages (1 lead, 2 questions, 3 answers, 2 captions), "
        "24 passage-term rows"
    )
    assert out[-2:] == [f"  6. python -m amm58 validate {copy.path}", f"  7. make report DATA_DIR={copy.path}"]
    assert "the draft suggests none" in out[4]
    assert main(args) == 1
    assert capsys.readouterr().err == (
        f"draft failed (nothing was written to {copy.path}): data folder {copy.path}: "
        "source 'new' already exists in sources.csv\n"
    )


def test_the_third_package_validates_and_carries_the_third_interview(tmp_path):
    ds = load_dataset(build_third_package(tmp_path / "third"))
    third = ds.passages[ds.passages.source_id == "third"]
    assert third.kind.astype(str).tolist() == ["lead", "caption", "question", "answer", "answer", "question", "answer"]
    assert third.n_words.tolist() == [27, 18, 11, 23, 17, 8, 23]
    assert len(ds.passages) == 45 + 7
    source = ds.sources.set_index("source_id").loc["third"]
    assert (source.title, source.stage, source.published) == (
        "Partners look to ASEAN after AMM-58: Ambassador",
        "post-meeting",
        pd.Timestamp("2025-07-20"),
    )
    themes = ds.passage_themes[ds.passage_themes.passage_id.str.startswith("third_")]
    assert themes.theme_id.value_counts().sort_index().to_dict() == {
        "centrality": 1, "fta": 1, "mekong": 1, "partners": 5, "vietnam_role": 2
    }  # fmt: skip
    assert len(ds.reconciliation) == 4 + 2
    # the caption's "AMM-58" is one term, amm_58, under the hyphen rule of amm58.terms (it was "amm" and "58")
    assert ds.passage_terms.passage_id.str.startswith("third_").sum() == 74
    entities = ds.passage_entities[ds.passage_entities.passage_id.str.startswith("third_")]
    assert sorted(entities.entity_id) == ["canada", "canada", "japan"]
    unreviewed = method.dictionary_disagreements(ds, core_only=False).query("reason == ''")
    assert unreviewed.empty


def test_check_compares_the_draft_with_the_curated_passages_and_writes_nothing(tmp_path, make_copy, capsys):
    copy, text = package(tmp_path, make_copy)
    draft_source(text, "new", "pre-meeting", copy.path)
    line = 2 + next(i for i, r in enumerate(copy.rows("passages.csv")[1:]) if r[0] == "new_04")
    copy.set_cell("passages.csv", line - 2, "n_words", "4")
    before = {f.name: f.read_bytes() for f in copy.path.iterdir()}
    table = compare_with_curated(text, "new", copy.path)
    assert table.passage_id.tolist() == [f"new_{i:02d}" for i in range(1, 9)]
    assert table.loc[~table.match, ["passage_id", "n_words_curated", "n_words_drafted"]].values.tolist() == [
        ["new_04", "4", "3"]
    ]
    args = ["draft", str(text), "--source-id", "new", "--check", "--data-dir", str(copy.path)]
    assert main(args) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"7 of 8 passages of 'new' in {copy.path} as drafted"
    assert {f.name: f.read_bytes() for f in copy.path.iterdir()} == before


def test_a_table_linked_from_outside_the_data_folder_is_refused_and_not_written(tmp_path, make_copy):
    copy, text = package(tmp_path, make_copy)
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_bytes(copy.file("passage_terms.csv").read_bytes())
    copy.file("passage_terms.csv").unlink()
    copy.file("passage_terms.csv").symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    with pytest.raises(DraftError, match=r"resource passage_terms: path 'passage_terms.csv' leads outside"):
        draft_source(text, "new", "pre-meeting", copy.path)
    assert elsewhere.read_bytes() == before
    assert copy.rows("sources.csv")[-1][0] == "post"
