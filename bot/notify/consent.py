"""Leaving an email address for a counselor's reply: the words a person agrees to, pure text, no I/O.

One place for both sides of the hand-off, which must say and accept the same things:
- the action server (`actions/handoff.py`) while a request is open and Pivot still answers;
- the gateway (`bot.hold`) while a counselor holds the conversation and Rasa is not asked.

An address is kept as a contact detail only with consent, in one of two ways:
1. the person typed it after `EMAIL_OFFER` (said outside office hours), which tells what it is for;
2. the person typed it unprompted (during hours, or to the counselor): Pivot asks `confirm_question()`
   and keeps it only after a yes (`is_yes`) to that question; a no (`is_no`) keeps nothing.
The consent stored with the address is the exact text the person agreed to (the offer or the question),
so the counselor sees what they were told. Nothing here says an address back anywhere but to its owner.
"""

from __future__ import annotations

import re

EMAIL_OFFER = (
    "If you'd like the reply by email as well, type your email address here. It is used only for "
    "the counselor's reply and deleted together with this conversation."
)
_CONFIRM_OPENING = "Should the counselor also reply by email to "
_CONFIRM_REST = (
    "? The address would be used only for that reply and deleted together with this conversation. "
    "Reply yes to confirm, or no."
)
_THANKS = (
    "Thanks, the counselor will reply to {address} as well as here. The address is kept only for "
    "that and deleted together with this conversation."
)
DECLINED = "Okay, I haven't kept the address. The counselor's reply will appear right here."

# An address inside a sentence ("yes please, my email is jo@example.org."); the gateway validates it
# again (`bot.notify.contacts.valid_email`) before storing it.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_YES = re.compile(
    r"^\s*(?:yes|yeah|yep|yup|ya|y|sure|ok(?:ay)?|please(?: do)?|confirm(?:ed)?|correct|go ahead|"
    r"that'?s (?:fine|right|ok(?:ay)?)|s[ií]|sim|claro)"
    r"(?:[\s,!.]+(?:please|pls|thanks|thank you|do|that'?s fine|go ahead|confirm(?:ed)?|sure|yes|por favor))*"
    r"[\s!.]*$",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(?:no|nope|nah|n|no thanks?(?: you)?|don'?t|do not|never ?mind|cancel|não|nao)\b[\s\w,.!']{0,40}$",
    re.IGNORECASE,
)


def find_email(text: str) -> str | None:
    """The first email address in `text` (a trailing full stop dropped), or None."""
    found = _EMAIL.search(text or "")
    return found.group(0).rstrip(".") if found else None


def confirm_question(address: str) -> str:
    """What Pivot asks before keeping an address the person typed without the offer."""
    return f"{_CONFIRM_OPENING}{address}{_CONFIRM_REST}"


def asked_about(text: str) -> str | None:
    """The address a recorded bot message asked to confirm (`confirm_question`), or None."""
    if not (text or "").startswith(_CONFIRM_OPENING):
        return None
    return find_email(text[len(_CONFIRM_OPENING) :])


def thanks(address: str) -> str:
    """The reply once the address is kept."""
    return _THANKS.format(address=address)


def is_yes(text: str) -> bool:
    return bool(_YES.match(text or ""))


def is_no(text: str) -> bool:
    return not is_yes(text) and bool(_NO.match(text or ""))


OPENINGS = (_CONFIRM_OPENING, _THANKS.split("{", 1)[0], DECLINED)  # how these replies begin


__all__ = [
    "DECLINED",
    "EMAIL_OFFER",
    "OPENINGS",
    "asked_about",
    "confirm_question",
    "find_email",
    "is_no",
    "is_yes",
    "thanks",
]
