"""Gateway processes on one port: 1 vs 2 (`GATEWAY_WORKERS`), and what the Redis turn lock costs.

    python -m bench.gateway_workers [--seconds 12] [--conversations 32] [--json]

The gateway alone, so Rasa does not hide it: a minimal Rasa double in its own process answers every
message at once (`--fake-rasa`), the app DB is a throw-away PostgreSQL database (SQLite file when
PostgreSQL is not on 127.0.0.1:5432), and `--conversations` senders each send their next message as soon
as the last was answered, through the HTTP API, for `--seconds` after a 2 s warm-up. Three layouts, one
after the other: 1 process with the in-process lock (no Redis), 1 process with Redis (turn lock and rate
limits), `GATEWAY_WORKERS=2` with Redis. Per layout: messages a second, latency p50/p95, the gateway's CPU
(all its processes, psutil) and the load generator's CPU per message, and the load average, because on a
2-core machine the load generator and the Rasa double share the cores with the gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.dashboard import drop_pg

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/0"
TOKEN = "bench-token"  # noqa: S105 - a loopback double's token
KEY = "bench-integration-key-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def fake_rasa(port: int) -> None:
    """Rasa's REST channel answering at once; `/status`, `/health` and an empty tracker."""
    from aiohttp import web

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response([{"recipient_id": body["sender"], "text": "ok"}])

    async def status(request: web.Request) -> web.Response:
        return web.json_response({"model_id": "bench", "model_file": "bench.tar.gz"})

    async def tracker(request: web.Request) -> web.Response:
        return web.json_response({"sender_id": request.match_info["sender"], "events": []})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/status", status)
    app.router.add_get("/health", status)
    app.router.add_get("/", status)
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def create_pg() -> tuple[str, str] | None:
    if not reachable(5432):
        return None
    import psycopg

    name = f"pivot_gwbench_{secrets.token_hex(4)}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"




async def load(port: int, conversations: int, seconds: float, tag: str) -> tuple[list[float], float]:
    import aiohttp

    url = f"http://127.0.0.1:{port}/api/v1/messages"
    latencies: list[float] = []
    stop_at = 0.0
    measuring = False

    async def sender(http: aiohttp.ClientSession, i: int) -> None:
        sid = f"api:{tag}-{i}"
        n = 0
        while time.monotonic() < stop_at:
            start = time.monotonic()
            async with http.post(url, json={"sender_id": sid, "text": f"hello {n}"}) as resp:
                await resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"HTTP {resp.status}")
            if measuring:
                latencies.append(time.monotonic() - start)
            n += 1

    connector = aiohttp.TCPConnector(limit=conversations)
    async with aiohttp.ClientSession(connector=connector, headers={"X-API-Key": KEY}) as http:
        stop_at = time.monotonic() + 2.0 + seconds
        tasks = [asyncio.create_task(sender(http, i)) for i in range(conversations)]
        await asyncio.sleep(2.0)  # warm-up: connections open, pools filled
        measuring = True
        cpu0 = time.process_time()
        t0 = time.monotonic()
        await asyncio.gather(*tasks)
        return latencies, (time.monotonic() - t0, time.process_time() - cpu0)  # type: ignore[return-value]


def tree_cpu(proc: Any) -> float:
    import psutil

    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def run_layout(name: str, env: dict[str, str], workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    import psutil

    port = free_port()
    log = open(workdir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bot", "serve"],
        cwd=ROOT,
        env={**env, "PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not reachable(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name}: gateway did not start: {(workdir / f'{name}.log').read_text()}")
            time.sleep(0.2)
        time.sleep(1.0)  # every worker of the layout listening
        ps = psutil.Process(proc.pid)
        load_before = os.getloadavg()[0]
        cpu0 = tree_cpu(ps)
        latencies, (wall, client_cpu) = asyncio.run(
            load(port, args.conversations, args.seconds, secrets.token_hex(4))
        )
        cpu = tree_cpu(ps) - cpu0  # includes the 2 s warm-up, divided by all messages below
        n = len(latencies)
        q = statistics.quantiles(latencies, n=100)
        return {
            "layout": name,
            "messages": n,
            "msgs_per_s": round(n / wall, 1),
            "p50_ms": round(q[49] * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1),
            "gateway_cpu_s_per_s": round(cpu / (wall + 2.0), 2),
            "load_generator_cpu_ms_per_msg": round(client_cpu / n * 1000, 2),
            "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway_workers")
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--conversations", type=int, default=32)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--order", default="1,2,3", help="which layouts, in which order (1,2,3 as above)")
    parser.add_argument("--fake-rasa", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fake_rasa:
        fake_rasa(args.fake_rasa)
        return 0
    if not reachable(6379):
        sys.exit("Redis is not running on 127.0.0.1:6379")
    rasa_port = free_port()
    rasa = subprocess.Popen(
        [sys.executable, "-m", "bench.gateway_workers", "--fake-rasa", str(rasa_port)], cwd=ROOT
    )  # noqa: S603
    pg = create_pg()
    results: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            app_url = pg[1] if pg else f"sqlite:///{workdir}/app.db"
            from bot.db import migrate

            migrate(app_url)
            base = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "PYTHONPATH": str(ROOT),
                "HOST": "127.0.0.1",
                "APP_DATABASE_URL": app_url,
                "KB_DATABASE_URL": f"sqlite:///{workdir}/kb.db",
                "TRACKER_DATABASE_URL": f"sqlite:///{workdir}/tracker.db",
                "RASA_URLS": f"http://127.0.0.1:{rasa_port}",
                "RASA_TOKEN": TOKEN,
                "ACTIONS_URL": f"http://127.0.0.1:{rasa_port}",
                "API_KEYS": KEY,
                "RATE_LIMIT_PER_MINUTE": "1000000",
                "RATE_LIMIT_PER_ADDRESS_PER_MINUTE": "0",
                "RATE_LIMIT_GLOBAL_PER_MINUTE": "0",
                "MIGRATE_ON_START": "0",
                "LOG_LEVEL": "WARNING",
                "SESSION_SECRET": secrets.token_urlsafe(32),
            }
            while not reachable(rasa_port):
                time.sleep(0.1)
            prefix = f"bench:gw:{secrets.token_hex(4)}:"
            layouts = [
                ("1 process, in-process lock", base),
                ("1 process, Redis", {**base, "REDIS_URL": REDIS_URL, "REDIS_PREFIX": prefix}),
                (
                    "2 processes, Redis",
                    {**base, "REDIS_URL": REDIS_URL, "REDIS_PREFIX": prefix, "GATEWAY_WORKERS": "2"},
                ),
            ]
            for name, env in [layouts[int(i) - 1] for i in args.order.split(",")]:
                if not args.json:
                    print(f"{name} ...", flush=True)
                results.append(run_layout(name, env, workdir, args))
    finally:
        rasa.terminate()
        rasa.wait(timeout=10)
        if pg:
            drop_pg(pg[0])
    out = {
        "date": time.strftime("%Y-%m-%d"),
        "app_db": "postgresql" if pg else "sqlite",
        "conversations": args.conversations,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "layouts": results,
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
