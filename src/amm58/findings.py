"""Key findings as sentences, computed from the data.

One function per notebook, each returning a list of sentences with the numbers in them. The
notebooks print them in their "Key findings" cell (so nbval checks every claim on every run)
and the report's landing page shows them. No number here is typed in by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from . import analysis as A
from . import stats as S

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


def _some(items, k: int = 6) -> str:
    """`_names` of at most `k` items; a longer list names its first `k` and counts the rest."""
    items = list(items)
    return _names(items) if len(items) <= k else ", ".join(items[:k]) + f" and {len(items) - k} more"


def _source_labels(ds: Dataset) -> pd.Series:
    """Per source_id, how the sentences name it: 'the pre-meeting interview (Ann)'."""
    s = ds.sources.astype({"stage": str, "interviewee": str})
    return pd.Series(
        ("the " + s.stage + " interview (" + s.interviewee + ")").to_numpy(), index=s.source_id.astype(str)
    )


def _ci_pts(lo: float, hi: float) -> str:
    """A difference's 95% interval in points: "95% CI -8.6 to +31.5"."""
    return f"95% CI {lo:+.1f} to {hi:+.1f}"


def _share_ci(k: int, n: int, lo: float, hi: float, unit: str = "passages") -> str:
    """A share with its counts and Wilson interval: "4 of 24 passages (17%; 95% CI 7–36%)"."""
    return f"{int(k)} of {int(n)} {unit} ({_pct(k / n)}; 95% CI {100 * lo:.0f}–{100 * hi:.0f}%)"


def _comparison(r) -> str:
    """One row of `stats.theme_comparison` as counts, difference and interval."""
    return (
        f"{r.label} {S.count_text(r.k_pre, r.n_pre)} against {S.count_text(r.k_post, r.n_post)} "
        f"({r.shift_pts:+.1f} points, {_ci_pts(r.shift_lo_pts, r.shift_hi_pts)})"
    )


#: The one-sentence confound that every notebook's caveats and the comparison findings state.
CONFOUND = (
    "There is one interview per stage, so every before/after comparison is also a comparison of two "
    "speakers, two sets of questions and a preview against a report: a difference between two texts, "
    "not an effect of the meetings."
)


def as_text(lines: list[str]) -> str:
    """Findings as a bulleted block of text, one sentence per line."""
    return "\n".join(f"- {line}" for line in lines)


def tour(ds: Dataset) -> list[str]:
    """Findings of 00_dataset_tour: size of the corpus, codebook, reliability, fact tables."""
    pps = A.passages_per_source(ds)
    per = pps.groupby("source_id", sort=False).agg(n=("n_passages", "sum"), w=("n_words", "sum"))
    label = _source_labels(ds)
    parts = [f"{int(r.n)} passages ({int(r.w):,} words) from {label[r.Index]}" for r in per.itertuples()]
    ag = A.coding_agreement(ds)
    n_units = len(ds.passages) * len(ds.themes)
    n_agree = int(round((ag["agreement"] * len(ds.passages)).sum()))
    ki = S.kappa_intervals(ds)
    return [
        f"The dataset codes {len(ds.passages)} passages: " + "; ".join(parts) + ".",
        f"The codebook has {len(ds.themes)} themes, {int(ds.themes['core'].sum())} of them core; "
        f"the published coding assigns {len(ds.passage_themes)} passage-theme codes.",
        f"Passes a and b agree on {n_agree} of {n_units} passage-theme decisions "
        f"({_pct(n_agree / n_units)}); {len(ds.reconciliation)} disagreements were reconciled.",
        *_reliability(ki),
        *blind_checks(ds),
        f"The fact tables hold {len(ds.meetings)} meetings, {len(ds.agreements)} agreements and plans, "
        f"{len(ds.vietnam_roles)} roles of Vietnam, {len(ds.timeline)} timeline events and "
        f"{len(ds.messages)} slogans and messages; every row cites a passage.",
        f"{len(ds.entities)} entities are known under {len(ds.aliases)} spellings, "
        f"{int((ds.aliases['alias_kind'] == 'typo').sum())} of them typos kept as aliases.",
    ]


