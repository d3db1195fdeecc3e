"""The bot token never reaches the log, even with every library logging at DEBUG (issue 12)."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.log_redaction import REDACTED, SecretFilter
from tests.bot.telegram.conftest import settle
from tests.bot.telegram.test_webhook import post
from tests.bot.telegram.updates import text_message


@pytest.fixture
def verbose_libraries():
    """Like LOG_LEVEL=DEBUG: httpx and python-telegram-bot log every request."""
    loggers = [logging.getLogger(n) for n in ("httpx", "telegram")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    yield
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


async def test_bot_api_calls_log_no_token(verbose_libraries, caplog, tg_client, bot_api):
    caplog.set_level(logging.DEBUG)

    await post(tg_client, text_message(9301, "hi"))
    await settle(tg_client)

    assert bot_api.named("sendMessage")  # a real Bot API call went over HTTP to the fake
    requests = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert any("/sendMessage" in m for m in requests)  # and httpx logged it
    assert any(f"/bot{REDACTED}/sendMessage" in m for m in requests)
    assert bot_api.token not in caplog.text
    assert all(bot_api.token not in (r.exc_text or "") for r in caplog.records)


def test_filter_redacts_arguments_and_tracebacks():
    flt = SecretFilter(("s3cr3t",))
    try:
        raise RuntimeError("failed on /bots3cr3t/getMe")
    except RuntimeError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "GET %s", ("/bots3cr3t/x",), sys.exc_info()
        )
    assert flt.filter(record)
    assert record.getMessage() == f"GET /bot{REDACTED}/x"
    assert "s3cr3t" not in record.exc_text and REDACTED in record.exc_text
