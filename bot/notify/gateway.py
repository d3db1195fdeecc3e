"""Wiring of the hand-off into the gateway app: the notifier (one `cleanup_ctx`, the conversation hook,
health), the hold replies' office hours (`bot.hold`) and the hand-back worker (`bot.handback`).

`setup_notifications(app, settings)` is called by `bot.app.init_app` after the counselor dashboard
is mounted, because the notice's summary is the dashboard's own (`bot.counselor.queries`).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator

from aiohttp import web

from bot.conversation import CONVERSATION_KEY
from bot.db import Conversation
from bot.handback import setup_handback
from bot.hold import HoldDesk
from bot.keys import DB_KEY, HTTP_KEY
from bot.notify.senders import EmailSender, WebhookSender
from bot.notify.service import Notifier
from bot.settings import Settings

NOTIFIER_KEY = web.AppKey("notifier", Notifier)


async def summarize(app: web.Application, sender_id: str) -> tuple[str, str]:
    """The dashboard's fact-only synopsis (refreshing its cache) and the channel."""
    from bot.counselor import queries

    async with app[DB_KEY].reader() as session:
        conv = await session.get(Conversation, sender_id)
    if conv is None:
        return "The conversation has been deleted since.", "web"
    summary, _ = await queries.refresh_summary(app, conv)
    return summary.synopsis, conv.channel


def setup_notifications(app: web.Application, settings: Settings) -> None:
    public_url = settings.public_url or f"http://localhost:{settings.port}"

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        notifier = Notifier(
            app[DB_KEY],
            settings.notify,
            summarize=functools.partial(summarize, app),
            webhook=WebhookSender(app[HTTP_KEY]),
            email=EmailSender(settings.notify.smtp),
            public_url=public_url,
        )
        app[NOTIFIER_KEY] = notifier
        app[CONVERSATION_KEY].on_turn = notifier.on_turn
        app[CONVERSATION_KEY].handoff_metadata = notifier.turn_metadata
        app[CONVERSATION_KEY].hold = HoldDesk(app[DB_KEY], settings.notify.sites)
        notifier.start()
        yield
        app[CONVERSATION_KEY].on_turn = None
        app[CONVERSATION_KEY].handoff_metadata = None
        await notifier.stop()

    app.cleanup_ctx.append(ctx)
    setup_handback(app, lambda app: app[CONVERSATION_KEY].locks)


async def health(app: web.Application) -> str:
    notifier = app.get(NOTIFIER_KEY)
    return "off" if notifier is None else await notifier.health()
