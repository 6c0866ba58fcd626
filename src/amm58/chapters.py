"""The notebooks' chapter sentences: what a table shows, and each notebook's closing discussion.

A section that ends in a table closes with one sentence that says what the table shows, and each
notebook ends with a short discussion: what the chapter shows, what it cannot show, and what would
settle it. Every number, name or direction word in them is computed here from the data, so the
same notebook run on another package (`make report DATA_DIR=...`) does not carry today's figures.

Each helper returns a `Text`: a string that a notebook cell displays as Markdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from . import analysis as A
from . import findings as F
from . import prose as P
from . import stats as S

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset


class Text(str):
    """A sentence or paragraph that a notebook shows as Markdown (and prints as itself)."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def _discussion(shows: str, cannot: str, settle: str) -> Text:
    return Text(
        f"**What this chapter shows.** {shows}\n\n**What it cannot show.** {cannot}\n\n"
        f"**What would settle it.** {settle}"
    )


# --- 00 dataset tour ----------------------------------------------------------------------------


def sources_note(ds: Dataset) -> Text:
    """What the sources table shows: how many of the citation fields (outlet, date, URL) each capture gives."""
    s = ds.sources.set_index(ds.sources.source_id.astype(str))
    fields = ["outlet", "published", "url"]
    given = s[fields].notna().sum(axis=1)
    label = F._source_labels(ds)
    parts = [f"{label[sid]} gives {int(n)} of {len(fields)}" for sid, n in given.items()]
    return Text("Of the citation fields outlet, date and URL, " + F._names(parts) + ".")


def passages_note(ds: Dataset) -> Text:
    """What the passages table shows: a stored summary is shorter than the paragraph it paraphrases."""
    summary_words = ds.passages.summary.astype(str).str.split().str.len()
    return Text(
        f"A stored summary runs to {summary_words.mean():.0f} words on average, against "
        f"{ds.passages.n_words.astype(float).mean():.0f} in the paragraph it paraphrases: the dataset keeps a "
        "paraphrase and a locator, never the interview's sentence."
    )


def tables_note(ds: Dataset) -> Text:
    """What the table of tables shows: how many tables and rows, and the largest table."""
    s = ds.summary().sort_values(["rows", "resource"], ascending=[False, True], kind="stable")
    top = s.iloc[0]
    return Text(
        f"The package holds {len(s)} tables with {int(s.rows.sum()):,} rows; the largest is `{top.resource}` "
        f"({int(top.rows):,} rows)."
    )


def case_notes_note(ds: Dataset) -> Text:
    """What the case-note table shows: how many themes carry case notes and how many decisions they settle."""
    cn = ds.case_note_passages
    with_notes = ds.themes.case_notes.notna().sum()
    return Text(
        f"{int(with_notes)} of the {len(ds.themes)} themes carry case notes, which settle {len(cn)} passage-theme "
        f"decisions in {cn.passage_id.nunique()} passages; passes a and b applied them, the blind pass c did not "
        "see them."
    )


def reconciliation_note(ds: Dataset) -> Text:
    """What the reconciliation table shows: what the (non-blind) reconciler kept, and whether the blind
    reconciler would change any decision."""
    rc = A.reconciliation_check(ds)
    if rc.empty:
        return Text("Passes a and b never disagree, so nothing was reconciled.")
    kept = rc[rc.included]
    changed = rc[rc.changed]
    return Text(
        f"The pass-a coder kept {len(kept)} of the {len(rc)} disputed codes ({int(kept.in_pass_b.sum())} of them "
        f"pass b's); the blind reconciler's decisions change {len(changed)} of them"
        + (": " + F._some([f"{r.passage_id}/{r.theme_id}" for r in changed.itertuples()]) if len(changed) else "")
        + "."
    )


def pass_c_table(ds: Dataset) -> pd.DataFrame:
    """Kappa of pass c against a, b and the reconciled codes, one row per theme (codebook order): label,
    n_pos_c (passages pass c coded), then for each pair its kappa and interval as "1.00 (1.00 to 1.00)"
    and the agreed positives as "3 of 4"."""
    pc = S.pass_comparison(ds)
    pc["kappa (95% interval)"] = [
        "undefined" if pd.isna(r.kappa) else f"{r.kappa:.2f} ({r.kappa_lo:.2f} to {r.kappa_hi:.2f})"
        for r in pc.itertuples()
    ]
    pc["positives agreed"] = [f"{int(r.n_both)} of {int(r.n_either)}" for r in pc.itertuples()]
    wide = pc.pivot_table(
        index=["theme_id", "label"],
        columns="pair",
        values=["kappa (95% interval)", "positives agreed"],
        aggfunc="first",
        sort=False,
    )
    wide.columns = [f"{pair}: {what}" for what, pair in wide.columns]
    pairs = list(dict.fromkeys(pc.pair))
    cols = [f"{p}: {w}" for p in pairs for w in ("kappa (95% interval)", "positives agreed")]
    n_c = pc[pc.second == pc.second.iloc[0]].set_index("theme_id").n_pos_first
    out = wide[cols].reset_index()
    out.insert(2, "n_pos_c", out.theme_id.map(n_c).astype(int))
    return out.drop(columns="theme_id")


