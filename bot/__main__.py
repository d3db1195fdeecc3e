"""`python -m bot serve | migrate | counselor …` — the only place that reads the environment."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        return Settings.from_env(os.environ)
    except SettingsError as exc:
        sys.exit(f"configuration error: {exc}")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["counselor"]:  # everything after `counselor` belongs to the dashboard's CLI
        from bot.counselor.cli import main as counselor_main

        return int(counselor_main(argv[1:], _settings()) or 0)
    parser = argparse.ArgumentParser(prog="python -m bot", description="Pivot gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the gateway (migrates the app DB first)")
    sub.add_parser("migrate", help="alembic upgrade head on APP_DATABASE_URL")
    sub.add_parser("counselor", help="counselor accounts and data (python -m bot counselor --help)")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # httpx logs every request URL at INFO, and Bot API URLs carry the bot token (also redacted).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = _settings()
    if args.command == "migrate":
        from bot.db import migrate

        migrate(settings.app_database_url)
        print(f"app DB migrated: {settings.app_database_url}")
        return 0
    from aiohttp import web

    from bot.app import init_app

    worker = os.environ.get("PIVOT_GATEWAY_SUPERVISED") == "1"  # started by the supervisor below
    if settings.gateway_workers > 1 and not worker:
        return _supervise(settings)
    if not worker:
        print(f"Pivot gateway on http://localhost:{settings.port}/", flush=True)
    if not settings.api_keys and settings.leader:
        print(
            "Integration API off: api: sender ids get 403 until API_KEYS is set (the widget needs no key)",
            flush=True,
        )
    web.run_app(
        init_app(settings),
        host=settings.host,
        port=settings.port,
        print=None,
        shutdown_timeout=10,
        reuse_port=settings.gateway_workers > 1 or None,  # every worker binds the port; the kernel spreads
    )
    return 0


def _supervise(settings: Settings) -> int:
    """`GATEWAY_WORKERS=N`: migrate the app DB once, start N gateway processes on the same port
    (SO_REUSEPORT: the kernel spreads new connections over them), pass SIGINT/SIGTERM on, and stop them
    all when one of them exits (its exit code is this one's), as honcho does for the whole stack. Worker
    numbers start at this host's GATEWAY_WORKER_INDEX (0), and only number 0 polls Telegram."""
    import asyncio
    import signal
    import subprocess
    import time

    if settings.migrate_on_start:
        from bot.app import migrate_when_reachable

        asyncio.run(migrate_when_reachable(settings.app_database_url))
    print(
        f"Pivot gateway on http://localhost:{settings.port}/ ({settings.gateway_workers} processes)",
        flush=True,
    )
    children = []
    for index in range(settings.gateway_workers):
        env = {
            **os.environ,
            "PIVOT_GATEWAY_SUPERVISED": "1",
            "GATEWAY_WORKER_INDEX": str(settings.gateway_worker_index + index),  # another host: from its own
            "MIGRATE_ON_START": "0",
        }
        children.append(subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env))  # noqa: S603
    stopping = []

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while any(child.poll() is None for child in children):
        for index, child in enumerate(children):
            if child.poll() is not None and not stopping:
                code = child.returncode
                print(f"gateway worker {index} exited ({code}); stopping the others", flush=True)
                stop(signal.SIGTERM, None)
        time.sleep(0.2)
    return code if not stopping else 0


if __name__ == "__main__":
    sys.exit(main())
