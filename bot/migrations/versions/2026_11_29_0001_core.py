"""Core gateway tables: conversations, messages, telegram_updates, telegram_callbacks (Contract 5).

Revision ID: 0001_core
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("sender_id", sa.String(160), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("site", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handoff_requested", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("handoff_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("held_by", sa.String(120), nullable=True),
        sa.Column("reviewed", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("summary_json", sa.Text(), nullable=True),
        sa.Column("summary_updated_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_conversations_last_message_at", "conversations", ["last_message_at"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "sender_id",
            sa.String(160),
            sa.ForeignKey("conversations.sender_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("direction", sa.String(12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("buttons_json", sa.Text(), nullable=True),
        sa.Column("client_id", sa.String(80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_messages_sender_created", "messages", ["sender_id", "id"])
    where = sa.text("direction = 'in' AND client_id IS NOT NULL")
    op.create_index(
        "uq_messages_inbound_client_id",
        "messages",
        ["sender_id", "client_id"],
        unique=True,
        sqlite_where=where,
        postgresql_where=where,
    )
    op.create_table(
        "telegram_updates",
        sa.Column("update_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_telegram_updates_received_at", "telegram_updates", ["received_at"])
    op.create_table(
        "telegram_callbacks",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("telegram_callbacks")
    op.drop_index("ix_telegram_updates_received_at", table_name="telegram_updates")
    op.drop_table("telegram_updates")
    op.drop_index("uq_messages_inbound_client_id", table_name="messages")
    op.drop_index("ix_messages_sender_created", table_name="messages")
    op.drop_table("messages")
    op.drop_index("ix_conversations_last_message_at", table_name="conversations")
    op.drop_table("conversations")