def pass_c_note(ds: Dataset) -> Text:
    """What the pass-c table shows (the first sentence of `findings.blind_checks`)."""
    lines = F.blind_checks(ds)
    return Text(lines[0] if lines else "The data has no blind pass c.")


def case_note_split_note(ds: Dataset) -> Text:
    """What the case-note split shows (the second sentence of `findings.blind_checks`)."""
    lines = F.blind_checks(ds)
    return Text(lines[1] if len(lines) > 1 else "The data has no blind pass c.")


def spellings_note(ds: Dataset) -> Text:
    """What the spellings table shows: how many entities have several spellings, how many are typos."""
    al = ds.aliases
    per = al.groupby(al.entity_id.astype(str)).size()
    return Text(
        f"{int((per > 1).sum())} of the {len(ds.entities)} entities appear under more than one spelling; "
        f"{int((al.alias_kind.astype(str) == 'typo').sum())} of the {len(al)} spellings are typos, kept as aliases."
    )


def evidence_note(ds: Dataset, source_id: str, theme_id: str) -> Text:
    """What the evidence table of one bar shows: the passages it counts."""
    c = A.theme_counts(ds)
    bar = c[(c.source_id == source_id) & (c.theme_id == theme_id)].iloc[0]
    return Text(
        f"The bar of {bar.label} in {F._source_labels(ds)[source_id]} counts these {int(bar.n_passages)} of its "
        f"{int(bar.n_source_passages)} passages; their identifiers lead back to the paragraphs in the saved texts."
    )


def discussion_tour(ds: Dataset) -> Text:
    """The closing discussion of 00_dataset_tour."""
    ag = A.coding_agreement(ds)
    n_units = len(ds.passages) * len(ds.themes)
    n_agree = int(round((ag["agreement"] * len(ds.passages)).sum()))
    blind = F.blind_checks(ds)
    return _discussion(
        f"The corpus is {len(ds.passages)} passages coded on {len(ds.themes)} themes. Passes a and b agree on "
        f"{n_agree} of {n_units} decisions, but both applied case notes fitted to these passages, so that figure "
        "is close to circular." + (" " + blind[1] if len(blind) > 1 else ""),
        "Agreement shows that rules can be applied consistently to fixed passages, not that the themes are the "
        "right ones, nor that another coder would cut the texts into the same passages. With few positives per "
        "theme even perfect agreement is weak evidence, and one blind coder is one more reading, not a sample of "
        "coders.",
        "More blind coders applying the general rules to new interviews, with the segmentation into passages "
        "coded independently as well.",
    )


# --- 01 themes ----------------------------------------------------------------------------------


def theme_table_note(ds: Dataset) -> Text:
    """What the passages-per-theme table shows: each interview's largest theme, and the themes of one interview only."""
    tc = A.theme_counts(ds)
    label = F._source_labels(ds)
    top = tc.loc[tc.groupby("source_id", sort=False).n_passages.idxmax()]
    counts = [f"{int(t.n_passages)} of {int(t.n_source_passages)}" for t in top.itertuples()]
    if top.theme_id.nunique() == 1:
        lead = f"{top.label.iloc[0]} is the largest theme in every interview ({F._names(counts)} passages)"
    else:
        lead = "The largest theme is " + F._names(
            [f"{t.label} in {label[t.source_id]} ({c})" for t, c in zip(top.itertuples(), counts, strict=True)]
        )
    present = tc[tc.n_passages > 0].groupby("theme_id").source_id.nunique()
    one = int((present == 1).sum())
    return Text(
        f"{lead}; {one} of the {tc.theme_id.nunique()} themes {'appears' if one == 1 else 'appear'} in one "
        "interview only."
    )


