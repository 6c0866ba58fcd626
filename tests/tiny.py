"""A tiny, hand-made, valid copy of the amm58 data package for unit tests of the analysis helpers.

`write_tiny(tmp_path)` copies the repository's descriptor (``data/datapackage.json``) into
``tmp_path`` and writes every resource's CSV there from the text literals below; keyword
arguments replace one resource's CSV text (``write_tiny(tmp_path, agenda=AGENDA_HEADER)``).
`tiny_dataset(tmp_path)` loads it with `amm58.load_dataset`, so the data is validated first.

The numbers the tests expect are worked out by hand from these rows; the comments below give
the ones the rows were chosen for.

Passages, in reading order (s1 is the pre-meeting interview, s2 the post-meeting one):

    s1_01 question  s1_02 answer  s1_03 answer  |  s2_01 question  s2_02 answer

Reconciled themes: s1_02 {ta}, s1_03 {ta, tb}, s2_02 {tb}; `ta` is the only core theme.
Coding passes over the five passages: ta a=[0,1,1,0,0], b=[0,1,0,1,0] -> p_o=0.6, p_e=0.52,
kappa=1/6; tb a=b=[0,0,1,0,1] -> kappa=1. The blind pass c: ta c=[0,1,1,0,0] (as a and the
reconciled codes), tb c=[0,0,1,0,0] -> against a, b or the reconciled tb: p_o=0.8, p_e=0.56,
kappa=6/11. The one case note (tb, s2_02) settles the one decision where c and the reconciled
codes differ. The blind reconciler keeps s1_03/ta as the first reconciliation did and includes
s2_01/ta, which the first dropped.

Agenda levels, first coder against the blind second (r = reported achieved, m = mentioned
again, n = not mentioned): i1 m/m, i2 n/m, i3 r/r, i4 r/m -> linearly weighted kappa 1/3.
The second coder splits the pre-meeting agenda into five items: one each under i1 and i4, two
under i2, and one (b05) the first coding lacks.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import textwrap
from pathlib import Path

from amm58 import Dataset, load_dataset

REPO_DIR = Path(__file__).resolve().parents[1]
DESCRIPTOR = REPO_DIR / "data" / "datapackage.json"

SOURCES = """\
source_id,title,outlet,published,interviewee,interviewee_title,url,stage,captured_from,language,note
s1,"Before the meeting: plans, hopes",Outlet A,2025-07-01,Ann,Ambassador,https://example.org/s1,pre-meeting,,en,
s2,After the meeting,,,Bob,,,post-meeting,,en,No outlet or date in the capture.
"""

PASSAGES = """\
passage_id,source_id,seq,kind,speaker,question_id,locator,summary,n_words,note
s1_01,s1,1,question,interviewer,,What will the meeting bring,The paper asks what the meeting will bring.,10,
s1_02,s1,2,answer,Ann,s1_01,The meeting will bring,"Ann expects an FTA with Xland, and Vietnam will take part.",40,
s1_03,s1,3,answer,Ann,s1_01,We also plan,Ann sets out a plan for 2026-2030.,30,
s2_01,s2,1,question,interviewer,,What did the meeting achieve,The paper asks what the meeting achieved.,12,
s2_02,s2,2,answer,Bob,s2_01,The meeting achieved,Bob reports the Xland FTA in progress and Yland's accession.,50,Spells Yland as Ylnad.
"""

THEMES = """\
theme_id,label,core,sort_order,definition,general_rules,case_notes
ta,Theme A,true,1,What theme A covers.,Code A when A is spoken of.,
tb,Theme B,false,2,What theme B covers.,Code B when B is spoken of.,Yland's accession counts (s2_02).
"""

CASE_NOTE_PASSAGES = """\
theme_id,passage_id,settles
tb,s2_02,Yland's accession counts
"""

PASSAGE_THEMES = """\
passage_id,theme_id
s1_02,ta
s1_03,ta
s1_03,tb
s2_02,tb
"""

CODING_PASSES = """\
pass_id,passage_id,theme_id
a,s1_02,ta
a,s1_03,ta
a,s1_03,tb
a,s2_02,tb
b,s1_02,ta
b,s2_01,ta
b,s1_03,tb
b,s2_02,tb
c,s1_02,ta
c,s1_03,ta
c,s1_03,tb
"""

RECONCILIATION = """\
passage_id,theme_id,in_pass_a,in_pass_b,included,reason,blind_included,blind_reason
s1_03,ta,true,false,true,The plan is about theme A.,true,The plan names A.
s2_01,ta,false,true,false,A question only sets the scene.,true,The question asks about A.
"""

CODING_LOG = """\
step_id,task,coder,made_on,blind,saw,note
a,theme pass,the curator,,not recorded,the rules,
c,theme pass,a third coder,2026-12-07,yes,the general rules,
"""

ENTITIES = """\
entity_id,name,kind,iso3,provenance,note
ex,Xland,dialogue partner,XXL,text,
ey,Yland,other state,YYL,text,
vn,Vietnam,ASEAN member,VNM,text,
"""

ALIASES = """\
alias,entity_id,alias_kind,provenance,note
Xland,ex,name,text,
XL,ex,abbreviation,curator knowledge,
Yland,ey,name,text,
Ylnad,ey,typo,text,In s2_02.
Vietnam,vn,name,text,
Vietnamese,vn,adjective,text,
"""

PASSAGE_ENTITIES = """\
passage_id,entity_id,context
s1_02,ex,meeting
s2_02,ex,FTA
s2_02,ey,treaty
s1_02,vn,participation
"""

PEOPLE = """\
person_id,name,position,entity_id,passage_id
p1,Person One,Foreign Minister,vn,s1_02
"""

MEETINGS = """\
meeting_id,name,short_name,ordinal,format,grouping,counterpart_id,part_of,status,year,month,start_date,end_date,city,country_id,vietnam_role,passage_id,note
m1,ASEAN-Xland Foreign Ministers' Meeting,AX FMM,,foreign ministers' meeting,ASEAN plus one,ex,,held,2025,7,,,,,co-chair,s2_02,
m2,58th ASEAN Foreign Ministers' Meeting,AMM-58,58,foreign ministers' meeting,ASEAN,,,held,2025,7,2025-07-08,2025-07-11,Kuala Lumpur,,attended,s1_02,
m3,ASEAN Summit,Summit,,summit,ASEAN,,,planned,2026,,,,,,not stated,s1_03,
"""

MEETING_PASSAGES = """\
meeting_id,passage_id
m1,s2_02
m2,s1_02
m3,s1_03
"""

MEETING_PARTICIPANTS = """\
meeting_id,entity_id,passage_id
m1,ex,s2_02
"""

AGREEMENTS = """\
agreement_id,name,short_name,kind,scope,status,start_year,end_year,parent_id,passage_id,note
g1,ASEAN-Xland Free Trade Agreement,AXFTA,FTA,ASEAN-partner,to be signed,,,,s1_02,
g2,Yland's accession to the Treaty,Yland accession,accession instrument,ASEAN-other,signed,,,,s2_02,
g3,ASEAN Plan 2026-2030,Plan 2026-2030,plan,intra-ASEAN,to be developed,2026,2030,,s1_03,
"""

AGREEMENT_PARTNERS = """\
agreement_id,entity_id,passage_id
g1,ex,s1_02
g2,ey,s2_02
"""

AGREEMENT_PASSAGES = """\
agreement_id,passage_id,status
g1,s1_02,to be signed
g1,s2_02,in progress
g2,s2_02,signed
g3,s1_03,to be developed
"""

VIETNAM_ROLES = """\
role_id,role,counterpart,entity_id,meeting_id,holder_id,start_year,end_year,passage_id,note
r1,coordinator,ASEAN-Xland relations,ex,,,2024,2027,s1_02,
r2,co-chair,AX FMM,,m1,p1,2025,2025,s1_02,
"""

ROLE_PASSAGES = """\
role_id,passage_id
r1,s1_02
r2,s1_02
r2,s2_02
"""

# t_vision has no start year: it is a single-year bar at 2045, outside the default window.
# t_long runs 2025-2045, past the default window's end (2031).
TIMELINE = """\
event_id,label,kind,start_year,end_year,agreement_id,entity_id,passage_id,note
t_anniv,Xland relations anniversary,anniversary,2025,2025,,ex,s1_02,
t_plan,Plan 2026-2030,plan,2026,2030,g3,,s1_03,
t_vision,Vision 2045,vision,,2045,,,s1_03,No start year is given.
t_long,Long-term vision,vision,2025,2045,,,s1_03,
"""

MESSAGES = """\
message_id,text,kind,owner_id,speaker_id,meeting_id,scope,passage_id,note
msg1,Together we rise,slogan,vn,p1,m2,ASEAN unity,s2_02,
msg2,A beacon of peace,message,vn,,,ASEAN's role,s1_03,
"""

AGENDA = """\
item_id,label,theme_id,pre_passage_id,post_passage_id,match,outcome_level,actor,outcome,note
i1,Sign the Xland FTA,ta,s1_02,s2_02,matched,mentioned again,ASEAN or partners,Reported as in progress.,
i2,Develop the plan,ta,s1_03,,not mentioned again,not mentioned,Vietnam,,
i3,Yland accession,tb,,s2_02,new,reported achieved,ASEAN or partners,Yland acceded.,
i4,Hold the Xland meeting,ta,s1_02,s2_02,matched,reported achieved,Vietnam,Held.,
"""

AGENDA_SPLIT_B = """\
split_id,label,pre_passage_id,rule,item_id
b01,Sign the FTA with Xland,s1_02,2,i1
b02,Hold the meeting with Xland,s1_02,2,i4
b03,Draft the plan,s1_03,2,i2
b04,Adopt the plan,s1_03,2,i2
b05,Mark the anniversary,s1_03,,
"""

AGENDA_LEVELS_B = """\
item_id,outcome_level,post_passage_ids,rule
i1,mentioned again,s2_02,2
i2,mentioned again,s2_02,4
i3,reported achieved,s2_02,2
i4,mentioned again,s2_02,3
"""

#: CSV text per resource name.
TINY: dict[str, str] = {
    "sources": SOURCES,
    "passages": PASSAGES,
    "themes": THEMES,
    "case_note_passages": CASE_NOTE_PASSAGES,
    "passage_themes": PASSAGE_THEMES,
    "coding_passes": CODING_PASSES,
    "reconciliation": RECONCILIATION,
    "coding_log": CODING_LOG,
    "entities": ENTITIES,
    "aliases": ALIASES,
    "passage_entities": PASSAGE_ENTITIES,
    "people": PEOPLE,
    "meetings": MEETINGS,
    "meeting_passages": MEETING_PASSAGES,
    "meeting_participants": MEETING_PARTICIPANTS,
    "agreements": AGREEMENTS,
    "agreement_partners": AGREEMENT_PARTNERS,
    "agreement_passages": AGREEMENT_PASSAGES,
    "vietnam_roles": VIETNAM_ROLES,
    "role_passages": ROLE_PASSAGES,
    "timeline": TIMELINE,
    "messages": MESSAGES,
    "agenda": AGENDA,
    "agenda_split_b": AGENDA_SPLIT_B,
    "agenda_levels_b": AGENDA_LEVELS_B,
}


def descriptor() -> dict:
    """The repository's data package descriptor."""
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


