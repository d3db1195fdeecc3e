"""Entry-route notes: the real file loads and is well formed, bad entries are refused, route_for picks one."""

from __future__ import annotations

import copy
import csv
import gzip
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge.routes import MAX_WORDS, RouteNote, RouteSource, load_routes, route_for

REPO = Path(__file__).resolve().parents[2]
ONET_FILES = (
    REPO / "knowledge" / "sources" / "onet_29_3" / "occupation_data.tsv.gz",
    REPO.parent / "shared" / "data" / "onet_29_3" / "Occupation Data.txt",
)

GOOD_SOURCE = {
    "url": "https://example.org/page",
    "title": "A page",
    "publisher": "A regulator",
    "as_of": None,
    "retrieved": "2026-12-04",
    "quote": "Applicants must pass the examination.",
}
GOOD_ENTRY = {
    "occupations": ["29-1141.00"],
    "country": "US",
    "text": "You finish an approved programme and pass the licensing exam.",
    "sources": [GOOD_SOURCE],
}


@pytest.fixture(scope="module")
def notes() -> list[RouteNote]:
    return load_routes()


def _write(tmp_path: Path, *entries: dict) -> Path:
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump({"routes": list(entries)}, allow_unicode=True), encoding="utf-8")
    return path


def _onet_codes() -> set[str]:
    for path in ONET_FILES:
        if path.exists():
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
                rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                return {r["O*NET-SOC Code"] for r in rows}
    pytest.skip("O*NET occupation data not found")


# --- the real file ------------------------------------------------------------------------------------------


def test_real_file_loads(notes):
    assert len(notes) >= 15
    assert all(isinstance(n, RouteNote) and n.sources for n in notes)
    assert all(isinstance(s, RouteSource) for n in notes for s in n.sources)


def test_real_file_codes_exist_in_onet(notes):
    known = _onet_codes()
    unknown = {c for n in notes for c in n.occupations} - known
    assert not unknown, f"codes not in O*NET 29.3: {sorted(unknown)}"


def test_real_file_sources_are_dated_and_short(notes):
    for note in notes:
        assert len(note.text.split()) <= 70, note.text  # the curation rule is 70; the loader allows 90
        for src in note.sources:
            assert src.retrieved == "2026-12-04"
            assert src.as_of is None or src.as_of <= src.retrieved
            assert 0 < len(src.quote) <= 300


def test_real_file_covers_the_asked_occupations(notes):
    covered = {c for n in notes for c in n.occupations}
    for code in ("29-1141.00", "29-2061.00", "29-2011.00", "29-2012.00", "19-2012.00", "23-1011.00",
                 "23-2011.00", "53-2011.00", "27-3092.00", "25-4022.00", "29-1292.00"):  # fmt: skip
        assert code in covered, code


def test_no_duplicate_note_for_an_occupation_and_country(notes):
    seen: set[tuple[str, str | None]] = set()
    for note in notes:
        for code in note.occupations:
            key = (code, note.country)
            assert key not in seen, key
            seen.add(key)


