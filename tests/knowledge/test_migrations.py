"""Alembic: `upgrade head` on fresh SQLite and PostgreSQL databases matches the models (no drift)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from knowledge.api import KnowledgeBase
from knowledge.build import build_kb
from knowledge.db import migrate, sync_url
from knowledge.models import Base


def _drift(url: str) -> list:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn,
                opts={
                    "include_name": lambda name, type_, _: (
                        type_ != "table" or name.startswith("kb_") and name != "kb_alembic_version"
                    )
                },
            )
            return compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()


def test_sqlite_upgrade_head_has_no_drift(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate(url)
    assert _drift(url) == []


@pytest.fixture
def pg_database(postgres_url):
    """A throw-away database on the local server, dropped afterwards (tests never share tables)."""
    import psycopg

    admin = sync_url(postgres_url).replace("postgresql+psycopg://", "postgresql://")
    name = f"kb_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_postgres_upgrade_head_has_no_drift(pg_database):
    migrate(pg_database)
    assert _drift(pg_database) == []


@pytest.mark.postgres
def test_postgres_import_and_queries(pg_database, fixture_dirs):
    sources, curated = fixture_dirs
    first = build_kb(pg_database, sources, curated, progress=False)
    second = build_kb(pg_database, sources, curated, progress=False)
    assert first.counts == second.counts and first.counts["kb_occupations"] == 4

    async def queries():
        kb = KnowledgeBase.from_url(pg_database)
        try:
            matches = await kb.resolve("bank teller")
            result = await kb.recommend("bank teller", "data scientist")
            stats = await kb.stats()
            return matches, result, stats
        finally:
            await kb.close()

    matches, result, stats = asyncio.run(queries())
    assert matches[0].id == "field:banking"
    assert result.transition_id == "banking--data-science"
    assert result.recommendations[0].credential.id == "cur:data-cert"
    assert stats["occupations"] == 4 and stats["curated_transitions"] == 2
