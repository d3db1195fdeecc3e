"""The sourced advice library: the real file's content, the API the reply composer uses, and validation."""

from __future__ import annotations

import copy
import os
from datetime import date

import pytest
import yaml

from knowledge.advice import DEFAULT_PATH, TOPICS, AdviceLibrary, AdviceSource

# TAXONOMY.md question types minus the four the knowledge base answers itself.
EXPECTED_TOPICS = {
    "worth_it", "compare_options",
    "compare_paths", "which_first", "need_credential", "no_degree", "how_long", "too_old",
    "quit_or_study", "get_experience", "get_hired", "online_counts", "employer_recognition",
    "quality_assurance", "stacking_degree", "linkedin_badges", "cost_vs_degree", "where_start", "job_market",
    "what_is",
    # the specific "how do I get hired" questions
    "cover_letter_change", "interview_explain_change", "return_after_gap", "no_experience_entry",
    "apprenticeship_age",
    # "is this career move worth it?"
    "move_worth_it",
    # "which of these two programmes should I choose?"
    "compare_programmes",
    # "what else could I do?" before the person's work is known
    "related_moves",
    # "told I'm overqualified", "finish the PhD or leave for industry?", "a loan or my 403(b)?"
    "overqualified", "leave_academia", "pay_for_study",
}  # fmt: skip
HIRING_TOPICS = (
    "cover_letter_change", "interview_explain_change", "return_after_gap", "no_experience_entry",
    "apprenticeship_age",
)  # fmt: skip
TODAY = date(2026, 12, 4)  # the newest "retrieved" date in the file


@pytest.fixture(scope="module")
def lib() -> AdviceLibrary:
    return AdviceLibrary.load()


@pytest.fixture
def raw() -> dict:
    """The real file's data, to mutate into one broken variant per test."""
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def _write(tmp_path, data) -> str:
    path = tmp_path / "advice.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def _entry(data: dict, topic: str) -> dict:
    return next(e for e in data["entries"] if e["topic"] == topic)


# -- the real library -----------------------------------------------------------------------------------
def test_every_question_type_has_an_entry(lib):
    assert TOPICS == EXPECTED_TOPICS
    assert lib.topics() == EXPECTED_TOPICS
    assert lib.get("recommend") is None
    assert lib.get("nonsense") is None


@pytest.mark.parametrize("topic", sorted(EXPECTED_TOPICS))
def test_entry_is_sourced_translated_and_actionable(lib, topic):
    entry = lib.get(topic)
    assert entry is not None and entry.topic == topic
    assert len(entry.sources) >= 1
    assert 3 <= len(entry.checklist) <= 5
    english = entry.answer_for("en")
    assert 2 <= english.count(". ") + 1 <= 5, english  # 2-4 short sentences, a little slack for "e.g."
    for lang in ("es", "pt", "fr", "it", "de"):
        translated = entry.answer_for(lang)
        assert translated and translated != english, lang
        assert translated != entry.answer_for("es") or lang == "es", lang  # no copy of another translation
    for source in entry.sources:
        assert source.url.startswith(("http://", "https://"))
        assert source.retrieved <= date.today()
        assert source.as_of is None or source.as_of <= source.retrieved


@pytest.mark.parametrize("topic", HIRING_TOPICS)
def test_each_specific_hiring_question_has_its_own_sourced_entry(lib, topic):
    entry = lib.get(topic)
    assert entry is not None and entry.topic == topic
    assert len(entry.sources) >= 1
    assert all(s.retrieved == date(2026, 12, 2) for s in entry.sources)
    assert entry.answer_for("en") != lib.get("get_hired").answer_for("en")


def test_is_the_move_worth_it_gets_its_own_sourced_answer_not_the_credential_paragraph(lib):
    # "is leaving restaurant management for nursing still a good idea?" is about the move, not a certificate
    entry = lib.get("move_worth_it")
    assert entry is not None and len(entry.sources) >= 1
    assert all(s.retrieved == date(2026, 12, 2) for s in entry.sources)
    english = entry.answer_for("en", target="nursing")
    assert english != lib.get("worth_it").answer_for("en", target="nursing")
    assert "credential" not in english.lower()
    assert "moving into nursing" in english
    for words in ("pays", "education", "give up", "several years", "shadowing"):
        assert words in english, words
    # the US handbook sits in its own sentence, so people elsewhere do not hear about it
    us = [s for s in english.split(". ") if "Occupational Outlook Handbook" in s]
    assert us and all(s.startswith("In the US") for s in us)
    assert any("bls.gov/ooh" in s.url for s in entry.sources)


def test_get_hired_no_longer_leads_with_the_micro_credential_recognition_page(lib):
    first = lib.get("get_hired").sources[0]
    assert "micro-credential" not in first.url and "micro-credential" not in first.title.lower()


