"""Scale path and faults, against real processes and this machine's PostgreSQL and Redis.

- Two Rasa instances sharing a PostgreSQL tracker store and a Redis ticket lock store behind the gateway:
  50 conversations at once lose nothing, answer nothing twice, and keep each conversation's order.
- The action server dies mid-conversation: a polite "try again", then the conversation continues with its
  profile once the action server is back.
- A Rasa instance restarts: the conversation continues from the tracker store.
"""

from __future__ import annotations

import json
import secrets
import socket
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCRIPT = [
    "hi",
    "I work in finance and want to move into fintech",
    "tell me more about the first one",
    "thanks",
]


def reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def history(stack, sender: str) -> list[dict]:
    url = f"{stack.base_url}/api/v1/history?sender_id={urllib.request.quote(sender)}"
    request = urllib.request.Request(url, headers=stack.api_headers())  # api: ids need the integration key
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())["messages"]


def tracker_user_texts(stack, sender: str) -> list[str]:
    url = (
        f"{stack.rasa_url}/conversations/{urllib.request.quote(sender, safe=':')}/tracker?token={stack.token}"
    )
    with urllib.request.urlopen(url, timeout=30) as resp:
        events = json.loads(resp.read())["events"]
    return [e["text"] for e in events if e["event"] == "user"]


@pytest.fixture(scope="module")
def scaled_stack(tmp_path_factory):
    if not (reachable("127.0.0.1", 5432) and reachable("127.0.0.1", 6379)):
        pytest.skip("PostgreSQL (5432) and Redis (6379) are needed for the scale path")
    import psycopg

    from bench.stack import Stack, test_model

    db = f"pivot_scale_{secrets.token_hex(4)}"
    stack = Stack(
        workdir=tmp_path_factory.mktemp("scaled"),
        model=test_model(),
        rasa_instances=2,
        action_servers=2,
        endpoints="endpoints.scaled.yml",
        extra_env={
            "PG_HOST": "127.0.0.1",
            "PG_PORT": "5432",
            "PG_USER": "postgres",
            "PG_PASSWORD": "",
            "PG_LOGIN_DB": "postgres",
            "PG_TRACKER_DB": db,
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": "6379",
            "REDIS_DB": "0",
            "TRACKER_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{db}",
        },
    )
    stack.start()
    try:
        stack.wait_healthy(timeout=300)
        yield stack
    finally:
        stack.stop()
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def test_fifty_conversations_on_two_instances_lose_nothing_and_keep_order(scaled_stack):
    senders = [f"api:scale-{uuid.uuid4()}" for _ in range(50)]

    def converse(sender: str) -> list[dict]:
        return [scaled_stack.send(sender, text, timeout=180) for text in SCRIPT]

    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(pool.map(converse, senders))

    for sender, convo in zip(senders, replies, strict=True):
        assert all(r["messages"] for r in convo), (sender, convo)
        # Rasa's tracker (shared PostgreSQL store) holds each message exactly once, in the order sent.
        assert tracker_user_texts(scaled_stack, sender) == SCRIPT
        # The gateway's own record: each user message once, in order, each followed by its replies.
        hist = history(scaled_stack, sender)
        assert [m["text"] for m in hist if m["from"] == "user"] == SCRIPT
        assert hist[0]["from"] == "user" and hist[-1]["from"] == "bot"


def test_action_server_dies_and_comes_back(pivot_stack):
    sender = f"api:{uuid.uuid4()}"
    first = pivot_stack.send(sender, "I work in finance and want to move into fintech")
    assert first["messages"]
    pivot_stack.stop("actions")
    try:
        during = pivot_stack.send(sender, "tell me more about the first one")
        text = " ".join(m.get("text") or "" for m in during["messages"]).lower()
        assert "try again" in text, during
    finally:
        pivot_stack.start("actions")
        pivot_stack.wait_healthy()
    after = pivot_stack.send(sender, "tell me more about the first one")
    assert after["messages"] and "try again" not in json.dumps(after).lower()


def test_rasa_restart_continues_from_tracker_store(pivot_stack):
    sender = f"api:{uuid.uuid4()}"
    pivot_stack.send(sender, "I work in finance and want to move into fintech")
    pivot_stack.stop("rasa")
    try:
        req = urllib.request.Request(
            f"{pivot_stack.base_url}/api/v1/messages",
            method="POST",
            data=json.dumps({"sender_id": sender, "text": "tell me more about the first one"}).encode(),
            headers=pivot_stack.api_headers(),
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=30)
        assert err.value.code == 503 and json.loads(err.value.read())["error"]
    finally:
        pivot_stack.start("rasa")
        pivot_stack.wait_healthy()
    before_restart = tracker_user_texts(pivot_stack, sender)
    assert before_restart[0] == "I work in finance and want to move into fintech"
    after = pivot_stack.send(sender, "tell me more about the first one")
    assert after["messages"] and "try again" not in json.dumps(after).lower()
