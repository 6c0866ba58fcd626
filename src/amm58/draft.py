"""Draft a new source from a saved copy of its web page: the rows a curator starts from.

`split_capture()` splits a saved plain-text capture into the passages of the codebook's unit rules
(data/README.md, "Unit of analysis" and "Drafting a source from its text"); `draft_source()` appends
the source's row, its passages and their term counts to a data package. The draft stores no sentence
of the text beyond each passage's locator (its first six words) and leaves for the curator what the
text does not give: the summaries, the interviewee, the answers' speaker, and every code and fact.
It never suggests themes: the hand coding stays blind to the keyword dictionary.

The rules, applied to the paragraphs (non-empty lines) of the capture:

1. The closing thank-you line (a paragraph of at most eight words opening with "Thank you") ends the
   body; it and everything after it (source line, comments, related lists, menus) are left out.
2. A caption is a paragraph printed as a table row (``| ... |``) or ending with a photo credit in
   brackets, ``(Photo: ...)`` or ``(Source: ...)``. A caption opening with the form of address of the
   thank-you line (in both interviews "Ambassador") is the interviewee's portrait and is left out.
3. A question is a paragraph ending with a question mark; an answer, any other paragraph after the
   first question that ends like a sentence (``.``, ``!``, or a closing quote or bracket after one).
   Each answer belongs to the question before it.
4. Before the first question, a paragraph that ends like a sentence is the lead.
5. Every other paragraph is left out: menus, the headline, the date line, the lone tag words above
   photos. The headline (`sources.title`) is the one just before the lead or, without a lead, the
   longest one before the first question.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from amm58 import terms
from amm58.data import DatasetError, package_file, quote

STAGES = ("pre-meeting", "post-meeting")
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
CREDIT = re.compile(r"\((?:Photo|Source)\s*:[^()]*\)\W*$")
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
URL_LINE = re.compile(r"Source:\s*(https?://\S+)$")
DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
LOCATOR_WORDS = 6
#: The files a draft reads and appends to, all in the data folder.
TABLES = ("sources.csv", "passages.csv", "passage_terms.csv")
THANKS_WORDS = 8

SOURCE_FIELDS = ["source_id", "title", "outlet", "published", "interviewee", "interviewee_title", "url", "stage",
                 "captured_from", "language", "note"]  # fmt: skip
PASSAGE_FIELDS = ["passage_id", "source_id", "seq", "kind", "speaker", "question_id", "locator", "summary",
                  "n_words", "note"]  # fmt: skip
SPEAKERS = {"lead": "editor", "caption": "editor", "question": "interviewer"}


class DraftError(ValueError):
    """The draft cannot be made; nothing was written. The message names the file or the data folder."""


@dataclass(frozen=True)
class Paragraph:
    """One passage as the unit rules find it: its kind, its text (kept in memory only) and the seq of
    the question it answers (answers only)."""

    kind: str
    text: str
    question_seq: int | None = None


@dataclass(frozen=True)
class Capture:
    """What the draft reads off a capture: the passages, the headline, a URL and a date line."""

    passages: list[Paragraph]
    title: str
    url: str
    date_text: str


def _lines(text: str) -> list[tuple[str, bool]]:
    """Non-empty paragraphs with table markup removed, and whether each was printed as a table row."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        table_row = s.startswith("|") and s.endswith("|") and len(s) > 1
        if table_row:
            s = s.strip("|").strip()
        if s and not re.fullmatch(r"!\[\]\(\)\s*\|?", s):
            out.append((s, table_row))
    return out


def _word(token: str) -> str:
    """A token without its punctuation, lower case."""
    return re.sub(r"[^\w]", "", token).lower()


def _is_thanks(paragraph: str) -> bool:
    """The closing thank-you line: a short paragraph (at most eight words) opening with "Thank you"."""
    return paragraph.lower().startswith("thank you") and len(paragraph.split()) <= THANKS_WORDS


def split_capture(text: str) -> Capture:
    """Split a saved capture into passages by the unit rules of this module's docstring."""
    paras = _lines(text)
    thanks = next((i for i, (s, _) in enumerate(paras) if _is_thanks(s)), len(paras))
    address = _word(paras[thanks][0].split()[-1]) if thanks < len(paras) else ""
    url = next((m.group(1) for s, _ in paras[thanks:] if (m := URL_LINE.match(s))), "")
    first_question = next((i for i, (s, _) in enumerate(paras[:thanks]) if s.endswith("?")), thanks)
    passages, left_out_before = [], []
    question_seq, before_lead = None, ""
    for i, (s, table_row) in enumerate(paras[:thanks]):
        if table_row or CREDIT.search(s):
            if address and _word(s.split()[0]) == address:
                continue  # the interviewee's portrait
            passages.append(Paragraph("caption", s))
        elif s.endswith("?"):
            passages.append(Paragraph("question", s))
            question_seq = len(passages)
        elif SENTENCE_END.search(s):
            if i < first_question:
                if not any(p.kind == "lead" for p in passages) and left_out_before:
                    before_lead = left_out_before[-1]
                passages.append(Paragraph("lead", s))
            else:
                passages.append(Paragraph("answer", s, question_seq))
        elif i < first_question:
            left_out_before.append(s)
    title = before_lead or max(left_out_before, key=lambda s: len(s.split()), default="")
    date_text = next((m.group(0) for s in left_out_before if (m := DATE.search(s))), "")
    return Capture(passages, title, url, date_text)


