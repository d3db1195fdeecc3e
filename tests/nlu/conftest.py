"""Fixtures for the NLU component tests (Rasa environment: `.venv-rasa`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

# A small gazetteer in the export-nlu format (docs/ARCHITECTURE.md), covering each table of the index.
GAZETTEER = {
    "version": 1,
    "entries": [
        {"text": "fintech", "label": "occupation", "id": "field:fintech"},
        {"text": "cybersecurity", "label": "occupation", "id": "field:cybersecurity"},
        {"text": "cyber security", "label": "occupation", "id": "field:cybersecurity"},
        {"text": "data analytics", "label": "occupation", "id": "field:data-analytics"},
        {"text": "data", "label": "occupation", "id": "field:data-analytics"},
        {"text": "ux", "label": "occupation", "id": "field:ux-design"},
        {"text": "bank", "label": "occupation", "id": "field:banking"},
        {"text": "accounting", "label": "occupation", "id": "field:accounting"},
        {"text": "Bank Tellers", "label": "occupation", "id": "43-3071.00"},
        {"text": "Information Security Analysts", "label": "occupation", "id": "15-1212.00"},
        {"text": "Security Analyst", "label": "occupation", "id": "15-1212.00"},
        {"text": "Teacher", "label": "occupation", "id": "25-2031.00"},
        {"text": "Anchor", "label": "occupation", "id": "27-3011.00"},
        {"text": "CISSP", "label": "occupation", "id": "15-1212.00"},
        {"text": "comptia security+ (sy0-701)", "label": "credential", "id": "cur:comptia-security-plus"},
        {"text": "pmp", "label": "credential", "id": "cur:pmi-pmp"},
        {"text": "cissp", "label": "credential", "id": "cos:10799"},
        {
            "text": "google data analytics professional certificate",
            "label": "credential",
            "id": "cur:google-data-analytics",
        },
        {"text": "can", "label": "credential", "id": "cos:99999"},
        {"text": "python", "label": "skill", "id": "skill:python"},
        {"text": "sql", "label": "skill", "id": "skill:sql"},
        {"text": "spreadsheets", "label": "skill", "id": "skill:spreadsheets"},
    ],
}


@pytest.fixture()
def gazetteer_file(tmp_path: Path) -> Path:
    path = tmp_path / "gazetteer.json"
    path.write_text(json.dumps(GAZETTEER), encoding="utf-8")
    return path


@pytest.fixture()
def model_storage(tmp_path: Path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    directory = tmp_path / "model"
    directory.mkdir()
    return LocalModelStorage(directory)


@pytest.fixture()
def execution_context():
    from rasa.engine.graph import ExecutionContext, GraphSchema

    return ExecutionContext(GraphSchema({}), "test-model")


def message(text: str, intent: str | None = None, entities: list | None = None):
    """A Rasa `Message` as the pipeline sees it after DIET (optional intent and entities)."""
    from rasa.shared.nlu.training_data.message import Message

    msg = Message(data={"text": text})
    if intent:
        msg.set("intent", {"name": intent, "confidence": 0.9})
    if entities is not None:
        msg.set("entities", entities)
    return msg
