"""Typed application keys: the gateway's shared state lives on the app, never in globals.

(aiohttp "Data Sharing aka No Singletons Please"; typed `web.AppKey`s so mypy checks `app[KEY]`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import ClientSession, web

from bot.db import Database
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.conversation import ConversationService
    from bot.rasa import RasaClient
    from bot.sockets import SocketRegistry
    from bot.telegram.channel import TelegramChannel
    from bot.widget_session import WidgetSessions

SETTINGS_KEY = web.AppKey("settings", Settings)
DB_KEY = web.AppKey("db", Database)
# Rasa's tracker store (TRACKER_DATABASE_URL), used only to delete a person's events on request.
TRACKER_DB_KEY = web.AppKey("tracker_db", Database)
KB_DB_KEY = web.AppKey("kb_db", Database)
HTTP_KEY = web.AppKey("http", ClientSession)
RASA_KEY: web.AppKey[RasaClient] = web.AppKey("rasa")
SOCKETS_KEY: web.AppKey[SocketRegistry] = web.AppKey("sockets")
CONVERSATION_KEY: web.AppKey[ConversationService] = web.AppKey("conversation")
# Set only when TELEGRAM_BOT_TOKEN is configured; use `app.get(TELEGRAM_KEY)`.
TELEGRAM_KEY: web.AppKey[TelegramChannel] = web.AppKey("telegram")
# Issues and checks the signed `web:` sender ids of the widget.
WIDGET_SESSIONS_KEY: web.AppKey[WidgetSessions] = web.AppKey("widget_sessions")