def _reliability(ki: pd.DataFrame) -> list[str]:
    """The kappa sentences of 00: the lowest kappa with its interval, the undefined ones, and
    how few positives carry them (`stats.kappa_intervals` rows)."""
    defined, undefined = ki.dropna(subset=["kappa"]), ki[ki.kappa.isna()]
    out = []
    if len(defined):
        lo = defined.sort_values(["kappa", "theme_id"]).iloc[0]
        out.append(
            f"Cohen's kappa per theme is lowest for {lo.label}: {lo.kappa:.2f} (bootstrap 95% interval "
            f"{lo.kappa_lo:.2f} to {lo.kappa_hi:.2f}; the passes agree on {int(lo.n_both)} of the "
            f"{int(lo.n_either)} passages either coded); {int((ki.kappa == 1).sum())} of {len(ki)} themes have "
            "a kappa of 1.00"
            + (
                f", and {len(undefined)} have no kappa (no positives): {_names(list(undefined.label))}"
                if len(undefined)
                else ""
            )
            + "."
        )
    few = ki[ki.n_either <= 5]
    perfect = few[(few.n_both == few.n_either) & (few.n_either > 0)].sort_values(["n_either", "theme_id"])
    example = (
        ""
        if perfect.empty
        else (
            f" ({perfect.iloc[0].label}: {int(perfect.iloc[0].n_both)} of {int(perfect.iloc[0].n_either)} agreed, "
            f"Wilson 95% CI {100 * perfect.iloc[0].positive_agreement_lo:.0f}–100%)"
        )
    )
    out.append(
        f"Kappa rests on few positives: {len(few)} of {len(ki)} themes were coded in 5 passages or fewer by "
        f"either pass, where even perfect agreement leaves a wide interval{example}, so the reliability "
        "figures are weak evidence."
    )
    return out


def _made_on(ds: Dataset, step_id: str) -> str:
    """' on 2026-12-07' when `coding_log` dates the step, else ''."""
    log = ds.tables.get("coding_log")
    if log is None:
        return ""
    row = log[log.step_id.astype(str) == step_id]
    return "" if row.empty or pd.isna(row.made_on.iloc[0]) else f" on {row.made_on.iloc[0]:%Y-%m-%d}"


def blind_checks(ds: Dataset) -> list[str]:
    """The sentences of 00 on the blind checks: pass c against a, b and the reconciled codes
    (`stats.pass_comparison`), where it differs from the reconciled codes and whether a case note
    settled those decisions (`stats.case_note_agreement`), and the blind reconciliation
    (`analysis.reconciliation_check`). Empty when the data has no pass c."""
    if "c" not in set(ds.coding_passes.pass_id.astype(str)):
        return []
    pc = S.pass_comparison(ds)
    n_themes = pc.theme_id.nunique()
    perfect = pc[pc.kappa.round(2) == 1].groupby("second", sort=False).size()
    rec = pc[(pc.second == S.RECONCILED) & pc.kappa.notna()].sort_values(["kappa", "theme_id"])
    out = [
        f"Pass c, coded blind{_made_on(ds, 'c')} from the general rules and the passages' texts alone, has a kappa "
        f"of 1.00 on {int(perfect.get('a', 0))} of {n_themes} themes against pass a, "
        f"{int(perfect.get('b', 0))} against pass b and {int(perfect.get(S.RECONCILED, 0))} against the reconciled "
        "codes"
        + (
            f"; its lowest against the reconciled codes is {rec.iloc[0].label}: {rec.iloc[0].kappa:.2f} (bootstrap "
            f"95% interval {rec.iloc[0].kappa_lo:.2f} to {rec.iloc[0].kappa_hi:.2f}; {int(rec.iloc[0].n_both)} of the "
            f"{int(rec.iloc[0].n_either)} passages either coded agreed)."
            if len(rec)
            else "."
        )
    ]
    cn = S.case_note_agreement(ds).set_index("group")
    n_off = int((cn.n_decisions - cn.n_agree).sum())
    parts = [
        f"{int(r.n_decisions - r.n_agree)} of the {int(r.n_decisions)} "
        + ("a case note settles" if g == "settled by a case note" else "other decisions")
        + (f" ({_some(r.disagreements.split(', '))})" if r.disagreements else "")
        for g, r in cn.iterrows()
    ]
    out.append(
        f"Pass c differs from the reconciled codes on {n_off} of {int(cn.n_decisions.sum())} passage-theme "
        "decisions: " + _names(parts) + "."
    )
    rc = A.reconciliation_check(ds)
    if len(rc):
        changed = rc[rc.changed]
        out.append(
            f"A blind reconciler, told neither which pass coded what nor the first decision, decided "
            f"{len(rc) - len(changed)} of the {len(rc)} disagreements of passes a and b as the pass-a coder had"
            + (
                "; it decided " + _some([f"{r.passage_id}/{r.theme_id}" for r in changed.itertuples()]) + " otherwise."
                if len(changed)
                else ", so no decision changes."
            )
        )
    return out


