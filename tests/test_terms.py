"""curate-terms: tokenising, finding passages in a saved copy, and writing passage_terms.csv.
Every text here is written by the test itself."""

from __future__ import annotations

import pandas as pd
import pytest

from amm58 import terms
from amm58.__main__ import main

TEXT = """Site menu
Hello world, peace and peace.
![]() |
| Caption about Mekong cooperation. (Photo: X) |
Footer line
"""


def passages(n_words_first: int = 5, locator_second: str = "Caption about Mekong cooperation.") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "passage_id": ["t_01", "t_02"],
            "source_id": ["t", "t"],
            "seq": ["1", "2"],
            "locator": ["Hello world, peace and peace.", locator_second],
            "n_words": [str(n_words_first), "6"],
        }
    )


def test_tokens_lower_case_split_on_punctuation_and_drop_stop_words():
    assert terms.tokens("ASEAN mechanisms, ASEAN's role (2045)!") == ["asean", "mechanisms", "asean", "role", "2045"]


def test_tokens_keep_hyphenated_words_whole_but_split_number_ranges():
    assert terms.tokens("ASEAN-led, sub-regional and ASEAN-UK plans for 2026-2030 in AMM-58") == [
        "asean_led",
        "sub_regional",
        "asean_uk",
        "plans",
        "2026",
        "2030",
        "amm_58",
    ]


def test_tokens_keep_listed_names_whole_whatever_joins_their_words():
    names = ["New Zealand", "Timor-Leste", "Republic of Korea", "the Association"]
    assert terms.tokens("New Zealand, the ASEAN-New Zealand plan, Timor Leste and the Republic of Korea", names) == [
        "new_zealand",
        "asean_new_zealand",
        "plan",
        "timor_leste",
        "republic_of_korea",
    ]
    # without the names, only the hyphen joins
    assert terms.tokens("New Zealand and Timor Leste") == ["new", "zealand", "timor", "leste"]


def test_names_from_tables_keep_names_of_two_words_or_more_without_edge_function_words():
    entities = pd.DataFrame({"name": ["New Zealand", "Japan", "Timor-Leste"]})
    aliases = pd.DataFrame({"alias": ["Timor Leste", "the Association", "Republic of Korea", "New Zealand"]})
    assert terms.names_from_tables(entities, aliases) == [
        "New Zealand",
        "Republic of Korea",
        "Timor Leste",
        "Timor-Leste",
    ]
    assert terms.name_words("the Association") == ["association"]


def test_words_split_a_term_back_into_the_dictionary_words():
    assert terms.words("new_zealand") == ["new", "zealand"]
    assert terms.words("republic_of_korea") == ["republic", "korea"]
    assert terms.words("asean") == ["asean"]


def test_n_words_counts_pieces_with_a_letter_or_digit():
    assert terms.n_words("A - B, (Photo: X) 2025 –") == 5


def test_paragraphs_drop_image_stubs_and_caption_pipes():
    assert terms.paragraphs(TEXT) == [
        "Site menu",
        "Hello world, peace and peace.",
        "Caption about Mekong cooperation. (Photo: X)",
        "Footer line",
    ]


