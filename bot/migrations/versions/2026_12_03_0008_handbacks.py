"""Hand-back (issue 15): a counselor's release waits in `handbacks` until Rasa took the reset of the hand-off
slot, so the person is told "You're back with Pivot" only once it is true (`bot.handback`).

Revision ID: 0008_handbacks
Revises: 0007_web_acks
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_handbacks"
down_revision = "0007_web_acks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handbacks",
        sa.Column(
            "sender_id",
            sa.String(160),
            sa.ForeignKey("conversations.sender_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
    )
    op.create_index("ix_handbacks_next_attempt_at", "handbacks", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("handbacks")