def themes(ds: Dataset) -> list[str]:
    """Findings of 01_themes: leading themes, core themes before and after, co-occurrence."""
    tc = A.theme_counts(ds)
    top = tc.loc[
        tc.groupby("source_id", sort=False).n_passages.idxmax()
    ]  # sources in reading order; ties: codebook order
    label = _source_labels(ds)
    lo, hi = S.wilson(top.n_passages, top.n_source_passages)
    out = [
        f"In {label[t.source_id]} the most frequent theme is {t.label}: "
        f"{_share_ci(t.n_passages, t.n_source_passages, low, high)}."
        for t, low, high in zip(top.itertuples(), lo, hi, strict=True)
    ]
    out += _theme_differences(ds)
    out.append(design_sentence(ds))
    co = S.cooccurrence_vs_chance(ds).sort_values(["observed", "theme_a", "theme_b"], ascending=[False, True, True])
    if co.empty:
        return out
    top = co.iloc[0]
    out.append(
        f"The themes that most often share a passage are {top.label_a} and {top.label_b}: {int(top.observed)} of "
        f"{int(top.n_total)} passages, against {top.expected:.1f} expected if the two were independent "
        f"(lift {top.lift:.2f})."
    )
    return out


def _theme_differences(ds: Dataset) -> list[str]:
    """The before/after theme sentences of 01: core themes with intervals, the themes whose
    unadjusted interval excludes zero against the adjusted interval and Holm's p that decide,
    the robustness across units by interval, and the coding sensitivity."""
    tc = S.theme_comparison(ds)
    core = tc[tc.core]
    clear_core = core[core.clear_difference]
    out = [
        (
            "No core theme shows a clear difference between the two texts: "
            if clear_core.empty
            else f"{_names(list(clear_core.label))} {'shows' if len(clear_core) == 1 else 'show'} a clear "
            "difference between the two texts; all core themes: "
        )
        + _names([_comparison(r) for r in core.itertuples()])
        + "."
    ]
    out.append(adjusted_intervals(tc))
    out.append(robustness_sentence(ds))
    out.append(coding_sensitivity_sentence(ds))
    return out


def adjusted_intervals(tc: pd.DataFrame) -> str:
    """Which interval decides a clear difference, from `stats.theme_comparison` rows: the
    themes whose unadjusted 95% interval excludes zero, with their adjusted interval and
    Holm's p, and whether the two adjusted tests agree on every theme."""
    level = S.bonferroni_level(len(tc))
    rule = (
        f"A clear difference needs both the interval adjusted for the {len(tc)} comparisons ({100 * level:.1f}%, "
        "Bonferroni) to exclude zero and Holm's adjusted Fisher p to be below 0.05; the unadjusted 95% intervals "
        "decide nothing"
    )
    excl = tc[tc.interval_excludes_zero]
    if len(excl):
        rule += (
            f". {len(excl)} of {len(tc)} unadjusted intervals {'excludes' if len(excl) == 1 else 'exclude'} zero, "
            f"where about {0.05 * len(tc):.1f} would by chance: "
            + _names(
                [
                    f"{r.label} ({_ci_pts(r.shift_lo_pts, r.shift_hi_pts)}; adjusted "
                    f"{r.shift_lo_adj_pts:+.1f} to {r.shift_hi_adj_pts:+.1f}, Holm p {r.p_holm:.2f})"
                    for r in excl.itertuples()
                ]
            )
        )
    clear = tc[tc.clear_difference]
    rule += ". " + (
        "No difference is clear" if clear.empty else f"Clear: {_names([_comparison(r) for r in clear.itertuples()])}"
    )
    disagree = tc[~tc.tests_agree]
    rule += (
        ", and the adjusted interval and Holm's p agree on every theme."
        if disagree.empty
        else f"; the adjusted interval and Holm's p disagree on {_names(list(disagree.label))}, "
        "which is therefore not called clear."
    )
    return rule