def test_curate_terms_counts_each_passage_in_order(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text(TEXT, encoding="utf-8")
    got = terms.curate_terms(path, passages(), "t")
    assert list(got.itertuples(index=False, name=None)) == [
        ("t_01", "hello", 1),
        ("t_01", "peace", 2),
        ("t_01", "world", 1),
        ("t_02", "caption", 1),
        ("t_02", "cooperation", 1),
        ("t_02", "mekong", 1),
        ("t_02", "photo", 1),
        ("t_02", "x", 1),
    ]


def test_a_passage_that_cannot_be_found_is_named(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(
        terms.TermsError, match=r"passage t_02 of source t \(seq 2, locator 'Missing words'\) not found"
    ):
        terms.curate_terms(path, passages(locator_second="Missing words"), "t")


def test_a_word_count_mismatch_is_named_with_both_counts(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(terms.TermsError, match=r"passage t_01 has 5 words in the saved copy but n_words 7"):
        terms.curate_terms(path, passages(n_words_first=7), "t")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_bytes(TEXT.encode("utf-8") + b"caf\xe9\n")
    with pytest.raises(terms.TermsError, match=r"not UTF-8 \(undecodable byte at line 6\)"):
        terms.curate_terms(path, passages(), "t")


def write_names(data) -> None:
    """The entities and aliases tables that curate-terms reads its names from: one name, "Hello world"."""
    (data / "entities.csv").write_text("entity_id,name\nhw,Hello world\n", encoding="utf-8")
    (data / "aliases.csv").write_text("alias,entity_id\n", encoding="utf-8")


def test_cli_rewrites_one_source_keeps_the_others_and_is_byte_stable(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_names(data)
    rows = passages().assign(kind="answer")
    other = pd.DataFrame(
        {
            "passage_id": ["u_01"],
            "source_id": ["u"],
            "seq": ["1"],
            "locator": ["x"],
            "n_words": ["1"],
            "kind": ["answer"],
        }
    )
    pd.concat([other, rows]).to_csv(data / "passages.csv", index=False)
    (data / "passage_terms.csv").write_text("passage_id,term,count\nu_01,kept,4\nt_01,stale,9\n", encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT, encoding="utf-8")
    assert main(["curate-terms", str(copy), "--source", "t", "--data-dir", str(data)]) == 0
    first = (data / "passage_terms.csv").read_bytes()
    assert first.decode().splitlines() == [
        "passage_id,term,count",
        "u_01,kept,4",
        "t_01,hello_world,1",
        "t_01,peace,2",
        "t_02,caption,1",
        "t_02,cooperation,1",
        "t_02,mekong,1",
        "t_02,photo,1",
        "t_02,x,1",
    ]
    assert main(["curate-terms", str(copy), "--source", "t", "--data-dir", str(data)]) == 0
    assert (data / "passage_terms.csv").read_bytes() == first
    assert "t: 2 passages, 7 passage-term rows, 8 tokens" in capsys.readouterr().out


def test_cli_failure_names_the_passage_and_exits_1(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_names(data)
    passages(n_words_first=7).assign(kind="answer").to_csv(data / "passages.csv", index=False)
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT, encoding="utf-8")
    assert main(["curate-terms", str(copy), "--source", "t", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "passage t_01 has 5 words" in err and "Traceback" not in err
    assert not (data / "passage_terms.csv").exists()


def test_cli_failure_names_the_data_folder(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_names(data)
    passages().assign(kind="answer").to_csv(data / "passages.csv", index=False)
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT, encoding="utf-8")
    assert main(["curate-terms", str(copy), "--source", "extra", "--data-dir", str(data)]) == 1
    assert capsys.readouterr().err == (
        f"curate-terms failed (data folder {data}): no coded passages for source 'extra' in passages.csv\n"
    )


def test_cli_refuses_to_write_through_a_link_that_leads_outside_the_data_folder(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_names(data)
    passages().assign(kind="answer").to_csv(data / "passages.csv", index=False)
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("not ours\n", encoding="utf-8")
    (data / "passage_terms.csv").symlink_to(elsewhere)
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT, encoding="utf-8")
    assert main(["curate-terms", str(copy), "--source", "t", "--data-dir", str(data)]) == 1
    assert elsewhere.read_text(encoding="utf-8") == "not ours\n"
    assert capsys.readouterr().err == (
        f"curate-terms failed (data folder {data}): resource passage_terms: path 'passage_terms.csv' leads outside "
        "the package folder once symbolic links are followed\n"
    )


def test_cli_refuses_to_read_passages_through_a_link_that_leads_outside(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    secret = tmp_path / "secret.csv"
    secret.write_text("SECRET-MARKER-51d0,source_id\nSECRET-MARKER-51d0,t\n", encoding="utf-8")
    (data / "passages.csv").symlink_to(secret)
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT, encoding="utf-8")
    assert main(["curate-terms", str(copy), "--source", "t", "--data-dir", str(data)]) == 1
    out = capsys.readouterr()
    assert "SECRET-MARKER" not in out.out + out.err
    assert "resource passages: path 'passages.csv' leads outside the package folder" in out.err
    assert not (data / "passage_terms.csv").exists()


def test_cli_names_a_missing_passages_column_without_traceback(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    passages().drop(columns="source_id").to_csv(data / "passages.csv", index=False)
    (data / "entities.csv").write_text("entity_id,name\n", encoding="utf-8")
    (data / "aliases.csv").write_text("alias,entity_id\n", encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT, encoding="utf-8")
    assert main(["curate-terms", str(copy), "--source", "t", "--data-dir", str(data)]) == 1
    assert (
        capsys.readouterr().err == f"curate-terms failed (data folder {data}): passages.csv has no column 'source_id'\n"
    )
    assert not (data / "passage_terms.csv").exists()


def test_readable_writes_names_as_the_tables_do_and_hyphenated_terms_with_hyphens():
    names = ["ASEAN", "New Zealand", "UK", "Japan", "Mekong countries", "Republic of Korea"]
    got = {t: terms.readable(t, names) for t in ["asean_new_zealand", "asean_uk", "mekong_japan", "new_zealand"]}
    assert got == {
        "asean_new_zealand": "ASEAN-New Zealand",
        "asean_uk": "ASEAN-UK",
        "mekong_japan": "Mekong-Japan",
        "new_zealand": "New Zealand",
    }
    # a single word keeps its case unless it is a name; other compounds get their hyphen back
    assert [terms.readable(t, names) for t in ["new", "asean", "sub_regional", "republic_of_korea"]] == [
        "new",
        "ASEAN",
        "sub-regional",
        "Republic of Korea",
    ]