def passage_rows(capture: Capture, source_id: str) -> pd.DataFrame:
    """The passages table's draft rows (strings): ids ``{source_id}_NN``, seq from 1, kind, speaker
    (interviewer or editor; empty for answers), question link, locator, empty summary, n_words."""
    rows = []
    for seq, p in enumerate(capture.passages, start=1):
        qid = f"{source_id}_{p.question_seq:02d}" if p.question_seq else ""
        locator = " ".join(p.text.split()[:LOCATOR_WORDS])
        rows.append([f"{source_id}_{seq:02d}", source_id, str(seq), p.kind, SPEAKERS.get(p.kind, ""), qid, locator,
                     "", str(terms.n_words(p.text)), ""])  # fmt: skip
    return pd.DataFrame(rows, columns=PASSAGE_FIELDS)


def source_row(capture: Capture, source_id: str, stage: str) -> dict[str, str]:
    """The sources row: the headline as title, the URL of a closing source line, the stage; the rest
    empty (a date line such as 03/07/2025 is reported, not parsed: day and month can't be told apart)."""
    row = dict.fromkeys(SOURCE_FIELDS, "")
    row.update(source_id=source_id, title=capture.title, url=capture.url, stage=stage, language="en")
    return row


def _csv_text(records: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    return buf.getvalue()


def _append(path: Path, header: list[str], records: list[list[str]]) -> str:
    """The file's text with `records` appended (the header must be the expected one)."""
    text = path.read_text(encoding="utf-8")
    found = next(csv.reader(io.StringIO(text)), [])
    if found != header:
        raise DraftError(f"{path}: header {found} is not the expected {header}")
    if text and not text.endswith("\n"):
        text += "\n"
    return text + _csv_text(records)


@dataclass(frozen=True)
class DraftResult:
    """What `draft_source` wrote: the data folder, the passages and the term rows, and the date line."""

    data_dir: Path
    passages: pd.DataFrame
    n_term_rows: int
    title: str
    url: str
    date_text: str


def draft_source(text_path: Path, source_id: str, stage: str, data_dir: Path) -> DraftResult:
    """Append the draft rows of a new source to `sources.csv`, `passages.csv` and `passage_terms.csv`
    in `data_dir`. Raises `DraftError` (and writes nothing) for an existing or malformed source id, a
    passage id in use, an unknown stage, an unreadable text or a text with no passage."""
    data_dir = Path(data_dir)
    where = f"data folder {data_dir}"
    if not SOURCE_ID.fullmatch(source_id):
        raise DraftError(f"source id {quote(source_id)} is not a lower-case slug (letters, digits, _)")
    if stage not in STAGES:
        raise DraftError(f"stage {stage!r} is not one of {list(STAGES)}")
    try:  # the three files must be in the data folder itself: a link that leads outside is refused
        files = {name: package_file(data_dir, name, resource=name[:-4]) for name in TABLES}
        text = terms.read_text(text_path)
        sources = pd.read_csv(files["sources.csv"], dtype=str, keep_default_na=False)
        passages = pd.read_csv(files["passages.csv"], dtype=str, keep_default_na=False)
    except DatasetError as exc:
        raise DraftError(f"{where}: " + "; ".join(p.message for p in exc.problems)) from None
    except terms.TermsError as exc:
        raise DraftError(str(exc)) from None
    except OSError as exc:
        raise DraftError(f"{where}: {exc.strerror or exc}: {exc.filename}") from None
    if source_id in set(sources.source_id):
        raise DraftError(f"{where}: source {source_id!r} already exists in sources.csv")
    capture = split_capture(text)
    if not capture.passages:
        raise DraftError(f"{text_path}: no passage found (no question, lead or caption)")
    new = passage_rows(capture, source_id)
    taken = sorted(set(new.passage_id) & set(passages.passage_id))
    if taken:
        raise DraftError(f"{where}: passage id(s) {', '.join(taken)} already exist in passages.csv")
    source = source_row(capture, source_id, stage)
    counts = terms.curate_terms(text_path, new, source_id)
    all_passages = pd.concat([passages, new], ignore_index=True)

    outputs = {
        "sources.csv": _append(files["sources.csv"], SOURCE_FIELDS, [[source[f] for f in SOURCE_FIELDS]]),
        "passages.csv": _append(files["passages.csv"], PASSAGE_FIELDS, new.values.tolist()),
    }
    with tempfile.TemporaryDirectory(dir=data_dir) as tmp:
        terms_path = Path(tmp) / "passage_terms.csv"
        if files["passage_terms.csv"].exists():
            terms_path.write_bytes(files["passage_terms.csv"].read_bytes())
        terms.write_passage_terms(terms_path, counts, all_passages)
        outputs["passage_terms.csv"] = terms_path.read_text(encoding="utf-8")
    staged = []
    try:
        for name, content in outputs.items():
            fd, tmp_name = tempfile.mkstemp(dir=data_dir, prefix=f".{name}.", suffix=".draft")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
            staged.append((Path(tmp_name), files[name]))
    except OSError as exc:
        for tmp_file, _ in staged:
            tmp_file.unlink(missing_ok=True)
        raise DraftError(f"{where}: cannot write: {exc}") from None
    for tmp_file, target in staged:
        os.replace(tmp_file, target)
    return DraftResult(data_dir, new, len(counts), capture.title, capture.url, capture.date_text)


COMPARED = ["seq", "kind", "locator", "n_words", "question_id"]


def compare_with_curated(text_path: Path, source_id: str, data_dir: Path) -> pd.DataFrame:
    """The draft of an existing source against its curated passages, without writing anything.

    One row per passage_id of either side, in curated order (drafted-only rows last): for each of seq,
    kind, locator, n_words and question_id the curated and the drafted value (`seq_curated`,
    `seq_drafted`, ...; empty where a side lacks the passage), and `match` (every pair equal).
    """
    try:
        passages_csv = package_file(data_dir, "passages.csv", resource="passages")
        curated = pd.read_csv(passages_csv, dtype=str, keep_default_na=False)
        text = terms.read_text(text_path)
    except DatasetError as exc:
        raise DraftError(f"data folder {data_dir}: " + "; ".join(p.message for p in exc.problems)) from None
    except terms.TermsError as exc:
        raise DraftError(str(exc)) from None
    except OSError as exc:
        raise DraftError(f"data folder {data_dir}: {exc.strerror or exc}: {exc.filename}") from None
    curated = curated[curated.source_id == source_id]
    if curated.empty:
        raise DraftError(f"data folder {data_dir}: no passages of source {source_id!r} in passages.csv")
    drafted = passage_rows(split_capture(text), source_id)
    out = curated[["passage_id", *COMPARED]].merge(
        drafted[["passage_id", *COMPARED]], on="passage_id", how="outer", suffixes=("_curated", "_drafted"), sort=False
    )
    out = out.fillna("")
    out["match"] = pd.concat([out[f"{c}_curated"] == out[f"{c}_drafted"] for c in COMPARED], axis=1).all(axis=1)
    return out.reset_index(drop=True)


def next_steps(result: DraftResult, source_id: str) -> list[str]:
    """The curator's next steps after a draft, as printed lines."""
    d = result.data_dir
    kinds = result.passages.kind.value_counts()
    order = [k for k in ["lead", "question", "answer", "caption"] if k in kinds]
    counted = ", ".join(f"{kinds[k]} {k}{'s' if kinds[k] != 1 else ''}" for k in order)
    date = (f" The capture prints the date {result.date_text!r}: set published (YYYY-MM-DD) once you know whether "
            "the day or the month comes first.") if result.date_text else ""  # fmt: skip
    return [
        f"drafted source {source_id!r} in {d}: {len(result.passages)} passages ({counted}), "
        f"{result.n_term_rows} passage-term rows",
        "next steps for the curator (validate lists what is still missing):",
        f"  1. sources.csv: fill interviewee (and outlet, published, interviewee_title, captured_from, note where the "
        f"text gives them).{date}",
        "  2. passages.csv: write each summary in your own words, the answers' speaker (the interviewee), and a note "
        "for any typo or ambiguity; check each kind and question link against the text.",
        "  3. coding_passes.csv: code the themes in two independent passes (a, then b without seeing a); "
        "the draft suggests none.",
        "  4. passage_themes.csv and reconciliation.csv: reconcile, one reconciliation row per disagreement.",
        "  5. facts, each citing its passage_id: passage_entities (and entities, aliases), meetings, agreements, "
        "roles, timeline, messages, agenda; dictionary_review for new disagreements of the dictionary.",
        f"  6. python -m amm58 validate {d}",
        f"  7. make report DATA_DIR={d}",
    ]