def robustness_sentence(ds: Dataset) -> str:
    """The robustness sentence of 01, by interval (`stats.robustness`): which themes are clear
    under every unit, under some, or under none, and how many merely keep their sign."""
    rb = S.robustness(ds)
    by = rb.groupby("verdict", sort=False).label.agg(list)
    none = by.get("no clear difference under any unit", [])
    held = rb[rb.direction != "depends on the unit"]
    out = "Counted by passages, words, share of theme codes and answers only, with intervals adjusted as above, "
    if len(none) == len(rb):
        out += "no theme's difference is clear under any unit"
    else:
        parts = [
            _names([f"{r.label} ({r.clear_units})" for r in rows.itertuples()]) + f": {verdict}"
            for verdict, rows in rb.groupby("verdict", sort=False)
            if verdict != "no clear difference under any unit"
        ]
        out += "; ".join(parts) + (f"; the other {len(none)} are clear under no unit" if len(none) else "")
    return (
        out + f". {len(held)} of {len(rb)} themes keep the sign of their difference under all four units, which "
        "without a clear interval is no evidence of a direction."
    )


def coding_sensitivity_sentence(ds: Dataset, codes: dict | None = None) -> str:
    """Whether any conclusion of the theme comparison changes with the coding
    (`stats.coding_sensitivity`): the clear differences under each coding, and the largest
    unadjusted interval that excludes zero."""
    cs = S.coding_sensitivity(ds, codes)
    cs["coding"] = cs.coding.replace({"reconciled": "the reconciled codes", "dictionary": "the dictionary"})
    clear = cs[cs.clear_difference].groupby("coding", sort=False).label.agg(list)
    names = list(dict.fromkeys(cs.coding))
    verdicts = {c: tuple(clear.get(c, [])) for c in names}
    excl = cs[(cs.shift_lo_pts > 0) | (cs.shift_hi_pts < 0)].groupby("coding", sort=False).size()
    tail = (
        " (unadjusted intervals that exclude zero: "
        + _names([f"{int(excl.get(c, 0))} under {c}" for c in names])
        + ")."
    )
    if len(set(verdicts.values())) == 1:
        same = verdicts[names[0]]
        return (
            f"Under {_names(names)} the conclusion is the same: "
            + ("no theme shows a clear difference" if not same else f"a clear difference for {_names(list(same))}")
            + tail
        )
    return (
        "The conclusion depends on the coding: "
        + "; ".join(f"{c}: {_names(list(v)) if v else 'no clear difference'}" for c, v in verdicts.items())
        + tail
    )


def design_sentence(ds: Dataset) -> str:
    """What the comparison can detect (`stats.design_sensitivity`), and what its intervals
    generalise to."""
    d = S.design_sensitivity(ds)
    mdd = (
        f"the smallest clear difference from a theme absent before is 0 of {int(d.n_pre)} against {int(d.mdd_k)} of "
        f"{int(d.n_post)} ({d.mdd_pts:+.1f} points)"
        if not pd.isna(d.mdd_k)
        else f"no difference from 0 of {int(d.n_pre)} is clear"
    )
    return (
        f"With {int(d.n_pre)} against {int(d.n_post)} passages and {int(d.n_tests)} themes, {mdd}; a theme whose "
        f"true share rose from {_pct(d.share_pre)} to {_pct(d.share_post)} would be called clear with probability "
        f"{d.power:.2f} (exact, over every pair of counts; {d.power_single:.2f} for a single unadjusted comparison). "
        "The intervals treat the passages as a sample: they describe passages of these two texts, not diplomats, "
        "interviews or meetings."
    )


def trade(ds: Dataset) -> list[str]:
    """Findings of 02_trade_and_agreements: progress classes, FTAs and partners, signed vs planned."""
    ap = A.agreement_progress(ds)
    counts = ap.progress.value_counts()
    out = [
        f"The interviews mention {len(ap)} agreements, plans and initiatives: "
        + _names([f"{int(counts.get(p, 0))} {p}" for p in A.PROGRESS_ORDER])
        + _done_before(ds, ap)
        + "."
    ]
    signed = ap[ap.status == "signed"]
    out.append(
        f"Only {len(signed)} of the {len(ap)} agreements, plans and initiatives "
        f"{'is' if len(signed) == 1 else 'are'} reported as signed: " + _names(list(signed.short_name)) + "."
    )
    to_sign = ap[ap.status == "to be signed"]
    if len(to_sign):
        st = A.agreement_status_by_stage(ds).set_index("agreement_id")
        unreported = to_sign[to_sign.agreement_id.map(st.status_post) == ""]
        out.append(
            f"{len(to_sign)} {'agreement was' if len(to_sign) == 1 else 'agreements were'} "
            "set out before the meetings as to be signed "
            f"({_names(list(to_sign.short_name))}); the post-meeting interview reports no signature for "
            f"{len(unreported)} of {len(to_sign)}."
        )
    fp = A.fta_partners(ds)
    stages = fp.groupby("partner").stage.agg(["nunique", "first"])  # partners sorted by name
    both = list(stages.index[stages["nunique"] > 1])
    post_only = list(stages.index[(stages["nunique"] == 1) & (stages["first"] == "post-meeting")])
    fta = ap[ap.kind == "FTA"]
    out.append(
        f"{len(fta)} FTA rows name {fp.partner.nunique()} partners: {_names(both)} in both interviews, "
        f"{_names(post_only)} only in the post-meeting interview."
    )
    intra = ap[ap.scope == "intra-ASEAN"]
    out.append(
        f"{len(intra)} of the {len(ap)} are intra-ASEAN, {int((ap.scope == 'ASEAN-partner').sum())} "
        f"ASEAN-partner and {int((ap.scope == 'ASEAN-other').sum())} concern states outside both."
    )
    return out