def core_evidence_note(ds: Dataset) -> Text:
    """What the four evidence tables show: how many distinct passages carry the core themes, per interview."""
    core = set(ds.themes.theme_id[ds.themes.core].astype(str))
    coded = A.coded_passages(ds)
    coded = coded[coded.theme_id.astype(str).isin(core)].drop_duplicates("passage_id")
    per = coded.groupby("source_id", observed=True).passage_id.nunique()
    label = F._source_labels(ds)
    return Text(
        f"The {len(core)} core themes rest on {coded.passage_id.nunique()} distinct passages: "
        + F._names([f"{int(per.get(s, 0))} in {label[s]}" for s in A.source_order(ds.sources)])
        + "."
    )


def discussion_themes(ds: Dataset) -> Text:
    """The closing discussion of 01_themes."""
    tc = S.theme_comparison(ds)
    excl = int(tc.adjusted_excludes_zero.sum())
    return _discussion(
        f"How much space each of the {len(tc)} themes takes in {P.texts(ds)}. {excl} of the {len(tc)} differences "
        f"{'has an interval' if excl == 1 else 'have intervals'}, adjusted for the {len(tc)} comparisons, that "
        f"{'excludes' if excl == 1 else 'exclude'} zero, and after Holm's correction the smallest p is "
        f"{tc.p_holm.min():.2f}" + (", so no difference is clear." if not tc.clear_difference.any() else "."),
        P.confound(ds) + f" The intervals generalise to passages of {P.texts(ds)}, not to diplomats, interviews or "
        "meetings, and shares of passages measure space, not importance.",
        "More interviews per stage, ideally the same speaker before and after or answers to the same questions, "
        "and enough passages to detect differences of the size seen here.",
    )


# --- 02 trade and agreements --------------------------------------------------------------------


def discussion_trade(ds: Dataset) -> Text:
    """The closing discussion of 02_trade_and_agreements."""
    return _discussion(
        F.trade(ds)[0] + " " + F.trade(ds)[1],
        "A status is the interviews' word on the day they were given, not a verified fact; the post-meeting "
        "interview names FTA partners without the agreements, and a signature it does not report is not "
        "evidence that none took place.",
        "The meetings' joint communiqué and the signing records, checked against each status.",
    )


# --- 03 partner coverage -------------------------------------------------------------------------


def discussion_partners(ds: Dataset) -> Text:
    """The closing discussion of 03_partner_coverage."""
    lines = F.partners(ds)
    return _discussion(
        lines[0] + " " + lines[-1],
        f"Passages naming a partner measure the space {P.texts(ds)} give it, not its importance; links come from "
        "curated tables, so a passage that lists several documents of one partnership gives that partner several "
        "links.",
        "Other sources on the same meetings (partners' own readouts, the joint communiqué), and links counted "
        "per passage as well as per item.",
    )


# --- 04 Vietnam's roles --------------------------------------------------------------------------


def discussion_roles(ds: Dataset) -> Text:
    """The closing discussion of 04_vietnam_roles."""
    co = next(s for s in F.roles(ds) if s.startswith("Before the meetings"))
    return _discussion(
        f"The roles the interviews give Vietnam, {len(ds.vietnam_roles)} in all, and their periods. {co}",
        "A role missing from one interview is missing from that text, not necessarily from the meetings: the "
        "pre-meeting interview was not asked about every meeting. The interviews speak for one government.",
        "The official programme of the meetings, with the chair of each, set against both interviews.",
    )


# --- 05 before and after -------------------------------------------------------------------------


def agenda_table_note(ds: Dataset) -> Text:
    """What the matched-items table shows: how many planned items come back, and with what outcome."""
    ag = A.agenda_outcomes(ds)
    planned = ag[ag.match != "new"]
    matched = ag[ag.match == "matched"]
    done = matched[matched.outcome_level == "reported achieved"]
    by = A.achieved_by_actor(ds).set_index("actor").n_items
    return Text(
        f"The post-meeting interview mentions {len(matched)} of the {len(planned)} planned items again and "
        f"reports an outcome for {len(done)} of them, {int(by.get('Vietnam', 0))} of which are Vietnam's own acts."
    )


def achieved_note(ds: Dataset) -> Text:
    """What the achieved-by-actor table shows: Vietnam's own acts against ASEAN or partner outcomes."""
    all_ = A.achieved_by_actor(ds, planned_only=False).set_index("actor").n_items
    planned = A.achieved_by_actor(ds).set_index("actor").n_items
    return Text(
        f"Counting the new items too, {int(all_.sum())} items are reported achieved: {int(all_.get('Vietnam', 0))} "
        f"of Vietnam's own acts and {int(all_.get('ASEAN or partners', 0))} ASEAN or partner outcomes; of the "
        f"pre-meeting items, {int(planned.get('Vietnam', 0))} and {int(planned.get('ASEAN or partners', 0))}. "
        "Vietnam's own acts (leading, co-chairing, proposing) count as achieved once performed, so the two groups "
        "measure different things."
    )


