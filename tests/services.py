"""The machine's own services as the tests find them: a test that needs one skips when it is not running."""

from __future__ import annotations

import socket

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_up() -> bool:
    """Is Redis listening on 127.0.0.1:6379? (Checked when a test module is collected.)"""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def needs_redis() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")
