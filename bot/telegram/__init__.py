"""Telegram adapter (python-telegram-bot 22.8): `setup(app, settings)` mounts it on the gateway."""

from bot.telegram.channel import TelegramChannel, setup

__all__ = ["TelegramChannel", "setup"]
