"""Telegram Update objects as the Bot API sends them (field names and shapes from
https://core.telegram.org/bots/api#update, #message, #callbackquery; as of 2026-11)."""

from __future__ import annotations

from typing import Any

CHAT_ID = 123456789
USER = {
    "id": CHAT_ID,
    "is_bot": False,
    "first_name": "Jane",
    "last_name": "Smith",
    "username": "janesmith",
    "language_code": "en",
}
PRIVATE_CHAT = {
    "id": CHAT_ID,
    "first_name": "Jane",
    "last_name": "Smith",
    "username": "janesmith",
    "type": "private",
}
GROUP_CHAT = {"id": -1001234567890, "title": "Career changers", "type": "supergroup"}


def text_message(
    update_id: int, text: str, *, message_id: int = 1, chat: dict | None = None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": message_id,
        "from": USER,
        "chat": chat or PRIVATE_CHAT,
        "date": 1746268800,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def edited_message(update_id: int, text: str) -> dict[str, Any]:
    msg = text_message(update_id, text)["message"]
    msg["edit_date"] = 1746268900
    return {"update_id": update_id, "edited_message": msg}


def sticker_message(update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 7,
            "from": USER,
            "chat": PRIVATE_CHAT,
            "date": 1746268800,
            "sticker": {
                "file_id": "CAACAgIAAxkBAAIBY2Z",
                "file_unique_id": "AgADYQADwDZPEw",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            },
        },
    }


def photo_message(update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 8,
            "from": USER,
            "chat": PRIVATE_CHAT,
            "date": 1746268800,
            "photo": [
                {
                    "file_id": "AgACAgIAAxkBAAIBZGZ",
                    "file_unique_id": "AQADx7ExG",
                    "width": 90,
                    "height": 67,
                    "file_size": 1234,
                }
            ],
        },
    }


def callback_query(
    update_id: int, data: str, *, buttons: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": 100,
        "from": {"id": 7000000001, "is_bot": True, "first_name": "Pivot", "username": "pivot_test_bot"},
        "chat": PRIVATE_CHAT,
        "date": 1746268700,
        "text": "Pick one or type it:",
    }
    if buttons:
        message["reply_markup"] = {
            "inline_keyboard": [[{"text": title, "callback_data": cb}] for title, cb in buttons]
        }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "4382bfdwdsf43",
            "from": USER,
            "message": message,
            "chat_instance": "-76543210987654321",
            "data": data,
        },
    }
