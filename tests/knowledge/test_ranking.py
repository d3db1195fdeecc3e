"""Ranking rules on hand-made credentials (no database): filters, relaxation order, score parts, reasons."""

from __future__ import annotations

from knowledge.query.ranking import Candidate, passes, rank, reason, total_cost_usd
from knowledge.types import Constraints, Credential


def cred(id_: str, **kw) -> Credential:
    base = {"name": id_, "provider": "P", "credential_type": "certification", "url": None}
    return Credential(id=id_, **{**base, **kw})


def cand(c: Credential, elements=(), in_transition=False, link=0.5) -> Candidate:
    return Candidate(c, frozenset(elements), in_transition, link)


def test_total_cost_in_usd_only_when_known():
    assert total_cost_usd(cred("a", cost_amount=300, currency="USD")) == 300
    assert total_cost_usd(cred("b", cost_amount=0, currency=None)) == 0
    assert total_cost_usd(cred("c", cost_amount=200, currency="EUR")) is None  # no guessed exchange rate
    assert (
        total_cost_usd(cred("d", cost_amount=49, currency="USD", cost_unit="per_month", weeks=26)) == 49 * 6
    )
    assert total_cost_usd(cred("e", cost_amount=49, currency="USD", cost_unit="per_month")) is None


def test_unknown_facts_fail_hard_filters():
    assert passes(cred("x"), Constraints(max_cost=100)) == ["max_cost"]
    assert (
        passes(
            cred("x", cost_amount=50, currency="USD", format="online"),
            Constraints(max_cost=100, format="online"),
        )
        == []
    )
    assert "no_degree" in passes(
        cred("x", prerequisites="Bachelor's degree in nursing"), Constraints(no_degree=True)
    )
    assert passes(cred("x", prerequisites="no degree required"), Constraints(no_degree=True)) == []


def test_weeks_from_hours_and_pace():
    c = cred("x", hours=100, hours_basis="study")
    assert passes(c, Constraints(max_weeks=12, hours_per_week=10)) == []
    assert passes(c, Constraints(max_weeks=8, hours_per_week=10)) == ["max_weeks"]
    exam = cred("y", hours=2, hours_basis="exam")  # exam length is not study time
    assert passes(exam, Constraints(max_weeks=8, hours_per_week=10)) == ["max_weeks"]


def test_coverage_and_curation_order_results():
    gaps = {"e1": 10.0, "e2": 5.0}
    a = cand(cred("a"), elements={"e1"})
    b = cand(cred("b", curated=True), in_transition=True)
    c = cand(cred("c"))
    ranked, relaxed = rank([c, a, b], gaps, Constraints(), limit=3)
    assert [r[0].credential.id for r in ranked] == ["b", "a", "c"] and relaxed == ()
    assert ranked[1][2] == ("e1",)


def test_relaxes_least_important_constraint_first():
    cs = [cand(cred(f"c{i}", cost_amount=100, currency="USD", format="in_person")) for i in range(4)]
    ranked, relaxed = rank(cs, {}, Constraints(max_cost=500, format="online"), limit=3)
    assert relaxed == ("format",) and len(ranked) == 3
    ranked, relaxed = rank(cs, {}, Constraints(max_cost=50, format="online"), limit=3)
    assert relaxed == ("format", "max_cost")


def test_budget_changes_the_order():
    cheap = cand(cred("cheap", cost_amount=20, currency="USD"))
    dear = cand(cred("dear", cost_amount=900, currency="USD", curated=True), in_transition=True)
    others = [cand(cred(f"o{i}", cost_amount=10, currency="USD")) for i in range(3)]
    ranked, _ = rank([cheap, dear, *others], {}, Constraints(), limit=5)
    assert ranked[0][0].credential.id == "dear"
    ranked, _ = rank([cheap, dear, *others], {}, Constraints(max_cost=100), limit=5)
    assert "dear" not in [r[0].credential.id for r in ranked]


def test_reason_is_one_line_of_facts():
    c = cred(
        "g",
        provider="Google (via Coursera)",
        cost_amount=49,
        currency="USD",
        cost_unit="per_month",
        as_of="2023-05",
        weeks=26,
        hours_per_week=10,
        format="online",
    )
    assert reason(c, ["Python", "statistics"]) == (
        "Covers Python, statistics; $49/month as of 2023-05; about 6 months at 10 h/week; online; "
        "Google via Coursera"
    )
    assert reason(cred("u"), []) == "Cost not stated; P"
