"""Splitting and escaping for Telegram."""

from __future__ import annotations

from bot.telegram.channel import api_urls
from bot.telegram.format import escape, fits_callback_data, measure, split_text


def test_short_text_is_one_chunk():
    assert split_text("  hello  ") == ["hello"]
    assert split_text("   ") == []


def test_splits_at_paragraphs_then_lines_then_words():
    para = "word " * 50
    text = "\n\n".join([para.strip()] * 4)
    chunks = split_text(text, limit=600)
    assert all(measure(c) <= 600 for c in chunks)
    assert all(c == para.strip() or "\n\n" in c for c in chunks)
    lines = "\n".join(["line of text"] * 100)
    assert all(measure(c) <= 100 and not c.startswith("\n") for c in split_text(lines, limit=100))
    words = " ".join(["abcdefgh"] * 100)
    assert all(not c.startswith(" ") and measure(c) <= 50 for c in split_text(words, limit=50))


def test_escaping_counts_toward_the_limit():
    text = "&" * 30
    chunks = split_text(text, limit=50)  # each & becomes &amp; (5 chars)
    assert [len(c) for c in chunks] == [10, 10, 10]
    assert "".join(chunks) == text


def test_emoji_measured_in_utf16_units():
    assert measure("🚀") == 2
    chunks = split_text("🚀" * 10, limit=4)
    assert chunks == ["🚀🚀"] * 5


def test_escape():
    assert escape("<b>a & b</b>") == "&lt;b&gt;a &amp; b&lt;/b&gt;"


def test_callback_data_fit():
    assert fits_callback_data("/greet")
    assert not fits_callback_data("x" * 65)
    assert not fits_callback_data("é" * 33)  # 66 bytes
    assert not fits_callback_data("gw:forget:yes") and not fits_callback_data("p:abc")


def test_api_urls():
    assert api_urls("http://127.0.0.1:8081") == (
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/file/bot",
    )
    assert api_urls("http://h/bot/") == ("http://h/bot", "http://h/file/bot")
    assert api_urls("http://h/bot{token}") == ("http://h/bot{token}", "http://h/file/bot{token}")
