"""Pivot gateway: the one public door (widget, HTTP API, WebSocket, Telegram, counselor dashboard).

Build the app with `bot.app.init_app(settings)`; run it with `python -m bot serve`.
"""
