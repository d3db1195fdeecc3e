"""Knowledge-base fixtures: the full KB built once per session, and small sources with bad rows."""

from __future__ import annotations

import pytest
import pytest_asyncio

from knowledge.api import KnowledgeBase
from knowledge.build import build_kb
from tests.knowledge.fixture_sources import write_fixture_curated, write_fixture_sources


@pytest.fixture(scope="session")
def full_kb_url(tmp_path_factory) -> str:
    """The real knowledge base (all of knowledge/sources + knowledge/curated) in a temp SQLite file."""
    path = tmp_path_factory.mktemp("kb") / "knowledge.db"
    url = f"sqlite:///{path}"
    report = build_kb(url, progress=False, report_path=path.with_name("import-report.json"))
    assert report.counts["kb_occupations"] > 1000
    return url


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def kb(full_kb_url):
    """One KnowledgeBase for the session: its in-memory index is built once (≈1-3 s)."""
    base = KnowledgeBase.from_url(full_kb_url)
    yield base
    await base.close()


@pytest.fixture
def fixture_dirs(tmp_path):
    """(sources, curated) folders with a handful of valid rows and one of each kind of bad row."""
    sources, curated = tmp_path / "sources", tmp_path / "curated"
    write_fixture_sources(sources)
    write_fixture_curated(curated)
    return sources, curated
