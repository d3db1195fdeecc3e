"""Only buttons Pivot offered may speak for the person (issue 12).

Rasa reads a message starting with `/` as an intent with entities (`/request_human`,
`/inform_current{"occupation": ...}`), and `display` is what the transcript a counselor reads shows
instead of the text. Both come from the client, so both are checked against the buttons the bot
offered in that conversation (recorded with its replies):

- text starting with `/` that is no offered button's payload (nor the widget menu's `/restart`) is
  treated as typed text: its leading slashes are dropped, so the NLU reads it like any other
  sentence (nothing is refused, nothing bypasses the NLU);
- `display` is kept only when the text is an offered button's payload and `display` is that
  button's title (or equals the text); otherwise it is ignored and the transcript shows the text sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.store import Button
from bot.validation import ApiError

# Payloads the widget's own menu sends (never a button of the bot's): harmless, and deleting nothing.
MENU_PAYLOADS = frozenset({"/restart"})


def vet(text: str, display: str | None, offered: Sequence[Button]) -> tuple[str, str | None]:
    """(text for Rasa, display for the transcript) after the checks above."""
    titles = {b["title"] for b in offered if b["payload"] == text}
    if text.startswith("/") and not titles and text not in MENU_PAYLOADS:
        text = text.lstrip("/").strip()
        if not text:
            raise ApiError(400, "text must not be empty")
    if display is not None and display != text and display not in titles:
        display = None
    return text, display
