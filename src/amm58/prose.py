"""The notebooks' figure titles, alt text and sentences with numbers, computed from the data.

`findings` writes each notebook's key findings; this module writes the rest of what a notebook
says with a number, a count, a name or a direction in it: each figure's `title=` (`*_title`),
its alt text (`*_alt`, shown with `display.show_figure`) and the sentences around it
(`*_text`, shown as Markdown with `display.markdown`). Each returns a string built from the
loaded `Dataset`, including the branch the data take ("no theme differs clearly", or the
theme's name when one does), so the same notebook run on another package
(`make report DATA_DIR=...`) says what that package shows. Prose that states no number stays
in the notebooks' Markdown cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from . import analysis as A
from . import method as M
from . import stats as S
from .findings import _done_before, _names, _pct
from .plots.style import typeset  # the house typography, for titles built here and for every figure text

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset

#: A theme coded in this many passages or fewer by either pass rests on few positives (as in
#: `findings.tour`).
FEW_POSITIVES = 5
#: A kappa at or above this is called high.
HIGH_KAPPA = 0.8
#: Observed and expected co-occurrence are "about as many" while their ratio (the lift) lies
#: within these bounds.
ABOUT_AS_MANY = (0.8, 1.25)

_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_WORDS += "seventeen eighteen nineteen twenty"
WORDS = _WORDS.split()


def word(n: int) -> str:
    """A count as a word up to twenty ('fourteen'), in digits above."""
    n = int(n)
    return WORDS[n] if 0 <= n < len(WORDS) else f"{n:,}"


def cap(s: str) -> str:
    """The sentence `s` with its first letter upper-case."""
    return s[:1].upper() + s[1:]


def times(n: int) -> str:
    """'never', 'once', 'twice', 'three times'."""
    return {0: "never", 1: "once", 2: "twice"}.get(int(n), f"{word(n)} times")


def quantity(k: int, n: int) -> str:
    """How many of n a count k is, before a plural noun: 'all', 'most', 'half the', 'some', 'no'."""
    if k == n and n > 0:
        return "all"
    if k == 0:
        return "no"
    if 2 * k > n:
        return "most"
    return "half the" if 2 * k == n else "some"


def count(n: int, noun: str, *, words: bool = False) -> str:
    """'1 passage', '3 passages' (or 'one passage', 'three passages' with `words`)."""
    return f"{word(n) if words else int(n)} {noun if int(n) == 1 else noun + 's'}"


def _is(n: int) -> str:
    return "is" if int(n) == 1 else "are"


def _of(k: int, n: int) -> str:
    return f"{int(k)} of {int(n)}"


def _stage_counts(ds: Dataset) -> pd.Series:
    """Passages per stage, pre-meeting first."""
    p = A.passages_with_stage(ds)
    return p.stage.value_counts().reindex(["pre-meeting", "post-meeting"], fill_value=0)


def texts(ds: Dataset) -> str:
    """What a before/after comparison compares: 'the two texts' with one interview per stage,
    'the two stages' otherwise."""
    per_stage = ds.sources.stage.astype(str).value_counts()
    return "the two texts" if (per_stage == 1).all() else "the two stages"


def source_names(ds: Dataset) -> dict[str, str]:
    """Per source_id, how a sentence names its interview: by stage ('pre-meeting') when each
    stage has one interview, else by stage and interviewee ('pre-meeting (Ann)')."""
    s = ds.sources.astype({"source_id": str, "stage": str, "interviewee": str})
    if s.stage.is_unique:
        return dict(zip(s.source_id, s.stage, strict=True))
    return dict(zip(s.source_id, s.stage + " (" + s.interviewee + ")", strict=True))


def _both_stages(ds: Dataset) -> str:
    """'both interviews' with one interview per stage, 'both stages' otherwise."""
    return "both interviews" if texts(ds) == "the two texts" else "both stages"


def _pooled(ds: Dataset) -> str:
    """'Both interviews pooled', 'All three interviews pooled'."""
    return cap(_interviews(ds)) + " pooled"


def _interviews(ds: Dataset) -> str:
    """'both interviews', 'all three interviews'."""
    n = len(ds.sources)
    return "both interviews" if n == 2 else f"all {word(n)} interviews"


# --- 00 dataset tour ---------------------------------------------------------------------


def codebook_size(ds: Dataset) -> str:
    """The codebook's size: 'Fourteen themes, four of them core.'"""
    return f"{cap(word(len(ds.themes)))} themes, {word(int(ds.themes.core.sum()))} of them core."


def kappa_title(reliability: pd.DataFrame) -> str:
    """The kappa figure's title from `stats.kappa_intervals`: on how many themes the point
    estimate of kappa is at least `HIGH_KAPPA` ("estimated": the intervals may reach lower), and
    how many of those rest on few passages coded by either coder (with their range), the
    warning that the intervals carry."""
    r = reliability
    high = r[r.kappa >= HIGH_KAPPA]
    few = high[high.n_either <= FEW_POSITIVES]
    out = f"Estimated agreement is “almost perfect” on {_of(len(high), len(r))} themes"
    if len(few) == 0:
        return out
    lo, hi = int(few.n_either.min()), int(few.n_either.max())
    span = f"{lo}" if lo == hi else f"{lo}–{hi}"
    those = "that one rests" if len(high) == 1 else f"{len(few)} of those rest"
    return out + f", but {those} on {span} {'passage' if hi == 1 else 'passages'} coded by either coder"


def kappa_subtitle(ds: Dataset, first: str = "a", second: str = "b") -> str:
    """What the kappa figure compares, from `coding_log` and the passages: 'Two coders, the
    curator and a second coder (not named), each coded all 45 passages'; a pass the log does
    not describe is "another coder"."""
    who = dict(zip(ds.coding_log.step_id.astype(str), ds.coding_log.coder.astype(str), strict=True))

    def named(step: str) -> str:
        head, _, rest = who.get(step, "another coder").partition(", ")
        return f"{head} ({rest})" if rest else head

    return f"Two coders, {named(first)} and {named(second)}, each coded all {len(ds.passages)} passages"


def _perfect(reliability: pd.DataFrame) -> pd.DataFrame:
    """Themes both passes coded identically, at least once, fewest positives first."""
    r = reliability
    return r[(r.n_both == r.n_either) & (r.n_either > 0)].sort_values(["n_either", "theme_id"])


def kappa_alt(reliability: pd.DataFrame) -> str:
    """The kappa figure's alt text: how many themes have kappa 1.00, the widest agreement
    interval among them, and the lowest kappa with its interval."""
    r = reliability
    n_one = int((r.kappa == 1).sum())
    out = (
        "Cohen's kappa between the two coding passes per theme, with bootstrap 95% intervals, and beside it how "
        "many of the passages either pass coded both passes coded, with the Wilson 95% interval of that agreement. "
        f"{_of(n_one, len(r))} themes have a kappa of 1.00 with no disagreement, so their bootstrap interval "
        "collapses to a point"
    )
    perfect = _perfect(r)
    if len(perfect):
        p = perfect.iloc[0]
        out += (
            f"; the agreement interval shows how little a few passages prove ({p.label}: "
            f"{_of(p.n_both, p.n_either)}, {100 * p.positive_agreement_lo:.0f}–100%)"
        )
    defined = r.dropna(subset=["kappa"])
    if len(defined):
        lo = defined.sort_values(["kappa", "theme_id"]).iloc[0]
        out += (
            f". Kappa is lowest for {lo.label}: {lo.kappa:.2f}, interval {lo.kappa_lo:.2f} to {lo.kappa_hi:.2f}, "
            f"{_of(lo.n_both, lo.n_either)} passages agreed"
        )
    return out + "."


def kappa_text(reliability: pd.DataFrame) -> str:
    """The sentence under the kappa figure: how many themes reach 1.00, and how low the Wilson
    bound of full agreement is on the fewest positives."""
    r = reliability
    n_one = int((r.kappa == 1).sum())
    out = (
        f"{cap(quantity(n_one, len(r)))} themes ({_of(n_one, len(r))}) reach a kappa of 1.00 with no disagreement "
        "at all, which makes their bootstrap interval collapse to a point"
    )
    perfect = list(_perfect(r).drop_duplicates("n_either").head(2).itertuples())
    if not perfect:
        return out + "."
    p = perfect[0]
    out += (
        "; the Wilson interval in the right-hand column is the honest width: full agreement on "
        f"{word(p.n_either)} coded {'passage' if p.n_either == 1 else 'passages'} is compatible with agreement on as "
        f"few as {_pct(p.positive_agreement_lo)} of them (its Wilson lower bound)"
    )
    if len(perfect) > 1:
        out += f", and on {word(perfect[1].n_either)} with as few as {_pct(perfect[1].positive_agreement_lo)}"
    return out + "."


# --- 01 themes ---------------------------------------------------------------------------


def comparison_intro(ds: Dataset) -> str:
    """What the before/after table of themes compares: passages per stage, number of themes."""
    n = _stage_counts(ds)
    return (
        f"Each theme's share of the {n['pre-meeting']} pre-meeting passages against its share of the "
        f"{n['post-meeting']} post-meeting ones, with a Wilson 95% interval for each share, a Newcombe 95% interval "
        "for the difference (in percentage points), Fisher's exact test, and Holm's correction across the "
        f"{word(len(ds.themes))} themes."
    )


