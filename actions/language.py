"""A polite reply, in the person's own language, that Pivot speaks English (languages without texts).

The NLU pipeline's `nlu.language.LanguageDetector` puts the detected language of a
non-English message in the `language` entity (an ISO 639-1 code such as "es").
"""

from __future__ import annotations

ENGLISH = "Sorry, I can only chat in English for now. Could you write to me in English?"

ONLY_ENGLISH = {
    "es": "Lo siento, por ahora solo puedo conversar en inglés. ¿Podrías escribirme en inglés?",
    "fr": "Désolé, pour l'instant je ne peux discuter qu'en anglais. Pourriez-vous m'écrire en anglais ?",
    "de": "Entschuldigung, ich kann mich im Moment nur auf Englisch unterhalten. "
    "Könnten Sie mir auf Englisch schreiben?",
    "pt": "Desculpe, por enquanto só consigo conversar em inglês. Você poderia me escrever em inglês?",
    "it": "Mi dispiace, per ora posso conversare solo in inglese. Potresti scrivermi in inglese?",
    "nl": "Sorry, ik kan voorlopig alleen in het Engels chatten. Kun je me in het Engels schrijven?",
    "pl": "Przepraszam, na razie mogę rozmawiać tylko po angielsku. Czy możesz napisać do mnie po angielsku?",
    "ru": "Извините, пока я могу общаться только на английском. Не могли бы вы написать мне по-английски?",
    "uk": "Вибачте, поки що я можу спілкуватися лише англійською. Чи могли б ви написати мені англійською?",
    "tr": "Üzgünüm, şimdilik yalnızca İngilizce konuşabiliyorum. Bana İngilizce yazabilir misiniz?",
    "ar": "عذرًا، أستطيع حاليًا التحدث باللغة الإنجليزية فقط. هل يمكنك الكتابة لي بالإنجليزية؟",
    "zh": "抱歉，我目前只能用英语交流。请用英语给我留言好吗？",
    "zh-hant": "抱歉，我目前只能用英語交流。請用英語給我留言好嗎？",
    "ja": "申し訳ありません。現在は英語でのみ対応しています。英語でメッセージを送っていただけますか？",
    "ko": "죄송합니다. 지금은 영어로만 대화할 수 있어요. 영어로 작성해 주시겠어요?",
    "hi": "क्षमा करें, अभी मैं केवल अंग्रेज़ी में बात कर सकता हूँ। क्या आप मुझे अंग्रेज़ी में लिख सकते हैं?",
}
# What Pivot can do now, said in the person's language: a counselor can answer them (the button's title too).
HUMAN_OFFER = {
    "fr": ("Si vous préférez, je peux demander à un conseiller de vous répondre.", "Parler à une personne"),
    "it": ("Se preferisci, posso chiedere a un consulente di risponderti.", "Parla con una persona"),
    "de": ("Wenn Sie möchten, bitte ich eine Beraterin oder einen Berater, Ihnen zu antworten.",
           "Mit einer Person sprechen"),
    "nl": ("Als je wilt, vraag ik een loopbaanadviseur om je te antwoorden.", "Met een persoon praten"),
    "pl": ("Jeśli chcesz, poproszę doradcę zawodowego, żeby ci odpowiedział.", "Porozmawiaj z osobą"),
    "ru": ("Если хотите, я попрошу консультанта ответить вам.", "Поговорить с человеком"),
    "uk": ("Якщо бажаєте, я попрошу консультанта відповісти вам.", "Поговорити з людиною"),
    "tr": ("İsterseniz bir kariyer danışmanının size yanıt vermesini isteyebilirim.", "Bir kişiyle konuşun"),
    "ar": ("إذا أردت، يمكنني أن أطلب من مستشار مهني الرد عليك.", "التحدث إلى شخص"),
    "zh": ("如果你愿意，我可以请一位职业顾问来回复你。", "与真人顾问交谈"),
    "zh-hant": ("如果你願意，我可以請一位職業顧問來回覆你。", "與真人顧問交談"),
    "ja": ("ご希望であれば、キャリアカウンセラーに返信してもらうこともできます。", "担当者と話す"),
    "ko": ("원하시면 상담사가 답변하도록 요청할 수 있어요.", "상담사와 이야기하기"),
    "hi": ("अगर आप चाहें, तो मैं किसी करियर सलाहकार से आपको जवाब देने के लिए कह सकता हूँ।", "किसी व्यक्ति से बात करें"),
}  # fmt: skip
NAMES = {
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "portuguese": "pt",
    "italian": "it",
    "dutch": "nl",
    "polish": "pl",
    "russian": "ru",
    "ukrainian": "uk",
    "turkish": "tr",
    "arabic": "ar",
    "chinese": "zh",
    "japanese": "ja",
    "korean": "ko",
    "hindi": "hi",
}


def language_code(value: str | None) -> str | None:
    """'es', 'es-MX', 'pt_BR', 'Spanish' → 'es'; None when unknown."""
    if not value:
        return None
    value = value.strip().lower()
    if value in NAMES:
        return NAMES[value]
    if value.replace("_", "-") in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
        return "zh-hant"  # Traditional Chinese is answered in Traditional characters
    return value.replace("_", "-").split("-")[0] or None


def reply_for(value: str | None) -> str:
    code = language_code(value)
    translated = ONLY_ENGLISH.get(code or "")
    if translated and code in HUMAN_OFFER:
        translated += " " + HUMAN_OFFER[code][0]
    return f"{translated}\n({ENGLISH})" if translated else ENGLISH


def human_button_title(value: str | None) -> str:
    """ "Talk to a person" in the person's language where Pivot has it, bilingual so a counselor reads it too."""
    offer = HUMAN_OFFER.get(language_code(value) or "")
    return f"{offer[1]} (Talk to a person)"[:60] if offer else "Talk to a person"
