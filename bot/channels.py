"""Live channels: how the gateway reaches a person outside the turn they started, in one registry.

A turn is answered on the connection it came in on (the widget's socket or HTTP call, Telegram's update).
Everything else that must reach a person later — a counselor's reply, the "You're back with Pivot" line of a
hand-back — asks the registry for the sender's channel (`app[CHANNELS_KEY].of(sender_id)`, by the id's
prefix, `store.channel_of`) and calls the `LiveChannel` protocol, instead of branching on "web" or
"telegram" and reaching into each channel's internals. `/healthz` reads every registered channel's health
and counts the same way.

Registered today: the widget (`bot.web_delivery.WebDelivery`, name `web`, on `/healthz` as `widget`) and,
when `TELEGRAM_BOT_TOKEN` is set, Telegram (`bot.telegram.channel.TelegramChannel`, `telegram`). `api:`
senders have no live channel: what is written to them waits in their history.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from aiohttp import web

from bot.store import channel_of


@runtime_checkable
class LiveChannel(Protocol):
    #: what `store.channel_of(sender_id)` says for this channel's senders ("web", "telegram")
    name: str
    #: its key under `parts` and `counts` on `/healthz`
    health_key: str
    #: whether `/healthz` fails (503) while `health()` is not "ok"; the widget's state is advisory
    essential: bool

    async def push_counselor(self, sender_id: str, message_id: int | None, text: str) -> bool:
        """Send a recorded counselor message (`messages.id` = `message_id`) to the person. True when it
        reached them now (an open widget took the frame, Telegram confirmed it); the channel records the
        dashboard's delivery receipt when the person's side confirms it, now or later."""
        ...

    async def push_line(self, sender_id: str, message_id: int, text: str, *, key: str) -> bool:
        """Send a recorded bot line written outside a turn (a hand-back). `key` makes a second push of the
        same line a no-op where the channel keeps its own outbox. True when it reached an open widget or
        was taken into the channel's outbox."""
        ...

    def health(self) -> str:
        """'ok' (or 'ok: <details>') when the channel works, else what is wrong."""
        ...

    def fault_counts(self) -> dict[str, int]:
        """What the channel's fault handling did since start (counters in memory, no I/O)."""
        ...


class Channels:
    """The live channels of one gateway, by name."""

    def __init__(self) -> None:
        self._by_name: dict[str, LiveChannel] = {}

    def add(self, channel: LiveChannel) -> None:
        if not isinstance(channel, LiveChannel):
            raise TypeError(f"{type(channel).__name__} is not a LiveChannel")
        if channel.name in self._by_name:
            raise ValueError(f"a {channel.name!r} channel is already registered")
        self._by_name[channel.name] = channel

    def get(self, name: str) -> LiveChannel | None:
        return self._by_name.get(name)

    def of(self, sender_id: str) -> LiveChannel | None:
        """The channel that reaches this sender, or None (an `api:` id, or Telegram not configured)."""
        return self._by_name.get(channel_of(sender_id))

    def __iter__(self) -> Iterator[LiveChannel]:
        return iter(list(self._by_name.values()))

    def __len__(self) -> int:
        return len(self._by_name)


CHANNELS_KEY = web.AppKey("channels", Channels)

__all__ = ["CHANNELS_KEY", "Channels", "LiveChannel"]
