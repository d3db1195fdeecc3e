"""Ranking rules on hand-made credentials (no database): limits, unknown facts, relaxation, name matches,
duplicates, the absurd guard and reasons."""

from __future__ import annotations

from knowledge.linking.names import NameIndex, head, stem, title_phrases
from knowledge.query.ranking import (
    Candidate,
    check,
    online_ok,
    passes,
    rank,
    reason,
    same_credential,
    total_cost_range_usd,
    total_cost_usd,
)
from knowledge.types import Constraints, Credential


def cred(id_: str, **kw) -> Credential:
    base = {"name": id_, "provider": "P", "credential_type": "certification", "url": None}
    return Credential(id=id_, **{**base, **kw})


def cand(c: Credential, elements=(), in_transition=False, link=0.5, name=0.0, family=True) -> Candidate:
    return Candidate(c, frozenset(elements), in_transition, link, name, family)


def ids(ranked) -> list[str]:
    return [r.candidate.credential.id for r in ranked]


def test_total_cost_from_units_and_counts():
    assert total_cost_usd(cred("a", cost_amount=300, currency="USD")) == 300
    assert total_cost_usd(cred("b", cost_amount=0, currency=None)) == 0
    assert total_cost_usd(cred("c", cost_amount=200, currency="EUR")) is None  # no guessed exchange rate
    monthly = cred("d", cost_amount=49, currency="USD", cost_unit="per_month", weeks=26)
    assert total_cost_usd(monthly) == 49 * 6
    assert total_cost_usd(cred("e", cost_amount=49, currency="USD", cost_unit="per_month")) is None
    # $49 per course × 9 courses is $441, not $49; two $246 exams are $492
    courses = cred("f", cost_amount=49, currency="USD", cost_unit="per_course", cost_count=9)
    assert total_cost_usd(courses) == 441
    exams = cred("g", cost_amount=246, currency="USD", cost_unit="per_exam", cost_count=2)
    assert total_cost_usd(exams) == 492
    # one of several exams is not the price: without a count the total is unknown
    assert total_cost_usd(cred("h", cost_amount=246, currency="USD", cost_unit="per_exam")) is None
    # a range is as dear as its top
    assert total_cost_range_usd(cred("i", cost_amount=0, cost_max=300, currency="USD")) == (0, 300)


def test_a_monthly_fee_is_totalled_over_the_months_the_text_says():
    from knowledge.display import duration

    # 10.85 weeks: "about 2 months" in the text, so the budget check counts 2 monthly fees, not 3
    monthly = cred("m", cost_amount=100, currency="USD", cost_unit="per_month", weeks=10.85)
    assert duration(monthly) == "about 2 months"
    assert total_cost_usd(monthly) == 200
    assert total_cost_usd(cred("s", cost_amount=100, currency="USD", cost_unit="per_month", weeks=1)) == 100


def test_budget_uses_the_whole_total():
    courses = cred("f", cost_amount=49, currency="USD", cost_unit="per_course", cost_count=9)
    assert passes(courses, Constraints(max_cost=200)) == ["max_cost"]
    exams = cred("g", cost_amount=246, currency="USD", cost_unit="per_exam", cost_count=2)
    assert passes(exams, Constraints(max_cost=300)) == ["max_cost"]
    assert passes(exams, Constraints(max_cost=500)) == []


def test_a_range_from_zero_is_not_free():
    c = cred("r", cost_amount=0, cost_max=300, currency="USD")
    assert passes(c, Constraints(free_only=True)) == ["free_only"]
    assert passes(c, Constraints(max_cost=100)) == ["max_cost"]


def test_unknown_facts_are_unknown_not_failures():
    failed, unknown = check(cred("x"), Constraints(max_cost=100, format="online", max_weeks=4))
    assert failed == [] and unknown == ["max_cost", "max_weeks", "format"]
    known = cred("y", cost_amount=50, currency="USD", format="online")
    assert check(known, Constraints(max_cost=100, format="online")) == ([], [])
    assert "no_degree" in passes(
        cred("x", prerequisites="Bachelor's degree in nursing"), Constraints(no_degree=True)
    )
    assert passes(cred("x", prerequisites="no degree required"), Constraints(no_degree=True)) == []


