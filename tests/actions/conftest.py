"""Action tests: a real SQLite knowledge base built once by the real importer, real rasa-sdk trackers.

The knowledge base is built with `knowledge.build.build_kb` into `var/cache/` under a name keyed by
the hash of everything in `knowledge/` (code, curated data, sources), so a second run reuses it and
any change to the knowledge base rebuilds it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import yaml
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


def _knowledge_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "knowledge").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def kb_url() -> str:
    """URL of a knowledge base built from this checkout's `knowledge/` (cached by content hash)."""
    build = pytest.importorskip("knowledge.build", reason="knowledge importer not available yet")
    cache = ROOT / "var" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"test-kb-{_knowledge_hash()}.db"
    if not db.exists():
        partial = db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build.build_kb(f"sqlite:///{partial}", progress=False)
        partial.rename(db)
    return f"sqlite:///{db}"


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def kb(kb_url: str):
    """One loaded knowledge base for the session, installed as the actions' `get_kb()`."""
    from actions import kb as kb_module
    from knowledge.api import KnowledgeBase

    base = KnowledgeBase.from_url(kb_url)
    kb_module.set_kb(base)
    yield base
    kb_module.set_kb(None)
    await base.close()


@pytest.fixture(autouse=True)
def _reinstall_kb(request):
    """Tests that swap the KB (dead database) must not leak it: restore the session KB afterwards."""
    yield
    if "kb" in request.fixturenames:
        from actions import kb as kb_module

        kb_module.set_kb(request.getfixturevalue("kb"))


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest_asyncio.fixture(loop_scope="session")
async def dead_kb():
    """A knowledge base whose database cannot be opened, installed as `get_kb()` for one test."""
    from actions import kb as kb_module
    from knowledge.api import KnowledgeBase

    dead = KnowledgeBase.from_url("sqlite:////nonexistent-dir/kb.db")
    kb_module.set_kb(dead)
    yield dead
    kb_module.set_kb(None)
    await dead.close()
