"""Property-based tests (Hypothesis) of the HTTP API and the WebSocket handler, across many requests.

Whatever arrives — any JSON value, any Unicode (lone surrogates included), huge strings, raw bytes that are
not UTF-8 — the gateway answers a 4xx with `{"error": str}` or a 200 in the contract's shape, never a 5xx or a
stack trace. And across all the examples of a run the app DB stays whole: exactly the answered messages are
stored, each next to its replies, a repeated `client_id` is answered from the record and stored once.
(The gateway's own tests/bot cover single requests; these cover the WebSocket and the state between them.)
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import defaultdict

import aiohttp
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.reliability.doors import API_HEADERS, ORIGIN, web_token, ws_path
from tests.reliability.harness import audit, expected_text

# Against the real Rasa every accepted message costs a model prediction, so live runs draw fewer examples.
EXAMPLES = {"fake": 60, "live": 20}

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],  # no shrinking: bounded run time
)

# Any Unicode code point, lone surrogates included (they cannot be encoded as UTF-8).
any_char = st.characters(codec=None, exclude_categories=())
any_text = st.one_of(
    st.text(any_char, max_size=50),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(["hi", "I work in finance and want to move into fintech", " ", "\x00", "🙂", "<b>x</b>"]),
    st.integers(1990, 2010).map(lambda n: "é" * n),  # around the 2,000-character limit
    st.integers(60_000, 70_000).map(lambda n: "x" * n),  # around the 64 KB body limit
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(any_char, max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
sender_ids = st.one_of(
    st.just("SENDER"),  # replaced by the run's sender so that valid messages accumulate in one conversation
    st.text(any_char, max_size=30),
    st.sampled_from(["tg:123", "web:short", "api:", "api:" + "a" * 101, "web:" + "a" * 65]),
    json_values,
)
message_bodies = st.fixed_dictionaries(
    {"sender_id": sender_ids, "text": st.one_of(any_text, json_values)},
    optional={"client_id": st.one_of(st.sampled_from(["c1", "c2", "c3"]), json_values), "site": json_values},
)


def encode(body) -> bytes:
    """JSON with lone surrogates escaped (`\\ud800`), which is valid JSON the gateway must refuse."""
    return json.dumps(body, ensure_ascii=True).encode()


def encode_str(body) -> str:
    return encode(body).decode("ascii")


def is_ping(frame: str) -> bool:
    try:
        return json.loads(frame) == {"type": "ping"}
    except ValueError:
        return False


class Ledger:
    """What the gateway answered 200 to, per sender: the cleaned text and the replies it returned."""

    def __init__(self) -> None:
        self.by_client_id: dict[tuple[str, str], list[str]] = {}
        self.answered: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)

    def record(self, sender: str, text: str, client_id: str | None, replies: list[str]) -> None:
        if client_id is not None and (sender, client_id) in self.by_client_id:
            # a repeated client_id: answered from the record, identical, and not stored again
            assert replies == self.by_client_id[(sender, client_id)]
            return
        if client_id is not None:
            self.by_client_id[(sender, client_id)] = replies
        self.answered[sender].append((expected_text(text), replies))

    def check(self, db_url: str) -> None:
        stored = audit(db_url)
        for sender, answered in self.answered.items():
            got = [(e.inbound, e.replies) for e in stored.get(sender, [])]
            assert sorted(got) == sorted(answered), sender
        assert set(stored) <= set(self.answered) | {s for s in stored if not stored[s]}


def check_answer(status: int, raw: bytes, sender: str | None = None) -> dict:
    assert status < 500, (status, raw[:300])
    assert b"Traceback" not in raw
    body = json.loads(raw)
    if status == 200:
        assert isinstance(body["sender_id"], str)
        for m in body["messages"]:
            assert isinstance(m["text"], str) and isinstance(m["buttons"], list)
            assert all(isinstance(b["title"], str) and isinstance(b["payload"], str) for b in m["buttons"])
    else:
        assert status in (400, 413, 415, 429), status
        assert isinstance(body["error"], str) and body["error"].strip()
    return body


def test_api_answers_anything_cleanly_and_stores_exactly_the_answered(threaded_gateway):
    url = f"{threaded_gateway.base_url}/api/v1/messages"
    session = requests.Session()
    session.headers.update(API_HEADERS)
    sender = f"web:{uuid.uuid4()}"
    ledger = Ledger()

    @settings(PROPERTY_SETTINGS, max_examples=EXAMPLES[threaded_gateway.backend.name])
    @given(body=st.one_of(message_bodies, json_values))
    def prop(body) -> None:
        if isinstance(body, dict) and body.get("sender_id") == "SENDER":
            body = {**body, "sender_id": sender, "token": web_token(sender)}
        resp = session.post(url, data=encode(body), headers={"Content-Type": "application/json"}, timeout=90)
        answer = check_answer(resp.status_code, resp.content)
        if resp.status_code == 200:
            ledger.record(
                answer["sender_id"],
                body["text"],
                body.get("client_id"),
                [m["text"] for m in answer["messages"]],
            )

    with session:
        prop()
    ledger.check(threaded_gateway.settings.app_database_url)


def test_api_survives_raw_bytes(threaded_gateway):
    url = f"{threaded_gateway.base_url}/api/v1/messages"
    session = requests.Session()
    session.headers.update(API_HEADERS)

    @PROPERTY_SETTINGS
    @given(
        raw=st.one_of(
            st.binary(max_size=300),
            st.builds(  # a JSON envelope around bytes that are not UTF-8
                lambda junk: b'{"sender_id": "api:bytes", "text": "' + junk + b'"}',
                st.binary(min_size=1, max_size=50).filter(lambda b: b'"' not in b and b"\\" not in b),
            ),
        ),
        ctype=st.sampled_from(["application/json", "text/plain", "", "application/octet-stream"]),
    )
    def prop(raw: bytes, ctype: str) -> None:
        resp = session.post(url, data=raw, headers={"Content-Type": ctype} if ctype else {}, timeout=90)
        check_answer(resp.status_code, resp.content)

    with session:
        prop()
    audit(threaded_gateway.settings.app_database_url)


# --------------------------------------------------------------------------- WebSocket
ws_frames = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.just("message"),
            "text": st.one_of(any_text.filter(lambda t: len(t) < 20_000), json_values),
        },
        optional={"client_id": st.one_of(st.sampled_from(["w1", "w2", "w3"]), json_values)},
    ).map(encode_str),
    st.fixed_dictionaries({"type": st.sampled_from(["ping", "typing", "", "bot"])}).map(encode_str),
    json_values.map(encode_str),
    st.text(any_char, max_size=40).map(
        lambda t: t.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    ),
)


def client_session() -> aiohttp.ClientSession:
    """A session whose sockets are closed with it (each example runs in its own short-lived loop)."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True))