def _done_before(ds: Dataset, ap: pd.DataFrame) -> str:
    """The caveat to the "reported done" count, as a clause: how many of those items the pre-meeting
    interview already reports done (before the meetings, not at them), and which."""
    done = ap[ap.progress == "reported done"]
    m = A.with_passages(ds.agreement_passages, ds)
    done_pre = m.agreement_id[(m.stage == A.STAGES[0]) & (m.status.astype(str).map(A.PROGRESS) == "reported done")]
    before = done[done.agreement_id.isin(set(done_pre.astype(str)))]
    if before.empty:
        return ""
    return (
        f"; {len(before)} of the {len(done)} reported done are already done in the pre-meeting interview, before "
        f"the meetings ({_names(list(before.short_name))})"
    )


def partners(ds: Dataset) -> list[str]:
    """Findings of 03_partner_coverage: who appears most, who appears in only one interview."""
    cov = A.partner_coverage(ds, kinds=A.PARTNER_KINDS)
    tot = cov.groupby("name").n_passages.sum().sort_values(ascending=False, kind="stable")  # ties: by name
    top = tot[tot == tot.iloc[0]]
    out = [
        f"{len(tot)} partner states, candidate members, other states and groups appear; the most often named "
        f"{'is' if len(top) == 1 else 'are'} {_names(list(top.index))} ({int(top.iloc[0])} passages)."
    ]
    sources = cov.groupby("name").source_id.agg(["nunique", "first"])  # names sorted
    only = sources[sources["nunique"] == 1].reset_index().groupby("first").name.agg(_names)
    label = _source_labels(ds)
    out += [f"Named only in {label[sid]}: {only.get(sid, 'none')}." for sid in A.source_order(ds.sources)]
    ctx = A.partner_contexts(ds)
    c = ctx.groupby("context").n_passages.sum().sort_values(ascending=False, kind="stable")
    out.append(
        "Partners are named most often in the context of "
        + _names([f"{k} ({int(v)})" for k, v in c.head(3).items()])
        + "."
    )
    links = A.partner_links(ds)
    per = links.groupby("name").size().sort_values(ascending=False, kind="stable")  # ties: by name
    most = per[per == per.iloc[0]]
    one = links[links.name.isin(most.index)].groupby(["name", "passage_id"]).size()
    one = one[one > 1].sort_values(ascending=False, kind="stable")
    caveat = "; ".join(f"{int(n)} of {name}'s come from one passage, {pid}" for (name, pid), n in one.items())
    out.append(
        f"The tables link {links.name.nunique()} partners to {links.target_id.nunique()} meetings and "
        f"agreements in {len(links)} links; the most linked {'is' if len(most) == 1 else 'are'} "
        f"{_names(list(most.index))} ({int(most.iloc[0])} links)" + (f", but {caveat}." if caveat else ".")
    )
    return out


