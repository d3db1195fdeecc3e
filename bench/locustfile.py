"""Locust load script: each simulated person has a short, realistic conversation with Pivot.

greet -> profile in one sentence (recommendations) -> follow-up -> refinement, all through
the gateway's POST /api/v1/messages, with the integration key in `PIVOT_API_KEY`.
Every iteration is a new person (new sender_id), so the load is many conversations, not one long one.
"""

from __future__ import annotations

import os
import uuid

from locust import HttpUser, constant, task

SCRIPTS = [
    [
        "hi",
        "I work in finance and want to move into fintech",
        "tell me more about the first one",
        "cheaper options",
    ],
    [
        "hello",
        "I'm a teacher and I'd like to get into instructional design",
        "what skills am I missing?",
        "bye",
    ],
    ["hey", "10 years in accounting, want something with data", "only online please", "the second one"],
    [
        "hi there",
        "I do IT support and want to move into cybersecurity",
        "compare the first and second",
        "thanks",
    ],
]


class Person(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        # `api:` sender ids need the gateway's integration key (bench/__main__.py passes the stack's)
        self.client.headers["X-API-Key"] = os.environ.get("PIVOT_API_KEY", "")

    @task
    def conversation(self) -> None:
        sender = f"api:bench-{uuid.uuid4()}"
        script = SCRIPTS[hash(sender) % len(SCRIPTS)]
        for text in script:
            with self.client.post(
                "/api/v1/messages",
                json={"sender_id": sender, "text": text},
                name="POST /api/v1/messages",
                catch_response=True,
            ) as resp:
                if resp.status_code != 200 or not resp.json().get("messages"):
                    resp.failure(f"{resp.status_code}: {resp.text[:200]}")