async def ws_batch(base_url: str, sender: str, frames: list[str]) -> list[dict]:
    """Send all frames at once on one socket; collect one answer per frame (typing notices skipped)."""
    async with client_session() as http:
        async with http.ws_connect(f"{base_url}{ws_path(sender)}", headers={"Origin": ORIGIN}) as ws:
            for frame in frames:
                await ws.send_str(frame)
            answers: list[dict] = []
            while len(answers) < len(frames):
                msg = await asyncio.wait_for(ws.receive(), 90)
                assert msg.type == aiohttp.WSMsgType.TEXT, (msg, frames)
                data = json.loads(msg.data)
                if data["type"] != "typing":
                    answers.append(data)
            return answers


def test_websocket_answers_every_frame_and_stores_exactly_the_answered(threaded_gateway):
    """Any batch of frames on one socket gets exactly one answer per frame (`bot`, `pong` or `error`), the
    socket stays open, and the app DB holds exactly one exchange per answered message and client_id."""
    sender = f"web:{uuid.uuid4()}"
    replies_by_client_id: dict[str, list[str]] = {}
    answered_without_id: list[list[str]] = []

    @settings(PROPERTY_SETTINGS, max_examples=EXAMPLES[threaded_gateway.backend.name])
    @given(frames=st.lists(ws_frames, min_size=1, max_size=6))
    def prop(frames: list[str]) -> None:
        answers = asyncio.run(ws_batch(threaded_gateway.base_url, sender, frames))
        for a in answers:
            assert a["type"] in ("bot", "pong", "error"), a
            assert "Traceback" not in json.dumps(a)
            if a["type"] == "error":
                assert isinstance(a["error"], str) and a["error"].strip()
            elif a["type"] == "bot":
                texts = [m["text"] for m in a["messages"]]
                if a["reply_to"] is None:
                    answered_without_id.append(texts)
                else:  # the first answer to a client_id is the record every later one repeats
                    assert replies_by_client_id.setdefault(a["reply_to"], texts) == texts
        assert sum(1 for a in answers if a["type"] == "pong") == sum(1 for f in frames if is_ping(f))

    prop()
    stored = audit(threaded_gateway.settings.app_database_url).get(sender, [])
    assert {e.client_id: e.replies for e in stored if e.client_id} == replies_by_client_id
    assert sorted(e.replies for e in stored if not e.client_id) == sorted(answered_without_id)


def test_concurrent_senders_lose_nothing(threaded_gateway):
    """Bursts of messages from a few senders at once, over both doors: every 200 is stored with its replies,
    and nothing else is stored."""
    base = threaded_gateway.base_url
    senders = [f"web:{uuid.uuid4()}" for _ in range(4)]
    ledger = Ledger()

    async def burst(plan: list[tuple[int, str, bool]]) -> None:
        async with client_session() as http:

            async def one(i: int, text: str, via_ws: bool) -> None:
                sender = senders[i]
                if via_ws:
                    [answer] = await ws_batch(base, sender, [json.dumps({"type": "message", "text": text})])
                    if answer["type"] == "bot":
                        ledger.record(sender, text, None, [m["text"] for m in answer["messages"]])
                    return
                body = {"sender_id": sender, "text": text, "token": web_token(sender)}
                async with http.post(f"{base}/api/v1/messages", json=body, headers=API_HEADERS) as r:
                    body = check_answer(r.status, await r.read())
                    if r.status == 200:
                        ledger.record(sender, text, None, [m["text"] for m in body["messages"]])

            await asyncio.gather(*(one(*p) for p in plan))

    @settings(PROPERTY_SETTINGS, max_examples=EXAMPLES[threaded_gateway.backend.name] // 3)
    @given(
        plan=st.lists(
            st.tuples(st.integers(0, len(senders) - 1), st.text(min_size=1, max_size=40), st.booleans()),
            min_size=1,
            max_size=12,
        )
    )
    def prop(plan) -> None:
        asyncio.run(burst(plan))

    prop()
    ledger.check(threaded_gateway.settings.app_database_url)
