"""Money, time and format never print None or field names, always carry currency, and date facts
honestly: "as of" only with the source's own date, otherwise "read on" the day they were read."""

from __future__ import annotations

import pytest

from actions.formatting import (
    credential_details,
    duration,
    format_label,
    limits_line,
    money,
    plain_title,
    why,
)
from knowledge.types import Credential, Recommendation


def cred(**kwargs) -> Credential:
    return Credential(id="cur:x", name="X Cert", provider=None, credential_type=None, url=None, **kwargs)


def test_money_single_range_free_and_missing():
    assert money(cred(cost_amount=300, currency="USD", as_of="2026-11")) == "300 USD (as of 2026-11)"
    assert (
        money(cred(cost_amount=300, cost_max=500, currency="EUR", as_of="2025")) == "300–500 EUR (as of 2025)"
    )
    assert money(cred(cost_amount=0, currency="USD", as_of="2026-11")) == "free (as of 2026-11)"
    assert money(cred(cost_amount=0, cost_max=300, currency="USD", as_of="2026")) == "0–300 USD (as of 2026)"
    assert money(cred(cost_amount=1995.5)) == "1,995.5 USD (date not stated)"
    assert money(cred(cost_amount=49, currency="USD", cost_unit="per_month", as_of="2026")) == (
        "49 USD a month (as of 2026)"
    )
    assert money(cred()) == "cost not stated — check with the provider"


def test_units_and_counts_are_shown():
    exams = cred(cost_amount=246, currency="USD", cost_unit="per_exam", cost_count=2, as_of="2026-10")
    assert money(exams) == "246 USD per exam, 2 exams (as of 2026-10)"


def test_a_read_date_is_never_called_as_of():
    read = cred(cost_amount=49, currency="USD", cost_unit="per_month", retrieved="2026-11-29")
    assert money(read) == "49 USD a month (read on 2026-11-29)"
    both = cred(cost_amount=10, currency="USD", as_of="2023-05", retrieved="2026-11-29")
    assert "as of 2023-05" in money(both) and "read on" not in money(both)
    details = credential_details(cred(source_url="https://example.org/fees", retrieved="2026-11-29"))
    assert "Source: https://example.org/fees (read on 2026-11-29)" in details
    assert "as of" not in details


def test_duration_and_format():
    assert duration(cred(weeks=6)) == "about 6 weeks"
    assert duration(cred(weeks=1)) == "about 1 week"
    assert duration(cred(weeks=26, hours_per_week=10)) == "about 6 months at 10 hours a week"
    assert duration(cred(hours=2.92, hours_basis="exam")) == "about 2.9 hours exam"
    assert duration(cred(hours=0.33, format="exam_only")) == "about 20 minutes exam"
    assert duration(cred(duration_text="self-paced")) == "self-paced"
    assert duration(cred()) == "time not stated"
    assert format_label(cred(format="in_person")) == "in person"
    assert format_label(cred(format="exam_only", exam_delivery=("online_proctored",))) == (
        "exam only (can be taken online)"
    )
    assert format_label(cred()) == "format not stated"


def test_details_of_a_sparse_credential_have_no_none_ids_or_field_names():
    text = credential_details(cred(cost_note="fee per attempt"))
    assert "None" not in text
    assert "issuer not stated" in text
    for internal in ("cur:x", "cost_source_url", "cost_unit", "as_of", "retrieved", "exam_only"):
        assert internal not in text


def test_unknown_and_unmet_limits_are_said():
    rec = Recommendation(cred(), 1, 50.0, (), "", unknown=("max_cost",), unmet=("format",))
    assert (
        limits_line(rec) == "not in the format you asked for; could not check your budget (cost not stated)"
    )
    assert limits_line(Recommendation(cred(), 1, 50.0, (), "")) is None


def test_why_names_the_job_before_covered_gaps():
    rec = Recommendation(cred(), 1, 50.0, ("SQL",), "", named_for_target=True)
    assert why(rec, "Pharmacy Technicians") == (
        "made for Pharmacy Technicians work; covers SQL, which Pharmacy Technicians work calls for more than your "
        "background does"
    )


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("Cooks, Restaurant", "restaurant cooks"),
        (
            "Secondary School Teachers, Except Special and Career/Technical Education",
            "secondary school teachers",
        ),
        ("Helpers--Electricians", "electricians' helpers"),
        ("Engineers, All Other", "engineers"),
        ("Data analytics", "Data analytics"),
    ],
)
def test_occupation_titles_are_said_as_a_person_says_them(name, plain):
    assert plain_title(name) == plain


def test_a_title_that_lists_jobs_keeps_the_list():
    assert plain_title("Meeting, Convention, and Event Planners") == "meeting, convention, and event planners"


def test_onet_element_names_are_said_as_words_and_tools_keep_theirs():
    from actions.formatting import element_words

    assert element_words("Customer and Personal Service", "knowledge") == "customer service"
    assert element_words("Medicine and Dentistry", "knowledge") == "medical knowledge"
    assert element_words("Critical Thinking", "skill") == "critical thinking"
    assert element_words("Microsoft Excel", "technology") == "Microsoft Excel"
    assert element_words("SQL", "skill") == "SQL"