def roles(ds: Dataset) -> list[str]:
    """Findings of 04_vietnam_roles: roles and periods, co-chair announced vs reported, slogans."""
    r = ds.vietnam_roles
    out = []
    for role in r["role"].cat.categories:
        rr = r[r["role"] == role]
        if len(rr):
            periods = sorted(
                {f"{a}" if a == b else f"{a}–{b}" for a, b in zip(rr.start_year, rr.end_year, strict=True)}
            )
            out.append(
                f"{role.capitalize()}: {len(rr)} ({_names([str(x) for x in rr.counterpart])}; {_names(periods)})."
            )
    rp = ds.role_passages.merge(ds.passages[["passage_id", "source_id"]], on="passage_id").merge(
        ds.sources[["source_id", "stage"]], on="source_id"
    )
    cochair = set(r.loc[r["role"] == "co-chair", "role_id"].astype(str))
    rp = rp[rp.role_id.astype(str).isin(cochair)]
    pre = rp.loc[rp.stage == "pre-meeting", "role_id"].nunique()
    post = rp.loc[rp.stage == "post-meeting", "role_id"].nunique()
    out.append(
        f"Before the meetings {pre} co-chairmanships were announced; afterwards {post} were reported"
        + _cochair_caveat(ds, rp)
        + "."
    )
    mbr = A.meetings_by_role(ds)
    out.append(
        "Meetings by Vietnam's role: " + _names([f"{x.vietnam_role} {x.n_meetings}" for x in mbr.itertuples()]) + "."
    )
    ma = A.message_attribution(ds)
    out.append(
        f"{len(ma)} slogans and messages are attributed: "
        + _names(
            [
                f"'{m.text if len(m.text) < 40 else m.text[:37] + '…'}' ({m.speaker or m.owner}"
                f"{', ' + m.forum if m.forum else ''})"
                for m in ma.itertuples()
            ]
        )
        + "."
    )
    return out


def _cochair_caveat(ds: Dataset, rp: pd.DataFrame) -> str:
    """The caveat to the co-chair counts, as a clause: the co-chairmanships reported only afterwards whose
    meetings the pre-meeting interview does not name at all (`rp`: co-chair mentions with their stage)."""
    post_only = set(rp.role_id[rp.stage == "post-meeting"].astype(str)) - set(
        rp.role_id[rp.stage == "pre-meeting"].astype(str)
    )
    roles = ds.vietnam_roles[ds.vietnam_roles.role_id.astype(str).isin(post_only)]
    mp = ds.meeting_passages.merge(ds.passages[["passage_id", "source_id"]], on="passage_id").merge(
        ds.sources[["source_id", "stage"]], on="source_id"
    )
    unasked = roles[~roles.meeting_id.astype(str).isin(set(mp.meeting_id[mp.stage == "pre-meeting"].astype(str)))]
    if unasked.empty:
        return ""
    return (
        f", {len(unasked)} of them ({_some(sorted(unasked.counterpart))}) of meetings the pre-meeting interview "
        "does not name at all, so the rise compares two texts, not announcements with results"
    )


def _achieved_parts(ds: Dataset) -> str:
    """The reported-achieved items of the pre-meeting agenda by who acts: "3 of them Vietnam's own acts, 1 an
    ASEAN or partner outcome"."""
    by = A.achieved_by_actor(ds).set_index("actor").n_items
    v, o = int(by.get("Vietnam", 0)), int(by.get("ASEAN or partners", 0))
    other = "an ASEAN or partner outcome" if o == 1 else "ASEAN or partner outcomes"
    return f"{v} of them Vietnam's own {'act' if v == 1 else 'acts'}, {o} {other}"


def agenda_agreement_sentences(ds: Dataset) -> list[str]:
    """The agenda's second, blind coding: agreement on the outcome levels (linearly weighted kappa with its
    bootstrap interval) and the item split compared. Empty when the data has no second coding."""
    out = []
    if len(ds.tables.get("agenda_levels_b", [])):
        ag = S.agenda_agreement(ds)
        cmp = A.agenda_levels_compared(ds)
        off = cmp[cmp.gap > 0]
        out.append(
            f"A second coder, blind to the first coding, gave the same outcome level to {int(ag.n_agree)} of "
            f"{int(ag.n_items)} agenda items and one level apart to {int(ag.n_adjacent)}"
            + (
                f" ({_some([f'{r.label}: {r.level_a} against {r.level_b}' for r in off.itertuples()])})"
                if len(off)
                else ""
            )
            + f": linearly weighted kappa {ag.kappa_linear:.2f} (bootstrap 95% interval {ag.kappa_lo:.2f} to "
            f"{ag.kappa_hi:.2f})."
        )
    if len(ds.tables.get("agenda_split_b", [])):
        sp = A.agenda_split_comparison(ds)
        finer = sp[sp.correspondence == "split further by b"]
        only_b, only_a = sp[sp.correspondence == "only in b"], sp[sp.correspondence == "only in a"]
        n_matched = int(sp.n_a.sum()) - len(only_a)
        finer_text = (
            f", {len(finer)} of them split into {int(finer.n_b.sum())} ({_some(finer.label)})" if len(finer) else ""
        )
        out.append(
            "Splitting the pre-meeting interview by the written rule, the second coder found "
            f"{int(sp.n_b.sum())} items against {int(sp.n_a.sum())}: {n_matched} of the first coding's items have "
            f"a counterpart{finer_text}, and {len(only_b)} of the second coder's items "
            + ("has none" if len(only_b) == 1 else "have none")
            + (f" ({_some(only_b.label)})" if len(only_b) else "")
            + ", so the denominator of the agenda counts depends on the split."
        )
    return out


