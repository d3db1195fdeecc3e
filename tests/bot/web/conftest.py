"""Widget fault-suite fixtures: the real gateway (aiohttp test client, real SQLite) behind which only Rasa
and the action server are doubles (tests/bot/fakes.py: they live in other processes in production), and
the counts printed at the end of the run."""

from __future__ import annotations

import pytest

from bot.web_delivery import WEB_DELIVERY_KEY


@pytest.fixture
async def widget_gateway(gateway_client, fake_rasa):
    """The gateway with Rasa retries shortened (1 s doubling in production) so an outage test is quick;
    `fake_rasa.answered` lists the messages Rasa answered (an outage's 500s are not answers)."""
    delivery = gateway_client.app.get(WEB_DELIVERY_KEY)
    if delivery is not None:
        delivery.retry_first_s, delivery.retry_max_s = 0.05, 0.2
    script = fake_rasa.reply
    fake_rasa.answered = []

    def reply(sender: str, message: str):  # FakeRasa calls it only for the messages it answers 200
        fake_rasa.answered.append({"sender": sender, "message": message})
        return script(sender, message)

    fake_rasa.reply = reply
    return gateway_client


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the widget fault suite's counts (faults injected, messages sent, lost, duplicated)."""
    from tests.bot.web.fault_tally import summary

    line = summary()
    if line:
        terminalreporter.write_sep("-", "widget faults")
        terminalreporter.write_line(line)
