"""Facts quoted from the issuer's own page (issue 11: "the issuer's own page as the source wherever one
exists").

Each record below was moved from a secondary page (a training provider's guide, an exam-prep blog) to the
issuer's page in the stored pages, read on 2026-12-02. None of those pages carries its own date, so what a
person reads says "read on 2026-12-02", never "as of". The quotes are checked as stored in the records
(no network in tests); they were compared with the stored pages when they were written (`SOURCE_sector.md`,
`SOURCE.md`).
"""

from __future__ import annotations

import pytest

from knowledge.display import duration, money
from knowledge.source_audit import audit, is_current
from tests.knowledge.test_curated_credentials import _load_records

READ_ON = "read on 2026-12-02"


def _record(rid: str) -> dict:
    found = [r for r in _load_records() if r["id"] == rid]
    assert len(found) == 1, rid
    return found[0]


def test_citb_hse_test_quotes_citb():
    rec = _record("cur:citb-hse-test")
    assert rec["source_url"].startswith("https://www.citb.co.uk/") and rec["source_kind"] == "provider"
    assert (rec["cost_min"], rec["cost_max"], rec["currency"]) == (23.5, 23.5, "GBP")
    assert "£23.50" in rec["evidence"]
    assert rec["duration_source_url"] == rec["source_url"] and rec["duration_source_kind"] == "provider"
    assert "45 minutes" in rec["duration_evidence"] and "50 questions" in rec["duration_evidence"]
    assert rec["hours"] == 0.75
    # the page has no date of its own: never "as of"
    assert rec["as_of"] is None and rec["source_date"] is None and rec["duration_as_of"] is None


def test_cscs_card_quotes_cscs():
    rec = _record("cur:cscs-card")
    assert rec["source_url"].startswith("https://www.cscs.uk.com/") and rec["source_kind"] == "provider"
    assert (rec["cost_min"], rec["currency"]) == (36, "GBP") and "£36" in rec["evidence"]
    assert rec["as_of"] is None and rec["source_date"] is None


def test_isc2_cc_exam_time_quotes_isc2():
    rec = _record("cur:isc2-cc-full-price")
    assert rec["duration_source_url"] == "https://www.isc2.org/exams/before-your-exam"
    assert rec["duration_source_kind"] == "provider"
    assert "Certified in Cybersecurity 2 hours" in rec["duration_evidence"] and rec["hours"] == 2
    assert rec["duration_as_of"] is None and rec["duration_source_date"] is None
    assert rec["duration_retrieved"] == "2026-12-02"


@pytest.mark.asyncio(loop_scope="session")
async def test_a_person_reads_them_as_read_on(kb) -> None:
    """On the imported knowledge base, as the chat prints them."""
    citb = await kb.get_credential("cur:citb-hse-test")
    assert citb is not None
    assert money(citb) == f"23.5 GBP ({READ_ON})" and "as of" not in money(citb)
    assert duration(citb) == "about 45 minutes exam"  # same page, same day: the date is said once
    cscs = await kb.get_credential("cur:cscs-card")
    assert cscs is not None and money(cscs) == f"36 GBP ({READ_ON})"
    # its validity ("cards valid for 5 years") is no time to complete and is in no quote: not shown
    assert duration(cscs) == "time not stated"
    cc = await kb.get_credential("cur:isc2-cc-full-price")
    assert cc is not None
    assert duration(cc) == f"about 2 hours exam ({READ_ON})"
    # the price still comes from a dated page of its own: that page's date, not the ISC2 page's reading
    assert money(cc).startswith("199 USD (as of ")


def test_the_source_audit_is_current():
    """`SOURCE_audit.md` lists exactly the records whose shown price or time is from a secondary page
    (`python -m knowledge source-audit` rewrites it); the three records above are no longer on it."""
    assert is_current(), "run: PYTHONPATH=. .venv-app/bin/python -m knowledge source-audit"
    result = audit()
    price = {slug for rows in result["price"].values() for slug, _ in rows}
    time = {slug for rows in result["time"].values() for slug, _ in rows}
    assert {"citb-hse-test", "cscs-card"}.isdisjoint(price)
    assert {"citb-hse-test", "isc2-cc-full-price"}.isdisjoint(time)
