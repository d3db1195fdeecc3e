"""Fixtures shared by every suite. Keep imports light: tests/nlu runs this file in the Rasa environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def pivot_stack(tmp_path_factory):
    """The real Pivot (Rasa + actions + gateway) on free ports, shared by the session's end-to-end tests."""
    from bench.stack import Stack, test_model

    if not (ROOT / ".venv-rasa" / "bin" / "rasa").exists():
        pytest.skip("the Rasa environment is missing: run `make venvs`")
    stack = Stack(workdir=tmp_path_factory.mktemp("stack"), model=test_model())
    stack.start()
    try:
        stack.wait_healthy()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the machine's PostgreSQL server; tests using it skip with a reason when it is unreachable."""
    url = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    import socket
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), timeout=2).close()
    except OSError:
        pytest.skip(f"PostgreSQL not reachable at {url}")
    return url