def test_us_only_law_is_said_in_a_sentence_that_names_the_us(lib):
    # the reply composer drops sentences naming the US for people elsewhere, so US law must sit in one
    for topic in ("interview_explain_change", "apprenticeship_age"):
        us = [s for s in lib.get(topic).answer_for("en").split(". ") if "Disabilities Act" in s or "Registered" in s]
        assert us and all("In the US" in s for s in us), topic


def test_most_entries_have_two_sources_or_more(lib):
    counts = [len(lib.get(t).sources) for t in lib.topics()]
    assert sum(c >= 2 for c in counts) >= 0.8 * len(counts)


def test_language_codes_are_normalised_and_unknown_languages_fall_back_to_english(lib):
    entry = lib.get("quality_assurance")
    assert entry.answer_for("pt-BR") == entry.answer_for("pt") == entry.answers["pt"]
    assert entry.answer_for("es_MX") == entry.answers["es"]
    assert entry.answer_for("fr-CA") == entry.answers["fr"]
    assert entry.answer_for("de_AT") == entry.answers["de"]
    assert entry.answer_for("nl") == entry.answer_for("") == entry.answers["en"]


def test_placeholders_are_filled_by_the_composer_or_by_a_neutral_phrase(lib):
    entry = lib.get("need_credential")
    assert "{target}" in entry.answers["en"]
    assert "licensing rules for Registered Nurses where" in entry.answer_for("en", target="Registered Nurses")
    assert "for the field you have in mind" in entry.answer_for("en")
    assert "para el campo que te interesa" in entry.answer_for("es")
    assert "para a área que te interessa" in entry.answer_for("pt")
    assert "dans le domaine qui vous intéresse" in entry.answer_for("fr")
    assert "per il settore che ti interessa" in entry.answer_for("it")
    assert "im Bereich Ihrer Wahl" in entry.answer_for("de")
    assert "im Bereich Registered Nurses" in entry.answer_for("de", target="Registered Nurses")
    for topic in lib.topics():
        for lang in ("en", "es", "pt", "fr", "it", "de", "nl"):
            assert "{" not in lib.get(topic).answer_for(lang)


@pytest.mark.parametrize(("lang", "noun"), [("fr", "domaine"), ("it", "settore"), ("de", "Bereich")])
def test_french_italian_and_german_name_the_target_after_a_noun(lib, lang, noun):
    # "le domaine {target}" / "il settore {target}" / "im Bereich {target}": a title fits in any case, and the
    # neutral phrase completes the noun ("le domaine qui vous intéresse")
    for topic in lib.topics():
        answer, english = lib.get(topic).answers[lang], lib.get(topic).answers["en"]
        named = answer.count(f"{noun} {{target}}")
        assert answer.count("{target}") == named == english.count("{target}"), topic


def test_proper_names_are_kept_in_every_language(lib):
    for topic in lib.topics():
        entry = lib.get(topic)
        for name in ("Occupational Outlook Handbook", "O*NET", "CareerOneStop", "WIOA"):
            if name in entry.answers["en"]:
                for lang in ("fr", "it", "de"):
                    assert name in entry.answers[lang], (topic, lang, name)


def test_no_degree_names_onet_job_zones(lib):
    entry = lib.get("no_degree")
    assert "job zone" in entry.answer_for("en")
    assert any(s.publisher.startswith("National Center for O*NET") for s in entry.sources)


def test_eu_recommendation_cited_with_its_own_date(lib):
    eu = [s for s in lib.get("what_is").sources if "micro-credentials for lifelong learning" in s.title]
    assert eu and eu[0].as_of == date(2022, 6, 16)


def test_load_is_cached_until_the_file_changes(tmp_path, raw):
    path = tmp_path / "advice.yaml"
    _write(tmp_path, raw)
    first = AdviceLibrary.load(path)
    assert AdviceLibrary.load(path) is first
    _entry(raw, "too_old")["answer"] = "Changed. Still two sentences."
    _write(tmp_path, raw)
    stat = path.stat()  # make the change visible even on a coarse-grained file system clock
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = AdviceLibrary.load(path)
    assert second is not first
    assert second.get("too_old").answer_for() == "Changed. Still two sentences."


# -- cite() ---------------------------------------------------------------------------------------------
def test_cite_uses_the_pages_own_date_when_it_has_one():
    source = AdviceSource("https://example.org/c", "Certifications", "CareerOneStop", date(2024, 3, 1), TODAY)
    assert source.cite() == "CareerOneStop, 'Certifications' (as of 2024-03-01)"


def test_cite_says_when_it_was_read_otherwise():
    source = AdviceSource("https://example.org/c", "Certifications", "CareerOneStop", None, TODAY)
    assert source.cite() == "CareerOneStop, 'Certifications' (read on 2026-12-04)"