def test_online_proctored_exams_count_as_online():
    assert online_ok(cred("e", format="exam_only", exam_delivery=("test_center", "online_proctored")))
    assert online_ok(cred("e", format="exam_only", exam_delivery=("test_center",))) is False
    assert online_ok(cred("e", format="exam_only")) is None  # the source does not say
    assert online_ok(cred("e", format="exam_only", cost_note="exam is online-proctored via Pearson"))
    assert passes(cred("e", format="in_person"), Constraints(format="online")) == ["format"]


def test_weeks_from_hours_and_pace():
    c = cred("x", hours=100, hours_basis="study")
    assert passes(c, Constraints(max_weeks=12, hours_per_week=10)) == []
    assert passes(c, Constraints(max_weeks=8, hours_per_week=10)) == ["max_weeks"]
    exam = cred("y", hours=2, hours_basis="exam")  # exam length is not study time: unknown, not a pass
    assert check(exam, Constraints(max_weeks=8, hours_per_week=10)) == ([], ["max_weeks"])


def test_curation_name_and_coverage_order_results():
    gaps = {"e1": 10.0, "e2": 5.0}
    a = cand(cred("a"), elements={"e1"})
    b = cand(cred("b", curated=True), in_transition=True)
    c = cand(cred("c"))
    ranked, relaxed = rank([c, a, b], gaps, Constraints(), limit=3)
    assert ids(ranked) == ["b", "a", "c"] and relaxed == ()
    assert ranked[1].covered == ("e1",)
    named = cand(cred("n"), name=1.0)
    ranked, _ = rank([c, a, named], gaps, Constraints(), limit=3)
    assert ids(ranked)[0] == "n"  # its own name names the target job


def test_relaxes_least_important_limit_first_and_never_the_budget():
    cs = [cand(cred(f"c{i}", cost_amount=100, currency="USD", format="in_person")) for i in range(4)]
    ranked, relaxed = rank(cs, {}, Constraints(max_cost=500, format="online"), limit=3)
    assert relaxed == ("format",) and len(ranked) == 3
    assert all(r.unmet == ("format",) for r in ranked)
    ranked, relaxed = rank(cs, {}, Constraints(max_cost=50, format="online"), limit=3)
    assert ranked == [] and "max_cost" not in relaxed  # nothing above the budget, even if little is left


def test_relaxed_is_reported_only_when_a_shown_item_misses_it():
    fits = [cand(cred(f"f{i}", format="online")) for i in range(3)]
    ranked, relaxed = rank(fits, {}, Constraints(format="online", level="advanced"), limit=3)
    assert relaxed == ()  # levels unknown: nothing relaxed, every item says what it could not check
    assert all(r.unknown == ("level",) for r in ranked)


def test_budget_changes_the_order_and_unknown_cost_is_kept_and_flagged():
    cheap = cand(cred("cheap", cost_amount=20, currency="USD"))
    dear = cand(cred("dear", cost_amount=900, currency="USD", curated=True), in_transition=True)
    unknown = cand(cred("unknown"))
    others = [cand(cred(f"o{i}", cost_amount=10, currency="USD")) for i in range(3)]
    ranked, _ = rank([cheap, dear, unknown, *others], {}, Constraints(), limit=6)
    assert ids(ranked)[0] == "dear"
    ranked, _ = rank([cheap, dear, unknown, *others], {}, Constraints(max_cost=100), limit=6)
    assert "dear" not in ids(ranked)
    flagged = {r.candidate.credential.id: r.unknown for r in ranked}
    assert flagged["unknown"] == ("max_cost",) and flagged["cheap"] == ()


def test_no_duplicate_credential_in_one_list():
    curated = cred(
        "cur:acfe-cfe",
        name="Certified Fraud Examiner (CFE)",
        provider="ACFE (Association of Certified Fraud Examiners)",
        curated=True,
    )
    twin = cred(
        "cos:1245", name="Certified Fraud Examiner", provider="Association of Certified Fraud Examiners"
    )
    assert same_credential(curated, twin)
    other_issuer = cred(
        "cos:3787", name="Certified Pharmacy Technician", provider="National Healthcareer Association"
    )
    ptcb = cred(
        "cos:1585", name="Certified Pharmacy Technician", provider="Pharmacy Technician Certification Board"
    )
    assert not same_credential(other_issuer, ptcb)
    ranked, _ = rank([cand(curated, name=1.0), cand(twin, name=1.0), cand(ptcb)], {}, Constraints(), limit=5)
    assert ids(ranked) == ["cur:acfe-cfe", "cos:1585"]