def before_after(ds: Dataset) -> list[str]:
    """Findings of 05_before_and_after: agenda items by outcome level, dropped and new; theme differences."""
    ag = A.agenda_outcomes(ds)
    planned, new = ag[ag.match != "new"], ag[ag.match == "new"]
    lv = planned.outcome_level.value_counts()
    out = [
        f"Of the {len(planned)} agenda items the pre-meeting interview set out, the post-meeting interview reports "
        f"{int(lv.get('reported achieved', 0))} achieved ({_achieved_parts(ds)}), mentions "
        f"{int(lv.get('mentioned again', 0))} again without an outcome and does not mention "
        f"{int(lv.get('not mentioned', 0))}.",
        f"The post-meeting account adds {len(new)} {'item' if len(new) == 1 else 'items'} "
        "the pre-meeting interview did not set out "
        f"({int((new.outcome_level == 'reported achieved').sum())} of them reported achieved).",
    ]
    dropped = planned[planned.outcome_level == "not mentioned"]
    out.append("Not mentioned again: " + "; ".join(dropped.label) + ".")
    out += agenda_agreement_sentences(ds)
    tc = S.theme_comparison(ds)
    out.append(
        f"No theme's share of passages differs clearly between the two texts: after Holm's correction across "
        f"the {len(tc)} themes the smallest p is {tc.p_holm.min():.2f}."
    )
    return out


def method_check(ds: Dataset) -> list[str]:
    """Findings of 06_method_check: the dictionary consistency check, the word ranking and its
    prior, passage length and theme density."""
    from . import method as M

    ag = M.dictionary_agreement(ds, core_only=True)
    out = [
        f"Consistency check: the keyword dictionary ({int(ag.n_terms.sum())} terms for the {len(ag)} core themes, "
        "drawn from the same codebook) agrees with the hand coding with Cohen's kappa "
        + _names([f"{r.kappa:.2f} for {r.label}" for r in ag.itertuples()])
        + "."
    ]
    al = M.dictionary_agreement(ds, core_only=False)
    lowest = al[al.kappa.round(2) == al.kappa.min().round(2)]
    fp, fn = int(al.fp.sum()), int(al.fn.sum())
    n_review = len(ds.dictionary_review)
    out.append(
        f"Across all {len(al)} themes the dictionary's kappa ranges from {al.kappa.min():.2f} "
        f"({_names(list(lowest.label))}) to "
        f"{al.kappa.max():.2f}; it disagrees with the hand coding on {fp + fn} passage-theme pairs ({fp} where "
        f"only the dictionary codes, {fn} where only the hand coding does), "
        f"and {n_review} of them have a reviewed reason."
    )
    if ds.passage_terms.empty:
        out.append(
            "The dataset has no term counts yet (run `python -m amm58 curate-terms`), so no log-odds are computed."
        )
        return out
    out += word_ranking(ds)
    ld = M.length_and_density(ds)
    cl = S.codes_and_length(ds)
    out.append(
        "Theme codes per passage are "
        + _names([f"{r.themes_per_passage:.1f} in {r.source_id}" for r in ld.itertuples()])
        + f", and they rise with passage length (Spearman's rho {cl.rho:.2f} over {int(cl.n)} passages, 95% CI "
        f"{cl.rho_lo:.2f} to {cl.rho_hi:.2f}), so counts of codes partly measure how long the passages are."
    )
    return out


def _null_verdict(row) -> str:
    """Whether a row of `method.permutation_null` passes more terms than random splits give:
    "more than" when its permutation P is below 0.05, else "within what"."""
    return "more than" if row.p_perm < 0.05 else "within what"


def word_ranking(ds: Dataset) -> list[str]:
    """The word-ranking sentences of 06: the count past |z| 1.96 at the shown prior against the
    permutation null, the same at every prior, and the top words with their permutation p."""
    return [word_ranking_null(ds), word_ranking_priors(ds), word_ranking_terms(ds)]