def _clear_labels(tc: pd.DataFrame) -> list[str]:
    return list(tc.loc[tc.clear_difference, "label"])


def theme_shift_title(ds: Dataset) -> str:
    """The dumbbell figure's title: which theme's share differs clearly between the stages
    after allowing for the number of comparisons, or that none does."""
    tc = S.theme_comparison(ds)
    clear = _clear_labels(tc)
    if not clear:
        return f"No theme's share differs clearly between {texts(ds)}, allowing for {len(tc)} comparisons"
    return f"Only {_names(clear)} {_verb(clear)} clearly between {texts(ds)}, allowing for {len(tc)} comparisons"


def theme_shift_subtitle(ds: Dataset) -> str:
    """The dumbbell figure's line under the title: how to read the two panels, and the rows'
    order."""
    return (
        "Judge differences from the right panel, not from overlapping intervals at left. Ordered by difference; "
        "core themes in bold"
    )


def theme_shift_header(ds: Dataset) -> str:
    """The heading of the dumbbell figure's difference panel, with the adjusted interval's
    confidence (`stats.bonferroni_level`): "Post − pre (99.6% interval)"."""
    level = 100 * S.bonferroni_level(len(S.theme_comparison(ds)))
    return f"Post − pre ({level:.1f}% interval)"


def _verb(labels: list[str]) -> str:
    return "differs" if len(labels) == 1 else "differ"


def theme_shift_alt(ds: Dataset) -> str:
    """The dumbbell figure's alt text: the two panels, and the themes whose interval of the
    difference, adjusted for the number of comparisons (the one drawn and the one that decides),
    excludes zero, so whether any difference is clear."""
    tc = S.theme_comparison(ds)
    n = _stage_counts(ds)
    level = 100 * S.bonferroni_level(len(tc))
    out = (
        f"Left: each theme's share of passages in the pre-meeting ({n['pre-meeting']} passages) and post-meeting "
        f"({n['post-meeting']} passages) interviews, with Wilson 95% intervals and counts. Right: the difference in "
        f"points with its Newcombe {level:.1f}% interval, adjusted for the {len(tc)} comparisons. "
    )
    excl = tc[tc.adjusted_excludes_zero]
    out += (
        "No adjusted interval excludes zero"
        if excl.empty
        else f"The adjusted interval excludes zero for {_names(list(excl.label))}"
    )
    clear = _clear_labels(tc)
    if not clear:
        return out + ", so no theme's share differs clearly."
    return out + f"; {_names(clear)} {_verb(clear)} clearly."


def _ranked_themes(ds: Dataset) -> pd.DataFrame:
    """theme_counts with each theme's rank in its source (1: most passages; ties: codebook order)."""
    tc = A.theme_counts(ds)
    order = tc.groupby("source_id", sort=False).cumcount()  # codebook order within a source
    reading = {s: i for i, s in enumerate(A.source_order(ds.sources))}
    tc = tc.assign(_o=order, _s=tc.source_id.map(reading))
    tc = tc.sort_values(["_s", "n_passages", "_o"], ascending=[True, False, True])
    return tc.assign(rank=tc.groupby("_s").cumcount() + 1)


def theme_shift_text(ds: Dataset) -> str:
    """The sentence under the dumbbell figure: the largest and the second theme in each
    interview (which interval decides a clear difference is `findings.adjusted_intervals`)."""
    ranked = _ranked_themes(ds)
    out = []
    for rank, what in ((1, "the largest theme"), (2, "second")):
        labels = ranked[ranked["rank"] == rank].label.unique()
        if len(labels) == 1:
            out.append(f"{labels[0]} is {what} in {_interviews(ds)}")
        else:
            per = ranked[ranked["rank"] == rank]
            name = source_names(ds)
            out.append(
                f"{what} is " + _names([f"{r.label} in the {name[r.source_id]} interview" for r in per.itertuples()])
            )
    return cap(out[0]) + ", and " + out[1] + "."


def _direction(a: float, b: float, *, more: str = "more", fewer: str = "fewer", tol: float = 0.05) -> str:
    """'more', 'fewer' or 'as many' for a against b."""
    if abs(a - b) <= tol:
        return "as many"
    return more if a > b else fewer


def codes_per_passage_text(ds: Dataset) -> str:
    """How many theme codes a passage carries per stage: 'post-meeting passages carry more
    theme codes (2.7 against 2.1)'."""
    codes = A.coded_passages(ds).groupby("stage").size()
    n = _stage_counts(ds)
    pre, post = codes.get("pre-meeting", 0) / n["pre-meeting"], codes.get("post-meeting", 0) / n["post-meeting"]
    return (
        f"Passages are paragraphs of unequal length, and post-meeting passages carry {_direction(post, pre)} theme "
        f"codes on average ({post:.1f} against {pre:.1f})."
    )


def top_pair(ds: Dataset) -> pd.Series:
    """The pair of themes that shares most passages (`stats.cooccurrence_vs_chance` row; ties:
    codebook order), as `findings.themes` names it."""
    co = S.cooccurrence_vs_chance(ds)
    return co.sort_values(["observed", "theme_a", "theme_b"], ascending=[False, True, True]).iloc[0]


def top_pair_labels(ds: Dataset) -> tuple[str, str]:
    """The labels of `top_pair`, for the co-occurrence figure's `highlight=`."""
    p = top_pair(ds)
    return (p.label_a, p.label_b)


def _against_chance(lift: float) -> str:
    lo, hi = ABOUT_AS_MANY
    if lo <= lift <= hi:
        return "about as many passages as"
    return "more passages than" if lift > hi else "fewer passages than"


