"""Old buttons in the widget (issue 12): a press from a list that has since been replaced must not act on
the newest one.

Rasa's list buttons are relative (`/pick_item{"ordinal": "1"}` is "Tell me more about #1" of whatever list
is newest), so a press carries `list`, the id of the bot message its buttons came from. It is current when
that message is one of the newest turn's messages with buttons (`web_delivery.current_list`); otherwise the
person reads "That list has changed since. Here are the current choices:" with the current buttons, the
exchange is recorded (the history redraws it the same way), and Rasa never sees the payload. A repeat of a
press already answered (same `client_id`, e.g. re-sent after a dropped socket) is answered from the
record instead: its own reply may be what replaced the list.
"""

from __future__ import annotations

from bot import payloads, store
from bot.conversation import ConversationService
from bot.store import BotMessage
from bot.web_delivery import BUTTON_EXPIRED, LIST_CHANGED, current_list


async def answer_if_stale(
    service: ConversationService,
    sender_id: str,
    text: str,
    display: str | None,
    *,
    list_id: int | None,
    client_id: str | None,
    site: str | None,
    channel: str = "web",
) -> list[BotMessage] | None:
    """The reply to a press on an old list (recorded), or None when the press is current (or no press)."""
    if list_id is None:
        return None
    db = service.db
    async with service.locks.hold(sender_id):
        recorded, flags = await store.lookup(db, sender_id, client_id)
        if recorded is not None or flags is None:
            return None
        ids, buttons = await current_list(db, sender_id)
        if list_id in ids:
            return None
        shown_text, shown_display = payloads.vet(text, display, await store.offered_buttons(db, sender_id))
        shown = shown_display if shown_display is not None else shown_text
        reply: list[BotMessage] = (
            [{"text": LIST_CHANGED, "buttons": buttons}]
            if buttons
            else [{"text": BUTTON_EXPIRED, "buttons": []}]
        )
        await store.record_exchange(
            db, sender_id, shown, reply, channel=channel, site=site, client_id=client_id
        )
        return reply