def test_nothing_read_at_import():
    """Importing the module opens no curated file (checked in a fresh interpreter with an audit hook)."""
    code = (
        "import sys\n"
        "def hook(event, args):\n"
        "    if event == 'open' and str(args[0]).endswith('.yaml'):\n"
        "        raise AssertionError('opened ' + str(args[0]))\n"
        "sys.addaudithook(hook)\n"
        "import knowledge.routes\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --- validation ---------------------------------------------------------------------------------------------


def test_good_entry_loads(tmp_path):
    [note] = load_routes(_write(tmp_path, GOOD_ENTRY))
    assert note.occupations == ("29-1141.00",)
    assert note.sources[0].as_of is None


def _bad(**changes) -> dict:
    entry = copy.deepcopy(GOOD_ENTRY)
    for key, value in changes.items():
        if key.startswith("src_"):
            entry["sources"][0][key[4:]] = value
        else:
            entry[key] = value
    return entry


def _without(key: str, *, source: bool = False) -> dict:
    entry = copy.deepcopy(GOOD_ENTRY)
    del (entry["sources"][0] if source else entry)[key]
    return entry


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_without("text"), "missing text"),
        (_without("country"), "missing country"),
        (_without("occupations"), "missing occupations"),
        (_without("sources"), "missing sources"),
        (_without("quote", source=True), "missing quote"),
        (_without("retrieved", source=True), "missing retrieved"),
        (_bad(occupations=["29-1141"]), "not shaped"),
        (_bad(occupations=["291141.00"]), "not shaped"),
        (_bad(occupations=[]), "non-empty list"),
        (_bad(country="FR"), "unknown country"),
        (_bad(country="us"), "unknown country"),
        (_bad(src_retrieved="04/12/2026"), "ISO date"),
        (_bad(src_as_of="2026-13-01"), "ISO date"),
        (_bad(src_as_of="December 2025"), "ISO date"),
        (_bad(src_quote=""), "empty quote"),
        (_bad(src_quote="   "), "empty quote"),
        (_bad(src_quote="x" * 301), "characters"),
        (_bad(src_url="example.org/page"), "http"),
        (_bad(text=" ".join(["word"] * (MAX_WORDS + 1))), "words"),
        (_bad(text="Nurses (29-1141.00) pass the NCLEX-RN."), "internal-looking"),
        (_bad(text="See field:nursing for more."), "internal-looking"),
        (_bad(text="Your cur:123 credential counts."), "internal-looking"),
        (_bad(text="Ranked by cos: 0.83."), "internal-looking"),
    ],
)
def test_bad_entry_raises_with_index(tmp_path, entry, message):
    path = _write(tmp_path, GOOD_ENTRY, entry)  # the bad one is entry 1
    with pytest.raises(ValueError, match="entry 1") as err:
        load_routes(path)
    assert message in str(err.value)


def test_yaml_dates_are_accepted(tmp_path):
    path = tmp_path / "routes.yaml"
    path.write_text(
        "routes:\n- occupations: [29-1141.00]\n  country: null\n  text: Finish a programme.\n  sources:\n"
        "  - {url: 'https://example.org', title: T, publisher: P, as_of: 2025-01-31, retrieved: 2026-12-04,"
        " quote: 'Q.'}\n",
        encoding="utf-8",
    )
    [note] = load_routes(path)
    assert note.country is None
    assert (note.sources[0].as_of, note.sources[0].retrieved) == ("2025-01-31", "2026-12-04")


def test_as_of_after_retrieved_raises(tmp_path):
    with pytest.raises(ValueError, match="entry 0"):
        load_routes(_write(tmp_path, _bad(src_as_of="2027-01-01")))


def test_ordinary_words_are_not_flagged(tmp_path):
    entry = _bad(text="Delays occur: costs rise, so a field placement counts.")
    [note] = load_routes(_write(tmp_path, entry))
    assert "occur:" in note.text


# --- route_for ----------------------------------------------------------------------------------------------


def _note(codes: tuple[str, ...], country: str | None, text: str) -> RouteNote:
    return RouteNote(occupations=codes, country=country, text=text, sources=())


def test_route_for_prefers_the_country_specific_note():
    general = _note(("29-9099.01",), None, "general")
    uk = _note(("29-9099.01",), "UK", "uk")
    us = _note(("29-9099.01", "29-1161.00"), "US", "us")
    notes = [general, uk, us]
    assert route_for(notes, "29-9099.01", "UK") is uk
    assert route_for(notes, "29-9099.01", "US") is us
    assert route_for(notes, "29-9099.01", "AU") is general
    assert route_for(notes, "29-9099.01", None) is general
    assert route_for(notes, "29-1161.00", "UK") is None
    assert route_for(notes, "15-1252.00", "US") is None


def test_route_for_on_the_real_file(notes):
    assert route_for(notes, "29-1141.00", "US").country == "US"
    teacher_uk = route_for(notes, "25-2031.00", "UK")
    teacher_us = route_for(notes, "25-2031.00", "US")
    assert teacher_uk is not None and teacher_us is not None
    assert teacher_uk.country == "UK" and teacher_us.country == "US"
    assert "QTS" in teacher_uk.text
    # no general nursing note: say nothing rather than give US rules to someone in the UK
    assert route_for(notes, "29-1141.00", "UK") is None


def test_a_specialtys_note_says_when_it_applies(notes):
    physics = route_for(notes, "19-2012.00", "US")
    # not for everyone heading into physics
    assert physics is not None and "medical physics" in physics.when_said
    assert all(not n.when_said or all(w == w.lower() for w in n.when_said) for n in notes)