def word_ranking_null(ds: Dataset) -> str:
    """How many terms pass |z| 1.96 at the prior shown, against random splits of the answers
    (`method.permutation_null`)."""
    from . import method as M

    d = M.shown_prior_null(ds)
    draws = f"all {int(d.n_splits):,} splits" if d.exact else f"{int(d.n_splits):,} seeded random splits"
    return (
        f"Ranked by weighted log-odds over the answers only (flat prior, {M.DEFAULT_ALPHA:g} pseudo-counts per term; "
        f"names and hyphenated words counted whole), {int(d.n_past_196)} of {int(d.n_terms)} terms pass |z| > 1.96. "
        f"Shuffling the {int(d.n_passages_pre + d.n_passages_post)} answer passages between the two texts "
        f"({int(d.n_passages_pre)} and {int(d.n_passages_post)}, {draws}) gives {d.expected_past_196:.1f} "
        f"on average (95th percentile {int(d.p95_past_196)}), so the observed count is "
        f"{_null_verdict(d)} chance gives (permutation P = {d.p_perm:.3f})."
    )


def word_ranking_priors(ds: Dataset) -> str:
    """What the prior-sensitivity table shows (`method.prior_sensitivity`): the counts past
    1.96 and the permutation P at every prior strength."""
    from . import method as M

    ps = M.prior_sensitivity(ds).set_index("alpha")
    clear = ps[ps.p_perm < 0.05]
    if clear.empty:
        verdict = "so at no prior do more terms pass than chance gives: the ranking describes, it does not test."
    elif len(clear) == len(ps):
        verdict = "so at every prior more terms pass than chance gives."
    else:
        verdict = "so whether more terms pass than chance gives depends on the prior."
    return (
        f"Across priors of {ps.index.min():g} to {ps.index.max():g} pseudo-counts, between {int(ps.n_past_196.min())} "
        f"and {int(ps.n_past_196.max())} terms pass, against {ps.expected_past_196.min():.1f} to "
        f"{ps.expected_past_196.max():.1f} expected; the permutation P is below 0.05 at "
        + (_names([f"{a:g} ({p:.3f})" for a, p in clear.p_perm.items()]) if len(clear) else "none of them")
        + ", "
        + verdict
    )


def word_ranking_terms(ds: Dataset) -> str:
    """The top words of each side with their counts and permutation p, and whether any keeps
    p below 0.05 after Holm's correction across the ranked terms (`method.term_permutation_p`)."""
    from . import method as M

    tp = M.term_permutation_p(ds)
    dt = M.distinctive_terms(ds).merge(tp[["term", "p_perm"]], on="term")
    post, pre = dt[dt.z > 0].head(3), dt[dt.z < 0].sort_values("z").head(3)

    def term(r) -> str:
        return f"{r.term} ({r.count_pre} vs {r.count_post}, permutation p {r.p_perm:.3f})"

    adjusted = tp.assign(p_holm=S.holm(tp.p_perm)).sort_values(["p_holm", "term"])
    kept = adjusted[adjusted.p_holm < 0.05]
    return (
        "Highest-ranked words of the post-meeting answers: "
        + _names([term(r) for r in post.itertuples()])
        + "; of the pre-meeting answers: "
        + _names([term(r) for r in pre.itertuples()])
        + f". Across the {len(tp)} ranked terms, "
        + (
            f"no term's permutation p stays below 0.05 after Holm's correction (smallest {adjusted.p_holm.min():.2f})."
            if kept.empty
            else f"{_names(list(kept.term))} keep a permutation p below 0.05 after Holm's correction."
        )
    )


def word_ranking_title(ds: Dataset) -> str:
    """The title of 06's word-ranking figure, in plain words: whether word choice differs
    between the two texts more than random splits of the same answers give, at the prior shown
    (`method.shown_prior_null`), and how many words pass ±1.96."""
    from . import method as M

    d = M.shown_prior_null(ds)
    how = "more than" if d.p_perm < 0.05 else "no more than"
    n = int(d.n_past_196)
    past = f"{n} of {int(d.n_terms)} {'word passes' if n == 1 else 'words pass'} the 5% line"
    return f"{past}, {how} chance produces (up to {int(d.p95_past_196)})"


ALL = {
    "00_dataset_tour": tour,
    "01_themes": themes,
    "02_trade_and_agreements": trade,
    "03_partner_coverage": partners,
    "04_vietnam_roles": roles,
    "05_before_and_after": before_after,
    "06_method_check": method_check,
}


def by_notebook(ds: Dataset) -> Callable[[str], list[str]]:
    """A lookup from a notebook's name (`01_themes`) to its findings on `ds` (empty when the
    notebook has no findings function), as the report's landing page needs it."""

    def lookup(stem: str) -> list[str]:
        return ALL[stem](ds) if stem in ALL else []

    return lookup
