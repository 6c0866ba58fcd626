"""Word-level figures from saved copies of the interviews.

`curate_terms()` reads a saved plain-text copy of one interview, finds each of that source's
coded passages in it (in `seq` order, by its `locator`), checks the passage's `n_words`,
tokenises it, and returns term counts. `write_passage_terms()` merges them into
`data/passage_terms.csv`. Counts are figures: the repository stores no sentence of the
interviews. Same inputs, same bytes.

Tokenisation: lower case; a token is a maximal run of letters and digits (so punctuation and
hyphens split words: "ASEAN-led" gives "asean" and "led"; "ASEAN's" gives "asean" and "s");
tokens in `STOP_WORDS` are dropped. `n_words` counts whitespace-separated pieces of the
paragraph that contain at least one letter or digit, as the codebook defines it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from .data import quote, shorten

TOKEN = re.compile(r"[^\W_]+")
#: English function words, plus the possessive "s" left by splitting "ASEAN's". Content words,
#: however frequent (asean, meeting, vietnam), are kept: the dictionary and the log-odds need them.
STOP_WORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself yourselves s
""".split()
)


#: The columns of passages.csv that curate_terms reads.
PASSAGE_COLUMNS = ("passage_id", "source_id", "seq", "locator", "n_words")


class TermsError(ValueError):
    """A saved copy does not fit the coded passages; the message names the passage."""


def tokens(text: str) -> list[str]:
    """Lower-cased letter-and-digit tokens of `text`, stop words removed, in order."""
    return [t for t in TOKEN.findall(text.lower()) if t not in STOP_WORDS]


def n_words(paragraph: str) -> int:
    """Words as the codebook counts them: whitespace-separated pieces with a letter or digit."""
    return sum(1 for piece in paragraph.split() if re.search(r"[^\W_]", piece))


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs (lines) of a capture, with caption table markup removed.

    Post-meeting captions are printed as one-row Markdown tables (`| text |`) after an empty
    image stub (`![]() |`); the pipes are markup, not words.
    """
    out = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|") and s.endswith("|"):
            s = s.strip("|").strip()
        if not s or re.fullmatch(r"!\[\]\(\)\s*\|?", s):
            continue
        out.append(s)
    return out


def read_text(path: Path) -> str:
    """A saved copy's text, strictly UTF-8; a clear error otherwise."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TermsError(f"{path}: not UTF-8 (undecodable byte at line {line})") from None


def locate(paras: list[str], passages: pd.DataFrame, source_id: str, path: Path) -> dict[str, str]:
    """Find each passage of `passages` (one source, in seq order) among `paras`.

    Matching goes forward: a passage's paragraph is the first one after the previous match
    whose opening words equal its locator. Returns {passage_id: paragraph}.
    """
    found, start = {}, 0
    ordered = passages.assign(_seq=passages["seq"].astype(int)).sort_values("_seq")
    for p in ordered.itertuples():
        loc = str(p.locator).split()
        for i in range(start, len(paras)):
            if paras[i].split()[: len(loc)] == loc:
                found[str(p.passage_id)] = paras[i]
                start = i + 1
                break
        else:
            raise TermsError(
                f"{path}: passage {shorten(p.passage_id)} of source {shorten(source_id)} (seq {p.seq}, locator "
                f"{quote(' '.join(loc))}) not found after paragraph {start}"
            )
        got = n_words(found[str(p.passage_id)])
        if got != int(p.n_words):
            raise TermsError(
                f"{path}: passage {shorten(p.passage_id)} has {got} words in the saved copy but n_words "
                f"{int(p.n_words)} in passages.csv"
            )
    return found


def curate_terms(text_path: Path, passages: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Term counts for every coded passage of `source_id`, read from a saved copy.

    One row per (passage_id, term) with count >= 1, in the order of the passages (seq) and
    then alphabetical by term. Raises `TermsError` naming the passage when a passage can't be
    found, its word count differs, or the file is not UTF-8.
    """
    missing = [c for c in PASSAGE_COLUMNS if c not in passages]
    if missing:
        raise TermsError(f"passages.csv has no column {', '.join(map(quote, missing))}")
    mine = passages[passages["source_id"].astype(str) == source_id]
    if mine.empty:
        raise TermsError(f"no coded passages for source {quote(source_id)} in passages.csv")
    for column in ("seq", "n_words"):
        bad = mine.loc[~mine[column].astype(str).str.fullmatch(r"[0-9]+"), column]
        if len(bad):
            raise TermsError(f"passages.csv: {column} {quote(bad.iloc[0])} is not a whole number")
    found = locate(paragraphs(read_text(text_path)), mine, source_id, text_path)
    rows = []
    for pid, para in found.items():
        for term, count in sorted(Counter(tokens(para)).items()):
            rows.append((pid, term, count))
    return pd.DataFrame(rows, columns=["passage_id", "term", "count"])


def write_passage_terms(csv_path: Path, counts: pd.DataFrame, passages: pd.DataFrame) -> None:
    """Replace one source's rows in `passage_terms.csv` with `counts`, keeping the others.

    Rows are written in passages.csv order, then by term, with Unix line ends, so the file is
    byte-for-byte the same whenever the inputs are.
    """
    new_ids = set(counts["passage_id"])
    if Path(csv_path).exists():
        old = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        missing = [c for c in ("passage_id", "term", "count") if c not in old]
        if missing:
            raise TermsError(f"{csv_path} has no column {', '.join(map(quote, missing))}")
        old = old[~old["passage_id"].isin(new_ids)]
        old["count"] = old["count"].astype(int)
    else:
        old = pd.DataFrame(columns=["passage_id", "term", "count"])
    both = pd.concat([old, counts], ignore_index=True)
    order = {pid: i for i, pid in enumerate(passages["passage_id"].astype(str))}
    both = both.assign(_o=both["passage_id"].map(order)).sort_values(["_o", "term"]).drop(columns="_o")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["passage_id", "term", "count"])
    w.writerows(both.itertuples(index=False, name=None))
    Path(csv_path).write_text(buf.getvalue(), encoding="utf-8")
