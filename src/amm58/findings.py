"""Key findings as sentences, computed from the data.

One function per notebook, each returning a list of sentences with the numbers in them. The
notebooks print them in their "Key findings" cell (so nbval checks every claim on every run)
and the report's landing page shows them. No number here is typed in by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pandas as pd

from . import analysis as A

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _names(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _source_labels(ds: "Dataset") -> pd.Series:
    """Per source_id, how the sentences name it: 'the pre-meeting interview (Ann)'."""
    s = ds.sources.astype({"stage": str, "interviewee": str})
    return pd.Series(("the " + s.stage + " interview (" + s.interviewee + ")").to_numpy(), index=s.source_id.astype(str))


def as_text(lines: list[str]) -> str:
    """Findings as a bulleted block of text, one sentence per line."""
    return "\n".join(f"- {line}" for line in lines)


def tour(ds: "Dataset") -> list[str]:
    """Findings of 00_dataset_tour: size of the corpus, codebook, reliability, fact tables."""
    pps = A.passages_per_source(ds)
    per = pps.groupby("source_id", sort=False).agg(n=("n_passages", "sum"), w=("n_words", "sum"))
    label = _source_labels(ds)
    parts = [f"{int(r.n)} passages ({int(r.w):,} words) from {label[r.Index]}" for r in per.itertuples()]
    ag = A.coding_agreement(ds)
    n_units = len(ds.passages) * len(ds.themes)
    n_agree = int(round((ag["agreement"] * len(ds.passages)).sum()))
    k = ag.dropna(subset=["kappa"])
    lo = k.loc[k["kappa"].idxmin()]
    core = ag[ag["core"]]
    return [
        f"The dataset codes {len(ds.passages)} passages: " + "; ".join(parts) + ".",
        f"The codebook has {len(ds.themes)} themes, {int(ds.themes['core'].sum())} of them core; "
        f"the published coding assigns {len(ds.passage_themes)} passage-theme codes.",
        f"The two independent coding passes agree on {n_agree} of {n_units} passage-theme decisions "
        f"({_pct(n_agree / n_units)}); {len(ds.reconciliation)} disagreements were reconciled.",
        f"Cohen's kappa per theme ranges from {lo['kappa']:.2f} ({lo['label']}) to {k['kappa'].max():.2f}; "
        f"the lowest kappa among the core themes is {core['kappa'].min():.2f}.",
        f"The fact tables hold {len(ds.meetings)} meetings, {len(ds.agreements)} agreements and plans, "
        f"{len(ds.vietnam_roles)} roles of Vietnam, {len(ds.timeline)} timeline events and "
        f"{len(ds.messages)} slogans and messages; every row cites a passage.",
        f"{len(ds.entities)} entities are known under {len(ds.aliases)} spellings, "
        f"{int((ds.aliases['alias_kind'] == 'typo').sum())} of them typos kept as aliases.",
    ]


def themes(ds: "Dataset") -> list[str]:
    """Findings of 01_themes: leading themes, core themes before and after, co-occurrence."""
    tc = A.theme_counts(ds)
    top = tc.loc[tc.groupby("source_id", sort=False).n_passages.idxmax()]  # sources in reading order; ties: codebook order
    label = _source_labels(ds)
    out = [f"In {label[t.source_id]} the most frequent theme is {t.label}: "
           f"{t.n_passages} of {t.n_source_passages} passages ({_pct(t.share)})." for t in top.itertuples()]
    sh = A.theme_shift(ds)
    core = sh[sh.core]
    rising = core[core.shift_pts > 0]
    out.append(f"{len(rising)} of the {len(core)} core themes take a larger share of passages after the meetings than "
               "before: " + _names([f"{r.label} {_pct(r.share_pre)} → {_pct(r.share_post)}" for r in core.itertuples()]) + ".")
    up = sh.loc[sh.shift_pts.idxmax()]
    down = sh.loc[sh.shift_pts.idxmin()]
    out.append(f"The largest rise is {up.label} ({up.shift_pts:+.1f} percentage points); "
               f"the largest fall is {down.label} ({down.shift_pts:+.1f} points).")
    co = A.theme_cooccurrence(ds)
    co = co[co.theme_a < co.theme_b].sort_values(["n_passages", "theme_a", "theme_b"], ascending=[False, True, True])
    lab = dict(zip(ds.themes["theme_id"].astype(str), ds.themes["label"].astype(str)))
    top = co.iloc[0]
    out.append(f"The themes that most often share a passage are {lab[top.theme_a]} and {lab[top.theme_b]} "
               f"({top.n_passages} passages).")
    return out


def trade(ds: "Dataset") -> list[str]:
    """Findings of 02_trade_and_agreements: progress classes, FTAs and partners, signed vs planned."""
    ap = A.agreement_progress(ds)
    counts = ap.progress.value_counts()
    out = [f"The interviews mention {len(ap)} agreements, plans and initiatives: "
           + _names([f"{int(counts.get(p, 0))} {p}" for p in A.PROGRESS_ORDER]) + "."]
    signed = ap[ap.status == "signed"]
    out.append(f"Only {len(signed)} are reported as signed: " + _names(list(signed.short_name)) + ".")
    to_sign = ap[ap.status == "to be signed"]
    if len(to_sign):
        st = A.agreement_status_by_stage(ds).set_index("agreement_id")
        unreported = to_sign[to_sign.agreement_id.map(st.status_post) == ""]
        out.append(f"{len(to_sign)} {'agreement was' if len(to_sign) == 1 else 'agreements were'} set out before the meetings as to be signed "
                   f"({_names(list(to_sign.short_name))}); the post-meeting interview reports no signature for "
                   f"{len(unreported)} of {len(to_sign)}.")
    fp = A.fta_partners(ds)
    stages = fp.groupby("partner").stage.agg(["nunique", "first"])  # partners sorted by name
    both = list(stages.index[stages["nunique"] > 1])
    post_only = list(stages.index[(stages["nunique"] == 1) & (stages["first"] == "post-meeting")])
    fta = ap[ap.kind == "FTA"]
    out.append(f"{len(fta)} FTA rows name {fp.partner.nunique()} partners: {_names(both)} in both interviews, "
               f"{_names(post_only)} only after the meetings.")
    intra = ap[ap.scope == "intra-ASEAN"]
    out.append(f"{len(intra)} of the {len(ap)} are intra-ASEAN, {int((ap.scope == 'ASEAN-partner').sum())} "
               f"ASEAN-partner and {int((ap.scope == 'ASEAN-other').sum())} concern states outside both.")
    return out


def partners(ds: "Dataset") -> list[str]:
    """Findings of 03_partner_coverage: who appears most, who appears in only one interview."""
    cov = A.partner_coverage(ds, kinds=A.PARTNER_KINDS)
    tot = cov.groupby("name").n_passages.sum().sort_values(ascending=False, kind="stable")  # ties: by name
    top = tot[tot == tot.iloc[0]]
    out = [f"{len(tot)} partner states, candidate members, other states and groups appear; the most often named "
           f"{'is' if len(top) == 1 else 'are'} {_names(list(top.index))} ({int(top.iloc[0])} passages)."]
    sources = cov.groupby("name").source_id.agg(["nunique", "first"])  # names sorted
    only = sources[sources["nunique"] == 1].reset_index().groupby("first").name.agg(_names)
    label = _source_labels(ds)
    out += [f"Named only in {label[sid]}: {only.get(sid, 'none')}." for sid in A.source_order(ds.sources)]
    ctx = A.partner_contexts(ds)
    c = ctx.groupby("context").n_passages.sum().sort_values(ascending=False, kind="stable")
    out.append("Partners are named most often in the context of " + _names([f"{k} ({int(v)})" for k, v in c.head(3).items()]) + ".")
    dp = ds.entities[ds.entities["kind"] == "dialogue partner"]
    out.append(f"{len(dp)} dialogue partners are named; the network links them to "
               f"{A.partner_links(ds).target_id.nunique()} meetings and agreements.")
    return out


def roles(ds: "Dataset") -> list[str]:
    """Findings of 04_vietnam_roles: roles and periods, co-chair announced vs reported, slogans."""
    r = ds.vietnam_roles
    out = []
    for role in r["role"].cat.categories:
        rr = r[r["role"] == role]
        if len(rr):
            periods = sorted({f"{a}" if a == b else f"{a}–{b}" for a, b in zip(rr.start_year, rr.end_year)})
            out.append(f"{role.capitalize()}: {len(rr)} ({_names([str(x) for x in rr.counterpart])}; {_names(periods)}).")
    rp = ds.role_passages.merge(ds.passages[["passage_id", "source_id"]], on="passage_id").merge(
        ds.sources[["source_id", "stage"]], on="source_id")
    cochair = set(r.loc[r["role"] == "co-chair", "role_id"].astype(str))
    rp = rp[rp.role_id.astype(str).isin(cochair)]
    pre = rp.loc[rp.stage == "pre-meeting", "role_id"].nunique()
    post = rp.loc[rp.stage == "post-meeting", "role_id"].nunique()
    out.append(f"Before the meetings {pre} co-chairmanships were announced; afterwards {post} were reported.")
    mbr = A.meetings_by_role(ds)
    out.append("Meetings by Vietnam's role: " + _names([f"{x.vietnam_role} {x.n_meetings}" for x in mbr.itertuples()]) + ".")
    ma = A.message_attribution(ds)
    out.append(f"{len(ma)} slogans and messages are attributed: " + _names(
        [f"'{m.text if len(m.text) < 40 else m.text[:37] + '…'}' ({m.speaker or m.owner}"
         f"{', ' + m.forum if m.forum else ''})" for m in ma.itertuples()]) + ".")
    return out


def before_after(ds: "Dataset") -> list[str]:
    """Findings of 05_before_and_after: agenda items matched, dropped and new; theme shift."""
    ag = A.agenda_outcomes(ds)
    n = ag.match.value_counts()
    pre_items = int(n.get("matched", 0) + n.get("not mentioned again", 0))
    out = [f"The pre-meeting interview set out {pre_items} agenda items: {int(n.get('matched', 0))} are matched in the "
           f"post-meeting account and {int(n.get('not mentioned again', 0))} are not mentioned again.",
           f"The post-meeting account adds {int(n.get('new', 0))} items the pre-meeting interview did not set out."]
    dropped = ag[ag.match == "not mentioned again"]
    out.append("Not mentioned again: " + "; ".join(dropped.label) + ".")
    sh = A.theme_shift(ds)
    up = sh.sort_values(["shift_pts", "theme_id"], ascending=[False, True]).head(3)
    out.append("Themes gaining most: " + _names([f"{r.label} ({r.shift_pts:+.1f} points)" for r in up.itertuples()]) + ".")
    return out


def method_check(ds: "Dataset") -> list[str]:
    """Findings of 06_method_check: dictionary against hand coding, distinctive words, density."""
    from . import method as M

    ag = M.dictionary_agreement(ds, core_only=True)
    out = [f"The keyword dictionary ({int(ag.n_terms.sum())} terms for the {len(ag)} core themes) agrees with the hand "
           "coding with Cohen's kappa " + _names([f"{r.kappa:.2f} for {r.label}" for r in ag.itertuples()]) + "."]
    fp, fn = int(ag.fp.sum()), int(ag.fn.sum())
    out.append(f"On the core themes it disagrees on {fp + fn} passage-theme pairs: {fp} false positive(s) "
               f"({_names([f'{r.label} {r.fp}' for r in ag.itertuples() if r.fp])}) and {fn} miss(es) "
               f"({_names([f'{r.label} {r.fn}' for r in ag.itertuples() if r.fn])}).")
    al = M.dictionary_agreement(ds, core_only=False)
    lo = al.loc[al.kappa.idxmin()]
    out.append(f"Across all {len(al)} themes the dictionary's kappa ranges from {lo.kappa:.2f} ({lo.label}) "
               f"to {al.kappa.max():.2f}.")
    dt = M.distinctive_terms(ds)
    post, pre = dt[dt.z > 0].head(3), dt[dt.z < 0].sort_values("z").head(3)
    if dt.empty:
        out.append("The dataset has no term counts yet (run `python -m amm58 curate-terms`), so no log-odds are computed.")
    else:
        out.append("Most typical of the post-meeting interview: " + _names([f"{r.term} (z = {r.z:+.2f})" for r in post.itertuples()])
                   + "; of the pre-meeting one: " + _names([f"{r.term} (z = {r.z:+.2f})" for r in pre.itertuples()])
                   + f". {int((dt.z.abs() > 1.96).sum())} term(s) pass |z| > 1.96.")
    ld = M.length_and_density(ds)
    label = _source_labels(ds)
    out.append("Passages average " + _names([f"{r.mean_words:.0f} words in {label[r.source_id]}" for r in ld.itertuples()])
               + "; theme codes per passage: " + _names([f"{r.themes_per_passage:.2f} ({r.source_id})" for r in ld.itertuples()]) + ".")
    return out


ALL = {
    "00_dataset_tour": tour,
    "01_themes": themes,
    "02_trade_and_agreements": trade,
    "03_partner_coverage": partners,
    "04_vietnam_roles": roles,
    "05_before_and_after": before_after,
    "06_method_check": method_check,
}


def by_notebook(ds: "Dataset") -> Callable[[str], list[str]]:
    """A lookup from a notebook's name (`01_themes`) to its findings on `ds` (empty when the
    notebook has no findings function), as the report's landing page needs it."""
    def lookup(stem: str) -> list[str]:
        return ALL[stem](ds) if stem in ALL else []
    return lookup
