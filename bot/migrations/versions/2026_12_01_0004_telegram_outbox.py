"""telegram_outbox: replies kept until Telegram confirmed them, retried across restarts.

Revision ID: 0004_telegram_outbox
Revises: 0003_telegram_recovery
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_telegram_outbox"
down_revision = "0003_telegram_recovery"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "telegram_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("dedup_key", sa.String(64), nullable=True, unique=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("markup_json", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index("ix_telegram_outbox_chat_id", "telegram_outbox", ["chat_id"])
    op.create_index(
        "ix_telegram_outbox_pending", "telegram_outbox", ["sent_at", "failed_at", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_telegram_outbox_pending", table_name="telegram_outbox")
    op.drop_index("ix_telegram_outbox_chat_id", table_name="telegram_outbox")
    op.drop_table("telegram_outbox")