def header(resource: str) -> str:
    """The CSV header line (with newline) of a resource: its descriptor field names in order."""
    res = next(r for r in descriptor()["resources"] if r["name"] == resource)
    return ",".join(f["name"] for f in res["schema"]["fields"]) + "\n"


def _normalise(text: str) -> str:
    text = textwrap.dedent(text).lstrip("\n")
    return text if text.endswith("\n") else text + "\n"


def write_tiny(tmp_path: Path | str, **overrides: str) -> Path:
    """Write the tiny data package into `tmp_path` and return that folder.

    `overrides` maps a resource name to CSV text that replaces its rows (header included).
    A resource without text is written header-only.
    """
    root = Path(tmp_path)
    root.mkdir(parents=True, exist_ok=True)
    desc = descriptor()
    names = [r["name"] for r in desc["resources"]]
    unknown = set(overrides) - set(names)
    if unknown:
        raise KeyError(f"no such resource: {sorted(unknown)}")
    shutil.copyfile(DESCRIPTOR, root / "datapackage.json")
    for res in desc["resources"]:
        name = res["name"]
        head = ",".join(f["name"] for f in res["schema"]["fields"])
        text = _normalise(overrides.get(name, TINY.get(name, head)))
        if text.splitlines()[0] != head:
            raise ValueError(f"{name}: header {text.splitlines()[0]!r} is not the descriptor's {head!r}")
        (root / res["path"]).write_text(text, encoding="utf-8")
    return root


def tiny_dataset(tmp_path: Path | str, **overrides: str) -> Dataset:
    """`amm58.load_dataset` of `write_tiny(tmp_path, **overrides)`."""
    return load_dataset(write_tiny(tmp_path, **overrides))


_LOADED: list[tuple[tempfile.TemporaryDirectory, Dataset]] = []


def tiny() -> Dataset:
    """The tiny package without overrides, as `tiny_dataset` loads it: written and loaded once per
    test process, each call a deep copy of its tables and descriptor, so a test may change them.
    (Loading validates the package, about 0.1 s; the helper tests use the tiny package hundreds of
    times.) The folder is a temporary one that lives as long as the process."""
    if not _LOADED:
        folder = tempfile.TemporaryDirectory(prefix="amm58-tiny-")
        _LOADED.append((folder, tiny_dataset(folder.name)))
    ds = _LOADED[0][1]
    tables = {name: table.copy(deep=True) for name, table in ds.tables.items()}
    return Dataset(tables=tables, descriptor=copy.deepcopy(ds.descriptor), data_dir=ds.data_dir)
