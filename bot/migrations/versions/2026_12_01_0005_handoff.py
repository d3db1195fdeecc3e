"""Hand-off reach (issue 15): notification outbox, contact details left for a reply, reply receipts.

Revision ID: 0005_handoff
Revises: 0004_telegram_outbox
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_handoff"
down_revision = "0004_telegram_outbox"
branch_labels = None
depends_on = None


def _sender() -> sa.Column:
    return sa.Column(
        "sender_id",
        sa.String(160),
        sa.ForeignKey("conversations.sender_id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _sender(),
        sa.Column("site", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("destination", sa.String(1000), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_notification_outbox_sender_id", "notification_outbox", ["sender_id"])
    op.create_index("ix_notification_outbox_due", "notification_outbox", ["status", "next_attempt_at"])
    op.create_table(
        "contact_details",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _sender(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.String(254), nullable=False),
        sa.Column("consent", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_contact_details_sender_id", "contact_details", ["sender_id"])
    op.create_table(
        "reply_receipts",
        sa.Column(
            "message_id",
            sa.Integer(),
            sa.ForeignKey("messages.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        _sender(),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("via", sa.String(16), nullable=False),
    )
    op.create_index("ix_reply_receipts_sender_id", "reply_receipts", ["sender_id"])


def downgrade() -> None:
    op.drop_table("reply_receipts")
    op.drop_table("contact_details")
    op.drop_table("notification_outbox")
