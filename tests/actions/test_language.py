"""Replies to messages in another language: in that language, with an English fallback."""

from __future__ import annotations

import pytest

from actions.language import reply_for


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es", "Lo siento"),
        ("fr", "Désolé"),
        ("de", "Entschuldigung"),
        ("pt-BR", "Desculpe"),
        ("Spanish", "Lo siento"),
    ],
)
def test_other_language_reply_is_in_that_language(code, expected):
    assert reply_for(code).startswith(expected)
    assert "English" in reply_for(code)


def test_unknown_language_falls_back_to_english():
    assert reply_for("xx") == reply_for(None)
    assert reply_for(None).startswith("Sorry, I can only chat in English")


def test_an_italian_speaker_is_offered_a_counselor_in_italian():
    from actions.language import human_button_title

    assert "consulente" in reply_for("it")
    assert human_button_title("it").startswith("Parla con una persona")
    assert human_button_title("ko") == "상담사와 이야기하기 (Talk to a person)"  # bilingual: a counselor reads it too
    assert "상담사" in reply_for("ko") and "顾问" in reply_for("zh")
    assert human_button_title("xx") == "Talk to a person"  # a language with no texts


def test_traditional_chinese_is_answered_in_traditional_characters():
    from understanding.languages import guess_language

    traditional = guess_language("我今年26歲，現在轉行學程式會不會太晚？")
    assert traditional == "zh-hant" and guess_language("我今年26岁，现在转行学编程会不会太晚？") == "zh"
    assert "英語" in reply_for(traditional) and "顧問" in reply_for(traditional)
