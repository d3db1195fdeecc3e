"""The index of names found anywhere in a long message (knowledge/query/mentions.py)."""

from __future__ import annotations

from knowledge.query.mentions import MentionIndex

OCCUPATIONS = {
    "25-1123.00": "English Language and Literature Teachers, Postsecondary",
    "25-2031.00": "Secondary School Teachers, Except Special and Career/Technical Education",
}


def _index(aliases):
    return MentionIndex({"teaching": "Teaching"}, [], OCCUPATIONS, aliases)


def test_a_school_subject_teacher_is_a_school_teacher_unless_the_name_says_college():
    index = _index(
        [
            ("25-1123.00", "english teacher", "English Teacher", "alternate"),
            ("25-2031.00", "english teacher", "English Teacher", "alternate"),
            ("25-1123.00", "english professor", "English Professor", "alternate"),
        ]
    )
    (found,) = index.find("I was an English major and became an English teacher.")
    assert found.text == "English teacher" and found.match.id == "25-2031.00"
    (professor,) = index.find("I work as an English professor.")
    assert professor.match.id == "25-1123.00"


def test_a_concept_alias_outranks_another_jobs_alternate_title_with_the_same_words():
    occupations = {"19-4031.00": "Chemical Technicians", "29-2012.00": "Medical and Clinical Laboratory Technicians"}
    index = MentionIndex(
        {},
        [],
        occupations,
        [
            ("19-4031.00", "medical lab technician", "Medical Lab Technician", "alternate"),
            ("29-2012.00", "medical lab technician", "medical lab technician", "concept"),
        ],
    )
    (found,) = index.find("Is it better to become a medical lab technician first?")
    assert found.match.id == "29-2012.00"
