"""Resolving free-text occupations and fields: evidence rules on a small index, accuracy on the real KB."""

from __future__ import annotations

import json

import pytest

from knowledge.__main__ import main
from knowledge.importers.concepts import load_concept_aliases
from knowledge.importers.curated import CuratedRows
from knowledge.importers.onet import OnetRows
from knowledge.importers.report import ImportReport
from knowledge.query.resolver import Resolver, singular, title_parts
from knowledge.query.semantic import SemanticIndex
from knowledge.resolve_accuracy import measure, read_gold, split_of

OCCUPATIONS = {
    "11-9111.00": "Medical and Health Services Managers",
    "15-1232.00": "Computer User Support Specialists",
    "17-3026.00": "Industrial Engineering Technologists and Technicians",
    "19-4099.01": "Quality Control Analysts",
    "29-1141.00": "Registered Nurses",
    "29-2052.00": "Pharmacy Technicians",
    "31-9092.00": "Medical Assistants",
    "41-4011.00": "Sales Representatives, Wholesale and Manufacturing, Technical and Scientific Products",
    "43-5011.01": "Freight Forwarders",
    "53-3032.00": "Heavy and Tractor-Trailer Truck Drivers",
    "53-3033.00": "Light Truck Drivers",
}
ALIASES = [
    ("17-3026.00", "Quality Control Analyst", "alternate"),
    ("43-5011.01", "Truck Driver", "alternate"),
    ("53-3032.00", "Truck Driver", "alternate"),
    ("53-3032.00", "Semi Truck Driver", "alternate"),
    ("53-3032.00", "Tractor Trailer Truck Driver", "alternate"),
    ("53-3033.00", "Truck Driver", "alternate"),
    ("41-4011.00", "help-desk technician", "esco"),
    ("15-1232.00", "Help Desk Technician", "alternate"),
    ("11-9111.00", "HIM Manager", "alternate"),
]
FIELDS = {
    "healthcare": "Healthcare",
    "nursing": "Nursing",
    "it-support": "IT support",
    "information-technology": "Information technology",
}
FIELD_ALIASES = [
    ("healthcare", "Healthcare"),
    ("healthcare", "pharmacy technician"),
    ("nursing", "nurse"),
    ("nursing", "registered nurse"),
    ("it-support", "IT support"),
]


@pytest.fixture(scope="module")
def small() -> Resolver:
    from knowledge.text import norm

    field_aliases = [(fid, norm(a), a) for fid, a in FIELD_ALIASES]
    field_aliases.append(("information-technology", "=IT", "IT"))
    return Resolver(
        FIELDS,
        field_aliases,
        OCCUPATIONS,
        [(code, norm(alias), alias, source) for code, alias, source in ALIASES],
        {"healthcare": ["31-9092.00", "29-2052.00"], "nursing": ["29-1141.00"]},
    )


def top(resolver: Resolver, text: str) -> str | None:
    found = resolver.resolve(text, limit=1)
    return found[0].id if found else None


# --- word forms and O*NET title parts -----------------------------------------------------------------


def test_singular_agrees_for_plurals():
    assert [singular(w) for w in ("analysts", "nurses", "technologies", "boxes", "salesmen", "bus")] == [
        "analyst",
        "nurse",
        "technology",
        "box",
        "salesman",
        "bus",
    ]


def test_title_parts():
    assert title_parts("Paralegals and Legal Assistants") == (["Paralegals", "Legal Assistants"], [])
    # "Heavy" alone is no job; it qualifies the truck drivers the rest of the title names
    assert title_parts("Heavy and Tractor-Trailer Truck Drivers") == (
        ["Heavy Truck Drivers", "Tractor-Trailer Truck Drivers"],
        [],
    )
    assert title_parts("Dispatchers, Except Police, Fire, and Ambulance") == ([], ["Dispatchers"])
    assert title_parts("Heating, Air Conditioning, and Refrigeration Mechanics and Installers") == ([], [])


# --- evidence rules -----------------------------------------------------------------------------------


def test_plural_and_singular_find_the_own_title_before_an_alternate(small):
    assert top(small, "quality control analyst") == "19-4099.01"
    assert top(small, "Quality Control Analysts") == "19-4099.01"


def test_equal_titles_go_to_the_occupation_with_more_onet_evidence_not_the_lowest_code(small):
    assert top(small, "truck driver") == "53-3032.00"
    assert top(small, "truck drivers") == "53-3032.00"


def test_esco_label_ranks_below_an_onet_alternate_title(small):
    assert top(small, "help-desk technician") == "15-1232.00"


def test_an_occupations_own_title_is_not_swallowed_by_a_broad_field(small):
    assert top(small, "pharmacy technician") == "29-2052.00"
    # the field that stands for the occupation keeps the phrase (it carries curated transitions) ...
    assert top(small, "registered nurse") == "field:nursing"
    # ... unless the phrase is the O*NET title spelled exactly
    assert top(small, "Registered Nurses") == "29-1141.00"


def test_filler_words_are_ignored(small):
    assert top(small, "I'm a registered nurse") == "field:nursing"
    assert top(small, "something in healthcare") == "field:healthcare"
    assert top(small, "junior pharmacy technicians") == "29-2052.00"


def test_acronyms_are_case_sensitive_and_longer_names_win(small):
    assert top(small, "IT") == "field:information-technology"
    assert small.resolve("it") == []
    assert top(small, "IT support") == "field:it-support"
    assert top(small, "it support") == "field:it-support"


