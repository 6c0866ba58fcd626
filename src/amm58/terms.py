"""Word-level figures from saved copies of the interviews.

`curate_terms()` reads a saved plain-text copy of one interview, finds each of that source's
coded passages in it (in `seq` order, by its `locator`), checks the passage's `n_words`,
tokenises it, and returns term counts. `write_passage_terms()` merges them into
`data/passage_terms.csv`. Counts are figures: the repository stores no sentence of the
interviews. Same inputs, same bytes.

Tokenisation (the codebook, `data/README.md`, states the same rule): lower case; a word is a
maximal run of letters and digits; tokens in `STOP_WORDS` are dropped. Names stay whole:
- a name of two or more words from the entities and aliases tables (`names_from_tables`: "New
  Zealand", "Timor Leste", "Republic of Korea") is one term, its words joined by "_"
  ("new_zealand"); its words may be written with spaces, hyphens or other punctuation between
  them, and function words at either end of a name are not part of it ("the Association");
- a hyphen joins the words on either side into one term ("ASEAN-UK" gives "asean_uk",
  "sub-regional" gives "sub_regional", "ASEAN-New Zealand" gives "asean_new_zealand"), unless
  every part is a number ("2026-2030" gives "2026" and "2030").
Other punctuation splits words ("ASEAN's" gives "asean" and "s", a stop word). `words()` splits a
term back into the words the dictionary of `theme_terms` matches. `n_words` counts
whitespace-separated pieces of the paragraph that contain at least one letter or digit, as the
codebook defines it.
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
#: A word, or words joined by hyphens or by the "_" that joins a name's words.
COMPOUND = re.compile(r"[^\W_]+(?:[-‐‑_][^\W_]+)*")
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


def _name_pattern(names) -> re.Pattern | None:
    """One regular expression matching any of `names` (longest first, so "ASEAN Plus Three" wins
    over a shorter name), case ignored, on word boundaries, its words separated by any run of
    non-word characters (spaces, hyphens, apostrophes)."""
    alternatives = sorted({tuple(w) for w in (name_words(n) for n in names) if len(w) > 1}, key=lambda w: -len(w))
    if not alternatives:
        return None
    body = "|".join(r"[\W_]+".join(re.escape(w) for w in ws) for ws in alternatives)
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")


def name_words(name: str) -> list[str]:
    """The words of a name, lower case, without function words at either end: "the
    Association" gives ["association"], "Republic of Korea" gives ["republic", "of", "korea"]."""
    ws = TOKEN.findall(name.lower())
    while ws and ws[0] in STOP_WORDS:
        ws = ws[1:]
    while ws and ws[-1] in STOP_WORDS:
        ws = ws[:-1]
    return ws


def names_from_tables(entities: pd.DataFrame, aliases: pd.DataFrame) -> list[str]:
    """The names that stay whole: every entity name and alias of two or more words (after
    `name_words`), sorted and without duplicates."""
    every = pd.concat([entities["name"], aliases["alias"]]).astype(str)
    return sorted({n for n in every if len(name_words(n)) > 1})


def tokens(text: str, names=()) -> list[str]:
    """The terms of `text` in order: lower-cased letter-and-digit words, stop words removed,
    with the names of `names` and hyphenated words kept whole, their words joined by "_"
    (the rule of the module's docstring)."""
    text = text.lower()
    pattern = _name_pattern(names)
    if pattern is not None:
        text = pattern.sub(lambda m: "_".join(TOKEN.findall(m.group(0))), text)
    out = []
    for piece in COMPOUND.findall(text):
        parts = TOKEN.findall(piece)
        if len(parts) > 1 and not all(p.isdigit() for p in parts):
            out.append("_".join(parts))
        else:
            out += [p for p in parts if p not in STOP_WORDS]
    return out


def words(term: str) -> list[str]:
    """The words of a term as the dictionary matches them: "new_zealand" gives ["new",
    "zealand"], "republic_of_korea" gives ["republic", "korea"] (stop words dropped), "asean"
    gives ["asean"]. These are the tokens that splitting at every hyphen and space would give."""
    return [w for w in term.split("_") if w not in STOP_WORDS]


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


def curate_terms(text_path: Path, passages: pd.DataFrame, source_id: str, names=()) -> pd.DataFrame:
    """Term counts for every coded passage of `source_id`, read from a saved copy.

    One row per (passage_id, term) with count >= 1, in the order of the passages (seq) and
    then alphabetical by term; `names` (from `names_from_tables`) stay whole. Raises
    `TermsError` naming the passage when a passage can't be found, its word count differs, or
    the file is not UTF-8.
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
        for term, count in sorted(Counter(tokens(para, names)).items()):
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


def readable(term: str, names=()) -> str:
    """A term as a reader would write it, undoing the tokenisation rule: the longest runs of its
    words that spell one of `names` (entity names and aliases, any number of words) are written
    as the table writes that name, the other words as they are, the pieces of a hyphenated
    term joined by "-". "new_zealand" gives "New Zealand", "asean_new_zealand" gives
    "ASEAN-New Zealand", "mekong_japan" gives "Mekong-Japan" (a word written capitalised in a
    table keeps its capital inside a compound), "sub_regional" gives "sub-regional"."""
    spelled = {tuple(name_words(n)): n for n in sorted(names, key=len, reverse=True) if name_words(n)}
    cased = {w.lower(): w for n in sorted(names) for w in TOKEN.findall(n) if not w.islower()}
    parts, out, i = term.split("_"), [], 0
    while i < len(parts):
        j = next((j for j in range(len(parts), i, -1) if tuple(parts[i:j]) in spelled), None)
        if j is None:
            out.append(cased.get(parts[i], parts[i]) if len(parts) > 1 else parts[i])
            i += 1
        else:
            out.append(spelled[tuple(parts[i:j])])
            i = j
    return "-".join(out)


def readable_terms(terms, entities: pd.DataFrame, aliases: pd.DataFrame) -> dict[str, str]:
    """`readable` of each of `terms`, with the names of the entities and aliases tables."""
    names = pd.concat([entities["name"], aliases["alias"]]).astype(str).tolist()
    return {t: readable(t, names) for t in terms}