def _shown_pairs(ds: Dataset, min_observed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """All pairs (`stats.cooccurrence_vs_chance`), the pairs the co-occurrence figure draws
    (sharing at least `min_observed` passages, or the most shared) and that least count."""
    co = S.cooccurrence_vs_chance(ds)
    least = min(min_observed, int(co.observed.max()))
    return co, co[co.observed >= least], least


def _above(pairs: pd.DataFrame) -> int:
    """How many of `pairs` lie above their 95% chance range (the filled dots)."""
    return int((pairs.observed > _chance_top(pairs)).sum())


def cooccurrence_title(ds: Dataset, min_observed: int = 3) -> str:
    """The co-occurrence figure's title: how many of all the theme pairs share more passages
    than their unadjusted 95% chance range (the filled dots; if some lie among the pairs not
    drawn, how many are drawn), and how many chance alone would put there."""
    co, shown, _ = _shown_pairs(ds, min_observed)
    above, drawn = _above(co), _above(shown)
    out = f"{above} of {count(len(co), 'theme pair')} {'shares' if above == 1 else 'share'} passages beyond chance"
    if drawn < above:
        out += f" ({drawn} of them shown)"
    return out + f"; about {_about(_chance_above(co))} would by chance alone"


def cooccurrence_alt(ds: Dataset, min_observed: int = 3) -> str:
    """The co-occurrence figure's alt text: the pairs drawn, how many share passages more often
    than chance, and the most frequent pair's count and expectation."""
    p = top_pair(ds)
    co = S.cooccurrence_vs_chance(ds)
    least = min(min_observed, int(co.observed.max()))
    shown = co[co.observed >= least]
    hi = _chance_top(shown)
    above = int((shown.observed > hi).sum())
    verb = "shares" if len(shown) == 1 else "share"
    return (
        f"Dot plot of the {count(len(shown), 'theme pair')} that {verb} at least {count(least, 'passage')}, of the "
        f"{len(co)}: each dot the passages with both themes, on a grey band over the range 95% of chance "
        "arrangements give if the two themes were independent, a white notch at the expected count. "
        f"{cap(word(above))} "
        f"{'pair lies' if above == 1 else 'pairs lie'} above the unadjusted 95% range (filled dots); each range is "
        f"one pair's alone, not adjusted for the {count(len(co), 'pair')} compared. The most frequent pair, "
        f"{p.label_a} with {p.label_b}, is in {_of(p.observed, p.n_total)} passages, "
        f"{_against_chance(p.lift).replace(' passages', '')} the {p.expected:.1f} expected if the two were independent."
    )


def cooccurrence_subtitle(ds: Dataset, min_observed: int = 3) -> str:
    """The co-occurrence figure's line under the title: which pairs are drawn, of how many,
    whether any pair left out lies above its range, and the rows' order."""
    co, shown, least = _shown_pairs(ds, min_observed)
    n = int(co.n_total.iloc[0])
    out = f"The {len(shown)} of {count(len(co), 'pair')} sharing at least {least} of {n} passages"
    hidden = _above(co.drop(shown.index))
    if len(shown) < len(co):
        out += (
            " (no other is above its range)"
            if hidden == 0
            else f" ({hidden} other {'is' if hidden == 1 else 'are'} above its range)"
        )
    return out + ", by observed minus expected"


def _about(x: float) -> str:
    """An expected count in words for "about …": one decimal below 1 ("0.6"), else whole ("2")."""
    return f"{x:.1f}" if x < 0.95 else f"{x:.0f}"


def _chance_above(pairs: pd.DataFrame) -> float:
    """How many of `pairs` would lie above their 95% chance range (`plots.chance_range`) by
    chance alone, if every pair's two themes were independent: the sum over the pairs of the
    hypergeometric probability of a count above the range's top."""
    from scipy.stats import hypergeom

    top = _chance_top(pairs).to_numpy(float)
    dist = hypergeom(pairs.n_total.to_numpy(), pairs.n_a.to_numpy(), pairs.n_b.to_numpy())
    return float(dist.sf(top).sum())


def _chance_top(pairs: pd.DataFrame) -> pd.Series:
    """The top of the 95% chance range of each pair (`plots.chance_range`), as the figure draws it."""
    from .plots.dots import chance_range

    return pd.Series(chance_range(pairs.n_a, pairs.n_b, pairs.n_total)[1], index=pairs.index)


def cooccurrence_text(ds: Dataset) -> str:
    """The sentences under the co-occurrence figure: the top pair against chance, and the pair
    with most shared passages among those expected in fewer than one passage."""
    p = top_pair(ds)
    lo, hi = ABOUT_AS_MANY
    how = (
        "about as often as chance would give"
        if lo <= p.lift <= hi
        else ("more often than chance would give" if p.lift > hi else "less often than chance would give")
    )
    out = (
        f"The pair that shares most passages, {p.label_a} with {p.label_b}, does so {how} "
        f"({p.observed} against {p.expected:.1f})"
    )
    if lo <= p.lift <= hi:
        out += ": both themes are common, so sharing passages says nothing about a tie between them"
    co = S.cooccurrence_vs_chance(ds)
    small = co[(co.expected < 1) & (co.observed > co.expected)]
    if small.empty:
        return out + "."
    s = small.sort_values(["observed", "lift", "theme_a", "theme_b"], ascending=[False, False, True, True]).iloc[0]
    return (
        out + f". Of the {count(len(small), 'pair')} above chance that are expected in fewer than one passage, the one "
        f"sharing "
        f"most passages is {s.label_a} with {s.label_b} ({s.observed} against {s.expected:.1f}): with so few "
        "passages expected, read such pairs as leads, not findings."
    )


def _core_counts(ds: Dataset) -> pd.DataFrame:
    tc = A.theme_counts(ds)
    return tc[tc.theme_id.isin(ds.themes.loc[ds.themes.core, "theme_id"])]


def positions_title(ds: Dataset) -> str:
    """The position figure's title: in how many passages of each interview the core themes
    come up, each theme's range ("1–3"), as the figure's "k/n" column shows them."""
    core = _core_counts(ds)
    label = source_names(ds)
    parts, single = [], True
    for sid, g in core.groupby("source_id", sort=False):
        lo, hi = int(g.n_passages.min()), int(g.n_passages.max())
        if lo == hi:
            span = "no" if lo == 0 else f"{lo}"
        else:
            span = f"at most {hi}" if lo == 0 else f"{lo}–{hi}"
        parts.append(f"{span} {label[sid]}")
        single = single and hi == 1 and lo in (0, 1)
    return "Each core theme comes up in " + _names(parts) + (" passage" if single else " passages")


def positions_subtitle(ds: Dataset) -> str:
    """The position figure's line under the title: what a tick is, and the rows' order."""
    return "Each tick: a passage with the theme, at its place in the interview. Core themes, in codebook order"


def positions_alt(ds: Dataset) -> str:
    """The position figure's alt text: each core theme's counts per interview, where the
    marks fall, and whether any of these differences is clear."""
    core = _core_counts(ds)
    per = core.pivot_table(index="label", columns="source_id", values=["n_passages", "n_source_passages"], sort=False)
    sources = A.source_order(ds.sources)
    stage = source_names(ds)
    counts = [
        f"{label} "
        + " against ".join(f"{_of(r['n_passages'][s], r['n_source_passages'][s])} {stage[s]}" for s in sources)
        for label, r in per.iterrows()
    ]
    pos = A.theme_positions(ds, core_only=True)
    spans = [
        f"in the {stage[s]} interview they fall "
        + (
            f"at {_pct(g.position.min())}"
            if g.position.min() == g.position.max()
            else f"from {_pct(g.position.min())} to {_pct(g.position.max())}"
        )
        + " of the way through"
        for s, g in pos.groupby("source_id", sort=False)
    ]
    tc = S.theme_comparison(ds)
    clear = list(tc.loc[tc.core & tc.clear_difference, "label"])
    return (
        "Positions of the passages carrying each core theme, one sub-row per interview, from the first passage to "
        "the last: "
        + "; ".join(counts)
        + "; "
        + "; ".join(spans)
        + ". "
        + ("None of these differences is clear." if not clear else f"The difference is clear for {_names(clear)}.")
    )


def themes_caveat(ds: Dataset) -> str:
    """The caveat on sample size: passages per stage, how far one or two passages move a
    share, and how many themes are compared."""
    n = _stage_counts(ds)
    one, two = 100 / n.max(), 200 / n.min()
    return (
        f"The interviews are short: {n['pre-meeting']} and {n['post-meeting']} passages per stage, so a difference "
        f"of one or two passages moves a share by {one:.0f} to {two:.0f} points, and every interval above is wide. "
        f"{cap(word(len(ds.themes)))} themes are compared at once, so a few unadjusted intervals may exclude zero "
        "by chance; Holm's correction accounts for that."
    )


# --- 02 trade and agreements -------------------------------------------------------------


def _plural(kind: str) -> str:
    return kind + "s"


def _kinds(ap: pd.DataFrame) -> pd.Series:
    """Agreements per kind, most first (ties: by kind)."""
    return ap.kind.astype(str).value_counts().sort_index().sort_values(ascending=False, kind="stable")


def progress_title(ds: Dataset) -> str:
    """The progress figure's title, one finding: how many of the agreements, plans and
    initiatives are reported done."""
    ap = A.agreement_progress(ds)
    done = int((ap.progress == "reported done").sum())
    return f"Of {len(ap)} agreements, plans and initiatives, {done} {_is(done)} reported done"


def progress_subtitle(ds: Dataset) -> str:
    """The progress figure's subtitle, two plain sentences: the items counted (their number,
    the title's), pooled, each once at its status; the largest named kinds, and how many kinds
    with one item each are folded into the last bar."""
    ap = A.agreement_progress(ds)
    kinds = _kinds(ap)
    single = int((kinds == 1).sum())
    top = kinds[kinds > 1].head(2)
    out = f"{_pooled(ds)}: each of the {len(ap)} agreements, plans and initiatives counts once, at its status as coded."
    if len(top):
        verb = "is the largest named kind" if len(top) == 1 else "are the largest named kinds"
        out += f" {cap(_names([_plural(k) for k in top.index]))} {verb}"
        out += f"; the {single} kinds with one item each share the last bar." if single > 1 else "."
    return out


def note_lines(*lines: str) -> str:
    """A figure's note from lines (empty ones left out), each on its own line."""
    return "\n".join(line for line in lines if line)


def progress_note(ds: Dataset) -> str:
    """The progress figure's note line: the kinds folded into the last bar, by name, and the
    FTAs that the FTA chart does not show (named with no partner)."""
    ap = A.agreement_progress(ds)
    kinds = _kinds(ap)
    single = sorted(kinds.index[kinds == 1])
    out = f"The {word(len(single))} kinds with one item each: {_names(single)}." if len(single) > 1 else ""
    return out


#: Display names of agreement kinds where the data's short form is an abbreviation.
KIND_NAMES = {"FTA": "free trade agreement (FTA)"}


def progress_alt(ds: Dataset) -> str:
    """The progress figure's alt text: every progress class and the two most frequent kinds."""
    ap = A.agreement_progress(ds)
    n = ap.progress.value_counts()
    classes = [f"{int(n.get(p, 0))} {p}" for p in A.PROGRESS_ORDER if p != "status not stated"]
    top = _kinds(ap).head(2)
    return (
        f"Of the {len(ap)} agreements, plans and initiatives the interviews mention, "
        + ", ".join(classes)
        + f" and {int(n.get('status not stated', 0))} have no stated status; "
        + _names([f"{_plural(k)} ({v})" for k, v in top.items()])
        + " are the most frequent kinds."
    )


def progress_text(ds: Dataset) -> str:
    """The sentences under the progress figure: the most frequent kind and its usual progress,
    what the items reported done are, and where the FTAs stand."""
    ap = A.agreement_progress(ds)
    kinds = _kinds(ap)
    top = kinds.index[0]
    tp = ap[ap.kind == top].progress.value_counts()
    out = (
        f"{cap(_plural(top))} are the most frequent kind ({_of(kinds.iloc[0], len(ap))}), and "
        f"{_of(tp.iloc[0], kinds.iloc[0])} {_is(tp.iloc[0])} {tp.index[0]}."
    )
    done = ap[ap.progress == "reported done"]
    if len(done):
        by = done.groupby(done.status.astype(str), sort=True).kind.agg(
            lambda k: _names(sorted({_plural(x) for x in k}))
        )
        sizes = done.status.astype(str).value_counts()
        out += (
            f" The {len(done)} reported done are "
            + _names([f"{sizes[s]} {s} ({by[s]})" for s in by.index])
            + _done_before(ds, ap)
            + "."
        )
    fta = ap[(ap.kind == "FTA") & (ap.progress != "reported done")].progress.value_counts()
    if len(fta):
        out += " The other FTAs are " + _names([f"{p} ({v})" for p, v in fta.items()]) + "."
    return out


def _fta_stages(ds: Dataset) -> tuple[list[str], list[str], list[str]]:
    """FTA partners named in both stages, only before, only after (each sorted by name)."""
    fp = A.fta_partners(ds)
    stages = fp.groupby("partner").stage.agg(lambda s: frozenset(map(str, s)))
    both = sorted(stages.index[stages.map(len) > 1])
    pre = sorted(stages.index[stages == frozenset({"pre-meeting"})])
    post = sorted(stages.index[stages == frozenset({"post-meeting"})])
    return both, pre, post


def _listed_together(ds: Dataset, stage: str) -> int:
    """How many partners a stage names in its one FTA row, when it names them all in one row
    (a collective list, no agreement named); 0 otherwise."""
    fp = A.fta_partners(ds)
    s = fp[fp.stage == stage]
    return s.partner.nunique() if s.agreement_id.nunique() == 1 and s.partner.nunique() > 1 else 0


def _fta_per_stage(ds: Dataset, partner_word: str, *, list_partners: bool) -> str:
    """Per interview stage, how many partners (and, with `list_partners`, which) it names in how
    many FTA rows: "The pre-meeting interview names three partners in three FTA rows; ..."."""
    fp = A.fta_partners(ds)
    parts = []
    for stage in ("pre-meeting", "post-meeting"):
        s = fp[fp.stage == stage]
        names = f" ({_names(sorted(s.partner.unique()))})" if list_partners else ""
        parts.append(
            f"the {stage} interview names {count(s.partner.nunique(), partner_word, words=True)}{names} in "
            f"{count(s.agreement_id.nunique(), 'FTA row', words=True)}"
        )
    return cap("; ".join(parts)) + "."


def fta_intro(ds: Dataset) -> str:
    """Which FTAs and partners each interview names, in counts."""
    return _fta_per_stage(ds, "partner", list_partners=False)


def _fta_clause(fp: pd.DataFrame) -> str:
    """What one stage's FTA rows name: "six partners in one phrase" (one collective row),
    "three FTAs by name" (each its own row), "no FTA"."""
    if fp.empty:
        return "no FTA"
    if fp.agreement_id.nunique() == 1 and fp.partner.nunique() > 1:
        return f"{word(fp.partner.nunique())} partners in one phrase"
    return f"{count(fp.agreement_id.nunique(), 'FTA', words=True)} by name"


def fta_title(ds: Dataset) -> str:
    """The FTA figure's title: what each stage names, side by side (specific agreements, or
    partners listed in one collective phrase), so that unlike things are not compared."""
    fp = A.fta_partners(ds)
    pre, post = (_fta_clause(fp[fp.stage == st]) for st in ("pre-meeting", "post-meeting"))
    return f"Pre-meeting {_interview_word(ds, 'pre-meeting')}: {pre}; post-meeting: {post}"


def _interview_word(ds: Dataset, stage: str) -> str:
    return "interview" if int((ds.sources.stage.astype(str) == stage).sum()) == 1 else "interviews"


def _fta_passages(ds: Dataset) -> dict[str, tuple[int, int]]:
    """Per stage, the passages naming an FTA partner and all its passages."""
    fp = A.fta_partners(ds)
    n = _stage_counts(ds)
    return {st: (fp[fp.stage == st].passage_id.nunique(), int(n[st])) for st in ("pre-meeting", "post-meeting")}


def fta_stage_labels(ds: Dataset, stage: str) -> str:
    """A column header of the FTA table: the stage, then the passages its FTAs rest on,
    "pre-meeting interview\n1 of 21 passages"."""
    k, n = _fta_passages(ds)[stage]
    return f"{stage} {_interview_word(ds, stage)}\n{k} of {count(n, 'passage')}"


def fta_subtitle(ds: Dataset) -> str:
    """The FTA figure's subtitle, two plain sentences: what an FTA partner is, and what a
    blank cell means (the passages per stage are in the column heads)."""
    return (
        "FTA partner: a country an interview ties to an ASEAN free trade agreement, as coded; each cell gives the "
        "agreement as the interview names it. A blank cell means that interview ties no FTA to the partner, not "
        "that the partner has none."
    )


def fta_note(ds: Dataset) -> str:
    """The FTA figure's note line: how its rows square with the FTA count of the agreements
    chart (FTAs named with no partner are not drawn here), in words that stand alone."""
    ap = A.agreement_progress(ds)
    ftas = ap[ap.kind == "FTA"]
    shown = set(A.fta_partners(ds).agreement_id)
    rest = ftas[~ftas.agreement_id.isin(shown)]
    if rest.empty:
        return ""
    per = A.fta_partners(ds).groupby("agreement_id").partner.nunique()
    named, together = int((per == 1).sum()), int((per > 1).sum())
    drawn = f"{named} by name" + (f", {together} as one collective phrase" if together else "")
    return (
        f"The chart of agreements by kind counts {count(len(ftas), 'FTA')}: the {len(ftas) - len(rest)} drawn here "
        f"({drawn}) and {_names([f'‘{n}’' for n in rest.short_name])}, to which no partner is tied."
    )


def fta_alt(ds: Dataset) -> str:
    """The FTA figure's alt text: per interview, how many FTA rows and which partners."""
    return _fta_per_stage(ds, "FTA partner", list_partners=True)


def fta_text(ds: Dataset) -> str:
    """The sentence under the FTA figure: how many of the pre-meeting partners recur after,
    and how many passages the dots come from."""
    fp = A.fta_partners(ds)
    pre, post = set(fp[fp.stage == "pre-meeting"].partner), set(fp[fp.stage == "post-meeting"].partner)
    k = len(pre & post)
    which = f"All {word(k)}" if k == len(pre) and k > 1 else f"{cap(word(k))} of the {word(len(pre))}"
    return (
        f"{which} partners of the pre-meeting interview's FTAs {_is(k)} among the {word(len(post))} of the "
        f"post-meeting list; the {count(len(fp), 'dot')} come from {count(fp.passage_id.nunique(), 'passage')}:"
    )


def trade_status_text(status: pd.DataFrame) -> str:
    """The sentence under a table of `analysis.agreement_status_by_stage` rows: how many are
    mentioned only before, only after and in both, and whether the post-meeting interview
    states a status for those in both."""
    pre, post = status.status_pre != "", status.status_post != ""
    both = status[pre & post]
    out = f"Of these {len(status)}, {int((pre & ~post).sum())} are mentioned only in the pre-meeting interview and "
    out += f"{int((post & ~pre).sum())} only in the post-meeting one"
    if both.empty:
        return out + "; none is mentioned in both."
    unstated = both[both.status_post == "not stated"]
    out += f"; {_names(list(both.short_name))} {'is the only one' if len(both) == 1 else 'are'} in both"
    if len(unstated):
        it = "it" if len(both) == 1 else _names(list(unstated.short_name))
        out += f", and the post-meeting interview states no status for {it}"
    return out + "."


def signed_text(ds: Dataset) -> str:
    """The sentences under the done-or-planned table: how many are reported signed and what
    they are, on which stage the planned items rest, and what became of items to be signed."""
    ap = A.agreement_progress(ds)
    stage = A.passages_with_stage(ds).set_index("passage_id").stage
    signed = ap[ap.status == "signed"]
    kinds = sorted({_plural(str(k)) for k in signed.kind})
    out = f"{'Only ' if len(signed) < len(ap) / 2 else ''}{_of(len(signed), len(ap))} are reported as signed"
    out += f" ({_names(kinds)})." if len(signed) else "."
    planned = ap[ap.progress == "planned or proposed"]
    if len(planned):
        k = int((planned.passage_id.map(stage) == "pre-meeting").sum())
        which = f"All {k}" if k == len(planned) else _of(k, len(planned))
        out += f" {which} planned or proposed items rest on pre-meeting passages"
    to_sign = ap[ap.status == "to be signed"]
    if len(to_sign):
        st = A.agreement_status_by_stage(ds).set_index("agreement_id")
        reported = to_sign.agreement_id.map(st.status_post).str.contains("signed", na=False)
        names = _names(list(to_sign.short_name))
        if not reported.any():
            out += (
                f"; the {word(len(to_sign))} {'item' if len(to_sign) == 1 else 'items'} set out as to be signed, "
                f"{names}, {'has' if len(to_sign) == 1 else 'have'} no reported signature in the post-meeting interview"
            )
        else:
            out += (
                f"; of the {word(len(to_sign))} set out as to be signed ({names}), the post-meeting interview reports "
                f"a signature for {_of(int(reported.sum()), len(to_sign))}"
            )
    return out + ("." if len(planned) or len(to_sign) else "")


# --- 03 partner coverage -----------------------------------------------------------------


def _coverage(ds: Dataset) -> pd.DataFrame:
    return A.partner_coverage(ds, kinds=A.PARTNER_KINDS)


def _totals(cov: pd.DataFrame) -> pd.Series:
    """Passages per partner, most first (ties: by name)."""
    return cov.groupby("name").n_passages.sum().sort_values(ascending=False, kind="stable")


def _only_in(cov: pd.DataFrame) -> dict[str, list[str]]:
    """Partners named in only one stage, by stage, sorted by name."""
    stages = cov.groupby("name").stage.agg(lambda s: sorted(set(map(str, s))))
    one = stages[stages.map(len) == 1].map(lambda s: s[0])
    return {st: sorted(one.index[one == st]) for st in ("pre-meeting", "post-meeting")}


def _partner_list(names: list[str], limit: int = 3) -> str:
    """Names up to `limit`, else a count: 'Russia and United States', 'seven partners'."""
    if not names:
        return "no partner"
    return _names(names) if len(names) <= limit else f"{word(len(names))} partners"


def _partner_comparison(ds: Dataset) -> pd.DataFrame:
    """Per partner, its passages in each stage against the stage's passages, with the
    intervals and tests of `stats.compare_counts` (one row per partner, by name)."""
    return S.partner_comparison(ds)


def _partner_verdict(ds: Dataset) -> str:
    """Whether any partner's share of passages differs clearly between the stages: "no
    partner's share differs clearly", or the partners whose does."""
    c = _partner_comparison(ds)
    clear = list(c.index[c.clear_difference])
    by = "by interview" if texts(ds) == "the two texts" else "by stage"
    if clear:
        return f"only {_names(clear)} {'differs' if len(clear) == 1 else 'differ'} clearly {by}"
    return f"no partner differs clearly {by}"


def _leaders(per: pd.Series) -> tuple[list[str], int, int]:
    """The leaders of a count per partner (sorted most first): every partner within one of the
    top count, so that a lead of one passage is not called a lead; their names (in `per`'s
    order), lowest and highest count."""
    if per.empty:
        return [], 0, 0
    top = int(per.iloc[0])
    lead = per[per >= top - 1]
    return list(lead.index), int(lead.min()), top


def _span(lo: int, hi: int) -> str:
    """'6' or '5–6'."""
    return str(hi) if lo == hi else f"{lo}–{hi}"


def _partner_counts(ds: Dataset, unit: str) -> pd.Series:
    """Per partner, its count in `unit` ("passages", "mentions", "links"), most first, ties by
    name."""
    if unit == "passages":
        per = _coverage(ds).groupby("name").n_passages.sum()
    elif unit == "mentions":
        per = A.partner_contexts(ds).groupby("name", observed=True).n_passages.sum()
    else:
        per = A.partner_links(ds).name.value_counts()
    return per.sort_index().sort_values(ascending=False, kind="stable").astype(int)


def coverage_title(ds: Dataset) -> str:
    """The coverage figure's title, one line, in its unit: the partners named in the most
    passages (every partner within one passage of the top, `_leaders`) and their range, of all
    passages."""
    names, lo, hi = _leaders(_partner_counts(ds, "passages"))
    n = int(_stage_counts(ds).sum())
    each = " each" if len(names) > 1 else ""
    return f"{_names(names)} {'leads' if len(names) == 1 else 'lead'}: {_span(lo, hi)} of {n} passages{each}"


def partner_leaders_note(ds: Dataset, unit: str) -> str:
    """One line for a partner chart counted in `unit`: which partners lead when counted in the
    other two units, where they are not this chart's leaders ("" when all three agree), in
    words that stand alone."""
    own = _leaders(_partner_counts(ds, unit))[0]
    parts = []
    for other in PARTNER_UNITS:
        names, lo, hi = _leaders(_partner_counts(ds, other))
        if other != unit and names and set(names) != set(own):
            verb = "leads" if len(names) == 1 else "lead"
            parts.append(f"by {other} ({PARTNER_UNITS_SHORT[other]}), {_names(names)} {verb} with {_span(lo, hi)}")
    return f"Counted {'; '.join(parts)}." if parts else ""


def partner_note(ds: Dataset, unit: str, source: str) -> str:
    """The note under a partner chart counted in `unit`: the coverage chart's methods line
    (`coverage_note`), the leaders by the other counts where they differ
    (`partner_leaders_note`), then the `source` note, each on its own line."""
    return note_lines(coverage_note(ds) if unit == "passages" else "", partner_leaders_note(ds, unit), source)


def coverage_note(ds: Dataset) -> str:
    """The coverage chart's methods note: what the difference column is, and the verdict it
    carries (no claim in the title rests on it)."""
    c = _partner_comparison(ds)
    level = S.bonferroni_level(len(c))
    excl = int(c.adjusted_excludes_zero.sum())
    return (
        "Post − pre: the difference in share of passages, in percentage points, with its "
        f"{level:.1%} Newcombe interval (95% adjusted for {count(len(c), 'partner')}); {word(excl) if excl else 'no'} "
        f"interval {'excludes' if excl < 2 else 'exclude'} 0, and {_partner_verdict(ds)} "
        "(Fisher’s exact test, Holm-adjusted)."
    )


def coverage_alt(ds: Dataset) -> str:
    """The coverage figure's alt text: partners, passages per stage, the most named partners
    with their split, and the partners named in one stage only."""
    cov = _coverage(ds)
    tot = _totals(cov)
    n = _stage_counts(ds)
    levels = tot.unique()
    top = list(tot.index[tot == levels[0]])
    split = cov[cov.name.isin(top)].groupby("stage").n_passages.sum()
    out = (
        f"Passages naming each of {len(tot)} partners in the pre-meeting ({n['pre-meeting']} passages) and "
        f"post-meeting ({n['post-meeting']} passages) interviews: {_names(top)} {'is' if len(top) == 1 else 'are'} "
        f"named in the most ({levels[0]}, {int(split.get('post-meeting', 0))} of them post-meeting)"
    )
    if len(levels) > 1:
        second = list(tot.index[tot == levels[1]])
        out += f", then {_names(second)} ({levels[1]}{' each' if len(second) > 1 else ''})"
    only = _only_in(cov)
    return (
        out + f"; {_partner_list(only['pre-meeting'])} {_is(max(len(only['pre-meeting']), 1))} named only in the "
        f"pre-meeting interview, {count(len(only['post-meeting']), 'partner', words=True)} "
        f"({_names(only['post-meeting'])}) only in the post-meeting one."
    )


def coverage_text(ds: Dataset) -> str:
    """The sentence under the coverage figure: how the most named partners' passages split
    between the stages, and how many passages the partners named in one stage have."""
    cov = _coverage(ds)
    tot = _totals(cov)
    n = _stage_counts(ds)
    per = cov.pivot_table(
        index="name", columns="stage", values="n_passages", aggfunc="sum", fill_value=0, observed=True
    )
    per = per.reindex(columns=["pre-meeting", "post-meeting"], fill_value=0)
    first = tot.index[0]
    out = (
        f"{first}'s {tot.iloc[0]} passages are {per.loc[first, 'pre-meeting']} of the {n['pre-meeting']} pre-meeting "
        f"and {per.loc[first, 'post-meeting']} of the {n['post-meeting']} post-meeting passages"
    )
    others = [
        f"{name}'s {tot[name]} are {per.loc[name, 'pre-meeting']} and {per.loc[name, 'post-meeting']}"
        for name in tot.index[1:3]
    ]
    if others:
        out += "; " + _names(others)
    only = _only_in(cov)
    pre_only = tot[only["pre-meeting"]]
    if len(pre_only):
        verb = "appears" if len(pre_only) == 1 else "appear"
        out += f". {_names(list(pre_only.index))} {verb} in {_names(sorted({str(v) for v in pre_only}))} pre-meeting "
        out += "passage" if (pre_only == 1).all() else "passages"
        out += " each" if len(pre_only) > 1 else ""
    return out + "."


def _contexts(ds: Dataset) -> pd.Series:
    """Partner mentions per context, most first (ties: codebook order)."""
    ctx = A.partner_contexts(ds)
    return ctx.groupby("context", observed=True).n_passages.sum().sort_values(ascending=False, kind="stable")


def context_title(ds: Dataset) -> str:
    """The context heatmap's title, one finding: the most frequent context and its share of
    all mentions."""
    c = _contexts(ds)
    return typeset(f"Partners are named most often in the context '{c.index[0]}': {c.iloc[0]} of {c.sum()} mentions")


def _context_partners(ds: Dataset, context: str) -> pd.Series:
    ctx = A.partner_contexts(ds)
    s = ctx[ctx.context == context].set_index("name").n_passages
    return s.sort_index().sort_values(ascending=False, kind="stable")


def context_alt(ds: Dataset) -> str:
    """The context heatmap's alt text: the leading contexts, and the partners of the one among
    them that fewest partners share."""
    c = _contexts(ds).head(3)
    out = "Partners are named most often in the context " + _names(
        [f"'{k}' ({count(v, 'partner mention')})" for k, v in c.items()]
    )
    narrow = min(c.index, key=lambda k: (len(_context_partners(ds, k)), list(c.index).index(k)))
    names = list(_context_partners(ds, narrow).index)
    return out + f"; the '{narrow}' mentions are all of {_names(names)}."


def context_text(ds: Dataset) -> str:
    """The sentences under the context heatmap: the first context's share of mentions, and
    the partners behind the next two."""
    c = _contexts(ds)
    out = f"The context '{c.index[0]}' accounts for {_of(c.iloc[0], c.sum())} partner mentions with a context."
    for k in c.index[1:3]:
        p = _context_partners(ds, k)
        if len(p) <= 3:
            out += f" The {c[k]} '{k}' mentions are of " + _names([f"{n} ({v})" for n, v in p.items()]) + "."
        else:
            out += f" The {c[k]} '{k}' mentions spread over {word(len(p))} partners."
    return out


def _links(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """partner_links and, per partner (most links first, ties by name): n, agreement, meeting."""
    links = A.partner_links(ds)
    per = pd.crosstab(links.name, links.target_type)
    per = per.reindex(columns=["agreement", "meeting"], fill_value=0).assign(n=lambda d: d.sum(axis=1))
    return links, per.sort_index().sort_values("n", ascending=False, kind="stable")


def _single_type(per: pd.DataFrame) -> tuple[str, str] | None:
    """The partner with most links, all of one kind (at least three), and that kind."""
    one = per[((per.agreement == 0) | (per.meeting == 0)) & (per.n >= 3)]
    if one.empty:
        return None
    name = one.index[0]
    return name, "meetings" if one.loc[name, "agreement"] == 0 else "agreements or plans"


def links_title(ds: Dataset) -> str:
    """The links figure's title, one line: the most linked partner with its links, and the
    most linked partner whose links are all of one kind."""
    _, per = _links(ds)
    top = list(per.index[per.n == per.n.iloc[0]])
    out = f"{_names(top)} {'has' if len(top) == 1 else 'have'} the most links ({per.n.iloc[0]})"
    one = _single_type(per)
    return typeset(out + (f"; {one[0]}'s {per.loc[one[0], 'n']} are all {one[1]}" if one else ""))


#: What each of the three partner charts counts, side by side, so that each chart's subtitle
#: names its own unit and the other two.
PARTNER_UNITS = {
    "passages": "a passage counts once however often it names the partner",
    "mentions": "one per passage and context naming the partner, so a passage can count twice",
    "links": "one per meeting or agreement the interviews tie the partner to, as coded",
}


#: The same units in a few words, for a note naming another chart's count.
PARTNER_UNITS_SHORT = {
    "passages": "a passage once",
    "mentions": "a passage once per context",
    "links": "one per meeting or agreement",
}


def _units_line(unit: str) -> str:
    """ "Links: one per meeting or agreement ...", what a chart's unit is, in words that stand
    alone."""
    return f"{cap(unit)}: {PARTNER_UNITS[unit]}"


def coverage_subtitle(ds: Dataset) -> str:
    """The coverage chart's subtitle, two plain sentences: its unit, and what the columns at
    the right give."""
    each = "interview" if texts(ds) == "the two texts" else "stage"
    return (
        f"{_units_line('passages')}. Dots give each {each}'s count; at the right, counts over each {each}'s "
        "passages and the difference in share."
    )


def context_subtitle(ds: Dataset) -> str:
    """The context heatmap's subtitle, two plain sentences: its unit, pooling and the row order
    (the column heads give each context's total)."""
    return _units_line("mentions") + f". {_pooled(ds)}; partners ordered by their mentions, most first."


def links_subtitle(ds: Dataset, order: list[str] | None = None) -> str:
    """The links chart's subtitle: its unit, pooling, the row order, and which partners of
    `order` (all partners named) have no link."""
    links = A.partner_links(ds)
    missing = [p for p in (order or []) if p not in set(links.name)]
    out = _units_line("links") + f". {_pooled(ds)}; partners ordered by their links, most first"
    return out + (f"; {_names(missing)} {'has' if len(missing) == 1 else 'have'} no link." if missing else ".")


def links_alt(ds: Dataset) -> str:
    """The links figure's alt text: the totals, the most linked partner's split, and the
    partner whose links are all of one kind."""
    links, per = _links(ds)
    t = per.iloc[0]
    out = (
        "Links per partner as coded, split into agreements or plans and meetings: "
        f"{links.name.nunique()} partners are linked to {links.target_id.nunique()} meetings and agreements in "
        f"{len(links)} links; {per.index[0]} has the most ({t.n}: {t.agreement} agreements or plans and {t.meeting} "
        "meetings)"
    )
    one = _single_type(per)
    return out + (f", and all {per.loc[one[0], 'n']} of {one[0]}'s links are {one[1]}." if one else ".")


def links_text(ds: Dataset) -> str:
    """The sentences under the links figure: the most linked partner's split, the next
    group, and how many partners have one or two links."""
    links, per = _links(ds)
    t = per.iloc[0]
    out = (
        f"Of the {len(links)} links, {per.index[0]} has {t.n} ({t.agreement} agreements or plans, {t.meeting} meetings)"
    )
    by_passage = links[links.name == per.index[0]].passage_id.value_counts().sort_index()
    by_passage = by_passage.sort_values(ascending=False, kind="stable")
    if len(by_passage) and by_passage.iloc[0] > 1:
        out += f", {by_passage.iloc[0]} of them from one passage ({by_passage.index[0]})"
        once = int(t.n - by_passage.iloc[0] + 1)
        if len(per) > 1 and once <= per.n.iloc[1]:
            out += f", which counted once would leave it {once} and not the most"
    levels = per.n.unique()
    if len(levels) > 1:
        second = per[per.n == levels[1]]
        out += f"; {_names(list(second.index))} {'has' if len(second) == 1 else 'have'} {levels[1]}"
        out += " each" if len(second) > 1 else ""
    few = int((per.n <= 2).sum())
    return out + f". {cap(word(few))} partners have one or two links."


def kind_text(ds: Dataset) -> str:
    """The sentence under the table of entities per kind: dialogue partners per stage, and the
    partner kinds named in one stage only."""
    ck = A.coverage_by_kind(ds).merge(ds.sources[["source_id", "stage"]].astype(str), on="source_id")
    ck = ck.groupby(["kind", "stage"], sort=False)[["n_entities", "n_mentions"]].sum()
    dp = ck.loc["dialogue partner"].reindex(["pre-meeting", "post-meeting"], fill_value=0)
    out = (
        f"The interviews name {dp.n_entities.iloc[0]} and {dp.n_entities.iloc[1]} dialogue partners before and after, "
        f"in {dp.n_mentions.iloc[0]} and {dp.n_mentions.iloc[1]} mentions"
    )
    one: dict[str, list[str]] = {}
    for kind in A.PARTNER_KINDS:
        if kind == "dialogue partner" or kind not in ck.index.get_level_values(0):
            continue
        k = ck.loc[kind].reindex(["pre-meeting", "post-meeting"], fill_value=0)
        if (k.n_entities > 0).sum() == 1:
            one.setdefault(k.index[k.n_entities > 0][0], []).append(f"{_plural(kind)} ({k.n_entities.max()})")
    clauses = [f"the {_names(kinds)} appear only in the {stage} interview" for stage, kinds in one.items()]
    return out + ("; " + _names(clauses) if clauses else "") + "."


# --- 04 Vietnam's roles ------------------------------------------------------------------


def timeline_intro(start: int, end: int, mark_year: int) -> str:
    """What the roles timeline shows, for the window and marked year the notebook sets."""
    return (
        f"The roles on one axis from {start} to {end}, beside the plans, visions, meetings and anniversaries the "
        f"interviews mention: a bar for a period, a diamond for a single year, an arrow where a period runs past "
        f"{end}. The shaded year is {mark_year}, the year of AMM-58."
    )


def _role_spans(timeline: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Roles over several years, roles of one year, and the other events of a role timeline."""
    roles = timeline[timeline.category == "role"]
    multi = roles[roles.end_year > roles.start_year]
    return multi, roles[roles.end_year == roles.start_year], timeline[timeline.category != "role"]


def _plans_inside(multi: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """Plans that begin after a multi-year role begins and before it ends."""
    plans = other[other.category == "plan"]
    if multi.empty:
        return plans.iloc[:0]
    inside = plans.start_year.apply(lambda y: ((multi.start_year < y) & (y <= multi.end_year)).any())
    return plans[inside]


def _years(s: pd.DataFrame) -> str:
    return _names([str(y) for y in sorted(s.start_year.unique())])


def roles_timeline_title(timeline: pd.DataFrame) -> str:
    """The timeline's title: the multi-year roles, the plans that begin inside them, and the
    years of the other roles."""
    multi, single, _ = _role_spans(timeline)
    parts = []
    if len(single):
        every = "all " if len(single) > 1 and single.start_year.nunique() == 1 else ""
        verb = "falls" if len(single) == 1 else "fall"
        parts.append(f"{count(len(single), 'single-year role', words=True)} {every}{verb} in {_years(single)}")
    if len(multi):
        verb = "runs" if len(multi) == 1 else "run"
        parts.append(
            f"{count(len(multi), 'multi-year role', words=True)} {verb} {_names(sorted(multi.period.unique()))}"
        )
    if not parts:
        return "The interviews name no role of Vietnam"
    return typeset("Vietnam's " + parts[0] + (f"; {parts[1]}" if len(parts) > 1 else ""))


def roles_timeline_subtitle(ds: Dataset) -> str:
    """The timeline's subtitle: the interviews are pooled; plans and events are context (the
    key says how the marks read)."""
    return f"{_pooled(ds)}. Plans and events are drawn for context, not as linked to a role."


def display_names(ds: Dataset) -> dict[str, str]:
    """Per abbreviation or formal name of an entity that only curator knowledge ties to it
    ("ROK", "Republic of Korea"), its display name ("South Korea"), so that a chart names the
    entity one way. Abbreviations the text itself spells out ("UK") stay as written."""
    al = ds.aliases.merge(ds.entities[["entity_id", "name"]], on="entity_id")
    keep = al.alias_kind.astype(str).isin(["abbreviation", "formal name"])
    al = al[keep & al.provenance.astype(str).eq("curator knowledge") & (al.alias.astype(str) != al.name.astype(str))]
    return dict(zip(al.alias.astype(str), al.name.astype(str), strict=True))


def roles_timeline_alt(timeline: pd.DataFrame) -> str:
    """The timeline's alt text: each multi-year role with its period, the plans that begin
    inside them, and the single-year roles."""
    multi, single, other = _role_spans(timeline)
    plans = _plans_inside(multi, other)
    out = (
        "Vietnam's roles on a timeline beside the plans and events the interviews mention: "
        + _names([f"{r.label} ({r.period})" for r in multi.itertuples()])
        + (
            f"; {_names(list(plans.label))} {'begins' if len(plans) == 1 else 'begin'} inside that period"
            if len(plans)
            else ""
        )
    )
    kinds = single.label.str.split(":").str[0].str.lower().value_counts().sort_index()
    if len(single):
        out += "; " + _names([f"{word(v)} {k}" for k, v in kinds.items()]) + f" roles fall in {_years(single)}"
    return typeset(out + ".")


def roles_timeline_text(timeline: pd.DataFrame) -> str:
    """The sentences under the timeline: the plans inside the multi-year roles, and how many
    of the other roles and events are single events of the same year."""
    multi, single, other = _role_spans(timeline)
    plans = _plans_inside(multi, other)
    out = f"The {count(len(multi), 'multi-year role', words=True)} run {_names(sorted(multi.period.unique()))}"
    out += (
        (": " + _names(list(plans.label)) + (" begins" if len(plans) == 1 else " begin") + " inside that period")
        if len(plans)
        else ""
    )
    out += "."
    if len(single):
        years = sorted(single.start_year.unique())
        same = other[(other.start_year == other.end_year) & other.start_year.isin(years)]
        out += (
            f" The {count(len(single), 'other role', words=True)} {_is(len(single))} single events of "
            f"{_years(single)}, as are "
            f"{_of(len(same), len(other))} other events on the chart."
        )
    return out


def announced_text(ds: Dataset) -> str:
    """The sentence under the announced/reported table: co-chairmanships announced before, and
    the roles only one interview mentions."""
    r = A.roles_announced_reported(ds)
    co = r[r.role == "co-chair"]
    announced = co[co.pre]
    out = f"Of the {len(co)} co-chairmanships, the pre-meeting interview announced {len(announced)}"
    out += f" ({_names(list(announced.counterpart))})" if len(announced) else ""
    post_only, pre_only = r[r.post & ~r.pre], r[r.pre & ~r.post]
    if len(post_only):
        roles = _names([f"{x.role} of the {x.counterpart}" for x in post_only.itertuples()])
        out += f"; {roles} appear only in the post-meeting interview"
    if len(pre_only):
        roles = _names([f"{x.role} of the {x.counterpart}" for x in pre_only.itertuples()])
        out += f"; {roles} only in the pre-meeting one"
    return out + "."


#: How the meetings sentence words each `vietnam_role` of `data/meetings.csv`.
ROLE_PHRASES = {
    "co-chair": "Vietnam co-chaired {n}",
    "head of delegation": "headed the delegation to {n}",
    "attended": "attended {n}",
    "not stated": "for {n} the interviews state no role",
}


def meetings_role_text(ds: Dataset) -> str:
    """The sentence under the meetings-by-role table: how many meetings, and Vietnam's role in
    how many of them."""
    mbr = A.meetings_by_role(ds)
    parts = [
        ROLE_PHRASES.get(str(r.vietnam_role), "{n} as " + str(r.vietnam_role)).format(n=r.n_meetings)
        for r in mbr.itertuples()
    ]
    return f"Of the {int(mbr.n_meetings.sum())} meetings the interviews name, " + _names(parts) + ", by their account."


def messages_text(ds: Dataset) -> str:
    """The sentence under the messages table: whose the messages are, and at which forums."""
    ma = A.message_attribution(ds)
    if ma.empty:
        return "The interviews attribute no slogan or message."
    who = ma.speaker.where(ma.speaker != "", ma.owner)
    counts = who.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    top, n = counts.index[0], counts.iloc[0]
    mine = ma[who == top]
    out = f"{cap(word(n))} of the {len(ma)} messages {_is(n)} {top}'s"
    if n > 1 and mine.forum.nunique() == n:
        out += ", one per forum"
    rest = [
        f"*{m.text}* is {m.speaker}'s, from the {m.forum}" if m.speaker else f"*{m.text}* is {m.owner}'s {m.kind}"
        for m in ma[who != top].itertuples()
    ]
    return out + ("; " + "; ".join(rest) if rest else "") + "."


def roles_caveat(ds: Dataset) -> str:
    """What the counts of notebook 04 count: roles, meetings and messages, each once."""
    return (
        f"The counts here are of roles ({len(ds.vietnam_roles)}), meetings ({len(ds.meetings)}) and messages "
        f"({len(ds.messages)}), each counted once however many passages mention it."
    )


# --- 05 before and after -----------------------------------------------------------------


def _agenda(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    ag = A.agenda_outcomes(ds)
    planned, new = ag[ag.match != "new"], ag[ag.match == "new"]
    return planned, new, planned.outcome_level.value_counts()


def agenda_title(ds: Dataset) -> str:
    """The agenda figure's title, one finding: how many of the pre-meeting agenda's items the
    post-meeting interview reports achieved."""
    planned, _, lv = _agenda(ds)
    k = int(lv.get("reported achieved", 0))
    return f"The post-meeting interview reports {_of(k, len(planned))} pre-meeting agenda items achieved"


def agenda_subtitle(ds: Dataset) -> str:
    """The agenda figure's subtitle: what an agenda item is, and the other counts."""
    planned, new, lv = _agenda(ds)
    return (
        "Agenda item: a task or aim for the meetings that an interview sets out, coded by hand under its theme. Of "
        f"the {len(planned)} pre-meeting items, {int(lv.get('mentioned again', 0))} "
        f"{_is(lv.get('mentioned again', 0))} mentioned again without an "
        f"outcome and {int(lv.get('not mentioned', 0))} not at all; the post-meeting interview adds "
        f"{count(len(new), 'new item')}."
    )


def agenda_alt(ds: Dataset) -> str:
    """The agenda figure's alt text: the same counts, and where the dropped items are named."""
    planned, new, lv = _agenda(ds)
    return (
        f"Agenda items per theme: to the left, the {len(planned)} items the pre-meeting interview set out, of which "
        f"the post-meeting interview reports {int(lv.get('reported achieved', 0))} achieved, mentions "
        f"{int(lv.get('mentioned again', 0))} again without an outcome and does not mention "
        f"{int(lv.get('not mentioned', 0))}; to the right, the {count(len(new), 'item')} only the "
        "post-meeting interview "
        f"raises. The {int(lv.get('not mentioned', 0))} items not mentioned again are named under the chart."
    )


def agenda_text(ds: Dataset) -> str:
    """The sentence under the agenda figure: how much of the agenda comes up again, and how
    much of that is reported achieved."""
    planned, _, lv = _agenda(ds)
    again = int(lv.get("reported achieved", 0) + lv.get("mentioned again", 0))
    return (
        f"{cap(quantity(again, len(planned)))} of the pre-meeting agenda comes up again ({_of(again, len(planned))} "
        f"items): {int(lv.get('reported achieved', 0))} reported achieved and {int(lv.get('mentioned again', 0))} "
        "without an outcome."
    )


def comparison_text(ds: Dataset) -> str:
    """The sentence under the before/after theme table: how many intervals cover zero and
    whether any difference survives Holm's correction."""
    tc = S.theme_comparison(ds)
    n = _stage_counts(ds)
    cover = int((~tc.interval_excludes_zero).sum())
    clear = _clear_labels(tc)
    out = f"{_of(cover, len(tc))} intervals cover zero, and "
    if not clear:
        return out + (
            f"none survives Holm's correction: {texts(ds)} give the themes different space, but with "
            f"{n['pre-meeting']} and {n['post-meeting']} passages no difference is clear."
        )
    return out + f"after Holm's correction the difference is clear for {_names(clear)}."


# --- 06 method check ---------------------------------------------------------------------


def _lowest(agreement: pd.DataFrame) -> pd.DataFrame:
    return agreement[agreement.kappa.round(2) == agreement.kappa.min().round(2)]


def _with_intervals(agreement: pd.DataFrame) -> pd.DataFrame:
    return agreement if "kappa_lo" in agreement else M.dictionary_intervals(agreement)


def dictionary_title(agreement: pd.DataFrame, reference: float = HIGH_KAPPA) -> str:
    """The dictionary figure's title (from `method.dictionary_agreement`): on how many themes
    the dictionary agrees fully with the hand coding, and, of the others, those whose bootstrap
    interval lies wholly below `reference` ("almost perfect", the line drawn), or that none
    does (`method.dictionary_intervals`)."""
    a = _with_intervals(agreement)
    full = a[a.kappa.round(2) == 1]
    out = f"The dictionary agrees fully with the hand coding on {_of(len(full), len(a))} themes"
    rest = a[a.kappa.round(2) < 1]
    if rest.empty:
        return out
    below = rest[rest.kappa_hi < reference - 1e-9]
    ref = f"{reference:.2f}"
    if below.empty:  # none clearly below: give the others' kappas, and whether each interval spans the line
        other = "the other one" if len(rest) == 1 else f"the other {len(rest)}"
        lo, hi = f"{rest.kappa.min():.2f}", f"{rest.kappa.max():.2f}"
        kappas = f"kappa is {lo}" if lo == hi else f"kappa is {lo}–{hi}"
        spans = (rest.kappa_lo <= reference) & (rest.kappa_hi >= reference)
        tail = (
            (" and its interval spans " if len(rest) == 1 else " and every interval spans ") + ref
            if spans.all()
            else ""
        )
        return out + f"; on {other}, {kappas}{tail}"
    which = _names(list(below.label)) if len(below) <= 2 else count(len(below), "theme")
    return out + f"; it is clearly below {ref} on {which}"


def dictionary_subtitle(ds: Dataset) -> str:
    """What the dictionary figure compares, in one plain sentence."""
    return f"A keyword dictionary against the final hand coding of the {len(ds.passages)} passages"


def dictionary_method(ds: Dataset) -> str:
    """The dictionary figure's method note: how the dictionary codes, and what the final hand
    coding is (two coders' passes, their disagreements settled: `reconciliation`)."""
    n = len(ds.reconciliation)
    settled = f"their {count(n, 'disagreement', words=True)} settled" if n else "who never disagree"
    return (
        "Dictionary: a passage gets a theme when it contains one of the theme’s indicator terms. Final hand coding: "
        f"two coders’ passes, {settled}."
    )


def dictionary_alt(agreement: pd.DataFrame) -> str:
    """The dictionary figure's alt text."""
    a = _with_intervals(agreement)
    full = int((a.kappa.round(2) == 1).sum())
    low = _lowest(a)
    each = " each" if len(low) > 1 else ""
    return (
        f"Cohen's kappa of the keyword dictionary against the hand coding for each of the {word(len(a))} "
        "themes, with bootstrap 95% intervals, and beside it how many of the passages either coded both coded, with "
        f"the Wilson 95% interval of that share: 1.00 for {word(full)} themes, lowest for "
        f"{_names(list(low.label))} ({low.kappa.iloc[0]:.2f}{each}, interval from {low.kappa_lo.min():.2f})."
    )


def weakest_core_theme(agreement: pd.DataFrame) -> str:
    """The theme_id of the core theme with the lowest dictionary kappa (ties: codebook order)."""
    core = agreement[agreement.core]
    return str(core.sort_values("kappa", kind="stable").theme_id.iloc[0])


def weakest_core_text(agreement: pd.DataFrame) -> str:
    """The line that introduces the weakest core theme's confusion table."""
    row = agreement.set_index("theme_id").loc[weakest_core_theme(agreement)]
    return f"The confusion table of the weakest core theme, {row.label} (kappa {row.kappa:.2f}):"


def fightin_subtitle(ds: Dataset, top: int = 10) -> str:
    """The word-ranking figure's line under the title: what the rows and the dots are."""
    return (
        f"The {top} words leaning most to each interview’s answers, by z-score. Filled dots: past ±1.96, the usual "
        "5% level for one word"
    )


def fightin_method(ds: Dataset, min_count: int = 3) -> str:
    """The word-ranking figure's method note: which words are ranked (stop words removed, used
    `min_count` times or more in the answers), what the column's totals count, the statistic,
    and how many words random splits of the same answers put past ±1.96
    (`method.shown_prior_null`)."""
    d = M.shown_prior_null(ds)
    return (
        f"Ranked: the {int(d.n_terms)} words used at least {min_count} times in the interviewees’ answers. Totals "
        "over the counts: all words of each interview’s answers. Stop words removed throughout. z: the weighted "
        "log-odds ratio over its standard error (Monroe et al. 2008). Random splits of the same "
        f"answers put {_words_about(d.expected_past_196)} past ±1.96 on average, up to {int(d.p95_past_196)} in 95% "
        "of splits."
    )


def _words_about(x: float) -> str:
    """An average count of words: "about 1 word", "about 2.4 words" (whole numbers without a
    decimal, "word" for one)."""
    v = round(float(x), 1)
    shown = f"{v:.0f}" if v == int(v) else f"{v:.1f}"
    return f"about {shown} {'word' if shown == '1' else 'words'}"


def fightin_alt(ds: Dataset, distinctive: pd.DataFrame) -> str:
    """The z-bars figure's alt text: what is drawn, the answers' word totals, and how many
    terms pass the lines against random splits of the same answer passages (the permutation
    null at the prior shown, `method.shown_prior_null`)."""
    d = M.shown_prior_null(ds)
    words = M.stage_term_counts(ds)[["pre-meeting", "post-meeting"]].sum()
    n_top = int((distinctive.z < 0).sum()), int((distinctive.z > 0).sum())
    return (
        f"The most distinctive terms of each interview's answers ({n_top[0]} pre-meeting, {n_top[1]} post-meeting) by "
        "the z-score of the weighted log-odds ratio, orange for terms more typical of the pre-meeting answers and "
        "blue for the post-meeting answers, with dashed lines at plus and minus 1.96 and the raw counts out of "
        f"{int(words['pre-meeting'])} and {int(words['post-meeting'])} words: {_of(d.n_past_196, d.n_terms)} terms "
        f"pass the lines, where random splits of the same answer passages put {d.expected_past_196:.1f} past them on "
        f"average ({int(d.p95_past_196)} at the 95th percentile; permutation P {d.p_perm:.2f})."
    )


def length_text(ds: Dataset) -> str:
    """The sentence under the length tables: whether longer passages carry more codes (by the
    interval of Spearman's rho), and which stage's passages carry more codes on average."""
    cl = S.codes_and_length(ds)
    if cl.rho_lo > 0:
        out = "Longer passages carry more theme codes"
    elif cl.rho_hi < 0:
        out = "Longer passages carry fewer theme codes"
    else:
        out = "Passage length and the number of theme codes show no clear association"
    out += f" (Spearman's rho {cl.rho:.2f}, 95% CI {cl.rho_lo:.2f} to {cl.rho_hi:.2f})"
    codes = A.coded_passages(ds).groupby("stage").size()
    n = _stage_counts(ds)
    pre, post = codes.get("pre-meeting", 0) / n["pre-meeting"], codes.get("post-meeting", 0) / n["post-meeting"]
    out += (
        f", and the post-meeting passages carry {_direction(post, pre)} codes on average ({post:.1f} against {pre:.1f})"
    )
    return out + (", so counts of codes partly measure length." if cl.rho_lo > 0 else ".")


# --- every notebook: the interviews and the confound ------------------------------------


def confound(ds: Dataset) -> str:
    """The confound of every before/after comparison, for as many interviews per stage as the
    package has (`findings.CONFOUND` when each stage has one)."""
    from .findings import CONFOUND

    per_stage = ds.sources.stage.astype(str).value_counts().reindex(["pre-meeting", "post-meeting"], fill_value=0)
    if (per_stage == 1).all():
        return CONFOUND
    return (
        f"There {'is' if per_stage['pre-meeting'] == 1 else 'are'} "
        f"{count(per_stage['pre-meeting'], 'pre-meeting interview', words=True)} and "
        f"{count(per_stage['post-meeting'], 'post-meeting interview', words=True)}, so "
        "every before/after comparison is also a comparison of different speakers, different questions and "
        "previews against reports: a difference between two sets of texts, not an effect of the meetings."
    )


def interviews_caveat(ds: Dataset) -> str:
    """Whose perspective the interviews give, with their number."""
    n = len(ds.sources)
    if n == 1:
        return "One interview, with a Vietnamese diplomat, gives one government's perspective on the meetings."
    every = "both" if n == 2 else "all"
    return (
        f"{cap(word(n))} interviews, {every} with Vietnamese diplomats, give one government's perspective on the "
        "meetings."
    )


def _or(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return _names(items).rsplit(" and ", 1)[0] + " or " + items[-1] if len(items) > 1 else _names(items)


def sources_text(ds: Dataset) -> str:
    """Which citation fields each interview's capture leaves empty."""
    fields = {"outlet": "outlet", "published": "date", "url": "URL"}
    names = source_names(ds)
    gaps = []
    for s in ds.sources.itertuples():
        empty = [label for f, label in fields.items() if pd.isna(getattr(s, f)) or getattr(s, f) == ""]
        if empty:
            gaps.append(f"the {names[str(s.source_id)]} capture names no {_or(empty)}")
    out = "Empty cells are unknown, not missing by mistake"
    return out + (": " + "; ".join(gaps) + "." if gaps else "; every capture gives its outlet, date and URL.")


def spellings_text(ds: Dataset) -> str:
    """How many spellings the gazetteer keeps, and how many of them are typos."""
    typos = int((ds.aliases.alias_kind == "typo").sum())
    return (
        f"The interviews name the same entity in several ways: {len(ds.entities)} entities have "
        f"{len(ds.aliases)} spellings, {count(typos, 'typo', words=True)} among them."
    )
