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

    print(f"Pivot gateway on http://localhost:{settings.port}/", flush=True)
    if not settings.api_keys:
        print(
            "Integration API off: api: sender ids get 403 until API_KEYS is set (the widget needs no key)",
            flush=True,
        )
    web.run_app(init_app(settings), host=settings.host, port=settings.port, print=None, shutdown_timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
