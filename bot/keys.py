"""Typed application keys: the gateway's shared state lives on the app, never in globals.

(aiohttp "Data Sharing aka No Singletons Please"; typed `web.AppKey`s so mypy checks `app[KEY]`.)
The keys of the gateway's own services live next to their types, so this module imports none of the modules
that use it: `CONVERSATION_KEY` in `bot.conversation`, `CHANNELS_KEY` in `bot.channels`, `TELEGRAM_KEY`
in `bot.telegram.channel`, `WEB_DELIVERY_KEY` in `bot.web_delivery`.
"""

from __future__ import annotations

from aiohttp import ClientSession, web

from bot.db import Database
from bot.rasa import RasaClient
from bot.settings import Settings
from bot.sockets import SocketRegistry
from bot.widget_session import WidgetSessions

SETTINGS_KEY = web.AppKey("settings", Settings)
DB_KEY = web.AppKey("db", Database)
# Rasa's tracker store (TRACKER_DATABASE_URL), used only to delete a person's events on request.
TRACKER_DB_KEY = web.AppKey("tracker_db", Database)
KB_DB_KEY = web.AppKey("kb_db", Database)
HTTP_KEY = web.AppKey("http", ClientSession)
RASA_KEY = web.AppKey("rasa", RasaClient)
SOCKETS_KEY = web.AppKey("sockets", SocketRegistry)
# Issues and checks the signed `web:` sender ids of the widget.
WIDGET_SESSIONS_KEY = web.AppKey("widget_sessions", WidgetSessions)
