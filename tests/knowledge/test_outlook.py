"""The sourced occupation outlook: the real file validates, bad records are refused, lookups, the sentence."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest

from knowledge.api import KnowledgeBase
from knowledge.outlook import DEFAULT_PATH, OutlookTable, outlook_for, outlook_sentence

TODAY = date(2026, 12, 3)
_ONET_CODE = re.compile(r"\b\d{2}-\d{4}(?:\.\d{2})?\b")


@pytest.fixture(scope="module")
def table() -> OutlookTable:
    return OutlookTable.load()


def _lines() -> list[dict]:
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _write(tmp_path, records: list[dict]):
    path = tmp_path / "outlook.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_real_file_loads_and_validates(table):
    assert len(table) == len(_lines()) >= 5
    for o in table:
        assert f"${o.median_pay:,}" in o.quote
        assert o.pay_year in o.quote
        assert o.url.split("/")[2].endswith("bls.gov")
        assert o.retrieved <= TODAY


def test_every_code_exists_in_onet(table):
    """Every code is an O*NET 29.3 occupation (the compacted copy the importer reads)."""
    path = Path(__file__).parents[2] / "knowledge" / "sources" / "onet_29_3" / "occupation_data.tsv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        codes = {line.split("\t", 1)[0] for line in f}
    for o in table:
        for code in o.onet_codes:
            assert code in codes, f"{o.title}: {code} is not an O*NET 29.3 occupation"


def test_missing_figure_is_rejected_naming_the_line(tmp_path):
    records = _lines()[:2]
    records[1] = dict(records[1], median_pay=records[1]["median_pay"] + 10)
    with pytest.raises(ValueError, match=r"outlook\.jsonl line 2 .*median_pay is not in the quote"):
        OutlookTable.load(_write(tmp_path, records), today=TODAY)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"outlook_percent": 99}, "outlook_percent 99 is not in the quote"),
        ({"outlook_period": "2012-22"}, "outlook_period is not in the quote"),
        ({"openings_per_year": 1}, "openings_per_year is not in the quote"),
        ({"pay_year": "May 1999"}, "pay_year is not in the quote"),
        ({"outlook_words": "slower than the average"}, "outlook_words is not in the quote"),
        ({"url": "https://www.example.com/ooh/healthcare/nurses.htm"}, "url must be a Handbook page"),
        ({"url": "https://www.bls.gov/oes/current/oes291141.htm"}, "url must be a Handbook page"),
        ({"onet_codes": ["29-1141"]}, "onet_codes must be"),
        ({"retrieved": "2027-01-01"}, "is in the future"),
    ],
)
def test_bad_record_is_rejected(tmp_path, change, message):
    record = dict(_lines()[0], **change)
    with pytest.raises(ValueError, match=re.escape(message)):
        OutlookTable.load(_write(tmp_path, [record]), today=TODAY)


def test_quick_facts_line_carries_the_projection(tmp_path):
    """The Quick Facts line ("Job Outlook, 2023-33 9% (Much faster than average)") counts as written."""
    hvac = outlook_for("49-9021.00")
    assert hvac is not None and hvac.outlook_percent == 9 and "Job Outlook, 2023-33 9%" in hvac.quote
    record = next(r for r in _lines() if r["onet_codes"] == ["49-9021.00"])
    with pytest.raises(ValueError, match="outlook_period is not in the quote"):
        changed = dict(record, outlook_words="faster than the average")
        OutlookTable.load(_write(tmp_path, [changed]), today=TODAY)


def test_past_decade_reads_as_past():
    np_ = outlook_for("29-1171.00")
    assert np_.outlook_period == "2014-24"
    assert "BLS projected jobs to grow 31% from 2014 to 2024" in outlook_sentence(np_)


def test_same_code_twice_and_bad_json_are_rejected(tmp_path):
    first = _lines()[0]
    with pytest.raises(ValueError, match=r"line 2.*already in line 1"):
        OutlookTable.load(_write(tmp_path, [first, first]), today=TODAY)
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(first) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.jsonl line 2: not valid JSON"):
        OutlookTable.load(path, today=TODAY)


def test_registered_nurses_by_code_and_by_soc_prefix():
    exact = outlook_for("29-1141.00")
    assert exact is not None and exact.title == "Registered Nurses"
    # O*NET's nursing specialties (Acute Care Nurses, 29-1141.01) share the 6-digit SOC code
    assert outlook_for("29-1141.01") is exact
    assert outlook_for("29-1141") is exact
    assert outlook_for("99-9999.00") is None
    assert outlook_for("") is None


async def test_knowledge_base_delegates():
    kb = KnowledgeBase("sqlite:///unused.db")  # outlook() reads the curated file, never the database
    assert (await kb.outlook("29-1141.03")).title == "Registered Nurses"
    assert await kb.outlook("11-1011.00") is None


def test_sentence_is_plain_and_sourced(table):
    rn = outlook_for("29-1141.00")
    text = outlook_sentence(rn)
    assert text.startswith("In the US, registered nurses earned a median $81,220 a year in May 2022")
    assert "grow 6% from 2022 to 2032" in text and rn.url in text and "read on 2026-12-03" in text
    for o in table:
        sentence = outlook_sentence(o)
        assert not _ONET_CODE.search(sentence), sentence
        assert "Occupational Outlook Handbook" in sentence and o.url in sentence
        assert "_" not in sentence.split(" (")[0]
