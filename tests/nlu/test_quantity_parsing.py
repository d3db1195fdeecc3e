"""Tables for the money / duration / hours / category parsers (pure Python, no Rasa)."""

from __future__ import annotations

import pytest

from nlu.quantity_parsing import parse_all


def found(text: str, intent: str | None = None) -> list[tuple[str, str, str]]:
    return [(s.text, s.label, s.value) for s in parse_all(text, intent)]


@pytest.mark.parametrize(
    ("text", "expected", "currency"),
    [
        ("budget ~$500", ("$500", "500"), "USD"),
        ("500 bucks max", ("500 bucks", "500"), "USD"),
        ("€300 tops", ("€300", "300"), "EUR"),
        ("around £250", ("£250", "250"), "GBP"),
        ("1.5k", ("1.5k", "1500"), "USD"),
        ("$1.5k", ("$1.5k", "1500"), "USD"),
        ("under 200 dollars", ("200 dollars", "200"), "USD"),
        ("50 euros", ("50 euros", "50"), "EUR"),
        ("my budget: 2,500", ("2,500", "2500"), "USD"),
        ("budget is 800", ("800", "800"), "USD"),
        ("2000 usd", ("2000 usd", "2000"), "USD"),
        ("only free stuff", ("free", "0"), "USD"),
        ("I have no money", ("no money", "0"), "USD"),
        ("zero budget sorry", ("zero budget", "0"), "USD"),
    ],
)
def test_money(text, expected, currency):
    spans = [s for s in parse_all(text) if s.label == "money"]
    assert [(s.text, s.value) for s in spans] == [expected]
    assert spans[0].extra["currency"] == currency


@pytest.mark.parametrize(
    "text", ["feel free to ask", "I'm free time on weekends", "budget 10 hours", "10k steps"]
)
def test_not_money(text):
    assert [s for s in parse_all(text) if s.label == "money"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 months", ("3 months", "13")),
        ("within 6 weeks", ("6 weeks", "6")),
        ("a year", ("a year", "52")),
        ("6 months", ("6 months", "26")),
        ("10 days", ("10 days", "1.4")),
        ("a couple of months", ("a couple of months", "8.7")),
        ("2 yrs", ("2 yrs", "104")),
        ("I have 3 months to switch", ("3 months", "13")),
    ],
)
def test_duration_in_weeks(text, expected):
    assert [(t, v) for t, label, v in found(text) if label == "duration"] == [expected]


@pytest.mark.parametrize(
    "text",
    ["10 yrs in accounting", "I've been a teacher for 8 years", "over the last 5 years",
     "5 years of experience",
     "spent 3 years doing retail", "2 years ago"],
)  # fmt: skip
def test_experience_is_not_a_duration(text):
    assert [s for s in parse_all(text) if s.label == "duration"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 hrs/week", ("10 hrs/week", "10")),
        ("5 hours a week", ("5 hours a week", "5")),
        ("2h per day", ("2h per day", "14")),
        ("5-10 hours per week", ("5-10 hours per week", "10")),
        ("about 12 hours weekly", ("12 hours weekly", "12")),
        ("3 hours a day", ("3 hours a day", "21")),
        ("2 hrs each weeknight", ("2 hrs each weeknight", "10")),
        ("one hour daily", ("one hour daily", "7")),
    ],
)
def test_hours_per_week(text, expected):
    assert [(t, v) for t, label, v in found(text) if label == "hours_per_week"] == [expected]


def test_hours_win_over_the_duration_inside_them():
    assert found("10 hours a week for 3 months") == [
        ("10 hours a week", "hours_per_week", "10"),
        ("3 months", "duration", "13"),
    ]


def test_issue_example():
    assert found("10 yrs in accounting, want something with data, can only do evenings, budget ~$500") == [
        ("$500", "money", "500")
    ]


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [
        ("online", "format", "online"), ("remote please", "format", "online"),
        ("self-paced", "format", "online"), ("in person", "format", "in_person"),
        ("on campus", "format", "in_person"), ("classroom", "format", "in_person"),
        ("hybrid", "format", "hybrid"), ("blended", "format", "hybrid"),
        ("complete beginner", "level", "beginner"), ("entry level", "level", "beginner"),
        ("no experience", "level", "beginner"), ("intermediate", "level", "intermediate"),
        ("advanced", "level", "advanced"),
    ],
)  # fmt: skip
def test_categories(text, label, value):
    assert [(lab, v) for _, lab, v in found(text)] == [(label, value)]


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("the second one", "pick_item", ("second", "2")),
        ("the second one", None, ("second", "2")),
        ("#2", None, ("#2", "2")),
        ("number 3", None, ("number 3", "3")),
        ("option 2", None, ("option 2", "2")),
        ("the last one", None, ("last", "-1")),
        ("2", "pick_item", ("2", "2")),
        ("the 3rd one", None, ("3rd", "3")),
        ("compare the first and the third", "compare_credentials", ("first", "1")),
    ],
)
def test_ordinals(text, intent, expected):
    assert [(t, v) for t, label, v in found(text, intent) if label == "ordinal"][0] == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what should I do first", "ask_first_steps"),
        ("2", "inform_constraints"),
        ("over the last 5 years", None),
    ],
)
def test_not_ordinals(text, intent):
    assert [s for s in parse_all(text, intent) if s.label == "ordinal"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cheaper ones", [("cheaper", "cheaper")]),
        ("something less expensive", [("less expensive", "cheaper")]),
        ("shorter", [("shorter", "shorter")]),
        ("anything faster", [("faster", "shorter")]),
        ("online only", [("online", "online")]),
        ("only online ones", [("online", "online")]),
        ("show me more", [("more", "more")]),
        ("any other options?", [("other options", "more")]),
        ("anything else", [("anything else", "more")]),
    ],
)
def test_refinements(text, expected):
    assert [(t, v) for t, label, v in found(text, "refine") if label == "refinement"] == expected


def test_online_only_is_a_format_outside_refine():
    assert found("online only, I work full time", "inform_constraints") == [("online", "format", "online")]


def test_more_about_is_not_a_refinement():
    assert [
        s for s in parse_all("tell me more about the first one", "pick_item") if s.label == "refinement"
    ] == []
