"""How credential facts read to a person (`knowledge/display.py`), on hand-made credentials and on the
imported knowledge base: a time from another page says that page's date."""

from __future__ import annotations

import pytest

from knowledge.display import duration, duration_date_text
from knowledge.types import Credential


def cred(**kw) -> Credential:
    base = {"id": "cur:x", "name": "X", "provider": "P", "credential_type": "certification", "url": None}
    return Credential(**{**base, **kw})


def test_a_time_from_another_page_says_its_own_date():
    price_page = {"as_of": "2026-06", "retrieved": "2026-11", "hours": 1.5, "hours_basis": "exam"}
    # the minutes come from an undated exam guide read today: "read on", never the price page's "as of"
    other = cred(**price_page, duration_source_url="https://guide.example/x", duration_retrieved="2026-12-02")
    assert duration(other) == "about 1.5 hours exam (read on 2026-12-02)"
    # a dated guide gives its own "as of"
    dated = cred(**price_page, duration_source_url="https://guide.example/x", duration_as_of="2026-05",
                 duration_retrieved="2026-12-02")  # fmt: skip
    assert duration(dated) == "about 1.5 hours exam (as of 2026-05)"
    # the same date as the card's says nothing twice; no hours or weeks says no date either
    same = cred(**{**price_page, "as_of": None}, duration_source_url="https://guide.example/x",
                duration_retrieved="2026-11")  # fmt: skip
    assert duration(same) == "about 1.5 hours exam" and duration_date_text(same) is None
    assert duration(cred(duration_retrieved="2026-12-02", duration_source_url="https://g.example")) == (
        "time not stated"
    )
    assert duration(cred(hours=2, hours_basis="exam")) == "about 2 hours exam"


@pytest.mark.asyncio(loop_scope="session")
async def test_traced_times_in_the_knowledge_base_are_dated(kb) -> None:
    """On the real data: CompTIA CySA+'s 165 minutes come from an undated exam guide read on 2026-12-02,
    its price from another page; IAPP's CIPP/E time from IAPP's own FAQ."""
    cysa = await kb.get_credential("cur:comptia-cysa-plus")
    assert cysa is not None and cysa.duration_source_url and cysa.duration_retrieved == "2026-12-02"
    assert duration(cysa).startswith("about 2.8 hours exam") and "2026-12-02" in duration(cysa)
    cipp = await kb.get_credential("cur:iapp-cipp-e")
    assert cipp is not None and cipp.hours == 2.5 and "iapp.org" in (cipp.duration_source_url or "")
    removed = await kb.get_credential("cur:acams-ccas")  # no page states its exam time
    assert removed is not None and duration(removed) == "time not stated"


def test_a_mandatory_fee_is_shown_with_the_price():
    from knowledge.display import money

    cbap = cred(
        cost_amount=450,
        cost_max=450,
        currency="USD",
        cost_unit="total",
        cost_extra=125,
        retrieved="2026-12-02",
    )
    assert money(cbap) == "450 USD + a 125 USD fee (read on 2026-12-02)"
    assert (
        money(cred(cost_amount=450, currency="USD", retrieved="2026-12-02")) == "450 USD (read on 2026-12-02)"
    )


@pytest.mark.asyncio(loop_scope="session")
async def test_cbap_shows_and_totals_its_application_fee(kb) -> None:
    """On the real data the imported `cost_extra` reaches the card and the budget check (it was never
    read)."""
    from knowledge.display import money
    from knowledge.query.ranking import total_cost_usd

    cbap = await kb.get_credential("cur:iiba-cbap")
    assert cbap is not None and cbap.cost_extra == 125
    assert "+ a 125 USD fee" in money(cbap) and total_cost_usd(cbap) == 575
    sphr = await kb.get_credential("cur:hrci-sphr")
    assert sphr is not None and total_cost_usd(sphr) == 595
