"""Money, time and format never print None and always carry currency and date."""

from __future__ import annotations

from actions.formatting import credential_details, duration, format_label, money
from knowledge.types import Credential


def cred(**kwargs) -> Credential:
    return Credential(id="cur:x", name="X Cert", provider=None, credential_type=None, url=None, **kwargs)


def test_money_single_range_free_and_missing():
    assert money(cred(cost_amount=300, currency="USD", as_of="2026-11")) == "300 USD (as of 2026-11)"
    assert (
        money(cred(cost_amount=300, cost_max=500, currency="EUR", as_of="2025")) == "300–500 EUR (as of 2025)"
    )
    assert money(cred(cost_amount=0, currency="USD", as_of="2026-11")) == "free (as of 2026-11)"
    assert money(cred(cost_amount=1995.5)) == "1,995.5 USD (source date not stated)"
    assert money(cred(cost_amount=49, currency="USD", cost_unit="per_month", as_of="2026")) == (
        "49 USD a month (as of 2026)"
    )
    assert money(cred()) == "cost not stated — check with the provider"


def test_duration_and_format():
    assert duration(cred(weeks=6)) == "about 6 weeks"
    assert duration(cred(weeks=1)) == "about 1 week"
    assert duration(cred(weeks=26, hours_per_week=10)) == "about 6 months at 10 hours a week"
    assert duration(cred(hours=2.92, hours_basis="exam")) == "about 2.9 hours exam"
    assert duration(cred(hours=0.33, format="exam_only")) == "about 20 minutes exam"
    assert duration(cred(duration_text="self-paced")) == "self-paced"
    assert duration(cred()) == "time not stated"
    assert format_label(cred(format="in_person")) == "in person"
    assert format_label(cred()) == "format not stated"


def test_details_of_a_sparse_credential_have_no_none():
    text = credential_details(cred())
    assert "None" not in text
    assert "issuer not stated" in text
