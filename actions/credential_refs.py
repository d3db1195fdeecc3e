"""Turning what the person said ("the second one", "Security+", cur:…) into credentials."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import entity_values, is_credential_id, ordinal_ids
from knowledge.api import KnowledgeBase
from knowledge.types import Credential


async def credential_from_ref(kb: KnowledgeBase, ref: str) -> Credential | None:
    if is_credential_id(ref):
        return await kb.get_credential(ref)
    return await kb.lookup_credential(ref)


async def referenced_credentials(kb: KnowledgeBase, tracker: Tracker) -> tuple[list[Credential], list[str]]:
    """Credentials named in the latest message (ordinals first, no duplicates) and names matching none."""
    found: list[Credential] = []
    missing: list[str] = []
    for ref in ordinal_ids(tracker) + entity_values(tracker, "credential"):
        cred = await credential_from_ref(kb, ref)
        if cred is None:
            missing.append(ref)
        elif all(c.id != cred.id for c in found):
            found.append(cred)
    return found, missing
