"""Telegram outbox: `silent` rows go out with `disable_notification`, so an answer drawn as several short
messages (a list of credentials: its intro, one message per credential, the closing lines) makes the person's
phone sound once, for its first message (issue 13, `bot/telegram/outbox.py`).

Revision ID: 0010_outbox_silent
Revises: 0009_outbox_message_ids
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_outbox_silent"
down_revision = "0009_outbox_message_ids"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("telegram_outbox") as batch:
        batch.add_column(sa.Column("silent", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("telegram_outbox") as batch:
        batch.drop_column("silent")
