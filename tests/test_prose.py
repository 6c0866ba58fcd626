# ruff: noqa: E501  (the expected sentences are written out whole, one per line)
"""`amm58.prose`: every title, alt text and sentence it builds, with exact values on the real
package, on the tiny hand-made package of `tests/tiny.py`, and on a copy of the real package
changed so that the branches flip (`flipped_copy`: a theme whose share differs clearly between
the two texts, a partner named in both interviews). Each helper's expected text was checked by
hand against its tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA_DIR, DataCopy
from tiny import tiny_dataset

from amm58 import analysis as A
from amm58 import load_dataset
from amm58 import method as M
from amm58 import prose as P
from amm58 import stats as S

#: Post-meeting passages that `flipped_copy` codes with rules and multilateralism as well
#: (0 of 21 before against 12 of 24 after: a difference that survives Holm's correction).
MORE_RULES = ["post_02", "post_03", "post_04", "post_05", "post_06", "post_08", "post_10"]


def flipped_copy(root: Path) -> Path:
    """The real package with rules and multilateralism coded in seven more post-meeting
    passages (in both coding passes and the reconciled coding) and the United States named in
    a post-meeting passage too."""
    copy = DataCopy(DATA_DIR, Path(root) / "data")
    copy.edit_rows("passage_themes.csv", lambda r: r.extend([[p, "rules_multilateralism"] for p in MORE_RULES]))
    copy.edit_rows(
        "coding_passes.csv", lambda r: r.extend([[k, p, "rules_multilateralism"] for k in "ab" for p in MORE_RULES])
    )
    copy.edit_rows("passage_entities.csv", lambda r: r.append(["post_10", "united_states", "meeting"]))
    return copy.path


def helpers(ds) -> dict:
    """Each helper of `amm58.prose`, called as the notebooks call it."""
    reliability = lambda: S.kappa_intervals(ds)  # noqa: E731
    agreement = lambda: M.dictionary_agreement(ds, core_only=False)  # noqa: E731
    timeline = lambda: A.role_timeline(ds, start=2021, end=2031)  # noqa: E731

    def trade_status():
        status = A.agreement_status_by_stage(ds)
        return status[status.kind.isin(["FTA", "trade agreement", "framework agreement"])]

    return {
        "codebook_size": lambda: P.codebook_size(ds),
        "kappa_title": lambda: P.kappa_title(reliability()),
        "kappa_subtitle": lambda: P.kappa_subtitle(ds),
        "kappa_alt": lambda: P.kappa_alt(reliability()),
        "kappa_text": lambda: P.kappa_text(reliability()),
        "comparison_intro": lambda: P.comparison_intro(ds),
        "theme_shift_title": lambda: P.theme_shift_title(ds),
        "theme_shift_subtitle": lambda: P.theme_shift_subtitle(ds),
        "theme_shift_header": lambda: P.theme_shift_header(ds),
        "positions_subtitle": lambda: P.positions_subtitle(ds),
        "theme_shift_alt": lambda: P.theme_shift_alt(ds),
        "theme_shift_text": lambda: P.theme_shift_text(ds),
        "codes_per_passage_text": lambda: P.codes_per_passage_text(ds),
        "top_pair_labels": lambda: P.top_pair_labels(ds),
        "cooccurrence_title": lambda: P.cooccurrence_title(ds),
        "cooccurrence_alt": lambda: P.cooccurrence_alt(ds),
        "cooccurrence_subtitle": lambda: P.cooccurrence_subtitle(ds),
        "cooccurrence_text": lambda: P.cooccurrence_text(ds),
        "positions_title": lambda: P.positions_title(ds),
        "positions_alt": lambda: P.positions_alt(ds),
        "themes_caveat": lambda: P.themes_caveat(ds),
        "progress_title": lambda: P.progress_title(ds),
        "progress_alt": lambda: P.progress_alt(ds),
        "progress_text": lambda: P.progress_text(ds),
        "progress_subtitle": lambda: P.progress_subtitle(ds),
        "progress_note": lambda: P.progress_note(ds),
        "fta_intro": lambda: P.fta_intro(ds),
        "fta_title": lambda: P.fta_title(ds),
        "fta_subtitle": lambda: P.fta_subtitle(ds),
        "fta_note": lambda: P.fta_note(ds),
        "fta_stage_labels": lambda: P.fta_stage_labels(ds, "post-meeting"),
        "fta_alt": lambda: P.fta_alt(ds),
        "fta_text": lambda: P.fta_text(ds),
        "trade_status_text": lambda: P.trade_status_text(trade_status()),
        "signed_text": lambda: P.signed_text(ds),
        "coverage_title": lambda: P.coverage_title(ds),
        "coverage_alt": lambda: P.coverage_alt(ds),
        "coverage_text": lambda: P.coverage_text(ds),
        "coverage_subtitle": lambda: P.coverage_subtitle(ds),
        "coverage_note": lambda: P.coverage_note(ds),
        "partner_leaders_note": lambda: P.partner_leaders_note(ds, "passages"),
        "partner_note": lambda: P.partner_note(ds, "links", "Source."),
        "context_title": lambda: P.context_title(ds),
        "context_alt": lambda: P.context_alt(ds),
        "context_text": lambda: P.context_text(ds),
        "context_subtitle": lambda: P.context_subtitle(ds),
        "links_title": lambda: P.links_title(ds),
        "links_alt": lambda: P.links_alt(ds),
        "links_text": lambda: P.links_text(ds),
        "links_subtitle": lambda: P.links_subtitle(ds, ["Palestine", *sorted(set(A.partner_links(ds).name))]),
        "kind_text": lambda: P.kind_text(ds),
        "roles_timeline_title": lambda: P.roles_timeline_title(timeline()),
        "roles_timeline_alt": lambda: P.roles_timeline_alt(timeline()),
        "roles_timeline_text": lambda: P.roles_timeline_text(timeline()),
        "roles_timeline_subtitle": lambda: P.roles_timeline_subtitle(ds),
        "display_names": lambda: P.display_names(ds),
        "announced_text": lambda: P.announced_text(ds),
        "meetings_role_text": lambda: P.meetings_role_text(ds),
        "messages_text": lambda: P.messages_text(ds),
        "roles_caveat": lambda: P.roles_caveat(ds),
        "agenda_title": lambda: P.agenda_title(ds),
        "agenda_alt": lambda: P.agenda_alt(ds),
        "agenda_text": lambda: P.agenda_text(ds),
        "agenda_subtitle": lambda: P.agenda_subtitle(ds),
        "comparison_text": lambda: P.comparison_text(ds),
        "dictionary_title": lambda: P.dictionary_title(agreement()),
        "dictionary_subtitle": lambda: P.dictionary_subtitle(ds),
        "dictionary_method": lambda: P.dictionary_method(ds),
        "dictionary_alt": lambda: P.dictionary_alt(agreement()),
        "weakest_core_theme": lambda: P.weakest_core_theme(agreement()),
        "weakest_core_text": lambda: P.weakest_core_text(agreement()),
        "fightin_alt": lambda: P.fightin_alt(ds, M.distinctive_terms(ds, top=10, min_count=3)),
        "fightin_subtitle": lambda: P.fightin_subtitle(ds),
        "fightin_method": lambda: P.fightin_method(ds),
        "length_text": lambda: P.length_text(ds),
        "confound": lambda: P.confound(ds),
        "interviews_caveat": lambda: P.interviews_caveat(ds),
        "sources_text": lambda: P.sources_text(ds),
        "spellings_text": lambda: P.spellings_text(ds),
    }


REAL = {
    "positions_subtitle": "Each tick: a passage with the theme, at its place in the interview. Core themes, in codebook order",
    "dictionary_subtitle": "A keyword dictionary against the final hand coding of the 45 passages",
    "fightin_subtitle": "The 10 words leaning most to each interview’s answers, by z-score. Filled dots: past ±1.96, the usual 5% level for one word",
    "codebook_size": "Fourteen themes, four of them core.",
    "kappa_title": "Estimated agreement is “almost perfect” on 13 of 14 themes, but 7 of those rest on 3–5 passages coded by either coder",
    "kappa_subtitle": "Two coders, the curator and a second coder (not named), each coded all 45 passages",
    "kappa_alt": "Cohen's kappa between the two coding passes per theme, with bootstrap 95% intervals, and beside it how many of the passages either pass coded both passes coded, with the Wilson 95% interval of that agreement. 11 of 14 themes have a kappa of 1.00 with no disagreement, so their bootstrap interval collapses to a point; the agreement interval shows how little a few passages prove (Mekong sub-regional cooperation: 3 of 3, 44–100%). Kappa is lowest for Peace and regional issues: 0.73, interval 0.00 to 1.00, 3 of 5 passages agreed.",
    "kappa_text": "Most themes (11 of 14) reach a kappa of 1.00 with no disagreement at all, which makes their bootstrap interval collapse to a point; the Wilson interval in the right-hand column is the honest width: full agreement on three coded passages is compatible with agreement on as few as 44% of them (its Wilson lower bound), and on four with as few as 51%.",
    "comparison_intro": "Each theme's share of the 21 pre-meeting passages against its share of the 24 post-meeting ones, with a Wilson 95% interval for each share, a Newcombe 95% interval for the difference (in percentage points), Fisher's exact test, and Holm's correction across the fourteen themes.",
    "theme_shift_title": "No theme's share differs clearly between the two texts, allowing for 14 comparisons",
    "theme_shift_alt": "Left: each theme's share of passages in the pre-meeting (21 passages) and post-meeting (24 passages) interviews, with Wilson 95% intervals and counts. Right: the difference in points with its Newcombe 99.6% interval, adjusted for the 14 comparisons. No adjusted interval excludes zero, so no theme's share differs clearly.",
    "theme_shift_text": "Vietnam's role and contributions is the largest theme in both interviews, and External partners is second in both interviews.",
    "codes_per_passage_text": "Passages are paragraphs of unequal length, and post-meeting passages carry more theme codes on average (2.7 against 2.1).",
    "top_pair_labels": ("External partners", "Vietnam's role and contributions"),
    "cooccurrence_title": "7 of 91 theme pairs share passages beyond chance; about 0.6 would by chance alone",
    "cooccurrence_alt": "Dot plot of the 22 theme pairs that share at least 3 passages, of the 91: each dot the passages with both themes, on a grey band over the range 95% of chance arrangements give if the two themes were independent, a white notch at the expected count. Seven pairs lie above the unadjusted 95% range (filled dots); each range is one pair's alone, not adjusted for the 91 pairs compared. The most frequent pair, External partners with Vietnam's role and contributions, is in 10 of 45 passages, about as many as the 11.8 expected if the two were independent.",
    "cooccurrence_text": "The pair that shares most passages, External partners with Vietnam's role and contributions, does so about as often as chance would give (10 against 11.8): both themes are common, so sharing passages says nothing about a tie between them. Of the 38 pairs above chance that are expected in fewer than one passage, the one sharing most passages is ASEAN centrality with Peace and regional issues (4 against 0.8): with so few passages expected, read such pairs as leads, not findings.",
    "positions_title": "Each core theme comes up in 1–3 pre-meeting and 3–5 post-meeting passages",
    "positions_alt": "Positions of the passages carrying each core theme, one sub-row per interview, from the first passage to the last: ASEAN solidarity 1 of 21 pre-meeting against 4 of 24 post-meeting; ASEAN centrality 3 of 21 pre-meeting against 4 of 24 post-meeting; Free trade agreements 1 of 21 pre-meeting against 3 of 24 post-meeting; Digital economy 1 of 21 pre-meeting against 5 of 24 post-meeting; in the pre-meeting interview they fall from 26% to 98% of the way through; in the post-meeting interview they fall from 15% to 94% of the way through. None of these differences is clear.",
    "themes_caveat": "The interviews are short: 21 and 24 passages per stage, so a difference of one or two passages moves a share by 4 to 10 points, and every interval above is wide. Fourteen themes are compared at once, so a few unadjusted intervals may exclude zero by chance; Holm's correction accounts for that.",
    "progress_title": "Of 26 agreements, plans and initiatives, 7 are reported done",
    "progress_alt": "Of the 26 agreements, plans and initiatives the interviews mention, 7 reported done, 6 under way, 11 planned or proposed and 2 have no stated status; plans (6) and FTAs (5) are the most frequent kinds.",
    "progress_text": "Plans are the most frequent kind (6 of 26), and 4 of 6 are planned or proposed. The 7 reported done are 4 adopted (decisions, declarations, plans and visions), 1 existing (FTAs) and 2 signed (accession instruments); 3 of the 7 reported done are already done in the pre-meeting interview, before the meetings (Kuala Lumpur Declaration on ASEAN 2045, Strategic plans and Vision 2045). The other FTAs are under way (3) and planned or proposed (1).",
    "fta_intro": "The pre-meeting interview names three partners in three FTA rows; the post-meeting interview names six partners in one FTA row.",
    "fta_title": "Pre-meeting interview: three FTAs by name; post-meeting: six partners in one phrase",
    "fta_alt": "The pre-meeting interview names three FTA partners (Canada, China and India) in three FTA rows; the post-meeting interview names six FTA partners (Australia, Canada, China, India, New Zealand and South Korea) in one FTA row.",
    "fta_text": "All three partners of the pre-meeting interview's FTAs are among the six of the post-meeting list; the 9 dots come from 2 passages:",
    "trade_status_text": "Of these 7, 3 are mentioned only in the pre-meeting interview and 3 only in the post-meeting one; Digital Economy Framework Agreement is the only one in both, and the post-meeting interview states no status for it.",
    "signed_text": "Only 2 of 26 are reported as signed (accession instruments). All 11 planned or proposed items rest on pre-meeting passages; the one item set out as to be signed, ASEAN-China FTA Protocol 3.0, has no reported signature in the post-meeting interview.",
    "coverage_title": "South Korea, New Zealand and United Kingdom lead: 5–6 of 45 passages each",
    "coverage_alt": "Passages naming each of 17 partners in the pre-meeting (21 passages) and post-meeting (24 passages) interviews: South Korea is named in the most (6, 5 of them post-meeting), then New Zealand and United Kingdom (5 each); Russia and United States are named only in the pre-meeting interview, seven partners (ASEAN Plus Three, Algeria, Australia, East Asian countries, Mekong countries, Palestine and Uruguay) only in the post-meeting one.",
    "coverage_text": "South Korea's 6 passages are 1 of the 21 pre-meeting and 5 of the 24 post-meeting passages; New Zealand's 5 are 3 and 2 and United Kingdom's 5 are 4 and 1. Russia and United States appear in 1 pre-meeting passage each.",
    "context_title": "Partners are named most often in the context ‘meeting’: 23 of 55 mentions",
    "context_alt": "Partners are named most often in the context 'meeting' (23 partner mentions), 'FTA' (9 partner mentions) and 'coordination' (9 partner mentions); the 'coordination' mentions are all of United Kingdom and New Zealand.",
    "context_text": "The context 'meeting' accounts for 23 of 55 partner mentions with a context. The 9 'FTA' mentions spread over six partners. The 9 'coordination' mentions are of United Kingdom (5) and New Zealand (4).",
    "links_title": "New Zealand has the most links (6); Japan’s 4 are all meetings",
    "links_alt": "Links per partner as coded, split into agreements or plans and meetings: 15 partners are linked to 21 meetings and agreements in 36 links; New Zealand has the most (6: 4 agreements or plans and 2 meetings), and all 4 of Japan's links are meetings.",
    "links_text": "Of the 36 links, New Zealand has 6 (4 agreements or plans, 2 meetings), 4 of them from one passage (pre_11), which counted once would leave it 3 and not the most; China, Japan, South Korea and United Kingdom have 4 each. Nine partners have one or two links.",
    "kind_text": "The interviews name 9 and 8 dialogue partners before and after, in 15 and 16 mentions; the other states (3) and groups (3) appear only in the post-meeting interview.",
    "roles_timeline_title": "Vietnam’s seven single-year roles all fall in 2025; two multi-year roles run 2024–2027",
    "roles_timeline_alt": "Vietnam’s roles on a timeline beside the plans and events the interviews mention: Coordinator: ASEAN-New Zealand relations (2024–2027) and Coordinator: ASEAN-UK relations (2024–2027); ASEAN-New Zealand Action Plan 2026–2030, IAI 5th Work Plan (2026–2030) and ASEAN-UK Action Plan 2027–2031 begin inside that period; four co-chair, one head of delegation, one negotiation chair and one working-group chair roles fall in 2025.",
    "roles_timeline_text": "The two multi-year roles run 2024–2027: ASEAN-New Zealand Action Plan 2026-2030, IAI 5th Work Plan (2026-2030) and ASEAN-UK Action Plan 2027-2031 begin inside that period. The seven other roles are single events of 2025, as are 11 of 19 other events on the chart.",
    "announced_text": "Of the 4 co-chairmanships, the pre-meeting interview announced 2 (ASEAN-New Zealand Foreign Ministers' Meeting and ASEAN-UK Foreign Ministers' Meeting); co-chair of the 13th Mekong-ROK Foreign Ministers' Meeting and co-chair of the 16th Mekong-Japan Foreign Ministers' Meeting appear only in the post-meeting interview; working-group chair of the Initiative for ASEAN Integration (IAI) Working Group and negotiation chair of the ASEAN-New Zealand Comprehensive Strategic Partnership negotiations only in the pre-meeting one.",
    "meetings_role_text": "Of the 11 meetings the interviews name, Vietnam co-chaired 4, headed the delegation to 1, attended 3 and for 3 the interviews state no role, by their account.",
    "messages_text": "Three of the 5 messages are Bui Thanh Son's, one per forum; *Inclusive and Sustainable* is Malaysia's chairmanship theme; *5 more: More Solidarity, More Self-reliance, More Proactiveness, More Inclusiveness, More Sustainability* is Pham Minh Chinh's, from the 46th ASEAN Summit.",
    "roles_caveat": "The counts here are of roles (9), meetings (11) and messages (5), each counted once however many passages mention it.",
    "agenda_title": "The post-meeting interview reports 4 of 18 pre-meeting agenda items achieved",
    "agenda_alt": "Agenda items per theme: to the left, the 18 items the pre-meeting interview set out, of which the post-meeting interview reports 4 achieved, mentions 9 again without an outcome and does not mention 5; to the right, the 9 items only the post-meeting interview raises. The 5 items not mentioned again are named under the chart.",
    "agenda_text": "Most of the pre-meeting agenda comes up again (13 of 18 items): 4 reported achieved and 9 without an outcome.",
    "comparison_text": "13 of 14 intervals cover zero, and none survives Holm's correction: the two texts give the themes different space, but with 21 and 24 passages no difference is clear.",
    "dictionary_title": "The dictionary agrees fully with the hand coding on 8 of 14 themes; on the other 6, kappa is 0.69–0.91 and every interval spans 0.80",
    "dictionary_alt": "Cohen's kappa of the keyword dictionary against the hand coding for each of the fourteen themes, with bootstrap 95% intervals, and beside it how many of the passages either coded both coded, with the Wilson 95% interval of that share: 1.00 for eight themes, lowest for Free trade agreements and Vietnam's role and contributions (0.69 each, interval from 0.26).",
    "weakest_core_theme": "fta",
    "weakest_core_text": "The confusion table of the weakest core theme, Free trade agreements (kappa 0.69):",
    "fightin_alt": "The most distinctive terms of each interview's answers (10 pre-meeting, 10 post-meeting) by the z-score of the weighted log-odds ratio, orange for terms more typical of the pre-meeting answers and blue for the post-meeting answers, with dashed lines at plus and minus 1.96 and the raw counts out of 636 and 757 words: 2 of 122 terms pass the lines, where random splits of the same answer passages put 1.0 past them on average (3 at the 95th percentile; permutation P 0.27).",
    "length_text": "Longer passages carry more theme codes (Spearman's rho 0.71, 95% CI 0.53 to 0.83), and the post-meeting passages carry more codes on average (2.7 against 2.1), so counts of codes partly measure length.",
    "confound": "There is one interview per stage, so every before/after comparison is also a comparison of two speakers, two sets of questions and a preview against a report: a difference between two texts, not an effect of the meetings.",
    "interviews_caveat": "Two interviews, both with Vietnamese diplomats, give one government's perspective on the meetings.",
    "sources_text": "Empty cells are unknown, not missing by mistake: the post-meeting capture names no outlet, date or URL.",
    "spellings_text": "The interviews name the same entity in several ways: 24 entities have 40 spellings, two typos among them.",
    "progress_subtitle": "Both interviews pooled: each of the 26 agreements, plans and initiatives counts once, at its status as coded. Plans and FTAs are the largest named kinds; the 6 kinds with one item each share the last bar.",
    "coverage_subtitle": "Passages: a passage counts once however often it names the partner. Dots give each interview's count; at the right, counts over each interview's passages and the difference in share.",
    "context_subtitle": "Mentions: one per passage and context naming the partner, so a passage can count twice. Both interviews pooled; partners ordered by their mentions, most first.",
    "links_subtitle": "Links: one per meeting or agreement the interviews tie the partner to, as coded. Both interviews pooled; partners ordered by their links, most first; Palestine has no link.",
    "roles_timeline_subtitle": "Both interviews pooled. Plans and events are drawn for context, not as linked to a role.",
    "display_names": {
        "ROK": "South Korea",
        "Republic of Korea": "South Korea",
        "RoK": "South Korea",
        "US": "United States",
    },
    "cooccurrence_subtitle": "The 22 of 91 pairs sharing at least 3 of 45 passages (no other is above its range), by observed minus expected",
    "theme_shift_subtitle": "Judge differences from the right panel, not from overlapping intervals at left. Ordered by difference; core themes in bold",
    "fta_subtitle": "FTA partner: a country an interview ties to an ASEAN free trade agreement, as coded; each cell gives the agreement as the interview names it. A blank cell means that interview ties no FTA to the partner, not that the partner has none.",
    "fta_stage_labels": "post-meeting interview\n1 of 24 passages",
    "agenda_subtitle": "Agenda item: a task or aim for the meetings that an interview sets out, coded by hand under its theme. Of the 18 pre-meeting items, 9 are mentioned again without an outcome and 5 not at all; the post-meeting interview adds 9 new items.",
    "progress_note": "The six kinds with one item each: decision, declaration, framework agreement, partnership, trade agreement and treaty.",
    "fta_note": "The chart of agreements by kind counts 5 FTAs: the 4 drawn here (3 by name, 1 as one collective phrase) and ‘Existing FTAs’, to which no partner is tied.",
    "coverage_note": "Post − pre: the difference in share of passages, in percentage points, with its 99.7% Newcombe interval (95% adjusted for 17 partners); no interval excludes 0, and no partner differs clearly by interview (Fisher’s exact test, Holm-adjusted).",
    "partner_leaders_note": "Counted by mentions (a passage once per context), New Zealand and United Kingdom lead with 8–9; by links (one per meeting or agreement), New Zealand leads with 6.",
    "partner_note": "Counted by passages (a passage once), South Korea, New Zealand and United Kingdom lead with 5–6; by mentions (a passage once per context), New Zealand and United Kingdom lead with 8–9.\nSource.",
    "dictionary_method": "Dictionary: a passage gets a theme when it contains one of the theme’s indicator terms. Final hand coding: two coders’ passes, their four disagreements settled.",
    "theme_shift_header": "Post − pre (99.6% interval)",
    "fightin_method": "Ranked: the 122 words used at least 3 times in the interviewees’ answers. Totals over the counts: all words of each interview’s answers. Stop words removed throughout. z: the weighted log-odds ratio over its standard error (Monroe et al. 2008). Random splits of the same answers put about 1 word past ±1.96 on average, up to 3 in 95% of splits.",
}

TINY = {
    "positions_subtitle": "Each tick: a passage with the theme, at its place in the interview. Core themes, in codebook order",
    "dictionary_subtitle": "A keyword dictionary against the final hand coding of the 5 passages",
    "fightin_subtitle": "The 10 words leaning most to each interview’s answers, by z-score. Filled dots: past ±1.96, the usual 5% level for one word",
    "codebook_size": "Two themes, one of them core.",
    "kappa_title": "Estimated agreement is “almost perfect” on 1 of 2 themes, but that one rests on 2 passages coded by either coder",
    "kappa_subtitle": "Two coders, the curator and another coder, each coded all 5 passages",
    "kappa_alt": "Cohen's kappa between the two coding passes per theme, with bootstrap 95% intervals, and beside it how many of the passages either pass coded both passes coded, with the Wilson 95% interval of that agreement. 1 of 2 themes have a kappa of 1.00 with no disagreement, so their bootstrap interval collapses to a point; the agreement interval shows how little a few passages prove (Theme B: 2 of 2, 34–100%). Kappa is lowest for Theme A: 0.17, interval -0.67 to 1.00, 1 of 3 passages agreed.",
    "kappa_text": "Half the themes (1 of 2) reach a kappa of 1.00 with no disagreement at all, which makes their bootstrap interval collapse to a point; the Wilson interval in the right-hand column is the honest width: full agreement on two coded passages is compatible with agreement on as few as 34% of them (its Wilson lower bound).",
    "comparison_intro": "Each theme's share of the 3 pre-meeting passages against its share of the 2 post-meeting ones, with a Wilson 95% interval for each share, a Newcombe 95% interval for the difference (in percentage points), Fisher's exact test, and Holm's correction across the two themes.",
    "theme_shift_title": "No theme's share differs clearly between the two texts, allowing for 2 comparisons",
    "theme_shift_alt": "Left: each theme's share of passages in the pre-meeting (3 passages) and post-meeting (2 passages) interviews, with Wilson 95% intervals and counts. Right: the difference in points with its Newcombe 97.5% interval, adjusted for the 2 comparisons. No adjusted interval excludes zero, so no theme's share differs clearly.",
    "theme_shift_text": "The largest theme is Theme A in the pre-meeting interview and Theme B in the post-meeting interview, and second is Theme B in the pre-meeting interview and Theme A in the post-meeting interview.",
    "codes_per_passage_text": "Passages are paragraphs of unequal length, and post-meeting passages carry fewer theme codes on average (0.5 against 1.0).",
    "top_pair_labels": ("Theme A", "Theme B"),
    "cooccurrence_title": "0 of 1 theme pair share passages beyond chance; about 0.0 would by chance alone",
    "cooccurrence_alt": "Dot plot of the 1 theme pair that shares at least 1 passage, of the 1: each dot the passages with both themes, on a grey band over the range 95% of chance arrangements give if the two themes were independent, a white notch at the expected count. Zero pairs lie above the unadjusted 95% range (filled dots); each range is one pair's alone, not adjusted for the 1 pair compared. The most frequent pair, Theme A with Theme B, is in 1 of 5 passages, about as many as the 0.8 expected if the two were independent.",
    "cooccurrence_text": "The pair that shares most passages, Theme A with Theme B, does so about as often as chance would give (1 against 0.8): both themes are common, so sharing passages says nothing about a tie between them. Of the 1 pair above chance that are expected in fewer than one passage, the one sharing most passages is Theme A with Theme B (1 against 0.8): with so few passages expected, read such pairs as leads, not findings.",
    "positions_title": "Each core theme comes up in 2 pre-meeting and no post-meeting passages",
    "positions_alt": "Positions of the passages carrying each core theme, one sub-row per interview, from the first passage to the last: Theme A 2 of 3 pre-meeting against 0 of 2 post-meeting; in the pre-meeting interview they fall from 50% to 83% of the way through. None of these differences is clear.",
    "themes_caveat": "The interviews are short: 3 and 2 passages per stage, so a difference of one or two passages moves a share by 33 to 100 points, and every interval above is wide. Two themes are compared at once, so a few unadjusted intervals may exclude zero by chance; Holm's correction accounts for that.",
    "progress_title": "Of 3 agreements, plans and initiatives, 1 is reported done",
    "progress_alt": "Of the 3 agreements, plans and initiatives the interviews mention, 1 reported done, 0 under way, 2 planned or proposed and 0 have no stated status; FTAs (1) and accession instruments (1) are the most frequent kinds.",
    "progress_text": "FTAs are the most frequent kind (1 of 3), and 1 of 1 is planned or proposed. The 1 reported done are 1 signed (accession instruments). The other FTAs are planned or proposed (1).",
    "fta_intro": "The pre-meeting interview names one partner in one FTA row; the post-meeting interview names zero partners in zero FTA rows.",
    "fta_title": "Pre-meeting interview: one FTA by name; post-meeting: no FTA",
    "fta_alt": "The pre-meeting interview names one FTA partner (Xland) in one FTA row; the post-meeting interview names zero FTA partners (none) in zero FTA rows.",
    "fta_text": "Zero of the one partners of the pre-meeting interview's FTAs are among the zero of the post-meeting list; the 1 dot come from 1 passage:",
    "trade_status_text": "Of these 1, 0 are mentioned only in the pre-meeting interview and 0 only in the post-meeting one; AXFTA is the only one in both.",
    "signed_text": "Only 1 of 3 are reported as signed (accession instruments). All 2 planned or proposed items rest on pre-meeting passages; the one item set out as to be signed, AXFTA, has no reported signature in the post-meeting interview.",
    "coverage_title": "Xland and Yland lead: 1–2 of 5 passages each",
    "coverage_alt": "Passages naming each of 2 partners in the pre-meeting (3 passages) and post-meeting (2 passages) interviews: Xland is named in the most (2, 1 of them post-meeting), then Yland (1); no partner is named only in the pre-meeting interview, one partner (Yland) only in the post-meeting one.",
    "coverage_text": "Xland's 2 passages are 1 of the 3 pre-meeting and 1 of the 2 post-meeting passages; Yland's 1 are 0 and 1.",
    "context_title": "Partners are named most often in the context ‘FTA’: 1 of 3 mentions",
    "context_alt": "Partners are named most often in the context 'FTA' (1 partner mention), 'meeting' (1 partner mention) and 'treaty' (1 partner mention); the 'FTA' mentions are all of Xland.",
    "context_text": "The context 'FTA' accounts for 1 of 3 partner mentions with a context. The 1 'meeting' mentions are of Xland (1). The 1 'treaty' mentions are of Yland (1).",
    "links_title": "Xland has the most links (2)",
    "links_alt": "Links per partner as coded, split into agreements or plans and meetings: 2 partners are linked to 3 meetings and agreements in 3 links; Xland has the most (2: 1 agreements or plans and 1 meetings).",
    "links_text": "Of the 3 links, Xland has 2 (1 agreements or plans, 1 meetings); Yland has 1. Two partners have one or two links.",
    "kind_text": "The interviews name 1 and 1 dialogue partners before and after, in 1 and 1 mentions; the other states (1) appear only in the post-meeting interview.",
    "roles_timeline_title": "Vietnam’s one single-year role falls in 2025; one multi-year role runs 2024–2027",
    "roles_timeline_alt": "Vietnam’s roles on a timeline beside the plans and events the interviews mention: Coordinator: ASEAN-Xland relations (2024–2027); Plan 2026–2030 begins inside that period; one co-chair roles fall in 2025.",
    "roles_timeline_text": "The one multi-year role run 2024–2027: Plan 2026-2030 begins inside that period. The one other role is single events of 2025, as are 1 of 3 other events on the chart.",
    "announced_text": "Of the 1 co-chairmanships, the pre-meeting interview announced 1 (AX FMM); coordinator of the ASEAN-Xland relations only in the pre-meeting one.",
    "meetings_role_text": "Of the 3 meetings the interviews name, Vietnam co-chaired 1, attended 1 and for 1 the interviews state no role, by their account.",
    "messages_text": "One of the 2 messages is Person One's; *A beacon of peace* is Vietnam's message.",
    "roles_caveat": "The counts here are of roles (2), meetings (3) and messages (2), each counted once however many passages mention it.",
    "agenda_title": "The post-meeting interview reports 1 of 3 pre-meeting agenda items achieved",
    "agenda_alt": "Agenda items per theme: to the left, the 3 items the pre-meeting interview set out, of which the post-meeting interview reports 1 achieved, mentions 1 again without an outcome and does not mention 1; to the right, the 1 item only the post-meeting interview raises. The 1 items not mentioned again are named under the chart.",
    "agenda_text": "Most of the pre-meeting agenda comes up again (2 of 3 items): 1 reported achieved and 1 without an outcome.",
    "comparison_text": "2 of 2 intervals cover zero, and none survives Holm's correction: the two texts give the themes different space, but with 3 and 2 passages no difference is clear.",
    "dictionary_title": "The dictionary agrees fully with the hand coding on 0 of 2 themes; it is clearly below 0.80 on Theme A and Theme B",
    "dictionary_alt": "Cohen's kappa of the keyword dictionary against the hand coding for each of the two themes, with bootstrap 95% intervals, and beside it how many of the passages either coded both coded, with the Wilson 95% interval of that share: 1.00 for zero themes, lowest for Theme A and Theme B (0.00 each, interval from 0.00).",
    "weakest_core_theme": "ta",
    "weakest_core_text": "The confusion table of the weakest core theme, Theme A (kappa 0.00):",
    "fightin_alt": "The most distinctive terms of each interview's answers (0 pre-meeting, 0 post-meeting) by the z-score of the weighted log-odds ratio, orange for terms more typical of the pre-meeting answers and blue for the post-meeting answers, with dashed lines at plus and minus 1.96 and the raw counts out of 0 and 0 words: 0 of 0 terms pass the lines, where random splits of the same answer passages put 0.0 past them on average (0 at the 95th percentile; permutation P 1.00).",
    "length_text": "Passage length and the number of theme codes show no clear association (Spearman's rho 0.63, 95% CI -0.57 to 0.97), and the post-meeting passages carry fewer codes on average (0.5 against 1.0).",
    "confound": "There is one interview per stage, so every before/after comparison is also a comparison of two speakers, two sets of questions and a preview against a report: a difference between two texts, not an effect of the meetings.",
    "interviews_caveat": "Two interviews, both with Vietnamese diplomats, give one government's perspective on the meetings.",
    "sources_text": "Empty cells are unknown, not missing by mistake: the post-meeting capture names no outlet, date or URL.",
    "spellings_text": "The interviews name the same entity in several ways: 3 entities have 6 spellings, one typo among them.",
    "progress_subtitle": "Both interviews pooled: each of the 3 agreements, plans and initiatives counts once, at its status as coded.",
    "coverage_subtitle": "Passages: a passage counts once however often it names the partner. Dots give each interview's count; at the right, counts over each interview's passages and the difference in share.",
    "context_subtitle": "Mentions: one per passage and context naming the partner, so a passage can count twice. Both interviews pooled; partners ordered by their mentions, most first.",
    "links_subtitle": "Links: one per meeting or agreement the interviews tie the partner to, as coded. Both interviews pooled; partners ordered by their links, most first; Palestine has no link.",
    "roles_timeline_subtitle": "Both interviews pooled. Plans and events are drawn for context, not as linked to a role.",
    "display_names": {"XL": "Xland"},
    "cooccurrence_subtitle": "The 1 of 1 pair sharing at least 1 of 5 passages, by observed minus expected",
    "theme_shift_subtitle": "Judge differences from the right panel, not from overlapping intervals at left. Ordered by difference; core themes in bold",
    "fta_subtitle": "FTA partner: a country an interview ties to an ASEAN free trade agreement, as coded; each cell gives the agreement as the interview names it. A blank cell means that interview ties no FTA to the partner, not that the partner has none.",
    "fta_stage_labels": "post-meeting interview\n0 of 2 passages",
    "agenda_subtitle": "Agenda item: a task or aim for the meetings that an interview sets out, coded by hand under its theme. Of the 3 pre-meeting items, 1 is mentioned again without an outcome and 1 not at all; the post-meeting interview adds 1 new item.",
    "progress_note": "The three kinds with one item each: FTA, accession instrument and plan.",
    "fta_note": "",
    "coverage_note": "Post − pre: the difference in share of passages, in percentage points, with its 97.5% Newcombe interval (95% adjusted for 2 partners); no interval excludes 0, and no partner differs clearly by interview (Fisher’s exact test, Holm-adjusted).",
    "partner_leaders_note": "",
    "partner_note": "Source.",
    "dictionary_method": "Dictionary: a passage gets a theme when it contains one of the theme’s indicator terms. Final hand coding: two coders’ passes, their two disagreements settled.",
    "theme_shift_header": "Post − pre (97.5% interval)",
    "fightin_method": "Ranked: the 0 words used at least 3 times in the interviewees’ answers. Totals over the counts: all words of each interview’s answers. Stop words removed throughout. z: the weighted log-odds ratio over its standard error (Monroe et al. 2008). Random splits of the same answers put about 0 words past ±1.96 on average, up to 0 in 95% of splits.",
}

#: The helpers whose text the changes of `flipped_copy` change, and to what.
FLIPPED = {
    "kappa_title": "Estimated agreement is “almost perfect” on 13 of 14 themes, but 6 of those rest on 3–5 passages coded by either coder",
    "theme_shift_title": "Only Rules and multilateralism differs clearly between the two texts, allowing for 14 comparisons",
    "theme_shift_alt": "Left: each theme's share of passages in the pre-meeting (21 passages) and post-meeting (24 passages) interviews, with Wilson 95% intervals and counts. Right: the difference in points with its Newcombe 99.6% interval, adjusted for the 14 comparisons. The adjusted interval excludes zero for Rules and multilateralism; Rules and multilateralism differs clearly.",
    "theme_shift_text": "The largest theme is Vietnam's role and contributions in the pre-meeting interview and Rules and multilateralism in the post-meeting interview, and second is External partners in the pre-meeting interview and Vietnam's role and contributions in the post-meeting interview.",
    "codes_per_passage_text": "Passages are paragraphs of unequal length, and post-meeting passages carry more theme codes on average (3.0 against 2.1).",
    "cooccurrence_text": "The pair that shares most passages, External partners with Vietnam's role and contributions, does so about as often as chance would give (10 against 11.8): both themes are common, so sharing passages says nothing about a tie between them. Of the 31 pairs above chance that are expected in fewer than one passage, the one sharing most passages is ASEAN centrality with Peace and regional issues (4 against 0.8): with so few passages expected, read such pairs as leads, not findings.",
    "coverage_alt": "Passages naming each of 17 partners in the pre-meeting (21 passages) and post-meeting (24 passages) interviews: South Korea is named in the most (6, 5 of them post-meeting), then New Zealand and United Kingdom (5 each); Russia is named only in the pre-meeting interview, seven partners (ASEAN Plus Three, Algeria, Australia, East Asian countries, Mekong countries, Palestine and Uruguay) only in the post-meeting one.",
    "coverage_text": "South Korea's 6 passages are 1 of the 21 pre-meeting and 5 of the 24 post-meeting passages; New Zealand's 5 are 3 and 2 and United Kingdom's 5 are 4 and 1. Russia appears in 1 pre-meeting passage.",
    "context_title": "Partners are named most often in the context ‘meeting’: 24 of 56 mentions",
    "context_alt": "Partners are named most often in the context 'meeting' (24 partner mentions), 'FTA' (9 partner mentions) and 'coordination' (9 partner mentions); the 'coordination' mentions are all of United Kingdom and New Zealand.",
    "context_text": "The context 'meeting' accounts for 24 of 56 partner mentions with a context. The 9 'FTA' mentions spread over six partners. The 9 'coordination' mentions are of United Kingdom (5) and New Zealand (4).",
    "kind_text": "The interviews name 9 and 9 dialogue partners before and after, in 15 and 17 mentions; the other states (3) and groups (3) appear only in the post-meeting interview.",
    "comparison_text": "13 of 14 intervals cover zero, and after Holm's correction the difference is clear for Rules and multilateralism.",
    "dictionary_title": "The dictionary agrees fully with the hand coding on 7 of 14 themes; on the other 7, kappa is 0.51–0.91 and every interval spans 0.80",
    "dictionary_alt": "Cohen's kappa of the keyword dictionary against the hand coding for each of the fourteen themes, with bootstrap 95% intervals, and beside it how many of the passages either coded both coded, with the Wilson 95% interval of that share: 1.00 for seven themes, lowest for Rules and multilateralism (0.51, interval from 0.19).",
    "length_text": "Longer passages carry more theme codes (Spearman's rho 0.64, 95% CI 0.43 to 0.79), and the post-meeting passages carry more codes on average (3.0 against 2.1), so counts of codes partly measure length.",
    "cooccurrence_subtitle": "The 27 of 91 pairs sharing at least 3 of 45 passages (no other is above its range), by observed minus expected",
    "cooccurrence_alt": "Dot plot of the 27 theme pairs that share at least 3 passages, of the 91: each dot the passages with both themes, on a grey band over the range 95% of chance arrangements give if the two themes were independent, a white notch at the expected count. Eight pairs lie above the unadjusted 95% range (filled dots); each range is one pair's alone, not adjusted for the 91 pairs compared. The most frequent pair, External partners with Vietnam's role and contributions, is in 10 of 45 passages, about as many as the 11.8 expected if the two were independent.",
    "cooccurrence_title": "8 of 91 theme pairs share passages beyond chance; about 0.6 would by chance alone",
}


#: The helpers whose text a third interview (`test_notebooks.extended_copy`: a post-meeting
#: interview of two passages) changes, and to what.
THIRD = {
    "kappa_title": "Estimated agreement is “almost perfect” on 13 of 14 themes, but 6 of those rest on 3–5 passages coded by either coder",
    "comparison_intro": "Each theme's share of the 21 pre-meeting passages against its share of the 26 post-meeting ones, with a Wilson 95% interval for each share, a Newcombe 95% interval for the difference (in percentage points), Fisher's exact test, and Holm's correction across the fourteen themes.",
    "theme_shift_title": "No theme's share differs clearly between the two stages, allowing for 14 comparisons",
    "theme_shift_alt": "Left: each theme's share of passages in the pre-meeting (21 passages) and post-meeting (26 passages) interviews, with Wilson 95% intervals and counts. Right: the difference in points with its Newcombe 99.6% interval, adjusted for the 14 comparisons. No adjusted interval excludes zero, so no theme's share differs clearly.",
    "theme_shift_text": "The largest theme is Vietnam's role and contributions in the pre-meeting (Ton Thi Ngoc Huong) interview, Vietnam's role and contributions in the post-meeting (Tran Duc Binh) interview and ASEAN solidarity in the post-meeting (Test Person) interview, and second is External partners in the pre-meeting (Ton Thi Ngoc Huong) interview, External partners in the post-meeting (Tran Duc Binh) interview and Free trade agreements in the post-meeting (Test Person) interview.",
    "codes_per_passage_text": "Passages are paragraphs of unequal length, and post-meeting passages carry more theme codes on average (2.5 against 2.1).",
    "cooccurrence_alt": "Dot plot of the 22 theme pairs that share at least 3 passages, of the 91: each dot the passages with both themes, on a grey band over the range 95% of chance arrangements give if the two themes were independent, a white notch at the expected count. Six pairs lie above the unadjusted 95% range (filled dots); each range is one pair's alone, not adjusted for the 91 pairs compared. The most frequent pair, External partners with Vietnam's role and contributions, is in 10 of 47 passages, about as many as the 11.3 expected if the two were independent.",
    "cooccurrence_text": "The pair that shares most passages, External partners with Vietnam's role and contributions, does so about as often as chance would give (10 against 11.3): both themes are common, so sharing passages says nothing about a tie between them. Of the 38 pairs above chance that are expected in fewer than one passage, the one sharing most passages is ASEAN centrality with Peace and regional issues (4 against 0.7): with so few passages expected, read such pairs as leads, not findings.",
    "positions_title": "Each core theme comes up in 1–3 pre-meeting (Ton Thi Ngoc Huong), 3–5 post-meeting (Tran Duc Binh) and at most 1 post-meeting (Test Person) passages",
    "positions_alt": "Positions of the passages carrying each core theme, one sub-row per interview, from the first passage to the last: ASEAN solidarity 1 of 21 pre-meeting (Ton Thi Ngoc Huong) against 4 of 24 post-meeting (Tran Duc Binh) against 1 of 2 post-meeting (Test Person); ASEAN centrality 3 of 21 pre-meeting (Ton Thi Ngoc Huong) against 4 of 24 post-meeting (Tran Duc Binh) against 0 of 2 post-meeting (Test Person); Free trade agreements 1 of 21 pre-meeting (Ton Thi Ngoc Huong) against 3 of 24 post-meeting (Tran Duc Binh) against 1 of 2 post-meeting (Test Person); Digital economy 1 of 21 pre-meeting (Ton Thi Ngoc Huong) against 5 of 24 post-meeting (Tran Duc Binh) against 0 of 2 post-meeting (Test Person); in the pre-meeting (Ton Thi Ngoc Huong) interview they fall from 26% to 98% of the way through; in the post-meeting (Tran Duc Binh) interview they fall from 15% to 94% of the way through; in the post-meeting (Test Person) interview they fall at 75% of the way through. None of these differences is clear.",
    "themes_caveat": "The interviews are short: 21 and 26 passages per stage, so a difference of one or two passages moves a share by 4 to 10 points, and every interval above is wide. Fourteen themes are compared at once, so a few unadjusted intervals may exclude zero by chance; Holm's correction accounts for that.",
    "coverage_alt": "Passages naming each of 17 partners in the pre-meeting (21 passages) and post-meeting (26 passages) interviews: South Korea is named in the most (6, 5 of them post-meeting), then New Zealand and United Kingdom (5 each); Russia and United States are named only in the pre-meeting interview, seven partners (ASEAN Plus Three, Algeria, Australia, East Asian countries, Mekong countries, Palestine and Uruguay) only in the post-meeting one.",
    "coverage_text": "South Korea's 6 passages are 1 of the 21 pre-meeting and 5 of the 26 post-meeting passages; New Zealand's 5 are 3 and 2 and United Kingdom's 5 are 4 and 1. Russia and United States appear in 1 pre-meeting passage each.",
    "context_title": "Partners are named most often in the context ‘meeting’: 23 of 56 mentions",
    "context_alt": "Partners are named most often in the context 'meeting' (23 partner mentions), 'FTA' (10 partner mentions) and 'coordination' (9 partner mentions); the 'coordination' mentions are all of United Kingdom and New Zealand.",
    "context_text": "The context 'meeting' accounts for 23 of 56 partner mentions with a context. The 10 'FTA' mentions spread over six partners. The 9 'coordination' mentions are of United Kingdom (5) and New Zealand (4).",
    "kind_text": "The interviews name 9 and 9 dialogue partners before and after, in 15 and 17 mentions; the other states (3) and groups (3) appear only in the post-meeting interview.",
    "comparison_text": "12 of 14 intervals cover zero, and none survives Holm's correction: the two stages give the themes different space, but with 21 and 26 passages no difference is clear.",
    "dictionary_title": "The dictionary agrees fully with the hand coding on 7 of 14 themes; on the other 7, kappa is 0.62–0.91 and every interval spans 0.80",
    "dictionary_alt": "Cohen's kappa of the keyword dictionary against the hand coding for each of the fourteen themes, with bootstrap 95% intervals, and beside it how many of the passages either coded both coded, with the Wilson 95% interval of that share: 1.00 for seven themes, lowest for Free trade agreements (0.62, interval from 0.18).",
    "weakest_core_text": "The confusion table of the weakest core theme, Free trade agreements (kappa 0.62):",
    "length_text": "Longer passages carry more theme codes (Spearman's rho 0.71, 95% CI 0.52 to 0.83), and the post-meeting passages carry more codes on average (2.5 against 2.1), so counts of codes partly measure length.",
    "confound": "There is one pre-meeting interview and two post-meeting interviews, so every before/after comparison is also a comparison of different speakers, different questions and previews against reports: a difference between two sets of texts, not an effect of the meetings.",
    "interviews_caveat": "Three interviews, all with Vietnamese diplomats, give one government's perspective on the meetings.",
    "sources_text": "Empty cells are unknown, not missing by mistake: the post-meeting (Tran Duc Binh) capture names no outlet, date or URL; the post-meeting (Test Person) capture names no outlet, date or URL.",
    "progress_subtitle": "All three interviews pooled: each of the 26 agreements, plans and initiatives counts once, at its status as coded. Plans and FTAs are the largest named kinds; the 6 kinds with one item each share the last bar.",
    "cooccurrence_title": "6 of 91 theme pairs share passages beyond chance; about 0.7 would by chance alone",
    "cooccurrence_subtitle": "The 22 of 91 pairs sharing at least 3 of 47 passages (no other is above its range), by observed minus expected",
    "fta_stage_labels": "post-meeting interviews\n1 of 26 passages",
    "coverage_subtitle": "Passages: a passage counts once however often it names the partner. Dots give each stage's count; at the right, counts over each stage's passages and the difference in share.",
    "context_subtitle": "Mentions: one per passage and context naming the partner, so a passage can count twice. All three interviews pooled; partners ordered by their mentions, most first.",
    "coverage_title": "South Korea, New Zealand and United Kingdom lead: 5–6 of 47 passages each",
    "coverage_note": "Post − pre: the difference in share of passages, in percentage points, with its 99.7% Newcombe interval (95% adjusted for 17 partners); no interval excludes 0, and no partner differs clearly by stage (Fisher’s exact test, Holm-adjusted).",
    "kappa_subtitle": "Two coders, the curator and a second coder (not named), each coded all 47 passages",
    "dictionary_subtitle": "A keyword dictionary against the final hand coding of the 47 passages",
}


@pytest.fixture(scope="module")
def real():
    return helpers(load_dataset())


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return helpers(tiny_dataset(tmp_path_factory.mktemp("tiny")))


@pytest.fixture(scope="module")
def flipped(tmp_path_factory):
    return helpers(load_dataset(flipped_copy(tmp_path_factory.mktemp("flipped"))))


def test_every_public_helper_is_tested():
    public = {
        name
        for name, obj in vars(P).items()
        if callable(obj) and not name.startswith("_") and getattr(obj, "__module__", "") == P.__name__
    }
    shared = {"word", "cap", "times", "quantity", "count", "texts", "source_names", "top_pair"}
    shared |= {"timeline_intro", "typeset", "note_lines"}
    assert public - shared == set(REAL) == set(TINY)


@pytest.mark.parametrize("name", list(REAL))
def test_helper_on_the_real_package(real, name):
    assert real[name]() == REAL[name]


@pytest.mark.parametrize("name", list(TINY))
def test_helper_on_the_tiny_package(tiny, name):
    assert tiny[name]() == TINY[name]


@pytest.mark.parametrize("name", list(FLIPPED))
def test_helper_follows_a_change_of_the_data(flipped, name):
    assert flipped[name]() == FLIPPED[name] != REAL[name]


def test_the_theme_branch_flips_when_a_theme_differs_clearly(flipped):
    assert REAL["theme_shift_title"].startswith("No theme's share differs clearly")
    assert flipped["theme_shift_title"]() == (
        "Only Rules and multilateralism differs clearly between the two texts, allowing for 14 comparisons"
    )
    assert "none survives Holm's correction" in REAL["comparison_text"]
    assert flipped["comparison_text"]().endswith("the difference is clear for Rules and multilateralism.")


def test_the_partner_branch_names_a_partner_that_differs_clearly(monkeypatch):
    ds = load_dataset()
    assert "no partner differs clearly by interview" in REAL["coverage_note"]
    clear = P._partner_comparison(ds).assign(clear_difference=lambda d: d.index == "South Korea")
    monkeypatch.setattr(P, "_partner_comparison", lambda _: clear)
    assert "; no interval excludes 0, and only South Korea differs clearly by interview (" in P.coverage_note(ds)


def test_timeline_intro_states_the_window_it_is_given():
    assert P.timeline_intro(2020, 2030, 2024).endswith("runs past 2030. The shaded year is 2024, the year of AMM-58.")


def test_words_and_counts():
    assert [P.word(n) for n in (0, 1, 14, 20, 21, 1500)] == ["zero", "one", "fourteen", "twenty", "21", "1,500"]
    assert [P.times(n) for n in (0, 1, 2, 5)] == ["never", "once", "twice", "five times"]
    assert [P.quantity(k, 4) for k in (0, 1, 2, 3, 4)] == ["no", "some", "half the", "most", "all"]
    assert (P.count(1, "passage"), P.count(3, "passage", words=True)) == ("1 passage", "three passages")
    assert P.cap("most themes") == "Most themes"


@pytest.fixture(scope="module")
def third(tmp_path_factory):
    from test_notebooks import extended_copy

    return helpers(load_dataset(extended_copy(tmp_path_factory.mktemp("third"))))


@pytest.mark.parametrize("name", list(THIRD))
def test_helper_counts_a_third_interview(third, name):
    assert third[name]() == THIRD[name] != REAL[name]


def test_a_third_interview_is_counted_and_named():
    assert "the 26 post-meeting ones" in THIRD["comparison_intro"]  # 24 + the third interview's 2
    assert THIRD["confound"].startswith("There is one pre-meeting interview and two post-meeting interviews")
    assert THIRD["theme_shift_title"].startswith("No theme's share differs clearly between the two stages")
