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
