"""Telegram outbox: Telegram's id of each sent message, the newest message id known in the chat when a row
was queued, and whether an earlier attempt may have reached Telegram (`in_doubt`). Together they let the
outbox find a message Telegram took but never confirmed (a late timeout, a crash after sending) before
sending it again (issue 12, `bot/telegram/outbox.py`).

Revision ID: 0009_outbox_message_ids
Revises: 0008_handbacks
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_outbox_message_ids"
down_revision = "0008_handbacks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("telegram_outbox") as batch:
        batch.add_column(sa.Column("message_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("after_message_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("in_doubt", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("telegram_outbox") as batch:
        batch.drop_column("in_doubt")
        batch.drop_column("after_message_id")
        batch.drop_column("message_id")
