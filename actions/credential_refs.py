"""Turning what the person said ("the second one", "Security+", cur:…) into credentials."""

from __future__ import annotations

from knowledge.api import KnowledgeBase
from rasa_sdk import Tracker

from actions.base import entity_values, is_credential_id, ordinal_ids
from knowledge.types import Credential


async def credential_from_ref(kb: KnowledgeBase, ref: str) -> Credential | None:
    if is_credential_id(ref):
        return await kb.get_credential(ref)
    return await kb.lookup_credential(ref)


async def referenced_credentials(kb: KnowledgeBase, tracker: Tracker) -> list[Credential]:
    """Credentials named in the latest message, ordinals first, without duplicates."""
    found: list[Credential] = []
    for ref in ordinal_ids(tracker) + entity_values(tracker, "credential"):
        cred = await credential_from_ref(kb, ref)
        if cred is not None and all(c.id != cred.id for c in found):
            found.append(cred)
    return found


def unresolved_names(tracker: Tracker, found: list[Credential]) -> list[str]:
    """Credential names the person gave that matched nothing (to say so honestly)."""
    names = {c.name.lower() for c in found} | {c.id for c in found}
    return [v for v in entity_values(tracker, "credential") if v.lower() not in names and v not in names]
