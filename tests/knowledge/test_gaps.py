"""Skill gaps a counselor would name, on a small labelled set of moves (full knowledge base).

Each move lists groups of gaps a counselor expects near the top (any one name of a group counts: "a BI
tool" is Tableau or Power BI) and names that must not appear (tools of other occupations mixed into a
field's profile). Labelled by reading the O*NET descriptions of the target occupations, before checking
the output, on 2026-12-01.
"""

from __future__ import annotations

import pytest

from knowledge.query.gaps import Rating, side_codes

TOP = 8
OFFICE = ("Microsoft Outlook", "Microsoft Word", "Microsoft PowerPoint", "Microsoft Office software")
BASIC = ("Reading Comprehension", "Active Listening", "Speaking", "Active Learning", "Critical Thinking")
SQL = ("Structured query language SQL",)
STATISTICS = ("R", "IBM SPSS Statistics", "SAS", "Mathematics")
BI_TOOL = ("Tableau", "Microsoft Power BI")

# (from, to, expected groups near the top, forbidden names)
GAP_MOVES = [
    ("accountant", "data analytics", [SQL, STATISTICS, BI_TOOL], ("Amazon Redshift", "Apache Hadoop",
     "The MathWorks MATLAB", "Apache Hive")),
    ("graphic designer", "ux design", [("Adobe XD", "InVision software", "Figma")],
     ("The MathWorks MATLAB", "Apache Maven", "Apple iOS", "C#")),
    ("administrative assistant", "project coordinator",
     [("Microsoft Project", "Project management software")],
     ("Autodesk Revit", "Trimble SketchUp Pro", "Autodesk AutoCAD", "Building and Construction")),
    ("help desk technician", "cybersecurity", [("Splunk Enterprise", "Public Safety and Security", "Python")],
     ("Medicine and Dentistry",)),
    ("journalist", "technical writer", [("Atlassian Confluence", "Extensible markup language XML")],
     ("Mechanical",)),
    ("marketing coordinator", "digital marketing",
     [("Adobe Analytics", "Bing Ads", "Google Analytics", "Content management systems CMS")], ()),
    ("software developer", "data scientist", [STATISTICS], ()),
    ("registered nurse", "health informatics", [SQL + ("SAS", "Tableau")], ()),
    ("teacher", "instructional designer", [("Learning management system LMS",)], ()),
    ("customer service representative", "it support", [("Troubleshooting",)], ()),
    ("cashier", "pharmacy technician", [("Medicine and Dentistry",)], ()),
    ("bank teller", "fintech", [("Programming", "Python", "Structured query language SQL")], ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("frm", "to", "groups", "forbidden"), GAP_MOVES, ids=[f"{m[0]}->{m[1]}" for m in GAP_MOVES]
)
async def test_labelled_gaps(kb, frm, to, groups, forbidden):
    gaps = await kb.skill_gap(frm, to, limit=12)
    names = [g.name for g in gaps]
    top = names[:TOP]
    for group in groups:
        assert set(group) & set(top), f"{frm} -> {to}: none of {group} in the top {TOP}: {top}"
    assert not set(forbidden) & set(names), f"{frm} -> {to}: {set(forbidden) & set(names)}"
    assert not set(OFFICE) & set(names) and not set(BASIC) & set(names), names
    assert len(names) == len({n.lower() for n in names}), f"a gap named twice: {names}"
    assert sum(g.kind == "technology" for g in gaps) <= 6, names  # at most half of 12


def test_field_profile_only_from_occupations_that_belong():
    rated = {"2.B.2.i": Rating("2.B.2.i", "skill", "Complex Problem Solving", 4.0, 4.0, False)}
    # project management specialists (13-1082) have no skill ratings in O*NET 29.3; construction
    # managers (11-9021) and IT project managers (15-1299.09) do not stand in for them
    pm = {"13-1082.00": {}, "15-1299.09": rated, "11-9021.00": rated}
    assert side_codes(["13-1082.00", "15-1299.09", "11-9021.00"], pm) == ["13-1082.00"]
    # data occupations share the SOC minor group 15-2; market research analysts (13-1161) do not
    data = {c: rated for c in ("15-2051.01", "15-2041.00", "15-2031.00", "13-1161.00")}
    assert side_codes(list(data), data) == ["15-2051.01", "15-2041.00", "15-2031.00"]
    # an unrated first code borrows the first rated one of its SOC major group
    web = {"15-1255.00": {}, "27-1021.00": rated, "15-1212.00": rated}
    assert side_codes(["15-1255.00", "27-1021.00", "15-1212.00"], web) == ["15-1255.00", "15-1212.00"]
