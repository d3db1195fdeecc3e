"""Structured answers rendered for Telegram (`bot/telegram/render.py`), from what the real actions emit on
the knowledge base built from this checkout: short HTML messages Telegram accepts, the same facts as the
text, escaping of anything hostile, and the plain text when a payload is unknown."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
import pytest_asyncio

from bot.telegram.format import TELEGRAM_TEXT_LIMIT
from bot.telegram.render import card, html_messages
from tests.actions.conftest import kb_url  # noqa: F401 - the session fixture building the test KB

on_module_loop = pytest.mark.asyncio(loop_scope="module")
FINTECH = {
    "current_field": "field:finance",
    "target_field": "field:fintech",
    "current_field_title": "Finance",
    "target_field_title": "Fintech",
}
TELEGRAM_TAGS = {"b", "i", "a"}  # the ones this renderer may use (all in Telegram's HTML subset)


class TagCheck(HTMLParser):
    """Fails on a tag Telegram would refuse or one left open; collects the visible text and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text = ""
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in TELEGRAM_TAGS, tag
        assert tag != "a" or [k for k, _ in attrs] == ["href"]
        self.hrefs += [v or "" for k, v in attrs if k == "href"]
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text += data


def parsed(html: str) -> TagCheck:
    check = TagCheck()
    check.feed(html)
    check.close()
    assert check.open == []
    assert len(html.encode("utf-16-le")) // 2 <= TELEGRAM_TEXT_LIMIT
    return check


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def payloads(kb_url: str) -> dict[str, dict[str, Any]]:  # noqa: F811
    import yaml
    from rasa_sdk.executor import CollectingDispatcher

    from actions import kb as kb_module
    from actions.compare import ActionCompareCredentials
    from actions.credential_details import ActionCredentialDetails
    from actions.recommend import ActionRecommendCredentials
    from actions.skill_gap import ActionSkillGap
    from knowledge.api import KnowledgeBase
    from tests.actions.conftest import ROOT
    from tests.actions.helpers import make_tracker, slot_events

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    kb = KnowledgeBase.from_url(kb_url)
    kb_module.set_kb(kb)
    try:
        d = CollectingDispatcher()
        ids = slot_events(await ActionRecommendCredentials().run(d, make_tracker(FINTECH), domain))[
            "recommended_ids"
        ]
        found = {"recommendations": d.messages[0]["custom"]["pivot"]}
        shown = {**FINTECH, "recommended_ids": ids}
        ordinals = [{"entity": "ordinal", "value": "1"}, {"entity": "ordinal", "value": "2"}]
        compare = make_tracker(shown, intent="compare_credentials", entities=ordinals)
        for action, tracker in (
            (ActionCredentialDetails(), make_tracker(shown, intent="pick_item", entities=ordinals[:1])),
            (ActionCompareCredentials(), compare),
            (ActionSkillGap(), make_tracker(shown, intent="ask_skill_gap")),
        ):
            d = CollectingDispatcher()
            await action.run(d, tracker, domain)
            payload = d.messages[0]["custom"]["pivot"]
            found[payload["kind"]] = payload
    finally:
        kb_module.set_kb(None)
        await kb.close()
    return found


@on_module_loop
async def test_recommendations_are_short_messages_one_per_credential(payloads):
    p = payloads["recommendations"]
    messages = html_messages(p)
    assert messages is not None
    assert len(messages) == 1 + len(p["items"]) + len(p.get("outro", []))
    assert parsed(messages[0]).text == p["intro"]
    for html, item in zip(messages[1:], p["items"], strict=False):
        check = parsed(html)
        assert check.text.startswith(f"#{item['rank']} {item['name']}\n{item['issuer']}")
        for fact in (item["cost"], item["time"], item["format"], item["dated"]):
            assert fact in check.text
        assert check.hrefs == ([item["source_url"]] if item.get("source_url") else [])
        assert len(html) < 1000  # short: a phone screen, not a page
        assert "cur:" not in check.text


@on_module_loop
async def test_details_comparison_and_gaps(payloads):
    details = html_messages(payloads["credential"])
    assert details is not None and len(details) == 2
    assert parsed(details[0]).text.startswith(f"#1 {payloads['credential']['item']['name']}")  # list number
    assert "Prerequisites:" in parsed(details[1]).text

    comparison = payloads["comparison"]
    [html] = html_messages(comparison) or [""]
    text = parsed(html).text
    assert text.startswith(f"{comparison['a']['name']}  vs  {comparison['b']['name']}")
    for row in comparison["rows"]:
        assert f"{row['aspect']}\nA: {row['a']}\nB: {row['b']}" in text

    gaps = payloads["skill_gaps"]
    [html] = html_messages(gaps) or [""]
    assert [line for line in parsed(html).text.splitlines() if line.startswith("• ")] == [
        f"• {g['name']} ({g['kind']})" for g in gaps["gaps"]
    ]


def test_hostile_strings_are_escaped_and_only_web_links_made():
    item = {
        "id": "x", "rank": 1, "name": "<script>alert(1)</script>", "issuer": "A & B", "reason": "why <b>",
        "cost": "c", "time": "t", "format": "f", "dated": "d", "source_url": "javascript:alert(1)",
    }
    html = card(item)
    check = parsed(html)
    assert "<script>" in check.text and "&lt;script&gt;" in html
    assert check.hrefs == []
    quoted = parsed(card({**item, "source_url": 'https://example.org/"onclick="x'}))
    assert quoted.hrefs == ['https://example.org/"onclick="x']  # the quote stays inside the attribute


def test_unknown_or_broken_payloads_fall_back_to_the_text():
    assert html_messages(None) is None
    assert html_messages({"v": 1, "kind": "profile"}) is None
    assert html_messages({"v": 1, "kind": "comparison", "a": {"name": "A"}}) is None
