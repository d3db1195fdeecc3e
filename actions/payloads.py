"""Knowledge-base answers turned into structured payloads (`actions/structured.py`).

The wording comes from `actions.formatting` and `knowledge.display`, the same functions the text uses,
so a card never says something the text does not.
"""

from __future__ import annotations

from actions.formatting import issuer, limits_line, title, why
from actions.structured import CredentialCard, CredentialDetails, CredentialRef
from knowledge.display import date_text, duration, format_label, money
from knowledge.types import Credential, Recommendation


def cost_chip(cred: Credential) -> str:
    """The cost without its date: the card shows the date once, for all its facts."""
    return money(cred).removesuffix(f" ({date_text(cred)})")


def details(cred: Credential) -> CredentialDetails:
    return CredentialDetails(
        description=cred.description or None,
        skills=list(cred.skills[:8]),
        cost_note=cred.cost_note or None,
        level=cred.level or None,
        prerequisites=cred.prerequisites or "none stated",
        quality_assurance=cred.quality_assurance or "none stated by my sources",
        recognition=cred.recognition or "not stated by my sources",
    )


def card(
    cred: Credential, rank: int | None = None, reason: str | None = None, note: str | None = None
) -> CredentialCard:
    """A card with the facts `credential_details` prints, the source page and the date they are from."""
    source = cred.source_url or cred.url
    return CredentialCard(
        id=cred.id,
        rank=rank,
        name=title(cred),
        issuer=issuer(cred),
        reason=reason,
        cost=cost_chip(cred),
        time=duration(cred),
        format=format_label(cred),
        dated=date_text(cred),
        note=note,
        source_url=source or None,
        url=cred.url if cred.url and cred.url != source else None,
        details=details(cred),
    )


def recommendation_card(rec: Recommendation, number: int, target_title: str) -> CredentialCard:
    """The card for one entry of `recommendation_block`: same number, reason and limit note."""
    note = limits_line(rec)
    return card(
        rec.credential,
        rank=number,
        reason=why(rec, target_title),
        note=f"{note[0].upper()}{note[1:]}" if note else None,
    )


def reference(cred: Credential) -> CredentialRef:
    return CredentialRef(id=cred.id, name=title(cred), issuer=issuer(cred))