def test_typos_are_corrected_with_a_lower_score(small):
    found = small.resolve("pharmacy techician", limit=1)
    assert found[0].id == "29-2052.00" and 80 <= found[0].score < 100


def test_unknown_short_words_are_not_guessed_from_their_letters(small):
    assert "11-9111.00" not in [m.id for m in small.resolve("BIM manager")]  # not "HIM Manager"
    assert small.resolve("SWE") == []
    assert small.resolve("qwxzvbnm plokij") == []


# --- nearest meaning ----------------------------------------------------------------------------------


def test_semantic_index_reads_phrases_no_name_spells_out():
    index = SemanticIndex(
        lambda: [
            ("Web Developers", "15-1254.00"),
            ("Military", "field:military"),
            ("Bioinformatics Scientists", "19-1029.01"),
            ("Medical billing", "field:medical-coding"),
            ("Data analytics", "field:data-analytics"),
            ("Heavy and Tractor-Trailer Truck Drivers", "53-3032.00"),
            ("Registered Nurses", "29-1141.00"),
            ("Accountants and Auditors", "13-2011.00"),
        ]
    )
    expected = {
        "front-end engineering": "15-1254.00",
        "the Navy": "field:military",
        "bioinformatics": "19-1029.01",
        "hospital billing clerk": "field:medical-coding",
        "something with data": "field:data-analytics",
    }
    assert {text: index.nearest(text, 1)[0].id for text in expected} == expected
    assert index.built and index.nbytes() == 8 * 256 * 4


# --- concept aliases importer -------------------------------------------------------------------------


def test_concept_aliases_become_field_and_occupation_aliases(tmp_path):
    path = tmp_path / "concept_aliases.yaml"
    path.write_text(
        "concepts:\n"
        "  - target: field:web-development\n"
        "    aliases: [web dev, front end engineer]\n"
        "  - target: 53-7062.00\n"
        "    aliases: [warehouse, web dev]\n"  # web dev: already aimed at the field above
        "  - target: field:nope\n"
        "    aliases: [nothing]\n"
        "  - target: 99-9999.99\n"
        "    aliases: [nobody]\n"
        "  - target: field:web-development\n"
        "    aliases: [web developer]\n",  # already a field alias in fields.yaml
        encoding="utf-8",
    )
    onet, cur, report = OnetRows(), CuratedRows(), ImportReport()
    onet.occupations["53-7062.00"] = {"code": "53-7062.00", "title": "Laborers and Freight, Stock"}
    cur.fields.append({"id": "web-development", "name": "Web development"})
    cur.field_aliases.append(
        {"field_id": "web-development", "norm": "web developer", "alias": "web developer"}
    )
    assert load_concept_aliases(path, onet, cur, report) == 3
    assert {a["norm"] for a in cur.field_aliases} == {"web developer", "web dev", "front end engineer"}
    assert [(a["occupation_code"], a["norm"], a["source"]) for a in onet.aliases] == [
        ("53-7062.00", "warehouse", "concept")
    ]
    assert report.rejected == {
        "concept_aliases.yaml: alias_for_two_targets": 1,
        "concept_aliases.yaml: unknown_target": 2,
        "concept_aliases.yaml: already_a_field_alias": 1,
    }


# --- the real knowledge base --------------------------------------------------------------------------


def test_gold_split_is_stable_and_balanced():
    rows = read_gold()
    assert len(rows) >= 150
    assert split_of("truck driver") == split_of("  Truck Driver ")
    dev = sum(r.split == "dev" for r in rows)
    assert 0.4 < dev / len(rows) < 0.6


@pytest.mark.asyncio(loop_scope="session")
async def test_every_gold_label_is_in_the_knowledge_base(kb):
    for row in read_gold():
        for accepted in row.accepted:
            found = await kb.resolve(accepted, limit=1)
            assert found and found[0].id == accepted, f"{row.phrase!r}: {accepted} is not in the KB"


@pytest.mark.asyncio(loop_scope="session")
async def test_accuracy_on_the_labelled_phrasings(kb):
    result = await measure(kb, read_gold(), baseline=False)
    assert result["resolver"]["test/all"] >= 0.92, result["misses"]
    assert result["resolver"]["dev/all"] >= 0.95, result["misses"]


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize("text", ["btw", "instead", "hello there", "I'm based in Germany", "a job"])
async def test_words_that_name_no_job_resolve_to_nothing_acceptable(kb, text):
    assert all(m.score < 80 for m in await kb.resolve(text)), text


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("served in the navy", {"field:military"}),
        ("frontend web engineering", {"field:web-development", "15-1254.00"}),
        ("bioinformatics research", {"19-1029.01", "15-2099.01"}),
        ("hospital billing office", {"field:medical-coding"}),
        ("I teach high school", {"field:teaching", "25-2031.00"}),
    ],
)
async def test_phrases_without_an_alias_resolve_by_meaning(kb, text, accepted):
    found = await kb.resolve(text, limit=1)
    assert found and found[0].id in accepted and found[0].score >= 80, found


def test_resolve_accuracy_command(full_kb_url, capsys):
    assert main(["resolve-accuracy", "--db", full_kb_url, "--split", "dev", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["resolver"]) >= {"dev/all", "dev/typo"} and "test/all" not in result["resolver"]
    assert result["resolver"]["dev/all"] > result["plain_fuzzy"]["dev/all"]
    assert result["latency_ms"]["p50"] < 20
