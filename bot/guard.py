"""The last check before a reply leaves the system: no internal id, code or field name reaches a person.

The actions are written never to show one (tests/actions/test_respond.py checks every kind of reply), but a
reply can still carry one through data — a curated text that names an O*NET code, a new action. Here every
text and button title from Rasa is checked on its way to any channel: an id is replaced by words
("field:web-development" → "web development"), an O*NET code or a field name is removed, and the event is
logged as an error naming the pattern, so the leak gets fixed at its source. Button payloads are not
touched: they go back to Rasa, never to the person's eyes.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)
REMOVED = "internal identifiers removed from a reply"  # the log line bench/transcripts.py counts

_ID = re.compile(r"\b(?:field|cur|cos|skill|tech):([a-z0-9][\w-]*)")
_CODE = re.compile(r"\s*\(?\b\d{2}-\d{4}\.\d{2}\b\)?")
_FIELD_NAMES = re.compile(
    r"\b(?:cost_source_url|source_url|cost_amount|cost_unit|as_of|transition_id|credential_id|target_field|"
    r"current_field|recommended_ids|utter_[a-z_]+|action_[a-z_]+|nlu_fallback|Primary-(?:Short|Long)|"
    r"Supplemental-(?:Short|Long))\b"
)


def leaks(text: str) -> list[str]:
    """The internal tokens in `text` (empty when it is clean)."""
    return [m.group(0) for p in (_ID, _CODE, _FIELD_NAMES) for m in p.finditer(text)]


def clean_text(text: str) -> str:
    """`text` with every internal token turned into words or removed."""
    found = leaks(text)
    if not found:
        return text
    logger.error(
        REMOVED + ": %s", ", ".join(sorted(set(t.strip() for t in found)))
    )
    text = _ID.sub(lambda m: m.group(1).replace("-", " "), text)
    text = _CODE.sub("", text)
    text = _FIELD_NAMES.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text)