# -- validation -----------------------------------------------------------------------------------------
def _break_unknown_topic(d):
    _entry(d, "too_old")["topic"] = "too_young"


def _break_no_sources(d):
    _entry(d, "too_old")["sources"] = []


def _break_sources_key_missing(d):
    del _entry(d, "too_old")["sources"]


def _break_bad_url(d):
    _entry(d, "too_old")["sources"][0]["url"] = "www.aarp.org/work"


def _break_ftp_url(d):
    _entry(d, "too_old")["sources"][0]["url"] = "ftp://files.example.org/a"


def _break_as_of_future(d):
    _entry(d, "too_old")["sources"][0]["as_of"] = date(2027, 1, 1)


def _break_retrieved_future(d):
    _entry(d, "too_old")["sources"][0]["retrieved"] = date(2027, 1, 1)


def _break_as_of_after_retrieved(d):
    source = _entry(d, "too_old")["sources"][0]
    source["as_of"], source["retrieved"] = date(2026, 11, 30), date(2026, 11, 1)


def _break_retrieved_missing(d):
    del _entry(d, "too_old")["sources"][0]["retrieved"]


def _break_bad_date(d):
    _entry(d, "too_old")["sources"][0]["as_of"] = "June 2022"


def _break_missing_translation(d):
    del _entry(d, "too_old")["answer_pt"]


def _break_unknown_placeholder(d):
    _entry(d, "too_old")["answer"] += " Ask {counselor}."


def _break_internal_id(d):
    _entry(d, "too_old")["answer"] += " See field:data-analytics."


def _break_checklist_too_long(d):
    _entry(d, "too_old")["checklist"] = [f"Step {i}." for i in range(6)]


def _break_missing_german(d):
    del _entry(d, "too_old")["answer_de"]


def _break_placeholder_dropped_in_french(d):
    _entry(d, "worth_it")["answer_fr"] = _entry(d, "worth_it")["answer_fr"].replace("{target}", "la santé")


def _break_unknown_key(d):
    _entry(d, "too_old")["answer_nl"] = "Niet te laat."


def _break_duplicate(d):
    d["entries"].append(copy.deepcopy(_entry(d, "too_old")))


@pytest.mark.parametrize(
    ("breaker", "message"),
    [
        (_break_unknown_topic, "unknown topic 'too_young'"),
        (_break_no_sources, "'too_old': needs at least one source"),
        (_break_sources_key_missing, "'too_old': needs at least one source"),
        (_break_bad_url, "'too_old' source 1: bad URL"),
        (_break_ftp_url, "'too_old' source 1: bad URL"),
        (_break_as_of_future, "'too_old' source 1: as_of 2027-01-01 is in the future"),
        (_break_retrieved_future, "'too_old' source 1: retrieved 2027-01-01 is in the future"),
        (_break_as_of_after_retrieved, "'too_old' source 1: as_of 2026-11-30 is after retrieved"),
        (_break_retrieved_missing, "'too_old' source 1 retrieved: expected a date"),
        (_break_bad_date, "'too_old' source 1 as_of: expected a date"),
        (_break_missing_translation, "'too_old' answer_pt: missing"),
        (_break_unknown_placeholder, "'too_old' answer: unknown placeholder {counselor}"),
        (_break_internal_id, "'too_old' answer: internal id 'field:data-analytics'"),
        (_break_checklist_too_long, "'too_old': checklist must be 3-5"),
        (_break_missing_german, "'too_old' answer_de: missing or empty (every entry needs answer, answer_es"),
        (_break_placeholder_dropped_in_french, "'worth_it' answer_fr: placeholders differ from the English"),
        (_break_unknown_key, "'too_old': unknown key(s) answer_nl"),
        (_break_duplicate, "'too_old': duplicate topic"),
    ],
)
def test_a_broken_entry_is_refused_with_its_name(tmp_path, raw, breaker, message):
    breaker(raw)
    with pytest.raises(ValueError) as err:
        AdviceLibrary.load(_write(tmp_path, raw), today=TODAY)
    assert message in str(err.value)


def test_a_missing_topic_is_refused(tmp_path, raw):
    raw["entries"] = [e for e in raw["entries"] if e["topic"] != "linkedin_badges"]
    with pytest.raises(ValueError, match="no entry for topic.*linkedin_badges"):
        AdviceLibrary.load(_write(tmp_path, raw), today=TODAY)


def test_a_file_without_entries_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'entries' list"):
        AdviceLibrary.load(_write(tmp_path, {"advice": []}), today=TODAY)


def test_the_real_file_is_valid_on_the_day_it_was_written(tmp_path, raw):
    assert AdviceLibrary.load(_write(tmp_path, raw), today=TODAY).topics() == EXPECTED_TOPICS