def test_absurd_items_never_reach_the_list():
    foodservice = cand(cred("food", name="Master Certified Foodservice Professional"), family=False, link=0.0)
    ev = cand(cred("ev", name="Electric Vehicle Technician"), name=0.95, family=None, link=0.0)
    ranked, _ = rank([foodservice, ev], {}, Constraints(), limit=5)
    assert ids(ranked) == ["ev"]


def fillers(n: int) -> list[Credential]:
    """Names with realistic word frequencies: "service" in 1 of 20, "technician" in 1 of 8."""
    return [
        cred(
            f"filler{i}",
            name=f"Certified Widget {'Service ' if i % 20 == 0 else ''}"
            f"{'Technician' if i % 8 == 0 else 'Specialist'} {i}",
        )
        for i in range(n)
    ]


def test_names_name_the_job():
    creds = [
        cred("cfe", name="Certified Fraud Examiner", provider="Association of Certified Fraud Examiners"),
        cred("fin", name="Certified Financial Examiner", provider="Society of Financial Examiners"),
        cred("pv", name="PV Installation Professional", provider="North American Board of Certified Energy"),
        cred("svc", name="Computer Service Technician", provider="ETA International"),
        *fillers(2000),
    ]
    index = NameIndex(creds)
    found = index.match([(p, 1.0) for p in title_phrases("Fraud Examiners, Investigators and Analysts")])
    assert "cfe" in found and "fin" not in found  # "examiner" alone does not name fraud examiners
    assert "pv" in index.match([("PV installer", 1.0)])  # installer ~ installation
    assert index.match([("service technician", 1.0)]) == {}  # too generic to name a job
    assert title_phrases("Automotive Service Technicians and Mechanics") == [
        "Automotive Service Technicians",
        "Automotive Service Mechanics",
    ]
    assert title_phrases("Heavy and Tractor-Trailer Truck Drivers") == [
        "Heavy Drivers",
        "Tractor-Trailer Truck Drivers",
    ]
    assert stem("engineer") == "engineer" and stem("installation") == stem("installer") == "install"


def test_an_alternate_title_names_its_job_by_its_head_noun():
    creds = [
        cred("emt", name="Emergency Medical Technician", acronym="EMT", provider="National Registry"),
        cred("emtp", name="Emergency Medical Technician - Paramedic", acronym="EMT-P", provider="NR"),
        *[cred(f"ems{i}", name=f"Emergency Medical Services Instructor {i}") for i in range(40)],
        *[cred(f"fp{i}", name=f"Certified Flight Paramedic {i}") for i in range(60)],
        *fillers(2000),
    ]
    index = NameIndex(creds)
    title = "EMT Paramedic (Emergency Medical Technician Paramedic)"
    assert head(title) == "paramedic" and head("First-Line Supervisors of Retail Sales Workers") == "supervis"
    found = index.match([(title, 0.85, True)])
    assert "emtp" in found and "emt" not in found  # the modifier is another job
    assert "emt" in index.match([(title, 0.85)])  # read word by word, the EMT certification covers it
    # the head may be written as the work's name: "Informatics Nurse" is named by "Informatics Nursing"
    nurses = [cred(f"n{i}", name=f"Certified Nurse Specialist {i}") for i in range(300)]
    creds = [cred("ni", name="Informatics Nursing Certification"), *nurses, *fillers(2000)]
    assert "ni" in NameIndex(creds).match([("Informatics Nurse", 0.85, True)])


def test_an_except_clause_names_what_the_occupation_is_not():
    assert title_phrases("Secondary School Teachers, Except Special and Career/Technical Education") == [
        "Secondary School Teachers"
    ]


