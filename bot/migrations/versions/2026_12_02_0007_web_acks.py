"""Widget delivery (issue 12): a bot or counselor message counts as delivered to the widget only once the
browser acknowledged it (`bot.web_delivery`).

Revision ID: 0007_web_acks
Revises: 0006_structured_answers
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_web_acks"
down_revision = "0006_structured_answers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_acks",
        sa.Column(
            "message_id",
            sa.Integer(),
            sa.ForeignKey("messages.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column(
            "sender_id",
            sa.String(160),
            sa.ForeignKey("conversations.sender_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_web_acks_sender_id", "web_acks", ["sender_id"])


def downgrade() -> None:
    op.drop_table("web_acks")