def levels_note(ds: Dataset) -> Text:
    """What the two codings' levels table shows (the first sentence of `findings.agenda_agreement_sentences`)."""
    lines = F.agenda_agreement_sentences(ds)
    return Text(lines[0] if lines else "The agenda has no second coding.")


def split_note(ds: Dataset) -> Text:
    """What the split comparison shows (the second sentence of `findings.agenda_agreement_sentences`)."""
    lines = F.agenda_agreement_sentences(ds)
    return Text(lines[-1] if lines else "The agenda has no second coding.")


def both_stages_note(ds: Dataset) -> Text:
    """What the table of agreements mentioned in both interviews shows: how many change status."""
    st = A.agreement_status_by_stage(ds)
    both = st[(st.status_pre != "") & (st.status_post != "")]
    changed = both[both.status_pre != both.status_post]
    return Text(
        f"{len(both)} of the {len(st)} agreements, plans and initiatives are mentioned in both interviews; "
        f"{len(changed)} of them with a different status after the meetings than before."
    )


def discussion_before_after(ds: Dataset) -> Text:
    """The closing discussion of 05_before_and_after."""
    lines = F.before_after(ds)
    agreement = F.agenda_agreement_sentences(ds)
    return _discussion(
        lines[0] + (" " + agreement[0] if agreement else ""),
        "An outcome level records what the post-meeting interview reports, not what happened; an item not "
        "mentioned may simply not have been asked about. How the agenda is split sets the denominator, and "
        "Vietnam's own acts are reported achieved once performed, unlike ASEAN or partner outcomes.",
        "The meetings' outcome documents set against an agenda split fixed in advance, coded by two blind coders "
        "from the start.",
    )


# --- 06 method check -----------------------------------------------------------------------------


def dictionary_note(ds: Dataset) -> Text:
    """What the core dictionary table shows: how many terms per core theme."""
    core = set(ds.themes.theme_id[ds.themes.core].astype(str))
    tt = ds.theme_terms[ds.theme_terms.theme_id.astype(str).isin(core)]
    per = tt.groupby(tt.theme_id.astype(str)).size()
    if tt.empty:
        return Text(f"The dictionary has no terms for the {len(core)} core themes.")
    return Text(
        f"The dictionary gives the {len(core)} core themes {len(tt)} terms, {int(per.min())} to {int(per.max())} "
        "per theme."
    )


def confusion_note(ds: Dataset, theme_id: str = "fta") -> Text:
    """What a theme's confusion table shows: passages only the dictionary codes, and only the hand coding."""
    from . import method as M

    r = M.dictionary_agreement(ds, core_only=False).set_index("theme_id").loc[theme_id]
    return Text(
        f"For the theme {r.label} the dictionary codes {int(r.fp)} passages the hand coding does not, and misses "
        f"{int(r.fn)} that it codes."
    )


def disagreements_note(ds: Dataset) -> Text:
    """What the table of disagreements shows: how many, of which kind, and how many have a reviewed reason."""
    from . import method as M

    d = M.dictionary_disagreements(ds, core_only=False)
    only_dict = int((d.dictionary.astype(bool) & ~d.hand.astype(bool)).sum())
    return Text(
        f"{len(d)} passage-theme pairs disagree: {only_dict} where only the dictionary codes and "
        f"{len(d) - only_dict} where only the hand coding does; {len(ds.dictionary_review)} have a reviewed reason."
    )


def discussion_method(ds: Dataset) -> Text:
    """The closing discussion of 06_method_check."""
    from . import method as M

    al = M.dictionary_agreement(ds, core_only=False)
    return _discussion(
        f"Whether a keyword dictionary written from the codebook codes the passages as the hand coding does: its "
        f"kappa ranges from {al.kappa.min():.2f} to {al.kappa.max():.2f} across the {len(al)} themes, and every "
        "disagreement has a reason saying which side follows the rule.",
        "The dictionary comes from the same codebook, so agreement shows the rules name their own keywords, not "
        f"that the coding is valid; the ranking of words describes {P.texts(ds)} and is not a test of a difference "
        "between speakers or stages.",
        "A dictionary or coders independent of the codebook, and a background corpus of comparable interviews "
        "for the ranking's prior.",
    )
