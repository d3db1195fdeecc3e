"""Replies leave the gateway without internal ids (bot/guard.py), whatever an action wrote."""

from __future__ import annotations

import logging

from bot.guard import clean_text, leaks
from bot.rasa import normalise


def test_ids_become_words_and_codes_disappear(caplog):
    with caplog.at_level(logging.ERROR, logger="bot.guard"):
        text = clean_text("Compared with chance, these matter most in field:web-development (15-1254.00).")
    assert text == "Compared with chance, these matter most in web development."
    assert "field:web-development" in caplog.text


def test_field_names_and_scoring_words_are_removed():
    assert leaks(clean_text("see cost_source_url for the price (Primary-Short)")) == []


def test_clean_text_is_untouched():
    text = "CompTIA Security+ — CompTIA: 404 USD (as of 2025-01-01)."
    assert clean_text(text) == text


def test_the_gateway_cleans_every_reply_and_button_title_but_keeps_payloads():
    reply = normalise(
        [
            {"recipient_id": "web:x", "text": "Moves that often fit someone from 27-2011.00"},
            {
                "recipient_id": "web:x",
                "text": "Pick one",
                "buttons": [
                    {
                        "title": "Credentials for field:ux-design",
                        "payload": '/inform_target{"occupation": "field:ux-design"}',
                    }
                ],
            },
        ]
    )
    assert reply.messages[0]["text"] == "Moves that often fit someone from"
    assert reply.messages[1]["buttons"] == [
        {"title": "Credentials for ux design", "payload": '/inform_target{"occupation": "field:ux-design"}'}
    ]
