"""Where one message's time goes: CPU and wall time of each part of a Pivot turn (issue 14).

    .venv-rasa/bin/python -m bench.profile rasa    [--model M] [--conversations 10] [--long 200] [--out DIR]
    .venv-app/bin/python  -m bench.profile actions [--out DIR]      (replays the calls `rasa` recorded)
    .venv-app/bin/python  -m bench.profile stack   [--model M] [--conversations 10] [--out DIR]
    .venv-app/bin/python  -m bench.profile gateway [--model M] [--conversations 10] [--out DIR]

`rasa` loads the model in this process the way `rasa run` does (same endpoints.yml: SQL tracker store in a
temporary SQLite file, the real action server started through bench/stack.py) and wraps, for the profile
only, Rasa's graph nodes (every NLU component and every policy), the action runs, the HTTP calls to the
action server and the tracker store's reads and writes with timers. It plays the four conversations of
bench/locustfile.py `--conversations` times, then one `--long`-turn conversation, one message at a time,
and records every action-server request body so that `actions` can replay them in-process through
rasa-sdk's executor (JSON decode, each action, `actions.understand.read_text`, JSON encode).
`stack` starts the three real processes and reads each one's CPU time (psutil) over the same messages,
sent through the gateway and straight to Rasa's REST channel: CPU per message per process, and what the
gateway adds. `gateway` serves the gateway's app (`bot.app.init_app`, same settings) in this process with
timers around its parts (rate limit, per-sender lock, app-DB read and write, Rasa client, the whole
request), the real Rasa and action server behind it.

CPU time (`time.process_time`, all threads of the measuring process) is the figure to trust on a shared
2-core machine: wall time also counts other sessions' work. Messages are sent one at a time, so the CPU a
process spends while a part runs belongs to that part. Everything is written as JSON under `--out`
(default `var/profile/`) and summarised as a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import cProfile
import functools
import json
import logging
import os
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from bench.stack import ROOT, Stack, test_model

DEFAULT_OUT = ROOT / "var" / "profile"
ACTION_CALLS = "action_calls.jsonl"
LONG_TRACKER_EVENTS = 500  # action calls from the long conversation's second half are reported apart


def locust_scripts() -> list[list[str]]:
    """The conversations `make bench` loads the stack with (read from bench/locustfile.py without
    importing Locust, which only the app environment has)."""
    tree = ast.parse((ROOT / "bench" / "locustfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SCRIPTS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError("bench/locustfile.py has no SCRIPTS")


class Ledger:
    """Named samples of (CPU ms, wall ms); one per call of a timed part."""

    def __init__(self) -> None:
        self.samples: dict[str, list[tuple[float, float]]] = defaultdict(list)

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.samples[name].append(
                ((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)
            )

    def wrap_sync(self, name: str | Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.timed(name(*args, **kwargs) if callable(name) else name):
                return fn(*args, **kwargs)

        return wrapper

    def wrap_async(
        self, name: str | Callable[..., str], fn: Callable[..., Awaitable[Any]]
    ) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(fn)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.timed(name(*args, **kwargs) if callable(name) else name):
                return await fn(*args, **kwargs)

        return wrapper

    def wrap_async_cm(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """An async context manager factory (e.g. a lock's `hold`) timed until its body starts."""

        @functools.wraps(fn)
        @contextlib.asynccontextmanager
        async def wrapper(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            cm = fn(*args, **kwargs)
            with self.timed(name):
                value = await cm.__aenter__()
            try:
                yield value
            except BaseException as exc:
                if not await cm.__aexit__(type(exc), exc, exc.__traceback__):
                    raise
            else:
                await cm.__aexit__(None, None, None)

        return wrapper

    def summary(self, turns: int) -> dict[str, dict[str, float]]:
        """Per part: calls, CPU/wall ms per call (median) and CPU ms per turn (total / turns)."""
        out = {}
        for name, rows in sorted(self.samples.items(), key=lambda kv: -sum(c for c, _ in kv[1])):
            cpu = [c for c, _ in rows]
            wall = [w for _, w in rows]
            out[name] = {
                "calls": len(rows),
                "cpu_ms_per_turn": round(sum(cpu) / turns, 3),
                "cpu_ms_median": round(statistics.median(cpu), 3),
                "wall_ms_median": round(statistics.median(wall), 3),
            }
        return out


def markdown(title: str, summary: dict[str, dict[str, float]]) -> str:
    lines = [
        f"### {title}",
        "",
        "| part | calls | CPU ms / turn | CPU ms / call (p50) | wall ms / call (p50) |",
    ]
    lines.append("|---|---|---|---|---|")
    for name, row in summary.items():
        lines.append(
            f"| {name} | {row['calls']} | {row['cpu_ms_per_turn']} | {row['cpu_ms_median']} | "
            f"{row['wall_ms_median']} |"
        )
    return "\n".join(lines) + "\n"


def wait_http(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - loopback URL we built
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise TimeoutError(f"{url} not ready after {timeout}s")


# --- Rasa, in-process (.venv-rasa) -------------------------------------------------------------------------


def instrument_rasa(ledger: Ledger, calls_file: Path) -> None:
    """Timers around Rasa's graph nodes, action runs, action-server requests and tracker store."""
    from rasa.core import processor as processor_module
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.engine.graph import GraphNode
    from rasa.utils.endpoints import EndpointConfig

    node_call = GraphNode.__call__

    def timed_node(self: GraphNode, *inputs: Any) -> Any:
        kind = "nlu" if self._node_name.startswith("run_") and "Policy" not in self._node_name else "core"
        with ledger.timed(f"{kind} node {self._node_name}"):
            return node_call(self, *inputs)

    GraphNode.__call__ = timed_node  # type: ignore[method-assign]

    processor = processor_module.MessageProcessor
    processor.parse_message = ledger.wrap_async("nlu total (parse_message)", processor.parse_message)
    processor._predict_next_with_tracker = ledger.wrap_sync(
        "core total (one prediction)", processor._predict_next_with_tracker
    )
    processor._run_action = ledger.wrap_async(
        lambda _self, action, *_a, **_k: f"action {action.name()}", processor._run_action
    )
    processor.save_tracker = ledger.wrap_async("tracker store save", processor.save_tracker)
    processor.fetch_tracker_and_update_session = ledger.wrap_async(
        "tracker store read (+ session check)", processor.fetch_tracker_and_update_session
    )
    SQLTrackerStore.retrieve = ledger.wrap_async("  of which SQL retrieve", SQLTrackerStore.retrieve)
    SQLTrackerStore.save = ledger.wrap_async("  of which SQL save", SQLTrackerStore.save)

    request = EndpointConfig.request

    async def recorded_request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
        body = kwargs.get("json")
        if isinstance(body, dict) and "next_action" in body:
            with calls_file.open("a") as fh:
                fh.write(json.dumps(body) + "\n")
            name = f"action-server HTTP {body['next_action']}"
        else:
            name = "other HTTP"
        with ledger.timed(name):
            return await request(self, *args, **kwargs)

    EndpointConfig.request = recorded_request  # type: ignore[method-assign]


async def play_rasa(args: argparse.Namespace, out: Path, actions_url: str, workdir: Path) -> dict[str, Any]:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    from rasa.utils.tensorflow.environment import setup_tf_environment

    # what `rasa run` does first: INFO logging (debug logs would dominate the profile) and TF threads
    configure_logging_and_warnings(logging.INFO, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(logging.INFO)
    setup_tf_environment()
    os.environ["ACTION_ENDPOINT_URL"] = f"{actions_url}/webhook"
    os.environ["TRACKER_SQLITE_PATH"] = str(workdir / "rasa_tracker.db")
    calls_file = out / ACTION_CALLS
    calls_file.unlink(missing_ok=True)
    agent = await load_agent(
        model_path=str(args.model), endpoints=AvailableEndpoints.read_endpoints(str(ROOT / args.endpoints))
    )

    replies: list[list[dict[str, Any]]] = []

    async def turn(sender: str, text: str) -> tuple[float, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        replies.append(await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender)) or [])
        return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000

    turn.replies = replies  # type: ignore[attr-defined]

    for text in ("hi", "I work in finance and want to move into fintech"):  # warm-up: first-call costs
        await turn(f"api:warm-{uuid.uuid4()}", text)

    ledger = Ledger()
    instrument_rasa(ledger, calls_file)
    scripts = locust_scripts()
    per_turn: list[tuple[float, float]] = []
    profiler = cProfile.Profile() if args.cprofile else None
    for i in range(args.conversations):
        sender = f"api:profile-{uuid.uuid4()}"
        for text in scripts[i % len(scripts)]:
            with ledger.timed("TURN (handle_message)"):
                if profiler:
                    profiler.enable()
                per_turn.append(await turn(sender, text))
                if profiler:
                    profiler.disable()
    if profiler:
        profiler.dump_stats(args.cprofile)
    turns = len(per_turn)
    short = ledger.summary(turns)
    tracker_get = await tracker_endpoint_cost(agent, sender)

    return {
        "model": str(args.model),
        "turns": turns,
        "turn_cpu_ms_p50": round(statistics.median(c for c, _ in per_turn), 2),
        "turn_wall_ms_p50": round(statistics.median(w for _, w in per_turn), 2),
        "parts": short,
        "tracker_endpoint_cpu_ms": tracker_get,
        "long_conversation": (
            await play_long(agent, turn, ledger, args.long, scripts, args.window, args.cprofile_last)
            if args.long
            else None
        ),
        "env": {
            k: os.environ.get(k)
            for k in ("TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS", "OMP_NUM_THREADS")
        },
    }


async def tracker_endpoint_cost(agent: Any, sender: str, repeat: int = 5) -> float:
    """CPU ms of what `GET /conversations/{id}/tracker` does (the gateway's summary rebuild asks for it
    after every turn): the full tracker from the store, serialised with every event, as JSON."""
    from rasa.shared.core.trackers import EventVerbosity

    cpu = time.process_time()
    for _ in range(repeat):
        tracker = await agent.processor.fetch_full_tracker_with_initial_session(sender)
        json.dumps(tracker.current_state(EventVerbosity.AFTER_RESTART))
    return round((time.process_time() - cpu) * 1000 / repeat, 2)


async def play_long(
    agent: Any,
    turn: Callable[[str, str], Awaitable[tuple[float, float]]],
    ledger: Ledger,
    turns: int,
    scripts: list[list[str]],
    window: int = 10,
    cprofile_last: Path | None = None,
) -> dict[str, Any]:
    """One conversation of `turns` messages cycling through the first `window` messages of the bench
    scripts: the parts of its first and last windows (turns 1–10 and 191–200 by default: the same
    messages, at the start and at the end). `cprofile_last`: cProfile stats of the last window."""
    window = min(window, turns // 2)
    cycle = [text for script in scripts for text in script][:window]
    sender = f"api:long-{uuid.uuid4()}"
    per_turn, windows = [], {}
    for i in range(turns):
        if i in (0, turns - window):
            ledger.samples.clear()
        profiler = cProfile.Profile() if cprofile_last and i >= turns - window else None
        with ledger.timed("TURN (handle_message)"):
            if profiler:
                profiler.enable()
            cpu, wall = await turn(sender, cycle[i % len(cycle)])
            if profiler:
                profiler.disable()
                profiler.dump_stats(f"{cprofile_last}.{i + 1}")
        reply = " | ".join(str(m.get("text", "")) for m in turn.replies[-1])  # type: ignore[attr-defined]
        per_turn.append({"turn": i + 1, "cpu_ms": round(cpu, 2), "wall_ms": round(wall, 2), "reply": reply})
        if i in (window - 1, turns - 1):
            windows["first" if i == window - 1 else "last"] = ledger.summary(window)
    store = agent.tracker_store
    store = getattr(store, "_tracker_store", store)  # inside Rasa's FailSafeTrackerStore
    cache = {
        "store": type(store).__name__,
        "hits": getattr(store, "hits", None),
        "misses": getattr(store, "misses", None),
    }
    if getattr(store, "long_conversations", False):  # pivot_rasa's caches: how often each was carried over
        from pivot_rasa import policy_states, tracker_replay

        states, replays = policy_states.CACHE, tracker_replay.CACHE
        cache["policy_states"] = {"resumed": states.resumed, "rebuilt": states.rebuilt, "rasa": states.full}
        cache["tracker_copies"] = {
            "resumed": replays.copies_resumed, "rebuilt": replays.copies_rebuilt, "rasa": replays.copies_rasa
        }
        cache["applied_events"] = {"resumed": replays.applied_resumed, "rasa": replays.applied_rasa}
    tracker = await agent.tracker_store.retrieve(sender)
    first, last = per_turn[:window], per_turn[-window:]
    tracker_get = await tracker_endpoint_cost(agent, sender)
    return {
        "turns": turns,
        "events_at_end": len(tracker.events) if tracker else None,
        "tracker_store": cache,
        "window": window,
        "first_window_cpu_ms_mean": round(statistics.fmean(t["cpu_ms"] for t in first), 2),
        "last_window_cpu_ms_mean": round(statistics.fmean(t["cpu_ms"] for t in last), 2),
        "first_window_wall_ms_mean": round(statistics.fmean(t["wall_ms"] for t in first), 2),
        "last_window_wall_ms_mean": round(statistics.fmean(t["wall_ms"] for t in last), 2),
        "tracker_endpoint_cpu_ms": tracker_get,
        "parts_first_window": windows["first"],
        "parts_last_window": windows["last"],
        "per_turn": per_turn,
    }


def profile_rasa(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pivot-profile-") as tmp:
        stack = Stack(workdir=Path(tmp), model=args.model)
        stack.start("actions")
        try:
            wait_http(f"http://127.0.0.1:{stack.actions_port}/health")
            result = asyncio.run(play_rasa(args, out, f"http://127.0.0.1:{stack.actions_port}", Path(tmp)))
        finally:
            stack.stop()
    print(markdown(f"Rasa, {result['turns']} turns (CPU ms of the Rasa process)", result["parts"]))
    lc = result["long_conversation"]
    if not lc:
        return result
    for which in ("first", "last"):
        print(markdown(f"long conversation, {which} {lc['window']} turns", lc[f"parts_{which}_window"] or {}))
    print(
        f"long conversation, {lc['turns']} turns ({lc['events_at_end']} events): mean CPU of the first "
        f"{lc['window']} turns {lc['first_window_cpu_ms_mean']} ms, last {lc['window']} "
        f"{lc['last_window_cpu_ms_mean']} ms"
    )
    return result


# --- action server, in-process (.venv-app) -----------------------------------------------------------------


async def replay_actions(out: Path) -> dict[str, Any]:
    from rasa_sdk.executor import ActionExecutor
    from sanic.request import json_loads  # what the action server decodes a request with (ujson)
    from sanic.response import json_dumps

    import actions.understand
    from actions.kb import get_kb

    bodies = [line for line in (out / ACTION_CALLS).read_text().splitlines() if line.strip()]
    executor = ActionExecutor()
    executor.register_package("actions")
    await get_kb().warm_up()
    for body in bodies[:5]:  # warm-up: first-call costs
        await executor.run(json.loads(body))

    ledger = Ledger()
    actions.understand.read_text = ledger.wrap_async(  # type: ignore[assignment]
        "  of which actions.understand.read_text", actions.understand.read_text
    )
    actions.understand.read_turn = ledger.wrap_async(  # type: ignore[assignment]
        "  of which actions.understand.read_turn", actions.understand.read_turn
    )
    for body in bodies:
        events = len(json.loads(body).get("tracker", {}).get("events", []))
        size = "long tracker" if events > LONG_TRACKER_EVENTS else "short tracker"
        with ledger.timed(f"CALL (decode + run + encode), {size}"):
            with ledger.timed(f"json decode of the request, {size}"):
                call = json_loads(body)
            with ledger.timed(f"action {call['next_action']}, {size}"):
                result = await executor.run(call)
            with ledger.timed("json encode of the reply"):
                json_dumps(result)
    sizes = sorted(len(b) for b in bodies)
    return {
        "calls": len(bodies),
        "request_bytes_p50": sizes[len(sizes) // 2],
        "request_bytes_max": sizes[-1],
        "parts": ledger.summary(len(bodies)),
    }


def profile_actions(out: Path) -> dict[str, Any]:
    result = asyncio.run(replay_actions(out))
    print(markdown(f"Action server, {result['calls']} calls (per call, not per turn)", result["parts"]))
    return result


# --- the three real processes (.venv-app) ------------------------------------------------------------------


def post(url: str, body: dict[str, Any], headers: dict[str, str]) -> None:
    req = urllib.request.Request(  # noqa: S310 - loopback URLs we built
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    with urllib.request.urlopen(req, timeout=120) as resp:  # noqa: S310 - loopback URLs we built
        resp.read()


def cpu_seconds(stack: Stack) -> dict[str, float]:
    import psutil

    out = {}
    for name, proc in stack.procs.items():
        p = psutil.Process(proc.pid)
        times = [p.cpu_times(), *(c.cpu_times() for c in p.children(recursive=True))]
        out[name] = sum(t.user + t.system for t in times)
    return out


def play_stack(stack: Stack, conversations: int, via_gateway: bool) -> dict[str, Any]:
    scripts = locust_scripts()
    before, wall, messages = cpu_seconds(stack), time.perf_counter(), 0
    for i in range(conversations):
        sender = f"api:stack-{uuid.uuid4()}"
        for text in scripts[i % len(scripts)]:
            if via_gateway:
                post(
                    f"{stack.base_url}/api/v1/messages",
                    {"sender_id": sender, "text": text},
                    stack.api_headers(),
                )
            else:
                post(
                    f"{stack.rasa_url}/webhooks/rest/webhook",
                    {"sender": sender, "message": text},
                    stack.rasa_headers(),
                )
            messages += 1
    after, wall = cpu_seconds(stack), time.perf_counter() - wall
    return {
        "messages": messages,
        "wall_ms_per_message": round(wall * 1000 / messages, 2),
        "cpu_ms_per_message": {n: round((after[n] - before[n]) * 1000 / messages, 2) for n in after},
    }


def profile_stack(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pivot-profile-stack-") as tmp:
        stack = Stack(workdir=Path(tmp), model=args.model)
        stack.start()
        try:
            stack.wait_healthy(timeout=420)
            play_stack(stack, 2, via_gateway=True)  # warm-up
            result = {
                "via_gateway": play_stack(stack, args.conversations, via_gateway=True),
                "rasa_direct": play_stack(stack, args.conversations, via_gateway=False),
            }
        finally:
            stack.stop()
    for how, row in result.items():
        print(f"{how}: {row['messages']} msgs, wall {row['wall_ms_per_message']} ms/msg, CPU ms/msg:")
        print(f"  {row['cpu_ms_per_message']}")
    return result


async def play_gateway(
    stack: Stack, conversations: int, pause: float, cprofile: Path | None = None
) -> dict[str, Any]:
    """The gateway's app, built by `bot.app.init_app` from the stack's settings, served in this process
    with timers around its parts; the real Rasa and action server answer."""
    import aiohttp
    from aiohttp import web

    import bot.rasa
    import bot.store
    from bot.app import init_app
    from bot.conversation import ConversationService
    from bot.limits import KeyedLocks
    from bot.rasa import RasaClient
    from bot.settings import Settings

    ledger = Ledger()

    @web.middleware
    async def whole_request(request: web.Request, handler: Callable[..., Awaitable[Any]]) -> Any:
        if request.path != "/api/v1/messages":
            return await handler(request)
        with ledger.timed("REQUEST (server side, incl. JSON in/out and middlewares)"):
            return await handler(request)

    app = await init_app(Settings.from_env(stack.env()))
    app.middlewares.insert(0, whole_request)
    ConversationService.handle = ledger.wrap_async("ConversationService.handle", ConversationService.handle)
    ConversationService.retry_after = ledger.wrap_async("rate-limit check", ConversationService.retry_after)
    KeyedLocks.hold = ledger.wrap_async_cm("per-sender lock acquire", KeyedLocks.hold)
    bot.store.lookup = ledger.wrap_async("app DB read (idempotency lookup + flags)", bot.store.lookup)
    bot.store.record_exchange = ledger.wrap_async("app DB write (record_exchange)", bot.store.record_exchange)
    RasaClient.send = ledger.wrap_async("Rasa client send (wall = Rasa's turn)", RasaClient.send)
    bot.rasa.normalise = ledger.wrap_sync("  of which normalise + guard of the reply", bot.rasa.normalise)
    aiohttp.TCPConnector._create_connection = ledger.wrap_async(  # type: ignore[method-assign]
        "  new TCP connection (not a pooled keep-alive one)", aiohttp.TCPConnector._create_connection
    )
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", stack.gateway_port).start()
    scripts = locust_scripts()
    profiler = cProfile.Profile() if cprofile else None
    try:
        async with aiohttp.ClientSession() as http:
            for i in range(conversations + 2):
                if i == 2:  # the first two conversations warm up
                    ledger.samples.clear()
                    if profiler:
                        profiler.enable()
                sender = f"api:gw-{uuid.uuid4()}"
                for text in scripts[i % len(scripts)]:
                    async with http.post(
                        f"{stack.base_url}/api/v1/messages",
                        json={"sender_id": sender, "text": text},
                        headers=stack.api_headers(),
                    ) as resp:
                        resp.raise_for_status()
                        await resp.read()
                    if i >= 2:
                        await asyncio.sleep(pause)
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(cprofile)
        await runner.cleanup()
    turns = sum(len(scripts[i % len(scripts)]) for i in range(2, conversations + 2))
    return {"turns": turns, "pause_s": pause, "parts": ledger.summary(turns)}


def profile_gateway(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="pivot-profile-gw-") as tmp:
        stack = Stack(workdir=Path(tmp), model=args.model)
        stack.start("rasa", "actions")
        try:
            wait_http(f"{stack.rasa_url}/status?token={stack.token}", timeout=420)
            wait_http(f"http://127.0.0.1:{stack.actions_port}/health")
            result = asyncio.run(play_gateway(stack, args.conversations, args.pause, args.cprofile))
        finally:
            stack.stop()
    print(markdown(f"Gateway, {result['turns']} messages (CPU ms of the gateway process)", result["parts"]))
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("what", choices=("rasa", "actions", "stack", "gateway"))
    parser.add_argument("--model", type=Path, default=None, help="default: bench/stack.py's test model")
    parser.add_argument("--conversations", type=int, default=10)
    parser.add_argument("--long", type=int, default=200, help="turns of the long conversation (rasa)")
    parser.add_argument(
        "--window", type=int, default=10, help="rasa: turns compared at the start and the end of --long"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--pause", type=float, default=0.0, help="gateway: seconds between messages")
    parser.add_argument(
        "--endpoints", default="endpoints.yml", help="rasa: endpoints file (relative to the repo)"
    )
    parser.add_argument(
        "--cprofile", type=Path, help="rasa, gateway: also write cProfile stats of the measured turns"
    )
    parser.add_argument(
        "--cprofile-last",
        type=Path,
        help="rasa: cProfile stats of each of the long conversation's last turns",
    )
    parser.add_argument("--tag", default="", help="suffix of the JSON file, e.g. the setting being compared")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.what != "actions" and args.model is None:
        args.model = test_model()
    if args.what == "rasa":
        result = profile_rasa(args, args.out)
    elif args.what == "actions":
        result = profile_actions(args.out)
    elif args.what == "gateway":
        result = profile_gateway(args)
    else:
        result = profile_stack(args)
    result["started"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    result["loadavg"] = os.getloadavg()
    (args.out / f"{args.what}{'-' + args.tag if args.tag else ''}.json").write_text(
        json.dumps(result, indent=2) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
