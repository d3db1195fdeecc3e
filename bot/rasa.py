"""Client for Rasa's REST channel (Contract 3), spread over one or more Rasa instances.

Any instance may serve any conversation (shared tracker store + Rasa's ticket lock), so each request
goes to the least busy instance (ties broken round-robin). A request is retried on the next instance
only when the connection could not be made at all — once Rasa has the message, retrying could answer
it twice. Every message carries the shared token (`X-Pivot-Token`, = `RASA_TOKEN`), without which
Pivot's REST channel refuses it (pivot_rasa/channel.py). Rasa's replies are normalised to
`{"text", "buttons"}` and its `custom` payloads split off; a structured answer (`{"pivot": {...}}`,
`bot/answer_payloads.py`) rides on its message as `"pivot"`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp

from bot import answer_payloads
from bot.guard import clean_text
from bot.store import BotMessage, Button

log = logging.getLogger(__name__)
# Rasa's REST channel refuses a message without it (pivot_rasa/channel.py, the same name there).
TOKEN_HEADER = "X-Pivot-Token"  # noqa: S105 -- a header name


class RasaUnavailable(Exception):
    """No Rasa instance answered properly; nothing was processed (or we cannot tell)."""


@dataclass(frozen=True)
class RasaReply:
    messages: list[BotMessage]
    custom: list[dict[str, Any]] = field(default_factory=list)

    @property
    def events(self) -> set[str]:
        return {str(c.get("event")) for c in self.custom if isinstance(c, dict) and c.get("event")}

    @property
    def handoff_requested(self) -> bool:
        return "handoff_requested" in self.events

    @property
    def forget_me(self) -> bool:
        return "forget_me" in self.events


def normalise(payload: Any) -> RasaReply:
    """Rasa's list of `{"recipient_id", "text"?, "buttons"?, "custom"?, "image"?}` → RasaReply.

    Unknown shapes are skipped rather than trusted; an image becomes a text link so nothing is lost.
    """
    messages: list[BotMessage] = []
    custom: list[dict[str, Any]] = []
    if not isinstance(payload, list):
        raise RasaUnavailable("Rasa answered with something other than a list")
    for item in payload:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("custom"), dict):
            structured = answer_payloads.read(item["custom"])
            if structured is None and answer_payloads.KEY in item["custom"]:
                continue  # an invalid structured payload: dropped, the text carries the answer
            custom.append({answer_payloads.KEY: structured} if structured else item["custom"])
            # Rasa sends a message's payload right after its text: draw it there.
            if structured and answer_payloads.drawn(structured) and messages and "pivot" not in messages[-1]:
                messages[-1]["pivot"] = structured
        text = item.get("text")
        if not isinstance(text, str) and isinstance(item.get("image"), str):
            text = item["image"]
        buttons: list[Button] = []
        for b in item.get("buttons") or []:
            if isinstance(b, dict) and isinstance(b.get("title"), str):
                payload_ = b.get("payload")
                buttons.append(
                    {
                        "title": clean_text(b["title"]),
                        "payload": payload_ if isinstance(payload_, str) else b["title"],
                    }
                )
        if isinstance(text, str):
            text = clean_text(text)
        if isinstance(text, str) and (text.strip() or buttons):
            messages.append({"text": text, "buttons": buttons})
        elif buttons:
            messages.append({"text": "", "buttons": buttons})
    return RasaReply(messages, custom)


class RasaClient:
    """One per app; the `aiohttp.ClientSession` is owned by the app's cleanup context."""

    def __init__(
        self, session: aiohttp.ClientSession, urls: Sequence[str], *, token: str = "", timeout_s: float = 30.0
    ) -> None:
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self._session = session
        self.urls = tuple(u.rstrip("/") for u in urls)
        self._token = token
        self._channel_headers = {TOKEN_HEADER: token} if token else {}
        self._timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=min(3.0, timeout_s))
        self._in_flight = dict.fromkeys(self.urls, 0)
        self._rr = itertools.cycle(range(len(self.urls)))
        self.sent = dict.fromkeys(self.urls, 0)  # per-instance counter (bench / tests)

    def _order(self) -> list[str]:
        """Instances to try, least busy first; round-robin among equals."""
        start = next(self._rr)
        rotated = self.urls[start:] + self.urls[:start]
        return sorted(rotated, key=lambda u: self._in_flight[u])

    async def send(self, sender: str, message: str, metadata: Mapping[str, Any] | None = None) -> RasaReply:
        body = {"sender": sender, "message": message, "metadata": dict(metadata or {})}
        errors = []
        for url in self._order():
            self._in_flight[url] += 1
            try:
                async with self._session.post(
                    f"{url}/webhooks/rest/webhook",
                    json=body,
                    headers=self._channel_headers,
                    timeout=self._timeout,
                ) as resp:
                    if resp.status == 401:
                        log.error(
                            "Rasa at %s refused the gateway's token: RASA_TOKEN must be what RASA_TOKEN_FILE "
                            "holds (scripts/rasa_token.sh)",
                            url,
                        )
                    if resp.status != 200:
                        text = (await resp.text())[:200]
                        raise RasaUnavailable(f"Rasa at {url} answered HTTP {resp.status}: {text}")
                    data = await resp.json(content_type=None)
                self.sent[url] += 1
                return normalise(data)
            except aiohttp.ClientConnectorError as exc:  # never reached Rasa: safe to try the next one
                errors.append(f"{url}: {exc}")
                log.warning("Rasa at %s unreachable, trying the next instance: %s", url, exc)
                continue
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                raise RasaUnavailable(f"Rasa at {url} failed: {exc!r}") from exc
            finally:
                self._in_flight[url] -= 1
        raise RasaUnavailable("no Rasa instance reachable: " + "; ".join(errors))

    async def check(self, url: str, timeout_s: float = 2.0) -> str:
        """Health of one instance: 'ok' or a short reason. `/status` (needs the token and a loaded model)."""
        timeout = aiohttp.ClientTimeout(total=timeout_s)
        params = {"token": self._token} if self._token else None
        try:
            async with self._session.get(f"{url}/status", params=params, timeout=timeout) as resp:
                if resp.status == 200:
                    return "ok"
                if resp.status in (404, 405):  # started without --enable-api: fall back to the banner
                    async with self._session.get(f"{url}/", timeout=timeout) as banner:
                        return "ok" if banner.status == 200 else f"HTTP {banner.status}"
                if resp.status == 409:
                    return "no model loaded"
                return f"HTTP {resp.status}"
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            return f"unreachable ({type(exc).__name__})"

    async def intent_of(self, text: str, timeout_s: float = 5.0) -> str | None:
        """The intent Rasa's NLU reads in `text` (`POST /model/parse`, which touches no tracker), or
        None when no instance answered."""
        params = {"token": self._token} if self._token else None
        for url in self._order():
            try:
                async with self._session.post(
                    f"{url}/model/parse",
                    json={"text": text},
                    params=params,
                    timeout=aiohttp.ClientTimeout(total=timeout_s),
                ) as resp:
                    if resp.status == 200:
                        data = await resp.json(content_type=None)
                        intent = data.get("intent") if isinstance(data, dict) else None
                        name = intent.get("name") if isinstance(intent, dict) else None
                        return name if isinstance(name, str) else None
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                continue
        return None

    async def tracker(self, sender: str, timeout_s: float = 5.0) -> dict[str, Any] | None:
        """`GET /conversations/{sender}/tracker` from any instance (for summaries)."""
        params = {"token": self._token} if self._token else None
        for url in self._order():
            try:
                async with self._session.get(
                    f"{url}/conversations/{quote(sender, safe=':')}/tracker",
                    params=params,
                    timeout=aiohttp.ClientTimeout(total=timeout_s),
                ) as resp:
                    if resp.status == 200:
                        return await resp.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                continue
        return None