def test_a_field_names_its_practitioner_and_compounds_split():
    creds = [
        cred("cpt", name="Certified Phlebotomy Technician", provider="A Phlebotomy Association"),
        cred("cfre", name="Certified Fund Raising Executive", provider="CFRE International"),
        *fillers(2000),
    ]
    index = NameIndex(creds)
    assert stem("phlebotomy") == stem("phlebotomist") and stem("therapy") == stem("therapist")
    assert stem("pharmacy") != stem("pharmacist")  # a pharmacy technician is not a pharmacist
    assert "cpt" in index.match([("phlebotomist", 1.0)])
    assert "cfre" in index.match([("fundraiser", 1.0)])  # "Fund Raising" written as one word


def test_reason_is_one_line_of_facts():
    c = cred("g", provider="Google (via Coursera)")
    assert reason(c, ["Python", "statistics"], None, True) == (
        "Listed by a counselor for this move; covers Python, statistics; Google via Coursera"
    )
    assert reason(cred("u"), [], "pharmacy technician", False) == "Made for pharmacy technician work; P"


def test_a_mandatory_fee_on_top_counts_in_the_total():
    """CBAP: a $450 exam fee plus a $125 application fee is $575 against a budget, not $450."""
    cbap = cred("cbap", cost_amount=450, cost_max=450, currency="USD", cost_unit="total", cost_extra=125)
    assert total_cost_usd(cbap) == 575
    assert total_cost_range_usd(cbap) == (575, 575)
    exams = cred("g", cost_amount=495, currency="USD", cost_unit="per_exam", cost_count=1, cost_extra=100)
    assert total_cost_usd(exams) == 595
    # other currencies stay unconverted, fee or not
    assert total_cost_usd(cred("e", cost_amount=200, currency="EUR", cost_extra=50)) is None


def test_a_credential_named_first_in_prerequisites_comes_first_on_the_list():
    from knowledge.query.eligibility import advised_first
    from knowledge.query.ranking import Ranked, in_sequence

    names = {"a": "CompTIA A+ (220-1201 Core 1 and 220-1202 Core 2)", "n": "CompTIA Network+ (N10-009)"}
    names |= {"capm": "Certified Associate in Project Management (CAPM)", "acc": "Accounting"}
    assert advised_first("recommended: CompTIA A+ and 9-12 months hands-on networking experience", names) == (
        "a",
    )
    assert advised_first("Recommended (not required): CompTIA Network+ and ~2 years", names) == ("n",)
    assert advised_first("hold the CAPM or 23 hours of education", names) == ("capm",)
    assert advised_first("two years of accounting experience", names) == ()  # one word names too much
    assert advised_first("none stated; AINS courses also count toward the AIC", {"x": "AINS (AINS)"}) == ()
    # its own acronym names itself, not a namesake ("ARM coursework and exam" in IREM's ARM)
    arm = "Accredited Residential Manager (ARM)"
    assert advised_first("12 months; ARM coursework and exam", {"c": f"{arm} - Canada"}, arm) == ()

    def ranked(cid: str, score: float, after=()) -> Ranked:
        c = Candidate(cred(cid), frozenset(), 1.0, 1.0, after=tuple(after))
        return Ranked(c, score, (), (), ())

    shown = [ranked("n", 60, ["a"]), ranked("g", 58), ranked("a", 57), ranked("s", 30, ["n"])]
    out = in_sequence(shown)
    assert [r.candidate.credential.id for r in out] == ["a", "n", "g", "s"]
    assert out[0].score > out[1].score  # still best first
    # a first step that is not on the list is not pulled in
    assert [r.candidate.credential.id for r in in_sequence(shown[:2])] == ["n", "g"]
    # several first steps are alternatives: one of them above is enough
    either = [ranked("capm", 70), ranked("p2", 65, ["f", "capm"]), ranked("f", 50)]
    assert [r.candidate.credential.id for r in in_sequence(either)] == ["capm", "p2", "f"]


def test_hand_in_an_onet_title_says_how_the_work_is_done():
    """O*NET's ", Hand" (manual work) is no phrase of its own: "Laborers and Freight, Stock, and Material
    Movers, Hand" made "Certification in Surgery: Hand Surgery" and Greenlee's conduit "Hand Bending" the
    credentials "made for warehousing work"."""
    assert title_phrases("Laborers and Freight, Stock, and Material Movers, Hand") == [
        "Laborers",
        "Freight Movers",
        "Stock Movers",
        "Material Movers",
    ]
    assert title_phrases("Packers and Packagers, Hand") == ["Packers", "Packagers"]
