"""The channel registry (bot/channels.py) and the import graph it let us cut.

- The gateway's modules import each other without a circle, at module level (TYPE_CHECKING blocks
  included) and counting the imports inside functions: `bot/keys.py` imports none of the modules that use
  its keys, and the Telegram handlers see their channel through a protocol instead of importing it. Read
  from the source with `ast`, so a new circle fails here instead of being hidden by a lazy import.
- Without Telegram the registry holds the widget only; an `api:` sender has no live channel, and a
  counselor's reply to one is recorded and waits in the history. Real gateway, real SQLite, the suite's
  fake Rasa.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot import store
from bot.channels import CHANNELS_KEY, Channels, LiveChannel
from bot.delivery import deliver_counselor_message
from bot.keys import DB_KEY
from bot.web_delivery import WEB_DELIVERY_KEY, WebDelivery
from tests.bot.conftest import API_HEADERS

BOT = Path(__file__).resolve().parents[2] / "bot"


def _modules() -> dict[str, Path]:
    found = {}
    for path in BOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _module_level_imports(
    path: Path, modules: dict[str, Path], name: str, *, everywhere: bool = False
) -> set[str]:
    """The `bot` modules this one imports when it is loaded (and under `if TYPE_CHECKING:`), not inside
    functions unless `everywhere`. `from package import submodule` counts as the submodule only."""
    tree = ast.parse(path.read_text())
    statements = list(tree.body) + [s for node in tree.body if isinstance(node, ast.If) for s in node.body]
    if everywhere:
        statements = list(ast.walk(tree))
    targets: set[str] = set()
    for node in statements:
        if isinstance(node, ast.Import):
            targets |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
            targets |= subs if subs else {node.module}
    imported = set()
    for target in targets:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name and target.startswith("bot"):
            imported.add(target)
    return imported


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_gateway_modules_import_each_other_without_a_circle():
    modules = _modules()
    graph = {name: _module_level_imports(path, modules, name) for name, path in modules.items()}
    assert len(graph) > 40 and "bot.keys" in graph  # the scan sees the gateway
    # the circle this replaced: keys -> telegram.channel -> keys, and channel <-> handlers
    assert "bot.telegram.channel" not in graph["bot.keys"]
    assert "bot.conversation" not in graph["bot.keys"]
    assert "bot.telegram.channel" not in graph["bot.telegram.handlers"]
    assert "bot.telegram.handlers" in graph["bot.telegram.channel"]  # a plain import now, not a lazy one
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_no_lazy_import_hides_a_circle_either():
    """Imports inside functions count too: the conversation service, hold, hand-back, delivery, the
    channels and the dashboard's pages, queries and summary rebuild reach each other without one."""
    modules = _modules()
    graph = {
        name: _module_level_imports(path, modules, name, everywhere=True) for name, path in modules.items()
    }
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_scan_finds_a_circle_when_there_is_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_registry_refuses_a_second_channel_of_a_name_and_what_is_not_one():
    channels = Channels()
    channels.add(WebDelivery())
    with pytest.raises(ValueError, match="already registered"):
        channels.add(WebDelivery())
    with pytest.raises(TypeError, match="not a LiveChannel"):
        channels.add(object())  # type: ignore[arg-type]
    assert len(channels) == 1 and channels.get("web") is not None and channels.get("telegram") is None


async def test_without_telegram_the_registry_holds_the_widget_only(gateway_client):
    channels = gateway_client.app[CHANNELS_KEY]
    assert [c.name for c in channels] == ["web"]
    assert isinstance(channels.of("web:00000000-0000-4000-8000-000000000000"), LiveChannel)
    assert channels.of("web:00000000-0000-4000-8000-000000000000") is gateway_client.app[WEB_DELIVERY_KEY]
    assert channels.of("tg:42") is None and channels.of("api:jo") is None
    body = await (await gateway_client.get("/healthz")).json()
    assert "telegram" not in body["parts"] and set(body["counts"]) == {"widget"}


async def test_a_counselor_reply_to_an_api_sender_is_recorded_and_waits_in_the_history(gateway_client):
    resp = await gateway_client.post(
        "/api/v1/messages", json={"sender_id": "api:jo", "text": "hi"}, headers=API_HEADERS
    )
    assert resp.status == 200
    result = await deliver_counselor_message(gateway_client.app, "api:jo", "Hello from Ann.", "ann")
    assert (result.recorded, result.live, result.channel) == (True, False, "api")
    history = await store.get_history(gateway_client.app[DB_KEY], "api:jo")
    assert [(h.from_, h.text) for h in history][-1] == ("counselor", "Hello from Ann.")
