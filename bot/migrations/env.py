"""Alembic environment for the app DB: the URL comes from `config.attributes["url"]` (set by
`bot.db.migrate`) or, for the bare `alembic` CLI, from `-x url=...`."""

from __future__ import annotations

import contextlib

from alembic import context
from sqlalchemy import create_engine, pool

from bot.db import Base, sync_url

with contextlib.suppress(ImportError):  # the counselor tables join the same metadata when present
    import bot.counselor.models  # noqa: F401
import bot.counselor.receipts  # noqa: E402,F401  -- hand-off tables (0005_handoff)
import bot.handback  # noqa: E402,F401  -- releases waiting for Rasa (0008_handbacks)
import bot.notify.models  # noqa: E402,F401
import bot.web_delivery  # noqa: E402,F401  -- widget acknowledgements (0007_web_acks)

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("no database URL: use `python -m bot migrate` or `alembic -x url=...`")
    return sync_url(url)


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
